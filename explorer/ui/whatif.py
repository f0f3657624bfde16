"""The what-if box: one spin box per scenario parameter.

The Charts and Compare tabs have modules of their own (``charts_view``, ``compare_view``);
their widgets are still importable from here.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionSpinBox,
    QVBoxLayout,
    QWidget,
)

from .charts_view import ChartsView
from .compare_view import CompareView
from .panels import disclosure

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


def longest_text(box: QDoubleSpinBox, *values: float | None) -> str:
    """The longest of ``values`` as ``box`` shows it, with its unit (suffix)."""
    texts = [box.textFromValue(v) + box.suffix() for v in values if v is not None]
    return max(texts, key=box.fontMetrics().horizontalAdvance)


def fit_to_text(box: QDoubleSpinBox, text: str) -> None:
    """Make ``box`` at least wide enough to show ``text`` whole, beside its arrows."""
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)
    option.rect = QRect(0, 0, 400, box.sizeHint().height())
    edit = box.style().subControlRect(
        QStyle.ComplexControl.CC_SpinBox, option, QStyle.SubControl.SC_SpinBoxEditField, box
    )
    arrows_and_frame = 400 - edit.width()
    box.setMinimumWidth(box.fontMetrics().horizontalAdvance(text) + arrows_and_frame + TEXT_MARGIN)


#: What a line edit keeps beside its text (its margins and the cursor), in pixels.
TEXT_MARGIN = 8


class ParametersPanel(QWidget):
    """Spin boxes for a scenario's parameters, with the chapter's values as defaults,
    folded under the toggle ``whatIfToggle`` (closed at first; it stays as the user
    leaves it from one scenario to the next). The toggle says how many values differ
    from the chapter's, so a folded box never hides a changed figure.

    Boxes are named ``param:<key>``.

    Signals:
        paramsChanged(object): the values that differ from the defaults, by key.
    """

    paramsChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("whatIf")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.toggle = disclosure("whatIfToggle")
        self.toggle.setToolTip("Try other values for the scenario's figures: the checks and the recommendation follow")
        bold = self.toggle.font()
        bold.setBold(True)
        self.toggle.setFont(bold)
        outer.addWidget(self.toggle)
        self.body = QWidget()
        self.body.setObjectName("whatIfBody")
        self.body.setVisible(False)
        self.toggle.toggled.connect(self.body.setVisible)
        outer.addWidget(self.body)
        self._form = QFormLayout(self.body)
        self._form.setContentsMargins(8, 0, 0, 0)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.boxes: dict[str, QDoubleSpinBox] = {}
        self.tips: dict[str, QLabel] = {}
        self._pool: list[tuple[QLabel, QDoubleSpinBox, QLabel]] = []  # the rows made so far
        self._reset = QPushButton("Back to the chapter's values")
        self._reset.setObjectName("resetParams")
        self._reset.setToolTip("Put every what-if value back to the chapter's figure")
        self._reset.clicked.connect(self.reset)
        self._form.addRow(self._reset)
        self.labels: dict[str, QLabel] = {}
        self._defaults: dict[str, float] = {}
        self._quiet = False

    def _show_count(self) -> None:
        changed, total = len(self.values()), len(self.boxes)
        counted = f"{total} value{'s' if total != 1 else ''}"
        self.toggle.set_label(f"What if: {changed} of {counted} changed" if changed else f"What if: {counted} to try")

    def _row(self, index: int) -> tuple[QLabel, QDoubleSpinBox, QLabel]:
        """The widgets of parameter row ``index``, made the first time a scenario needs
        that many and kept for the next scenarios (only what they show changes)."""
        if index < len(self._pool):
            return self._pool[index]
        box = QDoubleSpinBox()
        box.setGroupSeparatorShown(True)  # 25,000 USD per month
        box.setKeyboardTracking(False)
        box.setAccelerated(True)
        box.valueChanged.connect(self._changed)
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        # The label on a row of its own above its box, each the whole width: a long
        # label wraps instead of being squeezed (and clipped) beside the box, and the
        # box has room for its longest value with its unit.
        label.setBuddy(box)
        tip = QLabel()
        tip.setTextFormat(Qt.TextFormat.PlainText)
        tip.setWordWrap(True)
        tip.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        tip.setToolTip(
            "Where the recommendation changes as this value goes down or up (explorer sweep prints the whole range)"
        )
        at = 3 * index  # label, box and tip rows, before the reset button
        self._form.insertRow(at, label)
        self._form.insertRow(at + 1, box)
        self._form.insertRow(at + 2, tip)
        self._pool.append((label, box, tip))
        return self._pool[index]

    def set_scenario(self, scenario: Scenario, values: dict[str, float]) -> None:
        """Show ``scenario``'s parameters at ``values`` (the chapter's for the rest).

        The rows are kept from one scenario to the next and only what they show changes;
        rows a scenario does not need are hidden and lose their names (``findChild``
        finds only the boxes of the scenario shown)."""
        self.boxes.clear()
        self.tips.clear()
        self.labels.clear()
        self._defaults = {p.key: p.value for p in scenario.parameters}
        self.setVisible(bool(scenario.parameters))
        self._quiet = True
        for index, p in enumerate(scenario.parameters):
            label, box, tip = self._row(index)
            box.setObjectName(f"param:{p.key}")
            box.setDecimals(0 if p.step is not None and p.step >= 1 else _decimals(p.value, p.min, p.max, p.step))
            box.setSingleStep(p.step if p.step is not None else 1.0)
            box.setRange(p.min if p.min is not None else -1e12, p.max if p.max is not None else 1e12)
            box.setSuffix(f" {p.unit}" if p.unit else "")
            box.setValue(values.get(p.key, p.value))
            fit_to_text(box, longest_text(box, p.value, p.min, p.max))
            box.setToolTip(f"<qt>{html.escape(p.label)}: the chapter's value is {p.value:g} {html.escape(p.unit)}</qt>")
            label.setText(p.label)
            tip.setObjectName(f"tip:{p.key}")
            tip.setText("Finding tipping points…")
            for widget in (label, box, tip):
                self._form.setRowVisible(widget, True)
            self.labels[p.key] = label
            self.boxes[p.key] = box
            self.tips[p.key] = tip
        for label, box, tip in self._pool[len(scenario.parameters) :]:
            box.setObjectName("")
            tip.setObjectName("")
            for widget in (label, box, tip):
                self._form.setRowVisible(widget, False)
        self._form.setRowVisible(self._reset, bool(scenario.parameters))
        self._quiet = False
        self._show_count()

    def show_tips(self, lines: dict[str, str]) -> None:
        """Under each parameter, where the recommendation changes around its value."""
        for key, text in lines.items():
            if key in self.tips:
                self.tips[key].setText(text)

    def show_values(self, values: dict[str, float]) -> None:
        """Show these values (defaults for the rest) without announcing a change."""
        self._quiet = True
        for key, box in self.boxes.items():
            box.setValue(values.get(key, self._defaults[key]))
        self._quiet = False
        self._show_count()

    def values(self) -> dict[str, float]:
        return {k: b.value() for k, b in self.boxes.items() if abs(b.value() - self._defaults[k]) > 1e-12}

    def reset(self) -> None:
        self._quiet = True
        for key, box in self.boxes.items():
            box.setValue(self._defaults[key])
        self._quiet = False
        self._show_count()
        self.paramsChanged.emit({})

    def _changed(self) -> None:
        self._show_count()
        if not self._quiet:
            self.paramsChanged.emit(self.values())


__all__ = ["ChartsView", "CompareView", "ParametersPanel"]
