"""Keras-style callbacks for Sequential.fit.

libnn calls back after every optimizer step and after every epoch; the
methods map as follows:

  on_train_begin / on_train_end     before nn_fit / after it returns normally
  on_epoch_begin(epoch)             before the epoch's first step
  on_train_batch_end(batch, logs)   after each step (logs: running "loss"
                                    and "accuracy" over the epoch so far);
                                    calls on_batch_end by default, as Keras
  on_epoch_end(epoch, logs)         after the epoch and its validation
                                    (logs: loss, accuracy, val_loss, ...)

Setting ``model.stop_training = True`` from any of them ends training after
the current step or epoch. An exception raised by a callback stops training
and is re-raised by fit, with its traceback.
"""

import math
import os
import sys
import time
import warnings

from ._enums import METRICS

__all__ = ["Callback", "History", "EarlyStopping", "LambdaCallback",
           "LearningRateScheduler", "ModelCheckpoint", "ProgbarLogger"]


class Callback:
    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    def on_batch_end(self, batch, logs=None):
        pass

    def _wants_batches(self):
        cls = type(self)
        return (cls.on_train_batch_end is not Callback.on_train_batch_end
                or cls.on_batch_end is not Callback.on_batch_end)


class History(Callback):
    """Records the epoch logs: ``history.history["loss"]`` etc., and the
    epoch numbers in ``history.epoch``. fit returns one."""

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)

    def __repr__(self):
        return "<History epochs=%d keys=%s>" % (len(self.epoch), list(self.history))


class EarlyStopping(Callback):
    """Stops training when ``monitor`` has not improved by more than
    ``min_delta`` for ``patience`` epochs (losses must fall, accuracies
    rise); with restore_best_weights, an early stop goes back to the weights
    of the best epoch (a run that reaches its last epoch keeps its last
    weights, as in Keras 2).

    When it can (patience >= 1, mode matching the metric, no baseline, no
    start_from_epoch, one EarlyStopping per fit) it runs inside libnn
    through nn_fit_options, so its state is saved with the model and a
    resumed fit continues it; otherwise it runs here in Python with the same
    rule."""

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, verbose=0,
                 mode="auto", baseline=None, restore_best_weights=False,
                 start_from_epoch=0):
        super().__init__()
        if monitor not in METRICS:
            raise ValueError("EarlyStopping: libnn records %s; cannot monitor %r"
                             % (", ".join(METRICS), monitor))
        if mode not in ("auto", "min", "max"):
            raise ValueError("EarlyStopping: mode must be auto, min or max")
        self.monitor = monitor
        self.min_delta = abs(float(min_delta))
        self.patience = int(patience)
        self.verbose = verbose
        natural = "max" if "accuracy" in monitor else "min"
        self.mode = natural if mode == "auto" else mode
        self.baseline = baseline
        self.restore_best_weights = bool(restore_best_weights)
        self.start_from_epoch = int(start_from_epoch)
        self._natural = natural
        self._native = False
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_epoch = None
        self.best_weights = None

    # -- which implementation ------------------------------------------------
    def _can_be_native(self):
        return (self.patience >= 1 and self.mode == self._natural
                and self.baseline is None and self.start_from_epoch == 0)

    def _better(self, a, b):
        if self.mode == "min":
            return a < b - self.min_delta
        return a > b + self.min_delta

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights = None
        self.best_epoch = None
        if self.baseline is not None:
            self.best = self.baseline
        else:
            self.best = math.inf if self.mode == "min" else -math.inf

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if self._native:
            # libnn decides; keep the attributes informative
            if current is not None and self._better(current, self.best):
                self.best, self.best_epoch, self.wait = current, epoch, 0
            else:
                self.wait += 1
            return
        if current is None or (isinstance(current, float) and math.isnan(current)):
            warnings.warn("EarlyStopping: metric %r is not available (have %s)"
                          % (self.monitor, ", ".join(logs or {})), RuntimeWarning,
                          stacklevel=2)
            return
        if epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
        self.wait += 1
        if self._better(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._better(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print("Epoch %d: early stopping" % (self.stopped_epoch + 1))


class LambdaCallback(Callback):
    """A callback made of functions: on_epoch_end=lambda epoch, logs: ..."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None,
                 on_batch_end=None, on_train_begin=None, on_train_end=None):
        super().__init__()
        if on_epoch_begin is not None:
            self.on_epoch_begin = on_epoch_begin
        if on_epoch_end is not None:
            self.on_epoch_end = on_epoch_end
        if on_batch_end is not None:
            self.on_batch_end = on_batch_end
            self._has_batch = True
        if on_train_begin is not None:
            self.on_train_begin = on_train_begin
        if on_train_end is not None:
            self.on_train_end = on_train_end

    def _wants_batches(self):
        return getattr(self, "_has_batch", False)


class LearningRateScheduler(Callback):
    """Sets the learning rate before each epoch to schedule(epoch, lr)."""

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        lr = float(self.schedule(epoch, float(self.model.optimizer.learning_rate)))
        self.model.optimizer.learning_rate = lr
        if self.verbose > 0:
            print("Epoch %d: LearningRateScheduler setting learning rate to %s."
                  % (epoch + 1, lr))


class ModelCheckpoint(Callback):
    """Saves the model after every epoch to ``filepath`` (which may use
    {epoch} and the logs' keys, e.g. "m-{epoch:02d}-{val_loss:.2f}.nnm");
    with save_best_only only when ``monitor`` improved."""

    def __init__(self, filepath, monitor="val_loss", verbose=0,
                 save_best_only=False, mode="auto"):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        natural = "max" if "acc" in monitor else "min"
        self.mode = natural if mode == "auto" else mode
        self.best = math.inf if self.mode == "min" else -math.inf

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        path = self.filepath.format(epoch=epoch + 1, **logs)
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None or not (current < self.best if self.mode == "min"
                                       else current > self.best):
                return
            self.best = current
        self.model.save(path)
        if self.verbose > 0:
            print("Epoch %d: saving model to %s" % (epoch + 1, path))


def _fmt_logs(logs):
    return " - ".join("%s: %.4f" % (k, v) for k, v in logs.items()
                      if not (isinstance(v, float) and math.isnan(v)))


class ProgbarLogger(Callback):
    """What fit prints: verbose=1 a progress bar on a terminal (one line per
    epoch otherwise), verbose=2 one line per epoch."""

    def __init__(self, verbose=1, stream=None):
        super().__init__()
        self.verbose = verbose
        self.stream = stream if stream is not None else sys.stdout
        try:
            tty = self.stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        self._bar = verbose == 1 and tty
        self._last = 0.0

    def _wants_batches(self):
        return self._bar

    def on_epoch_begin(self, epoch, logs=None):
        self._t0 = time.monotonic()
        self._last = 0.0
        print("Epoch %d/%d" % (epoch + 1, self.params.get("epochs", 0)),
              file=self.stream, flush=True)

    def on_train_batch_end(self, batch, logs=None):
        now = time.monotonic()
        steps = self.params.get("steps", 0)
        if now - self._last < 0.1 and batch + 1 < steps:
            return
        self._last = now
        done = int(30 * (batch + 1) / max(steps, 1))
        bar = "=" * max(done - 1, 0) + (">" if done < 30 else "=") + "." * (30 - done)
        self.stream.write("\r%d/%d [%s] - %s" % (batch + 1, steps, bar,
                                                  _fmt_logs(logs or {})))
        self.stream.flush()

    def on_epoch_end(self, epoch, logs=None):
        steps = self.params.get("steps", 0)
        seconds = time.monotonic() - self._t0
        if self._bar:
            self.stream.write("\r%d/%d [%s] - %.0fs - %s\n" % (
                steps, steps, "=" * 30, seconds, _fmt_logs(logs or {})))
        else:
            self.stream.write("%d/%d - %.0fs - %s\n" % (
                steps, steps, seconds, _fmt_logs(logs or {})))
        self.stream.flush()
