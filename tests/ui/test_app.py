"""Starting the app: the warm-up lays out the scenario open last while Qt builds the window,
into the caches the window then reads, so the window draws it without running Graphviz."""

from __future__ import annotations

import explorer.drawing.layout
import explorer.drawing.placement
from explorer.ui import app, app_settings, create_main_window

from .window_helpers import settled


def close_on_a_view(qtbot, library_db, scenario: str, option: tuple[str, str], phase: int) -> dict[str, str]:
    """Run the window once, leaving it on a view as a user would; returns that view's selection."""
    first = create_main_window(library_db)
    qtbot.addWidget(first)
    first.select_scenario(scenario)
    first.choose_option(*option)
    first.set_phase(phase)
    qtbot.waitUntil(lambda: settled(first), timeout=20_000)
    selection = dict(first.selection)
    first.close()
    return selection


def test_the_warm_up_lays_out_the_last_scenario_and_the_window_runs_no_graphviz(
    qtbot, library_db, monkeypatch, tmp_path, cold_renders
):
    selection = close_on_a_view(qtbot, library_db, "disaster-recovery", ("strategy", "warm-standby"), 3)
    # A fresh start: nothing laid out in this process, an empty cache folder.
    monkeypatch.setenv("SCENARIO_EXPLORER_CACHE", str(tmp_path / "fresh-cache"))
    explorer.drawing.layout.clear_layouts()
    runs: list[str] = []
    real = explorer.drawing.placement.run_dot

    def counted(*args, **kwargs):
        runs.append("dot")
        return real(*args, **kwargs)

    monkeypatch.setattr(explorer.drawing.placement, "run_dot", counted)  # where layouts run dot
    assert app._warm_up(library_db) == "disaster-recovery"
    warm_runs = len(runs)
    assert warm_runs >= 1  # the warm-up laid the scenario out (cold caches)...

    second = create_main_window(library_db, restore=False)
    qtbot.addWidget(second)
    second.show()
    second.restore_last_view(early=True)
    qtbot.waitUntil(lambda: second.scenario is not None and settled(second), timeout=20_000)
    assert second.selection == selection and second.phase == 3
    assert len(runs) == warm_runs  # ...so the window ran no Graphviz at all
    assert second.diagram_view.node_ids()
    second.close()


def test_there_is_nothing_to_warm_up_after_the_overview(library_db):
    settings = app_settings()
    settings.setValue("lastScenario", "")
    settings.sync()
    assert app._warm_up(library_db) is None


def test_a_warm_up_that_fails_is_only_a_missed_head_start(library_db):
    settings = app_settings()
    settings.setValue("lastScenario", "no-such-scenario")
    settings.sync()
    app._warm_up_quietly(library_db)  # the window reports real problems itself
