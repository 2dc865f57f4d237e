# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Performance, measured
#
# *The figures and tables below are drawn when the site is built, from the JSON files committed
# in `benchmarks/results/`. Those were written by the scripts in `benchmarks/` (see
# `benchmarks/README.md`); nothing here is timed at build time, because a build on a busy
# machine would publish whatever the load of the moment made of the numbers. To see your own
# machine's numbers, run the scripts and rebuild the site.*
#
# First, the machine the committed numbers come from:

# %%
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import nnadl
from nnadl.plots import grouped_bars, loglog_ratio

RESULTS = Path(nnadl.__file__).resolve().parents[1] / "benchmarks" / "results"
results = {p.stem: json.loads(p.read_text()) for p in sorted(RESULTS.glob("*.json"))}
m = results["training"]["machine"]
print(f"CPU: {m['cpu']}, {m['cores']} cores, {m['threads_used']} thread(s) used")
print(f"Python {m['python']}, numpy {m['numpy']}, BLAS {m['blas'].get('name')} {m['blas'].get('version')}, "
      f"PyTorch {m['torch']}")
print(f"measured {m['date']}, load average at start {m['load_average_1min_at_start']}")
for name, r in results.items():
    if r.get("quick"):
        print(f"warning: {name}.json comes from a --quick run")

# %% [markdown]
# ## Time per epoch
#
# The chapter-1 network $[784, 30, 10]$ (quadratic cost, $\eta = 3$) trained for one epoch of
# 50,000 examples; best of several epochs, every implementation timed in turns in the same run.
# "pairs" is the book's data form, a list of `(x, y)`; "arrays" is one array of inputs and one of
# targets.

# %%
training = results["training"]
rows = training["results"]
print(f"{'implementation':22} {'dtype':8} {'data':7} {'m':>4} {'s/epoch':>8} {'GFLOP/s':>8} {'of GEMM':>8}")
for r in sorted(rows, key=lambda r: (r["mini_batch"], -r["seconds_per_epoch"])):
    print(f"{r['implementation']:22} {r['dtype']:8} {r['data']:7} {r['mini_batch']:>4} {r['seconds_per_epoch']:>8.3f} "
          f"{r['gflops']:>8.1f} {r['fraction_of_gemm_rate']:>8.1%}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
for ax, mb in zip(axes, (10, 100)):
    sel = sorted((r for r in rows if r["mini_batch"] == mb), key=lambda r: r["seconds_per_epoch"])
    labels = [f"{r['implementation']} ({r['dtype']}, {r['data']})" for r in sel]
    colors = ["tab:blue" if r["implementation"] == "nnadl" else "tab:gray" if r["implementation"].startswith("nnadl")
              else "tab:green" if r["implementation"].startswith("book")
              else "black" if r["implementation"].startswith("large") else "tab:orange" for r in sel]
    ax.barh(labels, [r["seconds_per_epoch"] for r in sel], color=colors)
    for dtype, style in (("float64", "--"), ("float32", ":")):
        ax.axvline(training["floor_seconds_per_epoch"][dtype], color="k", ls=style, lw=1,
                   label=f"GEMM floor, {dtype}")
    ax.set_xscale("log")
    ax.set_xlabel("seconds per epoch (log scale)")
    ax.set_title(f"mini-batch {mb}")
    ax.invert_yaxis()
axes[1].legend(loc="lower right", fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# The dashed and dotted lines are the floor: the epoch's matrix-product FLOPs divided by the rate
# of one large matrix product (GEMM) on the same machine, in the same run. Blue is `nnadl`'s
# `SGD`, green the book's own code, gray the buffered experiment, orange PyTorch, and black the
# four large array operations of each step alone (the mini-batch gathered, $w^2 a^1$, BP4's
# $\delta^2 (a^1)^T$ and the update of $w^2$): a floor under any numpy implementation of the step.
#
# ## The ratios, and what they were checked against

# %%
ratios, targets, checks = training["ratios"], training["targets_met"], training["checks"]
print("reference:", training["config"]["book"] or "the book's code was not given to this run")
for k, v in checks.items():
    print(f"check {k:50s} {v}")
for k, v in ratios.items():
    print(f"{k:45s} {v:6.2f}")
for k, v in targets.items():
    print(f"target {k:55s} {'met' if v else 'NOT met'}")
print(f"SGD calls given the book's pairs ran {training['config']['epochs_per_call_given_pairs']} epochs each; "
      f"converting the pairs to arrays, once per call, took {training['pairs_to_arrays_seconds']:.3f} s")
print(f"teaching backprop on {training['config']['backprop_examples']} single examples (s):",
      {k: round(v, 4) for k, v in training["backprop_seconds"].items()})
print("GEMM rate (GFLOP/s):", {k: round(v, 1) for k, v in training["gemm_gflops"].items()})

# %% [markdown]
# ## GFLOP/s against the machine's rate
#
# How much of the machine's matrix-product rate each implementation turns into useful
# arithmetic. Mini-batches of 10 leave most of it to Python's overhead per step and to
# small matrix products; mini-batches of 100 amortize both.

# %%
fig, ax = plt.subplots(figsize=(7, 4))
keys = sorted({(r["implementation"], r["data"]) for r in rows})
share = {}
for mb, dtype in [(10, "float64"), (10, "float32"), (100, "float64"), (100, "float32")]:
    share[f"m = {mb}, {dtype}"] = [next((r["fraction_of_gemm_rate"] * 100 for r in rows if
                                        (r["implementation"], r["data"], r["dtype"], r["mini_batch"]) == (i, d, dtype, mb)),
                                        np.nan) for i, d in keys]
grouped_bars(share, width=0.2, ylabel="% of the GEMM rate (same dtype)",
             title="Achieved GFLOP/s as a share of the machine's rate", legend=dict(fontsize=8), ax=ax)
ax.set_xticks(range(len(keys)), [f"{i}\n({d})" for i, d in keys], rotation=15, fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Chapter 6: a convolutional layer

# %%
conv = results["conv"]
for k, v in conv["seconds_per_forward_backward"].items():
    print(f"{k:40s} {v * 1e3:7.3f} ms per forward + backward (batch 10, 1x28x28, 20 filters 5x5, 2x2 pool)")
if conv["nnadl_over_torch"] is not None:
    print(f"nnadl / PyTorch = {conv['nnadl_over_torch']:.2f} (target: at most 2); "
          f"outputs and gradients agree to {conv['max_abs_difference_vs_torch']:.1e}")
e = conv["conv_net_epoch"]
print(f"conv net {e['layers']}: one epoch of {e['training_examples']} digits, mini-batch {e['mini_batch']}, "
      f"eta = {e['eta']}, lmbda = {e['lmbda']}, in {e['seconds']:.1f} s; "
      f"validation accuracy after that one epoch {e['validation_accuracy']:.1%}")

# %% [markdown]
# ## Why backpropagation is fast
#
# Finite differences need two forward passes per parameter; backpropagation one forward and one
# backward pass in all. So the ratio of their times should grow in proportion to the number of
# parameters $P$ (the chapter-2 notebook measures the same thing at build time, on smaller
# networks).

# %%
g = results["gradient"]
P = np.array([r["parameters"] for r in g["rows"]])
ratio = np.array([r["ratio"] for r in g["rows"]])
loglog_ratio(P, ratio, title="Networks [n, n, 10]")
plt.show()
print(f"slope of log(ratio) against log(P): {g['log_log_slope']:.2f} (1 means proportional); "
      f"largest ratio {ratio.max():.0f} at P = {P[ratio.argmax()]}")

# %% [markdown]
# ## Building this site

# %%
if "build" in results:
    for k, v in results["build"]["builds"].items():
        what = {"cold": "cold (every notebook executed)", "warm": "warm (nothing changed, outputs from the cache)",
                "not_executed": "notebooks not executed"}.get(k, k.replace("_", " "))
        print(f"strict build, {what}: {v['seconds']:.0f} s ({v['pages']} pages)")
else:
    print("no build timings committed yet (run benchmarks/bench_build.py)")
