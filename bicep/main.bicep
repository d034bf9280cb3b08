// Smart Classroom Assistant — stage 1: all infrastructure (docs/deployment.md walks through every step).
//
// Scope: resource group. The deployer then needs rights on one group only (Contributor + Role Based
// Access Control Administrator there), never on the subscription; `az deployment group create` and
// azd's resource-group-scoped deployments both fit (https://learn.microsoft.com/azure/developer/azure-developer-cli/resource-group-scoped-deployments).
//
// Keyless by construction: storage shared key off, Cosmos DB local auth off, Application Insights
// local auth off; the app reaches everything with its user-assigned managed identity and the
// least-privilege roles in modules/roles.bicep. No key, connection secret or SAS appears anywhere.
// Stage 2 (eventgrid.bicep) runs after the code is deployed.
targetScope = 'resourceGroup'

// ---------- naming ----------

@description('Short lowercase name (letters and digits) that starts every resource name.')
@minLength(2)
@maxLength(9)
param prefix string = 'classroom'

@description('Environment name, used in tags (azd passes AZURE_ENV_NAME).')
param environmentName string = 'dev'

@description('Azure region for every resource (Flex Consumption must be offered there: az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Suffix that makes global names unique; stable for a given subscription, group and prefix.')
@minLength(5)
@maxLength(13)
param resourceToken string = toLower(uniqueString(subscription().id, resourceGroup().id, prefix))

@description('Extra tags merged into the default tags of every resource.')
param tags object = {}

@description('Storage account name (3-24 lowercase letters and digits).')
@maxLength(24)
param storageAccountName string = take('st${prefix}${resourceToken}', 24)

@description('Cosmos DB account name.')
param cosmosAccountName string = 'cosmos-${prefix}-${resourceToken}'

@description('Log Analytics workspace name.')
param logAnalyticsName string = 'log-${prefix}-${resourceToken}'

@description('Application Insights name.')
param appInsightsName string = 'appi-${prefix}-${resourceToken}'

@description('User-assigned managed identity name.')
param identityName string = 'id-${prefix}-${resourceToken}'

@description('Flex Consumption plan name.')
param planName string = 'plan-${prefix}-${resourceToken}'

@description('Function app name (becomes <name>.azurewebsites.net or a regional unique host name).')
param functionAppName string = 'func-${prefix}-${resourceToken}'

@description('Event Grid system topic name.')
param systemTopicName string = 'evgt-${prefix}-${resourceToken}'

// ---------- data ----------

@description('Container whose new blobs trigger processing.')
param inputContainerName string = 'videos'

@description('Container the CSV results go to.')
param outputContainerName string = 'results'

@description('Container holding the known-faces blob.')
param rosterContainerName string = 'roster'

@description('Blob name of the known-faces file in the roster container.')
param rosterBlobName string = 'known-faces.json'

@description('Container Event Grid writes undeliverable events to.')
param deadLetterContainerName string = 'deadletter'

@description('Container holding the Flex Consumption deployment package.')
param deploymentContainerName string = 'app-package'

@description('Cosmos DB database name.')
param cosmosDatabaseName string = 'classroom'

@description('Cosmos DB students container name (partition key /id).')
param cosmosContainerName string = 'students'

@description('Storage replication.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSku string = 'Standard_LRS'

@description('Delete uploaded videos this many days after upload (0 keeps them).')
@minValue(0)
param deleteProcessedVideosAfterDays int = 0

@description('Days deleted or overwritten blobs stay recoverable (soft delete).')
@minValue(1)
@maxValue(365)
param softDeleteDays int = 7

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

// ---------- compute ----------

@description('Memory per instance in MB. Face models plus ffmpeg want 2048.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Upper bound on instances (caps cost and Cosmos/storage load).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('.NET isolated worker version the app targets (src/FunctionApp).')
param dotnetVersion string = '10.0'

@description('Where the deployed package is mounted on the instances.')
param appContentRoot string = '/home/site/wwwroot'

@description('Face detector: Ssd (default) or Tiny.')
@allowed(['Ssd', 'Tiny'])
param facesDetector string = 'Ssd'

@description('Maximum face distance for a match.')
param matchingTolerance string = '0.6'

// ---------- access ----------

@description('Object id of the user or pipeline that operates the system (uploads, seeding); empty for none. azd passes AZURE_PRINCIPAL_ID.')
param deployerPrincipalId string = ''

@description('Type of deployerPrincipalId.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param deployerPrincipalType string = 'User'

// ---------- operations ----------

@description('E-mail address the alerts (failed videos, poison queue, dead letters) go to; empty: portal only.')
param alertEmail string = ''

@description('Share of videos with an error result over 15 minutes that raises an alert (at least 5 videos).')
param alertErrorRate string = '0.2'

var allTags = union(
  {
    application: 'smart-classroom'
    environment: environmentName
    'azd-env-name': environmentName
  },
  tags
)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: identityName
    location: location
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: allTags
    skuName: storageSku
    inputContainerName: inputContainerName
    outputContainerName: outputContainerName
    rosterContainerName: rosterContainerName
    deadLetterContainerName: deadLetterContainerName
    deploymentContainerName: deploymentContainerName
    deleteProcessedVideosAfterDays: deleteProcessedVideosAfterDays
    softDeleteDays: softDeleteDays
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    name: cosmosAccountName
    location: location
    tags: allTags
    databaseName: cosmosDatabaseName
    containerName: cosmosContainerName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: logAnalyticsName
    appInsightsName: appInsightsName
    location: location
    tags: allTags
    retentionInDays: logRetentionDays
  }
}

// Names (not module outputs) go in, with explicit dependsOn, so What-If can predict every role
// assignment (linter rule what-if-short-circuiting).
module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    storageAccountName: storageAccountName
    cosmosAccountName: cosmosAccountName
    cosmosDatabaseName: cosmosDatabaseName
    appInsightsName: appInsightsName
    identityName: identityName
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
  }
  dependsOn: [identity, storage, cosmos, monitoring]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    planName: planName
    appName: functionAppName
    location: location
    tags: allTags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    dotnetVersion: dotnetVersion
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    inputContainerName: inputContainerName
    outputContainerName: outputContainerName
    rosterContainerName: rosterContainerName
    rosterBlobName: rosterBlobName
    cosmosDatabaseName: cosmosDatabaseName
    cosmosContainerName: cosmosContainerName
    appContentRoot: appContentRoot
    facesDetector: facesDetector
    matchingTolerance: matchingTolerance
  }
  // The first instance must find its storage and Cosmos roles in place.
  dependsOn: [roles]
}

module eventGridTopic 'modules/eventgrid-topic.bicep' = {
  name: 'eventgrid-topic'
  params: {
    name: systemTopicName
    location: location
    tags: allTags
    storageAccountName: storageAccountName
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [storage]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: allTags
    appInsightsName: appInsightsName
    storageAccountName: storageAccountName
    systemTopicName: systemTopicName
    alertEmail: alertEmail
    errorRateThreshold: alertErrorRate
  }
  dependsOn: [monitoring, storage, eventGridTopic]
}

// Outputs feed scripts/deploy/*.sh and azd (which turns them into environment variables).
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_HOST string = functionApp.outputs.defaultHostName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_DATABASE string = cosmos.outputs.databaseName
output AZURE_COSMOS_CONTAINER string = cosmos.outputs.containerName
output AZURE_EVENTGRID_SYSTEM_TOPIC string = eventGridTopic.outputs.name
output AZURE_CLIENT_ID string = identity.outputs.clientId
output CLASSROOM_INPUT_CONTAINER string = inputContainerName
output CLASSROOM_OUTPUT_CONTAINER string = outputContainerName
output CLASSROOM_ROSTER_CONTAINER string = rosterContainerName
output CLASSROOM_ROSTER_BLOB string = rosterBlobName
output CLASSROOM_DEADLETTER_CONTAINER string = deadLetterContainerName
