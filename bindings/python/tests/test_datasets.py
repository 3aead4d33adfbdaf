"""Data set loaders: IDX and CSV through libnn, copied out to NumPy."""

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

import libnn
from libnn import datasets


def write_idx(path, array, compress=False):
    codes = {np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C,
             np.float32: 0x0D, np.float64: 0x0E}
    code = codes[array.dtype.type]
    head = struct.pack(">BBBB", 0, 0, code, array.ndim) + \
        struct.pack(">%dI" % array.ndim, *array.shape)
    body = array.astype(array.dtype.newbyteorder(">")).tobytes()
    data = head + body
    path = Path(path)
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


@pytest.mark.parametrize("compress", [False, True])
def test_load_idx(tmp_path, compress):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(12, 4, 3)).astype(np.uint8)
    labels = rng.integers(0, 10, size=12).astype(np.uint8)
    ipath = write_idx(tmp_path / "img.idx", images, compress)
    lpath = write_idx(tmp_path / "lab.idx", labels, compress)
    x, y = datasets.load_idx(ipath, lpath)
    assert x.shape == (12, 12) and x.dtype == np.float32 and x.flags.c_contiguous
    np.testing.assert_allclose(x, images.reshape(12, -1) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(y, labels.astype(np.float32))
    raw, none = datasets.load_idx(str(ipath), normalize=False)
    assert none is None
    np.testing.assert_array_equal(raw, images.reshape(12, -1))
    x.setflags(write=True)      # our own copy
    x[0, 0] = -1


def test_load_idx_errors(tmp_path):
    images = np.zeros((5, 2, 2), np.uint8)
    ipath = write_idx(tmp_path / "img.idx", images)
    lpath = write_idx(tmp_path / "lab.idx", np.zeros(4, np.uint8))
    with pytest.raises(libnn.FormatError, match="lab.idx|count"):
        datasets.load_idx(ipath, lpath)
    truncated = tmp_path / "trunc.idx"
    truncated.write_bytes(ipath.read_bytes()[:-3])
    with pytest.raises(libnn.FormatError, match="trunc.idx"):
        datasets.load_idx(truncated)
    with pytest.raises(libnn.IOError, match="missing.idx") as info:
        datasets.load_idx(tmp_path / "missing.idx")
    assert isinstance(info.value, OSError)


def test_load_csv(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,b,label\n1,2,0\n3,4.5,1\n-1,0,2\n")
    x, y = datasets.load_csv(path)
    np.testing.assert_array_equal(x, [[1, 2], [3, 4.5], [-1, 0]])
    np.testing.assert_array_equal(y, [0, 1, 2])
    x, y = datasets.load_csv(path, label_column=0)
    np.testing.assert_array_equal(y, [1, 3, -1])
    x, y = datasets.load_csv(path, label_column=None)
    assert x.shape == (3, 3) and y is None
    x, y = datasets.load_csv(path, normalize=True)
    np.testing.assert_allclose(x, [[0.5, 2 / 4.5], [1, 1], [0, 0]], rtol=1e-6)
    numeric = tmp_path / "n.csv.gz"
    numeric.write_bytes(gzip.compress(b"1,2,3\n4,5,6\n"))
    x, y = datasets.load_csv(numeric)                     # no header detected
    assert x.shape == (2, 2)
    x, y = datasets.load_csv(numeric, header=True)        # forced
    assert x.shape == (1, 2) and y[0] == 6
    ragged = tmp_path / "r.csv"
    ragged.write_text("1,2,3\n4,5\n")
    with pytest.raises(libnn.FormatError, match=r"r.csv:2: 2 fields"):
        datasets.load_csv(ragged)
    with pytest.raises(libnn.InvalidArgumentError):
        datasets.load_csv(path, label_column=-5)


def test_loaded_data_trains(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 3))
    y = (x[:, 0] + x[:, 1] > 0).astype(int)
    path = tmp_path / "t.csv"
    np.savetxt(path, np.column_stack([x, y]), delimiter=",", fmt="%.6f")
    x, y = datasets.load_csv(path)
    m = libnn.Sequential([libnn.Dense(2, activation="softmax")], input_dim=3)
    m.compile(optimizer=libnn.Adam(learning_rate=0.05),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=20, verbose=0)
    assert m.evaluate(x, y)[1] > 0.95


def test_fashion_mnist_missing_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "FASHION_MNIST_DIR", str(tmp_path / "nowhere"))
    monkeypatch.delenv("LIBNN_FASHION_MNIST", raising=False)
    with pytest.raises(libnn.IOError, match="apt-get install dataset-fashion-mnist"):
        datasets.fashion_mnist()
    with pytest.raises(OSError, match="give the directory"):
        datasets.fashion_mnist(path=tmp_path)


@pytest.mark.skipif(not Path(datasets.FASHION_MNIST_DIR).is_dir(),
                    reason="Fashion-MNIST is not installed "
                           "(apt-get install dataset-fashion-mnist)")
def test_fashion_mnist():
    (x, y), (xt, yt) = datasets.fashion_mnist()
    assert x.shape == (60000, 784) and xt.shape == (10000, 784)
    assert y.shape == (60000,) and set(np.unique(yt)) == set(range(10))
    assert 0.0 <= x.min() and x.max() <= 1.0
