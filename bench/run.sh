#!/bin/sh
# The libnn benchmark in one command, from a fresh clone (see bench/README.md):
#
#     sh bench/run.sh            # full run, ~5-10 minutes on 2 cores
#     sh bench/run.sh --quick    # 6,000 rows, 1 epoch: checks the harness
#
# Installs what is missing (Debian packages; needs root or sudo), configures
# build-bench (-Dbench=true, release), builds the contenders and runs
# bench/run.py, which writes bench/results/latest.{json,png,txt}.
# Environment: BENCH_JOBS (build parallelism, default 1), BENCH_BUILD
# (build directory, default build-bench). Other arguments go to run.py.
set -eu

cd "$(dirname "$0")/.."
build=${BENCH_BUILD:-build-bench}
jobs=${BENCH_JOBS:-1}

# Debian packages: the two other contenders, the chart, the data, and what
# libnn itself builds with.
pkgs="python3-torch python3-matplotlib libfann-dev dataset-fashion-mnist
      libopenblas-dev zlib1g-dev meson ninja-build pkg-config gcc"
missing=
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "run.sh: installing$missing" >&2
    if [ "$(id -u)" = 0 ]; then
        sudo=
    elif command -v sudo >/dev/null 2>&1; then
        sudo=sudo
    else
        echo "run.sh: need root to apt-get install$missing" >&2
        exit 1
    fi
    $sudo apt-get install -y $missing >&2 ||
        { $sudo apt-get update >&2 && $sudo apt-get install -y $missing >&2; }
fi

opts="-Dbench=true -Dbuildtype=release -Dtests=false -Dexamples=false -Dcli=false"
if [ -f "$build/build.ninja" ]; then
    meson configure "$build" $opts >/dev/null
else
    meson setup "$build" $opts >&2
fi
meson compile -C "$build" -j "$jobs" \
    bench_libnn bench_roofline bench_fann bench_malloc_count >&2

exec /usr/bin/python3 bench/run.py --build "$build" "$@"
