#!/usr/bin/env bash
# The whole test suite: installs what the tests need (setup-dev.sh --tests), then runs every .NET
# test project, one after another, and the model pipeline's end-to-end test. Each runs to the end
# whatever the others did: the failures are listed together at the end, and the exit status is 1
# if any failed. This is the command README.md gives and .ci/run calls. NSYNTHBOX_PYTHON picks
# another Python than Debian's /usr/bin/python3 (which has Debian's PyTorch).
#
# Usage: deploy-scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0; }
deploy-scripts/setup-dev.sh --tests --no-command
# The arm64 build under qemu is part of the suite: a missing qemu must fail, not skip.
export NSYNTHBOX_ARM64_TEST="${NSYNTHBOX_ARM64_TEST:-1}"

results=()
failed=0
# Runs one part of the suite to the end and notes how it went.
part() {
  local name=$1 start=$SECONDS rc=0
  shift
  echo "=== $name"
  "$@" || rc=$?
  if ((rc == 0)); then
    results+=("passed  $name ($((SECONDS - start)) s)")
  else
    results+=("FAILED  $name ($((SECONDS - start)) s, exit $rc)")
    failed=1
  fi
}

# One build for all; if it fails, each project builds on its own so those that build still run.
build=(--no-build)
if ! dotnet build NSynthBox.sln -c Release -nologo; then
  results+=("FAILED  dotnet build NSynthBox.sln (each test project was then built on its own)")
  failed=1
  build=()
fi
for project in tests/*/*.Tests.csproj; do
  part "$(basename "$project" .csproj)" dotnet test "$project" -c Release "${build[@]}" -nologo
done
part "model pipeline (models/pipeline/test_*.py)" "${NSYNTHBOX_PYTHON:-/usr/bin/python3}" -m unittest discover -s models/pipeline -p 'test_*.py'

echo
echo "=== test.sh summary"
printf '%s\n' "${results[@]}"
exit "$failed"
