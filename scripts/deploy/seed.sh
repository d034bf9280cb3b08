#!/usr/bin/env bash
# Stage 3: the roster. Student records go to Cosmos DB, known faces to the roster blob, through the
# same ./classroom commands used locally, signed in as you (Entra ID; the deployer roles from stage 1).
#   scripts/deploy/seed.sh STUDENTS_JSON FACES_FILE
# e.g. scripts/deploy/seed.sh ../shared/cse546/student_data.json ../shared/cse546/encoding.dat
# shellcheck source=scripts/deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -eq 2 ] || die "usage: scripts/deploy/seed.sh STUDENTS_JSON FACES_FILE"
require_login
load_outputs
export_cli_settings

say "pushing student records to $AZURE_COSMOS_ENDPOINT ($AZURE_COSMOS_DATABASE/$AZURE_COSMOS_CONTAINER)"
"$root/classroom" students push "$1"
say "pushing known faces to $CLASSROOM_ROSTER_CONTAINER/$CLASSROOM_ROSTER_BLOB"
"$root/classroom" faces push "$2"
