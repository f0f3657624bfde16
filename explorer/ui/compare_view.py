"""The Compare tab: two designs side by side, with the difference overlay and a trade-off table."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
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


#: Pixels added to each column's widest text, beyond the style's own cell margins.
SLACK = 6


def diagram_rows(diff: dict) -> list[tuple[str, str, str, str]]:
    """What B changes in the diagram, by name, as table rows (what, A, B, B − A): the
    components only A has, those only B has, and those B relabels (A's label beside B's)."""
    labels, was = diff.get("labels", {}), diff.get("was", {})

    def names(ids: list[str], source: dict) -> str:
        return "\n".join(source.get(i, labels.get(i, i)) for i in ids)  # one component a line

    rows = []
    if diff["removed"]:
        rows.append(("Only in A", names(diff["removed"], labels), "", f"−{len(diff['removed'])}"))
    if diff["added"]:
        rows.append(("Only in B", "", names(diff["added"], labels), f"+{len(diff['added'])}"))
    if diff["changed"]:
        rows.append(
            ("Changed in B", names(diff["changed"], was), names(diff["changed"], labels), f"~{len(diff['changed'])}")
        )
    return rows


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
        for view in (self.left, self.right):
            view.setMinimumWidth(200)  # the tab must not need more room than the Diagram tab
            views.addWidget(view)
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
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)  # texts wrap; none ends in "…"
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
                combo.setMinimumContentsLength(8)
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
        rows += diagram_rows(diff)
        self.table.setRowCount(len(rows))
        for r, texts in enumerate(rows):
            for c, text in enumerate(texts):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self._recolour(colours_for())
        self._fit_columns()

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

    def _fit_columns(self) -> None:
        """Give the names room: the difference column its widest text (up to a fifth), the
        first column at least three tenths of the table, A and B the rest in proportion to
        their widest texts; texts wrap and rows are as tall as their texts, so nothing is
        cut to "…"."""
        header = self.table.horizontalHeader()
        scrollbar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        room = self.table.width() - 2 * self.table.frameWidth() - scrollbar  # room kept for the scroll bar
        a, b, d = (max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in (1, 2, 3))
        a, b, d = a + SLACK, b + SLACK, min(d + SLACK, room // 4)
        first = max(room * 3 // 10, room - d - a - b)
        rest = room - d - first
        a = rest * a // max(1, a + b)
        for column, width in ((0, first), (1, a), (2, rest - a), (3, d)):
            header.resizeSection(column, max(30, width))
        self.table.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def rows(self) -> list[tuple[str, ...]]:
        """The table's text, row by row: (what, A, B, B − A)."""
        return [
            tuple(item.text() if (item := self.table.item(r, c)) is not None else "" for c in range(4))
            for r in range(self.table.rowCount())
        ]
