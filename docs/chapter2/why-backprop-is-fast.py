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
# # Why backpropagation is fast, measured
#
# *Executed when the site is built: every number and the plot below come from this run.*
#
# The gradient of the cost with respect to $P$ parameters can be computed two ways:
#
# - **finite differences** (`nnadl.gradcheck.numerical_network_gradient`): perturb each parameter
#   by $\pm\epsilon$ and evaluate the cost, $2P$ forward passes in all;
# - **backpropagation** (`Network.backprop`): one forward pass and one backward pass.
#
# So the ratio of their times should grow in proportion to $P$. We time both on networks
# $[n, n, 10]$ of growing width $n$, on one training example, taking the best of several runs
# (the machine is shared, and the best run is the least disturbed).

# %%
# %matplotlib inline
import time

import matplotlib.pyplot as plt
import numpy as np

from nnadl.gradcheck import numerical_network_gradient, relative_error
from nnadl.network import Network


def best_time(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


rows = []
for n in (4, 8, 16, 32, 64):
    net = Network([n, n, 10], seed=0)
    rng = np.random.default_rng(1)
    x, y = rng.random((n, 1)), np.eye(10)[:, [3]]
    params = sum(w.size for w in net.weights) + sum(b.size for b in net.biases)
    t_backprop = best_time(lambda: net.backprop(x, y), repeat=200)
    t_numerical = best_time(lambda: numerical_network_gradient(net, x, y), repeat=3)
    # Both must give the same gradient, or the timing means nothing.
    nb, nw = net.backprop(x, y)
    mb, mw = numerical_network_gradient(net, x, y)
    err = max(relative_error(p, q) for p, q in zip(nb + nw, mb + mw))
    rows.append((n, params, t_backprop, t_numerical, err))

print(f"{'n':>4} {'parameters':>10} {'backprop':>12} {'finite diff.':>13} {'ratio':>8} {'rel. error':>11}")
for n, params, tb, tn, err in rows:
    print(f"{n:>4} {params:>10} {tb * 1e6:>10.1f}µs {tn * 1e3:>11.1f}ms {tn / tb:>8.0f} {err:>11.1e}")

# %% [markdown]
# The ratio grows with the number of parameters, roughly in proportion: finite differences pay
# two forward passes per parameter, backpropagation pays for all of them at once. The relative
# error column shows that the two gradients agree to about $10^{-9}$ or better.

# %%
params = np.array([r[1] for r in rows])
ratio = np.array([r[3] / r[2] for r in rows])
slope = np.polyfit(np.log(params), np.log(ratio), 1)[0]

fig, ax = plt.subplots(figsize=(6, 4))
ax.loglog(params, ratio, "o-", label="measured")
ax.loglog(params, ratio[0] * params / params[0], "--", color="gray", label="proportional to $P$")
ax.set_xlabel("number of parameters $P$")
ax.set_ylabel("time(finite differences) / time(backprop)")
ax.set_title("How much faster backpropagation is")
ax.legend()
fig.tight_layout()
plt.show()
print(f"slope of log(ratio) against log(P): {slope:.2f} (1 means proportional)")
