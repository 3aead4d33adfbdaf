"""Finding libnn.so, declaring every nn.h function for ctypes, and turning
nn_status codes into exceptions.

Lookup order:
  1. $LIBNN_LIBRARY: an explicit path to the library (no fallback if it fails);
  2. the build tree: $LIBNN_BUILD_DIR, else the repository's build/ directory
     (when this package runs from a source checkout);
  3. the installed library: ctypes.util.find_library("nn"), then
     `pkg-config --variable=libdir nn`, then the plain soname.
"""

import ctypes
import ctypes.util
import os
import subprocess
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_double,
                    c_float, c_int, c_size_t, c_uint, c_uint64, c_void_p)
from pathlib import Path

from .errors import Error, make_error

# The nn.h this binding was written against.
EXPECTED_VERSION = (1, 1, 0)
SONAME = "libnn.so.%d" % EXPECTED_VERSION[0]

_REPO_ROOT = Path(__file__).resolve().parents[3]


def _candidates_in(directory):
    directory = Path(directory)
    return [directory / "libnn.so", directory / SONAME]


def _load_first(paths):
    errors = []
    for path in paths:
        if Path(path).exists():
            try:
                return ctypes.CDLL(str(path)), str(path)
            except OSError as exc:
                errors.append("%s: %s" % (path, exc))
    return None, errors


def _find_library():
    explicit = os.environ.get("LIBNN_LIBRARY")
    if explicit:
        try:
            return ctypes.CDLL(explicit), explicit
        except OSError as exc:
            raise ImportError("libnn: cannot load LIBNN_LIBRARY=%s: %s"
                              % (explicit, exc)) from None

    build_dir = os.environ.get("LIBNN_BUILD_DIR")
    if build_dir:
        lib, where = _load_first(_candidates_in(build_dir))
        if lib is None:
            raise ImportError("libnn: no loadable libnn.so in LIBNN_BUILD_DIR=%s%s"
                              % (build_dir, "".join("\n  " + e for e in where)))
        return lib, where
    if (_REPO_ROOT / "include" / "nn.h").exists():
        lib, where = _load_first(_candidates_in(_REPO_ROOT / "build"))
        if lib is not None:
            return lib, where

    tried = []
    name = ctypes.util.find_library("nn")
    if name:
        try:
            return ctypes.CDLL(name), name
        except OSError as exc:
            tried.append("%s: %s" % (name, exc))
    try:
        libdir = subprocess.run(["pkg-config", "--variable=libdir", "nn"],
                                capture_output=True, text=True, timeout=10,
                                check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        libdir = ""
    if libdir:
        lib, where = _load_first([Path(libdir) / SONAME, Path(libdir) / "libnn.so"])
        if lib is not None:
            return lib, where
        tried.extend(where)
    try:
        return ctypes.CDLL(SONAME), SONAME
    except OSError as exc:
        tried.append("%s: %s" % (SONAME, exc))
    raise ImportError(
        "libnn: cannot find the libnn shared library. Set LIBNN_LIBRARY to "
        "its path, LIBNN_BUILD_DIR to a meson build directory, or install "
        "libnn (meson install). Tried:" + "".join("\n  " + t for t in tried))


lib, library_path = _find_library()

# ---------------------------------------------------------------------------
# Types of nn.h

nn_status = c_int
nn_model_p = c_void_p
nn_dataset_p = c_void_p
c_float_p = POINTER(c_float)


class nn_epoch_logs(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("epoch", c_size_t),
        ("epochs", c_size_t),
        ("loss", c_float),
        ("accuracy", c_float),
        ("val_loss", c_float),
        ("val_accuracy", c_float),
        ("seconds", c_double),
    ]


nn_batch_callback = CFUNCTYPE(c_int, c_void_p, c_size_t, c_size_t, c_size_t,
                              c_float, c_float)
nn_epoch_callback = CFUNCTYPE(c_int, c_void_p, POINTER(nn_epoch_logs))


class nn_fit_options(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("shuffle", c_int),
        ("validation_split", c_float),
        ("val_x", c_float_p),
        ("val_y", c_float_p),
        ("val_n", c_size_t),
        ("verbose", c_int),
        ("monitor", c_int),
        ("patience", c_size_t),
        ("min_delta", c_float),
        ("restore_best_weights", c_int),
        ("on_batch", nn_batch_callback),
        ("on_batch_user", c_void_p),
        ("on_epoch", nn_epoch_callback),
        ("on_epoch_user", c_void_p),
        ("checkpoint_path", c_char_p),
        ("checkpoint_period", c_size_t),
        # since 1.1
        ("resume", c_int),
    ]


class _FitOptionsBuffer(Structure):
    """nn_fit_options with room to spare: nn_fit_options_init writes the
    library's sizeof, which a newer minor version may have grown."""
    _fields_ = [("opts", nn_fit_options), ("_spare", ctypes.c_char * 512)]


def check_version(number, path):
    """(major, minor, patch) of an NN_VERSION_NUMBER; ImportError unless the
    major version is the one this binding was written for."""
    info = (number // 10000, number // 100 % 100, number % 100)
    if info[0] != EXPECTED_VERSION[0]:
        raise ImportError("libnn: %s is version %d.%d.%d but this binding needs "
                          "libnn %d.x" % ((path,) + info + (EXPECTED_VERSION[0],)))
    return info


lib.nn_version_number.restype = c_int
lib.nn_version_number.argtypes = []
lib.nn_version_string.restype = c_char_p
lib.nn_version_string.argtypes = []
version_number = lib.nn_version_number()
version = lib.nn_version_string().decode()
VERSION_INFO = check_version(version_number, library_path)


# ---------------------------------------------------------------------------
# Declarations: (name, restype, argtypes, since)

_DECLS = [
    ("nn_version_string", c_char_p, [], 1.0),
    ("nn_version_number", c_int, [], 1.0),
    ("nn_status_string", c_char_p, [nn_status], 1.0),
    ("nn_status_name", c_char_p, [nn_status], 1.0),
    ("nn_last_error", c_char_p, [], 1.0),
    ("nn_model_create", nn_status, [POINTER(nn_model_p), c_size_t], 1.0),
    ("nn_model_destroy", None, [nn_model_p], 1.0),
    ("nn_model_add_dense", nn_status, [nn_model_p, c_size_t, c_int], 1.0),
    ("nn_model_add_dropout", nn_status, [nn_model_p, c_float], 1.0),
    ("nn_model_set_seed", nn_status, [nn_model_p, c_uint64], 1.0),
    ("nn_model_compile", nn_status, [nn_model_p, c_int, c_int, c_float], 1.0),
    ("nn_model_get_compile", nn_status,
     [nn_model_p, POINTER(c_int), POINTER(c_int)], 1.1),
    ("nn_model_set_param", nn_status, [nn_model_p, c_int, c_double], 1.0),
    ("nn_model_get_param", nn_status, [nn_model_p, c_int, POINTER(c_double)], 1.0),
    ("nn_param_bounds", nn_status,
     [c_int, POINTER(c_double), POINTER(c_double)], 1.0),
    ("nn_model_clone", nn_status, [nn_model_p, POINTER(nn_model_p)], 1.0),
    ("nn_fit_options_init", nn_status, [POINTER(nn_fit_options)], 1.0),
    ("nn_fit", nn_status,
     [nn_model_p, c_float_p, c_float_p, c_size_t, c_size_t, c_size_t,
      POINTER(nn_fit_options)], 1.0),
    ("nn_model_epochs_done", c_size_t, [nn_model_p], 1.1),
    ("nn_model_history_len", c_size_t, [nn_model_p], 1.0),
    ("nn_model_history_get", nn_status,
     [nn_model_p, c_size_t, c_int, c_float_p], 1.0),
    ("nn_predict", nn_status, [nn_model_p, c_float_p, c_size_t, c_float_p], 1.0),
    ("nn_evaluate", nn_status,
     [nn_model_p, c_float_p, c_float_p, c_size_t, c_float_p, c_float_p], 1.0),
    ("nn_model_input_dim", c_size_t, [nn_model_p], 1.0),
    ("nn_model_output_dim", c_size_t, [nn_model_p], 1.0),
    ("nn_model_layer_count", c_size_t, [nn_model_p], 1.0),
    ("nn_model_param_count", c_size_t, [nn_model_p], 1.0),
    ("nn_model_layer_kind", nn_status, [nn_model_p, c_size_t, POINTER(c_int)], 1.0),
    ("nn_model_layer_units", nn_status,
     [nn_model_p, c_size_t, POINTER(c_size_t)], 1.0),
    ("nn_model_layer_activation", nn_status,
     [nn_model_p, c_size_t, POINTER(c_int)], 1.0),
    ("nn_model_layer_dropout_rate", nn_status,
     [nn_model_p, c_size_t, c_float_p], 1.0),
    ("nn_model_get_weights", nn_status,
     [nn_model_p, c_size_t, c_float_p, c_float_p], 1.0),
    ("nn_model_set_weights", nn_status,
     [nn_model_p, c_size_t, c_float_p, c_float_p], 1.0),
    ("nn_model_save", nn_status, [nn_model_p, c_char_p], 1.0),
    ("nn_model_load", nn_status, [POINTER(nn_model_p), c_char_p], 1.0),
    ("nn_model_save_buffer", nn_status,
     [nn_model_p, POINTER(c_void_p), POINTER(c_size_t)], 1.0),
    ("nn_model_load_buffer", nn_status,
     [POINTER(nn_model_p), c_void_p, c_size_t], 1.0),
    ("nn_free", None, [c_void_p], 1.0),
    ("nn_model_set_metadata", nn_status, [nn_model_p, c_char_p, c_char_p], 1.1),
    ("nn_model_get_metadata", nn_status,
     [nn_model_p, c_char_p, POINTER(c_char_p)], 1.1),
    ("nn_model_metadata_count", c_size_t, [nn_model_p], 1.1),
    ("nn_model_metadata_at", nn_status,
     [nn_model_p, c_size_t, POINTER(c_char_p), POINTER(c_char_p)], 1.1),
    ("nn_dataset_load_idx", nn_status,
     [POINTER(nn_dataset_p), c_char_p, c_char_p, c_uint], 1.1),
    ("nn_dataset_load_csv", nn_status,
     [POINTER(nn_dataset_p), c_char_p, c_int, c_uint], 1.1),
    ("nn_dataset_destroy", None, [nn_dataset_p], 1.1),
    ("nn_dataset_rows", c_size_t, [nn_dataset_p], 1.1),
    ("nn_dataset_cols", c_size_t, [nn_dataset_p], 1.1),
    ("nn_dataset_x", c_float_p, [nn_dataset_p], 1.1),
    ("nn_dataset_y", c_float_p, [nn_dataset_p], 1.1),
    ("nn_dataset_classes", c_size_t, [nn_dataset_p], 1.1),
    ("nn_dataset_normalize", nn_status, [nn_dataset_p, c_float_p, c_float_p], 1.1),
    ("nn_dataset_apply_range", nn_status,
     [nn_dataset_p, c_float_p, c_float_p], 1.1),
    ("nn_set_num_threads", None, [c_int], 1.0),
    ("nn_get_num_threads", c_int, [], 1.0),
]

DECLARED = tuple(name for name, *_ in _DECLS)

for _name, _restype, _argtypes, _since in _DECLS:
    try:
        _fn = getattr(lib, _name)
    except AttributeError:
        if _since <= 1.0:
            raise ImportError("libnn: %s lacks %s, which every libnn 1.x has"
                              % (library_path, _name)) from None
        continue  # a 1.0 library: the 1.1 functions raise UnsupportedError
    _fn.restype = _restype
    _fn.argtypes = _argtypes
del _name, _restype, _argtypes, _since


# A 1.0 library has fewer functions and a shorter nn_fit_options.
FIT_OPTIONS_SIZE_1_0 = nn_fit_options.resume.offset


def has(name):
    """Whether the loaded library exports nn.h function ``name``."""
    return hasattr(lib, name) and getattr(lib, name).argtypes is not None


def require(name):
    if not has(name):
        from .errors import UnsupportedError
        raise UnsupportedError("%s needs libnn >= 1.1 (loaded: %s)" % (name, version))
    return getattr(lib, name)


# ---------------------------------------------------------------------------
# Errors

def last_error():
    return lib.nn_last_error().decode("utf-8", "replace")


def check(status):
    """Raises the exception for a non-zero nn_status, with nn_last_error()."""
    if status != 0:
        raise make_error(status, last_error() or
                         lib.nn_status_string(status).decode())


def fptr(array):
    """A float* to the data of a C-contiguous float32 array (None -> NULL)."""
    if array is None:
        return None
    return array.ctypes.data_as(c_float_p)


__all__ = ["lib", "library_path", "version", "version_number", "check",
           "last_error", "Error"]
