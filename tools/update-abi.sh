#!/bin/sh
# update-abi.sh - regenerate lib/libnn.abi, libnn's ABI baseline.
#
# Run this in the same commit as any intended API change (a new function, a
# new field at the end of a struct, a new enumerator) and commit the new
# lib/libnn.abi with it, so that reviewers see the ABI change next to the
# code change. The `abi` test (tests/abi/check-abi.sh) fails on ANY
# difference between lib/libnn.abi and the library built from the tree,
# additions included, until this script has been run.
#
# The baseline must not depend on how the caller's build directory is
# configured (-O3, no -g, sanitizers...), so the library is always built
# afresh in a temporary directory with a fixed configuration:
#
#     meson setup -Dbuildtype=plain -Dc_args='-O2 -g'
#                 -Dtests=false -Dexamples=false -Dbench=false
#
# and described with
#
#     abidw --headers-dir include --drop-private-types ...
#
# so that only the types of the public header nn.h are part of the ABI.
# abidw's DWARF reading depends a little on the compiler: generate and check
# the baseline with the same toolchain (Debian 12: GCC 12, abigail-tools
# 2.2).
#
# Usage: tools/update-abi.sh [-o FILE] [-j JOBS]
#   -o FILE  write the description to FILE instead of lib/libnn.abi
#            (check-abi.sh uses this to compare a fresh build)
#   -j JOBS  parallel compile jobs (default: ninja's)
# Environment: MESON (default meson), ABIDW (default abidw), TMPDIR.
# Needs meson, ninja and abidw (Debian: meson ninja-build abigail-tools).

set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
out="$srcdir/lib/libnn.abi"
jobs=
MESON=${MESON:-meson}
ABIDW=${ABIDW:-abidw}

while getopts o:j:h opt; do
    case $opt in
    o) out=$OPTARG ;;
    j) jobs=$OPTARG ;;
    h) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "usage: $0 [-o FILE] [-j JOBS]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -ne 0 ]; then
    echo "usage: $0 [-o FILE] [-j JOBS]" >&2
    exit 2
fi

for tool in "$MESON" "$ABIDW"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "update-abi.sh: $tool not found" >&2
        exit 1
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/libnn-abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# The caller's CFLAGS/LDFLAGS would change the fixed configuration.
unset CFLAGS CPPFLAGS LDFLAGS

if ! "$MESON" setup "$tmp/build" "$srcdir" \
        -Dbuildtype=plain -Dc_args='-O2 -g' \
        -Dtests=false -Dexamples=false -Dbench=false \
        >"$tmp/setup.log" 2>&1; then
    cat "$tmp/setup.log" >&2
    echo "update-abi.sh: meson setup failed" >&2
    exit 1
fi
if ! "$MESON" compile -C "$tmp/build" ${jobs:+-j "$jobs"} \
        >"$tmp/compile.log" 2>&1; then
    cat "$tmp/compile.log" >&2
    echo "update-abi.sh: the fixed -O2 -g build failed" >&2
    exit 1
fi

# libnn.so is the link-time symlink to the real file; --no-corpus-path and
# --no-comp-dir-path keep the temporary directory out of the description,
# --short-locs keeps the checkout's path out of it.
"$ABIDW" --no-corpus-path --no-comp-dir-path --short-locs \
    --headers-dir "$srcdir/include" --drop-private-types \
    --drop-undefined-syms \
    --out-file "$tmp/libnn.abi" "$tmp/build/libnn.so"

mv "$tmp/libnn.abi" "$out"
echo "update-abi.sh: wrote $out"
