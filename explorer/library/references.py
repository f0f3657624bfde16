"""Checks that need the whole scenario at once: cross references (an edge naming a node,
an option removing an edge, a phase highlighting a node), duplicate ids, clusters that
are their own ancestor, phases that add nothing, size limits, and option groups with
more combinations than the recommender compares.

``check_references`` returns each problem with the path of its field; ``source`` turns
them into ``file:line: field: reason`` problems, and a library re-checks every scenario
it reads with it.
"""

from __future__ import annotations

import importlib

from explorer.domain.model import Cluster, Edge, Node, Scenario
from explorer.library.problems import PathKey

MAX_NODES = 400
MAX_EDGES = 800

_class_cache: dict[str, type | None] = {}


def resolve_node_class(type_name: str) -> type | None:
    """Return the ``diagrams`` class named like ``aws.database.RDS``, or None."""
    if type_name not in _class_cache:
        from diagrams import Node as DiagramsNode

        module_name, _, class_name = type_name.rpartition(".")
        try:
            module = importlib.import_module(f"diagrams.{module_name}")
            cls = getattr(module, class_name, None)
        except ImportError:
            cls = None
        ok = isinstance(cls, type) and issubclass(cls, DiagramsNode) and getattr(cls, "_icon", None)
        _class_cache[type_name] = cls if ok else None
    return _class_cache[type_name]


_type_names: list[str] | None = None


def node_type_names() -> list[str]:
    """Every ``diagrams`` node class a scenario can name (``aws.compute.Lambda``), sorted;
    imported once (about a second), so ask for it off the UI thread."""
    global _type_names
    if _type_names is None:
        import inspect
        import pkgutil

        import diagrams
        from diagrams import Node as DiagramsNode

        names: set[str] = set()
        for info in pkgutil.walk_packages(diagrams.__path__, "diagrams."):
            try:
                module = importlib.import_module(info.name)
            except ImportError:
                continue
            for class_name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, DiagramsNode) and getattr(cls, "_icon", None) and not class_name.startswith("_"):
                    names.add(f"{info.name.removeprefix('diagrams.')}.{class_name}")
        _type_names = sorted(names)
    return _type_names


def _cluster_cycles(
    clusters: list[tuple[PathKey, Cluster]], parents: dict[str, str | None]
) -> list[tuple[PathKey, str]]:
    """A problem for each cycle in ``parents`` (cluster id to parent id) that goes through
    one of ``clusters``, at the first of them: such a cluster is drawn nowhere, nor its nodes."""
    first: dict[str, tuple[int, PathKey]] = {}  # cluster id -> (position, path)
    for path, cluster in clusters:
        first.setdefault(cluster.id, (len(first), path))
    problems: list[tuple[PathKey, str]] = []
    done: set[str] = set()
    for start in parents:
        walk: dict[str, None] = {}  # the ids met going up from start, in order
        cluster_id: str | None = start
        while cluster_id in parents and cluster_id not in done and cluster_id not in walk:
            walk[cluster_id] = None
            cluster_id = parents[cluster_id]
        done.update(walk)
        ring = list(walk)[list(walk).index(cluster_id) :] if cluster_id in walk else []
        ours = [member for member in ring if member in first]
        if ours:
            head = min(ours, key=lambda member: first[member][0])
            at = ring.index(head)
            shown = " → ".join([*ring[at:], *ring[:at], head])
            message = f"cluster {head!r} is its own ancestor ({shown})"
            problems.append(((*first[head][1], "parent"), message))
    return problems


def check_references(s: Scenario) -> list[tuple[PathKey, str]]:
    """Every problem that needs the whole scenario to see, with the path of the field."""
    problems: list[tuple[PathKey, str]] = []

    def dupes(items: list[str], path: str, what: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item in seen:
                problems.append(((path, i), f"duplicate {what} {item!r}"))
            seen.add(item)

    phase_count = len(s.phases)
    cluster_ids = {c.id for c in s.clusters}
    node_ids = {n.id for n in s.nodes}
    dupes([c.id for c in s.clusters], "clusters", "cluster id")
    dupes([n.id for n in s.nodes], "nodes", "node id")
    dupes([e.key for e in s.edges], "edges", "edge")
    dupes([r.key for r in s.requirements], "requirements", "requirement key")
    dupes([g.key for g in s.option_groups], "option_groups", "option group key")
    if len(s.nodes) > MAX_NODES:
        problems.append((("nodes",), f"{len(s.nodes):,} nodes; the limit is {MAX_NODES}"))
    if len(s.edges) > MAX_EDGES:
        problems.append((("edges",), f"{len(s.edges):,} edges; the limit is {MAX_EDGES}"))

    metric_keys = set(s.all_metric_defs())
    param_keys = {p.key for p in s.parameters}

    def check_cluster(c: Cluster, path: PathKey, known: set[str]) -> None:
        if c.parent is not None and c.parent not in known:
            problems.append(((*path, "parent"), f"no cluster with id {c.parent!r}"))

    def check_node(n: Node, path: PathKey, clusters: set[str]) -> None:
        if resolve_node_class(n.type) is None:
            problems.append(((*path, "type"), f"{n.type!r} is not a diagrams node class (such as aws.database.RDS)"))
        if n.cluster is not None and n.cluster not in clusters:
            problems.append(((*path, "cluster"), f"no cluster with id {n.cluster!r}"))
        if n.phase > phase_count:
            problems.append(((*path, "phase"), f"phase {n.phase} does not exist (there are {phase_count})"))

    def check_edge(e: Edge, path: PathKey, nodes: set[str]) -> None:
        for end in ("source", "target"):
            if getattr(e, end) not in nodes:
                problems.append(((*path, end), f"no node with id {getattr(e, end)!r}"))
        if e.phase is not None and e.phase > phase_count:
            problems.append(((*path, "phase"), f"phase {e.phase} does not exist (there are {phase_count})"))

    for i, c in enumerate(s.clusters):
        check_cluster(c, ("clusters", i), cluster_ids)
    cluster_parents = {c.id: c.parent for c in s.clusters}
    own_clusters: list[tuple[PathKey, Cluster]] = [(("clusters", i), c) for i, c in enumerate(s.clusters)]
    problems += _cluster_cycles(own_clusters, cluster_parents)
    for i, n in enumerate(s.nodes):
        check_node(n, ("nodes", i), cluster_ids)
    for i, e in enumerate(s.edges):
        check_edge(e, ("edges", i), node_ids)
    edge_keys = {e.key for e in s.edges}

    for i, r in enumerate(s.requirements):
        path = ("requirements", i)
        if r.metric is not None and r.metric not in metric_keys:
            problems.append(((*path, "metric"), f"no metric named {r.metric!r}"))
        if r.metric is not None and (r.op is None or (r.target is None and r.target_param is None)):
            problems.append((path, "a requirement with a metric needs op and target (or target_param)"))
        if r.target_param is not None and r.target_param not in param_keys:
            problems.append(((*path, "target_param"), f"no parameter named {r.target_param!r}"))

    # Which nodes each phase brings in (with every option's additions, so that a phase
    # is empty only if no choice at all gives it something to show).
    introduced: dict[int, set[str]] = {p: set() for p in range(1, phase_count + 1)}
    for n in s.nodes:
        introduced.setdefault(n.phase, set()).add(n.id)
    for e in s.edges:
        if e.phase:
            introduced.setdefault(e.phase, set()).add(e.key)

    for gi, g in enumerate(s.option_groups):
        gpath: PathKey = ("option_groups", gi)
        dupes([o.key for o in g.options], f"option_groups[{gi}].options", "option key")
        if sum(o.recommended for o in g.options) > 1:
            problems.append((gpath, "more than one option is marked recommended"))
        for oi, o in enumerate(g.options):
            opath: PathKey = (*gpath, "options", oi)
            for field_name in ("requires", "excludes"):
                for other, rule in getattr(o, field_name).items():
                    target = next((x for x in s.option_groups if x.key == other), None)
                    if target is None:
                        problems.append(((*opath, field_name, other), f"no option group {other!r}"))
                    elif other == g.key:
                        problems.append(
                            ((*opath, field_name, other), "an option cannot require or exclude its own group")
                        )
                    else:
                        for ki, key in enumerate(rule.options):
                            if key not in {x.key for x in target.options}:
                                problems.append(
                                    (
                                        (*opath, field_name, other, "options", ki),
                                        f"group {other!r} has no option {key!r}",
                                    )
                                )
            for key in o.metrics:
                if key not in metric_keys:
                    problems.append(((*opath, "metrics", key), f"no metric named {key!r}"))
                value = o.metric(key)
                if value is not None and value.formula is not None:
                    from explorer.domain.formulas import FORMULAS

                    if value.formula not in FORMULAS:
                        problems.append(((*opath, "metrics", key, "formula"), f"no formula named {value.formula!r}"))
            ch = o.changes
            cpath: PathKey = (*opath, "changes")
            all_clusters = cluster_ids | {c.id for c in ch.add_clusters}
            for ci, c in enumerate(ch.add_clusters):
                check_cluster(c, (*cpath, "add_clusters", ci), all_clusters)
            added: list[tuple[PathKey, Cluster]] = [
                ((*cpath, "add_clusters", ci), c) for ci, c in enumerate(ch.add_clusters)
            ]
            with_added = cluster_parents | {c.id: c.parent for c in ch.add_clusters}
            problems += _cluster_cycles(added, with_added)
            for ni, n in enumerate(ch.add_nodes):
                check_node(n, (*cpath, "add_nodes", ni), all_clusters)
                introduced.setdefault(n.phase, set()).add(n.id)
            all_nodes = node_ids | {n.id for n in ch.add_nodes}
            for ni, node_id in enumerate(ch.remove_nodes):
                if node_id not in node_ids:
                    problems.append(((*cpath, "remove_nodes", ni), f"no node with id {node_id!r}"))
            for ei, e in enumerate(ch.add_edges):
                check_edge(e, (*cpath, "add_edges", ei), all_nodes)
            for ei, edge_key in enumerate(ch.remove_edges):
                if edge_key not in edge_keys:
                    problems.append(((*cpath, "remove_edges", ei), f"no edge with id {edge_key!r}"))
            for node_id in ch.relabel:
                if node_id not in all_nodes:
                    problems.append(((*cpath, "relabel", node_id), f"no node with id {node_id!r}"))
            for pi, p in enumerate(o.phases):
                ppath: PathKey = (*opath, "phases", pi)
                for hi, node_id in enumerate(p.highlight):
                    if node_id not in all_nodes:
                        problems.append(((*ppath, "highlight", hi), f"no node with id {node_id!r}"))
                if not p.highlight and not any(n.phase == pi + 1 for n in s.nodes):
                    problems.append((ppath, f"step {pi + 1} of this variant highlights nothing"))
            if o.phases:
                deepest = max([n.phase for n in (*s.nodes, *ch.add_nodes)] + [0])
                if deepest > len(o.phases):
                    problems.append(
                        ((*opath, "phases"), f"nodes use phase {deepest} but this variant has {len(o.phases)} steps")
                    )

    every_node = node_ids | {n.id for g in s.option_groups for o in g.options for n in o.changes.add_nodes}
    for table in ("cost_items", "estimated_cost_items"):
        for ci, item in enumerate(getattr(s, table)):
            for ni, node_id in enumerate(item.nodes):
                if node_id not in every_node:
                    problems.append(((table, ci, "nodes", ni), f"no node with id {node_id!r}"))
    for ci, item in enumerate(s.estimated_cost_items):
        if not item.basis.strip():
            problems.append(
                (("estimated_cost_items", ci, "basis"), "an estimated cost row needs a basis saying how it was reached")
            )

    groups = {g.key: {o.key for o in g.options} for g in s.option_groups}
    for pi, p in enumerate(s.phases):
        path = ("phases", pi)
        for vi, variant in enumerate(p.variants):
            for group_key, option_key in variant.when.items():
                if group_key not in groups:
                    problems.append(((*path, "variants", vi, "when", group_key), f"no option group {group_key!r}"))
                elif option_key not in groups[group_key]:
                    problems.append(
                        (
                            (*path, "variants", vi, "when", group_key),
                            f"group {group_key!r} has no option {option_key!r}",
                        )
                    )
            for hi, node_id in enumerate(variant.highlight or []):
                if node_id not in every_node:  # an option's own node may be what it highlights
                    problems.append(((*path, "variants", vi, "highlight", hi), f"no node with id {node_id!r}"))
        for hi, node_id in enumerate(p.highlight):
            if node_id not in node_ids:
                problems.append(((*path, "highlight", hi), f"no node with id {node_id!r}"))
        if not introduced.get(pi + 1) and not p.highlight:
            problems.append((path, f"phase {pi + 1} adds nothing: no node or edge has phase: {pi + 1}"))
    from explorer.domain.tradeoffs import combination_problems  # the recommender must be able to answer

    problems += combination_problems(s)
    if not problems and s.option_groups:
        from explorer.domain.tradeoffs import recommend

        try:
            recommend(s)
        except ValueError as err:  # options whose rules leave no combination at all
            problems.append((("option_groups",), str(err).split(": ", 1)[-1]))
    return problems
