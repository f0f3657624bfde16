"""Moving cluster titles and edge labels to where nothing runs through them.

``dot`` reserves a row at the top of each cluster for its title, but it routes edges
across that row as if it were empty, and it puts an edge's label beside the edge
wherever that falls, across a cluster's border or not. Nodes and splines are where they
should be; only these labels need to move, and only a little.

So, once the layout is read, each cluster title slides along its own row to the
leftmost place that no edge, label or icon touches, and each edge label moves to the
nearest free place beside its own edge. The new places are written back as Graphviz's
``lp`` too, so an export drawn from the layout (``neato -n2``) puts them where the
window does. Where no place is free, ``lay_out`` asks ``dot`` again with Graphviz
attributes that make room: the title wrapped narrower, or its label widened; the edge
label wrapped narrower, or its edge given more weight. What still collides after the
last pass stays where ``dot`` put it, and the overlap check (``overlaps``) reports it.
"""

from __future__ import annotations

import itertools
import math
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from explorer.domain.model import Scenario
from explorer.drawing.layout import (
    ClusterBox,
    EdgePath,
    Layout,
    Point,
    Rect,
    TextLine,
    parse_layout,
    union_dot,
    union_view,
)
from explorer.drawing.overlaps import (
    DEFAULT_ICON_ASPECT,
    TOLERANCE_PT,
    bezier_points,
    clip_segment,
    icon_rect,
    length_inside,
)
from explorer.drawing.render import cluster_title, html_label, run_dot

#: Room kept free around a moved label, in points (more than the overlap tolerance).
CLEARANCE_PT = 2.0
#: How far a moved edge label is from its own edge, in points (twice as far where
#: nothing closer is free).
LABEL_GAP_PT = 3.0
#: Where along its edge a label may go: not within this share of either end.
_END_SHARE = 0.12
_STEP_PT = 2.0


@dataclass(frozen=True)
class TitleFix:
    """How a cluster's title is given room when nothing in its row is free: wrapped to
    ``chars`` characters a line (0: as usual), and/or ``room`` points wide (0: its own
    width) with empty space beside the text."""

    chars: int = 0
    room: float = 0.0

    def merged(self, other: TitleFix) -> TitleFix:
        """Both fixes at once: the narrower wrap, the wider room."""
        chars = min((c for c in (self.chars, other.chars) if c), default=0)
        return TitleFix(chars, max(self.room, other.room))


@dataclass(frozen=True)
class EdgeFix:
    """How an edge is laid out again when its label found no free place (wrapped to
    ``chars`` characters a line; 0: as usual) or its spline ran through a label
    (``weight``, Graphviz's pull towards a short, straight edge; 0: as usual)."""

    chars: int = 0
    weight: int = 0


def _title(text: str, fix: TitleFix) -> str:
    return cluster_title(text, fix.chars, fix.room)


@dataclass
class _Obstacles:
    rects: list[tuple[str, Rect]]
    lines: list[tuple[str, Rect, list[Point]]]  # owner, bounding box, polyline

    def clear(self, rects: Sequence[Rect], owner: str, clearance: float, own_line: bool = False) -> bool:
        """Whether ``rects`` (one label's lines) are free of everything but ``owner``'s
        own items (its own edge counts too when ``own_line``)."""
        grown = [_grow(r, clearance) for r in rects]
        for other, rect in self.rects:
            if other != owner and any(_meets(g, rect) for g in grown):
                return False
        for other, box, line in self.lines:
            if other == owner and not own_line:
                continue
            for g in grown:
                if _meets(g, box) and length_inside(line, g) > 0:
                    return False
        return True


def _grow(r: Rect, by: float) -> Rect:
    return Rect(r.x - by, r.y - by, r.width + 2 * by, r.height + 2 * by)


def _meets(a: Rect, b: Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def _bounds(points: Iterable[Point]) -> Rect:
    xs, ys = zip(*points, strict=True)
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _moved(lines: Sequence[TextLine], dx: float, dy: float) -> tuple[TextLine, ...]:
    return tuple(replace(line, x=line.x + dx, baseline=line.baseline + dy) for line in lines)


def _shift_lp(lp: str, dx: float, dy: float) -> str:
    """Graphviz's ``lp`` moved by (dx, dy) in the layout's y-down points."""
    try:
        x, y = (float(v) for v in lp.split(","))
    except ValueError:
        return lp
    return f"{round(x + dx, 2):g},{round(y - dy, 2):g}"


def _obstacles(layout: Layout) -> _Obstacles:
    rects: list[tuple[str, Rect]] = []
    for node_id, node in layout.nodes.items():
        rects += [(f"node:{node_id}", line.rect()) for line in node.label]
        rects.append((f"icon:{node_id}", icon_rect(node, DEFAULT_ICON_ASPECT)))
    for key, edge in layout.edges.items():
        rects += [(f"edge:{key}", line.rect()) for line in edge.label]
    for cluster_id, cluster in layout.clusters.items():
        rects += [(f"cluster:{cluster_id}", line.rect()) for line in cluster.title]
    lines: list[tuple[str, Rect, list[Point]]] = []
    for key, edge in layout.edges.items():
        for piece in (list(bezier_points(edge.points)), [*edge.head, *edge.head[:1]], [*edge.tail, *edge.tail[:1]]):
            if len(piece) > 1:
                lines.append((f"edge:{key}", _bounds(piece), piece))
    for cluster_id, cluster in layout.clusters.items():
        b = cluster.box
        border = [(b.x, b.y), (b.right, b.y), (b.right, b.bottom), (b.x, b.bottom), (b.x, b.y)]
        lines.append((f"cluster:{cluster_id}", b, border))
    return _Obstacles(rects, lines)


def _replace_owned(obstacles: _Obstacles, owner: str, rects: Sequence[Rect]) -> None:
    obstacles.rects = [(o, r) for o, r in obstacles.rects if o != owner] + [(owner, r) for r in rects]


def _place_title(cluster: ClusterBox, obstacles: _Obstacles) -> ClusterBox:
    owner = f"cluster:{cluster.id}"
    rects = [line.rect() for line in cluster.title]
    if not rects or obstacles.clear(rects, owner, -TOLERANCE_PT):
        return cluster
    left = min(r.x for r in rects)
    width = max(r.right for r in rects) - left
    inset = CLEARANCE_PT + 4
    start, stop = cluster.box.x + inset, cluster.box.right - inset - width
    steps = int((stop - start) // _STEP_PT) + 1
    for i in range(max(steps, 0)):
        dx = start + i * _STEP_PT - left
        moved = [Rect(r.x + dx, r.y, r.width, r.height) for r in rects]
        if obstacles.clear(moved, owner, CLEARANCE_PT):
            _replace_owned(obstacles, owner, moved)
            return replace(cluster, title=_moved(cluster.title, dx, 0), gv_lp=_shift_lp(cluster.gv_lp, dx, 0))
    return cluster


def _arc_points(points: Sequence[Point], spacing: float) -> list[Point]:
    """Points every ``spacing`` points of arc along a polyline, without its ends."""
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    total = sum(lengths)
    if total <= 0:
        return []
    out, walked, target = [], 0.0, total * _END_SHARE
    for (a, b), length in zip(itertools.pairwise(points), lengths, strict=True):
        while length > 0 and target <= walked + length and target <= total * (1 - _END_SHARE):
            t = (target - walked) / length
            out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
            target += spacing
        walked += length
    return out


def _within(rects: Iterable[Rect], bounds: Rect) -> bool:
    return all(
        r.x >= bounds.x and r.y >= bounds.y and r.right <= bounds.right and r.bottom <= bounds.bottom for r in rects
    )


def _place_label(edge: EdgePath, obstacles: _Obstacles, bounds: Rect) -> EdgePath:
    owner = f"edge:{edge.key}"
    rects = [line.rect() for line in edge.label]
    if not rects or obstacles.clear(rects, owner, -TOLERANCE_PT, own_line=True):
        return edge
    block = Rect(
        min(r.x for r in rects),
        min(r.y for r in rects),
        max(r.right for r in rects) - min(r.x for r in rects),
        max(r.bottom for r in rects) - min(r.y for r in rects),
    )
    centre = (block.x + block.width / 2, block.y + block.height / 2)
    along = _arc_points(list(bezier_points(edge.points)), _STEP_PT * 2)
    # Right beside the edge first; a little farther only where that is all taken.
    for gap in (CLEARANCE_PT + LABEL_GAP_PT / 2, CLEARANCE_PT + LABEL_GAP_PT * 2):
        candidates: list[tuple[float, float, float]] = []
        for (px, py), (qx, qy) in itertools.pairwise(along):
            length = math.hypot(qx - px, qy - py) or 1.0
            nx, ny = (py - qy) / length, (qx - px) / length  # the edge's normal here
            # Beside the edge on either side: the block's nearest corner ``gap`` away from it.
            reach = gap + abs(nx) * block.width / 2 + abs(ny) * block.height / 2
            for side in (1, -1):
                cx, cy = px + side * nx * reach, py + side * ny * reach
                candidates.append((math.dist((cx, cy), centre), cx - centre[0], cy - centre[1]))
        candidates.sort()
        for _, dx, dy in candidates:
            moved = [Rect(r.x + dx, r.y + dy, r.width, r.height) for r in rects]
            if _within(moved, bounds) and obstacles.clear(moved, owner, CLEARANCE_PT, own_line=True):
                _replace_owned(obstacles, owner, moved)
                return replace(edge, label=_moved(edge.label, dx, dy), gv_lp=_shift_lp(edge.gv_lp, dx, dy))
    return edge


def place_labels(layout: Layout) -> Layout:
    """The layout with every cluster title and edge label that something runs through
    moved to the nearest free place (titles along their own row, edge labels beside their
    own edge); everything else, nodes and splines included, stays as it is."""
    obstacles = _obstacles(layout)
    # Outer clusters first: an inner title then avoids where the outer one went.
    clusters = dict(layout.clusters)
    for cluster_id in sorted(clusters, key=lambda c: -clusters[c].box.width * clusters[c].box.height):
        clusters[cluster_id] = _place_title(clusters[cluster_id], obstacles)
    bounds = Rect(0, 0, layout.width, layout.height)
    edges = {key: _place_label(edge, obstacles, bounds) for key, edge in layout.edges.items()}
    return replace(layout, clusters=clusters, edges=edges)


def _clipped_xs(line: Sequence[Point], rect: Rect) -> Iterator[tuple[float, float]]:
    """The x-extent of each piece of a polyline that lies inside ``rect``."""
    for a, b in itertools.pairwise(line):
        clipped = clip_segment(a, b, rect)
        if clipped is not None:
            xa, xb = (a[0] + t * (b[0] - a[0]) for t in clipped)
            yield min(xa, xb), max(xa, xb)


#: What a cluster is wider than its title label (Graphviz's own label margin), in points.
_LABEL_MARGIN_PT = 16.0
#: The most lines a title is wrapped to, to find a free place in its row.
MAX_TITLE_LINES = 3
#: What a title's extra line is worth in width saved, when a title must be widened.
_LINE_COST_PT = 40.0


def _free_stretches(spans: Iterable[tuple[float, float]], left: float, right: float) -> list[tuple[float, float]]:
    free, cursor = [], left
    for a, b in sorted(spans):
        if a > cursor:
            free.append((cursor, a))
        cursor = max(cursor, b)
    if right > cursor:
        free.append((cursor, right))
    return free


def _balanced_wrap(text: str, lines: int) -> int:
    """The fewest characters a line that wrap ``text`` (between words) into ``lines``
    lines at most: the most even wrap of that many lines."""
    chars = max(len(word) for word in text.split()) if text.split() else 1
    while _wrap_size(text, chars)[0] > lines:
        chars += 1
    return chars


def _wrap_size(text: str, chars: int) -> tuple[int, int]:
    """(lines, longest line) of ``text`` wrapped between words to ``chars`` a line."""
    wrapped = textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [text]
    return len(wrapped), max(len(line) for line in wrapped)


def title_fixes(layout: Layout, current: Mapping[str, TitleFix]) -> dict[str, TitleFix]:
    """What the next layout should change for the titles that still collide with
    something: cluster id -> the title's new fix (only where it changes).

    A title whose row has a free stretch wider than some wrap of it (at most
    ``MAX_TITLE_LINES`` lines, between words) is wrapped to the fewest lines that fit.
    Otherwise its label is widened: the content is centred under a wider label, so
    widening the cluster by twice ``extra`` gives ``extra`` more room at each side of
    what crosses the row, and the title takes the side that needs less of it.
    """
    obstacles = _obstacles(layout)
    fixes: dict[str, TitleFix] = {}
    for cluster_id, cluster in layout.clusters.items():
        owner = f"cluster:{cluster_id}"
        rects = [line.rect() for line in cluster.title]
        if not rects or obstacles.clear(rects, owner, -TOLERANCE_PT):
            continue
        top = min(r.y for r in rects) - CLEARANCE_PT
        band = Rect(cluster.box.x, top, cluster.box.width, max(r.bottom for r in rects) + CLEARANCE_PT - top)
        spans = [(r.x, r.right) for other, r in obstacles.rects if other != owner and _meets(r, band)]
        for other, box, line in obstacles.lines:
            if other != owner and _meets(box, band):
                spans += list(_clipped_xs(line, band))
        inset = CLEARANCE_PT + 4
        free = _free_stretches(spans, cluster.box.x + inset, cluster.box.right - inset)
        widest = max((b - a for a, b in free), default=0.0) - 2 * CLEARANCE_PT - _STEP_PT
        text = " ".join(line.text for line in cluster.title)
        per_char = sum(line.width for line in cluster.title) / max(1, sum(len(line.text) for line in cluster.title))
        was = current.get(cluster_id, TitleFix())
        fix: TitleFix | None = None
        for lines in range(len(cluster.title) + 1, MAX_TITLE_LINES + 1):
            longest = _balanced_wrap(text, lines)
            if longest * per_char <= widest:
                fix = TitleFix(longest, was.room)
                break
        if fix is None and spans:
            # Widen, for the wrap of the title that needs least room; a line more costs
            # a line's height, so it must save more than that in width.
            first, last = min(a for a, _ in spans), max(b for _, b in spans)
            options = []
            for lines in range(len(cluster.title), MAX_TITLE_LINES + 1):
                chars = _balanced_wrap(text, lines) if lines > len(cluster.title) else 0
                width = chars * per_char if chars else max(r.right for r in rects) - min(r.x for r in rects)
                wanted = width + 2 * CLEARANCE_PT + inset + _STEP_PT
                extra = max(0.0, min(wanted - (first - cluster.box.x), wanted - (cluster.box.right - last)))
                options.append((extra + _LINE_COST_PT * (lines - len(cluster.title)), chars, extra))
            _, chars, extra = min(options)
            room = cluster.box.width + 2 * (extra + _STEP_PT) - _LABEL_MARGIN_PT
            fix = was.merged(TitleFix(chars, room))
        if fix is not None and fix != was:
            fixes[cluster_id] = fix
    return fixes


#: How much harder each pass pulls an edge that runs through a node's label, and the most.
_WEIGHT_STEP, _MAX_WEIGHT = 4, 64


def edge_fixes(layout: Layout, current: Mapping[str, EdgeFix]) -> dict[str, EdgeFix]:
    """What the next layout should change for edges: edge key -> the edge's new fix
    (only where it changes).

    An edge label with no free place beside its edge is wrapped to one line more (at
    most ``MAX_TITLE_LINES``): a narrower label fits where a wide one does not, and
    Graphviz keeps room for it. An edge whose spline runs through a node's label, or whose
    label has no free place and no narrower wrap, is given a greater ``weight``, which
    Graphviz answers with a shorter, straighter edge and so other room for its label.
    """
    obstacles = _obstacles(layout)
    node_labels = [(f"node:{k}", [line.rect() for line in n.label]) for k, n in layout.nodes.items()]
    fixes: dict[str, EdgeFix] = {}
    for key, edge in layout.edges.items():
        was = current.get(key, EdgeFix())
        fix = was
        rects = [line.rect() for line in edge.label]
        stuck = False  # a label with no free place that cannot be wrapped any narrower
        if rects and not obstacles.clear(rects, f"edge:{key}", -TOLERANCE_PT, own_line=True):
            text = " ".join(line.text for line in edge.label)
            lines = len(edge.label) + 1
            if lines <= MAX_TITLE_LINES and len(text.split()) >= lines:
                fix = replace(fix, chars=_balanced_wrap(text, lines))
            else:
                stuck = True
        spline = list(bezier_points(edge.points))
        reach = _grow(_bounds(spline), CLEARANCE_PT) if spline else None
        crossed = reach is not None and any(
            _meets(r, reach) and length_inside(spline, _grow(r, -TOLERANCE_PT)) > TOLERANCE_PT
            for _, label in node_labels
            for r in label
        )
        if (crossed or stuck) and (was.weight or 1) < _MAX_WEIGHT:
            fix = replace(fix, weight=(was.weight or 1) * _WEIGHT_STEP)
        if fix != was:
            fixes[key] = fix
    return fixes


#: Layouts ``dot`` is asked for at most: the first, then again with more room for the
#: titles that still had no free place.
MAX_PASSES = 6


def lay_out(scenario: Scenario, direction: str, source: str | None = None) -> Layout:
    """Graphviz's layout of the union, with every title and edge label in a free place.

    Where a cluster's title finds no stretch of its row that nothing crosses, the union
    is laid out again with that title wrapped narrower, or, where no wrap fits, with a
    wider title label (``render.cluster_title``); an edge label with no free place beside its
    edge is wrapped narrower, and an edge that runs through a node's label is pulled
    straighter (``EdgeFix``). Fixes only grow from one pass to the next, so the passes
    settle; whatever still collides after the last is reported by the overlap check.
    """
    titles: dict[str, TitleFix] = {}  # what the last layout was made with
    edges: dict[str, EdgeFix] = {}
    layout = None
    for attempt in range(MAX_PASSES):
        if source is None:
            source = union_dot(scenario, direction, titles, edges)
        layout = place_labels(parse_layout(scenario.id, direction, run_dot(source, fmt="json", dpi=None)))
        more_titles, more_edges = title_fixes(layout, titles), edge_fixes(layout, edges)
        if not (more_titles or more_edges) or attempt == MAX_PASSES - 1:
            break
        titles, edges, source = {**titles, **more_titles}, {**edges, **more_edges}, None
    assert layout is not None
    wraps = {k: f.chars for k, f in edges.items() if f.chars}
    if titles or wraps:
        # Views drawn on the layout must draw these labels as the layout did.
        union = union_view(scenario, direction)
        texts = {c.id: c.label for c in union.clusters}
        clusters = {
            k: replace(c, gv_label=_title(texts[k], titles[k])) if k in titles and k in texts else c
            for k, c in layout.clusters.items()
        }
        labels = {e.key: e.label for e in union.edges}
        paths = {
            k: replace(e, gv_label=html_label(labels[k], width=wraps[k])) if wraps.get(k) and labels.get(k) else e
            for k, e in layout.edges.items()
        }
        layout = replace(layout, clusters=clusters, edges=paths)
    return layout
