#!/usr/bin/python3
"""The Keras example libnn grew from, line by line, on Fashion-MNIST:

    model = Sequential([Dense(10, activation="relu"), Dense(10, activation="relu"),
                        Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5)

Usage: origin_story.py [model-output-path]
Needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist).
"""

import sys

from libnn import Dense, Sequential, load_model
from libnn.datasets import fashion_mnist

(x_train, y_train), (x_test, y_test) = fashion_mnist()   # 784 pixels in [0, 1]

model = Sequential([Dense(10, activation="relu"), Dense(10, activation="relu"),
                    Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)

loss, accuracy = model.evaluate(x_test, y_test)
print("test: loss %.4f, accuracy %.4f" % (loss, accuracy))

if len(sys.argv) > 1:
    model.metadata["dataset"] = "Fashion-MNIST"
    model.save(sys.argv[1])
    same = (load_model(sys.argv[1]).predict(x_test[:1]) == model.predict(x_test[:1])).all()
    print("saved to %s; the reloaded model predicts %s"
          % (sys.argv[1], "identically" if same else "DIFFERENTLY"))
sys.exit(0 if accuracy >= 0.8 else 1)
