"""Running a batch export on a worker thread, reporting to the UI through signals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal

from explorer.output.settings import ExportSettings

from .background import BackgroundTask

if TYPE_CHECKING:
    from explorer.output.batch import BatchItem


class BatchRunner(BackgroundTask):
    """One batch export in the background.

    Signals:
        progress(int, int): views done so far, and in all.
        finished(object): the list of ``BatchResult``; emitted once, also after a cancel.
    """

    progress = Signal(int, int)
    finished = Signal(object)

    def __init__(self, items: list[BatchItem], folder: Path, settings: ExportSettings, parent=None):
        super().__init__("batch-export", self._run, parent)
        self._items = items
        self._folder = folder
        self._settings = settings

    def _run(self) -> None:
        from explorer.output.batch import run_batch

        try:
            results = run_batch(
                self._items, self._folder, self._settings, progress=self.progress.emit, cancel=self._cancel
            )
        except OSError as err:
            from explorer.output.batch import BatchResult

            results = [
                BatchResult(item, None, 0, f"cannot write into {self._folder}: {err.strerror or err}")
                for item in self._items
            ]
        self.finished.emit(results)
