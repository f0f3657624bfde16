"""Rendering through the diagrams package and Graphviz."""

from __future__ import annotations

import io
import os
import re

from PIL import Image

from explorer.domain.compose import compose
from explorer.domain.model import Scenario
from explorer.drawing.render import dot_source, html_label, render_view
from tests.helpers import HOSTILE

MULTILINE = HOSTILE + "\nsecond line"


def test_labels_render_literally():
    label = html_label(MULTILINE)
    assert label.startswith("<") and label.endswith(">")
    inner = label[1:-1]
    assert "<b>" not in inner and "&lt;b&gt;" in inner
    assert '"' not in inner and "&quot;" in inner
    assert "<BR/>" in inner  # the real newline becomes a line break


def test_hostile_text_renders_without_injection(scenarios):
    s = scenarios["disaster-recovery"]
    nodes = [n.model_copy(update={"label": MULTILINE}) if n.id == "db" else n for n in s.nodes]
    hostile = Scenario.model_validate({**s.model_dump(), "nodes": [n.model_dump() for n in nodes]})
    view = compose(hostile)
    source = dot_source(view)
    assert "<b>bold</b>" not in source
    png = render_view(view)
    assert png.startswith(b"\x89PNG")


def test_node_ids_are_stable(scenarios):
    s = scenarios["disaster-recovery"]
    ids = [set(re.findall(r'^\s*"?([a-z0-9-]+)"? \[', dot_source(compose(s, phase=n)), re.M)) for n in (1, 3, 6)]
    assert ids[0] == ids[1] == ids[2]
    assert {"db", "replica", "dns"} <= ids[0]


def _cluster_names(source: str) -> list[str]:
    return re.findall(r'^\s*subgraph "?(cluster_[^"\s]+)"? \{', source, re.M)


def test_clusters_get_unique_internal_names(scenarios):
    s = scenarios["disaster-recovery"]
    view = compose(s)
    assert sorted(_cluster_names(dot_source(view))) == sorted(f"cluster_{c.id}" for c in view.clusters)
    # Two clusters with the same label stay two clusters: names come from ids, not labels.
    twins = Scenario.model_validate(
        {
            "id": "twins",
            "title": "Twins",
            "phases": [{"title": "p"}],
            "clusters": [{"id": "left", "label": "Same"}, {"id": "right", "label": "Same"}],
            "nodes": [
                {"id": "a", "type": "aws.compute.EC2", "label": "A", "cluster": "left"},
                {"id": "b", "type": "aws.compute.EC2", "label": "B", "cluster": "right"},
            ],
        }
    )
    assert sorted(_cluster_names(dot_source(compose(twins)))) == ["cluster_left", "cluster_right"]


def test_rendering_leaves_no_files_behind(scenarios, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    png = render_view(compose(scenarios["hybrid-connectivity"]), dpi=72)
    assert Image.open(io.BytesIO(png)).size[0] > 100
    assert os.listdir(tmp_path) == []


def test_phase_views_share_the_layout(scenarios):
    s = scenarios["disaster-recovery"]
    sizes = {Image.open(io.BytesIO(render_view(compose(s, phase=n), dpi=72))).size for n in range(1, len(s.phases) + 1)}
    whole = Image.open(io.BytesIO(render_view(compose(s), dpi=72))).size
    # Highlight boxes may nudge a few pixels; the layout itself must not jump.
    assert all(abs(w - whole[0]) <= 8 and abs(h - whole[1]) <= 8 for w, h in sizes)
