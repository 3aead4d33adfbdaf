#!/bin/sh
# deps.sh [--test] - installs the Debian packages libnn needs to build
# (and, with --test, to run every test), skipping those already present.
# Run as root (or with sudo available).
set -eu

# What building libnn and the nn tool and running the demo need.
packages="meson ninja-build pkg-config gcc libopenblas-dev zlib1g-dev
libcairo2-dev fonts-dejavu-core libkissfft-dev libgif-dev
dataset-fashion-mnist"
# What the tests add (deps.sh --test): the test framework, the ABI tools,
# the bindings' interpreters and oracles, the checkers.
if [ "${1:-}" = "--test" ]; then
    packages="$packages g++ libcmocka-dev abigail-tools python3 valgrind
bsdutils locales python3-numpy python3-pytest python3-torch python3-skimage"
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    sudo="none"
fi

# The Rust binding's tests need a cargo; Debian's will do where none is on
# PATH (the crates need no registry).
if [ "${1:-}" = "--test" ] && ! command -v cargo >/dev/null 2>&1; then
    packages="$packages cargo rustc"
fi

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
            grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    if [ "$sudo" = none ]; then
        echo "deps.sh: missing packages:$missing; install them as root" >&2
        exit 1
    fi
    echo "deps.sh: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The CSV tests prove that a German locale cannot change how numbers are
# read; generate one for them if the machine has none (else they skip).
if [ "${1:-}" = "--test" ] && ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\{0,1\}8$' &&
        [ "$sudo" != none ]; then
    $sudo localedef -i de_DE -f UTF-8 de_DE.UTF-8 2>/dev/null ||
        echo "deps.sh: could not generate de_DE.UTF-8; its test will skip" >&2
fi
exit 0
