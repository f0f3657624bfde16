"""Trade-offs of a selection: combined metrics, requirement checks and the recommendation.

A selection picks one option per option group. Each metric is combined across the
selected options as its definition says (costs add up, RPO and RTO take the worst,
a yes/no property holds only if every option that speaks of it has it). A figure the
chapter gives as a range keeps both ends (best, worst), combined end by end.

A requirement is **met** when the worst case meets it, **at risk** when only the best
case does, **not met** when neither does, and **unjudged** when no selected option gives
its figure. The recommendation never prefers an unjudged requirement to a met one: it
ranks selections by the requirements they fail or cannot be judged on, then by those at
risk, then by how far they miss, then by cost and complexity.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from explorer.domain.formulas import FORMULAS
from explorer.domain.model import MetricDef, MetricValue, Requirement, Scenario

Selection = dict[str, str]

# The most combinations of one coupled set of groups the recommender compares (about
# 0.15 ms each, so the answer comes in well under a second).
MAX_COMBINATIONS = 4_096

#: The one table of requirement operators (the scenario format's ``op``).
OPERATORS = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
    "==": operator.eq,
}


#: How each operator reads in a requirement line ("at most 14 days", "at least 99.9").
OPERATOR_WORDS = {
    "<=": "at most",
    ">=": "at least",
    "<": "under",
    ">": "over",
    "==": "exactly",
}


def target_words(op: str, unit: str, target: float | bool) -> str:
    """A requirement's target in words: "at most 14 days", "at least 2 Gbps", "yes"."""
    if isinstance(target, bool) or unit == "bool":
        shown = format_value("bool", target)
        return shown if op == "==" else f"{OPERATOR_WORDS[op]} {shown}"
    return f"{OPERATOR_WORDS[op]} {format_value(unit, target)}"


def needs_words(op: str, unit: str, target: float | bool) -> str:
    """What a requirement asks for, as a user reads it: "needs at most 14 days", "needs: yes"."""
    words = target_words(op, unit, target)
    return f"needs: {words}" if isinstance(target, bool) or unit == "bool" else f"needs {words}"


def meets(value: float, op: str, target: float) -> bool:
    """Whether ``value`` meets ``target`` under the requirement operator ``op``."""
    return bool(OPERATORS[op](value, target))


class SelectionError(ValueError):
    """A selection names a group or an option the scenario does not have."""


@dataclass(frozen=True)
class MetricResult:
    key: str
    label: str
    unit: str
    value: float | bool | None
    text: str
    estimate: bool = False
    basis: str = ""
    worst: float | None = None  # the worst case, when the figure is a range

    @property
    def is_range(self) -> bool:
        return self.worst is not None and self.worst != self.value

    def figure_and_words(self) -> tuple[str, str]:
        """The figure as a person writes it, and the chapter's words when they add to it.

        The words are left out when they only say the figure again ("12 months" for
        365 days, "2-3 years" counted as 3 years); the figure is the words alone when
        they hold it already ("about $21,455/month") or when a zero cost has the
        chapter's reason ("nothing extra", not "$0/month")."""
        if self.value is None:
            return self.text or "n/a", ""
        figure = (
            range_words(self.unit, self.value, self.worst) if self.is_range else format_value(self.unit, self.value)
        )
        words = self.text.strip()
        if not words or words.lower() == figure.lower():
            return figure, ""
        if _holds(words, figure, self.unit) or (self.unit == "usd_month" and self.value == 0):
            return words, ""
        if _restates(self.unit, self.value, self.worst, words):
            return figure, ""
        return figure, words

    def display(self) -> str:
        figure, words = self.figure_and_words()
        shown = f"{words} ({figure})" if words else figure
        return shown + (" (estimate)" if self.estimate else "")


Status = str  # "met", "at risk", "not met" or "unjudged"
STATUSES = ("met", "at risk", "not met", "unjudged")


@dataclass(frozen=True)
class RequirementResult:
    key: str
    text: str
    kind: str
    met: bool | None  # True only when met; False when not met or at risk; None when unjudged
    detail: str = ""
    status: Status = ""
    shortfall: float = 0.0  # how far the worst case misses the target, relative to it

    def __post_init__(self) -> None:
        if not self.status:
            object.__setattr__(self, "status", {True: "met", False: "not met", None: "unjudged"}[self.met])


@dataclass(frozen=True)
class Evaluation:
    selection: Selection
    metrics: dict[str, MetricResult]
    requirements: list[RequirementResult] = field(default_factory=list)

    @property
    def unmet(self) -> list[RequirementResult]:
        return [r for r in self.requirements if r.status == "not met"]

    @property
    def at_risk(self) -> list[RequirementResult]:
        return [r for r in self.requirements if r.status == "at risk"]

    @property
    def meets_all(self) -> bool:
        return not self.unmet


def range_words(unit: str, best: float | bool | None, worst: float | bool | None) -> str:
    """A range as a person writes it: "7-12 days", "2 h to 2 days" when the ends differ in unit."""
    low, high = format_value(unit, best), format_value(unit, worst)
    low_num, _, low_unit = low.partition(" ")
    _, _, high_unit = high.partition(" ")
    if low_unit and low_unit.rstrip("s") == high_unit.rstrip("s") and not low_num.startswith("$"):
        return f"{low_num}-{high}"
    return f"{low} to {high}"


def _number(value: float, places: int = 1) -> str:
    """A figure with at most ``places`` decimals and no trailing zeros: 23.9, 2, 0.5."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _counted(value: float, word: str) -> str:
    """ "1 day", "3 days", "1.5 days"."""
    shown = _number(value)
    return f"{shown} {word}" if shown == "1" else f"{shown} {word}s"


def _days(value: float) -> str:
    """Days as a person writes them: whole years from a year up ("3 years"), else days."""
    years = value / 365
    if years >= 1 and abs(years - round(years)) * 365 <= max(2.0, 0.01 * value):
        return _counted(round(years), "year")
    return _counted(value if value < 10 else round(value), "day")


def format_value(unit: str, value: float | bool | None) -> str:
    """A figure as a person writes it: "$1,200/month", "23.9 h", "3 years", "no"."""
    if value is None:
        return "n/a"
    if isinstance(value, bool) or unit == "bool":
        return "yes" if value else "no"
    if unit == "usd_month":
        if value == 0:
            return "no monthly cost"
        return f"${value:,.2f}/month" if value % 1 else f"${value:,.0f}/month"
    if unit == "usd":
        return f"${value:,.2f}" if value % 1 else f"${value:,.0f}"
    if unit == "minutes":
        if value == 0:
            return "near zero"
        if value < 1:
            return f"{value * 60:.0f} s"
        if value < 60:
            return f"{_number(value)} min"
        if value < 48 * 60:
            return f"{_number(value / 60)} h"
        return _days(value / 1440)
    if unit == "days":
        return _days(value)
    if unit == "gbps":
        return f"{value:g} Gbps"
    if unit == "scale":
        return f"{value:g} / 5"
    if unit == "percent":
        return f"{value:.0f}%"
    return f"{value:g}"


def signed_value(unit: str, delta: float) -> str:
    """A difference as a person writes it: "+23.9 h", "−$120/month", "same"."""
    if delta == 0:
        return "same"
    shown = format_value(unit, abs(delta))
    return ("+" if delta > 0 else "−") + shown


#: Durations in a chapter's words, in the units of the ``days`` and ``minutes`` metrics.
_DURATION = re.compile(
    r"^(?:about |around |roughly |up to |under |within )?(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?"
    r"\s*(seconds?|minutes?|mins?|hours?|h|days?|weeks?|months?|years?)$"
)
_MINUTES_PER = {"second": 1 / 60, "minute": 1, "min": 1, "hour": 60, "h": 60, "day": 1440}
_MINUTES_PER |= {"week": 7 * 1440, "month": 30 * 1440, "year": 365 * 1440}


def _holds(words: str, figure: str, unit: str) -> bool:
    """Whether the chapter's ``words`` carry the figure, with its unit, as a whole phrase."""
    if unit not in ("usd_month", "usd", "days", "minutes", "gbps", "percent"):
        return False  # a bare number or yes/no is too easily found in other words
    return re.search(rf"(?<![\w.$\-–]){re.escape(figure.lower())}(?![\w.])", words.lower()) is not None


def _restates(unit: str, value: float | bool, worst: float | None, words: str) -> bool:
    """Whether ``words`` ("12 months", "about 2-3 hours") only state the figure again:
    a plain duration whose range holds the figure (to within 5%)."""
    if unit not in ("days", "minutes") or isinstance(value, bool):
        return False
    found = _DURATION.match(words.lower())
    if found is None:
        return False
    low, high, word = float(found[1]), float(found[2] or found[1]), found[3]
    scale = _MINUTES_PER[word.rstrip("s")] / (1440 if unit == "days" else 1)
    ends = [value] + ([worst] if worst is not None else [])
    return all(low * scale * 0.95 <= end <= high * scale * 1.05 for end in ends)


def parameter_values(scenario: Scenario, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    values = {p.key: p.value for p in scenario.parameters}
    values.update(overrides or {})
    return values


def complete_selection(scenario: Scenario, partial: Mapping[str, str] | None = None) -> Selection:
    """The default selection with ``partial`` applied on top; unknown keys are refused."""
    selection = default_selection(scenario)
    for group_key, option_key in (partial or {}).items():
        try:
            group = scenario.group(group_key)
        except KeyError:
            known = ", ".join(g.key for g in scenario.option_groups) or "none"
            raise SelectionError(
                f"scenario {scenario.id!r} has no option group {group_key!r} (groups: {known})"
            ) from None
        if option_key not in {o.key for o in group.options}:
            known = ", ".join(o.key for o in group.options)
            raise SelectionError(f"group {group_key!r} has no option {option_key!r} (options: {known})")
        selection[group_key] = option_key
    return selection


#: How numbers are combined under each ``aggregate`` (for numbers, "all" takes the
#: largest and "any" the smallest).
_AGGREGATES: dict[str, Callable[[list[float]], float]] = {
    "sum": sum,
    "max": max,
    "min": min,
    "all": max,
    "any": min,
}


def _combine(definition: MetricDef, values: list[float | bool]) -> float | bool | None:
    if not values:
        return None
    if definition.unit == "bool" or all(isinstance(v, bool) for v in values):
        return all(values) if definition.aggregate != "any" else any(values)
    numbers = [float(v) for v in values]
    return _AGGREGATES[definition.aggregate](numbers)


def evaluate(scenario: Scenario, selection: Mapping[str, str], params: Mapping[str, float] | None = None) -> Evaluation:
    """Combined metrics and requirement checks for a complete selection."""
    values = parameter_values(scenario, params)
    selected = [scenario.option(g.key, selection[g.key]) for g in scenario.option_groups]
    metrics, requirements = _evaluate_options(scenario, selected, values)
    return Evaluation(dict(selection), metrics, requirements)


def figure(metric: MetricValue, values: Mapping[str, float]) -> tuple[float | bool | None, float | None]:
    """An option's figure for these parameters: (best, worst), worst None for a single
    figure; a formula may give a range, or None when it cannot be judged."""
    if not metric.formula:
        return metric.value, metric.worst
    got = FORMULAS[metric.formula](values)
    if isinstance(got, tuple):
        return float(got[0]), float(got[1])
    return got, None


def _evaluate_options(
    scenario: Scenario, selected: list, values: dict[str, float]
) -> tuple[dict[str, MetricResult], list[RequirementResult]]:
    """Metrics and checks for some chosen options (all groups, or one coupled set of them)."""
    defs = scenario.all_metric_defs()
    metrics: dict[str, MetricResult] = {}
    used = [key for key in defs if any(key in o.metrics for o in selected)]
    for key in used:
        definition = defs[key]
        contributions = [o.metric(key) for o in selected if key in o.metrics]
        raw: list[float | bool] = []
        raw_worst: list[float | bool] = []
        ranged = False
        estimated: list[bool] = []
        for c in contributions:
            assert c is not None
            value, worst_value = figure(c, values)
            if value is not None:
                raw.append(value)
                raw_worst.append(worst_value if worst_value is not None else value)
                ranged = ranged or worst_value is not None
                estimated.append(c.estimate)
        texts = [c.text for c in contributions if c and c.text]
        worst = _combine(definition, raw_worst) if ranged else None
        metrics[key] = MetricResult(
            key=key,
            label=definition.label,
            unit=definition.unit,
            value=_combine(definition, raw),
            text=texts[0] if len(contributions) == 1 and texts else _chapter_and_estimates(definition, raw, estimated),
            estimate=any(c.estimate for c in contributions if c),
            basis="; ".join(c.basis for c in contributions if c and c.basis),
            worst=None if isinstance(worst, bool) else worst,
        )
    requirements = [_check(r, metrics, defs, values) for r in scenario.requirements]
    return metrics, requirements


def _shortfall(value: float, op: str, target: float) -> float:
    if op == "==" or meets(value, op, target):
        return 0.0
    return abs(float(value) - float(target)) / max(abs(float(target)), 1e-9)


def _chapter_and_estimates(definition: MetricDef, values: list[float | bool], estimated: list[bool]) -> str:
    """For a cost summed from the chapter's figures and ours, how much of it is which.

    "$7,350 from the chapter + $1,300 estimated": an estimate is never folded silently
    into a figure the chapter gives.
    """
    if definition.aggregate != "sum" or definition.unit not in ("usd_month", "usd"):
        return ""
    numbers = [(float(v), e) for v, e in zip(values, estimated, strict=True) if not isinstance(v, bool)]
    chapter = sum(v for v, e in numbers if not e)
    ours = sum(v for v, e in numbers if e)
    if not chapter or not ours:
        return ""
    return f"{format_value('usd', chapter)} from the chapter + {format_value('usd', ours)} estimated"


def _check(
    req: Requirement, metrics: dict[str, MetricResult], defs: dict[str, MetricDef], params: dict[str, float]
) -> RequirementResult:
    if req.metric is None or req.op is None:
        return RequirementResult(req.key, req.text, req.kind, None, "not measurable from the options")
    target = params[req.target_param] if req.target_param else req.target
    result = metrics.get(req.metric)
    if result is None or result.value is None or target is None:
        label = defs[req.metric].label if req.metric in defs else req.metric
        return RequirementResult(req.key, req.text, req.kind, None, f"no selected option gives a figure for {label}")
    unit = defs[req.metric].unit
    label = defs[req.metric].label
    wanted = needs_words(req.op, unit, target)
    best_ok = meets(result.value, req.op, target)
    if result.is_range:
        assert result.worst is not None
        worst_ok = meets(result.worst, req.op, target)
        shown = range_words(unit, result.value, result.worst)
        if best_ok and worst_ok:
            status = "met"
        elif best_ok or worst_ok:
            status = "at risk"
        else:
            status = "not met"
        miss = max(_shortfall(result.value, req.op, target), _shortfall(result.worst, req.op, target))
        detail = f"{label}: {shown}; {wanted}"
        if status == "at risk":
            detail += "; only the best case meets it"
    else:
        status = "met" if best_ok else "not met"
        miss = 0.0 if isinstance(result.value, bool) else _shortfall(result.value, req.op, target)
        detail = f"{label}: {format_value(unit, result.value)}; {wanted}"
    return RequirementResult(req.key, req.text, req.kind, status == "met", detail, status, miss)


def _sort_key(scenario: Scenario, metrics: dict[str, MetricResult], order: tuple[int, ...]) -> tuple[float, ...]:
    cost = metrics.get(scenario.cost_metric)
    cost_value = float(cost.value) if cost is not None and cost.value is not None else math.inf
    complexity = metrics.get("complexity")
    complexity_value = float(complexity.value) if complexity is not None and complexity.value is not None else 0.0
    return (cost_value, complexity_value, *order)


def coupled_groups(scenario: Scenario) -> list[list[int]]:
    """The option groups split into sets whose choices can be made one set at a time.

    Two groups are coupled when a requirement checks a metric that both give (a budget
    on the summed cost, the worst RPO of two tiers). The recommendation's other aims
    add up across sets (the cost, when it is summed) or are minimised by minimising
    each set (the worst complexity), so each set is searched on its own: the search
    is exponential only in the size of the largest coupled set, never in the number
    of independent groups.
    """
    groups = scenario.option_groups
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def couple(metric: str) -> None:
        members = [i for i, g in enumerate(groups) if any(metric in o.metrics for o in g.options)]
        for i in members[1:]:
            parent[find(i)] = find(members[0])

    defs = scenario.all_metric_defs()
    for requirement in scenario.requirements:
        if requirement.metric is not None:
            couple(requirement.metric)
    from explorer.domain.constraints import linked_groups

    index = {g.key: i for i, g in enumerate(groups)}
    for a, b in linked_groups(scenario):  # a rule between two groups: choose them together
        if a in index and b in index:
            parent[find(index[b])] = find(index[a])
    cost = defs.get(scenario.cost_metric)
    if cost is not None and cost.aggregate != "sum":
        couple(scenario.cost_metric)
    complexity = defs.get("complexity")
    if complexity is not None and complexity.aggregate not in ("sum", "max"):
        couple("complexity")
    sets: dict[int, list[int]] = {}
    for i in range(len(groups)):
        sets.setdefault(find(i), []).append(i)
    return list(sets.values())


def combination_problems(scenario: Scenario) -> list[tuple[tuple[str | int, ...], str]]:
    """A coupled set of groups with more combinations than the recommender compares."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for members in coupled_groups(scenario):
        count = math.prod(len(scenario.option_groups[i].options) for i in members)
        if count > MAX_COMBINATIONS:
            keys = ", ".join(scenario.option_groups[i].key for i in members[:6]) + (", …" if len(members) > 6 else "")
            problems.append(
                (
                    ("option_groups", members[0]),
                    f"the groups {keys} depend on each other through their requirements and give {count:,} combinations "
                    f"to compare; the limit is {MAX_COMBINATIONS:,}. Split the decision or drop options",
                )
            )
    return problems


def _rank(requirements: list[RequirementResult]) -> tuple[float, float, float, float]:
    """How a selection's checks rank it: requirements failed or unjudged (a figure no
    option gives never counts as met), then the unjudged among them (a known miss is
    closer than an unknown), then those at risk, then how far it misses."""
    measurable = [r for r in requirements if r.detail != "not measurable from the options"]
    failed = sum(1 for r in measurable if r.status in ("not met", "unjudged"))
    unjudged = sum(1 for r in measurable if r.status == "unjudged")
    at_risk = sum(1 for r in measurable if r.status == "at risk")
    return float(failed), float(unjudged), float(at_risk), round(sum(r.shortfall for r in measurable), 9)


def recommend(scenario: Scenario, params: Mapping[str, float] | None = None) -> Selection:
    """Per group, the option of the cheapest selection that meets every requirement.

    Each coupled set of groups (see ``coupled_groups``) is searched exhaustively. A
    selection that fails a requirement or cannot be judged on it ranks below one that
    meets it, and one at risk below one that surely meets it; among selections that all
    miss, the one that misses by least wins (``shortfall``). Ties go to the cheaper, then
    the simpler design, then to the option listed first.
    """
    groups = scenario.option_groups
    if not groups:
        return {}
    problems = combination_problems(scenario)
    if problems:
        raise ValueError(f"{scenario.id}: {problems[0][1]}")
    from explorer.domain.constraints import violations

    def allowed(partial: Selection) -> bool:
        return not violations(scenario, partial)

    values = parameter_values(scenario, params)
    chosen: Selection = {}
    for members in coupled_groups(scenario):
        best: tuple[tuple[float, ...], tuple[int, ...]] | None = None
        for order in itertools.product(*(range(len(groups[i].options)) for i in members)):
            selected = [groups[i].options[j] for i, j in zip(members, order, strict=True)]
            if not allowed({groups[i].key: o.key for i, o in zip(members, selected, strict=True)}):
                continue  # options that do not fit together are never recommended
            metrics, requirements = _evaluate_options(scenario, selected, values)
            key = (*_rank(requirements), *_sort_key(scenario, metrics, order))
            if best is None or key < best[0]:
                best = (key, order)
        if best is None:
            keys = ", ".join(groups[i].key for i in members)
            raise ValueError(
                f"{scenario.id}: no combination of the groups {keys} fits together; loosen requires/excludes"
            )
        for i, j in zip(members, best[1], strict=True):
            chosen[groups[i].key] = groups[i].options[j].key
    return {g.key: chosen[g.key] for g in groups}


_defaults: OrderedDict[int, tuple[Scenario, Selection]] = OrderedDict()
_defaults_lock = threading.Lock()


def default_selection(scenario: Scenario) -> Selection:
    """What the app shows first: the chapter's marked choices, the engine's pick elsewhere.

    Remembered per scenario object (the last 64), since every toggle completes a selection.
    """
    marked = scenario.seed_recommendation()
    if len(marked) == len(scenario.option_groups):
        return marked
    with _defaults_lock:
        hit = _defaults.get(id(scenario))
        if hit is not None and hit[0] is scenario:
            _defaults.move_to_end(id(scenario))
            return dict(hit[1])
    selection = {**recommend(scenario), **marked}
    with _defaults_lock:
        _defaults[id(scenario)] = (scenario, selection)
        while len(_defaults) > 64:
            _defaults.popitem(last=False)
    return dict(selection)


def option_metrics(
    scenario: Scenario, group_key: str, option_key: str, params: Mapping[str, float] | None = None
) -> dict[str, MetricResult]:
    """One option's own metrics (formulas computed), for showing beside its button."""
    values = parameter_values(scenario, params)
    defs = scenario.all_metric_defs()
    out: dict[str, MetricResult] = {}
    option = scenario.option(group_key, option_key)
    for key in option.metrics:
        m = option.metric(key)
        assert m is not None
        value, worst = figure(m, values)
        out[key] = MetricResult(key, defs[key].label, defs[key].unit, value, m.text, m.estimate, m.basis, worst)
    return out
