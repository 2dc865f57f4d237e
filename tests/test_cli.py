"""The nnadl command: in-process through main(), and once as `python -m nnadl`."""

import gzip
import hashlib
import io
import socket
import struct
import subprocess
import sys

import numpy as np
import pytest

from nnadl import data
from nnadl.cli import _Progress, main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err):
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "error:" in err and "Traceback" not in err


def write_mnist_dir(directory, n_train=60, n_test=20):
    rng = np.random.default_rng(0)
    files = {}
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        images = rng.integers(0, 256, (n, 28, 28)).astype(np.uint8)
        labels = (np.arange(n) % 10).astype(np.uint8)
        files[f"{prefix}-images-idx3-ubyte.gz"] = gzip.compress(struct.pack(">IIII", 2051, n, 28, 28) + images.tobytes())
        files[f"{prefix}-labels-idx1-ubyte.gz"] = gzip.compress(struct.pack(">II", 2049, n) + labels.tobytes())
    for name, body in files.items():
        (directory / name).write_bytes(body)
    return files


@pytest.mark.parametrize("argv", [[], ["train"], ["evaluate"], ["data"], ["data", "download"], ["data", "info"]])
def test_help_at_every_level(capsys, argv):
    code, out, err = run(capsys, *argv, "--help")
    assert code == 0 and err == ""
    assert out.startswith("usage: nnadl") and "examples:" in out


def test_python_m_nnadl_help():
    result = subprocess.run([sys.executable, "-m", "nnadl", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage: nnadl" in result.stdout and "train" in result.stdout and result.stderr == ""


def test_train_save_then_evaluate(capsys, tmp_path):
    model = tmp_path / "model.json"
    code, out, err = run(capsys, "train", "--sizes", "784", "8", "10", "--epochs", "2", "--limit", "500",
                         "--seed", "1", "--save", str(model))
    assert code == 0, err
    assert "Epoch 0: " in out and "Epoch 1: " in out and "Epoch 2" not in out
    assert "/ 1000" in out and f"Saved the network to {model}" in out
    assert err == ""  # not a terminal: no progress bar
    final = next(line for line in out.splitlines() if line.startswith("Final test accuracy"))
    code, out, err = run(capsys, "evaluate", str(model))
    assert code == 0, err
    assert out.strip() == final.replace("Final test accuracy", "Test accuracy")
    code, out, _ = run(capsys, "evaluate", str(model), "--on", "validation")
    assert code == 0 and out.startswith("Validation accuracy: ")


def test_train_quiet_and_monitor_validation(capsys):
    code, out, _ = run(capsys, "train", "--sizes", "784", "4", "10", "--epochs", "1", "--limit", "100",
                       "--monitor", "validation", "--quiet")
    assert code == 0 and out.startswith("Final validation accuracy: ") and out.count("\n") == 1


@pytest.mark.parametrize("argv", [
    ["train", "--bogus"],
    ["train", "--eta", "-1"],
    ["train", "--epochs", "many"],
    ["train", "--mini-batch-size", "0"],
    ["train", "--cost", "hinge"],
    ["train", "--sizes", "784", "30", "9", "--epochs", "0"],
    ["train", "--sizes", "784", "--epochs", "0"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2_with_one_line(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert_one_line_error(err)


def test_missing_data_dir_exits_1(capsys, tmp_path):
    code, out, err = run(capsys, "train", "--data", str(tmp_path / "nowhere"), "--epochs", "1")
    assert code == 1 and out == ""
    assert_one_line_error(err)
    assert str(tmp_path / "nowhere") in err


def test_bad_data_and_model_files_exit_1(capsys, tmp_path):
    files = write_mnist_dir(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(files["t10k-labels-idx1-ubyte.gz"][:20])
    code, _, err = run(capsys, "train", "--data", str(tmp_path), "--epochs", "1")
    assert code == 1 and "t10k-labels-idx1-ubyte.gz" in err
    assert_one_line_error(err)
    model = tmp_path / "model.json"
    model.write_text("{broken")
    code, _, err = run(capsys, "evaluate", str(model))
    assert code == 1 and str(model) in err and "invalid JSON" in err
    assert_one_line_error(err)
    code, _, err = run(capsys, "evaluate", str(tmp_path / "absent.json"))
    assert code == 1 and "absent.json" in err
    assert_one_line_error(err)


def test_train_on_an_idx_directory(capsys, tmp_path):
    write_mnist_dir(tmp_path)
    code, out, err = run(capsys, "train", "--data", str(tmp_path), "--sizes", "784", "5", "10", "--epochs", "1")
    assert code == 0, err
    assert "on 50 " in out and "/ 20 " in out  # 60 training images: 50 training, 10 validation


def test_data_download_and_info(capsys, tmp_path, file_server, monkeypatch):
    url, files = file_server.url, file_server.files
    source = tmp_path / "source"
    source.mkdir()
    files.update(write_mnist_dir(source))
    for name, body in files.items():  # pin the test files' own checksums in place of MNIST's
        monkeypatch.setitem(data.CHECKSUMS, name, ("sha256", hashlib.sha256(body).hexdigest()))
    cache = tmp_path / "cache"
    code, out, err = run(capsys, "data", "download", "--dir", str(cache), "--url", url)
    assert code == 0, err
    assert out.count("ok  ") == 4 and sorted(p.name for p in cache.iterdir()) == sorted(files)
    monkeypatch.setenv("NNADL_DATA", str(cache))
    code, out, _ = run(capsys, "data", "info")
    assert code == 0 and str(cache) in out and out.count("present") == 4
    code, out, err = run(capsys, "train", "--data", "mnist", "--sizes", "784", "5", "10", "--epochs", "1")
    assert code == 0, err


def test_data_download_offline_exits_1(capsys, tmp_path):
    with socket.socket() as s:  # a port on 127.0.0.1 that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = run(capsys, "data", "download", "--dir", str(tmp_path), "--url", f"http://127.0.0.1:{port}/")
    assert code == 1 and out == ""
    assert_one_line_error(err)
    assert "train-images-idx3-ubyte.gz" in err and str(tmp_path.resolve() / "train-images-idx3-ubyte.gz") in err
    assert list(tmp_path.iterdir()) == []


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal():
    tty = FakeTerminal()
    bar = _Progress(stream=tty)
    bar(0, 500, 1000)
    bar(0, 1000, 1000)
    bar.clear()
    text = tty.getvalue()
    assert "Epoch 0 [" in text and "1000/1000" in text and text.endswith("\r")
    pipe = io.StringIO()
    quiet = _Progress(stream=pipe)
    quiet(0, 1000, 1000)
    quiet.clear()
    assert pipe.getvalue() == ""
