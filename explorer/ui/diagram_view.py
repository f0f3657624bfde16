"""The diagram: a zoomable, pannable, clickable scene of items drawn from the scenario's
one layout (``diagram_scene``), with the details pane of a clicked node and a find bar.

A view (a selection at a phase) only shows and styles items that already exist, so a
toggle or a phase step is on screen at once, and everything stays crisp at any zoom.
The layout direction (left to right or top to bottom) is the one drawn larger in the
space the diagram has.
"""

from __future__ import annotations

import html
import math
from collections import OrderedDict
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPalette, QPixmap, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.domain.compose import View
from explorer.domain.node_info import NodeDetails
from explorer.drawing.fit import choose_direction
from explorer.drawing.layout import Layout
from explorer.drawing.palette import Theme

from .busy_badge import BusyBadge
from .diagram_scene import DiagramScene
from .theme import DARK_UI, LIGHT_UI, is_dark, style_sheet

MIN_ZOOM = 0.1
MAX_ZOOM = 8.0
FIT_MAX_ZOOM = 2.0  # Fit enlarges a small diagram, but not beyond twice its natural size
COPY_SCALE = 2.0  # Copy Diagram draws at twice the natural size: crisp when pasted into a slide
MAX_COPY_SIDE = 8000
#: How many built scenes a view keeps (the scenarios and directions looked at last).
SCENES_KEPT = 8


def theme_for(palette: QPalette) -> Theme:
    """The diagram theme that suits a widget palette: dark on a dark window."""
    return (DARK_UI if is_dark(palette) else LIGHT_UI).diagram


class NodeDetailsPane(QFrame):
    """What a clicked node is: its label, service, note, phase, options and cost row.

    objectName ``nodeDetails``; ``text()`` is what it says, ``node_id()`` which node.
    """

    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nodeDetails")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._id = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 8)
        top = QHBoxLayout()
        self._title = QLabel()
        self._title.setObjectName("nodeDetailsTitle")
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setWordWrap(True)
        font = self._title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self._title.setFont(font)
        top.addWidget(self._title, 1)
        close = QToolButton()
        close.setObjectName("nodeDetailsClose")
        close.setText("✕")
        close.setToolTip("Close the details (Esc)")
        close.setAccessibleName("Close node details")
        close.setAutoRaise(True)
        close.clicked.connect(self.dismiss)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self._body = QTextBrowser()
        self._body.setObjectName("nodeDetailsBody")
        self._body.setFrameShape(QFrame.Shape.NoFrame)
        self._body.setOpenLinks(False)
        self._body.viewport().setAutoFillBackground(False)
        layout.addWidget(self._body, 1)
        self.hide()

    def node_id(self) -> str:
        return self._id if self.isVisible() else ""

    def text(self) -> str:
        """Everything the pane says, as plain text (empty when it is closed)."""
        if not self.isVisible():
            return ""
        return f"{self._title.text()}\n{self._body.toPlainText()}"

    def show_details(self, details: NodeDetails) -> None:
        self._id = details.id
        self._title.setText(details.label)
        e = html.escape
        parts = [f"<p><b>{e(details.service)}</b></p>"]
        if details.note:
            parts.append(f"<p>{e(details.note)}</p>")
        if details.phase:
            parts.append(f"<p>Added in phase {details.phase}: {e(details.phase_title)}</p>")
        else:
            parts.append("<p>In place before the work begins</p>")
        if details.options:
            items = "".join(
                f"<li>{e(o.group)}: {'<b>' if o.selected else ''}{e(o.option)}{'</b>' if o.selected else ''}"
                f" {e(o.effect)}</li>"
                for o in details.options
            )
            parts.append(f"<p>Options that change it:</p><ul>{items}</ul>")
        parts += [f"<p>{e(cost.describe())}</p>" for cost in details.costs]
        self._body.setHtml("".join(parts))
        self.show()
        self.raise_()

    def height_for(self, width: int) -> int:
        """The height that shows everything at ``width`` (at most 360 pixels)."""
        self._body.document().setTextWidth(width - 30)
        body = math.ceil(self._body.document().size().height())
        title = self._title.heightForWidth(width - 50)
        return min(360, body + max(title, 20) + 30)

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()


class DiagramView(QGraphicsView):
    """Shows the current view of a scenario's layout; Ctrl+wheel zooms, dragging pans,
    clicking a node shows its details, Ctrl+F finds a node.

    Signals:
        imageShown(): a view is on screen (the name predates the live scene).
        retryRequested(): the user asked to try a failed layout again.
        nodeClicked(str): the user clicked the node with this id.
        directionChanged(str): the space changed shape enough to lay out the other way.
    """

    imageShown = Signal()
    retryRequested = Signal()
    nodeClicked = Signal(str)
    directionChanged = Signal(str)

    def __init__(self, parent=None, name: str = "diagramView", interactive: bool = True):
        super().__init__(parent)
        self.setObjectName(name)
        self._theme = theme_for(self.palette())
        self._scene = self._new_scene()
        self.setScene(self._scene)
        # Scenes already built, by (content key, direction, theme): going back to a
        # scenario shows its scene again instead of making every item anew.
        self._scenes: OrderedDict[tuple[object, str, str], DiagramScene] = OrderedDict()
        self._content_key: object | None = None
        self._layouts: dict[str, Layout] = {}
        self._kinds: Mapping[str, tuple[str, int]] = {}
        self._icons: dict[str, QPixmap] = {}
        self._icon_images: Mapping[str, QImage] = {}
        self._tips: Mapping[str, str] = {}
        self._preferred = "LR"
        self._direction = ""
        self._view: View | None = None
        self._fit = True
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHints(
            QPainter.RenderHint.SmoothPixmapTransform
            | QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
        )
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumSize(320, 240)
        self._busy = BusyBadge(self, f"{name}Busy")
        self._message = QLabel(self)
        self._message.setObjectName(f"{name}Message")
        self._message.setWordWrap(True)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setAutoFillBackground(True)
        self._message.setStyleSheet("QLabel { padding: 24px; }")
        self._message.hide()
        self._retry = QPushButton("Try again", self)
        self._retry.setObjectName("retryRender" if name == "diagramView" else f"{name}Retry")
        self._retry.clicked.connect(self.retryRequested.emit)
        self._retry.hide()
        self._reshape = QTimer(self, singleShot=True, interval=250)
        self._reshape.timeout.connect(self._reconsider_direction)
        self.details: NodeDetailsPane | None = None
        self.find_bar: QLineEdit | None = None
        self._completer: QCompleter | None = None
        if interactive:
            self._make_details_and_find(name)
        self._apply_theme_colours()

    def _make_details_and_find(self, name: str) -> None:
        self.details = NodeDetailsPane(self)
        self.details.closed.connect(lambda: self._scene.mark(None))
        self.find_bar = QLineEdit(self)
        self.find_bar.setObjectName("diagramFind")
        self.find_bar.setPlaceholderText("Find a node…  (Enter centres it, Esc closes)")
        self.find_bar.setAccessibleName("Find a node in the diagram")
        self.find_bar.setClearButtonEnabled(True)
        self.find_bar.returnPressed.connect(lambda: self.find_node(self.find_bar.text() if self.find_bar else ""))
        self.find_bar.hide()
        self._completer = QCompleter([], self.find_bar)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.activated.connect(self.find_node)
        self.find_bar.setCompleter(self._completer)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._escape)

    # --- theme -----------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, theme: Theme) -> None:
        """Draw with ``theme`` (the window follows the system palette; tests force one)."""
        if theme == self._theme:
            return
        self._theme = theme
        self._forget_scenes()
        self._scene.theme = theme
        self._scene.setBackgroundBrush(QColor(theme.background))
        self._apply_theme_colours()
        if self._direction:
            self._build(self._direction)

    def _apply_theme_colours(self) -> None:
        c = DARK_UI if self._theme.name == "dark" else LIGHT_UI
        self.setBackgroundBrush(QColor(self._theme.background))
        message = QPalette(self._message.palette())
        background = QColor(c.message_background)
        background.setAlpha(235)
        message.setColor(QPalette.ColorRole.Window, background)
        message.setColor(QPalette.ColorRole.WindowText, QColor(c.message_text))
        self._message.setPalette(message)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.set_theme(theme_for(self.palette()))

    # --- content ---------------------------------------------------------------------

    def set_layouts(
        self,
        layouts: Mapping[str, Layout],
        preferred: str,
        cluster_kinds: Mapping[str, tuple[str, int]],
        icons: Mapping[str, QImage],
        tooltips: Mapping[str, str],
        key: object | None = None,
    ) -> None:
        """A new scenario's layouts (by direction) and what drawing them needs; the
        direction drawn is the one that suits this view's shape. ``key`` names the
        content (a scenario and its digest): layouts given the same key again are the
        same, and the scene built for them is shown again as it was built."""
        self._layouts = dict(layouts)
        self._preferred = preferred
        self._kinds = cluster_kinds
        self._icon_images = icons
        self._icons = {}
        self._tips = tooltips
        self._content_key = key
        self._view = None
        self._fit = True
        if self.details is not None:
            self.details.hide()
        self._build(self._best_direction())

    def _best_direction(self) -> str:
        sizes = {d: (layout.width, layout.height) for d, layout in self._layouts.items()}
        area = self.viewport().size()
        return choose_direction(sizes, (max(1, area.width()), max(1, area.height())), self._preferred)

    def _new_scene(self) -> DiagramScene:
        scene = DiagramScene(self._theme, self)
        scene.nodeClicked.connect(self.nodeClicked)
        return scene

    def _forget_scenes(self) -> None:
        for scene in self._scenes.values():
            if scene is not self._scene:
                scene.deleteLater()
        self._scenes.clear()

    def _build(self, direction: str) -> None:
        layout = self._layouts.get(direction)
        if layout is None:
            return
        self._direction = direction
        marked = self._scene.marked()
        key = (self._content_key, direction, self._theme.name) if self._content_key is not None else None
        scene = self._scenes.get(key) if key is not None else None
        if scene is None:
            if not self._icons:
                self._icons = {n: QPixmap.fromImage(i) for n, i in self._icon_images.items() if not i.isNull()}
            scene = self._new_scene()
            scene.build(layout, self._kinds, self._icons)
            scene.set_tooltips(self._tips)
        if key is not None:
            self._scenes[key] = scene
            self._scenes.move_to_end(key)
            while len(self._scenes) > SCENES_KEPT:
                _, gone = self._scenes.popitem(last=False)
                if gone is not scene:
                    gone.deleteLater()
        old, self._scene = self._scene, scene
        if old is not scene:
            self.setScene(scene)
            if old not in self._scenes.values():
                old.deleteLater()
        self._message.hide()
        self._retry.hide()
        if self._view is not None:
            self._scene.show_view(self._view)
            self._scene.mark(marked)
        if self._fit:
            self.fit()

    def direction(self) -> str:
        """The direction of the layout on screen ("LR" or "TB"; "" before any)."""
        return self._direction

    def has_layout(self) -> bool:
        return bool(self._direction)

    def shown_layout(self) -> Layout | None:
        """The layout on screen (None before the first)."""
        return self._layouts.get(self._direction)

    def show_view(self, view: View) -> None:
        """Show ``view`` (a selection at a phase) from the layout: no Graphviz, no image."""
        self._view = view
        self._scene.show_view(view)
        if self._completer is not None:
            labels = sorted({" ".join(n.label.split()) for n in view.nodes})
            self._completer.model().setStringList(labels)  # type: ignore[attr-defined]
        self._message.hide()
        self._retry.hide()
        if self.details is not None and self.details.isVisible() and self._scene.node_rect(self.details._id) is None:
            self.details.hide()
        self.viewport().update()
        self.imageShown.emit()

    def node_ids(self) -> list[str]:
        """The ids of the nodes drawn in the current view."""
        return self._scene.node_ids()

    def node_rect(self, node_id: str) -> QRectF | None:
        """Where node ``node_id`` is, in scene coordinates; None when it is not drawn."""
        return self._scene.node_rect(node_id)

    def diagram_scene(self) -> DiagramScene:
        return self._scene

    def image(self, scale: float = 1.0) -> QImage:
        """The current view drawn into an image at ``scale`` device pixels per point (null before any)."""
        rect = self._scene.content_rect()
        if rect.isEmpty():
            return QImage()
        scale = min(scale, MAX_COPY_SIDE / max(rect.width(), rect.height()))
        width, height = max(1, math.ceil(rect.width() * scale)), max(1, math.ceil(rect.height() * scale))
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(self._theme.background))
        painter = QPainter(image)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
            | QPainter.RenderHint.TextAntialiasing
        )
        ring = self._scene.marked()
        self._scene.mark(None)  # the find ring is not part of the picture
        self._scene.render(painter, QRectF(0, 0, width, height), rect)
        self._scene.mark(ring)
        painter.end()
        return image

    def show_message(self, text: str, retry: bool = False) -> None:
        """Show a problem over the diagram (plain text, never markup), with a retry button if asked."""
        self._message.setText(text)
        self._message.show()
        self._message.raise_()
        self._retry.setVisible(retry)
        self._retry.raise_()
        self._place_overlays()

    def message(self) -> str:
        return self._message.text() if self._message.isVisible() else ""

    def clear(self) -> None:
        self._layouts = {}
        self._direction = ""
        self._view = None
        self._content_key = None
        # The scenes kept stay: they are keyed by content, right in any library (an
        # import reopens the library and shows the same scenario again).
        old, self._scene = self._scene, self._new_scene()
        self.setScene(self._scene)
        if old not in self._scenes.values():
            old.deleteLater()
        self._message.hide()
        if self.details is not None:
            self.details.hide()

    # --- details and find --------------------------------------------------------------

    def show_details(self, details: NodeDetails) -> None:
        if self.details is None:
            return
        self._scene.mark(details.id)
        self.details.show_details(details)
        self._place_overlays()
        rect = self._scene.node_rect(details.id)
        if rect is not None and not self.viewport().rect().contains(self.mapFromScene(rect).boundingRect()):
            self.centerOn(rect.center())

    def open_find(self) -> None:
        if self.find_bar is None or not self.has_layout():
            return
        self.find_bar.show()
        self._place_overlays()
        self.find_bar.raise_()
        self.find_bar.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_bar.selectAll()

    def find_node(self, text: str) -> str | None:
        """Centre on the shown node whose label (or id) best matches ``text``; its id, or None."""
        wanted = " ".join(text.split()).casefold()
        if not wanted:
            return None
        layout = self.shown_layout()
        if layout is None:
            return None
        ranked: list[tuple[int, str]] = []
        for node_id in self._scene.node_ids():
            item = self._scene.node_item(node_id)
            label = " ".join((item._label_text if item is not None else "").split()).casefold()
            for rank, hit in enumerate(
                (label == wanted or node_id == wanted, label.startswith(wanted), wanted in label or wanted in node_id)
            ):
                if hit:
                    ranked.append((rank, node_id))
                    break
        if not ranked:
            if self.find_bar is not None:
                style_sheet(
                    self.find_bar,
                    f"QLineEdit {{ border: 2px solid {(DARK_UI if self._theme.name == 'dark' else LIGHT_UI).error_border}; }}",
                )
            return None
        if self.find_bar is not None:
            self.find_bar.setStyleSheet("")
        found = min(ranked)[1]
        rect = self._scene.node_rect(found)
        assert rect is not None
        if self.zoom() < 0.6:  # too small to read where it is: zoom in on it
            self._fit = False
            factor = 0.9 / self.zoom()
            self.scale(factor, factor)
        self.centerOn(rect.center())
        self._scene.mark(found)
        return found

    def _escape(self) -> None:
        if self.find_bar is not None and self.find_bar.isVisible():
            self.find_bar.hide()
            self.setFocus()
        elif self.details is not None and self.details.isVisible():
            self.details.dismiss()

    # --- zoom and pan ----------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        """Fit the whole layout (every view of the scenario takes the same place)."""
        self._fit = True
        layout = self.shown_layout()
        if layout is None:
            return
        self.fitInView(self._scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > FIT_MAX_ZOOM:
            self.resetTransform()
            self.scale(FIT_MAX_ZOOM, FIT_MAX_ZOOM)

    def zoom_by(self, factor: float) -> None:
        new = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        self._fit = False
        self.scale(new / self.zoom(), new / self.zoom())

    def actual_size(self) -> None:
        self._fit = False
        self.resetTransform()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()
        if self._layouts:
            self._reshape.start()
        self._place_overlays()

    def _reconsider_direction(self) -> None:
        if not self._layouts or not self._fit:
            return
        best = self._best_direction()
        if best != self._direction:
            self._build(best)
            self.directionChanged.emit(best)

    # --- busy indicator ----------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self._busy.set_busy(busy)

    def _place_overlays(self) -> None:
        self._busy.place()
        self._message.setGeometry(self.rect().adjusted(20, 20, -20, -70))
        self._retry.adjustSize()
        self._retry.move((self.width() - self._retry.width()) // 2, self.height() - 60)
        if self.find_bar is not None:
            width = min(360, self.width() - 24)
            self.find_bar.setGeometry(12, 10, width, self.find_bar.sizeHint().height())
        if self.details is not None and self.details.isVisible():
            width = min(340, max(220, self.width() // 3))
            height = min(self.height() - 24, self.details.height_for(width))
            # Opposite the node, so the pane never hides what it describes.
            rect = self._scene.node_rect(self.details._id)
            node_x = self.mapFromScene(rect.center()).x() if rect is not None else self.width()
            x = 12 if node_x > self.width() / 2 else self.width() - width - 12
            self.details.setGeometry(x, self.height() - height - 12, width, height)
