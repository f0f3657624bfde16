"""The main window's what-if parameters, Charts tab and Compare tab (a mixin of MainWindow)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QImage

from explorer.output.settings import ExportSettings

from .export_dialog import ExportDialog
from .renderer import SCREEN_DPI


class WhatIfMixin:
    """What-if values, charts and comparisons; mixed into MainWindow, which owns the widgets."""

    # --- what-if, charts and comparison --------------------------------------------------

    def set_params(self, values: dict) -> None:
        """Apply what-if parameter values: checks, figures and the recommendation follow."""
        from explorer.domain.tradeoffs import recommend

        if self.scenario is None:
            return
        self.params = dict(values)
        self.params_panel.show_values(self.params)
        if self.scenario.kind == "scenario":
            self.recommendation = recommend(self.scenario, self.params)
        self.settings.setValue(f"scenarios/{self.scenario.id}/params", json.dumps(self.params))
        self._update()

    def _refresh_side_views(self) -> None:
        current = self.centre_tabs.currentWidget()
        if current is self.charts:
            self._refresh_chart()
        elif current is self.compare_view:
            self._refresh_compare()

    def _refresh_chart(self) -> None:
        group = self.charts.current_group()
        if self.scenario is None or not group:
            return
        scenario, params, selected = self.scenario, dict(self.params), self.selection.get(group)
        ratio = self.devicePixelRatioF()

        def work() -> tuple:
            from explorer.output.charts import group_chart_png

            return group_chart_png(scenario, group, params, selected, dpi=round(100 * ratio)), ratio

        self.charter.request(work)

    def _on_chart(self, _request_id: int, result: object) -> None:
        data, ratio = result  # type: ignore[misc]
        self.charts.set_png(data, ratio)
        self.chartShown.emit()

    def _refresh_compare(self) -> None:
        if self.scenario is None or not self.scenario.option_groups:
            return
        left, right = self.compare_view.selections()
        scenario, params, phase = self.scenario, dict(self.params), self.phase
        dpi = round(SCREEN_DPI * self.devicePixelRatioF())

        def work() -> tuple:
            from explorer.domain.compare import compare
            from explorer.drawing.render import render_view
            from explorer.output.comparison import comparison_report

            result = compare(scenario, left, right, phase, params)
            images = [
                QImage.fromData(render_view(v, dpi=dpi, persist=True), "PNG") for v in (result.left, result.right)
            ]
            return comparison_report(result), images, dpi / SCREEN_DPI

        self.comparer.request(work)

    def _on_compare(self, _request_id: int, result: object) -> None:
        report, images, ratio = result  # type: ignore[misc]
        self.compare_view.left.set_image(images[0], ratio)
        self.compare_view.right.set_image(images[1], ratio)
        self.compare_view.show_report(report)
        self.compareShown.emit()

    def export_chart(self) -> None:
        group = self.charts.current_group()
        if self.scenario is None or not group:
            return
        path = self.ask_save_path("png")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        scenario, params, selected = self.scenario, dict(self.params), self.selection.get(group)

        def work() -> bytes:
            from explorer.output.charts import group_chart_png

            return group_chart_png(scenario, group, params, selected, dpi=150)

        self.exporter.submit(Path(path), work)

    def export_comparison(self, settings: ExportSettings | None = None, path: str | None = None) -> None:
        """Both designs side by side in one PNG, with the export settings applied."""
        if self.scenario is None or not self.scenario.option_groups:
            return
        settings = settings or ExportDialog.ask(self.settings, self, "png")
        if settings is None:
            return
        path = path or self.ask_save_path("png")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        left, right = self.compare_view.selections()
        scenario, params, phase = self.scenario, dict(self.params), self.phase

        def work() -> bytes:
            from explorer.domain.compare import compare
            from explorer.output.comparison import comparison_png

            return comparison_png(compare(scenario, left, right, phase, params), settings)

        self.exporter.submit(Path(path), work)
