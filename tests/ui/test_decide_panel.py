"""The Decide panel at 1280x800: one screen for every scenario, what matters first, and
built once (a toggle or a phase step updates its widgets in place)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QScrollArea, QTableWidget, QWidget
from shiboken6 import getCppPointer

from explorer.ui.panels import Disclosure

from .window_helpers import button


def _scenario_ids(db) -> list[str]:
    with sqlite3.connect(db) as con:
        return [row[0] for row in con.execute("SELECT id FROM scenarios ORDER BY id")]


def _decide(window) -> QScrollArea:
    scroll = window.tabs.widget(0)
    assert isinstance(scroll, QScrollArea)
    return scroll


def _in_view(scroll: QScrollArea, widget: QWidget) -> bool:
    """``widget`` is on screen in the scroll area's viewport, whole."""
    top_left = widget.mapTo(scroll.viewport(), widget.rect().topLeft())
    return widget.isVisible() and scroll.viewport().rect().contains(QRect(top_left, widget.size()))


def test_every_scenario_fits_one_screen_with_its_checks_in_view(qtbot, window, library_db):
    scroll = _decide(window)
    met = window.tradeoffs.met_toggle
    checklist = window.tradeoffs.requirements
    for scenario_id in _scenario_ids(library_db):
        with qtbot.waitSignal(window.scenarioShown, timeout=10_000):
            window.select_scenario(scenario_id)
        qtbot.wait(20)  # the layout settles
        assert scroll.verticalScrollBar().maximum() == 0, (scenario_id, scroll.widget().sizeHint().height())
        if window.scenario.kind == "scenario":
            assert _in_view(scroll, window.tradeoffs.verdict), scenario_id
            assert _in_view(scroll, met if met.isVisible() else checklist), scenario_id
        for toggle in window.findChildren(Disclosure):  # no toggle's text is cut off
            if toggle.isVisible():
                metrics = toggle.fontMetrics()
                assert all(metrics.horizontalAdvance(line) <= toggle.room() for line in toggle.lines()), toggle.label()
                assert toggle.height() >= len(toggle.lines()) * metrics.lineSpacing(), toggle.label()


def test_what_is_not_met_comes_first_and_the_rest_is_folded(qtbot, window):
    panel = window.tradeoffs
    table = panel.findChild(QTableWidget, "tradeoffTable")
    same = panel.findChild(Disclosure, "sameFigures")
    # The recommended design: every figure reads the same, so all are folded away.
    rows = panel.rows()
    assert len(rows) == 7 and all(mine == best for _, mine, best in rows)
    assert not table.isVisible() and same.label() == "7 figures the same as the recommended design"
    assert panel.met_toggle.label() == "✓ All 2 requirements met" and not panel.requirements.isVisible()

    button(window, "option:strategy:backup-restore").click()  # misses the RPO, puts the RTO at risk
    assert panel.requirements.isVisible() and not panel.met_toggle.isVisible()
    assert "RPO" in panel.requirements.text() and "RTO" in panel.requirements.text()
    assert _in_view(_decide(window), panel.requirements)  # the misses in view, before any figure

    button(window, "option:strategy:warm-standby").click()  # meets both, costs more
    differing = [row for row in panel.rows() if row[1] != row[2]]
    assert differing and len(panel.rows()) == 7
    assert same.label() == f"{7 - len(differing)} figures the same as the recommended design"
    shown = [r for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert [table.item(r, 0).text() for r in shown] == [label for label, _, _ in differing]
    assert table.isVisible() and _in_view(_decide(window), table)
    assert not panel.requirements.isVisible() and panel.met_toggle.label() == "✓ All 2 requirements met"

    same.click()  # opened from the keyboard's Space as from a click: every row in order
    assert [r for r in range(table.rowCount()) if not table.isRowHidden(r)] == list(range(7))
    assert table.height() >= sum(table.rowHeight(r) for r in range(7))
    panel.met_toggle.click()
    met = panel.findChild(QLabel, "requirementsMetList")
    assert met.isVisible() and "RTO" in met.text()


def test_a_toggle_or_phase_step_makes_no_new_widgets_or_rows(qtbot, window):
    with qtbot.waitSignal(window.scenarioShown, timeout=10_000):
        window.select_scenario("big-data-analytics")
    table = window.tradeoffs.table

    def items() -> list[int]:
        return [getCppPointer(table.item(r, c))[0] for r in range(table.rowCount()) for c in range(3)]

    def widgets() -> set[int]:
        return {getCppPointer(w)[0] for w in window.findChildren(QWidget)}

    before_items, before_widgets, before_rows = items(), widgets(), window.tradeoffs.rows()
    assert len(before_items) == 24 * 3
    button(window, "option:platform:redshift-centric").click()
    assert window.tradeoffs.rows() != before_rows  # the figures did change …
    window.set_phase(2)
    assert items() == before_items  # … in the same items
    assert widgets() <= before_widgets
    window.apply_recommendation()
    assert window.tradeoffs.rows() == before_rows and items() == before_items
