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
# # Momentum, tanh and rectified linear neurons, measured
#
# *Executed when the site is built: every number and every plot below come from this run.*
#
# **Momentum.** $[784, 30, 10]$ with the cross-entropy cost and scaled initialization on the
# 3,000 embedded training digits, 10 epochs, mini-batches of 10, with a small learning rate,
# $\eta = 0.05$, where plain gradient descent is slow: once with $\mu = 0$ (plain stochastic
# gradient descent) and once with momentum coefficient $\mu = 0.9$. Same seed, so the same
# initial weights and the same order of mini-batches.

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl import activations as act
from nnadl.mnist_loader import load_embedded
from nnadl.network2 import Network
from nnadl.plots import accuracy_curves, accuracy_table, learning_curves

splits = load_embedded(seed=0)
training, test = splits.training.as_tuple(), splits.test.as_tuple()

momentum = accuracy_curves(
    [0.0, 0.9],
    lambda mu: Network([784, 30, 10], "cross-entropy",
                       weight_init="scaled", seed=1)
    .SGD(training, 10, 10, 0.05, test_data=test, mu=mu))

print(accuracy_table(momentum, epochs=(1, 3, 10),
                     labels=lambda mu: f"mu = {mu}"))

learning_curves(momentum, ylabel="test accuracy (%)", title="η = 0.05",
                labels=lambda mu: "plain SGD" if mu == 0
                else f"momentum, μ = {mu}")
plt.show()

# %% [markdown]
# **Other neurons.** The sigmoid, the hyperbolic tangent and the rectified linear unit, with
# their derivatives. tanh is a rescaled sigmoid, $\tanh(z) = 2\sigma(2z) - 1$, with outputs in
# $(-1, 1)$; both saturate for large $|z|$. The ReLU, $\max(0, z)$, never saturates for
# $z > 0$, where its derivative is 1, and stops learning entirely for $z < 0$, where it is 0.

# %%
zz = np.linspace(-5, 5, 401)
functions = [("sigmoid", act.sigmoid, act.sigmoid_prime),
             ("tanh", act.tanh, act.tanh_prime),
             ("ReLU", act.relu, act.relu_prime)]
fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
for name, fn, prime in functions:
    axes[0].plot(zz, fn(zz), label=name)
    axes[1].plot(zz, prime(zz), label=name)
    print(f"{name:<8} largest derivative on [-5, 5]:"
          f" {prime(zz).max():.2f}")
axes[0].set_ylim(-1.2, 2.5)
axes[0].set_title("activation")
axes[1].set_title("derivative")
for ax in axes:
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.set_xlabel("z")
    ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# One run each on the digits: the hidden layer uses the neuron named; the output layer stays
# sigmoid with the cross-entropy cost (which needs outputs in $(0, 1)$). tanh and ReLU have
# derivatives up to 1 instead of $1/4$, so their gradients are larger and we give them a smaller
# learning rate, $\eta = 0.1$, against $\eta = 0.5$ for the sigmoid. 15 epochs, scaled
# initialization, the same seed. These are single runs with untuned learning rates: they show that
# each kind of neuron learns, not which one is best.

# %%
RATES = {"sigmoid": 0.5, "tanh": 0.1, "relu": 0.1}
neurons = accuracy_curves(
    RATES,
    lambda activation: Network([784, 30, 10], "cross-entropy",
                               activation=activation,
                               output_activation="sigmoid",
                               weight_init="scaled", seed=1)
    .SGD(training, 15, 10, RATES[activation], test_data=test))
print(accuracy_table(neurons, epochs=(15,),
                     labels=lambda a: f"{a}, η = {RATES[a]}"))

learning_curves(neurons, ylabel="test accuracy (%)")
plt.show()
