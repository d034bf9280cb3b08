#!/usr/bin/env bash
# Idempotent set-up for a fresh clone: ffmpeg and its development files (Debian; the build compiles the decoder
# worker, native/classroom_video*.c, against them), the npm parts (face model weights, Azurite,
# the Cosmos DB server, the parity harness's TF.js, packaged ffmpeg). Quiet and fast when all is there.
# --static-decoder: also the minimal static FFmpeg that the deployment package's classroom-video-worker is linked
# against (native/static-ffmpeg.sh, built once per recipe into .artifacts/ffmpeg-static/, ~3 min on 2 cores; its build
# tools from Debian). ./test.sh and scripts/deploy/publish.sh ask for it; ./classroom does not (dynamic worker).
# --test-tools: what only the tests use: Debian's chromium (headless, renders the HTML report; ./test.sh asks for it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
static_decoder=
test_tools=
for arg in "$@"; do
  case "$arg" in
    --static-decoder) static_decoder=yes ;;
    --test-tools) test_tools=yes ;;
    *) echo "usage: scripts/setup.sh [--static-decoder] [--test-tools]" >&2; exit 2 ;;
  esac
done

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
    echo "setup: for the decoder worker (faster than ffmpeg per video), install: sudo apt-get install $debs" >&2
  else
    echo "setup: ffmpeg/ffprobe not found; install them (e.g. sudo apt-get install $debs)" >&2
    exit 1
  fi
fi

stamp=node_modules/.classroom-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  if [ -L node_modules ]; then
    # npm ci empties node_modules first: through a link, another checkout's packages (installed for its own lock).
    echo "setup: node_modules links to $(readlink node_modules), installed for another package-lock.json; npm ci would empty it. Remove the link (rm node_modules) and run again." >&2
    exit 1
  fi
  echo "setup: installing npm packages (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  # npm 11 does not run install scripts by default; the packaged ffmpeg's only script is a chmod.
  chmod u+x node_modules/@ffmpeg-installer/linux-x64/ffmpeg node_modules/@ffprobe-installer/linux-x64/ffprobe \
    node_modules/@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64
  echo "$want" > "$stamp"
fi

if [ -n "$static_decoder" ]; then
  prefix="$(native/static-ffmpeg.sh --default-prefix)"
  if [ ! -f "$prefix/.complete" ]; then
    # What native/static-ffmpeg.sh needs (its header); dpkg-dev for apt-get source, the keyring to verify the sources.
    tools="gcc make patch xz-utils nasm meson ninja-build dpkg-dev debian-archive-keyring zlib1g-dev libbz2-dev libssl-dev"
    missing=
    for t in $tools; do
      [ "$(dpkg-query -W -f '${db:Status-Status}' "$t" 2>/dev/null)" = installed ] || missing="$missing $t"
    done
    missing=${missing# }
    if [ -n "$missing" ]; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing the static decoder's build tools ($missing) (apt-get)..." >&2
        apt-get update -qq >/dev/null
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
      else
        echo "setup: the static decoder needs: sudo apt-get install $missing" >&2
        exit 1
      fi
    fi
    echo "setup: building the static FFmpeg for classroom-video-worker into ${prefix#"$root"/} (once, ~3 min)..." >&2
    mkdir -p "$(dirname "$prefix")"
    # One build at a time; recipes of other versions are removed.
    (
      flock 9
      native/static-ffmpeg.sh "$prefix" >&2
      find "$(dirname "$prefix")" -mindepth 1 -maxdepth 1 -type d ! -path "$prefix" -exec rm -rf {} +
    ) 9> "$(dirname "$prefix")/.lock"
  fi
fi

if [ -n "$test_tools" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium for the report's rendering test (apt-get)..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: the report's rendering test needs chromium (sudo apt-get install chromium); it is skipped without" >&2
  fi
fi
