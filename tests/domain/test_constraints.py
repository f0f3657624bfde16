"""Options that do not fit together: requires, excludes, phases that follow the
selection, and the engine, the command line and the window honouring them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from explorer.cli import main
from explorer.domain.constraints import adapt, allowed, blocked_options, follow, violations
from explorer.domain.explain import explain
from explorer.domain.model import Scenario
from explorer.domain.params import parse_params
from explorer.domain.tradeoffs import recommend
from explorer.library.references import check_references
from explorer.output.views import scenario_views
from tests.conftest import BUNDLED_DB

VPN_SECOND_DX = {"connection": "vpn", "ha": "second-dx"}


ON_VPN = {"connection": "vpn", "ha": "none", "encryption": "none"}


def test_a_vpn_primary_has_no_second_direct_connect(scenarios):
    s = scenarios["hybrid-connectivity"]
    (broken,) = violations(s, {**ON_VPN, **VPN_SECOND_DX})
    assert broken.startswith(
        "Second Direct Connect, 1 Gbps works only with AWS Direct Connect, 1 Gbps port for connection type, "
        "not Site-to-Site VPN: "
    )
    assert "a VPN has no Direct Connect link to back up" in broken  # the rule's own reason
    assert allowed(s, ON_VPN) and allowed(s, {"connection": "direct-connect", "ha": "second-dx", "encryption": "none"})
    assert adapt(s, {**ON_VPN, **VPN_SECOND_DX}, "connection", recommend(s)) == ON_VPN


def test_macsec_needs_the_10_gbps_port(scenarios):
    s = scenarios["hybrid-connectivity"]
    on_1g = {"connection": "direct-connect", "ha": "second-dx", "encryption": "macsec"}
    (broken,) = violations(s, on_1g)
    assert "AWS offers MACsec only on dedicated Direct Connect connections of 10 Gbps and faster" in broken
    rule = s.option("encryption", "macsec").requires["connection"]
    assert rule.options == ["direct-connect-10g"] and rule.estimate and "not in the chapter" in rule.basis.lower()
    assert allowed(s, {"connection": "direct-connect-10g", "ha": "second-dx-10g", "encryption": "macsec"})
    # The engine says why it is not picked, in the same words.
    reasons = {g.group: g for g in explain(s).groups}
    assert "10 Gbps and faster" in reasons["encryption"].others["macsec"]


def test_the_bandwidth_what_if_changes_the_connection(scenarios):
    s = scenarios["hybrid-connectivity"]
    assert recommend(s)["connection"] == "direct-connect"
    above = recommend(s, parse_params(s, ["bandwidth_gbps=2"]))
    assert (above["connection"], above["ha"]) == ("direct-connect-10g", "second-dx-10g")
    # A VPN's bandwidth is an estimate with its basis, not the chapter's.
    vpn = s.option("connection", "vpn").metric("link_gbps")
    assert vpn is not None and vpn.estimate and "1.25 Gbps" in vpn.basis


def test_the_ha_choice_is_not_marked_as_the_chapters(scenarios):
    s = scenarios["hybrid-connectivity"]
    assert not any(o.recommended for o in s.group("ha").options)


def test_phases_follow_the_selection(scenarios):
    s = scenarios["hybrid-connectivity"]
    vpn = s.phases_for(ON_VPN)
    dx = s.phases_for({"connection": "direct-connect", "ha": "second-dx", "encryption": "none"})
    assert (vpn[0].title, vpn[0].duration) == ("Site-to-Site VPN setup", "hours")
    assert (dx[0].title, dx[0].duration) == ("Direct Connect setup", "2-4 weeks to provision")
    assert vpn[2].title == "No second path" and dx[2].title == "High availability"
    macsec = s.phases_for({"connection": "direct-connect-10g", "ha": "second-dx-10g", "encryption": "macsec"})
    assert "MACsec" in macsec[3].summary and "10 Gbps" in macsec[0].summary


def _two_groups(**rules) -> Scenario:
    return Scenario.model_validate(
        {
            "id": "rules",
            "title": "Rules",
            "nodes": [{"id": "a", "type": "aws.compute.EC2", "label": "A"}],
            "phases": [{"title": "One"}],
            "metrics": [{"key": "monthly_usd", "label": "Cost", "unit": "usd_month", "aggregate": "sum"}],
            "option_groups": [
                {
                    "key": "first",
                    "label": "First",
                    "options": [
                        {"key": "cheap", "label": "Cheap", "metrics": {"monthly_usd": 1}, **rules},
                        {"key": "dear", "label": "Dear", "metrics": {"monthly_usd": 50}},
                    ],
                },
                {
                    "key": "second",
                    "label": "Second",
                    "options": [
                        {"key": "x", "label": "X", "metrics": {"monthly_usd": 1}},
                        {"key": "y", "label": "Y", "metrics": {"monthly_usd": 100}},
                    ],
                },
            ],
        }
    )


def test_the_recommender_never_returns_options_that_do_not_fit():
    # Alone, cheap + x is cheapest (2); cheap excludes x, so cheap + y (101) loses to dear + x (51).
    s = _two_groups(excludes={"second": ["x"]})
    assert recommend(s) == {"first": "dear", "second": "x"}
    assert recommend(_two_groups(requires={"second": ["y"]})) == {"first": "dear", "second": "x"}
    assert recommend(_two_groups()) == {"first": "cheap", "second": "x"}
    reasons = {g.group: g for g in explain(s).groups}
    assert (
        reasons["first"].others["cheap"].startswith("needs Y; with it, it costs $50/month more")
    )  # cheap, adapted to y


def test_an_impossible_set_of_rules_is_refused_at_load_time():
    s = _two_groups(requires={"second": ["nope"]})
    assert any("group 'second' has no option 'nope'" in m for _, m in check_references(s))
    s = _two_groups(excludes={"third": ["x"]})
    assert any("no option group 'third'" in m for _, m in check_references(s))
    both = _two_groups(excludes={"second": ["x", "y"]}).model_copy()
    impossible = both.model_copy(
        update={
            "option_groups": [
                both.option_groups[0].model_copy(update={"options": both.option_groups[0].options[:1]}),
                both.option_groups[1],
            ]
        }
    )
    assert any("fits together" in m for _, m in check_references(impossible))


def test_blocked_options_and_following_choices(scenarios):
    s = scenarios["hybrid-connectivity"]
    rec = recommend(s)
    on_vpn = ON_VPN
    blocked = blocked_options(s, on_vpn, rec)
    assert set(blocked) == {
        ("ha", "second-dx"),
        ("ha", "second-dx-10g"),
        ("ha", "vpn-backup"),
        ("encryption", "vpn-overlay"),
        ("encryption", "macsec"),
    }
    assert "works only with AWS Direct Connect, 1 Gbps port" in blocked[("ha", "second-dx")]
    # Choosing the VPN when a second Direct Connect is selected is not blocked: HA follows.
    # On the 1 Gbps port, what needs the 10 Gbps one is (the connection is chosen first).
    assert set(blocked_options(s, rec, rec)) == {("ha", "second-dx-10g"), ("encryption", "macsec")}
    assert follow(s, rec, "connection", "vpn", rec) == on_vpn


def test_every_batch_view_is_a_possible_design(scenarios):
    for s in scenarios.values():
        assert all(allowed(s, v.selection) for v in scenario_views(s)), s.id


def test_show_refuses_options_that_do_not_fit_in_one_line():
    runner = CliRunner()
    done = runner.invoke(
        main, ["--db", str(BUNDLED_DB), "show", "7", "--option", "connection=vpn", "--option", "ha=second-dx"]
    )
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert done.output.strip().count("\n") == 0 and "do not fit together" in done.output
    followed = runner.invoke(main, ["--db", str(BUNDLED_DB), "show", "7", "--option", "connection=vpn", "--json"])
    assert followed.exit_code == 0, followed.output
    import json

    data = json.loads(followed.output)
    assert data["selection"] == ON_VPN
    assert data["phases"][0]["title"] == "Site-to-Site VPN setup"


@pytest.mark.parametrize("fmt", ["png"])
def test_export_refuses_them_too(tmp_path, fmt):
    out = tmp_path / f"x.{fmt}"
    done = CliRunner().invoke(
        main,
        [
            "--db",
            str(BUNDLED_DB),
            "export",
            "7",
            "--option",
            "connection=vpn",
            "--option",
            "ha=second-dx",
            "-o",
            str(out),
        ],
    )
    assert done.exit_code == 1 and "do not fit together" in done.output and not out.exists()


def test_check_renders_every_combination_the_rules_allow(scenarios):
    from explorer.output.check import rule_combinations, views_of

    s = scenarios["hybrid-connectivity"]
    combinations = rule_combinations(s)
    # 3 ports x 4 backups x 3 encryptions = 36; the rules leave 16 (a VPN only alone;
    # each second connection with its own port size; MACsec only on 10 Gbps).
    assert len(combinations) == 16 and all(allowed(s, c) for c in combinations)
    names = {name for name, _ in views_of(s)}
    for selection in combinations:
        joined = ",".join(f"{g}={o}" for g, o in selection.items())
        assert f"hybrid-connectivity [{joined}] phase all" in names
        assert f"hybrid-connectivity [{joined}] phase 4" in names
    # A scenario without rules adds nothing.
    assert rule_combinations(scenarios["disaster-recovery"]) == []
