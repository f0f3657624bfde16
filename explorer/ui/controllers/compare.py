"""The Compare tab: two designs drawn off the UI thread with their table, and their export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QWidget

from explorer.output.settings import ExportSettings

from ..compare_view import CompareView
from ..diagram_view import DiagramView
from ..export_dialog import ExportDialog
from ..export_queue import ExportQueue
from ..renderer import RenderService
from .questions import Questions
from .rendering import Prepared, prepare
from .state import ViewState

if TYPE_CHECKING:
    from explorer.domain.compose import View
    from explorer.domain.model import Scenario


class Comparison(NamedTuple):
    """A comparison ready to show: its report (as ``comparison_report`` gives it), both
    views, and the scenario's one layout they are both drawn from (so they line up)."""

    report: dict
    left: View
    right: View
    prepared: Prepared


class CompareController(QObject):
    """Keeps the Compare tab in step with the scenario, its phase and the what-if values.

    Signals:
        compareShown(): the tab shows both designs and their table.
    """

    compareShown = Signal()

    def __init__(
        self,
        state: ViewState,
        view: CompareView,
        settings: QSettings,
        pixel_ratio: Callable[[], float],
        exports: ExportQueue,
        questions: Questions,
        window: QWidget,
    ):
        super().__init__(window)
        self._state = state
        self._view = view
        self._settings = settings
        self._pixel_ratio = pixel_ratio
        self._exports = exports
        self._questions = questions
        self._window = window
        self.comparer = RenderService(self)
        self.comparer.rendered.connect(self._on_compare)
        self.comparer.failed.connect(lambda _id, message: view.left.show_message(message))
        # A result is shown in two turns, design A then design B and the table, so that
        # the window draws and takes keys between them (each side may build its scene).
        self._rest: Comparison | None = None
        self._rest_timer = QTimer(self, singleShot=True, interval=1)
        self._rest_timer.timeout.connect(self._show_rest)

    def set_scenario(self, scenario: Scenario) -> None:
        """Start a scenario's comparison: A is the current selection, B the next option of the first group."""
        if not scenario.option_groups:
            return
        selection = self._state.selection
        first = scenario.option_groups[0]
        keys = [o.key for o in first.options]
        other = keys[(keys.index(selection[first.key]) + 1) % len(keys)]
        self._view.set_scenario(scenario, dict(selection), {**selection, first.key: other})

    def refresh(self) -> None:
        """Draw both designs and their table (in a worker); ``compareShown`` follows."""
        scenario = self._state.scenario
        if scenario is None or not scenario.option_groups:
            return
        left, right = self._view.selections()
        params, phase = dict(self._state.params), self._state.phase
        digest, generation = self._state.content_digest, self._state.generation

        def work() -> Comparison:
            from explorer.domain.compare import compare
            from explorer.output.comparison import comparison_report

            result = compare(scenario, left, right, phase, params)
            return Comparison(
                comparison_report(result), result.left, result.right, prepare(scenario, digest, generation)
            )

        self.comparer.request(work)

    def _on_compare(self, _request_id: int, result: object) -> None:
        if isinstance(result, Comparison) and self._current(result):
            self._show_side(self._view.left, result.left, result.prepared)
            self._rest = result
            self._rest_timer.start()

    def _show_rest(self) -> None:
        result, self._rest = self._rest, None
        if result is not None and self._current(result):
            self._show_side(self._view.right, result.right, result.prepared)
            self._view.show_report(result.report)
            self.compareShown.emit()

    def _current(self, result: Comparison) -> bool:
        scenario = self._state.scenario
        return scenario is not None and result.prepared.scenario_id == scenario.id

    def _show_side(self, side: DiagramView, view: View, p: Prepared) -> None:
        scenario = self._state.scenario
        assert scenario is not None
        if side.shown_layout() is None or side.shown_layout() is not p.layouts.get(side.direction()):
            # Keyed by content, as the main diagram's: a scenario compared again shows its kept scene.
            side.set_layouts(p.layouts, scenario.direction, p.kinds, p.icons, p.tooltips, key=(p.scenario_id, p.digest))
        side.show_view(view)

    def export_comparison(self, settings: ExportSettings | None = None, path: str | None = None) -> None:
        """Both designs side by side in one PNG, with the export settings applied (asked for if not given)."""
        scenario = self._state.scenario
        if scenario is None or not scenario.option_groups:
            return
        settings = settings or ExportDialog.ask(self._settings, self._window, "png")
        if settings is None:
            return
        path = path or self._questions.save_path("png")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        left, right = self._view.selections()
        params, phase = dict(self._state.params), self._state.phase
        chosen = settings

        def work() -> bytes:
            from explorer.domain.compare import compare
            from explorer.output.comparison import comparison_png

            return comparison_png(compare(scenario, left, right, phase, params), chosen)

        self._exports.submit(Path(path), work)

    def shutdown(self) -> None:
        self.comparer.shutdown()
