"""Each option's pros and cons are shown with it: in its tooltip and under its group."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QToolButton

from .window_helpers import button


def _toggle(win, group: str) -> QToolButton | None:
    return win.findChild(QToolButton, f"prosCons:{group}")


def test_the_selected_options_pros_and_cons_open_under_its_group(qtbot, window):
    window.select_scenario("hybrid-connectivity")
    qtbot.waitUntil(window.rendering.settled, timeout=20_000)
    toggle = _toggle(window, "connection")
    text = window.findChild(QLabel, "prosConsText:connection")
    assert toggle is not None and text is not None
    assert not toggle.isChecked() and not text.isVisible()
    toggle.click()
    assert text.isVisible()
    shown = window.decisions.pros_cons("connection")
    assert shown.splitlines()[:2] == ["Pros", "+ Performance stays predictable."]
    assert "– Costs a lot." in shown
    assert "Performance stays predictable." in text.text()

    button(window, "option:connection:vpn").click()
    shown = window.decisions.pros_cons("connection")
    assert "+ Can be working within hours." in shown and "– Bandwidth is limited." in shown
    assert "Can be working within hours." in window.findChild(QLabel, "prosConsText:connection").text()

    # It stays open on another scenario, and a group whose options give none has no toggle.
    window.select_scenario("disaster-recovery")
    assert _toggle(window, "strategy") is None and window.decisions.pros_cons("strategy") == ""
    window.select_scenario("hybrid-connectivity")
    assert _toggle(window, "connection").isChecked()
    assert window.findChild(QLabel, "prosConsText:connection").isVisible()


def test_every_option_tooltip_lists_its_pros_and_cons(window):
    window.select_scenario("cicd-pipeline")
    scenario = window.scenario
    checked = 0
    for group in scenario.option_groups:
        for option in group.options:
            tip = button(window, f"option:{group.key}:{option.key}").toolTip()
            for item in (*option.pros, *option.cons):
                assert html.escape(item) in tip, (option.key, item)
                checked += 1
            assert ("<b>Pros</b>" in tip) == bool(option.pros)
            assert ("<b>Cons</b>" in tip) == bool(option.cons)
    assert checked > 20
