"""The self-contained HTML page: nothing loaded from outside, icons once, every view
precomputed, every text escaped, and a Content-Security-Policy that admits only the
page's own style and script."""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
from html.parser import HTMLParser

import pytest

from explorer.domain.constraints import allowed
from explorer.output.export import ExportError, ExportSettings, export_bytes
from explorer.output.html_page import SCRIPT, html_page, json_for_script, page_selections, selection_key
from tests.helpers import invoke, one_line_failure

HOSTILE = "</script><script>alert(1)</script> <!-- \"quoted\" 'single' & \x01\x1b\x7f\u2028 end"


class _Page(HTMLParser):
    """Every element with its attributes, and the text of each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open, self._text = (tag, dict(attrs)), []

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            text = "".join(self._text)
            if tag == "script":
                self.scripts.append((self._open[1], text))
            else:
                self.styles.append(text)
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._text.append(data)
        else:
            self.texts.append(data)


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def state_of(page: _Page) -> dict:
    (data,) = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    return json.loads(data)


@pytest.fixture(scope="module")
def hybrid(scenarios) -> str:
    return html_page(scenarios["hybrid-connectivity"])


def test_nothing_is_loaded_from_outside(hybrid):
    assert not re.search(r"https?://", hybrid)
    assert "//" not in re.sub(r"data:[^\"']*", "", "".join(re.findall(r'(?:src|href)="[^"]*"', hybrid)))
    for tag, attrs in parse(hybrid).elements:
        assert "src" not in attrs, tag  # no <script src>, <img src>, <iframe src>
        href = attrs.get("href")
        assert href is None or href.startswith(("#", "data:image/png;base64,")), (tag, href[:40] if href else href)
        assert tag not in ("link", "iframe", "object", "embed", "img", "base", "form")


def test_each_icon_is_embedded_once_and_reused(hybrid, scenarios):
    payloads = re.findall(r'href="data:image/png;base64,([^"]+)"', hybrid)
    assert payloads and len(payloads) == len(set(payloads))
    assert len({hashlib.sha256(base64.b64decode(p)).hexdigest() for p in payloads}) == len(payloads)
    symbols = re.findall(r'<symbol id="(icon\d+)"', hybrid)
    assert len(symbols) == len(payloads)
    uses = re.findall(r'<use href="#(icon\d+)"', hybrid)
    scenario = scenarios["hybrid-connectivity"]
    from explorer.drawing.layout import union_view

    assert len(uses) == len(union_view(scenario).nodes) > len(symbols)  # some icons serve several nodes
    assert set(uses) == set(symbols)


@pytest.mark.parametrize("scenario_id", ["hybrid-connectivity", "cicd-pipeline", "disaster-recovery", "lambda-issues"])
def test_the_state_covers_every_allowed_selection_and_phase(scenarios, scenario_id):
    scenario = scenarios[scenario_id]
    state = state_of(parse(html_page(scenario)))
    groups = scenario.option_groups
    expected = set()
    for combo in itertools.product(*[[o.key for o in g.options] for g in groups]):
        selection = dict(zip([g.key for g in groups], combo, strict=True))
        if allowed(scenario, selection):
            expected.add(selection_key(scenario, selection))
    assert {s["key"] for s in state["selections"]} == expected
    assert not state["capped"]
    for entry in state["selections"]:
        selection = dict(part.split("=") for part in entry["key"].split("|")) if entry["key"] else {}
        phases = scenario.phases_for(selection)
        assert len(entry["views"]) == len(phases) + 1  # the complete design, then each phase
        assert [p["title"] for p in state["shared"][entry["phases"]]] == [p.title for p in phases]
        for view in entry["views"]:
            assert set(view["n"]) <= set("bnfc-") and set(view["e"]) <= set("bnfc-")
        # every button leads to a precomputed selection, or says why it cannot
        for gi, row in enumerate(entry["go"]):
            for oi, target in enumerate(row):
                assert target < len(state["selections"])
                assert target >= 0 or f"{gi}.{oi}" in entry["why"]
    assert 0 <= state["start"] < len(state["selections"])


def test_views_differ_by_phase_and_option(scenarios):
    state = state_of(parse(html_page(scenarios["disaster-recovery"])))
    entry = state["selections"][state["start"]]
    assert len({v["n"] for v in entry["views"]}) > 2  # phases highlight and fade
    assert "n" in entry["views"][1]["n"] and "f" in entry["views"][1]["n"]
    assert len({json.dumps(s["metrics"]) for s in state["selections"]}) == len(state["selections"])
    statuses = {state["shared"][r][1] for s in state["selections"] for r in s["reqs"]}
    assert "met" in statuses and statuses & {"not met", "at risk"}


def test_a_huge_product_is_capped_to_single_option_variations(scenarios, monkeypatch):
    from explorer.output import html_page as page
    from explorer.output.views import recommended_base, variants

    scenario = scenarios["cicd-pipeline"]
    monkeypatch.setattr(page, "MAX_SELECTIONS", 10)
    found, capped = page_selections(scenario)
    assert capped
    assert found == _unique(s for _, s in variants(scenario, recommended_base(scenario)))
    state = state_of(parse(page.html_page(scenario)))
    assert state["capped"] and len(state["selections"]) == len(found)


def _unique(items):
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def hostile_scenario(scenario):
    phases = [scenario.phases[0].model_copy(update={"title": HOSTILE, "summary": HOSTILE}), *scenario.phases[1:]]
    nodes = [scenario.nodes[0].model_copy(update={"note": HOSTILE}), *scenario.nodes[1:]]
    requirements = [scenario.requirements[0].model_copy(update={"text": HOSTILE}), *scenario.requirements[1:]]
    costs = [scenario.cost_items[0].model_copy(update={"service": HOSTILE}), *scenario.cost_items[1:]]
    return scenario.model_copy(
        update={
            "title": HOSTILE,
            "summary": HOSTILE,
            "phases": phases,
            "nodes": nodes,
            "requirements": requirements,
            "cost_items": costs,
        }
    )


def test_hostile_text_is_escaped_and_the_page_still_parses(scenarios):
    text = html_page(hostile_scenario(scenarios["serverless-backend"]))
    assert "<script>alert" not in text
    assert "<!--" not in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    page = parse(text)
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None]
    assert page.scripts[1][1] == SCRIPT  # the only code is the shipped script
    state = state_of(page)
    shown = HOSTILE.replace("\x01", "\ufffd").replace("\x1b", "\ufffd").replace("\x7f", "\ufffd")
    entry = state["selections"][0]
    assert state["shared"][entry["phases"]][0]["title"] == shown
    assert shown in [state["shared"][r][0] for r in entry["reqs"]]
    assert shown in "".join(page.texts)  # the title, the summary and the cost row, as text
    (title,) = [t for t in re.findall(r"<title>(.*?)</title>", text, re.S) if "alert" in t][:1]
    assert "&lt;/script&gt;" in title


def test_embedded_json_cannot_close_its_block():
    text = json_for_script({"a": "</script><!-- -->", "b": "\u2028&"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- -->", "b": "\u2028&"}


def test_the_csp_admits_only_the_shipped_style_and_script(hybrid):
    page = parse(hybrid)
    (csp,) = [
        a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    rules = dict(rule.strip().split(" ", 1) for rule in csp.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["img-src"] == "data:"
    script = [text for attrs, text in page.scripts if attrs.get("type") is None]
    assert len(script) == 1
    digest = base64.b64encode(hashlib.sha256(script[0].encode()).digest()).decode()
    assert rules["script-src"] == f"'sha256-{digest}'"
    (style,) = page.styles
    assert rules["style-src"] == f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
    assert not any("style" in attrs for _, attrs in page.elements)  # no inline style attributes to allow
    assert not any(k.startswith("on") for _, attrs in page.elements for k in attrs)  # no inline handlers


def test_the_script_writes_text_only():
    assert "innerHTML" not in SCRIPT and "outerHTML" not in SCRIPT and "insertAdjacentHTML" not in SCRIPT
    assert "eval(" not in SCRIPT and "document.write" not in SCRIPT


def test_nodes_carry_their_notes_as_tooltips(hybrid, scenarios):
    scenario = scenarios["hybrid-connectivity"]
    noted = next(n for n in scenario.nodes if n.note)
    note = re.escape(html.escape(noted.note[:30]))
    assert re.search(rf'data-id="{noted.id}"><title>[^<]*{note}', hybrid)


def test_the_cost_table_is_there(scenarios):
    scenario = scenarios["multi-region"]
    text = html_page(scenario)
    assert "<section id=costs>" in text
    assert scenario.cost_items and scenario.estimated_cost_items
    for item in [*scenario.cost_items, *scenario.estimated_cost_items]:
        assert html.escape(item.service) in text
    assert "no cost table" in html_page(scenarios["disaster-recovery"])


def test_export_and_cli_write_html(tmp_path, scenarios):
    data = export_bytes(scenarios["lambda-issues"], None, None, ExportSettings("html"))
    assert data.startswith(b"<!DOCTYPE html>")
    out = tmp_path / "page.html"
    result = invoke("export", "disaster-recovery", "--phase", "2", "-o", out)
    assert result.exit_code == 0, result.output
    state = state_of(parse(out.read_text("utf-8")))
    assert state["phase"] == 2
    assert not list(tmp_path.glob(".se-*"))  # written atomically: no temporary file left
    assert "HTML" in one_line_failure("export", "--all", "-o", tmp_path / "all", "--format", "html")
    with pytest.raises(ExportError):
        ExportSettings("html", cluster="vpc").validated()
    with pytest.raises(ExportError):
        ExportSettings("html", layout="compact").validated()
