"""The class "environment" for the site build (issue 21): ``NNADL_NOTEBOOK_CACHE`` set to each kind of
path no store can be kept in, and ``NNADL_SITE_URL`` set to what is not a site's address. The build
stops at once with one error naming the variable: no traceback, no page built. (``NNADL_DATA`` is
covered with the command line, in tests/test_properties_paths.py.)"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(os.name != "posix", reason="device nodes, FIFOs and symlinks")


def bad_cache(kind, d):
    """A value of NNADL_NOTEBOOK_CACHE where no store can be (device nodes made here, never under /dev)."""
    if kind == "file_as_directory":
        (d / "file").write_text("x")
        return str(d / "file" / "cache")
    if kind == "a_file":
        (d / "file").write_text("x")
        return str(d / "file")
    if kind == "null_device":
        try:
            os.mknod(d / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root or CAP_MKNOD")
        return str(d / "null")
    if kind == "fifo":
        os.mkfifo(d / "fifo")
        return str(d / "fifo")
    if kind == "symlink_loop":
        (d / "loop").symlink_to(d / "loop")
        return str(d / "loop" / "cache")
    if kind == "unknown_user":
        return "~nnadl_no_such_user_21/cache"
    raise AssertionError(kind)


def build(tmp_path, **env):
    run_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NNADL_EXECUTE_NOTEBOOKS="false", **env)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=300)


@posix_only
@pytest.mark.parametrize("kind", ["file_as_directory", "a_file", "null_device", "fifo", "symlink_loop", "unknown_user"])
def test_a_notebook_cache_that_cannot_be(tmp_path, kind):
    value = bad_cache(kind, tmp_path)
    result = build(tmp_path, NNADL_NOTEBOOK_CACHE=value)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and f"NNADL_NOTEBOOK_CACHE={value}" in errors[0], result.stderr[-2000:]
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.parametrize("url", ["", "not a url", "http://", "ftp://example.org/", "javascript:alert(1)",
                                 "http://exa mple.org/", "example.org/nnadl/"])
def test_a_site_url_that_is_no_address(tmp_path, url):
    result = build(tmp_path, NNADL_SITE_URL=url, NNADL_NOTEBOOK_CACHE=str(tmp_path / "cache"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and ("NNADL_SITE_URL" in errors[0] or "site_url" in errors[0]), result.stderr[-2000:]
