"""What in-place buffers buy: chapter 1's step written with every array allocated once.

A lesson for the Performance page, kept out of the package. Until the reshape of the package,
``SGD`` took its steps through a hand-inlined version of the readable step: the same numpy
operations as ``backprop`` and ``update_mini_batch``, in the same order, but each writing into
an array allocated once (``out=`` arguments and in-place updates), with the mini-batch gathered
straight from the data and the sigmoid's derivative kept from the forward pass. This module
keeps that experiment for the chapter-1 network (sigmoid neurons, quadratic cost, any number of
layers) so that ``bench_training.py`` can measure what it buys against the plain form, which
is what ``nnadl`` runs now. It computes the same numbers as ``nnadl.network.Network.SGD``, bit
for bit (``bench_training.py`` checks that before timing it).
"""

from __future__ import annotations

import numpy as np


def buffered_epoch(net, x, y, mini_batch_size, eta):
    """One epoch of chapter 1's SGD on ``net`` (an ``nnadl.network.Network``), examples as the columns of ``x`` and ``y``."""
    W, B = net.weights, net.biases
    n = x.shape[1]
    layers = range(len(W))
    buffers = {}  # per mini-batch size: the last mini-batch may be smaller

    def make(m):
        cols = [np.empty((len(b), m)) for b in B]
        return ([np.empty((len(b), m)) for b in B], [np.empty((len(b), m)) for b in B], cols,
                [np.empty((len(b), m)) for b in B], [np.empty((len(b), m)) for b in B],
                [np.empty_like(w) for w in W], [np.empty_like(b) for b in B])

    order = net.rng.permutation(n)
    for k in range(0, n, mini_batch_size):
        batch = order[k:k + mini_batch_size]
        m = len(batch)
        if m not in buffers:
            buffers[m] = make(m)
        Z, A, E, S, D, NW, NB = buffers[m]
        xb, yb = x[:, batch], y[:, batch]
        a_in = [xb]
        a = xb
        for i in layers:  # forward: sigma(z) = e^{min(z, 0)} / (1 + e^{-|z|}), and sigma'(z) from the same e^{-|z|}
            z, e, d = Z[i], E[i], S[i]
            np.matmul(W[i], a, out=z)
            z += B[i]
            np.copysign(z, -1.0, out=e)
            np.exp(e, out=e)
            np.add(e, 1.0, out=d)
            a = A[i]
            np.minimum(z, 0.0, out=a)
            np.exp(a, out=a)
            np.divide(a, d, out=a)
            np.multiply(d, d, out=d)
            np.divide(e, d, out=e)  # sigma'(z), kept in E
            a_in.append(a)
        delta = D[-1]
        np.subtract(a, yb, out=delta)  # BP1 for the quadratic cost
        delta *= E[-1]
        for i in reversed(layers):  # BP3, BP4 and BP2
            np.add.reduce(delta, axis=1, keepdims=True, out=NB[i])
            np.dot(delta, a_in[i].T, out=NW[i])
            if i > 0:
                np.matmul(W[i].T, delta, out=D[i - 1])
                delta = D[i - 1]
                delta *= E[i - 1]
        scale = eta / m
        for w, nw in zip(W, NW):
            nw *= scale
            w -= nw
        for b, nb in zip(B, NB):
            nb *= scale
            b -= nb
