#!/bin/sh
# test.sh - the test suite: installs what is missing, builds libnn with
# warnings as errors and runs every test (CMocka unit tests, gradient checks,
# allocation-failure sweeps, symbol/ABI/header checks).
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh --test
if [ -f build/build.ninja ]; then
    meson configure build -Dwerror=true -Dtests=true >/dev/null
else
    meson setup build -Dwerror=true >/dev/null
fi
ninja -C build
meson test -C build --print-errorlogs "$@"
