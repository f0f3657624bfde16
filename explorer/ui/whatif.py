"""What-if parameters, the Charts tab and the Compare tab."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .diagram_view import DiagramView
from .errors import plain

if TYPE_CHECKING:
    from explorer.domain.model import Scenario


def _decimals(*values: float | None) -> int:
    places = 0
    for value in values:
        if value is None:
            continue
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        places = max(places, len(text.partition(".")[2]))
    return max(0, min(places, 6))


class ParametersPanel(QGroupBox):
    """Spin boxes for a scenario's parameters, with the seed's values as defaults.

    Boxes are named ``param:<key>``.

    Signals:
        paramsChanged(object): the values that differ from the defaults, by key.
    """

    paramsChanged = Signal(object)

    def __init__(self, parent=None):
        super().__init__("What if", parent)
        self.setObjectName("whatIf")
        self._form = QFormLayout(self)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.boxes: dict[str, QDoubleSpinBox] = {}
        self._defaults: dict[str, float] = {}
        self._quiet = False

    def set_scenario(self, scenario: Scenario, values: dict[str, float]) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self.boxes.clear()
        self._defaults = {p.key: p.value for p in scenario.parameters}
        self.setVisible(bool(scenario.parameters))
        self._quiet = True
        for p in scenario.parameters:
            box = QDoubleSpinBox()
            box.setObjectName(f"param:{p.key}")
            box.setDecimals(_decimals(p.value, p.min, p.max))
            box.setRange(p.min if p.min is not None else -1e12, p.max if p.max is not None else 1e12)
            box.setValue(values.get(p.key, p.value))
            box.setSuffix(f" {p.unit}" if p.unit else "")
            box.setKeyboardTracking(False)
            box.setAccelerated(True)
            box.setToolTip(f"<qt>{html.escape(p.label)}: the seed's value is {p.value:g} {html.escape(p.unit)}</qt>")
            box.valueChanged.connect(self._changed)
            label = QLabel(p.label)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            self._form.addRow(label, box)
            self.boxes[p.key] = box
        if scenario.parameters:
            reset = QPushButton("Back to the seed's values")
            reset.setObjectName("resetParams")
            reset.clicked.connect(self.reset)
            self._form.addRow(reset)
        self._quiet = False

    def show_values(self, values: dict[str, float]) -> None:
        """Show these values (defaults for the rest) without announcing a change."""
        self._quiet = True
        for key, box in self.boxes.items():
            box.setValue(values.get(key, self._defaults[key]))
        self._quiet = False

    def values(self) -> dict[str, float]:
        return {k: b.value() for k, b in self.boxes.items() if abs(b.value() - self._defaults[k]) > 1e-12}

    def reset(self) -> None:
        self._quiet = True
        for key, box in self.boxes.items():
            box.setValue(self._defaults[key])
        self._quiet = False
        self.paramsChanged.emit({})

    def _changed(self) -> None:
        if not self._quiet:
            self.paramsChanged.emit(self.values())


class ChartsView(QWidget):
    """One option group's chart, its group chooser and an export button.

    Signals:
        groupChosen(str): the user picked another option group.
        exportRequested(): the user asked to save the chart as PNG.
    """

    groupChosen = Signal(str)
    exportRequested = Signal()

    def __init__(self, parent=None):
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
        self.group.blockSignals(False)
        if not scenario.option_groups:
            self.image.setText("There are no options to chart here.")
            self.png = b""

    def current_group(self) -> str | None:
        return self.group.currentData()

    def set_png(self, data: bytes, ratio: float) -> None:
        image = QImage.fromData(data, "PNG")
        image.setDevicePixelRatio(ratio)
        self.png = data
        self.image.setPixmap(QPixmap.fromImage(image))


DIFF_COLOURS = {"added": "#2E9D57", "removed": "#C62828", "changed": "#D97F00"}


class CompareView(QWidget):
    """Two designs side by side, with the difference overlay and a trade-off table.

    Combo boxes are named ``compare:a:<group>`` and ``compare:b:<group>``.

    Signals:
        selectionsChanged(object, object): the A and B selections.
        exportRequested(): the user asked to save the comparison as one PNG.
    """

    selectionsChanged = Signal(object, object)
    exportRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("compareView")
        layout = QVBoxLayout(self)
        self.choosers = QGridLayout()
        layout.addLayout(self.choosers)
        views = QSplitter()
        self.left = DiagramView(name="compareLeft")
        self.right = DiagramView(name="compareRight")
        views.addWidget(self.left)
        views.addWidget(self.right)
        layout.addWidget(views, 3)
        bottom = QHBoxLayout()
        legend = QLabel(" ".join(f"<span style='color:{c}'>■</span> {w} by B" for w, c in DIFF_COLOURS.items()))
        legend.setObjectName("compareLegend")
        bottom.addWidget(legend, 1)
        export = QPushButton("Export comparison PNG…")
        export.setObjectName("compareExport")
        export.clicked.connect(self.exportRequested.emit)
        bottom.addWidget(export)
        layout.addLayout(bottom)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("compareTable")
        self.table.setHorizontalHeaderLabels(["", "A", "B", "B − A"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 2)
        self.combos: dict[tuple[str, str], QComboBox] = {}
        self._scenario: Scenario | None = None

    def set_scenario(self, scenario: Scenario, left: dict[str, str], right: dict[str, str]) -> None:
        self._scenario = scenario
        while self.choosers.count():
            item = self.choosers.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.combos.clear()
        for row, (side, selection) in enumerate((("a", left), ("b", right))):
            tag = QLabel(f"<b>{side.upper()}</b>")
            self.choosers.addWidget(tag, row, 0)
            for column, group in enumerate(scenario.option_groups, start=1):
                combo = QComboBox()
                combo.setObjectName(f"compare:{side}:{group.key}")
                combo.setToolTip(f"<qt>{html.escape(group.label)}</qt>")
                for option in group.options:
                    combo.addItem(option.label, option.key)
                combo.setCurrentIndex(combo.findData(selection[group.key]))
                combo.currentIndexChanged.connect(self._changed)
                self.choosers.addWidget(combo, row, column)
                self.combos[(side, group.key)] = combo
        self.left.clear()
        self.right.clear()

    def selections(self) -> tuple[dict[str, str], dict[str, str]]:
        a = {g: c.currentData() for (side, g), c in self.combos.items() if side == "a"}
        b = {g: c.currentData() for (side, g), c in self.combos.items() if side == "b"}
        return a, b

    def _changed(self) -> None:
        self.selectionsChanged.emit(*self.selections())

    def show_report(self, report: dict) -> None:
        marks = {True: "✓ met", False: "✗ not met", None: "–"}
        rows = [
            (
                m["label"],
                m["left"]["display"] if m["left"] else "n/a",
                m["right"]["display"] if m["right"] else "n/a",
                m.get("difference_display") or "",
            )
            for m in report["metrics"]
        ]
        rows += [(r["text"], marks[r["left_met"]], marks[r["right_met"]], "") for r in report["requirements"]]
        diff = report["diagram"]
        rows.append(("Diagram", "", "", f"+{len(diff['added'])} −{len(diff['removed'])} ~{len(diff['changed'])}"))
        self.table.setRowCount(len(rows))
        for r, texts in enumerate(rows):
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if text.startswith("✗"):
                    item.setForeground(QColor("#B3261E"))
                elif text.startswith("✓"):
                    item.setForeground(QColor("#1E7B3C"))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()

    def rows(self) -> list[tuple[str, ...]]:
        return [tuple(self.table.item(r, c).text() for c in range(4)) for r in range(self.table.rowCount())]
