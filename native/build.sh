#!/usr/bin/env bash
# Builds libclassroomvideo.so (native/classroom_video.c) into $1 against the system's ffmpeg libraries
# (Debian: libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev pkg-config gcc; scripts/setup.sh installs them).
# Without them it says so and exits 0: the app then runs an ffmpeg process per video instead (Classroom:Video:Decoder).
set -euo pipefail
out=${1:?usage: native/build.sh OUTPUT_DIR}
src="$(cd "$(dirname "$0")" && pwd)/classroom_video.c"
lib="$out/libclassroomvideo.so"
mkdir -p "$out"
modules="libavformat libavcodec libavfilter libavutil"
if ! command -v gcc >/dev/null || ! command -v pkg-config >/dev/null || ! pkg-config --exists $modules; then
  echo "native/build.sh: gcc or the ffmpeg development files are missing; in-process decoding is off (ffmpeg processes are used)."
  rm -f "$lib"
  exit 0
fi
if [ -f "$lib" ] && [ "$lib" -nt "$src" ] && [ "$lib" -nt "$0" ]; then exit 0; fi
tmp="$lib.$$.tmp"
# shellcheck disable=SC2046 # pkg-config prints several flags
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden -o "$tmp" "$src" $(pkg-config --cflags --libs $modules) -lm -lpthread
mv -f "$tmp" "$lib"
echo "native/build.sh: built $lib"
