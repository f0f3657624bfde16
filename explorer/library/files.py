"""Writing files so that they are either wholly there or not changed at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either wholly there or not changed at all.

    The bytes go to a short temporary name in the same folder first (so a name near the
    file system's 255-byte limit still works) and are moved into place when complete.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OSError(f"the folder {str(directory)!r} does not exist")
    if len(os.fsencode(path.name)) > 255:
        raise OSError(f"the file name is {len(os.fsencode(path.name))} bytes long; the limit is 255")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".se-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an export is the user's file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
