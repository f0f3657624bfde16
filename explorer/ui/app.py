"""Starting the desktop app."""

from __future__ import annotations

import contextlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from explorer.library.store import LibraryError

from . import APPLICATION, ORGANISATION, app_settings, create_main_window, processes, session
from .errors import LibraryProblemDialog, install_excepthook
from .main_window import MainWindow
from .settings_values import SettingsValues

if TYPE_CHECKING:
    from explorer.library.folder import FolderSync


def _warm_up(db_path: Path | None) -> str | None:
    """While Qt builds the window: import the core and lay out the scenario open last.

    The layouts go into the memory and disk caches that the window's own preparation
    reads, so the window draws the scenario without running Graphviz. Returns the id of
    that scenario (None when the overview was open last).
    """
    from explorer.library.bundled import BUNDLED_DB
    from explorer.library.store import Library
    from explorer.ui.controllers.rendering import prepare

    last = session.last_view(SettingsValues(app_settings()))
    if last is None:
        return None
    library = Library(db_path or BUNDLED_DB, upgrade=False)  # upgrading is the window's job
    scenario = library.get(last.scenario_id)
    prepare(scenario, library.content_digest(scenario.id), 0)
    return scenario.id


def _warm_up_quietly(db_path: Path | None) -> None:
    # Only a head start: the window reports real problems itself.
    with contextlib.suppress(Exception):
        _warm_up(db_path)


def _open_window(
    db_path: Path | None, sources: Path | None = None, reading: _Reading | None = None
) -> MainWindow | None:
    """The main window on the library asked for (or the one used last); on a problem, ask."""
    from explorer.library.bundled import BUNDLED_DB

    path = db_path or BUNDLED_DB
    while True:
        try:
            if sources is not None:
                first = reading.result() if reading is not None else None
                return create_main_window(sources=sources, restore=False, first_sync=first)
            return create_main_window(path, restore=False)
        except LibraryError as err:
            choice = LibraryProblemDialog.ask(None, str(err))
            if choice == LibraryProblemDialog.BUNDLED and (path != BUNDLED_DB or sources is not None):
                path, sources = BUNDLED_DB, None
            elif choice == LibraryProblemDialog.OPEN:
                chosen, _ = QFileDialog.getOpenFileName(
                    None, "Open scenario library", str(Path.home()), "Scenario libraries (*.db);;All files (*)"
                )
                if not chosen:
                    return None
                path, sources = Path(chosen), None
            else:
                return None


class _Reading:
    """The first reading of a scenario folder, on a thread of its own while Qt starts."""

    def __init__(self, sources: Path):
        self._result: object = None
        self._thread = threading.Thread(target=self._read, args=(sources,), name="folder-read", daemon=True)
        self._thread.start()

    def _read(self, sources: Path) -> None:
        from explorer.library.folder import SourceFolder

        from . import read_folder

        try:
            result = read_folder(SourceFolder(sources))
            self._result = result
            with contextlib.suppress(Exception):  # only a head start: the window reports real problems
                _warm_up(result.library)
        except LibraryError as err:
            self._result = err

    def result(self) -> FolderSync:
        self._thread.join()
        if isinstance(self._result, LibraryError):
            raise self._result
        assert self._result is not None
        return self._result  # type: ignore[return-value]


def run(db_path: Path | None = None, sources: Path | None = None) -> int:
    settings = app_settings()
    if db_path is None and sources is None:  # the library (or folder) the user had open last, if it is still there
        folder = str(settings.value(session.SOURCES_PATH, ""))
        remembered = str(settings.value(session.LIBRARY_PATH, ""))
        if folder and Path(folder).is_dir():
            sources = Path(folder)
        elif remembered and Path(remembered).exists():
            db_path = Path(remembered)
    reading = _Reading(sources) if sources is not None else None
    processes.hold()  # the window first: the worker processes start once it is up
    if reading is None:
        threading.Thread(target=_warm_up_quietly, args=(db_path,), name="warm-up", daemon=True).start()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName(APPLICATION)
    window = _open_window(db_path, sources, reading)
    if window is None:
        return 1
    install_excepthook(lambda: window)
    window.show()
    # The window is on screen first; the scenario (and the heavier modules it needs)
    # loads on the next turn of the event loop, and its diagram follows when rendered.
    QTimer.singleShot(0, lambda: window.restore_last_view(early=True))
    # The workers for tipping points, charts and checks, once the first diagram is on
    # screen (or after a second, whichever comes first).
    window.diagramShown.connect(processes.start)
    QTimer.singleShot(1000, processes.start)
    return app.exec()
