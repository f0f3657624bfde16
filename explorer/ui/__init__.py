"""Everything Qt: the desktop face of Scenario Explorer.

``create_main_window`` is the automation entry point for tests and scripts (see the
README's "Automation contract").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from explorer.library.bundled import BUNDLED_DB
from explorer.library.store import Library

from .main_window import MainWindow

ORGANISATION = "ScenarioExplorer"
APPLICATION = "Scenario Explorer"


def app_settings() -> QSettings:
    """The app's settings, stored as an INI file in the user's configuration folder."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, "explorer")


def create_main_window(db_path: str | Path | None = None, *, restore: bool = True) -> MainWindow:
    """Build the main window on ``db_path`` (default: the bundled library), not shown.

    A QApplication must exist. Raises ``explorer.library.store.LibraryError`` when the database
    cannot be used. With ``restore=False`` the last scenario is not opened yet: call
    ``window.restore_last_view()`` once the window is on screen (what the app does).
    """
    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORGANISATION)
        QCoreApplication.setApplicationName(APPLICATION)
    library = Library(Path(db_path) if db_path else BUNDLED_DB)
    return MainWindow(library, app_settings(), restore=restore)


__all__ = ["MainWindow", "create_main_window"]
