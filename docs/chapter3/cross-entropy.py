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
# # The learning slowdown and the cross-entropy, measured
#
# *Executed when the site is built: every number and every plot below come from this run.*
#
# **One neuron.** The book's toy example: a single sigmoid neuron with one input, trained on
# one example, input $x = 1$ and desired output $y = 0$, by gradient descent with learning rate
# $\eta = 0.15$. We start it twice, from $w = 0.6, b = 0.9$ (output about $0.82$) and from
# $w = 2, b = 2$ (output about $0.98$, badly wrong and saturated), and train it with the
# quadratic cost and with the cross-entropy cost. Both costs use the same $\eta$ here (the book's
# animations use $\eta = 0.005$ for the cross-entropy, to make a different point).

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl.activations import sigmoid, sigmoid_prime
from nnadl.data import load_embedded
from nnadl.network import Network

X, Y = np.array([[1.0]]), np.array([[0.0]])   # one example: x = 1, y = 0
EPOCHS, ETA = 300, 0.15


def train_one_neuron(cost, w, b):
    net = Network([1, 1], cost, seed=0)
    net.weights[0][:] = w
    net.biases[0][:] = b
    first = net.total_cost((X, Y))
    history = net.SGD((X, Y), EPOCHS, 1, ETA, monitor_training_cost=True)
    return [first] + history.training_cost, float(net.feedforward(X.T)[0, 0])


runs = {}
for start in [(0.6, 0.9), (2.0, 2.0)]:
    for cost in ["quadratic", "cross-entropy"]:
        runs[start, cost] = train_one_neuron(cost, *start)

print(f"{'start':>16} {'cost':>14} {'output at start':>16} {'dC/db at start':>15} {'output after 300':>17}")
for (w, b), cost in runs:
    a0 = float(sigmoid(w + b))
    grad_b = a0 * float(sigmoid_prime(w + b)) if cost == "quadratic" else a0   # (a - y) s'(z) or (a - y), y = 0
    print(f"  w={w:3.1f}, b={b:3.1f} {cost:>14} {a0:>16.3f} {grad_b:>15.4f} {runs[(w, b), cost][1]:>17.3f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
for ax, start in zip(axes, [(0.6, 0.9), (2.0, 2.0)]):
    for cost, style in [("quadratic", "-"), ("cross-entropy", "--")]:
        ax.plot(runs[start, cost][0], style, label=cost)
    ax.set_title(f"start w = {start[0]}, b = {start[1]}")
    ax.set_xlabel("epoch")
axes[0].set_ylabel("cost")
axes[0].legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# From $w = b = 2$ the quadratic cost hardly moves for the first epochs: the neuron is
# saturated, $\sigma'(z)$ is tiny, and so are $\partial C/\partial w = a\sigma'(z)$ and
# $\partial C/\partial b = a\sigma'(z)$. The cross-entropy's gradient is $a - y$, largest
# exactly when the neuron is most wrong, and it learns fastest at the start. The printed table
# gives the gradient with respect to $b$ at the first step for each run.
#
# **Handwritten digits.** The same comparison on a whole network $[784, 30, 10]$ trained on the
# 3,000 embedded training digits for 20 epochs (the book trains 30 epochs on 50,000), with the
# learning rates the book uses: $\eta = 3.0$ for the quadratic cost (chapter 1) and $\eta = 0.5$
# for the cross-entropy. The two learning rates are not directly comparable, as the book says;
# the accuracy on the 1,000 test digits is measured after every epoch.

# %%
splits = load_embedded(seed=0)
training, test = splits.training.as_tuple(), splits.test.as_tuple()

digits = {}
for cost, eta in [("quadratic", 3.0), ("cross-entropy", 0.5)]:
    net = Network([784, 30, 10], cost, seed=1)
    digits[cost] = net.SGD(training, 20, 10, eta, test_data=test).test_accuracy

for cost, acc in digits.items():
    print(f"{cost:>14}: after epoch 1 {acc[0]:.1%}, after epoch 5 {acc[4]:.1%}, "
          f"after epoch 20 {acc[-1]:.1%} (best {max(acc):.1%})")

fig, ax = plt.subplots(figsize=(6, 3.4))
for cost, acc in digits.items():
    ax.plot(range(1, 21), np.array(acc) * 100, "o-", markersize=3, label=cost)
ax.set_xlabel("epoch")
ax.set_ylabel("test accuracy (%)")
ax.set_title("[784, 30, 10] on 3,000 digits")
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# **Softmax and the log-likelihood.** The same network with a softmax output layer and the
# log-likelihood cost, next to sigmoid outputs with the cross-entropy. Both runs use the
# scaled weight initialization and L2 regularization with $\lambda = 0.3$ (both explained
# later in the chapter; $\lambda/n = 10^{-4}$, the book's $5.0/50{,}000$), 15 epochs,
# $\eta = 0.5$.

# %%
outputs = {}
for label, options in [("sigmoid + cross-entropy", dict(cost="cross-entropy")),
                       ("softmax + log-likelihood", dict(cost="log-likelihood", output_activation="softmax"))]:
    net = Network([784, 30, 10], **options, weight_init="scaled", seed=1)
    acc = net.SGD(training, 15, 10, 0.5, test_data=test, lmbda=0.3).test_accuracy
    a = net.feedforward(splits.test.X[:1].T)[:, 0]
    outputs[label] = a
    print(f"{label:>25}: test accuracy after 15 epochs {acc[-1]:.1%} (best {max(acc):.1%}); "
          f"outputs for the first test digit sum to {a.sum():.3f}")

fig, ax = plt.subplots(figsize=(6, 3.0))
width = 0.4
for i, (label, a) in enumerate(outputs.items()):
    ax.bar(np.arange(10) + (i - 0.5) * width, a, width, label=label)
ax.set_xticks(range(10))
ax.set_xlabel(f"output neuron (the digit is a {splits.test.labels[0]})")
ax.set_ylabel("activation")
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# The softmax outputs always sum to 1 and can be read as a probability distribution over the
# ten digits; the sigmoid outputs are ten separate numbers in $(0, 1)$ with no such constraint.
