"""A task on a worker thread of its own that can be cancelled, for the window's runners."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject


class BackgroundTask(QObject):
    """Runs ``work`` on a daemon thread; subclasses report through their own signals.

    ``cancel()`` sets ``self._cancel``, which ``work`` checks between steps; ``wait()``
    joins the thread (the window does, when it closes).
    """

    def __init__(self, name: str, work: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=work, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = 30.0) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)
