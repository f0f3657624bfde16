"""Property-based tests: random scenarios round-trip; random text renders literally."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings

from explorer.domain.compose import compose
from explorer.drawing.render import html_label, render_view
from tests.helpers import PRINTABLE_TEXT, labelled_scenario

# Printable text as people type it: no control characters, no surrogates, no private or
# unassigned code points, and none of the characters YAML itself treats as line breaks.


@settings(max_examples=40, deadline=None)
@given(text=PRINTABLE_TEXT)
def test_random_text_survives_label_escaping(text):
    label = html_label(text)
    inner = label[1:-1]
    assert "<" not in inner.replace("<BR/>", "")  # no markup of the user's making
    import html

    words = "".join(html.unescape(inner.replace("<BR/>", " ")).replace("\\\\", "\\").split())
    assert words == "".join(text.split())


@settings(max_examples=25, deadline=None)
@given(text=PRINTABLE_TEXT)
def test_random_text_renders_literally(text):
    scenario = labelled_scenario(text)
    svg = render_view(compose(scenario), fmt="svg")
    root = ET.fromstring(svg)
    shown = "".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    squeezed = "".join(text.split())
    assert "".join(shown.split()).count(squeezed) >= 2  # as the node's label and the edge's
