"""The on-disk cache of rendered diagrams, in the user's cache directory.

Entries are keyed by what determines the image (format, resolution and the DOT source)
and written atomically, so two instances of the app can share the cache safely: a
reader sees a whole entry or none. Each entry carries a checksum; a damaged one is
ignored, deleted and rendered again. The cache stays under a size limit by dropping
the entries used least recently.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from pathlib import Path

from explorer.library.files import atomic_path, cache_root

MAGIC = b"SXC1"
DEFAULT_LIMIT_BYTES = 256 * 1024 * 1024
_HASH = hashlib.sha256().digest_size
ENTRY_MODE = 0o600  # an entry is readable by the user alone (the umask can only take away)


class DiskCache:
    def __init__(self, folder: Path, limit_bytes: int = DEFAULT_LIMIT_BYTES):
        self.folder = Path(folder)
        self.limit_bytes = limit_bytes
        self._written_since_prune = 0
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.bin"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        data = blob[len(MAGIC) + _HASH :]
        if blob[: len(MAGIC)] != MAGIC or hashlib.sha256(data).digest() != blob[len(MAGIC) : len(MAGIC) + _HASH]:
            path.unlink(missing_ok=True)  # damaged: forget it, the caller renders again
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return data

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # The temporary name does not end in .bin: get and prune never see a partial entry.
            with atomic_path(path, ENTRY_MODE) as tmp, open(tmp, "wb") as handle:
                handle.write(MAGIC + hashlib.sha256(data).digest() + data)
        except OSError:
            return  # a cache that cannot be written is only a slower app
        with self._lock:
            self._written_since_prune += len(data)
            due = self._written_since_prune > self.limit_bytes // 20
            if due:
                self._written_since_prune = 0
        if due:
            self.prune()

    def prune(self) -> None:
        """Delete least recently used entries until the cache is under 80% of its limit."""
        entries = []
        for path in self.folder.glob("*/*.bin"):
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        if total <= self.limit_bytes:
            return
        for _, size, path in sorted(entries):
            path.unlink(missing_ok=True)
            total -= size
            if total <= self.limit_bytes * 0.8:
                break

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.folder.glob("*/*.bin"))


_disk: DiskCache | None = None


def disk_cache() -> DiskCache:
    global _disk
    folder = cache_root() / "renders-v1"
    if _disk is None or _disk.folder != folder:
        _disk = DiskCache(folder)
    return _disk
