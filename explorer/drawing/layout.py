"""One stable layout per scenario: every view is drawn from the same positions.

Graphviz lays out, once, the union of everything a scenario can show: every node,
edge and cluster of every option of every group, at every phase. A view (a selection
at a phase) then shows the part of that layout it contains, so a node two views share
sits at the same place in both: in the window, in Compare and in every export.

The layout comes from ``dot -Tjson``. It is kept in two forms: geometry in points with
y growing downwards (for the window's scene and for the overlap check), and the raw
Graphviz attributes (``pos``, ``bb``, ``lp``) that pin a view when Graphviz draws it
again with ``neato -n2`` (exports).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from explorer.domain.compose import View, ViewEdge, ViewNode, clusters_in_use
from explorer.domain.model import Cluster, Node, Scenario
from explorer.drawing.cache import disk_cache
from explorer.drawing.render import (
    Plan,
    RenderError,
    build_diagram,
    cluster_title,
    graphviz_version,
    html_label,
    plan_view,
)

if TYPE_CHECKING:
    from explorer.drawing.placement import EdgeFix, TitleFix

#: Bumped whenever the layout's JSON form changes, so old cached layouts are not read.
LAYOUT_FORMAT = 3

Point = tuple[float, float]


@dataclass(frozen=True)
class Rect:
    x: float  # left, in points
    y: float  # top, in points (y grows downwards)
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def intersects(self, other: Rect, margin: float = 0.0) -> bool:
        return (
            self.x < other.right - margin
            and other.x < self.right - margin
            and self.y < other.bottom - margin
            and other.y < self.bottom - margin
        )

    def intersection_area(self, other: Rect) -> float:
        w = min(self.right, other.right) - max(self.x, other.x)
        h = min(self.bottom, other.bottom) - max(self.y, other.y)
        return w * h if w > 0 and h > 0 else 0.0


@dataclass(frozen=True)
class TextLine:
    """One line of text as Graphviz placed it: ``x`` is the anchor for ``align``."""

    x: float
    baseline: float
    align: str  # "l", "c" or "r"
    width: float
    size: float  # font size in points
    text: str
    bold: bool = False

    def rect(self) -> Rect:
        left = {"l": self.x, "r": self.x - self.width}.get(self.align, self.x - self.width / 2)
        # A line's ink reaches about 0.8 of the size above the baseline and 0.2 below.
        return Rect(left, self.baseline - 0.8 * self.size, self.width, self.size)


@dataclass(frozen=True)
class NodeBox:
    id: str
    box: Rect
    image: Rect | None
    label: tuple[TextLine, ...]
    gv_pos: str
    gv_width: str
    gv_height: str


@dataclass(frozen=True)
class EdgePath:
    key: str
    source: str
    target: str
    points: tuple[Point, ...]  # a cubic B-spline as Graphviz gives it: p0 (c1 c2 p)+
    head: tuple[Point, ...]  # the arrowhead's polygon at the target, if any
    tail: tuple[Point, ...]  # the arrowhead's polygon at the source, if any
    label: tuple[TextLine, ...]
    gv_pos: str
    gv_lp: str
    gv_label: str = ""  # the label as the layout drew it (wrapped narrower), if not the plain one


@dataclass(frozen=True)
class ClusterBox:
    id: str
    box: Rect
    title: tuple[TextLine, ...]
    gv_bb: str
    gv_lp: str
    gv_lwidth: str
    gv_lheight: str
    gv_label: str = ""  # the title as the layout drew it (wrapped or widened), if not the plain one


@dataclass(frozen=True)
class Layout:
    scenario_id: str
    direction: str
    width: float
    height: float
    gv_bb: str
    nodes: dict[str, NodeBox] = field(default_factory=dict)
    edges: dict[str, EdgePath] = field(default_factory=dict)
    clusters: dict[str, ClusterBox] = field(default_factory=dict)

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 1.0

    # --- a cacheable form ------------------------------------------------------------

    def to_json(self) -> bytes:
        return json.dumps({"format": LAYOUT_FORMAT, **asdict(self)}, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Layout:
        """Reads a layout written by ``to_json``; raises ValueError for anything else."""
        try:
            raw = json.loads(data)
            if raw.pop("format") != LAYOUT_FORMAT:
                raise ValueError("another layout format")

            def rect(r: Mapping[str, float] | None) -> Rect | None:
                return None if r is None else Rect(**r)

            def lines(items: Iterable[Mapping[str, Any]]) -> tuple[TextLine, ...]:
                return tuple(TextLine(**t) for t in items)

            def points(items: Iterable[Iterable[float]]) -> tuple[Point, ...]:
                return tuple((float(a), float(b)) for a, b in items)

            nodes = {
                k: NodeBox(
                    id=n["id"],
                    box=Rect(**n["box"]),
                    image=rect(n["image"]),
                    label=lines(n["label"]),
                    gv_pos=n["gv_pos"],
                    gv_width=n["gv_width"],
                    gv_height=n["gv_height"],
                )
                for k, n in raw.pop("nodes").items()
            }
            edges = {
                k: EdgePath(
                    key=e["key"],
                    source=e["source"],
                    target=e["target"],
                    points=points(e["points"]),
                    head=points(e["head"]),
                    tail=points(e["tail"]),
                    label=lines(e["label"]),
                    gv_pos=e["gv_pos"],
                    gv_lp=e["gv_lp"],
                    gv_label=e["gv_label"],
                )
                for k, e in raw.pop("edges").items()
            }
            clusters = {
                k: ClusterBox(
                    id=c["id"],
                    box=Rect(**c["box"]),
                    title=lines(c["title"]),
                    gv_bb=c["gv_bb"],
                    gv_lp=c["gv_lp"],
                    gv_lwidth=c["gv_lwidth"],
                    gv_lheight=c["gv_lheight"],
                    gv_label=c["gv_label"],
                )
                for k, c in raw.pop("clusters").items()
            }
            return cls(nodes=nodes, edges=edges, clusters=clusters, **raw)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ValueError(f"not a layout: {err}") from None


# --- the union of everything a scenario can show ------------------------------------


def _lines(label: str) -> tuple[int, int]:
    rows = label.splitlines() or [""]
    return len(rows), max(len(r) for r in rows)


def union_view(scenario: Scenario, direction: str | None = None) -> View:
    """Every node, edge and cluster of every option of every group, as one view.

    A node that options relabel keeps the label that needs the most room, so every
    variant fits the space the layout gives it.
    """
    clusters: dict[str, Cluster] = {c.id: c for c in scenario.clusters}
    nodes: dict[str, Node] = {n.id: n for n in scenario.nodes}
    labels: dict[str, list[str]] = {n.id: [n.label] for n in scenario.nodes}
    edges = {e.key: e for e in scenario.edges}
    for group in scenario.option_groups:
        for option in group.options:
            changes = option.changes
            for c in changes.add_clusters:
                clusters.setdefault(c.id, c)
            for n in changes.add_nodes:
                nodes.setdefault(n.id, n)
                labels.setdefault(n.id, []).append(n.label)
            for e in changes.add_edges:
                edges.setdefault(e.key, e)
            for node_id, label in changes.relabel.items():
                labels.setdefault(node_id, []).append(label)
    edges = {k: e for k, e in edges.items() if e.source in nodes and e.target in nodes}
    view_nodes = tuple(
        ViewNode(
            id=n.id,
            type=n.type,
            label=max(labels[n.id], key=_lines),
            cluster=n.cluster if n.cluster in clusters else None,
            state="built",
        )
        for n in nodes.values()
    )
    in_use = clusters_in_use(clusters, (n.cluster for n in view_nodes))
    view_edges = tuple(
        ViewEdge(
            key=e.key,
            source=e.source,
            target=e.target,
            label=e.label,
            style=e.style,
            color=e.color,
            direction=e.direction,
            state="built",
        )
        for e in edges.values()
    )
    return View(
        scenario_id=scenario.id,
        title=scenario.title,
        direction=direction or scenario.direction,
        selection={},
        phase=None,
        phase_title="",
        clusters=tuple(in_use.values()),
        nodes=view_nodes,
        edges=view_edges,
    )


def edge_id(key: str) -> str:
    """The Graphviz ``id`` an edge carries, so the layout can tell edges apart."""
    return f"edge:{key}"


def identified_plan(view: View, plan: Plan) -> Plan:
    """The plan with each edge's ``id`` set from the view's edge keys."""
    edges = [(s, t, {**attrs, "id": edge_id(e.key)}) for (s, t, attrs), e in zip(plan.edges, view.edges, strict=True)]
    return Plan(plan.direction, plan.graph_attr, plan.nodes, plan.clusters, edges)


def _union_plan(
    scenario: Scenario, direction: str | None, titles: Mapping[str, TitleFix], edges: Mapping[str, EdgeFix]
) -> Plan:
    """The union's plan, with the fixes ``placement.lay_out`` asks for."""
    view = union_view(scenario, direction)
    plan = identified_plan(view, plan_view(view))
    texts = {c.id: c.label for c in view.clusters}
    for (_, _, attrs), edge in zip(plan.edges, view.edges, strict=True):
        edge_fix = edges.get(edge.key)
        if edge_fix and edge_fix.chars and edge.label:
            attrs["label"] = html_label(edge.label, width=edge_fix.chars)
        if edge_fix and edge_fix.weight:
            attrs["weight"] = str(edge_fix.weight)

    def fix(clusters) -> None:
        for cluster in clusters:
            if cluster.id in titles:
                cluster.label = cluster_title(texts[cluster.id], titles[cluster.id].chars, titles[cluster.id].room)
            fix(cluster.children)

    fix(plan.clusters)
    return plan


def union_dot(
    scenario: Scenario,
    direction: str | None = None,
    titles: Mapping[str, TitleFix] | None = None,
    edges: Mapping[str, EdgeFix] | None = None,
) -> str:
    """The DOT of the union of everything the scenario can show, with ``titles`` (cluster
    id -> fix) giving some cluster titles more room and ``edges`` (edge key -> fix)
    laying out some edges differently."""
    return build_diagram(_union_plan(scenario, direction, titles or {}, edges or {})).dot.source


# --- reading dot -Tjson ----------------------------------------------------------------


def _floats(text: str) -> list[float]:
    return [float(v) for v in re.split(r"[,\s]+", text.strip()) if v]


def _text_lines(ops: list[Mapping[str, Any]] | None, x0: float, flip: float) -> tuple[TextLine, ...]:
    size, bold, out = 14.0, False, []
    for op in ops or []:
        kind = op.get("op")
        if kind == "F":
            size = float(op["size"])
        elif kind == "t":
            bold = bool(int(op.get("fontchar", 0)) & 1)
        elif kind == "T" and str(op.get("text", "")).strip():
            x, y = op["pt"]
            out.append(
                TextLine(float(x) - x0, flip - float(y), op["align"], float(op["width"]), size, op["text"], bold)
            )
    return tuple(out)


def _polygon(ops: list[Mapping[str, Any]] | None, x0: float, flip: float) -> tuple[Point, ...]:
    for op in ops or []:
        if op.get("op") in ("P", "p"):
            return tuple((float(x) - x0, flip - float(y)) for x, y in op["points"])
    return ()


def parse_layout(scenario_id: str, direction: str, data: bytes) -> Layout:
    """The layout in Graphviz's JSON output (``dot -Tjson``) of a union plan."""
    try:
        graph = json.loads(data)
        x0, y0, x1, y1 = _floats(graph["bb"])
    except (ValueError, KeyError, TypeError) as err:
        raise RenderError(f"Graphviz gave a layout that cannot be read ({err}).") from None
    flip = y1  # Graphviz's y grows upwards from the bottom of the bounding box

    def rect_from_bb(bb: str) -> Rect:
        a, b, c, d = _floats(bb)
        return Rect(a - x0, flip - d, c - a, d - b)

    objects = graph.get("objects", [])
    nodes: dict[str, NodeBox] = {}
    clusters: dict[str, ClusterBox] = {}
    for obj in objects:
        name = obj.get("name", "")
        if "nodes" in obj or name.startswith("cluster_"):
            if "bb" not in obj:
                continue
            clusters[name.removeprefix("cluster_")] = ClusterBox(
                id=name.removeprefix("cluster_"),
                box=rect_from_bb(obj["bb"]),
                title=_text_lines(obj.get("_ldraw_"), x0, flip),
                gv_bb=obj["bb"],
                gv_lp=obj.get("lp", ""),
                gv_lwidth=obj.get("lwidth", ""),
                gv_lheight=obj.get("lheight", ""),
            )
            continue
        x, y = _floats(obj["pos"])[:2]
        w, h = float(obj["width"]) * 72, float(obj["height"]) * 72
        image = None
        for op in obj.get("_draw_", []) or []:
            if op.get("op") == "I":
                ix, iy = op["pos"]
                image = Rect(
                    float(ix) - x0, flip - float(iy) - float(op["height"]), float(op["width"]), float(op["height"])
                )
        nodes[name] = NodeBox(
            id=name,
            box=Rect(x - w / 2 - x0, flip - y - h / 2, w, h),
            image=image,
            label=_text_lines(obj.get("_ldraw_"), x0, flip),
            gv_pos=obj["pos"],
            gv_width=obj["width"],
            gv_height=obj["height"],
        )
    edges: dict[str, EdgePath] = {}
    for edge in graph.get("edges", []):
        key = str(edge.get("id", "")).removeprefix("edge:")
        points: tuple[Point, ...] = ()
        for op in edge.get("_draw_", []) or []:
            if op.get("op") in ("b", "B"):
                points = tuple((float(px) - x0, flip - float(py)) for px, py in op["points"])
        edges[key] = EdgePath(
            key=key,
            source=objects[edge["tail"]]["name"],
            target=objects[edge["head"]]["name"],
            points=points,
            head=_polygon(edge.get("_hdraw_"), x0, flip),
            tail=_polygon(edge.get("_tdraw_"), x0, flip),
            label=_text_lines(edge.get("_ldraw_"), x0, flip),
            gv_pos=edge.get("pos", ""),
            gv_lp=edge.get("lp", ""),
        )
    return Layout(
        scenario_id=scenario_id,
        direction=direction,
        width=x1 - x0,
        height=y1 - y0,
        gv_bb=graph["bb"],
        nodes=nodes,
        edges=edges,
        clusters=clusters,
    )


# --- drawing one view on the layout -----------------------------------------------------


def image_rect(node: NodeBox, aspect: float) -> Rect:
    """Where Graphviz puts a node's image (``imagepos=tc``, ``imagescale=true``): as large
    as the node's box allows, centred at its top (``aspect`` is the image file's width
    over height). The label sits below it, at the bottom of the box."""
    box = node.box
    width = min(box.width, box.height * aspect)
    height = width / aspect
    return Rect(box.x + (box.width - width) / 2, box.y, width, height)


@dataclass(frozen=True)
class LabelSize:
    """The size Graphviz gives a graph label (the export's title, caption and legend)."""

    width: float  # inches
    height: float  # inches


def pin_plan(plan: Plan, view: View, layout: Layout, label: LabelSize | None = None) -> Plan:
    """The view's plan with every position taken from the layout, for ``neato -n2``.

    Nodes keep the size the layout gave them (so a shorter label does not shrink a box),
    clusters keep their boxes and title positions, edges their splines. A graph label
    (an export's decorations) goes above the layout, in room added for it.
    """
    missing = [n.id for n in view.nodes if n.id not in layout.nodes]
    missing += [e.key for e in view.edges if e.key not in layout.edges]
    if missing:
        raise RenderError(f"the layout has no place for {', '.join(missing[:5])}; it was made for another scenario")

    def pin_nodes(nodes):
        out = []
        for node in nodes:
            box = layout.nodes[node.id]
            attrs = {**node.attrs, "pos": f"{box.gv_pos}!", "width": box.gv_width, "height": box.gv_height}
            out.append(type(node)(node.id, node.type, node.label, attrs, node.icon, node.faded))
        return out

    def pin_clusters(clusters):
        out = []
        for cluster in clusters:
            box = layout.clusters.get(cluster.id)
            attrs = dict(cluster.graph_attr)
            if box is not None:
                attrs.update(bb=box.gv_bb, lp=box.gv_lp, lwidth=box.gv_lwidth, lheight=box.gv_lheight)
            label = box.gv_label if box is not None and box.gv_label else cluster.label
            out.append(
                type(cluster)(cluster.id, label, attrs, pin_nodes(cluster.nodes), pin_clusters(cluster.children))
            )
        return out

    edges = []
    for (source, target, attrs), edge in zip(plan.edges, view.edges, strict=True):
        path = layout.edges[edge.key]
        pinned = {**attrs, "id": edge_id(edge.key), "pos": path.gv_pos}
        if path.gv_label and "label" in attrs:
            pinned["label"] = path.gv_label
        if path.gv_lp:
            pinned["lp"] = path.gv_lp
        edges.append((source, target, pinned))
    x0, y0, x1, y1 = _floats(layout.gv_bb)
    graph_attr = {**plan.graph_attr, "bb": layout.gv_bb}
    if label is not None and plan.graph_attr.get("label"):
        extra = label.height * 72
        graph_attr["bb"] = f"{x0:g},{y0:g},{max(x1, x0 + label.width * 72):g},{y1 + extra:g}"
        graph_attr["lp"] = f"{x0 + label.width * 36:g},{y1 + extra / 2:g}"
        graph_attr["lwidth"] = f"{label.width:.2f}"
        graph_attr["lheight"] = f"{label.height:.2f}"
    return Plan(plan.direction, graph_attr, pin_nodes(plan.nodes), pin_clusters(plan.clusters), edges)


def label_only_dot(plan: Plan) -> str:
    """A graph with nothing but the plan's graph label, to let Graphviz measure it."""
    attrs = {k: v for k, v in plan.graph_attr.items() if k in ("label", "labelloc", "labeljust", "fontname")}
    return build_diagram(Plan(plan.direction, attrs, [], [], [])).dot.source


def label_size(data: bytes) -> LabelSize:
    """The graph label's size in Graphviz's JSON output of ``label_only_dot``."""
    try:
        graph = json.loads(data)
        return LabelSize(float(graph["lwidth"]), float(graph["lheight"]))
    except (ValueError, KeyError, TypeError) as err:
        raise RenderError(f"Graphviz gave a label size that cannot be read ({err}).") from None


# --- computing and caching ----------------------------------------------------------------

_layouts: dict[str, Layout] = {}
_layouts_lock = threading.Lock()
_MAX_LAYOUTS = 64  # a layout is a few tens of kilobytes; a library has a few dozen scenarios


def layout_key(source: str) -> str:
    """What determines a layout: the union's DOT source (every node, label, size and
    attribute), the layout code's format and Graphviz's version."""
    text = f"layout\0{LAYOUT_FORMAT}\0{graphviz_version()}\0{source}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def compute_layout(scenario: Scenario, direction: str | None = None) -> Layout:
    """The scenario's one layout: from memory, from the disk cache, or from Graphviz.

    Slow the first time (one ``dot`` run, tens of milliseconds to a second), so callers
    on a UI thread run it in the background. A cached layout that cannot be read is laid
    out again, never trusted.
    """
    direction = direction or scenario.direction
    source = union_dot(scenario, direction)
    key = layout_key(source)
    with _layouts_lock:
        found = _layouts.get(key)
    if found is not None:
        return found
    layout = None
    stored = disk_cache().get(key)
    if stored is not None:
        try:
            layout = Layout.from_json(stored)
        except ValueError:
            layout = None
        if layout is not None and layout.scenario_id != scenario.id:
            layout = None
    if layout is None:
        from explorer.drawing.placement import lay_out  # it builds on this module

        layout = lay_out(scenario, direction, source)
        disk_cache().put(key, layout.to_json())
    with _layouts_lock:
        if len(_layouts) >= _MAX_LAYOUTS:
            _layouts.pop(next(iter(_layouts)))
        _layouts[key] = layout
    return layout


def clear_layouts() -> None:
    with _layouts_lock:
        _layouts.clear()


def scene_inputs(scenario: Scenario) -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    """What a live drawing of the layout needs besides it: each node's icon file (the one
    the exports use) and each cluster's kind and nesting depth."""
    union = union_view(scenario)
    plan = plan_view(union)
    icons: dict[str, str] = {}

    def walk(nodes, clusters) -> None:
        for node in nodes:
            icons[node.id] = node.attrs["image"]
        for cluster in clusters:
            walk(cluster.nodes, cluster.children)

    walk(plan.nodes, plan.clusters)
    parents = {c.id: c.parent for c in union.clusters}

    def depth(cluster_id: str | None, seen: int = 0) -> int:
        parent = parents.get(cluster_id) if cluster_id else None
        return seen if parent is None or seen > len(parents) else depth(parent, seen + 1)

    kinds: dict[str, tuple[str, int]] = {c.id: (str(c.kind), depth(c.id)) for c in union.clusters}
    return icons, kinds
