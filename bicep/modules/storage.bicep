// One StorageV2 account for the videos, the results, the roster, the dead-lettered events, the
// Functions host (AzureWebJobsStorage) and the Flex Consumption deployment package.
// Keyless: shared key and anonymous access are off, so every caller needs an Entra ID token and a
// data-plane role (see roles.bicep). Soft delete keeps deleted or overwritten blobs for
// softDeleteDays, so nothing is lost to a mistake.
// API version: Microsoft.Storage 2025-01-01 (https://learn.microsoft.com/azure/templates/microsoft.storage/storageaccounts).

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Replication SKU.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param skuName string

@description('Container that receives classroom videos (its new blobs trigger processing).')
param inputContainerName string

@description('Container the CSV results (and .error.json files) are written to.')
param outputContainerName string

@description('Container holding the known-faces blob.')
param rosterContainerName string

@description('Container Event Grid writes undeliverable events to.')
param deadLetterContainerName string

@description('Container holding the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Delete input videos this many days after upload (0 keeps them forever).')
@minValue(0)
param deleteProcessedVideosAfterDays int

@description('Days deleted or overwritten blobs and deleted containers stay recoverable.')
@minValue(1)
@maxValue(365)
param softDeleteDays int

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Reachable over the internet (Event Grid, the Flex Consumption host, uploads) but only with a token.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

var containerNames = [
  inputContainerName
  outputContainerName
  rosterContainerName
  deadLetterContainerName
  deploymentContainerName
]

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// Optional clean-up of processed videos: a lifecycle rule on the input container only.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = if (deleteProcessedVideosAfterDays > 0) {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-processed-videos'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${inputContainerName}/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: deleteProcessedVideosAfterDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [containers]
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
