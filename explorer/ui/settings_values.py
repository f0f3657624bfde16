"""The app's QSettings store (written off the UI thread), and a store read as a plain
mapping, for the Qt-free ``explorer.ui.session``."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping

from PySide6.QtCore import QEvent, QSettings


class SettingsValues(Mapping[str, object]):
    """The values of a QSettings store by key, read when asked (never a copy)."""

    def __init__(self, settings: QSettings):
        self._settings = settings

    def __getitem__(self, key: str) -> object:
        if not self._settings.contains(key):
            raise KeyError(key)
        return self._settings.value(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._settings.allKeys())

    def __len__(self) -> int:
        return len(self._settings.allKeys())


def _write_file(file_name: str, fmt: QSettings.Format) -> None:
    """Write the changes this process holds for the settings file ``file_name``."""
    QSettings(file_name, fmt).sync()


class _WriteBehind:
    """When an AppSettings store's changes are written, and the thread that writes them.

    The thread holds this, never the store: a Qt object let go by its last reference on
    a thread other than its own would be destroyed there, while the UI thread may be
    delivering an event to it."""

    def __init__(self, file: tuple[str, QSettings.Format], delay_s: float):
        self.file = file
        self.delay_s = delay_s
        self.changes = threading.Condition()
        self.dirty = False  # changes wait for the writer
        self.due = 0.0  # when the writer writes them (time.monotonic)
        self.writer: threading.Thread | None = None

    def changed(self) -> None:
        with self.changes:
            self.dirty = True
            self.due = time.monotonic() + self.delay_s
            if self.writer is None:
                self.writer = threading.Thread(target=self._write, name="settings-write")
                self.writer.start()
            self.changes.notify_all()

    def written(self) -> None:
        """The changes are on disk (written by the store itself)."""
        with self.changes:
            self.dirty = False
            self.changes.notify_all()

    def _write(self) -> None:
        with self.changes:
            while True:
                while self.dirty and (left := self.due - time.monotonic()) > 0:
                    self.changes.wait(left)
                if not self.dirty:
                    self.writer = None
                    self.changes.notify_all()
                    return
                self.dirty = False
                self.changes.release()
                try:
                    _write_file(*self.file)
                finally:
                    self.changes.acquire()


class AppSettings(QSettings):
    """The app's settings store, written to disk off the UI thread.

    A plain QSettings writes its changes on the next turn of the event loop, flushed to
    disk (an fdatasync): on a scenario switch, which remembers the scenario, that was
    2–14 ms of the UI thread's time. This store keeps changes in memory and writes them
    ``write_delay_ms`` after the last one, on a thread of its own. Every QSettings on
    the same file in this process reads them at once (Qt keeps one in-memory copy per
    file, which the writing thread's QSettings shares, behind Qt's own lock).
    ``sync()`` still writes at once: the window calls it as it closes.

    The delay is kept by the writing thread, not by a Qt timer: a store may be let go
    (and destroyed) on any thread, and a Qt timer may only be stopped on its own.
    """

    WRITE_DELAY_MS = 300

    def __init__(self, *args: object, write_delay_ms: int = WRITE_DELAY_MS):
        super().__init__(*args)  # type: ignore[call-overload]  # any of QSettings' forms
        self._behind = _WriteBehind((self.fileName(), self.format()), write_delay_ms / 1000)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:  # Qt's own write on the next turn
            self._behind.changed()
            return True
        return super().event(event)

    def setValue(self, key: str, value: object) -> None:
        super().setValue(key, value)
        self._behind.changed()

    def remove(self, key: str) -> None:
        super().remove(key)
        self._behind.changed()

    def sync(self) -> None:
        """Write the changes now, on this thread."""
        self._behind.written()
        super().sync()

    @property
    def unwritten(self) -> bool:
        """True while changes wait for their write (or are being written)."""
        behind = self._behind
        with behind.changes:
            return behind.dirty or behind.writer is not None

    def wait_written(self, timeout: float = 10.0) -> None:
        """Write the changes made so far now, and wait until they are on disk."""
        behind = self._behind
        with behind.changes:
            behind.due = 0.0
            behind.changes.notify_all()
            behind.changes.wait_for(lambda: behind.writer is None, timeout)
