"""The window under hardening round two: exports are never dropped, results from a
library that is no longer open are never shown, imports run off the UI thread and can
be cancelled, and a damaged library is explained in a dialog."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from explorer.output.settings import ExportSettings
from explorer.ui.errors import LibraryProblemDialog
from explorer.ui.import_runner import ImportRunner
from tests.conftest import BUNDLED_DB

TINY = (
    "id: tiny\nnumber: 99\ntitle: Tiny\nnodes:\n  - {id: a, type: aws.compute.EC2, label: A}\nphases:\n  - title: One\n"
)


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
    failures, written = [], []
    window.exportFailed.connect(failures.append)
    window.exported.connect(written.append)
    window.export_view(tmp_path / "missing-folder" / "a.png", ExportSettings())
    window.export_view(tmp_path / "b.png", ExportSettings())
    qtbot.waitUntil(lambda: bool(failures and written), timeout=30_000)
    assert "missing-folder" in failures[0]
    assert written == [str(tmp_path / "b.png")]


def test_a_render_from_the_previous_library_is_never_shown(qtbot, window, tmp_path):
    other = tmp_path / "other.db"
    shutil.copyfile(BUNDLED_DB, other)
    job = window._render_job(window._view_key())  # a render that starts now...
    result = job()
    window.open_library(other)  # ...and ends after another library is open
    shown_before = window._shown_key
    window._keep(result)
    window._on_rendered(0, result)
    assert window.images.get(result[1]) is None
    assert window._shown_key == shown_before


def test_an_import_runs_in_the_background_and_can_be_cancelled(qtbot, window, tmp_path):
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY)
    target = tmp_path / "mine.db"
    runner = ImportRunner(source, target, BUNDLED_DB)
    runner.cancel()  # the user pressed Cancel before the change was committed
    with qtbot.waitSignal(runner.cancelled, timeout=10_000):
        runner.start()
    assert not target.exists()

    with qtbot.waitSignal(window.imported, timeout=20_000) as imported:
        window.start_import(source, target)
    assert imported.args == ["tiny"]
    assert window.import_dialog.objectName() == "importProgress"
    assert Path(window.library.path) == target and window.scenario.id == "tiny"


def test_an_import_of_a_fifo_is_refused_without_hanging(qtbot, window, tmp_path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    problems = []
    window.problemShown.connect(problems.append)
    window.start_import(fifo, tmp_path / "mine.db")
    qtbot.waitUntil(lambda: bool(problems), timeout=10_000)
    assert "not a regular file" in problems[0]
    assert not (tmp_path / "mine.db").exists()


def test_a_damaged_library_is_explained_in_a_dialog(qtbot, window, tmp_path, monkeypatch):
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(BUNDLED_DB, damaged)
    conn = sqlite3.connect(damaged)
    conn.execute("update scenarios set number = x'01' where id = 'multi-region'")
    conn.commit()
    conn.close()
    asked = []
    monkeypatch.setattr(
        LibraryProblemDialog,
        "ask",
        classmethod(lambda cls, parent, message, can_quit=True: asked.append(message) or cls.QUIT),
    )
    assert window.open_library(damaged) is False
    assert len(asked) == 1 and "damaged: scenarios.number of 'multi-region'" in asked[0] and "\n" not in asked[0]
    assert window.scenario is not None  # the open library goes on working


def test_damaged_scenario_data_is_reported_not_raised(qtbot, window, tmp_path):
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(BUNDLED_DB, damaged)
    conn = sqlite3.connect(damaged)
    conn.execute("update scenarios set data = json_set(data, '$.nodes', json('[]')) where id = 'multi-region'")
    conn.commit()
    conn.close()
    problems = []
    window.problemShown.connect(problems.append)
    window.open_library(damaged)
    window.load_scenario("multi-region")
    assert any("damaged: scenarios.data of 'multi-region'" in p for p in problems)
