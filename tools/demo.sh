#!/bin/sh
# demo.sh - the main job: installs what is missing, builds libnn and the nn
# tool, then trains the origin-story network (784 -> 10 relu -> 10 relu ->
# 10 softmax, Adam, sparse categorical cross-entropy, 5 epochs, batch 32)
# on Fashion-MNIST's 60,000 images, reports the accuracy on its 10,000 test
# images, and saves the model and a plot of the training curves.
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh
# The demo needs no test framework; tools/test.sh turns the tests on.
[ -f build/build.ninja ] || meson setup build -Dwerror=true -Dtests=false >/dev/null
ninja -C build >/dev/null

data=/usr/share/datasets/fashion-mnist
out=build/demo
mkdir -p "$out"
./build/cli/nn train \
    --images "$data/train-images-idx3-ubyte.gz" \
    --labels "$data/train-labels-idx1-ubyte.gz" \
    --test-images "$data/t10k-images-idx3-ubyte.gz" \
    --test-labels "$data/t10k-labels-idx1-ubyte.gz" \
    --normalize --layers 10:relu,10:relu,10:softmax \
    --optimizer adam --epochs 5 --batch-size 32 --validation-split 0.1 \
    --seed 1 --output "$out/fashion-mnist.nnm" --plot "$out/curves.png"
echo
./build/cli/nn summary "$out/fashion-mnist.nnm"
echo
echo "model:  $(pwd)/$out/fashion-mnist.nnm   (nn info, nn eval, nn predict read it)"
echo "curves: $(pwd)/$out/curves.png"

# And a picture: a CPPN found by `nn art evolve`, scored against what is
# known of human aesthetic preference (docs/ART.md).
echo
./build/cli/nn art cppn --seed 739733016 --depth 6 --sigma 1.37 --out-sigma 0.83 \
    --scale 1.53 --activations gaussian,tanh,softplus,tanh,gaussian,tanh \
    --size 1024 -o "$out/art.png" --score
echo "art:    $(pwd)/$out/art.png   (nn art score; docs/ART.md)"
