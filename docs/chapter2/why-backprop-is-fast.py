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
# So the ratio of their times should grow in proportion to $P$. We time both
# (`nnadl.gradcheck.gradient_timings`) on networks
# $[n, n, 10]$ of growing width $n$, on one training example, taking the best of several runs
# (the machine is shared, and the best run is the least disturbed).

# %%
# %matplotlib inline
import matplotlib.pyplot as plt

from nnadl.gradcheck import gradient_timings, log_log_slope
from nnadl.plots import loglog_ratio

# Both gradients are compared too: if they disagreed, the timing would mean nothing.
rows = gradient_timings((4, 8, 16, 32, 64), backprop_repeat=200, numerical_repeat=3)

print(f"{'n':>4} {'parameters':>10} {'backprop':>12} {'finite diff.':>13} {'ratio':>8} {'rel. error':>11}")
for n, params, tb, tn, ratio, err in rows:
    print(f"{n:>4} {params:>10} {tb * 1e6:>10.1f}µs {tn * 1e3:>11.1f}ms {ratio:>8.0f} {err:>11.1e}")

# %% [markdown]
# The ratio grows with the number of parameters, roughly in proportion: finite differences pay
# two forward passes per parameter, backpropagation pays for all of them at once. The relative
# error column shows that the two gradients agree to about $10^{-9}$ or better.

# %%
params = [r.parameters for r in rows]
slope = log_log_slope(params, [r.ratio for r in rows])
loglog_ratio(params, [r.ratio for r in rows], title="How much faster backpropagation is")
plt.show()
print(f"slope of log(ratio) against log(P): {slope:.2f} (1 means proportional)")
