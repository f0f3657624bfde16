"""What the diagram's details pane says about one node.

Everything comes from the scenario: the node's label and its ``diagrams`` class put into
words, its own note, the phase that adds it (for the current selection), the options
that add, remove or relabel it, and the cost rows that pay for it. The window's
``nodeDetails`` pane and ``explorer node`` both show this.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from explorer.domain.model import Node, Scenario
from explorer.domain.tradeoffs import complete_selection

#: How the ``diagrams`` providers are named for people.
PROVIDERS = {
    "aws": "AWS",
    "onprem": "On-premises",
    "generic": "Generic",
    "saas": "SaaS",
    "programming": "Programming",
    "k8s": "Kubernetes",
    "gcp": "Google Cloud",
    "azure": "Azure",
}

_WORD = re.compile(r"[A-Z]+\d*(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+\d*|\d+")


def service_words(type_name: str) -> str:
    """A ``diagrams`` class path in words: ``aws.database.RDS`` -> "RDS (AWS, database)",
    ``aws.network.ElasticLoadBalancing`` -> "Elastic Load Balancing (AWS, network)"."""
    provider, _, rest = type_name.partition(".")
    category, _, name = rest.rpartition(".")
    words = " ".join(_WORD.findall(name)) or name
    category = category.replace("_", " ")
    return f"{words} ({PROVIDERS.get(provider, provider)}, {category})" if category else words


@dataclass(frozen=True)
class OptionEffect:
    group: str  # the group's label
    option: str  # the option's label
    effect: str  # "adds it", "removes it", "relabels it to …"
    selected: bool


@dataclass(frozen=True)
class CostRow:
    service: str
    configuration: str
    monthly_usd: float
    # The row's annual figure, where the chapter's cost table has an annual column.
    annual_usd: float | None = None
    estimate: bool = False  # a row we add, not one of the chapter's

    def heading(self) -> str:
        return "Cost (estimate, not in the chapter's table)" if self.estimate else "Cost"

    def describe(self) -> str:
        """The row as one line: "Cost: ECS Fargate, 30 tasks: $3,600.00/month ($43,200/year)"."""
        configuration = f", {self.configuration}" if self.configuration else ""
        year = f" (${self.annual_usd:,.0f}/year)" if self.annual_usd is not None else ""
        return f"{self.heading()}: {self.service}{configuration}: ${self.monthly_usd:,.2f}/month{year}"


@dataclass(frozen=True)
class NodeDetails:
    id: str
    label: str
    service: str
    note: str
    phase: int  # 0: in place before the work begins
    phase_title: str
    options: tuple[OptionEffect, ...]
    costs: tuple[CostRow, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "service": self.service,
            "note": self.note,
            "phase": self.phase,
            "phase_title": self.phase_title,
            "options": [
                {"group": o.group, "option": o.option, "effect": o.effect, "selected": o.selected} for o in self.options
            ],
            "costs": [
                {
                    "service": c.service,
                    "configuration": c.configuration,
                    "monthly_usd": c.monthly_usd,
                    "annual_usd": c.annual_usd,
                    "estimate": c.estimate,
                }
                for c in self.costs
            ],
        }

    def as_text(self) -> str:
        """The details as plain lines (what ``explorer node`` prints)."""
        lines = [self.label, self.service]
        if self.note:
            lines += ["", self.note]
        lines.append("")
        lines.append(f"Added in phase {self.phase}: {self.phase_title}" if self.phase else "In place before the work")
        for o in self.options:
            mark = " (selected)" if o.selected else ""
            lines.append(f"{o.group}: {o.option}{mark} {o.effect}")
        lines += [c.describe() for c in self.costs]
        return "\n".join(lines)


class UnknownNode(LookupError):
    """The scenario has no node with that id in any of its options."""


def _all_nodes(scenario: Scenario) -> dict[str, Node]:
    nodes = {n.id: n for n in scenario.nodes}
    for group in scenario.option_groups:
        for option in group.options:
            for node in option.changes.add_nodes:
                nodes.setdefault(node.id, node)
    return nodes


def node_details(scenario: Scenario, node_id: str, selection: Mapping[str, str] | None = None) -> NodeDetails:
    """What the details pane shows for ``node_id`` under ``selection`` (default: the default one)."""
    chosen = complete_selection(scenario, selection)
    nodes = _all_nodes(scenario)
    if node_id not in nodes:
        known = ", ".join(sorted(nodes)[:12])
        raise UnknownNode(f"{scenario.id} has no node {node_id!r}; its nodes include {known}")
    selected_node = nodes[node_id]
    effects: list[OptionEffect] = []
    for group in scenario.option_groups:
        for option in group.options:
            changes = option.changes
            selected = chosen.get(group.key) == option.key
            added = next((n for n in changes.add_nodes if n.id == node_id), None)
            if added is not None:
                effects.append(OptionEffect(group.label, option.label, "adds it", selected))
                if selected:
                    selected_node = added
            if node_id in changes.remove_nodes:
                effects.append(OptionEffect(group.label, option.label, "removes it", selected))
            if node_id in changes.relabel:
                effects.append(
                    OptionEffect(group.label, option.label, f"relabels it “{changes.relabel[node_id]}”", selected)
                )
    label = selected_node.label
    for group in scenario.option_groups:
        picked = next((o for o in group.options if o.key == chosen.get(group.key)), None)
        if picked is not None and node_id in picked.changes.relabel:
            label = picked.changes.relabel[node_id]
    phases = scenario.phases_for(chosen)
    phase = selected_node.phase
    title = phases[phase - 1].title if 1 <= phase <= len(phases) else ""
    costs = tuple(
        CostRow(
            item.service,
            item.configuration,
            item.monthly_usd,
            item.annual if scenario.has_annual_costs() and not estimate else None,
            estimate,
        )
        for estimate, items in ((False, scenario.cost_items), (True, scenario.estimated_cost_items))
        for item in items
        if node_id in item.nodes
    )
    return NodeDetails(
        id=node_id,
        label=label,
        service=service_words(selected_node.type),
        note=selected_node.note,
        phase=phase,
        phase_title=title,
        options=tuple(effects),
        costs=costs,
    )
