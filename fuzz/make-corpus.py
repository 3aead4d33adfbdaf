#!/usr/bin/python3
"""make-corpus.py - writes the seed corpora of the fuzz targets.

    /usr/bin/python3 fuzz/make-corpus.py [--out DIR] [--check LIBNN.so]

Generates valid inputs and a few damaged ones for each target into
DIR/<target>/ (default: fuzz/corpus next to this script), replacing the
generated files but keeping the crash-* regression inputs found by fuzzing.
Model files are written byte by byte from docs/FORMAT.md (CRC-32 included);
the IDX and CSV seeds are in the layout their targets expect (control bytes,
then the file; see fuzz_idx.c and fuzz_csv.c).

--check LIBNN.so loads the result with the given library through ctypes:
every seed named ok-* must load, and every canonical model file must save
back to the same bytes; every seed named bad-* must be refused.

The standard library only; the output is deterministic.
"""
import argparse
import ctypes
import math
import os
import struct
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# The enumerations of nn.h.
ACT = {name: i for i, name in enumerate(
    ["linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "elu",
     "gelu", "softplus", "sin", "gaussian"])}
OPT = {"sgd": 0, "adam": 1, "rmsprop": 2, "adamw": 3}
LOSS = {"mse": 0, "mae": 1, "bce": 2, "cce": 3, "scce": 4}
PARAM = {"lr": 0, "momentum": 1, "nesterov": 2, "beta1": 3, "beta2": 4,
         "eps": 5, "rho": 6, "wd": 7, "clip": 8, "leaky": 9, "elu": 10}
DENSE, DROPOUT = 0, 1

FUZZ_SEPARATOR = b"\n--NNFUZZ--\n"  # fuzz_helpers.h

# ---------------------------------------------------------------------------
# model files (docs/FORMAT.md)

MAGIC = b"\x89NNMODL\n"


def u32(v):
    return struct.pack("<I", v & 0xFFFFFFFF)


def u64(v):
    return struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF)


def f32(v):
    return struct.pack("<f", v)


def f64(v):
    return struct.pack("<d", v)


def chunk(tag, payload):
    assert len(tag) == 4
    return tag + u64(len(payload)) + payload


def with_crc(body):
    return body + u32(zlib.crc32(body))


def floats(n, seed):
    """n deterministic small floats, exactly representable in binary32."""
    out = []
    x = seed * 2654435761 % 4294967296
    for _ in range(n):
        x = (1103515245 * x + 12345) % 2147483648
        out.append(((x >> 8) % 2001 - 1000) / 1024.0)
    return out


class Model:
    """The fields of a model file; bytes() writes it like libnn does."""

    def __init__(self, input_dim, layers, seed=1):
        self.input_dim = input_dim
        self.layers = layers  # (kind, act, units, rate)
        self.version = 2
        self.compiled, self.opt, self.loss = 0, 0, 0
        self.hypr = {}  # param id -> value
        self.seed = seed
        self.rng = [0x9E3779B97F4A7C15 ^ seed, 0xBF58476D1CE4E5B9,
                    0x94D049BB133111EB, seed + 1]
        self.weights = floats(self.n_params(), seed)
        self.step = 0
        self.opt_m = self.opt_v = None
        self.epochs_done, self.es_best, self.es_wait = 0, math.nan, 0
        self.best = None
        self.history = []  # (loss, acc, val_loss, val_acc)
        self.meta = []  # (key bytes, value bytes)
        self.extra = []  # (after tag, chunk bytes) inserted after that chunk

    def n_params(self):
        n, width = 0, self.input_dim
        for kind, _act, units, _rate in self.layers:
            if kind == DENSE:
                n += width * units + units
                width = units
        return n

    def compile(self, opt, loss, lr):
        self.compiled, self.opt, self.loss = 1, OPT[opt], LOSS[loss]
        self.hypr[PARAM["lr"]] = lr
        return self

    def trained(self, step, epochs):
        n = self.n_params()
        self.step = step
        self.opt_m = floats(n, 7)
        self.opt_v = [abs(v) / 8 for v in floats(n, 8)]
        self.epochs_done = epochs
        self.history = [(1.0 / (e + 1), 0.5, 1.5 / (e + 1), math.nan)
                        for e in range(epochs)]
        return self

    def chunks(self):
        arch = u64(self.input_dim) + u64(len(self.layers))
        for kind, act, units, rate in self.layers:
            arch += u32(kind) + u32(act) + u64(units) + f32(rate)
        out = [(b"ARCH", chunk(b"ARCH", arch)),
               (b"COMP", chunk(b"COMP", u32(self.compiled) + u32(self.opt) +
                               u32(self.loss)))]
        hypr = u32(len(self.hypr))
        for p in sorted(self.hypr):
            hypr += u32(p) + f64(self.hypr[p])
        out.append((b"HYPR", chunk(b"HYPR", hypr)))
        out.append((b"RNG ", chunk(b"RNG ", u64(self.seed) +
                                   b"".join(u64(s) for s in self.rng))))
        out.append((b"WGHT", chunk(b"WGHT", u64(len(self.weights)) +
                                   b"".join(f32(w) for w in self.weights))))
        if self.version >= 2:
            if self.compiled and self.step > 0:
                out.append((b"optm", chunk(b"optm", u64(self.step) +
                            u64(len(self.opt_m)) +
                            b"".join(f32(v) for v in self.opt_m) +
                            b"".join(f32(v) for v in self.opt_v))))
            out.append((b"trst", chunk(b"trst", u64(self.epochs_done) +
                                       f64(self.es_best) +
                                       u64(self.es_wait))))
            if self.best is not None:
                out.append((b"best", chunk(b"best", u64(len(self.best)) +
                            b"".join(f32(v) for v in self.best))))
            hist = u64(len(self.history))
            for rec in self.history:
                hist += b"".join(f32(v) for v in rec)
            out.append((b"hist", chunk(b"hist", hist)))
            if self.meta:
                meta = u32(len(self.meta))
                for k, v in self.meta:
                    meta += u32(len(k)) + k + u32(len(v)) + v
                out.append((b"meta", chunk(b"meta", meta)))
        for after, data in self.extra:
            at = [i for i, (tag, _) in enumerate(out) if tag == after][0]
            out.insert(at + 1, (b"xtra", data))
        out.append((b"END ", chunk(b"END ", b"")))
        return out

    def body(self):
        return (MAGIC + u32(self.version) +
                b"".join(data for _tag, data in self.chunks()))

    def bytes(self):
        return with_crc(self.body())


def dense(units, act="linear"):
    return (DENSE, ACT[act], units, 0.0)


def dropout(units, rate):
    return (DROPOUT, 0, units, rate)


def model_seeds():
    """(name, bytes, canonical): canonical files save back byte for byte."""
    seeds = []

    def add(name, data, canonical=False):
        seeds.append((name, data, canonical))

    # valid models
    m = Model(4, [dense(3, "relu"), dropout(3, 0.25), dense(2, "softmax")])
    m.compile("adam", "scce", 1e-3).trained(step=7, epochs=2)
    m.hypr[PARAM["beta1"]] = 0.875
    m.meta = [(b"dataset", b"tiny"), (b"nn.scaling", b"minmax 0 1")]
    add("ok-mlp-adam-trained", m.bytes(), True)

    es = Model(3, [dense(2, "tanh"), dense(2, "softmax")], seed=5)
    es.compile("adamw", "cce", 0.01).trained(step=3, epochs=3)
    es.es_best, es.es_wait = 0.25, 1
    es.best = floats(es.n_params(), 11)
    es.hypr[PARAM["wd"]] = 0.004
    add("ok-early-stopping-best", es.bytes(), True)

    add("ok-uncompiled-linear", Model(1, [dense(1)]).bytes(), True)

    acts = Model(2, [dense(2, a) for a in ACT], seed=3)
    acts.hypr = {PARAM["leaky"]: 0.125, PARAM["elu"]: 2.0}
    add("ok-every-activation", acts.bytes(), True)

    b = Model(3, [dense(4, "gelu"), dense(1, "sigmoid")], seed=4)
    b.compile("sgd", "bce", 0.05).trained(step=2, epochs=1)
    b.hypr.update({PARAM["momentum"]: 0.5, PARAM["nesterov"]: 1.0,
                   PARAM["clip"]: 1.0})
    add("ok-sgd-nesterov-bce", b.bytes(), True)

    r = Model(2, [dense(3, "elu"), dense(2, "linear")], seed=6)
    r.compile("rmsprop", "mse", 0.001)
    r.hypr.update({PARAM["rho"]: 0.75, PARAM["eps"]: 1e-5})
    add("ok-rmsprop-mse-fresh", r.bytes(), True)

    a = Model(2, [dropout(2, 0.5), dense(2, "softplus")], seed=8)
    a.compile("adamw", "mae", 0.002).trained(step=1, epochs=1)
    add("ok-dropout-first-mae", a.bytes(), True)

    meta = Model(2, [dense(1, "sin")], seed=9)
    meta.meta = [(b"k" * 255, b""), (b"note", "caf\u00e9".encode()),
                 (b"v", b"x" * 300)]
    add("ok-metadata", meta.bytes(), True)

    v1 = Model(3, [dense(2, "relu"), dense(2, "softmax")], seed=10)
    v1.version = 1
    v1.compile("adam", "scce", 1e-3)
    add("ok-version-1", v1.bytes())
    fixture = os.path.join(REPO, "tests", "fixtures", "model-v1.nnm")
    if os.path.exists(fixture):
        with open(fixture, "rb") as f:
            add("ok-libnn-1.0-fixture", f.read())

    x = Model(2, [dense(2, "gaussian")], seed=12)
    x.extra = [(b"WGHT", chunk(b"xtra", b"optional data a reader skips"))]
    add("ok-unknown-optional-chunk", x.bytes())

    # damaged ones, each with a correct CRC unless the CRC is the point
    base = Model(2, [dense(2, "relu"), dense(2, "softmax")], seed=2)
    base.compile("adam", "scce", 1e-3).trained(step=1, epochs=1)
    good = base.bytes()
    add("bad-crc", good[:-1] + bytes([good[-1] ^ 0xFF]))
    add("bad-truncated", with_crc(base.body()[:-20]))
    add("bad-magic", with_crc(b"\x89NNMODX\n" + base.body()[8:]))
    add("bad-too-short", MAGIC + u32(2))
    for version in (0, 3):
        add("bad-version-%d" % version,
            with_crc(MAGIC + u32(version) + base.body()[12:]))
    chunks = [data for _tag, data in base.chunks()]
    head = MAGIC + u32(2)

    def from_chunks(parts):
        return with_crc(head + b"".join(parts))

    add("bad-no-wght", from_chunks(chunks[:4] + chunks[5:]))
    add("bad-no-arch", from_chunks(chunks[1:]))
    add("bad-second-arch", from_chunks(chunks[:1] + chunks))
    add("bad-required-unknown", from_chunks(
        chunks[:-1] + [chunk(b"ZZZZ", b"?")] + chunks[-1:]))
    add("bad-after-end", with_crc(head + b"".join(chunks) + b"junk"))
    add("bad-chunk-length", from_chunks(
        chunks[:2] + [b"HYPR" + u64(1 << 40)] + chunks[2:]))
    add("bad-truncated-header", with_crc(head + chunks[0][:6]))

    def variant(name, edit):
        mm = Model(2, [dense(2, "relu"), dense(2, "softmax")], seed=2)
        mm.compile("adam", "scce", 1e-3).trained(step=1, epochs=1)
        edit(mm)
        add(name, mm.bytes())

    def nan_weight(mm):
        mm.weights[3] = math.nan
    variant("bad-nan-weight", nan_weight)
    variant("bad-weight-count",
            lambda mm: setattr(mm, "weights", mm.weights[:-1]))
    variant("bad-units-zero",
            lambda mm: setattr(mm, "layers", [dense(0, "relu"),
                                              dense(2, "softmax")]))
    variant("bad-units-huge",
            lambda mm: setattr(mm, "layers", [dense(1 << 31, "relu"),
                                              dense(2, "softmax")]))
    variant("bad-unknown-activation",
            lambda mm: setattr(mm, "layers", [(DENSE, 11, 2, 0.0),
                                              dense(2, "softmax")]))
    variant("bad-dropout-width",
            lambda mm: setattr(mm, "layers", [dense(2, "relu"),
                                              dropout(3, 0.5),
                                              dense(2, "softmax")]))
    variant("bad-dropout-rate",
            lambda mm: setattr(mm, "layers", [dense(2, "relu"),
                                              dropout(2, 1.0),
                                              dense(2, "softmax")]))
    variant("bad-loss-activation",
            lambda mm: setattr(mm, "loss", LOSS["bce"]))
    variant("bad-optimizer", lambda mm: setattr(mm, "opt", 4))
    variant("bad-hyperparameter",
            lambda mm: mm.hypr.update({PARAM["momentum"]: 1.5}))
    variant("bad-hyperparameter-id", lambda mm: mm.hypr.update({11: 0.5}))
    variant("bad-rng-zero", lambda mm: setattr(mm, "rng", [0, 0, 0, 0]))

    def optm_nan(mm):
        mm.opt_v[0] = math.inf
    variant("bad-optm-infinite", optm_nan)
    variant("bad-optm-count",
            lambda mm: (setattr(mm, "opt_m", mm.opt_m[:-1]),
                        setattr(mm, "opt_v", mm.opt_v[:-1])))
    variant("bad-best-count", lambda mm: setattr(mm, "best", [0.5]))
    variant("bad-best-nan",
            lambda mm: setattr(mm, "best", [math.nan] * mm.n_params()))
    variant("bad-meta-nul-key", lambda mm: setattr(mm, "meta", [(b"a\0b",
                                                                b"v")]))
    variant("bad-meta-empty-key", lambda mm: setattr(mm, "meta", [(b"",
                                                                  b"v")]))
    variant("bad-meta-long-key", lambda mm: setattr(mm, "meta", [(b"k" * 256,
                                                                 b"v")]))
    variant("ok-meta-duplicate-key",
            lambda mm: setattr(mm, "meta", [(b"k", b"1"), (b"k", b"2")]))

    def hist_lie(mm):
        mm.history = [(0.5, 0.5, 0.5, 0.5)]
        mm.extra = []
    variant("ok-history-without-training", hist_lie)
    lie = Model(2, [dense(2, "relu"), dense(2, "softmax")], seed=2)
    lie_chunks = [data for _t, data in lie.chunks()]
    lie_chunks[6] = chunk(b"hist", u64(1 << 60))
    add("bad-history-count", from_chunks(lie_chunks))
    arch_lie = chunk(b"ARCH", u64(2) + u64(1 << 40))
    add("bad-layer-count", from_chunks([arch_lie] + chunks[1:]))
    return seeds


# ---------------------------------------------------------------------------
# IDX (fuzz_idx.c: control byte, images [separator labels])

IDX_TYPES = {"u8": (0x08, ">B"), "i8": (0x09, ">b"), "i16": (0x0B, ">h"),
             "i32": (0x0C, ">i"), "f32": (0x0D, ">f"), "f64": (0x0E, ">d")}

GZIP, GZIP_LABELS, TWO_MEMBERS, NORMALIZE = 1, 2, 4, 8


def idx(kind, dims, values):
    code, fmt = IDX_TYPES[kind]
    out = bytes([0, 0, code, len(dims)]) + b"".join(
        struct.pack(">I", d) for d in dims)
    return out + b"".join(struct.pack(fmt, v) for v in values)


def idx_input(control, images, labels=None, level=6):
    data = bytes([control | (level << 4)]) + images
    if labels is not None:
        data += FUZZ_SEPARATOR + labels
    return data


def gzip_bytes(data, level=6):
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def idx_seeds():
    seeds = []

    def add(name, data):
        seeds.append((name, data))

    pixels = [0, 255, 17, 128, 3, 200, 90, 45, 254, 1, 66, 77]
    images = idx("u8", [3, 2, 2], pixels)
    labels = idx("u8", [3], [1, 0, 9])
    add("ok-u8-plain", idx_input(0, images, labels))
    add("ok-u8-gzip", idx_input(GZIP | GZIP_LABELS, images, labels))
    add("ok-u8-gzip-members-normalize",
        idx_input(GZIP | GZIP_LABELS | TWO_MEMBERS | NORMALIZE, images,
                  labels, level=9))
    add("ok-u8-stored-no-labels", idx_input(GZIP, images, level=0))
    add("ok-i8-normalize", idx_input(NORMALIZE, idx("i8", [2, 3],
                                                    [-128, 127, 0, 5, -5, 1]),
                                     idx("i8", [2], [0, 1])))
    add("ok-i16", idx_input(GZIP, idx("i16", [2, 2], [-32768, 32767, 0, 9]),
                            idx("i16", [2], [3, 4])))
    add("ok-i32-normalize", idx_input(
        NORMALIZE, idx("i32", [2, 1, 2], [-2 ** 31, 2 ** 31 - 1, 0, 7]),
        idx("i32", [2], [0, 1])))
    add("ok-f32", idx_input(0, idx("f32", [2, 2], [0.5, -1.25, 3e30, -3e30]),
                            idx("f32", [2], [0.0, 1.0])))
    add("ok-f64-normalize", idx_input(
        NORMALIZE | GZIP, idx("f64", [3, 1], [0.25, 1e300 / 1e292, -2.0]),
        idx("f64", [3], [2.0, 1.0, 0.0])))
    add("ok-one-dimension", idx_input(0, idx("u8", [4], [1, 2, 3, 4])))
    add("ok-five-dimensions", idx_input(0, idx("u8", [2, 1, 2, 1, 2],
                                               list(range(8))),
                                        idx("u8", [2], [0, 1])))
    add("ok-raw-gzip-file", idx_input(0, gzip_bytes(images),
                                      gzip_bytes(labels)))
    add("ok-raw-concatenated-gzip", idx_input(
        0, gzip_bytes(images[:10]) + gzip_bytes(images[10:])))

    add("bad-truncated-data", idx_input(0, images[:-1], labels))
    add("bad-trailing-byte", idx_input(0, images + b"\0", labels))
    add("bad-truncated-header", idx_input(0, images[:6]))
    add("bad-magic", idx_input(0, b"\x01" + images[1:]))
    add("bad-type", idx_input(0, images[:2] + b"\x0a" + images[3:]))
    add("bad-zero-dimensions", idx_input(0, b"\0\0\x08\0"))
    add("bad-zero-rows", idx_input(0, idx("u8", [0, 4], [])))
    add("bad-label-count", idx_input(0, images, idx("u8", [2], [1, 0])))
    add("bad-label-shape", idx_input(0, images,
                                     idx("u8", [3, 2], [0] * 6)))
    add("bad-f32-nan", idx_input(0, idx("f32", [1, 2], [math.nan, 0.0])))
    add("bad-f64-inf", idx_input(0, idx("f64", [1, 1], [math.inf])))
    add("bad-f64-beyond-float", idx_input(0, idx("f64", [1, 1], [1e300])))
    add("bad-label-nan", idx_input(0, idx("u8", [1, 1], [1]),
                                   idx("f32", [1], [math.nan])))
    add("bad-dims-overflow", idx_input(0, bytes([0, 0, 8, 3]) + b"\xff" * 12))
    add("bad-dims-huge", idx_input(GZIP, bytes([0, 0, 0x0E, 2]) +
                                   struct.pack(">II", 1 << 31, 1 << 31)))
    z = gzip_bytes(images)
    add("bad-raw-gzip-truncated", idx_input(0, z[:-6]))
    add("bad-raw-gzip-trailing", idx_input(0, z + b"junk"))
    add("bad-raw-gzip-corrupt", idx_input(0, z[:12] + b"\xff" * 4 + z[16:]))
    add("bad-raw-gzip-crc", idx_input(0, z[:-8] + b"\0\0\0\0" + z[-4:]))
    return seeds


# ---------------------------------------------------------------------------
# CSV (fuzz_csv.c: control byte, label byte, text)

C_NORMALIZE, C_HEADER, C_NO_HEADER, C_GZIP, C_MEMBERS = 1, 2, 4, 8, 16
LABEL_LAST, NO_LABEL = 1, 0  # label byte values: (byte % 12) - 2


def label_byte(column):
    return column + 2


def csv_input(text, control=0, label=LABEL_LAST, level=6):
    if isinstance(text, str):
        text = text.encode()
    return bytes([control | (level << 5), label]) + text


def csv_seeds():
    seeds = []

    def add(name, data):
        seeds.append((name, data))

    basic = "a,b,label\n0.5,1,0\n-2.25,3e2,1\n7,8,2\n"
    add("ok-header-label-last", csv_input(basic))
    add("ok-no-label", csv_input("1,2,3\n4,5,6\n", label=NO_LABEL))
    add("ok-label-first", csv_input("1,0.5,0.25\n0,1,2\n",
                                    label=label_byte(0)))
    add("ok-label-middle-normalize",
        csv_input("1,2,3\n4,5,6\n-1,0,9\n", C_NORMALIZE, label_byte(1)))
    add("ok-forced-header", csv_input("1,2\n3,4\n5,6\n", C_HEADER))
    add("ok-forced-no-header", csv_input("1,2\n3,4\n", C_NO_HEADER))
    add("ok-quoted-spaces-tabs", csv_input(
        '"x", "y"\n "1" ,\t2 \n\t3,"4"\n'))
    add("ok-crlf-bom-blank-lines", csv_input(
        "\ufeffx,y\r\n\r\n1,2\r\n   \r\n3,4\r\n".encode()))
    add("ok-no-final-newline", csv_input("1,2\n3,4"))
    add("ok-exponents", csv_input("1e-3,-2.5E+2,0\n.5,+7.,1\n-0,1e-45,0\n"))
    add("ok-hex-float", csv_input("0x1p3,1\n0X.8,0\n"))
    add("ok-gzip", csv_input(basic, C_GZIP))
    add("ok-gzip-members-normalize", csv_input(basic + "1,2,0\n" * 3,
                                               C_GZIP | C_MEMBERS |
                                               C_NORMALIZE, level=1))
    add("ok-raw-gzip-file", csv_input(gzip_bytes(basic.encode())))
    add("ok-float-limits", csv_input(
        "1.7e38,-1.7e38\n1e-38,0\n", label=NO_LABEL))
    add("ok-wide-row", csv_input(",".join(str(i) for i in range(40)) + "\n" +
                                 ",".join(str(-i) for i in range(40)) + "\n"))

    add("bad-ragged", csv_input("1,2,3\n4,5\n"))
    add("bad-not-a-number", csv_input("1,2\n3,x\n"))
    add("bad-nan", csv_input("1,nan\n"))
    add("bad-inf", csv_input("1,inf\n"))
    add("bad-beyond-float", csv_input("1,1e39\n"))
    add("bad-nul-byte", csv_input(b"1,2\n3\x004\n"))
    add("bad-empty", csv_input(""))
    add("bad-header-only", csv_input("a,b,c\n"))
    add("bad-one-field-with-label", csv_input("1\n2\n"))
    add("bad-label-column-missing", csv_input("1,2\n", label=label_byte(5)))
    add("bad-label-column-int-max", csv_input("1,2\n", label=255))
    add("bad-label-column-negative", csv_input("1,2\n", label=254))
    add("bad-header-and-no-header", csv_input("1,2\n", C_HEADER | C_NO_HEADER))
    add("bad-empty-field", csv_input("1,,2\n"))
    add("bad-raw-gzip-truncated",
        csv_input(gzip_bytes(basic.encode())[:-5]))
    return seeds


# ---------------------------------------------------------------------------
# layer specifications (fuzz_layer_spec.c: the text)

def spec_seeds():
    ok = ["10:relu,10:relu,dropout:0.2,10:softmax", "784", "1:linear",
          " 5 : tanh ,\tdropout : .5 ,\n3:sigmoid\r",
          ",".join("%d:%s" % (i + 1, a) for i, a in enumerate(ACT)),
          "2147483647:gelu", "dropout:0,dropout:0.999999,4",
          "00012:elu", "dropout:7.", ",".join(["1"] * 64),
          "2147483647,dropout:0,2147483647:relu"]
    bad = ["10:rleu", "dropout", "dropout:", "dropout:1", "dropout:1.0",
           "dropout:0.99999999999", "dropout:-0.1", "dropout:1e-3",
           "dropout:0.5:1", "0:relu", "2147483648:relu",
           "99999999999999999999", ",", "10,,10", "10:relu,", ",10",
           "10:", "10::relu", "10:relu:x", "", "   \t", "relu:10",
           "10:" + "x" * 60, "y" * 80 + ":relu", ",".join(["1"] * 65),
           "10:Relu", "1e3:relu", "-5:relu", "dropout:.", "dropout:0x1"]
    seeds = [("ok-%02d" % i, s.encode()) for i, s in enumerate(ok)]
    seeds += [("bad-%02d" % i, s.encode()) for i, s in enumerate(bad)]
    seeds.append(("bad-embedded-nul", b"10:relu\x00,10:softmax"))
    return seeds


# ---------------------------------------------------------------------------

def write(out_dir, target, seeds):
    path = os.path.join(out_dir, target)
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if not name.startswith("crash-"):
            os.unlink(os.path.join(path, name))
    names = set()
    for seed in seeds:
        name, data = seed[0], seed[1]
        assert name not in names, name
        names.add(name)
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
    return len(seeds), sum(len(s[1]) for s in seeds)


class Checker:
    """Loads seeds through libnn's public API (ctypes)."""

    def __init__(self, lib_path):
        self.lib = ctypes.CDLL(lib_path)
        lib = self.lib
        lib.nn_last_error.restype = ctypes.c_char_p
        lib.nn_model_load_buffer.argtypes = [ctypes.POINTER(ctypes.c_void_p),
                                             ctypes.c_char_p, ctypes.c_size_t]
        lib.nn_model_save_buffer.argtypes = [ctypes.c_void_p,
                                             ctypes.POINTER(ctypes.c_void_p),
                                             ctypes.POINTER(ctypes.c_size_t)]
        lib.nn_model_destroy.argtypes = [ctypes.c_void_p]
        lib.nn_free.argtypes = [ctypes.c_void_p]
        lib.nn_dataset_load_idx.argtypes = [ctypes.POINTER(ctypes.c_void_p),
                                            ctypes.c_char_p, ctypes.c_char_p,
                                            ctypes.c_uint]
        lib.nn_dataset_load_csv.argtypes = [ctypes.POINTER(ctypes.c_void_p),
                                            ctypes.c_char_p, ctypes.c_int,
                                            ctypes.c_uint]
        lib.nn_dataset_destroy.argtypes = [ctypes.c_void_p]
        self.tmp = tempfile.mkdtemp(prefix="libnn-corpus-")
        self.failures = 0

    def expect(self, name, status):
        want_ok = name.startswith("ok-")
        if (status == 0) != want_ok:
            self.failures += 1
            print("check: %s: status %d (%s)" % (
                name, status, self.lib.nn_last_error().decode()))

    def model(self, name, data, canonical):
        m = ctypes.c_void_p()
        st = self.lib.nn_model_load_buffer(ctypes.byref(m), data, len(data))
        self.expect(name, st)
        if st == 0 and canonical:
            buf, size = ctypes.c_void_p(), ctypes.c_size_t()
            assert self.lib.nn_model_save_buffer(m, ctypes.byref(buf),
                                                 ctypes.byref(size)) == 0
            saved = ctypes.string_at(buf, size.value)
            self.lib.nn_free(buf)
            if saved != data:
                self.failures += 1
                print("check: %s: saves to different bytes" % name)
        self.lib.nn_model_destroy(m)

    def file(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path.encode()

    def idx(self, name, data):
        control = data[0]
        level = control >> 4
        parts = data[1:].split(FUZZ_SEPARATOR)

        def prepared(part, gz):
            if not gz:
                return part
            if control & TWO_MEMBERS:
                half = len(part) // 2
                return (gzip_bytes(part[:half], level) +
                        gzip_bytes(part[half:], level))
            return gzip_bytes(part, level)
        images = self.file(name + ".images", prepared(parts[0], control & 1))
        labels = None
        if len(parts) > 1:
            labels = self.file(name + ".labels",
                               prepared(parts[1], control & 2))
        d = ctypes.c_void_p()
        st = self.lib.nn_dataset_load_idx(ctypes.byref(d), images, labels,
                                          1 if control & NORMALIZE else 0)
        self.expect(name, st)
        self.lib.nn_dataset_destroy(d)

    def csv(self, name, data):
        control, column, text = data[0], data[1], data[2:]
        if control & C_GZIP:
            level = control >> 5
            if control & C_MEMBERS:
                half = len(text) // 2
                text = (gzip_bytes(text[:half], level) +
                        gzip_bytes(text[half:], level))
            else:
                text = gzip_bytes(text, level)
        label = 2 ** 31 - 1 if column == 255 else (
            -3 if column == 254 else column % 12 - 2)
        d = ctypes.c_void_p()
        st = self.lib.nn_dataset_load_csv(ctypes.byref(d),
                                          self.file(name + ".csv", text),
                                          label, control & 7)
        self.expect(name, st)
        self.lib.nn_dataset_destroy(d)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--check", metavar="LIBNN_SO",
                    help="verify the seeds with this build of libnn")
    args = ap.parse_args()

    corpora = {
        "fuzz_model_load": model_seeds(),
        "fuzz_idx": idx_seeds(),
        "fuzz_csv": csv_seeds(),
        "fuzz_layer_spec": spec_seeds(),
    }
    total = 0
    for target, seeds in corpora.items():
        assert len(seeds) < 60, target
        n, size = write(args.out, target, seeds)
        total += size
        print("%-16s %3d files %7d bytes" % (target, n, size))
    print("%-16s %3s       %7d bytes" % ("total", "", total))

    if args.check:
        check = Checker(args.check)
        for name, data, canonical in corpora["fuzz_model_load"]:
            check.model(name, data, canonical)
        for name, data in corpora["fuzz_idx"]:
            check.idx(name, data)
        for name, data in corpora["fuzz_csv"]:
            check.csv(name, data)
        for name in os.listdir(check.tmp):
            os.unlink(os.path.join(check.tmp, name))
        os.rmdir(check.tmp)
        if check.failures:
            print("check: %d seeds behave unexpectedly" % check.failures)
            return 1
        print("check: every seed loads or fails as its name says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
