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
# *Read from committed results, not trained when the site is built.* Training these networks
# takes a few minutes of CPU, more than the rest of the site's build together, so
# `benchmarks/chapter6_networks.py` trains them and writes what they learned
# to `convolutional-networks-in-practice.json` next to this notebook; this notebook reads that file
# (download it with the notebook) and draws and tabulates it. Every accuracy below is from that run;
# the same seeds give the same accuracies on any machine (only the seconds per epoch are the
# machine's): `python benchmarks/chapter6_networks.py` in a clone of the repository trains them
# again and rewrites the file, and `--quick` trains each for one epoch, to check the first epochs.
#
# The chapter's sequence of networks, each adding one idea to the previous one, trained with
# `nnadl.network3` (the book's `network3.py` in numpy) on the 3,000 embedded training digits,
# with the 1,000 validation digits to choose the epoch and the 1,000 test digits to score it.
# As in the book, a network's score is its test accuracy at the epoch of best validation
# accuracy.
#
# **Trained small, on purpose.** The book trains on 50,000 MNIST images for 40 to 60 epochs per
# network; that takes hours. To keep a run within minutes on a two-core machine,
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
# divides the L2 term by the number of mini-batches, `nnadl.network3` by the number of training
# examples, as chapter 3 does: a factor of 10 with mini-batches of 10); dropout networks
# without L2, as in the book.

# %%
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from nnadl.plots import learning_curves

RESULTS = Path("convolutional-networks-in-practice.json")   # next to this notebook
if not RESULTS.is_file():
    raise FileNotFoundError(f"{RESULTS.resolve()} is missing: download it from the page next to this notebook, "
                            "or run `python benchmarks/chapter6_networks.py` in a clone of the repository")
results = json.loads(RESULTS.read_text())
networks, sizes, machine = results["networks"], results["sizes"], results["machine"]
SIGMOID_EPOCHS = networks["fc"]["epochs"]
EPOCHS = networks["relu"]["epochs"]
EXPANDED_EPOCHS = networks["expanded"]["epochs"]
DROPOUT_EPOCHS = networks["dropout"]["epochs"]
DROPOUT_NEURONS = networks["dropout"]["layers"][2]["n_out"]

print(f"training {sizes['training']:,} digits, expanded {sizes['expanded']:,}; "
      f"validation {sizes['validation']:,}; test {sizes['test']:,}")
print(f"SIGMOID_EPOCHS = {SIGMOID_EPOCHS}, EPOCHS = {EPOCHS}, EXPANDED_EPOCHS = {EXPANDED_EPOCHS}, DROPOUT_NEURONS = {DROPOUT_NEURONS}, "
      f"DROPOUT_EPOCHS = {DROPOUT_EPOCHS}")
print(f"trained by benchmarks/chapter6_networks.py (seed {results['seed']}, {results['dtype']}) in "
      f"{results['seconds']:.0f} s on {machine['date'][:10]}: {machine['cpu']}, {machine['threads_used']} BLAS thread(s)")

rows = []   # (book's network, book's accuracy, what it trained on, epochs, its accuracy, s/epoch)


def report(key):
    """Print one network's results as its training run did, and add it to the table."""
    r = networks[key]
    print(r["network"])
    seconds = float(np.mean(r["epoch_seconds"]))
    print(f"{r['name']}: validation accuracy by epoch "
          f"{', '.join(f'{a:.1%}' for a in r['evaluation_accuracy'])}; "
          f"test accuracy at the best epoch ({r['best_epoch']}) {r['test_accuracy_at_best']:.1%}; "
          f"{seconds:.2f} s per epoch of {r['digits']:,} digits")
    rows.append((r["name"], r["book_accuracy"], f"{r['digits']:,}", r["epochs"], r["test_accuracy_at_best"], seconds))

# %% [markdown]
# ## From a fully connected network to two convolutional-pooling layers
#
# The baseline has one hidden layer of 100 sigmoid neurons. Then a convolutional-pooling layer
# of 20 filters $5 \times 5$ is inserted before it, then a second one of 40 filters
# $5 \times 5$, which sees all 20 feature maps of the first (each of its filters is
# $20 \times 5 \times 5$).

# %%
for key in ("fc", "conv1", "conv2"):
    report(key)

# %% [markdown]
# The learning curves: validation accuracy after every epoch. The sigmoid networks are slow to
# start: the softmax layer starts at zero (as in `network3.py`), and the gradients that reach
# the earlier sigmoid layers are small, the problem of chapter 5. The deeper the network, the
# longer the plateau at chance level (10%, dotted) before it learns at all.

# %%
sigmoid_names = {"fc": "one hidden layer, 100 sigmoid", "conv1": "+ conv-pool 20 x 5 x 5",
                 "conv2": "+ a second conv-pool 40 x 5 x 5"}
ax = learning_curves({k: 100 * np.array(networks[k]["evaluation_accuracy"]) for k in sigmoid_names},
                     ylabel="validation accuracy (%)", labels=sigmoid_names, figsize=(7, 3.6),
                     title=f"sigmoid networks, eta = 0.1, {sizes['training']:,} training digits")
ax.axhline(10, color="grey", linestyle=":")
plt.show()


def first_learning_epoch(accuracy, level=0.5):
    """The first epoch (counted from 0, as `best_epoch`) whose validation accuracy reaches `level`, or None."""
    return next((e for e, a in enumerate(accuracy) if a >= level), None)


for k, name in sigmoid_names.items():
    h = networks[k]
    start = first_learning_epoch(h["evaluation_accuracy"])
    print(f"{name}: first epoch above 50% validation accuracy: {'none' if start is None else start}; "
          f"best validation {max(h['evaluation_accuracy']):.1%} (epoch {h['best_epoch']}), "
          f"test at that epoch {h['test_accuracy_at_best']:.1%}")

# %% [markdown]
# **Without the fully connected layer** ([Exercise 6.2](../#exercise-6-2) on the chapter page):
# the first convolutional-pooling layer connected straight to the softmax layer, everything else
# as for the second network above (the same epochs and learning rate).

# %%
no_fc = networks["no_fc"]
print(no_fc["network"])
print(f"conv-pool 20 x 5 x 5 -> softmax, no fully connected layer: validation accuracy by epoch "
      f"{', '.join(f'{a:.1%}' for a in no_fc['evaluation_accuracy'])}; "
      f"test accuracy at the best epoch ({no_fc['best_epoch']}) {no_fc['test_accuracy_at_best']:.1%}")
print(f"with the fully connected layer of 100 neurons (above): {rows[1][4]:.1%}")

# %% [markdown]
# ## Rectified linear units
#
# The same two convolutional-pooling layers with rectified linear units $\max(0, z)$ in every
# layer but the softmax, $\eta = 0.03$ and L2 regularization.

# %%
report("relu")

# %% [markdown]
# ## Expanded data, an extra fully connected layer, dropout
#
# The rectified linear network on the expanded data; then with a second fully connected layer
# of 100 neurons; then with dropout ($p = 0.5$) on both fully connected layers and the softmax
# layer's input, made wider, and no L2 regularization, trained for `DROPOUT_EPOCHS` epochs.

# %%
for key in ("expanded", "extra_fc", "dropout"):
    report(key)

# %% [markdown]
# ## An ensemble
#
# Each network votes for a label; the most frequent label wins (`Ensemble`, ties broken by the
# networks' mean probabilities). The book lets five dropout networks vote; here the four
# rectified linear networks above vote, at no extra training cost. An ensemble helps when its
# members make different mistakes.

# %%
vote = results["ensemble"]
print(f"test digits misclassified by each member: {vote['misclassified_by_each']}; "
      f"by all four: {vote['misclassified_by_all']}; by the vote: {round(sizes['test'] * (1 - vote['test_accuracy']))}")
rows.append(("ensemble, voting (book 5, ours 4 nets)", vote["book_accuracy"], "-", "-", vote["test_accuracy"], 0.0))

# %% [markdown]
# ## The table
#
# The book's column is quoted from the book (50,000 training images plus 10,000 for validation,
# 10,000 test images, 40–60 epochs); ours are the committed results of
# `benchmarks/chapter6_networks.py`.

# %%
print("book: MNIST, 50,000 training images, 10,000 validation, 10,000 test (quoted from the book)")
print(f"ours: {sizes['training']:,} embedded training digits ({sizes['expanded']:,} expanded), "
      f"the committed run of benchmarks/chapter6_networks.py\n")
print(f"{'':<40} {'book':>7} | {'ours:':<6} {'digits':>6} {'epochs':>6} {'test':>6} {'s/epoch':>7}")
print("-" * 84)
for name, book, digits, epochs, ours, seconds in rows:
    print(f"{name:<40} {book:>6.2f}% | {'':<6} {digits:>6} {epochs:>6} {ours:>6.1%} "
          f"{(f'{seconds:.2f}' if seconds else '-'):>7}")
p = float(np.mean([r[4] for r in rows]))
print(f"\nstandard error of an accuracy near {p:.0%} on {sizes['test']:,} test digits: "
      f"{np.sqrt(p * (1 - p) / sizes['test']):.1%}")

# %% [markdown]
# On 3,000 digits the numbers are lower than the book's. The sigmoid rows, trained for
# `SIGMOID_EPOCHS` epochs each, can be compared only once each has left its plateau: the
# learning curves above show where that happened, and the lines printed under them say so (or
# print "none" for a network that did not learn in this budget). The convolutional network with
# rectified linear units reaches in `EPOCHS` epochs about what the sigmoid networks reach in
# many more. Each network is one seeded run, scored on 1,000 test digits: at about 92% the
# binomial standard error of such a score is almost a percentage point (printed under the
# table), so differences between rows smaller than that are not evidence of anything.
