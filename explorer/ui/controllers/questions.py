"""What the controllers ask the user, and the app's own way of asking: file dialogs and a yes/no box."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .. import session
from ..export_dialog import FORMAT_LABELS
from .state import ViewState


@dataclass(frozen=True)
class Questions:
    """What controllers ask the user, each looked up on the window when it is asked.

    The window's ``ask_save_path``, ``ask_folder``, ``ask_yaml_path``,
    ``ask_library_path`` and ``confirm_overwrite`` are hooks that tests and scripts
    replace on the window instance; the window builds this with callables that
    resolve those attributes at call time, never the methods as they were at start.
    Arguments are passed on as given.
    """

    save_path: Callable[..., str]
    folder: Callable[[], str]
    yaml_path: Callable[[], str]
    library_path: Callable[..., str]
    confirm_overwrite: Callable[[str], bool]


class FileDialogs:
    """The window's questions as the app asks them: Qt's file dialogs and a yes/no box."""

    def __init__(self, window: QWidget, settings: QSettings, state: ViewState):
        self._window = window
        self._settings = settings
        self._state = state

    def _folder(self, key: str) -> str:
        return str(self._settings.value(key, str(Path.home())))

    def save_path(self, fmt: str = "png") -> str:
        """Where to export the current view (a name from the scenario and phase is offered)."""
        scenario, phase = self._state.scenario, self._state.phase
        assert scenario is not None
        name = f"{scenario.id}{'-phase-' + str(phase) if phase else ''}.{fmt}"
        if fmt == "pptx":
            name = f"{scenario.id}.pptx"
        label = {**FORMAT_LABELS, "pptx": "PowerPoint slide deck"}.get(fmt, fmt)
        title = "Export slide deck" if fmt == "pptx" else "Export diagram"
        path, _filter = QFileDialog.getSaveFileName(
            self._window, title, str(Path(self._folder(session.EXPORT_FOLDER)) / name), f"{label} (*.{fmt})"
        )
        return path

    def confirm(self, text: str) -> bool:
        """Yes to replacing files."""
        answer = QMessageBox.question(
            self._window, "Replace?", text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def folder(self) -> str:
        """The folder for a batch export."""
        return QFileDialog.getExistingDirectory(
            self._window, "Export all views into", self._folder(session.EXPORT_FOLDER)
        )

    def sources_folder(self) -> str:
        """A folder of scenario YAML files to open as the library."""
        return QFileDialog.getExistingDirectory(
            self._window, "Open scenario folder", self._folder(session.LIBRARY_FOLDER)
        )

    def library_path(self, title: str, create: bool = False) -> str:
        """A library file to open, or (``create``) to open or start."""
        folder = str(Path(self._folder(session.LIBRARY_FOLDER)))
        if create:
            path, _ = QFileDialog.getSaveFileName(
                self._window,
                title,
                str(Path(folder) / "my-scenarios.db"),
                "Scenario libraries (*.db)",
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
        else:
            path, _ = QFileDialog.getOpenFileName(
                self._window, title, folder, "Scenario libraries (*.db);;All files (*)"
            )
        return path

    def yaml_path(self) -> str:
        """A scenario file to import."""
        folder = self._folder(session.LIBRARY_FOLDER)
        path, _ = QFileDialog.getOpenFileName(self._window, "Import scenario", folder, "Scenario files (*.yaml *.yml)")
        return path
