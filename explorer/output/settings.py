"""Export settings: formats, sizes and their validation (no heavy imports, for the GUI)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FORMATS = ("png", "svg", "pdf", "dot", "py", "drawio", "html")
#: ``stable``: drawn from the scenario's one layout, so every view (and the window)
#: puts a shared node at the same place; ``compact``: this view laid out on its own.
LAYOUTS = ("stable", "compact")
THEME_NAMES = ("light", "dark")
PRESETS: dict[str, tuple[int, int]] = {
    "1080p": (1920, 1080),  # 16:9
    "4k": (3840, 2160),  # 16:9
    "4:3": (1600, 1200),
    "xga": (1024, 768),  # 4:3
}
MIN_DPI, MAX_DPI = 72, 600
MAX_PIXELS = 12_000


class ExportError(ValueError):
    """Export settings that cannot be honoured; the message says which and why."""


@dataclass(frozen=True)
class ExportSettings:
    fmt: str = "png"
    width: int | None = None
    height: int | None = None
    dpi: int | None = None
    transparent: bool = False
    title: bool = False
    caption: bool = False
    legend: bool = False
    layout: str = "stable"
    theme: str = "light"
    cluster: str | None = None

    @property
    def frame(self) -> tuple[int, int] | None:
        """The slide-like frame the picture fills, when both sides are given."""
        if self.width is not None and self.height is not None:
            return self.width, self.height
        return None

    @property
    def needs_graphviz(self) -> bool:
        """DOT and Python scripts are written without running Graphviz; the rest are its renderings."""
        return self.fmt not in ("dot", "py")

    def validated(self) -> ExportSettings:
        if self.fmt not in FORMATS:
            raise ExportError(f"unknown format {self.fmt!r}; use one of {', '.join(FORMATS)}")
        sized = self.width is not None or self.height is not None
        if sized and self.fmt not in ("png", "svg", "pdf"):
            raise ExportError("--width, --height and presets apply to PNG, SVG and PDF only")
        if self.layout not in LAYOUTS:
            raise ExportError(f"unknown layout {self.layout!r}; use one of {', '.join(LAYOUTS)}")
        if self.theme not in THEME_NAMES:
            raise ExportError(f"unknown theme {self.theme!r}; use one of {', '.join(THEME_NAMES)}")
        if self.fmt == "drawio" and self.layout != "stable":
            raise ExportError("a draw.io file is always drawn from the stable layout; leave out --layout compact")
        if self.cluster is not None and self.fmt == "py":
            raise ExportError("--cluster applies to pictures and DOT, not to Python scripts")
        if self.fmt == "html":
            if self.cluster is not None:
                raise ExportError(
                    "--cluster applies to pictures and DOT, not to an HTML page (it shows the whole scenario)"
                )
            if self.layout != "stable":
                raise ExportError("an HTML page is drawn from the stable layout; leave out --layout compact")
        if sized and self.dpi is not None:
            raise ExportError("give either a pixel size or --dpi, not both")
        for name, value in (("width", self.width), ("height", self.height)):
            if value is not None and not 16 <= value <= MAX_PIXELS:
                raise ExportError(f"--{name} must be between 16 and {MAX_PIXELS} pixels")
        if self.dpi is not None and not MIN_DPI <= self.dpi <= MAX_DPI:
            raise ExportError(f"--dpi must be between {MIN_DPI} and {MAX_DPI}")
        return self

    @classmethod
    def with_preset(cls, preset: str, **kwargs) -> ExportSettings:
        try:
            width, height = PRESETS[preset]
        except KeyError:
            raise ExportError(f"unknown preset {preset!r}; use one of {', '.join(PRESETS)}") from None
        return cls(width=width, height=height, **kwargs)


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format asked for, or the one the file name's extension implies."""
    if fmt:
        return fmt.lower()
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "gv":
        suffix = "dot"
    if suffix == "htm":
        suffix = "html"
    if suffix not in FORMATS:
        raise ExportError(f"cannot tell the format from {Path(path).name!r}; add --format ({', '.join(FORMATS)})")
    return suffix
