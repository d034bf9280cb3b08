#!/usr/bin/env bash
# Stage 2a: publish src/FunctionApp and deploy it. Flex Consumption deploys with "one deploy" (its
# managed package deployment): `az functionapp deployment source config-zip` uses it for Flex apps, as
# do `func azure functionapp publish` and `azd deploy`. WEBSITE_RUN_FROM_PACKAGE is not used on Flex.
# The package carries tools/ffmpeg (static ffmpeg/ffprobe) and models/face-api (+ prebuilt ONNX);
# the publish step of src/FunctionApp puts them there.
# shellcheck source=scripts/deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_login
require dotnet zip
load_outputs

out="$root/.artifacts/functionapp"
zipfile="$root/.artifacts/functionapp.zip"
# node_modules holds the model weights and the static ffmpeg the package carries (no local ffmpeg needed).
if [ ! -f "$root/node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json" ] \
   || [ ! -f "$root/node_modules/@ffmpeg-installer/linux-x64/ffmpeg" ]; then
  require npm
  say "npm ci (model weights, packaged ffmpeg)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi
say "dotnet publish src/FunctionApp -> $out"
rm -rf "$out" "$zipfile"
dotnet publish "$root/src/FunctionApp/FunctionApp.csproj" -c Release -o "$out" --nologo -v quiet

for needed in host.json functions.metadata tools/ffmpeg/ffmpeg tools/ffmpeg/ffprobe models/face-api/face_recognition_model-weights_manifest.json; do
  [ -e "$out/$needed" ] || die "the published app lacks $needed: the package would not run in Azure"
done
[ -x "$out/tools/ffmpeg/ffmpeg" ] || die "tools/ffmpeg/ffmpeg is not executable in the package"

say "zipping (Unix permissions kept, so ffmpeg stays executable)"
(cd "$out" && zip -qr -X "$zipfile" .)

say "deploying to $AZURE_FUNCTION_APP_NAME (one deploy)"
az functionapp deployment source config-zip -g "$CLASSROOM_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" --src "$zipfile" -o none

say "waiting for ProcessVideo to be indexed"
for _ in $(seq 1 30); do
  if az functionapp function list -g "$CLASSROOM_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" --query "[].name" -o tsv 2>/dev/null | grep -q "ProcessVideo"; then
    say "ProcessVideo is live"
    exit 0
  fi
  sleep 10
done
die "ProcessVideo did not appear within 5 minutes: check the app's logs (docs/deployment.md, 'Troubleshooting')"
