#!/bin/sh
# deps.sh - installs the Debian packages libnn needs to build and test,
# skipping those already present. Run as root (or with sudo available).
set -eu

packages="meson ninja-build pkg-config gcc g++ libopenblas-dev libcmocka-dev
zlib1g-dev abigail-tools python3 valgrind libcairo2-dev fonts-dejavu-core
dataset-fashion-mnist bsdutils locales python3-numpy python3-pytest
python3-torch libkissfft-dev libgif-dev python3-skimage"

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    sudo="none"
fi

# The Rust binding's tests need a cargo; Debian's will do where none is on
# PATH (the crates need no registry).
command -v cargo >/dev/null 2>&1 || packages="$packages cargo rustc"

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
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\{0,1\}8$' &&
        [ "$sudo" != none ]; then
    $sudo localedef -i de_DE -f UTF-8 de_DE.UTF-8 2>/dev/null ||
        echo "deps.sh: could not generate de_DE.UTF-8; its test will skip" >&2
fi
exit 0
