#!/usr/bin/env bash
# Stage 4: upload videos to the input container, signed in with Entra ID (no SAS, no key), wait for
# each video's CSV and download the results to ./out/azure-results/.
#   scripts/deploy/upload.sh VIDEO...
# Uses azcopy when installed (AZCOPY_AUTO_LOGIN_TYPE=AZCLI reuses your az login), else
# `az storage blob upload --auth-mode login`. `./classroom upload VIDEO...` (same settings) works too.
# shellcheck source=scripts/deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || die "usage: scripts/deploy/upload.sh VIDEO..."
require_login
load_outputs

account="$AZURE_STORAGE_ACCOUNT_NAME"
input="$CLASSROOM_INPUT_CONTAINER"
output="$CLASSROOM_OUTPUT_CONTAINER"
for video in "$@"; do
  [ -f "$video" ] || die "no such file: $video"
  say "uploading $video"
  if command -v azcopy >/dev/null 2>&1; then
    AZCOPY_AUTO_LOGIN_TYPE=AZCLI azcopy copy "$video" "${AZURE_STORAGE_BLOB_ENDPOINT}${input}/$(basename "$video")" --overwrite=true --log-level=ERROR >/dev/null
  else
    az storage blob upload --auth-mode login --account-name "$account" -c "$input" -f "$video" -n "$(basename "$video")" --overwrite -o none
  fi
done

dest="$root/out/azure-results"
mkdir -p "$dest"
for video in "$@"; do
  name="$(basename "$video")"
  csv="${name%.*}.csv"
  say "waiting for $output/$csv"
  found=""
  for _ in $(seq 1 60); do # 10 minutes: a cold start loads the models once
    if [ "$(az storage blob exists --auth-mode login --account-name "$account" -c "$output" -n "$csv" --query exists -o tsv)" = true ]; then
      found=1
      break
    fi
    if [ "$(az storage blob exists --auth-mode login --account-name "$account" -c "$output" -n "${name%.*}.error.json" --query exists -o tsv)" = true ]; then
      az storage blob download --auth-mode login --account-name "$account" -c "$output" -n "${name%.*}.error.json" -f "$dest/${name%.*}.error.json" -o none
      die "$name could not be processed: see $dest/${name%.*}.error.json"
    fi
    sleep 10
  done
  [ -n "$found" ] || die "no result for $name after 10 minutes (docs/deployment.md, 'Troubleshooting')"
  az storage blob download --auth-mode login --account-name "$account" -c "$output" -n "$csv" -f "$dest/$csv" -o none
  printf '%s:\n' "$csv"
  cat "$dest/$csv"
done
say "results in $dest"
