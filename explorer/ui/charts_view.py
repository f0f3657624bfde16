"""The Charts tab: one option group's chart, its group chooser and an export button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from .errors import plain

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
        self.group.currentIndexChanged.connect(lambda _i: self.groupChosen.emit(self.group.currentData() or ""))
        bar.addWidget(self.group, 1)
        export = QPushButton("Export PNG…")
        export.setObjectName("chartExport")
        export.clicked.connect(self.exportRequested.emit)
        bar.addWidget(export)
        layout.addLayout(bar)
        self.image = QLabel()
        self.image.setObjectName("chartImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("QScrollArea { background: white; }")
        layout.addWidget(scroll, 1)
        self.png = b""

    def set_groups(self, scenario: Scenario) -> None:
        self.group.blockSignals(True)
        self.group.clear()
        for g in scenario.option_groups:
            self.group.addItem(plain(g.label).replace("&&", "&"), g.key)
        if scenario.option_groups and scenario.parameters and scenario.kind == "scenario":
            from explorer.output.charts import TIPPING_CHART

            self.group.addItem("Tipping points (what-if ranges)", TIPPING_CHART)
        self.group.blockSignals(False)
        if not scenario.option_groups:
            self.image.setText("There are no options to chart here.")
            self.png = b""

    def current_group(self) -> str | None:
        return self.group.currentData()

    def set_png(self, data: bytes, ratio: float) -> None:
        # The stubs ask for bytes as the format, but this PySide6 refuses bytes (ValueError) and takes str.
        image = QImage.fromData(data, "PNG")  # type: ignore[arg-type]
        image.setDevicePixelRatio(ratio)
        self.png = data
        self.image.setPixmap(QPixmap.fromImage(image))
