from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """Each GUI test gets empty settings in its own folder, never the user's."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture
def window(qtbot, library_db):
    from explorer.ui import create_main_window

    win = create_main_window(library_db)
    win.setProperty("quietErrors", True)
    win.ask_unsaved = lambda title: "discard"  # closing after an edit asks; a modal dialog would hang
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.select_scenario("disaster-recovery")
    qtbot.waitUntil(lambda: not win.diagram_view.image().isNull(), timeout=20_000)
    yield win
    win.close()


@pytest.fixture
def cold_renders(monkeypatch, tmp_path):
    """From here on, layouts and renders start cold: nothing in memory, and an empty cache
    folder of the test's own (the session's is back afterwards)."""
    from explorer.drawing.layout import clear_layouts
    from explorer.drawing.render import clear_memory_cache

    clear_memory_cache()
    clear_layouts()
    monkeypatch.setenv("SCENARIO_EXPLORER_CACHE", str(tmp_path / "cold-cache"))
    yield
    clear_memory_cache()
    clear_layouts()
