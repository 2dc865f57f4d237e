"""Saving onto a file that is not a regular file (issue 21): a character device or a FIFO is written
through and stays what it was; a block device or a socket is refused; a save that fails after training
keeps the trained network elsewhere and says where.

Device nodes are made in a scratch directory (``os.mknod`` needs root or CAP_MKNOD; skipped without),
never under /dev.
"""

import json
import os
import re
import socket
import stat
import subprocess
import sys
import threading

import pytest

from nnadl._files import check_writable
from nnadl.cli import main
from nnadl.formats import save_conv, save_network
from nnadl.layers import FullyConnectedLayer, SoftmaxLayer
from nnadl.network2 import Network
from nnadl.network2 import load as load_network
from nnadl.network3 import Network as ConvNetwork

posix_only = pytest.mark.skipif(os.name != "posix", reason="device nodes and FIFOs are POSIX")
NULL, FULL, LOOP0 = (1, 3), (1, 7), (7, 0)  # Linux: /dev/null, /dev/full, the first loop block device


def mknod(path, kind, numbers):
    try:
        os.mknod(path, 0o666 | kind, os.makedev(*numbers))
    except PermissionError:
        pytest.skip("making a device node needs root or CAP_MKNOD")
    return path


def node(path):
    """What a test must find unchanged: the file's type and device numbers."""
    st = os.lstat(path)
    return stat.S_IFMT(st.st_mode), st.st_rdev


def small_net():
    return Network([3, 2], seed=0)


def small_conv():
    return ConvNetwork([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=0)


WRITERS = {"save_network": lambda p: save_network(small_net(), p), "save_conv": lambda p: save_conv(small_conv(), p)}


@posix_only
@pytest.mark.parametrize("writer", WRITERS)
def test_a_save_to_a_null_device_discards_and_keeps_the_node(tmp_path, writer):
    path = mknod(tmp_path / "null", stat.S_IFCHR, NULL)
    before = node(path)
    WRITERS[writer](path)
    assert node(path) == before  # was: a regular file renamed over the device node
    assert sorted(os.listdir(tmp_path)) == ["null"]  # and no temporary file beside it


@posix_only
@pytest.mark.parametrize("writer", WRITERS)
def test_a_save_into_a_fifo_is_written_through_to_its_reader(tmp_path, writer):
    path = tmp_path / "fifo"
    os.mkfifo(path)
    received = []
    reader = threading.Thread(target=lambda: received.append(path.read_bytes()), daemon=True)
    reader.start()
    WRITERS[writer](path)
    reader.join(10)
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    if writer == "save_network":
        assert json.loads(received[0])["sizes"] == [3, 2]
    else:
        assert received[0][:2] == b"PK"  # the whole .npz archive arrived


@posix_only
@pytest.mark.parametrize("writer", WRITERS)
def test_a_block_device_is_refused_and_kept(tmp_path, writer):
    path = mknod(tmp_path / "disk", stat.S_IFBLK, LOOP0)
    before = node(path)
    with pytest.raises(OSError, match="block device") as info:
        WRITERS[writer](path)
    assert info.value.filename == str(path)
    assert node(path) == before
    with pytest.raises(OSError, match="block device"):
        check_writable(path)


@posix_only
@pytest.mark.parametrize("writer", WRITERS)
def test_a_socket_is_refused_and_kept(tmp_path, writer):
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        with pytest.raises(OSError, match="socket") as info:
            WRITERS[writer](path)
        assert info.value.filename == str(path)
        assert stat.S_ISSOCK(os.lstat(path).st_mode)


@posix_only
def test_a_symlink_to_a_device_writes_through_to_the_device(tmp_path):
    device = mknod(tmp_path / "null", stat.S_IFCHR, NULL)
    link = tmp_path / "out.json"
    link.symlink_to(device)
    save_network(small_net(), link)
    assert link.is_symlink() and node(device) == (stat.S_IFCHR, os.makedev(*NULL))


@posix_only
def test_train_save_to_a_null_device(tmp_path, capsys):
    path = mknod(tmp_path / "null", stat.S_IFCHR, NULL)
    assert main(["train", "--epochs", "0", "--sizes", "784", "10", "--quiet", "--save", str(path)]) == 0
    assert node(path) == (stat.S_IFCHR, os.makedev(*NULL))
    assert sorted(os.listdir(tmp_path)) == ["null"]


@posix_only
def test_train_save_to_a_read_only_device_is_refused_before_training(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root may write any device")
    path = mknod(tmp_path / "null", stat.S_IFCHR, NULL)
    os.chmod(path, 0o444)
    assert main(["train", "--epochs", "1", "--sizes", "784", "10", "--save", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Epoch" not in out and f"--save {path}" in err


def recovered_path(err):
    match = re.search(r"the trained network was saved to (\S+) instead", err)
    assert match, err
    return match.group(1)


@posix_only
def test_a_save_that_fails_after_training_keeps_the_network(tmp_path, capsys, monkeypatch):
    """A full disk at the end of a run (a /dev/full node: every write fails with ENOSPC)."""
    path = mknod(tmp_path / "full", stat.S_IFCHR, FULL)
    monkeypatch.setenv("NNADL_DATA", str(tmp_path / "cache"))
    assert main(["train", "--epochs", "0", "--sizes", "784", "10", "--quiet", "--save", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"--save {path}: No space left on device" in err and err.count("\n") == 1
    kept = recovered_path(err)
    assert kept.startswith(str(tmp_path / "cache" / "recovered"))
    assert load_network(kept).sizes == [784, 10]
    assert node(path) == (stat.S_IFCHR, os.makedev(*FULL))


@posix_only
def test_with_no_usable_cache_the_network_is_kept_in_the_temporary_directory(tmp_path, capsys, monkeypatch):
    path = mknod(tmp_path / "full", stat.S_IFCHR, FULL)
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("NNADL_DATA", str(tmp_path / "file" / "cache"))  # a file where a directory is meant
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", None)  # re-read TMPDIR
    assert main(["train", "--epochs", "0", "--sizes", "784", "10", "--quiet", "--save", str(path)]) == 1
    kept = recovered_path(capsys.readouterr().err)
    assert os.path.dirname(kept) == str(tmp_path / "tmp") and load_network(kept).sizes == [784, 10]


@posix_only
def test_the_directory_removed_during_training_does_not_lose_the_run(tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    env = dict(os.environ, NNADL_DATA=str(tmp_path / "cache"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnadl", "train", "--epochs", "10", "--sizes", "784", "30", "10",
         "--save", str(out_dir / "model.json")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    assert proc.stdout.readline().startswith("Training")
    os.rmdir(out_dir)  # while it trains
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1 and "Traceback" not in err
    assert f"--save {out_dir / 'model.json'}: No such file or directory" in err
    assert load_network(recovered_path(err)).sizes == [784, 30, 10]
