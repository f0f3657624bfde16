"""Every control within reach of the keyboard: the window's tab order in reading order,
arrow keys within a group of options and along the phase bar, and Help > Keyboard
Shortcuts.

The panels build their buttons anew for each scenario, and Qt appends a new widget to
the end of the focus chain, so after a rebuild the chain no longer follows the page:
``TabOrder.apply`` lays it down again, from the window's left column to its right.
Within a group (the options of one decision, the phase bar) Tab moves on to the next
group and the arrow keys move between the group's buttons, choosing the one they land
on, as in a group of radio buttons.
"""

from __future__ import annotations

import contextlib
import html
import itertools
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

_NEXT = {Qt.Key.Key_Right, Qt.Key.Key_Down}
_PREVIOUS = {Qt.Key.Key_Left, Qt.Key.Key_Up}


class ArrowGroups(QObject):
    """Arrow keys between the buttons of a group; the button landed on is clicked."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._group_of: dict[QAbstractButton, list[QAbstractButton]] = {}

    def set_groups(self, groups: Iterable[list[QAbstractButton]]) -> None:
        for button in self._group_of:
            with contextlib.suppress(RuntimeError):  # already deleted with its panel
                button.removeEventFilter(self)
        self._group_of = {}
        for group in groups:
            for button in group:
                self._group_of[button] = group
                button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QAbstractButton):
            return False
        key = event.key() if isinstance(event, QKeyEvent) else None
        if key not in _NEXT and key not in _PREVIOUS:
            return False
        group = [b for b in self._group_of.get(watched, []) if b.isVisible() and b.isEnabled()]
        if watched not in group or len(group) < 2:
            return False
        step = 1 if key in _NEXT else -1
        target = group[(group.index(watched) + step) % len(group)]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if not target.isChecked():
            target.click()
        return True


def rove(groups: Iterable[list[QAbstractButton]]) -> None:
    """One stop per group for Tab (its checked button, or its first): the arrows do the rest."""
    for group in groups:
        if not group:
            continue
        stop = next((b for b in group if b.isChecked()), group[0])
        for button in group:
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus)


def apply_tab_order(widgets: Iterable[QWidget | None]) -> list[QWidget]:
    """Chain ``widgets`` (those that take focus by Tab) in the order given; returns the chain."""
    chain = [
        w for w in widgets if w is not None and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
    ]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
    return chain


# --- Help > Keyboard Shortcuts ----------------------------------------------------------

#: Keys that belong to no menu action, with what they do.
OTHER_KEYS: list[tuple[str, str]] = [
    ("Tab / Shift+Tab", "Move to the next / previous control, in reading order"),
    ("← → ↑ ↓", "Within a decision's options or along the phase bar: move to the next or previous one and choose it"),
    ("Space / Enter", "Press the focused button"),
    ("Ctrl+F (in the diagram)", "Find a node in the diagram; Esc closes the find bar"),
    ("Ctrl+F (in the Source tab)", "Find in the source: Enter next, Shift+Enter previous, Esc closes"),
    ("Ctrl+Space (in the Source tab)", "Complete a diagrams node class after type:, or an id of the file"),
    ("Ctrl+Z / Ctrl+Shift+Z (in the Source tab)", "Undo / redo typing"),
    ("Esc (over the diagram)", "Close the node's details pane"),
]


def action_shortcuts(menus: Iterable[QMenu]) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action with a shortcut, menus and submenus walked."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{path} > {action.text().replace('&', '')}")
            elif action.shortcuts() and not action.isSeparator():
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
                rows.append((path, action.text().replace("&", "").rstrip("…"), keys))

    for menu in menus:
        walk(menu, menu.title().replace("&", ""))
    return rows


def shortcuts_html(rows: list[tuple[str, str, str]]) -> str:
    cells = "".join(
        f"<tr><td>{html.escape(keys)}</td><td>{html.escape(name)}</td><td>{html.escape(menu)}</td></tr>"
        for menu, name, keys in rows
    )
    others = "".join(f"<tr><td>{html.escape(k)}</td><td colspan='2'>{html.escape(v)}</td></tr>" for k, v in OTHER_KEYS)
    return (
        "<h3>Menu commands</h3><table cellpadding='3'><tr><th align='left'>Keys</th>"
        f"<th align='left'>Command</th><th align='left'>Menu</th></tr>{cells}</table>"
        f"<h3>Everywhere else</h3><table cellpadding='3'>{others}</table>"
    )


class ShortcutsDialog(QDialog):
    """Help > Keyboard Shortcuts (``shortcutsDialog``): every shortcut, read from the menus."""

    def __init__(self, menus: Iterable[QMenu], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.rows = action_shortcuts(menus)
        self.text = QTextBrowser()
        self.text.setObjectName("shortcutsText")
        self.text.setHtml(shortcuts_html(self.rows))
        self.text.setMinimumSize(560, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, menus: Iterable[QMenu], parent: QWidget | None) -> None:
        """Show the list until it is closed (tests replace this)."""
        cls(menus, parent).exec()
