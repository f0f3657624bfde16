"""Starting the app: the warm-up renders the last view while Qt builds the window, under the
same key the window then looks up, so the window shows it without rendering it."""

from __future__ import annotations

from PySide6.QtGui import QImage

import explorer.drawing.render
import explorer.drawing.viewcache
from explorer.drawing.render import clear_memory_cache
from explorer.ui import app, app_settings, create_main_window, session

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


def record_lookups(monkeypatch) -> list[str]:
    looked_up: list[str] = []
    real = explorer.drawing.viewcache.get

    def get(key, *args, **kwargs):
        looked_up.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(explorer.drawing.viewcache, "get", get)
    return looked_up


def test_the_warm_up_and_the_window_agree_on_the_last_views_key(qtbot, library_db, monkeypatch):
    close_on_a_view(qtbot, library_db, "hybrid-connectivity", ("connection", "vpn"), 2)
    looked_up = record_lookups(monkeypatch)

    warm_key = app._warm_up(library_db)
    assert warm_key is not None and looked_up == [warm_key]

    looked_up.clear()
    second = create_main_window(library_db, restore=False)
    qtbot.addWidget(second)
    second.show()
    with qtbot.waitSignal(second.diagramShown, timeout=10_000):
        second.restore_last_view(early=True)
    assert looked_up[0] == warm_key  # the window's early look-up is the view the warm-up drew
    qtbot.waitUntil(lambda: second.scenario is not None and settled(second), timeout=10_000)
    digest = second.library.content_digest(second.scenario.id)
    assert session.cache_key(digest, second.rendering.view_key()) == warm_key  # and the view then shown
    second.close()


def test_the_warm_up_renders_the_last_view_and_the_window_shows_it_without_rendering(
    qtbot, library_db, monkeypatch, tmp_path, cold_renders
):
    selection = close_on_a_view(qtbot, library_db, "disaster-recovery", ("strategy", "warm-standby"), 3)
    # A fresh start: nothing rendered in this process, an empty cache folder.
    monkeypatch.setenv("SCENARIO_EXPLORER_CACHE", str(tmp_path / "fresh-cache"))
    clear_memory_cache()

    key = app._warm_up(library_db)
    assert key is not None
    warmed = explorer.drawing.viewcache.get(key)
    assert warmed is not None  # the warm-up left the last view in the view cache

    rendered: list[tuple[dict, int | None]] = []
    real = explorer.drawing.render.render_view

    def render_view(view, *args, **kwargs):
        rendered.append((dict(view.selection), view.phase))
        return real(view, *args, **kwargs)

    monkeypatch.setattr(explorer.drawing.render, "render_view", render_view)
    second = create_main_window(library_db, restore=False)
    qtbot.addWidget(second)
    second.show()
    with qtbot.waitSignal(second.diagramShown, timeout=10_000):
        second.restore_last_view(early=True)
    assert second.scenario is None  # shown before the scenario was even loaded...
    assert second.diagram_view.image() == QImage.fromData(warmed, "PNG")
    assert rendered == []  # ...and without rendering
    qtbot.waitUntil(lambda: second.scenario is not None and settled(second), timeout=20_000)
    assert second.selection == selection and second.phase == 3
    assert (selection, 3) not in rendered  # once loaded, the window kept what the warm-up drew
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
