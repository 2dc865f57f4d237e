"""Chapter 6's practice notebook shows committed results: the JSON next to it is what
benchmarks/chapter6_networks.py produces (checked on the first epoch of a few networks, the same
seeds giving the same numbers), and the built page shows the JSON's numbers."""

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs" / "chapter6" / "convolutional-networks-in-practice.json"
SCRIPT = ROOT / "benchmarks" / "chapter6_networks.py"
# One sigmoid network, the network of Exercise 6.2 and a rectified-linear one: a few seconds.
SLICE = ["fc", "no_fc", "relu"]


@pytest.fixture(scope="module")
def committed():
    return json.loads(RESULTS.read_text())


def test_the_committed_results_are_a_full_run(committed):
    assert committed["quick"] is False and committed["seed"] == 0
    assert set(committed["networks"]) == {"fc", "conv1", "conv2", "no_fc", "relu", "expanded", "extra_fc", "dropout"}
    for key, r in committed["networks"].items():
        assert len(r["evaluation_accuracy"]) == len(r["test_accuracy"]) == len(r["epoch_seconds"]) == r["epochs"], key
        assert r["test_accuracy_at_best"] == r["test_accuracy"][r["best_epoch"]], key
        assert r["evaluation_accuracy"][r["best_epoch"]] == max(r["evaluation_accuracy"]), key
    assert committed["ensemble"]["members"] == ["relu", "expanded", "extra_fc", "dropout"]


def test_the_script_reproduces_the_committed_first_epochs(committed, tmp_path):
    out = tmp_path / "slice.json"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--networks", ",".join(SLICE), "--out", str(out)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    quick = json.loads(out.read_text())
    assert quick["quick"] is True and quick["ensemble"] is None and list(quick["networks"]) == SLICE
    for key in SLICE:
        mine, theirs = quick["networks"][key], committed["networks"][key]
        assert mine["epochs"] == 1
        for field in ("name", "data", "digits", "eta", "lmbda", "network", "layers", "book_accuracy"):
            assert mine[field] == theirs[field], (key, field)
        # Same seeds, same first epoch: equal on this machine; another BLAS kernel may round one of
        # the 1,000 validation or test digits differently, never more.
        for field in ("evaluation_accuracy", "test_accuracy"):
            assert mine[field][0] == pytest.approx(theirs[field][0], abs=0.0015), (key, field)


def test_the_script_refuses_an_unknown_network(tmp_path):
    out = tmp_path / "never.json"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--networks", "fc,lenet", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "unknown network(s) ['lenet']" in proc.stderr
    assert not out.exists()


def test_the_page_shows_the_committed_numbers(built_site, committed):
    page = html.unescape((built_site / "chapter6" / "convolutional-networks-in-practice" / "index.html").read_text())
    text = re.sub(r"<[^>]+>", "", page)
    assert "Read from committed results, not trained when the site is built" in text
    for key, r in committed["networks"].items():
        line = (f"validation accuracy by epoch {', '.join(f'{a:.1%}' for a in r['evaluation_accuracy'])}; "
                f"test accuracy at the best epoch ({r['best_epoch']}) {r['test_accuracy_at_best']:.1%}")
        assert line in text, key
    vote = committed["ensemble"]
    assert f"by all four: {vote['misclassified_by_all']}" in text
    assert re.search(rf"ensemble, voting \(book 5, ours 4 nets\)\s+99\.67% \|\s+- +- +{vote['test_accuracy']:.1%}", text)
    # and the file it read is offered next to the notebook
    assert 'href="convolutional-networks-in-practice.json" download' in page
    served = built_site / "chapter6" / "convolutional-networks-in-practice" / "convolutional-networks-in-practice.json"
    assert served.read_bytes() == RESULTS.read_bytes()
