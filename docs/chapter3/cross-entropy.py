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
# $w = 2, b = 2$ (output about $0.98$, badly wrong and saturated), and train it for 300 epochs
# with the quadratic cost and with the cross-entropy cost. Both costs use the same $\eta$ here
# (the book's animations use $\eta = 0.005$ for the cross-entropy, to make a different point).

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnadl.activations import sigmoid, sigmoid_prime
from nnadl.mnist_loader import load_embedded
from nnadl.network2 import Network
from nnadl.plots import accuracy_curves, accuracy_table, grouped_bars, learning_curves

X, Y = np.array([[1.0]]), np.array([[0.0]])   # x = 1, y = 0
EPOCHS, ETA = 300, 0.15
STARTS = [(0.6, 0.9), (2.0, 2.0)]
COSTS = ["quadratic", "cross-entropy"]


def train_one_neuron(cost, w, b):
    net = Network([1, 1], cost, seed=0)
    net.weights[0][:] = w
    net.biases[0][:] = b
    first = net.total_cost((X, Y))
    h = net.SGD((X, Y), EPOCHS, 1, ETA, monitor_training_cost=True)
    output = float(net.feedforward(X.T)[0, 0])
    return np.array([first] + h.training_cost), output


runs = {(s, c): train_one_neuron(c, *s)
        for s in STARTS for c in COSTS}

print("start       cost           a(0)  dC/db(0)  a(300)")
for (w, b), cost in runs:
    a0 = float(sigmoid(w + b))
    # dC/db at the start: (a - y) sigma'(z), or (a - y); y = 0
    sp = float(sigmoid_prime(w + b)) if cost == "quadratic" else 1.0
    a300 = runs[(w, b), cost][1]
    print(f"{w:.1f}, {b:.1f}  {cost:<13} {a0:.3f}  {a0 * sp:8.4f}"
          f"  {a300:.3f}")

# %% [markdown]
# The two costs have different sizes, so the plot divides each cost by its value before
# training: a curve that stays near 1 is a neuron that is not learning.

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
for ax, start in zip(axes, STARTS):
    for cost, style in zip(COSTS, ["-", "--"]):
        c = runs[start, cost][0]
        ax.plot(c / c[0], style, label=cost)
    ax.set_title(f"start w = {start[0]}, b = {start[1]}")
    ax.set_xlabel("epoch")
axes[0].set_ylabel("cost / cost before training")
axes[0].legend()
fig.tight_layout()
plt.show()

for start in STARTS:
    for cost in COSTS:
        c = runs[start, cost][0]
        half = int(np.argmax(c <= c[0] / 2))
        print(f"start {start}, {cost}:"
              f" cost halved after {half} epochs")

# %% [markdown]
# From $w = b = 2$ the quadratic cost hardly moves for many epochs: the neuron is
# saturated, $\sigma'(z)$ is tiny, and so are $\partial C/\partial w = a\sigma'(z)$ and
# $\partial C/\partial b = a\sigma'(z)$. The cross-entropy's gradient is $a - y$, largest
# exactly when the neuron is most wrong, and it learns fastest at the start. The table above
# gives the gradient with respect to $b$ at the first step of each run.
#
# **Handwritten digits.** The same comparison on a whole network $[784, 30, 10]$ trained on the
# 3,000 embedded training digits for 20 epochs (the book trains 30 epochs on 50,000), with the
# learning rates the book uses: $\eta = 3.0$ for the quadratic cost (chapter 1) and $\eta = 0.5$
# for the cross-entropy. The two learning rates are not directly comparable, as the book says;
# the accuracy on the 1,000 test digits is measured after every epoch.

# %%
splits = load_embedded(seed=0)
training = splits.training.as_tuple()
test = splits.test.as_tuple()

ETAS = {"quadratic": 3.0, "cross-entropy": 0.5}
digits = accuracy_curves(
    ETAS,
    lambda cost: Network([784, 30, 10], cost, seed=1)
    .SGD(training, 20, 10, ETAS[cost], test_data=test))

print(accuracy_table(digits, epochs=(1, 5, 20)))

learning_curves(digits, ylabel="test accuracy (%)",
                title="[784, 30, 10] on 3,000 digits")
plt.show()

# %% [markdown]
# **Softmax and the log-likelihood.** The same network with a softmax output layer and the
# log-likelihood cost, next to sigmoid outputs with the cross-entropy. Both runs use the
# scaled weight initialization and L2 regularization with $\lambda = 0.3$ (both explained
# later in the chapter; $\lambda/n = 10^{-4}$, like the book's $5.0/50{,}000$), 15 epochs,
# $\eta = 0.5$.

# %%
models = {
    "sigmoid + cross-entropy": dict(cost="cross-entropy"),
    "softmax + log-likelihood": dict(cost="log-likelihood",
                                     output_activation="softmax"),
}
nets, accuracy = {}, {}
for label, options in models.items():
    net = Network([784, 30, 10], **options, weight_init="scaled",
                  seed=1)
    h = net.SGD(training, 15, 10, 0.5, test_data=test, lmbda=0.3)
    accuracy[label] = np.array(h.test_accuracy) * 100
    nets[label] = net
print(accuracy_table(accuracy, epochs=(15,)))

# %% [markdown]
# The outputs of both networks for the test digit to which the softmax network gives the
# lowest top probability, a digit it is unsure about:

# %%
A = nets["softmax + log-likelihood"].feedforward(splits.test.X.T)
k = int(np.argmin(A.max(axis=0)))
fig, (ax_img, ax) = plt.subplots(1, 2, figsize=(8, 2.8),
                                 width_ratios=[1, 3])
ax_img.imshow(splits.test.X[k].reshape(28, 28), cmap="gray_r")
ax_img.set_title(f"test digit {k}, label {splits.test.labels[k]}")
ax_img.axis("off")
outputs = {label: net.feedforward(splits.test.X[k])[:, 0]
           for label, net in nets.items()}
for label, a in outputs.items():
    print(f"{label}: outputs sum to {a.sum():.3f}")
grouped_bars(outputs, width=0.4, xlabel="output neuron",
             ylabel="activation", ax=ax)
ax.set_xticks(range(10))
fig.tight_layout()
plt.show()

# %% [markdown]
# The softmax outputs always sum to 1 and can be read as a probability distribution over the
# ten digits; the sigmoid outputs are ten separate numbers in $(0, 1)$ with no such constraint.
