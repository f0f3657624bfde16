"""What-if values: a scenario's parameters, remembered per scenario, and the recommendation they give."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from .. import session
from ..renderer import RenderService
from ..settings_values import SettingsValues
from ..whatif import ParametersPanel
from .state import ViewState

if TYPE_CHECKING:
    from explorer.domain.explain import Explanation

#: How many recommendations (with their reasons) are kept for going back to them.
EXPLANATIONS_KEPT = 64


class WhatIfController(QObject):
    """Applies what-if values to the current scenario and keeps the panel and settings in step.

    Signals:
        changed(): the values (and so the checks, figures and recommendation) changed.
    """

    changed = Signal()

    def __init__(self, state: ViewState, settings: QSettings, panel: ParametersPanel, parent: QObject | None = None):
        super().__init__(parent)
        self._state = state
        self._settings = settings
        # Tipping points: every parameter swept, in a worker process (tens to hundreds of ms).
        self.tipper = RenderService(self)
        self.tipper.rendered.connect(self._on_tips)
        self._panel = panel
        # explain() by (scenario, content digest, values): going back to a scenario, or to
        # values tried before, needs no new sweep of the options (a few to tens of ms).
        self._explained: OrderedDict[tuple[str, str, tuple[tuple[str, float], ...]], Explanation] = OrderedDict()

    def restore_values(self) -> None:
        """The saved values of the scenario just opened, and its recommendation, in the state."""
        from explorer.domain.params import check_params

        state = self._state
        scenario = state.scenario
        assert scenario is not None
        saved = session.saved_params(SettingsValues(self._settings), scenario.id)
        try:
            state.params = check_params(scenario, saved)
        except (ValueError, TypeError):
            state.params = {}
        self._recommend()

    def show(self) -> None:
        """The what-if panel on the open scenario's values (and its tipping points asked for)."""
        assert self._state.scenario is not None
        self._panel.set_scenario(self._state.scenario, self._state.params)
        self._ask_for_tips()

    def _recommend(self) -> None:
        """The recommendation for the current values, and why (a few milliseconds)."""
        from explorer.domain.explain import explain

        state = self._state
        assert state.scenario is not None
        if state.scenario.kind == "scenario" and state.scenario.option_groups:
            key = (state.scenario.id, state.content_digest, tuple(sorted(state.params.items())))
            explanation = self._explained.get(key)
            if explanation is None:
                explanation = explain(state.scenario, state.params)
                self._explained[key] = explanation
                while len(self._explained) > EXPLANATIONS_KEPT:
                    self._explained.popitem(last=False)
            self._explained.move_to_end(key)
            state.explanation = explanation
            state.recommendation = dict(state.explanation.selection)
        else:
            state.explanation = None
            state.recommendation = {}

    def _ask_for_tips(self) -> None:
        state = self._state
        scenario, params = state.scenario, dict(state.params)
        if scenario is None or scenario.kind != "scenario" or not scenario.option_groups or not scenario.parameters:
            self.tipper.supersede()
            return

        def work() -> tuple[str, dict[str, str]]:
            from explorer.domain.sweep import tipping_lines

            from .. import processes

            return scenario.id, processes.run(tipping_lines, scenario, params)  # off the UI's GIL

        self.tipper.request(work)

    def _on_tips(self, _request: int, result: object) -> None:
        assert isinstance(result, tuple)
        scenario_id: str = result[0]
        lines: dict[str, str] = result[1]
        if self._state.scenario is not None and self._state.scenario.id == scenario_id:
            self._panel.show_tips(lines)

    def shutdown(self) -> None:
        self.tipper.shutdown()

    def set_params(self, values: Mapping[str, float]) -> None:
        """Apply what-if parameter values: checks, figures and the recommendation follow."""

        state = self._state
        if state.scenario is None:
            return
        state.params = dict(values)
        self._panel.show_values(state.params)
        self._recommend()
        self._ask_for_tips()
        self._settings.setValue(session.params_key(state.scenario.id), session.params_value(state.params))
        self.changed.emit()
