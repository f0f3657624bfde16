"""What the details pane says about a node: its service, note, phase, options and costs."""

from __future__ import annotations

import pytest

from explorer.domain.model import Scenario
from explorer.domain.node_info import UnknownNode, node_details, service_words


@pytest.mark.parametrize(
    ("type_name", "words"),
    [
        ("aws.database.RDS", "RDS (AWS, database)"),
        ("aws.network.ElasticLoadBalancing", "Elastic Load Balancing (AWS, network)"),
        ("aws.compute.EC2AutoScaling", "EC2 Auto Scaling (AWS, compute)"),
        ("aws.network.Route53", "Route 53 (AWS, network)"),
        ("aws.storage.SimpleStorageServiceS3", "Simple Storage Service S3 (AWS, storage)"),
        ("onprem.client.Users", "Users (On-premises, client)"),
    ],
)
def test_service_in_words(type_name, words):
    assert service_words(type_name) == words


def small() -> Scenario:
    return Scenario.model_validate(
        {
            "id": "small",
            "title": "Small",
            "nodes": [
                {"id": "web", "type": "aws.compute.EC2", "label": "Web", "note": "Serves the shop."},
                {"id": "db", "type": "aws.database.RDS", "label": "Database", "phase": 2},
            ],
            "edges": [{"source": "web", "target": "db"}],
            "phases": [{"title": "Web tier"}, {"title": "Data tier"}],
            "option_groups": [
                {
                    "key": "db",
                    "label": "Database",
                    "options": [
                        {"key": "rds", "label": "RDS", "recommended": True},
                        {
                            "key": "aurora",
                            "label": "Aurora",
                            "changes": {
                                "relabel": {"db": "Aurora cluster"},
                                "add_nodes": [
                                    {"id": "cache", "type": "aws.database.ElastiCache", "label": "Cache", "phase": 2}
                                ],
                            },
                        },
                        {"key": "none", "label": "No database", "changes": {"remove_nodes": ["db"]}},
                    ],
                }
            ],
            "cost_items": [
                {"service": "RDS", "configuration": "db.r5.large", "monthly_usd": 180.5, "nodes": ["db"]},
                {"service": "Data transfer", "monthly_usd": 20},
            ],
        }
    )


def test_details_of_a_node():
    d = node_details(small(), "db")
    assert (d.label, d.service, d.phase, d.phase_title) == ("Database", "RDS (AWS, database)", 2, "Data tier")
    assert [(o.option, o.effect, o.selected) for o in d.options] == [
        ("Aurora", "relabels it “Aurora cluster”", False),
        ("No database", "removes it", False),
    ]
    assert [(c.service, c.monthly_usd) for c in d.costs] == [("RDS", 180.5)]
    text = d.as_text()
    assert "Added in phase 2: Data tier" in text and "$180.50/month" in text


def test_details_follow_the_selection():
    d = node_details(small(), "db", {"db": "aurora"})
    assert d.label == "Aurora cluster"
    assert [o.selected for o in d.options] == [True, False]


def test_a_node_only_an_option_adds():
    d = node_details(small(), "cache", {"db": "aurora"})
    assert d.service.startswith("Elasti") and d.options[0].effect == "adds it" and d.options[0].selected
    assert d.as_json()["options"][0] == {"group": "Database", "option": "Aurora", "effect": "adds it", "selected": True}


def test_the_note_and_the_base_phase():
    d = node_details(small(), "web")
    assert d.note == "Serves the shop." and d.phase == 1 and d.costs == ()


def test_an_unknown_node_names_the_known_ones():
    with pytest.raises(UnknownNode, match=r"no node 'nope'.*cache, db, web"):
        node_details(small(), "nope")


def test_a_cost_row_naming_a_missing_node_is_refused():
    from explorer.library.references import check_references

    data = small().model_dump()
    data["cost_items"][0]["nodes"] = ["dbx"]
    problems = check_references(Scenario.model_validate(data))
    assert (("cost_items", 0, "nodes", 0), "no node with id 'dbx'") in problems
