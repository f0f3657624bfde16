"""The one colour palette: every colour the diagrams, charts, exports and panels use.

Colours carry meaning across the product (green is what a phase or design B adds, amber
what the selected options change, red what is removed or not met), so they are named by
meaning here and nowhere else. Values are ``#RRGGBB`` strings that Graphviz, matplotlib,
HTML and Qt all accept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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


# --- themes: the diagram on a light or a dark background ---------------------------------


@dataclass(frozen=True)
class Theme:
    """The colours of a diagram drawn on screen or exported with ``--theme``."""

    name: str
    background: str
    text: str
    edge: str
    edge_label: str
    faded_text: str
    faded_line: str
    faded_opacity: float
    hover: str
    states: Mapping[str, tuple[str, str]]
    clusters: Mapping[str, Mapping[str, str]]
    plate: str = ""  # a light plate behind each icon ("" for none)


LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text="#2D3436",
    edge=EDGE_COLOUR,
    edge_label=EDGE_LABEL_TEXT,
    faded_text=FADED_TEXT,
    faded_line=FADED_LINE,
    faded_opacity=0.30,
    hover="#147EBA",
    states=STATE_COLOURS,
    clusters=CLUSTER_STYLES,
)

# On a dark background the cluster fills become deep tints of their border colour and
# the borders and titles lighter shades, so every text keeps a contrast of 4.5:1 or more.
DARK = Theme(
    name="dark",
    background="#1B1F24",
    text="#E6E9ED",
    edge="#9AA5B1",
    edge_label="#C3CAD2",
    faded_text="#5E6873",
    faded_line="#3D444C",
    faded_opacity=0.35,
    hover="#5FB4FF",
    states={
        "new": ("#4CC47A", "#17331F"),
        "changed": ("#F0A030", "#3A2A10"),
        "added": ("#4CC47A", "#17331F"),
        "removed": ("#F06262", "#3D1A1A"),
    },
    clusters={
        "cloud": {"pencolor": "#C9D1D9", "bgcolor": "#1B1F24", "style": "rounded"},
        "region": {"pencolor": "#3CC8CA", "bgcolor": "#162628", "style": "dashed,rounded"},
        "az": {"pencolor": "#5AAEE6", "bgcolor": "#16212C", "style": "dashed,rounded"},
        "vpc": {"pencolor": "#7CC45A", "bgcolor": "#1A2618", "style": "rounded"},
        "subnet": {"pencolor": "#A9CF4A", "bgcolor": "#1F2616", "style": "rounded"},
        "account": {"pencolor": "#F06A9E", "bgcolor": "#2C1822", "style": "rounded"},
        "onprem": {"pencolor": "#A3B1BF", "bgcolor": "#20252B", "style": "rounded"},
        "edge": {"pencolor": "#B28CFF", "bgcolor": "#221C30", "style": "dashed,rounded"},
        "generic": {"pencolor": "#8D99A6", "bgcolor": "#20252B", "style": "rounded", "fontcolor": "#C3CAD2"},
    },
    plate="#E4E9EF",
)

THEMES: Final = {"light": LIGHT, "dark": DARK}
