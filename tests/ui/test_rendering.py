"""Rendering never blocks the UI, never shows a stale view, and stops cleanly."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from PySide6.QtGui import QImage

import explorer.drawing.render
from explorer.domain.compose import compose
from explorer.drawing.render import render_view
from explorer.ui.renderer import RenderService


def test_a_superseded_render_is_never_shown(qtbot):
    service = RenderService()
    gate = threading.Event()
    shown: list[str] = []
    kept: list[str] = []
    service.rendered.connect(lambda _id, result: shown.append(result))
    service.completed.connect(lambda _id, result: kept.append(result))

    def slow(name):
        def work():
            gate.wait(5)
            return name

        return work

    service.request(slow("first"))  # running
    service.request(lambda: "second")  # waiting
    service.request(lambda: "third")  # replaces the waiting one
    gate.set()
    qtbot.waitUntil(lambda: not service.busy, timeout=5000)
    assert shown == ["third"]
    assert kept == ["first", "third"]  # "second" was dropped before it ran
    service.shutdown()


def expected_image(window) -> QImage:
    dpi = round(96 * window.devicePixelRatioF())
    return QImage.fromData(render_view(compose(window.scenario, window.selection, window.phase), dpi=dpi), "PNG")


def settled(window) -> bool:
    return not window.renderer.busy and window._pending_key is None and window._shown_key == window._view_key()


def test_rapid_toggling_ends_on_the_final_selection(qtbot, window):
    from explorer.ui.main_window import MainWindow  # noqa: F401 - the real window

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


def test_going_back_to_a_cached_view_is_not_overtaken(qtbot, window, monkeypatch):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    cached_key = window._view_key()
    real = explorer.drawing.render.render_view

    def slow_render(view, *args, **kwargs):
        if view.selection.get("strategy") == "active-active":
            time.sleep(0.8)
        return real(view, *args, **kwargs)

    monkeypatch.setattr(explorer.drawing.render, "render_view", slow_render)
    window.prefetcher.cancel()
    window.images = type(window.images)(window.images.limit_bytes)  # forget prefetched views
    window.images.put(cached_key, window.diagram_view.image())
    window.choose_option("strategy", "active-active")  # slow, cold
    assert window.renderer.busy
    window.choose_option("strategy", "pilot-light")  # cached: shown at once
    assert window._shown_key == cached_key
    qtbot.waitUntil(lambda: not window.renderer.busy, timeout=10_000)
    qtbot.wait(50)
    assert window._shown_key == cached_key  # the slow render finished but did not replace it


def test_cached_toggle_is_synchronous(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    window.choose_option("strategy", "warm-standby")
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    window.choose_option("strategy", "pilot-light")  # seen before: no render needed
    assert settled(window)


def test_idle_prefetch_fills_the_cache(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    others = [window._view_key({"strategy": o}) for o in ("backup-restore", "warm-standby", "active-active")]
    qtbot.waitUntil(lambda: all(window.images.get(k, touch=False) is not None for k in others), timeout=30_000)


CLOSE_WHILE_RENDERING = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
import explorer.drawing.render
real = explorer.drawing.render.render_view
def slow(*a, **k):
    time.sleep(1.0)
    return real(*a, **k)
explorer.drawing.render.render_view = slow
from explorer.ui import create_main_window
w = create_main_window(sys.argv[1])
w.show()
w.select_scenario("disaster-recovery")
assert w.renderer.busy
QTimer.singleShot(100, w.close)
QTimer.singleShot(150, app.quit)
app.exec()
print("threads", w.renderer._pool.activeThreadCount(), w.prefetcher._pool.activeThreadCount())
"""


def test_closing_while_a_render_runs_exits_cleanly(library_db, tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_WHILE_RENDERING, str(library_db), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
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


def test_view_cache_keys_follow_everything_that_changes_the_picture():
    from explorer.drawing.viewcache import view_key

    base = view_key("lib1", "disaster-recovery", {"strategy": "pilot-light"}, None, 96)
    assert base == view_key("lib1", "disaster-recovery", {"strategy": "pilot-light"}, None, 96)
    assert (
        len(
            {
                base,
                view_key("lib2", "disaster-recovery", {"strategy": "pilot-light"}, None, 96),
                view_key("lib1", "disaster-recovery", {"strategy": "warm-standby"}, None, 96),
                view_key("lib1", "disaster-recovery", {"strategy": "pilot-light"}, 2, 96),
                view_key("lib1", "disaster-recovery", {"strategy": "pilot-light"}, None, 192),
            }
        )
        == 5
    )
