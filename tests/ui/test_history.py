"""Back and Forward through the views looked at, Edit > Undo and Redo, and File > Open Recent,
driven through the real window's actions, buttons, keys and mouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QDoubleSpinBox, QMenu, QPlainTextEdit

from tests.conftest import SOURCES
from tests.ui.window_helpers import button, pick


class Clock:
    """A steady clock the test moves by hand (what-if changes within a second make one entry)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def seen(win) -> tuple:
    """What the window shows, as the user would check it: state and the widgets that show it."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the last scenario's buttons go
    if win.pages.currentIndex() == 0:
        return ("overview",)
    state = win.state
    checked = sorted(b.objectName() for b in win.decisions.findChildren(QAbstractButton) if b.isChecked())
    phase_buttons = sorted(b.objectName() for b in win.phase_bar.findChildren(QAbstractButton) if b.isChecked())
    boxes = {k: b.value() for k, b in win.params_panel.boxes.items()}
    return (
        state.scenario.id,
        dict(state.selection),
        state.phase,
        dict(state.params),
        [n for n in checked if n.startswith("option:")],
        phase_buttons,
        boxes,
        win.scenario_list.currentIndex().data().split(". ", 1)[1],
    )


def _action(win, name: str) -> QAction:
    found = win.findChild(QAction, name)
    assert found is not None, name
    return found


def _spin(win, key: str) -> QDoubleSpinBox:
    return win.findChild(QDoubleSpinBox, f"param:{key}")


@pytest.fixture
def clock(window) -> Clock:
    window.history.clock = clock = Clock()
    return clock


def test_back_and_forward_across_two_scenarios_restore_each_view_exactly(qtbot, window, clock):
    back, forward = _action(window, "backAction"), _action(window, "forwardAction")
    assert back.shortcut().toString() == "Alt+Left" and forward.shortcut().toString() == "Alt+Right"
    window.history.history.clear()
    window.history.reset()
    assert not back.isEnabled() and not forward.isEnabled()
    views = [seen(window)]  # disaster recovery as it opened
    button(window, "option:strategy:warm-standby").click()
    views.append(seen(window))
    clock.now += 5
    button(window, "phase:2").click()
    views.append(seen(window))
    clock.now += 5
    _spin(window, "rpo").setValue(30)  # a what-if change
    views.append(seen(window))
    clock.now += 5
    pick(qtbot, window, "Hybrid")
    views.append(seen(window))
    button(window, "option:connection:vpn").click()
    views.append(seen(window))
    assert len({repr(v) for v in views}) == 6, "each step changes the view"
    assert views[3][3] == {"rpo": 30.0} and views[3][2] == 2 and views[3][1]["strategy"] == "warm-standby"
    assert back.isEnabled() and not forward.isEnabled()

    for expected in reversed(views[:-1]):
        back.trigger()
        assert seen(window) == expected
    assert not back.isEnabled() and forward.isEnabled()
    assert len(window.history.history.back) == 0 and len(window.history.history.forward) == 5  # Back recorded nothing
    for expected in views[1:]:
        forward.trigger()
        assert seen(window) == expected
    assert not forward.isEnabled()


def test_rapid_what_if_changes_are_one_entry(qtbot, window, clock):
    window.history.reset()
    before = seen(window)
    for value in (50, 40, 30):
        _spin(window, "rpo").setValue(value)
        clock.now += 0.4
    assert len(window.history.history.back) == 1
    clock.now += 3
    _spin(window, "rpo").setValue(20)
    assert len(window.history.history.back) == 2
    window.history.back()
    assert window.state.params == {"rpo": 30.0}
    window.history.back()
    assert seen(window) == before


def test_the_mouse_back_and_forward_buttons_anywhere_over_the_window(qtbot, window):
    window.history.reset()
    first = seen(window)
    pick(qtbot, window, "Hybrid")
    second = seen(window)
    handle = window.windowHandle()
    for widget in (window.diagram_view.viewport(), window.decisions, window.scenario_list.viewport(), window.search):
        where = widget.mapTo(window, widget.rect().center())
        qtbot.mousePress(handle, Qt.MouseButton.BackButton, pos=where)
        qtbot.mouseRelease(handle, Qt.MouseButton.BackButton, pos=where)
        assert seen(window) == first
        qtbot.mousePress(handle, Qt.MouseButton.ForwardButton, pos=where)
        qtbot.mouseRelease(handle, Qt.MouseButton.ForwardButton, pos=where)
        assert seen(window) == second


@pytest.mark.parametrize("answer", ["cancel", "discard"])
def test_back_to_another_scenario_asks_about_unsaved_source_edits(qtbot, window, answer):
    window.history.reset()
    pick(qtbot, window, "Hybrid")
    asked: list[str] = []
    window.ask_unsaved = lambda title: asked.append(title) or answer
    editor = window.source_panel.editor
    editor.setPlainText(editor.toPlainText() + "\n# a note\n")
    assert window.source_panel.modified
    title = window.state.scenario.title
    window.history.back()
    assert asked == [title]
    if answer == "cancel":
        assert window.state.scenario.id == "hybrid-connectivity" and window.source_panel.modified
        assert _action(window, "backAction").isEnabled()  # still there to go back to
    else:
        assert window.state.scenario.id == "disaster-recovery" and not window.source_panel.modified


def test_undo_and_redo_a_toggle_a_phase_step_and_a_what_if_change(qtbot, window):
    undo, redo = _action(window, "undoAction"), _action(window, "redoAction")
    assert undo.shortcut().toString() == "Ctrl+Z" and redo.shortcut().toString() == "Ctrl+Shift+Z"
    pick(qtbot, window, "Hybrid")
    pick(qtbot, window, "Disaster")  # a scenario just opened has nothing to undo
    assert not undo.isEnabled() and undo.text() == "Undo"
    start = seen(window)
    button(window, "option:strategy:warm-standby").click()
    chosen = seen(window)
    assert undo.text() == "Undo Choose Warm standby"
    button(window, "phase:2").click()
    phased = seen(window)
    assert undo.text() == "Undo Phase 2"
    spin = _spin(window, "rpo")
    spin.setValue(30)
    spin.setValue(20)  # the same value changed again: one step
    tried = seen(window)
    assert undo.text() == "Undo What-if: RPO target"

    undo.trigger()
    assert seen(window) == phased and spin.value() == 60
    assert redo.text() == "Redo What-if: RPO target" and undo.text() == "Undo Phase 2"
    undo.trigger()
    assert seen(window) == chosen
    undo.trigger()
    assert seen(window) == start and not undo.isEnabled()
    assert redo.text() == "Redo Choose Warm standby"
    redo.trigger()
    assert seen(window) == chosen
    redo.trigger()
    redo.trigger()
    assert seen(window) == tried and not redo.isEnabled()
    pick(qtbot, window, "Hybrid")  # another scenario: its own (empty) stack
    assert not undo.isEnabled() and not redo.isEnabled()


def test_ctrl_z_undoes_a_toggle_but_in_the_source_editor_undoes_typing(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    start = seen(window)
    button(window, "option:strategy:warm-standby").click()
    chosen = seen(window)
    window.scenario_list.setFocus()
    qtbot.keyClick(window.scenario_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert seen(window) == start
    qtbot.keyClick(
        window.scenario_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert seen(window) == chosen

    window.centre_tabs.setCurrentWidget(window.source_panel)
    editor = window.findChild(QPlainTextEdit, "sourceEditor")
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    text = editor.toPlainText()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "# mine")
    assert editor.toPlainText() == text + "# mine"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == text  # the typing, undone
    assert window.state.selection["strategy"] == "warm-standby"  # not the toggle
    assert _action(window, "undoAction").text() == "Undo Choose Warm standby"
    editor.setReadOnly(True)  # a read-only text (a bundled scenario's) keeps the key too
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.selection["strategy"] == "warm-standby"


def _recent_menu(win) -> QMenu:
    menu = win.findChild(QMenu, "openRecentMenu")
    assert menu is not None
    menu.aboutToShow.emit()  # filled as the user opens it
    return menu


def _entries(menu: QMenu) -> list[tuple[str, str, bool]]:
    return [(a.objectName(), a.data(), a.isEnabled()) for a in menu.actions() if a.objectName().startswith("recent:")]


def test_open_recent_lists_libraries_and_folders_opens_each_and_disables_a_missing_one(
    qtbot, window, library_db, user_db, tmp_path
):
    folder = tmp_path / "team"
    folder.mkdir()
    shutil.copy(SOURCES / "06-disaster-recovery.yaml", folder)
    gone = tmp_path / "gone.db"
    shutil.copyfile(user_db, gone)
    assert window.open_library(gone)
    assert window.open_library(user_db)
    with qtbot.waitSignal(window.folderSynced, timeout=20_000):
        window.open_sources_folder(folder)
    gone.unlink()
    menu = _recent_menu(window)
    assert _entries(menu) == [
        ("recent:1", str(folder.resolve()), True),
        ("recent:2", str(user_db.resolve()), True),
        ("recent:3", str(gone.resolve()), False),
        ("recent:4", str(library_db.resolve()), True),
    ]
    texts = [a.text() for a in menu.actions() if a.objectName().startswith("recent:")]
    assert texts[0] == f"&1 team/ — {folder.resolve().parent}"

    with qtbot.waitSignal(window.libraryChanged, timeout=10_000):
        menu.findChild(QAction, "recent:4").trigger()
    assert Path(window.library.path).resolve() == library_db.resolve() and window.folder_watcher is None
    menu = _recent_menu(window)
    assert [e[1] for e in _entries(menu)][:2] == [str(library_db.resolve()), str(folder.resolve())]
    with qtbot.waitSignal(window.folderSynced, timeout=20_000):
        menu.findChild(QAction, "recent:2").trigger()
    assert window.folder_watcher is not None and window.folder_watcher.path.resolve() == folder.resolve()

    menu.findChild(QAction, "clearRecentAction").trigger()
    qtbot.waitUntil(lambda: not _entries(window.findChild(QMenu, "openRecentMenu")))
    assert not menu.findChild(QAction, "clearRecentAction").isEnabled()


def test_open_recent_remembers_across_windows_and_leaves_the_bundled_library_out(qtbot, window, user_db):
    from explorer.library.bundled import BUNDLED_DB

    assert window.open_library(user_db)
    assert window.open_library(BUNDLED_DB)
    window.close()
    from explorer.ui import create_main_window

    again = create_main_window(user_db)
    qtbot.addWidget(again)
    places = [e[1] for e in _entries(_recent_menu(again))]
    assert places[0] == str(user_db.resolve()) and str(BUNDLED_DB.resolve()) not in places
    again.close()


def test_the_automation_contract_documents_these_names_and_keys():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contract = readme.split("## Automation contract", 1)[1].split("\n## ", 1)[0]
    for name in ("backAction", "forwardAction", "undoAction", "redoAction", "openRecentMenu", "clearRecentAction"):
        assert f"`{name}`" in contract, name
    for keys in ("Alt+Left", "Alt+Right", "Ctrl+Z", "Ctrl+Shift+Z"):
        assert keys in contract, keys


def test_ctrl_y_redoes_and_back_and_forward_say_where_they_go(qtbot, window, clock):
    redo = _action(window, "redoAction")
    assert [k.toString() for k in redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    window.history.history.clear()
    window.history.reset()
    button(window, "option:strategy:warm-standby").click()
    window.edits.stack.undo()
    assert window.state.selection["strategy"] != "warm-standby"
    window.diagram_view.setFocus()
    qtbot.keyClick(window.diagram_view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.state.selection["strategy"] == "warm-standby"  # redone by Ctrl+Y
    back, forward = _action(window, "backAction"), _action(window, "forwardAction")
    clock.now += 5
    pick(qtbot, window, "Hybrid")
    assert back.toolTip().startswith("Back to Disaster recovery")
    assert "Warm standby" not in back.toolTip()  # not the open scenario: its title is enough
    window.history.back()
    assert forward.toolTip().startswith("Forward to Hybrid")
    clock.now += 5
    button(window, "phase:2").click()
    window.history.back()
    assert "phase 2" in forward.toolTip()
