"""One stable layout per scenario: the union of every option, shared by every view."""

from __future__ import annotations

import json
import subprocess

import pytest

from explorer.domain.compose import compose
from explorer.drawing import layout as layouts
from explorer.drawing.layout import Layout, compute_layout, pin_plan, union_view
from explorer.drawing.render import build_diagram, plan_view


def every_selection(scenario):
    for group in scenario.option_groups:
        for option in group.options:
            yield {group.key: option.key}


def test_the_union_holds_every_option_of_every_group(scenarios):
    for scenario in scenarios.values():
        union = union_view(scenario)
        node_ids = {n.id for n in union.nodes}
        edge_keys = {e.key for e in union.edges}
        for selection in [{}, *every_selection(scenario)]:
            view = compose(scenario, selection)
            assert {n.id for n in view.nodes} <= node_ids, (scenario.id, selection)
            assert {e.key for e in view.edges} <= edge_keys, (scenario.id, selection)


def test_relabelled_nodes_get_room_for_their_longest_label(scenarios):
    for scenario in scenarios.values():
        union = {n.id: n.label for n in union_view(scenario).nodes}
        for group in scenario.option_groups:
            for option in group.options:
                for node_id, label in option.changes.relabel.items():
                    if node_id in union:
                        assert len(union[node_id].splitlines()) >= len(label.splitlines())


def _pinned_positions(scenario, selection, layout) -> dict[str, tuple[float, float]]:
    view = compose(scenario, selection)
    source = build_diagram(pin_plan(plan_view(view), view, layout)).dot.source
    done = subprocess.run(["neato", "-n2", "-Tjson"], input=source.encode(), capture_output=True, check=True)
    graph = json.loads(done.stdout)
    return {
        o["name"]: tuple(float(v) for v in o["pos"].split(","))
        for o in graph["objects"]
        if "pos" in o and not o["name"].startswith("cluster_")
    }


@pytest.mark.parametrize("scenario_id", ["disaster-recovery", "hybrid-connectivity", "api-gateway-errors"])
def test_shared_nodes_keep_their_place_in_every_view(scenarios, scenario_id):
    scenario = scenarios[scenario_id]
    layout = compute_layout(scenario)
    expected = {k: tuple(float(v) for v in n.gv_pos.split(",")) for k, n in layout.nodes.items()}
    offsets = set()
    for selection in [{}, *every_selection(scenario)]:
        pinned = _pinned_positions(scenario, selection, layout)
        # Graphviz may move the whole drawing by its margin; it never moves one node.
        shifts = {(round(x - expected[k][0]), round(y - expected[k][1])) for k, (x, y) in pinned.items()}
        assert len(shifts) == 1, (selection, shifts)
        offsets |= shifts
    assert len(offsets) == 1  # and every view by the same amount


def test_a_layout_round_trips_and_a_damaged_one_is_refused(scenarios):
    layout = compute_layout(scenarios["multi-region"])
    assert Layout.from_json(layout.to_json()) == layout
    for bad in (b"", b"{}", b"[1]", layout.to_json()[:-10], json.dumps({"format": 999}).encode()):
        with pytest.raises(ValueError):
            Layout.from_json(bad)


def test_a_damaged_cached_layout_is_laid_out_again(scenarios, monkeypatch):
    scenario = scenarios["lambda-issues"]
    good = compute_layout(scenario)
    key = layouts.layout_key(layouts.union_dot(scenario))
    layouts.disk_cache().put(key, b"not a layout")
    layouts.clear_layouts()
    assert compute_layout(scenario) == good


def test_the_layout_has_every_node_edge_and_cluster_with_geometry(scenarios):
    for scenario in scenarios.values():
        layout = compute_layout(scenario)
        union = union_view(scenario)
        assert set(layout.nodes) == {n.id for n in union.nodes}
        assert set(layout.edges) == {e.key for e in union.edges}
        assert set(layout.clusters) == {c.id for c in union.clusters}
        for node in layout.nodes.values():
            assert node.box.x >= -1 and node.box.right <= layout.width + 1
            assert node.box.y >= -1 and node.box.bottom <= layout.height + 1
        assert all(len(e.points) >= 4 for e in layout.edges.values())
