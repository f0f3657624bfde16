"""Charts of an option group: which panels, the picture's size, and bars coloured by the
requirement targets as the what-if parameters set them."""

from __future__ import annotations

import pytest
from PIL import ImageColor

from explorer.drawing.palette import GREEN, NEUTRAL, RED
from explorer.library.source import load_scenario_text
from explorer.output.charts import (
    TIME_TICKS,
    chart_panels,
    group_chart_layout,
    group_chart_png,
    nothing_to_chart,
    write_group_chart_png,
)
from tests.helpers import groups_scenario, png_image


def colour_pixels(png: bytes) -> dict[str, int]:
    """How many pixels of the chart are exactly each bar colour."""
    image = png_image(png).convert("RGB")
    counts = {colour: count for count, colour in image.getcolors(image.width * image.height)}
    return {
        name: counts.get(ImageColor.getrgb(value), 0)
        for name, value in (("pass", GREEN), ("fail", RED), ("none", NEUTRAL))
    }


def test_charts_follow_the_targets(scenarios):
    s = scenarios["disaster-recovery"]
    assert chart_panels(s, "strategy") == ["cost", "time"]
    assert "transfer_days" in chart_panels(scenarios["large-data-migration"], "transfer")
    default = group_chart_png(s, "strategy", {}, "pilot-light", dpi=60)
    strict = group_chart_png(s, "strategy", {"rpo": 5}, "pilot-light", dpi=60)
    assert default.startswith(b"\x89PNG") and default != strict


def test_the_panels_a_group_gets(scenarios):
    # Cost always comes first; a targeted figure gets a panel of its own; four at most.
    assert chart_panels(scenarios["large-data-migration"], "transfer") == ["cost", "transfer_days"]
    assert chart_panels(scenarios["large-data-migration"], "encryption") == ["cost"]  # no target on its figures
    assert chart_panels(scenarios["high-availability"], "topology") == ["cost", "time"]  # RPO/RTO, even untargeted
    assert len(chart_panels(scenarios["big-data-analytics"], "platform")) == 4
    assert chart_panels(scenarios["lambda-issues"], "variant") == []  # a guide's cases carry no figures
    assert chart_panels(load_scenario_text(groups_scenario(1, coupled=True)), "g0") == ["cost"]


def test_the_chart_is_a_png_of_the_size_its_panels_need(scenarios):
    two = png_image(group_chart_png(scenarios["disaster-recovery"], "strategy", dpi=50))
    assert two.format == "PNG" and two.size == (round(6.4 * 50), round((0.6 + 2.3 * 2) * 50))
    wide = png_image(group_chart_png(scenarios["disaster-recovery"], "strategy", dpi=50, width_in=10))
    assert wide.size == (500, two.height)
    empty = png_image(group_chart_png(scenarios["lambda-issues"], "variant", dpi=50))
    assert empty.size == (320, round((0.6 + 2.3) * 50))  # one panel saying there is nothing to chart


def test_bars_are_green_or_red_by_the_target_and_follow_the_parameters(scenarios):
    s = scenarios["large-data-migration"]
    default = colour_pixels(group_chart_png(s, "transfer", {}, dpi=50))
    assert default["pass"] and default["fail"] and default["none"]  # cost bars have no target: grey
    more_time = colour_pixels(group_chart_png(s, "transfer", {"data_tb": 8}, dpi=50))
    assert more_time["fail"] == 0 and more_time["pass"] > default["pass"]  # less data: every option is in time
    assert colour_pixels(group_chart_png(scenarios["lambda-issues"], "variant", dpi=50)) == {
        "pass": 0,
        "fail": 0,
        "none": 0,
    }


def test_write_group_chart_png_writes_the_same_picture(scenarios, tmp_path):
    s = scenarios["disaster-recovery"]
    target = tmp_path / "chart.png"
    write_group_chart_png(target, s, "strategy", {"rpo": 5}, "pilot-light", dpi=40)
    assert target.read_bytes() == group_chart_png(s, "strategy", {"rpo": 5}, "pilot-light", dpi=40)
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]  # no temporary file left


# Charts whose labels once ran into bars or target lines, and a duration axis with targets.
CROWDED = [
    ("disaster-recovery", "strategy", {}),
    ("disaster-recovery", "strategy", {"rpo": 5}),
    ("multi-region", "topology", {}),
    ("legacy-modernization", "strategy", {}),
    ("cost-optimization", "purchase", {}),
    ("hybrid-connectivity", "connection", {}),
    ("cicd-pipeline", "deployment", {}),
]


@pytest.mark.parametrize(("scenario", "group", "params"), CROWDED)
def test_labels_legends_and_ticks_never_collide(scenarios, scenario, group, params):
    layouts = group_chart_layout(scenarios[scenario], group, params, dpi=60)
    for panel in layouts:
        # Value labels: clear of every bar and target line, inside the plot.
        assert panel.labels, panel.panel
        for label, text in zip(panel.labels, panel.label_texts, strict=True):
            assert not any(label.overlaps(bar, gap=-0.5) for bar in panel.bars), (panel.panel, text)
            assert not any(label.x0 - 1 <= x <= label.x1 + 1 for x in panel.target_lines), (panel.panel, text)
            assert panel.plot.x0 <= label.x0 and label.x1 <= panel.plot.x1, (panel.panel, text)
        # The target legend: above the plot, below the title, touching neither.
        if panel.target_lines:
            assert panel.legend is not None
            assert not panel.legend.overlaps(panel.plot) and not panel.legend.overlaps(panel.title)
            assert panel.legend.y0 >= panel.plot.y1 - 0.5
        # Tick labels: at least two, none touching the next.
        assert len(panel.ticks) >= 2, panel.panel
        for left, right in zip(panel.ticks, panel.ticks[1:], strict=False):
            assert left.x1 < right.x0, (panel.panel, panel.tick_texts)
    assert any(p.target_lines for p in layouts)


def test_a_duration_axis_ticks_in_round_durations_and_drops_the_ones_that_would_collide(scenarios):
    # Multi-region's RPO of "up to a day" spans 1 s to weeks: "1 week" and "30 days" cannot both fit.
    (time,) = [p for p in group_chart_layout(scenarios["multi-region"], "topology", dpi=60) if p.panel == "time"]
    names = [name for _, name in TIME_TICKS]
    assert set(time.tick_texts) <= set(names) and {"1 s", "1 min", "1 h", "1 day"} <= set(time.tick_texts)
    assert not {"1 week", "30 days"} <= set(time.tick_texts)
    assert len(time.target_lines) == 2  # the RPO and the RTO target


def test_a_zero_bar_is_drawn_as_a_stub_with_its_label(scenarios):
    (cost,) = group_chart_layout(scenarios["cicd-pipeline"], "iac", dpi=60)
    assert cost.label_texts == ("no monthly cost", "no monthly cost")  # how the core formatter writes $0/month
    assert len(cost.bars) == 2 and all(bar.width >= 3 for bar in cost.bars)
    assert all(label.x0 >= bar.x1 for label, bar in zip(cost.labels, cost.bars, strict=True))
    ticks = [float(t.replace(",", "")) for t in cost.tick_texts]
    assert ticks[0] == 0 and ticks[-1] > 0  # an axis of dollars, not of 1e-9


def test_every_value_axis_names_its_unit(scenarios):
    units = {p.panel: p.axis_label for p in group_chart_layout(scenarios["legacy-modernization"], "strategy", dpi=60)}
    assert units == {
        "cost": "US dollars per month",
        "response_s": "seconds",
        "availability_pct": "%",
        "concurrent_users": "number",
    }
    assert [p.axis_label for p in group_chart_layout(scenarios["disaster-recovery"], "strategy", dpi=60)] == [
        "US dollars per month",
        "time (logarithmic scale)",
    ]
    assert group_chart_layout(scenarios["multi-region"], "topology", dpi=60)[2].axis_label == "ms"
    assert group_chart_layout(scenarios["large-data-migration"], "transfer", dpi=60)[1].axis_label == "days"


def test_a_guide_has_nothing_to_chart_and_says_why(scenarios):
    guides = [s for s in scenarios.values() if s.kind == "troubleshooting"]
    assert any(g.option_groups for g in guides)  # cases, but no figures on them
    for guide in guides:
        assert nothing_to_chart(guide).startswith("Nothing to chart: this guide")
    for scenario in scenarios.values():
        if scenario.kind == "scenario":
            assert nothing_to_chart(scenario) == "", scenario.id
