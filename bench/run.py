#!/usr/bin/python3
"""run.py - the driver of the libnn benchmark (issue 4). See README.md.

    /usr/bin/python3 bench/run.py [--quick] [--build DIR] [--out DIR]
                                  [--data DIR] [--no-native]

Runs every contender in a process of its own, one after another, collects
the JSON lines they print, and writes the table (stdout), results/latest.json
and results/latest.png. `sh bench/run.sh` builds everything first.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"
PIN_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
NET_DESC = {"origin": "784-10-10-10 relu/relu/softmax, Adam, batch 32",
            "wide": "784-512-512-10 relu/relu/softmax, Adam, batch 128"}
# Parameters of the wide net (kernels and biases), read per batch-1 call.
WIDE_PARAMS = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return [float(v) for v in f.read().split()[:3]]
    except OSError:
        return None


def machine_info():
    info = {"cpu_model": None, "cpus": os.cpu_count(),
            "kernel": platform.release(), "python": platform.python_version()}
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            k, _, v = line.partition(":")
            v = v.strip()
            if k == "Model name":
                info["cpu_model"] = v
            elif k == "Core(s) per socket":
                info["cores_per_socket"] = int(v)
            elif k == "Socket(s)":
                info["sockets"] = int(v)
            elif k == "Thread(s) per core":
                info["threads_per_core"] = int(v)
            elif k in ("L2 cache", "L3 cache"):
                info[k.replace(" ", "_").lower()] = v
    except (OSError, ValueError):
        pass
    info["openblas_env"] = {k: os.environ.get(k) for k in PIN_VARS}
    # which libnn was measured: the commit, and whether its sources differ
    try:
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--",
                                "src", "include", "meson.build"],
                               capture_output=True, text=True).stdout.strip()
        info["libnn_git"] = (head + (" + uncommitted changes in src/include" if dirty
                                     else "")) if head else None
    except OSError:
        info["libnn_git"] = None
    return info


# --------------------------------------------------------------------------
# running one contender

class Runner:
    def __init__(self, timeout):
        self.timeout = timeout
        self.runs = []      # one entry per process
        self.records = []   # every JSON line, tagged

    def run(self, label, argv, tags, env_set=None, env_unset=()):
        env = dict(os.environ)
        for k in env_unset:
            env.pop(k, None)
        env.update(env_set or {})
        log(f"[{len(self.runs) + 1:2d}] {label} ...")
        la0 = loadavg()
        t0 = time.monotonic()
        with tempfile.TemporaryFile() as err:
            p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err,
                                 env=env, cwd=ROOT)
            timer = threading.Timer(self.timeout, p.kill)
            timer.start()
            out = p.stdout.read()
            p.stdout.close()
            _, status, ru = os.wait4(p.pid, 0)
            timer.cancel()
            p.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read().decode(errors="replace")
        wall = time.monotonic() - t0
        recs = []
        for line in out.decode(errors="replace").splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                r.update(tags)
                r["run"] = label
                recs.append(r)
        self.records.extend(recs)
        entry = {"label": label, "argv": argv, "tags": tags,
                 "env_set": env_set or {}, "env_unset": list(env_unset),
                 "exit": p.returncode, "wall_s": wall,
                 "maxrss_kb": ru.ru_maxrss, "loadavg_before": la0,
                 "loadavg_after": loadavg()}
        self.runs.append(entry)
        if p.returncode != 0:
            log(f"     FAILED (exit {p.returncode}):\n{stderr[-2000:]}")
        else:
            log(f"     {wall:.1f} s, peak RSS {ru.ru_maxrss / 1024:.0f} MB")
        return recs


# --------------------------------------------------------------------------
# the plan

def plan(args, bindir):
    q = args.quick
    P = {
        "rows": 6000 if q else 0,  # 0 = all 60,000
        "epochs": {"origin": 1 if q else 5, "wide": 1 if q else 3},
        "seeds": 1 if q else 3,
        "growth": [750, 1500, 3000, 6000] if q else [7500, 15000, 30000, 60000],
        "lat_calls": {"origin": 5000 if q else 20000, "wide": 500 if q else 2000},
        "thr_reps": 2 if q else 3,
        "floor_reps": 2 if q else 3,
        "fann_max_epoch_s": 20.0,
        # PyTorch with 2 intra-op + 2 OpenBLAS threads on 2 busy cores can
        # take minutes per epoch; such runs stop after one slow epoch.
        "max_epoch_s": 20.0,
    }
    n_rows = P["rows"] or 60000
    batch = {"origin": 32, "wide": 128}

    def window(net, epochs):
        total = -(-n_rows // batch[net]) * epochs
        hi = min(1100, total)
        lo = min(100, max(1, hi // 5))
        return f"{lo},{hi}"

    data = ["--data", args.data]
    lib = os.path.join(bindir, "bench_libnn")
    fann = os.path.join(bindir, "bench_fann")
    roof = os.path.join(bindir, "bench_roofline")
    preload = os.path.join(bindir, "libbench_malloc_count.so")
    torch_py = os.path.join(HERE, "bench_torch.py")
    pinned = any(k in os.environ for k in PIN_VARS)
    kernels = [("configured", ())]
    if pinned and not args.no_native:
        kernels.append(("native", PIN_VARS))

    steps = []

    def add(label, argv, tags, env_set=None, env_unset=()):
        steps.append((label, argv, tags, env_set, env_unset))

    def libnn(net, threads, seeds, kernel, unset, infer=True):
        argv = [lib, "--net", net, "--threads", str(threads), "--rows",
                str(P["rows"]), "--epochs", str(P["epochs"][net]), "--seeds",
                str(seeds), "--alloc-window", window(net, P["epochs"][net]),
                "--lat-calls", str(P["lat_calls"][net] if infer else 0),
                "--thr-reps", str(P["thr_reps"])] + data
        add(f"libnn {net} threads={threads} seeds={seeds} [{kernel}]", argv,
            {"kernel": kernel, "setting": f"{threads}t"}, None, unset)

    def torch(net, intra, blas, seeds, kernel, unset, count_allocs=False):
        argv = [PYTHON, torch_py, "--net", net, "--intra", str(intra),
                "--rows", str(P["rows"]), "--epochs", str(P["epochs"][net]),
                "--seeds", str(seeds), "--alloc-window",
                window(net, P["epochs"][net]), "--lat-calls",
                str(P["lat_calls"][net]), "--thr-reps", str(P["thr_reps"]),
                "--max-epoch-s", str(P["max_epoch_s"])] + data
        env = {"OPENBLAS_NUM_THREADS": str(blas), "OMP_NUM_THREADS": str(intra)}
        if count_allocs and os.path.exists(preload):
            env["LD_PRELOAD"] = preload
        add(f"torch {net} intra={intra} openblas={blas} seeds={seeds} "
            f"[{kernel}]", argv,
            {"kernel": kernel, "setting": f"{intra}+{blas}"}, env, unset)

    def floor(net, threads, kernel, unset):
        reps = P["floor_reps"] + (2 if net == "origin" else 0)
        add(f"floor {net} threads={threads} [{kernel}]",
            [roof, "--net", net, "--threads", str(threads), "--rows",
             str(n_rows), "--reps", str(reps)],
            {"contender": "floor", "kernel": kernel, "setting": f"{threads}t"},
            None, unset)

    def fann_run(net):
        epochs = P["epochs"][net]
        add(f"fann {net}", [fann, "--net", net, "--rows", str(P["rows"]),
                            "--epochs", str(epochs), "--seed", "0",
                            "--max-epoch-s", str(P["fann_max_epoch_s"]),
                            "--lat-calls", str(P["lat_calls"][net]),
                            "--thr-reps", str(1 if net == "wide" else P["thr_reps"])]
            + data, {"kernel": "none", "setting": "1t"})

    have_fann = os.path.exists(fann)
    cfg = ("configured", ())
    for net in ("origin", "wide"):
        libnn(net, 1, P["seeds"], *cfg)
        torch(net, 1, 1, P["seeds"], *cfg, count_allocs=True)
        if have_fann:
            fann_run(net)
        floor(net, 1, *cfg)
        floor(net, 2, *cfg)
        libnn(net, 2, 1, *cfg)
        torch(net, 1, 2, 1, *cfg)
        torch(net, 2, 2, 1, *cfg)
    sizes = ",".join(str(s) for s in P["growth"])
    add("libnn growth wide threads=1 [configured]",
        [lib, "--net", "wide", "--threads", "1", "--growth", sizes] + data,
        {"kernel": "configured", "setting": "1t"})
    add("torch growth wide intra=1 openblas=1 [configured]",
        [PYTHON, torch_py, "--net", "wide", "--intra", "1", "--growth", sizes]
        + data, {"kernel": "configured", "setting": "1+1"},
        {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
    for kernel, unset in kernels[1:]:
        for net in ("origin", "wide"):
            libnn(net, 1, 1, kernel, unset)
            torch(net, 1, 1, 1, kernel, unset)
            floor(net, 1, kernel, unset)
            libnn(net, 2, 1, kernel, unset)
            torch(net, 1, 2, 1, kernel, unset)
            floor(net, 2, kernel, unset)
    return P, steps, have_fann, pinned


# --------------------------------------------------------------------------
# summarising

def med(v):
    return statistics.median(v) if v else None


def find(recs, **kw):
    return [r for r in recs if all(r.get(k) == v for k, v in kw.items())]


def train_summary(recs):
    """Per-epoch time: median over every epoch of every seed."""
    if not recs:
        return None
    all_ep = [e for r in recs for e in r["epoch_s"]]
    steady = [e for r in recs for e in (r["epoch_s"][1:] or r["epoch_s"])]
    m = med(all_ep)
    s = {"epoch_s": m, "epoch_s_min": min(all_ep),
         "first_epoch_s": med([r["epoch_s"][0] for r in recs]),
         "spread": (max(steady) - min(steady)) / med(steady) if len(steady) > 1 else None,
         "n_epochs": len(all_ep), "seeds": len(recs),
         "test_acc": [r["test_acc"] for r in recs],
         "test_acc_mean": statistics.fmean([r["test_acc"] for r in recs]),
         "epochs_run": recs[0]["epochs"],
         "truncated": any(r.get("truncated") for r in recs)}
    if recs[0].get("allocs_per_epoch") is not None:
        s["allocs_per_epoch"] = recs[0]["allocs_per_epoch"]
    al = [r["allocs_per_step"] for r in recs if r.get("allocs_per_step") is not None]
    if al:
        s["allocs_per_step"] = max(al)
        s["alloc_window"] = next(r["alloc_window"] for r in recs if "alloc_window" in r) \
            if any("alloc_window" in r for r in recs) else None
    return s


def summarise(R, have_fann, pinned):
    recs = R.records
    S = {"train": {}, "infer": {}, "floor": {}, "growth": {}, "env": {}}
    for kernel in ("configured", "native", "none"):
        for c in ("libnn", "torch", "fann"):
            for net in ("origin", "wide"):
                for setting in ("1t", "2t", "1+1", "1+2", "2+2"):
                    key = f"{c}/{net}/{setting}/{kernel}"
                    t = train_summary(find(recs, type="train", contender=c, net=net,
                                           setting=setting, kernel=kernel))
                    if t:
                        S["train"][key] = t
                    inf = find(recs, type="infer", contender=c, net=net,
                               setting=setting, kernel=kernel)
                    if inf:
                        i = inf[0]
                        S["infer"][key] = {k: i[k] for k in (
                            "lat_median_us", "lat_p10_us", "lat_p90_us",
                            "thr_rows_per_s", "thr_pass_s", "lat_calls")}
        for net in ("origin", "wide"):
            for setting in ("1t", "2t"):
                f = find(recs, type="floor", net=net, setting=setting, kernel=kernel)
                if f:
                    f = f[0]
                    S["floor"][f"floor/{net}/{setting}/{kernel}"] = {
                        "epoch_s": f["epoch_s_median"], "epoch_s_all": f["epoch_s"],
                        "epoch_s_min": min(f["epoch_s"]),
                        "gather_s": med(f["gather_s"]), "gemm_s": med(f["gemm_s"]),
                        "gemm_gflops": f["gemm_gflops"], "gflop": f["gflop"],
                        "corename": f["corename"],
                        "spread": (max(f["epoch_s"]) - min(f["epoch_s"])) / f["epoch_s_median"]}
    for g in find(recs, type="growth"):
        S["growth"][g["contender"]] = {"rows": g["rows"], "epoch_s": g["epoch_s"]}
    for e in find(recs, type="env"):
        S["env"][f"{e['contender']}/{e.get('kernel')}/{e.get('setting')}"] = {
            k: v for k, v in e.items() if k not in ("type", "run")}
    S["rss_mb"] = {r["label"]: r["maxrss_kb"] / 1024 for r in R.runs}
    return S


def get(d, *path):
    for p in path:
        if d is None:
            return None
        d = d.get(p)
    return d


def ratio(a, b):
    return a / b if a is not None and b is not None and b > 0 else None


def speedups(S, kernel):
    T, F, I = S["train"], S["floor"], S["infer"]

    def ep(key):
        return get(T, key, "epoch_s")
    out = {}
    for net in ("origin", "wide"):
        l1 = ep(f"libnn/{net}/1t/{kernel}")
        l2 = ep(f"libnn/{net}/2t/{kernel}")
        t11 = ep(f"torch/{net}/1+1/{kernel}")
        cands = [v for v in (ep(f"torch/{net}/1+2/{kernel}"),
                             ep(f"torch/{net}/2+2/{kernel}")) if v]
        tbest2 = min(cands) if cands else None
        fann = ep(f"fann/{net}/1t/none")
        f1 = get(F, f"floor/{net}/1t/{kernel}", "epoch_s")
        f2 = get(F, f"floor/{net}/2t/{kernel}", "epoch_s")
        out[net] = {
            "libnn_1t": l1, "libnn_2t": l2, "torch_1t": t11, "torch_best_2core": tbest2,
            "fann": fann, "floor_1t": f1, "floor_2t": f2,
            "torch_over_libnn_1t": ratio(t11, l1),
            "torch_best2_over_libnn_2t": ratio(tbest2, l2),
            "fann_over_libnn_1t": ratio(fann, l1),
            "floor_over_libnn_1t": ratio(f1, l1),
            "floor_over_libnn_2t": ratio(f2, l2),
            "libnn_2t_over_1t_speedup": ratio(l1, l2),
        }
        li = get(I, f"libnn/{net}/1t/{kernel}", "lat_median_us")
        ti = get(I, f"torch/{net}/1+1/{kernel}", "lat_median_us")
        fi = get(I, f"fann/{net}/1t/none", "lat_median_us")
        out[net].update({"lat_libnn_us": li, "lat_torch_us": ti, "lat_fann_us": fi,
                         "lat_torch_over_libnn": ratio(ti, li),
                         "lat_fann_over_libnn": ratio(fi, li)})
    return out


def targets(S, P, quick):
    sp = speedups(S, "configured")
    o, w = sp["origin"], sp["wide"]
    T = []

    def add(name, value, goal, met, fmt="{:.2f}x"):
        T.append({"target": name, "value": value, "goal": goal,
                  "met": None if value is None else bool(met(value)),
                  "shown": "n/a" if value is None else fmt.format(value)})
    add("origin-story, 1 thread: PyTorch time / libnn time per epoch", o["torch_over_libnn_1t"],
        ">= 8x", lambda v: v >= 8)
    add("wide, 1 thread: PyTorch / libnn", w["torch_over_libnn_1t"], ">= 1.3x",
        lambda v: v >= 1.3)
    add("wide, 1 thread: floor / libnn (fraction of the sgemm+gather floor)",
        w["floor_over_libnn_1t"], ">= 90%", lambda v: v >= 0.9, "{:.0%}")
    add("wide, 2 threads: libnn 1-thread time / 2-thread time", w["libnn_2t_over_1t_speedup"],
        ">= 1.6x", lambda v: v >= 1.6)
    add("wide, 2 threads: PyTorch best 2-core / libnn", w["torch_best2_over_libnn_2t"],
        ">= 1.4x", lambda v: v >= 1.4)
    add("origin-story batch-1 latency: PyTorch / libnn", o["lat_torch_over_libnn"], ">= 10x",
        lambda v: v >= 10)
    add("origin-story batch-1 latency: FANN / libnn (faster than FANN)",
        o["lat_fann_over_libnn"], "> 1x", lambda v: v > 1)
    add("wide batch-1 latency: PyTorch / libnn", w["lat_torch_over_libnn"], ">= 4x",
        lambda v: v >= 4)
    allocs = [get(S["train"], f"libnn/{n}/1t/configured", "allocs_per_step")
              for n in ("origin", "wide")]
    allocs = [a for a in allocs if a is not None]
    add("libnn allocations per training step after warm-up",
        max(allocs) if allocs else None, "0", lambda v: v == 0, "{:g}")
    for net in ("origin", "wide"):
        la = get(S["train"], f"libnn/{net}/1t/configured", "test_acc_mean")
        ta = get(S["train"], f"torch/{net}/1+1/configured", "test_acc_mean")
        add(f"{net}: test accuracy, libnn - PyTorch (points)",
            None if la is None or ta is None else 100 * (la - ta), ">= -1",
            lambda v: v >= -1.0, "{:+.2f}")
    g = S["growth"].get("libnn")
    if g:
        per = [t / n for t, n in zip(g["epoch_s"], g["rows"])]
        add("cost growth linear: max/min time per sample over the sizes",
            max(per) / min(per), "<= 1.15", lambda v: v <= 1.15)
    return T


# --------------------------------------------------------------------------
# printing

def fs(v, unit=""):
    if v is None:
        return "n/a"
    if v >= 1e6:
        return f"{v / 1e6:.2f}M{unit}"
    if v >= 1e4:
        return f"{v / 1e3:.0f}k{unit}"
    if v >= 100:
        return f"{v:.0f}{unit}"
    if v >= 10:
        return f"{v:.1f}{unit}"
    if v >= 1:
        return f"{v:.2f}{unit}"
    if v >= 0.01:
        return f"{v:.3f}{unit}"
    return f"{v:.2g}{unit}"


def fx(v):
    return "n/a" if v is None else f"{v:.2f}x"


def fp(v):
    return "n/a" if v is None else f"{v:.0%}"


def spread(t):
    return "" if not t or t.get("spread") is None else f" ±{t['spread'] / 2:.0%}"


def cell(t, with_spread=True):
    """Seconds per epoch of a training summary, its noise, and a mark when
    the run stopped after a slow epoch."""
    if not t:
        return "n/a"
    return (fs(t["epoch_s"]) + (spread(t) if with_spread else "") +
            (f" ({t['epochs_run']} ep)" if t.get("truncated") else ""))


def table(rows, head):
    w = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).ljust(w[i]) if i == 0 else str(c).rjust(w[i])
                               for i, c in enumerate(r))
    return "\n".join([line(head), "  ".join("-" * x for x in w)] + [line(r) for r in rows])


def report(S, P, M, T, quick, have_fann, pinned, runs):
    out = []
    p = out.append
    env_l = S["env"].get("libnn/configured/1t", {})
    env_t = S["env"].get("torch/configured/1+1", {})
    env_ln = S["env"].get("libnn/native/1t", {})
    p(f"libnn benchmark ({'QUICK: 6,000 training rows, 1 epoch, 1 seed' if quick else 'full'})"
      f" - {datetime.datetime.now().isoformat(timespec='seconds')}")
    p(f"Machine: {M.get('cpu_model')}, {M.get('cpus')} CPUs "
      f"({M.get('cores_per_socket')} cores x {M.get('sockets')} socket, "
      f"{M.get('threads_per_core')} thread/core), kernel {M.get('kernel')}; "
      f"libnn {M.get('libnn_git') or '?'}; "
      f"load average before {M.get('loadavg_start')}, after {M.get('loadavg_end')}")
    p(f"OpenBLAS (libnn): {env_l.get('config')} - core {env_l.get('corename')}; "
      f"PyTorch {env_t.get('torch')} BLAS_INFO={env_t.get('blas_info')} -> "
      f"{os.path.basename(env_t.get('blas_lib') or '?')} core {env_t.get('corename')}")
    p(f"Environment: " + ", ".join(f"{k}={v}" for k, v in M["openblas_env"].items()) +
      (f"; native kernel (both unset): libnn core {env_ln.get('corename')}" if env_ln else ""))
    p("Threads: '1t'/'2t' = nn_set_num_threads / openblas_set_num_threads; PyTorch 'a+b' = "
      "torch.set_num_threads(a) + OPENBLAS_NUM_THREADS=b.")
    p("")

    sp = speedups(S, "configured")
    p("TRAINING, seconds per epoch (median over all epochs of all seeds; ± half the spread of "
      "the non-first epochs)")
    rows = []
    for net in ("origin", "wide"):
        for th in ("1t", "2t"):
            l = get(S["train"], f"libnn/{net}/{th}/configured")
            if th == "1t":
                t = get(S["train"], f"torch/{net}/1+1/configured")
                tb = get(t, "epoch_s")
                tlabel = "1+1"
            else:
                c = [(get(S["train"], f"torch/{net}/{s}/configured", "epoch_s"), s)
                     for s in ("1+2", "2+2")]
                c = [x for x in c if x[0]]
                tb, tlabel = min(c) if c else (None, "-")
                t = get(S["train"], f"torch/{net}/{tlabel}/configured")
            f = get(S["train"], f"fann/{net}/1t/none") if th == "1t" else None
            fl = get(S["floor"], f"floor/{net}/{th}/configured")
            lt = get(l, "epoch_s")
            ft = get(f, "epoch_s")
            rows.append([f"{net} {th}" + (f" (PyTorch {tlabel})" if th == "2t" else ""),
                         cell(l), cell(t), cell(f) if th == "1t" else "",
                         fs(get(fl, "epoch_s")) + spread(fl),
                         fx(ratio(tb, lt)), fx(ratio(ft, lt)) if th == "1t" else "",
                         fp(ratio(get(fl, "epoch_s"), lt))])
    p(table(rows, ["scenario", "libnn", "PyTorch", "FANN", "floor", "PyTorch/libnn",
                   "FANN/libnn", "floor/libnn"]))
    p("  speedups are other time / libnn time (>1: libnn faster); floor/libnn is the "
      "fraction of the sgemm+gather floor libnn reaches.")
    for net in ("origin", "wide"):
        fl = get(S["floor"], f"floor/{net}/1t/configured")
        if fl:
            p(f"  floor {net} 1t: sgemm {fs(fl['gemm_s'])} s ({fl['gemm_gflops']:.0f} GFLOP/s "
              f"for {fl['gflop']:.1f} GFLOP) + gather {fs(fl['gather_s'])} s")
    f = get(S["train"], "fann/wide/1t/none")
    if f and f.get("truncated"):
        p(f"  FANN wide: an epoch took > {P['fann_max_epoch_s']:.0f} s, so it ran "
          f"{f['epochs_run']} epoch only (accuracy after that epoch).")
    cut = [k for k, t in S["train"].items() if t.get("truncated") and not k.startswith("fann")]
    if cut:
        p(f"  stopped after an epoch slower than {P['max_epoch_s']:.0f} s: " + ", ".join(cut))
    p("")

    p("THREAD SCALING, seconds per epoch")
    rows = []
    for net in ("origin", "wide"):
        t = {s: get(S["train"], f"{c}/{net}/{s}/configured")
             for c, s in (("libnn", "1t"), ("libnn", "2t"), ("torch", "1+1"),
                          ("torch", "1+2"), ("torch", "2+2"))}
        v = {s: get(x, "epoch_s") for s, x in t.items()}
        rows.append([net, cell(t["1t"]), cell(t["2t"]), fx(ratio(v["1t"], v["2t"])),
                     cell(t["1+1"]), cell(t["1+2"]), cell(t["2+2"]),
                     fx(ratio(v["1+1"], min([x for x in (v["1+2"], v["2+2"]) if x],
                                            default=None)))])
    p(table(rows, ["net", "libnn 1t", "libnn 2t", "libnn 2t speedup", "PyTorch 1+1",
                   "PyTorch 1+2", "PyTorch 2+2", "PyTorch best 2-core speedup"]))
    p("")

    p("INFERENCE (1 thread): batch-1 latency median / p90 in us; batch-1024 throughput over "
      "the 10,000 test rows")
    rows = []
    for net in ("origin", "wide"):
        li = get(S["infer"], f"libnn/{net}/1t/configured")
        for c, key in (("libnn", f"libnn/{net}/1t/configured"),
                       ("PyTorch", f"torch/{net}/1+1/configured"),
                       ("FANN", f"fann/{net}/1t/none")):
            i = get(S["infer"], key)
            if not i:
                continue
            extra = ""
            if net == "wide":
                extra = f"{WIDE_PARAMS * 4 / (i['lat_median_us'] * 1e-6) / 1e9:.1f} GB/s"
            rows.append([f"{net} {c}", fs(i["lat_median_us"]), fs(i["lat_p90_us"]),
                         "" if c == "libnn" else fx(ratio(i["lat_median_us"],
                                                          get(li, "lat_median_us"))),
                         fs(i["thr_rows_per_s"]),
                         "" if c == "libnn" else fx(ratio(get(li, "thr_rows_per_s"),
                                                          i["thr_rows_per_s"])),
                         extra])
    p(table(rows, ["net contender", "lat med", "lat p90", "lat vs libnn",
                   "rows/s", "thr vs libnn", "weights/latency"]))
    p(f"  wide: {WIDE_PARAMS * 4 / 1e6:.2f} MB of weights are read per batch-1 call; "
      "'weights/latency' is that over the median latency (effective bandwidth).")
    p("")

    p("TEST ACCURACY (libnn and PyTorch: mean of the seeds; FANN: one run)")
    rows = []
    for net in ("origin", "wide"):
        r = [net]
        for key in (f"libnn/{net}/1t/configured", f"torch/{net}/1+1/configured",
                    f"fann/{net}/1t/none"):
            t = get(S["train"], key)
            r.append("n/a" if not t else f"{t['test_acc_mean']:.4f} "
                     f"({t['seeds']} seed{'s' if t['seeds'] > 1 else ''}, "
                     f"{t['epochs_run']} ep)")
        rows.append(r)
    p(table(rows, ["net", "libnn", "PyTorch", "FANN"]))
    p("")

    p("PROCESSES: peak RSS (ru_maxrss from wait4; the contenders hold the 60,000 x 784 float "
      "training set, 188 MB, and the test set, 31 MB), wall time, load average before")
    rows = []
    for r in runs:
        la = r.get("loadavg_before")
        rows.append([r["label"], f"{r['maxrss_kb'] / 1024:.0f} MB", f"{r['wall_s']:.1f} s",
                     f"{la[0]:.2f}" if la else "?", "" if r["exit"] == 0 else f"EXIT {r['exit']}"])
    p(table(rows, ["process", "peak RSS", "wall", "load", ""]))
    busy = [r for r in runs if r.get("loadavg_before") and r["loadavg_before"][0] >= 1.0]
    if busy:
        p(f"  {len(busy)} of {len(runs)} processes started with a 1-minute load average >= 1.0 "
          "(other work on the 2 cores): their times, 2-thread ones above all, are inflated.")
    p("")

    p("ALLOCATIONS per training step in steady state (malloc/calloc/realloc/posix_memalign/"
      "aligned_alloc/memalign calls)")
    rows = []
    for net in ("origin", "wide"):
        for c, key, how in (("libnn", f"libnn/{net}/1t/configured",
                             "interposed in the binary, read in nn_fit's batch callback"),
                            ("PyTorch", f"torch/{net}/1+1/configured",
                             "LD_PRELOAD counter (C allocator only; proxy)"),
                            ("FANN", f"fann/{net}/1t/none",
                             "interposed; allocations in an epoch / samples")):
            t = get(S["train"], key)
            a = get(t, "allocs_per_step")
            w = get(t, "alloc_window")
            shown = "n/a" if a is None else f"{a:g}"
            if c == "FANN" and a is not None and t.get("allocs_per_epoch") is not None:
                shown += f" ({t['allocs_per_epoch']} per epoch)"
            rows.append([f"{net} {c}", shown, f"steps {w[0]}-{w[1]}" if w else "", how])
    p(table(rows, ["net contender", "allocs/step", "window", "how"]))
    p("")

    if S["growth"]:
        p("COST GROWTH: one epoch of the wide net, 1 thread (seconds; per 1,000 rows)")
        g_l, g_t = S["growth"].get("libnn"), S["growth"].get("torch")
        rows = []
        for i, n in enumerate((g_l or g_t)["rows"]):
            lt = g_l["epoch_s"][i] if g_l else None
            tt = g_t["epoch_s"][i] if g_t else None
            rows.append([f"{n:,}", fs(lt), fs(lt and 1000 * lt / n), fs(tt),
                         fs(tt and 1000 * tt / n), fx(ratio(tt, lt))])
        p(table(rows, ["rows", "libnn s", "libnn s/1k", "PyTorch s", "PyTorch s/1k",
                       "PyTorch/libnn"]))
        p("  linear growth: the time per 1,000 rows stays constant.")
        p("")

    if pinned:
        sn = speedups(S, "native")
        if any(v for v in sn["wide"].values()):
            p("NATIVE KERNEL (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE both unset in the child "
              "process), seconds per epoch, 1 seed")
            rows = []
            for net in ("origin", "wide"):
                s, c = sn[net], sp[net]
                rows.append([f"{net} 1t", fs(s["libnn_1t"]), fs(s["torch_1t"]),
                             fs(s["floor_1t"]), fx(s["torch_over_libnn_1t"]),
                             fp(s["floor_over_libnn_1t"]), fx(ratio(c["libnn_1t"], s["libnn_1t"]))])
                rows.append([f"{net} 2t (PyTorch 1+2)", fs(s["libnn_2t"]),
                             fs(s["torch_best_2core"]), fs(s["floor_2t"]),
                             fx(s["torch_best2_over_libnn_2t"]), fp(s["floor_over_libnn_2t"]),
                             fx(ratio(c["libnn_2t"], s["libnn_2t"]))])
                rows.append([f"{net} batch-1 latency us", fs(s["lat_libnn_us"]),
                             fs(s["lat_torch_us"]), "", fx(s["lat_torch_over_libnn"]), "", ""])
            p(table(rows, ["scenario", "libnn", "PyTorch", "floor", "PyTorch/libnn",
                           "floor/libnn", "libnn native gain"]))
            p("")

    p("TARGETS (benchmark figures, not tests; as configured)"
      + (" - QUICK RUN: indicative only" if quick else ""))
    rows = [[t["target"], t["goal"], t["shown"],
             "n/a" if t["met"] is None else ("met" if t["met"] else "NOT MET")] for t in T]
    p(table(rows, ["target", "goal", "value", ""]))
    p(f"Noise on these machines: ~5% (1 thread), up to ~15% (2 threads); 2 cores are shared.")
    return "\n".join(out)


# --------------------------------------------------------------------------
# chart

def chart(S, T, path, pinned):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = {"libnn": "#1f77b4", "PyTorch": "#ff7f0e", "FANN": "#2ca02c", "floor": "#7f7f7f"}
    fig, ax = plt.subplots(3, 3, figsize=(17, 13))
    tr, inf = S["train"], S["infer"]

    def bars(a, groups, series, title, ylabel, log=True):
        width = 0.8 / max(1, len(series))
        for j, (name, vals) in enumerate(series):
            xs = [i + (j - (len(series) - 1) / 2) * width for i in range(len(groups))]
            v = [x if x else 0 for x in vals]
            a.bar(xs, v, width, label=name, color=colors.get(name.split()[0]))
            for x, y in zip(xs, vals):
                if y:
                    a.text(x, y, fs(y), ha="center", va="bottom", fontsize=7)
        a.set_xticks(range(len(groups)))
        a.set_xticklabels(groups, fontsize=8)
        a.set_title(title, fontsize=10)
        a.set_ylabel(ylabel)
        if log:
            a.set_yscale("log")
        a.legend(fontsize=7)

    sp = speedups(S, "configured")
    groups = ["origin 1t", "origin 2t", "wide 1t", "wide 2t"]
    bars(ax[0][0], groups, [
        ("libnn", [sp["origin"]["libnn_1t"], sp["origin"]["libnn_2t"],
                   sp["wide"]["libnn_1t"], sp["wide"]["libnn_2t"]]),
        ("PyTorch", [sp["origin"]["torch_1t"], sp["origin"]["torch_best_2core"],
                     sp["wide"]["torch_1t"], sp["wide"]["torch_best_2core"]]),
        ("FANN", [sp["origin"]["fann"], None, sp["wide"]["fann"], None]),
        ("floor", [sp["origin"]["floor_1t"], sp["origin"]["floor_2t"],
                   sp["wide"]["floor_1t"], sp["wide"]["floor_2t"]])],
        "Training: seconds per epoch (2t: PyTorch's best 2-core)", "s / epoch")

    def iv(c, key, field):
        return get(inf, key, field)
    bars(ax[0][1], ["origin", "wide"], [
        (name, [iv(name, f"{c}/{n}/{s}/{k}", "lat_median_us") for n in ("origin", "wide")])
        for name, c, s, k in (("libnn", "libnn", "1t", "configured"),
                              ("PyTorch", "torch", "1+1", "configured"),
                              ("FANN", "fann", "1t", "none"))],
        "Inference: batch-1 latency (median), 1 thread", "microseconds")
    bars(ax[0][2], ["origin", "wide"], [
        (name, [iv(name, f"{c}/{n}/{s}/{k}", "thr_rows_per_s") for n in ("origin", "wide")])
        for name, c, s, k in (("libnn", "libnn", "1t", "configured"),
                              ("PyTorch", "torch", "1+1", "configured"),
                              ("FANN", "fann", "1t", "none"))],
        "Inference: batch-1024 throughput, 1 thread", "rows / s")

    a = ax[1][0]
    for c, name in (("libnn", "libnn"), ("torch", "PyTorch")):
        g = S["growth"].get(c)
        if g:
            a.plot(g["rows"], g["epoch_s"], "o-", label=name, color=colors[name])
            a.plot(g["rows"], [g["epoch_s"][-1] * n / g["rows"][-1] for n in g["rows"]],
                   ":", color=colors[name], label=f"{name} linear")
    a.set_title("Cost growth: one epoch of the wide net, 1 thread", fontsize=10)
    a.set_xlabel("training rows")
    a.set_ylabel("seconds")
    a.legend(fontsize=7)

    groups = ["origin", "wide"]
    bars(ax[1][1], groups, [
        (f"{'libnn' if c == 'libnn' else 'PyTorch'} {s}",
         [get(tr, f"{c}/{n}/{s}/configured", "epoch_s") for n in groups])
        for c, s in (("libnn", "1t"), ("libnn", "2t"), ("torch", "1+1"),
                     ("torch", "1+2"), ("torch", "2+2"))],
        "Thread scaling: seconds per epoch", "s / epoch")
    # shade the series of one contender differently
    for patch_group, alpha in zip(ax[1][1].containers, (1.0, 0.55, 1.0, 0.7, 0.4)):
        for pt in patch_group:
            pt.set_alpha(alpha)

    if pinned:
        sn = speedups(S, "native")
        groups = ["origin 1t", "origin 2t", "wide 1t", "wide 2t"]
        ser = []
        for name, kernel, keyl, keyt in (("libnn Haswell", sp, "libnn_1t", "libnn_2t"),
                                         ("libnn native", sn, "libnn_1t", "libnn_2t"),
                                         ("PyTorch Haswell", sp, "torch_1t", "torch_best_2core"),
                                         ("PyTorch native", sn, "torch_1t", "torch_best_2core"),
                                         ("floor native", sn, "floor_1t", "floor_2t")):
            ser.append((name, [kernel["origin"][keyl], kernel["origin"][keyt],
                               kernel["wide"][keyl], kernel["wide"][keyt]]))
        bars(ax[1][2], groups, ser, "Configured (Haswell) vs native OpenBLAS kernel",
             "s / epoch")
        for patch_group, alpha in zip(ax[1][2].containers, (1.0, 0.5, 1.0, 0.5, 0.5)):
            for pt in patch_group:
                pt.set_alpha(alpha)
    else:
        ax[1][2].axis("off")

    bars(ax[2][0], ["origin", "wide"], [
        (name, [get(tr, f"{c}/{n}/{s}/{k}", "test_acc_mean") for n in ("origin", "wide")])
        for name, c, s, k in (("libnn", "libnn", "1t", "configured"),
                              ("PyTorch", "torch", "1+1", "configured"),
                              ("FANN", "fann", "1t", "none"))],
        "Test accuracy (libnn, PyTorch: mean of seeds)", "accuracy", log=False)
    ax[2][0].set_ylim(0, 1)

    rss = S["rss_mb"]
    def rs(prefix):
        v = [m for k, m in rss.items() if k.startswith(prefix)
             and ("[configured]" in k or prefix.startswith("fann"))]
        return max(v) if v else None
    bars(ax[2][1], ["origin", "wide"], [
        (name, [rs(f"{c} {n} ") for n in ("origin", "wide")])
        for name, c in (("libnn", "libnn"), ("PyTorch", "torch"), ("FANN", "fann"))],
        "Peak RSS per process (MB, incl. 219 MB of data)", "MB", log=False)

    a = ax[2][2]
    names = [t["target"][:58] for t in T]
    vals, cols = [], []
    for t in T:
        vals.append(1 if t["met"] else 0.5 if t["met"] is None else 0)
        cols.append("#2ca02c" if t["met"] else "#bbbbbb" if t["met"] is None else "#d62728")
    a.barh(range(len(T)), [1] * len(T), color=cols)
    for i, t in enumerate(T):
        a.text(0.02, i, f"{t['shown']} (goal {t['goal']}) {t['target'][:60]}",
               va="center", fontsize=6.5)
    a.set_yticks([])
    a.set_xticks([])
    a.invert_yaxis()
    a.set_title("Targets: green met, red not met", fontsize=10)

    fig.suptitle("libnn vs PyTorch vs FANN on Fashion-MNIST", fontsize=13)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="6,000 training rows, 1 epoch, 1 seed: a check of the harness")
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--no-native", action="store_true",
                    help="skip the runs under OpenBLAS' native kernel")
    ap.add_argument("--report-only", metavar="JSON",
                    help="run nothing: print the table and redraw the chart of an "
                         "earlier run's latest.json")
    args = ap.parse_args()
    if args.report_only:
        with open(args.report_only) as f:
            old = json.load(f)
        R = Runner(timeout=0)
        R.runs, R.records = old["runs"], old["records"]
        M, P = old["machine"], old["params"]
        quick = old["mode"] == "quick"
        pinned = any(M["openblas_env"].values())
        S = summarise(R, True, pinned)
        T = targets(S, P, quick)
        print(report(S, P, M, T, quick, True, pinned, R.runs))
        chart(S, T, os.path.join(args.out, "replot.png"), pinned)
        log(f"wrote {os.path.join(args.out, 'replot.png')}")
        return 0

    bindir = os.path.join(args.build, "bench")
    for exe in ("bench_libnn", "bench_roofline"):
        if not os.path.exists(os.path.join(bindir, exe)):
            sys.exit(f"run.py: {bindir}/{exe} is missing; build with `sh bench/run.sh`")
    if not os.path.exists(os.path.join(args.data, "train-images-idx3-ubyte.gz")):
        sys.exit(f"run.py: no Fashion-MNIST in {args.data} "
                 "(apt-get install dataset-fashion-mnist)")

    M = machine_info()
    M["loadavg_start"] = loadavg()
    P, steps, have_fann, pinned = plan(args, bindir)
    log(f"run.py: {len(steps)} processes, one at a time "
        f"({'quick' if args.quick else 'full'}); load average {M['loadavg_start']}")
    R = Runner(timeout=1800)
    t0 = time.monotonic()
    for st in steps:
        R.run(*st)
    M["loadavg_end"] = loadavg()
    M["bench_wall_s"] = time.monotonic() - t0

    S = summarise(R, have_fann, pinned)
    T = targets(S, P, args.quick)
    text = report(S, P, M, T, args.quick, have_fann, pinned, R.runs)
    print(text)

    os.makedirs(args.out, exist_ok=True)
    result = {"mode": "quick" if args.quick else "full", "machine": M, "params": P,
              "summary": S, "speedups": {"configured": speedups(S, "configured"),
                                         "native": speedups(S, "native") if pinned else None},
              "targets": T, "runs": R.runs, "records": R.records, "table": text}
    jpath = os.path.join(args.out, "latest.json")
    with open(jpath + ".tmp", "w") as f:
        json.dump(result, f, indent=1)
    os.replace(jpath + ".tmp", jpath)
    ppath = os.path.join(args.out, "latest.png")
    try:
        chart(S, T, ppath, pinned)
    except ImportError as e:
        log(f"run.py: no chart ({e}); apt-get install python3-matplotlib")
        ppath = None
    with open(os.path.join(args.out, "latest.txt"), "w") as f:
        f.write(text + "\n")
    log(f"\nwrote {jpath}" + (f", {ppath}" if ppath else "") +
        f" in {M['bench_wall_s']:.0f} s")
    failed = [r["label"] for r in R.runs if r["exit"] != 0]
    if failed:
        log("failed runs: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
