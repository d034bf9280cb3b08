#!/usr/bin/env bash
# Builds libclassroomvideo.so (native/classroom_video*.c but the worker) and classroom-video-worker (the same decoder
# in a process of its own, native/classroom_video_worker.c) into $1 against the system's ffmpeg libraries
# (Debian: libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev pkg-config gcc; scripts/setup.sh installs them).
# Without them it says so and exits 0: the app then runs an ffmpeg process per video instead (Classroom:Video:Decoder).
set -euo pipefail
out=${1:?usage: native/build.sh OUTPUT_DIR}
here="$(cd "$(dirname "$0")" && pwd)"
srcs=("$here/classroom_video.c" "$here/classroom_video_input.c" "$here/classroom_video_rotation.c")
main="$here/classroom_video_worker.c"
lib="$out/libclassroomvideo.so"
worker="$out/classroom-video-worker"
mkdir -p "$out"
modules="libavformat libavcodec libavfilter libavutil"
if ! command -v gcc >/dev/null || ! command -v pkg-config >/dev/null || ! pkg-config --exists $modules; then
  echo "native/build.sh: gcc or the ffmpeg development files are missing; in-process decoding is off (ffmpeg processes are used)."
  rm -f "$lib" "$worker"
  exit 0
fi
fresh() {
  [ -f "$1" ] || return 1
  for input in "${srcs[@]}" "$main" "$here/classroom_video.h" "$0"; do [ "$1" -nt "$input" ] || return 1; done
}
if fresh "$lib" && fresh "$worker"; then exit 0; fi
trap 'rm -f "$lib.$$.tmp" "$worker.$$.tmp"' EXIT
flags="-std=gnu11 -O2 -Wall -Wextra -Werror"
# shellcheck disable=SC2046,SC2086 # pkg-config prints several flags
gcc $flags -shared -fPIC -fvisibility=hidden -o "$lib.$$.tmp" "${srcs[@]}" $(pkg-config --cflags --libs $modules) -lm -lpthread
# shellcheck disable=SC2046,SC2086
gcc $flags -o "$worker.$$.tmp" "$main" "${srcs[@]}" $(pkg-config --cflags --libs $modules) -lm -lpthread
mv -f "$lib.$$.tmp" "$lib"
mv -f "$worker.$$.tmp" "$worker"
echo "native/build.sh: built $lib and $worker"
