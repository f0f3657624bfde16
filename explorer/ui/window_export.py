"""The main window's exports: single views, batches and the clipboard (a mixin of MainWindow)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from explorer.domain.text import printable
from explorer.output.settings import ExportSettings

from .batch_runner import BatchRunner
from .errors import warn
from .export_dialog import FORMAT_LABELS, BatchDialog, ExportDialog


class ExportMixin:
    """Export dialogs and background writes; mixed into MainWindow, which owns the widgets."""

    # --- export ------------------------------------------------------------------------

    def ask_save_path(self, fmt: str = "png") -> str:
        """Ask where to export; tests replace this to avoid the modal dialog."""
        assert self.scenario is not None
        folder = self.settings.value("export/folder", str(Path.home()))
        name = f"{self.scenario.id}{'-phase-' + str(self.phase) if self.phase else ''}.{fmt}"
        label = FORMAT_LABELS.get(fmt, fmt)
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export diagram", str(Path(folder) / name), f"{label} (*.{fmt})"
        )
        return path

    def confirm_overwrite(self, text: str) -> bool:
        """Ask before replacing files; tests replace this."""
        answer = QMessageBox.question(
            self, "Replace?", text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_and_export(self, fmt: str | None) -> None:
        if self.scenario is None:
            return
        settings = ExportDialog.ask(self.settings, self, fmt)
        if settings is None:
            return
        path = self.ask_save_path(settings.fmt)
        if not path:
            return
        if not path.lower().endswith(f".{settings.fmt}"):
            path += f".{settings.fmt}"  # the file dialog did not see this name, so ask here
            if Path(path).exists() and not self.confirm_overwrite(f"{path} already exists. Replace it?"):
                return
        self.settings.setValue("export/folder", str(Path(path).parent))
        self.export_view(Path(path), settings)

    def export_png(self, path: Path, settings: ExportSettings | None = None) -> None:
        """Export the current view as a slide-sized PNG (1920 x 1080 unless told otherwise)."""
        self.export_view(path, settings or ExportSettings.with_preset("1080p"))

    def export_view(self, path: Path, settings: ExportSettings) -> None:
        """Render the current view with ``settings`` and write it to ``path``, in the background.

        Every export asked for is written (in order) or reported through exportFailed.
        """
        assert self.scenario is not None
        scenario, selection, phase = self.scenario, dict(self.selection), self.phase
        self.statusBar().showMessage(f"Exporting {path}…")

        def work() -> bytes:
            from explorer.output.export import export_bytes

            return export_bytes(scenario, selection, phase, settings)

        self.exporter.submit(Path(path), work)

    def _on_exported(self, path: str) -> None:
        self.statusBar().showMessage(f"Exported {path}", 8000)
        self.exported.emit(path)

    def _export_failed(self, path: str, message: str) -> None:
        self.statusBar().showMessage(f"Export to {Path(path).name} failed", 8000)
        self.exportFailed.emit(message)
        self.report_problem("Export failed", message)

    def report_problem(self, title: str, message: str) -> None:
        """Tell the user, in plain text (tests set the property quietErrors to skip the dialog)."""
        message = printable(message)  # a control character in a path or title would be invisible
        self.problemShown.emit(message)
        if not self.property("quietErrors"):
            warn(self, title, message)

    def copy_diagram(self) -> None:
        """Put the diagram on the clipboard as an image."""
        image = self.diagram_view.image()
        if not image.isNull() and self.pages.currentIndex() == 1:
            QGuiApplication.clipboard().setImage(image)
            self.statusBar().showMessage("Diagram copied to the clipboard", 4000)

    def ask_folder(self) -> str:
        """Ask for the batch export folder; tests replace this."""
        folder = self.settings.value("export/folder", str(Path.home()))
        return QFileDialog.getExistingDirectory(self, "Export all views into", folder)

    def export_all(self) -> None:
        """Batch-export every view of this scenario or of all, with a cancellable progress dialog."""
        answer = BatchDialog.ask(self.settings, self.scenario.title if self.scenario else None, self)
        if answer is None:
            return
        everything, settings = answer
        folder = self.ask_folder()
        if not folder:
            return
        ids = [s.id for s in self.library.summaries()] if everything or self.scenario is None else [self.scenario.id]
        self.start_batch(Path(folder), [self.library.get(i) for i in ids], settings)

    def start_batch(self, folder: Path, scenarios: list, settings: ExportSettings) -> None:
        from explorer.output.batch import plan_batch

        items = plan_batch(scenarios)
        clashes = [i for i in items if (folder / i.filename(settings.fmt)).exists()]
        if clashes and not self.confirm_overwrite(
            f"{len(clashes)} of the {len(items)} files already exist in {folder}. Replace them?"
        ):
            return
        self.batch = BatchRunner(items, folder, settings, self)
        dialog = QProgressDialog(f"Exporting {len(items)} views…", "Cancel", 0, len(items), self)
        dialog.setObjectName("batchProgress")
        dialog.setWindowTitle("Export all views")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.batch.cancel)
        self.batch.progress.connect(lambda done, _total: self._batch_progress(dialog, done))
        self.batch.finished.connect(lambda results: self._batch_done(dialog, folder, results))
        self.batch_dialog = dialog
        self.batch.start()

    def _batch_progress(self, dialog: QProgressDialog, done: int) -> None:
        if dialog.wasCanceled():  # the Cancel button, Esc or closing the dialog
            self.batch.cancel()
        else:
            dialog.setValue(done)

    def _batch_done(self, dialog: QProgressDialog, folder: Path, results: list) -> None:
        dialog.close()
        written = sum(1 for r in results if r.path is not None)
        errors = [r.error for r in results if r.error and r.error != "cancelled"]
        cancelled = any(r.error == "cancelled" for r in results)
        message = f"Wrote {written} of {len(results)} views to {folder}" + (" (cancelled)" if cancelled else "")
        self.statusBar().showMessage(message, 10_000)
        self.batchFinished.emit(written, len(results))
        if errors:
            self.report_problem("Export all views", message + "\n\n" + "\n".join(errors[:10]))
