"""What-if parameters, comparisons and charts."""

from __future__ import annotations

import pytest

from explorer.domain.params import ParameterError, parse_params
from explorer.domain.tradeoffs import complete_selection, evaluate, recommend


def test_rpo_of_five_minutes_rules_out_pilot_light(scenarios):
    s = scenarios["disaster-recovery"]
    params = parse_params(s, ["rpo=5m"])
    assert params == {"rpo": 5}
    checks = {r.key: r.met for r in evaluate(s, {"strategy": "pilot-light"}, params).requirements}
    assert checks == {"rpo": False, "rto": True}
    assert recommend(s, params) == {"strategy": "warm-standby"}
    assert recommend(s, parse_params(s, ["rpo=30s", "rto=10m"])) == {"strategy": "active-active"}
    assert recommend(s, parse_params(s, ["rpo=2d", "rto=2d"])) == {"strategy": "backup-restore"}


def test_small_migration_over_a_fast_link_goes_over_the_internet(scenarios):
    s = scenarios["large-data-migration"]
    params = parse_params(s, ["data_tb=8", "bandwidth_mbps=1000"])
    internet = evaluate(s, complete_selection(s, {"transfer": "internet"}), params)
    assert internet.metrics["transfer_days"].value == pytest.approx(0.74, abs=0.01)
    assert internet.meets_all
    assert recommend(s, params)["transfer"] == "internet"
    assert recommend(s)["transfer"] == "snowball-edge"  # the seed's 80 TB over 100 Mbps
    tight = parse_params(s, ["data_tb=80", "bandwidth_mbps=1000", "deadline_days=5"])  # 7.4 days: too slow
    assert recommend(s, tight)["transfer"] != "internet"


def test_cost_optimisation_figures_follow_the_fleet(scenarios):
    s = scenarios["cost-optimization"]
    today = complete_selection(s, {"purchase": "on-demand", "sessions": "on-instance"})  # as things are
    assert evaluate(s, today).metrics["monthly_usd"].value == pytest.approx(1200, abs=0.5)
    bigger = parse_params(s, ["instances=20", "baseline_instances=6"])
    assert evaluate(s, today, bigger).metrics["monthly_usd"].value == pytest.approx(2400, abs=1)
    recommended = evaluate(s, complete_selection(s), bigger)
    assert recommended.metrics["monthly_usd"].value < 0.6 * 2400


def test_hybrid_bandwidth_target(scenarios):
    s = scenarios["hybrid-connectivity"]
    assert evaluate(s, complete_selection(s)).meets_all
    assert not evaluate(s, complete_selection(s), parse_params(s, ["bandwidth_gbps=10"])).meets_all


@pytest.mark.parametrize(
    "given,expected",
    [
        ("rpo=90s", 1.5),
        ("rpo=5m", 5),
        ("rpo=4h", 240),
        ("rpo=2d", 2880),
        ("rpo=1w", 10080),
        ("rpo=45", 45),
        ("rto=0.5h", 30),
    ],
)
def test_durations_take_units(scenarios, given, expected):
    key = given.split("=")[0]
    assert parse_params(scenarios["disaster-recovery"], [given])[key] == pytest.approx(expected)


def test_day_parameters_take_units(scenarios):
    s = scenarios["large-data-migration"]
    assert parse_params(s, ["deadline_days=2w"]) == {"deadline_days": 14}
    assert parse_params(s, ["deadline_days=36h"]) == {"deadline_days": 1.5}
    assert parse_params(s, ["data_tb=8TB"]) == {"data_tb": 8}


@pytest.mark.parametrize(
    "given,message",
    [
        ("rpo=abc", "is not a number; rpo takes from 0 to 10080 minutes"),
        ("rpo=8d", "out of range; it takes from 0 to 10080 minutes"),
        ("rpo=-5m", "out of range"),
        ("rpo=5y", "unknown unit 'y'"),
        ("latency=5", "has no parameter 'latency' (parameters: rpo, rto)"),
        ("rpo", "is not NAME=VALUE"),
    ],
)
def test_invalid_values_say_what_is_accepted(scenarios, given, message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_params(scenarios["disaster-recovery"], [given])
