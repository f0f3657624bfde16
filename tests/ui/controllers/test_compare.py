"""The Compare tab (CompareController): both designs, their table, and the comparison's export."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox

from explorer.output.settings import ExportSettings
from explorer.ui.compare_view import CompareView
from explorer.ui.export_dialog import ExportDialog


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

    target = tmp_path / "compare.png"
    with qtbot.waitSignal(window.exported, timeout=30_000):
        window.export_comparison(ExportSettings(legend=True, caption=True), str(target))
    image = QImage(str(target))
    assert image.width() > view.left.image().width()


def test_the_export_button_asks_for_settings_and_a_path(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, settings, parent=None, fmt=None: ExportSettings()))
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: str(tmp_path / "both"))
    with qtbot.waitSignal(window.exported, timeout=30_000) as blocker:
        window.findChild(CompareView, "compareView").exportRequested.emit()
    assert blocker.args == [str(tmp_path / "both.png")]
    assert not QImage(str(tmp_path / "both.png")).isNull()


def test_both_sides_are_drawn_from_one_layout_and_line_up(qtbot, window):
    view = window.findChild(CompareView, "compareView")
    with qtbot.waitSignal(window.compareShown, timeout=20_000):
        window.centre_tabs.setCurrentWidget(view)
    b = window.findChild(QComboBox, "compare:b:strategy")
    with qtbot.waitSignal(window.compareShown, timeout=20_000):
        b.setCurrentIndex(b.findData("backup-restore"))
    left, right = view.left, view.right
    assert left.direction() == right.direction()
    assert left.shown_layout() is right.shown_layout()
    shared = set(left.node_ids()) & set(right.node_ids())
    assert shared and set(left.node_ids()) != set(right.node_ids())  # the designs differ...
    for node_id in shared:  # ...and what they share is at the same place on both sides
        assert left.node_rect(node_id) == right.node_rect(node_id)
        a = left.mapFromScene(left.node_rect(node_id)).boundingRect()
        b = right.mapFromScene(right.node_rect(node_id)).boundingRect()
        assert abs(a.x() - b.x()) <= 1 and abs(a.y() - b.y()) <= 1
