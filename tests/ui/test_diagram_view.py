"""The diagram in the window, as a user meets it: hover, click a node for its details,
Ctrl+F to find one, a dark palette, a layout direction that suits the space, side
panels that close to give the diagram room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from explorer.drawing.layout import compute_layout, scene_inputs
from explorer.drawing.palette import DARK, LIGHT
from explorer.ui.controllers.rendering import prepare
from explorer.ui.diagram_view import DiagramView, theme_for

from .window_helpers import settled


def click_node(qtbot, window, node_id: str) -> None:
    view = window.diagram_view
    rect = view.node_rect(node_id)
    assert rect is not None, node_id
    point = view.mapFromScene(rect.center())
    with qtbot.waitSignal(view.nodeClicked, timeout=5000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [node_id]


def details(window) -> QWidget:
    pane = window.findChild(QWidget, "nodeDetails")
    assert pane is not None
    return pane


def test_clicking_a_node_fills_node_details(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    window.diagram_view.fit()
    replica = next(n for n in window.diagram_view.node_ids() if "replica" in n)
    click_node(qtbot, window, replica)
    pane = details(window)
    assert pane.isVisible() and pane.node_id() == replica
    text = pane.text()
    assert "RDS" in text  # the AWS service, in words
    assert "phase" in text.lower()  # the phase that adds it
    assert "DR strategy" in text  # the options that change it
    # Esc closes it again.
    window.diagram_view.setFocus()
    qtbot.keyClick(window.diagram_view, Qt.Key.Key_Escape)
    assert not pane.isVisible()


def test_node_details_follow_the_selection(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    first = window.diagram_view.node_ids()[0]
    window.show_node(first)
    assert details(window).node_id() == first
    # An option that does not draw the node closes its details rather than leave them stale.
    for option in ("backup-restore", "warm-standby", "active-active"):
        window.choose_option("strategy", option)
        if first not in window.diagram_view.node_ids():
            assert not details(window).isVisible()


def test_ctrl_f_in_the_diagram_finds_a_node_and_centres_it(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    view = window.diagram_view
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.findChild(QWidget, "diagramFind")
    assert bar is not None and bar.isVisible() and bar.hasFocus()
    qtbot.keyClicks(bar, "route 53")
    qtbot.keyClick(bar, Qt.Key.Key_Return)
    found = view.diagram_scene().marked()
    assert found is not None and "route 53" in view.diagram_scene().node_item(found)._label_text.lower()
    # Scrolled to it (as near the centre as the diagram's edge allows), at a readable zoom.
    on_screen = view.mapFromScene(view.node_rect(found)).boundingRect()
    assert view.viewport().rect().contains(on_screen)
    assert view.zoom() >= 0.6


def test_ctrl_f_elsewhere_still_finds_a_scenario(qtbot, window):
    window.tradeoffs.setFocus()
    window.find_here()
    assert window.search.hasFocus()


def test_find_says_when_nothing_matches(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    assert window.diagram_view.find_node("no such thing anywhere") is None


def test_hovering_a_node_highlights_its_edges_and_it_has_a_tooltip(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    scene = window.diagram_view.diagram_scene()
    node_id = window.diagram_view.node_ids()[0]
    item = scene.node_item(node_id)
    assert item is not None and item.toolTip().startswith(item._label_text.split("\n")[0][:10])
    scene._hovered(node_id, True)
    hovered = [e for e in scene._built.edges.values() if e.isVisible() and node_id in (e.source, e.target)]
    assert hovered and all(e.pen().color() == QColor(LIGHT.hover) for e in hovered)
    scene._hovered(node_id, False)
    assert all(e.pen().color() != QColor(LIGHT.hover) for e in hovered)


def test_a_dark_palette_draws_a_dark_diagram(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    dark = QPalette(window.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#E8EAED"))
    window.diagram_view.setPalette(dark)
    assert window.diagram_view.theme is DARK
    image = window.diagram_view.image()
    corner = image.pixelColor(2, 2)
    assert corner.lightness() < 60  # the background is dark...
    assert drawn_ids_same(window)  # ...and the view is still drawn from the same layout
    window.diagram_view.setPalette(QPalette(QColor("#F0F0F0")))
    assert window.diagram_view.theme is LIGHT


def drawn_ids_same(window) -> bool:
    from explorer.domain.compose import compose

    return set(window.diagram_view.node_ids()) == {
        n.id for n in compose(window.scenario, window.selection, window.phase).nodes
    }


def test_theme_for_palette():
    assert theme_for(QPalette(QColor("#1E1E1E"))) is DARK
    assert theme_for(QPalette(QColor("#F5F5F5"))) is LIGHT


def test_the_direction_suits_the_shape_of_the_space(qtbot, scenarios):
    scenario = scenarios["hybrid-connectivity"]  # laid out 1791 x 800 pt left to right, 780 x 1743 top to bottom
    prepared = prepare(scenario, "digest", 0)
    view = DiagramView(name="directionTest", interactive=False)
    qtbot.addWidget(view)
    view.resize(1600, 400)  # wide
    view.show()
    view.set_layouts(prepared.layouts, scenario.direction, prepared.kinds, prepared.icons, prepared.tooltips)
    wide = view.direction()
    view.resize(400, 1600)  # tall
    qtbot.waitUntil(lambda: view.direction() != wide, timeout=3000)
    assert (wide, view.direction()) == ("LR", "TB")


def test_side_panels_close_and_stay_closed(qtbot, library_db):
    from explorer.ui import create_main_window

    first = create_main_window(library_db)
    qtbot.addWidget(first)
    first.resize(1280, 800)
    first.show()
    first.select_scenario("disaster-recovery")
    qtbot.waitUntil(lambda: settled(first), timeout=20_000)
    wide_before = first.diagram_view.width()
    side = next(a for a in first.panel_actions if a.objectName() == "toggleSidePanelAction")
    side.setChecked(False)
    listed = next(a for a in first.panel_actions if a.objectName() == "toggleListAction")
    listed.setChecked(False)
    qtbot.waitUntil(lambda: first.diagram_view.width() > wide_before + 300, timeout=3000)
    first.close()  # remembers the panels' state

    second = create_main_window(library_db)
    qtbot.addWidget(second)
    second.resize(1280, 800)
    second.show()
    sizes = second.splitter.sizes()
    assert sizes[0] == 0 and sizes[2] == 0
    assert not any(a.isChecked() for a in second.panel_actions)
    next(a for a in second.panel_actions if a.objectName() == "toggleSidePanelAction").setChecked(True)
    assert second.splitter.sizes()[2] > 100
    second.close()


def test_the_diagram_takes_most_of_the_window_with_the_panels_closed(qtbot, window):
    qtbot.waitUntil(lambda: settled(window), timeout=20_000)
    window_area = window.width() * window.height()
    assert window.diagram_view.width() * window.diagram_view.height() > 0.40 * window_area
    for action in window.panel_actions:
        action.setChecked(False)
    qtbot.waitUntil(lambda: window.diagram_view.width() * window.diagram_view.height() > 0.65 * window_area)
    shown = window.diagram_view.mapFromScene(window.diagram_view.scene().sceneRect()).boundingRect()
    view_rect = window.diagram_view.viewport().rect()
    # Fit: the layout fills the view along one side.
    assert max(shown.width() / view_rect.width(), shown.height() / view_rect.height()) > 0.95


def test_scene_inputs_match_the_layout(scenarios):
    scenario = scenarios["disaster-recovery"]
    icons, kinds = scene_inputs(scenario)
    layout = compute_layout(scenario)
    assert set(icons) == set(layout.nodes) and set(kinds) == set(layout.clusters)


def test_no_scenario_widens_the_window_or_squeezes_the_panels(qtbot, window):
    for summary in window.library.summaries():
        window.select_scenario(summary.id)
        qtbot.waitUntil(lambda: settled(window), timeout=20_000)
        sizes = window.splitter.sizes()
        assert window.width() == 1280, summary.id
        assert sizes[0] >= 150 and sizes[2] >= 280, (summary.id, sizes)
