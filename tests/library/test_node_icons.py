"""Nodes are drawn with the icon of the service they are, not a look-alike of another one."""

from __future__ import annotations

import pytest

from explorer.library.references import resolve_node_class

#: (scenario, node): (the icon it had, which shows another service; the icon it has now).
FIXED = {
    ("large-data-migration", "object-lock"): ("aws.storage.S3GlacierVault", "aws.storage.SimpleStorageServiceS3Object"),
    ("multi-region", "global-table"): ("aws.database.DynamodbStreams", "aws.database.DynamodbTable"),
    ("cicd-pipeline", "scans"): ("aws.security.Inspector", "aws.general.Toolkit"),
    ("compliance-governance", "bpa"): ("aws.general.SslPadlock", "aws.general.GenericFirewall"),
    ("hybrid-connectivity", "public-svc"): ("aws.storage.SimpleStorageServiceS3", "aws.general.General"),
    ("cloudformation-failures", "events"): (
        "aws.management.CloudwatchEventEventBased",
        "aws.management.Cloudformation",
    ),
    ("unexpected-bill", "tags"): ("aws.management.SystemsManagerInventory", "aws.cost.CostManagement"),
    ("api-gateway-errors", "mapping"): ("aws.management.SystemsManagerDocuments", "aws.network.APIGateway"),
    ("auto-scaling-issues", "policy"): ("aws.compute.ApplicationAutoScaling", "aws.compute.EC2AutoScaling"),
}


@pytest.mark.parametrize(("where", "types"), FIXED.items(), ids=[f"{s}:{n}" for s, n in FIXED])
def test_the_node_shows_its_own_service(scenarios, where, types):
    scenario_id, node_id = where
    wrong, right = types
    node = next(n for n in scenarios[scenario_id].nodes if n.id == node_id)
    assert node.type == right != wrong
    assert resolve_node_class(node.type) is not None


#: Icons that belong to one specific service, and words that node labels for that service use.
SERVICE_WORDS = {
    "aws.database.DynamodbStreams": "stream",
    "aws.storage.S3GlacierVault": "glacier",
    "aws.security.Inspector": "inspector",
    "aws.management.SystemsManagerInventory": "inventory",
    "aws.management.SystemsManagerDocuments": "document",
    "aws.compute.ApplicationAutoScaling": "application auto scaling",
    "aws.management.CloudwatchEventEventBased": "event",
}


def test_a_service_specific_icon_is_only_used_for_that_service(scenarios):
    misused = []
    for scenario in scenarios.values():
        nodes = list(scenario.nodes) + [
            n for g in scenario.option_groups for o in g.options for n in o.changes.add_nodes
        ]
        for node in nodes:
            word = SERVICE_WORDS.get(node.type)
            if word and word not in f"{node.label} {node.note}".lower():
                misused.append(f"{scenario.id}:{node.id} {node.type} labelled {node.label!r}")
    assert not misused, misused
