#!/usr/bin/env bash
# Stage 2b: bicep/eventgrid.bicep — the BlobCreated subscription from the input container to the
# ProcessVideo webhook. Run after publish.sh (Event Grid validates the webhook when it is created,
# and the app's blob extension answers only once the function is loaded). Also azd's postdeploy hook.
# shellcheck source=scripts/deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_login
load_outputs

say "deploying bicep/eventgrid.bicep (subscription ${CLASSROOM_INPUT_CONTAINER} -> ProcessVideo)"
for attempt in 1 2 3; do
  if az deployment group create -g "$CLASSROOM_RESOURCE_GROUP" -n classroom-eventgrid \
      --template-file "$root/bicep/eventgrid.bicep" \
      --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" systemTopicName="$AZURE_EVENTGRID_SYSTEM_TOPIC" \
                   storageAccountName="$AZURE_STORAGE_ACCOUNT_NAME" inputContainerName="$CLASSROOM_INPUT_CONTAINER" \
                   deadLetterContainerName="$CLASSROOM_DEADLETTER_CONTAINER" \
      -o none; then
    say "Event Grid subscription in place: new blobs in '$CLASSROOM_INPUT_CONTAINER' now trigger ProcessVideo"
    exit 0
  fi
  # The usual cause is webhook validation hitting a cold app; it is warm after the first try.
  say "attempt $attempt failed; retrying in 30 s"
  sleep 30
done
die "the Event Grid stage failed 3 times (docs/deployment.md, 'Troubleshooting')"
