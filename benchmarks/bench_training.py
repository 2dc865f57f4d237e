"""Time one epoch of the chapter-1 network by implementation, dtype and mini-batch size.

[784, 30, 10], quadratic cost, sigmoid neurons, eta = 3.0, one epoch of 50,000 examples (the
5,000 embedded digits ten times over). Implementations:

- ``nnadl per-example``: ``Network.SGD(..., per_example=True)``, the book's algorithm (one
  ``backprop`` call per example); timed on a tenth of an epoch and multiplied by ten;
- ``nnadl readable matrix``: ``backprop_matrix`` + ``_step`` on a shuffled copy of the data,
  the form the chapter-2 page shows (what ``SGD`` ran before its buffered step);
- ``nnadl``: ``Network.SGD`` as it is, float64 and float32;
- ``PyTorch autograd``: ``nn.Sequential`` + ``loss.backward()`` + ``optim.SGD``, written the
  usual way;
- ``PyTorch hand-written``: the same four equations written out with in-place torch ops and
  no autograd.

Every case is timed once per round, round after round (best of ``--repeat``), so that the ratios
come from one run on the same machine under the same load. Writes
``benchmarks/results/training.json``.

    .venv/bin/python benchmarks/bench_training.py [--quick] [--threads N] [--repeat R]
"""

from __future__ import annotations

import _common  # noqa: F401  (sets the BLAS threads before numpy is imported)
from _common import embedded_epoch, gemm_rate, load_torch, parser, round_robin, write

import numpy as np

from nnadl.network import Network, as_arrays

SIZES = [784, 30, 10]
ETA = 3.0


def flops_per_epoch(sizes, n):
    """Floating-point operations in the matrix products of one epoch (independent of the
    mini-batch size): forward ``w a`` (2 n_in n_out per example and layer), BP4's
    ``delta a^T`` (the same again) and BP2's ``w^T delta`` (every layer but the first)."""
    products = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    return n * 2 * (2 * sum(products) + sum(products[1:]))


def nnadl_cases(X64, Y64, m, n_per_example):
    """Closures running one epoch each, keyed by name."""
    cases = {}
    for dtype in (np.float64, np.float32):
        X, Y = X64.astype(dtype), Y64.astype(dtype)  # converted here, so no case pays for it
        net = Network(SIZES, seed=0, dtype=dtype)
        cases[f"nnadl|{np.dtype(dtype).name}"] = lambda net=net, X=X, Y=Y: net.SGD((X, Y), 1, m, ETA)
        readable = Network(SIZES, seed=0, dtype=dtype)

        def readable_epoch(net=readable, X=X, Y=Y):
            order = net.rng.permutation(len(X))
            X_epoch, Y_epoch = X[order], Y[order]
            with np.errstate(over="ignore"):
                for k in range(0, len(X), m):
                    net._step(X_epoch[k:k + m].T, Y_epoch[k:k + m].T, ETA)

        cases[f"nnadl readable matrix|{np.dtype(dtype).name}"] = readable_epoch
    if m == 10:
        slow = Network(SIZES, seed=0)
        Xs, Ys = X64[:n_per_example], Y64[:n_per_example]
        cases["nnadl per-example|float64"] = lambda: slow.SGD((Xs, Ys), 1, m, ETA, per_example=True)
    return cases


def torch_cases(torch, X64, Y64, m, dtypes):
    cases = {}
    n = len(X64)
    for dtype_name in dtypes:
        tdtype = getattr(torch, dtype_name)
        X = torch.from_numpy(X64).to(tdtype)
        Y = torch.from_numpy(Y64).to(tdtype)
        torch.manual_seed(0)
        if dtype_name == "float32" and m == 10:
            model = torch.nn.Sequential(torch.nn.Linear(784, 30), torch.nn.Sigmoid(),
                                        torch.nn.Linear(30, 10), torch.nn.Sigmoid()).to(tdtype)
            opt = torch.optim.SGD(model.parameters(), lr=ETA)

            # --8<-- [start:torch-autograd-epoch]
            def autograd_epoch(model=model, opt=opt, X=X, Y=Y):
                for idx in torch.randperm(n).split(m):
                    x, y = X[idx], Y[idx]
                    opt.zero_grad()
                    loss = ((model(x) - y) ** 2).sum() / (2 * len(idx))  # C = (1/2m) sum ||y - a||^2
                    loss.backward()
                    opt.step()
            # --8<-- [end:torch-autograd-epoch]

            cases[f"PyTorch autograd|{dtype_name}"] = autograd_epoch
        # hand-written backprop: rows are examples, weights stored transposed (n_in, n_out)
        gen = torch.Generator().manual_seed(0)
        W1 = torch.randn(784, 30, generator=gen, dtype=tdtype)
        W2 = torch.randn(30, 10, generator=gen, dtype=tdtype)
        b1 = torch.randn(30, generator=gen, dtype=tdtype)
        b2 = torch.randn(10, generator=gen, dtype=tdtype)
        cases[f"PyTorch hand-written|{dtype_name}"] = (
            lambda X=X, Y=Y, W1=W1, W2=W2, b1=b1, b2=b2: torch_hand_epoch(torch, X, Y, W1, W2, b1, b2, m))
    return cases


# --8<-- [start:torch-hand-step]
def torch_hand_step(torch, x, y, W1, W2, b1, b2, eta):
    """One step of the book's algorithm in torch, with no autograd: BP1-BP4 and the update."""
    m = len(x)
    a1 = torch.sigmoid(torch.addmm(b1, x, W1))
    a2 = torch.sigmoid(torch.addmm(b2, a1, W2))
    d2 = (a2 - y) * a2 * (1 - a2)  # BP1, quadratic cost
    d1 = (d2 @ W2.T) * a1 * (1 - a1)  # BP2
    W2.addmm_(a1.T, d2, alpha=-eta / m)  # BP4 and the step, fused
    b2.sub_(d2.sum(0), alpha=eta / m)  # BP3
    W1.addmm_(x.T, d1, alpha=-eta / m)
    b1.sub_(d1.sum(0), alpha=eta / m)
# --8<-- [end:torch-hand-step]


def torch_hand_epoch(torch, X, Y, W1, W2, b1, b2, m):
    with torch.inference_mode():
        for idx in torch.randperm(len(X)).split(m):
            torch_hand_step(torch, X[idx], Y[idx], W1, W2, b1, b2, ETA)


def torch_agrees(torch):
    """The hand-written torch step and nnadl's step give the same weights (float64), or the race means nothing."""
    net = Network(SIZES, seed=1)
    rng = np.random.default_rng(2)
    X, Y = rng.random((10, 784)), np.eye(10)[rng.integers(0, 10, 10)]
    W1, W2 = (torch.from_numpy(w.T.copy()) for w in net.weights)
    b1, b2 = (torch.from_numpy(b[:, 0].copy()) for b in net.biases)
    with torch.inference_mode():
        torch_hand_step(torch, torch.from_numpy(X), torch.from_numpy(Y), W1, W2, b1, b2, ETA)
    net._stepper(X, Y, ETA)(np.arange(10))
    return max(float(np.max(np.abs(net.weights[0] - W1.numpy().T))),
               float(np.max(np.abs(net.weights[1] - W2.numpy().T))),
               float(np.max(np.abs(net.biases[0][:, 0] - b1.numpy()))))


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=None, help="rounds (default 5, 2 with --quick)")
    args = p.parse_args()
    repeat = args.repeat or (2 if args.quick else 5)
    copies = 2 if args.quick else 10
    X64, labels = embedded_epoch(copies)
    X64, Y64 = as_arrays((X64, labels), 784, 10)
    n = len(X64)
    n_per_example = n // 10
    torch = load_torch()

    gemm = {name: gemm_rate(getattr(np, name), repeat=3 if args.quick else 7) for name in ("float64", "float32")}
    print("GEMM GFLOP/s:", {k: round(v, 1) for k, v in gemm.items()})
    flops = flops_per_epoch(SIZES, n)
    rows = []
    for m in (10, 100):
        cases = nnadl_cases(X64, Y64, m, n_per_example)
        if torch is not None:
            cases.update(torch_cases(torch, X64, Y64, m, ("float32", "float64")))
        best = round_robin(cases, repeat)
        for key, seconds in best.items():
            impl, dtype = key.split("|")
            scale = n / n_per_example if impl == "nnadl per-example" else 1.0
            t = seconds * scale
            rows.append({
                "implementation": impl, "dtype": dtype, "mini_batch": m,
                "seconds_per_epoch": t,
                "timed_examples": n // scale if scale != 1 else n,
                "gflops": flops / t / 1e9,
                "fraction_of_gemm_rate": flops / t / 1e9 / gemm[dtype],
            })
            print(f"m={m:4d} {impl:24s} {dtype:8s} {t:8.3f} s/epoch  {flops / t / 1e9:6.1f} GFLOP/s")

    def t(impl, dtype, m):
        for r in rows:
            if (r["implementation"], r["dtype"], r["mini_batch"]) == (impl, dtype, m):
                return r["seconds_per_epoch"]
        return None

    ratios, targets = {}, {}
    ratios["per_example_over_nnadl_f64_mb10"] = t("nnadl per-example", "float64", 10) / t("nnadl", "float64", 10)
    ratios["readable_over_nnadl_f64_mb10"] = t("nnadl readable matrix", "float64", 10) / t("nnadl", "float64", 10)
    targets["nnadl_f64_mb10_12x_faster_than_per_example"] = ratios["per_example_over_nnadl_f64_mb10"] >= 12
    if torch is not None:
        ratios["torch_autograd_f32_over_nnadl_f64_mb10"] = t("PyTorch autograd", "float32", 10) / t("nnadl", "float64", 10)
        ratios["torch_hand_f32_over_nnadl_f32_mb100"] = t("PyTorch hand-written", "float32", 100) / t("nnadl", "float32", 100)
        targets["nnadl_f64_mb10_3x_faster_than_torch_autograd"] = ratios["torch_autograd_f32_over_nnadl_f64_mb10"] >= 3
        targets["nnadl_f32_mb100_no_slower_than_torch_hand_written"] = ratios["torch_hand_f32_over_nnadl_f32_mb100"] >= 1
    floor = {name: flops / (rate * 1e9) for name, rate in gemm.items()}
    for k, v in ratios.items():
        print(f"{k}: {v:.2f}")
    for k, v in targets.items():
        print(f"{k}: {'met' if v else 'NOT met'}")
    write("training", {
        "quick": args.quick,
        "config": {"sizes": SIZES, "cost": "quadratic", "activation": "sigmoid", "eta": ETA,
                   "examples_per_epoch": n, "rounds": repeat,
                   "per_example_timed_on": n_per_example},
        "gemm_gflops": gemm,
        "flops_per_epoch": flops,
        "floor_seconds_per_epoch": floor,
        "torch_step_max_abs_difference_f64": None if torch is None else torch_agrees(torch),
        "results": rows,
        "ratios": ratios,
        "targets_met": targets,
    }, args.out)


if __name__ == "__main__":
    main()
