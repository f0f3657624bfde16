"""A scenario picked in the list comes up in stages: the title and diagram in the turn of
the click, the panels and the Source tab on the next turns, ``scenarioShown`` last."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton


def _row_rect(win, scenario_id: str):
    return win.scenario_list.visualRect(win.list_model.index(win.list_model.row_of(scenario_id)))


def _groups(win) -> set[str]:
    return {b.objectName().split(":")[1] for b in win.findChildren(QPushButton) if b.objectName().startswith("option:")}


def test_a_click_in_the_list_shows_the_title_and_diagram_first_and_the_panels_next(qtbot, window):
    from PySide6.QtTest import QTest

    hybrid = window.library.get("hybrid-connectivity")
    before = _groups(window)
    with qtbot.waitSignal(window.scenarioShown, timeout=10_000) as shown:
        QTest.mouseClick(
            window.scenario_list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=_row_rect(window, "hybrid-connectivity").center(),
        )
        # In the click's own turn: the state, the title and the diagram's request ...
        assert window.state.scenario.id == "hybrid-connectivity" and window.title.text() == hybrid.title
        assert window.state.evaluation is not None and window.showing
        assert _groups(window) == before  # ... the panels come on the next turns
    assert shown.args == ["hybrid-connectivity"] and not window.showing
    assert _groups(window) == {g.key for g in hybrid.option_groups}
    assert "id: hybrid-connectivity" in window.source_panel.editor.toPlainText()


def test_select_scenario_finishes_the_switch_before_it_returns(qtbot, window):
    shown = []
    window.scenarioShown.connect(shown.append)
    window.select_scenario("big-data-analytics")
    assert shown == ["big-data-analytics"] and not window.showing
    assert _groups(window) == {g.key for g in window.library.get("big-data-analytics").option_groups}


def test_moving_on_before_a_switch_is_up_drops_its_stages(qtbot, window):
    from PySide6.QtCore import QItemSelectionModel

    shown = []
    window.scenarioShown.connect(shown.append)

    def pick(ident):
        row = window.list_model.row_of(ident)
        window.scenario_list.selectionModel().setCurrentIndex(
            window.list_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    pick("hybrid-connectivity")
    pick("cost-optimization")  # in the same turn: the first never comes up
    qtbot.waitUntil(lambda: not window.showing, timeout=10_000)
    assert shown == ["cost-optimization"]
    assert _groups(window) == {g.key for g in window.library.get("cost-optimization").option_groups}
    # A choice made while a switch is under way brings the panels up first.
    pick("disaster-recovery")
    assert window.showing
    window.choose_option("strategy", "warm-standby")
    assert not window.showing and window.selection["strategy"] == "warm-standby"
    assert window.findChild(QPushButton, "option:strategy:warm-standby").isChecked()
    pick("hybrid-connectivity")
    values = {p.key: p.value for p in window.library.get("hybrid-connectivity").parameters}
    window.set_params(values)  # so does a what-if change
    assert not window.showing and window.state.params == values


def test_an_import_is_announced_once_its_scenario_is_up(qtbot, window, tmp_path, library_db):
    import shutil

    target = tmp_path / "mine.db"
    shutil.copyfile(library_db, target)
    source = tmp_path / "dr-copy.yaml"
    text = window.library.source_yaml("disaster-recovery").replace("id: disaster-recovery", "id: dr-copy", 1)
    source.write_text(text.replace("number: 6\n", ""), encoding="utf-8")  # a number is one scenario's
    seen = []
    window.imported.connect(lambda ident: seen.append((ident, window.showing, _groups(window))))
    with qtbot.waitSignal(window.imported, timeout=20_000):
        window.start_import(source, target, replace=True)
    dr = window.library.get("dr-copy")
    assert seen == [("dr-copy", False, {g.key for g in dr.option_groups})]
    assert "id: dr-copy" in window.source_panel.editor.toPlainText()
