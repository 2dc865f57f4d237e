"""Time the documentation site's build: the full strict build with every notebook executed, and
the build used while writing pages, with notebook execution off (``NNADL_EXECUTE_NOTEBOOKS=false``,
the switch ``mkdocs serve`` takes too). Each build goes to a temporary directory.
Writes ``benchmarks/results/build.json``.

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


def build(execute):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MPLBACKEND="Agg",
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
    for execute in ([False] if args.quick else [True, False]):
        seconds, pages = build(execute)
        key = "executed" if execute else "not_executed"
        results[key] = {"seconds": seconds, "pages": pages}
        print(f"strict build, notebooks {'executed' if execute else 'not executed'}: {seconds:.1f} s ({pages} pages)")
    executed = results.get("executed", {}).get("seconds")
    write("build", {"quick": args.quick, "notebooks": notebooks, "builds": results,
                    "target_full_build_under_180_s_met": None if executed is None else executed < 180,
                    "threads_note": f"mkdocs and its notebook kernels ran with BLAS threads = {_common.THREADS}"},
          args.out)


if __name__ == "__main__":
    main()
