"""Where the user has been: the views looked at, for Back and Forward, without Qt.

A view is what the window shows: a scenario (or the overview) with its selection,
phase and what-if values. ``ViewHistory`` keeps the views left behind, so that Back
returns to them and Forward undoes a Back, as a web browser does. Rapid what-if
changes of one scenario (a spin box held down, a value typed digit by digit) make one
entry, not one per value: a parameter change that comes within ``merge_within``
seconds of the last one leaves no entry of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class View:
    """One view: ``scenario_id`` None is the overview (the other fields are then empty)."""

    scenario_id: str | None
    selection: tuple[tuple[str, str], ...] = ()
    phase: int | None = None
    params: tuple[tuple[str, float], ...] = ()

    @classmethod
    def of(
        cls,
        scenario_id: str | None,
        selection: Mapping[str, str] | None = None,
        phase: int | None = None,
        params: Mapping[str, float] | None = None,
    ) -> View:
        if scenario_id is None:
            return cls(None)
        return cls(
            scenario_id,
            tuple(sorted((selection or {}).items())),
            phase,
            tuple(sorted((params or {}).items())),
        )

    def only_params_differ(self, other: View) -> bool:
        """The same scenario, selection and phase as ``other``, with other what-if values."""
        return (
            self.scenario_id == other.scenario_id
            and self.scenario_id is not None
            and self.selection == other.selection
            and self.phase == other.phase
            and self.params != other.params
        )


@dataclass
class ViewHistory:
    """The views behind (``back``, the newest last) and ahead (``forward``, the next last).

    ``moved(left, now, at)`` notes that the user went from ``left`` to ``now`` at time
    ``at`` (seconds, from any steady clock); ``go_back(current)`` and ``go_forward(current)``
    give the view to show instead of ``current``, or None when there is none.
    """

    limit: int = 100
    merge_within: float = 1.0
    back: list[View] = field(default_factory=list)
    forward: list[View] = field(default_factory=list)
    _last_params_change: tuple[str | None, float] | None = None

    def moved(self, left: View, now: View, at: float) -> None:
        if left == now:
            return
        params_only = now.only_params_differ(left)
        last = self._last_params_change
        self._last_params_change = (now.scenario_id, at) if params_only else None
        self.forward.clear()
        if params_only and last is not None and last[0] == now.scenario_id and at - last[1] < self.merge_within:
            return  # one entry for a burst of what-if changes: the view before the burst
        self.back.append(left)
        del self.back[: -self.limit]

    def go_back(self, current: View) -> View | None:
        if not self.back:
            return None
        self._last_params_change = None
        self.forward.append(current)
        return self.back.pop()

    def go_forward(self, current: View) -> View | None:
        if not self.forward:
            return None
        self._last_params_change = None
        self.back.append(current)
        return self.forward.pop()

    def clear(self) -> None:
        self.back.clear()
        self.forward.clear()
        self._last_params_change = None


# --- what an edit is called (Edit > Undo …, Redo …) ---------------------------------


def choice_text(option_label: str) -> str:
    return f"Choose {option_label}"


def phase_text(phase: int | None) -> str:
    return "Complete design" if phase is None else f"Phase {phase}"


def params_text(labels: Mapping[str, str], before: Mapping[str, float], after: Mapping[str, float]) -> str:
    """A what-if change from ``before`` to ``after`` (values by key; a missing key is at its
    default), named by the parameter it changed (``labels``: parameter key to label)."""
    changed = sorted(k for k in {*before, *after} if before.get(k) != after.get(k))
    if len(changed) == 1:
        return f"What-if: {labels.get(changed[0], changed[0])}"
    if not after and before:
        return "What-if: the chapter's values"
    return f"What-if: {len(changed)} values"
