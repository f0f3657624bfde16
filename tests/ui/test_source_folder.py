"""A folder of YAML files as the library (``explorer --sources DIR``, File > Open Scenario
Folder…): edited on disk while the app is open, saved from the Source tab, watched; and
the prompt before unsaved edits are left."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from explorer.ui import session
from tests.conftest import SOURCES

DR = "06-disaster-recovery.yaml"
HYBRID = "07-hybrid-connectivity.yaml"


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "team"
    root.mkdir()
    for name in (DR, HYBRID):
        shutil.copy(SOURCES / name, root / name)
    return root


def _open(qtbot, folder: Path):
    from explorer.ui import create_main_window

    win = create_main_window(sources=folder)
    win.setProperty("quietErrors", True)
    win.ask_unsaved = lambda title: "discard"
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


@pytest.fixture
def window(qtbot, folder):
    win = _open(qtbot, folder)
    win.select_scenario("disaster-recovery")
    yield win
    win.close()


def _edit_on_disk(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_folder_is_the_library(qtbot, window, folder):
    assert [window.list_model.item(i).id for i in range(window.list_model.rowCount())] == [
        "disaster-recovery",
        "hybrid-connectivity",
    ]
    assert window.statusBar().currentMessage() == f"Folder: {folder} (2 scenarios and guides)"
    assert window.source_panel.banner.text() == f"Saving writes {folder / DR}."
    assert window.source_panel.editor.toPlainText() == (folder / DR).read_text(encoding="utf-8")
    assert not window.source_panel.editor.isReadOnly()
    assert window.settings.value(session.SOURCES_PATH) == str(folder)  # opened again next time


def test_a_file_edited_on_disk_reloads_the_view_keeping_selection_and_phase(qtbot, window, folder):
    group = window.state.scenario.option_groups[0]
    window.choose_option(group.key, group.options[-1].key)
    window.set_phase(2)
    selection = dict(window.state.selection)
    with qtbot.waitSignal(window.folderSynced, timeout=5_000):
        _edit_on_disk(folder / DR, "title: Disaster recovery strategy", "title: DR, edited in my editor")
    assert window.state.scenario.title == "DR, edited in my editor"
    assert window.title.text() == "DR, edited in my editor"
    assert window.state.selection == selection and window.state.phase == 2
    assert window.list_model.item(0).title == "DR, edited in my editor"
    assert "DR, edited in my editor" in window.source_panel.editor.toPlainText()
    assert not window.source_panel.modified


def test_a_file_with_problems_on_disk_is_listed_and_the_last_valid_view_kept(qtbot, window, folder):
    problems = window.findChild(QListWidget, "problemsList")
    label = window.findChild(QLabel, "folderProblems")
    with qtbot.waitSignal(window.folderSynced, timeout=5_000):
        _edit_on_disk(folder / DR, "rto_minutes:", "rto_minutse:")
    qtbot.waitUntil(lambda: problems.count() > 0, timeout=10_000)
    assert "no metric named 'rto_minutse'" in problems.item(0).text()
    assert problems.item(0).text().startswith(f"{DR}:")
    assert window.state.scenario.title == "Disaster recovery strategy"  # the last valid version
    assert "rto_minutse" in window.source_panel.editor.toPlainText() and not window.source_panel.modified
    assert not label.isHidden() and label.text() == "⚠ 1 file with problems"
    assert "rto_minutse" in label.toolTip()
    with qtbot.waitSignal(window.folderSynced, timeout=5_000):
        _edit_on_disk(folder / DR, "rto_minutse:", "rto_minutes:")
    assert label.isHidden()
    qtbot.waitUntil(lambda: problems.count() == 0, timeout=5_000)


def test_save_writes_the_file_with_its_comments_and_a_new_window_shows_it(qtbot, window, folder):
    editor = window.source_panel.editor
    text = "# Our team's copy: reviewed on Tuesday\n" + editor.toPlainText().replace(
        "title: Disaster recovery strategy", "title: DR, saved from the app  # short title", 1
    )
    editor.setPlainText(text)
    qtbot.waitUntil(lambda: window.state.scenario.title == "DR, saved from the app", timeout=10_000)
    with qtbot.waitSignal(window.scenarioSaved, timeout=10_000):
        window.findChild(QAction, "saveScenarioAction").trigger()
    assert (folder / DR).read_text(encoding="utf-8") == text  # word for word, comments and order kept
    qtbot.waitUntil(lambda: not window.source_panel.modified, timeout=5_000)
    assert sorted(p.name for p in folder.iterdir()) == [DR, HYBRID]  # no temporary file left
    other = _open(qtbot, folder)
    other.select_scenario("disaster-recovery")
    assert other.state.scenario.title == "DR, saved from the app"
    other.close()


def test_a_save_with_problems_is_refused_and_the_file_unchanged(qtbot, window, folder):
    before = (folder / DR).read_bytes()
    reported: list[str] = []
    window.problems.report = lambda title, text: reported.append(text)
    editor = window.source_panel.editor
    editor.setPlainText(editor.toPlainText().replace("rto_minutes:", "rto_minutse:", 1))
    window.save_source()
    qtbot.waitUntil(lambda: bool(reported), timeout=10_000)
    assert "the file was not changed" in reported[0] and "rto_minutse" in reported[0]
    assert (folder / DR).read_bytes() == before
    assert window.source_panel.modified  # the typing is still there


def test_edits_in_the_app_survive_a_change_on_disk_and_can_be_swapped_for_it(qtbot, window, folder):
    panel = window.source_panel
    panel.editor.setPlainText(panel.editor.toPlainText().replace("title: Disaster recovery strategy", "title: Mine", 1))
    qtbot.waitUntil(lambda: window.state.scenario.title == "Mine", timeout=10_000)
    with qtbot.waitSignal(window.folderSynced, timeout=5_000):
        _edit_on_disk(folder / DR, "title: Disaster recovery strategy", "title: Theirs")
    assert "title: Mine" in panel.editor.toPlainText() and panel.modified  # nothing typed is lost
    assert window.state.scenario.title == "Mine"  # the view stays on the edits
    assert not panel.findChild(QWidget, "reloadOffer").isHidden()
    panel.reload_button.click()
    assert "title: Theirs" in panel.editor.toPlainText() and not panel.modified
    qtbot.waitUntil(lambda: window.state.scenario.title == "Theirs", timeout=10_000)


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_leaving_a_scenario_with_unsaved_edits_asks_first(qtbot, window, folder, answer):
    asked: list[str] = []
    window.ask_unsaved = lambda title: asked.append(title) or answer
    editor = window.source_panel.editor
    editor.setPlainText(editor.toPlainText().replace("title: Disaster recovery strategy", "title: Unsaved", 1))
    qtbot.waitUntil(lambda: window.state.scenario.title == "Unsaved", timeout=10_000)
    window.scenario_list.setCurrentIndex(window.list_model.index(1))  # the user clicks another scenario
    assert window.state.scenario.id == "disaster-recovery"  # not yet: the question comes first
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert asked == ["Unsaved"]
    if answer == "cancel":
        qtbot.wait(200)
        assert window.state.scenario.id == "disaster-recovery" and window.source_panel.modified
        assert window.scenario_list.currentIndex().row() == 0
        return
    qtbot.waitUntil(lambda: window.state.scenario.id == "hybrid-connectivity", timeout=10_000)
    saved = "title: Unsaved" in (folder / DR).read_text(encoding="utf-8")
    assert saved == (answer == "save")


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_the_window(qtbot, window):
    window.ask_unsaved = lambda title: "cancel"
    editor = window.source_panel.editor
    editor.setPlainText(editor.toPlainText() + "\n# a note\n")
    window.close()
    assert window.isVisible() and "# a note" in editor.toPlainText()
    window.ask_unsaved = lambda title: "discard"
    window.close()
    assert not window.isVisible()


def test_new_scenario_is_a_new_file_in_the_folder(qtbot, window, folder):
    window.ask_new_scenario = lambda: ("our-design", False)
    with qtbot.waitSignal(window.scenarioSaved, timeout=10_000):
        window.new_scenario_action.trigger()
    qtbot.waitUntil(
        lambda: window.state.scenario is not None and window.state.scenario.id == "our-design", timeout=10_000
    )
    assert (folder / "our-design.yaml").is_file()
    assert "id: our-design" in (folder / "our-design.yaml").read_text(encoding="utf-8")
    assert window.centre_tabs.currentWidget() is window.source_panel


def test_a_file_removed_on_disk_leaves_the_list(qtbot, window, folder):
    window.select_scenario("hybrid-connectivity")
    with qtbot.waitSignal(window.folderSynced, timeout=5_000):
        (folder / HYBRID).unlink()
    assert [window.list_model.item(i).id for i in range(window.list_model.rowCount())] == ["disaster-recovery"]
    assert window.state.scenario.id == "disaster-recovery"


def test_open_scenario_folder_from_a_library_window(qtbot, library_db, folder):
    from explorer.ui import create_main_window

    win = create_main_window(library_db)
    win.setProperty("quietErrors", True)
    qtbot.addWidget(win)
    action = win.findChild(QAction, "openFolderAction")
    assert action.shortcut().toString() == "Ctrl+Shift+O"
    win.ask_sources_folder = lambda: str(folder)
    with qtbot.waitSignal(win.folderSynced, timeout=20_000):
        action.trigger()
    assert win.folder_watcher is not None and win.folder_watcher.path == folder
    assert win.list_model.rowCount() == 2
    assert win.statusBar().currentMessage().startswith(f"Folder: {folder}")
    win.open_library(library_db)  # back to a library file: the folder is no longer watched
    assert win.folder_watcher is None and win.list_model.rowCount() == 20
    assert win.settings.value(session.SOURCES_PATH) == ""
    win.close()
