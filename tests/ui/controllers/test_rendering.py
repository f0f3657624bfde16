"""The diagram (RenderingController): rendering never blocks the UI, never shows a stale view,
keeps what it rendered, and stops cleanly."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton

import explorer.drawing.render
from tests.conftest import BUNDLED_DB

from ..window_helpers import expected_image, settled


def forget_images(window) -> None:
    window.images = type(window.images)(window.images.limit_bytes)


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
    assert window.diagram_view.image() == expected_image(window)


def test_going_back_to_a_cached_view_is_not_overtaken(qtbot, window, monkeypatch, cold_renders):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    cached_key = window.rendering.view_key()
    real = explorer.drawing.render.render_view
    release = threading.Event()

    def slow_render(view, *args, **kwargs):
        if view.selection.get("strategy") == "active-active":
            release.wait(10)  # held until the test lets it finish
        return real(view, *args, **kwargs)

    monkeypatch.setattr(explorer.drawing.render, "render_view", slow_render)
    window.prefetcher.cancel()
    forget_images(window)  # forget prefetched views
    window.images.put(cached_key, window.diagram_view.image())
    window.choose_option("strategy", "active-active")  # slow, cold
    assert window.renderer.busy
    window.choose_option("strategy", "pilot-light")  # cached: shown at once
    assert window.rendering.shown_key == cached_key
    with qtbot.waitSignal(window.renderer.completed, timeout=20_000) as finished:
        release.set()
    assert dict(finished.args[1].key[1]) == {"strategy": "active-active"}  # the slow render finished...
    qtbot.waitUntil(lambda: not window.renderer.busy, timeout=10_000)
    assert window.rendering.shown_key == cached_key  # ...but did not replace it


def test_cached_toggle_is_synchronous(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    window.choose_option("strategy", "warm-standby")
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    window.choose_option("strategy", "pilot-light")  # seen before: no render needed
    assert settled(window)


def test_idle_prefetch_fills_the_cache(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    others = [window.rendering.view_key({"strategy": o}) for o in ("backup-restore", "warm-standby", "active-active")]
    qtbot.waitUntil(lambda: all(window.images.get(k, touch=False) is not None for k in others), timeout=30_000)


def test_a_render_from_the_previous_library_is_never_shown(qtbot, window, tmp_path):
    other = tmp_path / "other.db"
    shutil.copyfile(BUNDLED_DB, other)
    job = window.rendering.render_job(window.rendering.view_key())  # a render that starts now...
    result = job()
    window.open_library(other)  # ...and ends after another library is open
    shown_before = window.rendering.shown_key
    window.renderer.completed.emit(0, result)  # as the render service reports it: worth keeping?
    window.renderer.rendered.emit(0, result)  # and worth showing?
    assert window.images.get(result[1]) is None
    assert window.rendering.shown_key == shown_before


CLOSE_WHILE_RENDERING = r"""
import os, sys, threading
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
import explorer.drawing.render
real = explorer.drawing.render.render_view
started, release = threading.Event(), threading.Event()
def slow(*a, **k):
    started.set()
    release.wait(30)
    return real(*a, **k)
explorer.drawing.render.render_view = slow
from explorer.ui import create_main_window
w = create_main_window(sys.argv[1])
w.show()
w.select_scenario("disaster-recovery")
assert w.renderer.busy
assert started.wait(60), "the render never started"
save = w.save_settings
def save_then_release():
    save()  # the first thing closing does, while the render still runs...
    release.set()  # ...which then ends while the window waits for it
w.save_settings = save_then_release
QTimer.singleShot(0, w.close)
QTimer.singleShot(0, app.quit)
app.exec()
print("released", release.is_set())
print("threads", w.renderer._pool.activeThreadCount(), w.prefetcher._pool.activeThreadCount())
"""


def test_closing_while_a_render_runs_exits_cleanly(library_db, tmp_path):
    env = {**os.environ, "SCENARIO_EXPLORER_CACHE": str(tmp_path / "cache")}  # nothing cached: a real render
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_WHILE_RENDERING, str(library_db), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "released True" in done.stdout  # the window closed while the render ran
    assert "threads 0 0" in done.stdout
    assert "QThread" not in done.stderr and "Traceback" not in done.stderr


def test_start_up_shows_the_cached_last_view_first(qtbot, library_db):
    from explorer.ui import create_main_window

    first = create_main_window(library_db)
    qtbot.addWidget(first)
    first.select_scenario("hybrid-connectivity")
    first.set_phase(2)
    qtbot.waitUntil(lambda: settled(first), timeout=20_000)
    image = first.diagram_view.image()
    first.close()

    second = create_main_window(library_db, restore=False)
    qtbot.addWidget(second)
    second.show()
    with qtbot.waitSignal(second.diagramShown, timeout=10_000):
        second.restore_last_view(early=True)
    assert second.scenario is None  # the diagram came before the scenario's panels
    assert second.diagram_view.image() == image
    qtbot.waitUntil(lambda: second.scenario is not None and settled(second), timeout=10_000)
    assert second.scenario.id == "hybrid-connectivity" and second.phase == 2
    second.close()


def test_graphviz_missing_then_installed(qtbot, window, monkeypatch, tmp_path, cold_renders):
    forget_images(window)
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


def test_graphviz_hanging_keeps_the_ui_responsive(qtbot, window, monkeypatch, tmp_path, cold_renders):
    forget_images(window)
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setenv("SCENARIO_EXPLORER_DOT_TIMEOUT", "1")
    busy_at_tick: list[bool] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: busy_at_tick.append(window.renderer.busy))
    timer.start()
    window.choose_option("strategy", "active-active")
    qtbot.waitUntil(lambda: "longer than 1 seconds" in window.diagram_view.message(), timeout=15_000)
    timer.stop()
    assert any(busy_at_tick)  # the event loop kept running while Graphviz hung
    assert not window.renderer.busy
