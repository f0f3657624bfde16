"""The real main window, driven as a user would through its public objectNames."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLineEdit

from explorer.ui.diagram_view import DiagramView
from explorer.ui.panels import TradeoffPanel


def list_titles(win) -> list[str]:
    view = win.findChild(QAbstractItemView, "scenarioList")
    model = view.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def pick(qtbot, win, title_part: str) -> None:
    view = win.findChild(QAbstractItemView, "scenarioList")
    model = view.model()
    row = next(r for r in range(model.rowCount()) if title_part in model.index(r, 0).data())
    if win.scenario is not None and title_part in win.scenario.title:
        return
    with qtbot.waitSignal(win.scenarioShown, timeout=5000):
        view.selectionModel().setCurrentIndex(model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def button(win, name: str) -> QAbstractButton:
    found = win.findChild(QAbstractButton, name)
    assert found is not None, f"no button named {name}"
    return found


def shown_image(win) -> QImage:
    return win.findChild(DiagramView, "diagramView").image()


def wait_for_new_image(qtbot, win, before: QImage) -> QImage:
    qtbot.waitUntil(lambda: not win.renderer.busy and shown_image(win) != before, timeout=20_000)
    return shown_image(win)


def test_contract_object_names(window):
    assert isinstance(window.findChild(QAbstractItemView, "scenarioList"), QAbstractItemView)
    assert window.findChild(DiagramView, "diagramView") is not None
    assert window.findChild(TradeoffPanel, "tradeoffPanel") is not None
    titles = list_titles(window)
    assert any("Disaster recovery strategy" in t for t in titles)


def test_switching_strategy_changes_diagram_and_tradeoffs(qtbot, window):
    pick(qtbot, window, "Disaster recovery")
    qtbot.waitUntil(lambda: window._shown_key == window._view_key(), timeout=20_000)
    pilot = button(window, "option:strategy:pilot-light")
    warm = button(window, "option:strategy:warm-standby")
    assert pilot.isChecked() and not warm.isChecked()
    panel = window.findChild(TradeoffPanel, "tradeoffPanel")
    rows_before = panel.rows()
    image_before = shown_image(window)

    warm.click()

    image_after = wait_for_new_image(qtbot, window, image_before)
    assert warm.isChecked() and not pilot.isChecked()
    assert image_after.size() != image_before.size() or image_after != image_before
    rows_after = panel.rows()
    assert rows_after != rows_before
    rpo = dict((r[0], r[1]) for r in rows_after)["RPO"]
    assert "1 min" in rpo
    assert button(window, "applyRecommendation").isEnabled()


def test_stepping_phases_changes_the_diagram(qtbot, window):
    pick(qtbot, window, "Disaster recovery")
    qtbot.waitUntil(lambda: window._shown_key == window._view_key(), timeout=20_000)
    images = []
    for n in (1, 2, 3):
        before = shown_image(window)
        button(window, f"phase:{n}").click()
        images.append(wait_for_new_image(qtbot, window, before))
        assert button(window, f"phase:{n}").isChecked()
        assert f"Phase {n} of" in window.phase_details.text()
    assert images[0] != images[1] != images[2]
    # Positions stay put: every phase image has the same size.
    assert len({(i.width(), i.height()) for i in images}) == 1


def test_apply_recommendation_returns_to_pilot_light(qtbot, window):
    pick(qtbot, window, "Disaster recovery")
    button(window, "option:strategy:backup-restore").click()
    checks = window.tradeoffs.checks()
    assert any(met is False for _, met in checks)
    button(window, "applyRecommendation").click()
    assert button(window, "option:strategy:pilot-light").isChecked()
    assert all(met is not False for _, met in window.tradeoffs.checks())


def test_export_writes_a_png(qtbot, window, tmp_path):
    pick(qtbot, window, "Disaster recovery")
    target = tmp_path / "slide.png"
    with qtbot.waitSignal(window.exported, timeout=20_000) as blocker:
        window.export_png(target)
    assert blocker.args == [str(target)]
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 1000


def test_export_menu_action_uses_the_dialog_answers(qtbot, window, tmp_path, monkeypatch):
    from explorer.output.export import ExportSettings
    from explorer.ui.export_dialog import ExportDialog

    target = tmp_path / "from-menu"
    monkeypatch.setattr(
        ExportDialog, "ask", classmethod(lambda cls, *a, **k: ExportSettings.with_preset("xga", title=True))
    )
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: str(target))
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_png_action.trigger()
    image = QImage(str(target) + ".png")
    assert (image.width(), image.height()) == (1024, 768)


def test_export_as_svg_from_the_dialog(qtbot, window, tmp_path, monkeypatch):
    import xml.etree.ElementTree as ET

    from explorer.output.export import ExportSettings
    from explorer.ui.export_dialog import ExportDialog

    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, *a, **k: ExportSettings(fmt="svg", legend=True)))
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: str(tmp_path / f"d.{fmt}"))
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_action.trigger()
    ET.parse(tmp_path / "d.svg")


def test_export_does_not_replace_without_asking(qtbot, window, tmp_path, monkeypatch):
    from explorer.output.export import ExportSettings
    from explorer.ui.export_dialog import ExportDialog

    existing = tmp_path / "keep.png"
    existing.write_bytes(b"precious")
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, *a, **k: ExportSettings()))
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: str(tmp_path / "keep"))
    monkeypatch.setattr(window, "confirm_overwrite", lambda text: False)
    with qtbot.assertNotEmitted(window.exported, wait=300):
        window.export_action.trigger()
    assert existing.read_bytes() == b"precious"


def test_copy_puts_the_diagram_on_the_clipboard(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
    window.copy_action.trigger()
    copied = QGuiApplication.clipboard().image()
    assert not copied.isNull() and copied.size() == shown_image(window).size()


def test_batch_export_of_one_scenario(qtbot, window, tmp_path):
    from explorer.output.batch import plan_batch
    from explorer.output.export import ExportSettings

    scenario = window.scenario
    expected = len(plan_batch([scenario]))
    with qtbot.waitSignal(window.batchFinished, timeout=120_000) as blocker:
        window.start_batch(tmp_path, [scenario], ExportSettings(dpi=72))
    assert blocker.args == [expected, expected]
    assert len(list(tmp_path.glob("*.png"))) == expected
    assert (tmp_path / "manifest.csv").exists() and (tmp_path / "index.html").exists()


def test_batch_export_can_be_cancelled(qtbot, window, tmp_path):
    from explorer.output.export import ExportSettings

    scenarios = [window.library.get(s.id) for s in window.library.summaries()]
    with qtbot.waitSignal(window.batchFinished, timeout=120_000) as blocker:
        window.start_batch(tmp_path, scenarios, ExportSettings(dpi=72))
        window.batch_dialog.cancel()
    written, planned = blocker.args
    assert written < planned
    assert len(list(tmp_path.glob("*.png"))) == written
    assert not list(tmp_path.glob(".*.part"))


def test_export_to_a_missing_folder_fails_cleanly(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.exportFailed, timeout=20_000) as blocker:
        window.export_png(tmp_path / "nope" / "x.png")
    assert "does not exist" in blocker.args[0]
    assert not (tmp_path / "nope").exists()


def test_search_filters_the_list(qtbot, window):
    search = window.findChild(QLineEdit, "scenarioSearch")
    everything = list_titles(window)
    search.setText("snowball")
    qtbot.waitUntil(lambda: list_titles(window) != everything, timeout=3000)
    assert len(list_titles(window)) == 1 and "migration" in list_titles(window)[0].lower()
    search.setText("")
    qtbot.waitUntil(lambda: list_titles(window) == everything, timeout=3000)


def test_state_is_remembered_across_runs(qtbot, library_db):
    from explorer.ui import create_main_window

    first = create_main_window(library_db)
    qtbot.addWidget(first)
    first.select_scenario("hybrid-connectivity")
    first.choose_option("connection", "vpn")
    first.set_phase(2)
    first.resize(1100, 700)
    first.close()

    second = create_main_window(library_db)
    qtbot.addWidget(second)
    assert second.scenario.id == "hybrid-connectivity"
    assert second.selection["connection"] == "vpn"
    assert second.phase == 2
    assert button(second, "phase:2").isChecked()
    second.close()


def test_first_run_opens_on_the_overview_and_links_work(qtbot, library_db):
    from PySide6.QtCore import QUrl

    from explorer.ui import create_main_window

    win = create_main_window(library_db)
    qtbot.addWidget(win)
    assert win.pages.currentWidget() is win.overview_view
    text = win.overview_view.toPlainText()
    assert "Key takeaways" in text and "Disaster recovery strategy" in text
    with qtbot.waitSignal(win.scenarioShown, timeout=5000) as blocker:
        win.overview_view.anchorClicked.emit(QUrl("scenario:hybrid-connectivity"))
    assert blocker.args == ["hybrid-connectivity"]
    assert win.pages.currentIndex() == 1
    button(win, "homeButton").click()
    assert win.pages.currentWidget() is win.overview_view
    win.close()
