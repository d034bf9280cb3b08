// Smart Classroom Assistant — stage 2: the BlobCreated → function webhook subscription.
// Run it AFTER the code is deployed: Event Grid validates the webhook when the subscription is
// created, and the blob extension answers only once the ProcessVideo function is loaded.
// Endpoint: /runtime/webhooks/blobs?functionName=Host.Functions.<Function>&code=<blobs_extension key>
// (https://learn.microsoft.com/azure/azure-functions/functions-event-grid-blob-trigger).
// This is the only place a key is read (listKeys on the app's host); it goes straight into the
// endpoint URL, which Event Grid stores as a secret and never returns, and into no output.
// API versions: Microsoft.Web 2025-03-01, Microsoft.EventGrid 2025-02-15.
targetScope = 'resourceGroup'

@description('Function app name (stage 1 output AZURE_FUNCTION_APP_NAME).')
param functionAppName string

@description('Event Grid system topic on the storage account (stage 1 output AZURE_EVENTGRID_SYSTEM_TOPIC).')
param systemTopicName string

@description('Storage account name (stage 1 output AZURE_STORAGE_ACCOUNT_NAME).')
param storageAccountName string

@description('Container whose new blobs trigger processing.')
param inputContainerName string = 'videos'

@description('Container undeliverable events are written to.')
param deadLetterContainerName string = 'deadletter'

@description('Name of the Event Grid–sourced blob-triggered function.')
param functionName string = 'ProcessVideo'

@description('Event subscription name.')
param subscriptionName string = 'videos-to-${toLower(functionName)}'

@description('Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('Minutes Event Grid keeps retrying an event before dead-lettering it.')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

resource app 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

// Microsoft.Web/sites/host has no Bicep type definitions (a typed `existing` reference raises
// BCP081), so the key is read with the untyped listKeys() function on the host's resource id.
var blobsExtensionKey = listKeys('${app.id}/host/default', '2025-03-01').systemKeys.blobs_extension

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource blobCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: subscriptionName
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/${inputContainerName}/blobs/'
      // Only a finished blob: PutBlob, PutBlockList (the commit of a block upload, e.g. azcopy),
      // CopyBlob, and FlushWithClose for Data Lake writers; not the intermediate calls.
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.api'
          values: ['PutBlob', 'PutBlockList', 'CopyBlob', 'FlushWithClose']
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output subscriptionName string = blobCreated.name
