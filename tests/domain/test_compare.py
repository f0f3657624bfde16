"""Comparing two designs of one scenario: what the right one adds, removes and changes."""

from __future__ import annotations

import pytest

from explorer.domain.compare import compare
from explorer.output.comparison import comparison_report


def test_comparison_lists_what_changes(scenarios):
    s = scenarios["disaster-recovery"]
    result = compare(s, {"strategy": "pilot-light"}, {"strategy": "backup-restore"})
    assert set(result.added) == {"snapshots"}
    assert {"replica", "dr-web", "dr-alb"} <= set(result.removed)
    assert {n.id: n.state for n in result.left.nodes}["replica"] == "removed"
    assert {n.id: n.state for n in result.right.nodes}["snapshots"] == "added"
    warm = compare(s, {"strategy": "pilot-light"}, {"strategy": "warm-standby"})
    assert set(warm.changed) == {"dr-web", "dr-alb", "replica"} and set(warm.added) == {"dr-i1", "dr-i2"}
    assert warm.right_eval.metrics["monthly_usd"].value - warm.left_eval.metrics["monthly_usd"].value == pytest.approx(
        170
    )
    assert warm.left_eval.meets_all and warm.right_eval.meets_all
    report = comparison_report(warm)  # the table an export shows (explorer.output; no test of its own yet)
    rows = {m["key"]: m for m in report["metrics"]}
    assert rows["monthly_usd"]["difference"] == pytest.approx(170)
    assert rows["rpo_minutes"]["difference"] == pytest.approx(-0.9)  # best cases: 6 s against 1 min
    assert [(r["left_met"], r["right_met"]) for r in report["requirements"]] == [(True, True), (True, True)]
