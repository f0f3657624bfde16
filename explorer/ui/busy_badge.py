"""The "Rendering…" badge: a small label in the top right corner of a view while it draws."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from .theme import follow, style_sheet

SHOW_AFTER_MS = 180  # a quick render shows no badge at all


class BusyBadge(QLabel):
    """Says "Rendering…" over the top right corner of its parent, which it follows as it resizes.

    ``set_busy(True)`` shows it after SHOW_AFTER_MS (a render that ends sooner never shows
    it); ``set_busy(True, at_once=True)`` shows it now, for a view with nothing on it yet.
    """

    def __init__(self, parent: QWidget, name: str):
        super().__init__("Rendering…", parent)
        self.setObjectName(name)
        follow(
            parent,
            lambda c: style_sheet(
                self,
                f"QLabel {{ background: {c.badge_background}; color: {c.badge_text}; padding: 4px 10px; border-radius: 9px; }}",
            ),
        )
        self.hide()
        self._delay = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._delay.timeout.connect(self._show)
        parent.installEventFilter(self)

    def set_busy(self, busy: bool, at_once: bool = False) -> None:
        if not busy:
            self._delay.stop()
            self.hide()
        elif at_once:
            self._delay.stop()
            self._show()
        elif not self.isVisible():
            self._delay.start()

    def place(self) -> None:
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            self.move(parent.width() - self.width() - 12, 10)

    def _show(self) -> None:
        self.place()
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False
