"""Time the documentation site's build: cold (every notebook executed, into an empty execution
cache, as on a fresh clone and in CI), warm (the same again, nothing changed: every notebook's
outputs come from the cache), and with notebook execution off (``NNADL_EXECUTE_NOTEBOOKS=false``).
Each build goes to a temporary directory, and the cache is a temporary one too, so the checkout's
own ``.cache/notebooks`` is neither used nor changed. Writes ``benchmarks/results/build.json``.

    .venv/bin/python benchmarks/bench_build.py [--quick]

``--quick`` times only the build without notebook execution.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common
from _common import ROOT, parser, write


def build(execute, cache):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MPLBACKEND="Agg", NNADL_NOTEBOOK_CACHE=cache,
               NNADL_EXECUTE_NOTEBOOKS="true" if execute else "false")
    with tempfile.TemporaryDirectory() as site:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        pages = sum(1 for _ in Path(site).rglob("index.html"))
    if proc.returncode != 0:
        print((proc.stdout + proc.stderr)[-3000:])
        raise SystemExit(f"mkdocs build failed (execute={execute})")
    return seconds, pages


def main():
    p = parser(__doc__.splitlines()[0])
    args = p.parse_args()
    notebooks = sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.py"))
    results = {}
    runs = [("not_executed", False)] if args.quick else [("cold", True), ("warm", True), ("not_executed", False)]
    with tempfile.TemporaryDirectory() as cache:
        for key, execute in runs:
            seconds, pages = build(execute, cache)
            results[key] = {"seconds": seconds, "pages": pages}
            print(f"strict build, {key.replace('_', ' ')}: {seconds:.1f} s ({pages} pages)")
    cold, warm = results.get("cold", {}).get("seconds"), results.get("warm", {}).get("seconds")
    write("build", {"quick": args.quick, "notebooks": notebooks, "builds": results,
                    "target_full_build_under_180_s_met": None if cold is None else cold < 180,
                    "target_warm_build_under_20_s_met": None if warm is None else warm <= 20,
                    "threads_note": f"mkdocs and its notebook kernels ran with BLAS threads = {_common.THREADS}"},
          args.out)


if __name__ == "__main__":
    main()
