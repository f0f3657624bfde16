"""Problems told to the user: one reporter, shared by the window and every controller."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from explorer.domain.text import printable

from ..errors import warn


class ProblemReporter(QObject):
    """Tells the user about a problem: a plain-text warning, unless errors are to be quiet.

    Signals:
        problemShown(str): a problem was reported (the text shown); the window passes it on
            as its own ``problemShown``.
    """

    problemShown = Signal(str)

    def __init__(self, window: QWidget, quiet: Callable[[], bool]):
        super().__init__(window)
        self._window = window
        self._quiet = quiet

    def report(self, title: str, message: str) -> None:
        """Show ``message`` in a warning titled ``title`` (only signalled while ``quiet()`` holds)."""
        message = printable(message)  # a control character in a path or title would be invisible
        self.problemShown.emit(message)
        if not self._quiet():
            warn(self._window, title, message)

    def note(self, message: str) -> None:
        """Signal a problem already shown elsewhere (over the diagram, say), without a dialog."""
        self.problemShown.emit(message)
