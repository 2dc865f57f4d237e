"""Shared by the benchmark scripts: thread settings, the machine's description, best-of timing,
the 50,000-example epoch of embedded digits, the GEMM rate, and writing results as JSON.

Import this module before numpy is imported anywhere else: it pins the BLAS to the number of
threads given with ``--threads`` (default 1), since threads do not help at the sizes measured
here and two processes fighting over two cores make every number meaningless.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path


def _threads_from_argv(default=1):
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            return int(argv[i + 1])
        if arg.startswith("--threads="):
            return int(arg.split("=", 1)[1])
    return default


THREADS = _threads_from_argv()
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(THREADS)

import numpy as np  # noqa: E402  (after the thread settings)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from nnadl.gradcheck import best_of  # noqa: E402  (the benchmarks' timer: the shortest of several runs)

TORCH_VERSION = "2.13.0"  # pinned in benchmarks/requirements.txt


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="fewer repetitions and smaller sizes (a smoke test)")
    p.add_argument("--threads", type=int, default=1, help="BLAS and PyTorch threads (default 1)")
    p.add_argument("--out", type=Path, default=None, help="where to write the JSON (default benchmarks/results/)")
    return p


def load_torch():
    """PyTorch, with its threads set like the BLAS's, or None (the comparison is then skipped)."""
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: the comparison with PyTorch is skipped "
              f"(pip install -r benchmarks/requirements.txt installs torch=={TORCH_VERSION}).")
        return None
    torch.set_num_threads(THREADS)
    if not torch.__version__.startswith(TORCH_VERSION):
        print(f"note: PyTorch {torch.__version__} found; the committed results used {TORCH_VERSION}")
    return torch


def machine():
    """What the numbers were measured on."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = {}
    try:
        config = np.show_config(mode="dicts")
        info = config.get("Build Dependencies", {}).get("blas", {})
        blas = {k: info.get(k) for k in ("name", "version", "openblas configuration") if info.get(k)}
    except Exception:  # numpy without mode="dicts"
        pass
    try:
        from threadpoolctl import threadpool_info
        blas["threadpools"] = [{k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
                               for p in threadpool_info()]
    except ImportError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = None
    info = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "threads_used": THREADS,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": blas,
        "platform": platform.platform(),
        "load_average_1min_at_start": load,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
    }
    try:
        import torch
        info["torch"] = torch.__version__
    except ImportError:
        info["torch"] = None
    return info


def round_robin(cases, repeat):
    """Best time of each case, timing them in turns (one run of each per round) so that a busy
    spell of the shared machine hurts all of them alike rather than one."""
    best = {name: float("inf") for name in cases}
    for _ in range(repeat):
        for name, fn in cases.items():
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def gemm_rate(dtype, n=1024, repeat=7):
    """GFLOP/s of one large square matrix product in ``dtype``, best of ``repeat``."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    out = np.empty((n, n), dtype)
    np.matmul(a, b, out=out)  # warm up
    return 2 * n ** 3 / best_of(lambda: np.matmul(a, b, out=out), repeat) / 1e9


def embedded_epoch(copies=10):
    """The 5,000 embedded digits (training, validation and test splits together), ``copies`` times:
    ``X`` of shape (5000 * copies, 784) float64 and integer labels."""
    from nnadl.data import load_embedded
    splits = load_embedded(seed=0)
    X = np.concatenate([s.X for s in splits])
    labels = np.concatenate([s.labels for s in splits])
    return np.tile(X, (copies, 1)), np.tile(labels, copies)


def write(name, payload, out=None):
    """Write ``payload`` (plus the machine's description) to ``benchmarks/results/<name>.json``."""
    path = Path(out) if out is not None else RESULTS / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": name, "machine": machine(), **payload}
    # Through a temporary file and a rename: an interrupted run never leaves half a JSON that the
    # site would plot; and a path that is not a regular file (a device, a FIFO) is not replaced.
    if path.exists() and not path.is_file():
        raise SystemExit(f"{path} exists and is not a regular file: not replacing it")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(payload, indent=2) + "\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path
