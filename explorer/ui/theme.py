"""The window's colours, light and dark: the one place a colour of the UI is chosen.

Widgets take their colours from the Qt palette, or, where a palette role does not say
it (an option button's checked state, green "met" text, a syntax colour), from the
``Colours`` of the theme in effect: ``LIGHT_UI`` or ``DARK_UI``. Every text colour here
keeps a contrast of 4.5:1 or more against the background it is drawn on (WCAG AA);
``tests/ui/test_theme.py`` measures it on the real window in both themes.

The app follows the system's colour scheme, live, unless View > Theme forces Light or
Dark (``ThemeSwitch``; the choice is remembered under ``session.THEME``). A forced theme
sets a full palette and the Fusion style, which honours a palette on every platform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from explorer.drawing.palette import DARK, LIGHT, Theme

from . import session


@dataclass(frozen=True)
class Colours:
    """The colours of one theme: the palette's roles, then what no palette role names."""

    name: str
    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    button_text: str
    highlight: str
    highlighted_text: str
    link: str
    link_visited: str
    placeholder: str
    disabled_text: str
    light: str
    mid: str
    dark: str
    shadow: str
    tooltip_base: str
    tooltip_text: str
    # secondary text (a scenario's summary, a caption) and text that carries a meaning
    caption: str
    green_text: str
    amber_text: str
    red_text: str
    # an option button: normal, hovered, checked, disabled
    option_background: str
    option_border: str
    option_text: str
    option_hover_border: str
    option_checked_background: str
    option_checked_border: str
    option_checked_text: str
    option_disabled_background: str
    option_disabled_text: str
    # a phase button, and the checked one (the green of "new in this phase")
    phase_background: str
    phase_border: str
    phase_text: str
    phase_checked_background: str
    phase_checked_border: str
    phase_checked_text: str
    # a message over the diagram, a find that found nothing, the "Rendering…" badge
    message_background: str
    message_text: str
    error_border: str
    badge_background: str
    badge_text: str
    # where a picture drawn on white (a chart) sits
    canvas: str
    canvas_text: str
    canvas_frame: str
    # the Source tab's YAML colours, a line number with a problem and its underline
    syntax_key: str
    syntax_dash: str
    syntax_string: str
    syntax_number: str
    syntax_comment: str
    problem_text: str
    problem_underline: str
    #: the diagram drawn on screen in this theme
    diagram: Theme

    @property
    def dark_theme(self) -> bool:
        return self.name == "dark"


LIGHT_UI = Colours(
    name="light",
    window="#EFF1F3",
    window_text="#1B1F24",
    base="#FFFFFF",
    alternate_base="#F4F6F8",
    text="#1B1F24",
    button="#F7F8FA",
    button_text="#1B1F24",
    highlight="#1F6FB2",
    highlighted_text="#FFFFFF",
    link="#1A5E99",
    link_visited="#6A3D9A",
    placeholder="#5F6B77",
    disabled_text="#8A949E",
    light="#FFFFFF",
    mid="#B8C0C8",
    dark="#8A949E",
    shadow="#5F6B77",
    tooltip_base="#FFFFFF",
    tooltip_text="#1B1F24",
    caption="#4F5A65",
    green_text="#1E7B3C",
    amber_text="#9A4F00",
    red_text="#B3261E",
    option_background="#FFFFFF",
    option_border="#C5CCD3",
    option_text="#232F3E",
    option_hover_border="#7D8B99",
    option_checked_background="#E1EEFB",
    option_checked_border="#1F6FB2",
    option_checked_text="#0F3F66",
    option_disabled_background="#F1F3F5",
    option_disabled_text="#5F6B77",
    phase_background="#FFFFFF",
    phase_border="#C5CCD3",
    phase_text="#232F3E",
    phase_checked_background="#1E7B3C",
    phase_checked_border="#165C2D",
    phase_checked_text="#FFFFFF",
    message_background="#FFFFFF",
    message_text="#8A2A2A",
    error_border="#D13212",
    badge_background="rgba(35,47,62,0.85)",
    badge_text="#FFFFFF",
    canvas="#FFFFFF",
    canvas_text="#1B1F24",
    canvas_frame="#B8C0C8",
    syntax_key="#1F4E8C",
    syntax_dash="#8A5A00",
    syntax_string="#1D6B35",
    syntax_number="#8B2F8B",
    syntax_comment="#5F6B77",
    problem_text="#B3261E",
    problem_underline="#D93025",
    diagram=LIGHT,
)

DARK_UI = Colours(
    name="dark",
    window="#1E2227",
    window_text="#E6E9ED",
    base="#16191D",
    alternate_base="#1F2429",
    text="#E6E9ED",
    button="#2A3037",
    button_text="#E6E9ED",
    highlight="#2F6DB0",
    highlighted_text="#FFFFFF",
    link="#7DBEFF",
    link_visited="#C9A6FF",
    placeholder="#9AA5B1",
    disabled_text="#6E7883",
    light="#3A414A",
    mid="#4A525C",
    dark="#101316",
    shadow="#000000",
    tooltip_base="#2A3037",
    tooltip_text="#E6E9ED",
    caption="#AEB8C2",
    green_text="#5FD08A",
    amber_text="#F2AA4C",
    red_text="#FF8A80",
    option_background="#262B31",
    option_border="#4A525C",
    option_text="#E6E9ED",
    option_hover_border="#8A96A3",
    option_checked_background="#1D3A57",
    option_checked_border="#5FB4FF",
    option_checked_text="#FFFFFF",
    option_disabled_background="#1F2328",
    option_disabled_text="#9AA5B1",
    phase_background="#262B31",
    phase_border="#4A525C",
    phase_text="#E6E9ED",
    phase_checked_background="#1E7B3C",
    phase_checked_border="#4CC47A",
    phase_checked_text="#FFFFFF",
    message_background="#262B31",
    message_text="#FF9B9B",
    error_border="#FF6B5A",
    badge_background="rgba(35,47,62,0.85)",
    badge_text="#FFFFFF",
    canvas="#FFFFFF",
    canvas_text="#1B1F24",
    canvas_frame="#8A96A3",
    syntax_key="#8CC4FF",
    syntax_dash="#F0C674",
    syntax_string="#9EE29E",
    syntax_number="#E7A6E7",
    syntax_comment="#9AA5B1",
    problem_text="#FF8A80",
    problem_underline="#FF6B5A",
    diagram=DARK,
)

THEMES = {"light": LIGHT_UI, "dark": DARK_UI}
#: What View > Theme offers: (setting value, menu text, action objectName).
MODES = (
    ("system", "System", "themeSystemAction"),
    ("light", "Light", "themeLightAction"),
    ("dark", "Dark", "themeDarkAction"),
)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colours_for(palette: QPalette | None = None) -> Colours:
    """The theme that suits ``palette`` (default: the application's).

    Widgets ask for the application's: a widget with a style sheet keeps the palette it
    was polished with, so its own palette can lag behind a change of theme.
    """
    return DARK_UI if is_dark(palette if palette is not None else QGuiApplication.palette()) else LIGHT_UI


def palette_for(colours: Colours) -> QPalette:
    """A full palette of ``colours``: every role, in every colour group."""
    role = QPalette.ColorRole
    palette = QPalette()
    roles = {
        role.Window: colours.window,
        role.WindowText: colours.window_text,
        role.Base: colours.base,
        role.AlternateBase: colours.alternate_base,
        role.Text: colours.text,
        role.Button: colours.button,
        role.ButtonText: colours.button_text,
        role.BrightText: colours.highlighted_text,
        role.Highlight: colours.highlight,
        role.HighlightedText: colours.highlighted_text,
        role.Link: colours.link,
        role.LinkVisited: colours.link_visited,
        role.PlaceholderText: colours.placeholder,
        role.Light: colours.light,
        role.Midlight: colours.mid,
        role.Mid: colours.mid,
        role.Dark: colours.dark,
        role.Shadow: colours.shadow,
        role.ToolTipBase: colours.tooltip_base,
        role.ToolTipText: colours.tooltip_text,
        role.Accent: colours.highlight,
    }
    for r, value in roles.items():
        palette.setColor(r, QColor(value))
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, r, QColor(colours.disabled_text))
    palette.setColor(QPalette.ColorGroup.Disabled, role.Highlight, QColor(colours.mid))
    return palette


class _Notifier(QObject):
    """Says when ``apply_mode`` has given the application a palette. A widget whose style
    sheet set its palette hears nothing of a new application palette, so followers
    listen here too."""

    applied = Signal()


_notifier: _Notifier | None = None


def _notifications() -> _Notifier:
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


class _Follower(QObject):
    def __init__(self, widget: QWidget, apply: Callable[[Colours], None]):
        super().__init__(widget)
        self._widget = widget
        self._apply = apply
        self._shown = ""
        widget.installEventFilter(self)
        _notifications().applied.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        colours = colours_for()
        if colours.name != self._shown:  # once per change: restyling must not restyle again
            self._shown = colours.name
            self._apply(colours)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.refresh()
        return False


def follow(widget: QWidget, apply: Callable[[Colours], None]) -> None:
    """Call ``apply`` with the colours of the application's theme now and whenever it
    changes (as ``widget`` is told: every widget hears of a new application palette);
    ``apply`` may restyle ``widget`` and its children. It lives as long as ``widget``."""
    _Follower(widget, apply)


def style_sheet(widget: QWidget, css: str) -> None:
    """Set ``css`` on ``widget`` unless it is already set (a change repolishes)."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


# --- which theme is in effect -------------------------------------------------------------

_NATIVE_STYLE = "explorerNativeStyle"  # an application property: the style before any forcing


def _use_style(app: QApplication, name: str) -> None:
    if app.style().name().lower() != name.lower():
        app.setStyle(name)


def apply_mode(mode: str, scheme: Qt.ColorScheme | None = None) -> Colours:
    """Give the application the theme ``mode`` asks for ("system", "light" or "dark").

    "system" keeps the platform's own style and palette when they suit the system's
    colour ``scheme`` (default: the one Qt reports), and otherwise sets the Fusion style
    and the palette of that scheme. Returns the colours now in effect.
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    native = app.property(_NATIVE_STYLE)
    if not native:
        native = app.style().name()
        app.setProperty(_NATIVE_STYLE, native)
    if mode in ("light", "dark"):
        _use_style(app, "fusion")
        app.setPalette(palette_for(THEMES[mode]))
        _notifications().applied.emit()
        return THEMES[mode]
    if scheme is None:
        scheme = QGuiApplication.styleHints().colorScheme()
    _use_style(app, str(native))
    app.setPalette(QPalette())  # the platform's own palette
    native_dark = is_dark(app.palette())
    want_dark = native_dark if scheme == Qt.ColorScheme.Unknown else scheme == Qt.ColorScheme.Dark
    if want_dark != native_dark:
        _use_style(app, "fusion")
        app.setPalette(palette_for(DARK_UI if want_dark else LIGHT_UI))
    _notifications().applied.emit()
    return DARK_UI if want_dark else LIGHT_UI


class ThemeSwitch(QObject):
    """View > Theme: System, Light or Dark, remembered; System follows the system's
    colour scheme as it changes.

    Signals:
        changed(str): the theme in effect is now "light" or "dark".
    """

    changed = Signal(str)

    def __init__(self, settings: QSettings, parent: QObject | None = None):
        super().__init__(parent)
        self._settings = settings
        chosen = str(settings.value(session.THEME, "system"))
        self._mode = chosen if chosen in THEMES or chosen == "system" else "system"
        self._scheme = QGuiApplication.styleHints().colorScheme()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._scheme_changed)
        self.actions: dict[str, QAction] = {}
        self.colours = apply_mode(self._mode, self._scheme)

    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """Use ``mode`` ("system", "light" or "dark") from now on, and remember it."""
        self._mode = mode
        self._settings.setValue(session.THEME, mode)
        if mode in self.actions:
            self.actions[mode].setChecked(True)
        self._apply()

    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._scheme = scheme
        if self._mode == "system":
            self._apply()

    def _apply(self) -> None:
        self.colours = apply_mode(self._mode, self._scheme)
        self.changed.emit(self.colours.name)

    def add_menu(self, menu: QMenu) -> QMenu:
        """Add the Theme submenu (checkable, exclusive actions) to ``menu``."""
        submenu = menu.addMenu("&Theme")
        submenu.setObjectName("themeMenu")
        group = QActionGroup(submenu)
        group.setExclusive(True)
        for mode, text, name in MODES:
            action = QAction(text, submenu)
            action.setObjectName(name)
            action.setCheckable(True)
            action.setChecked(mode == self._mode)
            action.setToolTip(
                "Follow the system's light or dark colour scheme" if mode == "system" else f"Always {text.lower()}"
            )
            action.triggered.connect(lambda _=False, m=mode: self.set_mode(m))
            group.addAction(action)
            submenu.addAction(action)
            self.actions[mode] = action
        return submenu
