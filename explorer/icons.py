"""Node icons prepared for rendering: padded to the node's shape, and faded for later phases.

Graphviz cannot draw an image with transparency applied, so a faded copy of each icon
is made once with Pillow; every icon is also padded sideways so that a node wider than
its icon (room for a highlighted label) shows the icon at its usual size. Both are kept
in the user's cache directory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

from .cache import cache_root

FADE_ALPHA = 0.30
_VERSION = "v2"
# Nodes are wider than their icons so that a highlight box holds the label; icons are
# padded sideways to the node's proportions so Graphviz scales them to the same size.
NODE_WIDTH_IN = 1.8
ICON_SIZE_IN = 1.4


def cache_dir() -> Path:
    return cache_root() / "icons" / _VERSION


def _make_icon(source: Path, target: Path, faded: bool) -> None:
    with Image.open(source) as image:
        rgba = image.convert("RGBA")
    if faded:
        grey = ImageOps.grayscale(rgba.convert("RGB")).convert("RGBA")
        grey.putalpha(rgba.getchannel("A").point(lambda a: int(a * FADE_ALPHA)))
        rgba = grey
    side = max(rgba.size)
    canvas = Image.new("RGBA", (round(side * NODE_WIDTH_IN / ICON_SIZE_IN), side), (255, 255, 255, 0))
    canvas.paste(rgba, ((canvas.width - rgba.width) // 2, (side - rgba.height) // 2))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            canvas.save(handle, format="PNG")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def node_icon(icon_path: str, faded: bool = False) -> str:
    """Path of ``icon_path`` padded to the node's proportions (and faded if asked), made once."""
    source = Path(icon_path)
    digest = hashlib.sha256(f"{source.resolve()}|{faded}".encode()).hexdigest()[:20]
    name = f"{source.stem}-{'faded-' if faded else ''}{digest}.png"
    target = cache_dir() / name
    if not target.exists():
        try:
            _make_icon(source, target, faded)
        except OSError:
            # The cache cannot be written: use a private temporary folder instead.
            target = Path(tempfile.gettempdir()) / "scenario-explorer-icons" / _VERSION / name
            if not target.exists():
                _make_icon(source, target, faded)
    return str(target)

