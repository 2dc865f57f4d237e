"""The nnadl command under bad input and faults (issue 12, items 1, 2, 4, 6, 9 and 13): every user
mistake or bad file is one line on stderr naming the option or the file, never a traceback, and no
training run is lost to a destination that could have been checked before it began."""

import gzip
import json
import os
import pickle
import re
import struct
import subprocess
import sys

import numpy as np
import pytest

from nnadl.cli import main

TRAIN = ["train", "--sizes", "784", "4", "10", "--epochs", "2", "--limit", "50"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err, *words):
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "error:" in err and "Traceback" not in err, err
    for word in words:
        assert str(word) in err, (word, err)


def write_idx_set(directory, n_train, n_test=4):
    directory.mkdir(exist_ok=True)
    rng = np.random.default_rng(0)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        images = rng.integers(0, 256, (n, 28, 28)).astype(np.uint8)
        (directory / f"{prefix}-images-idx3-ubyte.gz").write_bytes(
            gzip.compress(struct.pack(">IIII", 2051, n, 28, 28) + images.tobytes()))
        (directory / f"{prefix}-labels-idx1-ubyte.gz").write_bytes(
            gzip.compress(struct.pack(">II", 2049, n) + (np.arange(n) % 10).astype(np.uint8).tobytes()))
    return directory


def write_pickle(path, sizes=(20, 5, 5), nan_in=None):
    rng = np.random.default_rng(0)
    parts = [(rng.random((n, 784)).astype(np.float32), np.arange(n) % 10) for n in sizes]
    if nan_in is not None:
        parts[nan_in][0][0, 0] = np.nan
    with gzip.open(path, "wb") as f:
        pickle.dump(tuple(parts), f, protocol=2)
    return path


@pytest.fixture
def model(tmp_path, capsys):
    path = tmp_path / "model.json"
    code, _, err = run(capsys, *TRAIN, "--save", path)
    assert code == 0, err
    return path


# -- item 1: the save destination is checked before training -------------------------------------------

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


# -- item 2 (the command's part): a hostile model file is one line naming it -----------------------------

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
    from nnadl import persist

    def load_network(path):  # as numpy reports a 74.5 GiB allocation it cannot make
        raise MemoryError("Unable to allocate 74.5 GiB for an array with shape (10000000000, 1)")

    monkeypatch.setattr(persist, "load_network", load_network)
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


# -- item 4 (the command's part): NaN pixels are named, not blamed on the learning rate --------------------

def test_nan_pixels_are_named_not_blamed_on_eta(capsys, tmp_path):
    path = write_pickle(tmp_path / "mnist.pkl.gz", nan_in=0)
    code, out, err = run(capsys, *TRAIN, "--data", path)
    assert code == 1 and out == ""
    one_line_error(err, f"{path}: training images hold NaN or infinite pixels")
    assert "learning rate" not in err


# -- item 6: empty parts of the data ------------------------------------------------------------------------

def test_monitor_validation_on_an_idx_set_of_five_images(capsys, tmp_path):
    source = write_idx_set(tmp_path / "mnist", n_train=5)  # a sixth of 5 is 0 validation images
    code, out, err = run(capsys, *TRAIN, "--data", source, "--monitor", "validation")
    assert code == 1 and out == ""  # was a ZeroDivisionError traceback
    one_line_error(err, f"the validation data of {source} is empty", "there are only 5", "use --monitor test")


def test_evaluate_on_validation_of_an_idx_set_of_five_images(capsys, tmp_path, model):
    source = write_idx_set(tmp_path / "mnist", n_train=5)
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


# -- item 9: output into a closed pipe ---------------------------------------------------------------------------

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


# -- item 13: the command line itself --------------------------------------------------------------------------

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
    source = write_idx_set(tmp_path / "mnist", n_train=12)
    (source / "t10k-labels-idx1-ubyte.gz").unlink()  # left by an interrupted download
    write_pickle(source / "mnist.pkl.gz", sizes=(20, 5, 7))
    code, out, err = run(capsys, *TRAIN, "--data", source)
    assert code == 0, err
    assert "on 20 " in out and "/ 7 (" in out


def test_the_split_is_saved_with_the_model_and_used_by_evaluate(capsys, tmp_path):
    """Issue 12, item 3: `train --split-seed 1 --save`, then `evaluate` measured on digits that overlap
    the training digits (93.3% instead of 89.8%); now evaluate uses the saved split or refuses another."""
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
