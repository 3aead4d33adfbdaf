#!/usr/bin/env python3
"""End-to-end tests of the `nn` command-line tool.

Usage: e2e.py CASE PATH-TO-nn

Each CASE builds its own tiny data sets in a temporary directory (a CSV
file of 4 features and 3 classes, an IDX pair of 6 x 6 images, one file of
it gzipped), runs the built tool on them and checks exit statuses, files
and output. Exit status 0 is a pass, 1 a failure, 77 a skip (meson's
convention). Only the Python standard library is used; every run is seeded
and single-threaded so the results are deterministic.
"""

import gzip
import os
import random
import re
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

SKIP = 77
NN = None  # the tool's path, from the command line
HAVE_PLOT = True  # whether this nn was built with cairo (nn --version)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FASHION = "/usr/share/datasets/fashion-mnist"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(args, status=0, timeout=60, env=None):
    """Runs nn with args; checks the exit status unless status is None."""
    proc = subprocess.run([NN] + [str(a) for a in args], capture_output=True,
                          text=True, timeout=timeout, env=env,
                          stdin=subprocess.DEVNULL)
    if status is not None and proc.returncode != status:
        raise Failure("nn %s\n  exited %d, expected %d\n  stdout: %s\n"
                      "  stderr: %s" % (shlex.join(map(str, args)),
                                        proc.returncode, status,
                                        proc.stdout[-2000:],
                                        proc.stderr[-2000:]))
    return proc


# --------------------------------------------------------------------------
# Data


def write_csv(path, rows, seed, header=True, labels=True):
    """Three classes around distinct centres in 4 features of very
    different scales (so --normalize matters); the label is the last
    column."""
    rng = random.Random(seed)
    centres = [(0.0, 100.0, -5.0, 0.001), (3.0, 140.0, -1.0, 0.003),
               (-3.0, 180.0, 3.0, 0.002)]
    spread = (1.0, 12.0, 1.2, 0.0006)
    with open(path, "w") as f:
        if header:
            f.write("f0,f1,f2,f3%s\n" % (",label" if labels else ""))
        for _ in range(rows):
            c = rng.randrange(3)
            x = [centres[c][k] + rng.gauss(0, spread[k]) for k in range(4)]
            fields = ["%.6g" % v for v in x] + ([str(c)] if labels else [])
            f.write(",".join(fields) + "\n")


def idx_bytes(type_code, dims, values):
    head = struct.pack(">BBBB", 0, 0, type_code, len(dims))
    head += b"".join(struct.pack(">I", d) for d in dims)
    return head + bytes(values)


def write_idx(images_path, labels_path, n, seed):
    """n 6 x 6 byte images of three kinds (a horizontal bar, a vertical
    bar, a dot) with noise; the images file is gzipped, the labels file
    plain."""
    rng = random.Random(seed)
    pixels, labels = [], []
    for _ in range(n):
        c = rng.randrange(3)
        off = rng.randrange(1, 5)
        for y in range(6):
            for x in range(6):
                on = (c == 0 and y == off) or (c == 1 and x == off) or \
                     (c == 2 and abs(x - 2.5) < 1 and abs(y - 2.5) < 1)
                v = (200 if on else 0) + rng.randrange(50)
                pixels.append(min(v, 255))
        labels.append(c)
    with gzip.open(images_path, "wb") as f:
        f.write(idx_bytes(0x08, [n, 6, 6], pixels))
    with open(labels_path, "wb") as f:
        f.write(idx_bytes(0x08, [n], labels))


class Workspace:
    """A temporary directory with the standard data sets."""

    def __init__(self, path):
        self.dir = path
        self.csv = self.path("train.csv")
        self.test_csv = self.path("test.csv")
        self.features_csv = self.path("features.csv")
        self.images = self.path("images.idx.gz")
        self.labels = self.path("labels.idx")
        self.test_images = self.path("test-images.idx.gz")
        self.test_labels = self.path("test-labels.idx")
        write_csv(self.csv, 200, seed=1)
        write_csv(self.test_csv, 60, seed=2)
        write_csv(self.features_csv, 60, seed=2, header=False, labels=False)
        write_idx(self.images, self.labels, 120, seed=3)
        write_idx(self.test_images, self.test_labels, 60, seed=4)

    def path(self, name):
        return os.path.join(self.dir, name)


CSV_MODEL = ["--normalize", "--layers", "16:relu,dropout:0.1,3:softmax",
             "--seed", "7", "--threads", "1"]


def train_csv(ws, out, epochs=5, extra=()):
    return run(["train", "--csv", ws.csv] + CSV_MODEL +
               ["--epochs", epochs, "--lr", "0.01", "-o", out] + list(extra))


def info_fields(path, *extra):
    """nn info's "key: value" lines as a dict (metadata under 'meta')."""
    out = run(["info"] + list(extra) + [path]).stdout
    fields, meta = {}, {}
    for line in out.splitlines():
        if line.startswith("  "):
            key, _, value = line.strip().partition(": ")
            meta[key] = value
        else:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    fields["meta"] = meta
    return fields, out


# --------------------------------------------------------------------------
# Cases


def check_png(path):
    with open(path, "rb") as f:
        check(f.read(8) == PNG_SIGNATURE, "%s is not a PNG" % path)
    check(os.path.getsize(path) > 5000, "%s is suspiciously small" % path)


def case_train(ws):
    model, plot = ws.path("m.nnm"), ws.path("curves.png")
    if not HAVE_PLOT:
        err = run(["train", "--csv", ws.csv, "--layers", "3:softmax",
                   "--plot", plot], status=1).stderr
        check("without cairo" in err, err)
    proc = train_csv(ws, model, epochs=20,
                     extra=["--validation-split", "0.2",
                            "--test-csv", ws.test_csv] +
                     (["--plot", plot] if HAVE_PLOT else []))
    check(os.path.getsize(model) > 0, "no model written")
    if HAVE_PLOT:
        check_png(plot)
    # Not a terminal: one line per epoch, with validation metrics.
    lines = [l for l in proc.stderr.splitlines() if l.startswith("Epoch ")]
    check(len(lines) == 20, "expected 20 epoch lines:\n" + proc.stderr)
    check(re.match(r"Epoch 1/20 - [0-9.]+s - loss: [0-9.]+ - accuracy: "
                   r"[0-9.]+ - val_loss: [0-9.]+ - val_accuracy: [0-9.]+$",
                   lines[0]), "bad epoch line: " + lines[0])
    m = re.search(r"^test_accuracy: ([0-9.]+)$", proc.stdout, re.M)
    check(m and float(m.group(1)) >= 0.8,
          "test accuracy missing or low:\n" + proc.stdout)
    check(re.search(r"^test_loss: [0-9.e-]+$", proc.stdout, re.M),
          "no test loss:\n" + proc.stdout)

    # --quiet silences the display but not the results.
    proc = train_csv(ws, ws.path("q.nnm"), epochs=2,
                     extra=["--quiet", "--test-csv", ws.test_csv])
    check(proc.stderr == "", "--quiet printed: " + proc.stderr)
    check("test_accuracy:" in proc.stdout, "--quiet hid the test results")

    # IDX, gzipped images, / 255 scaling recorded.
    idx_model = ws.path("idx.nnm")
    proc = run(["train", "--images", ws.images, "--labels", ws.labels,
                "--normalize", "--layers", "8:relu,3:softmax", "--epochs",
                "10", "--lr", "0.02", "--seed", "1", "--threads", "1",
                "--test-images", ws.test_images, "--test-labels",
                ws.test_labels, "-o", idx_model])
    fields, _ = info_fields(idx_model)
    check(fields["meta"].get("input_scaling") == "divide:255",
          "IDX scaling: %r" % fields["meta"].get("input_scaling"))
    m = re.search(r"^test_accuracy: ([0-9.]+)$", proc.stdout, re.M)
    check(m and float(m.group(1)) >= 0.8,
          "IDX test accuracy missing or low:\n" + proc.stdout)
    # eval applies the recorded scaling by itself: same accuracy.
    ev = run(["eval", idx_model, "--images", ws.test_images, "--labels",
              ws.test_labels]).stdout
    check("accuracy: %s" % m.group(1) in ev,
          "eval disagrees with train's test accuracy:\n" + ev)

    # Other losses: one-hot targets and a regression.
    run(["train", "--csv", ws.csv, "--normalize", "--layers",
         "8:tanh,3:softmax", "--loss", "categorical_crossentropy",
         "--optimizer", "rmsprop", "--epochs", "2", "--quiet", "-o",
         ws.path("cat.nnm")])
    ev = run(["eval", ws.path("cat.nnm"), "--csv", ws.test_csv]).stdout
    check(re.search(r"^accuracy: 0\.[0-9]{4}$", ev, re.M), ev)
    run(["train", "--csv", ws.csv, "--normalize", "--layers",
         "8:gelu,1:linear", "--loss", "mse", "--optimizer", "sgd", "--epochs",
         "2", "--quiet", "-o", ws.path("mse.nnm")] +
        (["--plot", ws.path("mse.png")] if HAVE_PLOT else []))
    ev = run(["eval", ws.path("mse.nnm"), "--csv", ws.test_csv]).stdout
    check("accuracy: n/a (not defined for mse)" in ev, ev)
    pred = run(["predict", ws.path("mse.nnm"), "--csv", ws.test_csv]).stdout
    check(pred.splitlines()[0] == "output_0", "mse predict header: " + pred)


def case_inspect(ws):
    model = ws.path("m.nnm")
    train_csv(ws, model, extra=["--notes", "first try", "--quiet"])

    out = run(["summary", model]).stdout
    for want in ["Model: \"m.nnm\"", "Layer (type)", "Output Shape",
                 "Param #", "dense (Dense)", "(None, 16)", "80",
                 "dropout (Dropout)", "dense_1 (Dense)", "(None, 3)", "51",
                 "Total params: 131", "Trainable params: 131",
                 "Non-trainable params: 0"]:
        check(want in out, "summary lacks %r:\n%s" % (want, out))

    fields, out = info_fields(model)
    expect = {"input dim": "4", "output dim": "3", "parameters": "131",
              "compiled": "yes", "optimizer": "adam",
              "loss": "sparse_categorical_crossentropy", "epochs done": "5"}
    for key, value in expect.items():
        check(fields.get(key) == value,
              "info %s: %r, expected %r\n%s" % (key, fields.get(key), value,
                                                out))
    check(re.match(r"libnn model, format version \d+$", fields["format"]),
          out)
    check(fields["layers"].startswith("3 (dense 16 relu, dropout 0.1, "
                                      "dense 3 softmax)"), out)
    check(fields["history"].startswith("5 epochs (last: loss="), out)
    check("learning_rate=0.01" in fields["hyper-parameters"], out)
    meta = fields["meta"]
    check(meta.get("training_data") == "csv:" + ws.csv, out)
    check(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", meta.get("date", "")),
          out)
    check(re.match(r"minmax:[^,]+/[^,]+(,[^,]+/[^,]+){3}$",
                   meta.get("input_scaling", "")), out)
    check(meta.get("notes") == "first try", out)
    check(meta.get("command", "").startswith("nn train --csv "), out)
    check("--notes 'first try'" in meta.get("command", ""), out)
    check(meta.get("metrics", "").startswith("loss="), out)
    check(meta.get("label_column") == "last", out)

    out = run(["eval", model, "--csv", ws.test_csv]).stdout
    m = re.search(r"^loss: \S+\naccuracy: (0\.\d{4}|1\.0000)\n"
                  r"samples: 60\n$", out)
    check(m, "eval output:\n" + out)
    accuracy = float(m.group(1))

    pred = run(["predict", model, "--csv", ws.test_csv]).stdout
    lines = pred.splitlines()
    check(lines[0] == "output_0,output_1,output_2,class", lines[0])
    check(len(lines) == 61, "predict wrote %d lines" % len(lines))
    with open(ws.test_csv) as f:
        labels = [int(l.rsplit(",", 1)[1]) for l in f.read().split()[1:]]
    right = 0
    for line, label in zip(lines[1:], labels):
        fields_ = line.split(",")
        p = [float(v) for v in fields_[:3]]
        check(abs(sum(p) - 1) < 1e-5, "probabilities do not sum to 1: "
              + line)
        check(int(fields_[3]) == p.index(max(p)), "class is not the argmax")
        right += int(fields_[3]) == label
    check(abs(right / 60 - accuracy) < 1e-4,
          "predict's argmax accuracy %g != eval's %g" % (right / 60,
                                                         accuracy))

    # To a file; from a file without labels (detected, or said so).
    run(["predict", model, "--csv", ws.test_csv, "-o", ws.path("p.csv")])
    with open(ws.path("p.csv")) as f:
        check(f.read() == pred, "predict -o differs from stdout")
    auto = run(["predict", model, "--csv", ws.features_csv]).stdout
    check(auto == pred, "predict on a label-less file differs")
    said = run(["predict", model, "--csv", ws.features_csv, "--label-column",
                "none"]).stdout
    check(said == pred, "predict --label-column none differs")

    check(run(["info", "--weights-hash", model]).stdout.count(
        "weights hash:") == 1, "no weights hash")
    out = run(["info", "--full", model]).stdout
    check("--full shows all" not in out, out)


def case_errors(ws):
    model = ws.path("m.nnm")
    train_csv(ws, model, epochs=1, extra=["--quiet"])

    def usage(args, *wants):
        proc = run(args, status=2)
        err = proc.stderr
        check(err.startswith("nn"), "usage error without 'nn': " + err)
        check("--help' for more information" in err, "no hint: " + err)
        for want in wants:
            check(want in err, "%r lacks %r" % (err, want))
        check(proc.stdout == "", "usage error wrote to stdout")

    usage([], "no command")
    usage(["bogus"], "unknown command 'bogus'")
    usage(["--bogus"], "unrecognized option '--bogus'")
    usage(["train", "--bogus"], "nn train: unrecognized option '--bogus'",
          "nn train --help")
    usage(["train", "--csv", ws.csv], "--layers")
    usage(["train", "--csv", ws.csv, "--layers", "10:relu,3:sofmax"],
          "layer 2 ('3:sofmax')", "unknown activation 'sofmax'")
    usage(["train", "--csv", ws.csv, "--layers", "10:relu,,3:softmax"],
          "layer 2", "empty item")
    usage(["train", "--csv", ws.csv, "--layers", "3:softmax", "--epochs",
           "0"], "--epochs")
    usage(["train", "--csv", ws.csv, "--layers", "3:softmax", "--epochs",
           "5x"], "'5x'")
    usage(["train", "--csv", ws.csv, "--layers", "3:softmax", "--lr", "-1"],
          "--lr")
    usage(["train", "--csv", ws.csv, "--layers", "3:softmax",
           "--validation-split", "1"], "--validation-split")
    usage(["train", "--csv", ws.csv, "--layers", "3:softmax", "--optimizer",
           "adagrad"], "unknown optimizer 'adagrad'")
    usage(["train", "--csv", ws.csv, "--layers", "3:softmax", "--loss",
           "hinge"], "unknown loss 'hinge'")
    usage(["train", "--csv", ws.csv, "--layers", "3:softmax", "--epochs"],
          "needs a value")
    usage(["train", "--csv", ws.csv, "--images", ws.images, "--labels",
           ws.labels, "--layers", "3:softmax"], "not both")
    usage(["train", "--images", ws.images, "--layers", "3:softmax"],
          "--labels")
    usage(["train", "--layers", "3:softmax"], "no data")
    usage(["train", "--csv", ws.csv, "--resume", model, "--layers",
           "3:softmax", "--epochs", "3"], "--resume")
    usage(["train", "--csv", ws.csv, "--resume", model], "--epochs")
    usage(["train", "--csv", ws.csv, "--layers", "3:softmax", "stray"],
          "unexpected argument 'stray'")
    usage(["eval"], "no model")
    usage(["eval", model], "no data")
    usage(["eval", model, "--csv", ws.csv, "-o", "x"], "unrecognized")
    usage(["predict", model, "--csv", ws.csv, "--label-column", "x"],
          "--label-column")
    usage(["summary"], "no model")
    usage(["info", model, model], "unexpected argument")

    for args in [["--help"], ["-h"], ["train", "--help"], ["eval", "--help"],
                 ["predict", "--help"], ["summary", "--help"],
                 ["info", "--help"]]:
        out = run(args).stdout
        check(out.startswith("Usage: nn"), "%s: %s" % (args, out))
    out = run(["--version"]).stdout
    check(re.match(r"nn \d+\.\d+\.\d+\nlibnn \d+\.\d+\.\d+", out), out)

    def runtime(args, *wants):
        err = run(args, status=1).stderr
        check(err.startswith("nn: "), "runtime error without 'nn: ': " + err)
        for want in wants:
            check(want in err, "%r lacks %r" % (err, want))

    missing = ws.path("no-such.csv")
    runtime(["train", "--csv", missing, "--layers", "3:softmax"],
            "no-such.csv")
    runtime(["train", "--images", ws.path("no-such-images"), "--labels",
             ws.labels, "--layers", "3:softmax"], "no-such-images")
    runtime(["info", ws.path("no-such.nnm")], "no-such.nnm")
    runtime(["eval", ws.path("no-such.nnm"), "--csv", ws.csv],
            "no-such.nnm")
    runtime(["eval", model, "--csv", missing], "no-such.csv")
    with open(ws.path("junk.nnm"), "wb") as f:
        f.write(b"this is not a model")
    runtime(["summary", ws.path("junk.nnm")])
    runtime(["eval", model, "--images", ws.images, "--labels", ws.labels],
            "36 features per row", "takes 4")
    runtime(["predict", model, "--csv", ws.csv, "-o",
             ws.path("no-dir/p.csv")], "no-dir/p.csv")
    if HAVE_PLOT:
        runtime(["train", "--csv", ws.csv, "--layers", "3:softmax",
                 "--quiet", "--plot", ws.path("no-dir/c.png")],
                "no-dir/c.png")
    # A loss the last layer cannot take: the library's message.
    runtime(["train", "--csv", ws.csv, "--layers", "3:relu", "--quiet"],
            "nn_model_compile")
    # Labels out of range for the output width.
    runtime(["train", "--csv", ws.csv, "--layers", "2:softmax", "--quiet"],
            "label")


def case_resume(ws):
    a, b = ws.path("a.nnm"), ws.path("b.nnm")
    common = ["--validation-split", "0.25", "--quiet"]
    train_csv(ws, a, epochs=4, extra=common)
    train_csv(ws, b, epochs=2, extra=common)
    fields, _ = info_fields(b)
    check(fields["epochs done"] == "2", "b: %s" % fields["epochs done"])
    # Layers, seed and optimizer come from the file; batch size and split
    # from its metadata, the scaling too.
    run(["train", "--csv", ws.csv, "--resume", b, "--epochs", "4",
         "--threads", "1", "-o", b, "--quiet"])

    fa, out_a = info_fields(a, "--weights-hash")
    fb, out_b = info_fields(b, "--weights-hash")
    for key in ["epochs done", "weights hash", "history", "parameters"]:
        check(fa[key] == fb[key], "resumed %s differs:\n%s\n%s" %
              (key, out_a, out_b))
    check(fa["epochs done"] == "4", out_a)
    check(fa["meta"]["input_scaling"] == fb["meta"]["input_scaling"],
          "scaling differs")
    pa = run(["predict", a, "--csv", ws.test_csv]).stdout
    pb = run(["predict", b, "--csv", ws.test_csv]).stdout
    check(pa == pb, "predictions differ after resuming")
    check(fb["meta"]["command"].find("--resume") > 0, out_b)

    # Nothing left to do: says so, keeps the model.
    proc = run(["train", "--csv", ws.csv, "--resume", b, "--epochs", "3",
                "-o", ws.path("c.nnm")])
    check("nothing to train" in proc.stderr, proc.stderr)
    pc = run(["predict", ws.path("c.nnm"), "--csv", ws.test_csv]).stdout
    check(pc == pb, "a no-op resume changed the model")


def case_terminal(ws):
    script = shutil.which("script")
    if not script:
        print("skipped: util-linux 'script' is not installed")
        return SKIP
    cmd = shlex.join([NN, "train", "--csv", ws.csv] + CSV_MODEL +
                     ["--epochs", "3", "--batch-size", "8",
                      "--validation-split", "0.2", "-o", ws.path("t.nnm")])
    proc = subprocess.run([script, "-qec", cmd, "/dev/null"],
                          capture_output=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    out = proc.stdout.decode("utf-8", "replace")
    check(proc.returncode == 0, "nn under script exited %d:\n%s" %
          (proc.returncode, out))
    for want in ["Epoch 1/3", "Epoch 3/3", "ETA: ", "samples/s", "\r",
                 "\x1b[K", "[==============================]", " - loss: ",
                 "val_accuracy: "]:
        check(want in out, "terminal output lacks %r:\n%r" % (want, out))
    check(re.search(r"\r *\d+/20 \[=*>?\.*\] - ETA: ", out),
          "no bar with ETA:\n%r" % out)
    check("Epoch 1/3 - " not in out, "line mode on a terminal")


def case_interrupt(ws):
    model = ws.path("i.nnm")
    for epochs in [1000000, 100000000]:
        if os.path.exists(model):
            os.unlink(model)
        proc = subprocess.Popen(
            [NN, "train", "--csv", ws.csv] + CSV_MODEL +
            ["--epochs", str(epochs), "--batch-size", "1", "-o", model] +
            (["--plot", ws.path("i.png")] if HAVE_PLOT else []),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        try:
            # Wait until training runs (an epoch line), then Ctrl-C.
            first = proc.stderr.readline()
            check(first.startswith("Epoch 1/"), "first line: %r" % first)
            time.sleep(0.2)
            proc.send_signal(signal.SIGINT)
            _, rest = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        err = first + rest
        if proc.returncode == 0:
            continue  # finished before the signal: try a longer run
        check(proc.returncode == 130, "exit %d after SIGINT:\n%s" %
              (proc.returncode, err))
        break
    else:
        raise Failure("training always finished before SIGINT")

    check(re.search(r"interrupted after \d+ of %d epochs" % epochs, err),
          "no interruption message:\n" + err)
    check("Saved " in err and model in err, "no saved message:\n" + err)
    fields, out = info_fields(model)
    done = int(fields["epochs done"])
    check(done >= 1, "the saved model has %d epochs\n%s" % (done, out))
    if HAVE_PLOT:
        check_png(ws.path("i.png"))
    # It resumes.
    run(["train", "--csv", ws.csv, "--resume", model, "--epochs",
         str(done + 1), "--quiet", "-o", model])
    fields, _ = info_fields(model)
    check(fields["epochs done"] == str(done + 1), "resume after interrupt")


def case_fashion_mnist(ws):
    files = {name: os.path.join(FASHION, name + "-ubyte.gz") for name in
             ["train-images-idx3", "train-labels-idx1", "t10k-images-idx3",
              "t10k-labels-idx1"]}
    missing = [p for p in files.values() if not os.path.exists(p)]
    if missing:
        print("skipped: Fashion-MNIST is not installed (%s missing)" %
              ", ".join(missing))
        return SKIP
    model = ws.path("fashion.nnm")
    started = time.time()
    proc = run(["train", "--images", files["train-images-idx3"],
                "--labels", files["train-labels-idx1"], "--normalize",
                "--layers", "10:relu,10:relu,10:softmax", "--optimizer",
                "adam", "--epochs", "5", "--batch-size", "32", "--seed", "1",
                "--test-images", files["t10k-images-idx3"], "--test-labels",
                files["t10k-labels-idx1"], "-o", model], timeout=540)
    print(proc.stderr, end="")
    print(proc.stdout, end="")
    print("took %.1f s" % (time.time() - started))
    m = re.search(r"^test_accuracy: ([0-9.]+)$", proc.stdout, re.M)
    check(m, "no test accuracy")
    check(float(m.group(1)) >= 0.80,
          "test accuracy %s < 0.80" % m.group(1))
    ev = run(["eval", model, "--images", files["t10k-images-idx3"],
              "--labels", files["t10k-labels-idx1"]]).stdout
    check("accuracy: %s" % m.group(1) in ev, ev)


CASES = {
    "train": case_train,
    "inspect": case_inspect,
    "errors": case_errors,
    "resume": case_resume,
    "terminal": case_terminal,
    "interrupt": case_interrupt,
    "fashion-mnist": case_fashion_mnist,
}


def main():
    global NN, HAVE_PLOT
    if len(sys.argv) != 3 or sys.argv[1] not in CASES:
        print("usage: e2e.py {%s} PATH-TO-nn" % ",".join(CASES),
              file=sys.stderr)
        return 2
    NN = os.path.abspath(sys.argv[2])
    HAVE_PLOT = "plotting: cairo" in run(["--version"]).stdout
    with tempfile.TemporaryDirectory(prefix="nn-cli-") as tmp:
        ws = Workspace(tmp)
        try:
            result = CASES[sys.argv[1]](ws)
        except Failure as e:
            print("FAIL: %s" % e, file=sys.stderr)
            return 1
        except subprocess.TimeoutExpired as e:
            print("FAIL: timed out: %s" % e, file=sys.stderr)
            return 1
    if result == SKIP:
        return SKIP
    print("ok: %s" % sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
