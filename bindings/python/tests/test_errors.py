"""Errors: every nn_status maps to its exception class, reached through the
library; and the binding's tables match nn.h (drift tests)."""

import ctypes
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import libnn
from libnn import _enums, _lib, errors
from libnn.layers import Dense

EXPECTED_CLASSES = {
    "NN_ERR_INVALID_ARG": (libnn.InvalidArgumentError, ValueError),
    "NN_ERR_NOMEM": (libnn.NoMemoryError, MemoryError),
    "NN_ERR_STATE": (libnn.StateError, RuntimeError),
    "NN_ERR_IO": (libnn.IOError, OSError),
    "NN_ERR_FORMAT": (libnn.FormatError, libnn.Error),
    "NN_ERR_NUMERIC": (libnn.NumericError, ArithmeticError),
    "NN_ERR_CANCELLED": (libnn.CancelledError, libnn.Error),
    "NN_ERR_UNSUPPORTED": (libnn.UnsupportedError, libnn.Error),
}


def _model(input_dim=4, out="softmax", units=3):
    m = libnn.Sequential([Dense(5, activation="relu"), Dense(units, activation=out)],
                         input_dim=input_dim)
    return m


# -- triggers: one real library failure per status ----------------------------

def trigger_invalid_arg(tmp_path):
    m = _model()
    m.set_param("momentum", 1.5)


def trigger_nomem(tmp_path):
    # in a child process whose address space is capped just above its size
    code = textwrap.dedent("""
        import resource, sys
        import libnn
        from libnn import Sequential, Dense
        m = Sequential([Dense(30000, activation="relu")], input_dim=30000)
        with open("/proc/self/status") as f:
            vm = [int(l.split()[1]) * 1024 for l in f if l.startswith("VmSize")][0]
        resource.setrlimit(resource.RLIMIT_AS, (vm + (256 << 20),) * 2)
        try:
            m.compile(optimizer="adam", loss="mse")   # 30000 x 30000 weights
        except libnn.NoMemoryError as e:
            print("NoMemoryError", e.status, e.status_name, isinstance(e, MemoryError))
            print(e)
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    # cwd: not a build directory, whose libnn.so Python would take for an
    # extension module named libnn
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, env=env, timeout=120, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    first, message = out.stdout.splitlines()[:2]
    assert first == "NoMemoryError 2 NN_ERR_NOMEM True"
    assert message.startswith("nn_")
    raise libnn.NoMemoryError(message, 2)  # re-raised here for the table


def trigger_state(tmp_path):
    m = _model()
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    m.add(Dense(2))  # the library refuses layers once weights exist


def trigger_io(tmp_path):
    libnn.load_model(tmp_path / "no-such-file.nnm")


def trigger_format(tmp_path):
    path = tmp_path / "garbage.nnm"
    path.write_bytes(b"this is not a model file at all" * 4)
    libnn.load_model(path)


def trigger_numeric(tmp_path):
    m = _model()
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x = np.zeros((8, 4), np.float32)
    x[5, 2] = np.nan
    m.fit(x, np.zeros(8), epochs=1, verbose=0)


def trigger_cancelled(tmp_path):
    # straight through ctypes: a batch callback returning non-zero (the
    # binding's own fit turns cancellations into stop/KeyboardInterrupt/the
    # callback's exception)
    m = _model()
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    buf = _lib._FitOptionsBuffer()
    _lib.check(_lib.lib.nn_fit_options_init(ctypes.byref(buf.opts)))
    cb = _lib.nn_batch_callback(lambda *args: 1)
    buf.opts.on_batch = cb
    x = np.zeros((8, 4), np.float32)
    y = np.zeros(8, np.float32)
    _lib.check(_lib.lib.nn_fit(m._ptr, _lib.fptr(x), _lib.fptr(y), 8, 1, 4,
                               ctypes.byref(buf.opts)))


def trigger_unsupported(tmp_path):
    m = _model(out="softmax")
    m.compile(optimizer="adam", loss="binary_crossentropy")


TRIGGERS = {
    "NN_ERR_INVALID_ARG": (trigger_invalid_arg, "nn_model_set_param"),
    "NN_ERR_NOMEM": (trigger_nomem, "nn_"),
    "NN_ERR_STATE": (trigger_state, "nn_model_add_dense"),
    "NN_ERR_IO": (trigger_io, "nn_model_load"),
    "NN_ERR_FORMAT": (trigger_format, "nn_model_load"),
    "NN_ERR_NUMERIC": (trigger_numeric, "nn_fit"),
    "NN_ERR_CANCELLED": (trigger_cancelled, "nn_fit: cancelled"),
    "NN_ERR_UNSUPPORTED": (trigger_unsupported, "nn_model_compile"),
}


@pytest.mark.parametrize("name", sorted(TRIGGERS))
def test_every_status_is_reachable(name, tmp_path):
    trigger, prefix = TRIGGERS[name]
    cls, builtin = EXPECTED_CLASSES[name]
    with pytest.raises(cls) as info:
        trigger(tmp_path)
    err = info.value
    assert type(err) is cls
    assert isinstance(err, builtin) and isinstance(err, libnn.Error)
    assert err.status_name == name
    assert err.status == dict((n, v) for n, v, _ in errors.STATUSES)[name]
    assert str(err).startswith(prefix), str(err)   # nn_last_error()'s text


def test_every_status_in_nn_h_has_a_trigger(nn_h):
    names = {n for n, _, _ in parse_status_map(nn_h)} - {"NN_OK"}
    assert names == set(TRIGGERS), "new statuses need a trigger and a class"


def test_unknown_status_is_the_base_class():
    err = errors.make_error(99, "from the future")
    assert type(err) is libnn.Error and err.status == 99
    assert err.status_name == "NN_UNKNOWN"


def test_messages_name_the_function_and_argument():
    m = _model()
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.raises(libnn.InvalidArgumentError, match=r"nn_fit: label 7 .*row 2"):
        m.fit(np.zeros((4, 4)), np.array([0, 1, 7, 0]), verbose=0)


def test_python_side_checks_raise_the_same_classes():
    m = _model()
    with pytest.raises(libnn.InvalidArgumentError, match="features per row"):
        m.predict(np.zeros((2, 5)))
    with pytest.raises(libnn.StateError, match="not compiled"):
        m.fit(np.zeros((2, 4)), np.zeros(2))
    with pytest.raises(libnn.InvalidArgumentError, match="unknown activation"):
        Dense(3, activation="swish")
    with pytest.raises(ValueError):
        libnn.Dropout(1.0)


# -- drift: the Python tables against nn.h and the loaded library -------------

def parse_status_map(text):
    body = text[text.index("#define NN_STATUS_MAP"):]
    body = body[:body.index("typedef enum nn_status")]
    return [(n, int(v), s) for n, v, s in
            re.findall(r'XX\((NN_\w+),\s*(\d+),\s*"([^"]*)"\)', body)]


def test_status_table_matches_nn_h(nn_h):
    assert tuple(parse_status_map(nn_h)) == errors.STATUSES


def test_status_table_matches_the_library():
    for name, value, text in errors.STATUSES:
        assert _lib.lib.nn_status_name(value).decode() == name
        assert _lib.lib.nn_status_string(value).decode() == text
    assert _lib.lib.nn_status_name(len(errors.STATUSES)).decode() == "NN_UNKNOWN"


def _enum(text, prefix):
    return {n: int(v) for n, v in re.findall(r"\b(%s\w+)\s*=\s*(\d+)" % prefix, text)}


@pytest.mark.parametrize("prefix,table", [
    ("NN_ACT_", _enums.ACTIVATIONS), ("NN_OPT_", _enums.OPTIMIZERS),
    ("NN_LOSS_", _enums.LOSSES), ("NN_METRIC_", _enums.METRICS),
    ("NN_LAYER_", _enums.LAYER_KINDS),
])
def test_enums_match_nn_h(nn_h, prefix, table):
    expected = {prefix + k.upper(): v for k, v in table.items()}
    assert _enum(nn_h, prefix) == expected


def test_params_and_flags_match_nn_h(nn_h):
    assert _enum(nn_h, "NN_PARAM_") == {
        _enums.PARAM_ENUMS[k]: v for k, v in _enums.PARAMS.items()}
    assert _enum(nn_h, "NN_DATASET_") == {
        "NN_DATASET_" + k: v for k, v in _enums.DATASET_FLAGS.items()}
    for name, count in _enums.COUNTS.items():
        assert re.search(r"#define %s (\d+)" % name, nn_h).group(1) == str(count)
    assert re.search(r"#define NN_CSV_LABEL_LAST \((-\d+)\)", nn_h).group(1) == \
        str(_enums.CSV_LABEL_LAST)
    assert re.search(r"#define NN_CSV_NO_LABEL \((-\d+)\)", nn_h).group(1) == \
        str(_enums.CSV_NO_LABEL)


def test_every_function_of_nn_h_is_declared(nn_h):
    functions = set(re.findall(r"NN_API[^;(]*?\b(nn_\w+)\s*\(", nn_h))
    assert len(functions) > 50
    assert functions == set(_lib.DECLARED)
    for name in _lib.DECLARED:
        fn = getattr(_lib.lib, name)
        assert fn.argtypes is not None, name


def _struct_fields(text, name):
    body = text[text.index("typedef struct %s {" % name):]
    body = body[body.index("{") + 1:body.index("} %s;" % name)]
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    fields = []
    for decl in body.split(";"):
        decl = decl.strip()
        if decl:
            parts = [p.strip() for p in decl.split(",")]
            fields.append(parts[0].split()[-1].lstrip("*"))
            fields.extend(p.lstrip("*") for p in parts[1:])
    return fields


def test_structs_match_nn_h(nn_h):
    for struct in (_lib.nn_fit_options, _lib.nn_epoch_logs):
        assert _struct_fields(nn_h, struct.__name__) == [f for f, _ in struct._fields_]
    # and the library's sizeof is ours
    buf = _lib._FitOptionsBuffer()
    _lib.check(_lib.lib.nn_fit_options_init(ctypes.byref(buf.opts)))
    assert buf.opts.struct_size == ctypes.sizeof(_lib.nn_fit_options)
    assert buf.opts.shuffle == 1 and buf.opts.checkpoint_period == 1


def test_epoch_logs_size_matches_the_library():
    sizes = []
    m = _model()
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    buf = _lib._FitOptionsBuffer()
    _lib.check(_lib.lib.nn_fit_options_init(ctypes.byref(buf.opts)))

    def on_epoch(user, logs):
        sizes.append((logs.contents.struct_size, logs.contents.epoch, logs.contents.epochs))
        return 0
    cb = _lib.nn_epoch_callback(on_epoch)
    buf.opts.on_epoch = cb
    x, y = np.zeros((8, 4), np.float32), np.zeros(8, np.float32)
    _lib.check(_lib.lib.nn_fit(m._ptr, _lib.fptr(x), _lib.fptr(y), 8, 2, 4,
                               ctypes.byref(buf.opts)))
    assert sizes == [(ctypes.sizeof(_lib.nn_epoch_logs), 0, 2),
                     (ctypes.sizeof(_lib.nn_epoch_logs), 1, 2)]


def test_version_check():
    assert libnn.version_info[0] == _lib.EXPECTED_VERSION[0]
    assert _lib.check_version(10000, "x") == (1, 0, 0)
    assert _lib.check_version(10203, "x") == (1, 2, 3)
    with pytest.raises(ImportError, match="needs libnn 1.x"):
        _lib.check_version(20000, "libnn.so.2")
    with pytest.raises(ImportError):
        _lib.check_version(9900, "libnn.so.0")


def test_version_matches_nn_h(nn_h):
    major, minor, patch = (int(re.search(r"#define NN_VERSION_%s (\d+)" % k, nn_h).group(1))
                           for k in ("MAJOR", "MINOR", "PATCH"))
    assert _lib.EXPECTED_VERSION == (major, minor, patch)
    assert libnn.version_info == (major, minor, patch)


def _import_with(env_changes):
    env = {k: v for k, v in os.environ.items()
           if k not in ("LIBNN_LIBRARY", "LIBNN_BUILD_DIR")}
    env.update(env_changes)
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    return subprocess.run([sys.executable, "-c",
                           "import libnn; print(libnn.library_path)"],
                          capture_output=True, text=True, env=env, timeout=60,
                          cwd=os.path.dirname(__file__))


def test_library_lookup():
    here = _lib.library_path
    out = _import_with({"LIBNN_LIBRARY": "/nonexistent/libnn.so"})
    assert out.returncode != 0 and "LIBNN_LIBRARY=/nonexistent/libnn.so" in out.stderr
    build = os.path.dirname(os.path.abspath(here))
    out = _import_with({"LIBNN_BUILD_DIR": build})
    assert out.returncode == 0, out.stderr
    assert os.path.dirname(out.stdout.strip()) == build
    out = _import_with({"LIBNN_BUILD_DIR": "/nonexistent"})
    assert out.returncode != 0 and "LIBNN_BUILD_DIR" in out.stderr
