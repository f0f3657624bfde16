"""The diagram on screen: asking for views, keeping them, and never showing a stale one.

The UI thread never runs Graphviz: views are rendered (and their PNG decoded) in a
worker. Decoded images are kept in a bounded cache, so going back to a view is a
single setPixmap; when idle, the views one click away are rendered ahead of time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from .. import session
from ..diagram_view import DiagramView, ImageCache
from ..renderer import Prefetcher, RenderService, cached_for_screen, render_for_screen
from ..session import SCREEN_DPI, ViewKey
from .state import ViewState

IMAGE_CACHE_BYTES = 192 * 1024 * 1024
PREFETCH_LIMIT = 12

_CURRENT = "current"


class Rendered(NamedTuple):
    """A render's result: the library generation it was drawn from, its view, and the image."""

    generation: int
    key: ViewKey
    image: QImage | None


class RenderingController(QObject):
    """Renders the current view off the UI thread and shows it in the diagram view.

    Results carry the library generation (``ViewState.generation``) they were started
    in; one that arrives after another library was opened is dropped, never shown or
    kept. The render service's newest-wins rule drops results the user has moved past.

    Signals:
        failed(str): the current view could not be drawn; the text says why (the
            diagram view already shows it, with a retry button).
        earlyFinished(): the look-up of the last view at start-up ended, found or not;
            the scenario itself can load now.
    """

    failed = Signal(str)
    earlyFinished = Signal()

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
        self.images = ImageCache(IMAGE_CACHE_BYTES)
        self._shown_key: ViewKey | None = None
        self._pending_key: ViewKey | None = None
        self._early_key: ViewKey | None = None
        self.renderer = RenderService(self)
        self.renderer.rendered.connect(self._on_rendered)
        self.renderer.completed.connect(lambda _id, result: self.keep(result))
        self.renderer.failed.connect(self._on_failed)
        self.prefetcher = Prefetcher(self)
        self.prefetcher.completed.connect(self.keep)
        self.renderer.busyChanged.connect(view.set_busy)

    # --- what is shown ---------------------------------------------------------------

    @property
    def shown_key(self) -> ViewKey | None:
        """The view whose image is on screen, if any."""
        return self._shown_key

    @property
    def pending_key(self) -> ViewKey | None:
        """The view being rendered to be shown next, if any."""
        return self._pending_key

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
        """True when the current view is on screen and nothing is being rendered for it."""
        return not self.renderer.busy and self._pending_key is None and self._shown_key == self.view_key()

    # --- asking for views ------------------------------------------------------------

    def render_job(self, key: ViewKey) -> Callable[[], Rendered]:
        """The work that renders ``key`` for the screen (run in a worker)."""
        scenario, digest, generation = self._state.scenario, self._state.content_digest, self._state.generation
        assert scenario is not None

        def work() -> Rendered:
            return Rendered(generation, key, render_for_screen(digest, scenario, key))

        return work

    def request(self) -> None:
        """Show the current view: at once if its image is kept, else once it is rendered."""
        key = self.view_key()
        cached = self.images.get(key)
        if cached is not None:
            self.renderer.supersede()  # a render still running must not replace this
            self._pending_key = None
            self._show(key, cached)
            return
        if key == self._pending_key:
            return
        self._pending_key = key
        self.prefetcher.cancel()
        self.renderer.request(self.render_job(key))

    def retry(self) -> None:
        """Render the current view again (after installing Graphviz, say)."""
        if self._state.scenario is not None:
            self._shown_key = self._pending_key = None
            self.request()

    def show_early(self, key: ViewKey, content_digest: str) -> None:
        """Show ``key`` from the view cache if it is there (or being rendered by the warm-up),
        before the scenario is loaded; ``earlyFinished`` follows either way."""
        self._early_key = key
        generation = self._state.generation
        self.renderer.request(lambda: Rendered(generation, key, cached_for_screen(content_digest, key)))

    def reset(self) -> None:
        """Forget every view: another library is open (bump ``ViewState.generation`` too)."""
        self.prefetcher.cancel()
        self.renderer.supersede()
        self.images = ImageCache(self.images.limit_bytes)
        self._shown_key = self._pending_key = None

    def shutdown(self) -> None:
        """Stop the workers (the window is closing); a render that runs is let finish."""
        self.prefetcher.shutdown()
        self.renderer.shutdown()

    # --- results ---------------------------------------------------------------------

    def keep(self, result: object) -> None:
        """Keep a rendered image for later, unless it was drawn from a library no longer open."""
        if isinstance(result, Rendered) and result.image is not None and result.generation == self._state.generation:
            self.images.put(result.key, result.image)

    def _show(self, key: ViewKey, image: QImage) -> None:
        self._shown_key = key
        self._view.set_image(image, key[3] / SCREEN_DPI)
        QTimer.singleShot(0, self._prefetch_neighbours)

    @Slot(int, object)
    def _on_rendered(self, _request_id: int, result: object) -> None:
        if not isinstance(result, Rendered) or result.generation != self._state.generation:
            return  # drawn from a library that is no longer open
        if result.key == self._early_key:
            self._early_finished(result.key, result.image)
            return
        self._pending_key = None
        if result.image is not None:
            self._show(result.key, result.image)

    def _early_finished(self, key: ViewKey, image: QImage | None) -> None:
        self._early_key = None
        if image is not None:
            self.images.put(key, image)
            self._shown_key = key
            self._view.set_image(image, key[3] / SCREEN_DPI)
        self.earlyFinished.emit()

    @Slot(int, str)
    def _on_failed(self, _request_id: int, message: str) -> None:
        self._shown_key = self._pending_key = None
        self._view.show_message(f"The diagram could not be drawn.\n\n{message}", retry=True)
        self.failed.emit(message)

    def _prefetch_neighbours(self) -> None:
        """Render the other options of each group and the adjacent phases, while idle."""
        scenario = self._state.scenario
        if scenario is None or self.renderer.busy or self._pending_key is not None:
            return
        from explorer.domain.tradeoffs import complete_selection

        selection, current = self._state.selection, self._state.phase
        keys = []
        for group in scenario.option_groups:
            for option in group.options:
                if option.key != selection.get(group.key):
                    other = complete_selection(scenario, {**selection, group.key: option.key})
                    phase = current if current is None or current <= len(scenario.phases_for(other)) else None
                    keys.append(self.view_key(other, phase))
        count = len(self._state.phases)
        for phase in ((current or 0) + 1, (current or count + 1) - 1):
            if 1 <= phase <= count:
                keys.append(self.view_key(phase=phase))
        if current is not None:
            keys.append(self.view_key(phase=None))
        jobs = [self.render_job(k) for k in dict.fromkeys(keys) if self.images.get(k, touch=False) is None]
        self.prefetcher.schedule(jobs[:PREFETCH_LIMIT])
