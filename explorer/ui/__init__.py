"""Everything Qt: the desktop face of Scenario Explorer.

``create_main_window`` is the automation entry point for tests and scripts (see the
README's "Automation contract").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings

from explorer.library.bundled import BUNDLED_DB
from explorer.library.store import Library, LibraryError

if TYPE_CHECKING:
    from explorer.library.folder import FolderSync, SourceFolder

from .main_window import MainWindow
from .settings_values import AppSettings

ORGANISATION = "ScenarioExplorer"
APPLICATION = "Scenario Explorer"


def app_settings() -> AppSettings:
    """The app's settings, stored as an INI file in the user's configuration folder
    (written to disk off the UI thread)."""
    return AppSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, "explorer")


def create_main_window(
    db_path: str | Path | None = None,
    *,
    sources: str | Path | None = None,
    restore: bool = True,
    first_sync: FolderSync | None = None,
) -> MainWindow:
    """Build the main window on ``db_path`` (default: the bundled library), or on the
    folder of scenario YAML files ``sources`` (read now, unless ``first_sync`` is that
    reading, and watched), not shown.

    A QApplication must exist. Raises ``explorer.library.store.LibraryError`` when the database
    (or the folder) cannot be used. With ``restore=False`` the last scenario is not opened yet: call
    ``window.restore_last_view()`` once the window is on screen (what the app does).
    """
    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORGANISATION)
        QCoreApplication.setApplicationName(APPLICATION)
    if sources is not None:
        from explorer.library.folder import SourceFolder

        from .folder_watch import FolderWatcher

        folder = SourceFolder(sources)
        result = first_sync if first_sync is not None else read_folder(folder)
        library = Library(result.library, name=str(folder.folder))
        return MainWindow(library, app_settings(), restore=restore, folder=FolderWatcher(folder), first_sync=result)
    library = Library(Path(db_path) if db_path else BUNDLED_DB)
    return MainWindow(library, app_settings(), restore=restore)


def read_folder(folder: SourceFolder) -> FolderSync:
    """``folder.sync()``, with a cache that cannot be kept as one ``LibraryError``."""
    try:
        return folder.sync()
    except OSError as err:
        raise LibraryError(f"cannot keep the cache of {folder.folder}: {err.strerror or err}") from None


__all__ = ["MainWindow", "create_main_window"]
