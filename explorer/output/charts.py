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
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.domain.model import Scenario
from explorer.domain.tradeoffs import format_value, meets, option_metrics, parameter_values, target_words
from explorer.drawing.palette import GREEN, INK, NEUTRAL, RED
from explorer.library.files import write_atomic

PASS, FAIL, TARGET = GREEN, RED, INK
#: The ticks a time axis may show (minutes, label); the ones whose labels would touch are left out.
TIME_TICKS = [
    (1 / 60, "1 s"),
    (1, "1 min"),
    (60, "1 h"),
    (1440, "1 day"),
    (10080, "1 week"),
    (43200, "30 days"),
    (525600, "1 year"),
]
TIME_START = 1 / 60  # the time axis starts at 1 s
NEAR_ZERO_MINUTES = 0.05  # where "near zero" ends on the time axis (3 s)
STUB_PX = 4.0  # the width of a bar whose value is zero (or too small to see), in pixels
LABEL_GAP_PT = 4.0  # from a bar's end (or a target line) to its value label
CLEAR_PX = 3.0  # the least space between a value label and a target line, or the plot's edge
TICK_GAP_PX = 8.0  # the least space between two tick labels
#: What a value axis measures, by the metric's unit ("number" metrics name theirs in the label).
UNIT_WORDS = {
    "usd_month": "US dollars per month",
    "usd": "US dollars",
    "minutes": "minutes",
    "days": "days",
    "gbps": "Gbps (gigabits per second)",
    "scale": "score from 1 (least) to 5 (most)",
    "percent": "percent",
    "level": "level (higher costs more)",
}


@dataclass(frozen=True)
class Target:
    metric: str
    op: str
    value: float
    text: str


@dataclass(frozen=True)
class Box:
    """A rectangle on the chart, in pixels from its bottom left corner."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1 + gap
            and other.y0 < self.y1 + gap
        )

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class PanelLayout:
    """Where one panel's pieces sit on the drawn chart (``group_chart_layout``)."""

    panel: str
    plot: Box
    bars: tuple[Box, ...]
    labels: tuple[Box, ...]
    label_texts: tuple[str, ...]
    target_lines: tuple[float, ...]  # the x of each target line
    legend: Box | None
    title: Box
    ticks: tuple[Box, ...]
    tick_texts: tuple[str, ...]
    axis_label: str


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


def chartable_groups(scenario: Scenario) -> list[str]:
    """The option groups whose options carry figures to chart."""
    return [g.key for g in scenario.option_groups if chart_panels(scenario, g.key)]


def nothing_to_chart(scenario: Scenario) -> str:
    """Why the scenario has no chart, in a sentence; empty when it has one."""
    if chartable_groups(scenario):
        return ""
    if scenario.kind == "troubleshooting":
        if scenario.option_groups:
            return "Nothing to chart: this guide's cases carry no figures."
        return "Nothing to chart: this guide has no cases."
    if scenario.option_groups:
        return "Nothing to chart: these options carry no figures."
    return "Nothing to chart: this scenario has no options."


def axis_words(unit: str, label: str) -> str:
    """What a value axis measures: the unit in words, or the one a "number" metric's label names."""
    if unit in UNIT_WORDS:
        return UNIT_WORDS[unit]
    named = re.search(r"\(([^(),]{1,30})\)\s*$", label) or re.search(r"\bin (\w+)\b", label)
    if named:
        return named.group(1)
    return "number"


def group_chart_png(
    scenario: Scenario,
    group_key: str,
    params: Mapping[str, float] | None = None,
    selected: str | None = None,
    dpi: int = 100,
    width_in: float = 6.4,
) -> bytes:
    fig, _drawn = _group_figure(scenario, group_key, params, selected, dpi, width_in)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white")
    return out.getvalue()


def group_chart_layout(
    scenario: Scenario,
    group_key: str,
    params: Mapping[str, float] | None = None,
    selected: str | None = None,
    dpi: int = 100,
    width_in: float = 6.4,
) -> list[PanelLayout]:
    """Where the bars, value labels, target lines, legends and ticks of the group's chart
    are drawn (the picture ``group_chart_png`` makes with the same arguments)."""
    fig, drawn = _group_figure(scenario, group_key, params, selected, dpi, width_in)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    layouts = []
    for panel in drawn:
        ax = panel.ax
        legend = ax.get_legend()
        ticks = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        layouts.append(
            PanelLayout(
                panel=panel.name,
                plot=_box(ax.get_window_extent(renderer)),
                bars=tuple(_box(bar.get_window_extent(renderer)) for bar in panel.bars),
                labels=tuple(_box(label.get_window_extent(renderer)) for label in panel.labels),
                label_texts=tuple(label.get_text() for label in panel.labels),
                target_lines=tuple(float(ax.transData.transform((line.get_xdata()[0], 0))[0]) for line in panel.lines),
                legend=_box(legend.get_window_extent(renderer)) if legend is not None else None,
                title=_box(ax.title.get_window_extent(renderer)),
                ticks=tuple(_box(t.get_window_extent(renderer)) for t in ticks),
                tick_texts=tuple(t.get_text() for t in ticks),
                axis_label=ax.get_xlabel(),
            )
        )
    return layouts


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


def _box(extent) -> Box:
    return Box(float(extent.x0), float(extent.y0), float(extent.x1), float(extent.y1))


@dataclass
class _Drawn:
    """One panel as drawn: its axes, bars (with the value each stands for), labels and target lines."""

    name: str
    ax: Any
    bars: list[Any] = field(default_factory=list)
    values: list[float | None] = field(default_factory=list)
    labels: list[Any] = field(default_factory=list)
    label_bars: list[Any] = field(default_factory=list)  # the bar each label tells (None for n/a)
    lines: list[Any] = field(default_factory=list)
    candidate_ticks: list[tuple[float, str]] | None = None


def _group_figure(
    scenario: Scenario,
    group_key: str,
    params: Mapping[str, float] | None,
    selected: str | None,
    dpi: int,
    width_in: float,
) -> tuple[Any, list[_Drawn]]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    group = scenario.group(group_key)
    figures = {o.key: option_metrics(scenario, group.key, o.key, params) for o in group.options}
    goal = targets(scenario, params)
    panels = chart_panels(scenario, group_key, params) or ["none"]
    fig = Figure(figsize=(width_in, 0.6 + 2.3 * len(panels)), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    fig.suptitle(f"{scenario.title}: {group.label}", fontsize=11, fontweight="bold", x=0.01, ha="left")
    drawn: list[_Drawn] = []
    for index, panel in enumerate(panels):
        ax = fig.add_subplot(len(panels), 1, index + 1)
        if panel == "none":
            ax.text(0.5, 0.5, "These options carry no figures to chart.", ha="center", va="center")
            ax.set_axis_off()
            continue
        if panel == "time":
            drawn.append(_time_panel(ax, group, figures, goal))
        else:
            key = _cost_key(scenario, figures) if panel == "cost" else panel
            drawn.append(_bar_panel(ax, panel, group, figures, key, goal.get(key), scenario.metric_def(key)))
        for tick, option in zip(ax.get_yticklabels(), group.options, strict=False):
            if option.key == selected:
                tick.set_fontweight("bold")
    if drawn:
        _settle(fig, drawn)
    return fig, drawn


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


def _number(text: float, _position: object = None) -> str:
    """A linear axis's tick: 25,000 rather than 25000."""
    return f"{int(text):,}" if float(text).is_integer() else f"{text:,g}"


def _wrapped(name: str) -> str:
    """An option's name on two lines when long, so the plot keeps room for its labels."""
    return textwrap.fill(name, 26) if len(name) > 30 else name


def _legend_above(ax) -> None:
    """The target legend in a row of its own between the panel's title and its plot."""
    handles, _labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=len(handles),
            fontsize=8,
            frameon=False,
            borderaxespad=0.2,
            borderpad=0.1,
            handlelength=2.2,
        )


def _bar_panel(ax, name: str, group, figures, key: str, target: Target | None, definition) -> _Drawn:
    from matplotlib.ticker import FuncFormatter

    panel = _Drawn(name, ax)
    positions = list(range(len(group.options)))
    for y, option in zip(positions, group.options, strict=True):
        metric = figures[option.key].get(key)
        value = (
            float(metric.value)
            if metric is not None and isinstance(metric.value, (int, float)) and not isinstance(metric.value, bool)
            else None
        )
        text = (
            "n/a"
            if value is None
            else format_value(definition.unit, value) + (" (est.)" if metric is not None and metric.estimate else "")
        )
        bar = None
        if value is not None:
            (bar,) = ax.barh([y], [value], color=_colour(value, target), height=0.6)
            panel.bars.append(bar)
            panel.values.append(value)
        panel.label_bars.append(bar)
        panel.labels.append(
            ax.annotate(
                text, (value or 0, y), xytext=(LABEL_GAP_PT, 0), textcoords="offset points", va="center", fontsize=8
            )
        )
    ax.set_yticks(positions, [_wrapped(o.label) for o in group.options], fontsize=8)
    ax.set_ylim(len(positions) - 0.5, -0.5)
    ax.set_title(definition.label, fontsize=9, loc="left")
    ax.set_xlabel(axis_words(definition.unit, definition.label), fontsize=8)
    if target is not None:
        panel.lines.append(
            ax.axvline(
                target.value,
                color=TARGET,
                linestyle="--",
                linewidth=1.2,
                label=f"target: {target_words(target.op, definition.unit, target.value)}",
            )
        )
    _legend_above(ax)
    top = max([v for v in panel.values if v is not None] + [target.value if target else 0])
    ax.set_xlim(0, top * 1.15 if top > 0 else 1)
    ax.xaxis.set_major_formatter(FuncFormatter(_number))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)
    return panel


def _time_panel(ax, group, figures, goal: Mapping[str, Target]) -> _Drawn:
    panel = _Drawn("time", ax, candidate_ticks=TIME_TICKS)
    positions = list(range(len(group.options)))
    longest = NEAR_ZERO_MINUTES
    for offset, key, name in ((-0.2, "rpo_minutes", "RPO"), (0.2, "rto_minutes", "RTO")):
        target = goal.get(key)
        for y, option in zip(positions, group.options, strict=True):
            metric = figures[option.key].get(key)
            if metric is None or metric.value is None:
                continue
            value = max(float(metric.value), NEAR_ZERO_MINUTES)
            longest = max(longest, value)
            (bar,) = ax.barh(
                [y + offset],
                [value - TIME_START],
                left=TIME_START,
                height=0.36,
                color=_colour(float(metric.value), target),
                alpha=0.85,
            )
            panel.bars.append(bar)
            panel.values.append(value)
            panel.label_bars.append(bar)
            shown = metric.text or format_value("minutes", float(metric.value))
            panel.labels.append(
                ax.annotate(
                    f"{name} {shown}",
                    (value, y + offset),
                    xytext=(LABEL_GAP_PT, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7,
                )
            )
        if target is not None:
            longest = max(longest, target.value)
            panel.lines.append(
                ax.axvline(
                    max(target.value, NEAR_ZERO_MINUTES),
                    color=TARGET,
                    linestyle="--" if key == "rpo_minutes" else ":",
                    linewidth=1.4,
                    label=f"{name} target: {target_words(target.op, 'minutes', target.value)}",
                )
            )
    _legend_above(ax)
    ax.set_xscale("log")
    ax.set_xlim(TIME_START, longest * 3)
    ax.set_yticks(positions, [_wrapped(o.label) for o in group.options], fontsize=8)
    ax.set_ylim(len(positions) - 0.5, -0.5)
    ax.set_title("RPO (upper bar) and RTO (lower bar)", fontsize=9, loc="left")
    ax.set_xlabel("time (logarithmic scale)", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return panel


def _settle(fig, drawn: list[_Drawn]) -> None:
    """Lay the figure out, then keep it so: title pads that clear the legends, zero bars
    drawn as stubs, value labels moved clear of the target lines and kept inside their
    plots, and only tick labels that do not touch."""
    fig.draw_without_rendering()
    for panel in drawn:
        legend = panel.ax.get_legend()
        if legend is not None:
            height_pt = legend.get_window_extent().height * 72 / fig.dpi
            panel.ax.set_title(panel.ax.get_title(loc="left"), fontsize=9, loc="left", pad=height_pt + 6)
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()
    for panel in drawn:
        for _ in range(8):
            _stubs(panel)
            _place_labels(panel, renderer)
            if not _fit_labels(panel, renderer):
                break
        _thin_ticks(fig, panel, renderer)


def _stubs(panel: _Drawn) -> None:
    """Give every bar of a linear axis at least STUB_PX of width, so a zero is seen."""
    ax = panel.ax
    if ax.get_xscale() != "linear":
        return
    low, high = ax.get_xlim()
    stub = STUB_PX * (high - low) / ax.get_window_extent().width
    for bar, value in zip(panel.bars, panel.values, strict=True):
        if value is not None:
            bar.set_width(max(value, stub))


def _place_labels(panel: _Drawn, renderer) -> None:
    """Each value label just past its bar's end, or past the last target line it would cross."""
    ax = panel.ax
    lines = sorted(float(line.get_xdata()[0]) for line in panel.lines)
    for label, bar in zip(panel.labels, panel.label_bars, strict=True):
        x_data = 0.0 if bar is None else bar.get_x() + bar.get_width()
        label.xy = (x_data, label.xy[1])
        for line in lines:
            box = label.get_window_extent(renderer)
            x = ax.transData.transform((line, 0))[0]
            if line > x_data and box.x0 - CLEAR_PX <= x <= box.x1 + CLEAR_PX:
                x_data = line
                label.xy = (x_data, label.xy[1])


def _fit_labels(panel: _Drawn, renderer) -> bool:
    """Widen the value axis until every value label ends inside the plot."""
    ax = panel.ax
    plot = ax.get_window_extent(renderer)
    room = plot.x1 - CLEAR_PX
    worst = max(panel.labels, key=lambda lb: lb.get_window_extent(renderer).x1)
    box = worst.get_window_extent(renderer)
    if box.x1 <= room:
        return False
    log = ax.get_xscale() == "log"
    low, high = ax.get_xlim()
    scaled = (lambda v: math.log10(v)) if log else (lambda v: v)
    anchor = ax.transData.transform((worst.xy[0], 0))[0] - plot.x0
    share = (plot.width - CLEAR_PX - (box.x1 - plot.x0 - anchor)) / plot.width
    if share <= 0.1:  # a label wider than the plot: give it most of it
        share = 0.1
    span = (scaled(worst.xy[0]) - scaled(low)) / share
    new_high = scaled(low) + max(span, (scaled(high) - scaled(low)) * 1.02)
    ax.set_xlim(low, 10**new_high if log else new_high)
    return True


def _thin_ticks(fig, panel: _Drawn, renderer) -> None:
    """Ticks whose labels stay TICK_GAP_PX apart: on a time axis, from the left, those of
    TIME_TICKS that stay clear of the last one kept; on a linear axis, the most evenly
    spaced round ticks that do."""
    from matplotlib.text import Text
    from matplotlib.ticker import MaxNLocator, NullLocator

    ax = panel.ax
    low, high = ax.get_xlim()

    def width(text: str) -> float:
        return float(Text(text=text, fontsize=8, figure=fig).get_window_extent(renderer).width)

    def clear(ticks: list[tuple[float, str]]) -> list[tuple[float, str]]:
        kept: list[tuple[float, str]] = []
        right = -math.inf
        for value, text in ticks:
            x = ax.transData.transform((value, 0))[0]
            if x - width(text) / 2 >= right + TICK_GAP_PX:
                kept.append((value, text))
                right = x + width(text) / 2
        return kept

    if panel.candidate_ticks is not None:
        chosen = clear([(v, text) for v, text in panel.candidate_ticks if low <= v <= high])
    else:
        chosen = []
        for bins in range(9, 1, -1):
            values = [float(v) for v in MaxNLocator(bins, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)]
            ticks = [(v, _number(v)) for v in values if low <= v <= high]
            chosen = ticks
            if len(clear(ticks)) == len(ticks):
                break
        chosen = clear(chosen)
    ax.set_xticks([v for v, _ in chosen], [t for _, t in chosen], fontsize=8)
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlim(low, high)


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
