"""What the app trusts: caches, icons, Graphviz, sizes and names. Each case here was a
way to show the wrong diagram, plant a file, leave a process running or exhaust memory."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from explorer.library.source import load_scenario_text
from explorer.output.export import ExportError, ExportSettings, export_bytes

TALL = (
    "id: tall\ntitle: Tall\ndirection: TB\nnodes:\n"
    + "".join(f"  - {{id: n{i}, type: aws.compute.EC2, label: Step {i}}}\n" for i in range(40))
    + "edges:\n"
    + "".join(f"  - {{source: n{i}, target: n{i + 1}}}\n" for i in range(39))
    + "phases:\n  - title: All\n"
)


def test_a_huge_picture_is_refused_before_it_is_drawn():
    scenario = load_scenario_text(TALL)
    with pytest.raises(ExportError, match="the limit is 64 million"):
        export_bytes(scenario, None, None, ExportSettings(width=12_000))


def test_a_tiny_picture_is_drawn_and_shrunk():
    scenario = load_scenario_text(TALL)
    data = export_bytes(scenario, None, None, ExportSettings(height=16))
    with Image.open(io.BytesIO(data)) as image:
        assert image.size[1] == 16 and image.size[0] >= 1
