"""Turning a composed view into DOT with the ``diagrams`` package, and DOT into images.

Avoids the package's traps: the Diagram is never entered as a context manager (its
``__exit__`` writes files into the working directory and opens a viewer), node ids are
the scenario's own ids so the layout is stable, clusters get unique internal names, and
every label is an HTML-like label built from escaped text so nothing in it is read as
Graphviz or HTML markup. Graphviz itself runs as a subprocess with a time limit.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import math
import os
import shutil
import signal
import subprocess
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import diagrams
from diagrams import Cluster as DiagramsCluster
from diagrams import Diagram

from explorer.domain.compose import View, ViewNode
from explorer.drawing.icons import ICON_SIZE_IN, ICON_TOP_GAP_IN, NODE_WIDTH_IN, node_icon
from explorer.drawing.memcache import ByteBoundedLRU
from explorer.drawing.palette import CAPTION_TEXT, LIGHT, Theme
from explorer.library.references import resolve_node_class

DEFAULT_DPI = 96
DOT_TIMEOUT_SECONDS = 60
# Text sizes, in points, balanced for a screen after Fit and for a slide: labels large
# beside the icon (ICON_SIZE_IN), every size a constant the live scene reads as well.
NODE_FONT_SIZE = "14"
EDGE_FONT_SIZE = "12"
CLUSTER_FONT_SIZE = "14"  # bold
LABEL_WIDTH = 18  # characters per line of a node label; about NODE_WIDTH_IN at 14 pt
EDGE_LABEL_WIDTH = 22  # characters per line of an edge label
CLUSTER_TITLE_WIDTH = 40  # characters per line of a cluster title, wrapped between words
LINE_HEIGHT_IN = 15 / 72  # one line of a 14 pt label, as Graphviz spaces them
ICON_LABEL_GAP_IN = 5 / 72  # between the icon (at the node's top) and its label
CLUSTER_MARGIN = "14"  # points between a cluster's border and what it holds


class RenderError(Exception):
    """Graphviz could not produce the image; the message says why and what to do."""


class GraphvizMissing(RenderError):
    pass


def label_text(text: str) -> str:
    """``text`` escaped for an HTML-like Graphviz label: markup characters become
    entities, and each backslash is doubled, because Graphviz still expands escapes
    such as ``\\N`` (the node's name) inside HTML-like labels, even written as ``&#92;``."""
    return html.escape(text, quote=True).replace("\\", "\\\\")


def html_label(text: str, width: int = LABEL_WIDTH, bold: bool = False, whole_words: bool = False) -> str:
    """An HTML-like Graphviz label showing ``text`` literally, wrapped to ``width``
    (``whole_words``: only between words, never inside one nor after a hyphen, so
    ``us-east-1`` stays whole)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(
            paragraph, width, break_long_words=not whole_words, break_on_hyphens=not whole_words
        ) or [""]
    body = "<BR/>".join(label_text(line) for line in lines) or " "
    # Graphviz rejects an empty HTML label; a lone space renders as nothing.
    if bold:
        body = f"<B>{body}</B>"
    return f"<{body}>"


def cluster_title(text: str, chars: int = 0, room: float = 0.0) -> str:
    """A cluster's HTML-like title: bold, wrapped between words to ``chars`` characters a
    line (``CLUSTER_TITLE_WIDTH`` if 0), its lines aligned left, and ``room`` points wide
    at least (empty space beside the text: the layout widens a cluster this way when its
    title row has no free stretch, see ``layout.lay_out``)."""
    label = html_label(text, width=chars or CLUSTER_TITLE_WIDTH, bold=True, whole_words=True)
    if "<BR/>" not in label and room <= 0:
        return label
    spacer = f'<TD WIDTH="{max(1, round(room))}"></TD>' if room > 0 else ""
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="0" CELLSPACING="0"><TR>'
        f'<TD BALIGN="LEFT">{label[1:-1]}</TD>{spacer}</TR></TABLE>>'
    )


def _line_count(text: str, width: int = LABEL_WIDTH) -> int:
    return sum(len(textwrap.wrap(p, width, break_long_words=True)) or 1 for p in text.splitlines() or [""])


# The text colour the diagrams package gives nodes and the graph label; the light
# theme's own, so a light drawing does not repeat it.
DIAGRAMS_TEXT = "#2D3436"


def _node_attrs(node: ViewNode, icon_path: str, theme: Theme = LIGHT) -> dict[str, str]:
    lines = _line_count(node.label)
    attrs = {
        # The icon sits at the top of the node and the label at its bottom, so the node
        # grows by one line of text per line of label and the two never meet.
        "height": f"{ICON_TOP_GAP_IN + ICON_SIZE_IN + ICON_LABEL_GAP_IN + LINE_HEIGHT_IN * lines:.3f}",
        "width": str(NODE_WIDTH_IN),
        "imagepos": "tc",
        "fontsize": NODE_FONT_SIZE,
        "image": node_icon(icon_path, faded=node.state == "future", plate=theme.plate),
    }
    if theme.text != DIAGRAMS_TEXT:
        attrs.update(fontcolor=theme.text)
    if node.state == "future":
        attrs.update(fontcolor=theme.faded_text)
    elif node.state in theme.states:
        line, fill = theme.states[node.state]
        attrs.update(shape="box", style="rounded,filled,bold", color=line, fillcolor=fill, penwidth="2.5")
    return attrs


def _edge_attrs(edge, theme: Theme = LIGHT) -> dict[str, str]:
    attrs = {
        "dir": edge.direction,
        "color": edge.color or theme.edge,
        "style": edge.style,
        "fontsize": EDGE_FONT_SIZE,
        "fontname": "Sans-Serif",
        "fontcolor": theme.edge_label,
    }
    if edge.label:
        attrs["label"] = html_label(edge.label, width=EDGE_LABEL_WIDTH)
    if edge.state == "future":
        attrs.update(color=theme.faded_line, fontcolor=theme.faded_text)
    elif edge.state in theme.states:
        attrs.update(color=theme.states[edge.state][0], penwidth="2.5")
    return attrs


@dataclass
class Decorations:
    """What an export adds around the diagram; the screen shows none of it."""

    title: str = ""
    caption: str = ""
    legend: tuple[tuple[str, str], ...] = ()  # (colour, meaning)
    transparent: bool = False


@dataclass
class PlanNode:
    id: str
    type: str  # diagrams class path such as aws.database.RDS
    label: str  # HTML-like label, already escaped
    attrs: dict[str, str]
    icon: str  # the diagrams icon file behind attrs["image"]
    faded: bool


@dataclass
class PlanCluster:
    id: str
    label: str
    graph_attr: dict[str, str]
    nodes: list[PlanNode] = field(default_factory=list)
    children: list[PlanCluster] = field(default_factory=list)


@dataclass
class Plan:
    """Everything the diagrams package is asked to build, with final attributes.

    One plan feeds both the live build (``build_diagram``) and the standalone script
    of ``explorer.output.codegen``, so an exported script draws exactly what the app draws.
    """

    direction: str
    graph_attr: dict[str, str]
    nodes: list[PlanNode]
    clusters: list[PlanCluster]
    edges: list[tuple[str, str, dict[str, str]]]


BASE_GRAPH_ATTR = {
    "pad": "0.2",
    "nodesep": "0.4",
    "ranksep": "0.65",
    "splines": "spline",
    "label": "",
    "fontname": "Sans-Serif",
    "newrank": "true",
    "bgcolor": "white",
}


def _decoration_label(deco: Decorations, theme: Theme = LIGHT) -> str:
    rows = []
    if deco.title:
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="22"><B>{label_text(deco.title)}</B></FONT></TD></TR>')
    if deco.caption:
        caption = CAPTION_TEXT if theme is LIGHT else theme.edge_label
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="13" COLOR="{caption}">{label_text(deco.caption)}</FONT></TD></TR>'
        )
    if deco.legend:
        # One text cell (a nested table would be stretched to the caption's width, its
        # cells spread apart): a square in each colour before its meaning.
        text = theme.text if theme is not LIGHT else DIAGRAMS_TEXT
        keys = "&#160;&#160;&#160;&#160;".join(
            f'<FONT COLOR="{colour}" POINT-SIZE="16">&#9632;</FONT>&#160;{label_text(meaning)}'
            for colour, meaning in deco.legend
        )
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="12" COLOR="{text}">{keys}</FONT></TD></TR>')
    if not rows:
        return ""
    return f'<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">{"".join(rows)}</TABLE>>'


def plan_view(view: View, decorations: Decorations | None = None, theme: Theme = LIGHT) -> Plan:
    """The complete drawing instructions for a view, in ``theme``'s colours."""
    graph_attr = dict(BASE_GRAPH_ATTR)
    if theme is not LIGHT:
        graph_attr.update(bgcolor=theme.background, fontcolor=theme.text)
    if decorations is not None:
        label = _decoration_label(decorations, theme)
        if label:
            graph_attr.update(label=label, labelloc="t", labeljust="l")
        if decorations.transparent:
            graph_attr["bgcolor"] = "transparent"
    by_cluster: dict[str | None, list[PlanNode]] = {}
    for node in view.nodes:
        # A diagrams node class (the package ships no types): it names its icon file.
        cls: Any = resolve_node_class(node.type)
        if cls is None:
            raise RenderError(f"{node.type!r} is not a diagrams node class")
        icon = os.path.join(os.path.dirname(os.path.dirname(diagrams.__file__)), cls._icon_dir, cls._icon)
        by_cluster.setdefault(node.cluster, []).append(
            PlanNode(
                node.id, node.type, html_label(node.label), _node_attrs(node, icon, theme), icon, node.state == "future"
            )
        )
    children: dict[str | None, list] = {}
    for cluster in view.clusters:
        children.setdefault(cluster.parent, []).append(cluster)

    def clusters_under(parent: str | None) -> list[PlanCluster]:
        out = []
        for cluster in children.get(parent, []):
            style = theme.clusters[cluster.kind]
            out.append(
                PlanCluster(
                    id=cluster.id,
                    label=cluster_title(cluster.label),
                    graph_attr={
                        "fontcolor": style["pencolor"],
                        **style,
                        "fontsize": CLUSTER_FONT_SIZE,
                        "penwidth": "1.6",
                        "margin": CLUSTER_MARGIN,
                    },
                    nodes=by_cluster.get(cluster.id, []),
                    children=clusters_under(cluster.id),
                )
            )
        return out

    edges = [(e.source, e.target, _edge_attrs(e, theme)) for e in view.edges]
    return Plan(view.direction, graph_attr, by_cluster.get(None, []), clusters_under(None), edges)


def _node_class(type_name: str) -> type:
    cls = resolve_node_class(type_name)
    assert cls is not None
    return cls


def build_diagram(plan: Plan) -> Diagram:
    """Build a plan with the ``diagrams`` package without writing or showing anything."""
    diagram = Diagram(
        name="",
        filename="unused",
        direction=plan.direction,
        curvestyle="curved",
        show=False,
        graph_attr=plan.graph_attr,
    )

    def add(nodes: list[PlanNode], clusters: list[PlanCluster]) -> None:
        for node in nodes:
            _node_class(node.type)(node.label, nodeid=node.id, **node.attrs)
        for cluster in clusters:
            group = DiagramsCluster(cluster.label, graph_attr=cluster.graph_attr)
            group.name = f"cluster_{cluster.id}"
            group.dot.name = group.name
            with group:
                add(cluster.nodes, cluster.children)

    diagrams.setdiagram(diagram)
    try:
        add(plan.nodes, plan.clusters)
        for source, target, attrs in plan.edges:
            diagram.dot.edge(source, target, **attrs)
    finally:
        diagrams.setdiagram(None)
        diagrams.setcluster(None)
    return diagram


def dot_source(view: View, decorations: Decorations | None = None) -> str:
    return build_diagram(plan_view(view, decorations)).dot.source


# --- Graphviz ----------------------------------------------------------------------

GRAPHVIZ_HELP = (
    "Graphviz's 'dot' program was not found on PATH. Install Graphviz "
    "(Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz; "
    "Windows: winget install graphviz) and try again."
)


def find_dot() -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(GRAPHVIZ_HELP)
    return dot


@functools.cache
def _dot_version(dot: str) -> str:
    try:
        done = subprocess.run([dot, "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown graphviz"
    return done.stderr.decode("utf-8", "replace").strip() or done.stdout.decode("utf-8", "replace").strip()


def graphviz_version() -> str:
    """What ``dot -V`` says (another Graphviz may lay the same DOT out differently);
    asked once per Graphviz binary, not on every look-up of a cached layout."""
    try:
        dot = find_dot()
    except GraphvizMissing:
        return "no graphviz"
    return _dot_version(dot)


#: Graphviz's programs and the arguments each runs with: ``dot`` lays the graph out;
#: ``neato -n2`` draws it where the DOT's own ``pos``, ``bb`` and ``lp`` put it (a view
#: pinned to its scenario's stable layout).
ENGINES: dict[str, tuple[str, ...]] = {"dot": (), "neato": ("-n2",)}


def find_engine(engine: str = "dot") -> str:
    """The program for ``engine``: ``dot`` on PATH, the others beside it (one Graphviz)."""
    if engine not in ENGINES:
        raise RenderError(f"unknown Graphviz engine {engine!r}; use one of {', '.join(ENGINES)}")
    dot = find_dot()
    if engine == "dot":
        return dot
    beside = os.path.join(os.path.dirname(dot), engine + os.path.splitext(dot)[1])
    found = beside if os.path.isfile(beside) else shutil.which(engine)
    if found is None:
        raise GraphvizMissing(f"Graphviz's '{engine}' program was not found beside {dot}; reinstall Graphviz.")
    return found


# Rendered images held in memory, by key: bounded in bytes, not in entries, because a
# 600-dpi export weighs about ten times a view drawn for the screen. At the screen's
# 96 dpi a view's PNG is about 230 KB (430 KB at most in the bundled library), so 128 MB
# holds about all 510 views of the bundled library, or some 200 views drawn for a
# HiDPI screen, or some 60 at 600 dpi, while a batch export of big pictures can no
# longer take the hundreds of megabytes that 256 entries could. (The window keeps its
# decoded images in a cache of its own, and ``persist`` renders are kept on disk too.)
MEMORY_CACHE_BYTES = 128 * 1024 * 1024

_cache: ByteBoundedLRU[str, bytes] = ByteBoundedLRU(MEMORY_CACHE_BYTES, len)


MAX_DOT_TIMEOUT_SECONDS = 3600


def dot_timeout() -> float:
    """Seconds Graphviz may take (``SCENARIO_EXPLORER_DOT_TIMEOUT`` overrides the default)."""
    raw = os.environ.get("SCENARIO_EXPLORER_DOT_TIMEOUT")
    if raw is None or not raw.strip():
        return DOT_TIMEOUT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not (0 < seconds <= MAX_DOT_TIMEOUT_SECONDS):  # also refuses nan and inf
        raise RenderError(
            f"SCENARIO_EXPLORER_DOT_TIMEOUT must be a number of seconds above 0 and at most "
            f"{MAX_DOT_TIMEOUT_SECONDS}, not {raw[:40]!r}; fix it or unset it (the default is {DOT_TIMEOUT_SECONDS} s)"
        )
    return seconds


def _run_graphviz(command: list[str], source: bytes, timeout: float) -> subprocess.CompletedProcess:
    """Run Graphviz in a process group of its own, so a time-out stops all it started."""
    if os.name == "posix":
        options: dict = {"start_new_session": True}
    else:
        options = {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options
    ) as process:
        try:
            stdout, stderr = process.communicate(source, timeout=timeout)
        except BaseException:  # the time limit, or the caller giving up
            _kill_group(process)
            process.communicate()
            raise
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen) -> None:
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    else:  # Windows: taskkill ends the whole tree
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    process.kill()


def run_dot(
    source: str,
    fmt: str = "png",
    dpi: float | None = DEFAULT_DPI,
    timeout: float | None = None,
    persist: bool = False,
    engine: str = "dot",
    graph_attrs: Mapping[str, str] | None = None,
) -> bytes:
    """Render DOT source with Graphviz and return the image bytes.

    Results are cached in memory, and also on disk when ``persist`` is true (the
    views the app shows). ``dpi=None`` leaves the resolution to Graphviz (what
    ``dot -Tpng`` alone gives). ``engine`` is one of ``ENGINES``; ``graph_attrs`` are
    given to it as ``-G`` defaults (``viewport``, ``size``, ``margin``), which the
    source's own graph attributes override.
    """
    extra = sorted((graph_attrs or {}).items())
    what = f"{fmt}\0{dpi}\0" if engine == "dot" and not extra else f"{engine}\0{extra}\0{fmt}\0{dpi}\0"
    key = hashlib.sha256(f"{what}{source}".encode("utf-8", "surrogatepass")).hexdigest()
    cached = _cache.get(key)
    if cached is not None:
        return cached
    if persist:
        from explorer.drawing.cache import disk_cache

        stored = disk_cache().get(key)
        if stored is not None:
            _cache.put(key, stored)
            return stored
    command = [find_engine(engine), *ENGINES[engine], f"-T{fmt}"] + ([f"-Gdpi={dpi:g}"] if dpi is not None else [])
    command += [f"-G{name}={value}" for name, value in extra]
    timeout = dot_timeout() if timeout is None else timeout
    try:
        done = _run_graphviz(command, source.encode("utf-8", "replace"), timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz took longer than {timeout:g} seconds on this diagram and was stopped. "
            "Try a simpler view (another phase or option), or a newer Graphviz."
        ) from None
    except OSError as err:
        raise RenderError(f"Graphviz could not be started: {err.strerror}.") from None
    if done.returncode < 0:
        raise RenderError(
            f"Graphviz crashed (signal {-done.returncode}) while drawing this diagram; try another view or reinstall Graphviz."
        )
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {done.returncode} and no image"
        raise RenderError(f"Graphviz failed: {detail}")
    _cache.put(key, done.stdout)
    if persist:
        from explorer.drawing.cache import disk_cache

        disk_cache().put(key, done.stdout)
    return done.stdout


def clear_memory_cache() -> None:
    """Forget every rendering held in memory (benchmarks measure cold renders with it)."""
    _cache.clear()


def render_view(
    view: View,
    fmt: str = "png",
    dpi: float = DEFAULT_DPI,
    decorations: Decorations | None = None,
    persist: bool = False,
) -> bytes:
    return run_dot(dot_source(view, decorations), fmt=fmt, dpi=dpi, persist=persist)
