"""Starting the desktop app."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ..store import LibraryError
from . import APPLICATION, ORGANISATION, create_main_window


def _warm_up(db_path: Path | None) -> None:
    """While Qt builds the window: import the core and render the last view if it is not cached."""
    import json

    from .. import viewcache
    from ..compose import compose
    from ..paths import BUNDLED_DB
    from ..render import render_view
    from ..store import Library
    from ..tradeoffs import complete_selection
    from . import app_settings

    settings = app_settings()
    last = str(settings.value("lastScenario", ""))
    if not last:
        return
    library = Library(db_path or BUNDLED_DB)
    scenario = library.get(last)
    saved = settings.value(f"scenarios/{last}/selection", "")
    selection = complete_selection(scenario, json.loads(saved) if saved else {})
    phase = settings.value(f"scenarios/{last}/phase", 0)
    at = int(phase) if str(phase).isdigit() and int(phase) > 0 else None
    dpi = int(settings.value("window/dpi", 96))
    key = viewcache.view_key(library.built_from(), scenario.id, selection, at, dpi)
    if viewcache.get(key) is not None or not viewcache.begin(key):
        return
    try:
        viewcache.put(key, render_view(compose(scenario, selection, at), dpi=dpi, persist=True))
    finally:
        viewcache.end(key)


def _warm_up_quietly(db_path: Path | None) -> None:
    try:
        _warm_up(db_path)
    except Exception:  # only a head start: the window reports real problems itself
        pass


def run(db_path: Path | None = None) -> int:
    threading.Thread(target=_warm_up_quietly, args=(db_path,), name="warm-up", daemon=True).start()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    try:
        window = create_main_window(db_path, restore=False)
    except LibraryError as err:
        QMessageBox.critical(None, APPLICATION, f"{err}")
        return 1
    window.show()
    # The window is on screen first; the scenario (and the heavier modules it needs)
    # loads on the next turn of the event loop, and its diagram follows when rendered.
    QTimer.singleShot(0, lambda: window.restore_last_view(early=True))
    return app.exec()
