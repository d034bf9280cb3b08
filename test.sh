#!/usr/bin/env bash
# Runs every test: set-up (with the static decoder), build (warnings are errors), all xunit projects, Bicep build + lint.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
# --static-decoder: the deployment package's worker (static FFmpeg, ~3 min once per recipe), so its tests run here too;
# --test-tools: chromium, which renders the HTML report in its test.
./scripts/setup.sh --static-decoder --test-tools
dotnet build Classroom.slnx -c Release --nologo -v quiet
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Classroom.slnx -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?
# One plain closing line over all test assemblies.
awk '/Failed: *[0-9]+, Passed: *[0-9]+/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
