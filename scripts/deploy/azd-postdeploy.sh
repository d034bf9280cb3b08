#!/bin/sh
# azd postdeploy hook (POSIX sh): azd has exported stage 1's outputs and AZURE_RESOURCE_GROUP.
# 1. The Event Grid stage (needs the deployed code). 2. Optional seeding from files you name:
#    azd env set CLASSROOM_STUDENTS_FILE ../shared/cse546/student_data.json
#    azd env set CLASSROOM_FACES_FILE ../shared/cse546/encoding.dat
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/eventgrid.sh"
if [ -n "${CLASSROOM_STUDENTS_FILE:-}" ] && [ -n "${CLASSROOM_FACES_FILE:-}" ]; then
  bash "$here/seed.sh" "$CLASSROOM_STUDENTS_FILE" "$CLASSROOM_FACES_FILE"
else
  echo "Seed the roster next: scripts/deploy/seed.sh STUDENTS_JSON FACES_FILE (or set CLASSROOM_STUDENTS_FILE and CLASSROOM_FACES_FILE)"
fi
echo "Then upload videos: scripts/deploy/upload.sh VIDEO..."
