"""What-if parameters, charts and the comparison in the real window."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDoubleSpinBox

from explorer.ui.whatif import CompareView


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


def test_compare_tab_and_its_export(qtbot, window, tmp_path):
    view = window.findChild(CompareView, "compareView")
    with qtbot.waitSignal(window.compareShown, timeout=20_000):
        window.centre_tabs.setCurrentWidget(view)
    a = window.findChild(QComboBox, "compare:a:strategy")
    b = window.findChild(QComboBox, "compare:b:strategy")
    assert a.currentData() == "pilot-light" and b.currentData() == "warm-standby"
    with qtbot.waitSignal(window.compareShown, timeout=20_000):
        b.setCurrentIndex(b.findData("backup-restore"))
    rows = {r[0]: r for r in view.rows()}
    assert rows["Monthly cost"][3].startswith("−")
    assert rows["Diagram"][3].startswith("+1 −")
    assert any("✗" in r[2] for r in view.rows())  # backup and restore misses the RPO
    assert not view.left.image().isNull() and not view.right.image().isNull()
    from explorer.output.settings import ExportSettings

    target = tmp_path / "compare.png"
    with qtbot.waitSignal(window.exported, timeout=30_000):
        window.export_comparison(ExportSettings(legend=True, caption=True), str(target))
    image = QImage(str(target))
    assert image.width() > view.left.image().width()


def test_chart_export(qtbot, window, tmp_path, monkeypatch):
    window.centre_tabs.setCurrentWidget(window.charts)
    target = tmp_path / "chart.png"
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: str(target))
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.charts.exportRequested.emit()
    assert QImage(str(target)).width() > 600
