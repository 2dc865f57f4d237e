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
# # Choosing hyper-parameters: learning rate, early stopping, a schedule, measured
#
# *Executed when the site is built: every number and every plot below come from this run.*
#
# **The learning rate.** The book trains for 30 epochs with three learning rates,
# $\eta = 0.025$, $0.25$ and $2.5$, and plots the cost on the training data. We do the same on
# 1,000 training digits ($[784, 30, 10]$, cross-entropy, scaled initialization, mini-batches
# of 10, L2 with $\lambda = 0.1$, so that $\lambda/n = 10^{-4}$ as in the book's
# $5.0/50{,}000$).

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl.mnist_loader import load_embedded
from nnadl.network2 import Network
from nnadl.plots import learning_curves

splits = load_embedded(seed=0)
small = splits.training[:1000].as_tuple()
training, validation, test = (d.as_tuple() for d in splits)


def network():
    return Network([784, 30, 10], "cross-entropy",
                   weight_init="scaled", seed=1)


costs = {}
for eta in [0.025, 0.25, 2.5]:
    h = network().SGD(small, 30, 10, eta, lmbda=0.1,
                      monitor_training_cost=True)
    costs[eta] = np.array(h.training_cost)

print("training cost  epoch 1  epoch 30  lowest  rises")
for eta, c in costs.items():
    rises = int(np.sum(np.diff(c) > 0))
    print(f"eta = {eta:<6} {c[0]:9.3f} {c[-1]:9.3f} {c.min():7.3f}"
          f" {rises:6d}")

learning_curves(costs, ylabel="cost on the training data", marker=None,
                labels=lambda eta: f"η = {eta}")
plt.show()

# %% [markdown]
# With $\eta = 0.025$ the cost falls smoothly but slowly. With $\eta = 2.5$ the steps are so large
# that they overshoot: the cost oscillates while it falls. It still falls overall (compare
# epoch 1 with epoch 30 in the table), but it rises again in several epochs (the "rises"
# column counts them) and ends above the cost at $\eta = 0.25$. $\eta = 0.25$ is large enough
# to learn fast and small enough that the cost falls in every epoch. The book's advice: find
# the threshold at which the training cost starts to oscillate or rise, then take a value a
# factor of two or so below it.
#
# **Early stopping.** Instead of fixing the number of epochs, stop when the accuracy on the
# *validation* data has not improved for a number of epochs in a row ("no improvement in
# $n$"). We train on the 3,000 training digits with $n = 5$ (the book suggests 10 to begin
# with, and more for long runs), allowing at most 60 epochs, and report the accuracy on the
# test digits, which the stopping rule never sees.

# %%
stopped = network().SGD(training, 60, 10, 0.5, test_data=test,
                        evaluation_data=validation,
                        early_stopping_n=5)
val = np.array(stopped.evaluation_accuracy) * 100
print(f"stopped after {stopped.epochs} of 60 epochs:"
      f" stop_reason = {stopped.stop_reason!r}")
print(f"best validation accuracy {val.max():.1f}%"
      f" in epoch {val.argmax() + 1}")
print(f"test accuracy at the end {stopped.test_accuracy[-1]:.1%}")

# %% [markdown]
# **A learning-rate schedule.** The book's suggestion ([Exercise 3.22](../#exercise-3-22) on the chapter page): keep $\eta$
# constant until the validation accuracy has not improved for some epochs, then halve it, and
# stop once it has fallen to 1/128 of its first value. `SGD(..., eta_schedule_n=3)` does that
# with "no improvement in 3", starting from $\eta = 0.5$.

# %%
scheduled = network().SGD(training, 80, 10, 0.5, test_data=test,
                          evaluation_data=validation,
                          eta_schedule_n=3)
sval = np.array(scheduled.evaluation_accuracy) * 100
etas = scheduled.etas
halved = [i + 1 for i in range(1, len(etas))
          if etas[i] < etas[i - 1]]
print(f"stopped after {scheduled.epochs} epochs:"
      f" stop_reason = {scheduled.stop_reason!r}")
print(f"eta halved before epochs {halved}")
print(f"eta in the last epoch: {etas[-1]}"
      f" = {etas[0]} / {etas[0] / etas[-1]:.0f}")
print(f"best validation accuracy {sval.max():.1f}%;"
      f" test accuracy at the end"
      f" {scheduled.test_accuracy[-1]:.1%}")

fig, (ax, ax_eta) = plt.subplots(2, 1, figsize=(6, 4.6),
                                 sharex=True, height_ratios=[2, 1])
learning_curves({"early stopping, n = 5": val, "η schedule, n = 3": sval},
                ylabel="validation accuracy (%)", xlabel=None,
                marker=["o", "s"], ax=ax)
ax.axvline(stopped.epochs, color="C0", linestyle=":")
ax_eta.step(range(1, len(etas) + 1), etas, where="mid", color="C1")
ax_eta.set_yscale("log", base=2)
ax_eta.set_ylabel("η")
ax_eta.set_xlabel("epoch")
fig.tight_layout()
plt.show()
