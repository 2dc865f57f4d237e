"""Writing files so that a reader never sees a half-written one, and nothing is lost on the way."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from pathlib import Path


def _umask() -> int:
    """The process's umask, read without changing it where the platform allows."""
    try:  # Linux 4.7+: reading it here cannot race with another thread creating a file
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it and put it back
    os.umask(mask)
    return mask


def _target(path: Path) -> Path:
    """The file a write to ``path`` should change: the final target if ``path`` is a symlink."""
    if os.path.islink(path):
        # Renaming over the link would replace the link itself by a file; `open(path, "w")`
        # writes its target, and so do we.
        return Path(os.path.realpath(path))
    return path


def _special(path) -> int | None:
    """The file type bits of ``path`` if it exists and is neither a regular file nor a directory.

    Follows symlinks, as ``open`` would: ``/dev/stdout`` is whatever it points to.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # missing, a loop, a NUL in the name: not special
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else stat.S_IFMT(mode)


def _refuse_special(kind: int, path):
    """A character device or a FIFO is written through; refuse any other special file, naming ``path``."""
    if kind in (stat.S_IFCHR, stat.S_IFIFO):
        return
    what = {stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}.get(kind, "not a regular file")
    raise OSError(errno.EINVAL, f"is {what}; refusing to write over it, give a file name", str(path))


def _write_through(tmp, path):
    """Copy ``tmp`` into the existing special file ``path`` (a device, a FIFO), never creating or replacing it."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))  # no O_CREAT: never make a file there
        with open(fd, "wb") as out, open(tmp, "rb") as src:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                out.write(chunk)
    except OSError as e:
        raise _named(e, path) from None


def _named(error: OSError, path) -> OSError:
    """``error`` again, naming ``path`` (the user's) instead of an internal temporary file.

    An error without an errno (raised by hand, or by a wrapper) has no file name to
    replace: it is returned as it is, its message intact.
    """
    if error.errno is None:
        return error
    try:
        return type(error)(error.errno, error.strerror or os.strerror(error.errno), str(path))
    except TypeError:  # a subclass with another constructor
        return error


@contextlib.contextmanager
def _sigterm_as_exit():
    """Turn SIGTERM into ``SystemExit(143)`` for the duration of the block.

    By default SIGTERM ends Python at once, so no ``except``/``finally`` runs and a
    temporary file would be left behind. Raising SystemExit instead lets the caller clean
    up, and the process still ends with status 143 (128 + SIGTERM), as if killed. Only
    where Python's default disposition is in force (a handler someone installed is theirs
    to keep) and only in the main thread (the only one that may set handlers).
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def replacing(path):
    """Yield a temporary path beside ``path``; rename it to ``path`` only if the block succeeds.

    On any error, including KeyboardInterrupt and SIGTERM (raised as ``SystemExit(143)``
    while the block runs), the temporary file is deleted and ``path`` is left as it was.
    The temporary lives in the same directory, so the final rename is atomic on POSIX and
    Windows.

    The result is what ``open(path, "w")`` would have given, only atomic: a new file gets
    the permissions the umask allows (not the owner-only mode of a temporary file), an
    existing file keeps its mode (and, where permitted, its owner and group), and a
    symlink is written through to its target, which stays a symlink.

    Renaming is for regular files only. An existing character device or FIFO (``/dev/null``,
    ``/dev/stdout`` on a pipe) is written through, as ``open`` would, once the block is done:
    the block still writes a temporary file (in the system's temporary directory) and the
    device node is never replaced. Any other special file (a block device, a socket) is refused.

    Raises
    ------
    IsADirectoryError
        ``path`` is a directory.
    OSError
        ``path`` is a block device or a socket (``errno.EINVAL``).
    OSError
        The directory is missing or not writable, the disk is full...; the error names
        ``path``, never the temporary file.

    Examples
    --------
    >>> d = Path(tempfile.mkdtemp())
    >>> with replacing(d / "out.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (d / "out.txt").read_text(), sorted(p.name for p in d.iterdir())
    ('done', ['out.txt'])
    >>> with replacing(d / "out.txt") as tmp:
    ...     _ = tmp.write_text("half")
    ...     raise OSError("disk full")
    Traceback (most recent call last):
    ...
    OSError: disk full
    >>> (d / "out.txt").read_text(), sorted(p.name for p in d.iterdir())
    ('done', ['out.txt'])
    """
    path = Path(path)
    kind = _special(path)
    if kind is not None:
        yield from _through_special(kind, path)
        return
    target = _target(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory; give a file name", str(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as e:  # missing or read-only directory: say so about the user's path
        raise _named(e, path) from None
    os.close(fd)

    def rename(tmp):
        _copy_permissions(target, tmp)
        try:
            os.replace(tmp, target)
        except OSError as e:
            raise _named(e, path) from None

    yield from _via_temporary(tmp, rename)


def _through_special(kind, path):
    """``replacing`` for a special file: the block writes a temporary file in the system's
    temporary directory, which is then copied into ``path``; ``path`` itself is never renamed over."""
    _refuse_special(kind, path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part")
    os.close(fd)

    def copy_and_remove(tmp):
        _write_through(tmp, path)
        os.unlink(tmp)

    yield from _via_temporary(tmp, copy_and_remove)


def _via_temporary(tmp, finish):
    """Yield ``tmp`` to the block, then ``finish(tmp)``; on any error, KeyboardInterrupt and SIGTERM
    (as ``SystemExit(143)``) included, remove ``tmp`` and re-raise."""
    try:
        with _sigterm_as_exit():
            yield Path(tmp)
            finish(tmp)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _copy_permissions(target: Path, tmp: str):
    """Give ``tmp`` the mode (and owner) ``target`` has, or a new file's mode under the umask."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        os.chmod(tmp, 0o666 & ~_umask())
        return
    own = os.stat(tmp)
    if hasattr(os, "chown") and (own.st_uid, own.st_gid) != (st.st_uid, st.st_gid):  # POSIX only
        with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
            os.chown(tmp, st.st_uid, st.st_gid)
    os.chmod(tmp, stat.S_IMODE(st.st_mode))  # after chown, which may clear set-id bits


def check_writable(path) -> Path:
    """Raise now if ``replacing(path)`` could not write ``path``, naming ``path``.

    For a caller about to spend a long time computing what it will write (a training run):
    it learns at once that the destination is a directory, its directory is missing, or
    either is read-only. Nothing is left behind.

    A character device or a FIFO passes if it may be written (``replacing`` writes through it);
    a block device or a socket is refused.

    Raises
    ------
    IsADirectoryError, FileNotFoundError, NotADirectoryError, PermissionError, OSError
        With ``path`` as the error's ``filename`` and a message saying what to change.

    Examples
    --------
    >>> d = Path(tempfile.mkdtemp())
    >>> check_writable(d / "model.json") == d / "model.json"
    True
    >>> check_writable(d / "nodir" / "model.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] directory .../nodir does not exist; create it first: '.../nodir/model.json'
    """
    path = Path(path)
    kind = _special(path)
    if kind is not None:  # a device or a FIFO is written through, so only its own permission counts
        _refuse_special(kind, path)
        if not os.access(path, os.W_OK):
            raise PermissionError(errno.EACCES, "permission denied; choose another file", str(path))
        return path
    target = _target(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory; give a file name", str(path))
    parent = target.parent
    if not parent.exists():
        raise FileNotFoundError(errno.ENOENT, f"directory {parent} does not exist; create it first", str(path))
    if not parent.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"{parent} is not a directory", str(path))
    if target.exists() and not target.stat().st_mode & 0o222:
        # Writable by root anyway, but its owner marked it read-only: do not overwrite it.
        raise PermissionError(errno.EACCES, "the file is read-only; make it writable or choose another", str(path))
    try:  # the only reliable test of a directory's writability (ACLs, read-only mounts, root)
        fd, probe = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as e:
        raise type(e)(e.errno, f"cannot write in directory {parent} ({e.strerror})", str(path)) from None
    os.close(fd)
    os.unlink(probe)
    return path


def as_path(path, what="path") -> Path:
    """``path`` as a Path, refusing what no file can be called: an empty name (``Path("")`` would be
    ``.``, a directory the user never named) and a name with a NUL character.

    Examples
    --------
    >>> as_path("")
    Traceback (most recent call last):
    ...
    ValueError: path is empty; give a file name
    """
    if isinstance(path, (str, os.PathLike)) and not os.fspath(path):
        raise ValueError(f"{what} is empty; give a file name")
    if isinstance(path, (str, os.PathLike)) and "\0" in str(os.fspath(path)):
        raise ValueError(f"{what} {os.fspath(path)!r} contains a NUL character; no file can be called that")
    return Path(path)
