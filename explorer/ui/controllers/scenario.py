"""Which scenario is open, with which options and at which phase, remembered per scenario."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from explorer.library.store import Library, LibraryError

from .. import session
from ..settings_values import SettingsValues
from .problems import ProblemReporter
from .state import ViewState

if TYPE_CHECKING:
    from explorer.domain.model import Scenario


class ScenarioController(QObject):
    """Opens scenarios from the library, changes their selection and phase, and saves both.

    Signals:
        changed(): the selection or the phase changed; the panels and the diagram follow.
    """

    changed = Signal()

    def __init__(
        self,
        state: ViewState,
        library: Callable[[], Library],
        settings: QSettings,
        problems: ProblemReporter,
        showing_scenario: Callable[[], bool],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._state = state
        self._library = library
        self._settings = settings
        self._problems = problems
        self._showing_scenario = showing_scenario

    def load(self, scenario_id: str) -> Scenario | None:
        """Make ``scenario_id`` current with its saved selection and phase (None on a problem, reported).

        The scenario that was open has its state saved first.
        """
        from explorer.domain.tradeoffs import SelectionError, complete_selection

        state = self._state
        if state.scenario is not None:
            self.save()
        library = self._library()
        try:
            scenario = library.get(scenario_id)
            digest = library.content_digest(scenario.id)
        except LibraryError as err:
            self._problems.report("Scenario Explorer", str(err))
            return None
        state.content_digest = digest
        state.scenario = scenario
        values = SettingsValues(self._settings)
        try:
            state.selection = complete_selection(scenario, session.saved_selection(values, scenario.id) or {})
        except SelectionError:
            state.selection = complete_selection(scenario)
        phase = session.saved_phase(values, scenario.id)
        state.phase = phase if phase is not None and phase <= len(scenario.phases_for(state.selection)) else None
        return scenario

    def adopt(self, scenario: Scenario, digest: str) -> None:
        """The open scenario, changed (edited, or its file changed on disk): the selection
        keeps what still fits and the phase stays, unless it is past the new last one."""
        from explorer.domain.tradeoffs import SelectionError, complete_selection

        state = self._state
        kept = {g.key: state.selection[g.key] for g in scenario.option_groups if g.key in state.selection}
        try:
            selection = complete_selection(scenario, kept)
        except SelectionError:
            selection = complete_selection(scenario)
        state.scenario = scenario
        state.selection = selection
        state.content_digest = digest
        if state.phase is not None and state.phase > len(scenario.phases_for(selection)):
            state.phase = None

    def save(self) -> None:
        """Remember the open scenario's selection and phase, and that it was open last."""
        scenario = self._state.scenario
        if scenario is not None and self._showing_scenario():
            for key, value in session.scenario_state(scenario.id, self._state.selection, self._state.phase).items():
                self._settings.setValue(key, value)

    def choose_option(self, group_key: str, option_key: str) -> None:
        from explorer.domain.constraints import follow
        from explorer.domain.tradeoffs import complete_selection

        scenario = self._state.scenario
        if scenario is None:
            return
        chosen = complete_selection(scenario, {**self._state.selection, group_key: option_key})
        # Later groups that no longer fit the choice move to an option that does.
        self._select(follow(scenario, chosen, group_key, option_key, self._state.recommendation))

    def apply_recommendation(self) -> None:
        if self._state.scenario is not None and self._state.recommendation:
            self._select(dict(self._state.recommendation))

    def _select(self, selection: dict[str, str]) -> None:
        state = self._state
        before = state.phases
        state.selection = selection
        if state.phases != before and state.phase is not None and state.phase > len(state.phases):
            state.phase = None  # this variant has fewer steps
        self.changed.emit()

    def show_view(self, selection: dict[str, str], phase: int | None) -> None:
        """Show this selection (what of it fits the open scenario) at this phase, as
        Back, Forward, Undo and Redo bring a view back."""
        from explorer.domain.tradeoffs import SelectionError, complete_selection

        scenario = self._state.scenario
        if scenario is None:
            return
        try:
            self._state.selection = complete_selection(scenario, selection)
        except SelectionError:
            self._state.selection = complete_selection(scenario)
        count = len(self._state.phases)
        self._state.phase = phase if phase is not None and 1 <= phase <= count else None
        self.changed.emit()

    def set_phase(self, phase: int | None) -> None:
        if self._state.scenario is None:
            return
        self._state.phase = phase
        self.changed.emit()

    def step_phase(self, delta: int) -> None:
        """The next (``delta`` 1) or previous (-1) phase; past either end, the complete design."""
        if self._state.scenario is None:
            return
        count = len(self._state.phases)
        target = (self._state.phase or 0) + delta
        self.set_phase(None if target < 1 or target > count else target)
