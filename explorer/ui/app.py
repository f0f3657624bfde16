"""Starting the desktop app."""

from __future__ import annotations

import contextlib
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from explorer.library.store import LibraryError

from . import APPLICATION, ORGANISATION, app_settings, create_main_window, session
from .errors import LibraryProblemDialog, install_excepthook
from .main_window import MainWindow
from .settings_values import SettingsValues


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


def _open_window(db_path: Path | None) -> MainWindow | None:
    """The main window on the library asked for (or the one used last); on a problem, ask."""
    from explorer.library.bundled import BUNDLED_DB

    path = db_path or BUNDLED_DB
    while True:
        try:
            return create_main_window(path, restore=False)
        except LibraryError as err:
            choice = LibraryProblemDialog.ask(None, str(err))
            if choice == LibraryProblemDialog.BUNDLED and path != BUNDLED_DB:
                path = BUNDLED_DB
            elif choice == LibraryProblemDialog.OPEN:
                chosen, _ = QFileDialog.getOpenFileName(
                    None, "Open scenario library", str(Path.home()), "Scenario libraries (*.db);;All files (*)"
                )
                if not chosen:
                    return None
                path = Path(chosen)
            else:
                return None


def run(db_path: Path | None = None) -> int:
    if db_path is None:  # the library the user had open last, if it is still there
        remembered = str(app_settings().value(session.LIBRARY_PATH, ""))
        db_path = Path(remembered) if remembered and Path(remembered).exists() else None
    threading.Thread(target=_warm_up_quietly, args=(db_path,), name="warm-up", daemon=True).start()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName(APPLICATION)
    window = _open_window(db_path)
    if window is None:
        return 1
    install_excepthook(lambda: window)
    window.show()
    # The window is on screen first; the scenario (and the heavier modules it needs)
    # loads on the next turn of the event loop, and its diagram follows when rendered.
    QTimer.singleShot(0, lambda: window.restore_last_view(early=True))
    return app.exec()
