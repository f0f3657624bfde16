"""The chapter's cost table and total stay the chapter's; our estimates are shown apart."""

from __future__ import annotations

import pytest

from explorer.domain.model import Scenario
from explorer.domain.node_info import node_details
from explorer.domain.tradeoffs import complete_selection, evaluate
from explorer.library.references import check_references
from explorer.output.check import scenario_problems
from explorer.output.report import format_report, scenario_report


def test_multi_region_total_is_the_chapters(scenarios):
    s = scenarios["multi-region"]
    assert s.monthly_total_usd == 7350
    assert sum(item.monthly_usd for item in s.cost_items) == pytest.approx(7350)
    assert not any("OpenSearch" in item.service for item in s.cost_items)
    [search] = s.estimated_cost_items
    assert search.service == "OpenSearch Service" and search.monthly_usd == 1300 and search.basis
    assert not scenario_problems(s)


def test_the_report_keeps_the_estimate_out_of_the_chapters_total(scenarios):
    s = scenarios["multi-region"]
    report = scenario_report(s, complete_selection(s))
    assert report["monthly_total_usd"] == 7350
    assert report["monthly_total_with_estimates_usd"] == 8650
    assert [row["service"] for row in report["estimated_cost_items"]] == ["OpenSearch Service"]
    assert report["estimated_cost_items"][0]["estimate"] is True
    assert all("OpenSearch" not in row["service"] for row in report["cost_items"])
    lines = format_report(report).splitlines()
    chapter_total = next(i for i, line in enumerate(lines) if line.strip().startswith("Total ") and "$7,350" in line)
    estimates = next(i for i, line in enumerate(lines) if line.startswith("Not in the chapter's table"))
    assert chapter_total < estimates  # after the chapter's total, under a heading of its own
    opensearch = estimates + 1
    assert lines[opensearch].split()[:2] == ["OpenSearch", "Service"]
    assert "(estimate)" in lines[opensearch]
    assert any("Total with the estimates" in line and "$8,650" in line for line in lines)


def test_a_scenario_without_estimates_reports_as_before(scenarios):
    s = scenarios["big-data-analytics"]
    report = scenario_report(s, complete_selection(s))
    assert report["estimated_cost_items"] == []
    assert report["monthly_total_with_estimates_usd"] == report["monthly_total_usd"]
    assert "Not in the chapter's table" not in format_report(report)


def test_the_combined_cost_says_how_much_is_the_chapters(scenarios):
    s = scenarios["multi-region"]
    monthly = evaluate(s, complete_selection(s)).metrics["monthly_usd"]
    assert monthly.value == pytest.approx(8650)
    assert monthly.text == "$7,350 from the chapter + $1,300 estimated"
    assert monthly.display().startswith("$7,350 from the chapter + $1,300 estimated ($8,650/month)")
    # Costs that are all estimates, or all the chapter's, need no split.
    assert (
        evaluate(scenarios["cost-optimization"], complete_selection(scenarios["cost-optimization"]))
        .metrics["monthly_usd"]
        .text
        == ""
    )
    big_data = scenarios["big-data-analytics"]  # every figure the chapter's
    assert evaluate(big_data, complete_selection(big_data)).metrics["monthly_usd"].text == ""


def test_a_node_shows_an_estimated_cost_row_as_an_estimate(scenarios):
    details = node_details(scenarios["multi-region"], "search-eu")
    [row] = details.costs
    assert row.estimate and row.service == "OpenSearch Service"
    assert "Cost (estimate, not in the chapter's table): OpenSearch Service" in details.as_text()
    assert details.as_json()["costs"][0]["estimate"] is True
    [chapter_row] = node_details(scenarios["multi-region"], "cloudfront").costs
    assert not chapter_row.estimate


def test_an_estimated_row_needs_a_basis_and_real_nodes(scenarios):
    data = scenarios["multi-region"].model_dump()
    data["estimated_cost_items"] = [{"service": "X", "monthly_usd": 5, "nodes": ["nowhere"]}]
    problems = check_references(Scenario.model_validate(data))
    assert (("estimated_cost_items", 0, "nodes", 0), "no node with id 'nowhere'") in problems
    assert any(path == ("estimated_cost_items", 0, "basis") for path, _ in problems)
