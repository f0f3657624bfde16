"""Charts of an option group: how its options compare, against the requirement targets.

One panel per kind of figure: monthly cost as bars; RPO and RTO on a logarithmic time
axis; and every other figure that a requirement puts a number on (transfer days,
latency, deployment minutes...). Targets are dashed lines, and each bar is green when
that option meets the target, red when it does not, grey when no target applies. The
values follow the what-if parameters. Drawn with matplotlib's object API (no pyplot
state), so charts can be made in worker threads.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from explorer.domain.model import Scenario
from explorer.domain.tradeoffs import format_value, meets, option_metrics, parameter_values, target_words
from explorer.drawing.palette import GREEN, INK, NEUTRAL, RED
from explorer.library.files import write_atomic

PASS, FAIL, TARGET = GREEN, RED, INK
TIME_TICKS = [(1 / 60, "1 s"), (1, "1 min"), (60, "1 h"), (1440, "1 day"), (10080, "1 week"), (43200, "30 days")]
NEAR_ZERO_MINUTES = 0.05  # where "near zero" sits on a log axis (3 s)


@dataclass(frozen=True)
class Target:
    metric: str
    op: str
    value: float
    text: str


def targets(scenario: Scenario, params: Mapping[str, float] | None) -> dict[str, Target]:
    """The numeric requirement targets by metric, with what-if parameters applied."""
    values = parameter_values(scenario, params)
    found: dict[str, Target] = {}
    for r in scenario.requirements:
        if r.metric is None or r.op is None:
            continue
        target = values.get(r.target_param) if r.target_param else r.target
        if isinstance(target, bool) or target is None:
            continue
        found[r.metric] = Target(r.metric, r.op, float(target), r.text)
    return found


def chart_panels(scenario: Scenario, group_key: str, params: Mapping[str, float] | None = None) -> list[str]:
    """Which panels a group's chart has: 'cost', 'time', and other metric keys."""
    group = scenario.group(group_key)
    defs = scenario.all_metric_defs()
    present = {k for o in group.options for k in o.metrics}
    panels = []
    if "monthly_usd" in present or scenario.cost_metric in present:
        panels.append("cost")
    if present & {"rpo_minutes", "rto_minutes"}:
        panels.append("time")
    for key in targets(scenario, params):
        if key in present and key not in ("monthly_usd", "rpo_minutes", "rto_minutes") and defs[key].unit != "bool":
            panels.append(key)
    return panels[:4]


def group_chart_png(
    scenario: Scenario,
    group_key: str,
    params: Mapping[str, float] | None = None,
    selected: str | None = None,
    dpi: int = 100,
    width_in: float = 6.4,
) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    group = scenario.group(group_key)
    figures = {o.key: option_metrics(scenario, group.key, o.key, params) for o in group.options}
    goal = targets(scenario, params)
    panels = chart_panels(scenario, group_key, params) or ["none"]
    fig = Figure(figsize=(width_in, 0.6 + 2.3 * len(panels)), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    fig.suptitle(f"{scenario.title}: {group.label}", fontsize=11, fontweight="bold", x=0.01, ha="left")
    for index, panel in enumerate(panels):
        ax = fig.add_subplot(len(panels), 1, index + 1)
        if panel == "none":
            ax.text(0.5, 0.5, "These options carry no figures to chart.", ha="center", va="center")
            ax.set_axis_off()
        elif panel == "time":
            _time_panel(ax, group, figures, goal)
        else:
            key = _cost_key(scenario, figures) if panel == "cost" else panel
            _bar_panel(ax, group, figures, key, goal.get(key), scenario.metric_def(key))
        if panel != "none":
            ticks = ax.get_yticklabels()
            for tick, option in zip(ticks, group.options, strict=False):
                if option.key == selected:
                    tick.set_fontweight("bold")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white")
    return out.getvalue()


def write_group_chart_png(
    path: Path,
    scenario: Scenario,
    group_key: str,
    params: Mapping[str, float] | None = None,
    selected: str | None = None,
    dpi: int = 100,
) -> None:
    """The group's chart (``group_chart_png``) into the file ``path``, atomically."""
    write_atomic(path, group_chart_png(scenario, group_key, params, selected, dpi=dpi))


def _cost_key(scenario: Scenario, figures) -> str:
    """Monthly cost when the options have one; otherwise the scenario's own cost measure."""
    monthly = [f["monthly_usd"].value for f in figures.values() if "monthly_usd" in f]
    if any(isinstance(v, (int, float)) and v for v in monthly):
        return "monthly_usd"
    return scenario.cost_metric


def _colour(value: float | None, target: Target | None) -> str:
    if value is None or target is None:
        return NEUTRAL
    return PASS if meets(value, target.op, target.value) else FAIL


def _bar_panel(ax, group, figures, key: str, target: Target | None, definition) -> None:
    names = [o.label for o in group.options]
    values = []
    for option in group.options:
        metric = figures[option.key].get(key)
        values.append(
            float(metric.value)
            if metric is not None and isinstance(metric.value, (int, float)) and not isinstance(metric.value, bool)
            else None
        )
    positions = list(range(len(names)))
    ax.barh(positions, [v or 0 for v in values], color=[_colour(v, target) for v in values], height=0.6)
    for y, value, option in zip(positions, values, group.options, strict=True):
        metric = figures[option.key].get(key)
        text = (
            "n/a"
            if value is None
            else format_value(definition.unit, value) + (" (est.)" if metric is not None and metric.estimate else "")
        )
        ax.annotate(text, (value or 0, y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(positions, names, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(
        definition.label + (f" (unit: {definition.unit})" if definition.unit in ("level", "number") else ""),
        fontsize=9,
        loc="left",
    )
    if target is not None:
        ax.axvline(
            target.value,
            color=TARGET,
            linestyle="--",
            linewidth=1.2,
            label=f"target: {target_words(target.op, definition.unit, target.value)}",
        )
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    top = max([v for v in values if v is not None] + [target.value if target else 0, 1e-9])
    ax.set_xlim(0, top * 1.35)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)


def _time_panel(ax, group, figures, goal: Mapping[str, Target]) -> None:
    names = [o.label for o in group.options]
    positions = list(range(len(names)))
    for offset, key, name in ((-0.17, "rpo_minutes", "RPO"), (0.17, "rto_minutes", "RTO")):
        target = goal.get(key)
        for y, option in zip(positions, group.options, strict=True):
            metric = figures[option.key].get(key)
            if metric is None or metric.value is None:
                continue
            value = max(float(metric.value), NEAR_ZERO_MINUTES)
            colour = _colour(float(metric.value), target)
            ax.barh(y + offset, value, left=NEAR_ZERO_MINUTES / 2, height=0.3, color=colour, alpha=0.85)
            shown = metric.text or format_value("minutes", float(metric.value))
            ax.annotate(
                f"{name} {shown}",
                (value, y + offset),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
            )
        if target is not None:
            style = "--" if key == "rpo_minutes" else ":"
            ax.axvline(
                max(target.value, NEAR_ZERO_MINUTES),
                color=TARGET,
                linestyle=style,
                linewidth=1.4,
                label=f"{name} target: {target_words(target.op, 'minutes', target.value)}",
            )
    if goal.get("rpo_minutes") or goal.get("rto_minutes"):
        ax.legend(loc="lower right", fontsize=8, frameon=True, framealpha=0.9)
    ax.set_xscale("log")
    ax.set_xlim(NEAR_ZERO_MINUTES / 2, 10 ** math.ceil(math.log10(60_000)))
    ax.set_xticks([t for t, _ in TIME_TICKS], [label for _, label in TIME_TICKS], fontsize=8)
    ax.set_yticks(positions, names, fontsize=8)
    ax.invert_yaxis()
    ax.set_title("RPO (upper bar) and RTO (lower bar), logarithmic time", fontsize=9, loc="left")
    ax.spines[["top", "right"]].set_visible(False)


#: The chart of tipping points, offered beside the option groups (``chartGroup``'s key).
TIPPING_CHART = "tipping-points"
_BAND_COLOURS = ("#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2", "#9D755D", "#EECA3B")


def tipping_chart_png(
    scenario: Scenario, params: Mapping[str, float] | None = None, dpi: int = 100, width_in: float = 6.4
) -> bytes:
    """One band per parameter over its range, coloured by the recommendation there, with
    the switch points marked and the current value drawn as a line."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from explorer.domain.compose import describe_selection
    from explorer.domain.sweep import shown, sweep

    values = parameter_values(scenario, params)
    sweeps = [sweep(scenario, p.key, params) for p in scenario.parameters]
    names: dict[str, str] = {}
    for result in sweeps:
        for segment in result.segments:
            key = str(sorted(segment.selection.items()))
            names.setdefault(key, describe_selection(scenario, segment.selection, groups=False))
    colours = {key: _BAND_COLOURS[i % len(_BAND_COLOURS)] for i, key in enumerate(names)}
    rows = max(1, len(sweeps))
    fig = Figure(figsize=(width_in, 1.2 + 0.95 * rows + 0.28 * len(names)), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    fig.suptitle(
        f"{scenario.title}: where the recommendation changes", fontsize=11, fontweight="bold", x=0.01, ha="left"
    )
    for index, result in enumerate(sweeps):
        ax = fig.add_subplot(rows, 1, index + 1)
        p = result.param
        ratio = result.high / result.low if result.low > 0 else 0
        if ratio > 100:
            ax.set_xscale("log")
        for segment in result.segments:
            key = str(sorted(segment.selection.items()))
            ax.axvspan(segment.low, segment.high, ymin=0.15, ymax=0.85, color=colours[key], alpha=0.85, lw=0)
        for point in result.points:
            ax.axvline(point.value, color=INK, lw=0.8)
            ax.annotate(
                shown(p, point.value),
                (point.value, 0.92),
                xycoords=("data", "axes fraction"),
                fontsize=8,
                ha="center",
                va="bottom",
            )
        now = values[p.key]
        ax.axvline(now, color=RED, lw=2, ls="--")
        ax.set_xlim(result.low, result.high)
        ax.set_yticks([])
        ax.set_xlabel(f"{p.label} ({p.unit}); dashed: the value now, {shown(p, now)}", fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
    fig.legend(
        handles=[Patch(color=colours[k], label=v) for k, v in names.items()],
        loc="outside lower center",
        fontsize=8,
        frameon=False,
        ncols=1,
    )
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white")
    return out.getvalue()
