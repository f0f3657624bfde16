"""Exporting one part of a diagram: a region, an account or a VPC (``--cluster NAME``).

A diagram too large to read on one slide can be shown a part at a time. The part is the
cluster and everything inside it; a node outside it that an edge reaches is kept as a
faded stub at the edge of the picture (outside any cluster), and so are the edges that
cross the border, so the slide still says where the part's connections go.
"""

from __future__ import annotations

from dataclasses import replace

from explorer.domain.compose import View
from explorer.domain.model import Scenario
from explorer.output.settings import ExportError


def find_cluster(view: View, name: str) -> str:
    """The id of the view's cluster named ``name`` (its id, or its title, ignoring case)."""
    wanted = name.strip().casefold()
    for cluster in view.clusters:
        if cluster.id.casefold() == wanted:
            return cluster.id
    wanted = " ".join(wanted.split())
    titles = {c.id: " ".join(c.label.split()).casefold() for c in view.clusters}
    matches = [i for i, t in titles.items() if t == wanted]
    if not matches:  # the title's first words, as "eu-west-1" for "eu-west-1 (Europe)"
        matches = [i for i, t in titles.items() if t.startswith(wanted) and not t[len(wanted)].isalnum()]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(f"{c.id} ({' '.join(c.label.split())})" for c in view.clusters) or "none"
    if len(matches) > 1:
        raise ExportError(f"more than one cluster is titled {name!r}; give its id instead (one of: {known})")
    raise ExportError(f"this view has no cluster {name!r}; give one of: {known}")


def _inside(view: View, root: str) -> set[str]:
    """``root`` and every cluster nested in it."""
    found = {root}
    grew = True
    while grew:
        grew = False
        for cluster in view.clusters:
            if cluster.parent in found and cluster.id not in found:
                found.add(cluster.id)
                grew = True
    return found


def cluster_view(scenario: Scenario, view: View, name: str) -> View:
    """The part of ``view`` inside the cluster ``name``, with stubs for its neighbours."""
    root = find_cluster(view, name)
    clusters = _inside(view, root)
    inside = {n.id for n in view.nodes if n.cluster in clusters}
    if not inside:
        raise ExportError(f"the cluster {root!r} holds no node in this view; choose another cluster or option")
    edges = [e for e in view.edges if e.source in inside or e.target in inside]
    neighbours = {e.source for e in edges} | {e.target for e in edges}
    nodes = tuple(
        n if n.id in inside else replace(n, cluster=None, state="future")
        for n in view.nodes
        if n.id in inside or n.id in neighbours
    )
    kept_edges = tuple(
        e if e.source in inside and e.target in inside else replace(e, state="future", style="dashed") for e in edges
    )
    # The cluster's own parents go: the part is drawn as the top of the picture.
    kept_clusters = tuple(
        c.model_copy(update={"parent": None}) if c.id == root else c for c in view.clusters if c.id in clusters
    )
    return replace(view, clusters=kept_clusters, nodes=nodes, edges=kept_edges)


def cluster_names(view: View) -> list[str]:
    """The clusters a view could be exported one at a time by (their ids)."""
    return [c.id for c in view.clusters]
