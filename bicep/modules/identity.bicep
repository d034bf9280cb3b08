// The app's one identity: a user-assigned managed identity, so its principal exists before the app
// (role assignments are in place when the first instance starts) and survives app re-creation.
// API version: Microsoft.ManagedIdentity/userAssignedIdentities 2024-11-30 (latest GA in the Bicep
// 0.49 type index; https://learn.microsoft.com/azure/templates/microsoft.managedidentity/userassignedidentities).

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
