"""The window's panels: scenario list model, decisions, trade-offs and the brief.

Every text that comes from a scenario is shown as plain text or escaped into HTML, so
markup in a scenario file is displayed literally, never interpreted.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
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

#: A requirement's status: (mark, the name of its colour in ``Colours``, what it means).
MET_STYLE = {
    "met": ("✓", "green_text", "met"),
    "at risk": ("!", "amber_text", "at risk: only the best case of the range meets it"),
    "not met": ("✗", "red_text", "not met"),
    "unjudged": ("–", "caption", "cannot be judged from the options"),
}


def option_style(c: Colours) -> str:
    """An option button's style sheet in the colours of a theme."""
    return f"""
QPushButton {{ text-align: left; padding: 6px 10px; border: 1px solid {c.option_border}; border-radius: 5px;
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

    def label(self) -> str:
        return self._label

    def set_starred(self, starred: bool) -> None:
        self._starred = starred
        self.setText(plain(self._label) + (STAR if starred else ""))

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
        self._layout.setSpacing(10)
        self._groups: list[QButtonGroup] = []
        self._boxes: list[QWidget] = []
        self.buttons: dict[tuple[str, str], OptionButton] = {}
        self._scenario: Scenario | None = None
        self._selected: dict[str, str] = {}
        self._pros_cons: dict[str, tuple[QToolButton, QLabel]] = {}
        self._open: set[str] = set()  # the groups whose pros and cons are open, kept across scenarios
        follow(self, self._restyle)

    def _restyle(self, c: Colours) -> None:
        for button in self.buttons.values():
            style_sheet(button, option_style(c))

    def set_scenario(self, scenario: Scenario, selection: Selection, recommendation: Selection) -> None:
        self._scenario = scenario
        for box in self._boxes:
            box.deleteLater()
        self._boxes.clear()
        self._groups.clear()
        self.buttons.clear()
        self._pros_cons.clear()
        self._scenario = scenario
        if not scenario.option_groups:
            note = QLabel("There are no choices or cases to compare here.")
            note.setWordWrap(True)
            self._layout.addWidget(note)
            self._boxes.append(note)
        for group in scenario.option_groups:
            box = QGroupBox(plain(group.label))
            box.setObjectName(f"group:{group.key}")
            box.setToolTip(f"<qt>{html.escape(group.description)}</qt>" if group.description else "")
            column = QVBoxLayout(box)
            column.setSpacing(4)
            buttons = QButtonGroup(box)
            buttons.setExclusive(True)
            for option in group.options:
                button = OptionButton(option.label)
                button.setObjectName(f"option:{group.key}:{option.key}")
                button.setCheckable(True)
                # A long label must not widen the panel; the tooltip carries it in full.
                button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                button.setMinimumWidth(120)
                button.setStyleSheet(option_style(colours_for()))
                button.setToolTip(self._tooltip(scenario, group.key, option.key))
                buttons.addButton(button)
                column.addWidget(button)
                button.clicked.connect(lambda _=False, g=group.key, o=option.key: self.optionChosen.emit(g, o))
                self.buttons[(group.key, option.key)] = button
            if any(o.pros or o.cons for o in group.options):
                self._add_pros_cons(column, group.key)
            self._groups.append(buttons)
            self._layout.addWidget(box)
            self._boxes.append(box)
        self.show_selection(selection, recommendation)

    def _add_pros_cons(self, column: QVBoxLayout, group_key: str) -> None:
        toggle = QToolButton()
        toggle.setObjectName(f"prosCons:{group_key}")
        toggle.setCheckable(True)
        toggle.setChecked(group_key in self._open)
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toggle.setAutoRaise(True)
        toggle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        text = QLabel()
        text.setObjectName(f"prosConsText:{group_key}")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setContentsMargins(8, 0, 4, 2)
        text.setVisible(toggle.isChecked())
        toggle.toggled.connect(lambda on, g=group_key: self._show_pros_cons(g, on))
        column.addWidget(toggle)
        column.addWidget(text)
        self._pros_cons[group_key] = (toggle, text)

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
            button.setToolTip(f"{base}<br><br>{html.escape(reason)}" if reason else base)
            button.setChecked(selection.get(group_key) == option_key)
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


class TradeoffPanel(QWidget):
    """The selection's metrics beside the recommended design's, and the requirement checklist.

    Signals:
        applyRecommendation(): the user asked to switch to the recommended design.
    """

    applyRecommendation = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("tradeoffPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        heading = QLabel("Trade-offs")
        heading.setObjectName("tradeoffHeading")
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        layout.addWidget(heading)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("tradeoffTable")
        self.table.setHorizontalHeaderLabels(["Metric", "This design", "Recommended"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(3):  # equal thirds: long metric names wrap, headers stay whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        req_heading = QLabel("Requirements")
        req_heading.setFont(bold)
        layout.addWidget(req_heading)
        self.requirements = QLabel()
        self.requirements.setObjectName("requirementChecklist")
        self.requirements.setWordWrap(True)
        self.requirements.setTextFormat(Qt.TextFormat.RichText)
        self.requirements.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.requirements)
        self.verdict = QLabel()
        self.verdict.setObjectName("recommendationNote")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.verdict)
        self.apply_button = QPushButton("Use the recommended design")
        self.apply_button.setObjectName("applyRecommendation")
        self.apply_button.setToolTip("Choose every option of the recommended design")
        self.apply_button.clicked.connect(self.applyRecommendation.emit)
        layout.addWidget(self.apply_button)
        self._rows: list[tuple[str, str, str]] = []
        self._checks: list[tuple[str, bool | None]] = []
        self._shown: tuple | None = None  # what show_evaluation was last given, to write it again in new colours
        follow(self, lambda _c: self.show_evaluation(*self._shown) if self._shown else None)

    def show_evaluation(
        self, scenario: Scenario, current: Evaluation, recommended: Evaluation, summary: str = ""
    ) -> None:
        self._shown = (scenario, current, recommended, summary)
        c = colours_for()
        keys = list(dict.fromkeys([*current.metrics, *recommended.metrics]))
        self.table.setRowCount(len(keys))
        self._rows = []
        for row, key in enumerate(keys):
            mine = current.metrics.get(key)
            best = recommended.metrics.get(key)
            label = (mine or best).label  # type: ignore[union-attr]
            texts = (label, _cell(mine), _cell(best))
            self._rows.append(texts)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                basis = (mine if column == 1 else best) if column else None
                if basis is not None and basis.basis:
                    item.setToolTip(basis.basis)
                if column == 1 and mine and best and mine.value != best.value:
                    item.setForeground(QColor(c.amber_text))
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(keys))
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + sum(self.table.rowHeight(r) for r in range(len(keys))) + 4
        self.table.setFixedHeight(max(height, 40))

        self._checks = [(r.text, r.met) for r in current.requirements]
        if current.requirements:
            rows = []
            for req in current.requirements:
                mark, role, word = MET_STYLE[req.status]
                colour = getattr(c, role)
                detail = (
                    f"<br><span style='color:{c.caption}'>{html.escape(req.detail)}</span>"
                    if req.status != "unjudged"
                    else ""
                )
                rows.append(
                    f"<tr><td style='color:{colour}; font-weight:bold; padding-right:6px' title='{word}'>{mark}</td>"
                    f"<td>{html.escape(req.text)}{detail}</td></tr>"
                )
            self.requirements.setText("<table cellspacing='3'>" + "".join(rows) + "</table>")
        else:
            self.requirements.setText("<i>This scenario states no checkable requirements.</i>")

        same = current.selection == recommended.selection
        if not keys and not current.requirements:
            self.verdict.setText("<i>No figures to compare for this scenario.</i>")
        elif same and summary:
            self.verdict.setText(f"<span style='color:{c.amber_text}'>{html.escape(summary)}</span>")
        elif same:
            self.verdict.setText(
                f"<span style='color:{c.green_text}'>This is the recommended design: the cheapest that meets every requirement.</span>"
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
                f"<span style='color:{c.amber_text}'>{status}</span> Recommended instead: <b>{labels}</b>."
            )
        self.apply_button.setEnabled(not same)

    def rows(self) -> list[tuple[str, str, str]]:
        """The metric table as text: (metric, this design, recommended)."""
        return list(self._rows)

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
