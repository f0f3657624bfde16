"""Search over a library of 500 scenarios: the FTS5 search against the old word search.

The library is made by importing renamed copies of the bundled scenarios into a new
library (as a user's imports would). Then, for a mix of searches (prefixes, several
words, "Route53", one that finds nothing), it times ``Library.summaries(search)`` and
the window's list filter (``MainWindow._apply_search``, what the search box runs once
typing pauses), each against a baseline measured in the same run: the search this one
replaced (every word lower-cased and looked for with ``instr`` in ``search_text``).
Prints p50 and p95; the goal is one frame (16.7 ms). Nothing here fails.
Run with ``python benchmarks/search.py`` (offscreen Qt).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="sx-bench-search-"))
os.environ["SCENARIO_EXPLORER_CACHE"] = str(WORK / "cache")

FRAME_MS = 1000 / 60
SIZE = 500
ROUNDS = 15
SEARCHES = ["pilot", "pilot light", "snowball", "Route53", "dynamo", "direct connect", "load bal", "xyzzy"]


def ms(seconds: float) -> float:
    return seconds * 1000


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def figures(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples):.2f} / p95 {p95(samples):.2f} ms"


def old_summaries(library, search: str = ""):
    """The word search this one replaced, as it was: each word with ``instr``."""
    from explorer.library import store

    words = search.lower().split()
    if not words:
        return list(library._summaries)
    sql = store._SUMMARY_SQL.replace(
        " order by", " where " + " and ".join("instr(search_text, ?) > 0" for _ in words) + " order by"
    )
    return [library._summary(row) for row in library._query(sql, words)]


def make_library() -> Path:
    """SIZE scenarios: the bundled ones, then renamed copies of them, each imported."""
    import yaml

    from explorer.library.bundled import BUNDLED_DB
    from explorer.library.store import Library
    from explorer.library.writer import create_user_library, import_scenario

    db = WORK / "library.db"
    create_user_library(db, BUNDLED_DB)
    with Library(BUNDLED_DB, upgrade=False) as bundled:
        sources = [(s.id, bundled.source_yaml(s.id)) for s in bundled.summaries()]
    for n in range(SIZE - len(sources)):
        ident, text = sources[n % len(sources)]
        copy = n // len(sources) + 1
        data = yaml.safe_load(text)
        data.update(id=f"{ident}-copy-{copy}", title=f"{data['title']} (copy {copy})")
        data.pop("number", None)
        import_scenario(db, yaml.safe_dump(data, sort_keys=False), f"{ident}-copy-{copy}.yaml")
    return db


def bench_core(db: Path) -> None:
    from explorer.library.store import Library

    with Library(db) as library:
        t = time.perf_counter()
        library.summaries("pilot")
        first = ms(time.perf_counter() - t)
        new, old = [], []
        for _ in range(ROUNDS):
            for text in SEARCHES:
                t = time.perf_counter()
                library.summaries(text)
                new.append(ms(time.perf_counter() - t))
                t = time.perf_counter()
                old_summaries(library, text)
                old.append(ms(time.perf_counter() - t))
        count = len(library.summaries())
        assert library.search_fallback is None, library.search_fallback
    line(f"{count} scenarios: summaries(search)", figures(new), figures(old), new, old)
    print(f"  {'first search (checks the index once)':<40} {first:.2f} ms")

    broken = WORK / "without-index.db"
    shutil.copyfile(db, broken)
    import sqlite3

    conn = sqlite3.connect(broken)
    conn.execute("drop table scenario_search")
    conn.commit()
    conn.close()
    with Library(broken) as library:
        t = time.perf_counter()
        library.summaries("pilot")
        built = ms(time.perf_counter() - t)
    print(f"  {'first search, no index in the file':<40} {built:.1f} ms (the index built in memory, once)")


def bench_window(db: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(WORK / "settings"))
    from explorer.ui import create_main_window

    window = create_main_window(db)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    library = window.library
    fts = library.summaries

    def filter_times(summaries) -> list[float]:
        library.summaries = summaries
        times = []
        for _ in range(ROUNDS):
            for text in [*SEARCHES, ""]:
                window.search.setText(text)
                window._search_timer.stop()
                t = time.perf_counter()
                window._apply_search()  # what the search box runs once typing pauses
                app.processEvents()
                times.append(ms(time.perf_counter() - t))
        return times

    filter_times(fts)  # warm up both
    new = filter_times(fts)
    old = filter_times(lambda search="": old_summaries(library, search))
    library.summaries = fts
    line(f"{len(library.summaries())} scenarios: GUI list filter", figures(new), figures(old), new, old)
    window.close()


def line(name: str, value: str, baseline: str, new: list[float], old: list[float]) -> None:
    ratio = statistics.median(new) / statistics.median(old)
    goal = "within" if p95(new) <= FRAME_MS else "OVER"
    print(f"  {name:<40} {value:<30} {baseline:<30} {ratio:.2f}x   p95 {goal} {FRAME_MS:.1f} ms")


def main() -> None:
    print(f"Search over {SIZE} scenarios · {os.cpu_count()} cores · {ROUNDS} rounds of {len(SEARCHES)} searches")
    t = time.perf_counter()
    db = make_library()
    print(f"  made the library by import in {time.perf_counter() - t:.1f} s")
    print(f"  {'':<40} {'FTS5 search':<30} {'baseline: old word search':<30} ratio")
    bench_core(db)
    bench_window(db)
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
