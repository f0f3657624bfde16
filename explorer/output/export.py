"""Exporting a view for slides and documents: PNG, SVG, PDF, DOT, Python and draw.io
(and, in ``html_page``, a self-contained interactive HTML page of the whole scenario).

The DOT is the single source: every other format is Graphviz's rendering of exactly
that DOT (or, for Python, a script that rebuilds it with the diagrams package). By
default (``layout="stable"``) the DOT is pinned to the scenario's one layout, the one the
window draws, and rendered with ``neato -n2``, so a node that two views share is at the
same place in both; ``layout="compact"`` lets ``dot`` lay the single view out tightly.

A picture asked for at a frame size (``--preset 1080p``, or both ``--width`` and
``--height``) is drawn in the layout direction that fills that frame best, then fitted
and centred in exactly that frame: PNG pixels, SVG ``width``/``height`` with a
``viewBox`` of the frame's proportions, and a PDF page of the frame's proportions at
``PDF_PIXELS_PER_INCH`` (1080p is a 13.33 x 7.5 in widescreen slide).
"""

from __future__ import annotations

import base64
import html
import io
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from explorer.domain.compose import View, compose, describe_selection
from explorer.domain.model import Scenario
from explorer.drawing.fit import choose_direction, fit_scale
from explorer.drawing.layout import LabelSize, compute_layout, identified_plan, label_only_dot, label_size, pin_plan
from explorer.drawing.palette import FADED_TEXT, STATE_COLOURS, THEMES, Theme
from explorer.drawing.render import (
    EDGE_FONT_SIZE,
    NODE_FONT_SIZE,
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
        if settings.cluster:
            part = next((c.label for c in view.clusters if c.parent is None), settings.cluster)
            parts.append(f"Part: {' '.join(part.split())}")
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
            faded = "outside this part, or comes in a later phase" if settings.cluster else "comes in a later phase"
            legend.append((FADED_TEXT, faded))
    return Decorations(
        title=scenario.title if settings.title else "",
        caption=caption,
        legend=tuple(legend),
        transparent=settings.transparent,
    )


#: The directions an export chooses between to fill a frame.
DIRECTIONS = ("LR", "TB")
#: A PDF page is its frame at this many pixels per inch: 1920 x 1080 is 13.33 x 7.5 in.
PDF_PIXELS_PER_INCH = 144
#: The first line of a stable DOT export, for whoever renders it by hand.
STABLE_DOT_NOTE = (
    "// Positions from Scenario Explorer's layout: render with `neato -n2`, e.g. neato -n2 -Tsvg -O this.gv\n"
)


@dataclass(frozen=True)
class Drawing:
    """One view, ready for Graphviz: the DOT and the engine that draws it as it stands."""

    dot: str
    engine: str  # "dot" lays it out; "neato" (-n2) keeps the positions written in it
    direction: str
    width_in: float  # the drawing's natural size, padding included
    height_in: float
    theme: Theme


def view_dot(scenario: Scenario, view: View, settings: ExportSettings) -> str:
    """The view laid out on its own by ``dot`` (the compact layout)."""
    theme = THEMES[settings.theme]
    return build_diagram(plan_view(view, decorations_for(scenario, view, settings), theme)).dot.source


def _natural_size_in(dot: str, engine: str = "dot") -> tuple[float, float]:
    first = run_dot(dot, fmt="plain", engine=engine).decode("utf-8", "replace").split("\n", 1)[0].split()
    # "graph <scale> <width> <height>" in inches, before padding
    return float(first[2]), float(first[3])


PAD_IN = 0.2 * 2  # BASE_GRAPH_ATTR pad on each side


def _stable_drawing(scenario: Scenario, view: View, settings: ExportSettings, theme: Theme) -> Drawing:
    deco = decorations_for(scenario, view, settings)
    plan = plan_view(view, deco, theme)
    label: LabelSize | None = None
    if plan.graph_attr.get("label"):
        label = label_size(run_dot(label_only_dot(plan), fmt="json", dpi=None))
    extra = label.height * 72 if label else 0.0
    directions = DIRECTIONS if settings.frame else (scenario.direction,)
    layouts = {d: compute_layout(scenario, d) for d in dict.fromkeys((*directions, scenario.direction))}

    def size_in(d: str) -> tuple[float, float]:
        layout = layouts[d]
        width = max(layout.width, label.width * 72) if label else layout.width
        return width / 72 + PAD_IN, (layout.height + extra) / 72 + PAD_IN

    sizes = {d: size_in(d) for d in layouts}
    direction = choose_direction(sizes, settings.frame, scenario.direction) if settings.frame else scenario.direction
    view = replace(view, direction=direction)
    pinned = pin_plan(identified_plan(view, plan_view(view, deco, theme)), view, layouts[direction], label)
    dot = build_diagram(pinned).dot.source
    if settings.frame is None and settings.fmt != "pdf":
        # The layout's size is close enough to refuse a huge picture (one Graphviz run less).
        return Drawing(dot, "neato", direction, *sizes[direction], theme)
    # Fitting into a frame or a page needs the size Graphviz itself draws.
    w_in, h_in = _natural_size_in(dot, "neato")
    return Drawing(dot, "neato", direction, w_in + PAD_IN, h_in + PAD_IN, theme)


def _compact_drawing(scenario: Scenario, view: View, settings: ExportSettings, theme: Theme) -> Drawing:
    directions = DIRECTIONS if settings.frame else (view.direction,)
    drawings = []
    for d in dict.fromkeys((*directions, view.direction)):
        dot = view_dot(scenario, replace(view, direction=d), settings)
        w, h = _natural_size_in(dot) if settings.frame or settings.fmt in ("png", "pdf") else (0.0, 0.0)
        drawings.append(Drawing(dot, "dot", d, w + PAD_IN, h + PAD_IN, theme))
    if settings.frame is None:
        return drawings[0]
    sizes = {d.direction: (d.width_in, d.height_in) for d in drawings}
    best = choose_direction(sizes, settings.frame, view.direction)
    return next(d for d in drawings if d.direction == best)


def drawing_for(scenario: Scenario, view: View, settings: ExportSettings) -> Drawing:
    """The view drawn as the settings ask: from the stable layout or compact, in the
    direction that fills the frame best, in the settings' theme."""
    theme = THEMES[settings.theme]
    if settings.layout == "compact":
        return _compact_drawing(scenario, view, settings, theme)
    return _stable_drawing(scenario, view, settings, theme)


def frame_scale(drawing: Drawing, settings: ExportSettings) -> float | None:
    """Pixels per point of the drawing once fitted into the settings' frame (None: no frame)."""
    frame = settings.frame
    if frame is None:
        return None
    return fit_scale(drawing.width_in * 72, drawing.height_in * 72, *frame)


#: In a 1080p export (and any frame), a label should be at least this tall, in pixels.
MIN_NODE_LABEL_PX = 16
MIN_EDGE_LABEL_PX = 14


def legibility_warning(scenario: Scenario, drawing: Drawing, settings: ExportSettings) -> str:
    """One line when the fitted labels come out smaller than a room can read, or ""."""
    scale = frame_scale(drawing, settings)
    if scale is None or settings.fmt == "dot":
        return ""
    node_px, edge_px = float(NODE_FONT_SIZE) * scale, float(EDGE_FONT_SIZE) * scale
    if node_px >= MIN_NODE_LABEL_PX and edge_px >= MIN_EDGE_LABEL_PX:
        return ""
    frame = settings.frame
    assert frame is not None
    return (
        f"note: at {frame[0]}x{frame[1]} the labels of {scenario.id} are {node_px:.0f} px (nodes) and "
        f"{edge_px:.0f} px (edges), below the {MIN_NODE_LABEL_PX} and {MIN_EDGE_LABEL_PX} px a room can read; "
        "try --preset 4k, or export one part with --cluster NAME"
    )


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


def fitted_png(drawing: Drawing, width: int | None, height: int | None, transparent: bool) -> bytes:
    """A PNG of exactly ``width`` x ``height`` (either may be None: keep the aspect ratio)."""
    w_in, h_in = drawing.width_in, drawing.height_in
    dpi = min(s for s in ((width / w_in) if width else None, (height / h_in) if height else None) if s)
    how = f"at {width or 'any'} x {height or 'any'} pixels"
    _check_pixels(width or w_in * dpi, height or h_in * dpi, how)
    data = run_dot(drawing.dot, fmt="png", dpi=max(dpi * 0.995, MIN_RENDER_DPI), engine=drawing.engine)
    with Image.open(io.BytesIO(data)) as drawn:
        image = drawn.convert("RGBA")
    return fitted_canvas(image, width, height, transparent, drawing.theme.background)


def png_at_dpi(drawing: Drawing, dpi: float | None) -> bytes:
    """A PNG at a resolution (Graphviz's own, 96, with None), refused when it would be huge."""
    at = dpi or 96
    _check_pixels(drawing.width_in * at, drawing.height_in * at, f"at {at:g} dpi")
    return run_dot(drawing.dot, fmt="png", dpi=dpi, engine=drawing.engine)


def pdf_bytes(drawing: Drawing, frame: tuple[int, int] | None) -> bytes:
    """A PDF of the drawing: with a frame, one page of the frame's proportions (at
    ``PDF_PIXELS_PER_INCH``) with the drawing fitted and centred; else its natural size."""
    if frame is None:  # the drawing's own size, without the device's half-inch margin
        return run_dot(_with_graph_attrs(drawing.dot, {"margin": "0"}), fmt="pdf", dpi=72, engine=drawing.engine)
    page_w, page_h = frame[0] / PDF_PIXELS_PER_INCH, frame[1] / PDF_PIXELS_PER_INCH
    # Graphviz fits the drawing with its ``pad`` into ``size`` (``!``: up as well as down)
    # and adds the device's ``margin`` (half an inch for PDF) around that. With no margin
    # and a pad that gives the padded drawing the page's proportions, it fills the page
    # exactly, centred.
    inner_w, inner_h = drawing.width_in - PAD_IN, drawing.height_in - PAD_IN
    aspect = page_w / page_h
    padded_w, padded_h = drawing.width_in, drawing.height_in
    if padded_w / padded_h > aspect:
        padded_h = padded_w / aspect
    else:
        padded_w = padded_h * aspect
    attrs = {
        "size": f"{page_w:.4f},{page_h:.4f}!",
        "margin": "0",
        "pad": f"{(padded_w - inner_w) / 2:.4f},{(padded_h - inner_h) / 2:.4f}",
    }
    return run_dot(_with_graph_attrs(drawing.dot, attrs), fmt="pdf", dpi=72, engine=drawing.engine)


def _with_graph_attrs(dot: str, attrs: Mapping[str, str]) -> str:
    """The DOT with graph attributes that win over those it sets itself (a later
    ``graph [...]`` statement overrides an earlier one)."""
    body = " ".join(f'{k}="{v}"' for k, v in attrs.items())
    end = dot.rstrip().rfind("}")
    return f"{dot[:end]}\tgraph [{body}]\n}}\n"


def _canvas_size(natural: tuple[int, int], width: int | None, height: int | None) -> tuple[int, int]:
    """The size asked for, the missing side in the proportions of ``natural``."""
    if width is not None and height is not None:
        return width, height
    if height is not None:
        return max(1, round(natural[0] * height / natural[1])), height
    if width is not None:
        return width, max(1, round(natural[1] * width / natural[0]))
    return natural


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def fitted_canvas(
    image: Image.Image, width: int | None, height: int | None, transparent: bool, background: str = "#FFFFFF"
) -> bytes:
    """``image`` centred on a canvas of exactly the size asked for; shrunk if it is too
    big (never stretched). With no size, the image as it is."""
    image = image.convert("RGBA")
    width, height = _canvas_size(image.size, width, height)
    if image.width > width or image.height > height:
        ratio = min(width / image.width, height / image.height)
        image = image.resize(
            (max(1, int(image.width * ratio)), max(1, int(image.height * ratio))), Image.Resampling.LANCZOS
        )
    canvas = Image.new("RGBA", (width, height), (*_rgb(background), 0 if transparent else 255))
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


def finish_svg(
    svg: bytes, title: str, width: int | None = None, height: int | None = None, background: str | None = None
) -> bytes:
    """Graphviz's SVG made right for users: the drawing's ``<title>`` is the scenario's
    title (not Graphviz's placeholder), and a requested size scales the picture through
    ``width``/``height`` while the ``viewBox`` keeps the whole drawing. Given both sides,
    the SVG is exactly that frame: the ``viewBox`` widens (or heightens) to the frame's
    proportions, centred on the drawing, with ``background`` behind the added margin.

    The SVG must have been drawn at 72 dpi: at any other resolution Graphviz 2.4x writes
    a viewBox that crops the right and bottom of the picture (graphviz #1406, #1855).
    """
    text = svg.decode("utf-8")
    text = _GRAPH_TITLE.sub(lambda m: m.group(1) + html.escape(title, quote=False) + m.group(2), text, count=1)
    root = _SVG_ROOT.search(text)
    if root is None:
        raise RenderError("Graphviz wrote an SVG without a size; try another format or a newer Graphviz.")
    box = [float(v) for v in root.group(3).split()]
    if width and height:
        aspect = width / height
        x, y, w, h = box
        new_w, new_h = max(w, h * aspect), max(h, w / aspect)
        x, y = x - (new_w - w) / 2, y - (new_h - h) / 2
        view_box = f"{x:.2f} {y:.2f} {new_w:.2f} {new_h:.2f}"
        size = f'<svg width="{width}px" height="{height}px" viewBox="{view_box}"'
        text = text[: root.start()] + size + text[root.end() :]
        if background:
            # Behind everything: the first child of the root, before Graphviz's own drawing.
            opening = text.index(">", root.start() + len(size)) + 1
            plate = f'\n<rect x="{x:.2f}" y="{y:.2f}" width="{new_w:.2f}" height="{new_h:.2f}" fill="{background}"/>'
            text = text[:opening] + plate + text[opening:]
    elif width or height:
        scale = min(
            (width / box[2]) if width else float("inf"),
            (height / box[3]) if height else float("inf"),
        )
        size = f'<svg width="{box[2] * scale:.0f}px" height="{box[3] * scale:.0f}px" viewBox="{root.group(3)}"'
        text = text[: root.start()] + size + text[root.end() :]
    return text.encode("utf-8")


@dataclass(frozen=True)
class Export:
    """One exported view: its bytes and, when labels come out too small to read at the
    frame asked for, a one-line note saying so and what to do."""

    data: bytes
    note: str = ""
    label_px: tuple[float, float] | None = None  # node and edge label heights in the frame


def export_view(
    scenario: Scenario, selection: Mapping[str, str] | None, phase: int | None, settings: ExportSettings
) -> Export:
    """One view exported as the settings ask (see the module's docstring)."""
    settings = settings.validated()
    if settings.fmt == "html":
        from explorer.output.html_page import html_page

        return Export(html_page(scenario, selection, phase, settings).encode("utf-8"))
    view = compose(scenario, selection, phase)
    if settings.cluster is not None:
        from explorer.output.cluster import cluster_view

        view = cluster_view(scenario, view, settings.cluster)
        settings = replace(settings, layout="compact")
    if settings.fmt == "drawio":  # editable, from the stable layout (``explorer.output.drawio``)
        from explorer.output.drawio import drawio_bytes

        deco = decorations_for(scenario, view, settings)
        title = "\n".join(t for t in (deco.title, deco.caption) if t)
        return Export(
            drawio_bytes(scenario, view, THEMES[settings.theme], title=title, transparent=settings.transparent)
        )
    if settings.fmt == "py":
        from explorer.output.codegen import python_script

        plan = plan_view(view, decorations_for(scenario, view, settings), THEMES[settings.theme])
        return Export(python_script(plan, scenario, view).encode("utf-8"))
    drawing = drawing_for(scenario, view, settings)
    note = legibility_warning(scenario, drawing, settings)
    scale = frame_scale(drawing, settings)
    px = None if scale is None else (float(NODE_FONT_SIZE) * scale, float(EDGE_FONT_SIZE) * scale)
    if settings.fmt == "dot":
        return Export((STABLE_DOT_NOTE if drawing.engine == "neato" else "").encode() + drawing.dot.encode("utf-8"))
    if settings.fmt == "svg":
        svg = run_dot(drawing.dot, fmt="svg", dpi=72, engine=drawing.engine)
        background = None if settings.transparent else drawing.theme.background
        svg = finish_svg(svg, scenario.title, settings.width, settings.height, background)
        return Export(embed_svg_images(svg), note, px)
    if settings.fmt == "pdf":
        return Export(pdf_bytes(drawing, settings.frame), note, px)
    if settings.width or settings.height:
        return Export(fitted_png(drawing, settings.width, settings.height, settings.transparent), note, px)
    return Export(png_at_dpi(drawing, settings.dpi), note)


def export_bytes(
    scenario: Scenario, selection: Mapping[str, str] | None, phase: int | None, settings: ExportSettings
) -> bytes:
    """The bytes of one exported view."""
    return export_view(scenario, selection, phase, settings).data


def write_export(
    path: Path, scenario: Scenario, selection: Mapping[str, str] | None, phase: int | None, settings: ExportSettings
) -> str:
    """Export one view (``export_view``) into the file ``path``, atomically; returns the
    legibility note ("" when the labels are large enough)."""
    done = export_view(scenario, selection, phase, settings)
    write_atomic(path, done.data)
    return done.note
