"""Why the engine recommends what it does: per group, why the pick wins and why each
other option lost, and a plain statement when nothing meets every requirement.

Each option is judged by swapping it into the recommended selection (every other group
kept at its recommended choice) and comparing the two evaluations: the requirements it
fails, or puts at risk, that the recommendation meets; else what it costs more; else how
much more complex it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from explorer.domain.constraints import adapt, violations
from explorer.domain.model import Scenario
from explorer.domain.tradeoffs import Evaluation, RequirementResult, evaluate, format_value, recommend

_ORDER = {"met": 0, "at risk": 1, "not met": 2, "unjudged": 3}


@dataclass(frozen=True)
class GroupReason:
    group: str
    option: str
    why: str
    others: dict[str, str] = field(default_factory=dict)  # option key -> why it lost

    def as_json(self) -> dict:
        return {
            "group": self.group,
            "option": self.option,
            "why": self.why,
            "others": [{"option": k, "why": v} for k, v in self.others.items()],
        }


@dataclass(frozen=True)
class Explanation:
    selection: dict[str, str]
    summary: str  # "" when the recommendation meets every requirement
    groups: list[GroupReason]


def _measurable(evaluation: Evaluation) -> list[RequirementResult]:
    return [r for r in evaluation.requirements if r.detail != "not measurable from the options"]


def _meets_all(evaluation: Evaluation) -> bool:
    return all(r.status == "met" for r in _measurable(evaluation))


def _cost(scenario: Scenario, evaluation: Evaluation) -> tuple[float | None, str]:
    result = evaluation.metrics.get(scenario.cost_metric)
    if result is None or result.value is None or isinstance(result.value, bool):
        return None, ""
    return float(result.value), result.unit


def _complexity(evaluation: Evaluation) -> float | None:
    result = evaluation.metrics.get("complexity")
    if result is None or result.value is None or isinstance(result.value, bool):
        return None
    return float(result.value)


def _lost(scenario: Scenario, base: Evaluation, alt: Evaluation) -> str:
    """Why ``alt`` (one option swapped in) is not the recommendation ``base``."""
    worse = [
        (b, a)
        for b, a in zip(_measurable(base), _measurable(alt), strict=True)
        if _ORDER[a.status] > _ORDER[b.status] or (a.status == b.status != "met" and a.shortfall > b.shortfall + 1e-9)
    ]
    if worse:
        parts = []
        for b, a in worse[:2]:
            if a.status == "unjudged":
                parts.append(f"cannot be judged ({a.detail})")
            elif a.status == b.status:
                parts.append(f"misses by more ({a.detail})")
            else:
                parts.append(f"{'is at risk on' if a.status == 'at risk' else 'misses'} {_bracketed(a.detail)}")
        return " and ".join(parts)
    better = [
        (b, a) for b, a in zip(_measurable(base), _measurable(alt), strict=True) if _ORDER[a.status] < _ORDER[b.status]
    ]
    base_cost, unit = _cost(scenario, base)
    alt_cost, _ = _cost(scenario, alt)
    if base_cost is not None and alt_cost is not None and alt_cost > base_cost + 1e-9:
        return _costs_more(scenario, unit, base_cost, alt_cost) + (" for what it gains" if better else "")
    base_c, alt_c = _complexity(base), _complexity(alt)
    if base_c is not None and alt_c is not None and alt_c > base_c:
        return f"is more complex ({alt_c:g} / 5 against {base_c:g} / 5) for the same cost"
    return "ties with it on every figure; the first listed is kept"


def _bracketed(detail: str) -> str:
    """ "RPO: 2 h to 2 days; needs at most 1 h" as "RPO (2 h to 2 days; needs at most 1 h)",
    so that two of them read apart in one sentence."""
    label, sep, rest = detail.partition(": ")
    return f"{label} ({rest})" if sep else detail


def _moved(scenario: Scenario, group: str, asked: Mapping[str, str], swapped: Mapping[str, str]) -> str:
    """What else the option of ``group`` brings with it, and why: "needs AWS Direct
    Connect, 10 Gbps port (AWS offers MACsec only on …); with it, it "; "" when nothing
    else moves."""
    moved = [g for g in scenario.option_groups if swapped.get(g.key) != asked.get(g.key)]
    if not moved:
        return ""
    names = " and ".join(scenario.option(g.key, swapped[g.key]).label for g in moved)
    # The option's own rule says why (MACsec: only from 10 Gbps); a rule of another
    # option speaks of that option, so it is not quoted here.
    option = scenario.option(group, asked[group])
    why = next(
        (
            rule.reason.strip().rstrip(".")
            for rules in (option.requires, option.excludes)
            for other, rule in rules.items()
            if other in {g.key for g in moved} and rule.reason
        ),
        "",
    )
    return f"needs {names}{f' ({why})' if why else ''}; with {'them' if len(moved) > 1 else 'it'}, it "


def _costs_more(scenario: Scenario, unit: str, base: float, alt: float) -> str:
    if unit in ("usd_month", "usd"):
        return f"costs {format_value(unit, alt - base)} more"
    label = scenario.metric_def(scenario.cost_metric).label
    return f"costs more ({label}: {format_value(unit, alt)} against {format_value(unit, base)})"


def explain(scenario: Scenario, params: Mapping[str, float] | None = None) -> Explanation:
    """The recommendation, why each pick wins and why each alternative lost."""
    chosen = recommend(scenario, params)
    base = evaluate(scenario, chosen, params)
    summary = ""
    if not _meets_all(base):
        failing = [r for r in _measurable(base) if r.status != "met"]
        names = "; ".join(r.detail for r in failing[:2])
        word = "surely meets" if all(r.status == "at risk" for r in failing) else "meets"
        summary = f"Nothing {word} every requirement; the closest design is recommended ({names})."
    groups: list[GroupReason] = []
    for group in scenario.option_groups:
        pick = chosen[group.key]
        others: dict[str, str] = {}
        alternatives: list[tuple[str, Evaluation]] = []
        for option in group.options:
            if option.key == pick:
                continue
            # The option with the other groups adapted to fit it (a VPN brings no second link).
            swapped = adapt(scenario, {**chosen, group.key: option.key}, group.key, chosen)
            broken = violations(scenario, swapped)
            if broken:
                others[option.key] = f"does not fit with the rest of the design ({broken[0]})"
                continue
            alt = evaluate(scenario, swapped, params)
            alternatives.append((option.key, alt))
            others[option.key] = _moved(scenario, group.key, {**chosen, group.key: option.key}, swapped) + _lost(
                scenario, base, alt
            )
        groups.append(GroupReason(group.key, pick, _won(scenario, base, alternatives), others))
    return Explanation(dict(chosen), summary, groups)


def _won(scenario: Scenario, base: Evaluation, alternatives: list[tuple[str, Evaluation]]) -> str:
    if not alternatives:
        return "the only option"
    if not _meets_all(base):
        statuses = [(r.status, r.shortfall) for r in _measurable(base)]
        if all([(r.status, r.shortfall) for r in _measurable(alt)] == statuses for _, alt in alternatives):
            return "the cheapest or simplest; no option here changes the requirements missed"
        return "no option meets every requirement; this one misses by least"
    passing = [alt for _, alt in alternatives if _meets_all(alt)]
    if not passing:
        return "the only option that meets every requirement"
    base_cost, unit = _cost(scenario, base)
    costs = [c for c, _ in (_cost(scenario, alt) for alt in passing) if c is not None]
    if base_cost is not None and costs:
        gap = min(costs) - base_cost
        if gap > 1e-9 and unit in ("usd_month", "usd"):
            return f"the cheapest that meets every requirement, by {format_value(unit, gap)}"
        if gap > 1e-9:
            return "the cheapest that meets every requirement"
    return "meets every requirement at the same cost as another, and is simpler or listed first"
