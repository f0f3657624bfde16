"""The Brief tab shows the chapter's cost breakdown, with an Annual column where it has one."""

from __future__ import annotations

import pytest

from explorer.library.store import Library
from explorer.ui.panels import BriefView, brief_html
from tests.conftest import BUNDLED_DB


@pytest.fixture(scope="module")
def library():
    with Library(BUNDLED_DB, upgrade=False) as opened:
        yield opened


def test_the_brief_shows_scenario_10s_annual_column(qtbot, library):
    view = BriefView()
    qtbot.addWidget(view)
    view.set_scenario(library.get("10"))
    text = view.toPlainText()
    assert "The chapter's cost breakdown" in text
    assert "Annual" in text
    for figure in ["$43,200/year", "$66,000/year", "$6,000/year", "$130,800/year", "$10,900/month"]:
        assert figure in text


def test_a_brief_without_annual_figures_has_no_annual_column(library):
    html = brief_html(library.get("9"))
    assert "The chapter's cost breakdown" in html
    assert "$2,325/month" in html
    assert "Annual" not in html and "/year" not in html


def test_a_scenario_without_costs_has_no_cost_table(library):
    guides = [library.get(s.id) for s in library.summaries() if s.kind == "troubleshooting"]
    without = [g for g in guides if not g.cost_items]
    assert without, "expected a guide without a cost table"
    assert "cost breakdown" not in brief_html(without[0])
