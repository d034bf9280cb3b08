#!/usr/bin/env bash
# The licence texts of the third-party code the deployment package redistributes, into PUBLISH_DIR/licenses with an
# index (licenses/README.md: component, version, licence, where in the package, where its source is). Run by
# src/FunctionApp's publish step after the tools are copied.
#   scripts/package-licenses.sh PUBLISH_DIR
# - classroom-video-worker, when it is the static one (ldd lists no ffmpeg library): FFmpeg (LGPL-2.1+), dav1d
#   (BSD-2-Clause), OpenSSL (Apache-2.0), zlib, bzip2 — the texts native/static-ffmpeg.sh kept in PREFIX/licenses, PREFIX
#   as native/build.sh finds it (CLASSROOM_STATIC_FFMPEG, else the recipe's cache folder).
# - tools/ffmpeg/ffmpeg, ffprobe: the static FFmpeg's own programs (scripts/package-tools.sh; LGPL, the worker's texts
#   cover them), else npm @ffmpeg-installer/linux-x64, @ffprobe-installer/linux-x64: GPL-3.0 builds of FFmpeg. The npm
#   packages carry no licence text: FFmpeg's own COPYING.GPLv3 from the static build, else Debian's
#   /usr/share/common-licenses/GPL-3; with neither the publish fails (the binaries must not ship without it).
# - models/ (the ONNX graphs converted at build time from npm @vladmandic/face-api's weights): MIT, the package's LICENSE.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pub=${1:?usage: scripts/package-licenses.sh PUBLISH_DIR}
die() { echo "package-licenses: $*" >&2; exit 1; }
[ -d "$pub" ] || die "$pub is not a folder"
out="$pub/licenses"
rm -rf "$out"
mkdir -p "$out"
nm="$root/node_modules"
version_of() { sed -nE 's/^[[:space:]]*"version":[[:space:]]*"([^"]+)".*/\1/p' "$nm/$1/package.json" | head -1; }
license_of() { sed -nE 's/^[[:space:]]*"license":[[:space:]]*"([^"]+)".*/\1/p' "$nm/$1/package.json" | head -1; }
build_of() { "$pub/tools/ffmpeg/$1" -hide_banner -version 2>/dev/null | sed -nE '1s/^[a-z]+ version ([^ ]+).*/\1/p' || true; }

prefix=${CLASSROOM_STATIC_FFMPEG:-}
if [ -z "$prefix" ]; then prefix="$(bash "$root/native/static-ffmpeg.sh" --default-prefix)"; fi
worker="$pub/classroom-video-worker"
static=
if [ "$prefix" != off ] && [ -x "$worker" ] && command -v ldd >/dev/null && libs="$(ldd "$worker" 2>/dev/null)" \
  && ! grep -qE 'lib(av|sw)[a-z]*\.so' <<<"$libs"; then
  static=yes
  [ -f "$prefix/licenses/versions" ] \
    || die "the packaged worker is linked statically, but $prefix/licenses is missing (a static FFmpeg from an older native/static-ffmpeg.sh): run scripts/setup.sh --static-decoder and publish again"
  # The index says LGPL: each library's own licence string (FFmpeg's configure puts it there) must say so.
  for l in libavformat libavcodec libavfilter libswscale libavutil; do
    grep -aq "$l license: LGPL version 2.1 or later" "$prefix/lib/$l.a" || die "$prefix/lib/$l.a is not licensed LGPL 2.1 or later (configured with --enable-gpl?)"
  done
fi

{
  echo "# Third-party code in this package and its licences"
  echo
  echo "Written by scripts/package-licenses.sh when the package was published. Each folder here holds the texts of one"
  echo "component; \`debian-copyright\` is Debian's copyright file of the source package the code was built from."
  echo
  echo "| component | version | licence | in the package | texts | source |"
  echo "| --- | --- | --- | --- | --- | --- |"
} > "$out/README.md"

if [ -n "$static" ]; then
  cp -R "$prefix/licenses/ffmpeg" "$prefix/licenses/dav1d" "$prefix/licenses/openssl" "$prefix/licenses/zlib" "$prefix/licenses/bzip2" "$out/"
  rm -f "$out/ffmpeg/COPYING.GPLv3" # the worker's FFmpeg is the LGPL build; the GPL text is the npm builds' (below)
  deb() { awk -v p="$1" '$1 == p { print $2 }' "$prefix/licenses/versions"; }
  row() { # component, Debian source package, licence, texts, how it was built
    echo "| $1 | Debian \`$2\` $(deb "$2") | $3 | \`classroom-video-worker\` (statically linked) | $4 | Debian bookworm's source package \`$2\` $(deb "$2") (\`apt-get source $2=$(deb "$2")\`; snapshot.debian.org keeps every version); $5 |"
  }
  {
    row "FFmpeg 5.1 (libavformat, libavcodec, libavfilter, libswscale, libavutil)" ffmpeg "LGPL-2.1-or-later (configured without --enable-gpl, --enable-version3 or --enable-nonfree)" \
      "\`ffmpeg/LICENSE.md\`, \`ffmpeg/COPYING.LGPLv2.1\`, \`ffmpeg/debian-copyright\`" "built with Debian's patches by \`native/static-ffmpeg.sh\` (the recipe: configure options, decoders, filters, protocols)"
    row "dav1d (AV1 decoder)" dav1d "BSD-2-Clause" "\`dav1d/COPYING\`, \`dav1d/debian-copyright\`" "built by \`native/static-ffmpeg.sh\`"
    row "OpenSSL (libssl, libcrypto: https in the worker)" openssl "Apache-2.0" "\`openssl/LICENSE-Apache-2.0\`, \`openssl/debian-copyright\`" "the static archives of Debian's \`libssl-dev\`, linked by \`native/build.sh\`"
    row "zlib" zlib "Zlib" "\`zlib/debian-copyright\`" "the static archive of Debian's \`zlib1g-dev\`, linked by \`native/build.sh\`"
    row "bzip2 (libbz2)" bzip2 "bzip2-1.0.6 (BSD-style)" "\`bzip2/debian-copyright\`" "the static archive of Debian's \`libbz2-dev\`, linked by \`native/build.sh\`"
  } >> "$out/README.md"
  gpl="$prefix/licenses/ffmpeg/COPYING.GPLv3"
else
  gpl=/usr/share/common-licenses/GPL-3
fi
ours=
if [ -n "$static" ] && cmp -s "$pub/tools/ffmpeg/ffmpeg" "$prefix/bin/ffmpeg" && cmp -s "$pub/tools/ffmpeg/ffprobe" "$prefix/bin/ffprobe"; then
  ours=yes # the tools are the LGPL build's own programs: the FFmpeg rows above cover them, no GPL text
  echo "| ffmpeg, ffprobe (the same minimal FFmpeg as programs: the fallback decoder) | Debian \`ffmpeg\` $(deb ffmpeg) | LGPL-2.1-or-later (as above) | \`tools/ffmpeg/ffmpeg\`, \`tools/ffmpeg/ffprobe\` | \`ffmpeg/LICENSE.md\`, \`ffmpeg/COPYING.LGPLv2.1\` | as FFmpeg above (\`native/static-ffmpeg.sh\` builds them with the libraries) |" >> "$out/README.md"
fi
mkdir -p "$out/face-api"
cp "$nm/@vladmandic/face-api/LICENSE" "$out/face-api/LICENSE"
[ -n "$ours" ] || [ -f "$gpl" ] || die "no GPL-3 text to ship with tools/ffmpeg (npm's GPL builds of ffmpeg and ffprobe): build the static FFmpeg (scripts/setup.sh --static-decoder) or publish on Debian/Ubuntu"
[ -n "$ours" ] || { mkdir -p "$out/tools-ffmpeg"; cp "$gpl" "$out/tools-ffmpeg/COPYING.GPLv3"; }
for p in @ffmpeg-installer/linux-x64:ffmpeg @ffprobe-installer/linux-x64:ffprobe; do
  [ -z "$ours" ] || break
  package=${p%%:*} tool=${p#*:}
  echo "| $tool (a static build of FFmpeg by John Van Sickle) | npm \`$package\` $(version_of "$package"): $tool $(build_of "$tool") | GPL-3.0 (npm: $(license_of "$package"); configured with --enable-gpl --enable-version3 and GPL libraries such as x264 and x265: \`$tool -version\`) | \`tools/ffmpeg/$tool\` | \`tools-ffmpeg/COPYING.GPLv3\` | FFmpeg's git (https://git.ffmpeg.org/ffmpeg.git) at the revision after the \`g\` in the version, and the libraries \`$tool -version\` lists, as built by https://johnvansickle.com/ffmpeg/ |" >> "$out/README.md"
done
echo "| face-api model weights (SSD MobileNet v1, Tiny Face Detector, 68-point landmarks, face recognition) | npm \`@vladmandic/face-api\` $(version_of @vladmandic/face-api) | $(license_of @vladmandic/face-api) | \`models/\` (ONNX graphs converted from those weights at build time, tools/ModelBuilder) | \`face-api/LICENSE\` | https://github.com/vladmandic/face-api |" >> "$out/README.md"

{
  if [ -n "$static" ]; then
    echo
    echo "**Relinking the worker (LGPL-2.1 section 6).** \`classroom-video-worker\` is this project's \`native/classroom_video*.c\`"
    echo "linked statically against the FFmpeg above: with that source, \`native/static-ffmpeg.sh PREFIX\` (or a modified FFmpeg"
    echo "installed into PREFIX) and \`CLASSROOM_STATIC_FFMPEG=PREFIX native/build.sh OUT\` relink it."
  else
    echo
    echo "\`classroom-video-worker\` in this package loads the system's FFmpeg libraries, which are not in it."
  fi
  echo
  echo "Not listed: glibc (the system's, not in the package) and the .NET assemblies and native libraries from NuGet packages"
  echo "(Azure SDK, ONNX Runtime, SkiaSharp, …), whose licences are in those packages."
} >> "$out/README.md"
