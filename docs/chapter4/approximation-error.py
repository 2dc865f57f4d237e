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
# # How close the constructed networks get, measured
#
# *Executed when the site is built: every number and plot below comes from this run.*
#
# The networks of chapter 4 are built, not trained: `nnadl.universality` writes their weights
# down. Here we look at what they compute for the book's function
# $f(x) = 0.2 + 0.4x^2 + 0.3x\sin(15x) + 0.05\cos(50x)$ and measure the maximum error
# $\max_x |g(x) - f(x)|$ over 10,001 equally spaced points of $[0, 1]$ as hidden neurons are
# added, for three constructions:
#
# - **bumps**: $N$ bumps, two sigmoid neurons each, heights $\sigma^{-1}(f(m_j))$, a sigmoid
#   output neuron, step weight $w = 100N$ (`build_network`);
# - **fixed up**: the book's fix, two copies of the bumps shifted by half a bump, each
#   approximating $\sigma^{-1}(f)/2$ (`build_fixed_up_network`);
# - **ReLU**: one hidden ReLU per linear piece, the piecewise-linear interpolant of $f$
#   (`build_relu_network`).

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl.universality import (
    book_function, build_network, build_tower_network, error_vs_neurons, max_error, tower,
)

x = np.linspace(0, 1, 2001)


def output(net, x):
    return net.feedforward(np.asarray(x).reshape(1, -1))[0]


fig, axes = plt.subplots(1, 3, figsize=(11, 3.2), sharey=True)
for ax, n in zip(axes, (5, 10, 50)):
    net = build_network(n_bumps=n)
    ax.plot(x, book_function(x), "--", color="tab:orange", label="$f(x)$")
    ax.plot(x, output(net, x), color="tab:blue", label="network output")
    ax.set_title(f"{n} bumps ({net.sizes[1]} hidden neurons)\nmax error {max_error(net):.4f}")
    ax.set_xlabel("$x$")
axes[0].legend(loc="upper left")
fig.tight_layout()
plt.show()

# %% [markdown]
# With few bumps the output is a staircase through $f$ at the bump midpoints; the largest
# errors sit at the steps, where the staircase jumps and $f$ does not. Now the maximum error
# against the number of hidden neurons:

# %%
bump_counts = (2, 5, 10, 20, 50, 100, 200, 500)
curves = {
    "bumps": error_vs_neurons(n_bumps=bump_counts, construction="bumps"),
    "fixed up (2 copies)": error_vs_neurons(n_bumps=bump_counts, construction="fixed_up"),
    "ReLU interpolation": error_vs_neurons(n_bumps=bump_counts, construction="relu"),
}
for name, (n_hidden, errors) in curves.items():
    # Slope of log(error) against log(hidden neurons), from 20 neurons on.
    keep = n_hidden >= 20
    slope = np.polyfit(np.log(n_hidden[keep]), np.log(errors[keep]), 1)[0]
    print(f"{name}: slope {slope:.2f}")
    print("  hidden neurons:", n_hidden.tolist())
    print("  max error:     ", [f"{e:.4f}" for e in errors])

fig, ax = plt.subplots(figsize=(6.5, 4.2))
for (name, (n_hidden, errors)), marker in zip(curves.items(), "osd"):
    ax.loglog(n_hidden, errors, marker + "-", label=name)
n_ref = np.array([10, 1000])
ax.loglog(n_ref, 4.5 / n_ref, ":", color="gray", label="$\\propto 1/N$")
ax.loglog(n_ref, 8.0 / n_ref**2, "-.", color="gray", label="$\\propto 1/N^2$")
ax.set_xlabel("hidden neurons")
ax.set_ylabel("maximum error on [0, 1]")
ax.set_title("Maximum error against network size")
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# The error of the bump construction falls like $1/N$: ten times the neurons, a tenth of the
# error. The fix-up halves the error for a given number of bumps per copy but needs twice the
# hidden neurons, so per neuron it is about as good. The ReLU interpolant's slope is close
# to $-2$: linear pieces follow a smooth function much better than flat steps.
#
# ## Two inputs: towers
#
# A tower is a sigmoid neuron in a second hidden layer that adds an $x$-bump and a $y$-bump and
# has bias $-3h/2$. Left: one tower over $[0.4, 0.6] \times [0.3, 0.7]$. Middle and right: the
# network $[2, 4N, N^2, 1]$ of $N \times N$ towers approximating
# $g(x, y) = 0.5 + 0.3 \sin(3x) \cos(4y)$, and its error.

# %%
g = lambda x, y: 0.5 + 0.3 * np.sin(3 * x) * np.cos(4 * y)
xs = np.linspace(0, 1, 201)
X, Y = np.meshgrid(xs, xs)
points = np.vstack([X.ravel(), Y.ravel()])

n = 10
net = build_tower_network(g, n_bumps=n)
approx = net.feedforward(points)[0].reshape(X.shape)
err = np.abs(approx - g(X, Y))

fig, axes = plt.subplots(1, 3, figsize=(11, 3.4))
panels = [
    (tower(X, Y, (0.4, 0.6), (0.3, 0.7), w=1000.0), "one tower", "viridis"),
    (approx, f"network {net.sizes}", "viridis"),
    (err, "|network - g|", "magma"),
]
for ax, (image, title, cmap) in zip(axes, panels):
    im = ax.imshow(image, origin="lower", extent=(0, 1, 0, 1), cmap=cmap)
    ax.set_title(title)
    ax.set_xlabel("$x$")
    fig.colorbar(im, ax=ax, shrink=0.8)
axes[0].set_ylabel("$y$")
fig.tight_layout()
plt.show()

for n in (5, 10, 20):
    net = build_tower_network(g, n_bumps=n)
    e = np.abs(net.feedforward(points)[0] - g(points[0], points[1]))
    print(f"N = {n:2d} ({n * n:3d} towers): mean error {e.mean():.4f}, max error {e.max():.4f}")

# %% [markdown]
# The mean error falls like $1/N$, as in one dimension, but the maximum error does not: where
# four cells meet, every bump is half-way up, no tower neuron passes its threshold, and the
# output is $\sigma(0) = 1/2$ whatever $g$ is (the bright dots in the error picture). These
# failure windows are about $1/w$ wide, so with $w = 100N$ they shrink with the cells and cover
# a fixed small fraction of the square; the book's fix-up (shifted copies) would remove them.
