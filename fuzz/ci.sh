#!/bin/sh
# ci.sh - builds the fuzz targets (build-fuzz, configured if needed),
# replays the checked-in corpora, then runs every target for SECONDS
# seconds each (fuzz/run.sh). Exits non-zero if any replay or run fails.
#
#     sh fuzz/ci.sh 60
#
# SECONDS 0 only builds and replays.
set -eu
seconds=${1:-60}
case $seconds in
    ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
build=${NN_FUZZ_BUILD:-build-fuzz}
case $build in
    /*) ;;
    *) build=$PWD/$build ;;
esac

# clang with libFuzzer, and what libnn builds with.
packages="clang-14 libclang-rt-14-dev meson ninja-build pkg-config
libopenblas-dev zlib1g-dev"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
        grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    echo "ci.sh: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
cc=clang
command -v clang >/dev/null 2>&1 || cc=clang-14

if [ ! -f "$build/build.ninja" ]; then
    CC=$cc meson setup "$build" -Dfuzz=true -Dtests=false -Dexamples=false \
        -Dcli=false -Dabi_check=false -Db_lundef=false >/dev/null
fi
ninja -C "$build"

echo "=== ci.sh: replaying the corpora"
meson test -C "$build" --suite fuzz --print-errorlogs

[ "$seconds" -gt 0 ] || exit 0
failed=""
for target in fuzz_model_load fuzz_idx fuzz_csv fuzz_layer_spec; do
    echo "=== ci.sh: $target for ${seconds}s"
    NN_FUZZ_BUILD=$build sh fuzz/run.sh "$target" "$seconds" ||
        failed="$failed $target"
done
if [ -n "$failed" ]; then
    echo "ci.sh: failed:$failed (inputs in fuzz/crashes/)" >&2
    exit 1
fi
echo "=== ci.sh: every target ran ${seconds}s without a crash"
