#!/bin/sh
# check-abi.sh - the library built from the tree has exactly the ABI
# recorded in lib/libnn.abi.
#
# The library is rebuilt with the fixed configuration of
# tools/update-abi.sh (-Dbuildtype=plain -Dc_args='-O2 -g'), never taken
# from the test's own build directory, and its abidw description is compared
# with the baseline by abidiff. ANY non-zero abidiff status fails: an
# incompatible change, a compatible one (added function, added enumerator),
# or an error. --harmless makes abidiff report (and so exit 4 on) the
# changes it filters out by default, such as an added enumerator, which
# must be recorded in the baseline too. If the change is intended, run tools/update-abi.sh and commit
# lib/libnn.abi with the change.
#
# Usage: check-abi.sh SRCDIR [JOBS]
# Environment: ABIDIFF (default abidiff), NN_ABI_JOBS (compile jobs when
# JOBS is not given), plus those of tools/update-abi.sh.

set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 SRCDIR [JOBS]" >&2
    exit 2
fi
srcdir=$1
jobs=${2:-${NN_ABI_JOBS:-}}
ABIDIFF=${ABIDIFF:-abidiff}
baseline="$srcdir/lib/libnn.abi"

if [ ! -f "$baseline" ]; then
    echo "FAIL: $baseline does not exist: run tools/update-abi.sh" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/libnn-abi-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

sh "$srcdir/tools/update-abi.sh" -o "$tmp/current.abi" ${jobs:+-j "$jobs"}

status=0
"$ABIDIFF" --harmless "$baseline" "$tmp/current.abi" || status=$?
if [ "$status" -ne 0 ]; then
    echo "FAIL: abidiff exited with $status (1 error, 2 usage, 4 ABI change," \
         "8 incompatible change; bits combine)." >&2
    echo "If the change is intended, run tools/update-abi.sh and commit" \
         "lib/libnn.abi in the same commit." >&2
    exit 1
fi
echo "OK: the fixed -O2 -g build matches lib/libnn.abi"
