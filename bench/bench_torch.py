#!/usr/bin/python3
"""bench_torch.py - the PyTorch contender (Debian's python3-torch).

    bench_torch.py --net origin|wide [--intra N] [--rows N] [--epochs E]
                   [--seeds S] [--lat-calls C] [--thr-reps R]
                   [--growth N1,N2,...] [--alloc-window LO,HI] [--data DIR]

The same networks as libnn (Linear+ReLU layers, softmax folded into
CrossEntropyLoss, Glorot-uniform weights and zero biases as Keras and
libnn initialise them), Adam lr 1e-3 (eps 1e-7 as libnn), the same batch
sizes, data preloaded as tensors, and the usual loop: one randperm per
epoch, then per batch index/zero_grad/forward/loss/backward/step.

Threads: torch.set_num_threads(--intra) for intra-op parallelism; the
OpenBLAS pool (which runs nn.Linear's matrix products in this build) is
sized by OPENBLAS_NUM_THREADS in the environment, which the driver sets.

Allocations: when the driver LD_PRELOADs libbench_malloc_count.so, the
C-level allocator calls (malloc & co., posix_memalign for tensors) are
counted between global steps LO and HI; Python's small-object allocator
mostly reuses its own arenas and is not seen. Without the preload: n/a.

Results are JSON lines on stdout.
"""
import argparse
import ctypes
import gzip
import json
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

NETS = {"origin": ([784, 10, 10, 10], 32), "wide": ([784, 512, 512, 10], 128)}


def now():
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def emit(rec):
    print(json.dumps(rec), flush=True)


def load_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    return data.reshape(shape[0], -1) if dims > 1 else data


def load(data_dir, name):
    x = load_idx(os.path.join(data_dir, f"{name}-images-idx3-ubyte.gz"))
    y = load_idx(os.path.join(data_dir, f"{name}-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(x.astype(np.float32) / np.float32(255.0))
    y = torch.from_numpy(y.astype(np.int64))
    return x, y


def openblas_info():
    """Asks the OpenBLAS this process loaded which kernel and pool it uses."""
    path = None
    with open("/proc/self/maps") as f:
        for line in f:
            if "libopenblas" in line:
                path = line.split()[-1]
                break
    if not path:
        return {"blas_lib": None}
    lib = ctypes.CDLL(path)
    lib.openblas_get_corename.restype = ctypes.c_char_p
    lib.openblas_get_config.restype = ctypes.c_char_p
    return {"blas_lib": path,
            "corename": lib.openblas_get_corename().decode(),
            "config": lib.openblas_get_config().decode(),
            "blas_threads": lib.openblas_get_num_threads()}


def alloc_counter():
    if "bench_malloc_count" not in os.environ.get("LD_PRELOAD", ""):
        return None
    try:
        f = ctypes.CDLL(None).bench_alloc_count
    except AttributeError:
        return None
    f.restype = ctypes.c_long
    f.argtypes = []
    return f


def build(widths, seed):
    torch.manual_seed(seed)
    layers = []
    for i in range(len(widths) - 1):
        lin = torch.nn.Linear(widths[i], widths[i + 1])
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i + 2 < len(widths):
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    return model, opt


def train(model, opt, x, y, epochs, batch, seed, counter=None, window=(0, 0),
          max_epoch_s=float("inf")):
    """Returns per-epoch seconds, steps and the allocation window counts.
    Stops early when an epoch takes longer than max_epoch_s."""
    n = x.shape[0]
    g = torch.Generator().manual_seed(seed)
    times, step, a_lo, a_hi = [], 0, None, None
    model.train()
    for _ in range(epochs):
        t0 = now()
        perm = torch.randperm(n, generator=g)
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            step += 1
            if counter is not None:
                if step == window[0]:
                    a_lo = counter()
                elif step == window[1]:
                    a_hi = counter()
        times.append(now() - t0)
        if times[-1] > max_epoch_s:
            break
    return times, step, a_lo, a_hi


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--net", required=True, choices=NETS)
    ap.add_argument("--intra", type=int, default=1)
    ap.add_argument("--rows", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--lat-calls", type=int, default=0)
    ap.add_argument("--thr-reps", type=int, default=3)
    ap.add_argument("--growth", default=None)
    ap.add_argument("--alloc-window", default="100,1100")
    ap.add_argument("--max-epoch-s", type=float, default=float("inf"),
                    help="stop after an epoch slower than this (reported)")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = ap.parse_args()

    torch.set_num_threads(a.intra)
    widths, batch = NETS[a.net]
    x, y = load(a.data, "train")
    xt, yt = load(a.data, "t10k")
    if a.rows and a.rows < x.shape[0]:
        x, y = x[:a.rows].clone(), y[:a.rows].clone()
    env = {"type": "env", "contender": "torch", "torch": torch.__version__,
           "intra_threads": torch.get_num_threads(),
           "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
           "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
           "blas_info": next((p.split("=", 1)[1] for p in
                              torch.__config__.show().replace(",", " ").split()
                              if p.startswith("BLAS_INFO=")), None)}
    env.update(openblas_info())
    emit(env)
    threads = {"intra": a.intra, "blas": env.get("blas_threads")}

    if a.growth:
        sizes = [min(int(s), x.shape[0]) for s in a.growth.split(",")]
        model, opt = build(widths, 99)  # warm-up, untimed
        train(model, opt, x[:1024], y[:1024], 1, batch, 99)
        secs = []
        for n in sizes:
            model, opt = build(widths, 0)
            t0 = now()
            train(model, opt, x[:n], y[:n], 1, batch, 0)
            secs.append(now() - t0)
        emit({"type": "growth", "contender": "torch", "net": a.net,
              **threads, "rows": sizes, "epoch_s": secs})
    else:
        counter = alloc_counter()
        window = tuple(int(v) for v in a.alloc_window.split(","))
        keep = None
        for seed in range(a.seeds):
            model, opt = build(widths, seed)
            t0 = now()
            times, steps, a_lo, a_hi = train(model, opt, x, y, a.epochs, batch,
                                             seed, counter, window, a.max_epoch_s)
            fit_s = now() - t0
            model.eval()
            with torch.inference_mode():
                logits = model(xt)
                acc = (logits.argmax(1) == yt).float().mean().item()
                loss = F.cross_entropy(logits, yt).item()
            rec = {"type": "train", "contender": "torch", "net": a.net,
                   **threads, "seed": seed, "rows": x.shape[0],
                   "epochs": len(times), "epochs_requested": a.epochs,
                   "truncated": len(times) < a.epochs, "batch": batch, "steps": steps,
                   "fit_s": fit_s, "epoch_s": times, "test_acc": acc,
                   "test_loss": loss}
            if a_lo is not None and a_hi is not None:
                rec["alloc_window"] = list(window)
                rec["allocs_per_step"] = (a_hi - a_lo) / (window[1] - window[0])
            emit(rec)
            if seed == 0:
                keep = model

        if a.lat_calls:
            model = keep
            model.eval()
            rows = [xt[i:i + 1] for i in range(xt.shape[0])]
            nt = len(rows)
            lat = []
            with torch.inference_mode():
                for i in range(a.lat_calls // 10 + 100):
                    torch.softmax(model(rows[i % nt]), 1)
                for i in range(a.lat_calls):
                    r = rows[i % nt]
                    t0 = now()
                    torch.softmax(model(r), 1)
                    lat.append(now() - t0)
                lat.sort()
                q = lambda p: lat[int(p * (len(lat) - 1) + 0.5)] * 1e6
                passes = []
                for rep in range(a.thr_reps + 1):
                    t0 = now()
                    for i in range(0, nt, 1024):
                        torch.softmax(model(xt[i:i + 1024]), 1)
                    if rep:
                        passes.append(now() - t0)
            med_pass = sorted(passes)[len(passes) // 2] if len(passes) % 2 else \
                0.5 * sum(sorted(passes)[len(passes) // 2 - 1:len(passes) // 2 + 1])
            emit({"type": "infer", "contender": "torch", "net": a.net, **threads,
                  "lat_calls": a.lat_calls, "lat_median_us": q(0.5),
                  "lat_p10_us": q(0.1), "lat_p90_us": q(0.9), "thr_rows": nt,
                  "thr_pass_s": passes, "thr_rows_per_s": nt / med_pass})

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counter = alloc_counter()
    emit({"type": "rusage", "contender": "torch", "maxrss_kb": rss,
          "allocs_total": counter() if counter else None})


if __name__ == "__main__":
    sys.exit(main())
