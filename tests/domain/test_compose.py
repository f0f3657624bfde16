"""Phase and option views of a scenario."""

from __future__ import annotations

import pytest

from explorer.domain.compose import compose


def test_whole_design_has_no_phase_highlight(scenarios):
    view = compose(scenarios["disaster-recovery"])
    assert {n.state for n in view.nodes} == {"built"}


def test_phase_view_keeps_every_node_and_marks_states(scenarios):
    s = scenarios["disaster-recovery"]
    whole = compose(s)
    view = compose(s, phase=3)
    assert [n.id for n in view.nodes] == [n.id for n in whole.nodes]  # nothing left out
    states = view.states()
    assert states["templates"] == "new" and states["dr-web"] == "new"  # phase 3 adds these
    assert states["replica"] == "built"  # from phase 1
    assert states["drills"] == "future"  # phase 5
    assert states["db"] == "built"  # existed before the work (phase 0)


def test_phase_highlight_lists_count_as_new(scenarios):
    view = compose(scenarios["disaster-recovery"], phase=4)
    assert view.node("dns").state == "new"


def test_each_phase_adds_something(scenarios):
    for s in scenarios.values():
        for n in range(1, len(s.phases) + 1):
            view = compose(s, phase=n)
            assert any(x.state == "new" for x in (*view.nodes, *view.edges)), (s.id, n)


def test_option_view_applies_changes(scenarios):
    s = scenarios["disaster-recovery"]
    backup = compose(s, {"strategy": "backup-restore"})
    ids = {n.id for n in backup.nodes}
    assert "replica" not in ids and "dr-web" not in ids  # only backups in the DR region
    assert backup.node("snapshots").state == "changed"
    assert "dr-vpc" not in {c.id for c in backup.clusters}  # emptied cluster is dropped
    assert all(e.source in ids and e.target in ids for e in backup.edges)


def test_relabel_is_a_change(scenarios):
    warm = compose(scenarios["disaster-recovery"], {"strategy": "warm-standby"})
    assert warm.node("dr-web").state == "changed"
    assert "running" in warm.node("dr-web").label


def test_out_of_range_phase(scenarios):
    with pytest.raises(ValueError, match="phases 1 to"):
        compose(scenarios["disaster-recovery"], phase=99)


def test_a_selection_is_put_into_words_one_way(scenarios):
    from explorer.domain.compose import describe_selection

    s = scenarios["disaster-recovery"]
    pilot = {"strategy": "pilot-light"}
    assert describe_selection(s, pilot) == "DR strategy: Pilot light"
    assert describe_selection(s, pilot, groups=False) == "Pilot light"
    assert describe_selection(s, pilot, only=pilot) == ""  # nothing differs
    assert describe_selection(s, {"strategy": "warm-standby"}, groups=False, only=pilot) == "Warm standby"


def test_requirement_operators_come_from_one_table():
    from explorer.domain.tradeoffs import OPERATORS, meets

    assert set(OPERATORS) == {"<=", ">=", "<", ">", "=="}
    assert meets(5, "<=", 5) and not meets(6, "<=", 5) and meets(2, ">", 1) and not meets(1, "==", 2)


def test_each_dr_strategy_shows_what_runs_in_the_recovery_region(scenarios):
    """Backups only; a replica with idle compute; a smaller running stack; a full stack
    serving traffic, with Route 53 sending shoppers to both regions."""
    s = scenarios["disaster-recovery"]

    def recovery(strategy: str):
        view = compose(s, {"strategy": strategy})
        inside = {n.id: n.type for n in view.nodes if n.cluster in ("dr", "dr-vpc")}
        return view, inside

    def instances(inside):
        return sum(1 for t in inside.values() if t == "aws.compute.EC2Instance")

    def traffic(view):
        return {e.target for e in view.edges if e.source == "dns" and e.style != "dashed"}

    _, inside = recovery("backup-restore")
    assert set(inside.values()) == {"aws.storage.Backup", "aws.compute.EC2Ami"}  # backups only
    pilot, inside = recovery("pilot-light")
    assert "aws.database.RDS" in inside.values() and instances(inside) == 0
    assert {e.style for e in pilot.edges if e.source in ("dr-alb", "dr-web") and e.target in ("dr-web", "replica")} >= {
        "dashed"
    }
    warm, inside = recovery("warm-standby")
    assert instances(inside) == 2 and traffic(warm) == {"alb"}
    full, inside = recovery("active-active")
    assert instances(inside) == 4 and traffic(full) == {"alb", "dr-alb"}


def test_dr_phases_follow_the_strategy(scenarios):
    s = scenarios["disaster-recovery"]
    titles = {o.key: [p.title for p in s.phases_for({"strategy": o.key})] for o in s.group("strategy").options}
    assert titles["pilot-light"][0] == "Data replication" and titles["backup-restore"][0] == "Backups"
    assert titles["active-active"][5] == "Losing a region"
    durations = {o.key: s.phases_for({"strategy": o.key})[5].duration for o in s.group("strategy").options}
    assert durations == {
        "backup-restore": "hours to days",
        "pilot-light": "about 2-3 hours in total, inside the 4-hour RTO",
        "warm-standby": "minutes",
        "active-active": "near zero",
    }
