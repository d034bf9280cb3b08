#!/usr/bin/env bash
# Builds libclassroomvideo.so (native/classroom_video*.c but the worker) and classroom-video-worker (the same decoder
# in a process of its own, native/classroom_video_worker.c) into $1 against the system's ffmpeg libraries
# (Debian: libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev pkg-config gcc; scripts/setup.sh installs them).
# Without them it says so and exits 0: the app then runs an ffmpeg process per video instead (Classroom:Video:Decoder).
# With CLASSROOM_STATIC_FFMPEG=PREFIX (a minimal static FFmpeg made by native/static-ffmpeg.sh PREFIX) the worker is
# linked statically against it instead and needs nothing beyond glibc (libc, libm); the shared library stays dynamic.
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
static=${CLASSROOM_STATIC_FFMPEG:-}
if [ -n "$static" ] && [ ! -f "$static/lib/libavcodec.a" ]; then
  echo "native/build.sh: CLASSROOM_STATIC_FFMPEG=$static has no lib/libavcodec.a (run native/static-ffmpeg.sh $static)" >&2
  exit 1
fi
fresh() {
  [ -f "$1" ] || return 1
  for input in "${srcs[@]}" "$main" "$here/classroom_video.h" "$0" ${static:+"$static/lib/libavcodec.a"}; do [ "$1" -nt "$input" ] || return 1; done
}
mode="$out/classroom-video-worker.link" # how the worker was linked: switching CLASSROOM_STATIC_FFMPEG relinks it
want="${static:+static $static}"; want=${want:-dynamic}
if fresh "$lib" && fresh "$worker" && [ "$(cat "$mode" 2>/dev/null)" = "$want" ]; then exit 0; fi
trap 'rm -f "$lib.$$.tmp" "$worker.$$.tmp"' EXIT
flags="-std=gnu11 -O2 -Wall -Wextra -Werror"
# shellcheck disable=SC2046,SC2086 # pkg-config prints several flags
gcc $flags -shared -fPIC -fvisibility=hidden -o "$lib.$$.tmp" "${srcs[@]}" $(pkg-config --cflags --libs $modules) -lm -lpthread
if [ -n "$static" ]; then
  # Only the archives, never a .so: -Bstatic for everything FFmpeg needs, glibc's libm/libpthread/libdl dynamically.
  # shellcheck disable=SC2046,SC2086
  gcc $flags -I"$static/include" -o "$worker.$$.tmp" "$main" "${srcs[@]}" -L"$static/lib" -Wl,-Bstatic \
    -lavfilter -lavformat -lavcodec -lswscale -lavutil -ldav1d -lbz2 -lz -latomic -Wl,-Bdynamic -lm -lpthread -ldl -s
else
  # shellcheck disable=SC2046,SC2086
  gcc $flags -o "$worker.$$.tmp" "$main" "${srcs[@]}" $(pkg-config --cflags --libs $modules) -lm -lpthread
fi
mv -f "$lib.$$.tmp" "$lib"
mv -f "$worker.$$.tmp" "$worker"
echo "$want" > "$mode"
echo "native/build.sh: built $lib and $worker"
