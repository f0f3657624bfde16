"""draw.io exports: read back as XML, every node where the stable layout puts it, AWS shapes
for AWS nodes and embedded icons for the rest, clusters as containers, edges with their
ends and labels, one layer per phase, and hostile text kept as text."""

from __future__ import annotations

import base64
import itertools
import xml.etree.ElementTree as ET

import pytest

from explorer.domain.compose import apply_selection, compose, edge_phase
from explorer.drawing.layout import compute_layout
from explorer.library.source import load_scenario_text
from explorer.output.check import scenario_problems
from explorer.output.drawio import AWS4_SHAPES, MARGIN, icon_rect, scenario_node_types, unmapped_types, xml_text
from explorer.output.export import export_bytes
from explorer.output.settings import ExportError, ExportSettings, format_for
from tests.helpers import HOSTILE, invoke

DRAWIO = ExportSettings(fmt="drawio")


def parse(data: bytes) -> tuple[ET.Element, dict[str, ET.Element]]:
    mxfile = ET.fromstring(data)
    assert mxfile.tag == "mxfile" and mxfile.get("compressed") == "false"
    diagram = mxfile.find("diagram")
    assert diagram is not None and diagram.get("name")
    root = diagram.find("mxGraphModel/root")
    assert root is not None
    cells = {c.get("id"): c for c in root.iter("mxCell")}
    assert len(cells) == len(root.findall("mxCell")), "cell ids are unique"
    return diagram, cells


def layers(cells: dict[str, ET.Element]) -> list[ET.Element]:
    return [c for c in cells.values() if c.get("parent") == "0"]


def layer_of(cells: dict[str, ET.Element], cell_id: str) -> str:
    cell = cells[cell_id]
    while cells[cell.get("parent")].get("parent") != "0":
        cell = cells[cell.get("parent")]
    return cell.get("parent")


def absolute(cells: dict[str, ET.Element], cell_id: str) -> tuple[float, float, float, float]:
    cell = cells[cell_id]
    g = cell.find("mxGeometry")
    x, y = float(g.get("x", 0)), float(g.get("y", 0))
    parent = cells[cell.get("parent")]
    if parent.get("vertex") == "1":
        px, py, _, _ = absolute(cells, parent.get("id"))
        x, y = x + px, y + py
    return x, y, float(g.get("width")), float(g.get("height"))


def style_of(cell: ET.Element) -> dict[str, str]:
    return dict(part.split("=", 1) if "=" in part else (part, "") for part in cell.get("style", "").split(";") if part)


@pytest.mark.parametrize("scenario_id", ["disaster-recovery", "hybrid-connectivity", "cicd-pipeline"])
def test_every_node_is_where_the_layout_puts_it(scenarios, scenario_id):
    scenario = scenarios[scenario_id]
    view = compose(scenario)
    _, cells = parse(export_bytes(scenario, None, None, DRAWIO))
    layout = compute_layout(scenario, view.direction)
    placed = {}
    for node in view.nodes:
        x, y, w, h = absolute(cells, f"node:{node.id}")
        icon = icon_rect(layout.nodes[node.id])
        assert (w, h) == pytest.approx((icon.width, icon.height), abs=0.02)
        placed[node.id] = (x - icon.x, y - icon.y)
    # One shift for all: the same relative positions as the layout (and the window).
    shifts = list(placed.values())
    assert all(s == pytest.approx(shifts[0], abs=0.02) for s in shifts)
    assert all(v >= 0 for v in shifts[0])
    for a, b in itertools.combinations(view.nodes, 2):
        ax, ay, _, _ = absolute(cells, f"node:{a.id}")
        bx, by, _, _ = absolute(cells, f"node:{b.id}")
        la, lb = layout.nodes[a.id].box, layout.nodes[b.id].box
        assert (ax < bx) == (la.x < lb.x) or abs(la.x - lb.x) < 0.05
        assert (ay < by) == (la.y < lb.y) or abs(la.y - lb.y) < 0.05  # y grows downwards in both


@pytest.mark.parametrize(
    ("scenario_id", "selection"),
    [("cicd-pipeline", {"cicd-tool": "jenkins-ec2"}), ("hybrid-connectivity", None), ("large-data-migration", None)],
)
def test_aws_nodes_are_drawio_aws_shapes_and_others_embed_their_icon(scenarios, scenario_id, selection):
    scenario = scenarios[scenario_id]
    view = compose(scenario, selection)
    _, cells = parse(export_bytes(scenario, selection, None, DRAWIO))
    kinds = set()
    for node in view.nodes:
        style = style_of(cells[f"node:{node.id}"])
        shape = AWS4_SHAPES.get(node.type)
        if shape is not None and shape.product:
            assert style["shape"] == "mxgraph.aws4.resourceIcon"
            assert style["resIcon"] == f"mxgraph.aws4.{shape.name}"
            kinds.add("product")
        elif shape is not None:
            assert style["shape"] == f"mxgraph.aws4.{shape.name}"
            kinds.add("resource")
        else:
            assert not node.type.startswith("aws.")
            assert style["shape"] == "image"
            prefix = "data:image/png,"
            assert style["image"].startswith(prefix) and ";base64" not in style["image"]
            assert base64.b64decode(style["image"][len(prefix) :]).startswith(b"\x89PNG")
            kinds.add("image")
        assert style.get("html") == "0"
    assert {"product", "image"} <= kinds


def test_a_lambda_is_drawios_lambda_icon(scenarios):
    scenario = scenarios["serverless-backend"]
    lambdas = [n for n in compose(scenario).nodes if n.type == "aws.compute.Lambda"]
    assert lambdas
    _, cells = parse(export_bytes(scenario, None, None, DRAWIO))
    style = cells[f"node:{lambdas[0].id}"].get("style")
    assert "shape=mxgraph.aws4.resourceIcon;" in style and "resIcon=mxgraph.aws4.lambda;" in style


def test_clusters_are_containers_holding_their_nodes(scenarios):
    scenario = scenarios["disaster-recovery"]
    view = compose(scenario)
    _, cells = parse(export_bytes(scenario, None, None, DRAWIO))
    layout = compute_layout(scenario, view.direction)
    for cluster in view.clusters:
        cell = cells[f"cluster:{cluster.id}"]
        style = style_of(cell)
        assert style["container"] == "1" and cell.get("vertex") == "1"
        assert cell.get("value").split() == cluster.label.split()
        if cluster.parent:
            assert cell.get("parent") in (f"cluster:{cluster.parent}", layer_of(cells, cell.get("id")))
        x, y, w, h = absolute(cells, cell.get("id"))
        box = layout.clusters[cluster.id].box
        assert (w, h) == pytest.approx((box.width, box.height), abs=0.02)
        assert (x - box.x, y - box.y) == pytest.approx((MARGIN, MARGIN), abs=0.02)
    held = [n for n in view.nodes if cells[f"node:{n.id}"].get("parent", "").startswith("cluster:")]
    assert held, "nodes sit in their clusters"
    for node in held:
        assert cells[f"node:{node.id}"].get("parent") == f"cluster:{node.cluster}"
        # A node's box lies inside its cluster's box.
        nx, ny, nw, nh = absolute(cells, f"node:{node.id}")
        cx, cy, cw, ch = absolute(cells, f"cluster:{node.cluster}")
        assert cx <= nx and nx + nw <= cx + cw and cy <= ny and ny + nh <= cy + ch
    assert cells["cluster:primary"].get("style").count("grIcon=mxgraph.aws4.group_region") == 1


def test_edges_join_their_nodes_with_their_labels_and_styles(scenarios):
    scenario = scenarios["disaster-recovery"]
    view = compose(scenario, {"strategy": "warm-standby"})
    _, cells = parse(export_bytes(scenario, {"strategy": "warm-standby"}, None, DRAWIO))
    for edge in view.edges:
        cell = cells[f"edge:{edge.key}"]
        assert cell.get("edge") == "1"
        assert cell.get("source") == f"node:{edge.source}" and cell.get("target") == f"node:{edge.target}"
        assert " ".join(cell.get("value").split()) == " ".join(edge.label.split())
        style = style_of(cell)
        assert style.get("html") == "0"
        assert ("dashed" in style) == (edge.style in ("dashed", "dotted"))
        if edge.style == "bold":
            assert float(style["strokeWidth"]) >= 3
        if edge.color and edge.state == "built":
            assert style["strokeColor"] == edge.color
        assert style["endArrow"] == ("none" if edge.direction == "none" else "classic")
    assert any(e.label for e in view.edges) and any(e.style != "solid" for e in view.edges)


def test_one_layer_per_phase_in_order(scenarios):
    scenario = scenarios["disaster-recovery"]
    view = compose(scenario)
    _, cells = parse(export_bytes(scenario, None, None, DRAWIO))
    phases = scenario.phases_for(view.selection)
    found = layers(cells)
    assert len(found) == len(phases) + 1
    assert [c.get("value") for c in found[1:]] == [f"Phase {i}: {p.title}" for i, p in enumerate(phases, start=1)]
    assert all(c.get("visible") != "0" for c in found)
    ids = [c.get("id") for c in found]
    graph = apply_selection(scenario, view.selection)
    for node in view.nodes:
        assert layer_of(cells, f"node:{node.id}") == ids[graph.nodes[node.id].phase]
    for edge in view.edges:
        assert layer_of(cells, f"edge:{edge.key}") == ids[edge_phase(graph.edges[edge.key], graph.nodes)]


def test_a_phase_hides_the_later_layers(scenarios):
    scenario = scenarios["disaster-recovery"]
    _, cells = parse(export_bytes(scenario, None, 2, DRAWIO))
    visible = [c.get("visible") != "0" for c in layers(cells)]
    assert visible[:3] == [True, True, True] and not any(visible[3:])


def test_an_option_shows_its_own_nodes(scenarios):
    scenario = scenarios["disaster-recovery"]
    for option in ("backup-restore", "active-active"):
        view = compose(scenario, {"strategy": option})
        _, cells = parse(export_bytes(scenario, {"strategy": option}, None, DRAWIO))
        nodes = {i.removeprefix("node:") for i in cells if i.startswith("node:")}
        assert nodes == {n.id for n in view.nodes}


def test_hostile_text_stays_text():
    source = f"""\
id: hostile
title: '{HOSTILE.replace("'", "''")} it''s'
clusters:
  - id: box
    label: '<cluster> & "co"'
nodes:
  - id: web
    type: aws.compute.EC2
    label: '{HOSTILE.replace("'", "''")}'
    cluster: box
  - id: db
    type: onprem.database.Mssql
    label: "line one\\nline <two>"
edges:
  - source: web
    target: db
    label: "</mxCell><x a='1'>"
phases:
  - title: '<script>alert(1)</script>'
"""
    scenario = load_scenario_text(source)
    data = export_bytes(scenario, None, None, ExportSettings(fmt="drawio", title=True))
    diagram, cells = parse(data)
    assert diagram.get("name") == scenario.title
    assert scenario.title.startswith("R&D <b>") and scenario.title.endswith("it's")
    assert cells["title"].get("value") == scenario.title
    assert cells["cluster:box"].get("value") == '<cluster> & "co"'
    assert " ".join(cells["node:web"].get("value").split()) == " ".join(HOSTILE.split())
    assert cells["node:db"].get("value") == "line one\nline <two>"
    assert cells["edge:web--db"].get("value").replace("\n", "") == "</mxCell><x a='1'>"
    assert layers(cells)[1].get("value") == "Phase 1: <script>alert(1)</script>"
    assert all("html=1" not in c.get("style", "") for c in cells.values())
    # A control character that slipped past the model still gives a well-formed file.
    broken = scenario.model_copy(update={"title": "bell\x07 esc\x1b <&>"})
    diagram, _ = parse(export_bytes(broken, None, None, DRAWIO))
    assert diagram.get("name") == "bell\ufffd esc\ufffd <&>"
    assert xml_text("a\x00b\tc\nd") == "a\ufffdb\tc\nd"


def test_the_format_and_its_limits():
    assert format_for("diagram.drawio") == "drawio"
    with pytest.raises(ExportError, match="stable layout"):
        ExportSettings(fmt="drawio", layout="compact").validated()
    with pytest.raises(ExportError, match="PNG, SVG and PDF only"):
        ExportSettings(fmt="drawio", width=800).validated()


def test_every_bundled_aws_type_has_a_shape_and_check_reports_the_rest(scenarios):
    used = set().union(*(scenario_node_types(s) for s in scenarios.values()))
    assert unmapped_types(used) == []
    assert not [p for s in scenarios.values() for p in scenario_problems(s) if "draw.io" in p]
    # Types outside AWS embed their icon by design and are not reported.
    assert unmapped_types(["onprem.ci.Jenkins", "generic.network.Router", "saas.analytics.Snowflake"]) == []
    source = """\
id: odd
title: Odd
nodes:
  - {id: a, type: aws.compute.AppRunner, label: A, note: An unusual service.}
  - {id: b, type: onprem.ci.Jenkins, label: B, note: A build server.}
phases:
  - title: One
"""
    problems = [p for p in scenario_problems(load_scenario_text(source)) if "draw.io" in p]
    assert problems == [
        "odd: node type aws.compute.AppRunner has no draw.io shape; a .drawio export embeds its icon instead "
        "(add the type to AWS4_SHAPES in explorer/output/drawio.py)"
    ]
    _, cells = parse(export_bytes(load_scenario_text(source), None, None, DRAWIO))
    assert style_of(cells["node:a"])["shape"] == "image"


def test_the_cli_writes_a_drawio_file(library_db, tmp_path):
    target = tmp_path / "dr.drawio"
    result = invoke("--db", library_db, "export", "6", "--option", "strategy=pilot-light", "--phase", "3", "-o", target)
    assert result.exit_code == 0, result.output
    diagram, cells = parse(target.read_bytes())
    assert "Pilot light" in diagram.get("name") and "Phase 3" in diagram.get("name")
    assert [c.get("visible") != "0" for c in layers(cells)][:4] == [True] * 4
    assert not list(tmp_path.glob(".*")), "no temporary file is left behind"


def test_the_readme_lists_every_shape():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    for node_type, shape in AWS4_SHAPES.items():
        kind = f"`resIcon=mxgraph.aws4.{shape.name}`" if shape.product else f"`shape=mxgraph.aws4.{shape.name}`"
        assert f"| `{node_type}` | {kind} " in readme, node_type


def test_one_part_keeps_its_place_and_fades_its_neighbours(scenarios):
    scenario = scenarios["disaster-recovery"]
    _, whole = parse(export_bytes(scenario, None, None, DRAWIO))
    _, part = parse(export_bytes(scenario, None, None, ExportSettings(fmt="drawio", cluster="primary")))
    assert {"node:alb", "node:web", "node:db"} <= set(part) and "cluster:dr" not in part
    for node_id in ("node:alb", "node:db"):
        assert absolute(part, node_id) == pytest.approx(absolute(whole, node_id))
    # The neighbours outside the part are faded stubs; what is inside is not.
    assert all("opacity=30" in part[i].get("style") for i in ("node:dns", "node:replica", "node:amis"))
    assert not any("opacity=30" in part[i].get("style") for i in ("node:alb", "node:ami-copier"))
