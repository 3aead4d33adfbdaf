"""Concurrency: ctypes releases the GIL during libnn calls, so predict runs
in parallel from many threads on one model; callbacks take the GIL back."""

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

import libnn
from libnn import Dense, Dropout, Sequential


def test_concurrent_predict_equals_serial():
    rng = np.random.default_rng(0)
    m = Sequential([Dense(64, activation="relu"), Dropout(0.3),
                    Dense(32, activation="gelu"), Dense(10, activation="softmax")],
                   input_dim=100, seed=4)
    # not compiled: the first predict creates the weights (under a lock)
    xs = [rng.normal(size=(256, 100)).astype(np.float32) for _ in range(8)]
    barrier = threading.Barrier(8)

    def work(i):
        barrier.wait()
        return [m.predict(xs[i]) for _ in range(10)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    for i, outs in enumerate(results):
        serial = m.predict(xs[i])
        for out in outs:
            np.testing.assert_array_equal(out, serial)


def test_models_train_in_parallel_threads():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 10)).astype(np.float32)
    y = rng.integers(0, 2, 200)

    def train(seed):
        m = Sequential([Dense(8, activation="tanh"), Dense(2, activation="softmax")],
                       input_dim=10, seed=seed)
        m.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
        batches = []
        m.fit(x, y, epochs=3, batch_size=20, verbose=0,
              callbacks=[libnn.LambdaCallback(on_batch_end=lambda b, logs: batches.append(b))])
        assert len(batches) == 30
        return m.get_weights()
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(train, range(4)))
    for seed in range(4):
        for a, b in zip(threaded[seed], train(seed)):
            np.testing.assert_array_equal(a, b)
