"""Problems shown to the user: plain-text messages, library problems and crash reports."""

from __future__ import annotations

import contextlib
import sys
import traceback

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def plain(text: str) -> str:
    """Text for a button or group title: '&' would otherwise become a keyboard mnemonic."""
    return text.replace("&", "&&")


def warn(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # file names and scenario text are shown literally
    box.exec()


class LibraryProblemDialog(QMessageBox):
    """A library that cannot be used: open another, go back to the bundled one, or quit."""

    OPEN, BUNDLED, QUIT = "open", "bundled", "quit"

    @classmethod
    def ask(cls, parent: QWidget | None, message: str, can_quit: bool = True) -> str:
        """The user's choice (tests replace this)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Scenario library", message, QMessageBox.StandardButton.NoButton, parent
        )
        box.setObjectName("libraryProblem")
        box.setTextFormat(Qt.TextFormat.PlainText)
        open_other = box.addButton("Open Another Library…", QMessageBox.ButtonRole.AcceptRole)
        bundled = box.addButton("Use the Bundled Library", QMessageBox.ButtonRole.ResetRole)
        quit_button = box.addButton("Quit" if can_quit else "Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(bundled)
        box.exec()
        clicked = box.clickedButton()
        if clicked is open_other:
            return cls.OPEN
        if clicked is bundled:
            return cls.BUNDLED
        _ = quit_button
        return cls.QUIT


class ErrorDialog(QDialog):
    """An unexpected error: what happened, with details to copy into a bug report."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle("Something went wrong")
        layout = QVBoxLayout(self)
        label = QLabel(
            "Scenario Explorer hit an unexpected error and carries on. If it happens again, "
            "please copy the details below into a bug report.\n\n" + summary
        )
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setObjectName("errorDetails")
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy Details")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)

    @classmethod
    def ask(cls, summary: str, details: str, parent: QWidget | None = None) -> None:
        """Show the dialog (tests replace this)."""
        cls(summary, details, parent).exec()


def handle_exception(exc_type, exc, tb, parent: QWidget | None = None) -> None:
    """Report an exception that escaped a slot, then let the app carry on."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    sys.stderr.write(details)
    # Never let the error report itself take the app down.
    with contextlib.suppress(Exception):
        ErrorDialog.ask(f"{exc_type.__name__}: {exc}", details, parent)


def install_excepthook(parent_getter=lambda: None) -> None:
    sys.excepthook = lambda t, e, tb: handle_exception(t, e, tb, parent_getter())
