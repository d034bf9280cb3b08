// Log Analytics workspace + workspace-based Application Insights, both with local (key) auth off:
// telemetry is accepted only from Entra ID callers (the app's identity with Monitoring Metrics
// Publisher), see https://learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication.
// API versions: OperationalInsights/workspaces 2025-02-01, Insights/components 2020-02-02 (the
// newest GA version of components; https://learn.microsoft.com/azure/templates/microsoft.insights/components).

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Azure region.')
param location string

@description('Tags applied to both resources.')
param tags object

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
      enableLogAccessUsingOnlyResourcePermissions: true
    }
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

output appInsightsName string = appInsights.name
// The connection string names the ingestion endpoint and the component; with DisableLocalAuth it
// grants nothing on its own (ingestion also needs an Entra token), so it is not a secret.
output appInsightsConnectionString string = appInsights.properties.ConnectionString
output workspaceName string = workspace.name
