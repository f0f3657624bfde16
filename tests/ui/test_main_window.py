"""The real main window, driven as a user would through its public objectNames: its layout,
the scenario list and search, the overview, and text shown literally."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QGroupBox, QLabel, QLineEdit, QMainWindow

from explorer.ui.diagram_view import DiagramView
from explorer.ui.main_window import MainWindow
from explorer.ui.panels import TradeoffPanel
from tests.conftest import BUNDLED_DB
from tests.helpers import HOSTILE

from .window_helpers import button, list_titles


def test_contract_object_names(window):
    assert isinstance(window.findChild(QAbstractItemView, "scenarioList"), QAbstractItemView)
    assert window.findChild(DiagramView, "diagramView") is not None
    assert window.findChild(TradeoffPanel, "tradeoffPanel") is not None
    titles = list_titles(window)
    assert any("Disaster recovery strategy" in t for t in titles)


def test_the_window_is_layout_and_wiring_over_controllers(window):
    assert MainWindow.__bases__ == (QMainWindow,)  # no mixins: the duties live in controllers
    controllers = [
        window.navigation,
        window.rendering,
        window.what_if,
        window.charting,
        window.comparison,
        window.exports,
        window.libraries,
    ]
    assert len({id(c) for c in controllers}) == len(controllers)
    assert all(c.parent() is window for c in controllers)
    # The window's state is the controllers' state: one object, read through the window.
    assert window.scenario is window.state.scenario and window.scenario.id == "disaster-recovery"
    assert window.phases is window.state.phases


def test_search_filters_the_list(qtbot, window):
    search = window.findChild(QLineEdit, "scenarioSearch")
    everything = list_titles(window)
    search.setText("snowball")
    qtbot.waitUntil(lambda: list_titles(window) != everything, timeout=3000)
    assert len(list_titles(window)) == 1 and "migration" in list_titles(window)[0].lower()
    search.setText("")
    qtbot.waitUntil(lambda: list_titles(window) == everything, timeout=3000)


def test_search_finds_what_people_type_and_says_when_nothing_matches(qtbot, window):
    search = window.findChild(QLineEdit, "scenarioSearch")
    no_match = window.findChild(QLabel, "noMatchLabel")
    view = window.findChild(QAbstractItemView, "scenarioList")
    everything = list_titles(window)
    assert no_match.isHidden() and view.isVisible()
    routed = [s.id for s in window.library.summaries("Route53")]  # the core search `explorer list` uses
    assert "disaster-recovery" in routed and len(routed) < len(everything)
    search.setText("route-53")
    qtbot.waitUntil(lambda: [window.list_model.item(r).id for r in range(window.list_model.rowCount())] == routed)
    search.setText(HOSTILE)
    qtbot.waitUntil(lambda: no_match.isVisible(), timeout=3000)
    assert list_titles(window) == [] and view.isHidden()
    assert no_match.text() == f"No scenario matches “{HOSTILE}”"  # the typed text, shown as plain text
    assert no_match.textFormat() == Qt.TextFormat.PlainText
    search.setText("qqqq " * 40)
    qtbot.waitUntil(lambda: no_match.text().endswith("qqqq…”"), timeout=3000)  # long text cut short
    search.setText("")
    qtbot.waitUntil(lambda: list_titles(window) == everything, timeout=3000)
    assert no_match.isHidden() and view.isVisible()


def test_first_run_opens_on_the_overview_and_links_work(qtbot, library_db):
    from explorer.ui import create_main_window

    win = create_main_window(library_db)
    qtbot.addWidget(win)
    assert win.pages.currentWidget() is win.overview_view
    text = win.overview_view.toPlainText()
    assert "Key takeaways" in text and "Disaster recovery strategy" in text
    with qtbot.waitSignal(win.scenarioShown, timeout=5000) as blocker:
        win.overview_view.anchorClicked.emit(QUrl("scenario:hybrid-connectivity"))
    assert blocker.args == ["hybrid-connectivity"]
    assert win.pages.currentIndex() == 1
    button(win, "homeButton").click()
    assert win.pages.currentWidget() is win.overview_view
    win.close()


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
    option = window.findChild(QAbstractButton, "option:g:one")
    assert option.text().replace("&&", "&").removesuffix("  ★") == HOSTILE  # no mnemonic eaten
    assert window.findChild(QGroupBox, "group:g").title().replace("&&", "&") == HOSTILE
    brief = window.brief.toPlainText()
    assert HOSTILE in brief and "x" * 10_000 in brief
    assert "<script>alert(1)</script>" in window.findChild(QLabel, "scenarioSummary").text()
    window.set_phase(1)
    assert "<b>not bold</b>" in window.phase_details.text().replace("&lt;", "<").replace("&gt;", ">")
    assert not window.diagram_view.image().isNull()


def test_a_long_list_is_laid_out_in_small_batches_and_every_row_is_reached(qtbot, tmp_path):
    import yaml
    from PySide6.QtWidgets import QListView

    from explorer.library.writer import build_library
    from explorer.ui import create_main_window
    from tests.conftest import ROOT

    sources = tmp_path / "scenarios"
    sources.mkdir()
    for path in sorted((ROOT / "assets" / "scenarios").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for copy in range(4):
            clone = dict(data, id=f"{data['id']}-{copy}", title=f"{data['title']} ({copy})")
            clone.pop("number", None)
            (sources / f"{path.stem}-{copy}.yaml").write_text(yaml.safe_dump(clone, sort_keys=False), encoding="utf-8")
    db = tmp_path / "long.db"
    count = build_library(sources, db)
    win = create_main_window(db)
    win.setProperty("quietErrors", True)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    listing = win.scenario_list
    # A filter lays out at most 20 wrapped rows per turn of the event loop (a frame's work).
    assert listing.layoutMode() == QListView.LayoutMode.Batched and listing.batchSize() <= 20
    assert win.list_model.rowCount() == count > listing.batchSize()
    win.search.setText("pilot")
    qtbot.waitUntil(lambda: not win._search_timer.isActive(), timeout=5000)
    rows = win.list_model.rowCount()
    assert 0 < rows == len(win.library.summaries("pilot"))
    last = win.list_model.index(rows - 1)
    listing.scrollTo(last)
    qtbot.waitUntil(lambda: listing.viewport().rect().intersects(listing.visualRect(last)), timeout=5000)
    win.close()
