"""File > Open Recent: the libraries and scenario folders used last (``explorer.library.recents``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from explorer.library import recents

from .. import session


class RecentsController(QObject):
    """Fills ``menu`` (``openRecentMenu``) from the settings each time it opens.

    The places are listed most recent first, up to ten (``LibraryController.remember``
    writes them); one that is no longer there is shown disabled. Choosing one opens it
    through ``open_library`` or ``open_folder``, each run through ``leave_then`` (unsaved
    Source edits are asked about first). **Clear Menu** (``clearRecentAction``) forgets them.
    Entries are named ``recent:<n>`` (from 1), their ``data()`` the path.
    """

    def __init__(
        self,
        settings: QSettings,
        leave_then: Callable[[Callable[[], object]], object],
        open_library: Callable[[Path], object],
        open_folder: Callable[[Path], object],
        window: QWidget,
    ):
        super().__init__(window)
        self._settings = settings
        self._leave_then = leave_then
        self._open_library = open_library
        self._open_folder = open_folder
        self.menu = QMenu("Open &Recent", window)
        self.menu.setObjectName("openRecentMenu")
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self.refresh)
        self.refresh()

    def places(self) -> list[recents.Recent]:
        return recents.decode(self._settings.value(session.RECENT_PLACES, ""))

    def refresh(self) -> None:
        """List the places as the settings have them now."""
        menu = self.menu
        menu.clear()
        places = self.places()
        for number, place in enumerate(places, start=1):
            path = Path(place.path)
            name = f"{path.name}/" if place.kind == "folder" else path.name
            action = QAction(f"&{number % 10} {name} — {path.parent}", menu)
            action.setObjectName(f"recent:{number}")
            action.setData(place.path)
            there = place.exists()
            what = "Scenario folder" if place.kind == "folder" else "Library"
            action.setToolTip(f"{what} {place.path}" + ("" if there else " (no longer there)"))
            action.setEnabled(there)
            action.triggered.connect(lambda _checked=False, p=place: self.open(p))
            menu.addAction(action)
        if not places:
            empty = menu.addAction("No Recent Libraries or Folders")
            empty.setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("Clear Menu")
        clear.setObjectName("clearRecentAction")
        clear.setEnabled(bool(places))
        clear.triggered.connect(self.clear)

    def open(self, place: recents.Recent) -> None:
        path = Path(place.path)
        if place.kind == "folder":
            self._leave_then(lambda: self._open_folder(path))
        else:
            self._leave_then(lambda: self._open_library(path))

    def clear(self) -> None:
        self._settings.setValue(session.RECENT_PLACES, recents.encode([]))
        QTimer.singleShot(0, self.refresh)  # not while the menu's own action is being triggered
