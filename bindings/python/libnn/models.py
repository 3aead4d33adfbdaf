"""Sequential models: a Keras-shaped front end to nn_model."""

import ctypes
import itertools
import math
import numbers
import os
import signal
import threading
import weakref
from collections.abc import MutableMapping
from ctypes import byref, c_char_p, c_double, c_float, c_int, c_size_t, c_void_p

import numpy as np

from . import _lib
from . import callbacks as _callbacks
from . import optimizers as _optimizers
from ._enums import (ACTIVATION_NAMES, ACTIVATIONS, CROSS_ENTROPY, LAYER_KINDS, LOSS_ALIASES,
                     LOSS_NAMES, LOSSES, METRICS, PARAMS)
from ._lib import check, fptr, lib
from .errors import (CancelledError, InvalidArgumentError, NumericError,
                     StateError, UnsupportedError)
from .layers import Dense, Dropout, Input, Layer, _input_width

__all__ = ["Sequential", "load_model", "Metadata"]

_SCCE = LOSSES["sparse_categorical_crossentropy"]
_ACCURACY_NAMES = {"accuracy", "acc", "sparse_categorical_accuracy",
                   "categorical_accuracy", "binary_accuracy"}
_model_names = itertools.count()


# ---------------------------------------------------------------------------
# arrays

def _as_f32(a):
    """A C-contiguous, aligned float32 array: ``a`` itself when it already is
    one (zero copy), else one converted copy."""
    if isinstance(a, np.ndarray):
        return np.require(a, np.float32, ["C_CONTIGUOUS", "ALIGNED"])
    return np.array(a, dtype=np.float32, order="C")


def _matrix(a, name, where):
    if a is None:
        raise InvalidArgumentError("%s: %s is required" % (where, name))
    arr = _as_f32(a)
    if arr.ndim != 2:
        raise InvalidArgumentError(
            "%s: %s must be a 2-D array (rows x features), got shape %s%s"
            % (where, name, arr.shape, "; flatten images with "
               "x.reshape(len(x), -1)" if arr.ndim > 2 else ""))
    return arr


def _int_arg(value, name, where, minimum=0):
    if (not isinstance(value, numbers.Integral) or isinstance(value, bool)
            or value < minimum):
        raise InvalidArgumentError("%s: %s must be an integer >= %d, got %r"
                                   % (where, name, minimum, value))
    return int(value)


def _loss_code(loss):
    if isinstance(loss, numbers.Integral) and not isinstance(loss, bool):
        if loss in LOSS_NAMES:
            return int(loss)
    elif isinstance(loss, str):
        key = LOSS_ALIASES.get(loss.lower(), loss.lower())
        if key in LOSSES:
            return LOSSES[key]
    raise InvalidArgumentError("unknown loss %r; libnn has %s"
                               % (loss, ", ".join(LOSSES)))


# ---------------------------------------------------------------------------
# metadata

class Metadata(MutableMapping):
    """The model's key/value strings (``model.metadata["dataset"] = "..."``),
    kept in insertion order and saved with the model."""

    def __init__(self, model):
        self._model = model

    def _ptr(self):
        self._model._try_build()
        return self._model._ptr

    @staticmethod
    def _encode(text, what):
        if not isinstance(text, str):
            raise TypeError("metadata %ss must be str, got %s"
                            % (what, type(text).__name__))
        data = text.encode("utf-8")
        if b"\0" in data:
            raise InvalidArgumentError("metadata %s contains a NUL character"
                                       % what)
        return data

    def __getitem__(self, key):
        ptr = self._ptr()
        if ptr is None:
            return self._model._pending_meta[key]
        value = c_char_p()
        check(_lib.require("nn_model_get_metadata")(
            ptr, self._encode(key, "key"), byref(value)))
        if value.value is None:
            raise KeyError(key)
        return value.value.decode("utf-8", "replace")

    def __setitem__(self, key, value):
        ptr = self._ptr()
        k, v = self._encode(key, "key"), self._encode(value, "value")
        if ptr is None:
            if not 1 <= len(k) <= 255:
                raise InvalidArgumentError("metadata keys are 1 to 255 bytes")
            self._model._pending_meta[key] = value
            return
        check(_lib.require("nn_model_set_metadata")(ptr, k, v))

    def __delitem__(self, key):
        if key not in self:
            raise KeyError(key)
        ptr = self._ptr()
        if ptr is None:
            del self._model._pending_meta[key]
            return
        check(_lib.require("nn_model_set_metadata")(
            ptr, self._encode(key, "key"), None))

    def __contains__(self, key):
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def _items(self):
        ptr = self._ptr()
        if ptr is None:
            return list(self._model._pending_meta.items())
        at = _lib.require("nn_model_metadata_at")
        out = []
        for i in range(lib.nn_model_metadata_count(ptr)):
            k, v = c_char_p(), c_char_p()
            check(at(ptr, i, byref(k), byref(v)))
            out.append((k.value.decode("utf-8", "replace"),
                        v.value.decode("utf-8", "replace")))
        return out

    def __iter__(self):
        return iter([k for k, _ in self._items()])

    def __len__(self):
        ptr = self._ptr()
        if ptr is None:
            return len(self._model._pending_meta)
        return _lib.require("nn_model_metadata_count")(ptr)

    def __repr__(self):
        return "Metadata(%r)" % dict(self._items())


# ---------------------------------------------------------------------------
# fit's callback plumbing

class _FitState:
    def __init__(self):
        self.error = None        # an exception raised by a callback
        self.interrupted = False  # SIGINT arrived
        self.stopped = False     # stop_training set during an epoch

    def sigint(self, signum, frame):
        self.interrupted = True


# ---------------------------------------------------------------------------

class Sequential:
    """A stack of Dense and Dropout layers, trained by libnn.

    Sequential([Dense(10, activation="relu"), Dropout(0.2),
                Dense(10, activation="softmax")], input_dim=784, seed=42)

    The input width comes from ``input_dim``/``input_shape``, an Input layer,
    the first Dense layer's input_dim, or the first data given to fit,
    predict or build. ``seed`` seeds the model's generator (weights,
    shuffling, dropout); libnn's default is 0, so runs are reproducible.
    """

    def __init__(self, layers=None, input_dim=None, input_shape=None, seed=None,
                 name=None):
        self._init_state(name)
        width = _input_width(input_dim, input_shape, "Sequential")
        if width is not None:
            self._input_dim = width
        if seed is not None:
            self.set_seed(seed)
        for layer in layers or []:
            self.add(layer)

    def _init_state(self, name):
        n = next(_model_names)
        self.name = name if name is not None else (
            "sequential" if n == 0 else "sequential_%d" % n)
        self._ptr = None
        self._finalizer = None
        self._layers = []
        self._input_dim = None
        self._seed = None
        self._optimizer = None
        self._loss = None
        self._metrics = []
        self._pending_meta = {}
        self._lock = threading.Lock()
        self._weights_ready = False
        self.stop_training = False
        self.history = None
        self._fitting = False

    # -- the native model ------------------------------------------------------
    def _adopt(self, ptr):
        self._ptr = ptr
        self._finalizer = weakref.finalize(self, lib.nn_model_destroy, ptr)

    @property
    def built(self):
        return self._ptr is not None

    def _try_build(self):
        if self._ptr is None and self._input_dim is not None:
            self._ensure_built()

    def _ensure_built(self, input_dim=None, where="model"):
        if self._ptr is not None:
            return
        width = self._input_dim if self._input_dim is not None else input_dim
        if width is None:
            raise StateError(
                "%s: the model does not know its input width yet; give "
                "Sequential(input_dim=...), an Input(shape=(d,)) layer, or call "
                "fit/predict/build with data first" % where)
        ptr = c_void_p()
        check(lib.nn_model_create(byref(ptr), width))
        try:
            if self._seed is not None:
                check(lib.nn_model_set_seed(ptr, self._seed))
            for layer in self._layers:
                self._add_native(ptr, layer)
            for key, value in self._pending_meta.items():
                check(_lib.require("nn_model_set_metadata")(
                    ptr, key.encode(), value.encode()))
            if self._loss is not None:
                self._compile_native(ptr)
        except BaseException:
            lib.nn_model_destroy(ptr)
            raise
        self._input_dim = width
        self._pending_meta = {}
        self._adopt(ptr.value)

    @staticmethod
    def _add_native(ptr, layer):
        if isinstance(layer, Dense):
            check(lib.nn_model_add_dense(ptr, layer.units,
                                         ACTIVATIONS[layer.activation]))
        else:
            check(lib.nn_model_add_dropout(ptr, layer.rate))

    def _compile_native(self, ptr):
        opt = self._optimizer
        check(lib.nn_model_compile(ptr, opt.kind, self._loss,
                                   float(opt._values["learning_rate"])))
        # compile took the rate as a float; set it again as a double, then
        # every other hyper-parameter of the optimizer (defaults included, so
        # a recompile does not inherit the previous optimizer's settings)
        opt._push(ptr, "learning_rate", opt._values["learning_rate"])
        opt._apply(ptr)
        self._weights_ready = True

    def _ensure_weights(self):
        """Creates the weights if they do not exist yet, under a lock, so
        that concurrent predict calls never race on their creation."""
        if self._weights_ready:
            return
        with self._lock:
            if not self._weights_ready:
                dense = [i for i, l in enumerate(self._layers) if isinstance(l, Dense)]
                if dense:
                    check(lib.nn_model_get_weights(self._ptr, dense[0], None, None))
                self._weights_ready = True

    def build(self, input_shape=None):
        """Creates the model for rows of ``input_shape`` ((None, d), (d,) or d)."""
        if input_shape is not None:
            shape = (input_shape,) if isinstance(input_shape, numbers.Integral) \
                else tuple(input_shape)
            width = shape[-1]
            if self._input_dim is not None and self._input_dim != width:
                raise InvalidArgumentError("build: input width %r differs from "
                                           "the model's %d" % (width, self._input_dim))
            self._input_dim = _input_width(width, None, "build")
        self._ensure_built(where="build")

    # -- layers ------------------------------------------------------------------
    def add(self, layer):
        """Appends a layer (or an Input giving the input width)."""
        if isinstance(layer, Input):
            if self._layers:
                raise InvalidArgumentError("add: an Input must come first")
            self._set_input(layer.shape[0])
            return
        if not isinstance(layer, Layer):
            raise TypeError("add: expected a libnn layer (Dense, Dropout), got %r"
                            % (layer,))
        if layer._model is not None:
            raise StateError("add: layer %r already belongs to a model" % layer.name)
        if isinstance(layer, Dense) and layer.input_dim is not None:
            if self._layers:
                raise InvalidArgumentError("add: only the first layer may give "
                                           "input_dim/input_shape")
            self._set_input(layer.input_dim)
        if self._ptr is not None:
            self._add_native(self._ptr, layer)
        layer._bind(self, len(self._layers))
        self._layers.append(layer)

    def _set_input(self, width):
        if self._input_dim is not None and self._input_dim != width:
            raise InvalidArgumentError("input width %d differs from the model's %d"
                                       % (width, self._input_dim))
        self._input_dim = width

    @property
    def layers(self):
        return list(self._layers)

    def get_layer(self, name=None, index=None):
        if index is not None:
            return self._layers[index]
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise ValueError("no layer named %r" % name)

    def _layer_input_width(self, index):
        width = self._input_dim
        for layer in self._layers[:index]:
            if isinstance(layer, Dense):
                width = layer.units
        return width

    @property
    def input_dim(self):
        return self._input_dim

    @property
    def input_shape(self):
        return (None, self._input_dim)

    @property
    def output_dim(self):
        dense = [l for l in self._layers if isinstance(l, Dense)]
        return dense[-1].units if dense else self._input_dim

    @property
    def output_shape(self):
        return (None, self.output_dim)

    def count_params(self):
        if self._ptr is not None:
            return lib.nn_model_param_count(self._ptr)
        return sum(l.count_params() for l in self._layers)

    # -- seeds and hyper-parameters ------------------------------------------
    def set_seed(self, seed):
        """Seeds the model's generator: weights created later, shuffling and
        dropout. Same seed, data and thread count give identical weights."""
        seed = _int_arg(seed, "seed", "set_seed")
        if seed >= 1 << 64:
            raise InvalidArgumentError("set_seed: seed must be < 2**64")
        self._seed = seed
        if self._ptr is not None:
            check(lib.nn_model_set_seed(self._ptr, seed))

    def set_param(self, name, value):
        """Sets an nn_param by name: learning_rate, momentum, nesterov,
        beta_1, beta_2, epsilon, rho, weight_decay, global_clipnorm,
        leaky_slope, elu_alpha (bounds: libnn.param_bounds(name))."""
        if name not in PARAMS:
            raise InvalidArgumentError("unknown parameter %r; libnn has %s"
                                       % (name, ", ".join(PARAMS)))
        self._ensure_built(where="set_param")
        check(lib.nn_model_set_param(self._ptr, PARAMS[name], float(value)))
        if self._optimizer is not None and name in self._optimizer._values:
            self._optimizer._values[name] = value

    def get_param(self, name):
        if name not in PARAMS:
            raise InvalidArgumentError("unknown parameter %r" % (name,))
        self._ensure_built(where="get_param")
        value = c_double()
        check(lib.nn_model_get_param(self._ptr, PARAMS[name], byref(value)))
        return value.value

    # -- compile -------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None):
        """Chooses the optimizer ("sgd", "adam", "adamw", "rmsprop" or an
        optimizer object) and the loss ("mse", "mae", "binary_crossentropy",
        "categorical_crossentropy", "sparse_categorical_crossentropy").
        libnn always records accuracy where it is defined; metrics=["accuracy"]
        puts it in the logs, the history and evaluate's result. Compiling
        again keeps the weights and starts a fresh optimizer."""
        if loss is None:
            raise InvalidArgumentError("compile: a loss is required")
        if self._fitting:
            raise StateError("compile: not allowed from a callback during fit")
        opt = _optimizers.get(optimizer)
        code = _loss_code(loss)
        wanted = []
        for metric in metrics or []:
            if metric in _ACCURACY_NAMES:
                wanted = ["accuracy"]
            else:
                raise UnsupportedError(
                    "compile: libnn records loss and accuracy only; metric %r "
                    "is not available" % (metric,))
        old = (self._optimizer, self._loss, self._metrics)
        self._optimizer, self._loss, self._metrics = opt, code, wanted
        try:
            if self._ptr is not None:
                self._compile_native(self._ptr)
            else:
                self._try_build()
        except BaseException:
            self._optimizer, self._loss, self._metrics = old
            raise
        opt._bind(self)

    @property
    def optimizer(self):
        return self._optimizer

    @property
    def loss(self):
        return None if self._loss is None else LOSS_NAMES[self._loss]

    @property
    def metrics_names(self):
        return ["loss"] + self._metrics

    @property
    def compiled(self):
        return self._loss is not None

    def _require_compiled(self, where):
        if self._loss is None:
            raise StateError("%s: the model is not compiled; call compile "
                             "first" % where)

    # -- data layout -------------------------------------------------------------
    def _check_width(self, x, name, where):
        if x.shape[1] != self._input_dim:
            raise InvalidArgumentError(
                "%s: %s has %d features per row but the model takes %d"
                % (where, name, x.shape[1], self._input_dim))

    def _targets(self, y, n, name, where):
        if y is None:
            raise InvalidArgumentError("%s: %s is required" % (where, name))
        arr = _as_f32(y)
        k = self.output_dim
        if self._loss == _SCCE:
            if arr.ndim == 2 and arr.shape[1] == 1:
                arr = arr.reshape(-1)
            if arr.shape != (n,):
                raise InvalidArgumentError(
                    "%s: %s must hold %d class indices (shape (%d,)) for "
                    "sparse_categorical_crossentropy, got shape %s"
                    % (where, name, n, n, arr.shape))
        else:
            if arr.ndim == 1 and k == 1:
                arr = arr.reshape(-1, 1)
            if arr.shape != (n, k):
                raise InvalidArgumentError(
                    "%s: %s must have shape (%d, %d) for %s, got %s"
                    % (where, name, n, k, LOSS_NAMES[self._loss], arr.shape))
        return arr

    def _xy(self, x, y, where, xname="x", yname="y"):
        x = _matrix(x, xname, where)
        self._ensure_built(x.shape[1], where)
        self._check_width(x, xname, where)
        self._require_compiled(where)
        return x, self._targets(y, x.shape[0], yname, where)

    # -- training ------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto",
            callbacks=None, validation_split=0.0, validation_data=None,
            shuffle=True, initial_epoch=0, resume=False):
        """Trains the model; returns a History.

        initial_epoch=k (Keras) continues a run that has completed k epochs
        (model.epochs_done, also after save/load_model) up to epoch
        ``epochs``; resume=True continues it for ``epochs`` more. Either way
        the result is bit for bit that of one uninterrupted run.
        Ctrl-C stops after the current step and raises KeyboardInterrupt; the
        weights of completed steps are kept."""
        where = "fit"
        if self._fitting:
            raise StateError("fit: the model is already training (fit called "
                             "from one of its callbacks?)")
        x, y = self._xy(x, y, where)
        n = x.shape[0]
        batch_size = 32 if batch_size is None else _int_arg(batch_size, "batch_size", where, 1)
        epochs = _int_arg(epochs, "epochs", where)
        initial_epoch = _int_arg(initial_epoch, "initial_epoch", where)
        if not 0.0 <= float(validation_split) < 1.0:
            raise InvalidArgumentError("fit: validation_split must be in [0, 1)")
        more = epochs
        if initial_epoch:
            done = self.epochs_done
            if initial_epoch != done:
                raise InvalidArgumentError(
                    "fit: initial_epoch is %d but the model's run has completed "
                    "%d epochs; libnn continues a run where it stopped"
                    % (initial_epoch, done))
            if epochs < initial_epoch:
                raise InvalidArgumentError("fit: epochs < initial_epoch")
            resume, more = True, epochs - initial_epoch

        buf = _lib._FitOptionsBuffer()
        check(lib.nn_fit_options_init(byref(buf.opts)))
        opts = buf.opts
        if opts.struct_size > ctypes.sizeof(buf):  # pragma: no cover
            raise UnsupportedError("libnn's nn_fit_options outgrew the binding")
        opts.struct_size = min(opts.struct_size, ctypes.sizeof(_lib.nn_fit_options))
        if resume:
            if opts.struct_size < ctypes.sizeof(_lib.nn_fit_options):
                raise UnsupportedError("fit: resume needs libnn >= 1.1 (loaded: %s)"
                                       % _lib.version)
            opts.resume = 1
        opts.shuffle = 1 if shuffle else 0
        opts.verbose = 0
        xv = yv = None
        if validation_data is None and validation_split:
            # Keras' split, floor(n (1 - split)) in double precision, passed
            # as explicit validation data (views, no copy): libnn's own
            # validation_split is a float, so 0.2 of 300 rows splits at 239
            n_train = int(math.floor(n * (1.0 - float(validation_split))))
            if n_train == 0 or n_train == n:
                raise InvalidArgumentError(
                    "fit: validation_split %g of %d rows leaves an empty "
                    "training or validation set" % (validation_split, n))
            x, xv, y, yv = x[:n_train], x[n_train:], y[:n_train], y[n_train:]
            n = n_train
            opts.val_x, opts.val_y, opts.val_n = fptr(xv), fptr(yv), xv.shape[0]
        elif validation_data is not None:
            if len(validation_data) != 2:
                raise UnsupportedError("fit: validation_data must be (x_val, y_val);"
                                       " libnn has no sample weights")
            xv, yv = self._xy(validation_data[0], validation_data[1], where,
                              "x_val", "y_val")
            if xv.shape[0] == 0:
                raise InvalidArgumentError("fit: validation_data has no rows")
            opts.val_x, opts.val_y, opts.val_n = fptr(xv), fptr(yv), xv.shape[0]
        has_val = xv is not None
        n_train = n
        with_accuracy = "accuracy" in self._metrics
        first = self.epochs_done if resume else 0

        # callbacks: the progress bar, the user's, the history
        verbose = 1 if verbose == "auto" else int(verbose)
        history = _callbacks.History()
        cbs = list(callbacks or [])
        if verbose:
            cbs.insert(0, _callbacks.ProgbarLogger(verbose))
        cbs.append(history)
        params = {"epochs": first + more, "steps": -(-n_train // batch_size) if n_train else 0,
                  "verbose": verbose, "batch_size": batch_size, "samples": n_train}
        for cb in cbs:
            cb.set_model(self)
            cb.set_params(params)
        stoppers = [cb for cb in cbs if isinstance(cb, _callbacks.EarlyStopping)]
        native_es = None
        for es in stoppers:
            es._native = False
        if len(stoppers) == 1 and stoppers[0]._can_be_native():
            es = stoppers[0]
            available = (has_val or not es.monitor.startswith("val_")) and \
                (with_accuracy and self._loss in CROSS_ENTROPY
                 or "accuracy" not in es.monitor)
            if available:
                es._native, native_es = True, es
                opts.monitor = METRICS[es.monitor]
                opts.patience = es.patience
                opts.min_delta = es.min_delta
                opts.restore_best_weights = 1 if es.restore_best_weights else 0

        state = _FitState()
        logs_seen = []
        batch_cbs = [cb for cb in cbs if cb._wants_batches()]
        catch_sigint = (threading.current_thread() is threading.main_thread()
                        and signal.getsignal(signal.SIGINT) is signal.default_int_handler)

        def on_batch(user, epoch, batch, batches, loss, accuracy):
            # the step is done: its callbacks run even when Ctrl-C just came
            if state.error is not None:
                return 1
            try:
                if batch_cbs:
                    logs = {"loss": loss}
                    if with_accuracy:
                        logs["accuracy"] = accuracy
                    for cb in batch_cbs:
                        cb.on_train_batch_end(batch, logs)
                if self.stop_training:
                    state.stopped = True
                    return 1
                return 1 if state.interrupted else 0
            except BaseException as exc:  # noqa: B902 - re-raised after nn_fit
                state.error = exc
                return 1

        def on_epoch(user, logs_p):
            if state.error is not None:
                return 1
            try:
                c = logs_p.contents
                logs = {"loss": c.loss}
                if with_accuracy:
                    logs["accuracy"] = c.accuracy
                if has_val:
                    logs["val_loss"] = c.val_loss
                    if with_accuracy:
                        logs["val_accuracy"] = c.val_accuracy
                logs_seen[:] = [logs]
                for cb in cbs:
                    cb.on_epoch_end(c.epoch, logs)
                if self.stop_training or state.interrupted:
                    return 1
                if c.epoch + 1 < c.epochs:
                    for cb in cbs:
                        cb.on_epoch_begin(c.epoch + 1, {})
                return 1 if self.stop_training else 0
            except BaseException as exc:  # noqa: B902
                state.error = exc
                return 1

        c_batch = _lib.nn_batch_callback(on_batch)
        c_epoch = _lib.nn_epoch_callback(on_epoch)
        if batch_cbs or catch_sigint:
            opts.on_batch = c_batch
        opts.on_epoch = c_epoch

        self.stop_training = False
        self._ensure_weights()
        for cb in cbs:
            cb.on_train_begin({})
        if more:
            for cb in cbs:
                cb.on_epoch_begin(first, {})
        old_handler = None
        if catch_sigint:
            old_handler = signal.signal(signal.SIGINT, state.sigint)
        self._fitting = True
        try:
            status = lib.nn_fit(self._ptr, fptr(x), fptr(y), n, more, batch_size,
                                byref(opts))
        finally:
            self._fitting = False
            if catch_sigint:
                signal.signal(signal.SIGINT, old_handler)
            for es in stoppers:
                es._native = False
        self.history = history
        if state.error is not None:
            error, state.error = state.error, None
            raise error
        if state.interrupted:
            raise KeyboardInterrupt("libnn: fit interrupted; the weights of the "
                                    "completed steps are kept")
        if status == CancelledError.status and state.stopped:
            status = 0
        check(status)
        if native_es is not None and len(history.epoch) < more and not self.stop_training:
            native_es.stopped_epoch = history.epoch[-1]   # libnn stopped early
        for cb in cbs:
            cb.on_train_end(dict(logs_seen[-1]) if logs_seen else {})
        return history

    @property
    def epochs_done(self):
        """Epochs completed by the model's current training run (saved in
        model files; what initial_epoch/resume continue from)."""
        if self._ptr is None:
            return 0
        return _lib.require("nn_model_epochs_done")(self._ptr)

    def training_history(self):
        """The whole run's per-epoch metrics as kept by libnn (all resumed
        parts, also after load_model): {"loss": [...], ...}."""
        if self._ptr is None:
            return {}
        out = {name: [] for name in METRICS}
        value = c_float()
        for epoch in range(lib.nn_model_history_len(self._ptr)):
            for name, code in METRICS.items():
                check(lib.nn_model_history_get(self._ptr, epoch, code, byref(value)))
                out[name].append(value.value)
        return {k: v for k, v in out.items() if not all(math.isnan(e) for e in v)}

    # -- inference -----------------------------------------------------------------
    def predict(self, x, batch_size=None, verbose=0):
        """Outputs for the rows of x, an (n, output_dim) float32 array.
        Thread-safe: the GIL is released while libnn computes."""
        x = _matrix(x, "x", "predict")
        self._ensure_built(x.shape[1], "predict")
        self._check_width(x, "x", "predict")
        self._ensure_weights()
        out = np.empty((x.shape[0], lib.nn_model_output_dim(self._ptr)), np.float32)
        if x.shape[0]:
            check(lib.nn_predict(self._ptr, fptr(x), x.shape[0], fptr(out)))
        return out

    __call__ = predict

    def evaluate(self, x=None, y=None, batch_size=None, verbose=0, return_dict=False):
        """[loss, accuracy] with metrics=["accuracy"], else the loss."""
        x, y = self._xy(x, y, "evaluate")
        loss, accuracy = c_float(), c_float()
        check(lib.nn_evaluate(self._ptr, fptr(x), fptr(y), x.shape[0],
                              byref(loss), byref(accuracy)))
        values = {"loss": loss.value}
        if "accuracy" in self._metrics:
            values["accuracy"] = accuracy.value
        if verbose:
            print(" - ".join("%s: %.4f" % kv for kv in values.items()))
        if return_dict:
            return values
        return list(values.values()) if len(values) > 1 else values["loss"]

    # -- weights -------------------------------------------------------------------
    def _dense_indices(self):
        return [i for i, l in enumerate(self._layers) if isinstance(l, Dense)]

    def _layer_weights(self, index):
        self._ensure_built(where="get_weights")
        layer = self._layers[index]
        kernel = np.empty((self._layer_input_width(index), layer.units), np.float32)
        bias = np.empty(layer.units, np.float32)
        check(lib.nn_model_get_weights(self._ptr, index, fptr(kernel), fptr(bias)))
        self._weights_ready = True
        return kernel, bias

    def _validated(self, index, kernel, bias, where, pos):
        layer = self._layers[index]
        shapes = ((self._layer_input_width(index), layer.units), (layer.units,))
        out = []
        for j, (arr, shape) in enumerate(zip((kernel, bias), shapes)):
            a = _as_f32(arr)
            if a.shape != shape:
                raise InvalidArgumentError(
                    "%s: weights[%d] (layer %r %s) must have shape %s, got %s"
                    % (where, pos + j, layer.name, ("kernel", "bias")[j], shape, a.shape))
            if not np.isfinite(a).all():
                raise NumericError("%s: weights[%d] (layer %r %s) has a non-finite "
                                   "value" % (where, pos + j, layer.name,
                                              ("kernel", "bias")[j]), NumericError.status)
            out.append(a)
        return out

    def _set_layer_weights(self, index, weights):
        self._ensure_built(where="set_weights")
        weights = list(weights)
        if len(weights) != 2:
            raise InvalidArgumentError("set_weights: a Dense layer takes [kernel, bias]")
        kernel, bias = self._validated(index, weights[0], weights[1], "set_weights", 0)
        check(lib.nn_model_set_weights(self._ptr, index, fptr(kernel), fptr(bias)))
        self._weights_ready = True

    def get_weights(self):
        """[kernel0, bias0, kernel1, bias1, ...]: kernels in x units, as Keras."""
        self._ensure_built(where="get_weights")
        out = []
        for index in self._dense_indices():
            out.extend(self._layer_weights(index))
        return out

    def set_weights(self, weights):
        """Replaces every weight from a get_weights()-shaped list. All arrays
        are checked (shapes, finite values) before any is written. The
        optimizer state is kept."""
        self._ensure_built(where="set_weights")
        weights = list(weights)
        dense = self._dense_indices()
        if len(weights) != 2 * len(dense):
            raise InvalidArgumentError("set_weights: expected %d arrays (kernel and "
                                       "bias of %d Dense layers), got %d"
                                       % (2 * len(dense), len(dense), len(weights)))
        checked = [self._validated(index, weights[2 * j], weights[2 * j + 1],
                                   "set_weights", 2 * j)
                   for j, index in enumerate(dense)]
        for index, (kernel, bias) in zip(dense, checked):
            check(lib.nn_model_set_weights(self._ptr, index, fptr(kernel), fptr(bias)))
        self._weights_ready = True

    # -- metadata, summary ---------------------------------------------------------
    @property
    def metadata(self):
        return Metadata(self)

    def summary(self, line_length=65, print_fn=None):
        """Prints a Keras-style table of the layers, output shapes and
        parameter counts."""
        if self._input_dim is None:
            raise StateError("summary: the model has not been built yet; give "
                             "it an input width or call build()")
        print_fn = print_fn or print
        cols = [int(line_length * f) for f in (0.45, 0.85, 1.0)]

        def row(fields):
            line = ""
            for field, stop in zip(fields, cols):
                line = (line + " " + str(field))[:stop].ljust(stop)
            return line.rstrip()

        lines = ['Model: "%s"' % self.name, "_" * line_length,
                 row(["Layer (type)", "Output Shape", "Param #"]), "=" * line_length]
        total = 0
        for i, layer in enumerate(self._layers):
            params = layer.count_params()
            total += params
            lines.append(row(["%s (%s)" % (layer.name, type(layer).__name__),
                              "(None, %d)" % (self._layer_input_width(i + 1)),
                              params]))
            if i + 1 < len(self._layers):
                lines.append("")
        lines += ["=" * line_length, "Total params: {:,}".format(total),
                  "Trainable params: {:,}".format(total), "Non-trainable params: 0",
                  "_" * line_length]
        for line in lines:
            print_fn(line)

    # -- files -------------------------------------------------------------------
    def save(self, filepath):
        """Writes the model (architecture, compile settings, weights,
        optimizer and training state, metadata) atomically to ``filepath``."""
        self._ensure_built(where="save")
        check(lib.nn_model_save(self._ptr, os.fsencode(filepath)))
        self._weights_ready = True

    def to_bytes(self):
        """The model file's bytes (nn_model_save_buffer)."""
        self._ensure_built(where="to_bytes")
        data, size = c_void_p(), c_size_t()
        check(lib.nn_model_save_buffer(self._ptr, byref(data), byref(size)))
        try:
            return ctypes.string_at(data, size.value)
        finally:
            lib.nn_free(data)

    @classmethod
    def from_bytes(cls, data):
        """A model from to_bytes()' bytes (or any bytes-like object)."""
        buf = np.frombuffer(memoryview(data).cast("B"), np.uint8)
        ptr = c_void_p()
        check(lib.nn_model_load_buffer(byref(ptr), buf.ctypes.data if buf.size else None,
                                       buf.size))
        return cls._from_ptr(ptr.value)

    @classmethod
    def _from_ptr(cls, ptr):
        model = cls.__new__(cls)
        model._init_state(None)
        model._adopt(ptr)
        model._input_dim = lib.nn_model_input_dim(ptr)
        for i in range(lib.nn_model_layer_count(ptr)):
            kind = c_int()
            check(lib.nn_model_layer_kind(ptr, i, byref(kind)))
            if kind.value == LAYER_KINDS["dense"]:
                units, act = c_size_t(), c_int()
                check(lib.nn_model_layer_units(ptr, i, byref(units)))
                check(lib.nn_model_layer_activation(ptr, i, byref(act)))
                if act.value not in ACTIVATION_NAMES:
                    raise UnsupportedError("layer %d uses activation %d, unknown to "
                                           "this binding" % (i, act.value))
                layer = Dense(units.value, ACTIVATION_NAMES[act.value])
            elif kind.value == LAYER_KINDS["dropout"]:
                rate = c_float()
                check(lib.nn_model_layer_dropout_rate(ptr, i, byref(rate)))
                layer = Dropout(float("%.7g" % rate.value))
            else:
                raise UnsupportedError("layer %d is of kind %d, unknown to this "
                                       "binding" % (i, kind.value))
            layer._bind(model, i)
            model._layers.append(layer)
        if _lib.has("nn_model_get_compile"):
            opt, loss = c_int(), c_int()
            status = lib.nn_model_get_compile(ptr, byref(opt), byref(loss))
            if status == 0:
                model._optimizer = _optimizers._from_model(ptr, opt.value)
                model._optimizer._bind(model)
                model._loss = loss.value
                model._metrics = ["accuracy"] if loss.value in CROSS_ENTROPY else []
            elif status != StateError.status:
                check(status)
        model._weights_ready = True
        return model

    def copy(self):
        """An independent deep copy (nn_model_clone): weights, optimizer and
        generator state, history, metadata."""
        self._ensure_built(where="copy")
        out = c_void_p()
        check(lib.nn_model_clone(self._ptr, byref(out)))
        model = type(self)._from_ptr(out.value)
        model._metrics = list(self._metrics)
        for mine, theirs in zip(self._layers, model._layers):
            theirs.name = mine.name
        return model

    __copy__ = copy

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        return (_unpickle, (self.to_bytes(), self.name, list(self._metrics),
                            [l.name for l in self._layers]))

    def __repr__(self):
        return "<Sequential %r: %s%s>" % (
            self.name, " -> ".join([str(self._input_dim)] + [
                "Dense(%d, %s)" % (l.units, l.activation) if isinstance(l, Dense)
                else "Dropout(%g)" % l.rate for l in self._layers]),
            ", compiled" if self.compiled else "")


def _unpickle(data, name, metrics, layer_names):
    model = Sequential.from_bytes(data)
    model.name, model._metrics = name, metrics
    for layer, layer_name in zip(model._layers, layer_names):
        layer.name = layer_name
    return model


def load_model(filepath):
    """Reads a model written by Sequential.save (or nn_model_save, or the nn
    tool): ready to predict, evaluate, or fit on (resume=True continues its
    run bit for bit)."""
    ptr = c_void_p()
    check(lib.nn_model_load(byref(ptr), os.fsencode(filepath)))
    return Sequential._from_ptr(ptr.value)
