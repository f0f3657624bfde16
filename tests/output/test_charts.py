"""Charts of an option group: which panels, the picture's size, and bars coloured by the
requirement targets as the what-if parameters set them."""

from __future__ import annotations

from PIL import ImageColor

from explorer.drawing.palette import GREEN, NEUTRAL, RED
from explorer.library.source import load_scenario_text
from explorer.output.charts import chart_panels, group_chart_png, write_group_chart_png
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
