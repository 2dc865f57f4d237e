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
# # Unstable gradients in a chain of neurons
#
# *Executed when the site is built: every number and plot below comes from this run.*
#
# In a chain of sigmoid neurons, one per layer, the gradient with respect to the first bias is
# a product with one factor per later neuron,
#
# $$\frac{\partial C}{\partial b_1} = \sigma'(z_1)\, w_2 \sigma'(z_2)\, w_3 \sigma'(z_3)\,
# w_4 \sigma'(z_4)\, \frac{\partial C}{\partial a_4}.$$
#
# Here we check that formula against backpropagation on many random chains, look at the sizes of
# the factors $w_j \sigma'(z_j)$ when the weights come from $N(0, 1)$, and then make them all
# equal to 25 to see the gradient explode.

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl.activations import sigmoid_prime
from nnadl.gradients import chain_bias_gradients, chain_network, chain_terms, exploding_network
from nnadl.plots import learning_curves

rng = np.random.default_rng(0)
CHAINS, DEPTH = 2000, 8
terms, grads, worst = [], [], 0.0
for _ in range(CHAINS):
    net = chain_network(rng.standard_normal(DEPTH), rng.standard_normal(DEPTH))
    x, y = rng.random(), rng.random()
    by_product = chain_bias_gradients(net, x, y)
    nabla_b, _ = net.backprop(np.array([x]), np.array([y]))
    by_backprop = np.array([nb[0, 0] for nb in nabla_b])
    worst = max(worst, float(np.max(np.abs(by_product - by_backprop) / np.abs(by_backprop))))
    terms.append(chain_terms(net, x)[1])
    grads.append(np.abs(by_product))
terms, grads = np.array(terms), np.array(grads)

print(f"{CHAINS} random chains of {DEPTH} neurons, weights and biases from N(0, 1):")
print(f"  largest relative difference, product formula vs backprop: {worst:.1e}")
print(f"  factors |w_j sigma'(z_j)| below 1/4: {np.mean(np.abs(terms) < 0.25):.1%}")
print(f"  factors |w_j sigma'(z_j)| at least 1: {np.mean(np.abs(terms) >= 1):.2%}")
print(f"  median |dC/db_1| / |dC/db_{DEPTH}|: {np.median(grads[:, 0] / grads[:, -1]):.2e}")

# %% [markdown]
# The product formula and backpropagation agree to rounding error. Most factors are below
# $1/4$ in size (the share is printed above): $\sigma' \le 1/4$ everywhere, and $|w| < 1$ for about two weights in three.
# A factor of 1 or more needs $|w| \ge 4$ *and* $z$ near 0, which is rare. So the gradient
# shrinks from neuron to neuron toward the input:

# %%
layers = np.arange(1, DEPTH + 1)
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
axes[0].hist(np.abs(terms).ravel(), bins=np.linspace(0, 1, 41), color="tab:blue")
axes[0].axvline(0.25, color="tab:red", ls="--", label="1/4")
axes[0].set_xlabel("$|w_j \\sigma'(z_j)|$")
axes[0].set_ylabel("count")
axes[0].set_title("factors of the product, random chains")
axes[0].legend()

median = np.median(grads, axis=0)
exploding = np.abs(chain_bias_gradients(exploding_network((1,) * (DEPTH + 1), w=100.0), 1.0, 0.0))
learning_curves({"random chains, $w \\sim N(0, 1)$ (median)": median, "$w = 100$, every $z = 0$": exploding},
                x=layers, marker=["o", "s"], markersize=None, yscale="log", xlabel="neuron $j$ of the chain",
                ylabel="$|\\partial C / \\partial b_j|$", title="vanishing and exploding gradients",
                legend=dict(fontsize=8), ax=axes[1])
fig.tight_layout()
plt.show()

print("median |dC/db_j|, j = 1..8:", [f"{g:.1e}" for g in median])
print("exploding chain, |dC/db_j| / |dC/db_(j+1)|:", np.round(exploding[:-1] / exploding[1:], 6).tolist())

# %% [markdown]
# In the exploding chain every weight is 100 and the biases make every weighted input 0, so
# every $\sigma'(z_j) = 1/4$ and every factor is exactly 25: the gradient grows 25 times per
# neuron toward the input.
#
# ## How narrow the escape is
#
# For a factor $|w\,\sigma'(wa + b)|$ to be at least 1, the weight must satisfy $|w| \ge 4$, and
# then only inputs $a$ in an interval are good. We measure the width of that interval on a fine
# grid of $a$ (with $b$ chosen to centre it), and compare with the formula of the book's
# [Problem 5.2](../#problem-5-2) (derived on the chapter page)
# $\frac{2}{|w|} \ln\left(\frac{|w|(1 + \sqrt{1 - 4/|w|})}{2} - 1\right)$.

# %%
a = np.linspace(-3, 3, 600001)
rows = []
for w in (4.5, 5, 6, 6.9, 8, 10, 20, 50):
    good = np.abs(w * sigmoid_prime(w * a)) >= 1
    measured = good.sum() * (a[1] - a[0])
    formula = 2 / w * np.log(w * (1 + np.sqrt(1 - 4 / w)) / 2 - 1)
    rows.append((w, measured, formula))
    print(f"|w| = {w:5.1f}: width {measured:.4f} (formula {formula:.4f})")
print(f"widest at |w| = {max(rows, key=lambda r: r[1])[0]}: {max(r[1] for r in rows):.3f}")

# %% [markdown]
# The interval is never wider than about 0.45, reached near $|w| \approx 6.9$: the factors can
# be made larger than 1 only for a narrow range of activations, so in a deep sigmoid network the
# gradient usually vanishes.
