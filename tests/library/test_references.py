"""Checks that need the whole scenario: each problem comes with the path of its field."""

from __future__ import annotations

import diagrams.aws.database
import yaml

from explorer.domain.model import Scenario
from explorer.library.references import MAX_EDGES, MAX_NODES, check_references, resolve_node_class
from tests.helpers import TINY


def scenario(**changes) -> Scenario:
    """TINY with some fields replaced, validated by the model alone (no reference checks)."""
    return Scenario.model_validate({**yaml.safe_load(TINY), **changes})


def test_the_bundled_scenarios_have_no_problems(scenarios):
    assert {s.id: check_references(s) for s in scenarios.values()} == {s: [] for s in scenarios}


def test_problems_carry_the_path_of_their_field():
    nodes = [
        {"id": "web", "type": "aws.compute.EC2", "label": "Web", "cluster": "nowhere"},
        {"id": "web", "type": "aws.database.RDS", "label": "Again", "phase": 3},
    ]
    edges = [{"source": "web", "target": "db"}]
    assert check_references(scenario(nodes=nodes, edges=edges)) == [
        (("nodes", 1), "duplicate node id 'web'"),
        (("nodes", 0, "cluster"), "no cluster with id 'nowhere'"),
        (("nodes", 1, "phase"), "phase 3 does not exist (there are 2)"),
        (("edges", 0, "target"), "no node with id 'db'"),
        (("phases", 1), "phase 2 adds nothing: no node or edge has phase: 2"),
    ]


def test_size_limits():
    nodes = [{"id": f"n{i}", "type": "aws.compute.EC2", "label": "N"} for i in range(MAX_NODES + 1)]
    edges = [{"source": "n0", "target": "n1", "id": f"e{i}"} for i in range(MAX_EDGES + 1)]
    problems = dict(check_references(scenario(nodes=nodes, edges=edges, phases=[{"title": "One"}])))
    assert problems[("nodes",)] == f"{MAX_NODES + 1:,} nodes; the limit is {MAX_NODES}"
    assert problems[("edges",)] == f"{MAX_EDGES + 1:,} edges; the limit is {MAX_EDGES}"


def test_node_classes_are_resolved_from_diagrams_only():
    assert resolve_node_class("aws.database.RDS") is diagrams.aws.database.RDS
    assert resolve_node_class("aws.database.NoSuchThing") is None
    assert resolve_node_class("nosuch.module.Thing") is None
    assert resolve_node_class("aws.database.__name__") is None  # not a class
    assert resolve_node_class("aws.database._Database") is None  # a base class, with no icon
    assert resolve_node_class("aws.database.RDS") is resolve_node_class("aws.database.RDS")
