#!/usr/bin/env bash
# The deployment package's fallback tools (tools/ffmpeg/ffmpeg, ffprobe: an ffmpeg process per video where the decoder
# worker cannot run): the minimal LGPL FFmpeg's own programs that native/static-ffmpeg.sh builds beside the worker's
# libraries (PREFIX/bin, PREFIX as native/build.sh finds it: CLASSROOM_STATIC_FFMPEG, else the recipe's cache folder),
# in place of npm's GPL builds that the publish step copied first. Run by src/FunctionApp's publish step.
#   scripts/package-tools.sh PUBLISH_DIR
# Without a finished static build (publish without scripts/setup.sh --static-decoder) npm's builds stay, and
# scripts/package-licenses.sh ships their GPL text.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pub=${1:?usage: scripts/package-tools.sh PUBLISH_DIR}
prefix=${CLASSROOM_STATIC_FFMPEG:-}
if [ -z "$prefix" ]; then prefix="$(bash "$root/native/static-ffmpeg.sh" --default-prefix)"; fi
if [ "$prefix" = off ] || [ ! -f "$prefix/.complete" ] || [ ! -x "$prefix/bin/ffmpeg" ] || [ ! -x "$prefix/bin/ffprobe" ]; then
  echo "package-tools: no static FFmpeg programs in $prefix: tools/ffmpeg keeps npm's GPL builds (scripts/setup.sh --static-decoder makes ours)" >&2
  exit 0
fi
mkdir -p "$pub/tools/ffmpeg"
for tool in ffmpeg ffprobe; do
  install -m 755 "$prefix/bin/$tool" "$pub/tools/ffmpeg/$tool"
done
