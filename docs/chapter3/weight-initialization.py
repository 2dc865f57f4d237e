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
# # Weight initialization, measured
#
# *Executed when the site is built: every number and every plot below come from this run.*
#
# **The weighted input of one neuron.** The book's example: a hidden neuron with 1,000 inputs,
# half of them 1 and half 0. With weights and bias drawn from $N(0, 1)$ ("large"), its
# weighted input $z = \sum_j w_j x_j + b$ is a sum of 501 standard normal numbers, with
# standard deviation $\sqrt{501} \approx 22.4$: the neuron is almost always saturated. With
# weights from $N(0, 1/n_{\rm in})$ ("scaled") the standard deviation is
# $\sqrt{500/1000 + 1} = \sqrt{3/2} \approx 1.22$. We draw 5,000 such neurons of each kind.

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl.activations import sigmoid_prime
from nnadl.mnist_loader import load_embedded
from nnadl.network2 import Network
from nnadl.plots import accuracy_curves, accuracy_table, learning_curves

rng = np.random.default_rng(0)
n_in, samples = 1000, 5_000
x = np.zeros(n_in)
x[:500] = 1.0                      # half the inputs 1, half 0
z = {}
for name, scale in [("large", 1.0), ("scaled", 1 / np.sqrt(n_in))]:
    w = rng.standard_normal((samples, n_in)) * scale
    b = rng.standard_normal(samples)
    z[name] = w @ x + b

print("init    std of z   |z| > 5   mean sigma'(z)")
for name, values in z.items():
    saturated = np.mean(np.abs(values) > 5)
    print(f"{name:<7} {values.std():8.2f} {saturated:9.1%}"
          f" {sigmoid_prime(values).mean():16.4f}")

fig, ax = plt.subplots(figsize=(6, 3.2))
bins = np.linspace(-60, 60, 241)
for name, values in z.items():
    ax.hist(values, bins=bins, density=True, histtype="stepfilled",
            alpha=0.6, label=name)
ax.set_xlabel("weighted input z")
ax.set_ylabel("density")
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# **Learning curves.** $[784, 30, 10]$ with the cross-entropy cost on the 3,000 embedded
# training digits, 15 epochs, $\eta = 0.5$, mini-batches of 10, L2 regularization with
# $\lambda = 0.3$ ($\lambda/n = 10^{-4}$, the book's $5.0/50{,}000$), the same seed for both;
# only the initialization of the weights differs. The book ran 30 epochs on 50,000 images.

# %%
splits = load_embedded(seed=0)
training, test = splits.training.as_tuple(), splits.test.as_tuple()

curves = accuracy_curves(
    ["large", "scaled"],
    lambda init: Network([784, 30, 10], "cross-entropy",
                         weight_init=init, seed=1)
    .SGD(training, 15, 10, 0.5, test_data=test, lmbda=0.3))

print(accuracy_table(curves, epochs=(1, 15)))

learning_curves(curves, ylabel="test accuracy (%)",
                labels=lambda init: f"{init} initialization")
plt.show()
