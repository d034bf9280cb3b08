#!/usr/bin/env bash
# Runs a published function app's self-check inside a Debian minbase root, which has no ffmpeg library (nor .NET):
# the proof that the package's decoder worker runs where Azure's image lacks the ffmpeg libraries, and its figures.
#   scripts/minbase-check.sh PACKAGE ROOT|--here [VIDEO...]
# PACKAGE: `dotnet publish src/FunctionApp -c Release -o PACKAGE`. ROOT: `debootstrap --variant=minbase bookworm ROOT`
# (made when missing: needs debootstrap and Debian's archive); --here: the same run on this machine, to compare.
# VIDEO: default ../shared/cse546/videos/test_0.mp4.
# Into ROOT it copies the .NET runtime that runs here (opt/dotnet), OpenSSL's shared libraries (libssl3: .NET's own
# TLS, for the Cosmos DB endpoint; Azure's image has them; the worker links its own statically), the package (pub/)
# and the videos (clips/). Azurite and the Cosmos DB server (node_modules, as the tests run them) serve on loopback
# ports, seeded by ./classroom from ../shared/cse546 (or $CLASSROOM_CSE546) when present, else with an empty roster.
# Then per decoder (Auto, FFmpeg): each video three times (the first pays the models' and roster's load), printing
# `video decoder: …`, each run's time and the last result: once the pipeline on the files (--self-check), once through
# the function's job (--self-check --job: blob upload, VideoBlobJob, result blob, the blobs it made deleted again).
# Root only (chroot, mount); ends what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package=${1:?usage: scripts/minbase-check.sh PACKAGE ROOT [VIDEO...]}
chroot_dir=${2:?usage: scripts/minbase-check.sh PACKAGE ROOT [VIDEO...]}
shift 2
package="$(cd "$package" && pwd)"
[ -f "$package/Classroom.FunctionApp.dll" ] || { echo "minbase-check: $package is not a published function app" >&2; exit 2; }
here=; [ "$chroot_dir" = --here ] && here=yes
[ -n "$here" ] || [ "$(id -u)" = 0 ] || { echo "minbase-check: needs root (chroot, mount)" >&2; exit 2; }
shared=${CLASSROOM_CSE546:-}
if [ -z "$shared" ]; then
  for d in "$root/.." "$root/../.." "$root/../../.."; do [ -f "$d/shared/cse546/encoding.dat" ] && { shared="$(cd "$d/shared/cse546" && pwd)"; break; }; done
fi
videos=("$@")
if [ ${#videos[@]} -eq 0 ]; then
  [ -n "$shared" ] || { echo "minbase-check: name a VIDEO (no ../shared/cse546 here)" >&2; exit 2; }
  videos=("$shared/videos/test_0.mp4")
fi

inside=()
if [ -n "$here" ]; then
  for v in "${videos[@]}"; do inside+=("$(cd "$(dirname "$v")" && pwd)/$(basename "$v")"); done
else
  if [ ! -x "$chroot_dir/bin/sh" ]; then
    command -v debootstrap >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    echo "minbase-check: debootstrap --variant=minbase bookworm $chroot_dir ..." >&2
    debootstrap --variant=minbase bookworm "$chroot_dir" >/dev/null
  fi
  chroot_dir="$(cd "$chroot_dir" && pwd)"
  if found="$(find "$chroot_dir" \( -name 'libavcodec*' -o -name 'libavformat*' -o -name 'libswscale*' \) -print -quit)" && [ -n "$found" ]; then
    echo "minbase-check: $chroot_dir has an ffmpeg library ($found): not a clean root" >&2
    exit 2
  fi

  dotnet_home="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  mkdir -p "$chroot_dir/opt/dotnet/shared"
  cp -a "$dotnet_home/dotnet" "$dotnet_home/host" "$chroot_dir/opt/dotnet/"
  cp -a "$dotnet_home/shared/Microsoft.NETCore.App" "$chroot_dir/opt/dotnet/shared/"
  dpkg -L libssl3 | grep '\.so' | while read -r f; do
    if [ -f "$f" ]; then mkdir -p "$chroot_dir$(dirname "$f")" && cp -aL "$f" "$chroot_dir$f"; fi
  done
  rm -rf "$chroot_dir/pub" "$chroot_dir/clips"
  cp -a "$package" "$chroot_dir/pub"
  mkdir -p "$chroot_dir/clips" "$chroot_dir/tmp"
  for v in "${videos[@]}"; do cp "$v" "$chroot_dir/clips/"; inside+=("/clips/$(basename "$v")"); done
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$here" ] || umount "$chroot_dir/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "$here" ] || mount -t proc proc "$chroot_dir/proc"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
blob=$(free_port); queue=$(free_port); table=$(free_port); cosmos=$(free_port)
(cd "$work" && exec node "$root/node_modules/azurite/dist/src/azurite.js" --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 \
  --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" --inMemoryPersistence --skipApiVersionCheck --loose --silent \
) >/dev/null 2>&1 &
pids+=($!)
(cd "$work" && exec node "$root/scripts/dev/cosmos-server.js" "$cosmos") >/dev/null 2>&1 &
pids+=($!)
for port in "$blob" "$queue" "$cosmos"; do
  for i in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    [ "$i" -lt 300 ] || { echo "minbase-check: nothing listens on 127.0.0.1:$port (Azurite or the Cosmos DB server did not start)" >&2; exit 1; }
    sleep 0.1
  done
done

# The emulators' well-known development keys (Azurite's and the Cosmos DB emulator's), as the tests use them.
settings=(
  "ClassroomStorage=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;"
  "Classroom__Cosmos__ConnectionString=AccountEndpoint=https://127.0.0.1:$cosmos/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU9DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;"
)
if [ -n "$shared" ]; then
  echo "minbase-check: seeding the roster and records from $shared (./classroom)" >&2
  env "${settings[@]}" "$root/classroom" students push "$shared/student_data.json" >/dev/null
  env "${settings[@]}" "$root/classroom" faces push "$shared/encoding.dat" >/dev/null
fi

if [ -n "$here" ]; then
  echo "this machine: $(nproc) cores; ffmpeg libraries: $(find /usr/lib /lib -name 'libavcodec.so*' -print -quit 2>/dev/null || true)"
  run=("$(command -v dotnet)" "$package/Classroom.FunctionApp.dll")
  echo "packaged worker: $(ldd "$package/classroom-video-worker" 2>&1 | awk '{ print $1 }' | tr '\n' ' ')"
else
  echo "minbase root: $chroot_dir ($(du -sh --exclude=opt --exclude=pub --exclude=clips --exclude=proc "$chroot_dir" | cut -f1) before .NET, the package and the clips); ffmpeg libraries in it: none"
  run=("$(command -v chroot)" "$chroot_dir" /opt/dotnet/dotnet /pub/Classroom.FunctionApp.dll)
  echo "packaged worker: $(chroot "$chroot_dir" /bin/sh -c 'ldd /pub/classroom-video-worker 2>&1 || true' | awk '{ print $1 }' | tr '\n' ' ')"
fi
# Per decoder: the pipeline on the files (--self-check), then each video through the function's job (--self-check --job:
# uploaded into the input container under self-check/<id>/, VideoBlobJob with its blob download, Cosmos DB read and
# result blob, the result read back, the blobs deleted). The job's statuses must be the pipeline's.
statuses() { grep '^{' "$1" | sed -E 's/.*"status":"([a-z_]+)".*/\1/'; }
for decoder in Auto FFmpeg; do
  runs=()
  for v in "${inside[@]}"; do runs+=("$v" "$v" "$v"); done
  for mode in direct job; do
    if [ "$mode" = job ]; then flag=(--job); what="through the job"; else flag=(); what="the pipeline on the files"; fi
    echo "== Classroom__Video__Decoder=$decoder, $what"
    # No PATH to a system ffmpeg, as on Azure (here too: the package's own tools run).
    env -i PATH=/nonexistent HOME=/tmp DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 "${settings[@]}" Classroom__Video__Decoder=$decoder \
      "${run[@]}" --self-check "${flag[@]}" "${runs[@]}" >"$work/$mode.out" 2>"$work/$mode.err" \
      || { cat "$work/$mode.err" "$work/$mode.out" >&2; exit 1; }
    grep -E '^video decoder|: [a-z_]+ in [0-9]+ ms( through the job .*)?$' "$work/$mode.err"
    grep '^{' "$work/$mode.out" | awk 'NR % 3 == 0' # the last run of each video
  done
  if [ "$(statuses "$work/direct.out")" != "$(statuses "$work/job.out")" ]; then
    echo "minbase-check: through the job the statuses differ from the pipeline's ($decoder)" >&2
    exit 1
  fi
done
