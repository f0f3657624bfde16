"""The window's panels: scenario list model, decisions, trade-offs and the brief.

Every text that comes from a scenario is shown as plain text or escaped into HTML, so
markup in a scenario file is displayed literally, never interpreted.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.domain.compose import describe_selection
from explorer.domain.tradeoffs import format_value
from explorer.library.store import ScenarioSummary
from explorer.output.report import annual_total, monthly_total, per_year

from .errors import plain
from .theme import Colours, colours_for, follow, style_sheet

_ROOT = QModelIndex()  # the invisible root: a list model has no parents

if TYPE_CHECKING:  # the core's models load with the first scenario, after the window shows
    from explorer.domain.model import Scenario
    from explorer.domain.tradeoffs import Evaluation, Selection

SummaryRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2

MET_STYLE = {
    "met": ("✓", "green_text", "met"),
    "at risk": ("!", "amber_text", "at risk: only the best case of the range meets it"),
    "not met": ("✗", "red_text", "not met"),
    "unjudged": ("–", "caption", "cannot be judged from the options"),
}


def option_style(c: Colours) -> str:
    """An option button's style sheet in the colours of a theme."""
    return f"""
QPushButton {{ text-align: left; padding: 2px 8px; border: 1px solid {c.option_border}; border-radius: 5px;
              background: {c.option_background}; color: {c.option_text}; }}
QPushButton:hover {{ border-color: {c.option_hover_border}; }}
QPushButton:checked {{ background: {c.option_checked_background}; border: 2px solid {c.option_checked_border};
                      color: {c.option_checked_text}; }}
QPushButton:disabled {{ background: {c.option_disabled_background}; border: 1px dashed {c.option_border};
                       color: {c.option_disabled_text}; }}
"""


STAR = "  ★"


class OptionButton(QPushButton):
    """An option's checkable button: its text is the whole label (★ for the recommended
    option); where the panel is too narrow for it, the label is drawn elided and the ★
    stays in view. The tooltip starts with the whole label in any case."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(plain(label), parent)
        self._label = label
        self._starred = False

    def set_label(self, label: str) -> None:
        """Show another option (the button is kept from one scenario to the next)."""
        self._label = label
        self._starred = False
        self.setText(plain(label))

    def label(self) -> str:
        return self._label

    def set_starred(self, starred: bool) -> None:
        self._starred = starred
        text = plain(self._label) + (STAR if starred else "")
        if self.text() != text:
            self.setText(text)

    def available_width(self) -> int:
        """The width the style leaves for the text inside the border and padding."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self).width()

    def shown_text(self) -> str:
        """The text as drawn (a literal '&' as '&&'): the whole text, or the label elided before the ★."""
        metrics = self.fontMetrics()
        room = self.available_width()
        star = STAR if self._starred else ""
        if metrics.horizontalAdvance(self._label + star) <= room:
            return self.text()
        elided = metrics.elidedText(self._label, Qt.TextElideMode.ElideRight, room - metrics.horizontalAdvance(star))
        return plain(elided) + star

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)


class ScenarioListModel(QAbstractListModel):
    """The scenario summaries of a library, as list items titled like the chapter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[ScenarioSummary] = []

    def set_items(self, items: list[ScenarioSummary]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> ScenarioSummary:
        return self._items[row]

    def row_of(self, scenario_id: str) -> int:
        return next((i for i, s in enumerate(self._items) if s.id == scenario_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if item.kind == "troubleshooting":
                return f"Troubleshooting: {item.title}"
            prefix = f"{item.number}. " if item.number is not None else ""
            return f"{prefix}{item.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"<qt>{html.escape(item.summary or item.title)}</qt>"
        if role == IdRole:
            return item.id
        if role == SummaryRole:
            return item.summary
        return None


def pros_cons_html(pros: list[str], cons: list[str]) -> str:
    """An option's pros (+) and cons (–) as escaped HTML, in the palette's own text colour."""
    parts = []
    for title, mark, items in (("Pros", "+", pros), ("Cons", "–", cons)):
        if items:
            rows = "".join(
                f"<tr><td style='padding-right:4px'>{mark}</td><td>{html.escape(item)}</td></tr>" for item in items
            )
            parts.append(f"<b>{title}</b><table cellspacing='0' cellpadding='1'>{rows}</table>")
    return "".join(parts)


def pros_cons_text(pros: list[str], cons: list[str]) -> str:
    """The same as plain lines: "Pros", "+ …", "Cons", "– …"."""
    lines = []
    for title, mark, items in (("Pros", "+", pros), ("Cons", "–", cons)):
        if items:
            lines += [title, *(f"{mark} {item}" for item in items)]
    return "\n".join(lines)


@dataclass
class _GroupBox:
    """One option group's box as the decisions panel keeps it from scenario to scenario."""

    box: QGroupBox
    column: QVBoxLayout
    group: QButtonGroup
    buttons: list[OptionButton]
    toggle: QToolButton  # pros and cons, shown for groups that give them
    text: QLabel
    key: str = ""


class DecisionsPanel(QWidget):
    """One group box per option group, with a checkable button per option.

    Buttons are named ``option:<group-key>:<option-key>``. Under a group whose options
    give pros and cons, the toggle ``prosCons:<group-key>`` opens ``prosConsText:<group-key>``:
    the pros and cons of the option selected in that group. Each option's tooltip lists
    them too.

    Signals:
        optionChosen(str, str): the user picked option (group key, option key).
    """

    optionChosen = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("decisionsPanel")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._pool: list[_GroupBox] = []  # the group boxes made so far
        self._keys_of: dict[int, tuple[str, str]] = {}  # id(button) -> (group key, option key)
        self._note = QLabel("There are no choices or cases to compare here.")
        self._note.setWordWrap(True)
        self._note.setVisible(False)
        self._layout.addWidget(self._note)
        self.buttons: dict[tuple[str, str], OptionButton] = {}
        self._scenario: Scenario | None = None
        self._selected: dict[str, str] = {}
        self._pros_cons: dict[str, tuple[QToolButton, QLabel]] = {}
        self._open: set[str] = set()  # the groups whose pros and cons are open, kept across scenarios
        follow(self, self._restyle)

    def _restyle(self, c: Colours) -> None:
        for box in self._pool:
            for button in box.buttons:
                style_sheet(button, option_style(c))

    def _box(self, index: int) -> _GroupBox:
        """Group box ``index``, made the first time a scenario has that many groups and
        kept for the next scenarios."""
        if index < len(self._pool):
            return self._pool[index]
        box = QGroupBox()
        box.setFlat(True)  # no frame: the bold title and the buttons make the group
        column = QVBoxLayout(box)
        column.setContentsMargins(0, column.contentsMargins().top(), 0, 0)
        column.setSpacing(2)
        group = QButtonGroup(box)
        group.setExclusive(True)
        toggle = QToolButton()
        toggle.setCheckable(True)
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toggle.setAutoRaise(True)
        toggle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        toggle.setText("Pros and cons")
        text = QLabel()
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setContentsMargins(8, 0, 4, 2)
        made = _GroupBox(box, column, group, [], toggle, text)
        toggle.toggled.connect(lambda on, m=made: self._show_pros_cons(m.key, on))
        column.addWidget(toggle)
        column.addWidget(text)
        self._layout.addWidget(box)
        self._pool.append(made)
        return made

    def _button(self, box: _GroupBox, index: int) -> OptionButton:
        if index < len(box.buttons):
            return box.buttons[index]
        button = OptionButton("")
        button.setCheckable(True)
        # A long label must not widen the panel; the tooltip carries it in full.
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setMinimumWidth(120)
        button.setStyleSheet(option_style(colours_for()))
        button.clicked.connect(lambda _=False, b=button: self._clicked(b))
        box.group.addButton(button)
        box.column.insertWidget(index, button)  # before the pros and cons
        box.buttons.append(button)
        return button

    def _clicked(self, button: OptionButton) -> None:
        keys = self._keys_of.get(id(button))
        if keys is not None:
            self.optionChosen.emit(*keys)

    def set_scenario(self, scenario: Scenario, selection: Selection, recommendation: Selection) -> None:
        """Show ``scenario``'s option groups. The group boxes and buttons are kept from
        one scenario to the next and only what they show changes; those a scenario does
        not need are hidden and lose their names."""
        self._scenario = scenario
        self.buttons.clear()
        self._keys_of.clear()
        self._pros_cons.clear()
        self._note.setVisible(not scenario.option_groups)
        for index, group in enumerate(scenario.option_groups):
            box = self._box(index)
            box.key = group.key
            box.box.setTitle(plain(group.label))
            box.box.setObjectName(f"group:{group.key}")
            box.box.setToolTip(f"<qt>{html.escape(group.description)}</qt>" if group.description else "")
            for number, option in enumerate(group.options):
                button = self._button(box, number)
                button.set_label(option.label)
                button.setObjectName(f"option:{group.key}:{option.key}")
                button.setProperty("baseTooltip", None)
                button.setToolTip(self._tooltip(scenario, group.key, option.key))
                button.setVisible(True)
                self.buttons[(group.key, option.key)] = button
                self._keys_of[id(button)] = (group.key, option.key)
            for button in box.buttons[len(group.options) :]:
                button.setObjectName("")
                button.setVisible(False)
            has_pros_cons = any(o.pros or o.cons for o in group.options)
            box.toggle.setObjectName(f"prosCons:{group.key}" if has_pros_cons else "")
            box.text.setObjectName(f"prosConsText:{group.key}" if has_pros_cons else "")
            box.toggle.setVisible(has_pros_cons)
            if has_pros_cons:
                box.toggle.blockSignals(True)
                box.toggle.setChecked(group.key in self._open)
                box.toggle.blockSignals(False)
                box.text.setVisible(box.toggle.isChecked())
                self._pros_cons[group.key] = (box.toggle, box.text)
            else:
                box.text.setVisible(False)
            box.box.setVisible(True)
        for box in self._pool[len(scenario.option_groups) :]:
            box.key = ""
            box.box.setObjectName("")
            for button in box.buttons:
                button.setObjectName("")
            box.toggle.setObjectName("")
            box.text.setObjectName("")
            box.box.setVisible(False)
        self.show_selection(selection, recommendation)

    def _show_pros_cons(self, group_key: str, on: bool) -> None:
        toggle, text = self._pros_cons[group_key]
        (self._open.add if on else self._open.discard)(group_key)
        toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        text.setVisible(on)

    def pros_cons(self, group_key: str) -> str:
        """What ``prosConsText:<group-key>`` says, as plain text ("" for a group without any)."""
        if group_key not in self._pros_cons or self._scenario is None:
            return ""
        option = self._scenario.option(group_key, self._selected[group_key])
        return pros_cons_text(option.pros, option.cons)

    def _update_pros_cons(self, selection: Selection) -> None:
        if self._scenario is None:
            return
        self._selected = dict(selection)
        for group_key, (toggle, text) in self._pros_cons.items():
            option = self._scenario.option(group_key, selection[group_key])
            toggle.setText("Pros and cons")
            toggle.setToolTip(f"<qt>The pros and cons of {html.escape(option.label)}, the option selected above</qt>")
            toggle.setArrowType(Qt.ArrowType.DownArrow if toggle.isChecked() else Qt.ArrowType.RightArrow)
            shown = pros_cons_html(option.pros, option.cons)
            text.setText(shown or f"<i>The scenario gives no pros or cons for {html.escape(option.label)}.</i>")

    @staticmethod
    def _tooltip(scenario: Scenario, group_key: str, option_key: str) -> str:
        from explorer.domain.tradeoffs import option_metrics

        option = scenario.option(group_key, option_key)
        lines = [f"<b>{html.escape(option.label)}</b>"]  # the whole label, however the button is elided
        if option.recommended:
            lines.append("<i>The chapter's recommended choice.</i>")
        if option.summary:
            lines.append(html.escape(option.summary))
        for metric in option_metrics(scenario, group_key, option_key).values():
            lines.append(f"{html.escape(metric.label)}: {html.escape(metric.display())}")
        tip = "<br>".join(lines)
        extra = pros_cons_html(option.pros, option.cons)
        return f"<qt>{tip}{'<br>' + extra if extra else ''}</qt>"

    def show_selection(self, selection: Selection, recommendation: Selection, explanation=None) -> None:
        """Check the selected buttons, star the recommended ones, and put why each is or
        is not recommended in its tooltip (``explanation``: explain.Explanation)."""
        reasons: dict[tuple[str, str], str] = {}
        if explanation is not None:
            for group in explanation.groups:
                reasons[(group.group, group.option)] = f"★ Recommended: {group.why}."
                for other, why in group.others.items():
                    reasons[(group.group, other)] = f"Not recommended: it {why}."
        from explorer.domain.constraints import blocked_options

        scenario = getattr(self, "_scenario", None)
        blocked = blocked_options(scenario, selection, recommendation) if scenario is not None else {}
        for (group_key, option_key), button in self.buttons.items():
            why_not = blocked.get((group_key, option_key))
            button.setEnabled(why_not is None)
            if why_not:
                reasons[(group_key, option_key)] = f"Not available with this design: {why_not}."
            base = button.property("baseTooltip")
            if base is None:
                base = button.toolTip()
                button.setProperty("baseTooltip", base)
            starred = recommendation.get(group_key) == option_key
            reason = reasons.get((group_key, option_key), "★ Recommended." if starred else None)
            tip = f"{base}<br><br>{html.escape(reason)}" if reason else base
            if button.toolTip() != tip:
                button.setToolTip(tip)
            button.setChecked(selection.get(group_key) == option_key)
            if button.font().bold() != starred:  # a font change lays the panel out again
                font = button.font()
                font.setBold(starred)
                button.setFont(font)
            button.set_starred(starred)
        self._update_pros_cons(selection)


def _cell(result) -> str:
    """A metric for a table cell: the figure, then the chapter's wording under it when it adds to it."""
    if result is None:
        return "n/a"
    figure, words = result.figure_and_words()
    shown = f"{figure}\n{words}" if words else figure
    return shown + (" (est.)" if result.estimate else "")


class Disclosure(QToolButton):
    """A checkable, keyboard-reachable toggle with an arrow that opens what it names.

    Its label wraps onto as many lines as the width needs (a tool button would elide
    it), so its whole text is always in view."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setArrowType(Qt.ArrowType.RightArrow)
        self.toggled.connect(lambda on: self.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow))
        self._label = ""
        self._overhead: int | None = None

    def label(self) -> str:
        return self._label

    def set_label(self, text: str) -> None:
        self._label = text
        self._wrap()

    def room(self) -> int:
        """The width left for the text beside the arrow, inside the margins."""
        if self._overhead is None:  # the arrow, its spacing and the margins, measured once
            shown = self.text()
            QToolButton.setText(self, "x")
            self._overhead = super().sizeHint().width() - self.fontMetrics().horizontalAdvance("x")
            QToolButton.setText(self, shown)
        return max(40, self.width() - self._overhead)

    def lines(self) -> list[str]:
        return self.text().split("\n")

    def _wrap(self) -> None:
        metrics, room = self.fontMetrics(), self.room()
        lines: list[str] = []
        for word in self._label.split(" "):
            if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= room:
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        QToolButton.setText(self, "\n".join(lines))
        self.updateGeometry()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        before = self.text()
        self._wrap()
        if self.text() != before:
            self.update()


def disclosure(name: str) -> Disclosure:
    return Disclosure(name)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _check_rows(requirements) -> str:
    rows = []
    for req in requirements:
        c = colours_for()
        mark, role, word = MET_STYLE[req.status]
        colour = getattr(c, role)
        detail = (
            f"<br><span style='color:{c.caption}'>{html.escape(req.detail)}</span>" if req.status != "unjudged" else ""
        )
        rows.append(
            f"<tr><td style='color:{colour}; font-weight:bold; padding-right:6px' title='{word}'>{mark}</td>"
            f"<td>{html.escape(req.text)}{detail}</td></tr>"
        )
    return "<table cellspacing='3'>" + "".join(rows) + "</table>"


class TradeoffPanel(QWidget):
    """What matters first: the verdict, the requirements that are not met or at risk, and
    the figures that differ from the recommended design. The met requirements and the
    figures that read the same in both designs are folded away under two toggles
    (``requirementsMet`` and ``sameFigures``), which stay as the user leaves them.

    Built once; each evaluation updates the same widgets and table items in place.

    Signals:
        applyRecommendation(): the user asked to switch to the recommended design.
    """

    applyRecommendation = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("tradeoffPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        heading = QLabel("Trade-offs")
        heading.setObjectName("tradeoffHeading")
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        layout.addWidget(heading)
        self.verdict = QLabel()
        self.verdict.setObjectName("recommendationNote")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.verdict)
        self.apply_button = QPushButton("Use the recommended design")
        self.apply_button.setObjectName("applyRecommendation")
        self.apply_button.clicked.connect(self.applyRecommendation.emit)
        layout.addWidget(self.apply_button)
        # The requirements that need attention (not met, at risk), always in view.
        self.requirements = QLabel()
        self.requirements.setObjectName("requirementChecklist")
        self.requirements.setWordWrap(True)
        self.requirements.setTextFormat(Qt.TextFormat.RichText)
        self.requirements.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.requirements)
        self.met_toggle = disclosure("requirementsMet")
        self.met_toggle.setToolTip("Show or hide the requirements this design meets, each with its figures")
        layout.addWidget(self.met_toggle)
        self.met_list = QLabel()
        self.met_list.setObjectName("requirementsMetList")
        self.met_list.setWordWrap(True)
        self.met_list.setTextFormat(Qt.TextFormat.RichText)
        self.met_list.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.met_list.setVisible(False)
        self.met_toggle.toggled.connect(self.met_list.setVisible)
        layout.addWidget(self.met_list)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("tradeoffTable")
        self.table.setHorizontalHeaderLabels(["Metric", "This design", "Recommended"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(3):  # equal thirds: long metric names wrap, headers stay whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.same_toggle = disclosure("sameFigures")
        self.same_toggle.setToolTip(
            "Show or hide the figures that read the same in this design and the recommended one"
        )
        self.same_toggle.toggled.connect(lambda _on: self._show_rows())
        layout.addWidget(self.same_toggle)
        self._keys: list[str] = []
        self._rows: list[tuple[str, str, str]] = []
        self._equal: list[bool] = []
        self._checks: list[tuple[str, bool | None]] = []
        self._shown: tuple | None = None
        self._last: tuple | None = None  # what show_evaluation was last given, to write it again in new colours
        follow(self, lambda _c: self.show_evaluation(*self._last) if self._last else None)

    def show_evaluation(
        self, scenario: Scenario, current: Evaluation, recommended: Evaluation, summary: str = ""
    ) -> None:
        shown = (scenario, current, recommended, summary)
        self._last = shown
        if self._shown is not None and all(a is b or a == b for a, b in zip(shown, self._shown, strict=True)):
            return  # a phase step: nothing here changes
        self._shown = shown
        self._show_figures(current, recommended)
        self._show_checks(current)
        self._show_verdict(scenario, current, recommended, summary)

    def _show_figures(self, current: Evaluation, recommended: Evaluation) -> None:
        keys = list(dict.fromkeys([*current.metrics, *recommended.metrics]))
        if keys != self._keys:  # another scenario: rows are added or dropped, never rebuilt
            self._keys = keys
            self.table.setRowCount(len(keys))
            for row in range(len(keys)):
                for column in range(3):
                    if self.table.item(row, column) is None:
                        self.table.setItem(row, column, QTableWidgetItem())
        before = (self._rows, self._equal)
        self._rows, self._equal = [], []
        for row, key in enumerate(keys):
            mine = current.metrics.get(key)
            best = recommended.metrics.get(key)
            label = (mine or best).label  # type: ignore[union-attr]
            texts = (label, _cell(mine), _cell(best))
            self._rows.append(texts)
            self._equal.append(texts[1] == texts[2])
            for column, text in enumerate(texts):
                item = self.table.item(row, column)
                assert item is not None  # made when the row was added
                item.setText(text)
                basis = (mine if column == 1 else best) if column else None
                item.setToolTip(basis.basis if basis is not None and basis.basis else "")
                differs = column == 1 and mine is not None and best is not None and mine.value != best.value
                amber = QColor(colours_for().amber_text)
                item.setData(Qt.ItemDataRole.ForegroundRole, amber if differs else None)
        same = sum(self._equal)
        self.same_toggle.set_label(f"{_plural(same, 'figure')} the same as the recommended design")
        self.same_toggle.setVisible(bool(same))
        if (self._rows, self._equal) != before:  # rows sized again only when their texts change
            self._show_rows()

    def _show_rows(self) -> None:
        """Hide the rows that read the same in both designs unless ``sameFigures`` is open;
        size the table to the rows shown, so the panel never scrolls inside itself."""
        open_same = self.same_toggle.isChecked()
        for row, equal in enumerate(self._equal):
            self.table.setRowHidden(row, equal and not open_same)
        shown = [row for row, equal in enumerate(self._equal) if open_same or not equal]
        self.table.setVisible(bool(shown))
        if shown:
            self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + sum(self.table.rowHeight(r) for r in shown) + 4
        self.table.setFixedHeight(max(height, 40))

    def _show_checks(self, current: Evaluation) -> None:
        self._checks = [(r.text, r.met) for r in current.requirements]
        attention = [r for r in current.requirements if r.status in ("not met", "at risk")]
        rest = [r for r in current.requirements if r.status not in ("not met", "at risk")]
        if not current.requirements:
            self.requirements.setText("<i>This scenario states no checkable requirements.</i>")
        elif attention:
            self.requirements.setText(_check_rows(attention))
        self.requirements.setVisible(bool(attention) or not current.requirements)
        self.met_list.setText(_check_rows(rest))
        met = sum(r.status == "met" for r in rest)
        unjudged = len(rest) - met
        parts = []
        if met:
            parts.append(
                f"✓ {'All ' if not attention and not unjudged and met > 1 else ''}"
                f"{_plural(met, 'requirement')}{' more' if attention else ''} met"
            )
        if unjudged:
            parts.append(f"– {unjudged} cannot be judged")
        self.met_toggle.set_label(", ".join(parts))
        self.met_toggle.setVisible(bool(rest))
        self.met_list.setVisible(bool(rest) and self.met_toggle.isChecked())

    def _show_verdict(self, scenario: Scenario, current: Evaluation, recommended: Evaluation, summary: str) -> None:
        same = current.selection == recommended.selection
        if not self._keys and not current.requirements:
            self.verdict.setText("<i>No figures to compare for this scenario.</i>")
        elif same and summary:
            self.verdict.setText(f"<span style='color:{colours_for().amber_text}'>{html.escape(summary)}</span>")
        elif same:
            self.verdict.setText(
                f"<span style='color:{colours_for().green_text}'>This is the recommended design: "
                "the cheapest that meets every requirement.</span>"
            )
        else:
            labels = html.escape(
                describe_selection(scenario, recommended.selection, groups=False, only=current.selection)
            )
            unmet, risky = len(current.unmet), len(current.at_risk)
            status = (
                f"It misses {unmet} requirement{'s' if unmet != 1 else ''}."
                if unmet
                else f"It puts {risky} requirement{'s' if risky != 1 else ''} at risk."
                if risky
                else "It meets the requirements, but costs more or is more complex."
            )
            self.verdict.setText(
                f"<span style='color:{colours_for().amber_text}'>{status}</span> Recommended instead: <b>{labels}</b>."
            )
        self.apply_button.setEnabled(not same)
        self.apply_button.setVisible(not same)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._shown = None  # colours are written into the texts: the next evaluation redraws them
        super().changeEvent(event)

    def rows(self) -> list[tuple[str, str, str]]:
        """Every row of the metric table as text, folded or not: (metric, this design, recommended)."""
        return list(self._rows)

    def folded_rows(self) -> list[tuple[str, str, str]]:
        """The rows folded under ``sameFigures`` (those that read the same in both designs)."""
        return [texts for texts, equal in zip(self._rows, self._equal, strict=True) if equal]

    def checks(self) -> list[tuple[str, bool | None]]:
        """The requirement checklist: (requirement, met)."""
        return list(self._checks)


def brief_html(s: Scenario) -> str:
    """The scenario brief as HTML built only from escaped text."""
    e = html.escape

    def section(title: str, items: list[str]) -> str:
        if not items:
            return ""
        return f"<h3>{e(title)}</h3><ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"

    parts = [f"<h2>{e(s.title)}</h2>"]
    if s.situation:
        parts.append(f"<h3>Situation</h3><p>{e(s.situation)}</p>")
    parts.append(section("Today", s.current_state))
    functional = [r.text for r in s.requirements if r.kind == "functional"]
    other = [r.text for r in s.requirements if r.kind != "functional"]
    parts.append(section("Functional requirements", functional))
    parts.append(section("Requirements" if not functional else "Non-functional requirements", other))
    parts.append(section("Constraints", s.constraints))
    if s.question:
        parts.append(f"<h3>The question</h3><p><b>{e(s.question)}</b></p>")
    parts.append(section("Benefits of the recommended design", s.benefits))
    parts.append(cost_table_html(s))
    parts.append(section("Trade-offs", s.tradeoffs))
    parts.append(section("Alternatives", s.alternatives))
    parts.append(section("Pitfalls", s.pitfalls))
    return "".join(parts)


def cost_table_html(s: Scenario) -> str:
    """The chapter's cost breakdown as a table, with its annual column where it gives one."""
    if not s.cost_items:
        return ""
    e = html.escape
    annual = s.has_annual_costs()
    cell = "<td style='padding: 1px 8px 1px 0'>{}</td>"
    money = "<td align='right' style='padding: 1px 8px'>{}</td>"
    head = ["Service", "Configuration", "Monthly"] + (["Annual"] if annual else [])
    rows = ["<tr>" + "".join(f"<th align='left' style='padding: 1px 8px 1px 0'>{h}</th>" for h in head) + "</tr>"]
    for item in s.cost_items:
        year = money.format(e(per_year(item.annual))) if annual else ""
        rows.append(
            "<tr>"
            + cell.format(e(item.service))
            + cell.format(e(item.configuration))
            + money.format(e(format_value("usd_month", item.monthly_usd)))
            + year
            + "</tr>"
        )
    total = monthly_total(s)
    year_total = annual_total(s)
    year = money.format(f"<b>{e(per_year(year_total))}</b>") if year_total is not None else ""
    rows.append(
        "<tr>"
        + cell.format("<b>Total</b>")
        + cell.format("")
        + money.format(f"<b>{e(format_value('usd_month', total))}</b>")
        + year
        + "</tr>"
    )
    return "<h3>The chapter's cost breakdown</h3><table>" + "".join(rows) + "</table>"


class BriefView(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("briefView")
        self.setOpenLinks(False)
        self.document().setDefaultStyleSheet(
            "h2 { margin-top: 0; } h3 { margin-bottom: 2px; } li { margin-bottom: 2px; }"  # text in the palette's colour
        )

    def set_scenario(self, scenario: Scenario) -> None:
        self.setHtml(brief_html(scenario))


class OverviewView(QTextBrowser):
    """The home page: key takeaways with links to their scenarios.

    Signals:
        scenarioLinked(str): the user followed a link to this scenario id.
    """

    scenarioLinked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("overviewView")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)
        self.document().setDefaultStyleSheet(
            "li { margin-bottom: 8px; } a { text-decoration: none; }"  # headings and links in the palette's colours
        )

    def set_overview(self, overview, titles: dict[str, str]) -> None:
        e = html.escape
        if overview is None:
            self.setHtml("<h1>Scenario Explorer</h1><p>Pick a scenario on the left.</p>")
            return
        items = []
        for takeaway in overview.takeaways:
            links = " · ".join(
                f"<a href='scenario:{e(sid)}'>{e(titles.get(sid, sid))}</a>" for sid in takeaway.scenarios
            )
            items.append(f"<li>{e(takeaway.text)}<br><small>{links}</small></li>")
        self.setHtml(f"<h1>{e(overview.title)}</h1><p>{e(overview.intro)}</p><ol>{''.join(items)}</ol>")

    def _follow(self, url) -> None:
        text = url.toString()
        if text.startswith("scenario:"):
            self.scenarioLinked.emit(text.removeprefix("scenario:"))
