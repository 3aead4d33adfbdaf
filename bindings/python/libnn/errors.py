"""Exceptions raised by libnn, one class per nn_status.

The table below mirrors NN_STATUS_MAP in nn.h (names, values and texts); the
test suite parses nn.h and asks the loaded library to check they still agree.
"""

__all__ = [
    "STATUSES", "Error", "InvalidArgumentError", "NoMemoryError", "StateError",
    "IOError", "FormatError", "NumericError", "CancelledError",
    "UnsupportedError", "error_class", "make_error",
]

# (name, value, text), exactly as NN_STATUS_MAP in nn.h.
STATUSES = (
    ("NN_OK", 0, "success"),
    ("NN_ERR_INVALID_ARG", 1, "invalid argument"),
    ("NN_ERR_NOMEM", 2, "out of memory"),
    ("NN_ERR_STATE", 3, "call not valid in the model's current state"),
    ("NN_ERR_IO", 4, "input/output error"),
    ("NN_ERR_FORMAT", 5, "malformed or unsupported data format"),
    ("NN_ERR_NUMERIC", 6, "non-finite number (NaN or infinity)"),
    ("NN_ERR_CANCELLED", 7, "cancelled by a callback"),
    ("NN_ERR_UNSUPPORTED", 8, "unsupported combination or operation"),
)


class Error(Exception):
    """Base class of every libnn failure.

    ``status`` is the nn_status value, ``status_name`` its enumerator name
    ("NN_ERR_IO") and ``message`` the library's nn_last_error() text (or the
    binding's own message when the check happened in Python)."""

    status = None
    status_name = None

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
            self.status_name = _NAMES.get(status, "NN_UNKNOWN")

    def __str__(self):
        return self.message


class InvalidArgumentError(Error, ValueError):
    """NN_ERR_INVALID_ARG: an argument is out of range or inconsistent."""


class NoMemoryError(Error, MemoryError):
    """NN_ERR_NOMEM: the library could not allocate memory."""


class StateError(Error, RuntimeError):
    """NN_ERR_STATE: the call is not valid in the model's current state."""


class IOError(Error, OSError):  # noqa: A001 - libnn.IOError, an OSError
    """NN_ERR_IO: a file could not be read or written."""


class FormatError(Error):
    """NN_ERR_FORMAT: malformed or unsupported file or data format."""


class NumericError(Error, ArithmeticError):
    """NN_ERR_NUMERIC: a NaN or infinity in the data, or training diverged."""


class CancelledError(Error):
    """NN_ERR_CANCELLED: a callback cancelled nn_fit."""


class UnsupportedError(Error):
    """NN_ERR_UNSUPPORTED: an unsupported combination (loss/activation...)."""


_CLASS_BY_NAME = {
    "NN_ERR_INVALID_ARG": InvalidArgumentError,
    "NN_ERR_NOMEM": NoMemoryError,
    "NN_ERR_STATE": StateError,
    "NN_ERR_IO": IOError,
    "NN_ERR_FORMAT": FormatError,
    "NN_ERR_NUMERIC": NumericError,
    "NN_ERR_CANCELLED": CancelledError,
    "NN_ERR_UNSUPPORTED": UnsupportedError,
}

_NAMES = {value: name for name, value, _ in STATUSES}
_CLASS_BY_VALUE = {}
for _name, _value, _text in STATUSES:
    if _value != 0:
        _cls = _CLASS_BY_NAME[_name]
        _cls.status, _cls.status_name = _value, _name
        _CLASS_BY_VALUE[_value] = _cls
del _name, _value, _text, _cls


def error_class(status):
    """The exception class for an nn_status value (Error for unknown ones,
    e.g. a code added by a newer library)."""
    return _CLASS_BY_VALUE.get(int(status), Error)


def make_error(status, message):
    """An exception instance for ``status`` carrying ``message``."""
    return error_class(status)(message, int(status))
