#!/usr/bin/env bash
# The original's workload generator and grader against the deployment: uploads the videos (signed in with Entra ID),
# waits for each one's result of that upload (its sourceetag), grades them and prints accuracy, latency p50/p95/max,
# wall time and throughput. The deployment's names come from stage 1's outputs.
#   scripts/deploy/workload.sh [classroom workload options]
# e.g. scripts/deploy/workload.sh --manifest ../shared/cse546/workload-100.csv --mapping ../shared/cse546/mapping
# Runs ./classroom workload --target azure (docs/operations.md, "Workload"); exit 1 if a video is wrong or missing.
# shellcheck source=scripts/deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_login
load_outputs
export_cli_settings

say "workload against $AZURE_STORAGE_BLOB_ENDPOINT ($CLASSROOM_INPUT_CONTAINER → $CLASSROOM_OUTPUT_CONTAINER)"
"$root/classroom" workload --target azure "$@"
