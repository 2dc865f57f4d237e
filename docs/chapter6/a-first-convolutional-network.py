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
# # A first convolutional network
#
# *Executed when the site is built: every number and picture below comes from this run.*
#
# Two networks trained on the same 3,000 embedded MNIST training digits and tested on the same
# 1,000 test digits:
#
# - chapter 1's network $[784, 30, 10]$ (`nnadl.network`), sigmoid neurons, quadratic cost,
#   $\eta = 3.0$, mini-batches of 10, 30 epochs, as in chapter 1;
# - a convolutional network (`nnadl.network3`): a convolutional-pooling layer of 20 filters
#   $5 \times 5$ with $2 \times 2$ max-pooling, a fully connected layer of 100 neurons and a
#   softmax output layer of 10, the first convolutional network the book trains. To learn within a
#   few epochs it uses the rectified linear units the book introduces later in the chapter,
#   with the book's $\eta = 0.03$ and L2 regularization $\lambda = 1.0$ (`network3.py`'s
#   $\lambda = 0.1$, see the chapter page), and trains for 5 epochs only.
#
# Then we look inside the convolutional network: its 20 learned filters and the feature maps
# they produce for one digit.
#
# Everything is seeded. The convolutional network computes in single precision
# (`dtype=np.float32`), and numpy's BLAS is limited to one thread: the matrix products here are
# small, and on a shared two-core machine extra BLAS threads mostly wait for each other.

# %%
# %matplotlib inline
import time

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

from nnadl import network as chapter1
from nnadl import network3
from nnadl.convolution import conv_forward, max_pool
from nnadl.layers import ConvPoolLayer, FullyConnectedLayer, ReLU, SoftmaxLayer
from nnadl.mnist_loader import load_embedded

threadpool_limits(1)
notebook_start = time.perf_counter()
training, validation, test = load_embedded(seed=0)
print(f"training {len(training)}, validation {len(validation)}, test {len(test)} digits")

# %% [markdown]
# ## The chapter-1 network

# %%
start = time.perf_counter()
net1 = chapter1.Network([784, 30, 10], seed=0)
results1 = net1.SGD(training.as_tuple(), 30, 10, 3.0, test_data=test.as_tuple())
chapter1_accuracy = results1[-1] / len(test)
print(f"[784, 30, 10], 30 epochs in {time.perf_counter() - start:.1f} s: "
      f"test accuracy {chapter1_accuracy:.1%}")

# %% [markdown]
# ## The convolutional network
#
# The book's `network3.py` session, with `nnadl.network3` in place of `network3` and a seed.
# `SGD` returns what it measured after every epoch; the callback prints it as `network3.py`
# does, with the time the epoch took.

# %%
mini_batch_size = 10
net = network3.Network([
    ConvPoolLayer(image_shape=(mini_batch_size, 1, 28, 28), filter_shape=(20, 1, 5, 5),
                  poolsize=(2, 2), activation_fn=ReLU),
    FullyConnectedLayer(n_in=20 * 12 * 12, n_out=100, activation_fn=ReLU),
    SoftmaxLayer(n_in=100, n_out=10)], mini_batch_size, seed=0, dtype=np.float32)


def report(epoch, history):
    line = (f"Epoch {epoch}: {history.epoch_seconds[-1]:.2f} s, "
            f"validation accuracy {history.evaluation_accuracy[-1]:.1%}")
    if history.best_epoch == epoch:
        line += f"; best so far, test accuracy {history.test_accuracy[-1]:.1%}"
    print(line)


history = net.SGD(training.as_tuple(), 5, mini_batch_size, 0.03,
                  validation.as_tuple(), test.as_tuple(), lmbda=1.0, callback=report)
conv_accuracy = history.test_accuracy_at_best
print(f"\nbest validation accuracy {history.best_evaluation_accuracy:.1%} (epoch {history.best_epoch}); "
      f"corresponding test accuracy {conv_accuracy:.1%}")
print(f"time per epoch of {len(training):,} digits: {np.mean(history.epoch_seconds):.2f} s on average, "
      f"{min(history.epoch_seconds):.2f} s at best")

# %% [markdown]
# ## The two, on the same test digits

# %%
print(f"{'network':<52} {'test accuracy':>13}")
print(f"{'[784, 30, 10] (chapter 1), 30 epochs':<52} {chapter1_accuracy:>13.1%}")
print(f"{'conv 20 x 5 x 5 + pool, FC 100, softmax; 5 epochs':<52} {conv_accuracy:>13.1%}")
print(f"\nthe convolutional network beats the chapter-1 network: {conv_accuracy > chapter1_accuracy} "
      f"({round(1000 * (1 - chapter1_accuracy))} vs {round(1000 * (1 - conv_accuracy))} of the 1,000 test "
      f"digits misclassified)")

# %% [markdown]
# ## The learned filters
#
# The 20 filters $w_{l,m}$ of the convolutional layer, each a $5 \times 5$ array of shared
# weights, drawn as in the book: darker means a larger (more positive) weight, and each filter
# has its own grey scale. A filter that has learned something shows a pattern, such as a
# stroke in one direction or a light region next to a dark one; after a few epochs on 3,000
# digits many still look much like their random start. The book's filters, trained on
# 50,000 images for many more epochs, show more structure.

# %%
filters = net.layers[0].w[:, 0]                # (20, 5, 5)
fig, axes = plt.subplots(2, 10, figsize=(10, 2.3))
for f, ax in enumerate(axes.flat):
    ax.imshow(filters[f], cmap="gray_r", interpolation="nearest")
    ax.set_title(f"{f}", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("The 20 learned 5 × 5 filters")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## The feature maps of one digit
#
# Equation (125) for every position gives a $24 \times 24$ feature map per filter; we compute it
# with `conv_forward` and the layer's own weights and biases, then apply the rectified linear
# unit. Max-pooling over $2 \times 2$ regions (`max_pool`) leaves 20 maps of $12 \times 12$, and
# those are exactly the output of the `ConvPoolLayer` for this digit (checked below: the layer
# adds the bias and applies the activation after pooling, which gives the same result).

# %%
digit = test.X[0].astype(np.float32).reshape(1, 1, 28, 28)
z, _ = conv_forward(digit, net.layers[0].w, net.layers[0].b)
maps = ReLU(z)[0]                               # (20, 24, 24)
pooled = max_pool(ReLU(z))[0]                   # (20, 12, 12)
same = np.allclose(pooled, net.layers[0].forward(digit)[0], rtol=0, atol=1e-5)
print(f"test digit 0, label {test.labels[0]}; feature maps {maps.shape}, pooled maps {pooled.shape}; "
      f"pooled maps equal the layer's output: {same}")

fig, ax = plt.subplots(figsize=(1.6, 1.6))
ax.imshow(digit[0, 0], cmap="gray_r", vmin=0, vmax=1)
ax.set_title(f"input, label {test.labels[0]}", fontsize=9)
ax.axis("off")
plt.show()


def show_maps(images, title):
    fig, axes = plt.subplots(2, 10, figsize=(10, 2.4))
    for f, ax in enumerate(axes.flat):
        ax.imshow(images[f], cmap="gray_r", interpolation="nearest", vmin=0)
        ax.set_title(f"{f}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(title)
    fig.tight_layout()
    plt.show()


show_maps(maps, "The 20 feature maps, 24 × 24 (darker = more active)")
show_maps(pooled, "After 2 × 2 max-pooling: 20 maps of 12 × 12")

# %% [markdown]
# Each feature map lights up where its filter's pattern occurs in the digit; max-pooling keeps
# roughly where, at half the resolution. A blank map belongs to a filter whose rectified output
# is zero everywhere on this digit. The fully connected layer sees only the pooled maps.

# %%
print(f"this notebook ran in {time.perf_counter() - notebook_start:.1f} s")
