"""Driving the real window in tests: the scenario list, buttons, the diagram on screen."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView

from explorer.ui.diagram_view import DiagramView


def list_titles(win) -> list[str]:
    view = win.findChild(QAbstractItemView, "scenarioList")
    model = view.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def pick(qtbot, win, title_part: str) -> None:
    """Pick the scenario whose title contains ``title_part`` in the list, as a user would."""
    view = win.findChild(QAbstractItemView, "scenarioList")
    model = view.model()
    row = next(r for r in range(model.rowCount()) if title_part in model.index(r, 0).data())
    if win.scenario is not None and title_part in win.scenario.title:
        return
    with qtbot.waitSignal(win.scenarioShown, timeout=5000):
        view.selectionModel().setCurrentIndex(model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def button(win, name: str) -> QAbstractButton:
    found = win.findChild(QAbstractButton, name)
    assert found is not None, f"no button named {name}"
    return found


def shown_image(win) -> QImage:
    return win.findChild(DiagramView, "diagramView").image()


def wait_for_new_image(qtbot, win, before: QImage) -> QImage:
    qtbot.waitUntil(lambda: not win.renderer.busy and shown_image(win) != before, timeout=20_000)
    return shown_image(win)


def settled(win) -> bool:
    """The current view is on screen and nothing is being rendered for it."""
    return win.rendering.settled()
