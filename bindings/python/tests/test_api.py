"""The Keras-shaped API end to end: building, compiling, fit/evaluate/predict,
weights, seeds, metadata, summary, files."""

import copy
import ctypes
import pickle
import tracemalloc

import numpy as np
import pytest

import libnn
from libnn import (SGD, Adam, AdamW, Dense, Dropout, Input, RMSprop, Sequential,
                   load_model)
from libnn import _lib
from libnn.models import _as_f32


def blobs(n=300, d=8, k=3, seed=0):
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=3.0, size=(k, d))
    y = rng.integers(0, k, n)
    x = (centers[y] + rng.normal(size=(n, d))).astype(np.float32)
    return x, y


def small_model(**kw):
    return Sequential([Dense(16, activation="relu"), Dropout(0.1),
                       Dense(3, activation="softmax")], input_dim=8, **kw)


def test_origin_story_shape_end_to_end():
    x, y = blobs(n=1500)
    model = Sequential([Dense(10, activation="relu"), Dense(10, activation="relu"),
                        Dense(3, activation="softmax")])   # no input width yet
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    assert not model.built
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    assert model.built and model.input_dim == 8
    assert set(history.history) == {"loss", "accuracy"}
    assert len(history.history["loss"]) == 5 and history.epoch == [0, 1, 2, 3, 4]
    assert history.history["loss"][-1] < history.history["loss"][0]
    loss, acc = model.evaluate(x, y)
    assert acc > 0.9 and loss < 0.5
    p = model.predict(x[:7])
    assert p.shape == (7, 3) and p.dtype == np.float32
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-5)
    assert model.history is history


def test_input_width_forms():
    a = Sequential([Dense(4)], input_dim=5)
    b = Sequential([Dense(4, input_dim=5)])
    c = Sequential([Dense(4, input_shape=(5,))])
    d = Sequential([Input(shape=(5,)), Dense(4)])
    e = Sequential([Dense(4)])
    e.build((None, 5))
    for m in (a, b, c, d, e):
        assert m.input_shape == (None, 5) and m.output_shape == (None, 4)
        assert m.count_params() == 24
    with pytest.raises(libnn.InvalidArgumentError):
        Sequential([Dense(4, input_dim=5)], input_dim=6)
    with pytest.raises(libnn.InvalidArgumentError, match="flat rows"):
        Sequential([Dense(4)], input_shape=(28, 28))
    with pytest.raises(libnn.StateError, match="input width"):
        Sequential([Dense(4)]).get_weights()


def test_history_with_validation_split_and_data():
    x, y = blobs()
    m = small_model(seed=3)
    m.compile(optimizer=Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
    h = m.fit(x, y, epochs=3, validation_split=0.2, verbose=0)
    assert set(h.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    # val_loss is exactly what evaluate says on the last 20% of the rows
    assert h.history["val_loss"][-1] == m.evaluate(x[240:], y[240:])[0]
    h = m.fit(x[:200], y[:200], epochs=2, validation_data=(x[200:], y[200:]), verbose=0)
    assert len(h.history["val_accuracy"]) == 2
    assert h.history["val_loss"][-1] == pytest.approx(m.evaluate(x[200:], y[200:])[0],
                                                      rel=1e-6)


def test_validation_split_rows_match_keras():
    # Keras splits at floor(n (1 - split)) = 240 of 300 rows
    x, y = blobs()
    m = Sequential([Dense(3, activation="softmax")], input_dim=8)
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    h = m.fit(x, y, epochs=1, validation_split=0.2, verbose=0)
    assert h.history["val_loss"][-1] == m.evaluate(x[240:], y[240:])
    with pytest.raises(libnn.InvalidArgumentError, match="empty"):
        m.fit(x[:1], y[:1], validation_split=0.2, verbose=0)


# libnn splits at Keras' floor(n * (1 - split)) from the decimal written,
# though the option is a float (0.2f is 0.200000003).
def test_library_validation_split_matches_keras():
    x, y = blobs()
    y = y.astype(np.float32)
    m = Sequential([Dense(3, activation="softmax")], input_dim=8)
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    buf = _lib._FitOptionsBuffer()
    _lib.check(_lib.lib.nn_fit_options_init(ctypes.byref(buf.opts)))
    buf.opts.validation_split = 0.2
    _lib.check(_lib.lib.nn_fit(m._ptr, _lib.fptr(x), _lib.fptr(y), 300, 1, 32,
                               ctypes.byref(buf.opts)))
    assert m.training_history()["val_loss"][0] == m.evaluate(x[240:], y[240:])


def test_evaluate_forms_and_mse():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(64, 3)).astype(np.float32)
    y = x @ np.array([1.0, -2.0, 0.5]) + 0.3
    m = Sequential([Dense(1)], input_dim=3, seed=1)
    m.compile(optimizer=SGD(learning_rate=0.05), loss="mean_squared_error")
    h = m.fit(x, y, epochs=60, batch_size=16, verbose=0)
    assert set(h.history) == {"loss"}
    loss = m.evaluate(x, y)           # no metrics: a scalar, as Keras
    assert isinstance(loss, float) and loss < 1e-3
    assert m.evaluate(x, y, return_dict=True) == {"loss": loss}
    kernel, bias = m.get_weights()
    np.testing.assert_allclose(kernel[:, 0], [1, -2, 0.5], atol=0.02)
    np.testing.assert_allclose(bias, [0.3], atol=0.02)


def test_verbose_output(capsys):
    x, y = blobs(n=64)
    m = small_model()
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=2, batch_size=16, verbose=2, validation_split=0.25)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    assert "3/3 - " in out and "val_accuracy:" in out
    m.fit(x, y, epochs=1, verbose=0)
    assert capsys.readouterr().out == ""


def test_summary():
    m = Sequential([Dense(10, activation="relu"), Dropout(0.2),
                    Dense(10, activation="softmax")], input_dim=784, name="origin")
    lines = []
    m.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert 'Model: "origin"' in text
    assert "Layer (type)" in text and "Output Shape" in text and "Param #" in text
    assert "(Dense)" in text and "(Dropout)" in text and "(None, 10)" in text
    assert "7850" in text and "110" in text
    assert "Total params: 7,960" in text and "Non-trainable params: 0" in text
    assert [l.name for l in m.layers][1].startswith("dropout")
    assert m.layers[0].units == 10 and m.layers[1].rate == pytest.approx(0.2)


def test_seeds_make_runs_reproducible():
    x, y = blobs()

    def run(seed, how):
        if how == "arg":
            m = small_model(seed=seed)
        else:
            m = small_model()
            m.set_seed(seed)
        m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        m.fit(x, y, epochs=2, verbose=0)
        return m.get_weights()

    a, b, c = run(7, "arg"), run(7, "method"), run(8, "arg")
    for wa, wb in zip(a, b):
        np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(a[0], c[0])
    with pytest.raises(libnn.InvalidArgumentError):
        small_model().set_seed(-1)


def test_get_set_weights_round_trip():
    m = small_model(seed=1)
    w = m.get_weights()
    assert [a.shape for a in w] == [(8, 16), (16,), (16, 3), (3,)]
    assert all(a.dtype == np.float32 for a in w)
    assert np.all(w[1] == 0) and np.abs(w[0]).max() <= np.sqrt(6 / (8 + 16))  # Glorot
    rng = np.random.default_rng(2)
    new = [rng.normal(size=a.shape) for a in w]            # float64: converted
    m.set_weights(new)
    for got, want in zip(m.get_weights(), new):
        np.testing.assert_array_equal(got, want.astype(np.float32))
    other = small_model(seed=99)
    other.set_weights(m.get_weights())
    x, _ = blobs(n=10)
    np.testing.assert_array_equal(other.predict(x), m.predict(x))
    # per layer, Keras-style
    k, b = m.layers[2].get_weights()
    np.testing.assert_array_equal(k, new[2].astype(np.float32))
    m.layers[2].set_weights([k * 0, b + 1])
    np.testing.assert_array_equal(m.get_weights()[3], b + 1)
    assert m.layers[1].get_weights() == []


def test_set_weights_checks_everything_before_writing():
    m = small_model(seed=1)
    before = m.get_weights()
    bad = [a + 1 for a in before]
    bad[3] = bad[3].copy()
    bad[3][0] = np.nan
    with pytest.raises(libnn.NumericError, match=r"weights\[3\]"):
        m.set_weights(bad)
    for got, want in zip(m.get_weights(), before):   # nothing changed
        np.testing.assert_array_equal(got, want)
    with pytest.raises(libnn.InvalidArgumentError, match=r"shape \(8, 16\)"):
        m.set_weights([before[0].T] + before[1:])
    with pytest.raises(libnn.InvalidArgumentError, match="expected 4 arrays"):
        m.set_weights(before[:2])


def test_zero_copy_for_contiguous_float32():
    a = np.ones((4, 3), np.float32)
    assert _as_f32(a) is a
    for other in (a.astype(np.float64), a[:, :2], np.asfortranarray(a),
                  a.astype(">f4")):
        b = _as_f32(other)
        assert b.flags.c_contiguous and b.dtype == np.float32
        assert not np.shares_memory(b, other)
    # no copy of a large input during predict / fit (tracemalloc sees NumPy)
    m = Sequential([Dense(4, activation="softmax")], input_dim=1000)
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x = np.random.default_rng(0).random((2000, 1000), dtype=np.float32)  # 8 MB
    y = np.zeros(2000, np.float32)
    tracemalloc.start()
    try:
        m.predict(x)
        m.fit(x, y, epochs=1, batch_size=500, verbose=0)
        m.evaluate(x, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20, peak
    # other layouts work through one copy
    np.testing.assert_array_equal(m.predict(np.asfortranarray(x[:5])), m.predict(x[:5]))
    np.testing.assert_array_equal(m.predict(x[:5].astype(np.float64)), m.predict(x[:5]))
    np.testing.assert_array_equal(m.predict(x[:5].tolist()), m.predict(x[:5]))


def test_label_layouts():
    x, y = blobs(n=40)
    m = small_model()
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    a = m.evaluate(x, y)
    assert m.evaluate(x, y.reshape(-1, 1)) == a
    assert m.evaluate(x, y.astype(np.float32)) == a
    with pytest.raises(libnn.InvalidArgumentError, match="class indices"):
        m.evaluate(x, np.eye(3)[y])
    m.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    assert m.evaluate(x, np.eye(3)[y]) == pytest.approx(a, rel=1e-6)
    with pytest.raises(libnn.InvalidArgumentError, match=r"shape \(40, 3\)"):
        m.evaluate(x, y)
    with pytest.raises(libnn.InvalidArgumentError, match="2-D"):
        m.predict(x.reshape(40, 2, 4))


def test_optimizer_objects_and_live_hyperparameters():
    m = small_model()
    opt = SGD(learning_rate=0.05, momentum=0.9, nesterov=True)
    m.compile(optimizer=opt, loss="sparse_categorical_crossentropy")
    assert m.get_param("learning_rate") == 0.05          # kept as a double
    assert m.get_param("momentum") == pytest.approx(0.9)
    assert m.get_param("nesterov") == 1.0
    opt.learning_rate = 0.001                             # pushed to the model
    assert m.get_param("learning_rate") == 0.001 and m.optimizer.lr == 0.001
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    assert m.get_param("momentum") == 0.0                 # a fresh optimizer
    assert m.get_param("learning_rate") == pytest.approx(0.01)
    m.compile(optimizer=AdamW(), loss="sparse_categorical_crossentropy")
    assert m.get_param("weight_decay") == pytest.approx(0.004)
    m.compile(optimizer=RMSprop(rho=0.8, global_clipnorm=1.0), loss="mse")
    assert m.get_param("rho") == pytest.approx(0.8) and m.get_param("global_clipnorm") == 1.0
    assert m.get_param("weight_decay") == 0.0
    m.set_param("leaky_slope", 0.1)
    assert m.get_param("leaky_slope") == pytest.approx(0.1)
    assert libnn.param_bounds("momentum")[0] == 0.0
    with pytest.raises(libnn.InvalidArgumentError, match="nn_model_set_param"):
        Sequential([Dense(2)], input_dim=2).compile(optimizer=Adam(beta_1=1.5), loss="mse")
    with pytest.raises(libnn.InvalidArgumentError, match="unknown optimizer"):
        m.compile(optimizer="adagrad", loss="mse")
    with pytest.raises(libnn.UnsupportedError, match="metric"):
        m.compile(optimizer="adam", loss="mse", metrics=["auc"])


def test_learning_rate_scheduler_changes_the_rate_between_epochs():
    x, y = blobs(n=64)
    m = small_model()
    m.compile(optimizer=SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
    seen = []
    sched = libnn.callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))
    probe = libnn.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append(m.get_param("learning_rate")))
    m.fit(x, y, epochs=3, callbacks=[sched, probe], verbose=0)
    assert seen == pytest.approx([0.1, 0.05, 0.1 / 3])


def test_save_and_load_model(tmp_path):
    x, y = blobs()
    m = small_model(seed=5)
    m.compile(optimizer=Adam(learning_rate=0.02, beta_2=0.99),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=2, verbose=0)
    m.metadata["dataset"] = "blobs"
    m.metadata["note"] = "héllo ✓"
    path = tmp_path / "model.nnm"
    m.save(path)
    loaded = load_model(str(path))
    np.testing.assert_array_equal(loaded.predict(x), m.predict(x))
    assert [type(l) for l in loaded.layers] == [Dense, Dropout, Dense]
    assert loaded.layers[0].activation == "relu" and loaded.layers[1].rate == 0.1
    assert loaded.loss == "sparse_categorical_crossentropy"
    assert isinstance(loaded.optimizer, Adam)
    assert loaded.optimizer.learning_rate == pytest.approx(0.02)
    assert loaded.optimizer.beta_2 == pytest.approx(0.99)
    assert dict(loaded.metadata) == {"dataset": "blobs", "note": "héllo ✓"}
    assert loaded.evaluate(x, y) == m.evaluate(x, y)
    assert loaded.epochs_done == 2
    assert loaded.training_history()["loss"] == m.history.history["loss"]
    # bytes, pickle, copies
    again = Sequential.from_bytes(m.to_bytes())
    np.testing.assert_array_equal(again.predict(x), m.predict(x))
    unpickled = pickle.loads(pickle.dumps(m))
    np.testing.assert_array_equal(unpickled.predict(x), m.predict(x))
    assert unpickled.metrics_names == ["loss", "accuracy"]
    twin = copy.deepcopy(m)
    twin.fit(x, y, epochs=1, verbose=0)
    assert not np.array_equal(twin.get_weights()[0], m.get_weights()[0])
    with pytest.raises(libnn.IOError):
        m.save(tmp_path / "missing-dir" / "m.nnm")
    with pytest.raises(libnn.FormatError):
        Sequential.from_bytes(b"\x89NNMODL\n" + b"\0" * 40)


def test_resume_is_bit_exact(tmp_path):
    x, y = blobs()

    def fresh():
        m = small_model(seed=11)
        m.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
        return m

    whole = fresh()
    whole.fit(x, y, epochs=4, batch_size=16, verbose=0)
    part = fresh()
    part.fit(x, y, epochs=2, batch_size=16, verbose=0)
    part.save(tmp_path / "half.nnm")
    resumed = load_model(tmp_path / "half.nnm")
    h = resumed.fit(x, y, epochs=4, initial_epoch=2, batch_size=16, verbose=0)
    assert h.epoch == [2, 3]
    for a, b in zip(resumed.get_weights(), whole.get_weights()):
        np.testing.assert_array_equal(a, b)
    other = load_model(tmp_path / "half.nnm")
    other.fit(x, y, epochs=2, resume=True, batch_size=16, verbose=0)
    np.testing.assert_array_equal(other.get_weights()[0], whole.get_weights()[0])
    with pytest.raises(libnn.InvalidArgumentError, match="initial_epoch"):
        other.fit(x, y, epochs=9, initial_epoch=1, verbose=0)


def test_metadata_is_a_mapping():
    m = Sequential([Dense(2)])          # not built yet: kept until it is
    m.metadata["a"] = "1"
    m.metadata["b"] = "2"
    assert dict(m.metadata) == {"a": "1", "b": "2"}
    m.build(3)
    md = m.metadata
    assert list(md) == ["a", "b"] and len(md) == 2 and md["b"] == "2"
    md["a"] = "one"                      # keeps its place
    md["c"] = "3"
    assert list(md.items()) == [("a", "one"), ("b", "2"), ("c", "3")]
    del md["b"]
    assert "b" not in md and len(md) == 2
    with pytest.raises(KeyError):
        md["b"]
    with pytest.raises(KeyError):
        del md["b"]
    assert md.get("zzz", "default") == "default"
    with pytest.raises(libnn.InvalidArgumentError):
        md[""] = "x"
    with pytest.raises(libnn.InvalidArgumentError):
        md["k" * 256] = "x"
    with pytest.raises(libnn.InvalidArgumentError, match="NUL"):
        md["k"] = "a\0b"
    with pytest.raises(TypeError):
        md["k"] = 3
    md.update({"x": "y"})
    assert md["x"] == "y"


def test_compile_errors_come_from_the_library():
    m = Sequential([Dense(3, activation="relu")], input_dim=2)
    with pytest.raises(libnn.UnsupportedError, match="softmax"):
        m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert not m.compiled                # a failed compile changes nothing
    m.compile(optimizer="adam", loss="mse")
    assert m.compiled and m.loss == "mse"


def test_threads_setting():
    n = libnn.get_num_threads()
    libnn.set_num_threads(1)
    assert libnn.get_num_threads() == 1
    libnn.set_num_threads(n)
