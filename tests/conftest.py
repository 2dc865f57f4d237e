"""Shared fixtures: one strict build of the site per test session, a local static server for it,
and a headless Chromium page (skipped, with instructions, where no browser is installed)."""

import functools
import contextlib
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BROWSER_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
INSTALL_HINT = (
    "no Chromium found for the browser tests: install one with `apt-get install chromium` "
    "(Debian/Ubuntu; .ci/run does this) or set NNADL_CHROMIUM to a Chromium/Chrome executable"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory):
    """A plain static server for ``directory`` on 127.0.0.1; returns (server, base URL)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def _site_server(tmp_path_factory):
    """The directory the site is built into, already served: the build needs its address as site_url."""
    site = tmp_path_factory.mktemp("site")
    server, url = _serve(site)
    yield site, url
    server.shutdown()


# The lines of the build worth showing while it runs: it executes every notebook on a first build.
BUILD_PROGRESS = re.compile(r"Executing notebook|Executed notebook|Notebooks: |Documentation built|Error|Aborted")


def _say(config, text):
    """A line on the terminal now, even while pytest captures output (a session fixture's minutes)."""
    reporter = config.pluginmanager.getplugin("terminalreporter")
    capture = config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        if reporter is not None:
            reporter.write_line(text)
        else:
            print(text, file=sys.stderr, flush=True)


@pytest.fixture(scope="session")
def built_site(_site_server, request):
    """Build the whole site with ``mkdocs build --strict`` into a temporary directory, with the address
    it is served from (``site_url`` fixture) as its site_url, as a deployment would.

    Returns the site directory; the build's output is kept in ``build.log`` next to it. Its progress
    (each notebook executed, with its time) is shown as it happens: on a first run, with no stored
    notebook outputs, it takes minutes.
    """
    site, url = _site_server
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NNADL_EXECUTE_NOTEBOOKS="true", NNADL_SITE_URL=url + "/")
    # The notebooks' kernels must draw with matplotlib's inline backend; an inherited
    # MPLBACKEND=Agg (the test session sets it for plots made in tests) would make every
    # plt.show() in a notebook silently produce no figure.
    env.pop("MPLBACKEND", None)
    _say(request.config, "\n[site build] mkdocs build --strict for the site tests (notebooks without stored "
                         "outputs in .cache/notebooks execute now: minutes on a first run) ...")
    start, lines = time.perf_counter(), []
    with subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    ) as proc:
        for line in proc.stdout:
            lines.append(line)
            if BUILD_PROGRESS.search(line):
                _say(request.config, f"[site build] {line.strip()}")
    log = "".join(lines)
    (site.parent / "build.log").write_text(log)
    _say(request.config, f"[site build] done in {time.perf_counter() - start:.0f} s")
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{log[-6000:]}"
    return site


@pytest.fixture(scope="session")
def site_url(built_site, _site_server):
    """The built site served on 127.0.0.1 at its site_url (any static server must do: this is the plainest one)."""
    return _site_server[1]


@pytest.fixture(scope="session")
def other_site_url(built_site, tmp_path_factory):
    """The same built site from another static server, port and path than its site_url."""
    root = tmp_path_factory.mktemp("elsewhere")
    (root / "mirror").symlink_to(built_site, target_is_directory=True)
    server, url = _serve(root)
    yield f"{url}/mirror"
    server.shutdown()


def _chromium():
    for candidate in (os.environ.get("NNADL_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -r requirements.txt)")
    executable = _chromium()
    if executable is None:
        pytest.skip(INSTALL_HINT)
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=BROWSER_FLAGS)
        yield b
        b.close()


class PageVisit:
    """A browser tab on the local site that records every request, console error and console warning."""

    def __init__(self, browser, site_url, viewport=(1200, 900)):
        self.origin = site_url
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.requests, self.console_errors, self.console_warnings = [], [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)
        elif message.type == "warning":
            self.console_warnings.append(message.text)

    def open(self, path):
        self.page.goto(f"{self.origin}/{path}")
        self.wait_for_math()
        return self.page

    def wait_for_math(self):
        """Wait until MathJax has typeset the page (see docs/javascripts/mathjax-config.js)."""
        self.page.wait_for_function("() => typeof typesetting !== 'undefined' && typesetting !== null", timeout=30000)
        self.page.evaluate("() => typesetting.then(() => true)")

    def outside_requests(self):
        return [u for u in self.requests if not (u.startswith(self.origin + "/") or u.startswith(("data:", "blob:")))]


@pytest.fixture
def visit(browser, site_url):
    v = PageVisit(browser, site_url)
    yield v
    v.page.close()


@pytest.fixture
def visit_wide(browser, site_url):
    """A tab wide enough (1280 px) for Material to show the navigation in a sidebar."""
    v = PageVisit(browser, site_url, viewport=(1280, 900))
    yield v
    v.page.close()


@pytest.fixture
def visit_phone(browser, site_url):
    """A tab the size of a phone's screen, 390 x 844."""
    v = PageVisit(browser, site_url, viewport=(390, 844))
    yield v
    v.page.close()


@pytest.fixture
def visit_elsewhere(browser, other_site_url):
    """A browser tab on the site served from somewhere other than its site_url."""
    v = PageVisit(browser, other_site_url)
    yield v
    v.page.close()


# -- a local HTTP server for the downloader -------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    files: dict = {}
    mode = "ok"
    requests: list = []

    def do_GET(self):
        self.requests.append(self.path)
        body = self.files.get(self.path.lstrip("/"))
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.mode == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def loopback_server(handler):
    """Serve ``handler`` (a request handler class) on 127.0.0.1 in a thread; ``handler.url`` is its address."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        yield handler
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def serve_on_loopback():
    """:func:`loopback_server`, for test modules that bring their own request handler."""
    return loopback_server


@pytest.fixture
def file_server():
    """A static file server on 127.0.0.1 for downloader tests: set ``.files[name] = bytes``,
    and ``.mode = "truncate"`` to cut every transfer in half and drop the connection."""
    with loopback_server(type("Handler", (_Handler,), {"files": {}, "mode": "ok", "requests": []})) as handler:
        yield handler


@pytest.fixture
def sgd_by_hand():
    """Chapter 1's SGD written out, to compare with ``SGD``: the network's own shuffle each epoch,
    and each mini-batch's indices given to ``step(net, batch)``."""
    def run(net, n, epochs, mini_batch_size, step):
        for _ in range(epochs):
            order = net.rng.permutation(n)
            for k in range(0, n, mini_batch_size):
                step(net, order[k:k + mini_batch_size])
    return run
