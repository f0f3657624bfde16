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


def test_save_writes_the_library_and_a_new_window_shows_it(qtbot, window, library_db):
    from PySide6.QtGui import QAction

    from explorer.ui import create_main_window

    window.select_scenario("disaster-recovery")
    editor = _editor(window)
    editor.setPlainText(editor.toPlainText().replace("title: Disaster recovery strategy", "title: DR, saved", 1))
    qtbot.waitUntil(lambda: window.state.scenario.title == "DR, saved", timeout=10_000)
    save = window.findChild(QAction, "saveScenarioAction")
    assert save.shortcut().toString() == "Ctrl+S"
    with qtbot.waitSignal(window.imported, timeout=30_000):
        save.trigger()
    assert "title: DR, saved" in window.library.source_yaml("disaster-recovery")
    other = create_main_window(library_db)
    qtbot.addWidget(other)
    other.select_scenario("disaster-recovery")
    assert other.state.scenario.title == "DR, saved"
    other.close()


def test_save_refuses_a_text_with_problems(qtbot, window, monkeypatch):
    reported = []
    monkeypatch.setattr(window.problems, "report", lambda title, text: reported.append(text))
    window.select_scenario("disaster-recovery")
    editor = _editor(window)
    editor.setPlainText(editor.toPlainText().replace("rto_minutes:", "rto_minutse:", 1))
    window.save_scenario_action.trigger()
    qtbot.waitUntil(lambda: bool(reported), timeout=30_000)  # refused by the import, on its thread
    assert "no metric named 'rto_minutse'" in reported[0] and "is unchanged" in reported[0]
    assert "rto_minutse" not in window.library.source_yaml("disaster-recovery")


def test_unsaved_edits_are_kept_and_offered_back(qtbot, window, library_db):
    from explorer.library.drafts import unsaved_path
    from explorer.ui import create_main_window

    window.select_scenario("disaster-recovery")
    editor = _editor(window)
    typed = editor.toPlainText().replace("title: Disaster recovery strategy", "title: Half-typed", 1)
    editor.setPlainText(typed)
    qtbot.waitUntil(lambda: window.state.scenario.title == "Half-typed", timeout=10_000)
    assert unsaved_path("disaster-recovery").read_text() == typed  # kept as it was typed
    # A window that starts afresh (as after a crash) offers the edits back.
    other = create_main_window(library_db)
    qtbot.addWidget(other)
    other.show()
    other.select_scenario("disaster-recovery")
    panel = other.source_panel
    assert not panel._offer.isHidden() and panel.has_kept_edits and "unsaved edits" in panel.banner.text()
    assert "Source tab offers them back" in other.statusBar().currentMessage()
    assert "title: Disaster recovery strategy" in panel.editor.toPlainText()
    panel.restore_button.click()
    assert panel.editor.toPlainText() == typed and panel.modified
    other.revert_scenario_action.trigger()  # Revert: back to the library's text, the kept edits gone
    assert "title: Disaster recovery strategy" in panel.editor.toPlainText() and not panel.modified
    assert not unsaved_path("disaster-recovery").exists()
    other.close()


def test_new_scenario_from_the_template_opens_in_the_users_library(qtbot, window, monkeypatch):
    from PySide6.QtGui import QAction

    action = window.findChild(QAction, "newScenarioAction")
    assert action is window.new_scenario_action
    monkeypatch.setattr(window, "ask_new_scenario", lambda: ("my-design", False))
    with qtbot.waitSignal(window.imported, timeout=30_000):
        action.trigger()
    assert window.state.scenario.id == "my-design"
    assert "id: my-design" in _editor(window).toPlainText()
    monkeypatch.setattr(window, "ask_new_scenario", lambda: ("dr-copy", True))
    window.select_scenario("disaster-recovery")
    with qtbot.waitSignal(window.imported, timeout=30_000):
        action.trigger()
    assert window.state.scenario.id == "dr-copy" and window.state.scenario.title == "Disaster recovery strategy"
    reported = []
    monkeypatch.setattr(window.problems, "report", lambda title, text: reported.append(text))
    monkeypatch.setattr(window, "ask_new_scenario", lambda: ("dr-copy", False))
    action.trigger()
    assert reported and "already has a scenario 'dr-copy'" in reported[0]


def test_find_in_the_source(qtbot, window):
    window.select_scenario("disaster-recovery")
    window.centre_tabs.setCurrentWidget(window.source_panel)
    panel = window.source_panel
    panel.open_find()
    assert panel.find_field.isVisible()
    qtbot.keyClicks(panel.find_field, "warm-standby")
    assert panel.find_next()
    first = panel.editor.textCursor().blockNumber()
    assert "warm-standby" in panel.editor.textCursor().block().text()
    assert panel.find_next() and panel.editor.textCursor().blockNumber() >= first  # on, or around
    panel.find_field.setText("no such text anywhere")
    assert not panel.find_next()


def test_completion_offers_node_classes_after_type_and_the_files_ids(qtbot, window):
    from PySide6.QtGui import QTextCursor

    window.select_scenario("disaster-recovery")
    window.centre_tabs.setCurrentWidget(window.source_panel)
    editor = _editor(window)
    qtbot.waitUntil(lambda: len(editor._types) > 1000, timeout=20_000)  # looked up off the UI thread
    editor.setPlainText("nodes:\n  - id: web\n    type: aws.compute.Lam")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert "aws.compute.Lambda" in editor.completions()
    editor.complete()
    assert editor.completer.completionCount() >= 1
    editor._insert_completion("aws.compute.Lambda")
    assert editor.toPlainText().endswith("type: aws.compute.Lambda")
    editor.setPlainText("nodes:\n  - id: web\n  - id: db\nedges:\n  - {source: w")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert editor.completions() == ["db", "web"]


def test_the_bundled_library_opens_read_only_with_an_editable_copy(qtbot, tmp_path, monkeypatch):
    from pathlib import Path

    from explorer.library.bundled import BUNDLED_DB
    from explorer.ui import create_main_window

    win = create_main_window(BUNDLED_DB)
    qtbot.addWidget(win)
    win.show()
    win.select_scenario("disaster-recovery")
    editor = _editor(win)
    assert editor.isReadOnly() and "never written" in win.source_panel.banner.text()
    button = win.source_panel.copy_button
    assert button.objectName() == "makeEditableCopyButton" and not button.isHidden()
    mine = tmp_path / "mine.db"
    monkeypatch.setattr(win, "ask_library_path", lambda *a, **k: str(mine))
    with qtbot.waitSignal(win.imported, timeout=30_000):
        button.click()
    assert Path(win.library.path) == mine and win.state.scenario.id == "disaster-recovery"
    assert not _editor(win).isReadOnly() and win.source_panel.copy_button.isHidden()
    win.close()
