r"""Fetching MNIST once into a cache directory, each file checked against a pinned checksum.

:func:`download` tries the mirrors in turn; every transfer goes to a temporary file that is
renamed only once complete and verified. :func:`nnadl.mnist_loader.load` reads what it left
(``load("mnist")``), and :func:`~nnadl.mnist_loader.default_cache_dir` says where that is.

A copy already there is kept when it is MNIST: when its SHA-256 is the pinned one, or when the
SHA-256 of its uncompressed content is MNIST's (a copy compressed by another gzip, or kept
uncompressed). :func:`check` says what a directory holds and whether it matches.
"""

from __future__ import annotations

import hashlib
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

from ._files import as_path, replacing
from .mnist_loader import (
    IDX_FILES,
    IMAGES_MAGIC,
    LABELS_MAGIC,
    PICKLE_FILE,
    DataError,
    decompressed,
    default_cache_dir,
    idx_path,
    load_pickle,
    read_idx,
)

__all__ = ["DownloadError", "CHECKSUMS", "CONTENT_SHA256", "MIRRORS", "Found", "check", "download"]


class DownloadError(DataError, ConnectionError):
    """A download failed (no connection, HTTP error, truncated transfer); nothing was left behind."""


# Pinned checksums. The four IDX files: SHA-256 and sizes from TensorFlow Datasets'
# tensorflow_datasets/url_checksums/mnist.txt (the same sums are used by other loaders;
# torchvision pins MD5s f68b3c2d..., d53e105e..., 9fb629c4..., ec29112d... for the same files).
# The book's mnist.pkl.gz has no SHA-256 published that we could verify, so it is pinned
# to nothing: a download of it is checked by reading it (see `_verify`) and its SHA-256 is
# reported, never invented.
CHECKSUMS: dict[str, tuple[str, str] | None] = {
    "train-images-idx3-ubyte.gz": ("sha256", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "train-labels-idx1-ubyte.gz": ("sha256", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "t10k-images-idx3-ubyte.gz": ("sha256", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "t10k-labels-idx1-ubyte.gz": ("sha256", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    PICKLE_FILE: None,
}

#: SHA-256 of each IDX file's uncompressed content (the standard files of 47,040,016, 60,008,
#: 7,840,016 and 10,008 bytes). The ``.gz`` bytes depend on the compressor (its level, the time
#: stamp it writes); the content does not, so MNIST compressed by another gzip matches here.
CONTENT_SHA256 = {
    "train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

# Tried in order. The first is the mirror TensorFlow Datasets pins; the second torchvision's.
MIRRORS = {
    **{name: ("https://storage.googleapis.com/cvdf-datasets/mnist/",
              "https://ossci-datasets.s3.amazonaws.com/mnist/") for name in IDX_FILES.values()},
    PICKLE_FILE: ("https://github.com/mnielsen/neural-networks-and-deep-learning/raw/master/data/",),
}


def _digest(path, algorithm):
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Found(NamedTuple):
    """What a directory holds for one MNIST file, as :func:`check` finds it.

    ``path`` is the file found (for an IDX file, the ``.gz`` file or else the same uncompressed),
    None when there is neither; ``matches`` says whether it is a good copy; ``how`` says, for a
    person, what was compared and what was found.
    """

    name: str
    path: Path | None
    matches: bool
    how: str


def check(name, directory=None, checksums=None) -> Found:
    """What ``directory`` holds for the MNIST file ``name``, and whether it matches.

    An IDX file matches when its SHA-256 is the pinned one (:data:`CHECKSUMS`), or when the SHA-256
    of its uncompressed content is MNIST's (:data:`CONTENT_SHA256`): a copy compressed by another
    gzip, or kept uncompressed. ``mnist.pkl.gz``, which has no published checksum, matches when it
    reads as the book's data.

    Parameters
    ----------
    name : str
        As :data:`CHECKSUMS` names it, e.g. ``"train-images-idx3-ubyte.gz"``.
    directory : str or Path, optional
        Defaults to :func:`~nnadl.mnist_loader.default_cache_dir`.
    checksums : dict, optional
        ``{name: (algorithm, hexdigest)}``, overriding :data:`CHECKSUMS`.

    Returns
    -------
    Found

    Examples
    --------
    >>> import tempfile
    >>> check("t10k-labels-idx1-ubyte.gz", tempfile.mkdtemp())[2:]
    (False, 'missing')
    """
    checksums = {**CHECKSUMS, **(checksums or {})}
    directory = as_path(directory, "directory") if directory is not None else default_cache_dir()
    path = idx_path(directory, name) if name in IDX_FILES.values() else directory / name
    if not path.is_file():
        return Found(name, None, False, "missing")
    return Found(name, path, *_compare(path, name, checksums, compressed=path.name == name))


def _compare(path, name, checksums, compressed=True):
    """``(matches, how)``: whether ``path`` is a good copy of ``name``, and what was compared, in words."""
    pinned, content = checksums.get(name), CONTENT_SHA256.get(name)
    found = None
    if pinned is not None and compressed:
        algorithm, expected = pinned
        found = _digest(path, algorithm)
        if found == expected:
            return True, f"{algorithm} matches the pinned one"
        found = f"{algorithm} checksum mismatch (expected {expected}, got {found})"
    if content is not None:
        try:
            actual = hashlib.sha256(decompressed(path)).hexdigest()
        except DataError as e:
            return False, f"{found}; {e}" if found else str(e)
        if actual == content:
            return True, ("compressed differently from the official file; the sha256 of its uncompressed content "
                          "matches MNIST's" if compressed else "uncompressed; its sha256 matches MNIST's")
        differs = f"the sha256 of its uncompressed content is not MNIST's either (expected {content}, got {actual})"
        return False, f"{found}; {differs}" if found else f"uncompressed, and not MNIST's: {differs.replace(' either', '')}"
    if found:
        return False, found
    try:
        if name == PICKLE_FILE:
            load_pickle(path)  # no published checksum: at least it must read as MNIST
        else:
            read_idx(path, IMAGES_MAGIC if "images" in name else LABELS_MAGIC)
    except DataError as e:
        return False, f"does not read as MNIST: {e}"
    return True, "reads as MNIST (no published checksum to compare)"


def _verify(path, name, checksums):
    """Raise DataError unless ``path`` holds a good copy of ``name``."""
    matches, how = _compare(path, name, checksums)
    if not matches:
        raise DataError(f"{name}: {how}")


def download(names: Sequence[str] | None = None, cache_dir=None, *, base_url=None, timeout=60.0,
             deadline=1800.0, checksums=None,
             progress: Callable[[str, int, int | None], None] | None = None) -> list[Path]:
    """Fetch MNIST files once into a cache directory, each checked against its pinned checksum.

    A file already there is not downloaded again when it matches (:func:`check`): its checksum
    is the pinned one, or its uncompressed content is MNIST's. Each
    download goes to a temporary file in the same directory and is renamed only once
    complete and verified, so an interrupted or corrupt transfer never leaves a file
    that looks complete.

    Parameters
    ----------
    names : sequence of str, optional
        File names; the four IDX files by default. ``"mnist.pkl.gz"`` is the book's file.
    cache_dir : str or Path, optional
        Defaults to :func:`default_cache_dir`; created if needed.
    base_url : str, optional
        Fetch ``base_url + name`` instead of the built-in mirrors; also taken from the
        ``NNADL_MNIST_URL`` environment variable.
    timeout : float, default 60
        Seconds to wait for the server to connect or to send the next bytes.
    deadline : float or None, default 1800
        Seconds one file's transfer from one mirror may take in all; a server that keeps
        sending a trickle of bytes, each within ``timeout``, is given up on after this
        (and the next mirror tried). ``None``: no limit. The real MNIST files are 11 MB
        together, so 30 minutes is a connection of under 10 kB/s.
    checksums : dict, optional
        ``{name: (algorithm, hexdigest)}``, overriding :data:`CHECKSUMS`.
    progress : callable(name, done, total), optional
        Called as bytes arrive (``total`` is None when the server does not say).

    Returns
    -------
    list of Path
        The cached files, in the order of ``names`` (an IDX file kept uncompressed by its own name).

    Raises
    ------
    DownloadError
        No mirror could be reached, answered without an HTTP error, or finished within
        ``deadline``; the message names the file, every mirror's reason, and the full path
        to put it at by hand.
    DataError
        Every mirror tried sent a truncated or corrupt file (checksum mismatch), or some did
        and the others failed to connect (nothing is kept).
    ValueError
        An unknown file name.

    Each mirror is tried in turn until one gives a complete file with the right checksum.

    Examples
    --------
    >>> import tempfile
    >>> download(["mnist.pkl.gz"], tempfile.mkdtemp(), base_url="http://127.0.0.1:9/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nnadl.download.DownloadError: could not download mnist.pkl.gz ...
    """
    names = list(IDX_FILES.values()) if names is None else list(names)
    checksums = {**CHECKSUMS, **(checksums or {})}
    directory = as_path(cache_dir, "cache_dir") if cache_dir is not None else default_cache_dir()
    base_url = base_url or os.environ.get("NNADL_MNIST_URL") or None
    paths = []
    for name in names:
        if name not in checksums and base_url is None:
            raise ValueError(f"unknown file {name!r}; expected one of: {', '.join(CHECKSUMS)}")
        target = directory / name
        there = check(name, directory, checksums)
        if there.matches:
            paths.append(there.path)
            continue
        directory.mkdir(parents=True, exist_ok=True)
        urls = [base_url.rstrip("/") + "/" + name] if base_url else [m + name for m in MIRRORS[name]]
        errors = []
        for url in urls:
            try:
                _fetch(url, target, name, checksums, timeout, deadline, progress)
                break
            except DataError as e:  # DownloadError too: a truncated or corrupt copy is a reason to try the next mirror
                errors.append(e)
        else:
            # Only connection trouble is a DownloadError (a ConnectionError); a file that arrived
            # but was wrong everywhere is a DataError, as it was with one mirror.
            error = DownloadError if all(isinstance(e, DownloadError) for e in errors) else DataError
            reasons = "; ".join(str(e.args[0]) for e in errors)
            if there.path is None:
                raise error(f"could not download {name} ({reasons}); download it yourself and put it at "
                            f"{target.resolve()}")
            raise error(f"could not download {name} ({reasons}); the copy at {there.path.resolve()} does not "
                        f"match: {there.how}")
        paths.append(target)
    return paths


def _fetch(url, target, name, checksums, timeout, deadline, progress):
    """Download ``url`` to ``target`` through a temporary file; remove the temporary on any failure."""
    start = time.monotonic()
    with replacing(target) as tmp:
        with open(tmp, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    length = response.headers.get("Content-Length")
                    total = int(length) if length and length.isdigit() else None
                    done = 0
                    while True:
                        # read1: whatever has arrived, up to 64 KiB. read(n) would wait for all n
                        # bytes, so a trickling server would hold it far past the deadline.
                        chunk = response.read1(1 << 16)
                        if not chunk:
                            break
                        out.write(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(name, done, total)
                        if deadline is not None and time.monotonic() - start > deadline:
                            of = f" of {total}" if total is not None else ""
                            raise DownloadError(
                                f"gave up after {deadline:g} s (the deadline): received {done}{of} bytes"
                            )
            except DownloadError:
                raise
            except urllib.error.HTTPError as e:
                raise DownloadError(f"{url}: HTTP {e.code} {e.reason}") from None
            except (urllib.error.URLError, OSError) as e:  # refused, unreachable, timeout, reset
                raise DownloadError(f"{url}: {getattr(e, 'reason', e)}") from None
            except Exception as e:  # http.client.IncompleteRead and friends
                raise DownloadError(f"{url}: {type(e).__name__}: {e}") from None
        if total is not None and done != total:
            raise DataError(
                f"{url}: {name}: truncated: received {done} of {total} bytes; nothing was kept"
            )
        try:
            _verify(tmp, name, checksums)
        except DataError as e:
            raise DataError(f"{url}: {e.args[0].replace(str(tmp), name)}; nothing was kept") from None
