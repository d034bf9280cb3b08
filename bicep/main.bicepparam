// Parameters for stage 1. Every value reads an environment variable first, so the same file serves
// `az deployment group create` (scripts/deploy/infra.sh exports them) and `azd up` (which exports
// AZURE_ENV_NAME and AZURE_PRINCIPAL_ID itself). Anything not listed keeps main.bicep's default.
using './main.bicep'

param prefix = readEnvironmentVariable('CLASSROOM_PREFIX', 'classroom')
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'dev')
param deployerPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param deployerPrincipalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')
param deleteProcessedVideosAfterDays = int(readEnvironmentVariable('CLASSROOM_DELETE_VIDEOS_AFTER_DAYS', '0'))
param instanceMemoryMB = 2048 // 512, 2048 or 4096 (an allowed-values parameter takes a literal)
param maximumInstanceCount = int(readEnvironmentVariable('CLASSROOM_MAX_INSTANCES', '40'))
