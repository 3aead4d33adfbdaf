#!/bin/sh
# deps.sh - installs the Debian packages libnn needs to build and test,
# skipping those already present. Run as root (or with sudo available).
set -eu

packages="meson ninja-build pkg-config gcc g++ libopenblas-dev libcmocka-dev
zlib1g-dev abigail-tools python3 valgrind libcairo2-dev fonts-dejavu-core
dataset-fashion-mnist bsdutils"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "deps.sh: missing packages:$missing; install them as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
