"""Labels never collide: the overlap check, the label placement, and the bundled library."""

from __future__ import annotations

import json
import subprocess

import pytest

from explorer.drawing import layout as layouts
from explorer.drawing.layout import ClusterBox, EdgePath, Layout, NodeBox, Rect, TextLine, compute_layout, image_rect
from explorer.drawing.overlaps import DEFAULT_ICON_ASPECT, Overlap, find_overlaps, icon_rect
from explorer.drawing.placement import place_labels
from explorer.drawing.render import build_diagram, cluster_title, html_label, plan_view


def text(x: float, baseline: float, words: str, width: float, size: float = 14.0) -> TextLine:
    return TextLine(x, baseline, "l", width, size, words)


def node(node_id: str, x: float, y: float, *label: TextLine, width: float = 144, height: float = 120) -> NodeBox:
    return NodeBox(node_id, Rect(x, y, width, height), None, tuple(label), "", "", "")


def edge(key: str, points, *label: TextLine, source: str = "a", target: str = "b") -> EdgePath:
    return EdgePath(key, source, target, tuple(points), (), (), tuple(label), "", "")


def cluster(cluster_id: str, box: Rect, *title: TextLine, lp: str = "") -> ClusterBox:
    return ClusterBox(cluster_id, box, tuple(title), "", lp, "", "")


def layout_of(nodes=(), edges=(), clusters=(), width=1000.0, height=1000.0) -> Layout:
    return Layout(
        "hand-made",
        "TB",
        width,
        height,
        f"0,0,{width:g},{height:g}",
        {n.id: n for n in nodes},
        {e.key: e for e in edges},
        {c.id: c for c in clusters},
    )


def kinds(overlaps: list[Overlap]) -> set[tuple[str, str]]:
    return {o.kinds for o in overlaps}


# --- the check on hand-made layouts -------------------------------------------------------


def test_an_edge_label_over_a_node_label_is_an_overlap():
    below = node("a", 100, 100, text(110, 210, "Application Load", 120))
    over = edge("x--y", [(600, 0), (600, 10), (600, 20), (600, 30)], text(150, 205, "target group", 80, 12))
    found = find_overlaps(layout_of([below], [over]))
    assert kinds(found) == {("node label", "edge label")}
    (hit,) = found
    # the node label's line is 120 x 14 from y 198.8; the edge label's 80 x 12 from y 195.4
    assert hit.amount == pytest.approx(80 * (207.4 - 198.8))
    assert "'target group' (a → b)" in hit.second and "'Application Load' (a)" in hit.first
    assert hit.describe().endswith("pt²)")


def test_a_label_over_an_icon_is_an_overlap_even_its_own():
    box = node("a", 0, 0, width=144, height=120)
    icon = icon_rect(box)
    # A label line whose top reaches 5 pt into the icon's square.
    own = node("a", 0, 0, text(10, icon.bottom - 5 + 0.8 * 14, "Too high", 100), width=144, height=120)
    found = find_overlaps(layout_of([own]))
    assert kinds(found) == {("node label", "icon")}
    assert found[0].second == "icon of a"
    assert found[0].amount == pytest.approx(5 * (min(110, icon.right) - max(10, icon.x)))


def test_an_edge_through_a_cluster_title_is_an_overlap():
    title = text(20, 30, "us-east-1 (North America)", 190)
    region = cluster("us", Rect(10, 10, 400, 300), title)
    crossing = edge("users--api", [(100, -50), (100, 0), (100, 50), (100, 100)])
    found = find_overlaps(layout_of(edges=[crossing], clusters=[region]))
    assert kinds(found) == {("cluster title", "edge")}
    assert found[0].unit == "pt" and found[0].amount == pytest.approx(
        14 - 2, abs=0.5
    )  # the line's height, less the tolerance
    beside = edge("users--api", [(300, -50), (300, 0), (300, 50), (300, 100)])
    assert find_overlaps(layout_of(edges=[beside], clusters=[region])) == []


def test_an_edge_label_across_a_cluster_border_is_an_overlap():
    vpc = cluster("vpc", Rect(200, 100, 400, 400))
    straddling = edge("ri--base", [(0, 0), (50, 50), (100, 100), (150, 150)], text(160, 300, "up to 75% off", 80, 12))
    found = find_overlaps(layout_of(edges=[straddling], clusters=[vpc]))
    assert kinds(found) == {("edge label", "cluster border")}
    assert "border of 'vpc'" in found[0].second


def test_touching_is_not_an_overlap():
    # Two lines one above the other, sharing 1 pt; a label whose box ends on a border;
    # an edge along the edge of a title's box.
    upper = node("a", 0, 0, text(10, 200, "upper", 100))
    lower = node("b", 300, 0, text(10, 200 + 14 - 1, "lower", 100))
    region = cluster("r", Rect(0, 400, 300, 300), text(10, 400 + 14, "Region", 60))
    along = edge("a--b", [(10 + 60, 300), (70, 350), (70, 400), (70, 500)])
    ends_on = edge("c--d", [(700, 0), (700, 1), (700, 2), (700, 3)], text(300 - 80, 600, "to border", 80, 12))
    assert find_overlaps(layout_of([upper, lower], [along, ends_on], [region])) == []


def test_lines_of_one_label_never_collide_with_each_other():
    tight = node("a", 0, 0, text(10, 100, "first line", 100), text(10, 110, "second line", 100))
    assert find_overlaps(layout_of([tight])) == []


def test_an_icon_is_the_square_at_the_bottom_of_its_padded_image():
    box = node("a", 0, 0, width=144, height=120)
    image = image_rect(box, DEFAULT_ICON_ASPECT)
    icon = icon_rect(box)
    assert image.y == box.box.y and image.width == box.box.width
    assert icon.width == icon.height < image.height
    assert icon.bottom == pytest.approx(image.bottom)
    assert icon.x + icon.width / 2 == pytest.approx(box.box.x + box.box.width / 2)


# --- placing titles and edge labels -------------------------------------------------------------


def test_a_crossed_title_slides_along_its_row_to_the_first_free_place():
    title = text(20, 30, "Region", 60)
    region = cluster("r", Rect(10, 10, 400, 300), title, lp="50,970")
    crossing = edge("a--b", [(60, -50), (60, 0), (60, 50), (60, 100)])
    placed = place_labels(layout_of(edges=[crossing], clusters=[region]))
    moved = placed.clusters["r"].title[0]
    assert moved.baseline == title.baseline and moved.x > 60  # same row, right of the edge
    assert moved.x - title.x == pytest.approx(float(placed.clusters["r"].gv_lp.split(",")[0]) - 50)
    assert find_overlaps(placed) == []


def test_a_crossed_edge_label_moves_beside_its_own_edge():
    own = edge("a--b", [(100, 0), (100, 100), (100, 200), (100, 300)], text(104, 150, "replicates", 70, 12))
    other = edge("c--d", [(90, 145), (130, 145), (170, 145), (210, 145)], source="c", target="d")
    before = layout_of(edges=[own, other])
    assert kinds(find_overlaps(before)) == {("edge label", "edge")}
    after = place_labels(before)
    assert find_overlaps(after) == []
    rect = after.edges["a--b"].label[0].rect()
    assert rect.x - 100 < 12 or 100 - rect.right < 12  # still right beside its edge


def test_cluster_titles_wrap_between_words_only():
    label = html_label("us-east-1 (North America) and a longer tail", width=12, bold=True, whole_words=True)
    assert "us-east-1" in label and "us-<BR/>" not in label
    assert "<BR/>" in cluster_title("Colocation facility (DX location 1)", chars=20)
    assert 'BALIGN="LEFT"' in cluster_title("Colocation facility (DX location 1)", chars=20)  # lines start together
    assert cluster_title("VPC") == "<<B>VPC</B>>"  # a one-line title stays a plain label
    assert 'WIDTH="300"' in cluster_title("VPC", room=300)


# --- the bundled library -----------------------------------------------------------------------------

DIRECTIONS = ("LR", "TB")


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_no_bundled_layout_has_an_overlap(scenarios, direction):
    found = {
        scenario_id: [o.describe() for o in find_overlaps(compute_layout(scenario, direction))]
        for scenario_id, scenario in scenarios.items()
    }
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_no_label_overprints_its_icon(scenarios, direction):
    for scenario in scenarios.values():
        for box in compute_layout(scenario, direction).nodes.values():
            top = min(line.rect().y for line in box.label)
            assert image_rect(box, DEFAULT_ICON_ASPECT).bottom <= top + 0.5, (scenario.id, box.id, len(box.label))


@pytest.mark.parametrize(("scenario_id", "direction"), [("cost-optimization", "TB"), ("hybrid-connectivity", "TB")])
def test_an_export_draws_every_label_where_the_layout_placed_it(scenarios, scenario_id, direction):
    """Titles and edge labels the layout moved, wrapped or widened come out of ``neato -n2``
    exactly there (up to the one shift Graphviz gives a whole pinned drawing)."""
    scenario = scenarios[scenario_id]
    layout = compute_layout(scenario, direction)
    assert any(c.gv_label for c in layout.clusters.values())  # these two need a title fix
    union = layouts.union_view(scenario, direction)
    plan = layouts.pin_plan(layouts.identified_plan(union, plan_view(union)), union, layout)
    done = subprocess.run(
        ["neato", "-n2", "-Tjson"], input=build_diagram(plan).dot.source.encode(), capture_output=True, check=True
    )
    drawn = layouts.parse_layout(scenario.id, direction, done.stdout)
    first = next(iter(layout.nodes))
    dx = drawn.nodes[first].box.x - layout.nodes[first].box.x
    dy = drawn.nodes[first].box.y - layout.nodes[first].box.y

    def places(lines):
        return [(line.text, round(line.x, 1), round(line.baseline, 1)) for line in lines]

    def shifted(lines):
        return [(line.text, round(line.x + dx, 1), round(line.baseline + dy, 1)) for line in lines]

    for key, path in layout.edges.items():
        assert places(drawn.edges[key].label) == shifted(path.label), key
    for cluster_id, box in layout.clusters.items():
        assert places(drawn.clusters[cluster_id].title) == shifted(box.title), cluster_id


def test_check_reports_each_overlap_as_a_problem(scenarios, monkeypatch):
    import explorer.output.check as check

    overlap = Overlap(
        "edge label 'alarm triggers rollback' (cloudwatch → codedeploy)",
        "cluster title 'CI/CD'",
        ("edge label", "cluster title"),
        41.2,
    )
    monkeypatch.setattr(check, "find_overlaps", lambda layout: [overlap])
    problems = check.layout_problems((scenarios["cicd-pipeline"], "TB"))
    assert problems == [
        "cicd-pipeline: overlap: edge label 'alarm triggers rollback' (cloudwatch → codedeploy) and "
        "cluster title 'CI/CD' (41 pt²) in the TB layout"
    ]


def test_a_layout_keeps_the_labels_it_fixed_through_the_cache(scenarios):
    layout = compute_layout(scenarios["cost-optimization"], "TB")
    again = Layout.from_json(layout.to_json())
    assert again == layout
    assert json.loads(layout.to_json())["format"] == layouts.LAYOUT_FORMAT
