"""What-if parameters, comparisons and charts."""

from __future__ import annotations

import io

from PIL import Image

from explorer.domain.compare import compare
from explorer.output.comparison import comparison_png
from explorer.output.settings import ExportSettings


def test_comparison_png_shows_both_designs(scenarios):
    s = scenarios["hybrid-connectivity"]
    result = compare(s, {"connection": "direct-connect"}, {"connection": "vpn"})
    natural = Image.open(io.BytesIO(comparison_png(result, ExportSettings(legend=True, caption=True))))
    from explorer.drawing.render import render_view

    widths = [Image.open(io.BytesIO(render_view(v))).width for v in (result.left, result.right)]
    assert natural.width >= sum(widths)
    slide = Image.open(io.BytesIO(comparison_png(result, ExportSettings.with_preset("1080p", title=True, legend=True))))
    assert slide.size == (1920, 1080)
