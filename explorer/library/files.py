"""Writing files so that they are either wholly there or not changed at all.

``atomic_path`` is the one way to do it: whatever is written to the temporary path it
gives is moved onto the real name only when complete. ``write_atomic`` writes bytes
with it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

_TEMP_NAME_TRIES = 100


def cache_root() -> Path:
    """The user's cache folder for Scenario Explorer (``SCENARIO_EXPLORER_CACHE`` overrides it)."""
    import platformdirs

    override = os.environ.get("SCENARIO_EXPLORER_CACHE")
    return Path(override) if override else Path(platformdirs.user_cache_dir("scenario-explorer"))


def _create_temp(directory: Path, mode: int) -> tuple[int, Path]:
    """A new empty file with a short name (``.se-<12 hex digits>.part``) in ``directory``,
    and a descriptor open on it for reading and writing."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(_TEMP_NAME_TRIES):
        tmp = directory / f".se-{secrets.token_hex(6)}.part"
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(directory))


def _link_new(tmp: Path, path: Path) -> None:
    """Give ``tmp`` the name ``path`` unless a file of that name exists (FileExistsError)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if path.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(tmp, path)
        return
    tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(path: Path | str, mode: int = 0o666, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path to write in place of ``path``; on success it becomes ``path``.

    The temporary file is created empty, beside ``path`` (same folder, so the final move
    is atomic) under a short name, so that a name near the file system's 255-byte limit
    still works. Its permissions are ``mode`` less the umask, as for any new file: the
    default 0o666 makes a file readable as the user's umask says (an export or a library
    is the user's file); pass 0o600 for a private one. Write into the file in place
    (open it, truncate it, let SQLite write it), never replace it with another file.

    When the ``with`` block ends without an exception, the file is flushed to disk
    (fsync) and moved onto ``path``: with ``os.replace`` (an existing file is replaced
    whole), or, with ``overwrite=False``, only if no file of that name exists by then
    (FileExistsError otherwise, and nothing is changed). If the block or any of these
    steps fails, the temporary file is removed and the exception propagates; ``path`` is
    never left half-written. Raises OSError when the folder does not exist or cannot be
    written.
    """
    path = Path(path)
    fd, tmp = _create_temp(path.parent, mode)
    try:
        try:
            yield tmp
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either wholly there or not changed at all.

    ``atomic_path`` with its defaults; first, a missing folder or a name longer than 255
    bytes is refused with an OSError that says so.
    """
    path = Path(path)
    directory = path.parent
    if not directory.is_dir():
        raise OSError(f"the folder {str(directory)!r} does not exist")
    if len(os.fsencode(path.name)) > 255:
        raise OSError(f"the file name is {len(os.fsencode(path.name))} bytes long; the limit is 255")
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
