"""Why backpropagation is fast: finite differences against backprop as the parameter count grows.

Networks [n, n, 10] for growing n, one training example. Finite differences
(``nnadl.gradcheck.numerical_network_gradient``) take 2 forward passes per parameter;
backpropagation (``Network.backprop``) one forward and one backward pass in all. The ratio of
their times should grow in proportion to the number of parameters. Both gradients are compared
before the timings are kept. Writes ``benchmarks/results/gradient.json``.

    .venv/bin/python benchmarks/bench_gradient.py [--quick] [--threads N]
"""

from __future__ import annotations

import _common  # noqa: F401  (sets the BLAS threads before numpy is imported)
from _common import best_of, parser, write

import numpy as np

from nnadl.gradcheck import numerical_network_gradient, relative_error
from nnadl.network import Network


def main():
    p = parser(__doc__.splitlines()[0])
    args = p.parse_args()
    widths = (4, 8, 16, 32) if args.quick else (4, 8, 16, 32, 64, 128, 192)
    rows = []
    for n in widths:
        net = Network([n, n, 10], seed=0)
        rng = np.random.default_rng(1)
        x, y = rng.random((n, 1)), np.eye(10)[:, [3]]
        params = sum(w.size for w in net.weights) + sum(b.size for b in net.biases)
        t_backprop = best_of(lambda: net.backprop(x, y), 100 if args.quick else 300)
        t_numerical = best_of(lambda: numerical_network_gradient(net, x, y), 2 if args.quick else 3)
        nb, nw = net.backprop(x, y)
        mb, mw = numerical_network_gradient(net, x, y)
        err = max(relative_error(a, b) for a, b in zip(nb + nw, mb + mw))
        rows.append({"width": n, "parameters": params, "backprop_seconds": t_backprop,
                     "finite_difference_seconds": t_numerical, "ratio": t_numerical / t_backprop,
                     "max_relative_error": err})
        print(f"n={n:4d} P={params:6d} backprop {t_backprop * 1e6:8.1f} us  finite differences "
              f"{t_numerical * 1e3:9.2f} ms  ratio {t_numerical / t_backprop:9.0f}  rel. error {err:.1e}")
    P = np.array([r["parameters"] for r in rows], float)
    R = np.array([r["ratio"] for r in rows])
    slope = float(np.polyfit(np.log(P), np.log(R), 1)[0])  # ratio ~ P^slope
    print(f"ratio grows as P^{slope:.2f} (1 means in proportion to the number of parameters)")
    write("gradient", {"quick": args.quick, "sizes": "[n, n, 10]", "rows": rows, "log_log_slope": slope}, args.out)


if __name__ == "__main__":
    main()
