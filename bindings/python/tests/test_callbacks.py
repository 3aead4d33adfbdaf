"""Callbacks: order and logs, stop_training, exceptions raised inside
ctypes callbacks, early stopping (in libnn and in Python), Ctrl-C."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import libnn
from libnn import Dense, EarlyStopping, Sequential
from libnn.callbacks import Callback, ModelCheckpoint


def data(n=96, d=6, k=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype(np.float32)
    return x, rng.integers(0, k, n)


def model(seed=1, lr=0.05):
    m = Sequential([Dense(12, activation="tanh"), Dense(3, activation="softmax")],
                   input_dim=6, seed=seed)
    m.compile(optimizer=libnn.SGD(learning_rate=lr), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
    return m


class Recorder(Callback):
    def __init__(self):
        super().__init__()
        self.events = []

    def on_train_begin(self, logs=None):
        self.events.append(("train_begin",))

    def on_epoch_begin(self, epoch, logs=None):
        self.events.append(("epoch_begin", epoch))

    def on_batch_end(self, batch, logs=None):
        self.events.append(("batch_end", batch, sorted(logs)))

    def on_epoch_end(self, epoch, logs=None):
        self.events.append(("epoch_end", epoch, dict(logs)))

    def on_train_end(self, logs=None):
        self.events.append(("train_end",))


def test_order_and_logs():
    x, y = data()
    m = model()
    rec = Recorder()
    h = m.fit(x, y, epochs=2, batch_size=32, validation_split=0.25, callbacks=[rec],
              verbose=0)
    kinds = [e[0] for e in rec.events]
    assert kinds == (["train_begin"] + (["epoch_begin"] + ["batch_end"] * 3 + ["epoch_end"]) * 2
                     + ["train_end"])
    assert rec.events[2] == ("batch_end", 0, ["accuracy", "loss"])
    assert rec.model is m and rec.params["epochs"] == 2 and rec.params["steps"] == 3
    ends = [e for e in rec.events if e[0] == "epoch_end"]
    assert [e[1] for e in ends] == [0, 1]
    assert ends[1][2] == {k: v[1] for k, v in h.history.items()}
    assert set(ends[0][2]) == {"loss", "accuracy", "val_loss", "val_accuracy"}


def test_stop_training_from_epoch_end_and_batch_end():
    x, y = data()
    m = model()
    stop_epoch = libnn.LambdaCallback(
        on_epoch_end=lambda epoch, logs: setattr(m, "stop_training", epoch == 1))
    h = m.fit(x, y, epochs=10, batch_size=32, callbacks=[stop_epoch], verbose=0)
    assert h.epoch == [0, 1] and m.epochs_done == 2

    class StopAtStep(Callback):
        steps = 0

        def on_batch_end(self, batch, logs=None):
            StopAtStep.steps += 1
            if StopAtStep.steps == 4:
                self.model.stop_training = True
    h = m.fit(x, y, epochs=10, batch_size=32, callbacks=[StopAtStep()], verbose=0)
    assert StopAtStep.steps == 4 and h.epoch == [0]   # after epoch 0's 3 steps + 1


def weights_after_steps(steps, x, y):
    """A fresh model stopped after exactly ``steps`` optimizer steps."""
    m = model()
    count = [0]

    def stop(batch, logs):
        count[0] += 1
        if count[0] == steps:
            m.stop_training = True
    m.fit(x, y, epochs=1000, batch_size=8, shuffle=False, verbose=0,
          callbacks=[libnn.LambdaCallback(on_batch_end=stop)])
    return m.get_weights()


def test_exception_in_batch_callback_is_reraised():
    x, y = data()
    m = model()

    class Boom(Exception):
        pass

    def explode(batch, logs):
        if batch == 4:
            raise Boom("from the batch callback")
    with pytest.raises(Boom, match="from the batch callback") as info:
        m.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0,
              callbacks=[libnn.LambdaCallback(on_batch_end=explode)])
    # the traceback reaches into the callback
    assert any(tb.name == "explode" for tb in info.traceback)
    # the weights are those of the 5 completed steps
    for a, b in zip(m.get_weights(), weights_after_steps(5, x, y)):
        np.testing.assert_array_equal(a, b)
    # and the model trains on
    m.fit(x, y, epochs=1, verbose=0)


def test_exception_in_epoch_callback_is_reraised():
    x, y = data()
    m = model()
    calls = []

    def bad(epoch, logs):
        calls.append(epoch)
        if epoch == 1:
            raise KeyError("epoch one")
    with pytest.raises(KeyError, match="epoch one"):
        m.fit(x, y, epochs=5, callbacks=[libnn.LambdaCallback(on_epoch_end=bad)],
              verbose=0)
    assert calls == [0, 1] and m.epochs_done == 2
    with pytest.raises(ZeroDivisionError):   # from on_train_begin: before nn_fit
        m.fit(x, y, callbacks=[libnn.LambdaCallback(on_train_begin=lambda logs: 1 / 0)],
              verbose=0)


def overfitting_setup():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(64, 6)).astype(np.float32)
    y = rng.integers(0, 3, 64)                  # pure noise: val_loss rises
    xv = rng.normal(size=(64, 6)).astype(np.float32)
    yv = rng.integers(0, 3, 64)
    return x, y, xv, yv


@pytest.mark.parametrize("monitor", ["val_loss", "val_accuracy"])
def test_early_stopping_native_and_python_agree(monitor):
    x, y, xv, yv = overfitting_setup()
    results = []
    for native in (True, False):
        m = Sequential([Dense(64, activation="relu"), Dense(3, activation="softmax")],
                       input_dim=6, seed=2)
        m.compile(optimizer=libnn.Adam(learning_rate=0.03),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        es = EarlyStopping(monitor=monitor, patience=3, restore_best_weights=True)
        if not native:
            es._can_be_native = lambda: False
        seen = []
        probe = libnn.LambdaCallback(on_epoch_end=lambda e, logs: seen.append(es._native))
        h = m.fit(x, y, epochs=60, batch_size=16, validation_data=(xv, yv),
                  callbacks=[es, probe], verbose=0)
        assert all(s == native for s in seen)
        results.append((h.epoch, m.get_weights(), es.stopped_epoch, es.best))
    (e1, w1, s1, b1), (e2, w2, s2, b2) = results
    assert e1 == e2 and len(e1) < 60
    assert s1 == s2 == e1[-1]
    assert b1 == b2
    for a, b in zip(w1, w2):                     # the best epoch's weights
        np.testing.assert_array_equal(a, b)


def test_early_stopping_restores_the_best_epoch():
    x, y, xv, yv = overfitting_setup()
    m = Sequential([Dense(64, activation="relu"), Dense(3, activation="softmax")],
                   input_dim=6, seed=2)
    m.compile(optimizer=libnn.Adam(learning_rate=0.03), loss="sparse_categorical_crossentropy")
    es = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    h = m.fit(x, y, epochs=60, batch_size=16, validation_data=(xv, yv), callbacks=[es],
              verbose=0)
    best = int(np.argmin(h.history["val_loss"]))
    assert len(h.epoch) == best + 3
    assert m.evaluate(xv, yv) == pytest.approx(min(h.history["val_loss"]), rel=1e-6)


def test_early_stopping_without_the_metric_warns_like_keras():
    x, y = data()
    m = model()
    es = EarlyStopping(monitor="val_loss", patience=1)
    with pytest.warns(RuntimeWarning, match="val_loss"):
        h = m.fit(x, y, epochs=3, callbacks=[es], verbose=0)
    assert len(h.epoch) == 3
    es0 = EarlyStopping(monitor="loss", patience=0, min_delta=100.0)  # Python path
    h = m.fit(x, y, epochs=5, callbacks=[es0], verbose=0)
    assert h.epoch == [0, 1] and es0.stopped_epoch == 1


def test_model_checkpoint(tmp_path):
    x, y = data()
    m = model()
    m.fit(x, y, epochs=3, verbose=0,
          callbacks=[ModelCheckpoint(str(tmp_path / "m-{epoch:02d}-{loss:.3f}.nnm"))])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 3 and names[0].startswith("m-01-")
    last = libnn.load_model(tmp_path / names[-1])
    np.testing.assert_array_equal(last.predict(x), m.predict(x))


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals reach the main thread only")
def test_ctrl_c_interrupts_fit_cleanly():
    x, y = data(n=256)
    m = model()
    steps = [0]
    timer = []

    def on_batch(batch, logs):
        steps[0] += 1
        if not timer:   # fit is running: send SIGINT from another thread
            timer.append(threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)))
            timer[0].start()
    before = signal.getsignal(signal.SIGINT)
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        m.fit(x, y, epochs=100000, batch_size=4, shuffle=False, verbose=0,
              callbacks=[libnn.LambdaCallback(on_batch_end=on_batch)])
    timer[0].join()
    assert time.monotonic() - t0 < 10
    assert signal.getsignal(signal.SIGINT) is before       # handler restored
    assert 0 < m.epochs_done < 100000 and steps[0] > 1
    # the weights of every completed step are kept: the same as a model
    # stopped after that many steps
    ref = model()
    count = [0]

    def stop(batch, logs):
        count[0] += 1
        if count[0] == steps[0]:
            ref.stop_training = True
    ref.fit(x, y, epochs=100000, batch_size=4, shuffle=False, verbose=0,
            callbacks=[libnn.LambdaCallback(on_batch_end=stop)])
    for a, b in zip(m.get_weights(), ref.get_weights()):
        np.testing.assert_array_equal(a, b)
    m.fit(x, y, epochs=1, verbose=0)   # still usable


def test_fit_and_compile_are_refused_inside_fit():
    x, y = data()
    m = model()
    with pytest.raises(libnn.StateError, match="already training"):
        m.fit(x, y, verbose=0, callbacks=[libnn.LambdaCallback(
            on_epoch_end=lambda e, logs: m.fit(x, y, verbose=0))])
    with pytest.raises(libnn.StateError, match="compile"):
        m.fit(x, y, verbose=0, callbacks=[libnn.LambdaCallback(
            on_batch_end=lambda b, logs: m.compile(optimizer="sgd", loss="mse"))])
    m.fit(x, y, verbose=0)   # and afterwards all is well


def test_progress_bar_on_a_terminal():
    import io

    class Tty(io.StringIO):
        def isatty(self):
            return True
    x, y = data()
    m = model()
    stream = Tty()
    bar = libnn.callbacks.ProgbarLogger(verbose=1, stream=stream)
    m.fit(x, y, epochs=2, batch_size=32, verbose=0, callbacks=[bar])
    out = stream.getvalue()
    assert out.count("Epoch ") == 2
    assert "\r3/3 [==============================] - " in out
    assert "loss: " in out and "accuracy: " in out
