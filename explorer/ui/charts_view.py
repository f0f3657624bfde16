"""The Charts tab: one option group's chart, its group chooser and an export button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from .busy_badge import BusyBadge
from .errors import plain
from .theme import follow, style_sheet

if TYPE_CHECKING:
    from explorer.domain.model import Scenario


class ChartsView(QWidget):
    """One option group's chart, its group chooser and an export button.

    Signals:
        groupChosen(str): the user picked another option group.
        exportRequested(): the user asked to save the chart as PNG.
    """

    groupChosen = Signal(str)
    exportRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartsView")
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Option group:"))
        self.group = QComboBox()
        self.group.setObjectName("chartGroup")
        self.group.setToolTip("Which decision to chart: its options' figures side by side, or the tipping points")
        self.group.setAccessibleName("Decision to chart")
        self.group.currentIndexChanged.connect(lambda _i: self.groupChosen.emit(self.group.currentData() or ""))
        bar.addWidget(self.group, 1)
        export = QPushButton("Export PNG…")
        export.setObjectName("chartExport")
        export.setToolTip("Save this chart as a PNG image")
        export.clicked.connect(self.exportRequested.emit)
        bar.addWidget(export)
        layout.addLayout(bar)
        self.image = QLabel()
        self.image.setObjectName("chartImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setWordWrap(True)
        # A chart is drawn on white in either theme: framed, it reads as a picture on the page.
        page = QWidget()
        page.setObjectName("chartPage")
        centred = QVBoxLayout(page)
        centred.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        centred.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        follow(
            self,
            lambda c: style_sheet(
                self.image,
                f"QLabel#chartImage {{ background: {c.canvas}; color: {c.canvas_text};"
                f" border: 1px solid {c.canvas_frame}; padding: 4px; }}",
            ),
        )
        layout.addWidget(scroll, 1)
        self.busy = BusyBadge(scroll.viewport(), "chartsViewBusy")
        self.png = b""
        self.unavailable = ""

    def set_groups(self, scenario: Scenario) -> None:
        """The scenario's groups with figures to chart; ``unavailable`` says why there are none."""
        from explorer.output.charts import TIPPING_CHART, chartable_groups, nothing_to_chart

        self.group.blockSignals(True)
        self.group.clear()
        chartable = set(chartable_groups(scenario))
        for g in scenario.option_groups:
            if g.key in chartable:
                self.group.addItem(plain(g.label).replace("&&", "&"), g.key)
        if chartable and scenario.parameters and scenario.kind == "scenario":
            self.group.addItem("Tipping points (what-if ranges)", TIPPING_CHART)
        self.group.blockSignals(False)
        self.unavailable = nothing_to_chart(scenario)
        self.image.clear()
        self.png = b""
        if self.unavailable:
            self.image.setText(self.unavailable)

    def set_busy(self, busy: bool) -> None:
        """The "Rendering…" badge: at once while nothing is shown yet, else after a moment."""
        self.busy.set_busy(busy, at_once=not self.png)

    def current_group(self) -> str | None:
        return self.group.currentData()

    def set_png(self, data: bytes, image: QImage) -> None:
        """Show a chart: its PNG (kept for export and tests) and that PNG decoded, at its
        device pixel ratio."""
        self.png = data
        self.image.setPixmap(QPixmap.fromImage(image))
        self.busy.set_busy(False)
