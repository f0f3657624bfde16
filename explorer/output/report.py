"""The facts of one view as plain data: what ``explorer show --json`` prints.

The GUI's panels and the CLI read the same functions, so both faces always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from explorer.domain.explain import explain
from explorer.domain.model import Scenario
from explorer.domain.sweep import tipping_points
from explorer.domain.tradeoffs import (
    Evaluation,
    MetricResult,
    evaluate,
    format_value,
    option_metrics,
    parameter_values,
    recommend,
)


def metric_json(result: MetricResult) -> dict[str, Any]:
    return {
        "label": result.label,
        "value": result.value,
        **({"worst": result.worst} if result.is_range else {}),
        "display": result.display(),
        "estimate": result.estimate,
        **({"basis": result.basis} if result.basis else {}),
    }


def monthly_total(scenario: Scenario) -> float | None:
    """The chapter's monthly total: as it states it, or its rows added up."""
    if scenario.monthly_total_usd is not None:
        return scenario.monthly_total_usd
    if scenario.cost_items:
        return sum(item.monthly_usd for item in scenario.cost_items)
    return None


def per_year(value: float) -> str:
    """An annual cost as the cost tables show it: "$43,200/year"."""
    return f"${value:,.2f}/year" if value % 1 else f"${value:,.0f}/year"


def annual_total(scenario: Scenario) -> float | None:
    """The year's total where the chapter's cost table has an annual column, else None."""
    if not scenario.has_annual_costs():
        return None
    if scenario.annual_total_usd is not None:
        return scenario.annual_total_usd
    return sum(item.annual for item in scenario.cost_items)


def monthly_total_with_estimates(scenario: Scenario) -> float | None:
    """The chapter's total plus the rows we estimate for what its table leaves out."""
    total = monthly_total(scenario)
    if total is None and not scenario.estimated_cost_items:
        return None
    return (total or 0.0) + sum(item.monthly_usd for item in scenario.estimated_cost_items)


def scenario_report(
    scenario: Scenario,
    selection: Mapping[str, str],
    phase: int | None = None,
    params: Mapping[str, float] | None = None,
    evaluation: Evaluation | None = None,
) -> dict[str, Any]:
    evaluation = evaluation or evaluate(scenario, selection, params)
    decides = scenario.kind == "scenario" and bool(scenario.option_groups)
    explained = explain(scenario, params) if decides else None
    return {
        "id": scenario.id,
        "number": scenario.number,
        "title": scenario.title,
        "kind": scenario.kind,
        "summary": scenario.summary,
        "phase": phase,
        "phases": [
            {"number": i, "title": p.title, "duration": p.duration}
            for i, p in enumerate(scenario.phases_for(evaluation.selection), start=1)
        ],
        "option_groups": [
            {
                "key": g.key,
                "label": g.label,
                "options": [
                    {
                        "key": o.key,
                        "label": o.label,
                        "recommended": o.recommended,
                        "pros": list(o.pros),
                        "cons": list(o.cons),
                        "metrics": {
                            k: metric_json(v) for k, v in option_metrics(scenario, g.key, o.key, params).items()
                        },
                    }
                    for o in g.options
                ],
            }
            for g in scenario.option_groups
        ],
        "selection": dict(evaluation.selection),
        "tradeoffs": {k: metric_json(v) for k, v in evaluation.metrics.items()},
        "requirements": [
            {"key": r.key, "text": r.text, "kind": r.kind, "met": r.met, "status": r.status, "detail": r.detail}
            for r in evaluation.requirements
        ],
        # A guide's variants are cases to look at, not designs to choose between.
        "recommendation": recommend(scenario, params) if scenario.kind == "scenario" else {},
        "recommendation_summary": explained.summary if explained else "",
        "recommendation_reasons": [g.as_json() for g in explained.groups] if explained else [],
        "tipping_points": [t.as_json() for t in tipping_points(scenario, params)] if decides else [],
        "parameters": [
            {
                "key": p.key,
                "label": p.label,
                "unit": p.unit,
                "default": p.value,
                "min": p.min,
                "max": p.max,
                "value": parameter_values(scenario, params)[p.key],
            }
            for p in scenario.parameters
        ],
        "cost_items": [
            {
                "service": c.service,
                "configuration": c.configuration,
                "monthly_usd": c.monthly_usd,
                "annual_usd": c.annual if scenario.has_annual_costs() else None,
            }
            for c in scenario.cost_items
        ],
        "monthly_total_usd": monthly_total(scenario),
        "annual_total_usd": annual_total(scenario),
        "estimated_cost_items": [
            {
                "service": c.service,
                "configuration": c.configuration,
                "monthly_usd": c.monthly_usd,
                "estimate": True,
                "basis": c.basis,
            }
            for c in scenario.estimated_cost_items
        ],
        "monthly_total_with_estimates_usd": monthly_total_with_estimates(scenario),
    }


def format_report(report: dict[str, Any]) -> str:
    """The human-readable form of ``scenario_report`` for the terminal."""
    lines = [f"{report['title']}  [{report['id']}]"]
    if report["summary"]:
        lines.append(report["summary"])
    if report["option_groups"]:
        lines.append("")
        lines.append(
            "Decisions (* = selected, R = the engine's recommendation; + pro, - con):"
            if report["kind"] == "scenario"
            else "Cases (* = shown):"
        )
        for group in report["option_groups"]:
            lines.append(f"  {group['label']} ({group['key']})")
            for option in group["options"]:
                mark = "*" if report["selection"].get(group["key"]) == option["key"] else " "
                rec = "R" if report["recommendation"].get(group["key"]) == option["key"] else " "
                lines.append(f"   {mark}{rec} {option['key']}: {option['label']}")
                for word, items in (("+", option["pros"]), ("-", option["cons"])):
                    lines.extend(f"         {word} {item}" for item in items)
    if report["recommendation_reasons"]:
        lines.append("")
        lines.append("Why the recommendation:")
        if report["recommendation_summary"]:
            lines.append(f"  {report['recommendation_summary']}")
        labels = {(g["key"], o["key"]): o["label"] for g in report["option_groups"] for o in g["options"]}
        for reason in report["recommendation_reasons"]:
            lines.append(f"  {labels[(reason['group'], reason['option'])]}: {reason['why']}.")
            for other in reason["others"]:
                lines.append(f"    not {labels[(reason['group'], other['option'])]}: it {other['why']}.")
    if report["tipping_points"]:
        lines.append("")
        lines.append("Tipping points (where the recommendation changes):")
        params = {p["key"]: p for p in report["parameters"]}
        for point in report["tipping_points"]:
            p = params[point["param"]]
            before = " + ".join(labels[(g, o)] for g, o in point["from"].items())
            after = " + ".join(labels[(g, o)] for g, o in point["to"].items())
            lines.append(f"  {p['label']} at {point['value']:g} {p['unit']}: below it {before}; from there up {after}")
    if report["tradeoffs"]:
        lines.append("")
        lines.append("Trade-offs of the selection:")
        for metric in report["tradeoffs"].values():
            lines.append(f"  {metric['label']}: {metric['display']}")
    if report["requirements"]:
        lines.append("")
        lines.append("Requirements:")
        marks = {"met": "met", "at risk": "AT RISK", "not met": "NOT MET", "unjudged": "n/a"}
        for req in report["requirements"]:
            detail = f"  ({req['detail']})" if req["status"] != "unjudged" else ""
            lines.append(f"  [{marks[req['status']]}] {req['text']}{detail}")
    lines.append("")
    lines.append("Phases:")
    for phase in report["phases"]:
        mark = ">" if report["phase"] == phase["number"] else " "
        duration = f" ({phase['duration']})" if phase["duration"] else ""
        lines.append(f" {mark} {phase['number']}. {phase['title']}{duration}")
    if report["cost_items"]:
        annual = report["annual_total_usd"] is not None
        lines.append("")
        lines.append(
            ("Monthly and annual cost" if annual else "Monthly cost")
            + (" (the chapter's table):" if report["estimated_cost_items"] else ":")
        )
        for item in report["cost_items"]:
            year = f" {per_year(item['annual_usd']):>16}" if annual else ""
            lines.append(
                f"  {item['service']:<28} {format_value('usd_month', item['monthly_usd']):>16}{year}"
                f"  {item['configuration']}"
            )
        year = f" {per_year(report['annual_total_usd']):>16}" if annual else ""
        lines.append(f"  {'Total':<28} {format_value('usd_month', report['monthly_total_usd']):>16}{year}")
    if report["estimated_cost_items"]:
        lines.append("")
        lines.append("Not in the chapter's table (our estimates, not in its total):")
        lines += _cost_rows(report["estimated_cost_items"], " (estimate)")
        lines.append(
            f"  {'Total with the estimates':<28} "
            f"{format_value('usd_month', report['monthly_total_with_estimates_usd']):>16}"
        )
    return "\n".join(lines)


def _cost_rows(items: list[dict[str, Any]], mark: str = "") -> list[str]:
    return [
        f"  {item['service']:<28} {format_value('usd_month', item['monthly_usd']):>16}  {item['configuration']}{mark}"
        for item in items
    ]
