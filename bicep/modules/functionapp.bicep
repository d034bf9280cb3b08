// Flex Consumption (FC1) plan and the isolated-worker function app.
// Schema: functionAppConfig.deployment/runtime/scaleAndConcurrency as documented for Flex
// Consumption (https://learn.microsoft.com/azure/azure-functions/functions-infrastructure-as-code?pivots=flex-consumption-plan
// and https://learn.microsoft.com/azure/templates/microsoft.web/sites). On Flex Consumption the
// runtime comes from functionAppConfig.runtime, so FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION
// and WEBSITE_RUN_FROM_PACKAGE must NOT be app settings (the platform rejects or ignores them).
// Every connection is identity-based through the user-assigned identity; no key or secret is set.
// API version: Microsoft.Web 2025-03-01.

@description('Flex Consumption plan name.')
param planName string

@description('Function app name (globally unique host name).')
param appName string

@description('Azure region.')
param location string

@description('Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags object

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Blob endpoint of the storage account, e.g. https://<account>.blob.core.windows.net/.')
param blobEndpoint string

@description('Queue endpoint of the storage account.')
param queueEndpoint string

@description('Table endpoint of the same account (the host writes diagnostic events to tables).')
param tableEndpoint string

@description('Container that holds the deployment package.')
param deploymentContainerName string

@description('Instance memory in MB (Flex Consumption sizes).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Upper bound on instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('.NET isolated worker version the app targets.')
param dotnetVersion string

@description('Application Insights connection string (an endpoint, not a credential: local auth is off).')
param appInsightsConnectionString string

@description('Cosmos DB NoSQL endpoint.')
param cosmosEndpoint string

// The Classroom section (docs/settings.md is the contract for every name below).
@description('Container whose new blobs trigger processing.')
param inputContainerName string

@description('Container the CSV results go to.')
param outputContainerName string

@description('Container holding the known-faces blob.')
param rosterContainerName string

@description('Blob name of the known-faces file.')
param rosterBlobName string

@description('Cosmos DB database name.')
param cosmosDatabaseName string

@description('Cosmos DB students container name.')
param cosmosContainerName string

@description('Absolute path of the app content on the instances (the deployed package is mounted there).')
param appContentRoot string

@description('Face detector: Ssd (default) or Tiny.')
@allowed(['Ssd', 'Tiny'])
param facesDetector string

@description('Maximum face distance for a match, as text (e.g. 0.6).')
param matchingTolerance string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'processor' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled' // Event Grid delivers to the webhook over the internet.
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Identity-based connections (https://learn.microsoft.com/azure/azure-functions/functions-reference#configure-an-identity-based-connection):
      // <connection>__blobServiceUri / __queueServiceUri + __credential=managedidentity + __clientId.
      appSettings: [
        { name: 'AzureWebJobsStorage__blobServiceUri', value: blobEndpoint }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: queueEndpoint }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: tableEndpoint }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        // The blob trigger's connection: blob for the videos and results, queue for the poison queue.
        { name: 'ClassroomStorage__blobServiceUri', value: blobEndpoint }
        { name: 'ClassroomStorage__queueServiceUri', value: queueEndpoint }
        { name: 'ClassroomStorage__credential', value: 'managedidentity' }
        { name: 'ClassroomStorage__clientId', value: identityClientId }
        // DefaultAzureCredential in the worker (Cosmos, blob clients) picks the user-assigned identity.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD;ClientId=${identityClientId}' }
        { name: 'Classroom__InputContainer', value: inputContainerName }
        { name: 'Classroom__OutputContainer', value: outputContainerName }
        { name: 'Classroom__RosterContainer', value: rosterContainerName }
        { name: 'Classroom__RosterBlob', value: rosterBlobName }
        { name: 'Classroom__Cosmos__AccountEndpoint', value: cosmosEndpoint }
        { name: 'Classroom__Cosmos__Database', value: cosmosDatabaseName }
        { name: 'Classroom__Cosmos__Container', value: cosmosContainerName }
        // The package carries the face models (.onnx) and a static ffmpeg/ffprobe (issue 4).
        { name: 'Classroom__Faces__ModelDirectory', value: '${appContentRoot}/models' }
        { name: 'Classroom__Faces__Detector', value: facesDetector }
        { name: 'Classroom__Video__FFmpegDirectory', value: '${appContentRoot}/tools/ffmpeg' }
        { name: 'Classroom__Matching__Tolerance', value: matchingTolerance }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
  }
}

// No publishing passwords: deployments authenticate with Entra ID (az CLI, azd, Core Tools).
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = app.name
output id string = app.id
output defaultHostName string = app.properties.defaultHostName
