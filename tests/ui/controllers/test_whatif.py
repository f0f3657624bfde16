"""What-if values (WhatIfController): checks, figures and the recommendation follow, and are remembered."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QDoubleSpinBox


def test_a_stricter_rpo_changes_checks_recommendation_and_chart(qtbot, window):
    window.centre_tabs.setCurrentWidget(window.charts)
    qtbot.waitUntil(lambda: bool(window.charts.png), timeout=20_000)
    before = window.charts.png
    assert all(met for _, met in window.tradeoffs.checks())
    rpo = window.findChild(QDoubleSpinBox, "param:rpo")
    with qtbot.waitSignal(window.chartShown, timeout=20_000):
        rpo.setValue(5)
    assert window.params == {"rpo": 5}
    assert [met for _, met in window.tradeoffs.checks()] == [False, True]
    assert window.recommendation == {"strategy": "warm-standby"}
    assert "★" in window.findChild(QAbstractButton, "option:strategy:warm-standby").text()
    assert "Warm standby" in window.tradeoffs.verdict.text()
    assert window.charts.png != before
    with qtbot.waitSignal(window.diagramShown, timeout=20_000):
        window.findChild(QAbstractButton, "applyRecommendation").click()  # the diagram follows when asked
    assert window.selection == {"strategy": "warm-standby"}
    window.findChild(QAbstractButton, "resetParams").click()
    assert window.params == {} and window.recommendation == {"strategy": "pilot-light"}


def test_set_params_is_what_the_boxes_do(qtbot, window):
    window.set_params({"rpo": 5})
    assert window.findChild(QDoubleSpinBox, "param:rpo").value() == 5
    assert window.recommendation == {"strategy": "warm-standby"}
    assert window.settings.value("scenarios/disaster-recovery/params") == '{"rpo": 5}'


def test_migration_what_if(qtbot, window):
    window.select_scenario("large-data-migration")
    window.findChild(QDoubleSpinBox, "param:data_tb").setValue(8)
    window.findChild(QDoubleSpinBox, "param:bandwidth_mbps").setValue(1000)
    assert window.recommendation["transfer"] == "internet"
    window.choose_option("transfer", "internet")
    assert all(met is not False for _, met in window.tradeoffs.checks())


def test_parameters_are_remembered(qtbot, library_db):
    from explorer.ui import create_main_window

    first = create_main_window(library_db)
    qtbot.addWidget(first)
    first.select_scenario("disaster-recovery")
    first.findChild(QDoubleSpinBox, "param:rto").setValue(30)
    first.close()
    second = create_main_window(library_db)
    qtbot.addWidget(second)
    assert second.params == {"rto": 30}
    assert second.findChild(QDoubleSpinBox, "param:rto").value() == 30
    second.close()


def test_each_parameter_shows_its_tipping_points(qtbot, window):
    from PySide6.QtWidgets import QLabel

    tip = window.findChild(QLabel, "tip:rpo")  # scenario 6, opened first
    qtbot.waitUntil(lambda: tip.text().startswith("Tipping points"), timeout=20_000)
    assert tip.text() == "Tipping points: below 1 h: Warm standby."
    window.findChild(QDoubleSpinBox, "param:rpo").setValue(30)
    qtbot.waitUntil(lambda: "from 1 h" in tip.text(), timeout=20_000)
    assert tip.text() == "Tipping points: below 5 min: Multi-site active/active; from 1 h: Pilot light."


def test_every_option_says_why_it_is_or_is_not_recommended(qtbot, window):
    pilot = window.findChild(QAbstractButton, "option:strategy:pilot-light")
    backup = window.findChild(QAbstractButton, "option:strategy:backup-restore")
    assert "★ Recommended: the cheapest that meets every requirement." in pilot.toolTip()
    assert "Not recommended: it misses RPO" in backup.toolTip()
    window.set_params({"rpo": 59})
    assert "Not recommended: it is at risk on RPO" in pilot.toolTip()
    marks = window.tradeoffs.requirements.text()
    assert "at risk" in marks and "!" in marks


def test_the_charts_tab_offers_the_tipping_points(qtbot, window):
    from PySide6.QtWidgets import QComboBox

    from explorer.output.charts import TIPPING_CHART

    window.centre_tabs.setCurrentWidget(window.charts)
    combo = window.findChild(QComboBox, "chartGroup")
    index = combo.findData(TIPPING_CHART)
    assert index >= 0
    with qtbot.waitSignal(window.chartShown, timeout=20_000):
        combo.setCurrentIndex(index)
    assert window.charts.png.startswith(b"\x89PNG")
    window.select_scenario("ec2-connection")
    assert combo.findData(TIPPING_CHART) == -1  # a guide has nothing to tip
