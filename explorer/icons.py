"""Washed-out copies of node icons, for parts of a design that come in a later phase.

Graphviz cannot draw an image with transparency applied, so a faded copy of each icon
is made once with Pillow and kept in the user's cache directory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import platformdirs
from PIL import Image, ImageOps

FADE_ALPHA = 0.30
_VERSION = "v1"


def cache_dir() -> Path:
    override = os.environ.get("SCENARIO_EXPLORER_CACHE")
    base = Path(override) if override else Path(platformdirs.user_cache_dir("scenario-explorer"))
    return base / "faded-icons" / _VERSION


def _make_faded(source: Path, target: Path) -> None:
    with Image.open(source) as image:
        rgba = image.convert("RGBA")
    grey = ImageOps.grayscale(rgba.convert("RGB")).convert("RGBA")
    alpha = rgba.getchannel("A").point(lambda a: int(a * FADE_ALPHA))
    grey.putalpha(alpha)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            grey.save(handle, format="PNG")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def faded_icon(icon_path: str) -> str:
    """Path of a faded copy of ``icon_path``, made on first use."""
    source = Path(icon_path)
    digest = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:20]
    target = cache_dir() / f"{source.stem}-{digest}.png"
    if not target.exists():
        try:
            _make_faded(source, target)
        except OSError:
            # The cache cannot be written: fade into a private temporary folder instead.
            target = Path(tempfile.gettempdir()) / "scenario-explorer-faded" / target.name
            if not target.exists():
                _make_faded(source, target)
    return str(target)
