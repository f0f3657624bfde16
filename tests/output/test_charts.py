"""What-if parameters, comparisons and charts."""

from __future__ import annotations

from explorer.output.charts import chart_panels, group_chart_png


def test_charts_follow_the_targets(scenarios):
    s = scenarios["disaster-recovery"]
    assert chart_panels(s, "strategy") == ["cost", "time"]
    assert "transfer_days" in chart_panels(scenarios["large-data-migration"], "transfer")
    default = group_chart_png(s, "strategy", {}, "pilot-light", dpi=60)
    strict = group_chart_png(s, "strategy", {"rpo": 5}, "pilot-light", dpi=60)
    assert default.startswith(b"\x89PNG") and default != strict
