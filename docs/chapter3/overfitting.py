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
# # Overfitting and regularization, measured
#
# *Executed when the site is built: every number and every plot below come from this run.*
#
# The book's overfitting experiment, at a smaller scale: a $[784, 30, 10]$ network with the
# cross-entropy cost and the "large" weight initialization ($N(0, 1)$, as in chapter 1),
# trained on only **1,000** training digits with $\eta = 0.5$ and mini-batches of 10, and
# measured after every epoch on the 1,000 embedded test digits.
#
# The book trains for 400 epochs; we train for **80**, to keep the build fast. Regularization
# acts through weight decay: every step multiplies each weight by $1 - \eta\lambda/n$, so over a
# run the weights shrink by a factor of about $e^{-\eta\lambda \cdot \text{epochs}/m}$. With the
# book's $\lambda = 0.1$ and 400 epochs that is $e^{-2}$; to get the same decay in 80 epochs we
# use $\lambda = 0.5$.

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl.mnist_loader import load_embedded
from nnadl.network2 import Network
from nnadl.plots import learning_curves

splits = load_embedded(seed=0)
small = splits.training[:1000].as_tuple()
test = splits.test.as_tuple()
EPOCHS, ETA, LMBDA = 80, 0.5, 0.5
print("weight decay over the run, exp(-eta * lambda * epochs / m):")
print(f"  book: exp(-{0.5 * 0.1 * 400 / 10:.1f}), "
      f"here: exp(-{ETA * LMBDA * EPOCHS / 10:.1f})")

MONITOR = dict(monitor_training_cost=True,
               monitor_training_accuracy=True,
               monitor_evaluation_cost=True,
               monitor_evaluation_accuracy=True)
runs, nets = {}, {}
L2 = f"L2, λ = {LMBDA}"
for label, lmbda in [("unregularized", 0.0), (L2, LMBDA)]:
    net = Network([784, 30, 10], "cross-entropy", seed=1)
    runs[label] = net.SGD(small, EPOCHS, 10, ETA, lmbda=lmbda,
                          evaluation_data=test, **MONITOR)
    nets[label] = net

# %% [markdown]
# Without regularization (blue) the cost on the training data keeps falling, and the
# network ends up classifying almost every training digit correctly. The accuracy on the test
# digits levels off early, and the cost on the test data reaches its minimum and then
# *rises*: what the network learns from then on is about the particular 1,000 training images
# rather than about digits. That is overfitting. With L2 regularization (orange) the training
# cost, which now includes the term $\frac{\lambda}{2n}\sum_w w^2$, falls more slowly, and the
# test accuracy keeps improving for longer. (As in the book's `network2.py`, both costs of the
# regularized run include the regularization term.)

# %%
fig, axes = plt.subplots(2, 2, figsize=(9, 6), sharex=True)
panels = [("training_cost", "cost on the training data"),
          ("evaluation_accuracy", "accuracy on the test data (%)"),
          ("evaluation_cost", "cost on the test data"),
          ("training_accuracy",
           "accuracy on the training data (%)")]
for k, (ax, (field, title)) in enumerate(zip(axes.flat, panels)):
    values = {label: np.array(getattr(history, field))
              * (100 if "accuracy" in field else 1)
              for label, history in runs.items()}
    learning_curves(values, ylabel=None, title=title, marker=None,
                    xlabel="epoch" if k >= 2 else None,
                    legend=k == 0, ax=ax)
fig.tight_layout()
plt.show()

print(f"after {EPOCHS} epochs:  test   best (epoch)  train"
      "  test cost lowest")
for label, h in runs.items():
    acc = np.array(h.evaluation_accuracy) * 100
    best = int(acc.argmax()) + 1
    lowest = int(np.argmin(h.evaluation_cost)) + 1
    print(f"{label:<16} {acc[-1]:5.1f}%  {acc.max():5.1f}%"
          f" ({best:2d})"
          f" {h.training_accuracy[-1]:6.1%}  in epoch {lowest}")

# %% [markdown]
# **L1 regularization.** The same run with L1 instead, with the same $\lambda$. L2 shrinks
# every weight in proportion to its size; L1 subtracts the same amount $\eta\lambda/n$ from
# every weight's magnitude at every step, so it drives the weights that matter little to
# (about) zero and leaves a few large ones. The histograms compare the first-layer weights
# after training. (The pixels near the border of the image are always 0, so the weights from
# them receive no gradient at all, and only decay.)

# %%
net = Network([784, 30, 10], "cross-entropy", seed=1)
l1 = net.SGD(small, EPOCHS, 10, ETA, test_data=test, lmbda=LMBDA,
             regularization="L1")
nets[f"L1, λ = {LMBDA}"] = net
acc = np.array(l1.test_accuracy) * 100
print(f"L1, λ = {LMBDA}: test accuracy {acc[-1]:.1f}% after"
      f" {EPOCHS} epochs (best {acc.max():.1f}%)")

print("first-layer weights   |w| < 0.01   largest |w|")
fig, ax = plt.subplots(figsize=(6, 3.4))
bins = np.linspace(-3, 3, 121)
for label, net in nets.items():
    w = net.weights[0].ravel()
    ax.hist(w, bins=bins, histtype="step", label=label)
    print(f"{label:<20} {np.mean(np.abs(w) < 0.01):10.1%}"
          f" {np.abs(w).max():13.2f}")
ax.set_yscale("log")
ax.set_xlabel("first-layer weight")
ax.set_ylabel("count")
ax.legend()
fig.tight_layout()
plt.show()
