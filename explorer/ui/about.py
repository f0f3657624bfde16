"""Help > About: what the app is and where its content comes from."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

#: The one place in the window that names the chapter; everywhere else it is "the chapter".
ABOUT_TEXT = (
    "<h3>Scenario Explorer</h3>"
    "<p>Explore AWS architecture decisions: each scenario's recommended design drawn with AWS "
    "icons, built up phase by phase, with its choices, their trade-offs and the requirements "
    "they meet.</p>"
    "<p>The scenarios and troubleshooting guides come from <i>Common Exam Scenarios and "
    "Real-World Solutions</i>, chapter 9 of an AWS Solutions Architect study guide, called "
    "<b>the chapter</b> throughout the app. Its facts and figures are kept exactly; the "
    "wording is our own. A figure the chapter does not give is marked as an estimate, with "
    "how it was reached.</p>"
)


class AboutDialog(QDialog):
    """The About box (``aboutDialog``)."""

    def __init__(self, parent: QWidget | None = None, details: dict[str, str] | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Scenario Explorer")
        layout = QVBoxLayout(self)
        if details is None:  # the window's own (its open library)
            details = getattr(parent, "about_details", dict)()
        self.label = QLabel(ABOUT_TEXT + versions_html(details))
        self.label.setObjectName("aboutText")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(420)
        layout.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None) -> None:
        """Show the box until it is closed (tests replace this)."""
        cls(parent).exec()


def versions() -> list[tuple[str, str]]:
    """What this copy is and runs on: the app's version, Graphviz, Qt, diagrams, Python,
    and the licence."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    import PySide6
    from PySide6.QtCore import qVersion

    from explorer.drawing.render import graphviz_version

    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    return [
        ("Version", package("scenario-explorer")),
        ("Graphviz", graphviz_version()),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("diagrams", package("diagrams")),
        ("Python", platform.python_version()),
        ("Licence", "MIT (the LICENSE file beside the source); the AWS icons come with the diagrams package"),
    ]


def versions_html(details: dict[str, str]) -> str:
    rows = versions()
    if "library" in details:
        rows.insert(1, ("Library", details["library"]))
    cells = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table cellspacing='0' cellpadding='2'>{cells}</table>"
