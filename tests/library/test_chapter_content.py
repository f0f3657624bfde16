"""The bundled library carries what the chapter names for scenarios 9, 10 and 12.

These tests read the built library (``scenarios.db``), not the YAML, so they also catch
a library that was not rebuilt after a source changed.
"""

from __future__ import annotations

import pytest

from explorer.domain.model import Scenario
from explorer.library.store import Library
from tests.conftest import BUNDLED_DB


@pytest.fixture(scope="module")
def library():
    with Library(BUNDLED_DB, upgrade=False) as opened:
        yield opened


def node_types(scenario: Scenario) -> dict[str, str]:
    return {node.id: node.type for node in scenario.nodes}


def all_text(scenario: Scenario) -> str:
    """Everything a user can read about the recommended design: notes, labels, phases."""
    parts = [node.label + " " + node.note for node in scenario.nodes]
    parts += [edge.label for edge in scenario.edges]
    for phase in scenario.phases:
        parts += [phase.title, phase.duration, phase.summary, *phase.steps]
    return " ".join(parts)


# --- Scenario 9 ----------------------------------------------------------------------

SCENARIO_9_COMPONENTS = {
    "network-firewall": "aws.network.NetworkFirewall",
    "inspector": "aws.security.Inspector",
    "acm": "aws.security.CertificateManager",
    "vpc-endpoints": "aws.network.Privatelink",
    "secrets-manager": "aws.security.SecretsManager",
}

CONFIG_RULES = [
    "s3-bucket-public-read-prohibited",
    "s3-bucket-public-write-prohibited",
    "s3-bucket-server-side-encryption-enabled",
    "rds-encryption-enabled",
    "ec2-encrypted-volumes",
    "cloudtrail-enabled",
    "multi-region-cloudtrail-enabled",
    "root-account-mfa-enabled",
    "iam-password-policy",
    "vpc-flow-logs-enabled",
]


@pytest.mark.parametrize(("node_id", "node_type"), SCENARIO_9_COMPONENTS.items())
def test_scenario_9_draws_every_component_the_chapter_names(library, node_id, node_type):
    scenario = library.get("9")
    node = next(node for node in scenario.nodes if node.id == node_id)
    assert node.type == node_type
    assert len(node.note) > 40


def test_scenario_9_components_sit_in_the_account_that_runs_them(library):
    clusters = {node.id: node.cluster for node in library.get("9").nodes}
    assert clusters["network-firewall"] == "workload-vpc"
    assert clusters["vpc-endpoints"] == "private-subnet"
    assert clusters["inspector"] == "detect"
    assert clusters["alb"] == "public-subnet"
    assert clusters["app"] == "private-subnet"


def test_scenario_9_inspector_feeds_security_hub_in_every_response_model(library):
    scenario = library.get("9")
    assert any(e.source == "inspector" and e.target == "security-hub" for e in scenario.edges)
    siem = scenario.option("response", "third-party-siem")
    assert any(e.source == "inspector" and e.target == "siem" for e in siem.changes.add_edges)


def test_scenario_9_config_node_and_phase_list_the_ten_rules(library):
    scenario = library.get("9")
    config = next(node for node in scenario.nodes if node.id == "config")
    rollout = " ".join(scenario.phases[1].steps)
    for rule in CONFIG_RULES:
        assert rule in config.note
        assert rule in rollout


def test_scenario_9_trail_has_integrity_validation_and_mfa_delete(library):
    scenario = library.get("9")
    nodes = {node.id: node for node in scenario.nodes}
    assert "integrity validation" in nodes["cloudtrail"].label
    assert "MFA Delete" in nodes["log-archive"].label
    foundation = " ".join(scenario.phases[0].steps)
    assert "integrity validation" in foundation
    assert "MFA Delete" in foundation


def test_scenario_9_waf_rules_and_block_public_access_are_shown(library):
    scenario = library.get("9")
    waf = next(node for node in scenario.nodes if node.id == "waf")
    assert "OWASP Top 10" in waf.label
    for rule in [
        "OWASP Top 10",
        "known bad inputs",
        "SQL injection",
        "cross-site scripting",
        "rate limiting",
        "geo-blocking",
    ]:
        assert rule in waf.note
        assert rule in scenario.phases[2].summary
    assert any(e.label == "Block Public Access" and e.target == "patient-data" for e in scenario.edges)


def test_scenario_9_names_every_containment_action(library):
    scenario = library.get("9")
    eventbridge = next(node for node in scenario.nodes if node.id == "eventbridge")
    step = " ".join(scenario.phases[3].steps)
    for action in ["security group", "credentials", "EBS", "network ACLs"]:
        assert action in eventbridge.note
        assert action in step


def test_scenario_9_cost_table_stays_the_chapters(library):
    scenario = library.get("9")
    assert scenario.monthly_total_usd == 2325
    assert sum(item.monthly_usd for item in scenario.cost_items) == 2325
    text = all_text(scenario)
    assert "seed" not in text.lower()


# --- Scenario 10 ---------------------------------------------------------------------

SCENARIO_10_COMPONENTS = {
    "partner-api": "aws.network.APIGateway",
    "xray": "aws.devtools.XRay",
    "cloudtrail": "aws.management.Cloudtrail",
    "waf": "aws.security.WAF",
    "secrets": "aws.security.SecretsManager",
    "textract": "aws.ml.Textract",
    "ses": "aws.engagement.SimpleEmailServiceSes",
    "sns": "aws.integration.SimpleNotificationServiceSns",
    "sqs": "aws.integration.SimpleQueueServiceSqs",
    "notify-queue": "aws.integration.SimpleQueueServiceSqs",
    "claims-status": "aws.database.Dynamodb",
    "auth-db": "aws.database.Aurora",
}


@pytest.mark.parametrize(("node_id", "node_type"), SCENARIO_10_COMPONENTS.items())
def test_scenario_10_draws_every_component_the_chapter_names(library, node_id, node_type):
    node = next(node for node in library.get("10").nodes if node.id == node_id)
    assert node.type == node_type
    assert len(node.note) > 40


def test_scenario_10_wires_each_service_to_what_the_chapter_gives_it(library):
    edges = {(e.source, e.target) for e in library.get("10").edges}
    for pair in [
        ("auth", "auth-db"),
        ("claims", "sqs"),
        ("sqs", "claims-fn"),
        ("claims-fn", "claims-status"),
        ("document", "textract"),
        ("notify-queue", "notification"),
        ("notification", "ses"),
        ("notification", "sns"),
        ("partners", "partner-api"),
        ("partner-api", "alb"),
        ("waf", "alb"),
    ]:
        assert pair in edges


def test_scenario_10_phases_are_the_chapters_architecture_evolution(library):
    scenario = library.get("10")
    durations = [phase.duration for phase in scenario.phases]
    assert durations[:4] == ["months 0-3", "months 3-6", "months 6-9", "months 9-12"]
    added = {number: {node.id for node in scenario.nodes if node.phase == number} for number in range(1, 5)}
    assert {"monolith", "rds", "dms"} <= added[1] and not {"auth", "claims", "document"} & added[1]
    assert {"auth", "auth-db"} <= added[2]
    assert {"claims", "sqs", "claims-fn", "claims-status"} <= added[3]
    assert {"document", "textract", "notification", "notify-queue", "ses", "sns", "reporting", "redis"} <= added[4]


def test_scenario_10_every_option_renders_its_own_nodes_at_a_real_phase(library):
    scenario = library.get("10")
    for group in scenario.option_groups:
        for option in group.options:
            for node in option.changes.add_nodes:
                assert 0 <= node.phase <= len(scenario.phases)
                assert node.note


def test_scenario_10_says_its_on_premises_figures_do_not_add_up(library):
    scenario = library.get("10")
    said = " ".join(scenario.current_state + scenario.benefits)
    assert "$850K" in said and "$500K" in said


def test_scenario_10_cost_table_has_the_chapters_annual_column(library):
    scenario = library.get("10")
    assert scenario.has_annual_costs()
    assert all(item.annual_usd == 12 * item.monthly_usd for item in scenario.cost_items)
    assert scenario.annual_total_usd == sum(item.annual for item in scenario.cost_items) == 130800


# --- Scenario 12 ---------------------------------------------------------------------


def test_scenario_12_production_shifts_traffic_10_50_100_as_the_chapter_gives_it(library):
    scenario = library.get("12")
    assert scenario.seed_recommendation()["deployment"] == "stepped"
    stepped = scenario.option("deployment", "stepped")
    assert "10% → 50% → 100%" in stepped.label
    prod_deploy = next(e for e in scenario.edges if e.key == "prod-deploy")
    assert prod_deploy.label == "10% → 50% → 100%"
    cd_pipeline = next(p for p in scenario.phases if p.title == "CD pipeline")
    assert "10%, then 50%, then 100%" in cd_pipeline.summary


def test_scenario_12_canary_is_still_offered_with_its_own_edge(library):
    canary = library.get("12").option("deployment", "canary")
    assert not canary.recommended
    assert canary.changes.remove_edges == ["prod-deploy"]
    assert [e.label for e in canary.changes.add_edges] == ["canary 10%, then 100%"]


def test_scenario_12_ci_phase_gives_the_test_pyramid_figures(library):
    ci = next(p for p in library.get("12").phases if p.title == "CI pipeline")
    for figure in ["80%", "100 ms", "15%", "5 s", "5%", "30 s", "Cypress", "Jest"]:
        assert figure in ci.summary


INTERNAL_REASONING = ["the engine", "for the check", "for checks", "we model", "counted as", "neither is marked"]


def test_scenario_12_text_speaks_to_a_user_not_to_its_authors(library):
    scenario = library.get("12")
    texts = [r.text for r in scenario.requirements] + [all_text(scenario)]
    for group in scenario.option_groups:
        texts.append(group.description)
        for option in group.options:
            texts += [option.summary, *option.pros, *option.cons]
            texts += [m.text + " " + m.basis for m in option.metrics.values() if not isinstance(m, (bool, float))]
    joined = " ".join(texts).lower()
    for phrase in INTERNAL_REASONING:
        assert phrase not in joined, phrase
