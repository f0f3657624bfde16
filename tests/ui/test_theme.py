"""Light and dark: View > Theme, the system's colour scheme, and every text readable (WCAG AA)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from explorer.ui import session, theme
from tests.ui.contrast import AA, contrast, window_contrasts


@pytest.fixture(autouse=True)
def system_theme_afterwards(qapp):
    """The application palette is shared by every test: give it back to the system."""
    yield
    theme.apply_mode("system")


def open_window(qtbot, library_db, mode: str):
    from explorer.ui import APPLICATION, ORGANISATION, app_settings, create_main_window

    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setApplicationName(APPLICATION)
    settings = app_settings()
    settings.setValue(session.THEME, mode)
    settings.sync()
    win = create_main_window(library_db)
    win.setProperty("quietErrors", True)
    win.ask_unsaved = lambda title: "discard"
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def settle(qtbot) -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qtbot.wait(50)


def test_contrast_is_wcag():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # WCAG's own AA example


def test_every_text_colour_of_both_themes_is_readable():
    """The colours the theme module gives text, against the backgrounds they are drawn on."""
    for c in (theme.LIGHT_UI, theme.DARK_UI):
        pairs = {
            "text": (c.text, c.base),
            "window text": (c.window_text, c.window),
            "button text": (c.button_text, c.button),
            "caption": (c.caption, c.window),
            "placeholder": (c.placeholder, c.base),
            "link": (c.link, c.base),
            "highlighted": (c.highlighted_text, c.highlight),
            "tooltip": (c.tooltip_text, c.tooltip_base),
            "option": (c.option_text, c.option_background),
            "checked option": (c.option_checked_text, c.option_checked_background),
            "phase": (c.phase_text, c.phase_background),
            "checked phase": (c.phase_checked_text, c.phase_checked_background),
            "message": (c.message_text, c.message_background),
            "chart text": (c.canvas_text, c.canvas),
            **{f"{k} on window": (getattr(c, k), c.window) for k in ("green_text", "amber_text", "red_text")},
            **{f"{k} on base": (getattr(c, k), c.base) for k in ("green_text", "amber_text", "red_text")},
            **{
                f"syntax {k}": (getattr(c, f"syntax_{k}"), c.base)
                for k in ("key", "dash", "string", "number", "comment")
            },
            "problem line number": (c.problem_text, c.alternate_base),
        }
        poor = {k: round(contrast(*v), 2) for k, v in pairs.items() if contrast(*v) < AA}
        assert not poor, f"{c.name}: {poor}"


def test_the_theme_menu_forces_light_or_dark_and_remembers_it(qtbot, library_db):
    win = open_window(qtbot, library_db, "system")
    actions = {mode: win.findChild(type(win.copy_action), name) for mode, _text, name in theme.MODES}
    assert all(a is not None and a.isCheckable() for a in actions.values())
    assert actions["system"].isChecked() and actions["system"].actionGroup().isExclusive()
    actions["dark"].trigger()
    assert actions["dark"].isChecked() and not actions["system"].isChecked()
    assert QApplication.style().name().lower() == "fusion"
    assert theme.is_dark(QApplication.palette())
    qtbot.waitUntil(lambda: theme.is_dark(win.decisions.palette()) and win.diagram_view.theme.name == "dark")
    assert (
        QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ScenarioExplorer", "explorer").value(
            session.THEME
        )
        == "dark"
    )
    actions["light"].trigger()
    assert not theme.is_dark(QApplication.palette())
    qtbot.waitUntil(lambda: win.diagram_view.theme.name == "light")


def test_a_remembered_dark_theme_opens_dark(qtbot, library_db):
    win = open_window(qtbot, library_db, "dark")
    assert win.findChild(type(win.copy_action), "themeDarkAction").isChecked()
    assert QApplication.palette().color(QPalette.ColorRole.Window).name().upper() == theme.DARK_UI.window


def test_system_follows_the_colour_scheme_as_it_changes(qtbot, library_db):
    win = open_window(qtbot, library_db, "system")
    hints = QGuiApplication.styleHints()
    real = hints.colorScheme()
    try:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert theme.is_dark(QApplication.palette()) and win.theme.colours is theme.DARK_UI
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert not theme.is_dark(QApplication.palette()) and win.theme.colours is theme.LIGHT_UI
        win.theme.set_mode("dark")  # forced: the system's scheme no longer counts
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert theme.is_dark(QApplication.palette())
    finally:
        hints.colorSchemeChanged.emit(real)


@pytest.mark.parametrize(
    ("start", "mode"), [("light", "light"), ("dark", "dark"), ("light", "dark"), ("dark", "light")]
)
def test_every_text_on_screen_has_a_contrast_of_4_5(qtbot, library_db, start, mode):
    """Opened in ``mode``, or opened in ``start`` and switched to ``mode`` with a scenario open."""
    win = open_window(qtbot, library_db, start)
    seen: dict[str, list] = {}

    def look(where: str) -> None:
        settle(qtbot)
        seen[where] = window_contrasts(win)

    win.select_scenario("disaster-recovery")
    qtbot.waitUntil(lambda: not win.diagram_view.image().isNull(), timeout=20_000)
    if start != mode:
        win.findChild(type(win.copy_action), dict((m, n) for m, _t, n in theme.MODES)[mode]).trigger()
        qtbot.waitUntil(lambda: win.diagram_view.theme.name == mode)
    win.findChild(QPushButton, "phase:2").click()  # a checked phase button
    look("disaster-recovery")
    win.tabs.setCurrentIndex(1)
    look("disaster-recovery brief")
    win.tabs.setCurrentIndex(0)
    win.select_scenario("hybrid-connectivity")
    qtbot.waitUntil(lambda: win.state.scenario is not None and win.state.scenario.id == "hybrid-connectivity")
    look("hybrid-connectivity")
    win.centre_tabs.setCurrentWidget(win.source_panel)
    look("source")
    win.centre_tabs.setCurrentIndex(0)
    win.home_button.click()
    look("overview")
    win.select_scenario("api-gateway-errors")
    qtbot.waitUntil(lambda: win.state.scenario is not None and win.state.scenario.kind == "troubleshooting")
    look("guide")

    measured = [(where, m) for where, ms in seen.items() for m in ms]
    names = " ".join(m.what for _w, m in measured)
    # the widgets this is about were measured: checked option and phase buttons, tabs, the brief
    for needed in ("option:", "phase:2", "tab 'Decide'", "briefView", "overviewView", "homeButton"):
        assert needed in names, needed
    lowest = min(measured, key=lambda wm: wm[1].ratio)
    print(
        f"{start} -> {mode}: {len(measured)} texts measured, lowest {lowest[1].ratio:.2f} ({lowest[0]}: {lowest[1].what})"
    )
    poor = [f"{where}: {m.what} {m.text} on {m.background} = {m.ratio:.2f}" for where, m in measured if m.ratio < AA]
    assert not poor, "\n".join(poor)
