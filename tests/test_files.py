"""nnadl._files: every file is written through a temporary file and a rename, with the mode open() would give."""

import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from nnadl._files import check_writable, replacing


posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and signals")


def write(path, text):
    with replacing(path) as tmp:
        tmp.write_text(text)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask():
    """Set the process's umask for one test, then put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda m: os.umask(m)
    os.umask(old)


@posix_only
@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664), (0o027, 0o640)])
def test_new_file_respects_umask(tmp_path, umask, mask, expected):
    umask(mask)
    write(tmp_path / "model.json", "{}")
    assert mode(tmp_path / "model.json") == expected  # was 0o600 whatever the umask


@posix_only
@pytest.mark.parametrize("existing", [0o644, 0o640, 0o444, 0o755])
def test_overwrite_keeps_the_existing_mode(tmp_path, umask, existing):
    umask(0o077)  # a umask that would give 0o600 to a new file: the old mode must win
    path = tmp_path / "model.json"
    path.write_text("old")
    os.chmod(path, existing)
    write(path, "new")
    assert path.read_text() == "new" and mode(path) == existing


@posix_only
def test_symlink_is_written_through(tmp_path):
    target = tmp_path / "real" / "model.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "model.json"
    link.symlink_to(target)
    write(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)  # still a link...
    assert target.read_text() == "new"  # ...and its target holds the data
    assert sorted(p.name for p in target.parent.iterdir()) == ["model.json"]


@posix_only
def test_symlink_chain_and_dangling_link(tmp_path):
    final = tmp_path / "final.json"
    (tmp_path / "middle.json").symlink_to(final)  # dangling: its target does not exist yet
    (tmp_path / "first.json").symlink_to(tmp_path / "middle.json")
    write(tmp_path / "first.json", "data")
    assert final.read_text() == "data"
    assert (tmp_path / "first.json").is_symlink() and (tmp_path / "middle.json").is_symlink()


@pytest.mark.parametrize("case", ["missing directory", "destination is a directory"])
def test_errors_name_the_path_given_not_the_temporary(tmp_path, case):
    path = tmp_path / "nodir" / "model.json" if case == "missing directory" else tmp_path
    with pytest.raises(OSError) as info:
        write(path, "x")
    assert info.value.filename == str(path)
    assert ".part" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_read_only_filesystem_is_named(tmp_path):
    if not os.path.isdir("/sys/kernel"):
        pytest.skip("needs sysfs, a file system no one can create files in")
    path = "/sys/kernel/nnadl-model.json"
    with pytest.raises(OSError) as info:
        write(path, "x")
    assert info.value.filename == path and ".part" not in str(info.value)


@pytest.mark.parametrize("make, error", [
    (lambda d: d / "nodir" / "m.json", FileNotFoundError),
    (lambda d: d, IsADirectoryError),
    (lambda d: d / "file.txt" / "m.json", NotADirectoryError),
])
def test_check_writable_before_the_work(tmp_path, make, error):
    (tmp_path / "file.txt").write_text("")
    path = make(tmp_path)
    with pytest.raises(error) as info:
        check_writable(path)
    assert info.value.filename == str(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]  # the probe left nothing


def test_check_writable_refuses_a_read_only_file(tmp_path):
    path = tmp_path / "m.json"
    path.write_text("keep me")
    os.chmod(path, 0o444)
    with pytest.raises(PermissionError, match="read-only"):
        check_writable(path)
    assert path.read_text() == "keep me"


SIGTERM_IN_BLOCK = textwrap.dedent("""
    import os, signal, sys
    from nnadl._files import replacing
    path = sys.argv[1]
    with replacing(path) as tmp:
        tmp.write_text("half written")
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill` or a job scheduler would, mid-write
        import time; time.sleep(30)
    print("not reached")
""")


@posix_only
def test_sigterm_during_a_write_leaves_no_part_file(tmp_path):
    (tmp_path / "model.json").write_text("the old model")
    result = subprocess.run([sys.executable, "-c", SIGTERM_IN_BLOCK, str(tmp_path / "model.json")],
                            capture_output=True, text=True, timeout=60)
    # Still ends as terminated (143 = 128 + SIGTERM), but only after removing the temporary file;
    # -SIGTERM would mean Python was killed outright, before any cleanup could run.
    assert result.returncode == 143, (result.returncode, result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]
    assert (tmp_path / "model.json").read_text() == "the old model"
    assert "Traceback" not in result.stderr


@posix_only
def test_a_handler_installed_by_the_caller_is_kept(tmp_path):
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda *a: seen.append("mine"))
    try:
        with replacing(tmp_path / "m.json") as tmp:
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
            os.kill(os.getpid(), signal.SIGTERM)
            tmp.write_text("done")
        assert seen == ["mine"] and (tmp_path / "m.json").read_text() == "done"
    finally:
        signal.signal(signal.SIGTERM, previous)


def _save_dense(path):
    from nnadl.network import Network
    from nnadl.persist import save_network

    save_network(Network([3, 2], seed=0), path)


def _save_conv(path):
    from nnadl import conv

    conv.Network([conv.FullyConnectedLayer(3, 2, seed=0), conv.SoftmaxLayer(2, 2, seed=0)], 1).save(path)


@posix_only
@pytest.mark.parametrize("save, name", [(_save_dense, "model.json"), (_save_conv, "model.npz")])
def test_every_writer_gives_the_mode_open_would(tmp_path, umask, save, name):
    umask(0o022)
    save(tmp_path / name)
    assert mode(tmp_path / name) == 0o644  # a model file only its owner could read
    os.chmod(tmp_path / name, 0o664)
    save(tmp_path / name)
    assert mode(tmp_path / name) == 0o664  # overwriting kept the mode it had
    link = tmp_path / "link"
    link.symlink_to(tmp_path / name)
    save(link)
    assert link.is_symlink()
