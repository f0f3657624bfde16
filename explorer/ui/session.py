"""What the app remembers between runs, and the keys of its views, without Qt.

The window (saving and restoring its state) and the start-up warm-up (rendering the
last view on a thread of its own while Qt builds the window) read the same settings.
Every settings key, the key of a view on screen and the key of the last view are
built here, from a plain mapping of settings values, so the two can never disagree.

This module imports nothing from PySide6 and no heavy module: the warm-up runs it
before Qt is ready, and the window runs it before the first scenario is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

#: Qt's logical pixels per inch: a view drawn for a screen is rendered at this DPI
#: times the screen's device pixel ratio.
SCREEN_DPI = 96

# --- settings keys -------------------------------------------------------------------
LAST_SCENARIO = "lastScenario"  # the scenario open when the app closed ("" for the overview)
WINDOW_DPI = "window/dpi"  # the resolution the window drew its diagrams at
WINDOW_GEOMETRY = "window/geometry"
WINDOW_SPLITTER = "window/splitter"
EXPORT_FOLDER = "export/folder"  # where the last export went
LIBRARY_PATH = "library/path"  # the library open last ("" for the bundled one)
LIBRARY_FOLDER = "library/folder"  # where the last library came from
SOURCES_PATH = "library/sources"  # the scenario folder open last ("" when a library file was)
THEME = "view/theme"  # View > Theme: "system" (follow the system's colour scheme), "light" or "dark"
RECENT_PLACES = "library/recent"  # File > Open Recent: JSON, explorer.library.recents.encode


def selection_key(scenario_id: str) -> str:
    """The setting that holds a scenario's selection (JSON: group key to option key)."""
    return f"scenarios/{scenario_id}/selection"


def phase_key(scenario_id: str) -> str:
    """The setting that holds a scenario's phase (0 for the complete design)."""
    return f"scenarios/{scenario_id}/phase"


def params_key(scenario_id: str) -> str:
    """The setting that holds a scenario's what-if values (JSON: parameter key to value)."""
    return f"scenarios/{scenario_id}/params"


# --- keys of views -------------------------------------------------------------------

#: A view on screen: (scenario id, sorted selection items, phase or None, DPI).
ViewKey = tuple[str, tuple[tuple[str, str], ...], int | None, int]


def screen_dpi(device_pixel_ratio: float) -> int:
    """The DPI at which a screen with this device pixel ratio shows diagrams sharply."""
    return round(SCREEN_DPI * device_pixel_ratio)


def view_key(scenario_id: str, selection: Mapping[str, str], phase: int | None, dpi: int) -> ViewKey:
    """The key of one view as drawn on screen (what ``RenderingController.settled`` compares)."""
    return (scenario_id, tuple(sorted(selection.items())), phase, dpi)


# --- reading saved values ------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _json(value: object) -> object:
    """A saved JSON value, or None when there is none or it cannot be read."""
    text = _text(value)
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _count(value: object) -> int | None:
    """A saved whole number of 0 or more, or None when the value is not one."""
    text = _text(value)
    return int(text) if text.isascii() and text.isdigit() else None


def saved_selection(values: Mapping[str, object], scenario_id: str) -> dict[str, str] | None:
    """The selection saved for a scenario as it was written, or None if none (or none readable) was."""
    selection = _json(values.get(selection_key(scenario_id)))
    return selection if isinstance(selection, dict) else None


def saved_phase(values: Mapping[str, object], scenario_id: str) -> int | None:
    """The phase saved for a scenario (a number from 1), or None for the complete design."""
    phase = _count(values.get(phase_key(scenario_id), 0))
    return phase if phase else None


def saved_params(values: Mapping[str, object], scenario_id: str) -> dict[str, float]:
    """The numbers saved as what-if values for a scenario (``{}`` if none); check them against
    the scenario (``explorer.domain.params.check_params``) before use."""
    params = _json(values.get(params_key(scenario_id)))
    if not isinstance(params, dict):
        return {}
    return {key: value for key, value in params.items() if isinstance(value, int | float)}


def saved_dpi(values: Mapping[str, object]) -> int:
    """The DPI the window last drew at (``SCREEN_DPI`` if it never saved one)."""
    return _count(values.get(WINDOW_DPI, SCREEN_DPI)) or SCREEN_DPI


# --- writing values ------------------------------------------------------------------


def scenario_state(scenario_id: str, selection: Mapping[str, str], phase: int | None) -> dict[str, object]:
    """The settings to write when leaving a scenario: its selection and phase, and that it was open last."""
    return {
        selection_key(scenario_id): json.dumps(dict(selection)),
        phase_key(scenario_id): phase or 0,
        LAST_SCENARIO: scenario_id,
    }


def params_value(params: Mapping[str, float]) -> str:
    """What-if values as saved under ``params_key``."""
    return json.dumps(dict(params))


# --- the last view -------------------------------------------------------------------


@dataclass(frozen=True)
class LastView:
    """The view that was on screen when the app closed, as the settings remember it.

    ``selection`` is the selection as saved (None if none was saved or it cannot be
    read); a consumer that has the scenario at hand completes it with the defaults,
    which changes nothing for a selection the window saved, since it saves complete
    ones. ``dpi`` is the resolution the window drew at.
    """

    scenario_id: str
    selection: dict[str, str] | None
    phase: int | None
    dpi: int

    def key(self, selection: Mapping[str, str] | None = None, dpi: int | None = None) -> ViewKey:
        """This view's key, with ``selection`` (default: the saved one) at ``dpi`` (default: the saved one)."""
        chosen = self.selection if selection is None else selection
        return view_key(self.scenario_id, chosen or {}, self.phase, self.dpi if dpi is None else dpi)


def last_view(values: Mapping[str, object]) -> LastView | None:
    """The last view the settings remember, or None when the overview (or nothing) was open last."""
    scenario_id = _text(values.get(LAST_SCENARIO, ""))
    if not scenario_id:
        return None
    return LastView(
        scenario_id,
        saved_selection(values, scenario_id),
        saved_phase(values, scenario_id),
        saved_dpi(values),
    )
