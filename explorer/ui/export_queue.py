"""Exports from the window, written one after another in the background.

Unlike the diagram on screen, where only the newest request matters, every export the
user asked for is a file they expect: each is rendered and written, in the order asked,
or reported as failed. Nothing here runs on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from explorer.library.files import write_atomic


class _Signals(QObject):
    written = Signal(str)
    failed = Signal(str, str)


class _ExportJob(QRunnable):
    def __init__(self, path: Path, work: Callable[[], bytes], signals: _Signals):
        super().__init__()
        self.path = path
        self.work = work
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            data = self.work()
        except Exception as err:  # noqa: BLE001 - reported to the user, with the file it was for
            self.signals.failed.emit(str(self.path), str(err) or err.__class__.__name__)
            return
        try:
            write_atomic(self.path, data)
        except OSError as err:
            self.signals.failed.emit(str(self.path), f"Cannot write {self.path}: {err.strerror or err}")
            return
        self.signals.written.emit(str(self.path))


class ExportQueue(QObject):
    """Renders and writes exports in order, each one to its own file.

    Signals:
        written(str): the file at this path is complete.
        failed(str, str): the export to this path failed; the second text says why.
        idle(): no export is left waiting or running.
    """

    written = Signal(str)
    failed = Signal(str, str)
    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # in order, and Graphviz gets the other core
        self._signals = _Signals(self)
        self._signals.written.connect(self._on_written)
        self._signals.failed.connect(self._on_failed)
        self._pending = 0
        self._closed = False

    @property
    def pending(self) -> int:
        """Exports asked for and not yet written or failed."""
        return self._pending

    def submit(self, path: Path, work: Callable[[], bytes]) -> None:
        """Render ``work()`` and write its bytes to ``path`` atomically, after those before it."""
        if self._closed:
            self.failed.emit(str(path), "The window is closing; the export was not started")
            return
        self._pending += 1
        self._pool.start(_ExportJob(Path(path), work, self._signals))

    def _finish(self) -> None:
        self._pending -= 1
        if not self._pending:
            self.idle.emit()

    def _on_written(self, path: str) -> None:
        self._finish()
        self.written.emit(path)

    def _on_failed(self, path: str, message: str) -> None:
        self._finish()
        self.failed.emit(path, message)

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Finish the exports already asked for (they are the user's files), then stop."""
        self._closed = True
        self._pool.waitForDone(timeout_ms)
