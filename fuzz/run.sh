#!/bin/sh
# run.sh - runs one libFuzzer target for a while.
#
#     sh fuzz/run.sh TARGET SECONDS [extra libFuzzer arguments...]
#
# TARGET is fuzz_model_load, fuzz_idx, fuzz_csv or fuzz_layer_spec, built in
# build-fuzz (or $NN_FUZZ_BUILD; see fuzz/README.md). The checked-in seeds
# fuzz/corpus/TARGET are read but never written: new inputs go to the
# scratch corpus fuzz/scratch/TARGET/corpus, which is kept between runs (delete
# it to start afresh). The log is fuzz/scratch/TARGET/log. A crash, leak,
# timeout or out-of-memory stops the run, its input is saved as
# fuzz/crashes/TARGET-crash-<sha1> (or -leak-, -timeout-, -oom-), the end
# of the log is printed and the exit status is non-zero.
set -eu
export LC_ALL=C  # the log holds raw bytes (dictionary entries)

usage() {
    echo "usage: $0 TARGET SECONDS [libFuzzer arguments...]" >&2
    exit 2
}
[ $# -ge 2 ] || usage
target=$1
seconds=$2
shift 2
case $seconds in
    ''|*[!0-9]*) usage ;;
esac

fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz_dir")
build=${NN_FUZZ_BUILD:-$root/build-fuzz}
exe=$build/fuzz/$target
if [ ! -x "$exe" ]; then
    echo "run.sh: $exe is not built (the targets: fuzz_model_load," \
         "fuzz_idx, fuzz_csv, fuzz_layer_spec)" >&2
    echo "run.sh: build it with: sh fuzz/ci.sh 0  (or see fuzz/README.md)" >&2
    exit 2
fi
seeds=$fuzz_dir/corpus/$target
work=$fuzz_dir/scratch/$target
mkdir -p "$work/corpus" "$fuzz_dir/crashes"
log=$work/log

dict=
[ -f "$fuzz_dir/$target.dict" ] && dict=-dict=$fuzz_dir/$target.dict

# Allocations above 2 GiB return NULL (the library reports NN_ERR_NOMEM)
# instead of being reported as crashes; anything the caller sets wins.
ASAN_OPTIONS="allocator_may_return_null=1:max_allocation_size_mb=2048:detect_leaks=1:${ASAN_OPTIONS:-}"
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export ASAN_OPTIONS UBSAN_OPTIONS

echo "run.sh: $target for ${seconds}s (log: $log)"
status=0
# shellcheck disable=SC2086
"$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -timeout=30 -print_final_stats=1 $dict \
    -artifact_prefix="$fuzz_dir/crashes/$target-" \
    "$@" "$work/corpus" "$seeds" >"$log" 2>&1 || status=$?

# The last status line: "#N DONE cov: C ft: F corp: K/S ..." or, after a
# crash, the last progress line.
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
# fork mode (-fork=N) prints no stat:: lines: "#N: cov: ..." instead
[ -n "$execs" ] || execs=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
corp=$(echo "$last" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
crashes=$(find "$fuzz_dir/crashes" -type f -name "$target-*" | wc -l)
new=$(find "$work/corpus" -type f | wc -l)
echo "run.sh: $target: executions ${execs:-?}, cov ${cov:-?}, ft ${ft:-?}," \
     "corpus ${corp:-?} (files/bytes; $new in the scratch corpus)," \
     "peak RSS ${peak:-?} MB, $crashes inputs in fuzz/crashes"
if [ "$status" -ne 0 ]; then
    echo "run.sh: $target FAILED (libFuzzer exit status $status); end of the log:"
    tail -n 80 "$log"
    echo "run.sh: saved inputs:"
    grep -E 'Test unit written to|artifact_prefix' "$log" | sed 's/^/  /' || true
    exit 1
fi
echo "run.sh: $target: no crash"
