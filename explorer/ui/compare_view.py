"""The Compare tab: two designs side by side, with the difference overlay and a trade-off table."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.drawing.palette import DIFF_LEGEND

from .diagram_view import DiagramView
from .theme import Colours, colours_for, follow

if TYPE_CHECKING:
    from explorer.domain.model import Scenario

_MARKS = {True: "✓ met", False: "✗ not met", None: "–"}


class CompareView(QWidget):
    """Two designs side by side, with the difference overlay and a trade-off table.

    Combo boxes are named ``compare:a:<group>`` and ``compare:b:<group>``.

    Signals:
        selectionsChanged(object, object): the A and B selections.
        exportRequested(): the user asked to save the comparison as one PNG.
    """

    selectionsChanged = Signal(object, object)
    exportRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compareView")
        layout = QVBoxLayout(self)
        self.choosers = QGridLayout()
        layout.addLayout(self.choosers)
        views = QSplitter()
        self.left = DiagramView(name="compareLeft", interactive=False)
        self.right = DiagramView(name="compareRight", interactive=False)
        views.addWidget(self.left)
        views.addWidget(self.right)
        layout.addWidget(views, 3)
        bottom = QHBoxLayout()
        legend = QLabel()
        legend.setObjectName("compareLegend")
        self._legend = legend
        bottom.addWidget(legend, 1)
        export = QPushButton("Export comparison PNG…")
        export.setObjectName("compareExport")
        export.setToolTip("Save both designs side by side, with the table of their differences, as one PNG")
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
        follow(self, self._recolour)
        self.combos: dict[tuple[str, str], QComboBox] = {}
        self._scenario: Scenario | None = None

    def set_scenario(self, scenario: Scenario, left: dict[str, str], right: dict[str, str]) -> None:
        self._scenario = scenario
        while self.choosers.count():
            item = self.choosers.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos.clear()
        for row, (side, selection) in enumerate((("a", left), ("b", right))):
            tag = QLabel(f"<b>{side.upper()}</b>")
            self.choosers.addWidget(tag, row, 0)
            for column, group in enumerate(scenario.option_groups, start=1):
                combo = QComboBox()
                combo.setObjectName(f"compare:{side}:{group.key}")
                combo.setToolTip(f"<qt>{html.escape(group.label)}</qt>")
                # Long option labels must not widen the whole window: a combo shrinks
                # to ten characters and shows the full label in its list.
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                combo.setMinimumContentsLength(10)
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
        rows = [
            (
                m["label"],
                m["left"]["display"] if m["left"] else "n/a",
                m["right"]["display"] if m["right"] else "n/a",
                m.get("difference_display") or "",
            )
            for m in report["metrics"]
        ]
        rows += [(r["text"], _MARKS[r["left_met"]], _MARKS[r["right_met"]], "") for r in report["requirements"]]
        diff = report["diagram"]
        rows.append(("Diagram", "", "", f"+{len(diff['added'])} −{len(diff['removed'])} ~{len(diff['changed'])}"))
        self.table.setRowCount(len(rows))
        for r, texts in enumerate(rows):
            for c, text in enumerate(texts):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self._recolour(colours_for())
        self.table.resizeRowsToContents()

    def _recolour(self, c: Colours) -> None:
        """The legend in the diagram's colours, ✓ and ✗ in the theme's green and red."""
        # DIFF_LEGEND's colours are the light diagram's; a dark diagram draws lighter shades.
        states = ("added", "removed", "changed")
        self._legend.setText(
            " ".join(
                f"<span style='color:{c.diagram.states[state][0]}'>■</span> {meaning}"
                for state, (_light, meaning) in zip(states, DIFF_LEGEND, strict=True)
            )
        )
        for r in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                item = self.table.item(r, column)
                if item is not None and item.text()[:1] in ("✗", "✓"):
                    item.setForeground(QColor(c.red_text if item.text().startswith("✗") else c.green_text))

    def rows(self) -> list[tuple[str, ...]]:
        """The table's text, row by row: (what, A, B, B − A)."""
        return [
            tuple(item.text() if (item := self.table.item(r, c)) is not None else "" for c in range(4))
            for r in range(self.table.rowCount())
        ]
