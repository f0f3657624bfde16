"""The decision engine's rules: unjudged is not met, ranges and "at risk", why each
option wins or loses, tipping points, and many groups without trying every combination."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from explorer.cli import main
from explorer.domain.explain import explain
from explorer.domain.model import Scenario
from explorer.domain.params import ParameterError, parse_params
from explorer.domain.sweep import describe, sweep, tipping_points
from explorer.domain.tradeoffs import MAX_COMBINATIONS, evaluate, recommend
from tests.conftest import BUNDLED_DB


def tiny(groups: list[dict], requirements: list[dict] | None = None, metrics: list[dict] | None = None) -> Scenario:
    return Scenario.model_validate(
        {
            "id": "tiny",
            "title": "Tiny",
            "nodes": [{"id": "a", "type": "aws.compute.EC2", "label": "A"}],
            "phases": [{"title": "One"}],
            "metrics": metrics
            or [
                {"key": "monthly_usd", "label": "Monthly cost", "unit": "usd_month", "aggregate": "sum"},
                {"key": "rpo_minutes", "label": "RPO", "unit": "minutes", "aggregate": "max"},
            ],
            "cost_metric": "monthly_usd",
            "requirements": requirements or [],
            "option_groups": groups,
        }
    )


RPO_30 = [{"key": "rpo", "text": "Lose at most 30 minutes", "metric": "rpo_minutes", "op": "<=", "target": 30}]


def test_a_figure_no_option_gives_never_beats_one_that_meets():
    s = tiny(
        [
            {
                "key": "g",
                "label": "G",
                "options": [
                    {"key": "unknown", "label": "Unknown", "metrics": {"monthly_usd": 1}},
                    {"key": "known", "label": "Known", "metrics": {"monthly_usd": 100, "rpo_minutes": 10}},
                ],
            }
        ],
        RPO_30,
    )
    assert evaluate(s, {"g": "unknown"}).requirements[0].status == "unjudged"
    assert recommend(s) == {"g": "known"}
    assert "cannot be judged" in explain(s).groups[0].others["unknown"]


def test_snowmobile_is_not_recommended_for_80_tb_in_5_days(scenarios):
    s = scenarios["large-data-migration"]
    assert recommend(s, {"deadline_days": 5})["transfer"] != "snowmobile"
    summary = explain(s, {"deadline_days": 5}).summary
    assert summary.startswith("Nothing meets every requirement") and "needs at most 5 days" in summary


def ranged(best: float, worst: float) -> dict:
    return {"value": best, "worst": worst, "text": "minutes to hours"}


def test_a_range_meets_only_when_its_worst_case_does():
    s = tiny(
        [
            {
                "key": "g",
                "label": "G",
                "options": [
                    {"key": "cheap", "label": "Cheap", "metrics": {"monthly_usd": 10, "rpo_minutes": ranged(5, 60)}},
                    {"key": "safe", "label": "Safe", "metrics": {"monthly_usd": 50, "rpo_minutes": ranged(1, 20)}},
                ],
            }
        ],
        RPO_30,
    )
    cheap = evaluate(s, {"g": "cheap"}).requirements[0]
    assert cheap.status == "at risk" and cheap.met is False and "only the best case" in cheap.detail
    assert evaluate(s, {"g": "safe"}).requirements[0].status == "met"
    assert recommend(s) == {"g": "safe"}  # surely met beats at risk, whatever it costs
    assert "is at risk on RPO (5 min to 1 h; needs at most 30 min" in explain(s).groups[0].others["cheap"]
    loose = [{**RPO_30[0], "target": 60}]
    assert recommend(tiny(s.model_dump()["option_groups"], loose)) == {"g": "cheap"}


def test_worst_without_a_number_is_refused():
    with pytest.raises(ValueError, match="worst needs a number"):
        tiny(
            [
                {
                    "key": "g",
                    "label": "G",
                    "options": [{"key": "o", "label": "O", "metrics": {"rpo_minutes": {"worst": 5}}}],
                }
            ]
        )


def test_pilot_light_keeps_the_chapters_ranges(scenarios):
    s = scenarios["disaster-recovery"]
    pilot = evaluate(s, {"strategy": "pilot-light"})
    assert (pilot.metrics["rpo_minutes"].value, pilot.metrics["rpo_minutes"].worst) == (1, 60)
    assert (pilot.metrics["rto_minutes"].value, pilot.metrics["rto_minutes"].worst) == (120, 180)
    assert recommend(s) == {"strategy": "pilot-light"}
    # One minute tighter than the replica's worst case: pilot light is at risk, not met.
    tight = evaluate(s, {"strategy": "pilot-light"}, {"rpo": 59})
    assert tight.requirements[0].status == "at risk"
    assert recommend(s, {"rpo": 59}) == {"strategy": "warm-standby"}


def test_every_pick_and_every_loss_is_explained(scenarios):
    s = scenarios["hybrid-connectivity"]
    reasons = {g.group: g for g in explain(s).groups}
    connection = reasons["connection"]
    assert connection.option == "direct-connect"
    # The 10 Gbps port ($1,423.50 more) needs a 10 Gbps second connection ($1,423.50 more).
    assert connection.why == "the cheapest that meets every requirement, by $2,847/month"
    assert (
        connection.others["direct-connect-10g"]
        == "needs Second Direct Connect, 10 Gbps; with it, it costs $2,847/month more"
    )
    assert connection.others["vpn"].startswith(
        "needs Single connection; with it, it misses Consistent latency (no; needs: yes) and misses Private path"
    )
    dr = {g.group: g for g in explain(scenarios["disaster-recovery"]).groups}["strategy"]
    assert dr.others["backup-restore"].startswith("misses RPO (2 h to 2 days; needs at most 1 h)")


def test_show_json_carries_reasons_and_tipping_points():
    done = CliRunner().invoke(main, ["--db", str(BUNDLED_DB), "show", "6", "--json", "--param", "rpo=59m"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["recommendation"] == {"strategy": "warm-standby"}
    assert data["requirements"][0]["status"] == "at risk"
    reason = data["recommendation_reasons"][0]
    assert reason["group"] == "strategy" and reason["option"] == "warm-standby"
    assert {o["option"] for o in reason["others"]} == {"backup-restore", "pilot-light", "active-active"}
    assert {
        "param": "rpo",
        "value": 5.0,
        "from": {"strategy": "active-active"},
        "to": {"strategy": "warm-standby"},
    } in (data["tipping_points"])


def points(scenario: Scenario, key: str) -> list[tuple[float, dict, dict]]:
    return [(p.value, p.before, p.after) for p in sweep(scenario, key).points]


def test_tipping_points_of_disaster_recovery(scenarios):
    s = scenarios["disaster-recovery"]
    # Multi-site is near zero; warm standby's worst RPO is 5 minutes; pilot light's is 1 hour.
    assert points(s, "rpo") == [
        (5.0, {"strategy": "active-active"}, {"strategy": "warm-standby"}),
        (60.0, {"strategy": "warm-standby"}, {"strategy": "pilot-light"}),
    ]
    # Warm standby's worst RTO is 30 minutes, pilot light's 3 hours.
    assert [v for v, _, _ in points(s, "rto")] == [30.0, 180.0]


def test_tipping_points_of_large_data_migration(scenarios):
    s = scenarios["large-data-migration"]
    # 100 Mbps for 14 days moves 100e6 / 8 x 86,400 x 14 bytes = 15.12 TB.
    # ... and Snowmobile is offered from 100 PB, where its weeks beat 1,250 devices.
    assert points(s, "data_tb") == [
        (15.1, {"transfer": "internet"}, {"transfer": "snowball-edge"}),
        (100000.0, {"transfer": "snowball-edge"}, {"transfer": "snowmobile"}),
    ]
    # 80 TB in 14 days needs 80e12 x 8 / (14 x 86,400) bits a second = 529 Mbps.
    assert points(s, "bandwidth_mbps") == [(529.0, {"transfer": "snowball-edge"}, {"transfer": "internet"})]


def test_tipping_points_of_cost_optimisation(scenarios):
    s = scenarios["cost-optimization"]
    # Reserving all ten beats reserving the baseline once the seven peak instances run
    # h hours with 7 x h x on-demand > 7 x 730 x reserved, so h > 730 x R / O, where an
    # hour reserved is R = 0.096 x (1 - 0.6) + 0.03419 and on demand O = 0.096 + 0.03419
    # (half of the $0.06838 the instance price leaves follows the instance-hours).
    other = (0.16438 - 0.096) * 0.5
    hours = 730 * (0.096 * 0.4 + other) / (0.096 + other)
    assert points(s, "peak_hours_month") == [
        (round(hours), {"purchase": "reserved-scheduled"}, {"purchase": "reserved-all"})
    ]
    # Counts move in whole steps: a baseline of the whole fleet is reserving everything
    # (the same bill, and simpler), and so is a fleet no larger than the 3-instance baseline.
    # With no baseline there is nothing to reserve, and the simpler all On-Demand schedule wins.
    assert points(s, "baseline_instances") == [
        (1.0, {"purchase": "scheduled-on-demand"}, {"purchase": "reserved-scheduled"}),
        (10.0, {"purchase": "reserved-scheduled"}, {"purchase": "reserved-all"}),
    ]
    assert points(s, "instances") == [(4.0, {"purchase": "reserved-all"}, {"purchase": "reserved-scheduled"})]
    # A discount of zero ties reserving with paying on demand; that tie at the very end
    # of the range is no tipping point.
    assert points(s, "ri_discount") == []
    assert all(p.param in {q.key for q in s.parameters} for p in tipping_points(s))


def test_a_count_takes_whole_values_only(scenarios):
    s = scenarios["cost-optimization"]
    with pytest.raises(ParameterError, match="not a whole number"):
        parse_params(s, ["instances=2.5"])
    assert parse_params(s, ["instances=12"]) == {"instances": 12.0}
    result = sweep(s, "instances", low=1, high=20)
    assert all(float(seg.low).is_integer() and float(seg.high).is_integer() for seg in result.segments)
    assert describe(s, result)[0].startswith("1 instance to 4 instances:")


def test_sweep_on_the_command_line(tmp_path):
    runner = CliRunner()
    done = runner.invoke(
        main, ["--db", str(BUNDLED_DB), "sweep", "3", "data_tb", "--from", "1TB", "--to", "100TB", "--json"]
    )
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert (data["param"], data["from"], data["to"]) == ("data_tb", 1.0, 100.0)
    assert [s["recommendation"]["transfer"] for s in data["segments"]] == ["internet", "snowball-edge"]
    assert data["tipping_points"][0]["value"] == 15.1
    text = runner.invoke(main, ["--db", str(BUNDLED_DB), "sweep", "6", "rpo"])
    assert "At 1 h the recommendation changes from Warm standby (below) to Pilot light (from there up)." in text.output
    for bad, message in (
        (["sweep", "6", "nope"], "has no parameter 'nope'"),
        (["sweep", "6", "rpo", "--from", "2h", "--to", "1h"], "needs --from below --to"),
        (["sweep", "6", "rpo", "--from", "lots"], "is not a number"),
        (["sweep", "ec2-connection", "x"], "has no parameter"),
    ):
        result = runner.invoke(main, ["--db", str(BUNDLED_DB), *bad])
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_seventeen_independent_groups_are_solved_one_by_one():
    groups = [
        {
            "key": f"g{i}",
            "label": f"G{i}",
            "options": [
                {"key": "dear", "label": "Dear", "metrics": {"monthly_usd": 10 + i}},
                {"key": "cheap", "label": "Cheap", "metrics": {"monthly_usd": i}},
            ],
        }
        for i in range(17)
    ]
    s = tiny(groups)
    assert MAX_COMBINATIONS < 2**17
    # Searched together, the 131,072 combinations would be refused; one group at a time,
    # it is 34 evaluations.
    assert recommend(s) == {f"g{i}": "cheap" for i in range(17)}


@pytest.mark.parametrize(
    "data_tb,devices,days",
    [(80, 1, (7, 12)), (40, 1, (7, 12)), (500, 7, (17.5, 33)), (100_000, 1250, (2505, 5008))],
)
def test_snowball_figures_follow_the_volume(data_tb, devices, days):
    from explorer.domain.formulas import snowball_devices, snowball_edge_days

    assert snowball_devices({"data_tb": data_tb}) == devices
    assert snowball_edge_days({"data_tb": data_tb}) == pytest.approx(days)


def test_snowmobile_is_offered_from_100_pb_only():
    from explorer.domain.formulas import snowmobile_days

    assert snowmobile_days({"data_tb": 80}) is None and snowmobile_days({"data_tb": 99_999}) is None
    assert snowmobile_days({"data_tb": 100_000}) == (21, 42) and snowmobile_days({"data_tb": 250_000}) == (63, 126)


def test_100_pb_no_longer_fits_in_12_days(scenarios):
    s = scenarios["large-data-migration"]
    snowball = evaluate(s, {"transfer": "snowball-edge", "encryption": "sse-s3"}, {"data_tb": 100_000})
    assert snowball.metrics["transfer_days"].worst > 5000 and snowball.requirements[0].status == "not met"
    assert evaluate(s, {"transfer": "snowball-edge", "encryption": "sse-s3"}).requirements[0].status == "met"
    assert recommend(s, {"data_tb": 100_000, "deadline_days": 60})["transfer"] == "snowmobile"


def test_the_tipping_chart_draws_a_band_per_parameter(scenarios):
    from PIL import Image

    from explorer.output.charts import tipping_chart_png
    from tests.helpers import png_image

    s = scenarios["large-data-migration"]
    image = png_image(tipping_chart_png(s)).convert("RGB")
    colours = {c for _, c in image.getcolors(1 << 20)}
    assert (0x4C, 0x78, 0xA8) in colours and (0xF5, 0x85, 0x18) in colours  # internet and Snowball bands
    assert isinstance(image, Image.Image) and image.height > image.width * 0.6  # three bands and a legend


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": 2.5, "step": 1}, "not a multiple of step 1"),
        ({"value": 5, "min": 10, "max": 1}, "min 10 is above max 1"),
        ({"value": 50, "min": 0, "max": 10}, "outside min to max"),
        ({"value": 1, "step": 0}, "greater than 0"),
    ],
)
def test_a_parameter_that_cannot_hold_its_own_value_is_refused(fields, message):
    from pydantic import ValidationError

    from explorer.domain.model import Parameter

    with pytest.raises(ValidationError, match=message):
        Parameter(key="n", label="N", **fields)


def test_tipping_points_of_hybrid_connectivity(scenarios):
    s = scenarios["hybrid-connectivity"]
    # The 1 Gbps port carries up to 1 Gbps; anything more needs the 10 Gbps port, and the
    # second connection follows it (a backup matches its primary).
    ((value, before, after),) = points(s, "bandwidth_gbps")
    assert value == pytest.approx(1.0, abs=0.01)
    assert before == {"connection": "direct-connect", "ha": "second-dx"}
    assert after == {"connection": "direct-connect-10g", "ha": "second-dx-10g"}
    assert recommend(s, {"bandwidth_gbps": 1.0})["connection"] == "direct-connect"
