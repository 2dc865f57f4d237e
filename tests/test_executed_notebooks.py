"""hooks/executed_notebooks.py: a notebook runs again only when its code, nnadl or the pins change;
a failing cell fails loudly and is never stored; the downloadable copy is a clean, valid notebook."""

import importlib.util
import os
import sys
from pathlib import Path

import nbformat
import pytest
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]


def _load_hook():
    spec = importlib.util.spec_from_file_location("executed_notebooks_under_test", ROOT / "hooks" / "executed_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()

NOTEBOOK = """\
# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A tiny notebook
#
# Some prose.

# %%
import random
print(random.random())

# %%
6 * 7
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def first_output(nb):
    return nb.cells[1].outputs[0]["text"]


@pytest.fixture
def store(tmp_path):
    return hook.NotebookCache(tmp_path / "cache" / "jupyter-cache")


def run(source, store, inputs="nnadl-v1"):
    return hook.executed_notebook(source, store, inputs, "python3", hook.kernel_config())


def test_outputs_are_stored_and_reused_until_the_code_or_nnadl_changes(tmp_path, store):
    source = write(tmp_path / "tiny.py", NOTEBOOK)
    nb, seconds = run(source, store)
    assert seconds is not None  # executed
    assert nb.cells[2].outputs[0]["data"]["text/plain"] == "42"
    printed = first_output(nb)

    again, seconds = run(source, store)
    assert seconds is None and first_output(again) == printed  # the same random number: not executed

    write(source, NOTEBOOK.replace("Some prose.", "Other prose."))
    edited_prose, seconds = run(source, store)
    assert seconds is None and first_output(edited_prose) == printed
    assert "Other prose." in edited_prose.cells[0].source  # the page shows the new Markdown

    _, seconds = run(source, store, inputs="nnadl-v2")  # nnadl or a pin changed
    assert seconds is not None

    write(source, NOTEBOOK.replace("6 * 7", "6 * 8"))
    edited_code, seconds = run(source, store)
    assert seconds is not None and edited_code.cells[2].outputs[0]["data"]["text/plain"] == "48"


def test_a_failing_cell_fails_with_the_notebook_named_and_is_not_stored(tmp_path, store):
    source = write(tmp_path / "broken.py", NOTEBOOK.replace("6 * 7", "1 / 0"))
    for _ in range(2):  # not stored: the second build fails the same way instead of showing old outputs
        with pytest.raises(PluginError, match=r"broken\.py failed while executing:[\s\S]*ZeroDivisionError"):
            run(source, store)
    assert store.list_cache_records() == []


def test_fingerprint_covers_every_package_file_and_the_pins_but_not_bytecode(tmp_path):
    package = tmp_path / "nnadl"
    (package / "sub").mkdir(parents=True)
    write(package / "__init__.py", "")
    write(package / "sub" / "data.csv", "1,2\n")
    write(tmp_path / "requirements.txt", "numpy==2.4.0\n")
    write(tmp_path / "pyproject.toml", "[project]\n")
    before = hook.fingerprint(package, tmp_path)

    (package / "__pycache__").mkdir()
    write(package / "__pycache__" / "x.cpython-311.pyc", "bytecode")
    assert hook.fingerprint(package, tmp_path) == before

    for path, text in [(package / "sub" / "data.csv", "1,3\n"), (tmp_path / "requirements.txt", "numpy==2.4.1\n"),
                       (tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")]:
        old = path.read_text()
        write(path, text)
        assert hook.fingerprint(package, tmp_path) != before, path
        write(path, old)
    write(package / "new_module.py", "")
    assert hook.fingerprint(package, tmp_path) != before


def test_the_downloadable_notebook_is_valid_and_free_of_build_bookkeeping(tmp_path, store):
    source = write(tmp_path / "tiny.py", NOTEBOOK)
    nb, _ = run(source, store)
    text = hook.downloadable(nb)
    assert text == hook.downloadable(run(source, store)[0])  # same bytes every build
    downloaded = nbformat.reads(text, as_version=4)
    nbformat.validate(downloaded)
    assert hook.FINGERPRINT_KEY not in downloaded.metadata and "jupytext" not in downloaded.metadata
    assert downloaded.metadata.kernelspec.name == "python3"
    assert [c.cell_type for c in downloaded.cells] == ["markdown", "code", "code"]


def test_bad_switch_value_is_refused(monkeypatch):
    monkeypatch.setenv("NNADL_EXECUTE_NOTEBOOKS", "maybe")
    with pytest.raises(PluginError, match="NNADL_EXECUTE_NOTEBOOKS must be true or false"):
        hook.execution_enabled()


def test_a_notebook_reads_its_committed_results_and_runs_again_when_they_change(tmp_path, store):
    """<stem>.json next to a notebook is in the folder it runs in, and its bytes are part of its key."""
    source = write(tmp_path / "reader.py", NOTEBOOK.replace(
        "6 * 7", 'import json, pathlib\njson.loads(pathlib.Path("reader.json").read_text())["accuracy"]'))
    write(tmp_path / "reader.json", '{"accuracy": 0.954}')
    write(tmp_path / "reader-other.json", "not read, not a companion")
    assert [p.name for p in hook.companion_files(source)] == ["reader.json"]
    nb, seconds = run(source, store)
    assert seconds is not None and nb.cells[2].outputs[0]["data"]["text/plain"] == "0.954"
    assert run(source, store)[1] is None  # the same results: from the store

    write(tmp_path / "reader.json", '{"accuracy": 0.961}')  # new committed results
    nb, seconds = run(source, store)
    assert seconds is not None and nb.cells[2].outputs[0]["data"]["text/plain"] == "0.961"
    assert hook.COMPANIONS_KEY not in nbformat.reads(hook.downloadable(nb), as_version=4).metadata


def test_two_notebooks_execute_at_once_and_are_stored_in_order(tmp_path, store):
    first = write(tmp_path / "first.py", NOTEBOOK)
    second = write(tmp_path / "second.py", NOTEBOOK.replace("6 * 7", "6 * 9"))
    results = hook.executed_notebooks([first, second], store, "nnadl-v1", "python3", hook.kernel_config(), jobs=2)
    assert [nb.cells[2].outputs[0]["data"]["text/plain"] for nb, _ in results] == ["42", "54"]
    assert all(seconds is not None for _, seconds in results)
    again = hook.executed_notebooks([first, second], store, "nnadl-v1", "python3", hook.kernel_config(), jobs=2)
    assert [seconds for _, seconds in again] == [None, None]  # both stored
    assert [first_output(nb) for nb, _ in again] == [first_output(nb) for nb, _ in results]


def test_a_failing_notebook_among_several_fails_the_build_and_is_not_stored(tmp_path, store):
    good = write(tmp_path / "good.py", NOTEBOOK)
    broken = write(tmp_path / "broken.py", NOTEBOOK.replace("6 * 7", "1 / 0"))
    with pytest.raises(PluginError, match=r"broken\.py failed while executing"):
        hook.executed_notebooks([good, broken], store, "nnadl-v1", "python3", hook.kernel_config(), jobs=2)
    assert [r.uri for r in store.list_cache_records()] == [str(good)]


@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5"])
def test_bad_jobs_value_is_refused(monkeypatch, value):
    monkeypatch.setenv("NNADL_NOTEBOOK_JOBS", value)
    with pytest.raises(PluginError, match="NNADL_NOTEBOOK_JOBS must be a whole number"):
        hook.notebook_jobs()


def test_jobs_default_to_the_cores_but_at_most_two(monkeypatch):
    monkeypatch.delenv("NNADL_NOTEBOOK_JOBS", raising=False)
    assert hook.notebook_jobs() == max(1, min(2, os.cpu_count() or 1))
    monkeypatch.setenv("NNADL_NOTEBOOK_JOBS", "3")
    assert hook.notebook_jobs() == 3


KERNEL_SOCKETS = NOTEBOOK.replace("6 * 7", (
    "import json\n"
    "from ipykernel.connect import get_connection_file\n"
    "info = json.load(open(get_connection_file()))\n"
    "info['transport'], info['ip']"))


def test_kernels_started_at_once_talk_over_socket_files_of_their_own(tmp_path, store, capfd):
    """With a user's configuration left at Jupyter's defaults (TCP on loopback, whose free ports a second
    kernel starting at the same time can take: "Address already in use"), each kernel of a build
    listens on IPC socket files in a directory of its own."""
    from traitlets.config import Config

    first = write(tmp_path / "first.py", KERNEL_SOCKETS)
    second = write(tmp_path / "second.py", KERNEL_SOCKETS + "\n# %%\n0\n")
    results = hook.executed_notebooks([first, second], store, "nnadl-v1", "python3", Config(), jobs=2)
    seen = [eval(nb.cells[2].outputs[0]["data"]["text/plain"]) for nb, _ in results]
    assert [transport for transport, _ in seen] == ["ipc", "ipc"]
    directories = [os.path.dirname(ip) for _, ip in seen]
    assert directories[0] != directories[1]
    assert all(os.path.basename(d).startswith("nnadl-kernel-") and not os.path.exists(d) for d in directories)
    assert "without encryption" not in capfd.readouterr().err


