"""What the window's panels say never calls the chapter "the seed", and the About box names it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from explorer.domain.tradeoffs import default_selection, evaluate, recommend
from explorer.library.store import Library
from explorer.ui.about import ABOUT_TEXT, AboutDialog
from explorer.ui.panels import DecisionsPanel, TradeoffPanel, brief_html
from explorer.ui.whatif import ParametersPanel
from tests.conftest import BUNDLED_DB
from tests.test_wording import SEED


def _widget_texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip()]
    for child in widget.findChildren(QWidget):
        texts.append(child.toolTip())
        if isinstance(child, QLabel | QPushButton):
            texts.append(child.text())
    return texts


def test_no_panel_of_any_scenario_says_seed(qtbot):
    decisions, tradeoffs, params = DecisionsPanel(), TradeoffPanel(), ParametersPanel()
    for widget in (decisions, tradeoffs, params):
        qtbot.addWidget(widget)
    problems = []
    with Library(BUNDLED_DB) as library:
        scenarios = [library.get(s.id) for s in library.summaries()]
    for scenario in scenarios:
        selection = default_selection(scenario)
        recommended = recommend(scenario) if scenario.kind == "scenario" else selection
        decisions.set_scenario(scenario, selection, recommended)
        tradeoffs.show_evaluation(scenario, evaluate(scenario, selection), evaluate(scenario, recommended))
        params.set_scenario(scenario, {})
        texts = [brief_html(scenario)]
        for widget in (decisions, tradeoffs, params):
            texts += _widget_texts(widget)
        texts += [text for row in tradeoffs.rows() for text in row]
        problems += [f"{scenario.id}: {text[:100]!r}" for text in texts if SEED.search(text)]
    assert not problems, "\n".join(problems)


def test_the_about_box_names_the_chapter(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(AboutDialog, "ask", classmethod(lambda cls, parent: shown.append(parent)))
    action = window.about_action
    assert action.objectName() == "aboutAction"
    action.trigger()
    assert shown == [window]
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    text = dialog.label.text()
    assert "Common Exam Scenarios and Real-World Solutions" in text and "the chapter" in text
    assert text.startswith(ABOUT_TEXT) and not SEED.search(text)
