#!/usr/bin/env bash
# Idempotent set-up for a fresh clone: ffmpeg and its development files (Debian; the build compiles the in-process
# decoder native/classroom_video.c against them), the npm parts (face model weights, Azurite,
# the Cosmos DB server, the parity harness's TF.js, packaged ffmpeg). Quiet and fast when all is there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

debs="ffmpeg libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev pkg-config gcc libsecret-1-0"
if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1 \
  || ! command -v gcc >/dev/null 2>&1 || ! pkg-config --exists libavformat libavcodec libavfilter libavutil 2>/dev/null \
  || { command -v dpkg >/dev/null 2>&1 && ! dpkg -s libsecret-1-0 >/dev/null 2>&1; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ffmpeg and its development files (apt-get)..." >&2
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086 # a list of packages
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $debs >/dev/null
  elif command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then
    echo "setup: for in-process decoding (faster), install: sudo apt-get install $debs" >&2
  else
    echo "setup: ffmpeg/ffprobe not found; install them (e.g. sudo apt-get install $debs)" >&2
    exit 1
  fi
fi

stamp=node_modules/.classroom-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm packages (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  # npm 11 does not run install scripts by default; the packaged ffmpeg's only script is a chmod.
  chmod u+x node_modules/@ffmpeg-installer/linux-x64/ffmpeg node_modules/@ffprobe-installer/linux-x64/ffprobe \
    node_modules/@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64
  echo "$want" > "$stamp"
fi
