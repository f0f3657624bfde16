"""Compare names what changed and keeps its names whole; the status bar's library line
comes back after a timed message; visiting Compare leaves the panels' widths alone."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle


def _visit_compare(qtbot, window) -> None:
    with qtbot.waitSignal(window.compareShown, timeout=20_000):
        window.centre_tabs.setCurrentWidget(window.compare_view)


def test_a_guide_comparison_names_the_components_it_changes(qtbot, window):
    with qtbot.waitSignal(window.scenarioShown, timeout=10_000):
        window.select_scenario("ec2-connection")  # SSH against RDP: the same components, relabelled
    _visit_compare(qtbot, window)
    rows = {row[0]: row for row in window.compare_view.rows()}
    assert rows["Diagram"][3] == "+0 −0 ~4"
    _, was, now, count = rows["Changed in B"]
    assert count == "~4" and len(was.splitlines()) == len(now.splitlines()) == 4
    assert "SSH client" in was.splitlines() and "RDP client" in now.splitlines()


def test_compare_metric_names_are_whole(qtbot, window):
    with qtbot.waitSignal(window.scenarioShown, timeout=10_000):
        window.select_scenario("cicd-pipeline")
    _visit_compare(qtbot, window)
    table = window.compare_view.table
    assert table.rowCount() > 20
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    for row in range(table.rowCount()):
        for column in range(4):
            item = table.item(row, column)
            width = table.columnWidth(column) - margin
            metrics = table.fontMetrics()
            words = item.text().split()
            assert all(metrics.horizontalAdvance(w) <= width for w in words), (item.text(), width)
            needed = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, item.text()).height()
            assert needed <= table.rowHeight(row), (item.text(), needed, table.rowHeight(row))
    assert table.columnWidth(0) >= table.width() // 4  # the names keep a good share of the width


def test_the_library_line_comes_back_after_a_timed_message(qtbot, window):
    bar = window.statusBar()
    line = f"Library: {window.library.path}"
    assert bar.currentMessage() == line
    window.exports.message.emit("Exported /tmp/x.png", 50)  # as an export says it, briefly
    assert bar.currentMessage() == "Exported /tmp/x.png"
    qtbot.waitUntil(lambda: bar.currentMessage() == line, timeout=5_000)


def test_visiting_compare_leaves_the_list_and_side_panel_widths_alone(qtbot, window):
    window.splitter.setSizes([180, 700, 392])  # a wider side panel: the centre has little to spare
    before = window.splitter.sizes()
    for scenario_id in ("cicd-pipeline", "ec2-connection"):
        with qtbot.waitSignal(window.scenarioShown, timeout=10_000):
            window.select_scenario(scenario_id)
        _visit_compare(qtbot, window)
        assert window.splitter.sizes()[0] == before[0]
        window.centre_tabs.setCurrentIndex(0)
        assert window.splitter.sizes() == before, scenario_id
