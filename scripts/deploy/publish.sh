#!/usr/bin/env bash
# Stage 2a: publish src/FunctionApp and deploy it. Flex Consumption deploys with "one deploy" (its
# managed package deployment): `az functionapp deployment source config-zip` uses it for Flex apps, as
# do `func azure functionapp publish` and `azd deploy`. WEBSITE_RUN_FROM_PACKAGE is not used on Flex.
# The package carries classroom-video-worker linked statically against a minimal FFmpeg (needs nothing beyond
# glibc, so Azure's image runs it: `scripts/setup.sh --static-decoder` builds that FFmpeg once), tools/ffmpeg
# (static ffmpeg/ffprobe, the fallback and the explainer of failures), models/ (the face models, .onnx) and licenses/
# (the texts of all that, scripts/package-licenses.sh); the publish step of src/FunctionApp puts them there.
# shellcheck source=scripts/deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_login
require dotnet zip
load_outputs

out="$root/.artifacts/functionapp"
zipfile="$root/.artifacts/functionapp.zip"
# node_modules (model weights, the packaged ffmpeg) and the static FFmpeg the worker is linked against.
require npm gcc
say "set-up with the static decoder (scripts/setup.sh --static-decoder; the first time ~3 min)"
"$root/scripts/setup.sh" --static-decoder
say "dotnet publish src/FunctionApp -> $out"
rm -rf "$out" "$zipfile"
dotnet publish "$root/src/FunctionApp/FunctionApp.csproj" -c Release -o "$out" --nologo -v quiet

for needed in host.json functions.metadata tools/ffmpeg/ffmpeg tools/ffmpeg/ffprobe models/face_recognition.onnx \
  licenses/README.md licenses/tools-ffmpeg/COPYING.GPLv3 licenses/ffmpeg/COPYING.LGPLv2.1; do
  [ -e "$out/$needed" ] || die "the published app lacks $needed: the package would not run in Azure"
done
[ -x "$out/tools/ffmpeg/ffmpeg" ] || die "tools/ffmpeg/ffmpeg is not executable in the package"
# The worker must need nothing Azure's image lacks: glibc only, no ffmpeg library (else Auto would fall back to an
# ffmpeg process per video, ~3x the compute).
[ -x "$out/classroom-video-worker" ] || die "the published app lacks classroom-video-worker (native/build.sh needs gcc)"
libs="$(ldd "$out/classroom-video-worker" | awk '{ print $1 }' | sed 's|.*/||')"
extra="$(grep -vE '^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|ld-linux-x86-64\.so\.2|libpthread\.so\.0|libdl\.so\.2)$' <<<"$libs" || true)"
[ -z "$extra" ] || die "classroom-video-worker in the package links ${extra//$'\n'/ } (not the static build): scripts/setup.sh --static-decoder, then publish again"

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
