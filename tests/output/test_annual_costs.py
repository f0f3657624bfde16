"""Annual cost columns: shown where the chapter gives annual figures, and checked to add up."""

from __future__ import annotations

import json

from click.testing import CliRunner

from explorer.cli import main
from explorer.domain.model import CostItem, Node, Phase, Scenario
from explorer.domain.node_info import node_details
from explorer.output.check import scenario_problems
from explorer.output.report import format_report, scenario_report


def tiny(cost_items: list[CostItem], **extra) -> Scenario:
    return Scenario(
        id="tiny",
        title="Tiny",
        nodes=[Node(id="db", type="aws.database.RDS", label="DB", note="Holds the data.")],
        phases=[Phase(title="Build", highlight=["db"])],
        cost_items=cost_items,
        **extra,
    )


def test_a_row_without_the_chapters_annual_figure_counts_twelve_months():
    assert CostItem(service="S3", monthly_usd=25).annual == 300
    assert CostItem(service="S3", monthly_usd=25, annual_usd=290).annual == 290


def test_a_scenario_has_annual_costs_only_where_the_chapter_gives_them():
    assert not tiny([CostItem(service="S3", monthly_usd=25)]).has_annual_costs()
    assert tiny([CostItem(service="S3", monthly_usd=25, annual_usd=300)]).has_annual_costs()
    assert tiny([CostItem(service="S3", monthly_usd=25)], annual_total_usd=300).has_annual_costs()


def test_report_shows_the_annual_column_only_when_there_is_one():
    monthly_only = tiny([CostItem(service="S3", monthly_usd=25)], monthly_total_usd=25)
    report = scenario_report(monthly_only, {})
    assert report["cost_items"][0]["annual_usd"] is None
    assert report["annual_total_usd"] is None
    assert "/year" not in format_report(report)

    annual = tiny(
        [CostItem(service="S3", monthly_usd=25, annual_usd=300), CostItem(service="KMS", monthly_usd=10)],
        monthly_total_usd=35,
        annual_total_usd=420,
    )
    report = scenario_report(annual, {})
    assert [row["annual_usd"] for row in report["cost_items"]] == [300, 120]
    assert report["annual_total_usd"] == 420
    text = format_report(report)
    assert "Monthly and annual cost:" in text
    assert "$300/year" in text and "$120/year" in text and "$420/year" in text


def test_check_finds_annual_rows_that_do_not_add_up():
    wrong = tiny([CostItem(service="S3", monthly_usd=25, annual_usd=300)], annual_total_usd=999)
    assert "tiny: annual cost rows add up to $300.00, but the stated annual total is $999.00" in scenario_problems(
        wrong
    )
    right = tiny([CostItem(service="S3", monthly_usd=25, annual_usd=300)], annual_total_usd=300)
    assert not [p for p in scenario_problems(right) if "annual" in p]


def test_node_details_name_the_annual_figure():
    annual = tiny([CostItem(service="RDS", monthly_usd=5500, annual_usd=66000, nodes=["db"])])
    details = node_details(annual, "db", {})
    assert details.costs[0].annual_usd == 66000
    assert "Cost: RDS: $5,500.00/month ($66,000/year)" in details.as_text()
    assert details.as_json()["costs"][0]["annual_usd"] == 66000
    monthly = tiny([CostItem(service="RDS", monthly_usd=5500, nodes=["db"])])
    assert node_details(monthly, "db", {}).costs[0].annual_usd is None
    assert "/year" not in node_details(monthly, "db", {}).as_text()


def test_show_prints_the_chapters_annual_column_for_scenario_10(library_db):
    result = CliRunner().invoke(main, ["--db", str(library_db), "show", "10", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    annual = {row["service"]: row["annual_usd"] for row in data["cost_items"]}
    assert annual == {
        "ECS Fargate": 43200,
        "RDS SQL Server": 66000,
        "Application Load Balancer": 1800,
        "ElastiCache": 3000,
        "S3": 3600,
        "Lambda": 2400,
        "CloudWatch": 4800,
        "Data Transfer": 6000,
    }
    assert data["annual_total_usd"] == 130800
    text = CliRunner().invoke(main, ["--db", str(library_db), "show", "10"]).output
    assert "$130,800/year" in text


def test_show_has_no_annual_column_where_the_chapter_gives_none(library_db):
    result = CliRunner().invoke(main, ["--db", str(library_db), "show", "9", "--json"])
    data = json.loads(result.output)
    assert data["annual_total_usd"] is None
    assert all(row["annual_usd"] is None for row in data["cost_items"])
