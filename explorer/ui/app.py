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
    """While Qt builds the window: import the core and render the last view if it is not cached.

    The last view and its key come from ``session``, as the window's do, so the window
    finds what this renders. Returns that view's key in the view cache (None when the
    overview was open last).
    """
    from explorer.domain.compose import compose
    from explorer.domain.tradeoffs import complete_selection
    from explorer.drawing import viewcache
    from explorer.drawing.render import render_view
    from explorer.library.bundled import BUNDLED_DB
    from explorer.library.store import Library

    last = session.last_view(SettingsValues(app_settings()))
    if last is None:
        return None
    library = Library(db_path or BUNDLED_DB, upgrade=False)  # upgrading is the window's job
    scenario = library.get(last.scenario_id)
    selection = complete_selection(scenario, last.selection or {})  # what the window saved, so unchanged
    key = session.cache_key(library.content_digest(scenario.id), last.key(selection))
    if viewcache.get(key) is not None or not viewcache.begin(key):
        return key
    try:
        viewcache.put(key, render_view(compose(scenario, selection, last.phase), dpi=last.dpi, persist=True))
    finally:
        viewcache.end(key)
    return key


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
