"""Controls for a reproduced result that differs from the book's: more seeds, or the book's pixel scale.

Where a result of ``nnadl reproduce`` lies outside the range of its seeds, three questions come
first: is the book's number within what more seeds give (the book reports one run, or the best
of three); does the book's data differ (its ``mnist.pkl.gz`` stores each pixel as its byte
divided by 256; nnadl reads the IDX files and divides by 255); and, for the experiments that
train on the first 1,000 or 5,000 images only, how much does *which* images change the result?
This script answers each, with the same code path as ``nnadl reproduce``::

    python reproductions/controls.py ch1-network-30 --seeds 3 4 5 6 7 8 9 --data DIR
    python reproductions/controls.py ch1-network-30 --seeds 0 1 2 --pixels 256 --data DIR
    python reproductions/controls.py ch3-overfitting-1000 --seeds 0 1 2 --offset 1000 --data DIR

Each writes ``reproductions/controls/NAME+seeds-3-to-9.json`` (or ``+pixels-256``, ``+offset-1000``), a record like
``nnadl reproduce``'s under a name of its own (the site's pages read only the records named
after an experiment). DIR holds the full MNIST (the four IDX files, or ``mnist.pkl.gz``).
"""

import argparse
import sys
from pathlib import Path

from nnadl.data import Dataset, Splits, load
from nnadl.experiments import get
from nnadl.reproduce import reproduce, save


def book_pixels(splits: Splits) -> Splits:
    """The same images with each pixel as the book stores it: byte / 256 instead of byte / 255."""
    return Splits(*(Dataset(d.X * (255 / 256), d.labels) for d in splits))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name")
    parser.add_argument("--seeds", type=int, nargs="+", required=True)
    parser.add_argument("--pixels", type=int, choices=[255, 256], default=255,
                        help="divide each pixel's byte by this (the book's pickle: 256; nnadl: 255)")
    parser.add_argument("--offset", type=int, default=0,
                        help="train on the training images from this one on (default 0: the first, as the book)")
    parser.add_argument("--data", required=True, help="a directory with the full MNIST")
    args = parser.parse_args(argv)
    exp = get(args.name)
    seeds = args.seeds
    consecutive = len(seeds) > 2 and seeds == list(range(seeds[0], seeds[-1] + 1))
    label = (f"pixels-{args.pixels}" if args.pixels == 256 else f"offset-{args.offset}" if args.offset
             else f"seeds-{seeds[0]}-to-{seeds[-1]}" if consecutive else "seeds-" + "-".join(map(str, seeds)))
    out = Path(__file__).parent / "controls" / f"{exp.name}+{label}.json"
    out.parent.mkdir(exist_ok=True)  # now, not after the run: a finished run must have somewhere to go
    splits = load(args.data)
    if args.pixels == 256:
        splits = book_pixels(splits)
    if args.offset:
        splits = splits._replace(training=splits.training[args.offset:])
    record = reproduce(exp, splits, args.seeds)
    record["name"] = f"{exp.name}+{label}"
    record["control"] = {"seeds": args.seeds, "pixels": f"byte / {args.pixels}",
                         "training images from": args.offset}
    path = save(record, out)
    result = record.get("mean_values") or f"accuracy {record['accuracy']}, mean {record.get('mean')}"
    print(f"{record['name']}: {result}; wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
