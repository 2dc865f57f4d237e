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
from nnadl.data import load_embedded
from nnadl.network import Network

rng = np.random.default_rng(0)
n_in, samples = 1000, 5_000
x = np.zeros(n_in)
x[:500] = 1.0
z = {"large": rng.standard_normal((samples, n_in)) @ x + rng.standard_normal(samples)}
z["scaled"] = (rng.standard_normal((samples, n_in)) / np.sqrt(n_in)) @ x + rng.standard_normal(samples)

for name, values in z.items():
    print(f"{name:>6}: standard deviation of z {values.std():5.2f}; "
          f"neurons with |z| > 5 (sigma'(z) < 0.007): {np.mean(np.abs(values) > 5):.1%}; "
          f"mean sigma'(z) {sigmoid_prime(values).mean():.4f}")

fig, ax = plt.subplots(figsize=(6, 3.2))
bins = np.linspace(-60, 60, 241)
for name, values in z.items():
    ax.hist(values, bins=bins, density=True, histtype="stepfilled", alpha=0.6, label=name)
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

curves = {}
for init in ["large", "scaled"]:
    net = Network([784, 30, 10], "cross-entropy", weight_init=init, seed=1)
    curves[init] = net.SGD(training, 15, 10, 0.5, test_data=test, lmbda=0.3).test_accuracy

for init, acc in curves.items():
    print(f"{init:>6} initialization: test accuracy after epoch 1 {acc[0]:.1%}, "
          f"after epoch 15 {acc[-1]:.1%} (best {max(acc):.1%})")

fig, ax = plt.subplots(figsize=(6, 3.4))
for init, acc in curves.items():
    ax.plot(range(1, 16), np.array(acc) * 100, "o-", markersize=3, label=f"{init} initialization")
ax.set_xlabel("epoch")
ax.set_ylabel("test accuracy (%)")
ax.legend()
fig.tight_layout()
plt.show()
