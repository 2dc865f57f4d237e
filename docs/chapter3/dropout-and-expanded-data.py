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
# # Dropout and artificially expanded data, measured
#
# *Executed when the site is built: every number and every plot below come from this run.*
#
# **Dropout.** A network with 100 hidden neurons, $[784, 100, 10]$, has about 80,000 weights,
# far more than 1,000 training digits can pin down. We train it on 1,000 digits for 30 epochs
# (cross-entropy, scaled initialization, $\eta = 0.5$, mini-batches of 10), once as it is and
# once dropping each hidden neuron with probability $p = 0.5$ during training. At test time
# nothing is dropped; `nnadl` uses *inverted* dropout, scaling the kept activations by
# $1/(1-p)$ during training, so the weights need no halving afterwards.

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl.mnist_loader import load_embedded
from nnadl.expand import expand, rotate, shift
from nnadl.network2 import Network
from nnadl.plots import accuracy_curves, accuracy_table, learning_curves

splits = load_embedded(seed=0)
small = splits.training[:1000].as_tuple()
test = splits.test.as_tuple()

dropout_runs = accuracy_curves(
    [0.0, 0.5],
    lambda p: Network([784, 100, 10], "cross-entropy",
                      weight_init="scaled", seed=1)
    .SGD(small, 30, 10, 0.5, test_data=test, dropout=p))

print(accuracy_table(dropout_runs, epochs=(30,), mean_of_last=10,
                     labels=lambda p: f"dropout p = {p}"))

learning_curves(dropout_runs, ylabel="test accuracy (%)", marker=None,
                title="[784, 100, 10] trained on 1,000 digits",
                labels=lambda p: "no dropout" if p == 0
                else f"dropout p = {p}")
plt.show()

# %% [markdown]
# **Artificially expanded data.** `nnadl.expand` makes new training images from old ones:
# `shift` moves a digit by whole pixels, as the book's `expand_mnist.py` does, and `rotate`
# turns it by a small angle (bilinear interpolation, in numpy). A digit and some of its
# copies:

# %%
digit = splits.training.X[:1]
copies = [("original", digit),
          ("down 1", shift(digit, 1, 0)),
          ("up 1", shift(digit, -1, 0)),
          ("right 1", shift(digit, 0, 1)),
          ("left 1", shift(digit, 0, -1)),
          ("rotated +15°", rotate(digit, 15)),
          ("rotated −15°", rotate(digit, -15))]
fig, axes = plt.subplots(1, len(copies), figsize=(10, 1.9))
for ax, (title, image) in zip(axes, copies):
    ax.imshow(image.reshape(28, 28), cmap="gray_r")
    ax.set_title(title, fontsize=9)
    ax.axis("off")
fig.tight_layout()
plt.show()

# %% [markdown]
# The book's expansion adds the four one-pixel shifts of every training image, five times the
# data. We train $[784, 30, 10]$ (cross-entropy, scaled initialization, $\eta = 0.5$) on the
# 3,000 training digits and on their 15,000-image expansion. A fair comparison gives both the
# same number of gradient steps: 25 epochs of the original data against 5 epochs of the
# expanded data, 7,500 mini-batches each. Test accuracy is plotted against the number of
# training images seen.

# %%
X, labels = splits.training.as_tuple()
X_big, labels_big = expand(X, labels, seed=0)
print(f"training images: {len(X):,} original,"
      f" {len(X_big):,} expanded")

runs = {}
for name, data, epochs in [("original", (X, labels), 25),
                           ("expanded", (X_big, labels_big), 5)]:
    net = Network([784, 30, 10], "cross-entropy",
                  weight_init="scaled", seed=1)
    h = net.SGD(data, epochs, 10, 0.5, test_data=test)
    runs[name] = (len(data[0]), np.array(h.test_accuracy) * 100)

for name, (n, acc) in runs.items():
    print(f"{name} data, {len(acc):2d} epochs: test accuracy"
          f" {acc[-1]:.1f}% (best {acc.max():.1f}%)")

learning_curves({name: acc for name, (n, acc) in runs.items()},
                x={name: np.arange(1, len(acc) + 1) * n / 1000
                   for name, (n, acc) in runs.items()},
                xlabel="training images seen (thousands)",
                ylabel="test accuracy (%)",
                labels={"original": "3,000 original digits",
                        "expanded": "15,000 with one-pixel shifts"})
plt.show()
