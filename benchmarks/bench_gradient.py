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
from _common import parser, write

from nnadl.gradcheck import gradient_timings, log_log_slope


def main():
    p = parser(__doc__.splitlines()[0])
    args = p.parse_args()
    widths = (4, 8, 16, 32) if args.quick else (4, 8, 16, 32, 64, 128, 192)
    timings = gradient_timings(widths, backprop_repeat=100 if args.quick else 300,
                               numerical_repeat=2 if args.quick else 3)
    for n, params, t_backprop, t_numerical, ratio, err in timings:
        print(f"n={n:4d} P={params:6d} backprop {t_backprop * 1e6:8.1f} us  finite differences "
              f"{t_numerical * 1e3:9.2f} ms  ratio {ratio:9.0f}  rel. error {err:.1e}")
    slope = log_log_slope([r.parameters for r in timings], [r.ratio for r in timings])  # ratio ~ P^slope
    print(f"ratio grows as P^{slope:.2f} (1 means in proportion to the number of parameters)")
    rows = [r._asdict() for r in timings]
    write("gradient", {"quick": args.quick, "sizes": "[n, n, 10]", "rows": rows, "log_log_slope": slope}, args.out)


if __name__ == "__main__":
    main()
