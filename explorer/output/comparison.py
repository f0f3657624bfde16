"""A comparison as it leaves the app: the table ``explorer compare`` prints (and its JSON)
and the side-by-side comparison sheet (PNG)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from explorer.domain.compare import Comparison
from explorer.domain.compose import describe_selection
from explorer.domain.tradeoffs import signed_value
from explorer.drawing.palette import DIFF_LEGEND
from explorer.library.files import write_atomic
from explorer.output.report import metric_json


def comparison_report(c: Comparison) -> dict[str, Any]:
    """What ``explorer compare --json`` prints."""
    s = c.scenario
    keys = list(dict.fromkeys([*c.left_eval.metrics, *c.right_eval.metrics]))
    metrics = []
    for key in keys:
        a, b = c.left_eval.metrics.get(key), c.right_eval.metrics.get(key)
        row: dict[str, Any] = {"key": key, "label": (a or b).label}  # type: ignore[union-attr]
        row["left"] = metric_json(a) if a else None
        row["right"] = metric_json(b) if b else None
        numbers = [
            m.value
            for m in (a, b)
            if m is not None and isinstance(m.value, (int, float)) and not isinstance(m.value, bool)
        ]
        if a and b and len(numbers) == 2:
            row["difference"] = numbers[1] - numbers[0]
            row["difference_display"] = signed_value(a.unit, numbers[1] - numbers[0])
        else:
            row["difference"] = None
        metrics.append(row)
    requirements = [
        {"key": ra.key, "text": ra.text, "left_met": ra.met, "right_met": rb.met}
        for ra, rb in zip(c.left_eval.requirements, c.right_eval.requirements, strict=True)
    ]
    return {
        "id": s.id,
        "title": s.title,
        "left": {"selection": c.left_eval.selection, "meets_all": c.left_eval.meets_all},
        "right": {"selection": c.right_eval.selection, "meets_all": c.right_eval.meets_all},
        "phase": c.left.phase,
        "metrics": metrics,
        "requirements": requirements,
        "diagram": {
            "added": list(c.added),
            "removed": list(c.removed),
            "changed": list(c.changed),
            **_node_names(c),
        },
    }


def _node_names(c: Comparison) -> dict[str, dict[str, str]]:
    """The diagram's changes by name: ``labels`` (each added, removed or changed node's
    label, as B draws it, or A for a removed one) and ``was`` (a changed node's label in A),
    each on one line."""
    a = {n.id: " ".join(n.label.split()) for n in c.left.nodes}
    b = {n.id: " ".join(n.label.split()) for n in c.right.nodes}
    labels = {i: b[i] for i in (*c.added, *c.changed)} | {i: a[i] for i in c.removed}
    return {"labels": labels, "was": {i: a[i] for i in c.changed}}


_MARKS = {True: "met", False: "NOT MET", None: "n/a"}


def format_comparison(report: dict[str, Any]) -> str:
    """The human-readable form of ``comparison_report`` for the terminal."""
    lines = [f"{report['title']}: A = {report['left']['selection']}  B = {report['right']['selection']}"]
    for row in report["metrics"]:
        a = row["left"]["display"] if row["left"] else "n/a"
        b = row["right"]["display"] if row["right"] else "n/a"
        lines.append(f"  {row['label']:<26} A {a:<30} B {b:<30} {row.get('difference_display') or ''}")
    for req in report["requirements"]:
        lines.append(f"  [{_MARKS[req['left_met']]:>7} | {_MARKS[req['right_met']]:<7}] {req['text']}")
    diff = report["diagram"]
    lines.append(
        f"  B adds {len(diff['added'])}, removes {len(diff['removed'])}, changes {len(diff['changed'])} components"
    )
    return "\n".join(lines)


def comparison_png(c: Comparison, settings) -> bytes:
    """Both diagrams side by side in one PNG, with headings and the colour legend.

    The export settings apply: pixel size (fitted and centred; the sheet is drawn at
    the resolution that fills it), transparency, title, caption (each side's options)
    and legend.
    """
    from explorer.output.export import fitted_canvas

    if settings.width or settings.height:
        natural = _sheet(c, settings, 96)
        factor = min(
            f
            for f in ((settings.width or 0) / natural.width or None, (settings.height or 0) / natural.height or None)
            if f
        )
        sheet = _sheet(c, settings, 96 * factor * 0.995)
    else:
        sheet = _sheet(c, settings, settings.dpi or 96)
    return fitted_canvas(sheet, settings.width, settings.height, settings.transparent)


def write_comparison_png(path: Path, c: Comparison, settings) -> None:
    """The comparison sheet (``comparison_png``) into the file ``path``, atomically."""
    write_atomic(path, comparison_png(c, settings))


def _sheet(c: Comparison, settings, dpi: float):
    from PIL import Image, ImageDraw

    from explorer.drawing.render import Decorations, build_diagram, plan_view, run_dot

    images = []
    for view in (c.left, c.right):
        dot = build_diagram(plan_view(view, Decorations(transparent=settings.transparent))).dot.source
        with Image.open(io.BytesIO(run_dot(dot, fmt="png", dpi=dpi))) as drawn:
            images.append(drawn.convert("RGBA"))
    scale = max(dpi / 96, 1.0)  # headings stay readable when the drawings are shrunk to fit
    font_big, font, font_small = _font(round(26 * scale)), _font(round(18 * scale)), _font(round(15 * scale))
    gap, margin = round(36 * scale), round(16 * scale)
    heading = round(30 * scale)
    top = margin + (round(36 * scale) if settings.title else 0)
    legend_height = round(28 * scale) if settings.legend else 0
    width = images[0].width + images[1].width + gap + 2 * margin
    height = top + heading + max(i.height for i in images) + legend_height + margin
    sheet = Image.new("RGBA", (width, height), (255, 255, 255, 0 if settings.transparent else 255))
    draw = ImageDraw.Draw(sheet)
    ink = (35, 47, 62, 255)
    if settings.title:
        draw.text((margin, margin), f"{c.scenario.title}: A compared with B", font=font_big, fill=ink)
    x = margin
    for letter, view, image in (("A", c.left, images[0]), ("B", c.right, images[1])):
        label = (
            f"{letter}: {describe_selection(c.scenario, view.selection, groups=False) or 'default'}"
            if settings.caption
            else letter
        )
        draw.text((x, top), label, font=font, fill=ink)
        sheet.alpha_composite(image, (x, top + heading))
        x += image.width + gap
    divider = margin + images[0].width + gap // 2
    draw.line(
        [(divider, top), (divider, height - margin - legend_height)],
        fill=(200, 205, 210, 255),
        width=max(1, round(scale)),
    )
    if settings.legend:
        lx, ly = margin, height - margin - legend_height + round(6 * scale)
        for colour, meaning in DIFF_LEGEND:
            box = round(14 * scale)
            draw.rectangle([lx, ly, lx + box, ly + box], fill=colour)
            draw.text((lx + box + round(6 * scale), ly - round(2 * scale)), meaning, font=font_small, fill=ink)
            lx += box + round(18 * scale) + round(draw.textlength(meaning, font=font_small))
    return sheet


def _font(size: int):
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "Arial.ttf", "Helvetica.ttc"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)
