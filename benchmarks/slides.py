"""How well each scenario's diagram fills a 16:9 slide, and how large its text is there.

For every scenario and guide (complete design, recommended options), a 1920x1080 export
from the stable layout: the direction chosen for the frame, the share of the frame's
width and height the diagram's box covers, and the height of node and edge labels in
pixels (goal: at least 90% of one side and 60% of the other; labels of 16 and 14 px).
Prints a Markdown table. Run with ``python benchmarks/slides.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRAME = (1920, 1080)


def main() -> None:
    from explorer.domain.compose import compose
    from explorer.drawing.fit import fit_scale
    from explorer.drawing.render import EDGE_FONT_SIZE, NODE_FONT_SIZE
    from explorer.library.bundled import BUNDLED_DB
    from explorer.library.store import Library
    from explorer.output.export import MIN_EDGE_LABEL_PX, MIN_NODE_LABEL_PX, drawing_for
    from explorer.output.settings import ExportSettings

    settings = ExportSettings(width=FRAME[0], height=FRAME[1])
    print("| Scenario | Direction | Width covered | Height covered | Node / edge labels (px) | Meets |")
    print("|---|---|---|---|---|---|")
    with Library(BUNDLED_DB) as library:
        for summary in library.summaries():
            scenario = library.get(summary.id)
            drawing = drawing_for(scenario, compose(scenario), settings)
            scale = fit_scale(drawing.width_in * 72, drawing.height_in * 72, *FRAME)
            w, h = drawing.width_in * 72 * scale / FRAME[0], drawing.height_in * 72 * scale / FRAME[1]
            node, edge = float(NODE_FONT_SIZE) * scale, float(EDGE_FONT_SIZE) * scale
            fills = max(w, h) >= 0.9 and min(w, h) >= 0.6
            legible = node >= MIN_NODE_LABEL_PX and edge >= MIN_EDGE_LABEL_PX
            meets = ", ".join(x for x, ok in (("fill", fills), ("text", legible)) if ok) or "neither"
            print(f"| {scenario.title} | {drawing.direction} | {w:.0%} | {h:.0%} | {node:.0f} / {edge:.0f} | {meets} |")


if __name__ == "__main__":
    main()
