"""libnn: Keras-style dense networks trained by libnn (ctypes binding).

    from libnn import Sequential, Dense
    model = Sequential([Dense(10, activation="relu"),
                        Dense(10, activation="softmax")], input_dim=784)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=5, batch_size=32)
"""

from ctypes import byref, c_double

from . import _lib
from ._enums import PARAMS
from .errors import (CancelledError, Error, FormatError, InvalidArgumentError,
                     IOError, NoMemoryError, NumericError, StateError,
                     UnsupportedError)
from . import callbacks, datasets, layers, optimizers  # noqa: E402
from .callbacks import Callback, EarlyStopping, History, LambdaCallback
from .layers import Dense, Dropout, Input
from .models import Sequential, load_model
from .optimizers import SGD, Adam, AdamW, RMSprop

__version__ = "1.1.0"
#: the loaded library's version, e.g. "1.1.0", and as a tuple
version = _lib.version
version_info = _lib.VERSION_INFO
#: where the shared library was loaded from
library_path = _lib.library_path


def set_num_threads(n):
    """OpenBLAS' thread count for the whole process (n <= 0: its default)."""
    _lib.lib.nn_set_num_threads(int(n))


def get_num_threads():
    return _lib.lib.nn_get_num_threads()


def param_bounds(name):
    """The closed range (min, max) libnn accepts for a hyper-parameter."""
    if name not in PARAMS:
        raise InvalidArgumentError("unknown parameter %r" % (name,))
    lo, hi = c_double(), c_double()
    _lib.check(_lib.lib.nn_param_bounds(PARAMS[name], byref(lo), byref(hi)))
    return lo.value, hi.value


__all__ = [
    "Sequential", "load_model", "Dense", "Dropout", "Input", "SGD", "Adam",
    "AdamW", "RMSprop", "Callback", "EarlyStopping", "History",
    "LambdaCallback", "Error", "InvalidArgumentError", "NoMemoryError",
    "StateError", "IOError", "FormatError", "NumericError", "CancelledError",
    "UnsupportedError", "callbacks", "datasets", "layers", "optimizers",
    "set_num_threads", "get_num_threads", "param_bounds", "version",
    "version_info", "library_path",
]
