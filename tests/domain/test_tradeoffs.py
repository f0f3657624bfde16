"""Combined metrics, requirement checks and the recommendation engine."""

from __future__ import annotations

import pytest

from explorer.domain.tradeoffs import SelectionError, complete_selection, evaluate, recommend


def met(evaluation) -> dict[str, bool | None]:
    return {r.key: r.met for r in evaluation.requirements}


def test_pilot_light_meets_rpo_and_rto(scenarios):
    s = scenarios["disaster-recovery"]
    assert met(evaluate(s, {"strategy": "pilot-light"})) == {"rpo": True, "rto": True}
    assert met(evaluate(s, {"strategy": "backup-restore"})) == {"rpo": False, "rto": False}


def test_warm_standby_costs_more_than_pilot_light(scenarios):
    s = scenarios["disaster-recovery"]
    pilot = evaluate(s, {"strategy": "pilot-light"}).metrics["cost_level"].value
    warm = evaluate(s, {"strategy": "warm-standby"}).metrics["cost_level"].value
    assert warm > pilot


def test_engine_follows_the_targets(scenarios):
    s = scenarios["disaster-recovery"]
    assert recommend(s) == {"strategy": "pilot-light"}
    assert recommend(s, {"rpo": 5}) == {"strategy": "warm-standby"}
    assert recommend(s, {"rpo": 0, "rto": 0}) == {"strategy": "active-active"}
    # Backups take "hours to days": two days at worst, so 2000 minutes is only at risk.
    assert recommend(s, {"rpo": 2000, "rto": 2000}) == {"strategy": "pilot-light"}
    assert recommend(s, {"rpo": 2880, "rto": 2880}) == {"strategy": "backup-restore"}


def test_engine_agrees_with_the_seed_everywhere(scenarios):
    for s in scenarios.values():
        engine = recommend(s)
        for group, option in s.seed_recommendation().items():
            assert engine[group] == option, (s.id, group)


def test_internet_upload_misses_the_deadline(scenarios):
    s = scenarios["large-data-migration"]
    internet = next(o.key for o in s.group("transfer").options if "internet" in o.key)
    evaluation = evaluate(s, complete_selection(s, {"transfer": internet}))
    assert evaluation.metrics["transfer_days"].value == pytest.approx(74.07, abs=0.01)
    assert not evaluation.meets_all


def test_vpn_does_not_meet_hybrid_requirements(scenarios):
    s = scenarios["hybrid-connectivity"]
    evaluation = evaluate(s, complete_selection(s, {"connection": "vpn"}))
    assert not evaluation.meets_all
    assert evaluate(s, complete_selection(s)).meets_all


def test_unknown_selection_is_refused(scenarios):
    s = scenarios["disaster-recovery"]
    with pytest.raises(SelectionError, match="no option 'cold'"):
        complete_selection(s, {"strategy": "cold"})
    with pytest.raises(SelectionError, match="no option group 'region'"):
        complete_selection(s, {"region": "x"})
