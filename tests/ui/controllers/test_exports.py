"""Exports from the window (ExportController): one view, every view, the clipboard; none dropped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtGui import QGuiApplication, QImage

from explorer.output.batch import plan_batch
from explorer.output.settings import ExportSettings
from explorer.ui.export_dialog import BatchDialog, ExportDialog

from ..window_helpers import pick


def test_export_writes_a_png(qtbot, window, tmp_path):
    pick(qtbot, window, "Disaster recovery")
    target = tmp_path / "slide.png"
    with qtbot.waitSignal(window.exported, timeout=20_000) as blocker:
        window.export_png(target)
    assert blocker.args == [str(target)]
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 1000


def test_export_menu_action_uses_the_dialog_answers(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "from-menu"
    monkeypatch.setattr(
        ExportDialog, "ask", classmethod(lambda cls, *a, **k: ExportSettings.with_preset("xga", title=True))
    )
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: str(target))
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_png_action.trigger()
    image = QImage(str(target) + ".png")
    assert (image.width(), image.height()) == (1024, 768)
    assert window.settings.value("export/folder") == str(tmp_path)  # the next dialog starts there


def test_export_as_svg_from_the_dialog(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, *a, **k: ExportSettings(fmt="svg", legend=True)))
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: str(tmp_path / f"d.{fmt}"))
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_action.trigger()
    ET.parse(tmp_path / "d.svg")


def test_export_does_not_replace_without_asking(qtbot, window, tmp_path, monkeypatch):
    existing = tmp_path / "keep.png"
    existing.write_bytes(b"precious")
    asked = []
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, *a, **k: ExportSettings()))
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: str(tmp_path / "keep"))
    monkeypatch.setattr(window, "confirm_overwrite", lambda text: asked.append(text) or False)
    with qtbot.assertNotEmitted(window.exported):
        window.export_action.trigger()
    assert asked == [f"{existing} already exists. Replace it?"]
    assert window.exporter.pending == 0  # nothing was even started
    assert existing.read_bytes() == b"precious"


def test_copy_puts_the_diagram_on_the_clipboard(qtbot, window):
    QGuiApplication.clipboard().clear()
    window.copy_action.trigger()
    copied = QGuiApplication.clipboard().image()
    assert not copied.isNull() and copied.size() == window.diagram_view.image(2.0).size()  # drawn at twice the size


def test_batch_export_of_one_scenario(qtbot, window, tmp_path):
    scenario = window.scenario
    expected = len(plan_batch([scenario]))
    with qtbot.waitSignal(window.batchFinished, timeout=120_000) as blocker:
        window.start_batch(tmp_path, [scenario], ExportSettings(dpi=72))
    assert blocker.args == [expected, expected]
    assert len(list(tmp_path.glob("*.png"))) == expected
    assert (tmp_path / "manifest.csv").exists() and (tmp_path / "index.html").exists()


def test_batch_export_from_the_menu_uses_the_dialog_answers(qtbot, window, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(
        BatchDialog,
        "ask",
        classmethod(lambda cls, settings, title, parent=None: asked.append(title) or (False, ExportSettings(dpi=72))),
    )
    monkeypatch.setattr(window, "ask_folder", lambda: str(tmp_path))
    with qtbot.waitSignal(window.batchFinished, timeout=120_000) as blocker:
        window.export_all_action.trigger()
    assert asked == [window.scenario.title]
    assert blocker.args[0] == blocker.args[1] == len(plan_batch([window.scenario]))
    assert window.batch_dialog.objectName() == "batchProgress"


def test_batch_export_can_be_cancelled(qtbot, window, tmp_path):
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


def test_exports_asked_for_at_once_are_all_written(qtbot, window, tmp_path):
    written = []
    window.exported.connect(written.append)
    window.export_view(tmp_path / "a.png", ExportSettings())
    window.export_view(tmp_path / "b.svg", ExportSettings(fmt="svg"))
    window.export_view(tmp_path / "c.dot", ExportSettings(fmt="dot"))
    qtbot.waitUntil(lambda: len(written) == 3, timeout=30_000)
    assert written == [str(tmp_path / n) for n in ("a.png", "b.svg", "c.dot")]
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (tmp_path / "b.svg").read_bytes()


def test_a_failed_export_is_reported_and_the_next_still_written(qtbot, window, tmp_path):
    failures, written, problems = [], [], []
    window.exportFailed.connect(failures.append)
    window.exported.connect(written.append)
    window.problemShown.connect(problems.append)
    window.export_view(tmp_path / "missing-folder" / "a.png", ExportSettings())
    window.export_view(tmp_path / "b.png", ExportSettings())
    qtbot.waitUntil(lambda: bool(failures and written), timeout=30_000)
    assert "missing-folder" in failures[0]
    assert problems == failures  # told to the user, once
    assert written == [str(tmp_path / "b.png")]


def test_the_status_bar_says_when_labels_come_out_too_small(qtbot, window, tmp_path):
    pick(qtbot, window, "Multi-region")
    with qtbot.waitSignal(window.exported, timeout=30_000):
        window.export_png(tmp_path / "mr.png")  # 1080p: multi-region's labels are under 16 px
    message = window.statusBar().currentMessage()
    assert "mr.png" in message and "small for a projected slide" in message and "4K" in message
    pick(qtbot, window, "Lambda")
    with qtbot.waitSignal(window.exported, timeout=30_000):
        window.export_view(tmp_path / "l.png", ExportSettings.with_preset("4k"))
    assert "small" not in window.statusBar().currentMessage()


def test_deck_action_writes_the_selection_and_parameters(qtbot, window, tmp_path, monkeypatch):
    import io

    from pptx import Presentation

    window.select_scenario("disaster-recovery")
    window.params_panel.boxes["rpo"].setValue(59)  # pilot light is now at risk: warm standby is recommended
    qtbot.waitUntil(lambda: window.state.params.get("rpo") == 59, timeout=5000)
    asked = []
    monkeypatch.setattr(window, "ask_save_path", lambda fmt: asked.append(fmt) or str(tmp_path / "review"))
    action = window.findChild(type(window.deck_action), "deckAction")
    assert action is window.deck_action and action.text() == "Export Slide Deck…"
    with qtbot.waitSignal(window.exported, timeout=120_000) as blocker:
        action.trigger()
    assert asked == ["pptx"] and blocker.args == [str(tmp_path / "review.pptx")]
    prs = Presentation(io.BytesIO((tmp_path / "review.pptx").read_bytes()))
    decision = next(s for s in prs.slides if any(sh.has_table for sh in s.shapes) and "Decision" in s.shapes[0].text)
    table = next(sh.table for sh in decision.shapes if sh.has_table)
    assert table.cell(0, 3).text == "★ Warm standby"
