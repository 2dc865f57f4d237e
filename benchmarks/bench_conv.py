"""Chapter 6: ConvPoolLayer forward + backward against PyTorch, and one conv-net epoch.

One layer as in chapter 6's first convolutional network: a mini-batch of 10 images 1x28x28,
20 filters 5x5, 2x2 max-pooling, sigmoid; forward and backward (weight and bias gradients; no
gradient for the input, which no layer below needs), float64. PyTorch does the same with
``conv2d`` + ``max_pool2d`` + ``sigmoid`` and autograd. The gradients of the two are compared
before anything is timed.

Then one epoch of the chapter-6 page's first network, ConvPool(20, 5x5, ReLU) -> FullyConnected(100,
ReLU) -> Softmax(10), mini-batch 10, eta = 0.03, lmbda = 1.0, float64, on the 3,000 embedded training
digits, with its validation accuracy. (The book's sigmoid version at eta = 0.1 has not started to
learn after one epoch of 3,000 digits, so its accuracy would say nothing about the code.)
Writes ``benchmarks/results/conv.json``.

    .venv/bin/python benchmarks/bench_conv.py [--quick] [--threads N]
"""

from __future__ import annotations

import time

import _common  # noqa: F401  (sets the BLAS threads before numpy is imported)
from _common import load_torch, parser, round_robin, write

import numpy as np

from nnadl.conv import ConvPoolLayer, FullyConnectedLayer, Network, ReLU, SoftmaxLayer
from nnadl.data import load_embedded


def main():
    p = parser(__doc__.splitlines()[0])
    args = p.parse_args()
    calls, rounds = (20, 3) if args.quick else (100, 7)
    rng = np.random.default_rng(0)
    x = rng.random((10, 1, 28, 28))
    layer = ConvPoolLayer((20, 1, 5, 5), (10, 1, 28, 28), seed=0)
    grad_out = rng.standard_normal((10, 20, 12, 12))

    def nnadl_layer():
        for _ in range(calls):
            layer.forward(x)
            layer.backward(grad_out, need_input_grad=False)

    cases = {"nnadl ConvPoolLayer": nnadl_layer}
    torch = load_torch()
    max_diff = None
    if torch is not None:
        import torch.nn.functional as F
        tx = torch.from_numpy(x)
        tw = torch.from_numpy(layer.w.copy()).requires_grad_()
        tb = torch.from_numpy(layer.b.copy()).requires_grad_()
        tg = torch.from_numpy(grad_out)

        def torch_once():
            tw.grad = tb.grad = None
            a = torch.sigmoid(F.max_pool2d(F.conv2d(tx, tw), 2) + tb.view(1, -1, 1, 1))
            a.backward(tg)
            return a

        def torch_layer():
            for _ in range(calls):
                torch_once()

        a = torch_once()
        out = layer.forward(x)
        nw, nb, _ = layer.backward(grad_out, need_input_grad=False)
        max_diff = max(float(np.max(np.abs(out - a.detach().numpy()))),
                       float(np.max(np.abs(nw - tw.grad.numpy()))), float(np.max(np.abs(nb - tb.grad.numpy()))))
        print(f"nnadl and PyTorch agree to {max_diff:.1e} (outputs and gradients)")
        cases["PyTorch conv2d + max_pool2d + autograd"] = torch_layer

    best = round_robin(cases, rounds)
    per_call = {k: v / calls for k, v in best.items()}
    for k, v in per_call.items():
        print(f"{k:40s} {v * 1e3:7.3f} ms per forward + backward")
    ratio = None
    if torch is not None:
        ratio = per_call["nnadl ConvPoolLayer"] / per_call["PyTorch conv2d + max_pool2d + autograd"]
        print(f"nnadl / PyTorch: {ratio:.2f} (target: at most 2)")

    training, validation, _ = load_embedded(seed=0)
    n_train = 600 if args.quick else len(training.X)
    eta, lmbda = 0.03, 1.0
    net = Network([ConvPoolLayer((20, 1, 5, 5), (10, 1, 28, 28), activation_fn=ReLU),
                   FullyConnectedLayer(20 * 12 * 12, 100, activation_fn=ReLU),
                   SoftmaxLayer(100, 10)], 10, seed=0)
    start = time.perf_counter()
    history = net.SGD((training.X[:n_train], training.labels[:n_train]), 1, net.mini_batch_size, eta,
                      (validation.X, validation.labels), lmbda=lmbda)
    epoch_seconds = time.perf_counter() - start
    print(f"conv net: one epoch of {n_train} digits in {epoch_seconds:.1f} s, "
          f"validation accuracy {history.evaluation_accuracy[-1]:.3f}")

    write("conv", {
        "quick": args.quick,
        "layer": {"input": [10, 1, 28, 28], "filters": [20, 1, 5, 5], "pool": [2, 2], "activation": "sigmoid",
                  "dtype": "float64", "calls_per_round": calls, "rounds": rounds},
        "seconds_per_forward_backward": per_call,
        "nnadl_over_torch": ratio,
        "max_abs_difference_vs_torch": max_diff,
        "target_within_2x_of_torch_met": None if ratio is None else ratio <= 2,
        "conv_net_epoch": {"layers": " -> ".join(repr(layer) for layer in net.layers),
                           "training_examples": n_train, "mini_batch": net.mini_batch_size,
                           "eta": eta, "lmbda": lmbda,
                           "seconds": epoch_seconds,
                           "validation_accuracy": history.evaluation_accuracy[-1]},
    }, args.out)


if __name__ == "__main__":
    main()
