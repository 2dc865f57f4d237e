"""The book's experiments: the registry, the runs, the committed records, the command and the pages."""

import functools
import html
import json
import re
from pathlib import Path

import pytest
from helpers import full_mnist

from nnadl import experiments
from nnadl.cli import main
from nnadl.data import load, load_embedded
from nnadl.experiments import EXPERIMENTS, PROTOCOLS
from nnadl.reproduce import _read_off, project, reproduce, summary

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "reproductions"
MNIST = full_mnist()


@functools.cache
def records():
    """The committed records by name, read once per session (the tests only read them)."""
    return {r["name"]: r for r in (json.loads(p.read_text()) for p in sorted(RECORDS.glob("*.json")))}


# -- the registry ---------------------------------------------------------------------------------

def test_the_registry_holds_the_books_headline_results():
    by_chapter = {c: len(experiments.by_chapter(c)) for c in (1, 3, 5, 6)}
    assert by_chapter == {1: 4, 3: 11, 5: 7, 6: 8}
    book = {e.name: e.book for e in EXPERIMENTS.values()}
    assert book["ch1-network-30"] == 0.9542 and book["ch3-l2-100"] == 0.9792 and book["ch6-ensemble"] == 0.9967
    assert book["ch5-speeds-3"] == (0.012, 0.060, 0.283)


@pytest.mark.parametrize("exp", EXPERIMENTS.values(), ids=list(EXPERIMENTS))
def test_every_experiment_is_described_whole(exp):
    assert exp.protocol in PROTOCOLS and exp.metric == PROTOCOLS[exp.protocol]
    assert exp.section and exp.quote and exp.book_protocol and exp.title
    assert exp.runs in (1, 3) and exp.seconds() > 0
    if exp.model == "speeds":
        assert exp.book_accuracy is None and len(exp.book) == len(exp.sizes) - 2
    else:
        assert 0 < exp.book_accuracy < 1
        # the number the book states is in the sentence quoted for it
        quote = exp.quote.replace(",", "")
        assert (f"{100 * exp.book_accuracy:.2f}".rstrip("0").rstrip(".") in quote
                or f"{round(10_000 * exp.book_accuracy)} of 10000" in quote)
    if exp.model in ("network", "network2", "network3"):
        assert exp.epochs > 0 and exp.eta > 0 and exp.sizes[-1] == 10
    if exp.model == "network3":
        assert exp.dtype == "float32" and exp.cost == "log-likelihood"


def test_an_unknown_name_is_refused_naming_the_list():
    with pytest.raises(KeyError, match="no experiment 'ch9'; `nnadl reproduce --list`"):
        experiments.get("ch9")


# -- every experiment through its own code path, small ------------------------------------------------

@pytest.fixture(scope="module")
def embedded():
    return load_embedded(seed=0)


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_each_experiment_runs_one_epoch_on_a_slice_of_the_embedded_digits(name, embedded):
    exp = EXPERIMENTS[name]
    record = reproduce(exp, embedded, seeds=[0], epochs=1, limit=100, data="embedded")
    assert record["name"].startswith(name + "@") and record["shortened"] and record["data"] == "embedded"
    if exp.model == "speeds":
        assert len(record["mean_values"]) == len(exp.book) and all(v > 0 for v in record["mean_values"])
        return
    (accuracy,) = record["accuracy"]
    assert 0 <= accuracy <= 1
    assert record["mean"] == record["best"] == round(accuracy, 6) and record["spread"] == 0
    curves = record["curves"]["0"]
    if exp.model in ("network", "network2", "network3") and not exp.ensemble:
        assert len(curves[exp.evaluate_on]) == 1
        assert _read_off(exp, curves) == accuracy


@pytest.mark.parametrize("name", [n for n, e in EXPERIMENTS.items() if e.epochs])
def test_each_trained_experiment_can_be_projected_from_one_epoch(name, embedded):
    exp = EXPERIMENTS[name]
    record = project(exp, embedded, limit=60, data="embedded")
    assert record["status"] == "projected" and record["accuracy"] == [] and record["name"] == f"{name}@60-images"
    factor = exp.epochs * max(exp.ensemble, 1)
    assert record["projected_seconds"] == pytest.approx(factor * record["seconds_per_epoch"], abs=0.1)
    assert record["measured"]["epochs"] == 1 and record["measured"]["curves"]


def test_the_same_seeds_give_the_same_record(embedded):
    exp = EXPERIMENTS["ch6-relu"]
    a, b = (reproduce(exp, embedded, seeds=[3, 4], epochs=2, limit=200, data="embedded") for _ in range(2))
    assert a["accuracy"] == b["accuracy"] and a["curves"] == b["curves"]
    assert a["curves"]["3"] != a["curves"]["4"]  # and other seeds, other runs


def test_the_protocols_read_the_runs_as_the_book_did():
    curves = {"validation": [0.90, 0.95, 0.95, 0.93], "test": [0.89, 0.94, 0.96, 0.97]}
    read = {p: _read_off(experiments.Experiment("x", 6, "s", "t", "network3", 0.9, p, "b", "q"), curves)
            for p in ("best_test", "final_test", "final_validation", "first_validation", "test_at_best_validation")}
    # network3 keeps the *later* epoch on a tie of validation accuracy
    assert read == {"best_test": 0.97, "final_test": 0.97, "final_validation": 0.93, "first_validation": 0.90,
                    "test_at_best_validation": 0.96}


# -- the committed records -----------------------------------------------------------------------------

def test_every_experiment_has_a_record_and_every_record_an_experiment():
    assert set(records()) == set(EXPERIMENTS)


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_each_record_agrees_with_the_registry_and_with_itself(name):
    exp, record = EXPERIMENTS[name], records()[name]
    assert record["chapter"] == exp.chapter and record["book_accuracy"] == exp.book_accuracy
    assert record["metric"] == exp.metric and record["epochs"] == exp.epochs and record["data"] == "mnist"
    assert record["note"] == exp.note and record["explanation"] == exp.explanation
    assert record["machine"]["cores"] and re.fullmatch(r"[0-9a-f]{40}", record["commit"])
    if record["status"] == "projected":
        assert record["accuracy"] == [] and not record["seeds"]
        factor = max(exp.ensemble, 1) * exp.epochs
        assert record["projected_seconds"] == pytest.approx(record["seconds_per_epoch"] * factor, abs=0.1)
        return
    assert record["status"] == "run" and not record["shortened"]
    assert len(record["accuracy"]) == len(record["seeds"]) == len(record["seconds"]) >= 1
    if exp.runs == 3:
        assert len(record["seeds"]) == 3
    if exp.model == "speeds":
        assert len(record["mean_values"]) == len(exp.book)
        return
    assert {k: record[k] for k in ("mean", "spread", "best")} == summary(record["accuracy"])
    for seed, accuracy in zip(record["seeds"], record["accuracy"]):
        curves = record["curves"][str(seed)]
        if curves:
            assert len(curves[exp.evaluate_on]) == exp.epochs
            assert _read_off(exp, curves) == accuracy


@pytest.mark.skipif(MNIST is None, reason="set NNADL_TEST_MNIST to a directory with the full MNIST")
@pytest.mark.parametrize("name", ["ch1-average-darkness", "ch5-speeds-3"])
def test_a_committed_record_is_what_a_run_on_the_full_mnist_gives_again(name):
    exp, record = EXPERIMENTS[name], records()[name]
    again = reproduce(exp, load(MNIST), record["seeds"])
    assert again["accuracy"] == record["accuracy"]
    assert again.get("values") == record.get("values")


# -- the command ---------------------------------------------------------------------------------------

def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_prints_every_experiment_with_the_books_number_and_the_time_here(capsys):
    code, out, err = run(capsys, "reproduce", "--list")
    assert code == 0 and not err
    lines = out.splitlines()
    for exp in EXPERIMENTS.values():
        (line,) = [l for l in lines if l.startswith(exp.name + " ")]
        book = "speeds" if exp.book_accuracy is None else f"{100 * exp.book_accuracy:.2f}%"
        assert f" {exp.chapter} " in line and book in line and re.search(r"\d+(\.\d)? (s|min|h) ", line)


def test_a_run_prints_its_progress_and_the_books_number_beside_ours(capsys, tmp_path):
    out_file = tmp_path / "r.json"
    code, out, err = run(capsys, "reproduce", "ch3-l2-30", "--data", "embedded", "--epochs", "2", "--limit", "300",
                         "--seeds", "0", "1", "--out", str(out_file))
    assert code == 0, err
    record = json.loads(out_file.read_text())
    assert "seed 1 epoch 2/2: test " in out
    assert f"seed 0: {100 * record['accuracy'][0]:.2f}% (test accuracy at the best epoch)" in out
    assert (f"The book: 96.49%. Ours: mean {100 * record['mean']:.2f}%, spread {100 * record['spread']:.2f}%, "
            f"best {100 * record['best']:.2f}% over 2 seeds") in out
    assert "shortened run, recorded as ch3-l2-30@2-epochs,300-images" in out
    assert record["name"] == "ch3-l2-30@2-epochs,300-images" and record["seeds"] == [0, 1]


@pytest.mark.parametrize("argv, code, message", [
    (["ch9"], 2, "no experiment 'ch9'; `nnadl reproduce --list` lists them"),
    ([], 2, "name an experiment"),
    (["ch1-network-30", "--seeds", "-1"], 2, "argument --seeds: expected an integer >= 0, got '-1'"),
    (["ch1-network-30", "--seeds", "1.5"], 2, "argument --seeds: expected an integer >= 0, got '1.5'"),
    (["ch1-network-30", "--epochs", "0"], 2, "argument --epochs: expected a positive integer"),
    (["ch1-network-30", "--data", "{missing}"], 1, "no such file or directory"),
    (["ch1-network-30", "--data", "embedded", "--out", "{missing}/r.json"], 1, "--out {missing}/r.json:"),
])
def test_mistakes_are_one_line_each(capsys, tmp_path, argv, code, message):
    missing = str(tmp_path / "nowhere")
    argv = [a.replace("{missing}", missing) for a in argv]
    got, out, err = run(capsys, "reproduce", *argv)
    assert got == code and not out
    assert err.count("\n") == 1 and "Traceback" not in err
    assert message.replace("{missing}", missing) in err


def test_a_record_that_cannot_be_written_after_the_run_is_kept_and_the_error_says_where(capsys, tmp_path, monkeypatch):
    from nnadl import reproduce as module
    monkeypatch.setenv("NNADL_DATA", str(tmp_path / "cache"))
    real_save, wanted = module.save, tmp_path / "r.json"

    def full_disk(record, path):  # the --out destination fails only once the run is done
        if path == str(wanted):
            raise OSError(28, "No space left on device", str(path))
        return real_save(record, path)

    monkeypatch.setattr(module, "save", full_disk)
    code, out, err = run(capsys, "reproduce", "ch1-average-darkness", "--data", "embedded", "--out", str(wanted))
    assert code == 1 and err.count("\n") == 1 and "No space left on device" in err
    kept = Path(re.search(r"the record was saved to (\S+) instead", err).group(1))
    assert kept.parent == tmp_path / "cache" / "recovered"
    assert json.loads(kept.read_text())["experiment"] == "ch1-average-darkness"


def test_missing_mnist_says_how_to_get_it(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("NNADL_DATA", str(tmp_path / "empty"))
    code, out, err = run(capsys, "reproduce", "ch1-network-30")
    assert code == 1 and err.count("\n") == 1 and "nnadl data download" in err


# -- the pages -----------------------------------------------------------------------------------------

def _text(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _percent(x):
    return f"{100 * x:.2f}%"


def test_every_number_of_the_reproductions_table_is_the_records(built_site):
    page = (built_site / "reproductions" / "index.html").read_text()
    for name, record in records().items():
        exp = EXPERIMENTS[name]
        row = re.search(rf'<tr>\s*<td[^>]*><span id="{re.escape(name)}"></span>(.*?)</tr>', page, re.S)
        assert row, name
        cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", "<td>" + row.group(1), re.S)]
        assert cells[0].startswith(f"nnadl reproduce {name} Chapter {exp.chapter}:")
        if record["status"] == "projected":
            assert cells[2] == "not run here" and "projected" in cells[7], cells
        elif exp.book_accuracy is None:
            assert cells[1] == ", ".join(f"{v:.3f}" for v in exp.book)
            assert cells[2] == ", ".join(f"{v:.3f}" for v in record["mean_values"])
        else:
            assert cells[1] == _percent(exp.book_accuracy)
            assert cells[2:6] == [_percent(record["mean"]), f"{100 * record['spread']:.2f}",
                                  _percent(record["best"]), str(len(record["seeds"]))], cells


def test_the_chapter_pages_show_the_reproduced_number_beside_the_books_and_link_its_row(built_site):
    seen = set()
    for chapter in (1, 3, 5, 6):
        page = (built_site / f"chapter{chapter}" / "index.html").read_text()
        for href, text in re.findall(r'<a href="\.\./reproductions/#([\w-]+)">(.*?)</a>', page, re.S):
            if href not in EXPERIMENTS:  # a link to a section of the page, not to a row
                continue
            record, text = records()[href], _text(text)
            seen.add(href)
            if record["status"] == "projected":
                assert "not run here" in text
            elif record["book_accuracy"] is None:
                assert ", ".join(f"{v:.3f}" for v in record["mean_values"]) in text
            elif len(record["seeds"]) == 1:
                assert text.endswith(f"{_percent(record['best'])} (one run)"), text
            else:
                assert text.endswith(f"{_percent(record['mean'])} (mean of {len(record['seeds'])} seeds; "
                                     f"best {_percent(record['best'])})"), text
    # every result of chapters 1, 3, 5 and 6 is shown on its chapter's page
    assert seen == set(EXPERIMENTS)
