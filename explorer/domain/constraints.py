"""Options that do not fit together: what an option requires of, or excludes from,
another group (``Option.requires`` / ``Option.excludes``).

A rule is symmetric in effect: if Site-to-Site VPN excludes Second Direct Connect, a
selection holding both is impossible whichever was chosen first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping

from explorer.domain.model import Scenario


def violations(scenario: Scenario, selection: Mapping[str, str]) -> list[str]:
    """One plain sentence per rule the selection breaks (none for a possible one)."""
    found: list[str] = []
    for group in scenario.option_groups:
        option = next((o for o in group.options if o.key == selection.get(group.key)), None)
        if option is None:
            continue
        for other, rule in option.requires.items():
            chosen = selection.get(other)
            if chosen is not None and chosen not in rule.options:
                wanted = " or ".join(scenario.option(other, k).label for k in rule.options)
                found.append(
                    f"{option.label} works only with {wanted} for {scenario.group(other).label.lower()}, "
                    f"not {scenario.option(other, chosen).label}" + _because(rule.reason)
                )
        for other, rule in option.excludes.items():
            chosen = selection.get(other)
            if chosen is not None and chosen in rule.options:
                found.append(
                    f"{option.label} cannot be combined with {scenario.option(other, chosen).label}"
                    + _because(rule.reason)
                )
    return found


def _because(reason: str) -> str:
    reason = reason.strip().rstrip(".")
    return f": {reason}" if reason else ""


def allowed(scenario: Scenario, selection: Mapping[str, str]) -> bool:
    return not violations(scenario, selection)


def linked_groups(scenario: Scenario) -> list[tuple[str, str]]:
    """Pairs of groups a rule ties together (their choices must be made together)."""
    pairs = []
    for group in scenario.option_groups:
        for option in group.options:
            for other in (*option.requires, *option.excludes):
                pairs.append((group.key, other))
    return pairs


def disabled_options(scenario: Scenario, selection: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """The options that, swapped into ``selection``, would break a rule with the other
    groups' current choices: (group, option) -> why."""
    out: dict[tuple[str, str], str] = {}
    for group in scenario.option_groups:
        for option in group.options:
            if option.key == selection.get(group.key):
                continue
            broken = violations(scenario, {**selection, group.key: option.key})
            if broken:
                out[(group.key, option.key)] = broken[0]
    return out


def adapt(
    scenario: Scenario, selection: Mapping[str, str], fixed: str | set[str], preferred: Mapping[str, str]
) -> dict[str, str]:
    """The selection with the ``fixed`` group (or groups) kept and as few other groups as
    possible moved so that every rule holds: MACsec on a 1 Gbps port moves the port to
    10 Gbps and, with it, the second connection. Among equally small moves, the one
    closest to ``preferred`` (the recommendation) wins, then the scenario's order."""
    keep = {fixed} if isinstance(fixed, str) else set(fixed)
    result = dict(selection)
    if not violations(scenario, result):
        return result
    tied = {g for pair in linked_groups(scenario) for g in pair}
    free = [g for g in scenario.option_groups if g.key not in keep and g.key in tied and g.key in result]
    budget = ADAPT_BUDGET
    for size in range(1, len(free) + 1):
        best: tuple[int, dict[str, str]] | None = None
        for moved in itertools.combinations(free, size):
            choices = [
                sorted((o.key for o in g.options if o.key != result[g.key]), key=_not_preferred(preferred.get(g.key)))
                for g in moved
            ]
            for combo in itertools.product(*choices):
                budget -= 1
                if budget < 0:
                    return _adapt_greedily(scenario, result, keep, preferred)
                attempt = {**result, **{g.key: k for g, k in zip(moved, combo, strict=True)}}
                if violations(scenario, attempt):
                    continue
                off = sum(k != preferred.get(g.key) for g, k in zip(moved, combo, strict=True))
                if best is None or off < best[0]:
                    best = (off, attempt)
        if best is not None:
            return best[1]
    return _adapt_greedily(scenario, result, keep, preferred)


def _not_preferred(preferred: str | None) -> Callable[[str], bool]:
    return lambda key: key != preferred


#: How many trial selections ``adapt`` compares before it settles for a greedy answer.
ADAPT_BUDGET = 20_000


def _adapt_greedily(
    scenario: Scenario, selection: Mapping[str, str], keep: set[str], preferred: Mapping[str, str]
) -> dict[str, str]:
    """Group by group, the first option that breaks fewer rules (for very large scenarios)."""
    result = dict(selection)
    for group in scenario.option_groups:
        if group.key in keep:
            continue
        trial = violations(scenario, result)
        if not trial:
            break
        candidates = [preferred.get(group.key)] + [o.key for o in group.options]
        for key in candidates:
            if key is None:
                continue
            attempt = {**result, group.key: key}
            if len(violations(scenario, attempt)) < len(trial):
                result = attempt
                break
    return result


def follow(
    scenario: Scenario, selection: Mapping[str, str], group: str, option: str, preferred: Mapping[str, str]
) -> dict[str, str]:
    """What choosing ``option`` in ``group`` gives: the groups listed after it adapt to
    it (``adapt``); the groups before it stay as they are."""
    order = [g.key for g in scenario.option_groups]
    keep = set(order[: order.index(group) + 1]) if group in order else {group}
    return adapt(scenario, {**selection, group: option}, keep, preferred)


def blocked_options(
    scenario: Scenario, selection: Mapping[str, str], preferred: Mapping[str, str]
) -> dict[tuple[str, str], str]:
    """The options a user cannot choose now, because an earlier group's choice rules them
    out (choosing one of an earlier group instead adapts the later groups): why, by
    (group, option)."""
    out: dict[tuple[str, str], str] = {}
    for (group, option), _ in disabled_options(scenario, selection).items():
        broken = violations(scenario, follow(scenario, selection, group, option, preferred))
        if broken:
            out[(group, option)] = broken[0]
    return out
