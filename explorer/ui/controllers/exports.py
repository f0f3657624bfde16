"""Exports of the diagram: one view through the export dialog, every view in a batch, the clipboard.

Every file is rendered and written in the background (``ExportQueue``, ``BatchRunner``);
the UI thread only asks questions and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

from explorer.library.store import Library
from explorer.output.settings import ExportSettings

from .. import session
from ..batch_runner import BatchRunner
from ..diagram_view import COPY_SCALE, DiagramView
from ..export_dialog import BatchDialog, ExportDialog
from ..export_queue import ExportQueue
from .problems import ProblemReporter
from .questions import Questions
from .state import ViewState


class ExportController(QObject):
    """Exports the current view, batches of views, and copies the diagram.

    Every write that goes through the export queue (charts and comparisons too) is
    reported here.

    Signals:
        exported(str): an export finished writing this path.
        exportFailed(str): an export failed; the text says why.
        batchFinished(int, int): a batch export ended, with (files written, views planned).
        message(str, int): a status line to show, for this many milliseconds (0: until replaced).
    """

    exported = Signal(str)
    exportFailed = Signal(str)
    batchFinished = Signal(int, int)
    message = Signal(str, int)

    def __init__(
        self,
        state: ViewState,
        library: Callable[[], Library],
        settings: QSettings,
        queue: ExportQueue,
        questions: Questions,
        problems: ProblemReporter,
        diagram: DiagramView,
        showing_scenario: Callable[[], bool],
        window: QWidget,
    ):
        super().__init__(window)
        self._state = state
        self._library = library
        self._settings = settings
        self._queue = queue
        self._questions = questions
        self._problems = problems
        self._diagram = diagram
        self._showing_scenario = showing_scenario
        self._window = window
        self._notes: dict[str, str] = {}  # path -> what the status bar adds about label sizes
        self.batch: BatchRunner | None = None
        self.batch_dialog: QProgressDialog | None = None
        queue.written.connect(self._on_exported)
        queue.failed.connect(self._on_failed)

    # --- one view --------------------------------------------------------------------

    def ask_and_export(self, fmt: str | None) -> None:
        """The export dialog (with ``fmt`` chosen, if given), then where to write; then the export."""
        if self._state.scenario is None:
            return
        settings = ExportDialog.ask(self._settings, self._window, fmt)
        if settings is None:
            return
        path = self._questions.save_path(settings.fmt)
        if not path:
            return
        if not path.lower().endswith(f".{settings.fmt}"):
            path += f".{settings.fmt}"  # the file dialog did not see this name, so ask here
            if Path(path).exists() and not self._questions.confirm_overwrite(f"{path} already exists. Replace it?"):
                return
        self._settings.setValue(session.EXPORT_FOLDER, str(Path(path).parent))
        self.export_view(Path(path), settings)

    def export_png(self, path: Path, settings: ExportSettings | None = None) -> None:
        """Export the current view as a slide-sized PNG (1920 x 1080 unless told otherwise)."""
        self.export_view(path, settings or ExportSettings.with_preset("1080p"))

    def export_view(self, path: Path, settings: ExportSettings) -> None:
        """Render the current view with ``settings`` and write it to ``path``, in the background.

        Every export asked for is written (in order) or reported through exportFailed.
        """
        scenario, selection, phase = self._state.scenario, dict(self._state.selection), self._state.phase
        assert scenario is not None
        self.message.emit(f"Exporting {path}…", 0)

        def work() -> bytes:
            from explorer.output.export import export_view

            done = export_view(scenario, selection, phase, settings)
            # Read on the UI thread once the file is written (the queue reports it after this returns).
            if done.note and done.label_px is not None:
                self._notes[str(Path(path))] = (
                    f"Its labels are {done.label_px[0]:.0f} px, small for a projected slide: "
                    "choose 3840 × 2160 (4K), or the command line's --cluster for one part"
                )
            return done.data

        self._queue.submit(Path(path), work)

    def ask_and_export_deck(self) -> None:
        """Where to write the slide deck of the current selection and parameters; then build it."""
        if self._state.scenario is None:
            return
        path = self._questions.save_path("pptx")
        if not path:
            return
        if not path.lower().endswith(".pptx"):
            path += ".pptx"
            if Path(path).exists() and not self._questions.confirm_overwrite(f"{path} already exists. Replace it?"):
                return
        self._settings.setValue(session.EXPORT_FOLDER, str(Path(path).parent))
        self.export_deck(Path(path))

    def export_deck(self, path: Path) -> None:
        """Build the design-review deck of the current selection and parameters in the
        background and write it to ``path`` (reported like any export)."""
        scenario, selection = self._state.scenario, dict(self._state.selection)
        params = dict(self._state.params)
        assert scenario is not None
        self.message.emit(f"Building the slide deck {path}…", 0)

        def work() -> bytes:
            from explorer.output.deck import build_deck

            return build_deck(scenario, selection, params)

        self._queue.submit(Path(path), work)

    def _on_exported(self, path: str) -> None:
        note = self._notes.pop(str(Path(path)), "")
        # Labels too small for a room: the export stands, and the status bar says what would help.
        self.message.emit(f"Exported {path}. {note}" if note else f"Exported {path}", 15000)
        self.exported.emit(path)

    def _on_failed(self, path: str, message: str) -> None:
        self.message.emit(f"Export to {Path(path).name} failed", 8000)
        self.exportFailed.emit(message)
        self._problems.report("Export failed", message)

    def copy_diagram(self) -> None:
        """Put the diagram on the clipboard as an image."""
        image = self._diagram.image(COPY_SCALE)  # vectors drawn at twice their size: crisp in a slide
        if not image.isNull() and self._showing_scenario():
            QGuiApplication.clipboard().setImage(image)
            self.message.emit("Diagram copied to the clipboard", 4000)

    # --- every view ------------------------------------------------------------------

    def export_all(self) -> None:
        """Batch-export every view of this scenario or of all, with a cancellable progress dialog."""
        scenario = self._state.scenario
        answer = BatchDialog.ask(self._settings, scenario.title if scenario else None, self._window)
        if answer is None:
            return
        everything, settings = answer
        folder = self._questions.folder()
        if not folder:
            return
        library = self._library()
        ids = [s.id for s in library.summaries()] if everything or scenario is None else [scenario.id]
        self.start_batch(Path(folder), [library.get(i) for i in ids], settings)

    def start_batch(self, folder: Path, scenarios: list, settings: ExportSettings) -> None:
        """Export every view of ``scenarios`` into ``folder`` on a worker thread, with a progress dialog."""
        from explorer.output.batch import plan_batch

        items = plan_batch(scenarios)
        clashes = [i for i in items if (folder / i.filename(settings.fmt)).exists()]
        if clashes and not self._questions.confirm_overwrite(
            f"{len(clashes)} of the {len(items)} files already exist in {folder}. Replace them?"
        ):
            return
        batch = BatchRunner(items, folder, settings, self._window)
        dialog = QProgressDialog(f"Exporting {len(items)} views…", "Cancel", 0, len(items), self._window)
        dialog.setObjectName("batchProgress")
        dialog.setWindowTitle("Export all views")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(batch.cancel)
        batch.progress.connect(lambda done, _total: self._batch_progress(batch, dialog, done))
        batch.finished.connect(lambda results: self._batch_done(dialog, folder, results))
        self.batch, self.batch_dialog = batch, dialog
        batch.start()

    def _batch_progress(self, batch: BatchRunner, dialog: QProgressDialog, done: int) -> None:
        if dialog.wasCanceled():  # the Cancel button, Esc or closing the dialog
            batch.cancel()
        else:
            dialog.setValue(done)

    def _batch_done(self, dialog: QProgressDialog, folder: Path, results: list) -> None:
        dialog.close()
        written = sum(1 for r in results if r.path is not None)
        errors = [r.error for r in results if r.error and r.error != "cancelled"]
        cancelled = any(r.error == "cancelled" for r in results)
        message = f"Wrote {written} of {len(results)} views to {folder}" + (" (cancelled)" if cancelled else "")
        self.message.emit(message, 10_000)
        self.batchFinished.emit(written, len(results))
        if errors:
            self._problems.report("Export all views", message + "\n\n" + "\n".join(errors[:10]))

    def shutdown(self) -> None:
        """Finish the exports already asked for (they are the user's files); stop a batch."""
        self._queue.shutdown()
        if self.batch is not None:
            self.batch.cancel()
            self.batch.wait()
