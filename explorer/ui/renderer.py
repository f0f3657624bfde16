"""Work off the UI thread (layouts, charts, comparisons), newest request first.

At most one render runs at a time and at most one waits: a request that arrives while
another is waiting replaces it, so rapid toggling never builds a queue of obsolete
renders, and a result that is no longer the newest is dropped, never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = ["RenderService"]


@dataclass
class _Job:
    request_id: int
    work: Callable[[], object]


class _Signals(QObject):
    finished = Signal(int, object)
    failed = Signal(int, str)


class _Runnable(QRunnable):
    def __init__(self, job: _Job, signals: _Signals):
        super().__init__()
        self.job = job
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            data = self.job.work()
        except Exception as err:  # noqa: BLE001 - reported to the UI, which shows it
            self.signals.failed.emit(self.job.request_id, str(err) or err.__class__.__name__)
        else:
            self.signals.finished.emit(self.job.request_id, data)


class RenderService(QObject):
    """Runs render jobs in a background thread.

    Signals:
        rendered(int, object): the newest request's result is ready.
        completed(int, object): any request's result is ready, superseded or not
            (worth keeping in a cache, never worth showing).
        failed(int, str): the newest request failed; the text says why.
        busyChanged(bool): a render started (True) or none is left running (False).
    """

    rendered = Signal(int, object)
    completed = Signal(int, object)
    failed = Signal(int, str)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._next_id = 0
        self._latest = -1
        self._running: int | None = None
        self._waiting: _Job | None = None
        self._closed = False

    @property
    def busy(self) -> bool:
        return self._running is not None

    def request(self, work: Callable[[], object]) -> int:
        """Schedule ``work`` (returning the result to show); returns the request's id."""
        self._next_id += 1
        if self._closed:  # after shutdown nothing new starts (a late timer must not)
            return self._next_id
        job = _Job(self._next_id, work)
        self._latest = job.request_id
        if self._running is None:
            self._start(job)
        else:
            self._waiting = job
        return job.request_id

    def _start(self, job: _Job) -> None:
        was_busy = self.busy
        self._running = job.request_id
        self._pool.start(_Runnable(job, self._signals))
        if not was_busy:
            self.busyChanged.emit(True)

    def _advance(self) -> None:
        self._running = None
        if self._waiting is not None:
            job, self._waiting = self._waiting, None
            self._start(job)
        else:
            self.busyChanged.emit(False)

    def supersede(self) -> None:
        """Make every request made so far obsolete: its result will not be shown."""
        self._latest = -1
        self._waiting = None

    @Slot(int, object)
    def _on_finished(self, request_id: int, result: object) -> None:
        self.completed.emit(request_id, result)
        if request_id == self._latest:
            self.rendered.emit(request_id, result)
        self._advance()

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id == self._latest:
            self.failed.emit(request_id, message)
        self._advance()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Drop what waits and let the running render end (used when the window closes)."""
        self._closed = True
        self._waiting = None
        self._latest = -1
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)
