"""Exports for slides: the stable layout, frames for every format, the text-size rule,
one cluster at a time, and the dark theme."""

from __future__ import annotations

import html
import io
import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from explorer.cli import main
from explorer.domain.compose import compose
from explorer.drawing.layout import compute_layout
from explorer.drawing.palette import DARK
from explorer.output.cluster import cluster_view, find_cluster
from explorer.output.export import (
    MIN_EDGE_LABEL_PX,
    MIN_NODE_LABEL_PX,
    Drawing,
    drawing_for,
    export_bytes,
    export_view,
    legibility_warning,
)
from explorer.output.settings import ExportError, ExportSettings
from tests.conftest import BUNDLED_DB
from tests.helpers import png_image

_NODE = re.compile(
    rb'<g id="node\d+" class="node">\s*<title>([^<]+)</title>\s*<image[^>]* width="([0-9.]+)px"[^>]*'
    rb' x="([-0-9.]+)" y="([-0-9.]+)"'
)


def node_places(svg: bytes) -> dict[str, tuple[float, float]]:
    """The centre of each node's icon, across, and its top in an SVG, by the node's id
    (its group's <title>)."""
    return {
        html.unescape(m.group(1).decode()): (float(m.group(3)) + float(m.group(2)) / 2, float(m.group(4)))
        for m in _NODE.finditer(svg)
    }


def test_a_node_two_views_share_is_at_the_same_place_in_both(scenarios):
    s = scenarios["disaster-recovery"]
    a = node_places(export_bytes(s, {"strategy": "backup-restore"}, None, ExportSettings(fmt="svg")))
    b = node_places(export_bytes(s, {"strategy": "warm-standby"}, 2, ExportSettings(fmt="svg")))
    shared = set(a) & set(b)
    assert len(shared) >= 5
    assert all(a[n] == b[n] for n in shared)
    # ... and where the window puts it: the layout's node box.
    layout = compute_layout(s)
    # The same picture up to where its origin is: every node keeps the layout's offsets.
    offsets = {
        (round(a[n][0] - layout.nodes[n].box.x - layout.nodes[n].box.width / 2), round(a[n][1] - layout.nodes[n].box.y))
        for n in shared
    }
    assert len(offsets) == 1


def test_compact_lays_the_view_out_on_its_own(scenarios):
    s = scenarios["disaster-recovery"]
    stable = node_places(export_bytes(s, {"strategy": "backup-restore"}, None, ExportSettings(fmt="svg")))
    compact = node_places(
        export_bytes(s, {"strategy": "backup-restore"}, None, ExportSettings(fmt="svg", layout="compact"))
    )
    assert set(stable) == set(compact) and stable != compact


def test_each_node_group_is_titled_by_its_id(scenarios):
    s = scenarios["high-availability"]
    data = export_bytes(s, None, None, ExportSettings(fmt="svg"))
    titles = {html.unescape(t.decode()) for t in re.findall(rb'class="node">\s*<title>([^<]+)</title>', data)}
    assert titles == {n.id for n in compose(s).nodes}


def test_a_frame_picks_the_direction_that_fills_it(scenarios):
    s = scenarios["s3-access-denied"]
    wide = compute_layout(s, "LR")
    assert wide.width > 3 * wide.height  # a strip left to right
    assert drawing_for(s, compose(s), ExportSettings(width=1080, height=1920)).direction == "TB"
    assert drawing_for(s, compose(s), ExportSettings(width=1920, height=1080)).direction == "LR"
    assert drawing_for(s, compose(s), ExportSettings()).direction == s.direction  # no frame: its own


@pytest.mark.parametrize("frame,inches", [((1920, 1080), (13.333, 7.5)), ((1024, 768), (7.111, 5.333))])
@pytest.mark.parametrize("scenario_id", ["multi-region", "s3-access-denied", "cost-optimization"])
def test_a_framed_pdf_page_is_the_slide(scenarios, scenario_id, frame, inches):
    settings = ExportSettings(fmt="pdf", width=frame[0], height=frame[1], title=True)
    page = PdfReader(io.BytesIO(export_bytes(scenarios[scenario_id], None, None, settings))).pages[0]
    size = (float(page.mediabox.width) / 72, float(page.mediabox.height) / 72)
    assert size == pytest.approx(inches, abs=0.01)
    assert scenarios[scenario_id].title in page.extract_text()


def test_an_unframed_pdf_is_the_drawing_at_its_own_size(scenarios):
    s = scenarios["high-availability"]
    drawing = drawing_for(s, compose(s), ExportSettings(fmt="pdf"))
    page = PdfReader(io.BytesIO(export_bytes(s, None, None, ExportSettings(fmt="pdf")))).pages[0]
    assert float(page.mediabox.width) / 72 == pytest.approx(drawing.width_in, rel=0.02)


def _drawing(width_in: float, height_in: float) -> Drawing:
    return Drawing("digraph {}", "dot", "LR", width_in, height_in, DARK)


def test_the_text_size_rule(scenarios):
    s = scenarios["high-availability"]
    frame = ExportSettings(width=1920, height=1080)
    # 14 pt node labels and 12 pt edge labels: a drawing 16.0 in wide fits 1920 px at 1.667
    # px per point (23 and 20 px); one 40 in wide at 0.667 (9 and 8 px).
    assert legibility_warning(s, _drawing(16.0, 5.0), frame) == ""
    line = legibility_warning(s, _drawing(40.0, 5.0), frame)
    assert "\n" not in line and "9 px (nodes) and 8 px (edges)" in line
    assert "--preset 4k" in line and "--cluster" in line
    # The edge rule is the stricter one: 14/12 px per point at least.
    edge_limit_in = 1920 / 72 / (MIN_EDGE_LABEL_PX / 12)
    assert legibility_warning(s, _drawing(edge_limit_in * 0.99, 5.0), frame) == ""
    assert legibility_warning(s, _drawing(edge_limit_in * 1.02, 5.0), frame) != ""
    assert MIN_NODE_LABEL_PX / 14 < MIN_EDGE_LABEL_PX / 12
    assert legibility_warning(s, _drawing(40.0, 5.0), ExportSettings()) == ""  # no frame, no rule


def test_the_cli_says_so_in_one_line_and_still_exports(tmp_path):
    out = tmp_path / "mr.png"
    done = CliRunner().invoke(
        main, ["--db", str(BUNDLED_DB), "export", "multi-region", "--preset", "1080p", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert png_image(out.read_bytes()).size == (1920, 1080)
    notes = [line for line in done.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "--cluster" in notes[0]
    big = CliRunner().invoke(
        main, ["--db", str(BUNDLED_DB), "export", "lambda-issues", "--preset", "4k", "-o", str(tmp_path / "l.png")]
    )
    assert big.exit_code == 0 and "note:" not in big.stderr


def test_one_cluster_with_its_neighbours_as_stubs(scenarios):
    s = scenarios["multi-region"]
    view = compose(s)
    assert find_cluster(view, "eu-west-1") == find_cluster(view, "EU") == "eu"
    part = cluster_view(s, view, "eu")
    inside = {n.id for n in view.nodes if n.cluster == "eu"}
    stubs = {n.id for n in part.nodes if n.state == "future"}
    assert inside <= {n.id for n in part.nodes} and stubs and not (stubs & inside)
    assert all(n.cluster is None for n in part.nodes if n.id in stubs)
    assert all(e.source in inside or e.target in inside for e in part.edges)
    assert {c.id for c in part.clusters} == {"eu"}
    with pytest.raises(ExportError, match=r"no cluster 'mars'; give one of: .*eu \(eu-west-1"):
        find_cluster(view, "mars")
    done = export_view(s, None, None, ExportSettings(width=1920, height=1080, cluster="eu", legend=True))
    assert png_image(done.data).size == (1920, 1080) and done.note == ""  # one region is legible


def test_the_cli_refuses_an_unknown_cluster_in_one_line(tmp_path):
    done = CliRunner().invoke(
        main, ["--db", str(BUNDLED_DB), "export", "multi-region", "--cluster", "mars", "-o", str(tmp_path / "x.png")]
    )
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert done.output.strip().count("\n") == 0 and "no cluster 'mars'" in done.output
    assert not (tmp_path / "x.png").exists()


def test_a_dark_export_is_dark_through_to_the_frame(scenarios):
    s = scenarios["high-availability"]
    png = png_image(export_bytes(s, None, None, ExportSettings(width=1920, height=1080, theme="dark"))).convert("RGB")
    dark = tuple(int(DARK.background[i : i + 2], 16) for i in (1, 3, 5))
    assert png.getpixel((0, 0)) == dark and png.getpixel((1919, 1079)) == dark
    svg = export_bytes(s, None, None, ExportSettings(fmt="svg", width=1920, height=1080, theme="dark"))
    assert f'fill="{DARK.background}"'.encode() in svg[:3000]
