"""Property-based tests of every function that takes a path (issue 21): the classes "paths" (empty,
``~unknownuser/...``, a directory, a missing parent, a file where a directory is meant, a device node,
a FIFO, a symlink loop, odd characters, a NUL byte, a name too long), "files" (each of the project's
formats where another is expected, truncated, corrupt, declaring huge sizes) and "environment"
(``NNADL_DATA`` set to each kind of bad path).

The contract: the documented result, or a documented exception naming the file; nothing else created
beside it, and an existing file never replaced by a failed call.
"""

import gzip
import io
import json
import os
import pickle
import stat
import struct
import threading

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from properties_support import DOCUMENTED, call, message_names
from nnadl import download, formats, mnist_loader, network2, network3, reproduce
from nnadl.cli import main
from nnadl.layers import FullyConnectedLayer, SoftmaxLayer
from nnadl.network2 import Network
from nnadl.network3 import Network as ConvNetwork

posix_only = pytest.mark.skipif(os.name != "posix", reason="device nodes, FIFOs and symlinks")

PATH_KINDS = ["empty", "unknown_user", "directory", "missing_parent", "file_as_directory", "null_device",
              "fifo", "symlink_loop", "odd_characters", "nul_byte", "name_too_long", "dash_name", "unwritable"]


def make_path(kind, d):
    """A path of ``kind`` inside the scratch directory ``d`` (device nodes too: never under /dev)."""
    if kind == "empty":
        return ""
    if kind == "unknown_user":
        return "~nnadl_no_such_user_21/model.json"
    if kind == "directory":
        (d / "dir").mkdir(exist_ok=True)
        return str(d / "dir")
    if kind == "missing_parent":
        return str(d / "missing" / "model.json")
    if kind == "file_as_directory":
        (d / "file").write_text("x")
        return str(d / "file" / "model.json")
    if kind == "null_device":
        p = d / "null"
        if not p.exists():
            try:
                os.mknod(p, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            except PermissionError:
                pytest.skip("making a device node needs root or CAP_MKNOD")
        return str(p)
    if kind == "fifo":
        p = d / "fifo"
        if not p.exists():
            os.mkfifo(p)
        return str(p)
    if kind == "symlink_loop":
        p = d / "loop"
        if not p.is_symlink():
            p.symlink_to(p)
        return str(p)
    if kind == "odd_characters":
        return str(d / "ünï cödé\t* ?'\"$(x).json")
    if kind == "nul_byte":
        return str(d / "a\0b.json")
    if kind == "name_too_long":
        return str(d / ("m" * 300 + ".json"))
    if kind == "dash_name":
        return str(d / "-model.json")
    if kind == "unwritable":  # unwritable even for root: procfs refuses new files (a chmod would not stop root)
        if not os.path.isdir("/proc/self"):
            pytest.skip("no procfs here")
        return "/proc/nnadl-model.json"
    raise AssertionError(kind)


def names_the_path(error, path):
    text = str(error) + " " + str(getattr(error, "filename", "") or "")
    shown = path.replace("\0", "\\x00")
    return (path and (path in text or shown in text or repr(path)[1:-1] in text)) or (
        not path and ("''" in text or "empty" in text))


def fifo_partner(path, payload=None):
    """The other end of a FIFO the code under test is about to open, so that the test cannot hang:
    a writer of ``payload`` for a reader, or (``payload`` None) a reader for a writer."""
    def partner():
        try:
            if payload is None:
                with open(path, "rb") as f:
                    f.read()
            else:
                with open(os.open(path, os.O_WRONLY), "wb") as f:
                    f.write(payload)
        except OSError:
            pass
    threading.Thread(target=partner, daemon=True).start()


def snapshot(d):
    out = {}
    for root, dirs, files in os.walk(d):
        for n in dirs + files:
            p = os.path.join(root, n)
            st_ = os.lstat(p)
            out[p] = (stat.S_IFMT(st_.st_mode), st_.st_rdev,
                      open(p, "rb").read() if stat.S_ISREG(st_.st_mode) else None)
    return out


WRITERS = {
    "formats.save_network": lambda p: formats.save_network(Network([3, 2], seed=0), p),
    "formats.save_conv": lambda p: formats.save_conv(
        ConvNetwork([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=0), p),
    "reproduce.save": lambda p: reproduce.save({"name": "ch1-svm"}, p),
}
READERS = {
    "network2.load": network2.load,
    "network3.load": network3.load,
    "formats.read_network": formats.read_network,
    "formats.read_conv": formats.read_conv,
    "mnist_loader.decompressed": mnist_loader.decompressed,
    "mnist_loader.load_pickle": mnist_loader.load_pickle,
    "mnist_loader.read_idx": mnist_loader.read_idx,
    "mnist_loader.load_idx": mnist_loader.load_idx,
    "mnist_loader.load": mnist_loader.load,
    "mnist_loader.load_data": mnist_loader.load_data,
    "mnist_loader.load_data_wrapper": mnist_loader.load_data_wrapper,
}


@posix_only
@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("kind", PATH_KINDS)
def test_writers_on_bad_paths(tmp_path, writer, kind):
    path = make_path(kind, tmp_path)
    before = snapshot(tmp_path)
    if kind == "fifo":
        fifo_partner(path)
    outcome = call(WRITERS[writer], path)
    after = snapshot(tmp_path)
    if outcome.refused:
        assert isinstance(outcome.error, DOCUMENTED), outcome
        assert names_the_path(outcome.error, path), outcome
        assert after == before, "a failed save changed the directory"
    else:
        # A save went somewhere: to the file named, or through a device/FIFO that is still one.
        for p, (kind_before, rdev, _) in before.items():
            assert after[p][:2] == (kind_before, rdev), f"{p} was replaced"
        assert not [p for p in after if p.endswith(".part")]


@posix_only
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("kind", PATH_KINDS)
def test_readers_on_bad_paths(tmp_path, reader, kind):
    path = make_path(kind, tmp_path)
    outcome = call(READERS[reader], path if kind != "fifo" else fifo_partner(path, b"not a network") or path)
    assert outcome.refused, f"{reader}({path!r}) returned {outcome.value!r:.100}"
    assert isinstance(outcome.error, DOCUMENTED), outcome
    assert names_the_path(outcome.error, path), outcome


# -- files: every format where another is expected, truncated, corrupt, huge ---------------------

def _idx(magic, dims, body):
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", n) for n in dims) + body


def project_files():
    """Each of the project's file formats, as bytes."""
    buf = io.BytesIO()
    net = ConvNetwork([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=0)
    np.savez(buf, spec=np.array(json.dumps({"format": "nnadl.conv.Network", "version": 1, "mini_batch_size": 10,
                                            "dtype": "float64", "layers": [la.spec() for la in net.layers]})),
             **{f"{k}{i}": getattr(la, k) for i, la in enumerate(net.layers) for k in "wb"})
    X = np.zeros((2, 784), dtype=np.float32)
    part = (X, np.array([1, 2]))
    return {
        "network_json": json.dumps({"sizes": [3, 2], "weights": [[[0.0] * 3] * 2], "biases": [[[0.0]] * 2],
                                    "cost": "QuadraticCost"}).encode(),
        "conv_npz": buf.getvalue(),
        "idx_images": _idx(2051, (2, 2, 2), bytes(8)),
        "idx_labels": _idx(2049, (2,), bytes([1, 2])),
        "idx_images_gz": gzip.compress(_idx(2051, (2, 2, 2), bytes(8))),
        "pickle_gz": gzip.compress(pickle.dumps((part, part, part))),
        "npy": _npy(),
        "idx_huge": _idx(2051, (2**31, 2**16, 2**16), b""),
        "json_huge": json.dumps({"sizes": [10**12, 10**12], "weights": [], "biases": [], "cost": "QuadraticCost"}).encode(),
        "gzip_of_garbage": gzip.compress(b"\xff" * 64),
        "empty": b"",
        "utf16_text": "{}".encode("utf-16"),
    }


def _npy():
    buf = io.BytesIO()
    np.save(buf, np.zeros(3))
    return buf.getvalue()


FILES = project_files()
FILE_READERS = {
    "network2.load": ("network_json", network2.load),
    "network3.load": ("conv_npz", network3.load),
    "formats.read_network": ("network_json", formats.read_network),
    "formats.read_conv": ("conv_npz", formats.read_conv),
    "mnist_loader.load_pickle": ("pickle_gz", mnist_loader.load_pickle),
    "mnist_loader.read_idx": ("idx_images", mnist_loader.read_idx),
}


@pytest.mark.parametrize("reader", FILE_READERS)
def test_each_reader_reads_its_own_format(tmp_path, reader):
    own, fn = FILE_READERS[reader]
    path = tmp_path / "f"
    path.write_bytes(FILES[own])
    outcome = call(fn, path)
    assert not outcome.refused, outcome


@pytest.mark.parametrize("reader", FILE_READERS)
@given(fmt=st.sampled_from(sorted(FILES)), cut=st.one_of(st.none(), st.integers(0, 400)),
       flip=st.one_of(st.none(), st.tuples(st.integers(0, 400), st.integers(1, 255))))
def test_readers_on_other_formats_truncated_or_corrupt(tmp_path_factory, reader, fmt, cut, flip):
    own, fn = FILE_READERS[reader]
    content = bytearray(FILES[fmt])
    if cut is not None:
        content = content[:cut]
    if flip is not None and content:
        i, x = flip
        content[i % len(content)] ^= x
    changed = bytes(content) != FILES[own]
    path = tmp_path_factory.mktemp("f") / "file.bin"
    path.write_bytes(bytes(content))
    outcome = call(fn, path)
    if not outcome.refused:
        assert not (fmt != own and changed and fmt not in ("idx_images_gz",) and reader != "mnist_loader.read_idx"), (
            f"{reader} accepted a {fmt} file")
        return
    assert isinstance(outcome.error, (ValueError, OSError)), outcome
    assert message_names(outcome.error, str(path)) or str(path) in str(outcome.error), outcome



@posix_only
@pytest.mark.parametrize("kind", PATH_KINDS)
def test_check_on_bad_directories(tmp_path, kind):
    """``download.check`` asks what a directory holds: a bad one holds nothing, or is named (an empty path)."""
    path = make_path(kind, tmp_path)
    outcome = call(download.check, "t10k-labels-idx1-ubyte.gz", path)
    if outcome.refused:
        assert isinstance(outcome.error, DOCUMENTED), outcome
        assert names_the_path(outcome.error, path), outcome
    else:
        assert (outcome.value.how, outcome.value.matches) == ("missing", False), outcome

# -- environment -------------------------------------------------------------------------------

@posix_only
@pytest.mark.parametrize("kind", PATH_KINDS)
def test_nnadl_data_set_to_a_bad_path(tmp_path_factory, capsys, kind):
    d = tmp_path_factory.mktemp("env")
    value = make_path(kind, d)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NNADL_DATA", value) if "\0" not in value else mp.setenv("NNADL_DATA", value.replace("\0", ""))
        for argv in (["data", "info"], ["train", "--data", "mnist", "--epochs", "0", "--sizes", "784", "10"],
                     ["evaluate", str(d / "none.json"), "--data", "mnist"]):
            capsys.readouterr()
            code = main(argv)
            out, err = capsys.readouterr()
            assert "Traceback" not in err
            assert code in (0, 1), (argv, code, err)
            if code == 1:
                assert err.startswith(f"nnadl {argv[0]}: error: ") and err.count("\n") == 1, err


def _npz_huge():
    buf = io.BytesIO()
    spec = {"format": "nnadl.conv.Network", "version": 1, "mini_batch_size": 10, "dtype": "float64",
            "layers": [{"type": "FullyConnectedLayer", "n_in": 10**6, "n_out": 10**6},
                       {"type": "SoftmaxLayer", "n_in": 10**6, "n_out": 10}]}
    np.savez(buf, spec=np.array(json.dumps(spec)), w0=np.zeros((1, 1)), b0=np.zeros(1), w1=np.zeros((1, 1)),
             b1=np.zeros(1))
    return buf.getvalue()


FILES["npz_huge"] = _npz_huge()


@pytest.mark.parametrize("fmt", sorted(FILES))
@pytest.mark.parametrize("argv", [["evaluate", "{f}"], ["train", "--epochs", "0", "--data", "{f}"],
                                  ["evaluate", "{model}", "--data", "{f}"]], ids=["evaluate", "train", "evaluate-data"])
def test_the_command_on_every_format(tmp_path, capsys, monkeypatch, fmt, argv):
    """Each format given to each command that reads a file: a result, or one line naming the file."""
    monkeypatch.chdir(tmp_path)
    model = tmp_path / "model.json"
    assert main(["train", "--epochs", "0", "--sizes", "784", "10", "--quiet", "--save", str(model)]) == 0
    f = tmp_path / f"given.{fmt}"
    f.write_bytes(FILES[fmt])
    capsys.readouterr()
    code = main([a.format(f=f, model=model) for a in argv])
    out, err = capsys.readouterr()
    if code == 0:  # only a file of the format the command reads
        assert (argv[0], fmt) in {("evaluate", "network_json"), ("train", "pickle_gz")} or fmt == "pickle_gz", err
        return
    assert code == 1 and err.count("\n") == 1 and err.startswith(f"nnadl {argv[0]}: error: "), err
    assert str(f) in err, err
