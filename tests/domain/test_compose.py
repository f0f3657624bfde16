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
