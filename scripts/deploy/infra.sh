#!/usr/bin/env bash
# Stage 1: the resource group and everything in bicep/main.bicep (storage, Cosmos DB, monitoring,
# identity, roles, Flex Consumption app, Event Grid system topic). Idempotent: re-run to update.
#   CLASSROOM_RESOURCE_GROUP (default rg-classroom), AZURE_LOCATION (default eastus2; must offer Flex
#   Consumption: az functionapp list-flexconsumption-locations -o table), CLASSROOM_PREFIX (default classroom),
#   CLASSROOM_DELETE_VIDEOS_AFTER_DAYS (default 0 = keep), CLASSROOM_MAX_INSTANCES (default 40).
# shellcheck source=scripts/deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_login

if [ -z "${AZURE_PRINCIPAL_ID:-}" ]; then
  # You get data-plane access too (upload videos, read results, seed students); a pipeline sets
  # AZURE_PRINCIPAL_ID and AZURE_PRINCIPAL_TYPE=ServicePrincipal itself.
  AZURE_PRINCIPAL_ID="$(az ad signed-in-user show --query id -o tsv 2>/dev/null || true)"
  [ -n "$AZURE_PRINCIPAL_ID" ] || say "could not read your object id; no data-plane roles for you (set AZURE_PRINCIPAL_ID)"
fi
export AZURE_PRINCIPAL_ID AZURE_PRINCIPAL_TYPE="${AZURE_PRINCIPAL_TYPE:-User}"
export AZURE_ENV_NAME="${AZURE_ENV_NAME:-dev}"

if [ "$(az group exists -n "$CLASSROOM_RESOURCE_GROUP")" != true ]; then
  say "creating resource group $CLASSROOM_RESOURCE_GROUP in $AZURE_LOCATION"
  az group create -n "$CLASSROOM_RESOURCE_GROUP" -l "$AZURE_LOCATION" --tags application=smart-classroom -o none
fi

say "deploying bicep/main.bicep to $CLASSROOM_RESOURCE_GROUP (a few minutes)"
az deployment group create -g "$CLASSROOM_RESOURCE_GROUP" -n "$CLASSROOM_DEPLOYMENT" \
  --parameters "$root/bicep/main.bicepparam" \
  --query "properties.outputs" -o yaml
