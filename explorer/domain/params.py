"""What-if parameters: reading ``NAME=VALUE`` with units, and checking the range.

Durations accept units (``90s``, ``5m``, ``4h``, ``2d``, ``1w``) and are converted to
the parameter's own unit (minutes, hours, days or seconds). Other parameters take a
plain number, optionally followed by their unit as shown in the scenario (``8TB``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from explorer.domain.model import Parameter, Scenario

SECONDS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86_400,
    "day": 86_400,
    "days": 86_400,
    "w": 604_800,
    "week": 604_800,
    "weeks": 604_800,
}
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*([A-Za-z%/ ]*)\s*$")


class ParameterError(ValueError):
    """A parameter that does not exist or a value it cannot take; the message says which."""


def _range_text(p: Parameter) -> str:
    low = "" if p.min is None else f"{p.min:g}"
    high = "" if p.max is None else f"{p.max:g}"
    unit = f" {p.unit}" if p.unit else ""
    if low and high:
        return f"from {low} to {high}{unit}"
    return f"at least {low}{unit}" if low else (f"at most {high}{unit}" if high else "any number")


def parse_value(p: Parameter, text: str) -> float:
    match = _NUMBER.match(text.lower())
    if not match:
        raise ParameterError(f"{p.key}: {text!r} is not a number; {p.key} takes {_range_text(p)}")
    number, suffix = float(match.group(1)), match.group(2).strip()
    if not math.isfinite(number):
        raise ParameterError(f"{p.key}: {text!r} is not a finite number")
    own = p.unit.lower()
    if suffix and suffix in SECONDS:
        if own not in SECONDS:
            raise ParameterError(f"{p.key} is measured in {p.unit or 'plain numbers'}, not a duration like {text!r}")
        number = number * SECONDS[suffix] / SECONDS[own]
    elif suffix and suffix.replace(" ", "") != own.replace(" ", ""):
        raise ParameterError(f"{p.key}: unknown unit {suffix!r} in {text!r}; {p.key} is in {p.unit or 'plain numbers'}")
    if (p.min is not None and number < p.min) or (p.max is not None and number > p.max):
        raise ParameterError(f"{p.key}: {text} is out of range; it takes {_range_text(p)}")
    if p.step is not None and not on_step(p, number):
        whole = "a whole number" if p.step == 1 else f"a multiple of {p.step:g}"
        raise ParameterError(
            f"{p.key}: {text} is not {whole}; {p.key} counts {p.unit or 'units'} in steps of {p.step:g}"
        )
    return number


def on_step(p: Parameter, value: float) -> bool:
    """Whether ``value`` is a value ``p`` can take (any value when it has no step)."""
    if p.step is None:
        return True
    steps = value / p.step
    return abs(steps - round(steps)) <= 1e-9 * max(1.0, abs(steps))


def parse_params(scenario: Scenario, items: Iterable[str]) -> dict[str, float]:
    """``NAME=VALUE`` strings to parameter values, or ParameterError naming the problem."""
    known = {p.key: p for p in scenario.parameters}
    values: dict[str, float] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not raw.strip():
            raise ParameterError(f"{item!r} is not NAME=VALUE")
        if name not in known:
            names = ", ".join(known) or "none"
            raise ParameterError(f"scenario {scenario.id!r} has no parameter {name!r} (parameters: {names})")
        values[name] = parse_value(known[name], raw.strip())
    return values


def check_params(scenario: Scenario, values: Mapping[str, float]) -> dict[str, float]:
    """Keep only known parameters within range (for values restored from settings)."""
    known = {p.key: p for p in scenario.parameters}
    kept = {}
    for key, value in values.items():
        p = known.get(key)
        if (
            p is not None
            and isinstance(value, (int, float))
            and math.isfinite(value)
            and (p.min is None or value >= p.min)
            and (p.max is None or value <= p.max)
            and on_step(p, value)
        ):
            kept[key] = float(value)
    return kept
