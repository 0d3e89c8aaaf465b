#!/usr/bin/env bash
# The whole test suite: installs what the tests need, then the .NET tests and the model
# pipeline's end-to-end test. This is the command README.md gives and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy-scripts/setup-dev.sh
# The arm64 build under qemu is part of the suite: a missing qemu must fail, not skip.
export NSYNTHBOX_ARM64_TEST="${NSYNTHBOX_ARM64_TEST:-1}"
dotnet test NSynthBox.sln -c Release
/usr/bin/python3 -m unittest discover -s models/pipeline -p 'test_*.py'
