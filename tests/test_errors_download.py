"""Faults while downloading (issue 12, items 5, 8 and 13): a bad first mirror is not the end, a
trickling server is given up on, SIGTERM leaves no ``.part``, and a cached file is readable by the
other users of a shared cache. Every server here is a loopback one started by the test."""

import gzip
import hashlib
import http.server
import os
import signal
import stat
import struct
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

from nnadl import data
from nnadl.data import DataError, DownloadError, download

NAME = "train-labels-idx1-ubyte.gz"
BODY = gzip.compress(struct.pack(">II", 2049, 300) + (np.arange(300) % 10).astype(np.uint8).tobytes())
SHA = {NAME: ("sha256", hashlib.sha256(BODY).hexdigest())}


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``routes[path] = (behaviour, body)``: ok, truncate, trickle (a byte every 50 ms) or 404."""

    routes: dict = {}
    requests: list = []

    def do_GET(self):
        self.requests.append(self.path)
        behaviour, body = self.routes.get(self.path, ("404", b""))
        if behaviour == "404":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if behaviour == "truncate":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)
            elif behaviour == "trickle":
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(0.05)
            else:
                self.wfile.write(body)
        except OSError:  # the client gave up: that is what the trickle tests want
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server(serve_on_loopback):
    with serve_on_loopback(type("H", (Handler,), {"routes": {}, "requests": []})) as handler:
        yield handler


@pytest.fixture
def mirrors(server, monkeypatch):
    """Two mirrors on the loopback server, /first/ and /second/, in that order."""
    monkeypatch.setitem(data.MIRRORS, NAME, (server.url + "first/", server.url + "second/"))
    monkeypatch.delenv("NNADL_MNIST_URL", raising=False)
    return server


# -- item 8: the next mirror after any failure ------------------------------------------------------

@pytest.mark.parametrize("first", ["truncate", "corrupt"])
def test_next_mirror_after_a_truncated_or_corrupt_transfer(mirrors, tmp_path, first):
    bad = ("truncate", BODY) if first == "truncate" else ("ok", BODY[:20] + bytes([BODY[20] ^ 0xFF]) + BODY[21:])
    mirrors.routes.update({"/first/" + NAME: bad, "/second/" + NAME: ("ok", BODY)})
    (path,) = download([NAME], tmp_path, checksums=SHA)  # the first mirror's failure stopped this
    assert path.read_bytes() == BODY
    assert mirrors.requests == ["/first/" + NAME, "/second/" + NAME]
    assert os.listdir(tmp_path) == [NAME]


def test_every_mirror_bad_names_each_reason_and_keeps_nothing(mirrors, tmp_path):
    mirrors.routes.update({"/first/" + NAME: ("ok", b"not the file")})  # /second/ answers 404
    with pytest.raises(DataError) as info:
        download([NAME], tmp_path, checksums=SHA)
    message = str(info.value)
    assert f"{mirrors.url}first/{NAME}: {NAME}: sha256 checksum mismatch" in message
    assert f"{mirrors.url}second/{NAME}: HTTP 404" in message
    assert f"put it at {(tmp_path / NAME).resolve()}" in message
    assert not isinstance(info.value, DownloadError)  # a file arrived, wrong: not a connection problem
    assert os.listdir(tmp_path) == []


# -- item 13: an overall deadline ----------------------------------------------------------------------

def test_a_trickling_server_is_given_up_on(server, tmp_path):
    server.routes["/" + NAME] = ("trickle", BODY)  # a byte every 50 ms: each read is within the timeout
    start = time.monotonic()
    with pytest.raises(DownloadError, match=rf"could not download {NAME} .*gave up after 0.5 s \(the deadline\): "
                                            rf"received \d+ of {len(BODY)} bytes"):
        download([NAME], tmp_path, base_url=server.url, checksums=SHA, timeout=5, deadline=0.5)
    assert time.monotonic() - start < 4  # well before the transfer (len(BODY) * 50 ms) would end
    assert os.listdir(tmp_path) == []


def test_after_the_deadline_the_next_mirror_is_tried(mirrors, tmp_path):
    mirrors.routes.update({"/first/" + NAME: ("trickle", BODY), "/second/" + NAME: ("ok", BODY)})
    (path,) = download([NAME], tmp_path, checksums=SHA, timeout=5, deadline=0.3)
    assert path.read_bytes() == BODY


# -- item 5: a shared cache ----------------------------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_downloaded_file_is_readable_by_the_other_users_of_a_cache(server, tmp_path):
    server.routes["/" + NAME] = ("ok", BODY)
    old = os.umask(0o022)
    try:
        (path,) = download([NAME], tmp_path, base_url=server.url, checksums=SHA)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644  # was 0o600: "Permission denied" for everyone else


# -- item 13: SIGTERM during a download ----------------------------------------------------------------

DOWNLOAD = textwrap.dedent("""
    import sys
    from nnadl.data import download
    download([sys.argv[2]], sys.argv[1], base_url=sys.argv[3], checksums={}, timeout=30)
""")


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_sigterm_during_a_download_leaves_no_part_file(server, tmp_path):
    server.routes["/" + NAME] = ("trickle", BODY)
    proc = subprocess.Popen([sys.executable, "-c", DOWNLOAD, str(tmp_path), NAME, server.url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):  # the transfer has begun
            assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
            time.sleep(0.02)
        time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, (proc.returncode, err)  # -15: killed before it could clean up
    assert os.listdir(tmp_path) == []
    assert "Traceback" not in err
