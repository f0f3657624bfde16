"""The Compare tab's widget (CompareView): its legend and its table, in the palette's colours."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from explorer.drawing.palette import DIFF_LEGEND, GREEN_TEXT, RED_TEXT
from explorer.ui.compare_view import CompareView


def test_the_legend_says_what_each_colour_means(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    legend = view.findChild(QLabel, "compareLegend").text()
    for colour, meaning in DIFF_LEGEND:
        assert f"<span style='color:{colour}'>■</span> {meaning}" in legend


def test_the_table_marks_what_each_design_meets(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.show_report(
        {
            "metrics": [
                {"label": "Monthly cost", "left": {"display": "$270"}, "right": None, "difference_display": None}
            ],
            "requirements": [{"text": "RPO 1 hour", "left_met": True, "right_met": False}],
            "diagram": {"added": ["a"], "removed": [], "changed": ["b", "c"]},
        }
    )
    assert view.rows() == [
        ("Monthly cost", "$270", "n/a", ""),
        ("RPO 1 hour", "✓ met", "✗ not met", ""),
        ("Diagram", "", "", "+1 −0 ~2"),
        ("Only in B", "", "a", "+1"),  # a report without labels names the components by id
        ("Changed in B", "b\nc", "b\nc", "~2"),
    ]
    assert view.table.item(1, 1).foreground().color().name().upper() == GREEN_TEXT.upper()
    assert view.table.item(1, 2).foreground().color().name().upper() == RED_TEXT.upper()


def test_the_choosers_start_from_the_two_designs(qtbot, scenarios):
    scenario = scenarios["disaster-recovery"]
    view = CompareView()
    qtbot.addWidget(view)
    view.set_scenario(scenario, {"strategy": "pilot-light"}, {"strategy": "warm-standby"})
    assert view.findChild(QComboBox, "compare:a:strategy").currentData() == "pilot-light"
    assert view.selections() == ({"strategy": "pilot-light"}, {"strategy": "warm-standby"})
    changed = []
    view.selectionsChanged.connect(lambda a, b: changed.append((a, b)))
    b = view.findChild(QComboBox, "compare:b:strategy")
    b.setCurrentIndex(b.findData("backup-restore"))
    assert changed == [({"strategy": "pilot-light"}, {"strategy": "backup-restore"})]


def test_the_widgets_are_still_found_where_they_were():
    from explorer.ui import charts_view, whatif

    assert whatif.CompareView is CompareView and whatif.ChartsView is charts_view.ChartsView
