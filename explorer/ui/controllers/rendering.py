"""The diagram on screen: the scenario's layout made once, off the UI thread; every view
then shown from it at once.

The UI thread never runs Graphviz: a scenario's layouts (left to right and top to
bottom, from memory, the disk cache or one ``dot`` run each) and its icons are prepared
in a worker. Once they are in the diagram view, a toggle or a phase step only shows and
styles items, within a frame.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from .. import session
from ..diagram_view import SCENES_KEPT, DiagramView
from ..renderer import RenderService
from ..session import ViewKey
from .state import ViewState

if TYPE_CHECKING:
    from explorer.domain.model import Scenario
    from explorer.drawing.layout import Layout

_CURRENT = "current"
DIRECTIONS = ("LR", "TB")

_icon_lock = threading.Lock()
_icons: dict[str, QImage] = {}


def _icon(path: str) -> QImage:
    """An icon file, decoded once per process (QImage is safe to make in a worker)."""
    with _icon_lock:
        found = _icons.get(path)
    if found is None:
        found = QImage(path)
        with _icon_lock:
            _icons[path] = found
    return found


class Prepared(NamedTuple):
    """What drawing one scenario needs: its layouts by direction, cluster kinds, icons, tooltips."""

    generation: int
    scenario_id: str
    digest: str
    layouts: dict[str, Layout]
    kinds: dict[str, tuple[str, int]]
    icons: dict[str, QImage]
    tooltips: dict[str, str]


def prepare(scenario: Scenario, digest: str, generation: int) -> Prepared:
    """Lay the scenario out both ways and gather its icons (run in a worker)."""
    from explorer.domain.node_info import node_details
    from explorer.drawing.layout import compute_layout, scene_inputs

    # The two Graphviz runs (when nothing is cached) go side by side.
    with ThreadPoolExecutor(len(DIRECTIONS), thread_name_prefix="layout") as pool:
        done = {d: pool.submit(compute_layout, scenario, d) for d in DIRECTIONS}
        layouts = {d: future.result() for d, future in done.items()}
    paths, kinds = scene_inputs(scenario)
    icons = {node_id: _icon(path) for node_id, path in paths.items()}
    tips = {}
    for node_id in paths:
        details = node_details(scenario, node_id)
        tips[node_id] = "\n".join(p for p in (details.label, details.service, details.note) if p)
    return Prepared(generation, scenario.id, digest, layouts, kinds, icons, tips)


class RenderingController(QObject):
    """Keeps the diagram view on the current view of the current scenario.

    A layout prepared for a library that is no longer open (``ViewState.generation``)
    or for a scenario the user has left is dropped; the render service's newest-wins
    rule drops work the user has moved past.

    Signals:
        failed(str): the scenario could not be laid out; the text says why (the diagram
            view already shows it, with a retry button).
    """

    failed = Signal(str)

    def __init__(
        self,
        state: ViewState,
        view: DiagramView,
        pixel_ratio: Callable[[], float],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._state = state
        self._view = view
        self._pixel_ratio = pixel_ratio
        self._ready: tuple[int, str, str] | None = None  # (generation, scenario id, digest) in the view
        self._pending: tuple[int, str, str] | None = None
        self._shown_key: ViewKey | None = None
        # What the last scenarios drawn were prepared with, by (scenario id, digest), as
        # many as the view keeps scenes: going back to one needs no worker and no wait
        # (a worker's Python holds the GIL, slowing the UI thread's turn meanwhile).
        self._prepared: OrderedDict[tuple[str, str], Prepared] = OrderedDict()
        self.renderer = RenderService(self)
        self.renderer.rendered.connect(self._on_prepared)
        self.renderer.failed.connect(self._on_failed)
        self.renderer.busyChanged.connect(view.set_busy)

    # --- what is shown ---------------------------------------------------------------

    @property
    def shown_key(self) -> ViewKey | None:
        """The view on screen, if any."""
        return self._shown_key

    @property
    def pending_key(self) -> ViewKey | None:
        """The view waiting for its scenario's layout, if any."""
        return self.view_key() if self._pending is not None and self._state.scenario is not None else None

    def screen_dpi(self) -> int:
        return session.screen_dpi(self._pixel_ratio())

    def view_key(self, selection: dict[str, str] | None = None, phase: int | str | None = _CURRENT) -> ViewKey:
        """The key of the current view, or of the current scenario with another selection or phase."""
        scenario = self._state.scenario
        assert scenario is not None
        chosen = self._state.selection if selection is None else selection
        at = self._state.phase if phase == _CURRENT else phase
        assert at is None or isinstance(at, int)
        return session.view_key(scenario.id, chosen, at, self.screen_dpi())

    def settled(self) -> bool:
        """True when the current view is on screen and nothing is being prepared for it."""
        return (
            not self.renderer.busy
            and self._pending is None
            and self._state.scenario is not None
            and self._shown_key == self.view_key()
        )

    def _wanted(self) -> tuple[int, str, str]:
        scenario = self._state.scenario
        assert scenario is not None
        return (self._state.generation, scenario.id, self._state.content_digest)

    # --- asking for views ------------------------------------------------------------

    def request(self) -> None:
        """Show the current view: at once if its scenario's layout is in the view, else
        once it is prepared."""
        if self._state.scenario is None:
            return
        wanted = self._wanted()
        if wanted == self._ready:
            self.renderer.supersede()
            self._pending = None
            self._show_current()
            return
        if wanted == self._pending:
            return
        kept = self._prepared.get(wanted[1:])
        if kept is not None:
            self.renderer.supersede()
            self._pending = None
            self._adopt(kept._replace(generation=wanted[0]))
            return
        self._pending = wanted
        scenario, (generation, _id, digest) = self._state.scenario, wanted
        self.renderer.request(lambda: prepare(scenario, digest, generation))

    def _show_current(self) -> None:
        from explorer.domain.compose import compose

        state = self._state
        assert state.scenario is not None
        self._view.show_view(compose(state.scenario, state.selection, state.phase))
        self._shown_key = self.view_key()

    def retry(self) -> None:
        """Lay the scenario out again (after installing Graphviz, say)."""
        if self._state.scenario is not None:
            self._prepared.pop((self._state.scenario.id, self._state.content_digest), None)
            self._ready = self._pending = None
            self._shown_key = None
            self.request()

    def reset(self) -> None:
        """Forget the scenario on screen: another library is open (bump ``ViewState.generation`` too)."""
        self.renderer.supersede()
        self._ready = self._pending = None
        self._shown_key = None

    def shutdown(self) -> None:
        """Stop the worker (the window is closing); a layout that runs is let finish."""
        self.renderer.shutdown()

    # --- results ---------------------------------------------------------------------

    @Slot(int, object)
    def _on_prepared(self, _request_id: int, result: object) -> None:
        if not isinstance(result, Prepared) or self._state.scenario is None:
            return
        got = (result.generation, result.scenario_id, result.digest)
        if got != self._wanted():
            return  # for a library or scenario no longer open
        self._pending = None
        self._adopt(result)

    def _adopt(self, result: Prepared) -> None:
        """Draw the current scenario from ``result`` (its own, just prepared or kept)."""
        scenario = self._state.scenario
        assert scenario is not None
        got = (result.generation, result.scenario_id, result.digest)
        self._prepared[got[1:]] = result
        self._prepared.move_to_end(got[1:])
        while len(self._prepared) > SCENES_KEPT:
            self._prepared.popitem(last=False)
        # The scene is keyed by scenario and content digest only: the same content is drawn
        # the same in any library (after an import the library is reopened, the scene kept).
        self._view.set_layouts(
            result.layouts, scenario.direction, result.kinds, result.icons, result.tooltips, key=got[1:]
        )
        self._ready = got
        self._show_current()

    @Slot(int, str)
    def _on_failed(self, _request_id: int, message: str) -> None:
        self._pending = None
        self._shown_key = None
        self._view.show_message(f"The diagram could not be drawn.\n\n{message}", retry=True)
        self.failed.emit(message)
