"""Rendered views cached by what the user asked for, so a restart shows them at once.

The key is everything that determines the picture: a digest of the scenario's data as
stored in the library (what is actually drawn, never a hash the file claims for
itself, which a crafted library could copy), the selection, the phase, the resolution,
and a digest of the code that composes and draws views. Looking it up needs none of the heavy modules, so the app's
last diagram can be on screen before pydantic or the diagrams package are imported.
A render that is under way for a key can be waited for, rather than run twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import threading
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from explorer.drawing.cache import disk_cache

# The code that decides what a view looks like: the domain (composing views) and the
# drawing package, every module of each.
_CODE_PACKAGES = ("domain", "drawing")
_code_digest: str | None = None
_inflight: dict[str, threading.Event] = {}
_lock = threading.Lock()


def code_digest() -> str:
    global _code_digest
    if _code_digest is None:
        digest = hashlib.sha256()
        root = Path(__file__).resolve().parent.parent
        for package in _CODE_PACKAGES:
            for path in sorted((root / package).glob("*.py")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(metadata.version("diagrams").encode())
        digest.update(graphviz_version().encode())
        _code_digest = digest.hexdigest()
    return _code_digest


def graphviz_version() -> str:
    """What ``dot -V`` says (another Graphviz may lay the same DOT out differently)."""
    from explorer.drawing.render import find_dot

    try:
        done = subprocess.run([find_dot(), "-V"], capture_output=True, timeout=10, check=False)
    except Exception:  # noqa: BLE001 - no Graphviz: such views are never rendered anyway
        return "no graphviz"
    return done.stderr.decode("utf-8", "replace").strip() or done.stdout.decode("utf-8", "replace").strip()


def view_key(content_digest: str, scenario_id: str, selection: Mapping[str, str], phase: int | None, dpi: int) -> str:
    """``content_digest`` is ``Library.content_digest(scenario_id)``."""
    payload = json.dumps([code_digest(), content_digest, scenario_id, sorted(selection.items()), phase, dpi])
    return "view-" + hashlib.sha256(payload.encode()).hexdigest()


def get(key: str, wait_seconds: float = 0.0) -> bytes | None:
    """The cached image for ``key``; waits up to ``wait_seconds`` for a render under way."""
    with _lock:
        running = _inflight.get(key)
    if running is not None and wait_seconds:
        running.wait(wait_seconds)
    return disk_cache().get(key)


def put(key: str, data: bytes) -> None:
    disk_cache().put(key, data)


def begin(key: str) -> bool:
    """Claim the render of ``key``; False if another thread is already rendering it."""
    with _lock:
        if key in _inflight:
            return False
        _inflight[key] = threading.Event()
        return True


def end(key: str) -> None:
    with _lock:
        event = _inflight.pop(key, None)
    if event is not None:
        event.set()
