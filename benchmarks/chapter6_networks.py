"""Chapter 6: train the sequence of networks of "Convolutional networks in practice" and write what
they learned to ``docs/chapter6/convolutional-networks-in-practice.json``, which that notebook reads.

Training them takes about two minutes on a two-core machine, which the site's first build spent
in silence; the notebook now plots and tabulates the committed results instead, and says so.
The networks, data and hyperparameters are the ones the notebook trained at build time (its text
explains each choice): the chapter's networks on the 3,000 embedded training digits (and their
15,000-digit expansion), seed 0, single precision, one BLAS thread. The same seeds give the same
numbers: only the seconds per epoch depend on the machine.

    .venv/bin/python benchmarks/chapter6_networks.py                 # every network (~2-3 min)
    .venv/bin/python benchmarks/chapter6_networks.py --quick --networks fc,relu --out /tmp/c6.json

``--quick`` trains every network for one epoch only (a check that the committed first epochs are
reproduced, not results to publish); ``--networks`` picks some of them by key.
"""

from __future__ import annotations

import time
from pathlib import Path

import _common  # noqa: F401  (sets the BLAS threads before numpy is imported)
from _common import ROOT, parser, write

import numpy as np

from nnadl.conv import ConvPoolLayer, Ensemble, FullyConnectedLayer, Network, ReLU, SoftmaxLayer, sigmoid
from nnadl.data import load_embedded
from nnadl.expand import expand

OUT = ROOT / "docs" / "chapter6" / "convolutional-networks-in-practice.json"
SEED = 0
SIGMOID_EPOCHS = 30
EPOCHS = 4
EXPANDED_EPOCHS = 1
DROPOUT_NEURONS = 300
DROPOUT_EPOCHS = 3
MINI_BATCH_SIZE = 10
ENSEMBLE = ("relu", "expanded", "extra_fc", "dropout")


def conv_pool_1(fn):
    return ConvPoolLayer(image_shape=(MINI_BATCH_SIZE, 1, 28, 28), filter_shape=(20, 1, 5, 5),
                         poolsize=(2, 2), activation_fn=fn)


def conv_pool_2(fn):
    return ConvPoolLayer(image_shape=(MINI_BATCH_SIZE, 20, 12, 12), filter_shape=(40, 20, 5, 5),
                         poolsize=(2, 2), activation_fn=fn)


def relu_layers():
    return [conv_pool_1(ReLU), conv_pool_2(ReLU),
            FullyConnectedLayer(40 * 4 * 4, 100, activation_fn=ReLU), SoftmaxLayer(100, 10)]


def dropout_layers(n=DROPOUT_NEURONS):
    return [conv_pool_1(ReLU), conv_pool_2(ReLU),
            FullyConnectedLayer(40 * 4 * 4, n, activation_fn=ReLU, p_dropout=0.5),
            FullyConnectedLayer(n, n, activation_fn=ReLU, p_dropout=0.5), SoftmaxLayer(n, 10, p_dropout=0.5)]


# key: (the book's name for the row, the book's test accuracy or None, layers, data, epochs, eta, lmbda)
NETWORKS = {
    "fc": ("one hidden layer, 100 sigmoid neurons", 97.80,
           lambda: [FullyConnectedLayer(784, 100), SoftmaxLayer(100, 10)], "training", SIGMOID_EPOCHS, 0.1, 0.0),
    "conv1": ("+ conv-pool 20 x 5 x 5", 98.78,
              lambda: [conv_pool_1(sigmoid), FullyConnectedLayer(20 * 12 * 12, 100), SoftmaxLayer(100, 10)],
              "training", SIGMOID_EPOCHS, 0.1, 0.0),
    "conv2": ("+ a second conv-pool 40 x 5 x 5", 99.06,
              lambda: [conv_pool_1(sigmoid), conv_pool_2(sigmoid), FullyConnectedLayer(40 * 4 * 4, 100),
                       SoftmaxLayer(100, 10)],
              "training", SIGMOID_EPOCHS, 0.1, 0.0),
    # Exercise 6.2: the first conv-pool layer straight into the softmax layer (not a row of the table).
    "no_fc": ("conv-pool 20 x 5 x 5 -> softmax, no fully connected layer", None,
              lambda: [conv_pool_1(sigmoid), SoftmaxLayer(20 * 12 * 12, 10)], "training", SIGMOID_EPOCHS, 0.1, 0.0),
    "relu": ("rectified linear units", 99.23, relu_layers, "training", EPOCHS, 0.03, 1.0),
    "expanded": ("+ expanded training data", 99.37, relu_layers, "expanded", EXPANDED_EPOCHS, 0.03, 1.0),
    "extra_fc": ("+ an extra fully connected layer", 99.43,
                 lambda: [conv_pool_1(ReLU), conv_pool_2(ReLU),
                          FullyConnectedLayer(40 * 4 * 4, 100, activation_fn=ReLU),
                          FullyConnectedLayer(100, 100, activation_fn=ReLU), SoftmaxLayer(100, 10)],
                 "expanded", EXPANDED_EPOCHS, 0.03, 1.0),
    "dropout": (f"dropout, 2 FC layers of {DROPOUT_NEURONS} (book 1,000)", 99.60, dropout_layers,
                "expanded", DROPOUT_EPOCHS, 0.03, 0.0),
}


def train_all(keys, epochs_cap=None):
    """Train the networks named by ``keys``; return (their results by key, the networks by key, test split)."""
    training, validation, test = load_embedded(seed=SEED)
    data = {"training": training.as_tuple(), "expanded": expand(training.X, training.labels, seed=SEED)}
    results, nets = {}, {}
    for key in keys:
        name, book, layers, data_key, epochs, eta, lmbda = NETWORKS[key]
        epochs = epochs if epochs_cap is None else min(epochs, epochs_cap)
        net = Network(layers(), MINI_BATCH_SIZE, seed=SEED, dtype=np.float32)
        h = net.SGD(data[data_key], epochs, MINI_BATCH_SIZE, eta, validation.as_tuple(), test.as_tuple(), lmbda)
        results[key] = {
            "name": name, "book_accuracy": book, "data": data_key, "digits": len(data[data_key][0]),
            "epochs": epochs, "eta": eta, "lmbda": lmbda, "network": repr(net),
            "layers": [layer.spec() for layer in net.layers],
            "evaluation_accuracy": [float(a) for a in h.evaluation_accuracy],
            "test_accuracy": [float(a) for a in h.test_accuracy],
            "best_epoch": h.best_epoch, "test_accuracy_at_best": float(h.test_accuracy_at_best),
            "epoch_seconds": [float(s) for s in h.epoch_seconds],
        }
        nets[key] = net
        print(f"{key}: validation {', '.join(f'{a:.1%}' for a in h.evaluation_accuracy)}; "
              f"test at epoch {h.best_epoch} {h.test_accuracy_at_best:.1%}; "
              f"{np.mean(h.epoch_seconds):.2f} s/epoch", flush=True)
    sizes = {"training": len(training), "expanded": len(data["expanded"][0]),
             "validation": len(validation), "test": len(test)}
    return results, nets, test, sizes


def ensemble_vote(nets, test):
    """The vote of the four rectified-linear networks on the test digits, and who got what wrong."""
    members = [nets[k] for k in ENSEMBLE]
    wrong = [set(np.flatnonzero(net.predict(test.X) != test.labels)) for net in members]
    return {"members": list(ENSEMBLE), "test_accuracy": Ensemble(members).accuracy(test.as_tuple()),
            "book_accuracy": 99.67, "misclassified_by_each": [len(w) for w in wrong],
            "misclassified_by_all": len(set.intersection(*wrong))}


def main(argv=None):
    p = parser(__doc__.split("\n\n")[0])
    p.add_argument("--networks", default=",".join(NETWORKS),
                   help=f"comma-separated keys of the networks to train (default all: {','.join(NETWORKS)})")
    p.set_defaults(out=OUT)
    args = p.parse_args(argv)
    keys = [k.strip() for k in args.networks.split(",") if k.strip()]
    unknown = [k for k in keys if k not in NETWORKS]
    if unknown or not keys:
        p.error(f"unknown network(s) {unknown}; choose among {', '.join(NETWORKS)}")
    start = time.perf_counter()
    results, nets, test, sizes = train_all(keys, epochs_cap=1 if args.quick else None)
    payload = {
        "quick": args.quick, "seed": SEED, "mini_batch_size": MINI_BATCH_SIZE, "dtype": "float32",
        "sizes": sizes, "networks": results,
        "ensemble": ensemble_vote(nets, test) if set(ENSEMBLE) <= set(keys) else None,
        "seconds": time.perf_counter() - start,
    }
    write("chapter6_networks", payload, args.out)


if __name__ == "__main__":
    main()
