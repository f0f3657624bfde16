"""Problems told to the user (ProblemReporter): shown literally, signalled, quiet when asked."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

import explorer.ui.controllers.problems as problems_module
from explorer.ui.controllers.problems import ProblemReporter


def test_a_problem_is_signalled_in_printable_text_and_shown_unless_quiet(qtbot, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    quiet = [False]
    reporter = ProblemReporter(parent, lambda: quiet[0])
    shown, warned = [], []
    reporter.problemShown.connect(shown.append)
    monkeypatch.setattr(problems_module, "warn", lambda p, title, text: warned.append((p, title, text)))

    reporter.report("Export failed", "cannot write \x1b]0;owned\x07 here")
    assert shown == ["cannot write \\x1b]0;owned\\x07 here"]  # a control character stays visible
    assert warned == [(parent, "Export failed", shown[0])]

    quiet[0] = True
    reporter.report("Import", "another")
    reporter.note("drawn over the diagram already")
    assert shown[1:] == ["another", "drawn over the diagram already"]
    assert len(warned) == 1  # quiet: signalled only


def test_the_window_reports_through_one_reporter(qtbot, window, monkeypatch):
    shown = []
    window.problemShown.connect(shown.append)
    window.setProperty("quietErrors", False)
    warned = []
    monkeypatch.setattr(problems_module, "warn", lambda p, title, text: warned.append((p, title, text)))
    window.report_problem("Scenario Explorer", "a problem")
    assert shown == ["a problem"] and warned == [(window, "Scenario Explorer", "a problem")]
