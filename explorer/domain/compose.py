"""Composing what a view shows: the graph for a selection of options at a phase.

A view always contains every node of the selection's architecture, so Graphviz lays it
out the same way from phase to phase; each node and edge carries a state that the
renderer turns into a style:

- ``built``: exists by this phase;
- ``new``: added by this phase (highlighted);
- ``future``: comes in a later phase (faded);
- ``changed``: differs from the recommended design because of the selected options.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from explorer.domain.model import Cluster, Edge, Node, Scenario
from explorer.domain.tradeoffs import Selection, complete_selection

State = Literal["built", "new", "future", "changed", "added", "removed"]


@dataclass(frozen=True)
class ViewNode:
    id: str
    type: str
    label: str
    cluster: str | None
    state: State


@dataclass(frozen=True)
class ViewEdge:
    key: str
    source: str
    target: str
    label: str
    style: str
    color: str | None
    direction: str
    state: State


@dataclass(frozen=True)
class View:
    scenario_id: str
    title: str
    direction: str
    selection: Selection
    phase: int | None
    phase_title: str
    clusters: tuple[Cluster, ...]
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]

    def node(self, node_id: str) -> ViewNode:
        return next(n for n in self.nodes if n.id == node_id)

    def states(self) -> dict[str, State]:
        return {n.id: n.state for n in self.nodes}


@dataclass
class _Graph:
    clusters: dict[str, Cluster]
    nodes: dict[str, Node]
    edges: dict[str, Edge]


def describe_selection(
    scenario: Scenario,
    selection: Mapping[str, str],
    *,
    groups: bool = True,
    only: Mapping[str, str] | None = None,
) -> str:
    """The one way a selection is put into words, in the scenario's group order.

    ``groups=True`` names each decision ("Strategy: Pilot light; Network: VPN"), for
    captions that stand alone; ``groups=False`` lists the options ("Pilot light, VPN"),
    for labels beside a letter or a heading. ``only`` keeps the groups whose option differs
    from it (what a design changes against another). An empty result means no decision.
    """
    parts = []
    for group in scenario.option_groups:
        key = selection.get(group.key)
        if key is None or (only is not None and only.get(group.key) == key):
            continue
        label = scenario.option(group.key, key).label
        parts.append(f"{group.label}: {label}" if groups else label)
    return ("; " if groups else ", ").join(parts)


def apply_selection(scenario: Scenario, selection: Mapping[str, str]) -> _Graph:
    """The architecture's graph after every selected option's changes."""
    graph = _Graph(
        clusters={c.id: c for c in scenario.clusters},
        nodes={n.id: n for n in scenario.nodes},
        edges={e.key: e for e in scenario.edges},
    )
    for group in scenario.option_groups:
        changes = scenario.option(group.key, selection[group.key]).changes
        for node_id in changes.remove_nodes:
            graph.nodes.pop(node_id, None)
        for edge_key in changes.remove_edges:
            graph.edges.pop(edge_key, None)
        graph.clusters.update({c.id: c for c in changes.add_clusters})
        graph.nodes.update({n.id: n for n in changes.add_nodes})
        graph.edges.update({e.key: e for e in changes.add_edges})
        for node_id, label in changes.relabel.items():
            if node_id in graph.nodes:
                graph.nodes[node_id] = graph.nodes[node_id].model_copy(update={"label": label})
    # An edge whose end was removed by another group's option goes with it.
    graph.edges = {k: e for k, e in graph.edges.items() if e.source in graph.nodes and e.target in graph.nodes}
    graph.clusters = clusters_in_use(graph.clusters, (n.cluster for n in graph.nodes.values()))
    return graph


def clusters_in_use(clusters: Mapping[str, Cluster], node_clusters: Iterable[str | None]) -> dict[str, Cluster]:
    """The clusters that hold a node, with their parents: empty ones (and parents of
    nothing) are dropped, and the nesting stays intact."""
    used = {c for c in node_clusters if c}
    changed = True
    while changed:
        parents = {parent for c in used if c in clusters and (parent := clusters[c].parent)}
        changed = not parents <= used
        used |= parents
    return {k: c for k, c in clusters.items() if k in used}


def edge_phase(edge: Edge, nodes: Mapping[str, Node]) -> int:
    return max(edge.phase or 0, nodes[edge.source].phase, nodes[edge.target].phase)


def compose(
    scenario: Scenario,
    selection: Mapping[str, str] | None = None,
    phase: int | None = None,
) -> View:
    """The view of ``scenario`` for ``selection`` (completed with defaults) at ``phase``.

    ``phase=None`` is the whole architecture with no phase highlighted.
    """
    full = complete_selection(scenario, selection)
    phases = scenario.phases_for(full)
    if phase is not None and not 1 <= phase <= len(phases):
        raise ValueError(f"{scenario.id} has phases 1 to {len(phases)}, not {phase}")
    graph = apply_selection(scenario, full)
    baseline = apply_selection(scenario, complete_selection(scenario))
    highlighted = set(phases[phase - 1].highlight) if phase else set()

    def state(item_phase: int, is_changed: bool, item_id: str) -> State:
        if phase is not None:
            if item_phase > phase:
                return "future"
            if item_phase == phase or item_id in highlighted:
                return "new"
        return "changed" if is_changed else "built"

    nodes = tuple(
        ViewNode(
            id=n.id,
            type=n.type,
            label=n.label,
            cluster=n.cluster,
            state=state(n.phase, baseline.nodes.get(n.id) != n, n.id),
        )
        for n in graph.nodes.values()
    )
    edges = tuple(
        ViewEdge(
            key=key,
            source=e.source,
            target=e.target,
            label=e.label,
            style=e.style,
            color=e.color,
            direction=e.direction,
            state=state(edge_phase(e, graph.nodes), baseline.edges.get(key) != e, key),
        )
        for key, e in graph.edges.items()
    )
    return View(
        scenario_id=scenario.id,
        title=scenario.title,
        direction=scenario.direction,
        selection=full,
        phase=phase,
        phase_title=phases[phase - 1].title if phase else "",
        clusters=tuple(graph.clusters.values()),
        nodes=nodes,
        edges=edges,
    )
