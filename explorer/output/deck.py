"""A design-review slide deck (PowerPoint, written with python-pptx).

The slides, in order: a title slide; the situation and the requirements with their
targets; one slide per phase, built up on the scenario's one stable layout (what the
phase adds highlighted, later parts faded, every node in the same place on every
slide); for each decision, its options compared (the recommended design's diagram, what
each alternative changes, and a native table of their figures with the requirement
checks and the recommendation's reason); the cost breakdown as a native table; the
tipping points; a closing slide with the pitfalls. Speaker notes carry the phase's
steps and the explanations.

With ``template``, the deck uses the template's own masters and layouts (its title and
content placeholders), and the template's own slides are left out.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.util import Emu, Inches, Pt

from explorer.domain.compare import compare
from explorer.domain.constraints import adapt
from explorer.domain.explain import explain
from explorer.domain.model import Scenario
from explorer.domain.sweep import shown, tipping_points
from explorer.domain.tradeoffs import (
    complete_selection,
    evaluate,
    format_value,
    option_metrics,
    recommend,
)
from explorer.output.export import export_view
from explorer.output.report import annual_total, monthly_total, per_year
from explorer.output.settings import ExportSettings

#: 16:9 at PowerPoint's widescreen size.
SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
#: Pixels per inch of the diagrams: a full-width picture is about 3,800 px across, as
#: wide as a 4K projector.
PICTURE_PPI = 288

INK = RGBColor(0x23, 0x2F, 0x3E)
MUTED = RGBColor(0x5F, 0x6B, 0x7A)
STATUS_COLOURS = {
    "met": RGBColor(0x1D, 0x7A, 0x3C),
    "at risk": RGBColor(0xA6, 0x5F, 0x00),
    "not met": RGBColor(0xB3, 0x26, 0x1E),
    "unjudged": MUTED,
}
STATUS_WORDS = {"met": "met", "at risk": "at risk", "not met": "not met", "unjudged": "cannot be judged"}


class DeckError(ValueError):
    """A template that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int


@dataclass
class _Layouts:
    title: Any
    content: Any
    title_only: Any
    content_box: Box
    title_box: Box
    own: bool = False  # no template: every slide is drawn on the blank layout


def _default_layouts(prs: Any) -> _Layouts:
    """python-pptx's own template is 4:3; its placeholders would sit in the left three
    quarters of a 16:9 slide, so every slide is drawn on its blank layout instead."""
    untitled = [lay for lay in prs.slide_layouts if _placeholder(lay, TITLE_KINDS) is None]
    blank = min(untitled or list(prs.slide_layouts), key=lambda lay: len(lay.placeholders))
    margin = int(Inches(0.45))
    title_box = Box(margin, int(Inches(0.25)), SLIDE_WIDTH - 2 * margin, int(Inches(0.85)))
    top = int(Inches(1.2))
    content_box = Box(margin, top, SLIDE_WIDTH - 2 * margin, SLIDE_HEIGHT - top - int(Inches(0.3)))
    return _Layouts(blank, blank, blank, content_box, title_box, own=True)


def _placeholder(layout: Any, kinds: Sequence[int]) -> Any | None:
    for ph in layout.placeholders:
        if ph.placeholder_format.type in kinds:
            return ph
    return None


TITLE_KINDS = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_KINDS = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


def _layouts(prs: Any) -> _Layouts:
    layouts = list(prs.slide_layouts)
    if not layouts:
        raise DeckError("the template has no slide layouts; save it from PowerPoint as a .pptx with its masters")

    def with_(title: bool, body: bool, fewest: bool = False) -> Any | None:
        found = [
            lay
            for lay in layouts
            if (_placeholder(lay, TITLE_KINDS) is not None) == title or not title
            if (_placeholder(lay, BODY_KINDS) is not None) == body
        ]
        if fewest:
            found.sort(key=lambda lay: len(lay.placeholders))
        return found[0] if found else None

    title_layout = next((lay for lay in layouts if _placeholder(lay, (PP_PLACEHOLDER.CENTER_TITLE,))), layouts[0])
    content = with_(True, True) or layouts[min(1, len(layouts) - 1)]
    title_only = with_(True, False, fewest=True) or content
    width, height = prs.slide_width or SLIDE_WIDTH, prs.slide_height or SLIDE_HEIGHT
    margin = int(width * 0.04)
    title_ph = _placeholder(content, TITLE_KINDS)
    if title_ph is not None and title_ph.width:
        title_box = Box(title_ph.left, title_ph.top, title_ph.width, title_ph.height)
    else:
        title_box = Box(margin, int(height * 0.04), width - 2 * margin, int(height * 0.12))
    body = _placeholder(content, BODY_KINDS)
    if body is not None and body.width and body.height:
        content_box = Box(body.left, body.top, body.width, body.height)
    else:
        top = title_box.top + title_box.height + int(height * 0.02)
        content_box = Box(margin, top, width - 2 * margin, height - top - int(height * 0.05))
    return _Layouts(title_layout, content, title_only, content_box, title_box)


def _drop_slides(prs: Any) -> None:
    """Leave out the slides a template brings with it; keep its masters and layouts."""
    ids = prs.slides._sldIdLst  # python-pptx has no public API for removing a slide
    for sld_id in list(ids):
        prs.part.drop_rel(sld_id.rId)
        ids.remove(sld_id)


def _open(template: Path | None) -> Any:
    if template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        return prs
    try:
        prs = Presentation(str(template))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as err:
        raise DeckError(f"{template} is not a PowerPoint file python-pptx can read ({err}); give a .pptx") from err
    except Exception as err:  # a damaged zip or XML: the template is the user's file, so say so
        raise DeckError(f"{template} could not be read as a .pptx ({type(err).__name__}: {err})") from err
    _drop_slides(prs)
    return prs


def _clear_unused(slide: Any, keep: set[int]) -> None:
    """Remove the placeholders nothing was put in (no "Click to add text" on a slide)."""
    for ph in list(slide.placeholders):
        if ph.placeholder_format.idx not in keep:
            element = ph._element
            element.getparent().remove(element)


def _title_size(text: str) -> Any:
    return Pt(30 if len(text) <= 45 else 26 if len(text) <= 65 else 22 if len(text) <= 90 else 18)


def _title(slide: Any, text: str, layouts: _Layouts) -> set[int]:
    ph = _placeholder(slide, TITLE_KINDS)
    if ph is not None:
        ph.text_frame.text = text
        return {ph.placeholder_format.idx}
    box = layouts.title_box
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    frame = shape.text_frame
    frame.word_wrap = True
    _paragraph(frame.paragraphs[0], text, _title_size(text), bold=True)
    return set()


def _paragraph(p: Any, text: str, size: Any, bold: bool = False, colour: RGBColor | None = INK) -> None:
    run = p.add_run()
    run.text = text
    run.font.size = size
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour


def _notes(slide: Any, lines: Sequence[str]) -> None:
    text = "\n".join(line for line in lines if line)
    if text:
        slide.notes_slide.notes_text_frame.text = text


def _bullets(slide: Any, box: Box, items: Sequence[tuple[str, int]], size: int | None = None) -> None:
    """(text, level) lines in a text box, sized down for long lists."""
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    words = sum(len(t) for t, _ in items)
    size = size or (20 if words < 500 and len(items) <= 8 else 16 if words < 900 else 13 if words < 1500 else 11)
    for i, (text, level) in enumerate(items):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.level = level
        mark = "•  " if level == 0 else "–  "
        _paragraph(p, mark + text, Pt(size - 2 * level), colour=INK if level == 0 else MUTED)
        p.space_after = Pt(6 if level == 0 else 2)


def _picture(slide: Any, data: bytes, box: Box, pixel_size: tuple[int, int]) -> Any:
    """The picture fitted into ``box`` with its proportions, centred."""
    pw, ph = pixel_size
    scale = min(box.width / pw, box.height / ph)
    width, height = int(pw * scale), int(ph * scale)
    left = box.left + (box.width - width) // 2
    top = box.top + (box.height - height) // 2
    return slide.shapes.add_picture(io.BytesIO(data), left, top, width, height)


def _caption(slide: Any, box: Box, text: str) -> None:
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    shape.text_frame.word_wrap = True
    p = shape.text_frame.paragraphs[0]
    p.alignment = PP_ALIGN.CENTER
    _paragraph(p, text, Pt(12), colour=MUTED)


def _table(
    slide: Any, box: Box, rows: Sequence[Sequence[str]], widths: Sequence[float] | None = None, small: bool = False
) -> Any:
    """A native, editable table; the first row is the header. Its type is sized so that
    the rows fit the box (a wrapped cell makes its row taller)."""
    count, columns = len(rows), max(len(r) for r in rows)
    row_height = min(int(Inches(0.42)), box.height // max(count, 1))
    size = (
        14
        if row_height >= Inches(0.38)
        else 12
        if row_height >= Inches(0.3)
        else 10
        if row_height >= Inches(0.24)
        else 8
    )
    if small:
        size = min(size, 11 if count <= 10 else 9)
    shape = slide.shapes.add_table(count, columns, box.left, box.top, box.width, row_height * count)
    table = shape.table
    shares = widths or [1.0] * columns
    total = sum(shares)
    for i, share in enumerate(shares):
        table.columns[i].width = Emu(int(box.width * share / total))
    for r, row in enumerate(rows):
        table.rows[r].height = Emu(row_height)
        for c in range(columns):
            cell = table.cell(r, c)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            frame = cell.text_frame
            frame.word_wrap = True
            frame.text = ""
            _paragraph(frame.paragraphs[0], row[c] if c < len(row) else "", Pt(size), bold=r == 0, colour=None)
    return table


def _colour_cell(table: Any, r: int, c: int, colour: RGBColor) -> None:
    for p in table.cell(r, c).text_frame.paragraphs:
        for run in p.runs:
            run.font.color.rgb = colour


@dataclass(frozen=True)
class DeckSettings:
    template: Path | None = None
    #: Pixels per inch of the diagrams (288 fills a 4K projector's width).
    ppi: int = PICTURE_PPI
    theme: str = "light"


class _Pictures:
    """The deck's diagrams, drawn side by side on worker threads (each drawing is a
    Graphviz process) and each drawn once: every decision slide shows the same design."""

    def __init__(self, scenario: Scenario, settings: DeckSettings):
        import os
        from concurrent.futures import ThreadPoolExecutor

        self._scenario, self._settings = scenario, settings
        self._pool = ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 2))
        self._asked: dict[tuple, Any] = {}

    @staticmethod
    def _key(selection: Mapping[str, str], phase: int | None, box: Box) -> tuple:
        return (tuple(sorted(selection.items())), phase, box.width, box.height)

    def ask(self, selection: Mapping[str, str], phase: int | None, box: Box) -> None:
        key = self._key(selection, phase, box)
        if key not in self._asked:
            self._asked[key] = self._pool.submit(_render, self._scenario, dict(selection), phase, box, self._settings)

    def get(self, selection: Mapping[str, str], phase: int | None, box: Box) -> tuple[bytes, tuple[int, int]]:
        self.ask(selection, phase, box)
        result: tuple[bytes, tuple[int, int]] = self._asked[self._key(selection, phase, box)].result()
        return result

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _decision_boxes(content: Box) -> tuple[Box, Box, Box]:
    """The decision slide's diagram column, the diagram in it, and the table column."""
    gap = int(Inches(0.25))
    column = Box(content.left, content.top, int(content.width * 0.47), content.height)
    left = replace(column, height=int(column.height * 0.62))
    right = Box(left.left + left.width + gap, content.top, content.width - left.width - gap, content.height)
    return column, left, right


def _render(
    scenario: Scenario, selection: Mapping[str, str], phase: int | None, box: Box, settings: DeckSettings
) -> tuple[bytes, tuple[int, int]]:
    width = max(16, round(box.width / 914400 * settings.ppi))
    height = max(16, round(box.height / 914400 * settings.ppi))
    # On a template's own background (a company colour), the diagram has none of its own.
    export = ExportSettings(
        fmt="png", width=width, height=height, theme=settings.theme, transparent=settings.template is not None
    )
    done = export_view(scenario, selection, phase, export)
    return done.data, (width, height)


def _requirement_lines(scenario: Scenario, evaluation: Any) -> list[tuple[str, int]]:
    items: list[tuple[str, int]] = []
    for r in evaluation.requirements:
        items.append((r.text, 0))
        if r.status is not None and r.detail != "not measurable from the options":
            items.append((f"{r.detail} ({STATUS_WORDS.get(r.status, r.status)})", 1))
    return items


def _metric_rows(scenario: Scenario, group_key: str, params: Mapping[str, float] | None) -> list[list[str]]:
    group = scenario.group(group_key)
    per_option = [option_metrics(scenario, group_key, o.key, params) for o in group.options]
    keys: list[str] = []
    for metrics in per_option:
        keys += [k for k in metrics if k not in keys]
    rows = []
    for key in keys:
        label = next(m[key].label for m in per_option if key in m)
        cells = [label]
        for metrics in per_option:
            cells.append(_cell(metrics[key]) if key in metrics else "—")
        rows.append(cells)
    return rows


def _cell(metric: Any) -> str:
    """A figure for a table cell: the number (or range) as a person writes it, the
    chapter's words where there is no number, and "(est.)" for an estimate."""
    from explorer.domain.tradeoffs import range_words

    if metric.value is None:
        shown = metric.text or "—"
    elif metric.is_range:
        shown = range_words(metric.unit, metric.value, metric.worst)
    else:
        shown = format_value(metric.unit, metric.value)
    return shown + (" (est.)" if metric.estimate else "")


def _names(scenario: Scenario, ids: Sequence[str], view: Any) -> str:
    labels = {n.id: " ".join(n.label.split()) for n in view.nodes}
    return ", ".join(labels.get(i, i) for i in ids)


def _decision_slide(
    prs: Any,
    layouts: _Layouts,
    scenario: Scenario,
    group_key: str,
    reason: Any,
    recommended: Mapping[str, str],
    params: Mapping[str, float] | None,
    pictures: _Pictures,
) -> None:
    """The recommended design's diagram on the left; on the right a native table of the
    options' figures, their requirement checks and how each changes the diagram, and
    under it why the recommendation wins and why each other option lost."""
    from explorer.domain.tradeoffs import needs_words

    group = scenario.group(group_key)
    content = layouts.content_box
    slide = prs.slides.add_slide(layouts.title_only)
    keep = _title(slide, f"Decision: {group.label}", layouts)
    _clear_unused(slide, keep)
    pick = scenario.option(group_key, reason.option)
    column, left, right = _decision_boxes(content)
    data, size = pictures.get(recommended, None, left)
    _picture(slide, data, left, size)
    _caption(
        slide,
        Box(left.left, left.top + left.height, left.width, int(Inches(0.35))),
        f"The recommended design, with {pick.label}",
    )
    alts = [adapt(scenario, {**recommended, group_key: o.key}, group_key, recommended) for o in group.options]
    rows = [["", *(("★ " if o.key == reason.option else "") + o.label for o in group.options)]]
    figures = _metric_rows(scenario, group_key, params)
    # A figure every option shares does not tell them apart: it goes to the notes.
    same = [row for row in figures if len(set(row[1:])) == 1]
    rows += [row for row in figures if row not in same]
    status_rows = []
    evals = [evaluate(scenario, a, params) for a in alts]
    defs = scenario.all_metric_defs()
    for i, requirement in enumerate(scenario.requirements):
        if requirement.metric is None or requirement.op is None or requirement.metric not in defs:
            continue
        target = requirement.target
        if requirement.target_param:
            from explorer.domain.tradeoffs import parameter_values

            target = parameter_values(scenario, params)[requirement.target_param]
        definition = defs[requirement.metric]
        words = needs_words(requirement.op, definition.unit, target) if target is not None else "checked"
        cells = [f"{definition.label}: {words}"]
        statuses = []
        for ev in evals:
            status = ev.requirements[i].status or "unjudged"
            statuses.append(status)
            cells.append(STATUS_WORDS.get(status, status))
        status_rows.append((len(rows), statuses))
        rows.append(cells)
    differs = ["Nodes against the drawing"]
    diagram_notes: list[str] = []
    for option, alt in zip(group.options, alts, strict=True):
        if option.key == reason.option:
            differs.append("as drawn")
            continue
        change = compare(scenario, recommended, alt, None, params)
        parts = []
        if change.added:
            parts.append(f"+{len(change.added)} added")
            diagram_notes.append(f"{option.label} adds {_names(scenario, change.added, change.right)}.")
        if change.removed:
            parts.append(f"−{len(change.removed)} gone")
            diagram_notes.append(f"{option.label} removes {_names(scenario, change.removed, change.left)}.")
        if change.changed:
            parts.append(f"{len(change.changed)} changed")
            diagram_notes.append(f"{option.label} changes {_names(scenario, change.changed, change.right)}.")
        differs.append(", ".join(parts) or "the same")
    rows.append(differs)
    table = _table(slide, right, rows, widths=[1.6, *([1.0] * len(group.options))], small=True)
    for r, statuses in status_rows:
        for c, status in enumerate(statuses, start=1):
            _colour_cell(table, r, c, STATUS_COLOURS.get(status, MUTED))
    why: list[tuple[str, int]] = [(f"{pick.label}: {reason.why}.", 0)]
    why += [(f"Not {scenario.option(group_key, k).label}: it {text}.", 1) for k, text in reason.others.items()]
    top = left.top + left.height + int(Inches(0.4))
    below = Box(column.left, top, column.width, column.top + column.height - top)
    _bullets(slide, below, why, size=10 if sum(len(w) for w, _ in why) > 500 else 11)
    if same:
        diagram_notes.append("The same for every option: " + "; ".join(f"{r[0]}: {r[1]}" for r in same) + ".")
    _notes(
        slide,
        [f"{pick.label}: {reason.why}."]
        + [f"{scenario.option(group_key, k).label}: it {text}." for k, text in reason.others.items()]
        + diagram_notes,
    )


def build_deck(
    scenario: Scenario,
    selection: Mapping[str, str] | None = None,
    params: Mapping[str, float] | None = None,
    settings: DeckSettings | None = None,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """The deck as the bytes of a .pptx file."""
    settings = settings or DeckSettings()
    say = progress or (lambda _text: None)
    prs = _open(settings.template)
    layouts = _layouts(prs) if settings.template is not None else _default_layouts(prs)
    chosen = complete_selection(scenario, selection)
    evaluation = evaluate(scenario, chosen, params)
    decides = scenario.kind == "scenario" and bool(scenario.option_groups)
    explained = explain(scenario, params) if decides else None
    recommended = recommend(scenario, params) if decides else chosen
    content = layouts.content_box
    caption_height = int(Inches(0.4))
    picture_box = replace(content, height=content.height - caption_height)
    caption_box = Box(content.left, content.top + picture_box.height, content.width, caption_height)
    pictures = _Pictures(scenario, settings)
    try:
        for number in range(1, len(scenario.phases_for(chosen)) + 1):
            pictures.ask(chosen, number, picture_box)
        if decides:
            pictures.ask(recommended, None, _decision_boxes(content)[1])
        return _slides(
            prs,
            layouts,
            scenario,
            chosen,
            evaluation,
            explained,
            recommended,
            params,
            pictures,
            say,
            picture_box,
            caption_box,
        )
    finally:
        pictures.close()


def _slides(
    prs: Any,
    layouts: _Layouts,
    scenario: Scenario,
    chosen: Mapping[str, str],
    evaluation: Any,
    explained: Any,
    recommended: Mapping[str, str],
    params: Mapping[str, float] | None,
    pictures: _Pictures,
    say: Callable[[str], None],
    picture_box: Box,
    caption_box: Box,
) -> bytes:
    content = layouts.content_box
    decides = explained is not None

    # 1. The title slide.
    slide = prs.slides.add_slide(layouts.title)
    if layouts.own:
        band = Box(content.left, int(SLIDE_HEIGHT * 0.3), content.width, int(Inches(1.4)))
        shape = slide.shapes.add_textbox(band.left, band.top, band.width, band.height)
        shape.text_frame.word_wrap = True
        _paragraph(shape.text_frame.paragraphs[0], scenario.title, Pt(40), bold=True)
        lower = Box(content.left, band.top + band.height, content.width, int(Inches(1.6)))
        shape = slide.shapes.add_textbox(lower.left, lower.top, lower.width, lower.height)
        shape.text_frame.word_wrap = True
        _paragraph(shape.text_frame.paragraphs[0], scenario.summary, Pt(20), colour=MUTED)
        kind = "Troubleshooting guide" if scenario.kind == "troubleshooting" else "Design review"
        chapter_no = f" · scenario {scenario.number} of the chapter" if scenario.number else ""
        foot = slide.shapes.add_textbox(content.left, int(SLIDE_HEIGHT * 0.85), content.width, int(Inches(0.5)))
        _paragraph(foot.text_frame.paragraphs[0], f"{kind}{chapter_no} · Scenario Explorer", Pt(14), colour=MUTED)
        keep: set[int] = set()
    else:
        keep = _title(slide, scenario.title, layouts)
        subtitle = _placeholder(slide, (PP_PLACEHOLDER.SUBTITLE, *BODY_KINDS))
        if subtitle is not None:
            subtitle.text_frame.text = scenario.summary
            keep.add(subtitle.placeholder_format.idx)
        else:
            box = Box(content.left, content.top + content.height // 2, content.width, content.height // 3)
            _bullets(slide, box, [(scenario.summary, 0)], size=20)
    _clear_unused(slide, keep)
    _notes(slide, [scenario.situation, scenario.question])

    # 2. The situation and the requirements.
    slide = prs.slides.add_slide(layouts.title_only)
    keep = _title(slide, "The situation and the requirements", layouts)
    _clear_unused(slide, keep)
    items: list[tuple[str, int]] = []
    if scenario.situation:
        items.append((" ".join(scenario.situation.split()), 0))
    items += _requirement_lines(scenario, evaluation)
    if not items:
        items = [(scenario.summary, 0)]
    _bullets(slide, content, items)
    _notes(slide, [scenario.question])

    # 3. One slide per phase, on the one stable layout.
    phases = scenario.phases_for(chosen)
    for number, phase in enumerate(phases, start=1):
        say(f"phase {number} of {len(phases)}")
        slide = prs.slides.add_slide(layouts.title_only)
        duration = f" ({phase.duration})" if phase.duration else ""
        keep = _title(slide, f"Phase {number}: {phase.title}{duration}", layouts)
        _clear_unused(slide, keep)
        data, size = pictures.get(chosen, number, picture_box)
        _picture(slide, data, picture_box, size)
        _caption(
            slide,
            caption_box,
            f"Phase {number} of {len(phases)}: what it adds is highlighted; later phases are faded. {phase.summary}",
        )
        _notes(slide, [phase.summary, *(f"- {step}" for step in phase.steps)])

    # 4. Each decision: its options compared.
    if decides and explained is not None:
        reasons = {g.group: g for g in explained.groups}
        for group in scenario.option_groups:
            say(f"decision {group.label}")
            _decision_slide(prs, layouts, scenario, group.key, reasons[group.key], recommended, params, pictures)
            last = prs.slides[len(prs.slides) - 1]
            _notes(last, [explained.summary] if explained.summary else [])

    # 5. The cost breakdown.
    if scenario.cost_items or scenario.estimated_cost_items:
        slide = prs.slides.add_slide(layouts.title_only)
        keep = _title(slide, "Cost breakdown", layouts)
        _clear_unused(slide, keep)
        annual = scenario.has_annual_costs()
        header = ["Service", "Configuration", "Monthly"] + (["Annual"] if annual else [])
        rows = [header]
        for item in scenario.cost_items:
            row = [item.service, item.configuration, format_value("usd_month", item.monthly_usd)]
            rows.append(row + ([per_year(item.annual)] if annual else []))
        total = monthly_total(scenario)
        if total is not None:
            year = annual_total(scenario)
            rows.append(
                ["Total (the chapter's)", "", format_value("usd_month", total)]
                + ([per_year(year)] if annual and year is not None else [""] if annual else [])
            )
        for item in scenario.estimated_cost_items:
            row = [f"{item.service} (estimate, not in the chapter's total)", item.configuration]
            rows.append(row + [format_value("usd_month", item.monthly_usd)] + ([""] if annual else []))
        _table(slide, content, rows, widths=[1.4, 2.2, 0.9] + ([0.9] if annual else []))
        _notes(slide, [f"{item.service}: {item.basis}" for item in scenario.estimated_cost_items if item.basis])

    # 6. The tipping points.
    if decides and scenario.parameters:
        say("tipping points")
        points = tipping_points(scenario, params)
        slide = prs.slides.add_slide(layouts.title_only)
        keep = _title(slide, "Where the recommendation changes", layouts)
        _clear_unused(slide, keep)
        params_by_key = {p.key: p for p in scenario.parameters}
        if points:
            rows = [["What if", "At", "Below it", "From there up"]]
            for point in points:
                p = params_by_key[point.param]
                before = " + ".join(scenario.option(g, o).label for g, o in point.before.items())
                after = " + ".join(scenario.option(g, o).label for g, o in point.after.items())
                rows.append([p.label, shown(p, point.value), before, after])
            _table(slide, content, rows, widths=[2.0, 0.8, 1.6, 1.6])
        else:
            _bullets(
                slide,
                content,
                [("The recommendation stays the same over the whole range of every what-if.", 0)]
                + [(f"{p.label}: {shown(p, p.value)}", 1) for p in scenario.parameters],
            )

    # 7. Closing: the pitfalls.
    slide = prs.slides.add_slide(layouts.title_only)
    keep = _title(slide, "Pitfalls to avoid" if scenario.pitfalls else "Summary", layouts)
    _clear_unused(slide, keep)
    closing = [(" ".join(p.split()), 0) for p in scenario.pitfalls] or [(scenario.summary, 0)]
    _bullets(slide, content, closing)
    _notes(slide, [explained.summary] if explained and explained.summary else [])

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def write_deck(
    path: Path,
    scenario: Scenario,
    selection: Mapping[str, str] | None = None,
    params: Mapping[str, float] | None = None,
    settings: DeckSettings | None = None,
) -> None:
    """Build the deck and write it into ``path`` atomically."""
    from explorer.library.files import write_atomic

    write_atomic(path, build_deck(scenario, selection, params, settings))
