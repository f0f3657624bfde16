"""Where a scenario's figures and words come from: the chapter, or an estimate that says so.

A user must be able to tell a figure the chapter gives from one the product adds. The
file format marks the difference: a metric the chapter does not give says
``estimate: true`` with a ``basis``; a figure in the chapter's own words carries them in
``text``. Ratings (1-5 scales and cost levels) are the figures most easily made up, so a
rating without the chapter's words must be marked as an estimate. And every node says,
in a ``note``, what it does in the design. ``explorer check`` reports what breaks these
rules; building a library does not refuse it, so a user's own file still imports.
"""

from __future__ import annotations

from explorer.domain.model import Node, Scenario

#: Metric units that are ratings rather than measurements.
RATING_UNITS = ("scale", "level")

Path = tuple[str | int, ...]


def unmarked_figures(s: Scenario) -> list[tuple[Path, str]]:
    """Option metrics that do not say where they come from, with the path of each."""
    problems: list[tuple[Path, str]] = []
    defs = s.all_metric_defs()
    for gi, group in enumerate(s.option_groups):
        for oi, option in enumerate(group.options):
            for key in option.metrics:
                metric = option.metric(key)
                assert metric is not None
                path: Path = ("option_groups", gi, "options", oi, "metrics", key)
                where = f"{group.key}={option.key}"
                if metric.estimate and not metric.basis.strip():
                    problems.append((path, f"{where}: an estimate needs a basis saying how it was reached"))
                definition = defs.get(key)
                if (
                    definition is not None
                    and definition.unit in RATING_UNITS
                    and not metric.estimate
                    and metric.formula is None
                    and not metric.text.strip()
                ):
                    problems.append(
                        (
                            path,
                            f"{where}: the {definition.label.lower()} rating {_shown(metric.value)} is not in the "
                            "chapter's words; mark it estimate: true with a basis, or quote the chapter in text",
                        )
                    )
    return problems


def nodes_without_notes(s: Scenario) -> list[tuple[Path, str]]:
    """Nodes, in the base design or added by an option, that do not say what they do."""
    problems: list[tuple[Path, str]] = []

    def check(node: Node, path: Path) -> None:
        if not node.note.strip():
            problems.append((path, f"node {node.id!r} has no note; say in a sentence what it does in this design"))

    for i, node in enumerate(s.nodes):
        check(node, ("nodes", i))
    for gi, group in enumerate(s.option_groups):
        for oi, option in enumerate(group.options):
            for ni, node in enumerate(option.changes.add_nodes):
                check(node, ("option_groups", gi, "options", oi, "changes", "add_nodes", ni))
    return problems


def _shown(value: float | bool | None) -> str:
    return "(none)" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
