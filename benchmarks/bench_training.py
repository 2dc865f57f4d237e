"""Time one epoch of the chapter-1 network: nnadl against the book's own network.py, and against PyTorch.

[784, 30, 10], quadratic cost, sigmoid neurons, eta = 3.0, one epoch of 50,000 examples (the
5,000 embedded digits ten times over). Implementations:

- ``book network.py``: the book's own code (Michael Nielsen's ``src/network.py``), run under
  Python 3 (see ``_book.py``; pass ``--book DIR``), given the book's data form, a list of
  ``(x, y)`` pairs;
- ``nnadl``: ``nnadl.network.Network.SGD`` given the same list of pairs (it converts them to
  arrays once, and that is timed too), and given arrays; ``nnadl.network2.Network`` in float32;
- ``nnadl buffered``: the same step with every array allocated once (``buffered_step.py``), the
  lesson of what in-place buffers buy;
- ``PyTorch autograd``: ``nn.Sequential`` + ``loss.backward()`` + ``optim.SGD``, written the usual way;
- ``PyTorch hand-written``: the same four equations written out with in-place torch ops.

It also times the teaching ``backprop`` on single examples against the book's ``backprop``, on
the same weights. Every case is timed once per round, round after round (best of ``--repeat``),
so that the ratios come from one run on the same machine under the same load. Writes
``benchmarks/results/training.json``.

    .venv/bin/python benchmarks/bench_training.py --book DIR [--quick] [--threads N] [--repeat R]
"""

from __future__ import annotations

import _common  # noqa: F401  (sets the BLAS threads before numpy is imported)
from _common import embedded_epoch, gemm_rate, load_torch, parser, round_robin, write

import contextlib
import io

import numpy as np

from _book import book_source_dir, load_book_network
from buffered_step import buffered_epoch
from nnadl import network, network2
from nnadl.data import as_arrays

SIZES = [784, 30, 10]
ETA = 3.0


def flops_per_epoch(sizes, n):
    """Floating-point operations in the matrix products of one epoch (independent of the
    mini-batch size): forward ``w a`` (2 n_in n_out per example and layer), BP4's
    ``delta a^T`` (the same again) and BP2's ``w^T delta`` (every layer but the first)."""
    products = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    return n * 2 * (2 * sum(products) + sum(products[1:]))


def book_pairs(X, Y):
    """The book's data form: a list of ``(x, y)`` with ``x`` of shape (784, 1) and ``y`` the one-hot (10, 1)."""
    return [(x.reshape(-1, 1), y.reshape(-1, 1)) for x, y in zip(X, Y)]


def same_weights(book_net, net):
    book_net.weights = [w.copy() for w in net.weights]
    book_net.biases = [b.copy() for b in net.biases]


def book_agrees(book, X, Y):
    """The book's update_mini_batch and nnadl's give the same weights (to rounding), or the race means nothing."""
    net = network.Network(SIZES, seed=1)
    book_net = book.Network(SIZES)
    same_weights(book_net, net)
    pairs = book_pairs(X[:10], Y[:10])
    book_net.update_mini_batch(pairs, ETA)
    net.update_mini_batch(X[:10].T, Y[:10].T, ETA)
    return max(float(np.max(np.abs(p - q))) for p, q in
               zip(net.weights + net.biases, book_net.weights + book_net.biases))


def buffered_agrees(X, Y):
    """The buffered step and nnadl's SGD give the same weights, bit for bit."""
    a, b = network.Network(SIZES, seed=2), network.Network(SIZES, seed=2)
    a.SGD((X[:200], Y[:200]), 1, 10, ETA)
    buffered_epoch(b, X[:200].T, Y[:200].T, 10, ETA)
    return all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))


def training_cases(book, X64, Y64, m, epochs):
    """Closures each running ``epochs`` epochs (the book-form cases) or one, keyed by 'implementation|dtype|data form'."""
    cases = {}
    pairs = book_pairs(X64, Y64)
    if book is not None and m == 10:
        book_net = book.Network(SIZES)
        same_weights(book_net, network.Network(SIZES, seed=0))

        def book_run():
            with contextlib.redirect_stdout(io.StringIO()):  # it prints "Epoch j complete"
                book_net.SGD(pairs, epochs, m, ETA)

        cases["book network.py|float64|pairs"] = book_run
    net = network.Network(SIZES, seed=0)
    if m == 10:
        cases["nnadl|float64|pairs"] = lambda: net.SGD(pairs, epochs, m, ETA)
    cases["nnadl|float64|arrays"] = lambda: net.SGD((X64, Y64), 1, m, ETA)
    buffered = network.Network(SIZES, seed=0)
    x, y = X64.T, Y64.T
    cases["nnadl buffered|float64|arrays"] = lambda: buffered_epoch(buffered, x, y, m, ETA)
    rng = np.random.default_rng(0)
    cases["large operations only|float64|arrays"] = lambda: large_operations_epoch(x, m, rng)
    X32, Y32 = X64.astype(np.float32), Y64.astype(np.float32)
    net32 = network2.Network(SIZES, seed=0, dtype=np.float32)
    cases["nnadl|float32|arrays"] = lambda: net32.SGD((X32, Y32), 1, m, ETA)
    return cases


def large_operations_epoch(x, mini_batch_size, rng):
    """Only the four large array operations of an epoch of chapter 1's SGD on [784, 30, 10]: the
    mini-batch gathered, w^2 a^1, BP4's delta^2 (a^1)^T and the update of w^2 (the other layer's
    arrays are 30 times smaller). What no implementation of the step in numpy can avoid: the
    floor under nnadl's time per epoch, whatever else the step does."""
    w = np.zeros((30, 784))
    delta = np.ones((30, mini_batch_size))
    order = rng.permutation(x.shape[1])
    for k in range(0, x.shape[1], mini_batch_size):
        a = x[:, order[k:k + mini_batch_size]]
        w @ a
        nabla_w = np.dot(delta, a.T)
        w -= (ETA / mini_batch_size) * nabla_w


def backprop_cases(book, X64, Y64):
    """The teaching backprop, one example at a time, against the book's, on the same weights."""
    net = network.Network(SIZES, seed=0)
    pairs = book_pairs(X64, Y64)
    cases = {"nnadl backprop|float64|pairs": lambda: [net.backprop(x, y) for x, y in pairs]}
    if book is not None:
        book_net = book.Network(SIZES)
        same_weights(book_net, net)
        cases["book backprop|float64|pairs"] = lambda: [book_net.backprop(x, y) for x, y in pairs]
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

            cases[f"PyTorch autograd|{dtype_name}|arrays"] = autograd_epoch
        # hand-written backprop: rows are examples, weights stored transposed (n_in, n_out)
        gen = torch.Generator().manual_seed(0)
        W1 = torch.randn(784, 30, generator=gen, dtype=tdtype)
        W2 = torch.randn(30, 10, generator=gen, dtype=tdtype)
        b1 = torch.randn(30, generator=gen, dtype=tdtype)
        b2 = torch.randn(10, generator=gen, dtype=tdtype)
        cases[f"PyTorch hand-written|{dtype_name}|arrays"] = (
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
    """The hand-written torch step and nnadl's step give the same weights (float64)."""
    net = network.Network(SIZES, seed=1)
    rng = np.random.default_rng(2)
    X, Y = rng.random((10, 784)), np.eye(10)[rng.integers(0, 10, 10)]
    W1, W2 = (torch.from_numpy(w.T.copy()) for w in net.weights)
    b1, b2 = (torch.from_numpy(b[:, 0].copy()) for b in net.biases)
    with torch.inference_mode():
        torch_hand_step(torch, torch.from_numpy(X), torch.from_numpy(Y), W1, W2, b1, b2, ETA)
    net.update_mini_batch(X.T, Y.T, ETA)
    return max(float(np.max(np.abs(net.weights[0] - W1.numpy().T))),
               float(np.max(np.abs(net.weights[1] - W2.numpy().T))),
               float(np.max(np.abs(net.biases[0][:, 0] - b1.numpy()))))


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=None, help="rounds (default 5, 2 with --quick)")
    p.add_argument("--epochs", type=int, default=3,
                   help="epochs per SGD call given the book's pairs, the data converted once per call (default 3)")
    p.add_argument("--book", default=None,
                   help="a checkout of mnielsen/neural-networks-and-deep-learning (default $NNADL_BOOK); "
                        "without it the comparison with the book's code is skipped")
    args = p.parse_args()
    repeat = args.repeat or (2 if args.quick else 5)
    copies = 2 if args.quick else 10
    X64, labels = embedded_epoch(copies)
    X64, Y64 = as_arrays((X64, labels), 784, 10)
    n = len(X64)
    book_dir = book_source_dir(args.book)
    book = None if book_dir is None else load_book_network(book_dir)
    if book is None:
        print("The book's network.py was not given (--book DIR or $NNADL_BOOK): its comparison is skipped.")
    torch = load_torch()

    gemm = {name: gemm_rate(getattr(np, name), repeat=3 if args.quick else 7) for name in ("float64", "float32")}
    print("GEMM GFLOP/s:", {k: round(v, 1) for k, v in gemm.items()})
    checks = {"buffered_equals_nnadl_bit_for_bit": buffered_agrees(X64, Y64)}
    if book is not None:
        checks["book_step_max_abs_difference"] = book_agrees(book, X64, Y64)
    if torch is not None:
        checks["torch_step_max_abs_difference_f64"] = torch_agrees(torch)
    print("checks:", checks)
    if not checks["buffered_equals_nnadl_bit_for_bit"] or checks.get("book_step_max_abs_difference", 0) > 1e-12:
        raise SystemExit("the implementations do not compute the same step; nothing timed")

    flops = flops_per_epoch(SIZES, n)
    rows = []
    for m in (10, 100):
        cases = training_cases(book, X64, Y64, m, args.epochs)
        if torch is not None:
            cases.update(torch_cases(torch, X64, Y64, m, ("float32", "float64")))
        for key, t in round_robin(cases, repeat).items():
            impl, dtype, form = key.split("|")
            if form == "pairs":
                t /= args.epochs  # seconds per epoch
            rows.append({"implementation": impl, "dtype": dtype, "data": form, "mini_batch": m,
                         "seconds_per_epoch": t, "gflops": flops / t / 1e9,
                         "fraction_of_gemm_rate": flops / t / 1e9 / gemm[dtype]})
            print(f"m={m:4d} {impl:22s} {dtype:8s} {form:7s} {t:8.3f} s/epoch  {flops / t / 1e9:6.1f} GFLOP/s")
    pairs = book_pairs(X64, Y64)
    conversion = round_robin({"as_arrays": lambda: as_arrays(pairs, 784, 10)}, repeat)["as_arrays"]
    print(f"converting the {n:,} pairs to arrays (once per SGD call): {conversion:.3f} s")
    n_backprop = 400 if args.quick else 2000
    backprop = {key.split("|")[0]: t for key, t in
                round_robin(backprop_cases(book, X64[:n_backprop], Y64[:n_backprop]), repeat * 2).items()}
    print(f"backprop on {n_backprop} single examples:", {k: round(v, 4) for k, v in backprop.items()})

    def t(impl, dtype, m, form="arrays"):
        for r in rows:
            if (r["implementation"], r["dtype"], r["mini_batch"], r["data"]) == (impl, dtype, m, form):
                return r["seconds_per_epoch"]
        return None

    ratios, targets = {}, {}
    ratios["plain_over_buffered_f64_mb10"] = t("nnadl", "float64", 10) / t("nnadl buffered", "float64", 10)
    ratios["plain_over_buffered_f64_mb100"] = t("nnadl", "float64", 100) / t("nnadl buffered", "float64", 100)
    targets["buffered_not_kept_in_nnadl_below_1_5x"] = max(ratios["plain_over_buffered_f64_mb10"],
                                                            ratios["plain_over_buffered_f64_mb100"]) < 1.5
    if book is not None:
        ratios["book_over_nnadl_pairs_f64_mb10"] = (t("book network.py", "float64", 10, "pairs")
                                                    / t("nnadl", "float64", 10, "pairs"))
        ratios["book_over_nnadl_arrays_f64_mb10"] = (t("book network.py", "float64", 10, "pairs")
                                                     / t("nnadl", "float64", 10))
        ratios["nnadl_backprop_over_book_backprop"] = backprop["nnadl backprop"] / backprop["book backprop"]
        ratios["book_over_large_operations_only_mb10"] = (t("book network.py", "float64", 10, "pairs")
                                                          / t("large operations only", "float64", 10))
        targets["nnadl_12x_faster_than_book_given_its_pairs"] = ratios["book_over_nnadl_pairs_f64_mb10"] >= 12
        targets["teaching_backprop_within_1_2x_of_book"] = ratios["nnadl_backprop_over_book_backprop"] <= 1.2
    if torch is not None:
        ratios["torch_autograd_f32_over_nnadl_f64_mb10"] = t("PyTorch autograd", "float32", 10) / t("nnadl", "float64", 10)
        ratios["torch_hand_f32_over_nnadl_f32_mb100"] = t("PyTorch hand-written", "float32", 100) / t("nnadl", "float32", 100)
    for k, v in ratios.items():
        print(f"{k}: {v:.2f}")
    for k, v in targets.items():
        print(f"{k}: {'met' if v else 'NOT met'}")
    write("training", {
        "quick": args.quick,
        "config": {"sizes": SIZES, "cost": "quadratic", "activation": "sigmoid", "eta": ETA,
                   "examples_per_epoch": n, "rounds": repeat, "backprop_examples": n_backprop,
                   "epochs_per_call_given_pairs": args.epochs,
                   "book": None if book is None else "mnielsen/neural-networks-and-deep-learning src/network.py, "
                                                      "run under Python 3 (xrange and print only changed)"},
        "gemm_gflops": gemm,
        "flops_per_epoch": flops,
        "floor_seconds_per_epoch": {name: flops / (rate * 1e9) for name, rate in gemm.items()},
        "checks": checks,
        "results": rows,
        "backprop_seconds": backprop,
        "pairs_to_arrays_seconds": conversion,
        "ratios": ratios,
        "targets_met": targets,
    }, args.out)


if __name__ == "__main__":
    main()
