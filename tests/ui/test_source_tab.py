"""The Source tab: the scenario's YAML, checked as it is typed, the view following a valid edit."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QPlainTextEdit

from explorer.ui.source_editor import SourceEditor


def _editor(window) -> SourceEditor:
    editor = window.findChild(QPlainTextEdit, "sourceEditor")
    assert isinstance(editor, SourceEditor)
    return editor


def test_the_source_tab_shows_the_scenarios_yaml(qtbot, window):
    window.select_scenario("disaster-recovery")
    text = _editor(window).toPlainText()
    assert "id: disaster-recovery" in text
    assert window.centre_tabs.tabText(3) == "Source"
    assert window.library.source_yaml("disaster-recovery") == text


def test_a_mistake_fills_the_problems_list_at_its_line(qtbot, window):
    window.select_scenario("disaster-recovery")
    editor = _editor(window)
    problems = window.findChild(QListWidget, "problemsList")
    text = editor.toPlainText()
    editor.setPlainText(text.replace("rto_minutes:", "rto_minutse:", 1))
    qtbot.waitUntil(lambda: problems.count() > 0, timeout=10_000)
    first = problems.item(0).text()
    assert "no metric named 'rto_minutse'" in first
    line = int(first.split(":")[1])
    assert "rto_minutse" in editor.toPlainText().splitlines()[line - 1]
    assert line in editor._problem_lines
    problems.itemClicked.emit(problems.item(0))  # a click jumps to the line
    assert editor.textCursor().blockNumber() == line - 1
    assert window.state.scenario.title == "Disaster recovery strategy"  # the last valid view stays


def test_a_valid_edit_changes_the_view(qtbot, window):
    window.select_scenario("disaster-recovery")
    editor = _editor(window)
    before = window.diagram_view.image()
    text = editor.toPlainText()
    assert "title: Disaster recovery strategy" in text
    edited = text.replace("title: Disaster recovery strategy", "title: DR for the shop", 1).replace(
        "label: Shoppers", "label: Shoppers worldwide", 1
    )
    assert edited != text
    editor.setPlainText(edited)
    qtbot.waitUntil(lambda: window.state.scenario.title == "DR for the shop", timeout=10_000)
    assert window.title.text() == "DR for the shop"
    assert window.findChild(QListWidget, "problemsList").count() == 0
    qtbot.waitUntil(lambda: window.diagram_view.image() != before, timeout=20_000)
    # The library is not written by an edit.
    assert "title: Disaster recovery strategy" in window.library.source_yaml("disaster-recovery")
