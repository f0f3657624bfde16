"""Node icons prepared for rendering: padded to the node's shape, and faded for later phases.

Graphviz cannot draw an image with transparency applied, so a faded copy of each icon
is made once with Pillow; every icon is also padded sideways so that a node wider than
its icon (room for a highlighted label) shows the icon at its usual size. Both are kept
in the user's cache directory, each with a checksum beside it; if that folder cannot be
written, or is not the user's own, a private folder of the process's own is used.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from explorer.drawing.cache import cache_root
from explorer.library.files import atomic_path

FADE_ALPHA = 0.30
_VERSION = "v3"  # bumped when the padding changes: the cached files are named by source
# Nodes are wider than their icons so that a highlight box holds the label; icons are
# padded sideways to the node's proportions so Graphviz scales them to the same size,
# and a little at the top, so an arrow that ends at the node's top stops short of it.
NODE_WIDTH_IN = 2.0
ICON_SIZE_IN = 1.1
ICON_TOP_GAP_IN = 0.08
#: Width over height of every icon file as padded (what ``imagescale`` keeps).
ICON_FILE_ASPECT = NODE_WIDTH_IN / (ICON_SIZE_IN + ICON_TOP_GAP_IN)
FILE_MODE = 0o600  # icons and their checksums, as in the user's private cache


def cache_dir() -> Path:
    return cache_root() / "icons" / _VERSION


_private_dir: Path | None = None
_verified: set[Path] = set()
_lock = threading.Lock()


def _private_fallback() -> Path:
    """A folder of this process's own (mode 0700, unpredictable name) for when the cache
    folder cannot be written; nothing planted in a shared temp folder is ever used."""
    global _private_dir
    if _private_dir is None:
        _private_dir = Path(tempfile.mkdtemp(prefix="scenario-explorer-icons-"))
        atexit.register(shutil.rmtree, _private_dir, True)
    return _private_dir


def _trusted_folder(folder: Path) -> bool:
    """The cache folder must be the user's own and not writable by others (POSIX)."""
    if os.name != "posix":
        return True
    try:
        info = folder.stat()
    except OSError:
        return True  # not made yet: it is made by this user
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _plated(icon: Image.Image, colour: str) -> Image.Image:
    """``icon`` on a rounded plate of ``colour`` (a dark theme's light plate), a little
    larger than the icon, as the window draws it."""
    margin = max(2, round(max(icon.size) * 0.06))
    size = (icon.width + 2 * margin, icon.height + 2 * margin)
    plate = Image.new("RGBA", size, (0, 0, 0, 0))
    rgb = tuple(int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    ImageDraw.Draw(plate).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=margin * 2, fill=(*rgb, 255))
    plate.alpha_composite(icon, (margin, margin))
    return plate


def _icon_bytes(source: Path, faded: bool, plate: str = "") -> bytes:
    with Image.open(source) as image:
        rgba = image.convert("RGBA")
    if plate:
        rgba = _plated(rgba, plate)
    if faded:
        grey = ImageOps.grayscale(rgba.convert("RGB")).convert("RGBA")
        grey.putalpha(rgba.getchannel("A").point(lambda a: int(a * FADE_ALPHA)))
        rgba = grey
    side = max(rgba.size)
    size = (round(side * NODE_WIDTH_IN / ICON_SIZE_IN), round(side * (ICON_SIZE_IN + ICON_TOP_GAP_IN) / ICON_SIZE_IN))
    canvas = Image.new("RGBA", size, (255, 255, 255, 0))
    top = canvas.height - side  # the gap; the icon's own square fills the rest
    canvas.paste(rgba, ((canvas.width - rgba.width) // 2, top + (side - rgba.height) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def _write(target: Path, data: bytes) -> None:
    """The icon and its checksum (``.sha256`` beside it), each written atomically and
    readable by the user alone (0600), in a folder made 0700."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    for path, payload in ((target, data), (target.with_suffix(".sha256"), hashlib.sha256(data).hexdigest().encode())):
        with atomic_path(path, FILE_MODE) as tmp, open(tmp, "wb") as handle:
            handle.write(payload)


def _intact(target: Path) -> bool:
    """The icon file exists and matches the checksum written with it."""
    try:
        data = target.read_bytes()
        expected = target.with_suffix(".sha256").read_bytes().decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return hashlib.sha256(data).hexdigest() == expected


def node_icon(icon_path: str, faded: bool = False, plate: str = "") -> str:
    """Path of ``icon_path`` padded to the node's proportions (and faded if asked; on a
    rounded ``plate`` of that colour if one is given).

    Made once and kept in the cache folder; each file is checked against its checksum
    the first time a process uses it, and a damaged or planted one is made again.
    """
    source = Path(icon_path)
    digest = hashlib.sha256(f"{source.resolve()}|{faded}|{plate}".encode()).hexdigest()[:20]
    name = f"{source.stem}-{'faded-' if faded else ''}{'plated-' if plate else ''}{digest}.png"
    for folder in (cache_dir(), None):
        target = (folder if folder is not None else _private_fallback()) / name
        with _lock:
            if target in _verified:
                return str(target)
        if folder is not None and not _trusted_folder(folder.parent.parent):
            continue
        try:
            if not _intact(target):
                _write(target, _icon_bytes(source, faded, plate))
        except OSError:
            if folder is None:
                raise
            continue  # the cache cannot be written: use this process's private folder
        with _lock:
            _verified.add(target)
        return str(target)
    raise AssertionError("unreachable")
