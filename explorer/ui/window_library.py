"""The main window's libraries: opening, switching and importing into them (a mixin of MainWindow)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QProgressDialog

from explorer.library.bundled import BUNDLED_DB
from explorer.library.store import Library, LibraryError

from .diagram_view import ImageCache
from .errors import LibraryProblemDialog
from .import_runner import ImportRunner


class LibraryMixin:
    """Library switching and imports; mixed into MainWindow, which owns the widgets."""

    # --- libraries and imports -----------------------------------------------------------

    def ask_library_path(self, title: str, create: bool = False) -> str:
        """Ask for a library file; tests replace this."""
        folder = str(Path(str(self.settings.value("library/folder", Path.home()))))
        if create:
            path, _ = QFileDialog.getSaveFileName(
                self,
                title,
                str(Path(folder) / "my-scenarios.db"),
                "Scenario libraries (*.db)",
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
        else:
            path, _ = QFileDialog.getOpenFileName(self, title, folder, "Scenario libraries (*.db);;All files (*)")
        return path

    def ask_yaml_path(self) -> str:
        """Ask for a scenario file to import; tests replace this."""
        folder = str(self.settings.value("library/folder", Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, "Import scenario", folder, "Scenario files (*.yaml *.yml)")
        return path

    def open_library_dialog(self) -> None:
        path = self.ask_library_path("Open scenario library")
        if path:
            self.open_library(Path(path))

    def open_library(self, path: Path) -> bool:
        """Switch to the library at ``path``; on a problem, offer another one or the bundled one."""
        while True:
            try:
                library = Library(path)
            except LibraryError as err:
                choice = LibraryProblemDialog.ask(self, str(err), can_quit=False)
                if choice == LibraryProblemDialog.OPEN:
                    chosen = self.ask_library_path("Open scenario library")
                    if not chosen:
                        return False
                    path = Path(chosen)
                    continue
                if choice == LibraryProblemDialog.BUNDLED and Path(path) != BUNDLED_DB:
                    path = BUNDLED_DB
                    continue
                return False
            self.set_library(library)
            return True

    def set_library(self, library: Library) -> None:
        """Show another library: its list, the overview or its first scenario; caches start afresh."""
        if self.scenario is not None:
            self._save_scenario_state()
        self.prefetcher.cancel()
        self.renderer.supersede()
        old = self.library
        self.library = library
        self._generation += 1
        self.images = ImageCache(self.images.limit_bytes)
        self.scenario = None
        self._shown_key = self._pending_key = None
        self.diagram_view.clear()
        self.search.clear()
        self._refresh_list()
        self.statusBar().showMessage(f"Library: {library.path}")
        if library.upgraded_from is not None:
            self.statusBar().showMessage(
                f"Library: {library.path} (upgraded from schema {library.upgraded_from}; backup at {library.backup})"
            )
        is_bundled = Path(library.path).resolve() == BUNDLED_DB.resolve()
        self.settings.setValue("library/path", "" if is_bundled else str(Path(library.path).resolve()))
        self.settings.setValue("library/folder", str(Path(library.path).resolve().parent))
        if old is not library:
            old.close()
        if self.library.overview() is not None:
            self.show_overview()
        elif self.list_model.rowCount():
            self.select_scenario(self.list_model.item(0).id)
        self.libraryChanged.emit(str(library.path))

    def import_scenario_file(self) -> None:
        """Import a YAML scenario into a user library (never into the bundled one), in the background."""
        source = self.ask_yaml_path()
        if not source:
            return
        target = Path(self.library.path)
        if target.resolve() == BUNDLED_DB.resolve():
            chosen = self.ask_library_path(
                "Import into which library? (a new one starts as a copy of the bundled library)", create=True
            )
            if not chosen:
                return
            target = Path(chosen)
        self.start_import(Path(source), target)

    def start_import(self, source: Path, target: Path, replace: bool = False) -> None:
        """Import ``source`` into ``target`` on a worker thread, with a cancellable progress dialog."""
        runner = ImportRunner(source, target, BUNDLED_DB, replace, self)
        dialog = QProgressDialog(f"Importing {source.name}…", "Cancel", 0, 0, self)
        dialog.setObjectName("importProgress")
        dialog.setWindowTitle("Import scenario")
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(runner.cancel)
        runner.finished.connect(lambda scenario: self._import_done(dialog, target, scenario))
        runner.failed.connect(lambda kind, message: self._import_failed(dialog, source, target, kind, message))
        runner.cancelled.connect(lambda: self._import_cancelled(dialog, target))
        self.import_runner, self.import_dialog = runner, dialog
        self.statusBar().showMessage(f"Importing {source}…")
        runner.start()

    def _import_done(self, dialog: QProgressDialog, target: Path, scenario) -> None:
        dialog.close()
        try:
            if target.resolve() == Path(self.library.path).resolve():
                self.set_library(Library(target))
            elif not self.open_library(target):
                return
        except LibraryError as err:
            self.report_problem("Import", str(err))
            return
        self.select_scenario(scenario.id)
        self.statusBar().showMessage(f"Imported {scenario.title} into {target}", 8000)
        self.imported.emit(scenario.id)

    def _import_failed(self, dialog: QProgressDialog, source: Path, target: Path, kind: str, message: str) -> None:
        dialog.close()
        self.statusBar().showMessage("Import failed", 8000)
        if kind == "taken" and self.confirm_overwrite(f"{message}.\n\nReplace it?"):
            self.start_import(source, target, replace=True)
            return
        self.report_problem("Import", message)

    def _import_cancelled(self, dialog: QProgressDialog, target: Path) -> None:
        dialog.close()
        self.statusBar().showMessage(f"Import cancelled; {target.name} is unchanged", 8000)
