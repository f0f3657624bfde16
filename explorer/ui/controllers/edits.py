"""Edit > Undo and Redo: toggles, phase steps and what-if changes within the open scenario."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from explorer.domain import history
from explorer.domain.history import View

from .state import ViewState, apply_view

UNDO_KEYS = (QKeySequence("Ctrl+Z"),)
REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))  # Ctrl+Y as on Windows


class _Edit(QUndoCommand):
    """One change of the open scenario's view, from ``before`` to ``after``.

    It is pushed once the change is on screen, so its first ``redo`` (which ``QUndoStack.push``
    calls) does nothing. Successive changes of one what-if value (``merge`` the same) make
    one command, which vanishes if they end where they began.
    """

    def __init__(self, text: str, before: View, after: View, show: Callable[[View], None], merge: str | None):
        super().__init__(text)
        self.before, self.after, self.merge = before, after, merge
        self._show = show
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._show(self.after)

    def undo(self) -> None:
        self._show(self.before)

    def id(self) -> int:
        return 1 if self.merge is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Edit) or other.merge != self.merge or other.before != self.after:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)
        return True


class _EditorKeys(QObject):
    """Keeps Ctrl+Z and Ctrl+Shift+Z with a text editor while it has focus (even a
    read-only one), so that the window's Undo never acts on a view behind the text."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch for keys in UNDO_KEYS + REDO_KEYS):
                event.accept()  # the key goes to the editor as a key press, not to a shortcut
                return True
        return False


class EditController(QObject):
    """Undo and Redo (``stack``, a ``QUndoStack``) of toggles, phase steps and what-if changes.

    The window runs each such change through ``record(text, change)``: what is shown
    before and after becomes a command named ``text`` ("Choose Warm standby", "Phase 2",
    "What-if: RPO target"). Undoing shows the view before again through ``set_params``
    and ``show_view``, which record nothing. The stack holds one scenario's changes: it
    starts afresh when another scenario, the overview or another library is shown, and
    after Back or Forward. ``undo_action`` and ``redo_action`` name what they would undo
    and redo.
    """

    def __init__(
        self,
        state: ViewState,
        set_params: Callable[[dict[str, float]], None],
        show_view: Callable[[dict[str, str], int | None], None],
        window: QWidget,
    ):
        super().__init__(window)
        self._state = state
        self._set_params = set_params
        self._show_view = show_view
        self._scenario_id: str | None = None
        self.stack = QUndoStack(self)
        self.undo_action: QAction = self.stack.createUndoAction(window, "Undo")
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcuts(list(UNDO_KEYS))
        self.redo_action: QAction = self.stack.createRedoAction(window, "Redo")
        self.redo_action.setObjectName("redoAction")
        self.redo_action.setShortcuts(list(REDO_KEYS))
        self._editor_keys = _EditorKeys(self)

    def keep_keys_in(self, editor: QWidget) -> None:
        """While ``editor`` has focus, Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y are its own undo and redo."""
        editor.installEventFilter(self._editor_keys)

    def _view(self) -> View:
        state = self._state
        if state.scenario is None:
            return View(None)
        return View.of(state.scenario.id, state.selection, state.phase, state.params)

    def record(self, text: str | Callable[[View], str], change: Callable[[], object], merge: bool = False) -> None:
        """Make ``change`` (of the open scenario's selection, phase or what-if values) and,
        if it changed what is shown, remember it as one step to undo, called ``text`` (or
        what ``text`` makes of the view after it). ``merge``: successive changes with the
        same text make one step."""
        before = self._view()
        change()
        after = self._view()
        if before.scenario_id is None or before == after or after.scenario_id != before.scenario_id:
            return
        name = text if isinstance(text, str) else text(after)
        self.stack.push(_Edit(name, before, after, self._show, name if merge else None))

    def choose(self, group_key: str, option_key: str, change: Callable[[], object]) -> None:
        scenario = self._state.scenario
        label = option_key
        if scenario is not None:
            options = [o for g in scenario.option_groups if g.key == group_key for o in g.options]
            label = next((o.label for o in options if o.key == option_key), option_key)
        self.record(history.choice_text(label), change)

    def phase(self, change: Callable[[], object]) -> None:
        """A phase step (the command is named by the phase it goes to)."""
        self.record(lambda after: history.phase_text(after.phase), change)

    def params(self, values: dict[str, float], change: Callable[[], object]) -> None:
        scenario = self._state.scenario
        labels = {p.key: p.label for p in scenario.parameters} if scenario is not None else {}
        text = history.params_text(labels, self._state.params, values)
        self.record(text, change, merge=True)

    def _show(self, view: View) -> None:
        apply_view(self._state, view, self._set_params, self._show_view)

    def scenario_shown(self, scenario_id: str) -> None:
        """A scenario is shown: another one's changes can no longer be undone here."""
        if scenario_id != self._scenario_id:
            self.clear()
            self._scenario_id = scenario_id

    def clear(self) -> None:
        self.stack.clear()
        self._scenario_id = self._state.scenario.id if self._state.scenario is not None else None
