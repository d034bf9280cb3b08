#!/usr/bin/env bash
# Builds classroom-video-worker (the decoder in a process of its own: native/classroom_video_worker.c and the
# native/classroom_video*.c it calls) into $1.
# - The worker is linked statically against the minimal FFmpeg of native/static-ffmpeg.sh when there is one — the
#   cache folder `scripts/setup.sh --static-decoder` builds (`native/static-ffmpeg.sh --default-prefix`), or
#   CLASSROOM_STATIC_FFMPEG=PREFIX, which overrides it — and then needs nothing beyond glibc: that is the worker the
#   deployment package carries. Without one (or with CLASSROOM_STATIC_FFMPEG=off) it is linked against the system's
#   ffmpeg libraries (Debian: libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev pkg-config gcc;
#   scripts/setup.sh installs them).
# What cannot be built is left out with a note, exit 0: the app then runs an ffmpeg process per video instead
# (Classroom:Video:Decoder).
set -euo pipefail
out=${1:?usage: native/build.sh OUTPUT_DIR}
here="$(cd "$(dirname "$0")" && pwd)"
srcs=("$here/classroom_video.c" "$here/classroom_video_input.c" "$here/classroom_video_rotation.c")
main="$here/classroom_video_worker.c"
worker="$out/classroom-video-worker"
mkdir -p "$out"
modules="libavformat libavcodec libavfilter libavutil"
static=${CLASSROOM_STATIC_FFMPEG:-}
if [ "$static" = off ]; then
  static= # the dynamic worker even where the static FFmpeg is built
elif [ -n "$static" ]; then
  if [ ! -f "$static/lib/libavcodec.a" ]; then
    echo "native/build.sh: CLASSROOM_STATIC_FFMPEG=$static has no lib/libavcodec.a (run native/static-ffmpeg.sh $static)" >&2
    exit 1
  fi
else
  cache="$(bash "$here/static-ffmpeg.sh" --default-prefix)"
  if [ -f "$cache/.complete" ]; then static=$cache; fi
fi
dev=yes
if ! command -v gcc >/dev/null || ! command -v pkg-config >/dev/null || ! pkg-config --exists $modules; then dev=; fi
if ! command -v gcc >/dev/null || { [ -z "$dev" ] && [ -z "$static" ]; }; then
  echo "native/build.sh: gcc or the ffmpeg development files are missing; the decoder worker is not built (ffmpeg processes are used)."
  rm -f "$worker"
  exit 0
fi
fresh() { # $1 is newer than the sources, this script and (for the static worker) the static libraries
  [ -f "$1" ] || return 1
  for input in "${srcs[@]}" "$main" "$here/classroom_video.h" "$0" "${@:2}"; do [ "$1" -nt "$input" ] || return 1; done
}
mode="$out/classroom-video-worker.link" # how the worker was linked: another static prefix, or none, relinks it
want="${static:+static $static}"; want=${want:-dynamic}
trap 'rm -f "$worker.$$.tmp"' EXIT
flags="-std=gnu11 -O2 -Wall -Wextra -Werror"
built=()
if ! fresh "$worker" ${static:+"$static/lib/libavcodec.a" "$static/lib/libavformat.a"} || [ "$(cat "$mode" 2>/dev/null)" != "$want" ]; then
  if [ -n "$static" ]; then
    # Only the archives, never a .so: -Bstatic for everything FFmpeg needs (OpenSSL for https included), glibc's
    # libm/libpthread/libdl dynamically.
    # shellcheck disable=SC2086
    gcc $flags -I"$static/include" -o "$worker.$$.tmp" "$main" "${srcs[@]}" -L"$static/lib" -Wl,-Bstatic \
      -lavfilter -lavformat -lavcodec -lswscale -lavutil -ldav1d -lssl -lcrypto -lbz2 -lz -latomic \
      -Wl,-Bdynamic -lm -lpthread -ldl -s
  else
    # shellcheck disable=SC2046,SC2086 # pkg-config prints several flags
    gcc $flags -o "$worker.$$.tmp" "$main" "${srcs[@]}" $(pkg-config --cflags --libs $modules) -lm -lpthread
  fi
  mv -f "$worker.$$.tmp" "$worker"
  echo "$want" > "$mode"
  built+=("$worker ($want)")
fi
if [ ${#built[@]} -gt 0 ]; then echo "native/build.sh: built ${built[*]}"; fi
