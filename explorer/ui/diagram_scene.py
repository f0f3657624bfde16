"""The live diagram: a scene of items built once from a scenario's layout.

Every node, edge and cluster the scenario can show becomes an item when its layout
arrives; a view (a selection at a phase) then only decides which items are visible and
how each is styled. A toggle or a phase step therefore never runs Graphviz nor decodes
an image, and the drawing stays crisp at any zoom because text and lines are vectors.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from explorer.domain.compose import View, ViewEdge, ViewNode
from explorer.drawing.layout import ClusterBox, EdgePath, Layout, NodeBox, Rect, TextLine, image_rect
from explorer.drawing.palette import Theme
from explorer.drawing.render import EDGE_LABEL_WIDTH, LABEL_WIDTH  # noqa: F401 - lines wrapped as the exports wrap them

LINE_SPACING = 1.2


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont("Sans Serif")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    # Scene units are Graphviz's points: a font as many units tall as Graphviz's point
    # size keeps its metrics on every screen, whatever the screen's DPI.
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def _wrapped(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width, break_long_words=True) or [""]
    return lines


def _rect(r: Rect) -> QRectF:
    return QRectF(r.x, r.y, r.width, r.height)


def _dash(style: str) -> Qt.PenStyle:
    return {"dashed": Qt.PenStyle.DashLine, "dotted": Qt.PenStyle.DotLine}.get(style, Qt.PenStyle.SolidLine)


class _Text(QGraphicsSimpleTextItem):
    """A line of text placed by its baseline and alignment, as Graphviz placed it."""

    def __init__(self, parent: QGraphicsItem, text: str, font: QFont, x: float, baseline: float, align: str):
        super().__init__(text, parent)
        # QGraphicsSimpleTextItem lays its text out again on every paint: drawn once at
        # the zoom on screen and blitted until the zoom, the text or its colour changes.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFont(font)
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(text)
        left = {"l": x, "r": x - width}.get(align, x - width / 2)
        self.setPos(left, baseline - metrics.ascent())


class NodeItem(QGraphicsObject):
    """A node: its icon, its label and, for a highlighted state, a rounded box."""

    hovered = Signal(str, bool)
    clicked = Signal(str)

    def __init__(self, box: NodeBox, icon: QPixmap | None, theme: Theme):
        super().__init__()
        self.node_id = box.id
        self.box = box
        self.theme = theme
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._frame = QGraphicsRectItem(_rect(box.box).adjusted(2, 2, -2, -2), self)
        self._frame.hide()
        self._plate: QGraphicsPathItem | None = None
        self._icon = QGraphicsPixmapItem(self)
        self._icon.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        # Scaling a large icon smoothly on every paint is most of a repaint's work: the
        # icon is drawn once at the zoom on screen and blitted until the zoom changes.
        self._icon.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._icon_aspect = 386 / 300
        if icon is not None and not icon.isNull():
            self._icon_aspect = icon.width() / icon.height()
            self._icon.setPixmap(icon)
        self._labels: list[_Text] = []
        self._label_text = ""
        self._label_colour = QColor(theme.text)
        self._label_lines = box.label
        self._state: str | None = None
        self._place_icon()

    def _place_icon(self) -> None:
        pixmap = self._icon.pixmap()
        if pixmap.isNull():
            return
        target = image_rect(self.box, self._icon_aspect)
        scale = target.width / pixmap.width()
        self._icon.setScale(scale)
        self._icon.setPos(target.x, target.y)
        if self.theme.plate:
            # AWS icons are drawn for white paper (navy outlines vanish on a dark
            # background), so on a dark theme each stands on a light plate.
            plate = QPainterPath()
            plate.addRoundedRect(_rect(target).adjusted(-4, -4, 4, 4), 6, 6)
            self._plate = QGraphicsPathItem(plate, self)
            self._plate.setPen(QPen(Qt.PenStyle.NoPen))
            self._plate.setBrush(QBrush(QColor(self.theme.plate)))
            self._plate.stackBefore(self._icon)

    def boundingRect(self) -> QRectF:
        return _rect(self.box.box)

    def paint(self, painter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        return  # children draw everything

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.boundingRect())
        return path

    def set_label(self, text: str) -> None:
        if text == self._label_text and self._labels:
            return
        for old in self._labels:
            scene = old.scene()
            if scene is not None:
                scene.removeItem(old)
        self._labels = []
        self._label_text = text
        lines = _wrapped(text, LABEL_WIDTH)
        size = self._label_lines[0].size if self._label_lines else 12.0
        first = self._label_lines[0].baseline if self._label_lines else self.box.box.bottom - 6
        # The layout made room for the longest variant; a label starts where it did.
        font = _font(size)
        centre = self.box.box.x + self.box.box.width / 2
        for index, line in enumerate(lines):
            baseline = (
                self._label_lines[index].baseline
                if index < len(self._label_lines)
                else first + index * size * LINE_SPACING
            )
            item = _Text(self, line, font, centre, baseline, "c")
            item.setBrush(self._label_colour)
            self._labels.append(item)

    def apply_state(self, state: str) -> None:
        """Style the node for ``state``; nothing is touched when it already has it (a
        property set again, even to its value, can mark the item for repainting)."""
        if state == self._state:
            return
        self._state = state
        theme = self.theme
        highlighted = state in theme.states
        self.setOpacity(theme.faded_opacity if state == "future" else 1.0)
        if highlighted:
            line, fill = theme.states[state]
            self._frame.setPen(QPen(QColor(line), 2.5))
            self._frame.setBrush(QBrush(QColor(fill)))
        self._frame.setVisible(highlighted)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered.emit(self.node_id, True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered.emit(self.node_id, False)
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.node_id)
            event.accept()
            return
        super().mousePressEvent(event)


class EdgeItem(QGraphicsPathItem):
    """An edge: its spline, its arrowheads and its label."""

    def __init__(self, path: EdgePath, theme: Theme):
        super().__init__()
        self.key = path.key
        self.source = path.source
        self.target = path.target
        self.theme = theme
        self.setPath(self._spline(path.points))
        self._heads = [
            QGraphicsPolygonItem(QPolygonF([QPointF(x, y) for x, y in poly]), self)
            for poly in (path.head, path.tail)
            if poly
        ]
        font = _font(path.label[0].size if path.label else 11.0)
        self._labels = [_Text(self, line.text, font, line.x, line.baseline, line.align) for line in path.label]
        self._style = "solid"
        self._colour: str | None = None
        self._width = 1.0
        self._hover = False
        self._shown: tuple[str, str, str | None] | None = None

    @staticmethod
    def _spline(points) -> QPainterPath:
        path = QPainterPath()
        if not points:
            return path
        path.moveTo(*points[0])
        for i in range(1, len(points) - 2, 3):
            path.cubicTo(QPointF(*points[i]), QPointF(*points[i + 1]), QPointF(*points[i + 2]))
        return path

    def apply_state(self, edge: ViewEdge) -> None:
        if (edge.state, edge.style, edge.color) == self._shown:
            return
        self._shown = (edge.state, edge.style, edge.color)
        theme = self.theme
        colour = edge.color or theme.edge
        width = 1.0
        text = theme.edge_label
        self.setOpacity(1.0)
        if edge.state == "future":
            colour, text = theme.faded_line, theme.faded_text
        elif edge.state in theme.states:
            colour, width = theme.states[edge.state][0], 2.5
        self._style, self._colour, self._width = edge.style, colour, width
        for label in self._labels:
            label.setBrush(QColor(text))
        self._restyle()

    def set_hover(self, on: bool) -> None:
        self._hover = on
        self._restyle()

    def _restyle(self) -> None:
        colour = QColor(self.theme.hover if self._hover else (self._colour or self.theme.edge))
        pen = QPen(colour, self._width + (1.5 if self._hover else 0.0))
        pen.setStyle(_dash(self._style))
        pen.setCosmetic(False)
        self.setPen(pen)
        for head in self._heads:
            head.setPen(QPen(colour, 1.0))
            head.setBrush(QBrush(colour))
        self.setZValue(2 if self._hover else 1)


class ClusterItem(QGraphicsPathItem):
    """A cluster: a rounded box with its title."""

    def __init__(self, box: ClusterBox, kind: str, depth: int, theme: Theme):
        super().__init__()
        self.cluster_id = box.id
        style = theme.clusters.get(kind, theme.clusters["generic"])
        path = QPainterPath()
        path.addRoundedRect(_rect(box.box), 6, 6)
        self.setPath(path)
        pen = QPen(QColor(style["pencolor"]), 1.6)
        if "dashed" in style["style"]:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setBrush(QBrush(QColor(style["bgcolor"])))
        self.setZValue(-10 + depth)
        font = _font(box.title[0].size if box.title else 13.0, bold=True)
        for line in box.title:
            text = _Text(self, line.text, font, line.x, line.baseline, line.align)
            text.setBrush(QColor(style.get("fontcolor", style["pencolor"])))


@dataclass
class _Built:
    layout: Layout
    nodes: dict[str, NodeItem]
    edges: dict[str, EdgeItem]
    clusters: dict[str, ClusterItem]


class DiagramScene(QGraphicsScene):
    """The scene of one scenario's layout, showing one view at a time.

    Signals:
        nodeClicked(str): the user clicked the node with this id.
    """

    nodeClicked = Signal(str)

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.theme = theme
        self._built: _Built | None = None
        self._view: View | None = None
        self._ring: QGraphicsPathItem | None = None
        self._marked: str | None = None
        self.setBackgroundBrush(QColor(theme.background))

    @property
    def layout(self) -> Layout | None:
        return self._built.layout if self._built else None

    def build(self, layout: Layout, cluster_kinds: Mapping[str, tuple[str, int]], icons: Mapping[str, QPixmap]) -> None:
        """Make every item of ``layout``; ``cluster_kinds`` gives each cluster's kind and
        nesting depth, ``icons`` each node's icon."""
        self.clear()
        nodes: dict[str, NodeItem] = {}
        edges: dict[str, EdgeItem] = {}
        clusters: dict[str, ClusterItem] = {}
        for cluster_id, cluster_box in layout.clusters.items():
            kind, depth = cluster_kinds.get(cluster_id, ("generic", 0))
            cluster = ClusterItem(cluster_box, kind, depth, self.theme)
            self.addItem(cluster)
            clusters[cluster_id] = cluster
        for key, path in layout.edges.items():
            edge = EdgeItem(path, self.theme)
            self.addItem(edge)
            edges[key] = edge
        for node_id, box in layout.nodes.items():
            node = NodeItem(box, icons.get(node_id), self.theme)
            node.setZValue(5)
            node.hovered.connect(self._hovered)
            node.clicked.connect(self.nodeClicked)
            self.addItem(node)
            nodes[node_id] = node
        self._built = _Built(layout, nodes, edges, clusters)
        self._ring = QGraphicsPathItem()
        self._ring.setPen(QPen(QColor(self.theme.hover), 3.0, Qt.PenStyle.DashLine))
        self._ring.setZValue(20)
        self._ring.hide()
        self.addItem(self._ring)
        self.setSceneRect(QRectF(-12, -12, layout.width + 24, layout.height + 24))
        hidden: list[QGraphicsItem] = [*nodes.values(), *edges.values(), *clusters.values()]
        for item in hidden:
            item.hide()

    def show_view(self, view: View) -> None:
        """Show what ``view`` contains, styled by each element's state; hide the rest."""
        built = self._built
        if built is None:
            return
        self._view = view
        shown_nodes: dict[str, ViewNode] = {n.id: n for n in view.nodes}
        shown_edges: dict[str, ViewEdge] = {e.key: e for e in view.edges}
        shown_clusters = {c.id for c in view.clusters}
        for node_id, node_item in built.nodes.items():
            node = shown_nodes.get(node_id)
            node_item.setVisible(node is not None)
            if node is not None:
                node_item.set_label(node.label)
                node_item.apply_state(node.state)
        for key, edge_item in built.edges.items():
            edge = shown_edges.get(key)
            edge_item.setVisible(edge is not None)
            if edge is not None:
                edge_item.apply_state(edge)
        for cluster_id, cluster_item in built.clusters.items():
            cluster_item.setVisible(cluster_id in shown_clusters)
        self.mark(self._marked)

    def node_ids(self) -> list[str]:
        """The ids of the nodes drawn in the current view, in the layout's order."""
        if self._built is None:
            return []
        return [k for k, item in self._built.nodes.items() if item.isVisible()]

    def node_rect(self, node_id: str) -> QRectF | None:
        """Where a shown node is, in scene coordinates; None when it is not drawn."""
        if self._built is None:
            return None
        item = self._built.nodes.get(node_id)
        if item is None or not item.isVisible():
            return None
        return item.sceneBoundingRect()

    def set_tooltips(self, tips: Mapping[str, str]) -> None:
        """What hovering each node says (plain text)."""
        if self._built is None:
            return
        for node_id, item in self._built.nodes.items():
            item.setToolTip(tips.get(node_id, ""))

    def mark(self, node_id: str | None) -> None:
        """Ring the node the user found or clicked (None: no ring)."""
        self._marked = node_id
        if self._ring is None:
            return
        rect = self.node_rect(node_id) if node_id else None
        if rect is None:
            self._ring.hide()
            return
        path = QPainterPath()
        path.addRoundedRect(rect.adjusted(-5, -5, 5, 5), 10, 10)
        self._ring.setPath(path)
        self._ring.show()

    def marked(self) -> str | None:
        return self._marked if self._ring is not None and self._ring.isVisible() else None

    def content_rect(self) -> QRectF:
        """The box around everything the current view draws, in scene coordinates."""
        if self._built is None:
            return QRectF()
        rect = QRectF()
        items: list[QGraphicsItem] = [*self._built.nodes.values(), *self._built.edges.values()]
        items += list(self._built.clusters.values())
        for item in items:
            if item.isVisible():
                rect = rect.united(item.mapRectToScene(item.boundingRect() | item.childrenBoundingRect()))
        return rect.adjusted(-8, -8, 8, 8) if not rect.isNull() else rect

    def node_item(self, node_id: str) -> NodeItem | None:
        return self._built.nodes.get(node_id) if self._built else None

    def _hovered(self, node_id: str, on: bool) -> None:
        if self._built is None:
            return
        for edge in self._built.edges.values():
            if edge.isVisible() and node_id in (edge.source, edge.target):
                edge.set_hover(on)

    def smallest_label_points(self) -> float:
        """The size of the smallest text shown, in points (scene units)."""
        if self._built is None:
            return 0.0
        sizes = [line.size for k, n in self._built.nodes.items() if n.isVisible() for line in n.box.label]
        sizes += [
            line.size
            for e in self._built.edges.values()
            if e.isVisible()
            for line in self._built.layout.edges[e.key].label
        ]
        return min(sizes, default=0.0)


__all__ = ["ClusterItem", "DiagramScene", "EdgeItem", "NodeItem", "TextLine"]
