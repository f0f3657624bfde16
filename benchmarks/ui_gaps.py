"""The longest stall of the UI thread during each everyday action, and quitting.

A 5 ms timer ticks on the UI thread while an action runs and settles; the longest time
between two ticks, less the timer's own 5 ms, is the longest the window could not
answer (draw, take a key). The baseline is the same measure over an idle window in
the same run (what the timer's jitter alone gives). Goal: no gap over one frame
(16.7 ms). Quitting: closeEvent to the window gone, against a bare QMainWindow.

Run with ``python benchmarks/ui_gaps.py`` (``./dev bench`` runs it too).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DB = ROOT / "scenarios.db"
FRAME_MS = 1000 / 60
TICK_MS = 5


class GapMeter:
    """Ticks every 5 ms on the UI thread and keeps the longest interval."""

    def __init__(self, app) -> None:
        from PySide6.QtCore import QTimer

        self.app = app
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def measure(self, action: Callable[[], object], settled: Callable[[], bool], tail_s: float = 0.25) -> float:
        """Run ``action`` from a running event loop and keep ticking until ``settled`` and
        a short tail after it; the longest gap beyond the tick, in ms.

        The loop is a real ``QEventLoop.exec()``, as in the app: widgets the action
        replaced are deleted there (``deleteLater``), which ``processEvents()`` from
        outside any loop never does, so they would pile up and slow every later step."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        deadline = time.perf_counter() + 30
        tail_end: list[float] = []

        def check() -> None:
            now = time.perf_counter()
            if not tail_end and (settled() or now > deadline):
                tail_end.append(now + tail_s)
            if tail_end and now >= tail_end[0]:
                loop.quit()

        poll = QTimer()
        poll.setInterval(1)
        poll.timeout.connect(check)
        self.longest = 0.0
        self.last = time.perf_counter()
        self.timer.start()
        poll.start()
        QTimer.singleShot(0, action)
        loop.exec()
        poll.stop()
        self.timer.stop()
        return max(0.0, self.longest * 1000 - TICK_MS)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(name: str, samples: list[float], baseline: float) -> None:
    worst = max(samples)
    flag = "ok" if worst <= FRAME_MS else "OVER"
    print(
        f"  {name:<38} median {statistics.median(samples):6.1f} ms  worst {worst:6.1f} ms  "
        f"idle {baseline:5.1f} ms  {worst / max(baseline, 0.1):5.1f}x  target <= {FRAME_MS:.1f} ms  {flag}"
    )


def main(rounds: int = 5) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

    work = Path(tempfile.mkdtemp(prefix="sx-gaps-"))
    os.environ["SCENARIO_EXPLORER_CACHE"] = str(work / "cache")
    os.environ["SCENARIO_EXPLORER_DATA"] = str(work / "data")
    app = QApplication.instance() or QApplication([])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    from explorer.ui import create_main_window

    library = work / "mine.db"
    shutil.copyfile(DB, library)
    window = create_main_window(library)
    window.setProperty("quietErrors", True)
    window.ask_unsaved = lambda title: "discard"
    window.resize(1280, 800)
    window.show()
    meter = GapMeter(app)
    settled = window.rendering.settled

    print("UI-thread stalls: the longest gap of a 5 ms timer, less 5 ms, per action (real window, 1280x800)")
    idle = [meter.measure(lambda: None, lambda: True, tail_s=0.5) for _ in range(rounds)]
    baseline = statistics.median(idle)

    # Warm every scenario once (layouts made, caches full): the figures are of a second visit.
    scenarios = [
        "disaster-recovery",
        "hybrid-connectivity",
        "big-data-analytics",
        "cost-optimization",
        "api-gateway-errors",
    ]
    for ident in scenarios:
        window.select_scenario(ident)
        meter.measure(lambda: None, settled)
    results: dict[str, list[float]] = {}

    def run(name: str, action: Callable[[], object], done: Callable[[], bool] = settled) -> None:
        results.setdefault(name, []).append(meter.measure(action, done))

    def pick(ident: str) -> None:
        """What a click on the scenario's row, or an arrow key onto it, does: the list's
        current row changes (``select_scenario`` is the scripts' way, which finishes the
        switch before it returns)."""
        from PySide6.QtCore import QItemSelectionModel

        row = window.list_model.row_of(window.library.resolve_id(ident))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        window.scenario_list.selectionModel().setCurrentIndex(window.list_model.index(row), flags)

    def switched() -> bool:
        return settled() and not window.showing

    for i in range(rounds):
        run("scenario switch", lambda i=i: pick(scenarios[i % len(scenarios)]), switched)
    window.select_scenario("disaster-recovery")
    meter.measure(lambda: None, settled)
    options = ["backup-restore", "warm-standby", "active-active", "pilot-light"]
    for i in range(rounds):
        button = window.findChild(QPushButton, f"option:strategy:{options[i % len(options)]}")
        run("option toggle", button.click)
        run("phase step", lambda: window.step_phase(1))
    for text in ("route", "dynamo", "disaster", "zzz", ""):
        run(
            "search (typed, then filtered)",
            lambda text=text: window.search.setText(text),
            lambda: not window._search_timer.isActive(),
        )
    for index in (1, 2, 3, 0) * max(1, rounds // 4 + 1):
        run("tab switch", lambda index=index: window.centre_tabs.setCurrentIndex(index))
    source = work / "import.yaml"
    text = window.library.source_yaml("disaster-recovery").replace("id: disaster-recovery", "id: dr-import", 1)
    source.write_text(text.replace("number: 6\n", ""), encoding="utf-8")
    for _ in range(min(rounds, 3)):
        run(
            "import",
            lambda: window.start_import(source, library, replace=True),
            lambda: window.import_runner is not None and not window.import_runner._thread.is_alive() and settled(),
        )
    for name, samples in results.items():
        row(name, samples, baseline)

    t = time.perf_counter()
    window.close()
    app.processEvents()
    quit_ms = (time.perf_counter() - t) * 1000
    bare = QMainWindow()
    bare.resize(1280, 800)
    bare.show()
    app.processEvents()
    t = time.perf_counter()
    bare.close()
    app.processEvents()
    bare_ms = (time.perf_counter() - t) * 1000
    print(f"  {'quit (close the window)':<38} {quit_ms:6.1f} ms  bare QMainWindow {bare_ms:.1f} ms  target <= 300 ms")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
