# shellcheck shell=bash
# Sourced by scripts/deploy/*.sh: settings, prerequisites and the stage-1 outputs.
# Every value can be set in the environment first; azd sets most of them itself in its hooks.
set -euo pipefail

# shellcheck disable=SC2034 # used by the scripts that source this file
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CLASSROOM_RESOURCE_GROUP="${CLASSROOM_RESOURCE_GROUP:-${AZURE_RESOURCE_GROUP:-rg-classroom}}"
export AZURE_LOCATION="${AZURE_LOCATION:-eastus2}"
export CLASSROOM_DEPLOYMENT="${CLASSROOM_DEPLOYMENT:-classroom-main}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

require() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (see docs/deployment.md, 'Prerequisites')"
  done
}

# Signed in to Azure CLI? (Everything here authenticates with Entra ID; no key, SAS or password is used.)
require_login() {
  require az
  az account show --query id -o tsv >/dev/null 2>&1 || die "not signed in: run 'az login' (and 'az account set -s <subscription>')"
}

# Loads stage 1's outputs (bicep/main.bicep) into the environment unless azd already did.
load_outputs() {
  if [ -n "${AZURE_FUNCTION_APP_NAME:-}" ] && [ -n "${AZURE_STORAGE_ACCOUNT_NAME:-}" ] && [ -n "${AZURE_EVENTGRID_SYSTEM_TOPIC:-}" ]; then
    return
  fi
  local names=(AZURE_FUNCTION_APP_NAME AZURE_FUNCTION_APP_HOST AZURE_STORAGE_ACCOUNT_NAME AZURE_STORAGE_BLOB_ENDPOINT
    AZURE_COSMOS_ENDPOINT AZURE_COSMOS_DATABASE AZURE_COSMOS_CONTAINER AZURE_EVENTGRID_SYSTEM_TOPIC AZURE_CLIENT_ID
    CLASSROOM_INPUT_CONTAINER CLASSROOM_OUTPUT_CONTAINER CLASSROOM_ROSTER_CONTAINER CLASSROOM_ROSTER_BLOB CLASSROOM_DEADLETTER_CONTAINER)
  local query name value i=0
  query="[$(printf 'properties.outputs.%s.value,' "${names[@]}" | sed 's/,$//')]"
  local values
  values="$(az deployment group show -g "$CLASSROOM_RESOURCE_GROUP" -n "$CLASSROOM_DEPLOYMENT" --query "$query" -o tsv 2>/dev/null)" \
    || die "no deployment '$CLASSROOM_DEPLOYMENT' in resource group '$CLASSROOM_RESOURCE_GROUP': run scripts/deploy/infra.sh first"
  while IFS= read -r value; do
    name="${names[$i]}"
    export "$name=$value"
    i=$((i + 1))
  done <<<"$values"
  [ -n "${AZURE_FUNCTION_APP_NAME:-}" ] || die "deployment '$CLASSROOM_DEPLOYMENT' has no outputs (did it fail?)"
}

# The settings the ./classroom CLI reads when it talks to Azure: the same names as the app (docs/settings.md),
# signed in as you (DefaultAzureCredential finds the Azure CLI login), never with a key.
export_cli_settings() {
  export ClassroomStorage__blobServiceUri="$AZURE_STORAGE_BLOB_ENDPOINT"
  export Classroom__InputContainer="$CLASSROOM_INPUT_CONTAINER"
  export Classroom__OutputContainer="$CLASSROOM_OUTPUT_CONTAINER"
  export Classroom__RosterContainer="$CLASSROOM_ROSTER_CONTAINER"
  export Classroom__RosterBlob="$CLASSROOM_ROSTER_BLOB"
  export Classroom__Cosmos__AccountEndpoint="$AZURE_COSMOS_ENDPOINT"
  export Classroom__Cosmos__Database="$AZURE_COSMOS_DATABASE"
  export Classroom__Cosmos__Container="$AZURE_COSMOS_CONTAINER"
  unset ClassroomStorage Classroom__Cosmos__ConnectionString AZURE_CLIENT_ID
}
