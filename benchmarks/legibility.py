"""How large the diagram's text is on screen after Fit, per scenario and guide.

Opens the real window at 1280x800 (offscreen), shows each scenario's complete design,
fits it, and prints a Markdown table: the direction chosen, the zoom, and the on-screen
height of the smallest node label and edge label (font size in points x zoom, in
logical pixels), with the panels open and with both side panels closed.
Run with ``python benchmarks/legibility.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GOAL_PX = 8.0


def smallest(view) -> tuple[float, float]:
    """The smallest node-label and edge-label sizes (points) that the current view draws."""
    layout = view.shown_layout()
    shown = set(view.node_ids())
    nodes = [line.size for node_id in shown for line in layout.nodes[node_id].label]
    scene = view.diagram_scene()
    edges = [
        line.size for key, item in scene._built.edges.items() if item.isVisible() for line in layout.edges[key].label
    ]
    return min(nodes, default=0.0), min(edges, default=0.0)


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from explorer.library.bundled import BUNDLED_DB
    from explorer.ui import create_main_window

    window = create_main_window(BUNDLED_DB)
    window.resize(1280, 800)
    window.show()
    rows = []
    for summary in window.library.summaries():
        row = [summary.title]
        for closed in (False, True):
            for action in window.panel_actions:
                action.setChecked(not closed)
            window.select_scenario(summary.id)
            end = time.perf_counter() + 30
            while not window.rendering.settled() and time.perf_counter() < end:
                app.processEvents()
                time.sleep(0.005)
            window.set_phase(None)
            for _ in range(40):  # let the splitter, the fit and a change of direction settle
                app.processEvents()
                time.sleep(0.005)
            view = window.diagram_view
            view.fit()
            if view.diagram_scene()._built is None:
                print(
                    "not drawn:",
                    summary.id,
                    view.has_layout(),
                    window.rendering.settled(),
                    view.message(),
                    file=sys.stderr,
                )
                continue
            node_pt, edge_pt = smallest(view)
            zoom = view.zoom()
            node_px, edge_px = node_pt * zoom, edge_pt * zoom
            flag = "" if min(node_px, edge_px or node_px) >= GOAL_PX else " ✗"
            edge_text = f"{edge_px:.1f}" if edge_pt else "—"
            row.append(f"{view.direction()} · {zoom:.2f}× · {node_px:.1f} / {edge_text}{flag}")
        rows.append(row)
    window.close()
    print("| scenario | panels open: direction · zoom · node / edge label px | side panels closed |")
    print("| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
