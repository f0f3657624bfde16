"""Every control within reach of the keyboard: Tab in reading order, arrows within a
group, the shortcuts listed, tooltips and accessible names on every control."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QWidget


def _tab_through(qtbot, window, start: QWidget, presses: int = 40) -> list[str]:
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=5_000)
    seen = []
    for _ in range(presses):
        focus = QApplication.focusWidget()
        seen.append(focus.objectName() if focus is not None else "")
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    return seen


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window._order_timer.isActive(), timeout=5_000)


def test_tab_reaches_options_phases_and_what_if_from_the_list_and_comes_round(qtbot, window):
    window.activateWindow()
    _settle(qtbot, window)
    seen = _tab_through(qtbot, window, window.scenario_list)
    assert "whatIfToggle" in seen and "param:rpo" not in seen  # the what-if box starts folded
    toggle = window.findChild(QAbstractButton, "whatIfToggle")
    toggle.setFocus()
    qtbot.keyClick(toggle, Qt.Key.Key_Space)  # opened from the keyboard
    assert toggle.isChecked()
    _settle(qtbot, window)
    seen = _tab_through(qtbot, window, window.scenario_list)
    first = {name: seen.index(name) for name in dict.fromkeys(seen)}
    assert "phaseAll" in first and "option:strategy:pilot-light" in first and "param:rpo" in first
    # Reading order: the list, the diagram's phase bar, the diagram, then the side panel top down.
    assert first["scenarioList"] < first["phaseAll"] < first["diagramView"] < first["option:strategy:pilot-light"]
    assert first["option:strategy:pilot-light"] < first["param:rpo"]
    # Past the side panel's last control, round again to the first (no control keeps Tab to itself).
    last = window.findChild(QWidget, seen[seen.index("homeButton", 1) - 1])
    assert window.tabs.isAncestorOf(last) and seen.count(last.objectName()) <= 2
    # One stop per group: the chosen option only; the arrows do the rest.
    assert "option:strategy:warm-standby" not in seen and "phase:2" not in seen


def test_arrows_move_within_a_group_of_options_and_choose(qtbot, window):
    _settle(qtbot, window)
    button = window.findChild(QAbstractButton, "option:strategy:pilot-light")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Right)
    assert window.state.selection["strategy"] == "warm-standby"
    assert QApplication.focusWidget().objectName() == "option:strategy:warm-standby"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert window.state.selection["strategy"] == "pilot-light"
    _settle(qtbot, window)  # the new choice is now the group's Tab stop
    seen = _tab_through(qtbot, window, window.scenario_list)
    assert "option:strategy:pilot-light" in seen


def test_arrows_step_along_the_phase_bar(qtbot, window):
    _settle(qtbot, window)
    whole = window.findChild(QAbstractButton, "phaseAll")
    whole.setFocus()
    qtbot.keyClick(whole, Qt.Key.Key_Right)
    assert window.state.phase == 1 and QApplication.focusWidget().objectName() == "phase:1"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert window.state.phase is None


def test_keyboard_shortcuts_lists_every_shortcut_of_the_menus(qtbot, window, monkeypatch):
    from explorer.ui.keyboard import ShortcutsDialog

    shown = []
    monkeypatch.setattr(
        ShortcutsDialog, "ask", classmethod(lambda cls, menus, parent: shown.append(cls(menus, parent)))
    )
    action = window.findChild(QAction, "shortcutsAction")
    assert action.shortcut().toString() == "Ctrl+/"
    action.trigger()
    dialog = shown[0]
    qtbot.addWidget(dialog)
    listed = {name for _menu, name, _keys in dialog.rows}
    in_menus = {
        a.text().replace("&", "").rstrip("…")
        for a in window.findChildren(QAction)
        if a.shortcuts()
        and any(m.menuAction() in window.menuBar().actions() for m in a.associatedObjects() if hasattr(m, "menuAction"))
    }
    assert in_menus and in_menus <= listed
    text = dialog.text.toPlainText()
    for expected in ("Ctrl+S", "Save Scenario", "Ctrl+Shift+O", "Ctrl+Space", "Tab / Shift+Tab"):
        assert expected in text


def test_about_names_versions_library_and_licence(qtbot, window, monkeypatch, library_db):
    import PySide6
    from PySide6.QtCore import qVersion

    from explorer.ui.about import AboutDialog

    shown = []
    monkeypatch.setattr(AboutDialog, "ask", classmethod(lambda cls, parent: shown.append(cls(parent))))
    window.about_action.trigger()
    qtbot.addWidget(shown[0])
    text = shown[0].label.text()
    for expected in (
        "Version",
        "0.1.0",
        "Graphviz",
        qVersion(),
        PySide6.__version__,
        str(library_db),
        "MIT",
        "the chapter",
    ):
        assert expected in text, expected


def test_every_control_has_a_tooltip_and_an_accessible_name(qtbot, window):
    missing = []
    for ident in ("disaster-recovery", "api-gateway-errors"):
        window.select_scenario(ident)
        for tab in range(window.centre_tabs.count()):
            window.centre_tabs.setCurrentIndex(tab)
            for control in window.findChildren(QWidget):
                if not isinstance(control, QAbstractButton | QLineEdit | QAbstractSpinBox | QComboBox):
                    continue
                if not control.isVisible() or isinstance(control.parentWidget(), QAbstractSpinBox):
                    continue
                accessible = QAccessible.queryAccessibleInterface(control)
                name = accessible.text(QAccessible.Text.Name) if accessible is not None else ""
                if not control.toolTip() or not name:
                    missing.append((ident, tab, control.objectName()))
    assert missing == []


def test_the_trade_off_table_lets_tab_move_on(qtbot, window):
    window.choose_option("strategy", "active-active")  # figures differ: the table is shown
    _settle(qtbot, window)
    table = window.tradeoffs.table
    assert table.isVisible() and table.rowCount() > 1
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5_000)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table
