"""The live diagram scene: built once from a scenario's layout, restyled per view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsView

from explorer.domain.compose import compose
from explorer.drawing.layout import compute_layout, scene_inputs
from explorer.drawing.palette import DARK, LIGHT
from explorer.ui.diagram_scene import DiagramScene, EdgeItem, NodeItem


def built_scene(qtbot, scenario, theme=LIGHT) -> DiagramScene:
    icons, kinds = scene_inputs(scenario)
    scene = DiagramScene(theme)
    scene.build(compute_layout(scenario), kinds, {k: QPixmap(v) for k, v in icons.items()})
    return scene


def test_shared_nodes_stay_put_across_toggles_and_phases(qtbot, scenarios):
    scenario = scenarios["disaster-recovery"]
    scene = built_scene(qtbot, scenario)
    rects: dict[str, set] = {}
    for group in scenario.option_groups:
        for option in group.options:
            for phase in [None, *range(1, len(scenario.phases_for({group.key: option.key})) + 1)]:
                view = compose(scenario, {group.key: option.key}, phase)
                scene.show_view(view)
                assert scene.node_ids() == [n for n in scene.layout.nodes if n in {v.id for v in view.nodes}]
                for node_id in scene.node_ids():
                    r = scene.node_rect(node_id)
                    rects.setdefault(node_id, set()).add((r.x(), r.y(), r.width(), r.height()))
    assert rects and all(len(r) == 1 for r in rects.values())


def test_a_node_not_in_the_view_has_no_rect(qtbot, scenarios):
    scenario = scenarios["disaster-recovery"]
    scene = built_scene(qtbot, scenario)
    scene.show_view(compose(scenario, {"strategy": "backup-restore"}))
    hidden = [n for n in scene.layout.nodes if n not in scene.node_ids()]
    assert hidden and all(scene.node_rect(n) is None for n in hidden)
    assert scene.node_rect("no-such-node") is None


def test_zooming_in_keeps_a_scene_of_items(qtbot, scenarios):
    scenario = scenarios["multi-region"]
    scene = built_scene(qtbot, scenario, DARK)
    scene.show_view(compose(scenario))
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    view.scale(8, 8)
    items = scene.items()
    assert sum(isinstance(i, NodeItem) for i in items) == len(scene.layout.nodes)
    assert sum(isinstance(i, EdgeItem) for i in items) == len(scene.layout.edges)
    # Pixmaps are only the icons, one per node, never the whole diagram.
    pixmaps = [i for i in items if isinstance(i, QGraphicsPixmapItem)]
    assert all(p.boundingRect().width() * p.scale() < 200 for p in pixmaps)


def test_clicking_a_node_says_which(qtbot, scenarios):
    scenario = scenarios["lambda-issues"]
    scene = built_scene(qtbot, scenario)
    scene.show_view(compose(scenario))
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.fitInView(scene.sceneRect())
    node_id = scene.node_ids()[0]
    centre = view.mapFromScene(scene.node_rect(node_id).center())
    with qtbot.waitSignal(scene.nodeClicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [node_id]
