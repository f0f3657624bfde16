"""The Charts tab: drawing the chart of one option group off the UI thread, and exporting it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ..charts_view import ChartsView
from ..export_queue import ExportQueue
from ..renderer import RenderService
from .questions import Questions
from .state import ViewState

EXPORT_DPI = 150


class Chart(NamedTuple):
    """A drawn chart: the PNG, the device pixel ratio it was drawn for, and the PNG
    decoded (in the worker: a large chart took up to 15 ms of the UI thread to decode)."""

    png: bytes
    ratio: float
    image: QImage


def _chart(png: bytes, ratio: float) -> Chart:
    # The stubs ask for bytes as the format, but this PySide6 refuses bytes (ValueError) and takes str.
    image = QImage.fromData(png, "PNG")  # type: ignore[arg-type]
    image.setDevicePixelRatio(ratio)
    return Chart(png, ratio, image)


class ChartsController(QObject):
    """Keeps the Charts tab's chart in step with the scenario, the selection and the what-if values.

    Signals:
        chartShown(): the tab shows an up-to-date chart.
    """

    chartShown = Signal()

    def __init__(
        self,
        state: ViewState,
        view: ChartsView,
        pixel_ratio: Callable[[], float],
        exports: ExportQueue,
        questions: Questions,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._state = state
        self._view = view
        self._pixel_ratio = pixel_ratio
        self._exports = exports
        self._questions = questions
        self.charter = RenderService(self)
        self.charter.rendered.connect(self._on_chart)
        self.charter.busyChanged.connect(view.set_busy)
        self.charter.failed.connect(lambda _id, message: view.image.setText(f"The chart could not be drawn: {message}"))

    def refresh(self) -> None:
        """Draw the chosen group's chart (in a worker); ``chartShown`` follows."""
        group = self._view.current_group()
        scenario = self._state.scenario
        if scenario is None or not group:
            return
        params, selected = dict(self._state.params), self._state.selection.get(group)
        ratio = self._pixel_ratio()

        def work() -> Chart:
            from explorer.output.charts import TIPPING_CHART, group_chart_png, tipping_chart_png

            from .. import processes

            dpi = round(100 * ratio)
            if group == TIPPING_CHART:  # matplotlib in a worker process: off the UI's GIL
                return _chart(processes.run(tipping_chart_png, scenario, params, dpi), ratio)
            return _chart(processes.run(group_chart_png, scenario, group, params, selected, dpi), ratio)

        self.charter.request(work)

    def _on_chart(self, _request_id: int, result: object) -> None:
        if isinstance(result, Chart):
            self._view.set_png(result.png, result.image)
            self.chartShown.emit()

    def export_chart(self) -> None:
        """Ask where, then write the chosen group's chart as a PNG (in the background)."""
        group = self._view.current_group()
        scenario = self._state.scenario
        if scenario is None or not group:
            return
        path = self._questions.save_path("png")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        params, selected = dict(self._state.params), self._state.selection.get(group)

        def work() -> bytes:
            from explorer.output.charts import TIPPING_CHART, group_chart_png, tipping_chart_png

            if group == TIPPING_CHART:
                return tipping_chart_png(scenario, params, dpi=EXPORT_DPI)
            return group_chart_png(scenario, group, params, selected, dpi=EXPORT_DPI)

        self._exports.submit(Path(path), work)

    def shutdown(self) -> None:
        self.charter.shutdown()
