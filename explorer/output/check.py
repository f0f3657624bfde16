"""``explorer check``: prove that a whole library is sound and renders everywhere.

For every scenario: cross references resolve (node classes, edges, phases, options),
every phase adds something, the cost rows add up to the stated total, the engine's
recommendation equals every choice the chapter marks, every rating that is not in the
chapter's words is marked as an estimate with a basis and every node has a note
(``domain.provenance``), every AWS node type has a draw.io shape (``output.drawio``),
every option of every group renders at every phase (the other groups at their default),
and the scenario's one layout, left to right and top to bottom, has no text that
collides with other text, an icon, an edge or a border (``drawing.overlaps``).
Rendering and laying out run in parallel; Graphviz does the work in subprocesses, so
threads use every core.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from explorer.domain.compose import View, compose
from explorer.domain.model import Scenario
from explorer.domain.provenance import nodes_without_notes, unmarked_figures
from explorer.domain.tradeoffs import recommend
from explorer.drawing.layout import compute_layout
from explorer.drawing.overlaps import find_overlaps
from explorer.drawing.render import RenderError, dot_source, run_dot
from explorer.library.references import check_references
from explorer.library.store import Library, LibraryError
from explorer.output.drawio import scenario_node_types, unmapped_types
from explorer.output.views import default_base, scenario_views

CHECK_DPI = 24  # layout is what can fail; a tiny raster keeps the check fast
COST_TOLERANCE_USD = 1.0
#: The layout directions the window and the exports choose between: both must be clean.
LAYOUT_DIRECTIONS = ("LR", "TB")


@dataclass
class CheckReport:
    scenarios: int = 0
    views: int = 0
    layouts: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def scenario_problems(s: Scenario) -> list[str]:
    """Everything wrong with one scenario that needs no rendering."""
    found = [*check_references(s), *unmarked_figures(s), *nodes_without_notes(s)]
    problems = [f"{s.id}: {'.'.join(map(str, path))}: {message}" for path, message in found]
    if s.cost_items and s.monthly_total_usd is not None:
        total = sum(item.monthly_usd for item in s.cost_items)
        if abs(total - s.monthly_total_usd) > max(COST_TOLERANCE_USD, 0.005 * s.monthly_total_usd):
            problems.append(
                f"{s.id}: cost rows add up to ${total:,.2f}, but the stated total is ${s.monthly_total_usd:,.2f}"
            )
    if s.cost_items and s.annual_total_usd is not None:
        annual = sum(item.annual for item in s.cost_items)
        if abs(annual - s.annual_total_usd) > max(12 * COST_TOLERANCE_USD, 0.005 * s.annual_total_usd):
            problems.append(
                f"{s.id}: annual cost rows add up to ${annual:,.2f}, but the stated annual total is "
                f"${s.annual_total_usd:,.2f}"
            )
    problems += [
        f"{s.id}: node type {t} has no draw.io shape; a .drawio export embeds its icon instead "
        "(add the type to AWS4_SHAPES in explorer/output/drawio.py)"
        for t in unmapped_types(scenario_node_types(s))
    ]
    try:
        engine = recommend(s)
    except ValueError as err:
        problems.append(f"{s.id}: {err}")
    else:
        for group, option in s.seed_recommendation().items():
            if engine.get(group) != option:
                problems.append(
                    f"{s.id}: the engine recommends {group}={engine.get(group)}, the chapter {group}={option}"
                )
    return problems


#: Above this many combinations of groups tied by rules, check renders each combination's
#: complete design only, not its every phase.
MAX_RULE_COMBINATIONS_WITH_PHASES = 200


def rule_combinations(s: Scenario) -> list[dict[str, str]]:
    """Every combination the rules allow of the groups they tie together (each set of tied
    groups on its own, the other groups at their default)."""
    from explorer.domain.constraints import allowed, linked_groups
    from explorer.domain.tradeoffs import default_selection

    parent = {g.key: g.key for g in s.option_groups}

    def find(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for a, b in linked_groups(s):
        if a in parent and b in parent:
            parent[find(b)] = find(a)
    sets: dict[str, list[str]] = {}
    for g in s.option_groups:
        sets.setdefault(find(g.key), []).append(g.key)
    base = default_selection(s)
    found = []
    for members in sets.values():
        if len(members) < 2:
            continue
        options = [[o.key for o in s.group(key).options] for key in members]
        for combo in itertools.product(*options):
            selection = {**base, **dict(zip(members, combo, strict=True))}
            if allowed(s, selection):
                found.append(selection)
    return found


def views_of(s: Scenario) -> list[tuple[str, View]]:
    """Every option of every group at every phase (and the complete design), the other
    groups at their default, then every combination the rules allow of the groups they
    tie together, once each."""
    seen: set[tuple] = set()
    views: list[tuple[str, View]] = []

    def add(selection: dict[str, str], phase: int | None) -> None:
        key = (tuple(sorted(selection.items())), phase)
        if key in seen:
            return
        seen.add(key)
        name = ",".join(f"{g}={o}" for g, o in selection.items()) or "default"
        views.append((f"{s.id} [{name}] phase {phase or 'all'}", compose(s, selection, phase)))

    for view in scenario_views(s, default_base(s)):
        add(dict(view.selection), view.phase)
    combinations = rule_combinations(s)
    with_phases = len(combinations) <= MAX_RULE_COMBINATIONS_WITH_PHASES
    for selection in combinations:
        add(selection, None)
        if with_phases:
            for phase in range(1, len(s.phases_for(selection)) + 1):
                add(selection, phase)
    return views


def _render(item: tuple[str, View]) -> str | None:
    name, view = item
    try:
        run_dot(dot_source(view), fmt="png", dpi=CHECK_DPI)
    except RenderError as err:
        return f"{name}: {err}"
    except Exception as err:  # noqa: BLE001 - a view that cannot even be built is a problem to list
        return f"{name}: {err.__class__.__name__}: {err}"
    return None


def layout_problems(item: tuple[Scenario, str]) -> list[str]:
    """Every collision of text in the scenario's layout in one direction, one line each."""
    scenario, direction = item
    try:
        layout = compute_layout(scenario, direction)
    except RenderError as err:
        return [f"{scenario.id}: the {direction} layout: {err}"]
    except Exception as err:  # noqa: BLE001 - a layout that cannot even be built is a problem to list
        return [f"{scenario.id}: the {direction} layout: {err.__class__.__name__}: {err}"]
    return [f"{scenario.id}: overlap: {o.describe()} in the {direction} layout" for o in find_overlaps(layout)]


def check_library(
    library: Library,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CheckReport:
    report = CheckReport()
    scenarios: list[Scenario] = []
    for summary in library.summaries():
        try:
            scenarios.append(library.get(summary.id))
        except LibraryError as err:
            report.problems.append(str(err))
    report.scenarios = len(scenarios)
    work: list[tuple[str, View]] = []
    for s in scenarios:
        report.problems += scenario_problems(s)
        try:
            work += views_of(s)
        except ValueError as err:
            report.problems.append(f"{s.id}: {err}")
    report.views = len(work)
    layouts = [(s, d) for s in scenarios for d in LAYOUT_DIRECTIONS]
    report.layouts = len(layouts)
    total = len(work) + len(layouts)
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        for done, problem in enumerate(pool.map(_render, work), start=1):
            if problem:
                report.problems.append(problem)
            if progress:
                progress(done, total)
        for done, problems in enumerate(pool.map(layout_problems, layouts), start=len(work) + 1):
            report.problems += problems
            if progress:
                progress(done, total)
    return report
