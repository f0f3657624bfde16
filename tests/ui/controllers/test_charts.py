"""The Charts tab (ChartsController): the chart's export."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel


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


def test_a_guide_with_nothing_to_chart_has_its_charts_tab_disabled_saying_why(qtbot, window):
    tabs = window.centre_tabs
    charts = tabs.indexOf(window.charts)
    window.select_scenario("lambda-issues")
    assert window.scenario.option_groups  # it has cases, with no figures on them
    assert not tabs.isTabEnabled(charts)
    assert tabs.tabToolTip(charts) == "Nothing to chart: this guide's cases carry no figures."
    window.select_scenario("multi-region")
    assert tabs.isTabEnabled(charts) and tabs.tabToolTip(charts) == ""
    assert window.charts.group.count() == len(window.scenario.option_groups) + 1  # and the tipping points


def test_the_first_visit_shows_the_rendering_badge_until_the_chart_is_shown(qtbot, window):
    badge = window.charts.findChild(QLabel, "chartsViewBusy")
    diagram_badge = window.diagram_view.findChild(QLabel, "diagramViewBusy")
    assert type(badge) is type(diagram_badge) and badge.text() == diagram_badge.text() == "Rendering…"
    window.select_scenario("cost-optimization")
    assert not badge.isVisible()
    with qtbot.waitSignal(window.chartShown, timeout=20_000):
        window.centre_tabs.setCurrentWidget(window.charts)
        assert badge.isVisible()  # at once: the tab has nothing on it yet
        viewport = badge.parentWidget()
        assert badge.geometry().right() < viewport.width() and badge.geometry().top() >= 0
    assert not badge.isVisible() and window.charts.png
    # A redraw over a chart already shown waits before showing the badge, as the diagram's does.
    window.charts.group.setCurrentIndex(1)
    assert window.charter.busy and not badge.isVisible()
    qtbot.waitUntil(lambda: not window.charter.busy, timeout=20_000)
    assert not badge.isVisible()
