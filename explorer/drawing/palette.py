"""The one colour palette: every colour the diagrams, charts, exports and panels use.

Colours carry meaning across the product (green is what a phase or design B adds, amber
what the selected options change, red what is removed or not met), so they are named by
meaning here and nowhere else. Values are ``#RRGGBB`` strings that Graphviz, matplotlib,
HTML and Qt all accept.
"""

from __future__ import annotations

from typing import Final

# --- meanings ------------------------------------------------------------------------
GREEN: Final = "#2E9D57"  # added, new in this phase, meets its target
AMBER: Final = "#D97F00"  # changed by the selected options
RED: Final = "#C62828"  # removed by design B, misses its target
INK: Final = "#232F3E"  # titles, target lines, the AWS cloud border
GREY: Final = "#6B7785"  # ordinary edges, requirements that cannot be judged
EDGE_COLOUR: Final = GREY
NEUTRAL: Final = "#8A99A8"  # chart bars without a target

# Darker shades for small text on a light background (contrast of 4.5:1 or more).
GREEN_TEXT: Final = "#1E7B3C"
RED_TEXT: Final = "#B3261E"
AMBER_TEXT: Final = "#B35C00"

FADED_TEXT: Final = "#AEB5BC"  # what comes in a later phase
FADED_LINE: Final = "#D3D8DD"
CAPTION_TEXT: Final = "#55606B"
EDGE_LABEL_TEXT: Final = "#4A5561"

#: Node and edge states of a view: (line colour, fill colour).
STATE_COLOURS: Final = {
    "new": (GREEN, "#E6F6EC"),  # what this phase adds
    "changed": (AMBER, "#FFF3DC"),  # what the selected options change
    "added": (GREEN, "#E6F6EC"),  # comparison: what design B adds
    "removed": (RED, "#FDECEA"),  # comparison: what design B takes away
}

#: The comparison overlay: colour and meaning, in the legend's order.
DIFF_LEGEND: Final = ((GREEN, "added by B"), (RED, "removed by B"), (AMBER, "changed by B"))

#: Graphviz attributes of each kind of cluster, after AWS's own group colours.
CLUSTER_STYLES: Final = {
    "cloud": {"pencolor": INK, "bgcolor": "#FFFFFF", "style": "rounded"},
    "region": {"pencolor": "#00A4A6", "bgcolor": "#F3FBFB", "style": "dashed,rounded"},
    "az": {"pencolor": "#147EBA", "bgcolor": "#F2F7FC", "style": "dashed,rounded"},
    "vpc": {"pencolor": "#3F8624", "bgcolor": "#F4FAF1", "style": "rounded"},
    "subnet": {"pencolor": "#7AA116", "bgcolor": "#F9FCF1", "style": "rounded"},
    "account": {"pencolor": "#CD2264", "bgcolor": "#FDF4F8", "style": "rounded"},
    "onprem": {"pencolor": "#5A6B7B", "bgcolor": "#F3F4F6", "style": "rounded"},
    "edge": {"pencolor": "#8C4FFF", "bgcolor": "#F7F3FF", "style": "dashed,rounded"},
    "generic": {"pencolor": "#AEB6BE", "bgcolor": "#F8F9FA", "style": "rounded", "fontcolor": "#5F6B77"},
}

#: A requirement check: True met, False not met, None cannot be judged.
CHECK_COLOURS: Final = {True: GREEN_TEXT, False: RED_TEXT, None: GREY}
