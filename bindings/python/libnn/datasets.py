"""Data set loaders: IDX (MNIST's format) and CSV files, plain or gzip,
through libnn's loaders; the arrays are copied out of the nn_dataset, which
is freed before returning."""

import os
from ctypes import byref, c_void_p
from pathlib import Path

import numpy as np

from . import _lib
from ._enums import CSV_LABEL_LAST, CSV_NO_LABEL, DATASET_FLAGS
from ._lib import check
from .errors import IOError as _IOError
from .errors import InvalidArgumentError

__all__ = ["load_idx", "load_csv", "fashion_mnist", "FASHION_MNIST_DIR"]

FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"


def _copy_out(ptr):
    """(x, y, classes) copied out of an nn_dataset*, which is destroyed."""
    lib = _lib.lib
    try:
        rows, cols = lib.nn_dataset_rows(ptr), lib.nn_dataset_cols(ptr)
        x = np.empty((rows, cols), np.float32)
        if rows * cols:
            np.copyto(x, np.ctypeslib.as_array(lib.nn_dataset_x(ptr),
                                               (rows * cols,)).reshape(rows, cols))
        y_ptr = lib.nn_dataset_y(ptr)
        y = None
        if y_ptr:
            y = np.ctypeslib.as_array(y_ptr, (rows,)).copy() if rows else \
                np.empty(0, np.float32)
        return x, y, lib.nn_dataset_classes(ptr)
    finally:
        lib.nn_dataset_destroy(ptr)


def load_idx(images, labels=None, normalize=True):
    """Loads an IDX images file (n x d1 x d2 ... read as n rows of d1*d2*...
    float32 features) and its labels file; returns (x, y), y None without a
    labels file. normalize scales integer types by their range (bytes:
    x / 255), other types by each column's min and max."""
    ptr = c_void_p()
    flags = DATASET_FLAGS["NORMALIZE"] if normalize else DATASET_FLAGS["DEFAULT"]
    check(_lib.require("nn_dataset_load_idx")(
        byref(ptr), os.fsencode(images),
        None if labels is None else os.fsencode(labels), flags))
    x, y, _ = _copy_out(ptr.value)
    return x, y


def load_csv(path, label_column="last", header=None, normalize=False):
    """Loads a CSV file of numbers; returns (x, y).

    label_column: "last" (default), a 0-based column index, or None when
    every column is a feature (y is then None). header: None detects a
    header line (a first line with a field that is not a number), True/False
    force it. normalize scales each feature column to [0, 1] by its min and
    max."""
    if label_column == "last":
        column = CSV_LABEL_LAST
    elif label_column is None:
        column = CSV_NO_LABEL
    elif isinstance(label_column, int) and label_column >= 0:
        column = label_column
    else:
        raise InvalidArgumentError("load_csv: label_column must be 'last', None "
                                   "or a column index >= 0, got %r" % (label_column,))
    flags = DATASET_FLAGS["NORMALIZE"] if normalize else 0
    if header is True:
        flags |= DATASET_FLAGS["CSV_HEADER"]
    elif header is False:
        flags |= DATASET_FLAGS["CSV_NO_HEADER"]
    ptr = c_void_p()
    check(_lib.require("nn_dataset_load_csv")(byref(ptr), os.fsencode(path),
                                              column, flags))
    x, y, _ = _copy_out(ptr.value)
    return x, y


def fashion_mnist(path=None, normalize=True):
    """Fashion-MNIST as ((x_train, y_train), (x_test, y_test)), like
    keras.datasets.fashion_mnist.load_data() but with flat rows of 784
    float32 features (scaled to [0, 1] unless normalize=False) and float32
    labels 0..9. Reads Debian's dataset-fashion-mnist package
    (/usr/share/datasets/fashion-mnist) unless ``path`` names a directory
    with the four IDX files."""
    base = Path(path if path is not None else
                os.environ.get("LIBNN_FASHION_MNIST", FASHION_MNIST_DIR))
    names = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    files = []
    for name in names:
        for candidate in (base / (name + ".gz"), base / name):
            if candidate.is_file():
                files.append(candidate)
                break
        else:
            hint = ("install it with `apt-get install dataset-fashion-mnist`"
                    if path is None else "give the directory holding it")
            raise _IOError("fashion_mnist: %s(.gz) not found in %s; %s"
                           % (name, base, hint), _IOError.status)
    train = load_idx(files[0], files[1], normalize=normalize)
    test = load_idx(files[2], files[3], normalize=normalize)
    return train, test
