"""The diagram: a zoomable, pannable view of the rendered PNG."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QLabel, QPushButton

from explorer.drawing.memcache import ByteBoundedLRU


class ImageCache(ByteBoundedLRU[tuple, QImage]):
    """Decoded diagram images by view, least recently used first out, bounded in bytes
    (``limit_bytes``, by ``QImage.sizeInBytes``). ``get(key, touch=False)`` looks without
    making the image recent; an image bigger than the whole limit is not kept."""

    def __init__(self, limit_bytes: int):
        super().__init__(limit_bytes, QImage.sizeInBytes)

    @property
    def limit_bytes(self) -> int:
        return self.max_bytes


MIN_ZOOM = 0.1
MAX_ZOOM = 8.0


class DiagramView(QGraphicsView):
    """Shows one diagram image; Ctrl+wheel zooms, dragging pans.

    Signals:
        imageShown(): a new image is on screen.
        retryRequested(): the user asked to try a failed render again.
    """

    imageShown = Signal()
    retryRequested = Signal()

    def __init__(self, parent=None, name: str = "diagramView"):
        super().__init__(parent)
        self.setObjectName(name)
        self.setScene(QGraphicsScene(self))
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self._item)
        self._image = QImage()
        self._fit = True
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setMinimumSize(320, 240)
        self._busy = QLabel("Rendering…", self)
        self._busy.setObjectName(f"{name}Busy")
        self._busy.setStyleSheet(
            "QLabel { background: rgba(35,47,62,0.78); color: white; padding: 4px 10px; border-radius: 9px; }"
        )
        self._busy.hide()
        self._busy_delay = QTimer(self, singleShot=True, interval=180)
        self._busy_delay.timeout.connect(self._show_busy)
        self._message = QLabel(self)
        self._message.setObjectName(f"{name}Message")
        self._message.setWordWrap(True)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setStyleSheet("QLabel { color: #8A2A2A; padding: 24px; background: rgba(255,255,255,0.92); }")
        self._message.hide()
        self._retry = QPushButton("Try again", self)
        self._retry.setObjectName("retryRender" if name == "diagramView" else f"{name}Retry")
        self._retry.clicked.connect(self.retryRequested.emit)
        self._retry.hide()

    # --- content ---------------------------------------------------------------------

    def image(self) -> QImage:
        """The image on screen (a copy, at full resolution)."""
        return QImage(self._image)

    def set_png(self, data: bytes, device_pixel_ratio: float = 1.0) -> None:
        # The stubs ask for bytes, but this PySide6 refuses bytes here (ValueError) and takes str.
        image = QImage.fromData(data, "PNG")  # type: ignore[arg-type]
        if image.isNull():
            self.show_message("The diagram image could not be read.")
            return
        self.set_image(image, device_pixel_ratio)

    def set_image(self, image: QImage, device_pixel_ratio: float = 1.0) -> None:
        self._image = image
        self._message.hide()
        self._retry.hide()
        # The image has device pixels; scaling the item (rather than tagging the pixmap
        # with a device pixel ratio) keeps scene units logical, so fitting is exact.
        self._item.setPixmap(QPixmap.fromImage(image))
        self._item.setScale(1.0 / device_pixel_ratio)
        self.scene().setSceneRect(QRectF(self._item.sceneBoundingRect()))
        if self._fit:
            self.fit()
        self.imageShown.emit()

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
        self._image = QImage()
        self._item.setPixmap(QPixmap())
        self._message.hide()

    # --- zoom and pan ----------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        self._fit = True
        if not self._item.pixmap().isNull():
            self.fitInView(self._item.sceneBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
            if self.zoom() > 1.0:  # never blow a small diagram up past its natural size
                self.resetTransform()

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
        self._place_overlays()

    # --- busy indicator ----------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        if busy:
            self._busy_delay.start()
        else:
            self._busy_delay.stop()
            self._busy.hide()

    def _show_busy(self) -> None:
        self._busy.adjustSize()
        self._place_overlays()
        self._busy.show()
        self._busy.raise_()

    def _place_overlays(self) -> None:
        self._busy.adjustSize()
        self._busy.move(self.width() - self._busy.width() - 12, 10)
        self._message.setGeometry(self.rect().adjusted(20, 20, -20, -70))
        self._retry.adjustSize()
        self._retry.move((self.width() - self._retry.width()) // 2, self.height() - 60)
