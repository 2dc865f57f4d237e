"""Execute each notebook page once per change, keep the executed notebook, and offer it for download.

mkdocs-jupyter only renders (``execute: false`` in mkdocs.yml). Before it does, this hook hands it,
for every percent-format notebook page, an executed ``.ipynb`` taken from a jupyter-cache store
(the cache Jupyter Book uses):

- the cache key of a notebook is what jupyter-cache hashes (its code cells and kernelspec) plus a
  fingerprint of what those cells run: every file of the installed ``nnadl`` package,
  requirements.txt, pyproject.toml and the Python version. Editing a Markdown cell re-renders the
  page from the stored outputs; editing a code cell, anything in ``nnadl/`` or a pin executes the
  notebook again; nothing else does;
- on a miss the notebook runs with nbclient in a fresh temporary directory (a reader who downloads
  it runs it in some other directory), in a kernel of its own that talks over socket files in a
  private directory (:func:`kernel_settings`). A failing cell fails the build, names the notebook
  and is not stored, so the next build tries again;
- a notebook may read files kept next to it, named after it (``<stem>.json``, ``<stem>.<name>.json``),
  e.g. results a script trained and committed so that the build does not train for minutes: they
  are copied into the directory it runs in, their bytes are part of its key, and its page offers
  them for download with it;
- a line is logged before and after each notebook executed, with its time: a first build runs
  them all, two at a time (``$NNADL_NOTEBOOK_JOBS`` sets how many; each has its own kernel);
- the store is ``.cache/notebooks/`` in the checkout (gitignored), or ``$NNADL_NOTEBOOK_CACHE``;
  deleting that folder clears it. A fresh clone (CI) has none and executes everything.

mkdocs-jupyter's cache of converted pages (``cache: true``), keyed on the bytes of the executed
``.ipynb``, is kept in the same folder (``html/``), so a warm build converts nothing either.

Each notebook page then links its executed ``.ipynb`` (which mkdocs-jupyter's ``include_source``
copies next to the page) and its ``.py`` source (which this hook copies).

``NNADL_EXECUTE_NOTEBOOKS=false`` skips execution and the store: pages show no outputs.
"""

import concurrent.futures
import contextlib
import copy
import hashlib
import html
import importlib.util
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import mkdocs.plugins
import nbformat
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.cache.main import JupyterCacheBase
from mkdocs.exceptions import PluginError
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.nbconvertapp import NbConvertApp

try:
    import fcntl
except ImportError:  # Windows: builds of one checkout must not overlap
    fcntl = None

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "mkdocs-jupyter"
FINGERPRINT_KEY = "nnadl_execution_inputs"
COMPANIONS_KEY = "nnadl_companion_files"
CACHE_LIMIT = 100  # executed notebooks kept (jupyter-cache drops the oldest): about 8 changes of nnadl/
log = logging.getLogger("mkdocs.hooks.executed_notebooks")

_state = {}


def cache_dir() -> Path:
    """The notebook store, created if need be; a place it cannot be (a file, a device, a symlink loop,
    ``~nosuchuser``, a read-only directory) is a PluginError naming ``$NNADL_NOTEBOOK_CACHE``."""
    value = os.environ.get("NNADL_NOTEBOOK_CACHE")
    try:
        path = (Path(value).expanduser() if value else ROOT / ".cache" / "notebooks").resolve()
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=path, prefix=".probe-")
        os.close(fd)
        os.unlink(probe)
    except (OSError, RuntimeError) as e:  # RuntimeError: ~ of a user who does not exist, a symlink loop
        where = f"NNADL_NOTEBOOK_CACHE={value}" if value else "the notebook cache"
        raise PluginError(f"{where}: cannot keep executed notebooks there ({e})") from None
    return path


def execution_enabled() -> bool:
    value = os.environ.get("NNADL_EXECUTE_NOTEBOOKS", "true").strip().lower()
    if value not in {"true", "false", "1", "0", "yes", "no"}:
        raise PluginError(f"NNADL_EXECUTE_NOTEBOOKS must be true or false, not {value!r}")
    return value in {"true", "1", "yes"}


def package_dir() -> Path:
    """The ``nnadl`` the notebooks' kernel imports (the installed one, editable from this checkout)."""
    spec = importlib.util.find_spec("nnadl")
    if spec is None or not spec.submodule_search_locations:
        raise PluginError("the notebooks import nnadl, which is not installed: pip install -r requirements.txt")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def fingerprint(package: Path, root: Path = ROOT) -> str:
    """SHA-256 of every file of the package, the pins and the Python version."""
    h = hashlib.sha256()
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        h.update(b"nnadl/" + path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in ("requirements.txt", "pyproject.toml"):
        path = root / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>") + b"\0")
    h.update(f"python {sys.version_info.major}.{sys.version_info.minor}".encode())
    return h.hexdigest()


class NotebookCache(JupyterCacheBase):
    """jupyter-cache, with the fingerprint of what the notebooks run as part of every key."""

    def create_hashed_notebook(self, nb, nb_metadata=("kernelspec", FINGERPRINT_KEY, COMPANIONS_KEY), cell_metadata=None):
        return super().create_hashed_notebook(nb, nb_metadata=nb_metadata, cell_metadata=cell_metadata)


@contextlib.contextmanager
def locked(directory: Path):
    """One build at a time looks up, executes and stores (``mkdocs serve`` and ``pytest`` may overlap)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "lock", "w") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def kernel_config():
    """The Jupyter configuration files nbconvert would load (a user's settings, e.g. a cell timeout)."""
    app = NbConvertApp()
    app.load_config_file()
    return app.config


def companion_files(source: Path) -> list:
    """The files a notebook reads from its own folder: ``<stem>.json`` and ``<stem>.<anything>.json``
    next to it (e.g. results committed by a script, so that the build does not train for minutes)."""
    return sorted(p for p in source.parent.glob(f"{source.stem}*.json")
                  if p.is_file() and (p.stem == source.stem or p.name.startswith(source.stem + ".")))


def companion_digests(source: Path) -> dict:
    """Name -> SHA-256 of each companion file: part of the notebook's key, so that new results run it again."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in companion_files(source)}


def kernel_settings(config, directory):
    """A copy of ``config`` whose kernel talks over IPC socket files in ``directory`` and is stopped at once.

    Left to its defaults, a kernel listens on loopback TCP ports its manager found free a moment
    earlier; a second kernel starting at the same time, or any outgoing connection, can take one of
    them in between, and the kernel dies with "Address already in use". Socket files in a directory
    of each kernel's own cannot be taken by anything else (and TCP's "[IPKernelApp] WARNING ...
    without encryption" goes with its cause). The kernel is stopped at once when its notebook is
    done: a graceful shutdown request races inside ipykernel 7.4 (its IO thread's event pipe closes
    while the control handler still publishes "idle") and prints an uncaught ZMQError traceback.
    """
    config = copy.deepcopy(config)
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = str(Path(directory) / "kernel")
    config.NotebookClient.shutdown_kernel = "immediate"
    return config


def execute(nb, source: Path, kernel_name: str, config) -> float:
    """Run ``nb`` in place in a fresh temporary directory holding its companion files (as a reader's
    folder holds what they downloaded with it); raise PluginError naming ``source`` if a cell fails."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nnadl-notebook-") as cwd, \
            tempfile.TemporaryDirectory(prefix="nnadl-kernel-") as sockets:
        for path in companion_files(source):
            shutil.copyfile(path, Path(cwd) / path.name)
        client = NotebookClient(
            nb,
            kernel_name=kernel_name,
            allow_errors=False,
            record_timing=False,  # timings in the cells' metadata would change the notebook's key
            resources={"metadata": {"path": cwd}},
            config=kernel_settings(config, sockets),
        )
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            raise PluginError(f"notebook {source} failed while executing:\n{error}") from None
    return time.perf_counter() - start


def notebook_jobs() -> int:
    """How many notebooks a build executes at once: ``$NNADL_NOTEBOOK_JOBS``, else the cores, at most 2.

    Each notebook runs in a kernel of its own, a separate process: two at a time halve a first
    build on the two-core machines this is built on; more only wait for each other.
    """
    value = os.environ.get("NNADL_NOTEBOOK_JOBS", "").strip()
    if not value:
        return max(1, min(2, os.cpu_count() or 1))
    if not value.isdigit() or int(value) < 1:
        raise PluginError(f"NNADL_NOTEBOOK_JOBS must be a whole number of notebooks at once (1 or more), not {value!r}")
    return int(value)


def executed_notebooks(sources, store: NotebookCache, inputs: str, kernel_name: str, config, jobs=1, labels=None):
    """The notebooks at ``sources`` with their outputs: each from ``store`` if its key is there, else
    executed (up to ``jobs`` at once, each in its own kernel) and stored.

    Returns ``[(notebook, seconds spent executing or None on a cache hit), ...]`` in the order of
    ``sources``. A failing notebook raises PluginError naming it; neither it nor any notebook after
    it in ``sources`` is stored, and those not yet started do not run.
    """
    labels = labels or [str(source) for source in sources]
    nbs = []
    for source in sources:
        nb = jupytext.read(source)
        nb.metadata[FINGERPRINT_KEY] = inputs
        nb.metadata[COMPANIONS_KEY] = companion_digests(source)
        nbs.append(nb)

    def run(i):
        log.info("Executing notebook %s (no stored outputs for this source and nnadl) ...", labels[i])
        executed = copy.deepcopy(nbs[i])
        seconds = execute(executed, sources[i], kernel_name, config)
        log.info("Executed notebook %s in %.1f s", labels[i], seconds)
        return executed, seconds

    results = [None] * len(sources)
    with locked(store.path):
        misses = []
        for i, nb in enumerate(nbs):
            try:
                results[i] = store.merge_match_into_notebook(nb)[1], None
            except KeyError:
                misses.append(i)
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs))
        try:
            running = {i: pool.submit(run, i) for i in misses}
            for i in misses:  # stored one at a time, here: the store is one SQLite file
                executed, seconds = running[i].result()
                store.cache_notebook_bundle(
                    CacheBundleIn(executed, str(sources[i]), data={"execution_seconds": seconds}),
                    check_validity=False, overwrite=True,
                )
                try:  # the next build looks the source up, not the executed copy: its key must be the same
                    results[i] = store.merge_match_into_notebook(nbs[i])[1], seconds
                except KeyError:
                    raise PluginError(f"{sources[i]}: the executed notebook was stored under another key than its source") from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return results


def executed_notebook(source: Path, store: NotebookCache, inputs: str, kernel_name: str, config):
    """One notebook with its outputs (see :func:`executed_notebooks`): ``(notebook, seconds or None)``."""
    return executed_notebooks([source], store, inputs, kernel_name, config)[0]


def downloadable(nb) -> str:
    """The notebook as a reader downloads it: no build bookkeeping, stable cell ids, nbformat 4.5."""
    nb = nbformat.v4.upgrade(nb) if nb.nbformat_minor < 5 else nb
    nb.metadata.pop(FINGERPRINT_KEY, None)
    nb.metadata.pop(COMPANIONS_KEY, None)
    nb.metadata.pop("jupytext", None)  # no pairing with a .py next to the download
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    nbformat.validate(nb)
    return nbformat.writes(nb)


def write_if_changed(path: Path, text: str):
    """Write through a temporary file and a rename, and only when the content differs."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def copy_atomically(src: Path, dest: Path):
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


def on_config(config, **kwargs):
    site_url = os.environ.get("NNADL_SITE_URL")
    if site_url is not None and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", site_url):
        raise PluginError(f"NNADL_SITE_URL={site_url!r}: expected the site's http:// or https:// address, "
                          f"such as https://example.org/nnadl/")
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise PluginError(f"hooks/executed_notebooks.py hands executed notebooks to {PLUGIN}, which is not configured")
    if plugin.config["execute"]:
        raise PluginError(f"set `execute: false` for {PLUGIN}: hooks/executed_notebooks.py executes the notebooks")
    if not plugin.config["include_source"]:
        raise PluginError(f"set `include_source: true` for {PLUGIN}: it copies the executed .ipynb for download")
    if not any(Path("x.ipynb").match(p) for p in plugin.config["include"]):
        raise PluginError(f'{PLUGIN} must include "*.ipynb": the pages it renders are the executed copies')
    # mkdocs-jupyter's own cache of converted pages, keyed on the bytes of the executed .ipynb it
    # converts (and its options): it lives and is cleared with the executed notebooks.
    # (A separate folder without execution: mkdocs-jupyter evicts what a build did not use.)
    plugin.config["cache_dir"] = str(cache_dir() / ("html" if execution_enabled() else "html-unexecuted"))
    _state["plugin"] = plugin
    return config


@mkdocs.plugins.event_priority(-50)  # after mkdocs-jupyter has wrapped its notebook files
def on_files(files, config, **kwargs):
    plugin = _state["plugin"]
    run = execution_enabled()
    directory = cache_dir()
    store = NotebookCache(directory / "jupyter-cache") if run else None
    if store is not None and store.get_cache_limit() != CACHE_LIMIT:
        store.change_cache_limit(CACHE_LIMIT)
    inputs = fingerprint(package_dir()) if run else None
    config_files = kernel_config() if run else None
    notebooks, executed = {}, []
    pages = [file for file in files if file.src_uri.endswith(".py") and plugin.should_include(file)]
    sources = [Path(file.abs_src_path) for file in pages]
    if run:
        # A line per executed notebook, when it starts and when it ends with its time: a first build
        # runs them all, for a minute or more.
        labels = [f"{i}/{len(pages)} {file.src_uri}" for i, file in enumerate(pages, 1)]
        results = executed_notebooks(sources, store, inputs, plugin.config["kernel_name"] or "python3",
                                     config_files, notebook_jobs(), labels)
    else:
        results = [(jupytext.read(source), None) for source in sources]
    for file, source, (nb, seconds) in zip(pages, sources, results):
        if seconds is not None:
            executed.append(f"{file.src_uri} ({seconds:.0f} s)")
        target = directory / ("pages" if run else "pages-unexecuted") / Path(file.src_uri).with_suffix(".ipynb")
        write_if_changed(target, downloadable(nb))
        # mkdocs-jupyter renders, and include_source copies, the file at abs_src_path.
        file.abs_src_path = str(target)
        if getattr(file, "file", None) is not None:  # mkdocs-jupyter's NotebookFile wrapper
            file.file.abs_src_path = str(target)
        notebooks[file.src_uri] = source
    if run:
        log.info(
            "Notebooks: %d executed%s, %d from the store in %s",
            len(executed), f" ({', '.join(executed)})" if executed else "", len(notebooks) - len(executed), directory,
        )
    _state["notebooks"] = notebooks
    return files


# mkdocs-jupyter appends, after every notebook converted from an .ipynb file, the Python repr of
# a list of CSS strings in a <style> element: the syntax-highlighting rules its template already
# includes scoped to the notebook, here unscoped, so they would restyle the page's own code blocks.
APPENDED_STYLE = re.compile(r"\s*<style>\s*\[(['\"]).*\1\]\s*</style>\s*\Z", re.S)


def on_page_content(html_, page, config, files, **kwargs):
    source = _state.get("notebooks", {}).get(page.file.src_uri)
    if source is None:
        return html_
    html_, n = APPENDED_STYLE.subn("", html_)
    if n != 1:
        raise PluginError(
            f"{page.file.src_uri}: expected the CSS list mkdocs-jupyter appends to a converted .ipynb, found {n}; "
            "its output changed: update hooks/executed_notebooks.py"
        )
    ipynb, py = html.escape(source.with_suffix(".ipynb").name), html.escape(source.name)
    links = (
        '<p class="nnadl-notebook-download">Download this notebook: '
        f'<a href="{ipynb}" download>{ipynb}</a> (with the outputs shown here; open it in Jupyter '
        "wherever <code>nnadl</code> is installed, e.g. after <code>pip install -r requirements.txt</code> "
        f'in a clone of the repository) or <a href="{py}" download>{py}</a> (its percent-format source, '
        "for jupytext)"
    )
    data = [html.escape(p.name) for p in companion_files(source)]
    if data:
        links += (", and the file" + ("s" if len(data) > 1 else "") + " it reads, to keep next to it: "
                  + ", ".join(f'<a href="{name}" download>{name}</a>' for name in data))
    links += ".</p>\n"
    # Under the notebook's title (its first heading), else at the top.
    head, h1, rest = html_.partition("</h1>")
    return head + h1 + links + rest if h1 else links + html_


def on_post_page(output, page, config, **kwargs):
    source = _state.get("notebooks", {}).get(page.file.src_uri)
    if source is not None:
        for path in (source, *companion_files(source)):
            copy_atomically(path, Path(page.file.abs_dest_path).parent / path.name)
    return output
