"""The Charts tab (ChartsController): the chart's export."""

from __future__ import annotations

from PySide6.QtGui import QImage


def test_chart_export(qtbot, window, tmp_path, monkeypatch):
    window.centre_tabs.setCurrentWidget(window.charts)
    target = tmp_path / "chart.png"
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: str(target))
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.charts.exportRequested.emit()
    assert QImage(str(target)).width() > 600


def test_choosing_another_group_draws_its_chart(qtbot, window):
    window.select_scenario("hybrid-connectivity")
    with qtbot.waitSignal(window.chartShown, timeout=20_000):
        window.centre_tabs.setCurrentWidget(window.charts)
    first = window.charts.png
    assert window.charts.group.count() >= 2
    with qtbot.waitSignal(window.chartShown, timeout=20_000):
        window.charts.group.setCurrentIndex(1)
    assert window.charts.png and window.charts.png != first
