"""Libraries and imports (LibraryController): a library that cannot be used is explained and
another offered; imports run off the UI thread, can be cancelled, and change nothing on failure."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from explorer.library.store import Library
from explorer.ui.errors import LibraryProblemDialog
from explorer.ui.import_runner import ImportRunner
from tests.conftest import BUNDLED_DB
from tests.helpers import digest

TINY = (
    "id: tiny\nnumber: 99\ntitle: Tiny\nnodes:\n  - {id: a, type: aws.compute.EC2, label: A}\nphases:\n  - title: One\n"
)


def test_unusable_library_offers_the_bundled_one(qtbot, window, monkeypatch, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    asked = []
    monkeypatch.setattr(
        LibraryProblemDialog,
        "ask",
        classmethod(lambda cls, parent, msg, can_quit=True: asked.append(msg) or cls.BUNDLED),
    )
    window.open_library(junk)
    assert "is not an SQLite database" in asked[0]
    assert window.library.path == BUNDLED_DB


def test_unusable_library_then_another_one(qtbot, window, monkeypatch, tmp_path, library_db):
    answers = iter([LibraryProblemDialog.OPEN])
    monkeypatch.setattr(LibraryProblemDialog, "ask", classmethod(lambda cls, *a, **k: next(answers)))
    monkeypatch.setattr(window, "ask_library_path", lambda title, create=False: str(library_db))
    with qtbot.waitSignal(window.libraryChanged, timeout=5000) as blocker:
        window.open_library(tmp_path / "missing.db")
    assert blocker.args == [str(library_db)]


def test_the_library_used_last_is_remembered(qtbot, window, user_db):
    window.open_library(user_db)
    assert window.settings.value("library/path") == str(user_db.resolve())
    window.open_library(BUNDLED_DB)
    assert window.settings.value("library/path") == ""  # the bundled one is the default anyway
    assert window.settings.value("library/folder") == str(BUNDLED_DB.resolve().parent)


def test_import_into_a_new_user_library(qtbot, window, monkeypatch, tmp_path):
    source = tmp_path / "mine.yaml"
    source.write_text(
        "id: my-edge\ntitle: My edge setup\nnodes:\n  - {id: cdn, type: aws.network.CloudFront, label: CDN}\n"
        "  - {id: site, type: aws.storage.SimpleStorageServiceS3, label: Site bucket}\n"
        "edges:\n  - {source: cdn, target: site}\nphases:\n  - title: Everything\n"
    )
    target = tmp_path / "mine.db"
    window.open_library(BUNDLED_DB)
    bundled_before = digest(BUNDLED_DB)
    monkeypatch.setattr(window, "ask_yaml_path", lambda: str(source))
    monkeypatch.setattr(window, "ask_library_path", lambda title, create=False: str(target))
    with qtbot.waitSignal(window.scenarioShown, timeout=10_000) as blocker:
        window.import_action.trigger()
    assert blocker.args == ["my-edge"]
    assert window.library.path == target
    assert digest(BUNDLED_DB) == bundled_before
    assert "disaster-recovery" in {s.id for s in Library(target).summaries()}


def test_import_of_a_broken_file_changes_nothing(qtbot, window, monkeypatch, tmp_path, library_db):
    window.open_library(library_db)
    source = tmp_path / "broken.yaml"
    source.write_text(
        "id: broken\ntitle: Broken\nnodes:\n  - {id: a, type: aws.compute.Nope, label: A}\nphases:\n  - title: One\n"
    )
    before = digest(library_db)
    monkeypatch.setattr(window, "ask_yaml_path", lambda: str(source))
    with qtbot.waitSignal(window.problemShown, timeout=5000) as blocker:
        window.import_action.trigger()
    assert f"{source}:4: nodes[0].type" in blocker.args[0]
    assert digest(library_db) == before


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


def test_importing_an_existing_id_asks_before_replacing(qtbot, window, tmp_path, user_db):
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY)
    with qtbot.waitSignal(window.imported, timeout=20_000):
        window.start_import(source, user_db)
    asked = []
    window.confirm_overwrite = lambda text: asked.append(text) or True
    source.write_text(TINY.replace("title: Tiny", "title: Tiny again"))
    with qtbot.waitSignal(window.imported, timeout=20_000) as imported:
        window.start_import(source, user_db)
    assert imported.args == ["tiny"] and len(asked) == 1 and "Replace it?" in asked[0]
    assert window.scenario.title == "Tiny again"


def test_an_import_of_a_fifo_is_refused_without_hanging(qtbot, window, tmp_path):
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
