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
# # The speed of learning of each layer, measured
#
# *Executed when the site is built: every number and plot below comes from this run.*
#
# The speed of learning of hidden layer $l$ is the length $\|\delta^l\|$ of the gradient of the
# cost with respect to the layer's biases, $\delta^l = \partial C/\partial b^l$, averaged over
# the first 1,000 training digits (`nnadl.gradients.layer_speeds`). The networks are set up as in
# the book's `generate_gradient.py`: `network2`'s defaults, the cross-entropy cost and weights
# from $N(0, 1/n_{\text{in}})$ (`weight_init="scaled"`). The digits are the 5,000 embedded in
# `nnadl`, not the full MNIST set.

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl.mnist_loader import load_embedded
from nnadl.gradients import average_bias_gradient, initial_speeds, layer_speeds, speeds_during_training
from nnadl.network2 import Network
from nnadl.plots import grouped_bars, learning_curves

training, _, _ = load_embedded(seed=0)
X, labels = training.X[:1000], training.labels[:1000]
BOOK = dict(cost="cross-entropy", weight_init="scaled")

# %% [markdown]
# ## At initialisation
#
# First the book's picture: the gradient $\partial C/\partial b^l_j$ of the first six neurons
# of each hidden layer of a $[784, 30, 30, 10]$ network. The bars of the second hidden layer are
# much longer than those of the first.

# %%
net = Network([784, 30, 30, 10], seed=0, **BOOK)
grads = average_bias_gradient(net, X, labels)[:-1]

fig, axes = plt.subplots(1, 2, figsize=(9, 2.8), sharey=True)
for ax, g, name in zip(axes, grads, ("hidden layer 1", "hidden layer 2")):
    grouped_bars({name: np.abs(g[:6])}, x=np.arange(1, 7), color="tab:blue", legend=False, ax=ax,
                 title=f"{name}: $\\|\\delta\\|$ = {np.linalg.norm(g):.3f}", xlabel="neuron $j$")
axes[0].set_ylabel("$|\\partial C / \\partial b_j|$")
fig.tight_layout()
plt.show()

# %% [markdown]
# Now the speed of every hidden layer for two, three and four hidden layers of 30 neurons,
# averaged over five random initialisations (the error bars are the spread over them).

# %%
architectures = ([784, 30, 30, 10], [784, 30, 30, 30, 10], [784, 30, 30, 30, 30, 10])
fig, axes = plt.subplots(1, 3, figsize=(11, 3.2), sharey=True)
for ax, sizes in zip(axes, architectures):
    speeds = initial_speeds(sizes, X, labels, seeds=range(5), **BOOK)
    mean, std = speeds.mean(axis=0), speeds.std(axis=0)
    layers = np.arange(1, len(mean) + 1)
    grouped_bars({"mean": mean}, x=layers, yerr={"mean": std}, color="tab:blue", capsize=3, legend=False,
                 yscale="log", xlabel="hidden layer", title=f"{len(mean)} hidden layers", ax=ax)
    ax.set_xticks(layers)
    ratios = mean[1:] / mean[:-1]
    print(f"{sizes}: speeds {np.round(mean, 4).tolist()}, "
          f"each layer / the previous one {np.round(ratios, 1).tolist()}")
axes[0].set_ylabel("speed of learning $\\|\\delta^l\\|$")
fig.tight_layout()
plt.show()

# %% [markdown]
# At every depth each hidden layer learns about 4–5 times faster than the one before it, so the
# first hidden layer of the deepest network is about a hundred times slower than its last. The
# book's numbers, averaged over the first 1,000 images of its MNIST training set (its
# `generate_gradient.py` uses `training_data[:1000]`, as this notebook uses 1,000 embedded
# digits), are 0.012, 0.060 and 0.283 for three hidden
# layers: the same pattern, and close to the values here.
#
# ## During training
#
# The book then trains each network with `network2` (`SGD(td, 1, 1000, 0.1, lmbda=5.0)` per epoch,
# one full batch of the 1,000 digits per step) and measures the speeds after every epoch. We do
# the same for 60 epochs (the book runs 500).

# %%
EPOCHS = 60
fig, axes = plt.subplots(1, 3, figsize=(12, 3.4), sharey=True)
for ax, sizes in zip(axes, architectures):
    net = Network(sizes, seed=0, **BOOK)
    history = speeds_during_training(net, (X, labels), EPOCHS, 1000, 0.1, lmbda=5.0)
    learning_curves({f"hidden layer {layer + 1}": history[:, layer] for layer in range(history.shape[1])},
                    first_epoch=0, marker=None, yscale="log", xlabel="epochs of training", ylabel=None,
                    title=f"{history.shape[1]} hidden layers", legend=False, ax=ax)
    ax.grid(True, alpha=0.3)
    print(f"{sizes}: after {EPOCHS} epochs {np.round(history[-1], 5).tolist()}, "
          f"last / first hidden layer {history[-1, -1] / history[-1, 0]:.1f}")
axes[0].set_ylabel("speed of learning $\\|\\delta^l\\|$")
axes[-1].legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# All speeds fall as the network learns (the gradient gets smaller near a minimum), and the
# early layers keep learning more slowly than the later ones. The deeper the network, the larger
# the gap that remains: with two hidden layers the two speeds come close, with four the first
# hidden layer stays many times slower than the last (the ratios printed above).
#
# ## Other neurons, other initialisations
#
# The same four-hidden-layer network with three choices: sigmoid neurons with the scaled
# initialisation (the book's), sigmoid neurons with the chapter-1 initialisation $N(0, 1)$, and
# rectified linear hidden neurons with the scaled initialisation (the output layer stays
# sigmoid, for the cross-entropy cost). First at initialisation, over five seeds; then during
# 20 epochs of the same training.

# %%
sizes = [784, 30, 30, 30, 30, 10]
variants = {
    "sigmoid, scaled init": dict(cost="cross-entropy", weight_init="scaled"),
    "sigmoid, N(0, 1) init": dict(cost="cross-entropy", weight_init="large"),
    "ReLU, scaled init": dict(cost="cross-entropy", weight_init="scaled", activation="relu",
                              output_activation="sigmoid"),
}
at_init, last_over_first = {}, {}
for name, options in variants.items():
    mean = at_init[name] = initial_speeds(sizes, X, labels, seeds=range(5), **options).mean(axis=0)
    net = Network(sizes, seed=0, **options)
    history = speeds_during_training(net, (X, labels), 20, 1000, 0.1, lmbda=5.0)
    last_over_first[name] = history[:, -1] / history[:, 0]
    print(f"{name:22}: speeds at init {np.round(mean, 4).tolist()}, "
          f"last / first {mean[-1] / mean[0]:.1f}; after 20 epochs last / first "
          f"{history[-1, -1] / history[-1, 0]:.1f}")
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
layers = np.arange(1, len(sizes) - 1)
grouped_bars(at_init, x=layers, width=0.27, yscale="log", xlabel="hidden layer",
             ylabel="speed at initialisation", legend=dict(fontsize=8), ax=axes[0])
axes[0].set_xticks(layers)
learning_curves(last_over_first, first_epoch=0, marker=None, yscale="log", xlabel="epochs of training",
                ylabel="speed of last / first hidden layer", legend=dict(fontsize=8), ax=axes[1])
fig.tight_layout()
plt.show()

# %% [markdown]
# With ReLU hidden neurons the layers learn at much more similar speeds: an active ReLU has
# derivative 1, not at most $1/4$, so the factors of the product are not all small. Larger
# initial weights also even out the speeds of sigmoid neurons, at the price of saturated neurons
# (chapter 3's reason for the scaled initialisation). The gradient is unstable in every case; the
# activation and the initialisation decide by how much.
