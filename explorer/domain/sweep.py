"""Tipping points: the values of a parameter at which the recommendation changes.

A parameter is swept over its range (its ``min`` to ``max``, or a span around its
value when the scenario gives none): the recommendation is computed at evenly spaced
values (spaced by ratio when the range spans more than a hundredfold), and every change
between two neighbours is narrowed by bisection to the parameter's precision. The
result is the recommendation over the range as segments, and the switch points.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from explorer.domain.model import Parameter, Scenario
from explorer.domain.params import on_step
from explorer.domain.tradeoffs import Selection, format_value, recommend

SAMPLES = 41
BISECTIONS = 30


@dataclass(frozen=True)
class TippingPoint:
    param: str
    value: float  # the first value (going up) at which ``to`` is recommended
    before: dict[str, str]  # the groups that change: group -> option below the value
    after: dict[str, str]  # ... and at and above it

    def as_json(self) -> dict:
        return {"param": self.param, "value": self.value, "from": self.before, "to": self.after}


@dataclass(frozen=True)
class Segment:
    low: float
    high: float
    selection: Selection


@dataclass(frozen=True)
class Sweep:
    param: Parameter
    low: float
    high: float
    segments: list[Segment]
    points: list[TippingPoint]


def default_span(p: Parameter) -> tuple[float, float]:
    """The range a sweep covers when none is asked for."""
    low = p.min if p.min is not None else (0.0 if p.value >= 0 else p.value * 10)
    high = p.max if p.max is not None else (max(p.value * 10, 1.0) if p.value >= 0 else 0.0)
    if p.min is None and p.value > 0:
        low = 0.0
    return float(low), float(high)


def _samples(low: float, high: float, count: int, step: float | None = None) -> list[float]:
    if low > 0 and high / low > 100:
        ratio = (high / low) ** (1 / (count - 1))
        values = [low * ratio**i for i in range(count - 1)] + [high]
    else:
        gap = (high - low) / (count - 1)
        values = [low + gap * i for i in range(count - 1)] + [high]
    if step is None:
        return values
    return sorted({min(max(_on_step(v, step), low), high) for v in values})


def _on_step(value: float, step: float) -> float:
    return round(value / step) * step


def _precision(p: Parameter, low: float, high: float) -> float:
    """The finest step worth locating a switch point to, anywhere in the range."""
    return max((high - low) / 1e6, 1e-9)


def _resolution(low: float, high: float) -> float:
    """How close to the start of a linear range a switch counts as at the start: a
    ten-thousandth of the range (0.000075 for 0 to 0.75)."""
    return (high - low) * 1e-4


def _close_enough(left: float, right: float, floor: float) -> bool:
    """A switch point is located to three significant figures (or to ``floor``)."""
    return right - left <= max(abs(right) * 5e-4, floor)


def _round(value: float, _floor: float = 0.0) -> float:
    """Three significant figures: 15.2 TB, 562 Mbps, 60 minutes."""
    if value == 0:
        return 0.0
    digits = 2 - math.floor(math.log10(abs(value)))
    return float(round(value, digits))


def sweep(
    scenario: Scenario,
    key: str,
    params: Mapping[str, float] | None = None,
    low: float | None = None,
    high: float | None = None,
) -> Sweep:
    """The recommendation over ``key``'s range, other parameters at ``params``."""
    p = next((q for q in scenario.parameters if q.key == key), None)
    if p is None:
        known = ", ".join(q.key for q in scenario.parameters) or "none"
        raise KeyError(f"{scenario.id} has no parameter {key!r} (parameters: {known})")
    span = default_span(p)
    lo = span[0] if low is None else float(low)
    hi = span[1] if high is None else float(high)
    if not lo < hi:
        raise ValueError(f"the sweep of {key} needs --from below --to (got {lo:g} and {hi:g})")
    base = dict(params or {})

    def pick(value: float) -> Selection:
        return recommend(scenario, {**base, key: value})

    # The grid, the current value and every option's own figure in the range: a figure
    # that a requirement compares with the parameter is where a switch is likely.
    figures = {
        float(v)
        for g in scenario.option_groups
        for o in g.options
        for m in o.metrics.values()
        for v in (getattr(m, "value", None), getattr(m, "worst", None))
        if isinstance(v, int | float) and not isinstance(v, bool) and lo < v < hi
    }
    values = sorted({*_samples(lo, hi, SAMPLES), *figures, min(max(base.get(key, p.value), lo), hi)})
    if p.step is not None:  # a count: only whole steps are values it can take
        values = sorted({v for v in (min(max(_on_step(v, p.step), lo), hi) for v in values) if on_step(p, v)})
        if not values:
            values = [lo]
    picks = [pick(v) for v in values]
    precision = _precision(p, lo, hi)
    points: list[TippingPoint] = []
    edges: list[tuple[float, Selection]] = []
    for (a, sa), (b, sb) in zip(zip(values, picks, strict=True), zip(values[1:], picks[1:], strict=True), strict=False):
        # Every switch inside (a, b]: find one by bisection, then go on from it to b.
        while sa != sb:
            left, right = a, b
            for _ in range(BISECTIONS):
                if p.step is not None:
                    if right - left <= p.step * (1 + 1e-9):
                        break
                    mid = _on_step((left + right) / 2, p.step)
                    if not left < mid < right:
                        break
                elif _close_enough(left, right, precision):
                    break
                else:
                    mid = (left + right) / 2
                if pick(mid) == sa:
                    left = mid
                else:
                    right = mid
            s_right = pick(right) if right != b else sb
            changed = sorted(g for g in s_right if s_right[g] != sa.get(g))
            value = right if p.step is not None else _round(right, precision)
            if not points and not (lo > 0 and hi / lo > 100) and value - lo <= _resolution(lo, hi):
                # A tie at the very start of the range (no discount, no instances): the
                # recommendation from just above it holds over the whole stretch.
                picks[0] = s_right
            else:
                points.append(TippingPoint(key, value, {g: sa[g] for g in changed}, {g: s_right[g] for g in changed}))
                edges.append((value, s_right))
            a, sa = right, s_right
    segments: list[Segment] = []
    start, current = lo, picks[0]
    for value, selection in edges:
        segments.append(Segment(start, value, current))
        start, current = value, selection
    segments.append(Segment(start, hi, current))
    return Sweep(p, lo, hi, segments, points)


def tipping_points(scenario: Scenario, params: Mapping[str, float] | None = None) -> list[TippingPoint]:
    """Every numeric parameter's switch points, in the order of the parameters."""
    if not scenario.option_groups or scenario.kind != "scenario":
        return []
    found: list[TippingPoint] = []
    for p in scenario.parameters:
        found.extend(sweep(scenario, p.key, params).points)
    return found


def _unit(p: Parameter) -> str:
    return {"minutes": "minutes", "days": "days", "hours": "hours"}.get(p.unit, "")


def shown(p: Parameter, value: float) -> str:
    """A parameter's value with its unit, as a person writes it."""
    unit = _unit(p)
    if unit in ("minutes", "days"):
        return format_value(unit, value)
    words = p.unit[:-1] if value == 1 and p.unit.endswith("s") and p.step is not None else p.unit
    return f"{value:g} {words}".strip()


def describe(scenario: Scenario, result: Sweep) -> list[str]:
    """The sweep in words: one line per stretch of the range, then the switch points."""
    from explorer.domain.compose import describe_selection

    p = result.param
    lines = []
    for segment in result.segments:
        options = describe_selection(scenario, segment.selection, groups=False)
        lines.append(f"{shown(p, segment.low)} to {shown(p, segment.high)}: {options}")
    if not result.points:
        lines.append(f"The recommendation stays the same over the whole range of {p.label.lower()}.")
    for point in result.points:
        before = " + ".join(scenario.option(g, o).label for g, o in point.before.items())
        after = " + ".join(scenario.option(g, o).label for g, o in point.after.items())
        lines.append(
            f"At {shown(p, point.value)} the recommendation changes from {before} (below) to {after} (from there up)."
        )
    return lines


def near_line(scenario: Scenario, result: Sweep, value: float) -> str:
    """One line for the What-if box: where, around ``value``, the recommendation changes."""
    if not result.points:
        return "No tipping point: the recommendation is the same over the whole range."
    p = result.param
    below = [t for t in result.points if t.value <= value]
    above = [t for t in result.points if t.value > value]

    def labels(choice: dict[str, str]) -> str:
        return " + ".join(scenario.option(g, o).label for g, o in choice.items())

    parts = []
    if below:
        parts.append(f"below {shown(p, below[-1].value)}: {labels(below[-1].before)}")
    if above:
        parts.append(f"from {shown(p, above[0].value)}: {labels(above[0].after)}")
    text = "; ".join(parts)
    return f"Tipping points: {text}."


def tipping_lines(scenario: Scenario, params: dict[str, float]) -> dict[str, str]:
    """For each parameter, where the recommendation changes near its current value (the
    what-if box's line under it): every parameter swept."""
    from explorer.domain.tradeoffs import parameter_values

    values = parameter_values(scenario, params)
    return {p.key: near_line(scenario, sweep(scenario, p.key, params), values[p.key]) for p in scenario.parameters}
