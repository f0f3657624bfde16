"""One self-contained HTML page of a scenario: its diagram, decisions and phases, live.

The engine stays in Python. Every view the page can show is computed here: for each
selection the page offers (every combination of options the rules allow, or, past
``MAX_SELECTIONS``, the recommendation and each single-option variation of it) and each
phase, which nodes, edges and clusters are shown and in which state, the trade-off
table, the requirement checks and where each option button leads. That is embedded as
JSON in a ``<script type="application/json">`` block. The diagram is drawn once, as
inline SVG placed from the scenario's stable layout (``compute_layout``), so a toggle
only changes classes and every node stays where it is. A small fixed script (the same
for every page) reads the JSON and applies a view; it writes text with ``textContent``
only.

The page loads nothing: icons are embedded once each (an SVG ``<symbol>`` holding a
data-URI image, drawn with ``<use>``), and a Content-Security-Policy allows no source
but data: images, the page's own style block and its own script, by their hashes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image

from explorer.domain.compose import compose, describe_selection
from explorer.domain.constraints import allowed, blocked_options, follow
from explorer.domain.model import Scenario
from explorer.domain.node_info import node_details
from explorer.domain.tradeoffs import complete_selection, evaluate, format_value, recommend
from explorer.drawing.icons import ICON_SIZE_IN, ICON_TOP_GAP_IN
from explorer.drawing.layout import Layout, NodeBox, TextLine, compute_layout, image_rect, scene_inputs, union_view
from explorer.drawing.palette import AMBER_TEXT, GREEN_TEXT, GREY, RED_TEXT, THEMES, Theme
from explorer.drawing.render import LABEL_WIDTH
from explorer.output.report import annual_total, monthly_total, monthly_total_with_estimates, per_year
from explorer.output.settings import ExportSettings
from explorer.output.views import recommended_base, variants

#: The most selections a page precomputes; past it, the recommendation and each
#: single-option variation of it (``explorer.output.views.variants``).
MAX_SELECTIONS = 256
#: Icons are embedded at this many pixels a side (about twice the size they are drawn).
ICON_PX = 160
#: How a state is written in the JSON, one character per node or edge ("-": not shown).
STATE_CODES = {"built": "b", "new": "n", "future": "f", "changed": "c"}
LINE_SPACING = 1.2
#: The diagram is never drawn smaller than this (labels of 14 pt stay above 11 px);
#: a wider one scrolls, unless the reader asks to see it whole.
MIN_SCALE = 0.8

# Characters HTML cannot carry (C0 controls but TAB, LF and CR; DEL and C1; lone
# surrogates; noncharacters): shown as U+FFFD instead.
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def clean(text: str) -> str:
    return _UNUSABLE.sub("\ufffd", text)


def esc(text: str) -> str:
    """Text for HTML or SVG markup, as text or inside a quoted attribute."""
    return html.escape(clean(str(text)), quote=True)


def _cleaned(data: Any) -> Any:
    if isinstance(data, str):
        return clean(data)
    if isinstance(data, list):
        return [_cleaned(v) for v in data]
    if isinstance(data, dict):
        return {clean(str(k)): _cleaned(v) for k, v in data.items()}
    return data


def json_for_script(data: Any) -> str:
    """JSON that cannot end or confuse the ``<script>`` block holding it: every ``<``,
    ``>`` and ``&`` is a ``\\u`` escape (so no ``</script>`` and no ``<!--``), and so are
    the line and paragraph separators."""
    text = json.dumps(_cleaned(data), ensure_ascii=False, separators=(",", ":"))
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# --- the selections and views the page offers ---------------------------------------------


def page_selections(scenario: Scenario, extra: Mapping[str, str] | None = None) -> tuple[list[dict[str, str]], bool]:
    """The complete selections the page precomputes, and whether that is capped (only the
    recommendation and its single-option variations). ``extra`` is added if missing."""
    groups = scenario.option_groups
    found: list[dict[str, str]] = []
    capped = math.prod(len(g.options) for g in groups) > MAX_SELECTIONS
    if not groups:
        found = [{}]
    elif not capped:
        keys = [g.key for g in groups]
        for combo in itertools.product(*[[o.key for o in g.options] for g in groups]):
            selection = dict(zip(keys, combo, strict=True))
            if allowed(scenario, selection):
                found.append(selection)
    else:
        for _, selection in variants(scenario, recommended_base(scenario)):
            if selection not in found:
                found.append(selection)
    if extra is not None:
        wanted = complete_selection(scenario, extra)
        if wanted not in found:
            found.append(wanted)
    return found, capped


def selection_key(scenario: Scenario, selection: Mapping[str, str]) -> str:
    return "|".join(f"{g.key}={selection[g.key]}" for g in scenario.option_groups)


def _wrapped(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, LABEL_WIDTH, break_long_words=True) or [""]
    return lines


@dataclass(frozen=True)
class _Order:
    nodes: list[str]
    edges: list[str]
    clusters: list[str]


def page_state(
    scenario: Scenario,
    layout: Layout,
    order: _Order,
    selection: Mapping[str, str] | None,
    phase: int | None,
) -> dict[str, Any]:
    """Everything the page's script shows, computed by the engine (see the module docstring)."""
    start_selection = complete_selection(scenario, selection)
    selections, capped = page_selections(scenario, start_selection)
    index = {selection_key(scenario, s): i for i, s in enumerate(selections)}
    decides = scenario.kind == "scenario" and bool(scenario.option_groups)
    recommendation = recommend(scenario) if decides else {}
    preferred = recommendation or complete_selection(scenario)
    default_labels = {n.id: n.label for n in union_view(scenario).nodes}
    # What many selections share (their phases, a trade-off row, a requirement check) is
    # written once, in ``shared``, and named by its index.
    shared: list[Any] = []
    seen: dict[str, int] = {}

    def intern(value: Any) -> int:
        key = json.dumps(value, sort_keys=True)
        if key not in seen:
            seen[key] = len(shared)
            shared.append(value)
        return seen[key]

    entries = []
    for selection_ in selections:
        phases = scenario.phases_for(selection_)
        views = []
        labels: dict[str, list[str]] = {}
        for at in [None, *range(1, len(phases) + 1)]:
            view = compose(scenario, selection_, at)
            states = {n.id: STATE_CODES[n.state] for n in view.nodes}
            edge_states = {e.key: STATE_CODES[e.state] for e in view.edges}
            shown = {c.id for c in view.clusters}
            views.append(
                {
                    "n": "".join(states.get(k, "-") for k in order.nodes),
                    "e": "".join(edge_states.get(k, "-") for k in order.edges),
                    "c": "".join("1" if k in shown else "0" for k in order.clusters),
                }
            )
            if at is None:
                for n in view.nodes:
                    if n.label != default_labels.get(n.id) and n.id in order.nodes:
                        labels[str(order.nodes.index(n.id))] = _wrapped(n.label)
        evaluation = evaluate(scenario, selection_)
        blocked = blocked_options(scenario, selection_, preferred) if scenario.option_groups else {}
        go: list[list[int]] = []
        why: dict[str, str] = {}
        for gi, group in enumerate(scenario.option_groups):
            row = []
            for oi, option in enumerate(group.options):
                target = -1
                if (group.key, option.key) in blocked:
                    why[f"{gi}.{oi}"] = blocked[(group.key, option.key)]
                else:
                    chosen = follow(scenario, selection_, group.key, option.key, preferred)
                    target = index.get(selection_key(scenario, chosen), -1)
                    if target < 0:
                        why[f"{gi}.{oi}"] = (
                            "not in this page: it holds only the recommendation and each one-option change of it"
                        )
                row.append(target)
            go.append(row)
        entries.append(
            {
                "key": selection_key(scenario, selection_),
                "label": describe_selection(scenario, selection_),
                "sel": [
                    next(i for i, o in enumerate(g.options) if o.key == selection_[g.key])
                    for g in scenario.option_groups
                ],
                "phases": intern([{"title": p.title, "duration": p.duration, "summary": p.summary} for p in phases]),
                "views": views,
                "labels": labels,
                "metrics": [intern([m.label, m.display()]) for m in evaluation.metrics.values()],
                "reqs": [intern([r.text, r.status, r.detail]) for r in evaluation.requirements],
                "go": go,
                "why": why,
            }
        )
    start = index[selection_key(scenario, start_selection)]
    return {
        "scenario": scenario.id,
        "word": "Check" if scenario.kind == "troubleshooting" else "Phase",
        "groups": [
            {
                "label": g.label,
                "options": [
                    {"label": o.label, "rec": recommendation.get(g.key) == o.key, "summary": o.summary}
                    for o in g.options
                ],
            }
            for g in scenario.option_groups
        ],
        "selections": entries,
        "shared": shared,
        "start": start,
        "phase": phase or 0,
        "recommended": index.get(selection_key(scenario, recommendation), -1) if recommendation else -1,
        "recommendation": describe_selection(scenario, recommendation) if recommendation else "",
        "capped": capped,
    }


# --- the diagram, drawn once ----------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(
    line: TextLine, cls: str, bold: bool = False, centre: float | None = None, baseline: float | None = None
) -> str:
    anchor = {"l": "start", "r": "end"}.get(line.align, "middle")
    x = line.x
    if centre is not None:
        anchor, x = "middle", centre
    weight = ' font-weight="bold"' if bold or line.bold else ""
    y = line.baseline if baseline is None else baseline
    return (
        f'<text class="{cls}" x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" '
        f'font-size="{_num(line.size)}"{weight}>{esc(line.text)}</text>'
    )


def _icon_png(path: str) -> tuple[bytes, float]:
    """The icon's own square (without the padding the exports add), ``ICON_PX`` a side,
    as PNG bytes; and where that square sits in the padded file, as a fraction: the
    padded file's height over the square's side."""
    with Image.open(path) as padded:
        image = padded.convert("RGBA")
    side = round(image.height * ICON_SIZE_IN / (ICON_SIZE_IN + ICON_TOP_GAP_IN))
    left = (image.width - side) // 2
    square = image.crop((left, image.height - side, left + side, image.height))
    square = square.resize((ICON_PX, ICON_PX), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # AWS icons are flat colours: a palette of 256 keeps them exact at a quarter of the size.
    square.quantize(256, method=Image.Quantize.FASTOCTREE).save(out, format="PNG", optimize=True)
    return out.getvalue(), image.width / image.height


@dataclass(frozen=True)
class _Icons:
    defs: str
    of_node: dict[str, tuple[str, float]]  # node id -> (symbol id, padded file's aspect)


def _icons(scenario: Scenario) -> _Icons:
    paths, _ = scene_inputs(scenario)
    symbols: dict[bytes, str] = {}
    defs: list[str] = []
    of_node: dict[str, tuple[str, float]] = {}
    cache: dict[str, tuple[bytes, float]] = {}
    for node_id, path in paths.items():
        if path not in cache:
            cache[path] = _icon_png(path)
        data, aspect = cache[path]
        if data not in symbols:
            symbols[data] = f"icon{len(symbols)}"
            uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
            defs.append(
                f'<symbol id="{symbols[data]}" viewBox="0 0 {ICON_PX} {ICON_PX}">'
                f'<image width="{ICON_PX}" height="{ICON_PX}" href="{uri}"/></symbol>'
            )
        of_node[node_id] = (symbols[data], aspect)
    return _Icons("".join(defs), of_node)


def _node_svg(index: int, box: NodeBox, icon: tuple[str, float] | None, lines: int, tip: str, theme: Theme) -> str:
    r = box.box
    parts = [f'<g class="node" data-i="{index}" data-id="{esc(box.id)}"><title>{esc(tip)}</title>']
    parts.append(
        f'<rect class="fr" x="{_num(r.x + 2)}" y="{_num(r.y + 2)}" width="{_num(r.width - 4)}" '
        f'height="{_num(r.height - 4)}" rx="5"/>'
    )
    if icon is not None:
        symbol, aspect = icon
        target = image_rect(box, aspect)
        scale = target.width / aspect  # the padded file's height, in points
        side = scale * ICON_SIZE_IN / (ICON_SIZE_IN + ICON_TOP_GAP_IN)
        x, y = target.x + (target.width - side) / 2, target.y + target.height - side
        if theme.plate:
            parts.append(
                f'<rect x="{_num(x - 4)}" y="{_num(y - 4)}" width="{_num(side + 8)}" height="{_num(side + 8)}" '
                f'rx="6" fill="{theme.plate}"/>'
            )
        parts.append(f'<use href="#{symbol}" x="{_num(x)}" y="{_num(y)}" width="{_num(side)}" height="{_num(side)}"/>')
    centre = r.x + r.width / 2
    first = box.label[0] if box.label else TextLine(centre, r.bottom - 6, "c", 0.0, 14.0, "")
    for i in range(lines):
        line = box.label[i] if i < len(box.label) else TextLine(centre, 0, "c", 0.0, first.size, "")
        baseline = line.baseline if i < len(box.label) else first.baseline + i * first.size * LINE_SPACING
        parts.append(_text(line, "l", centre=centre, baseline=baseline))
    parts.append("</g>")
    return "".join(parts)


def _spline(points: Sequence[tuple[float, float]]) -> str:
    if not points:
        return ""
    d = [f"M{_num(points[0][0])},{_num(points[0][1])}"]
    for i in range(1, len(points) - 2, 3):
        a, b, c = points[i], points[i + 1], points[i + 2]
        d.append(f"C{_num(a[0])},{_num(a[1])} {_num(b[0])},{_num(b[1])} {_num(c[0])},{_num(c[1])}")
    return " ".join(d)


DASHES = {"dashed": "7 4", "dotted": "2 3"}


def diagram_svg(scenario: Scenario, layout: Layout, order: _Order, theme: Theme, label_lines: Mapping[str, int]) -> str:
    """The whole layout as inline SVG, every element hidden until the script shows a view."""
    icons = _icons(scenario)
    union = union_view(scenario)
    _, kinds = scene_inputs(scenario)
    edges = {e.key: e for e in union.edges}
    pad = 12
    parts = [
        f'<svg id="diagram" role="img" aria-label="{esc(scenario.title)}" '
        f'viewBox="{-pad} {-pad} {_num(layout.width + 2 * pad)} {_num(layout.height + 2 * pad)}" '
        f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif">',
        f"<defs>{icons.defs}</defs>",
    ]
    clusters = sorted(enumerate(order.clusters), key=lambda item: kinds.get(item[1], ("generic", 0))[1])
    for i, cluster_id in clusters:
        box = layout.clusters[cluster_id]
        kind, _depth = kinds.get(cluster_id, ("generic", 0))
        style = theme.clusters.get(kind, theme.clusters["generic"])
        dash = ' stroke-dasharray="6 4"' if "dashed" in style["style"] else ""
        colour = style.get("fontcolor", style["pencolor"])
        r = box.box
        parts.append(
            f'<g class="cl" data-i="{i}"><rect x="{_num(r.x)}" y="{_num(r.y)}" width="{_num(r.width)}" '
            f'height="{_num(r.height)}" rx="6" fill="{style["bgcolor"]}" stroke="{style["pencolor"]}" '
            f'stroke-width="1.6"{dash}/>'
            + "".join(_text(t, "t", bold=True).replace("<text ", f'<text fill="{colour}" ', 1) for t in box.title)
            + "</g>"
        )
    for i, key in enumerate(order.edges):
        path = layout.edges[key]
        edge = edges.get(key)
        colour = (edge.color if edge and edge.color else None) or theme.edge
        line_style = edge.style if edge else "solid"
        dash = f' stroke-dasharray="{DASHES[line_style]}"' if line_style in DASHES else ""
        width = "2.2" if line_style == "bold" else "1.2"
        heads = "".join(
            f'<polygon class="h" points="{" ".join(f"{_num(x)},{_num(y)}" for x, y in poly)}" fill="{colour}" '
            f'stroke="{colour}"/>'
            for poly in (path.head, path.tail)
            if poly
        )
        labels = "".join(_text(t, "el") for t in path.label)
        parts.append(
            f'<g class="edge" data-i="{i}" data-key="{esc(key)}"><path d="{_spline(path.points)}" fill="none" '
            f'stroke="{colour}" stroke-width="{width}"{dash}/>{heads}{labels}</g>'
        )
    tips = {}
    for node_id in order.nodes:
        details = node_details(scenario, node_id)
        tips[node_id] = "\n".join(p for p in (details.label, details.service, details.note) if p)
    for i, node_id in enumerate(order.nodes):
        node_box = layout.nodes[node_id]
        lines = max(len(node_box.label), label_lines.get(node_id, 0), 1)
        parts.append(_node_svg(i, node_box, icons.of_node.get(node_id), lines, tips[node_id], theme))
    parts.append("</svg>")
    return "".join(parts)


# --- the page -----------------------------------------------------------------------------------

SCRIPT = r"""
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('explorer-state').textContent);
  var NAMES = {b: 'built', n: 'new', f: 'future', c: 'changed'};
  var svg = document.getElementById('diagram');
  var nodes = svg.querySelectorAll('g.node');
  var edges = svg.querySelectorAll('g.edge');
  var clusters = {};
  svg.querySelectorAll('g.cl').forEach(function (g) { clusters[g.getAttribute('data-i')] = g; });
  var original = [];
  nodes.forEach(function (g) {
    var texts = [];
    g.querySelectorAll('text.l').forEach(function (t) { texts.push(t.textContent); });
    original.push(texts);
  });
  var current = data.start;
  var phase = data.phase;

  function make(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function paint(list, codes, base) {
    for (var i = 0; i < list.length; i++) {
      var c = codes.charAt(i);
      list[i].setAttribute('class', base + (c === '-' || c === '' ? ' off' : ' s-' + NAMES[c]));
    }
  }

  var groupsBox = document.getElementById('groups');
  var buttons = [];
  data.groups.forEach(function (group, gi) {
    var row = make('div', 'group');
    row.appendChild(make('span', 'glabel', group.label));
    var list = [];
    group.options.forEach(function (option, oi) {
      var b = make('button', 'opt' + (option.rec ? ' rec' : ''), option.label);
      b.type = 'button';
      b.setAttribute('data-group', String(gi));
      b.setAttribute('data-option', String(oi));
      b.addEventListener('click', function () {
        var target = data.selections[current].go[gi][oi];
        if (target >= 0) { current = target; show(); }
      });
      row.appendChild(b);
      list.push(b);
    });
    buttons.push(list);
    groupsBox.appendChild(row);
  });
  var recButton = document.getElementById('to-recommended');
  if (recButton) {
    recButton.addEventListener('click', function () {
      if (data.recommended >= 0) { current = data.recommended; show(); }
    });
  }
  var fit = document.getElementById('fit');
  var figure = document.getElementById('figure');
  function setWhole(whole) {
    figure.classList.toggle('whole', whole);
    fit.textContent = whole ? 'Readable size' : 'Show it whole';
    if (!whole) {
      figure.scrollLeft = (figure.scrollWidth - figure.clientWidth) / 2;
      figure.scrollTop = (figure.scrollHeight - figure.clientHeight) / 2;
    }
  }
  fit.addEventListener('click', function () { setWhole(!figure.classList.contains('whole')); });
  // Whole when it fits at a readable size (about 0.6 or more), else readable and scrolled to its middle.
  var box = svg.viewBox.baseVal;
  setWhole(box && box.width ? figure.clientWidth / box.width >= 0.6 : true);

  function show() {
    var s = data.selections[current];
    var phases = data.shared[s.phases];
    if (phase > phases.length) { phase = 0; }
    var v = s.views[phase];
    paint(nodes, v.n, 'node');
    paint(edges, v.e, 'edge');
    for (var k = 0; k < v.c.length; k++) {
      var g = clusters[String(k)];
      if (g) { g.setAttribute('class', v.c.charAt(k) === '1' ? 'cl' : 'cl off'); }
    }
    nodes.forEach(function (g, i) {
      var lines = s.labels[String(i)] || original[i];
      g.querySelectorAll('text.l').forEach(function (t, j) { t.textContent = lines[j] || ''; });
    });
    buttons.forEach(function (list, gi) {
      list.forEach(function (b, oi) {
        var on = s.sel[gi] === oi;
        var why = s.why[gi + '.' + oi];
        b.setAttribute('aria-pressed', on ? 'true' : 'false');
        b.classList.toggle('on', on);
        b.disabled = !on && s.go[gi][oi] < 0;
        var summary = data.groups[gi].options[oi].summary;
        b.title = (why ? 'Not possible: ' + why : summary) + (data.groups[gi].options[oi].rec ? ' (recommended)' : '');
      });
    });
    var stepper = document.getElementById('phases');
    clear(stepper);
    var whole = make('button', 'ph' + (phase === 0 ? ' on' : ''), data.word === 'Check' ? 'The whole path' : 'Complete design');
    whole.type = 'button';
    whole.setAttribute('data-phase', '0');
    whole.setAttribute('aria-pressed', phase === 0 ? 'true' : 'false');
    whole.addEventListener('click', function () { phase = 0; show(); });
    stepper.appendChild(whole);
    phases.forEach(function (p, i) {
      var b = make('button', 'ph' + (phase === i + 1 ? ' on' : ''), (i + 1) + '. ' + p.title);
      b.type = 'button';
      b.title = p.duration ? p.duration : '';
      b.setAttribute('data-phase', String(i + 1));
      b.setAttribute('aria-pressed', phase === i + 1 ? 'true' : 'false');
      b.addEventListener('click', function () { phase = i + 1; show(); });
      stepper.appendChild(b);
    });
    var about = document.getElementById('phase-about');
    clear(about);
    if (phase > 0) {
      var p = phases[phase - 1];
      about.appendChild(make('strong', '', data.word + ' ' + phase + ' of ' + phases.length + ': ' + p.title));
      if (p.duration) { about.appendChild(make('span', 'dur', ' (' + p.duration + ')')); }
      if (p.summary) { about.appendChild(make('p', '', p.summary)); }
    } else {
      about.appendChild(make('strong', '', data.word === 'Check' ? 'The whole path' : 'The complete design'));
    }
    document.getElementById('selection').textContent = s.label;
    var recNote = document.getElementById('is-recommended');
    if (recNote) {
      recNote.textContent = current === data.recommended ? 'This is the recommendation.' : 'This is not the recommendation.';
      recNote.className = current === data.recommended ? 'yes' : 'no';
    }
    var metrics = document.getElementById('metrics');
    clear(metrics);
    s.metrics.forEach(function (i) {
      var m = data.shared[i];
      var tr = make('tr');
      tr.appendChild(make('th', '', m[0]));
      tr.appendChild(make('td', '', m[1]));
      metrics.appendChild(tr);
    });
    var reqs = document.getElementById('reqs');
    clear(reqs);
    s.reqs.forEach(function (i) {
      var r = data.shared[i];
      var li = make('li', 'req st-' + r[1].replace(' ', '-'));
      li.appendChild(make('span', 'badge', r[1]));
      li.appendChild(make('span', 'rtext', r[0]));
      if (r[2]) { li.appendChild(make('span', 'detail', r[2])); }
      reqs.appendChild(li);
    });
    document.body.setAttribute('data-selection', s.key);
    document.body.setAttribute('data-phase', String(phase));
  }
  show();
}());
""".strip()


def _css(theme: Theme, layout: Layout) -> str:
    new_line, new_fill = theme.states["new"]
    changed_line, changed_fill = theme.states["changed"]
    dark = theme.name == "dark"
    panel = "#242a31" if dark else "#F6F8FA"
    border = "#3D444C" if dark else "#D8DEE4"
    muted = "#AEB5BC" if dark else "#55606B"
    accent = theme.hover
    return f"""
:root{{color-scheme:{"dark" if dark else "light"}}}
body{{margin:0;font:15px/1.45 "DejaVu Sans",Helvetica,Arial,sans-serif;background:{theme.background};color:{theme.text}}}
header,main{{max-width:1600px;margin:0 auto;padding:0 20px}}
header h1{{font-size:24px;margin:18px 0 4px}}
header p{{margin:0 0 10px;color:{muted};max-width:110ch}}
.controls{{background:{panel};border:1px solid {border};border-radius:8px;padding:10px 14px;margin:8px 0}}
.group,.phases{{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:4px 0}}
.glabel{{font-weight:bold;min-width:12em}}
button{{font:inherit;font-size:14px;padding:5px 11px;border:1px solid {border};border-radius:6px;background:{theme.background};color:{theme.text};cursor:pointer}}
button:hover:not(:disabled){{border-color:{accent}}}
button.on{{background:{accent};border-color:{accent};color:#FFFFFF}}
button:disabled{{opacity:.45;cursor:not-allowed;border-style:dashed}}
button.rec::after{{content:" \\2605";color:{AMBER_TEXT if not dark else "#F0A030"}}}
button.on.rec::after{{color:#FFFFFF}}
.controls h2{{font-size:16px;margin:6px 0 4px}}
.controls p{{margin:6px 0}}
#phase-about{{margin:8px 0 0}}
#phase-about p{{margin:2px 0 0;color:{muted};max-width:110ch}}
.dur{{color:{muted}}}
.figure{{border:1px solid {border};border-radius:8px;overflow:auto;max-height:80vh;background:{theme.background};position:relative}}
.figure svg{{display:block;width:100%;height:auto;min-width:{_num((layout.width + 24) * MIN_SCALE)}px}}
.figure.whole svg{{min-width:0;max-height:78vh}}
.figure-bar{{display:flex;justify-content:space-between;align-items:center;margin:10px 0 4px;gap:10px}}
.legend span{{margin-right:14px;font-size:13px;color:{muted}}}
.legend i{{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:4px;vertical-align:-1px}}
.legend .k-new{{background:{new_fill};border:2px solid {new_line}}}
.legend .k-changed{{background:{changed_fill};border:2px solid {changed_line}}}
.legend .k-future{{background:{theme.faded_line}}}
.panels{{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:16px;margin:16px 0 30px}}
section{{background:{panel};border:1px solid {border};border-radius:8px;padding:10px 16px}}
section h2{{font-size:17px;margin:4px 0 10px}}
table{{border-collapse:collapse;width:100%;font-size:14px}}
th,td{{text-align:left;padding:5px 8px;border-bottom:1px solid {border};vertical-align:top}}
td.num,th.num{{text-align:right;white-space:nowrap}}
tr.total td{{font-weight:bold}}
ul.reqs{{list-style:none;margin:0;padding:0}}
li.req{{padding:6px 0;border-bottom:1px solid {border}}}
li.req .badge{{display:inline-block;min-width:6.5em;font-size:12px;font-weight:bold;text-transform:uppercase;margin-right:8px}}
li.req .detail{{display:block;color:{muted};font-size:13px;margin-left:calc(6.5em + 12px)}}
.st-met .badge{{color:{GREEN_TEXT if not dark else "#4CC47A"}}}
.st-at-risk .badge{{color:{AMBER_TEXT if not dark else "#F0A030"}}}
.st-not-met .badge{{color:{RED_TEXT if not dark else "#F06262"}}}
.st-unjudged .badge{{color:{GREY if not dark else "#9AA5B1"}}}
#is-recommended.yes{{color:{GREEN_TEXT if not dark else "#4CC47A"}}}
#is-recommended.no{{color:{muted}}}
.note{{color:{muted};font-size:13px}}
.off{{display:none}}
.node .l{{fill:{theme.text}}}
.node .fr{{display:none}}
.node.s-new .fr{{display:inline;fill:{new_fill};stroke:{new_line};stroke-width:2.5}}
.node.s-changed .fr{{display:inline;fill:{changed_fill};stroke:{changed_line};stroke-width:2.5}}
.node.s-future{{opacity:{theme.faded_opacity}}}
.node:hover .fr{{display:inline;fill:none;stroke:{accent};stroke-width:2;stroke-dasharray:5 3}}
.edge .el{{fill:{theme.edge_label}}}
.edge.s-new path,.edge.s-new .h{{stroke:{new_line};stroke-width:2.5}}
.edge.s-new .h{{fill:{new_line};stroke-width:1}}
.edge.s-changed path{{stroke:{changed_line};stroke-width:2.5}}
.edge.s-changed .h{{fill:{changed_line};stroke:{changed_line};stroke-width:1}}
.edge.s-future path{{stroke:{theme.faded_line}}}
.edge.s-future .h{{fill:{theme.faded_line};stroke:{theme.faded_line}}}
.edge.s-future .el{{fill:{theme.faded_text}}}
""".strip()


def _cost_section(scenario: Scenario) -> str:
    if not scenario.cost_items and not scenario.estimated_cost_items:
        return (
            "<section id=costs><h2>Cost</h2><p class=note>The chapter gives no cost table for this scenario; "
            "the trade-offs give what it says of the selection's cost.</p></section>"
        )
    annual = scenario.has_annual_costs()
    rows = []
    head = "<tr><th>Service</th><th>Configuration</th><th class=num>Monthly</th>"
    head += "<th class=num>Annual</th></tr>" if annual else "</tr>"
    for item in scenario.cost_items:
        year = f"<td class=num>{esc(per_year(item.annual))}</td>" if annual else ""
        rows.append(
            f"<tr><td>{esc(item.service)}</td><td>{esc(item.configuration)}</td>"
            f"<td class=num>{esc(format_value('usd_month', item.monthly_usd))}</td>{year}</tr>"
        )
    total = monthly_total(scenario)
    if total is not None and scenario.cost_items:
        year_total = annual_total(scenario)
        year = f"<td class=num>{esc(per_year(year_total))}</td>" if annual and year_total is not None else ""
        rows.append(
            f"<tr class=total><td>Total</td><td></td><td class=num>{esc(format_value('usd_month', total))}</td>{year}</tr>"
        )
    parts = ["<section id=costs><h2>Cost (the chapter's table)</h2>"]
    if rows:
        parts.append(f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")
    if scenario.estimated_cost_items:
        extra = "".join(
            f"<tr><td>{esc(c.service)}</td><td>{esc(c.configuration)}<div class=note>{esc(c.basis)}</div></td>"
            f"<td class=num>{esc(format_value('usd_month', c.monthly_usd))}</td></tr>"
            for c in scenario.estimated_cost_items
        )
        with_estimates = monthly_total_with_estimates(scenario)
        total_row = (
            f"<tr class=total><td>Total with the estimates</td><td></td>"
            f"<td class=num>{esc(format_value('usd_month', with_estimates))}</td></tr>"
            if with_estimates is not None
            else ""
        )
        parts.append(
            "<h2>Not in the chapter's table (our estimates, not in its total)</h2>"
            "<table><thead><tr><th>Service</th><th>Configuration</th><th class=num>Monthly</th></tr></thead>"
            f"<tbody>{extra}{total_row}</tbody></table>"
        )
    parts.append("</section>")
    return "".join(parts)


def html_page(
    scenario: Scenario,
    selection: Mapping[str, str] | None = None,
    phase: int | None = None,
    settings: ExportSettings | None = None,
) -> str:
    """The page (see the module docstring), opening on ``selection`` at ``phase``."""
    theme = THEMES[(settings or ExportSettings()).theme]
    layout = compute_layout(scenario)
    order = _Order(list(layout.nodes), list(layout.edges), list(layout.clusters))
    state = page_state(scenario, layout, order, selection, phase)
    label_lines: dict[str, int] = {}
    for entry in state["selections"]:
        for index, lines in entry["labels"].items():
            node_id = order.nodes[int(index)]
            label_lines[node_id] = max(label_lines.get(node_id, 0), len(lines))
    svg = diagram_svg(scenario, layout, order, theme, label_lines)
    css = _css(theme, layout)
    csp = (
        f"default-src 'none'; img-src data:; style-src '{csp_hash(css)}'; script-src '{csp_hash(SCRIPT)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    decides = bool(scenario.option_groups)
    cases = "Cases" if scenario.kind == "troubleshooting" else "Decisions"
    recommendation = ""
    if state["recommendation"]:
        recommendation = (
            f"<p><strong>Recommended:</strong> {esc(state['recommendation'])} "
            "<button type=button id=to-recommended>Show the recommendation</button></p>"
        )
    capped = (
        "<p class=note>This scenario has too many combinations to hold them all: the page offers the "
        "recommendation and each single-option change of it.</p>"
        if state["capped"]
        else ""
    )
    word = "checks" if scenario.kind == "troubleshooting" else "phases"
    controls = (
        f"<div class=controls>{f'<h2>{cases}</h2><div id=groups></div>' if decides else '<div id=groups></div>'}"
        f"<p>Selected: <span id=selection></span> <span id=is-recommended></span></p>{recommendation}{capped}"
        f"<h2>{word.capitalize()}</h2><div class=phases id=phases></div><div id=phase-about></div></div>"
    )
    if not decides:
        controls = controls.replace("<p>Selected: <span id=selection></span> <span id=is-recommended></span></p>", "")
        controls += "<span id=selection hidden></span>"
    legend_new = "checked in this step" if scenario.kind == "troubleshooting" else "added in this phase"
    panels = (
        "<div class=panels>"
        "<section id=tradeoffs><h2>Trade-offs of the selection</h2><table><tbody id=metrics></tbody></table></section>"
        "<section id=requirements><h2>Requirements</h2><ul class=reqs id=reqs></ul></section>"
        f"{_cost_section(scenario)}</div>"
    )
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{esc(scenario.title)}</title><style>{css}</style></head>\n<body>"
        f"<header><h1>{esc(scenario.title)}</h1><p>{esc(scenario.summary)}</p></header><main>{controls}"
        "<div class=figure-bar><div class=legend>"
        f"<span><i class=k-new></i>{esc(legend_new)}</span>"
        "<span><i class=k-changed></i>changed by the selected options</span>"
        "<span><i class=k-future></i>comes later (faded)</span><span>Hover a node for its note.</span></div>"
        "<button type=button id=fit>Show it whole</button></div>"
        f"<div class=figure id=figure>{svg}</div>{panels}"
        "<p class=note>Made by Scenario Explorer: every view was computed when the page was written; "
        "the page loads nothing and runs only its own script.</p></main>\n"
        f'<script type="application/json" id="explorer-state">{json_for_script(state)}</script>\n'
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )
