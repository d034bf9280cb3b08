// Cosmos DB for NoSQL, serverless (pay per request: a class roster is tiny and bursty), Entra ID only
// (disableLocalAuth: account keys and key-based connection strings are refused). The database and
// the students container are created here because data-plane RBAC cannot create them.
// Partition key /id: the app point-reads a student by id = name (1 RU, never a scan).
// API version: Microsoft.DocumentDB 2025-04-15 (https://learn.microsoft.com/azure/templates/microsoft.documentdb/databaseaccounts).

@description('Cosmos DB account name: 3-44 lowercase letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(44)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Database name.')
param databaseName string

@description('Students container name (partition key /id).')
param containerName string

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-04-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource students 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: {
        paths: ['/id']
        kind: 'Hash'
        version: 2
      }
    }
  }
}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerName string = students.name
