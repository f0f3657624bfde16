"""The diagram (RenderingController): a scenario is laid out once, off the UI thread; every
view is then shown from that layout at once, never stale, and closing stops cleanly."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton

import explorer.drawing.layout
import explorer.drawing.placement
import explorer.drawing.render
from explorer.domain.compose import compose
from tests.conftest import BUNDLED_DB

from ..window_helpers import settled


def drawn_ids(window) -> set[str]:
    return set(window.diagram_view.node_ids())


def expected_ids(window) -> set[str]:
    return {n.id for n in compose(window.scenario, window.selection, window.phase).nodes}


def no_graphviz(monkeypatch) -> list[str]:
    """Make any Graphviz run fail the test (and record it)."""
    runs: list[str] = []

    def refuse(source, *args, **kwargs):
        runs.append(kwargs.get("fmt", args[0] if args else "png"))
        raise AssertionError("Graphviz ran")

    monkeypatch.setattr(explorer.drawing.render, "run_dot", refuse)
    monkeypatch.setattr(explorer.drawing.placement, "run_dot", refuse)
    return runs


def test_rapid_toggling_ends_on_the_final_selection(qtbot, window):
    for name in [
        "warm-standby",
        "backup-restore",
        "active-active",
        "pilot-light",
        "warm-standby",
        "backup-restore",
    ] * 3:
        window.findChild(type(window.decisions.buttons[("strategy", name)]), f"option:strategy:{name}").click()
    for n in (1, 2, 3, 2):
        window.set_phase(n)
    qtbot.waitUntil(lambda: settled(window), timeout=30_000)
    assert window.selection == {"strategy": "backup-restore"} and window.phase == 2
    assert drawn_ids(window) == expected_ids(window)


def test_toggles_and_phase_steps_keep_shared_nodes_in_place_without_graphviz(qtbot, window, monkeypatch):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    view = window.diagram_view
    before = {node_id: view.node_rect(node_id) for node_id in view.node_ids()}
    runs = no_graphviz(monkeypatch)
    seen = set()
    for option in ("backup-restore", "warm-standby", "active-active", "pilot-light"):
        window.choose_option("strategy", option)
        for phase in (None, 1, 2, 3):
            window.set_phase(phase)
            assert settled(window)  # on screen at once: nothing to wait for
            assert drawn_ids(window) == expected_ids(window)
            for node_id in view.node_ids():
                seen.add(node_id)
                if node_id in before:
                    assert view.node_rect(node_id) == before[node_id], node_id
    assert runs == []
    assert seen - set(before)  # some option showed nodes the first view did not have


def test_a_hidden_node_has_no_rect(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    all_ids = set(window.diagram_view.shown_layout().nodes)
    hidden = all_ids - drawn_ids(window)
    assert hidden  # the layout holds every option's nodes; this view shows some of them
    assert all(window.diagram_view.node_rect(node_id) is None for node_id in hidden)
    assert window.diagram_view.node_rect("no-such-node") is None


def test_a_layout_from_the_previous_library_is_never_shown(qtbot, window, tmp_path):
    from explorer.ui.controllers.rendering import prepare

    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    other = tmp_path / "other.db"
    shutil.copyfile(BUNDLED_DB, other)
    stale = prepare(window.scenario, window.rendering._state.content_digest, window.rendering._state.generation)
    window.open_library(other)  # ...and it arrives after another library is open
    window.select_scenario("disaster-recovery")
    qtbot.waitUntil(lambda: window.scenario is not None and settled(window), timeout=20_000)
    layout_before = window.diagram_view.shown_layout()
    window.renderer.rendered.emit(0, stale)
    assert window.diagram_view.shown_layout() is layout_before


def test_a_slow_layout_for_a_scenario_left_is_dropped(qtbot, window, monkeypatch, cold_renders):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    real = explorer.drawing.layout.compute_layout
    release = threading.Event()

    def slow(scenario, *args, **kwargs):
        if scenario.id == "multi-region":
            release.wait(10)
        return real(scenario, *args, **kwargs)

    monkeypatch.setattr(explorer.drawing.layout, "compute_layout", slow)
    window.select_scenario("multi-region")
    assert window.renderer.busy
    window.select_scenario("hybrid-connectivity")
    release.set()
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    assert window.scenario.id == "hybrid-connectivity"
    assert window.diagram_view.shown_layout().scenario_id == "hybrid-connectivity"


def test_zoomed_to_8x_the_diagram_is_still_items(qtbot, window):
    from PySide6.QtWidgets import QGraphicsPixmapItem

    from explorer.ui.diagram_scene import EdgeItem, NodeItem

    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    view = window.diagram_view
    for _ in range(40):
        view.zoom_by(1.25)
    assert view.zoom() == 8.0
    items = view.scene().items()
    assert any(isinstance(i, NodeItem) for i in items) and any(isinstance(i, EdgeItem) for i in items)
    pixmaps = [i for i in items if isinstance(i, QGraphicsPixmapItem)]
    assert pixmaps and all(isinstance(i.parentItem(), NodeItem) for i in pixmaps)  # only icons are pixmaps


CLOSE_WHILE_LAYING_OUT = r"""
import os, sys, threading
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
import explorer.drawing.layout
import explorer.drawing.placement
real = explorer.drawing.layout.compute_layout
started, release = threading.Event(), threading.Event()
def slow(*a, **k):
    started.set()
    release.wait(30)
    return real(*a, **k)
explorer.drawing.layout.compute_layout = slow
from explorer.ui import create_main_window
w = create_main_window(sys.argv[1])
w.show()
w.select_scenario("disaster-recovery")
assert w.renderer.busy
assert started.wait(60), "the layout never started"
save = w.save_settings
def save_then_release():
    save()  # the first thing closing does, while the layout still runs...
    release.set()  # ...which then ends while the window waits for it
w.save_settings = save_then_release
QTimer.singleShot(0, w.close)
QTimer.singleShot(0, app.quit)
app.exec()
print("released", release.is_set())
print("threads", w.renderer._pool.activeThreadCount())
"""


def test_closing_while_a_layout_runs_exits_cleanly(library_db, tmp_path):
    env = {**os.environ, "SCENARIO_EXPLORER_CACHE": str(tmp_path / "cache")}  # nothing cached
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_WHILE_LAYING_OUT, str(library_db), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "released True" in done.stdout
    assert "threads 0" in done.stdout
    assert "QThread" not in done.stderr and "Traceback" not in done.stderr


def test_graphviz_missing_then_installed(qtbot, window, monkeypatch, tmp_path, cold_renders):
    real_path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(tmp_path))
    window.select_scenario("hybrid-connectivity")  # not laid out yet: Graphviz is needed
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
    assert drawn_ids(window) == expected_ids(window)


def test_graphviz_hanging_keeps_the_ui_responsive(qtbot, window, monkeypatch, tmp_path, cold_renders):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setenv("SCENARIO_EXPLORER_DOT_TIMEOUT", "1")
    busy_at_tick: list[bool] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: busy_at_tick.append(window.renderer.busy))
    timer.start()
    window.select_scenario("hybrid-connectivity")
    qtbot.waitUntil(lambda: "longer than 1 seconds" in window.diagram_view.message(), timeout=15_000)
    timer.stop()
    assert any(busy_at_tick)  # the event loop kept running while Graphviz hung
    assert not window.renderer.busy
