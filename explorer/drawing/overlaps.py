"""Where a layout's text collides: with other text, with an icon, with an edge or a border.

A label that another label, an icon or a line runs through cannot be read, on screen or
on a slide. The check works on the layout alone (the positions Graphviz gave every line
of text, every node box and every spline), so it needs no rendering and runs on every
scenario of a library in well under a second.

What is checked, each pair once:

- every line of text (node labels, edge labels, cluster titles) against every line of
  another label;
- every text against every node's icon, the node's own label included;
- every edge (its spline, sampled, and its arrowheads) against every cluster title and
  node label;
- every cluster's border against every text that is not that cluster's own title: a label
  straddling a border reads as crossed out.

Touching is not colliding: two boxes must share more than ``tolerance`` points in both
directions, and a line must run more than ``tolerance`` points inside a text's box.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from explorer.drawing.icons import ICON_FILE_ASPECT, ICON_SIZE_IN, ICON_TOP_GAP_IN
from explorer.drawing.layout import Layout, NodeBox, Point, Rect, TextLine, image_rect

#: Points two things may share (in each direction) and still only touch.
TOLERANCE_PT = 1.0
#: Every icon file is padded to the node's proportions (see ``icons``).
DEFAULT_ICON_ASPECT = ICON_FILE_ASPECT
_SAMPLES_PER_SEGMENT = 24


@dataclass(frozen=True)
class Overlap:
    """Two things that collide, and by how much.

    ``amount`` is an area in pt² when both are boxes (text, icons), or a length in pt
    when one is a line (an edge or a cluster border) running through a text.
    """

    first: str
    second: str
    kinds: tuple[str, str]
    amount: float

    @property
    def unit(self) -> str:
        return "pt" if self.kinds[1] in ("edge", "cluster border") else "pt²"

    def describe(self) -> str:
        return f"{self.first} and {self.second} ({self.amount:.0f} {self.unit})"


@dataclass(frozen=True)
class _Text:
    owner: str  # one label: lines of the same label never collide with each other
    name: str
    kind: str
    rects: tuple[Rect, ...]


def _quoted(lines: Sequence[TextLine]) -> str:
    text = " ".join(line.text for line in lines).strip()
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _edge_name(layout: Layout, key: str) -> str:
    edge = layout.edges[key]
    return f"{edge.source} → {edge.target}"


def _texts(layout: Layout) -> list[_Text]:
    texts: list[_Text] = []
    for node_id, node in layout.nodes.items():
        if node.label:
            rects = tuple(line.rect() for line in node.label)
            texts.append(_Text(f"node:{node_id}", f"node label {_quoted(node.label)} ({node_id})", "node label", rects))
    for key, edge in layout.edges.items():
        if edge.label:
            rects = tuple(line.rect() for line in edge.label)
            name = f"edge label {_quoted(edge.label)} ({_edge_name(layout, key)})"
            texts.append(_Text(f"edge:{key}", name, "edge label", rects))
    for cluster_id, cluster in layout.clusters.items():
        if cluster.title:
            rects = tuple(line.rect() for line in cluster.title)
            texts.append(
                _Text(f"cluster:{cluster_id}", f"cluster title {_quoted(cluster.title)}", "cluster title", rects)
            )
    return texts


def icon_rect(node: NodeBox, aspect: float = DEFAULT_ICON_ASPECT) -> Rect:
    """The part of a node's image that shows the icon: the image as Graphviz places it
    (``image_rect``), less the transparent padding of the icon files (the icon is a
    square at the bottom of the file, centred across it, below a gap at the top)."""
    image = image_rect(node, aspect)
    side = min(image.width, image.height * ICON_SIZE_IN / (ICON_SIZE_IN + ICON_TOP_GAP_IN))
    return Rect(image.x + (image.width - side) / 2, image.bottom - side, side, side)


def _shared(a: Rect, b: Rect, tolerance: float) -> float:
    w = min(a.right, b.right) - max(a.x, b.x)
    h = min(a.bottom, b.bottom) - max(a.y, b.y)
    return w * h if w > tolerance and h > tolerance else 0.0


def bezier_points(points: Sequence[Point]) -> Iterator[Point]:
    """Points along a piecewise cubic Bézier given as p0 (c1 c2 p)+."""
    if not points:
        return
    yield points[0]
    for i in range(1, len(points) - 2, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i - 1], points[i], points[i + 1], points[i + 2]
        for step in range(1, _SAMPLES_PER_SEGMENT + 1):
            t = step / _SAMPLES_PER_SEGMENT
            u = 1 - t
            yield (
                u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
            )


def _closed(polygon: Sequence[Point]) -> list[Point]:
    return [*polygon, polygon[0]] if polygon else []


def clip_segment(a: Point, b: Point, rect: Rect) -> tuple[float, float] | None:
    """The part of segment ``a``-``b`` inside ``rect`` as parameters ``(t0, t1)`` along it
    (Liang-Barsky clipping), or None when none of it is inside."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, ax - rect.x), (dx, rect.right - ax), (-dy, ay - rect.y), (dy, rect.bottom - ay)):
        if p == 0:
            if q < 0:
                return None  # parallel to this side and outside it
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    return (t0, t1) if t1 > t0 else None


def length_inside(polyline: Sequence[Point], rect: Rect) -> float:
    """How much of a polyline lies inside ``rect`` (each segment clipped to it)."""
    total = 0.0
    for a, b in itertools.pairwise(polyline):
        clipped = clip_segment(a, b, rect)
        if clipped is not None:
            total += (clipped[1] - clipped[0]) * math.hypot(b[0] - a[0], b[1] - a[1])
    return total


def _touching(a: Rect, b: Rect) -> bool:
    """Boxes that meet, a zero-width box (a straight edge) included."""
    return a.x <= b.right and b.x <= a.right and a.y <= b.bottom and b.y <= a.bottom


def _inner(rect: Rect, tolerance: float) -> Rect:
    """``rect`` less ``tolerance`` on every side: a line along its edge only touches it."""
    return Rect(rect.x + tolerance, rect.y + tolerance, rect.width - 2 * tolerance, rect.height - 2 * tolerance)


def _lines(layout: Layout) -> list[tuple[str, str, str, list[list[Point]]]]:
    """Every edge and every cluster border: (owner, name, kind, polylines)."""
    out: list[tuple[str, str, str, list[list[Point]]]] = []
    for key, edge in layout.edges.items():
        pieces = [list(bezier_points(edge.points)), _closed(edge.head), _closed(edge.tail)]
        out.append((f"edge:{key}", f"edge {_edge_name(layout, key)}", "edge", [p for p in pieces if p]))
    for cluster_id, cluster in layout.clusters.items():
        b = cluster.box
        border = [(b.x, b.y), (b.right, b.y), (b.right, b.bottom), (b.x, b.bottom), (b.x, b.y)]
        title = _quoted(cluster.title) if cluster.title else repr(cluster_id)
        out.append((f"cluster:{cluster_id}", f"border of {title}", "cluster border", [border]))
    return out


def _sum_pairs(rects_a: Iterable[Rect], rects_b: Sequence[Rect], tolerance: float) -> float:
    return sum(_shared(a, b, tolerance) for a in rects_a for b in rects_b)


def find_overlaps(
    layout: Layout,
    icon_aspects: Mapping[str, float] | None = None,
    tolerance: float = TOLERANCE_PT,
) -> list[Overlap]:
    """Every collision of text in ``layout``, largest first.

    ``icon_aspects`` gives a node's image file's width over height where it is not the
    usual padded icon's (``DEFAULT_ICON_ASPECT``).
    """
    aspects = icon_aspects or {}
    texts = _texts(layout)
    found: list[Overlap] = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            area = _sum_pairs(a.rects, b.rects, tolerance)
            if area > 0:
                found.append(Overlap(a.name, b.name, (a.kind, b.kind), area))
    icons = [
        (f"icon of {node_id}", icon_rect(node, aspects.get(node_id, DEFAULT_ICON_ASPECT)))
        for node_id, node in layout.nodes.items()
    ]
    for text in texts:
        for name, rect in icons:
            area = _sum_pairs(text.rects, [rect], tolerance)
            if area > 0:
                found.append(Overlap(text.name, name, (text.kind, "icon"), area))
    for owner, name, kind, polylines in _lines(layout):
        xs = [x for line in polylines for x, _ in line]
        ys = [y for line in polylines for _, y in line]
        reach = Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        for text in texts:
            if not any(rect.intersects(reach) or _touching(rect, reach) for rect in text.rects):
                continue
            if text.owner == owner:
                continue  # an edge beside its own label, a cluster's title inside its own border
            length = sum(
                length_inside(line, _inner(rect, tolerance))
                for rect in text.rects
                for line in polylines
                if rect.width > 2 * tolerance and rect.height > 2 * tolerance
            )
            if length > tolerance:
                found.append(Overlap(text.name, name, (text.kind, kind), length))
    found.sort(key=lambda o: -o.amount)
    return found
