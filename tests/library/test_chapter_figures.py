"""Figures the chapter gives reach the user, and where its own sums disagree, we say so."""

from __future__ import annotations

from explorer.domain.node_info import node_details


def _brief(scenario) -> str:
    return " ".join(scenario.benefits + scenario.tradeoffs + scenario.alternatives + scenario.pitfalls)


def _steps(scenario) -> str:
    return " ".join(step for phase in scenario.phases for step in phase.steps)


def test_big_data_states_the_chapters_saving_discrepancy(scenarios):
    s = scenarios["big-data-analytics"]
    benefit = next(b for b in s.benefits if "$168K" in b)
    assert "50%" in benefit and "66%" in benefit  # the chapter says 50%; $500K to $168K is 66.4%
    assert round(100 * (1 - 168 / 500)) == 66


def test_big_data_carries_quicksight_prices_and_the_parquet_speed_up(scenarios):
    s = scenarios["big-data-analytics"]
    quicksight = node_details(s, "quicksight").note
    assert "$5 per author" in quicksight and "$0.30 per reader session" in quicksight
    assert "$0.30 per reader session" in _steps(s)
    assert "9x faster" in node_details(s, "athena").note
    assert "9x faster" in _steps(s) and "9x faster" in _brief(s)
    assert 45 / 5 == 9  # the chapter's 45 s on CSV against 5 s on Parquet
