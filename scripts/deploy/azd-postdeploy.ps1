# azd postdeploy hook (PowerShell, for Windows): the same steps as azd-postdeploy.sh without bash.
# azd has exported stage 1's outputs (AZURE_FUNCTION_APP_NAME, ...) and AZURE_RESOURCE_GROUP.
# 1. The Event Grid stage: bicep/eventgrid.bicep, retried while the app's webhook warms up.
# 2. Optional seeding when CLASSROOM_STUDENTS_FILE and CLASSROOM_FACES_FILE are set (azd env set ...).
$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')

foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_EVENTGRID_SYSTEM_TOPIC', 'AZURE_STORAGE_ACCOUNT_NAME',
                  'CLASSROOM_INPUT_CONTAINER', 'CLASSROOM_DEADLETTER_CONTAINER') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set: run this through 'azd up' or 'azd deploy'" }
}

$template = Join-Path $root 'bicep/eventgrid.bicep'
$done = $false
foreach ($attempt in 1..3) {
    az deployment group create -g $env:AZURE_RESOURCE_GROUP -n classroom-eventgrid --template-file $template `
        --parameters functionAppName=$env:AZURE_FUNCTION_APP_NAME systemTopicName=$env:AZURE_EVENTGRID_SYSTEM_TOPIC `
                     storageAccountName=$env:AZURE_STORAGE_ACCOUNT_NAME inputContainerName=$env:CLASSROOM_INPUT_CONTAINER `
                     deadLetterContainerName=$env:CLASSROOM_DEADLETTER_CONTAINER -o none
    if ($LASTEXITCODE -eq 0) { $done = $true; break }
    Write-Host "Event Grid stage attempt $attempt failed (the webhook may still be warming up); retrying in 30 s"
    Start-Sleep -Seconds 30
}
if (-not $done) { throw 'The Event Grid stage failed 3 times (docs/deployment.md, Troubleshooting)' }
Write-Host "New blobs in '$($env:CLASSROOM_INPUT_CONTAINER)' now trigger ProcessVideo."

if ($env:CLASSROOM_STUDENTS_FILE -and $env:CLASSROOM_FACES_FILE) {
    # The CLI reads the same setting names as the app (docs/settings.md) and signs in as you.
    $env:ClassroomStorage__blobServiceUri = $env:AZURE_STORAGE_BLOB_ENDPOINT
    $env:Classroom__RosterContainer = $env:CLASSROOM_ROSTER_CONTAINER
    $env:Classroom__RosterBlob = $env:CLASSROOM_ROSTER_BLOB
    $env:Classroom__Cosmos__AccountEndpoint = $env:AZURE_COSMOS_ENDPOINT
    $env:Classroom__Cosmos__Database = $env:AZURE_COSMOS_DATABASE
    $env:Classroom__Cosmos__Container = $env:AZURE_COSMOS_CONTAINER
    Remove-Item Env:AZURE_CLIENT_ID -ErrorAction SilentlyContinue
    $cli = Join-Path $root 'src/Cli/Cli.csproj'
    dotnet run --project $cli -c Release -- students push $env:CLASSROOM_STUDENTS_FILE
    if ($LASTEXITCODE -ne 0) { throw 'students push failed' }
    dotnet run --project $cli -c Release -- faces push $env:CLASSROOM_FACES_FILE
    if ($LASTEXITCODE -ne 0) { throw 'faces push failed' }
} else {
    Write-Host 'Seed the roster next: set CLASSROOM_STUDENTS_FILE and CLASSROOM_FACES_FILE (azd env set) and run azd hooks run postdeploy, or use scripts/deploy/seed.sh.'
}
