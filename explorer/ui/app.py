"""Starting the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from ..store import LibraryError
from . import APPLICATION, ORGANISATION, create_main_window


def run(db_path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    try:
        window = create_main_window(db_path)
    except LibraryError as err:
        QMessageBox.critical(None, APPLICATION, f"{err}")
        return 1
    window.show()
    return app.exec()
