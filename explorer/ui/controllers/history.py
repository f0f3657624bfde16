"""Back and Forward through the views the user has looked at (``explorer.domain.history``)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QWidget

from explorer.domain.history import View, ViewHistory
from explorer.library.store import LibraryError

from .state import ViewState, apply_view


class HistoryController(QObject):
    """Records each view the user moves on from, and goes Back and Forward through them.

    The window calls ``note()`` whenever what it shows may have changed (a scenario
    shown, a toggle, a phase, what-if values, the overview); the view it showed before
    becomes an entry. Going back or forward brings a view back whole (scenario, selection,
    phase, what-if values) and records nothing. Another scenario (or the overview) is
    reached through ``leave_then``, so unsaved Source edits are asked about first.
    ``back_action`` and ``forward_action`` (Alt+Left, Alt+Right) are enabled only when
    there is somewhere to go; the mouse's back and forward buttons anywhere over the
    window do the same.

    Signals:
        changed(): what Back and Forward can go to changed.
        moved(): Back or Forward brought a view back; the window shows it now.
    """

    changed = Signal()
    moved = Signal()

    def __init__(
        self,
        state: ViewState,
        showing_scenario: Callable[[], bool],
        leave_then: Callable[[Callable[[], object]], object],
        select_scenario: Callable[[str], None],
        show_overview: Callable[[], None],
        set_params: Callable[[dict[str, float]], None],
        show_view: Callable[[dict[str, str], int | None], None],
        window: QWidget,
        title_of: Callable[[str], str] = str,
    ):
        super().__init__(window)
        self._state = state
        self._showing_scenario = showing_scenario
        self._leave_then = leave_then
        self._select_scenario = select_scenario
        self._show_overview = show_overview
        self._set_params = set_params
        self._show_view = show_view
        self._window = window
        self._title_of = title_of  # a scenario's title, for the tooltips that say where Back and Forward go
        self.history = ViewHistory()
        #: Seconds on a steady clock (what-if changes closer than a second make one entry).
        self.clock: Callable[[], float] = time.monotonic
        self._current: View | None = None
        self._restoring = False
        self._handle_watched = False
        self.back_action = QAction("Back", window)
        self.back_action.setObjectName("backAction")
        self.back_action.setShortcut(QKeySequence("Alt+Left"))
        self.back_action.setToolTip("Back to the view you looked at before (Alt+Left, or the mouse's back button)")
        self.back_action.triggered.connect(self.back)
        self.forward_action = QAction("Forward", window)
        self.forward_action.setObjectName("forwardAction")
        self.forward_action.setShortcut(QKeySequence("Alt+Right"))
        self.forward_action.setToolTip("Forward again, after going back (Alt+Right, or the mouse's forward button)")
        self.forward_action.triggered.connect(self.forward)
        self.changed.connect(self._enable)
        self._enable()
        window.installEventFilter(self)  # to watch its native window, once it has one

    def view(self) -> View:
        """What the window shows now."""
        state = self._state
        if state.scenario is None or not self._showing_scenario():
            return View(None)
        return View.of(state.scenario.id, state.selection, state.phase, state.params)

    def note(self) -> None:
        """What is shown may have changed: the view left behind becomes an entry."""
        if self._restoring:
            return
        now = self.view()
        if self._current is not None and now != self._current:
            self.history.moved(self._current, now, self.clock())
            self.changed.emit()
        self._current = now

    def reset(self) -> None:
        """Start afresh (another library is open: the old one's views are gone)."""
        self.history.clear()
        self._current = self.view()
        self.changed.emit()

    def back(self) -> None:
        self._go(self.history.back, self.history.go_back)

    def forward(self) -> None:
        self._go(self.history.forward, self.history.go_forward)

    def _go(self, stack: list[View], step: Callable[[View], View | None]) -> None:
        if not stack:
            return
        target = stack[-1]

        def go() -> None:
            view = step(self.view())
            if view is None:
                return
            self._restoring = True
            try:
                self._show(view)
            finally:
                self._restoring = False
            self._current = self.view()
            self.changed.emit()
            self.moved.emit()

        if target.scenario_id != self.view().scenario_id:
            self._leave_then(go)
        else:
            go()

    def _show(self, view: View) -> None:
        if view.scenario_id is None:
            self._show_overview()
            return
        state = self._state
        if state.scenario is None or state.scenario.id != view.scenario_id or not self._showing_scenario():
            try:
                self._select_scenario(view.scenario_id)
            except LibraryError:
                return  # gone from the library
        apply_view(state, view, self._set_params, self._show_view)

    def _enable(self) -> None:
        back, forward = self.history.back, self.history.forward
        self.back_action.setEnabled(bool(back))
        self.forward_action.setEnabled(bool(forward))
        self.back_action.setToolTip(
            f"Back to {self.describe(back[-1])} (Alt+Left, or the mouse's back button)"
            if back
            else "Back to the view you looked at before (Alt+Left, or the mouse's back button)"
        )
        self.forward_action.setToolTip(
            f"Forward to {self.describe(forward[-1])} (Alt+Right, or the mouse's forward button)"
            if forward
            else "Forward again, after going back (Alt+Right, or the mouse's forward button)"
        )

    def describe(self, view: View) -> str:
        """Where ``view`` is, in words: "the overview", or the scenario's title with its
        phase and, within the open scenario, what differs in the design."""
        if view.scenario_id is None:
            return "the overview"
        parts = [self._title_of(view.scenario_id)]
        state = self._state
        if state.scenario is not None and state.scenario.id == view.scenario_id:
            changed = [
                option.label
                for group in state.scenario.option_groups
                for option in group.options
                if dict(view.selection).get(group.key) == option.key and state.selection.get(group.key) != option.key
            ]
            parts += changed
        if view.phase:
            parts.append(f"phase {view.phase}")
        if state.scenario is not None and state.scenario.id == view.scenario_id and dict(view.params) != state.params:
            parts.append("other what-if values")
        return ", ".join(parts)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            # Watched on the window's QWindow: every press over any of its widgets comes here first.
            if event.button() == Qt.MouseButton.BackButton:
                self.back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.forward()
                return True
        elif watched is self._window and kind in (QEvent.Type.Show, QEvent.Type.WinIdChange):
            handle = self._window.windowHandle()
            if handle is not None and not self._handle_watched:
                handle.installEventFilter(self)
                self._handle_watched = True
        return False
