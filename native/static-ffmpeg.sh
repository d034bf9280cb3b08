#!/usr/bin/env bash
# Builds a minimal static FFmpeg (Debian bookworm's own ffmpeg 5.1 and dav1d 1.0 sources, with Debian's patches) into
# PREFIX, for a classroom-video-worker that needs nothing beyond glibc: `scripts/setup.sh --static-decoder` builds it
# into .artifacts/ffmpeg-static/<hash of this script>, and native/build.sh links the worker against that (or against
# CLASSROOM_STATIC_FFMPEG). Why not Debian's libavcodec.a: it registers every codec, format, filter and hwaccel Debian
# enables, so a static link needs ~70 external libraries, 21 of which Debian ships without a .a
# (libva, libvdpau, OpenCL, libmfx, dav1d, libplacebo, vidstab, lilv, jxl, rav1e, svt-av1, ...).
# Needs: gcc make patch nasm meson ninja-build xz-utils, zlib1g-dev libbz2-dev libssl-dev (OpenSSL's static archives,
# for https), and Debian's archive (apt-get source with a private deb-src list; the system's apt sources are not
# touched). ~3 min on 2 cores. PREFIX/.complete (written last) marks a finished build; an unfinished one is redone.
# PREFIX/licenses: the licence texts of what the worker links in and their versions (for the deployment package).
# PREFIX/bin/ffmpeg, ffprobe: the same minimal FFmpeg as programs (the package's fallback tools, LGPL).
set -euo pipefail
if [ "${1:-}" = --default-prefix ]; then
  # The cache folder for this recipe: keyed by this script without its comments, so a changed recipe builds anew.
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  echo "$(dirname "$here")/.artifacts/ffmpeg-static/$(grep -v '^[[:space:]]*#' "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)"
  exit 0
fi
prefix=${1:?usage: native/static-ffmpeg.sh PREFIX | --default-prefix}
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"
if [ -f "$prefix/.complete" ]; then exit 0; fi
if [ -f "$prefix/.building" ]; then
  find "$prefix" -mindepth 1 -delete # a build of ours that was cut off
elif [ -n "$(ls -A "$prefix")" ]; then
  echo "native/static-ffmpeg.sh: $prefix is neither empty nor a build of this script" >&2
  exit 1
fi
: > "$prefix/.building"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
apt="-o APT::Sandbox::User=root -o Dir::State::Lists=$work/lists -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$work/parts -o Dir::Cache=$work/cache"
mkdir -p "$work/lists/partial" "$work/parts" "$work/cache/archives/partial"
cat > "$work/parts/src.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
cd "$work"
# shellcheck disable=SC2086 # $apt is several options
apt-get $apt -qq update
# shellcheck disable=SC2086
apt-get $apt -qq source --download-only dav1d ffmpeg 2>/dev/null
unpack() { # $1: source package name; applies debian/patches/series
  local dir
  tar xf "$1"_*.orig.tar.xz
  dir=$(find . -maxdepth 1 -type d -name "$1-*" | head -1)
  tar xf "$1"_*.debian.tar.xz -C "$dir"
  if [ -f "$dir/debian/patches/series" ]; then
    grep -v '^#' "$dir/debian/patches/series" | while read -r p; do [ -n "$p" ] && patch -d "$dir" -p1 -s < "$dir/debian/patches/$p"; done
  fi
  echo "$dir"
}
jobs=$(nproc)
dav1d=$(unpack dav1d)
meson setup "$dav1d/build" "$dav1d" --prefix="$prefix" --libdir=lib --default-library=static --buildtype=release \
  -Denable_tools=false -Denable_tests=false -Db_pie=true >/dev/null
ninja -C "$dav1d/build" -j"$jobs" install >/dev/null
ffmpeg=$(unpack ffmpeg)
# Video decoders for what the allowed containers (src/Recognition.Video/VideoContainers.cs) carry; all native demuxers
# (so a refused file is still named by its demuxer: hls, concat, image2, ...) and parsers; the filters the decoder's
# chains use (rotation, fps, select for attendance sampling, scale, format); the protocol the app whitelists, file
# (src/Recognition.Video/DecoderInputs.cs), and http,https,tls,tcp (TLS by OpenSSL's static archives), which the app no
# longer whitelists but the recipe keeps so as not to change the built worker; rtp and udp come in as the sdp/rtsp
# demuxers' dependencies and are never whitelisted). Common audio decoders too, though no audio is decoded:
# avformat_find_stream_info (avi, ts, mpg, flv, ogg, asf) probes every stream until its parameters are known, so
# without them it reads on for an audio track to its limit (a 720p MPEG-TS with AAC: 26 ms to the first frame, 23.5
# with them) and leaves other stream parameters than Debian's libraries would.
decoders=h264,hevc,mpeg4,h263,h263i,h263p,msmpeg4v1,msmpeg4v2,msmpeg4v3,wmv1,wmv2,wmv3,wmv3image,vc1,vc1image,mpeg1video
decoders+=,mpeg2video,mpegvideo,vp8,vp9,vp6,vp6a,vp6f,vp3,vp5,vp7,theora,flv,flashsv,flashsv2,mjpeg,mjpegb,prores,dnxhd
decoders+=,rawvideo,svq1,svq3,h261,cinepak,dvvideo,ffv1,huffyuv,utvideo,magicyuv,png,qtrle,rpza,smc,msvideo1,msrle,mss1
decoders+=,mss2,tscc,tscc2,zmbv,rv10,rv20,rv30,rv40,indeo3,indeo5,hq_hqa,hqx,cfhd,libdav1d
decoders+=,aac,aac_latm,ac3,eac3,mp1,mp2,mp3,opus,vorbis,flac,alac,wmav1,wmav2,wmapro,amrnb,amrwb,speex,adpcm_ima_qt
decoders+=,adpcm_ms,adpcm_ima_wav,pcm_s16le,pcm_s16be,pcm_s24le,pcm_s32le,pcm_f32le,pcm_u8,pcm_alaw,pcm_mulaw
(cd "$ffmpeg" && PKG_CONFIG_PATH="$prefix/lib/pkgconfig" ./configure --prefix="$prefix" --pkg-config-flags=--static \
  --enable-static --disable-shared --enable-pic --disable-ffplay --enable-ffmpeg --enable-ffprobe --disable-doc --disable-autodetect \
  --disable-everything --disable-avdevice --disable-postproc --disable-swresample --enable-zlib --enable-bzlib --enable-pthreads \
  --enable-libdav1d --enable-network --enable-openssl \
  --enable-demuxers --enable-parsers --enable-decoder="$decoders" --enable-encoder=ppm --enable-muxer=image2pipe \
  --enable-filter=buffer,buffersink,fps,select,scale,format,transpose,hflip,vflip,rotate,null,copy --enable-protocol=file,http,https,tls,tcp,pipe \
  && make -j"$jobs" && make install) > "$work/ffmpeg.log" 2>&1 || { tail -30 "$work/ffmpeg.log" >&2; exit 1; }
grep -q '^#define CONFIG_HTTPS_PROTOCOL 1' "$ffmpeg/config_components.h" || { echo "native/static-ffmpeg.sh: https is not enabled" >&2; exit 1; }
# The same libraries as programs: PREFIX/bin/ffmpeg and ffprobe, the package's fallback tools (an ffmpeg process per
# video where the worker cannot run), LGPL like the worker, with the ppm encoder, image2pipe muxer and pipe protocol
# the fallback's command line needs (src/Recognition.Video/FFmpegFrameSource.cs).
for tool in ffmpeg ffprobe; do [ -x "$prefix/bin/$tool" ] || { echo "native/static-ffmpeg.sh: $tool was not built" >&2; exit 1; }; done
# The licence texts of what the worker links in, for the deployment package (scripts/package-licenses.sh puts them in
# its licenses/): FFmpeg's and dav1d's from the sources just built, with Debian's copyright files; for the system's
# static archives the worker also links (OpenSSL, zlib, bzip2: native/build.sh) Debian's copyright files and the
# full texts they refer to; and which versions (source packages) these are. FFmpeg's COPYING.GPLv3 is kept for the
# package's npm ffmpeg/ffprobe, GPL builds of FFmpeg.
lic="$prefix/licenses"
mkdir -p "$lic/ffmpeg" "$lic/dav1d" "$lic/openssl" "$lic/zlib" "$lic/bzip2"
cp "$ffmpeg/LICENSE.md" "$ffmpeg/COPYING.LGPLv2.1" "$ffmpeg/COPYING.GPLv3" "$lic/ffmpeg/"
cp "$ffmpeg/debian/copyright" "$lic/ffmpeg/debian-copyright"
cp "$dav1d/COPYING" "$lic/dav1d/COPYING"
cp "$dav1d/debian/copyright" "$lic/dav1d/debian-copyright"
cp /usr/share/doc/libssl-dev/copyright "$lic/openssl/debian-copyright"
cp /usr/share/common-licenses/Apache-2.0 "$lic/openssl/LICENSE-Apache-2.0"
cp /usr/share/doc/zlib1g-dev/copyright "$lic/zlib/debian-copyright"
cp /usr/share/doc/libbz2-1.0/copyright "$lic/bzip2/debian-copyright" # libbz2-dev's own doc folder has none
{
  for dsc in ./*.dsc; do dsc=${dsc#./}; dsc=${dsc%.dsc}; echo "${dsc%%_*} ${dsc#*_} apt-get-source"; done
  dpkg-query -W -f '${source:Package} ${source:Version} ${binary:Package}\n' libssl-dev zlib1g-dev libbz2-dev
} > "$lic/versions"
rm -f "$prefix/.building"
# What was built from what (the archive's newest bookworm versions when it ran).
{ date -u +%FT%TZ; ls ./*.dsc; } > "$prefix/.complete"
echo "native/static-ffmpeg.sh: built a minimal static FFmpeg into $prefix"
