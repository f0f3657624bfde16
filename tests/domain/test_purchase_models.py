"""Scenario 1's purchase models honour the chapter: 40-60% as the headline saving, 75% as
the upper bound of the reservation discount, and a reserved baseline beating reserving
everything."""

from __future__ import annotations

import pytest

from explorer.domain.params import parse_params
from explorer.domain.tradeoffs import complete_selection, evaluate, option_metrics, recommend


def _purchase_usd(scenario, option: str, params: dict[str, float] | None = None) -> float:
    value = option_metrics(scenario, "purchase", option, params)["monthly_usd"].value
    assert isinstance(value, float)
    return value


def test_reserving_the_baseline_beats_reserving_everything_at_the_defaults(scenarios):
    s = scenarios["cost-optimization"]
    baseline = _purchase_usd(s, "reserved-scheduled")
    assert baseline < _purchase_usd(s, "reserved-all")
    assert baseline < _purchase_usd(s, "scheduled-on-demand") < _purchase_usd(s, "on-demand")
    assert recommend(s)["purchase"] == "reserved-scheduled"
    # Even at the chapter's upper bound of 75% off, the idle reserved hours cost more.
    top = parse_params(s, ["ri_discount=0.75"])
    assert _purchase_usd(s, "reserved-scheduled", top) < _purchase_usd(s, "reserved-all", top)


def test_the_headline_saving_is_within_the_chapters_40_to_60_percent(scenarios):
    s = scenarios["cost-optimization"]
    recommended = evaluate(s, complete_selection(s))
    saving = recommended.metrics["saving_pct"]
    assert 40 <= saving.value <= 60  # about 51%
    assert saving.text == "the chapter expects 40-60%"
    today = option_metrics(s, "purchase", "on-demand")["monthly_usd"].value
    assert today == pytest.approx(1200, abs=0.5)
    whole_design = 100 * (1 - recommended.metrics["monthly_usd"].value / today)  # the session store included
    assert 40 <= whole_design <= 60
    # The ends of the estimate that is least known bracket the chapter's range.
    nothing_fixed = evaluate(s, complete_selection(s), parse_params(s, ["fixed_share=0"])).metrics["saving_pct"]
    all_fixed = evaluate(s, complete_selection(s), parse_params(s, ["fixed_share=1"])).metrics["saving_pct"]
    assert 60 < nothing_fixed.value < 63 and 40 < all_fixed.value < 41


def test_the_75_percent_discount_is_the_upper_bound(scenarios):
    s = scenarios["cost-optimization"]
    discount = next(p for p in s.parameters if p.key == "ri_discount")
    assert discount.max == 0.75 and discount.value < 0.75
    with pytest.raises(ValueError, match="out of range"):
        parse_params(s, ["ri_discount=0.8"])


def test_reserving_everything_pays_only_when_the_peak_runs_most_of_the_month(scenarios):
    s = scenarios["cost-optimization"]
    short = parse_params(s, ["peak_hours_month=400"])
    long = parse_params(s, ["peak_hours_month=415"])
    assert _purchase_usd(s, "reserved-scheduled", short) < _purchase_usd(s, "reserved-all", short)
    assert _purchase_usd(s, "reserved-all", long) < _purchase_usd(s, "reserved-scheduled", long)
