#!/usr/bin/env bash
# Stage 5: upload videos to the input container, signed in with Entra ID (no SAS, no key), wait for every video's
# result of *this* upload (its sourceetag is the new blob's ETag, so a re-upload never shows the old CSV), all at
# once, and save them under ./out/azure-results/ with the blobs' folders.
#   scripts/deploy/upload.sh VIDEO...            (a relative path keeps its folders: week1/x.mp4 -> results/week1/x.csv)
# Through the same ./classroom upload used locally (docs/function-app.md); exit 1 if a video has no result in
# 10 minutes or could not be processed.
# shellcheck source=scripts/deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || die "usage: scripts/deploy/upload.sh VIDEO..."
require_login
load_outputs
export_cli_settings

for video in "$@"; do
  [ -f "$video" ] || die "no such file: $video"
done
say "uploading $# video(s) to $CLASSROOM_INPUT_CONTAINER and waiting for their results"
"$root/classroom" upload "$@" --wait --out "$root/out/azure-results"
say "results in $root/out/azure-results"
