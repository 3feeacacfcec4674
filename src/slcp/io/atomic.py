"""Writing a file so that it is either wholly the old file or wholly the new one.

Every file slcp writes goes through :func:`write_atomic`: the text is written to a temporary
file in the same folder, flushed to disk (``fsync``) and then renamed over the target with
:func:`os.replace`, which is atomic on POSIX and Windows. A crash, a full disk or an
interrupted run leaves the old file untouched — never half a report or a truncated programme
— and a reader never sees a partial file. Decision 0901.

Imports nothing from slcp.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically (text as UTF-8, exactly as given).

    The new file keeps the permissions of the file it replaces, or gets the usual ones
    (``0o666`` less the process umask) when there was none.

    Args:
        path: the file to write; its folder must exist.
        data: the whole content: ``str`` (encoded UTF-8, line endings untouched) or ``bytes``.

    Raises:
        OSError: the folder does not exist or cannot be written, the target is a folder, the
            disk is full...; its ``filename`` is ``path`` (never the temporary file's name),
            and no temporary file is left behind.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "x.txt", "first\\n"); write_atomic(folder / "x.txt", "second\\n")
    >>> (folder / "x.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('second\\n', ['x.txt'])
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        mode = _mode_for(target)
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OSError(e.errno, e.strerror, str(target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    # makes the rename itself durable on POSIX; folders cannot be opened on Windows
    if os.name != "posix":  # pragma: no cover - POSIX in CI
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
