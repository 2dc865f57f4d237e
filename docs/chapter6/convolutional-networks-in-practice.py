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
# # Convolutional networks in practice
#
# *Executed when the site is built: every number below comes from this run.*
#
# The chapter's sequence of networks, each adding one idea to the previous one, trained with
# `nnadl.conv` (the book's `network3.py` in numpy) on the 3,000 embedded training digits,
# with the 1,000 validation digits to choose the epoch and the 1,000 test digits to score it.
# As in the book, a network's score is its test accuracy at the epoch of best validation
# accuracy.
#
# **Trained small, on purpose.** The book trains on 50,000 MNIST images for 40 to 60 epochs per
# network; that takes hours. To keep the site's build within minutes on a two-core machine,
# each network here trains for a few epochs only:
#
# - the three sigmoid networks for `SIGMOID_EPOCHS` epochs each: with the book's $\eta = 0.1$
#   the convolutional sigmoid networks sit at chance level for several epochs before they
#   start to learn (the plateau of chapter 5), and in fewer epochs they would be compared
#   before they had learned anything;
# - the rectified linear network on the original 3,000 digits for `EPOCHS` epochs (printed below);
# - the networks on the expanded data (3,000 digits and their four one-pixel shifts, 15,000
#   digits, as the book's `expand_mnist.py`) for `EXPANDED_EPOCHS` epoch(s): about the same
#   number of gradient steps as the others, so these rows show what *more varied* data buys,
#   not what more training buys;
# - the dropout network has fully connected layers of `DROPOUT_NEURONS` neurons instead of the
#   book's 1,000, and trains for `DROPOUT_EPOCHS` epochs of the expanded data: dropout slows
#   learning down (each step trains a random half of the fully connected layers);
# - the ensemble lets the four rectified-linear networks already trained above vote, instead of
#   training five more dropout networks;
# - everything computes in single precision (`dtype=np.float32`), with numpy's BLAS limited to
#   one thread (the matrix products are small; on a shared two-core machine extra BLAS threads
#   mostly wait for each other).
#
# The hyperparameters are the book's: $\eta = 0.1$ for the sigmoid networks; $\eta = 0.03$ and
# `lmbda=1.0` for the rectified linear ones, which is the book's `lmbda=0.1` (`network3.py`
# divides the L2 term by the number of mini-batches, `nnadl.conv` by the number of training
# examples, as chapter 3 does: a factor of 10 with mini-batches of 10); dropout networks
# without L2, as in the book.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

from nnadl.conv import ConvPoolLayer, Ensemble, FullyConnectedLayer, Network, ReLU, SoftmaxLayer, sigmoid
from nnadl.data import load_embedded
from nnadl.expand import expand
from nnadl.plots import learning_curves

threadpool_limits(1)
notebook_start = time.perf_counter()

SIGMOID_EPOCHS = 30
EPOCHS = 4
EXPANDED_EPOCHS = 1
DROPOUT_NEURONS = 300
DROPOUT_EPOCHS = 3
mini_batch_size = 10

training, validation, test = load_embedded(seed=0)
expanded = expand(training.X, training.labels, seed=0)
print(f"training {len(training):,} digits, expanded {len(expanded[0]):,}; "
      f"validation {len(validation):,}; test {len(test):,}")
print(f"SIGMOID_EPOCHS = {SIGMOID_EPOCHS}, EPOCHS = {EPOCHS}, EXPANDED_EPOCHS = {EXPANDED_EPOCHS}, DROPOUT_NEURONS = {DROPOUT_NEURONS}, "
      f"DROPOUT_EPOCHS = {DROPOUT_EPOCHS}")


def conv_pool_1(fn):
    return ConvPoolLayer(image_shape=(mini_batch_size, 1, 28, 28), filter_shape=(20, 1, 5, 5),
                         poolsize=(2, 2), activation_fn=fn)


def conv_pool_2(fn):
    return ConvPoolLayer(image_shape=(mini_batch_size, 20, 12, 12), filter_shape=(40, 20, 5, 5),
                         poolsize=(2, 2), activation_fn=fn)


rows = []   # (book's network, book's accuracy, what we trained on, epochs, our accuracy, s/epoch)
nets = {}
histories = {}


def train(key, book_name, book_accuracy, layers, data, epochs, eta, lmbda=0.0):
    """Train one network of the table, print and record its result."""
    net = Network(layers, mini_batch_size, seed=0, dtype=np.float32)
    history = net.SGD(data, epochs, mini_batch_size, eta, validation.as_tuple(), test.as_tuple(), lmbda)
    seconds = float(np.mean(history.epoch_seconds))
    print(f"{book_name}: validation accuracy by epoch "
          f"{', '.join(f'{a:.1%}' for a in history.evaluation_accuracy)}; "
          f"test accuracy at the best epoch ({history.best_epoch}) {history.test_accuracy_at_best:.1%}; "
          f"{seconds:.2f} s per epoch of {len(data[0]):,} digits")
    rows.append((book_name, book_accuracy, f"{len(data[0]):,}", epochs, history.test_accuracy_at_best, seconds))
    nets[key] = net
    histories[key] = history
    return net


# %% [markdown]
# ## From a fully connected network to two convolutional-pooling layers
#
# The baseline has one hidden layer of 100 sigmoid neurons. Then a convolutional-pooling layer
# of 20 filters $5 \times 5$ is inserted before it, then a second one of 40 filters
# $5 \times 5$, which sees all 20 feature maps of the first (each of its filters is
# $20 \times 5 \times 5$).

# %%
train("fc", "one hidden layer, 100 sigmoid neurons", 97.80,
      [FullyConnectedLayer(784, 100), SoftmaxLayer(100, 10)],
      training.as_tuple(), SIGMOID_EPOCHS, 0.1)
train("conv1", "+ conv-pool 20 x 5 x 5", 98.78,
      [conv_pool_1(sigmoid), FullyConnectedLayer(20 * 12 * 12, 100), SoftmaxLayer(100, 10)],
      training.as_tuple(), SIGMOID_EPOCHS, 0.1)
train("conv2", "+ a second conv-pool 40 x 5 x 5", 99.06,
      [conv_pool_1(sigmoid), conv_pool_2(sigmoid), FullyConnectedLayer(40 * 4 * 4, 100), SoftmaxLayer(100, 10)],
      training.as_tuple(), SIGMOID_EPOCHS, 0.1);

# %% [markdown]
# The learning curves: validation accuracy after every epoch. The sigmoid networks are slow to
# start: the softmax layer starts at zero (as in `network3.py`), and the gradients that reach
# the earlier sigmoid layers are small, the problem of chapter 5. The deeper the network, the
# longer the plateau at chance level (10%, dotted) before it learns at all.

# %%
sigmoid_names = {"fc": "one hidden layer, 100 sigmoid", "conv1": "+ conv-pool 20 x 5 x 5",
                 "conv2": "+ a second conv-pool 40 x 5 x 5"}
ax = learning_curves({k: 100 * np.array(histories[k].evaluation_accuracy) for k in sigmoid_names},
                     ylabel="validation accuracy (%)", labels=sigmoid_names, figsize=(7, 3.6),
                     title=f"sigmoid networks, eta = 0.1, {len(training):,} training digits")
ax.axhline(10, color="grey", linestyle=":")
plt.show()


def first_learning_epoch(history, level=0.5):
    """The first epoch (counted from 0, as `best_epoch`) whose validation accuracy reaches `level`, or None."""
    return next((e for e, a in enumerate(history.evaluation_accuracy) if a >= level), None)


for k, name in sigmoid_names.items():
    h = histories[k]
    start = first_learning_epoch(h)
    print(f"{name}: first epoch above 50% validation accuracy: {'none' if start is None else start}; "
          f"best validation {max(h.evaluation_accuracy):.1%} (epoch {h.best_epoch}), "
          f"test at that epoch {h.test_accuracy_at_best:.1%}")

# %% [markdown]
# **Without the fully connected layer** ([Exercise 6.2](../#exercise-6-2) on the chapter page):
# the first convolutional-pooling layer connected straight to the softmax layer, everything else
# as for the second network above (the same epochs and learning rate).

# %%
no_fc = Network([conv_pool_1(sigmoid), SoftmaxLayer(20 * 12 * 12, 10)], mini_batch_size, seed=0, dtype=np.float32)
no_fc_history = no_fc.SGD(training.as_tuple(), SIGMOID_EPOCHS, mini_batch_size, 0.1, validation.as_tuple(), test.as_tuple())
print(f"conv-pool 20 x 5 x 5 -> softmax, no fully connected layer: validation accuracy by epoch "
      f"{', '.join(f'{a:.1%}' for a in no_fc_history.evaluation_accuracy)}; "
      f"test accuracy at the best epoch ({no_fc_history.best_epoch}) {no_fc_history.test_accuracy_at_best:.1%}")
print(f"with the fully connected layer of 100 neurons (above): {rows[1][4]:.1%}")

# %% [markdown]
# ## Rectified linear units
#
# The same two convolutional-pooling layers with rectified linear units $\max(0, z)$ in every
# layer but the softmax, $\eta = 0.03$ and L2 regularization.

# %%
relu_layers = lambda: [conv_pool_1(ReLU), conv_pool_2(ReLU),
                       FullyConnectedLayer(40 * 4 * 4, 100, activation_fn=ReLU), SoftmaxLayer(100, 10)]
train("relu", "rectified linear units", 99.23, relu_layers(), training.as_tuple(), EPOCHS, 0.03, 1.0);

# %% [markdown]
# ## Expanded data, an extra fully connected layer, dropout
#
# The rectified linear network on the expanded data; then with a second fully connected layer
# of 100 neurons; then with dropout ($p = 0.5$) on both fully connected layers and the softmax
# layer's input, made wider, and no L2 regularization, trained for `DROPOUT_EPOCHS` epochs.

# %%
train("expanded", "+ expanded training data", 99.37, relu_layers(), expanded, EXPANDED_EPOCHS, 0.03, 1.0)
train("extra_fc", "+ an extra fully connected layer", 99.43,
      [conv_pool_1(ReLU), conv_pool_2(ReLU),
       FullyConnectedLayer(40 * 4 * 4, 100, activation_fn=ReLU),
       FullyConnectedLayer(100, 100, activation_fn=ReLU), SoftmaxLayer(100, 10)],
      expanded, EXPANDED_EPOCHS, 0.03, 1.0)
n = DROPOUT_NEURONS
train("dropout", f"dropout, 2 FC layers of {n} (book 1,000)", 99.60,
      [conv_pool_1(ReLU), conv_pool_2(ReLU),
       FullyConnectedLayer(40 * 4 * 4, n, activation_fn=ReLU, p_dropout=0.5),
       FullyConnectedLayer(n, n, activation_fn=ReLU, p_dropout=0.5), SoftmaxLayer(n, 10, p_dropout=0.5)],
      expanded, DROPOUT_EPOCHS, 0.03);

# %% [markdown]
# ## An ensemble
#
# Each network votes for a label; the most frequent label wins (`Ensemble`, ties broken by the
# networks' mean probabilities). The book lets five dropout networks vote; here the four
# rectified linear networks above vote, at no extra training cost. An ensemble helps when its
# members make different mistakes.

# %%
members = [nets[k] for k in ("relu", "expanded", "extra_fc", "dropout")]
ensemble_accuracy = Ensemble(members).accuracy(test.as_tuple())
wrong = [set(np.flatnonzero(net.predict(test.X) != test.labels)) for net in members]
print(f"test digits misclassified by each member: {[len(w) for w in wrong]}; "
      f"by all four: {len(set.intersection(*wrong))}; by the vote: {round(len(test) * (1 - ensemble_accuracy))}")
rows.append(("ensemble, voting (book 5, ours 4 nets)", 99.67, "-", "-", ensemble_accuracy, 0.0))

# %% [markdown]
# ## The table
#
# The book's column is quoted from the book (50,000 training images plus 10,000 for validation,
# 10,000 test images, 40–60 epochs); ours was measured in this build.

# %%
print("book: MNIST, 50,000 training images, 10,000 validation, 10,000 test (quoted from the book)")
print(f"ours: {len(training):,} embedded training digits ({len(expanded[0]):,} expanded), this build\n")
print(f"{'':<40} {'book':>7} | {'ours:':<6} {'digits':>6} {'epochs':>6} {'test':>6} {'s/epoch':>7}")
print("-" * 84)
for name, book, digits, epochs, ours, seconds in rows:
    print(f"{name:<40} {book:>6.2f}% | {'':<6} {digits:>6} {epochs:>6} {ours:>6.1%} "
          f"{(f'{seconds:.2f}' if seconds else '-'):>7}")
p = float(np.mean([r[4] for r in rows]))
print(f"\nstandard error of an accuracy near {p:.0%} on {len(test):,} test digits: "
      f"{np.sqrt(p * (1 - p) / len(test)):.1%}")
print(f"this notebook ran in {time.perf_counter() - notebook_start:.1f} s")

# %% [markdown]
# On 3,000 digits the numbers are lower than the book's. The sigmoid rows, trained for
# `SIGMOID_EPOCHS` epochs each, can be compared only once each has left its plateau: the
# learning curves above show where that happened, and the lines printed under them say so (or
# print "none" for a network that did not learn in this budget). The convolutional network with
# rectified linear units reaches in `EPOCHS` epochs about what the sigmoid networks reach in
# many more. Each network is one seeded run, scored on 1,000 test digits: at about 92% the
# binomial standard error of such a score is almost a percentage point (printed under the
# table), so differences between rows smaller than that are not evidence of anything.
