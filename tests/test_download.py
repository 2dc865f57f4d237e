"""nnadl.download: each file fetched once, checked, through a temporary file; every failure named, nothing left behind."""

import gzip
import hashlib
import http.server
import os
import pickle
import signal
import socket
import stat
import struct
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from nnadl import data
from nnadl.download import download, DownloadError
from nnadl.mnist_loader import DataError, load_pickle
from helpers import book_parts, idx_bytes, py2_pickle


NAME = "train-labels-idx1-ubyte.gz"


def _labels_file():
    return gzip.compress(idx_bytes(np.arange(300) % 10, 2049))


def _sha256(body):
    return ("sha256", hashlib.sha256(body).hexdigest())


def test_download_success_then_cached(file_server, tmp_path):
    body = _labels_file()
    file_server.files[NAME] = body
    seen = []
    paths = download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)},
                     progress=lambda name, done, total: seen.append((name, done, total)))
    assert paths == [tmp_path / NAME] and paths[0].read_bytes() == body
    assert seen[-1] == (NAME, len(body), len(body))
    assert file_server.requests == ["/" + NAME]
    download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)})
    assert file_server.requests == ["/" + NAME]  # not fetched again
    assert sorted(os.listdir(tmp_path)) == [NAME]  # no temporary files left


def test_download_env_url_and_cache_dir(file_server, tmp_path, monkeypatch):
    body = _labels_file()
    file_server.files[NAME] = body
    monkeypatch.setenv("NNADL_MNIST_URL", file_server.url)
    monkeypatch.setenv("NNADL_DATA", str(tmp_path / "cache"))
    assert data.default_cache_dir() == tmp_path / "cache"
    (path,) = download([NAME], checksums={NAME: _sha256(body)})
    assert path == tmp_path / "cache" / NAME and path.is_file()


def test_download_replaces_corrupt_cached_copy(file_server, tmp_path):
    body = _labels_file()
    file_server.files[NAME] = body
    (tmp_path / NAME).write_bytes(b"half a file")
    download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)})
    assert (tmp_path / NAME).read_bytes() == body


def test_download_checksum_mismatch_leaves_nothing(file_server, tmp_path):
    file_server.files[NAME] = _labels_file()  # not the real MNIST file: the pinned SHA-256 cannot match
    with pytest.raises(DataError, match=rf"{NAME}: sha256 checksum mismatch \(expected 3552534a.*nothing was kept"):
        download([NAME], tmp_path, base_url=file_server.url)
    assert os.listdir(tmp_path) == []


def test_download_truncated_leaves_nothing(file_server, tmp_path):
    body = _labels_file()
    file_server.files[NAME] = body
    file_server.mode = "truncate"
    with pytest.raises(DataError, match=NAME) as info:
        download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)})
    assert "truncated" in str(info.value) or "Incomplete" in str(info.value)
    assert os.listdir(tmp_path) == []


def test_download_interrupted_leaves_nothing(file_server, tmp_path):
    body = os.urandom(300_000)
    file_server.files[NAME] = body

    def interrupt(name, done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)}, progress=interrupt)
    assert os.listdir(tmp_path) == []


def test_download_http_error_and_offline(file_server, tmp_path):
    with pytest.raises(DownloadError, match=rf"HTTP 404.*put it at {tmp_path.resolve() / NAME}"):
        download([NAME], tmp_path, base_url=file_server.url)
    with socket.socket() as s:  # a port on 127.0.0.1 that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DownloadError, match=rf"could not download {NAME} .*put it at {tmp_path.resolve() / NAME}"):
        download([NAME], tmp_path, base_url=f"http://127.0.0.1:{port}/", timeout=5)
    with pytest.raises(ConnectionError):  # DownloadError is also a ConnectionError
        download([NAME], tmp_path, base_url=f"http://127.0.0.1:{port}/", timeout=5)
    assert os.listdir(tmp_path) == []


def test_download_pickle_is_checked_by_reading_it(file_server, tmp_path):
    good = gzip.compress(py2_pickle(book_parts()))
    file_server.files["mnist.pkl.gz"] = good
    (path,) = download(["mnist.pkl.gz"], tmp_path, base_url=file_server.url)
    assert len(load_pickle(path).training) == 6
    file_server.files["mnist.pkl.gz"] = gzip.compress(pickle.dumps([1, 2], protocol=2))
    other = tmp_path / "other"
    with pytest.raises(DataError, match="mnist.pkl.gz: expected a tuple of 3 parts"):
        download(["mnist.pkl.gz"], other, base_url=file_server.url)
    assert os.listdir(other) == []


def test_pinned_checksums_are_sha256():
    for name in data.IDX_FILES.values():
        algorithm, digest = data.CHECKSUMS[name]
        assert algorithm == "sha256" and len(digest) == 64
    assert data.CHECKSUMS["mnist.pkl.gz"] is None


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


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_downloaded_file_is_readable_by_the_other_users_of_a_cache(server, tmp_path):
    server.routes["/" + NAME] = ("ok", BODY)
    old = os.umask(0o022)
    try:
        (path,) = download([NAME], tmp_path, base_url=server.url, checksums=SHA)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644  # was 0o600: "Permission denied" for everyone else


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
