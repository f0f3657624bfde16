"""Comparing two designs of one scenario: the difference overlay and the trade-offs of each.

The left design is the reference. In the right one, what it adds is green and what it
changes (a different label) is amber; in the left one, what the right design removes is
red. Everything else keeps its ordinary look, so the eye goes to the differences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from explorer.domain.compose import State, View, compose
from explorer.domain.model import Scenario
from explorer.domain.tradeoffs import Evaluation, complete_selection, evaluate


@dataclass(frozen=True)
class Comparison:
    scenario: Scenario
    left: View
    right: View
    left_eval: Evaluation
    right_eval: Evaluation
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


def _restate(view: View, states: Mapping[str, State], edge_states: Mapping[str, State]) -> View:
    nodes = tuple(replace(n, state=states.get(n.id, "built")) for n in view.nodes)
    edges = tuple(replace(e, state=edge_states.get(e.key, "built")) for e in view.edges)
    return replace(view, nodes=nodes, edges=edges)


def compare(
    scenario: Scenario,
    left: Mapping[str, str] | None,
    right: Mapping[str, str] | None,
    phase: int | None = None,
    params: Mapping[str, float] | None = None,
) -> Comparison:
    left_sel, right_sel = complete_selection(scenario, left), complete_selection(scenario, right)
    a, b = compose(scenario, left_sel, phase), compose(scenario, right_sel, phase)
    a_nodes, b_nodes = {n.id: n for n in a.nodes}, {n.id: n for n in b.nodes}
    a_edges, b_edges = {e.key: e for e in a.edges}, {e.key: e for e in b.edges}
    added = tuple(i for i in b_nodes if i not in a_nodes)
    removed = tuple(i for i in a_nodes if i not in b_nodes)
    changed = tuple(i for i in b_nodes if i in a_nodes and b_nodes[i].label != a_nodes[i].label)
    left_view = _restate(a, {i: "removed" for i in removed}, {k: "removed" for k in a_edges if k not in b_edges})
    right_view = _restate(
        b,
        {**{i: "added" for i in added}, **{i: "changed" for i in changed}},
        {k: "added" for k in b_edges if k not in a_edges},
    )
    return Comparison(
        scenario,
        left_view,
        right_view,
        evaluate(scenario, left_sel, params),
        evaluate(scenario, right_sel, params),
        added,
        removed,
        changed,
    )
