"""Exporting a view for slides and documents: PNG, SVG, PDF, DOT and Python.

The DOT is the single source: every other format is Graphviz's rendering of exactly
that DOT (or, for Python, a script that rebuilds it with the diagrams package). A PNG
asked for at a pixel size is rendered at the DPI that fits the drawing into that size
and centred on a canvas of exactly that size, so it is never stretched or cropped.
"""

from __future__ import annotations

import base64
import html
import io
import mimetypes
import re
from collections.abc import Mapping
from pathlib import Path

from PIL import Image

from explorer.domain.compose import View, compose, describe_selection
from explorer.domain.model import Scenario
from explorer.drawing.palette import FADED_TEXT, STATE_COLOURS
from explorer.drawing.render import (
    Decorations,
    RenderError,
    build_diagram,
    plan_view,
    run_dot,
)
from explorer.library.files import write_atomic
from explorer.output.settings import (  # noqa: F401 - the settings are part of this module's API
    FORMATS,
    MAX_DPI,
    MAX_PIXELS,
    MIN_DPI,
    PRESETS,
    ExportError,
    ExportSettings,
    format_for,
)


def decorations_for(scenario: Scenario, view: View, settings: ExportSettings) -> Decorations:
    caption = ""
    if settings.caption:
        parts = [describe_selection(scenario, view.selection)] if scenario.option_groups else []
        phases = scenario.phases_for(view.selection)
        word = "Check" if scenario.kind == "troubleshooting" else "Phase"
        if view.phase:
            parts.append(f"{word} {view.phase} of {len(phases)}: {view.phase_title}")
        else:
            parts.append("The whole path" if scenario.kind == "troubleshooting" else "Complete design")
        caption = " · ".join(p for p in parts if p)
    legend: list[tuple[str, str]] = []
    if settings.legend:
        states = {n.state for n in view.nodes} | {e.state for e in view.edges}
        if "new" in states:
            legend.append(
                (
                    STATE_COLOURS["new"][0],
                    "checked in this step" if scenario.kind == "troubleshooting" else "added in this phase",
                )
            )
        if "changed" in states:
            legend.append((STATE_COLOURS["changed"][0], "changed by the selected options"))
        if "future" in states:
            legend.append((FADED_TEXT, "comes in a later phase"))
    return Decorations(
        title=scenario.title if settings.title else "",
        caption=caption,
        legend=tuple(legend),
        transparent=settings.transparent,
    )


def view_dot(scenario: Scenario, view: View, settings: ExportSettings) -> str:
    return build_diagram(plan_view(view, decorations_for(scenario, view, settings))).dot.source


def _natural_size_in(dot: str) -> tuple[float, float]:
    first = run_dot(dot, fmt="plain").decode("utf-8", "replace").split("\n", 1)[0].split()
    # "graph <scale> <width> <height>" in inches, before padding
    return float(first[2]), float(first[3])


# Pixels in one exported picture: 8K UHD is 33 million; beyond this an export would need
# gigabytes of memory for a picture no screen or slide can show.
MAX_CANVAS_PIXELS = 64_000_000
# Below this resolution Graphviz draws nothing at all; smaller pictures are shrunk after.
MIN_RENDER_DPI = 24


def _check_pixels(width: float, height: float, how: str) -> None:
    if width * height > MAX_CANVAS_PIXELS:
        raise ExportError(
            f"{how} the picture would be {round(width):,} x {round(height):,} pixels "
            f"({width * height / 1e6:,.0f} million); the limit is {MAX_CANVAS_PIXELS / 1e6:.0f} million. "
            "Give a smaller size, or both --width and --height"
        )


def fitted_png(dot: str, width: int | None, height: int | None, transparent: bool) -> bytes:
    """A PNG of exactly ``width`` x ``height`` (either may be None: keep the aspect ratio)."""
    w_in, h_in = _natural_size_in(dot)
    pad = 0.2 * 2  # BASE_GRAPH_ATTR pad on each side
    w_in, h_in = w_in + pad, h_in + pad
    dpi = min(s for s in ((width / w_in) if width else None, (height / h_in) if height else None) if s)
    how = f"at {width or 'any'} x {height or 'any'} pixels"
    _check_pixels(width or w_in * dpi, height or h_in * dpi, how)
    with Image.open(io.BytesIO(run_dot(dot, fmt="png", dpi=max(dpi * 0.995, MIN_RENDER_DPI)))) as drawn:
        image = drawn.convert("RGBA")
    return fitted_canvas(image, width, height, transparent)


def png_at_dpi(dot: str, dpi: float | None) -> bytes:
    """A PNG at a resolution (Graphviz's own, 96, with None), refused when it would be huge."""
    w_in, h_in = _natural_size_in(dot)
    at = dpi or 96
    _check_pixels((w_in + 0.4) * at, (h_in + 0.4) * at, f"at {at:g} dpi")
    return run_dot(dot, fmt="png", dpi=dpi)


def _canvas_size(natural: tuple[int, int], width: int | None, height: int | None) -> tuple[int, int]:
    """The size asked for, the missing side in the proportions of ``natural``."""
    if width is not None and height is not None:
        return width, height
    if height is not None:
        return max(1, round(natural[0] * height / natural[1])), height
    if width is not None:
        return width, max(1, round(natural[1] * width / natural[0]))
    return natural


def fitted_canvas(image: Image.Image, width: int | None, height: int | None, transparent: bool) -> bytes:
    """``image`` centred on a canvas of exactly the size asked for; shrunk if it is too
    big (never stretched). With no size, the image as it is."""
    image = image.convert("RGBA")
    width, height = _canvas_size(image.size, width, height)
    if image.width > width or image.height > height:
        ratio = min(width / image.width, height / image.height)
        image = image.resize(
            (max(1, int(image.width * ratio)), max(1, int(image.height * ratio))), Image.Resampling.LANCZOS
        )
    canvas = Image.new("RGBA", (width, height), (255, 255, 255, 0 if transparent else 255))
    canvas.alpha_composite(image, ((width - image.width) // 2, (height - image.height) // 2))
    out = io.BytesIO()
    (canvas if transparent else canvas.convert("RGB")).save(out, format="PNG", optimize=True)
    return out.getvalue()


_HREF = re.compile(r'(xlink:href|href)="([^"]+)"')


def embed_svg_images(svg: bytes) -> bytes:
    """Replace every linked image file with a data URI, so the SVG stands alone."""
    text = svg.decode("utf-8")

    def inline(match: re.Match[str]) -> str:
        attr, target = match.groups()
        if target.startswith(("data:", "#", "http://", "https://")):
            return match.group(0)
        path = Path(target.removeprefix("file://"))
        mime = mimetypes.guess_type(path.name)[0] or "image/png"
        try:
            payload = base64.b64encode(path.read_bytes()).decode("ascii")
        except OSError as err:
            raise RenderError(f"cannot embed {path.name} in the SVG: {err.strerror}") from None
        return f'{attr}="data:{mime};base64,{payload}"'

    return _HREF.sub(inline, text).encode("utf-8")


_SVG_ROOT = re.compile(r'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"\s+viewBox="([-0-9. ]+)"')
_GRAPH_TITLE = re.compile(r'(<g id="graph0" class="graph"[^>]*>\s*<title>)[^<]*(</title>)')


def finish_svg(svg: bytes, title: str, width: int | None = None, height: int | None = None) -> bytes:
    """Graphviz's SVG made right for users: the drawing's ``<title>`` is the scenario's
    title (not Graphviz's placeholder), and a requested size scales the picture through
    ``width``/``height`` while the ``viewBox`` keeps the whole drawing.

    The SVG must have been drawn at 72 dpi: at any other resolution Graphviz 2.4x writes
    a viewBox that crops the right and bottom of the picture (graphviz #1406, #1855).
    """
    text = svg.decode("utf-8")
    text = _GRAPH_TITLE.sub(lambda m: m.group(1) + html.escape(title, quote=False) + m.group(2), text, count=1)
    root = _SVG_ROOT.search(text)
    if root is None:
        raise RenderError("Graphviz wrote an SVG without a size; try another format or a newer Graphviz.")
    box = [float(v) for v in root.group(3).split()]
    if width or height:
        scale = min(
            (width / box[2]) if width else float("inf"),
            (height / box[3]) if height else float("inf"),
        )
        size = f'<svg width="{box[2] * scale:.0f}px" height="{box[3] * scale:.0f}px" viewBox="{root.group(3)}"'
        text = text[: root.start()] + size + text[root.end() :]
    return text.encode("utf-8")


def export_bytes(
    scenario: Scenario, selection: Mapping[str, str] | None, phase: int | None, settings: ExportSettings
) -> bytes:
    """The bytes of one exported view."""
    settings = settings.validated()
    view = compose(scenario, selection, phase)
    if settings.fmt == "py":
        from explorer.output.codegen import python_script

        return python_script(plan_view(view, decorations_for(scenario, view, settings)), scenario, view).encode("utf-8")
    dot = view_dot(scenario, view, settings)
    if settings.fmt == "dot":
        return dot.encode("utf-8")
    if settings.fmt == "svg":
        svg = finish_svg(run_dot(dot, fmt="svg", dpi=72), scenario.title, settings.width, settings.height)
        return embed_svg_images(svg)
    if settings.fmt == "pdf":
        return run_dot(dot, fmt="pdf")
    if settings.width or settings.height:
        return fitted_png(dot, settings.width, settings.height, settings.transparent)
    return png_at_dpi(dot, settings.dpi)


def write_export(
    path: Path, scenario: Scenario, selection: Mapping[str, str] | None, phase: int | None, settings: ExportSettings
) -> None:
    """Export one view (``export_bytes``) into the file ``path``, atomically."""
    write_atomic(path, export_bytes(scenario, selection, phase, settings))
