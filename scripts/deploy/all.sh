#!/usr/bin/env bash
# Clone to processed CSV in one command (each stage is its own script; see docs/deployment.md):
#   scripts/deploy/all.sh STUDENTS_JSON FACES_FILE VIDEO...
# e.g. scripts/deploy/all.sh ../shared/cse546/student_data.json ../shared/cse546/encoding.dat ../shared/cse546/videos/test_0.mp4
here="$(dirname "${BASH_SOURCE[0]}")"
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: scripts/deploy/all.sh STUDENTS_JSON FACES_FILE VIDEO..." >&2; exit 2; }
students="$1" faces="$2"
shift 2
"$here/infra.sh"
"$here/publish.sh"
"$here/eventgrid.sh"
"$here/seed.sh" "$students" "$faces"
"$here/upload.sh" "$@"
