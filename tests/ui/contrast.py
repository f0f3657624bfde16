"""Measuring text contrast on a grab of the real window (WCAG 2 relative luminance).

For each visible, enabled widget that shows text, the grab is cropped to where its text
is drawn; the commonest colour there is the background, and the text is the colour
that stands out most from it (the core of a glyph is drawn in the full text colour).
A rich-text label's own ``color:`` spans are measured against that background too, so
one faint span among dark text cannot hide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QTabBar,
    QTextBrowser,
    QWidget,
)

AA = 4.5  # WCAG AA for normal text
_SPAN = re.compile(r"color:\s*(#[0-9A-Fa-f]{6})[^>]*>([^<]*)")  # colour, the text it colours


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB colours (values 0..255, last axis R, G, B)."""
    c = np.asarray(rgb, dtype=float) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: QColor | str, b: QColor | str) -> float:
    """The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = (float(luminance(np.array(QColor(c).getRgb()[:3]))) for c in (a, b))
    high, low = max(la, lb), min(la, lb)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class Measure:
    what: str
    text: str  # the text colour found, #rrggbb
    background: str
    ratio: float


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint8)
    rows = data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :]
    return rows[..., [2, 1, 0]].copy()  # BGRA in memory -> RGB


def _measure(pixels: np.ndarray, box: QRect, what: str, spans: list[str]) -> list[Measure]:
    crop = pixels[box.top() : box.bottom() + 1, box.left() : box.right() + 1].reshape(-1, 3)
    if crop.size == 0:
        return []
    colours, counts = np.unique(crop, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    lum, lb = luminance(colours), float(luminance(background))
    ratios = (np.maximum(lum, lb) + 0.05) / (np.minimum(lum, lb) + 0.05)
    best = colours[ratios.argmax()]
    name = "#{:02x}{:02x}{:02x}".format(*background)
    found = [Measure(what, "#{:02x}{:02x}{:02x}".format(*best), name, float(ratios.max()))]
    found += [Measure(f"{what} span", span.lower(), name, contrast(span, name)) for span in spans]
    return found


def _text_box(widget: QWidget) -> QRect | None:
    """Where ``widget`` draws its text, in its own coordinates (inside borders and padding)."""
    if isinstance(widget, QTextBrowser):
        return widget.viewport().geometry().adjusted(2, 2, -2, -2)
    if isinstance(widget, QLabel):
        if (widget.pixmap() is not None and not widget.pixmap().isNull()) or not widget.text().strip():
            return None
        return widget.contentsRect()
    if isinstance(widget, QAbstractButton):
        if not widget.text().strip():
            return None
        box = widget.rect().adjusted(4, 4, -4, -4)  # inside a 2 px border and its rounding
        return box if box.isValid() else None
    return None


def window_contrasts(window: QWidget) -> list[Measure]:
    """The text contrast of every visible, enabled text widget and tab of ``window``."""
    image = window.grab().toImage()
    ratio = image.devicePixelRatio()
    pixels = _pixels(image)
    height, width = pixels.shape[:2]
    measures: list[Measure] = []

    def add(widget: QWidget, box: QRect, what: str, spans: list[str]) -> None:
        visible = widget.visibleRegion().boundingRect()
        box = box.intersected(visible)
        if box.width() < 6 or box.height() < 6:
            return
        top_left = widget.mapTo(window, box.topLeft())
        scaled = QRect(
            round(top_left.x() * ratio),
            round(top_left.y() * ratio),
            round(box.width() * ratio),
            round(box.height() * ratio),
        ).intersected(QRect(0, 0, width, height))
        measures.extend(_measure(pixels, scaled, what, spans))

    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not widget.isEnabled() or widget.visibleRegion().isEmpty():
            continue
        name = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabEnabled(index) and widget.isTabVisible(index):
                    add(widget, widget.tabRect(index).adjusted(4, 4, -4, -2), f"tab {widget.tabText(index)!r}", [])
            continue
        box = _text_box(widget)
        if box is None:
            continue
        # a colour swatch (■) is a legend's key, not text to read
        spans = (
            [c for c, t in _SPAN.findall(widget.text()) if t.strip() not in ("", "■")]
            if isinstance(widget, QLabel)
            else []
        )
        label = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        add(widget, box, f"{name} {label[:40]!r}" if label else name, spans)
    return measures
