#!/bin/sh
# demo.sh - the main job: installs what is missing, builds libnn and trains
# the origin-story network (784-10-10-10, Adam, sparse categorical
# cross-entropy, 5 epochs, batch 32).
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh
[ -f build/build.ninja ] || meson setup build -Dwerror=true >/dev/null
ninja -C build
./build/examples/origin_story build/origin_story.nnm
