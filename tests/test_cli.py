"""The nnadl command: what a person reads on stdout and stderr, and the exit status."""

import gzip
import hashlib
import io
import json
import os
import re
import socket
import subprocess
import sys

import pytest

from nnadl import data
from nnadl import download as downloading
from nnadl.cli import _Progress, main
from helpers import one_line_error, run, write_mnist_dir, write_pickle


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
    one_line_error(err)


def test_missing_data_dir_exits_1(capsys, tmp_path):
    code, out, err = run(capsys, "train", "--data", str(tmp_path / "nowhere"), "--epochs", "1")
    assert code == 1 and out == ""
    one_line_error(err)
    assert str(tmp_path / "nowhere") in err


def test_bad_data_and_model_files_exit_1(capsys, tmp_path):
    files = write_mnist_dir(tmp_path, n_train=60, n_test=20).files
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(files["t10k-labels-idx1-ubyte.gz"][:20])
    code, _, err = run(capsys, "train", "--data", str(tmp_path), "--epochs", "1")
    assert code == 1 and "t10k-labels-idx1-ubyte.gz" in err
    one_line_error(err)
    model = tmp_path / "model.json"
    model.write_text("{broken")
    code, _, err = run(capsys, "evaluate", str(model))
    assert code == 1 and str(model) in err and "invalid JSON" in err
    one_line_error(err)
    code, _, err = run(capsys, "evaluate", str(tmp_path / "absent.json"))
    assert code == 1 and "absent.json" in err
    one_line_error(err)


def test_train_on_an_idx_directory(capsys, tmp_path):
    write_mnist_dir(tmp_path, n_train=60, n_test=20)
    code, out, err = run(capsys, "train", "--data", str(tmp_path), "--sizes", "784", "5", "10", "--epochs", "1")
    assert code == 0, err
    assert "on 50 " in out and "/ 20 " in out  # 60 training images: 50 training, 10 validation


def test_data_download_and_info(capsys, tmp_path, file_server, monkeypatch):
    url, files = file_server.url, file_server.files
    source = tmp_path / "source"
    source.mkdir()
    files.update(write_mnist_dir(source, n_train=60, n_test=20).files)
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


def nowhere():
    """A URL on 127.0.0.1 that nothing listens on: a download from it fails at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/"


def test_data_download_offline_exits_1(capsys, tmp_path):
    code, out, err = run(capsys, "data", "download", "--dir", str(tmp_path), "--url", nowhere())
    assert code == 1 and out == ""
    one_line_error(err)
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
    quiet.transfer("t10k-labels-idx1-ubyte.gz", 10, 10)
    quiet.clear()
    assert pipe.getvalue() == ""


def test_a_download_shows_its_megabytes_on_the_same_line():
    tty = FakeTerminal()
    progress = _Progress(stream=tty)
    progress.transfer("train-images-idx3-ubyte.gz", 2_000_000, 9_912_422)
    progress.transfer("train-images-idx3-ubyte.gz", 2_100_000, 9_912_422)  # within a tenth of a second: not drawn
    progress.transfer("train-images-idx3-ubyte.gz", 9_912_422, 9_912_422)  # the last is always drawn
    progress.transfer("t10k-labels-idx1-ubyte.gz", 5_000, None)
    progress.clear()
    lines = tty.getvalue().split("\r")
    assert [line.rstrip() for line in lines if line.strip()] == [
        "train-images-idx3-ubyte.gz: 2.0 / 9.9 MB",
        "train-images-idx3-ubyte.gz: 9.9 / 9.9 MB",
        "t10k-labels-idx1-ubyte.gz: 0.0 MB",
    ]
    assert tty.getvalue().endswith("\r") and "\n" not in tty.getvalue()


TRAIN = ["train", "--sizes", "784", "4", "10", "--epochs", "2", "--limit", "50"]


@pytest.fixture
def model(tmp_path, capsys):
    path = tmp_path / "model.json"
    code, _, err = run(capsys, *TRAIN, "--save", path)
    assert code == 0, err
    return path


@pytest.mark.parametrize("case, message", [
    ("missing directory", "directory {d}/nodir does not exist"),
    ("a directory", "is a directory; give a file name"),
    ("a read-only file", "the file is read-only"),
    ("under a file", "is not a directory"),
])
def test_save_destination_is_checked_before_training(capsys, tmp_path, case, message):
    (tmp_path / "old.json").write_text("{}")
    os.chmod(tmp_path / "old.json", 0o444)
    (tmp_path / "file").write_text("")
    dest = {"missing directory": tmp_path / "nodir" / "model.json", "a directory": tmp_path,
            "a read-only file": tmp_path / "old.json", "under a file": tmp_path / "file" / "model.json"}[case]
    code, out, err = run(capsys, *TRAIN, "--save", dest)
    assert code == 1
    assert out == ""  # refused before the first epoch, not after the last
    one_line_error(err, f"--save {dest}: ", message.format(d=tmp_path))
    assert ".part" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "old.json"]


@pytest.mark.skipif(not os.path.isdir("/sys/kernel"), reason="needs sysfs, where no one can create files")
def test_save_into_a_read_only_directory_is_refused_before_training(capsys):
    code, out, err = run(capsys, *TRAIN, "--save", "/sys/kernel/model.json")
    assert code == 1 and out == ""
    one_line_error(err, "--save /sys/kernel/model.json: cannot write in directory /sys/kernel")


def test_json_nested_100000_deep(capsys, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    code, _, err = run(capsys, "evaluate", path)
    assert code == 1
    one_line_error(err, f"{path}: not a saved network (JSON nested too deeply to read)")  # was a RecursionError traceback


def test_weight_written_as_a_400_digit_integer(capsys, tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"sizes": [784, 10], "weights": [[[10 ** 400] * 784] * 10],
                                "biases": [[[0]] * 10], "cost": "QuadraticCost"}))
    code, _, err = run(capsys, "evaluate", path)
    assert code == 1
    one_line_error(err, f"{path}: weights[0] holds a number too large for a float")  # was an OverflowError traceback


def test_a_network_too_large_for_memory(capsys, tmp_path, monkeypatch):
    from nnadl import cli

    def read_network(path):  # as numpy reports a 74.5 GiB allocation it cannot make
        raise MemoryError("Unable to allocate 74.5 GiB for an array with shape (10000000000, 1)")

    monkeypatch.setattr(cli, "read_network", read_network)
    code, _, err = run(capsys, "evaluate", tmp_path / "huge.json")
    assert code == 1
    one_line_error(err, f"{tmp_path / 'huge.json'}: the network it describes does not fit in memory")


def test_a_network_with_other_than_10_outputs(capsys, tmp_path):
    path = tmp_path / "five.json"
    path.write_text(json.dumps({"sizes": [784, 5], "weights": [[[0.0] * 784] * 5],
                                "biases": [[[0.0]] * 5], "cost": "QuadraticCost"}))
    code, _, err = run(capsys, "evaluate", path)
    assert code == 1
    one_line_error(err, f"{path}: the network has 5 outputs; classifying digits needs 10")


def test_nan_pixels_are_named_not_blamed_on_eta(capsys, tmp_path):
    path = write_pickle(tmp_path / "mnist.pkl.gz", nan_in=0)
    code, out, err = run(capsys, *TRAIN, "--data", path)
    assert code == 1 and out == ""
    one_line_error(err, f"{path}: training images hold NaN or infinite pixels")
    assert "learning rate" not in err


def test_monitor_validation_on_an_idx_set_of_five_images(capsys, tmp_path):
    source = tmp_path / "mnist"
    write_mnist_dir(source, n_train=5, n_test=4)  # a sixth of 5 is 0 validation images
    code, out, err = run(capsys, *TRAIN, "--data", source, "--monitor", "validation")
    assert code == 1 and out == ""  # was a ZeroDivisionError traceback
    one_line_error(err, f"the validation data of {source} is empty", "there are only 5", "use --monitor test")


def test_evaluate_on_validation_of_an_idx_set_of_five_images(capsys, tmp_path, model):
    source = tmp_path / "mnist"
    write_mnist_dir(source, n_train=5, n_test=4)
    code, _, err = run(capsys, "evaluate", model, "--data", source, "--on", "validation")
    assert code == 1
    one_line_error(err, f"the validation data of {source} is empty", "use --on test")


def test_pickle_with_an_empty_test_part(capsys, tmp_path, model):
    path = write_pickle(tmp_path / "mnist.pkl.gz", sizes=(20, 5, 0))
    code, out, err = run(capsys, *TRAIN, "--data", path)
    assert code == 1 and out == ""
    one_line_error(err, f"the test data of {path} is empty; use --monitor validation")
    code, _, err = run(capsys, "evaluate", model, "--data", path)
    assert code == 1
    one_line_error(err, f"the test data of {path} is empty; use --on validation")
    code, out, _ = run(capsys, *TRAIN, "--data", path, "--monitor", "validation")
    assert code == 0 and "/ 5 (" in out  # the part that is there still works


def test_a_closed_pipe_does_not_end_the_training_run(tmp_path):
    model = tmp_path / "m.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnadl", "train", "--sizes", "784", "30", "10", "--epochs", "3", "--save", str(model)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )
    first = proc.stdout.readline()  # as `| head -1` does: read a line, then go away
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=300)
    assert first.startswith("Training ")
    assert proc.returncode == 0, err  # was exit 1, "Broken pipe", and no model saved
    assert "Traceback" not in err and "Broken pipe" not in err and err == ""
    assert json.loads(model.read_text())["sizes"] == [784, 30, 10]


def test_closed_pipe_for_other_commands_is_quiet(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("builtins.print", broken)
    assert main(["data", "info"]) == 141  # 128 + SIGPIPE, the status `info | head -1` would see


@pytest.mark.parametrize("argv, words", [
    (["--bogus"], ["unrecognized arguments: --bogus"]),  # was "the following arguments are required"
    (["--bogus", "train"], ["unrecognized arguments: --bogus"]),
    ([], ["a command is required: train, evaluate, data or reproduce"]),
    (["data"], ["a command is required: download or info"]),
    (["train", "--seed", "-1"], ["argument --seed: expected an integer >= 0, got '-1'"]),
    (["train", "--split-seed", "-1"], ["argument --split-seed: expected an integer >= 0, got '-1'"]),
    (["evaluate", "m.json", "--split-seed", "-1"], ["argument --split-seed: expected an integer >= 0"]),
])
def test_usage_errors_name_what_is_wrong(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    one_line_error(err, *words)


def test_partial_idx_set_does_not_hide_a_complete_pickle(capsys, tmp_path):
    source = tmp_path / "mnist"
    write_mnist_dir(source, n_train=12, n_test=4)
    (source / "t10k-labels-idx1-ubyte.gz").unlink()  # left by an interrupted download
    write_pickle(source / "mnist.pkl.gz", sizes=(20, 5, 7))
    code, out, err = run(capsys, *TRAIN, "--data", source)
    assert code == 0, err
    assert "on 20 " in out and "/ 7 (" in out


def test_the_split_is_saved_with_the_model_and_used_by_evaluate(capsys, tmp_path):
    """`evaluate` once measured a model trained with `--split-seed 1` on digits that overlap its
    training digits (93.3% instead of 89.8%); it uses the saved split, or refuses another."""
    model = tmp_path / "s.json"
    code, out, _ = run(capsys, "train", "--epochs", "1", "--split-seed", "1", "--limit", "300", "--quiet",
                       "--save", model)
    assert code == 0
    saved = json.loads(model.read_text())["trained_on"]
    assert saved == {"data": "embedded", "split_seed": 1, "training_examples": 300}
    final = re.search(r"Final test accuracy: (\d+) / 1000", out).group(1)
    code, out, _ = run(capsys, "evaluate", model)
    assert code == 0 and re.search(r"Test accuracy: (\d+) / 1000", out).group(1) == final
    code, _, err = run(capsys, "evaluate", model, "--split-seed", "0")
    assert code == 1
    one_line_error(err, "trained on the embedded digits split with --split-seed 1", "--split-seed 0")
    code, out, _ = run(capsys, "evaluate", model, "--split-seed", "1")
    assert code == 0 and re.search(r"Test accuracy: (\d+) / 1000", out).group(1) == final


@pytest.fixture
def mnist_elsewhere(tmp_path, monkeypatch):
    """MNIST as its mirrors serve it (pinned below in place of the real sums), and the same digits kept
    by a user: compressed by another gzip (other .gz bytes), and one file uncompressed."""
    raw = write_mnist_dir(tmp_path / "raw", n_train=60, n_test=20, compressed=False).files
    for plain, content in raw.items():
        name = plain + ".gz"
        monkeypatch.setitem(downloading.CHECKSUMS, name, ("sha256", hashlib.sha256(gzip.compress(content, mtime=0)).hexdigest()))
        monkeypatch.setitem(downloading.CONTENT_SHA256, name, hashlib.sha256(content).hexdigest())
    mine = tmp_path / "mine"
    mine.mkdir()
    for plain, content in raw.items():
        if plain.startswith("t10k-labels"):
            (mine / plain).write_bytes(content)
        else:
            (mine / (plain + ".gz")).write_bytes(gzip.compress(content, compresslevel=1, mtime=1234567890))
    return mine


def test_download_keeps_the_mnist_a_user_has_and_says_what_matched(capsys, mnist_elsewhere, monkeypatch):
    before = sorted(p.name for p in mnist_elsewhere.iterdir())
    code, out, err = run(capsys, "data", "download", "--dir", mnist_elsewhere, "--url", nowhere())
    assert code == 0 and err == "", err
    differently = "(already there: compressed differently from the official file; the sha256 of its uncompressed content matches MNIST's)"
    assert out.splitlines() == [
        f"ok  {mnist_elsewhere / 'train-images-idx3-ubyte.gz'}  {differently}",
        f"ok  {mnist_elsewhere / 'train-labels-idx1-ubyte.gz'}  {differently}",
        f"ok  {mnist_elsewhere / 't10k-images-idx3-ubyte.gz'}  {differently}",
        f"ok  {mnist_elsewhere / 't10k-labels-idx1-ubyte'}  (already there: uncompressed; its sha256 matches MNIST's)",
    ]
    assert sorted(p.name for p in mnist_elsewhere.iterdir()) == before  # nothing fetched, nothing replaced
    monkeypatch.setenv("NNADL_DATA", str(mnist_elsewhere))
    code, out, _ = run(capsys, "data", "info")
    assert code == 0
    assert "  present  t10k-images-idx3-ubyte.gz  (compressed differently from the official file; the sha256 " \
           "of its uncompressed content matches MNIST's)" in out
    assert "  present  t10k-labels-idx1-ubyte  (uncompressed; its sha256 matches MNIST's)" in out
    assert "  missing  mnist.pkl.gz  (no published checksum)" in out
    code, out, err = run(capsys, "train", "--data", "mnist", "--sizes", "784", "5", "10", "--epochs", "1")
    assert code == 0, err
    assert ": 1 epoch, mini-batch size" in out and "on 50 mnist digits" in out


def test_a_copy_that_is_not_mnist_is_named_with_both_sums(capsys, mnist_elsewhere, monkeypatch):
    bad = mnist_elsewhere / "train-labels-idx1-ubyte.gz"
    bad.write_bytes(gzip.compress(b"\x00\x00\x08\x01\x00\x00\x00\x01\x07"))
    code, out, err = run(capsys, "data", "download", "--dir", mnist_elsewhere, "--url", nowhere())
    assert code == 1 and out == ""
    one_line_error(err, "could not download train-labels-idx1-ubyte.gz (", f"the copy at {bad} does not match: "
                   "sha256 checksum mismatch (expected", "the sha256 of its uncompressed content is not MNIST's either")
    assert "download it yourself" not in err
    monkeypatch.setenv("NNADL_DATA", str(mnist_elsewhere))
    code, out, _ = run(capsys, "data", "info")
    line = next(line for line in out.splitlines() if "train-labels" in line)
    assert line.startswith("  present  train-labels-idx1-ubyte.gz  (sha256 checksum mismatch (expected ")


def test_one_epoch_is_one_epoch(capsys):
    code, out, err = run(capsys, "train", "--sizes", "784", "5", "10", "--epochs", "1", "--limit", "50")
    assert code == 0, err
    assert "digits: 1 epoch, mini-batch size 10" in out and "1 epochs" not in out
