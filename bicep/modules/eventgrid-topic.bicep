// The Event Grid system topic on the storage account (stage 1). The BlobCreated subscription comes in
// stage 2 (../eventgrid.bicep), after the code is deployed, because its webhook needs the app's
// blobs_extension system key and Event Grid validates the endpoint on creation.
// The topic's system-assigned identity writes undeliverable events to the dead-letter container
// (shared key is off, so dead-lettering must be identity-based); its role is scoped to that one container.
// API versions: Microsoft.EventGrid 2025-02-15, Microsoft.Authorization/roleAssignments 2022-04-01.

@description('System topic name.')
param name string

@description('Azure region (must be the storage account\'s).')
param location string

@description('Tags applied to the topic.')
param tags object

@description('Storage account that emits the blob events.')
param storageAccountName string

@description('Container Event Grid dead-letters undeliverable events to.')
param deadLetterContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetter 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deadLetter.id, topic.id, storageBlobDataContributor)
  scope: storage::blobService::deadLetter
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = topic.name
