"""The window under faults: it says what is wrong, stays usable, and loses nothing."""

from __future__ import annotations

import json
import os
import stat
import sys
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

from explorer.drawing.render import clear_memory_cache
from explorer.library.store import Library
from explorer.ui.errors import ErrorDialog, LibraryProblemDialog, handle_exception
from tests.conftest import BUNDLED_DB
from tests.helpers import HOSTILE, digest


def forget_renders(window) -> None:
    clear_memory_cache()
    window.images = type(window.images)(window.images.limit_bytes)
    import explorer.drawing.cache

    explorer.drawing.cache._disk = None
    os.environ["SCENARIO_EXPLORER_CACHE"] = os.environ["SCENARIO_EXPLORER_CACHE"] + "-x"


def test_graphviz_missing_then_installed(qtbot, window, monkeypatch, tmp_path):
    forget_renders(window)
    real_path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(tmp_path))
    window.choose_option("strategy", "warm-standby")
    qtbot.waitUntil(lambda: "Graphviz" in window.diagram_view.message(), timeout=10_000)
    assert "apt-get install graphviz" in window.diagram_view.message()
    retry = window.findChild(QAbstractButton, "retryRender")
    assert retry.isVisible()
    window.set_phase(2)  # the rest of the window still works
    assert window.phase == 2
    monkeypatch.setenv("PATH", real_path)  # "installed"
    with qtbot.waitSignal(window.diagramShown, timeout=20_000):
        retry.click()
    assert window.diagram_view.message() == "" and not retry.isVisible()


def test_graphviz_hanging_keeps_the_ui_responsive(qtbot, window, monkeypatch, tmp_path):
    forget_renders(window)
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setenv("SCENARIO_EXPLORER_DOT_TIMEOUT", "1")
    ticks = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    window.choose_option("strategy", "active-active")
    qtbot.waitUntil(lambda: "longer than 1 seconds" in window.diagram_view.message(), timeout=15_000)
    timer.stop()
    assert len(ticks) > 20  # the event loop kept running while Graphviz hung


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


def test_an_unexpected_error_is_reported_and_the_app_carries_on(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(
        ErrorDialog, "ask", classmethod(lambda cls, summary, details, parent=None: shown.append((summary, details)))
    )
    try:
        raise RuntimeError("a bug in a slot")
    except RuntimeError:
        handle_exception(*sys.exc_info(), window)
    assert shown and shown[0][0] == "RuntimeError: a bug in a slot"
    assert "Traceback" in shown[0][1] and "test_an_unexpected_error" in shown[0][1]
    window.choose_option("strategy", "warm-standby")  # still fully usable
    assert window.selection["strategy"] == "warm-standby"


@pytest.fixture
def hostile_db(tmp_path):
    from explorer.library.writer import create_user_library, import_scenario

    db = tmp_path / "hostile.db"
    create_user_library(db, BUNDLED_DB)
    text = f"""id: hostile
title: {json.dumps(HOSTILE)}
summary: {json.dumps("<script>alert(1)</script> " * 3)}
situation: {json.dumps("x" * 10_000)}
clusters:
  - {{id: c, label: {json.dumps(HOSTILE)}, kind: vpc}}
nodes:
  - {{id: a, type: aws.compute.EC2, label: {json.dumps(HOSTILE)}, cluster: c}}
  - {{id: b, type: aws.database.RDS, label: "line one\\nline two <i>x</i>", phase: 2}}
edges:
  - {{source: a, target: b, label: {json.dumps(HOSTILE)}}}
phases:
  - title: {json.dumps(HOSTILE)}
  - title: Second
option_groups:
  - key: g
    label: {json.dumps(HOSTILE)}
    options:
      - {{key: one, label: {json.dumps(HOSTILE)}}}
      - {{key: two, label: "Two & more"}}
"""
    import_scenario(db, text, "hostile.yaml")
    return db


def test_hostile_text_is_shown_literally(qtbot, window, hostile_db):
    window.open_library(hostile_db)
    with qtbot.waitSignal(window.diagramShown, timeout=20_000):
        window.select_scenario("hostile")
    assert window.findChild(QLabel, "scenarioTitle").text() == HOSTILE
    button = window.findChild(QAbstractButton, "option:g:one")
    assert button.text().replace("&&", "&").removesuffix("  ★") == HOSTILE  # no mnemonic eaten
    assert window.findChild(QGroupBox, "group:g").title().replace("&&", "&") == HOSTILE
    brief = window.brief.toPlainText()
    assert HOSTILE in brief and "x" * 10_000 in brief
    assert "<script>alert(1)</script>" in window.findChild(QLabel, "scenarioSummary").text()
    window.set_phase(1)
    assert "<b>not bold</b>" in window.phase_details.text().replace("&lt;", "<").replace("&gt;", ">")
    assert not window.diagram_view.image().isNull()
