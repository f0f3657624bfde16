"""Scenario libraries: opening one (or another, when it cannot be used) and importing into them.

An import reads, validates and writes on a worker thread (``ImportRunner``); the UI
thread only shows its progress dialog and the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from explorer.library import recents
from explorer.library.bundled import BUNDLED_DB
from explorer.library.store import Library, LibraryError

from .. import session
from ..errors import LibraryProblemDialog
from ..import_runner import ImportRunner
from .problems import ProblemReporter
from .questions import Questions

if TYPE_CHECKING:
    from explorer.domain.model import Scenario


def is_bundled(library: Library) -> bool:
    return Path(library.path).resolve() == BUNDLED_DB.resolve()


class LibraryController(QObject):
    """Opens libraries and imports scenarios into them.

    The window shows a library (``show_library``) and a scenario (``select_scenario``);
    both are called directly, so that a problem they raise ends the step that caused
    it, as it would in one method.

    Signals:
        imported(str): an import added (or replaced) the scenario with this id, now shown.
        importFailed(): an import was refused or cancelled; the library is unchanged.
        message(str, int): a status line to show, for this many milliseconds (0: until replaced).
    """

    imported = Signal(str)
    importFailed = Signal()
    message = Signal(str, int)

    def __init__(
        self,
        library: Callable[[], Library],
        settings: QSettings,
        questions: Questions,
        problems: ProblemReporter,
        show_library: Callable[[Library], None],
        select_scenario: Callable[[str], None],
        window: QWidget,
    ):
        super().__init__(window)
        self._library = library
        self._settings = settings
        self._questions = questions
        self._problems = problems
        self._show_library = show_library
        self._select_scenario = select_scenario
        self._window = window
        self.import_runner: ImportRunner | None = None
        self.import_dialog: QProgressDialog | None = None

    # --- opening ---------------------------------------------------------------------

    def open_library_dialog(self) -> None:
        path = self._questions.library_path("Open scenario library")
        if path:
            self.open_library(Path(path))

    def open_library(self, path: Path) -> bool:
        """Switch to the library at ``path``; on a problem, offer another one or the bundled one."""
        while True:
            try:
                library = Library(path)
            except LibraryError as err:
                choice = LibraryProblemDialog.ask(self._window, str(err), can_quit=False)
                if choice == LibraryProblemDialog.OPEN:
                    chosen = self._questions.library_path("Open scenario library")
                    if not chosen:
                        return False
                    path = Path(chosen)
                    continue
                if choice == LibraryProblemDialog.BUNDLED and Path(path) != BUNDLED_DB:
                    path = BUNDLED_DB
                    continue
                return False
            self._show_library(library)
            return True

    def remember(self, library: Library, sources: Path | None = None) -> None:
        """Note ``library`` (or the scenario folder ``sources`` it was read from) as the one
        to reopen next time (none for the bundled one) and where it lives, and put it
        first in File > Open Recent (``session.RECENT_PLACES``)."""
        if sources is not None:
            self._settings.setValue(session.LIBRARY_PATH, "")
            self._settings.setValue(session.SOURCES_PATH, str(sources))
            self._settings.setValue(session.LIBRARY_FOLDER, str(Path(sources).parent))
            self.used(library, sources)
            return
        where = Path(library.path).resolve()
        self.used(library)
        self._settings.setValue(session.LIBRARY_PATH, "" if is_bundled(library) else str(where))
        self._settings.setValue(session.SOURCES_PATH, "")
        self._settings.setValue(session.LIBRARY_FOLDER, str(where.parent))

    def used(self, library: Library, sources: Path | None = None) -> None:
        """Put ``library`` (or the scenario folder ``sources``) first in File > Open Recent
        (``session.RECENT_PLACES``); the bundled library is not listed."""
        if sources is None and is_bundled(library):
            return
        kind: recents.Kind = "library" if sources is None else "folder"
        path = Path(library.path) if sources is None else Path(sources)
        places = recents.decode(self._settings.value(session.RECENT_PLACES, ""))
        self._settings.setValue(session.RECENT_PLACES, recents.encode(recents.used(places, kind, path)))

    # --- importing -------------------------------------------------------------------

    def import_scenario_file(self) -> None:
        """Import a YAML scenario into a user library (never into the bundled one), in the background."""
        source = self._questions.yaml_path()
        if not source:
            return
        target = self.writable_target("Import into")
        if target is not None:
            self.start_import(Path(source), target)

    def writable_target(self, verb: str) -> Path | None:
        """The open library, or, when that is the bundled one (never written), the one the
        user names (a new one starts as a copy of the bundled library); None if they cancel."""
        target = Path(self._library().path)
        if target.resolve() != BUNDLED_DB.resolve():
            return target
        chosen = self._questions.library_path(
            f"{verb} which library? (a new one starts as a copy of the bundled library)", create=True
        )
        return Path(chosen) if chosen else None

    def start_import(self, source: Path, target: Path, replace: bool = False, text: str | None = None) -> None:
        """Import ``source`` (or ``text``, named ``source``) into ``target`` on a worker
        thread, with a cancellable progress dialog."""
        runner = ImportRunner(source, target, BUNDLED_DB, replace, self._window, text=text)
        dialog = QProgressDialog(f"Importing {source.name}…", "Cancel", 0, 0, self._window)
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
        self.message.emit(f"Importing {source}…", 0)
        runner.start()

    def _import_done(self, dialog: QProgressDialog, target: Path, scenario: Scenario) -> None:
        dialog.close()
        try:
            if target.resolve() == Path(self._library().path).resolve():
                self._show_library(Library(target))
            elif not self.open_library(target):
                return
        except LibraryError as err:
            self._problems.report("Import", str(err))
            return
        self._select_scenario(scenario.id)
        self.message.emit(f"Imported {scenario.title} into {target}", 8000)
        self.imported.emit(scenario.id)

    def _import_failed(self, dialog: QProgressDialog, source: Path, target: Path, kind: str, message: str) -> None:
        dialog.close()
        self.message.emit("Import failed", 8000)
        if kind == "taken" and self._questions.confirm_overwrite(f"{message}.\n\nReplace it?"):
            self.start_import(source, target, replace=True)
            return
        self.importFailed.emit()
        self._problems.report("Import", message)

    def _import_cancelled(self, dialog: QProgressDialog, target: Path) -> None:
        dialog.close()
        self.importFailed.emit()
        self.message.emit(f"Import cancelled; {target.name} is unchanged", 8000)

    def shutdown(self) -> None:
        """Stop an import under way (it leaves the library unchanged)."""
        if self.import_runner is not None:
            self.import_runner.cancel()
            self.import_runner.wait()
