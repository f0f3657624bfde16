"""Number crunching in worker processes: off the UI thread's interpreter lock."""

from __future__ import annotations

import os

import pytest

from explorer.ui import processes


def test_work_runs_in_another_process_and_its_errors_come_back_as_they_are():
    assert processes.run(os.getpid) != os.getpid()
    with pytest.raises(ValueError, match="invalid literal"):
        processes.run(int, "not a number")
    assert processes.run(int, "42") == 42  # the pool survives a job's error


def test_tipping_lines_and_checks_come_back_from_a_worker(library_db):
    from explorer.domain.sweep import tipping_lines
    from explorer.library.source import check_text
    from explorer.library.store import Library

    with Library(library_db) as library:
        scenario = library.get("cost-optimization")
        text = library.source_yaml("disaster-recovery")
    assert processes.run(tipping_lines, scenario, {}) == tipping_lines(scenario, {})
    made, problems = processes.run(check_text, text, "dr.yaml")
    assert problems == [] and made is not None and made.id == "disaster-recovery"
    made, problems = processes.run(check_text, text.replace("rto_minutes:", "rto_minutse:", 1), "dr.yaml")
    assert made is None and "rto_minutse" in problems[0].message and problems[0].line


def test_without_worker_processes_the_work_runs_here(monkeypatch):
    monkeypatch.setattr(processes, "_get_pool", lambda: None)
    assert processes.run(os.getpid) == os.getpid()


def test_held_jobs_wait_for_start_then_run():
    import threading

    got: list[int] = []
    processes.hold()
    try:
        worker = threading.Thread(target=lambda: got.append(processes.run(int, "7")))
        worker.start()
        worker.join(0.5)
        assert worker.is_alive() and got == []  # held: the app is still starting
    finally:
        processes.start()
    worker.join(30)
    assert got == [7]
    processes.start()  # again: nothing more happens
