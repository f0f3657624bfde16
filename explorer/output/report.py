"""The facts of one view as plain data: what ``explorer show --json`` prints.

The GUI's panels and the CLI read the same functions, so both faces always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from explorer.domain.model import Scenario
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
        "display": result.display(),
        "estimate": result.estimate,
        **({"basis": result.basis} if result.basis else {}),
    }


def monthly_total(scenario: Scenario) -> float | None:
    if scenario.monthly_total_usd is not None:
        return scenario.monthly_total_usd
    if scenario.cost_items:
        return sum(item.monthly_usd for item in scenario.cost_items)
    return None


def scenario_report(
    scenario: Scenario,
    selection: Mapping[str, str],
    phase: int | None = None,
    params: Mapping[str, float] | None = None,
    evaluation: Evaluation | None = None,
) -> dict[str, Any]:
    evaluation = evaluation or evaluate(scenario, selection, params)
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
            {"key": r.key, "text": r.text, "kind": r.kind, "met": r.met, "detail": r.detail}
            for r in evaluation.requirements
        ],
        # A guide's variants are cases to look at, not designs to choose between.
        "recommendation": recommend(scenario, params) if scenario.kind == "scenario" else {},
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
            {"service": c.service, "configuration": c.configuration, "monthly_usd": c.monthly_usd}
            for c in scenario.cost_items
        ],
        "monthly_total_usd": monthly_total(scenario),
    }


def format_report(report: dict[str, Any]) -> str:
    """The human-readable form of ``scenario_report`` for the terminal."""
    lines = [f"{report['title']}  [{report['id']}]"]
    if report["summary"]:
        lines.append(report["summary"])
    if report["option_groups"]:
        lines.append("")
        lines.append(
            "Decisions (* = selected, R = the engine's recommendation):"
            if report["kind"] == "scenario"
            else "Cases (* = shown):"
        )
        for group in report["option_groups"]:
            lines.append(f"  {group['label']} ({group['key']})")
            for option in group["options"]:
                mark = "*" if report["selection"].get(group["key"]) == option["key"] else " "
                rec = "R" if report["recommendation"].get(group["key"]) == option["key"] else " "
                lines.append(f"   {mark}{rec} {option['key']}: {option['label']}")
    if report["tradeoffs"]:
        lines.append("")
        lines.append("Trade-offs of the selection:")
        for metric in report["tradeoffs"].values():
            lines.append(f"  {metric['label']}: {metric['display']}")
    if report["requirements"]:
        lines.append("")
        lines.append("Requirements:")
        marks = {True: "met", False: "NOT MET", None: "n/a"}
        for req in report["requirements"]:
            detail = f"  ({req['detail']})" if req["met"] is not None else ""
            lines.append(f"  [{marks[req['met']]}] {req['text']}{detail}")
    lines.append("")
    lines.append("Phases:")
    for phase in report["phases"]:
        mark = ">" if report["phase"] == phase["number"] else " "
        duration = f" ({phase['duration']})" if phase["duration"] else ""
        lines.append(f" {mark} {phase['number']}. {phase['title']}{duration}")
    if report["cost_items"]:
        lines.append("")
        lines.append("Monthly cost:")
        for item in report["cost_items"]:
            lines.append(
                f"  {item['service']:<28} {format_value('usd_month', item['monthly_usd']):>16}  {item['configuration']}"
            )
        lines.append(f"  {'Total':<28} {format_value('usd_month', report['monthly_total_usd']):>16}")
    return "\n".join(lines)
