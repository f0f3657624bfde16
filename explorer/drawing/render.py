"""Turning a composed view into DOT with the ``diagrams`` package, and DOT into images.

Avoids the package's traps: the Diagram is never entered as a context manager (its
``__exit__`` writes files into the working directory and opens a viewer), node ids are
the scenario's own ids so the layout is stable, clusters get unique internal names, and
every label is an HTML-like label built from escaped text so nothing in it is read as
Graphviz or HTML markup. Graphviz itself runs as a subprocess with a time limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import math
import os
import shutil
import signal
import subprocess
import textwrap
from dataclasses import dataclass, field
from typing import Any

import diagrams
from diagrams import Cluster as DiagramsCluster
from diagrams import Diagram

from explorer.domain.compose import View, ViewNode
from explorer.drawing.icons import NODE_WIDTH_IN, node_icon
from explorer.drawing.memcache import ByteBoundedLRU
from explorer.drawing.palette import (
    CAPTION_TEXT,
    CLUSTER_STYLES,
    EDGE_COLOUR,
    EDGE_LABEL_TEXT,
    FADED_LINE,
    FADED_TEXT,
    STATE_COLOURS,
)
from explorer.library.references import resolve_node_class

DEFAULT_DPI = 96
DOT_TIMEOUT_SECONDS = 60
LABEL_WIDTH = 18  # characters; fits NODE_WIDTH_IN at 12 pt
NODE_FONT_SIZE = "12"
LINE_HEIGHT_IN = 0.2


class RenderError(Exception):
    """Graphviz could not produce the image; the message says why and what to do."""


class GraphvizMissing(RenderError):
    pass


def label_text(text: str) -> str:
    """``text`` escaped for an HTML-like Graphviz label: markup characters become
    entities, and each backslash is doubled, because Graphviz still expands escapes
    such as ``\\N`` (the node's name) inside HTML-like labels, even written as ``&#92;``."""
    return html.escape(text, quote=True).replace("\\", "\\\\")


def html_label(text: str, width: int = LABEL_WIDTH, bold: bool = False) -> str:
    """An HTML-like Graphviz label showing ``text`` literally, wrapped to ``width``."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width, break_long_words=True) or [""]
    body = "<BR/>".join(label_text(line) for line in lines) or " "
    # Graphviz rejects an empty HTML label; a lone space renders as nothing.
    if bold:
        body = f"<B>{body}</B>"
    return f"<{body}>"


def _line_count(text: str, width: int = LABEL_WIDTH) -> int:
    return sum(len(textwrap.wrap(p, width, break_long_words=True)) or 1 for p in text.splitlines() or [""])


def _node_attrs(node: ViewNode, icon_path: str) -> dict[str, str]:
    lines = _line_count(node.label)
    attrs = {
        "height": f"{1.9 + LINE_HEIGHT_IN * (lines - 1):.2f}",
        "width": str(NODE_WIDTH_IN),
        "fontsize": NODE_FONT_SIZE,
        "image": node_icon(icon_path, faded=node.state == "future"),
    }
    if node.state == "future":
        attrs.update(fontcolor=FADED_TEXT)
    elif node.state in STATE_COLOURS:
        line, fill = STATE_COLOURS[node.state]
        attrs.update(shape="box", style="rounded,filled,bold", color=line, fillcolor=fill, penwidth="2.5")
    return attrs


def _edge_attrs(edge) -> dict[str, str]:
    attrs = {
        "dir": edge.direction,
        "color": edge.color or EDGE_COLOUR,
        "style": edge.style,
        "fontsize": "11",
        "fontname": "Sans-Serif",
        "fontcolor": EDGE_LABEL_TEXT,
    }
    if edge.label:
        attrs["label"] = html_label(edge.label, width=22)
    if edge.state == "future":
        attrs.update(color=FADED_LINE, fontcolor=FADED_TEXT)
    elif edge.state in STATE_COLOURS:
        attrs.update(color=STATE_COLOURS[edge.state][0], penwidth="2.5")
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


def _decoration_label(deco: Decorations) -> str:
    rows = []
    if deco.title:
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="22"><B>{label_text(deco.title)}</B></FONT></TD></TR>')
    if deco.caption:
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="13" COLOR="{CAPTION_TEXT}">{label_text(deco.caption)}</FONT></TD></TR>'
        )
    if deco.legend:
        cells = "".join(
            f'<TD BGCOLOR="{colour}" WIDTH="14" HEIGHT="14" FIXEDSIZE="TRUE"> </TD>'
            f'<TD ALIGN="LEFT"><FONT POINT-SIZE="12">{label_text(meaning)}  </FONT></TD>'
            for colour, meaning in deco.legend
        )
        rows.append(
            f'<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="4" CELLPADDING="0"><TR>{cells}</TR></TABLE></TD></TR>'
        )
    if not rows:
        return ""
    return f'<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">{"".join(rows)}</TABLE>>'


def plan_view(view: View, decorations: Decorations | None = None) -> Plan:
    """The complete drawing instructions for a view."""
    graph_attr = dict(BASE_GRAPH_ATTR)
    if decorations is not None:
        label = _decoration_label(decorations)
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
            PlanNode(node.id, node.type, html_label(node.label), _node_attrs(node, icon), icon, node.state == "future")
        )
    children: dict[str | None, list] = {}
    for cluster in view.clusters:
        children.setdefault(cluster.parent, []).append(cluster)

    def clusters_under(parent: str | None) -> list[PlanCluster]:
        out = []
        for cluster in children.get(parent, []):
            style = CLUSTER_STYLES[cluster.kind]
            out.append(
                PlanCluster(
                    id=cluster.id,
                    label=html_label(cluster.label, width=60, bold=True),
                    graph_attr={
                        "fontcolor": style["pencolor"],
                        **style,
                        "fontsize": "13",
                        "penwidth": "1.6",
                        "margin": "14",
                    },
                    nodes=by_cluster.get(cluster.id, []),
                    children=clusters_under(cluster.id),
                )
            )
        return out

    edges = [(e.source, e.target, _edge_attrs(e)) for e in view.edges]
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
) -> bytes:
    """Render DOT source with Graphviz and return the image bytes.

    Results are cached in memory, and also on disk when ``persist`` is true (the
    views the app shows). ``dpi=None`` leaves the resolution to Graphviz (what
    ``dot -Tpng`` alone gives).
    """
    key = hashlib.sha256(f"{fmt}\0{dpi}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()
    cached = _cache.get(key)
    if cached is not None:
        return cached
    if persist:
        from explorer.drawing.cache import disk_cache

        stored = disk_cache().get(key)
        if stored is not None:
            _cache.put(key, stored)
            return stored
    command = [find_dot(), f"-T{fmt}"] + ([f"-Gdpi={dpi:g}"] if dpi is not None else [])
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
