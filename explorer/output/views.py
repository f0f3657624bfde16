"""The views of a scenario that batch export and ``explorer check`` go through.

A scenario's views are a base design and, for each option of each group, the base with
that option instead; each as the complete design and then at every one of its phases.
``explorer export --all`` starts from the recommended design (the default one for a
guide, whose variants are cases, not choices) and ``explorer check`` from the default
one; both take the views in the order ``scenario_views`` gives them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from explorer.domain.model import Scenario
from explorer.domain.tradeoffs import complete_selection, recommend


@dataclass(frozen=True)
class ScenarioView:
    """One view: a variant of the design (a complete selection) at a phase."""

    variant: str  # the base's name ("recommended", "default") or "<group>=<option>"
    selection: dict[str, str]  # every group's option, in the scenario's group order
    phase: int | None  # None: the complete design


def recommended_base(scenario: Scenario) -> tuple[str, dict[str, str]]:
    """The design a batch starts from, with its name: the engine's recommendation for a
    scenario, the default selection for a guide."""
    if scenario.kind == "scenario":
        return "recommended", recommend(scenario)
    return "default", complete_selection(scenario)


def default_base(scenario: Scenario) -> tuple[str, dict[str, str]]:
    """The default selection (each group's first or marked option), named "default"."""
    return "default", complete_selection(scenario)


def variants(scenario: Scenario, base: tuple[str, Mapping[str, str]]) -> list[tuple[str, dict[str, str]]]:
    """The base design, then each option of each group with the other groups as in the
    base, in the scenario's order; each as (variant name, complete selection)."""
    from explorer.domain.constraints import adapt, allowed

    name, selection = base
    found = [(name, complete_selection(scenario, selection))]
    for group in scenario.option_groups:
        for option in group.options:
            # The other groups adapt where the option does not fit them (a VPN, no second link).
            chosen = adapt(
                scenario, complete_selection(scenario, {**selection, group.key: option.key}), group.key, selection
            )
            if allowed(scenario, chosen):
                found.append((f"{group.key}={option.key}", chosen))
    return found


def scenario_views(scenario: Scenario, base: tuple[str, Mapping[str, str]] | None = None) -> Iterator[ScenarioView]:
    """Every variant (see ``variants``; ``base`` defaults to ``recommended_base``) as the
    complete design, then at phase 1, 2, ... of that variant. A selection that two
    variants share is given for each of them."""
    for name, selection in variants(scenario, recommended_base(scenario) if base is None else base):
        for phase in [None, *range(1, len(scenario.phases_for(selection)) + 1)]:
            yield ScenarioView(name, selection, phase)
