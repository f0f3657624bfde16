"""The app's QSettings store (written off the UI thread), and a store read as a plain
mapping, for the Qt-free ``explorer.ui.session``."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping

from PySide6.QtCore import QEvent, QSettings, QTimer


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


class AppSettings(QSettings):
    """The app's settings store, written to disk off the UI thread.

    A plain QSettings writes its changes on the next turn of the event loop, flushed to
    disk (an fdatasync): on a scenario switch, which remembers the scenario, that was
    2–14 ms of the UI thread's time. This store keeps changes in memory and writes them
    ``write_delay_ms`` after the last one, on a thread of its own. Every QSettings on
    the same file in this process reads them at once (Qt keeps one in-memory copy per
    file, which the writing thread's QSettings shares, behind Qt's own lock).
    ``sync()`` still writes at once: the window calls it as it closes.
    """

    WRITE_DELAY_MS = 300

    def __init__(self, *args: object, write_delay_ms: int = WRITE_DELAY_MS):
        super().__init__(*args)  # type: ignore[call-overload]  # any of QSettings' forms
        self._writer = QTimer(self)
        self._writer.setSingleShot(True)
        self._writer.setInterval(write_delay_ms)
        self._writer.timeout.connect(self.write_behind)
        self._writing: threading.Thread | None = None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:  # Qt's own write on the next turn
            self._writer.start()
            return True
        return super().event(event)

    def setValue(self, key: str, value: object) -> None:
        super().setValue(key, value)
        self._writer.start()

    def remove(self, key: str) -> None:
        super().remove(key)
        self._writer.start()

    def sync(self) -> None:
        """Write the changes now, on this thread (and nothing later)."""
        self._writer.stop()
        super().sync()

    @property
    def unwritten(self) -> bool:
        """True while changes wait for their write (or are being written)."""
        return self._writer.isActive() or (self._writing is not None and self._writing.is_alive())

    def write_behind(self) -> None:
        """Write the changes now, on a thread of its own (one write at a time)."""
        self._writer.stop()
        name, fmt, before = self.fileName(), self.format(), self._writing

        def write() -> None:
            if before is not None:
                before.join()
            _write_file(name, fmt)

        self._writing = threading.Thread(target=write, name="settings-write")
        self._writing.start()

    def wait_written(self, timeout: float = 10.0) -> None:
        """Wait until the changes made so far are on disk."""
        if self._writer.isActive():
            self.write_behind()
        if self._writing is not None:
            self._writing.join(timeout)
