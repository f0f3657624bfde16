"""What the window shows, shared by the window and its controllers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the core's models load with the first scenario, after the window shows
    from explorer.domain.explain import Explanation
    from explorer.domain.history import View
    from explorer.domain.model import Phase, Scenario
    from explorer.domain.tradeoffs import Evaluation


@dataclass
class ViewState:
    """The current scenario, its selection, phase and what-if values, and what follows from them.

    One object, owned by the window and handed to each controller that needs to read
    (or, for its own part, change) what is shown. ``generation`` counts the libraries
    opened so far: work started for one library carries the generation it began in,
    and its result is dropped if another library is open when it arrives.
    """

    scenario: Scenario | None = None
    selection: dict[str, str] = field(default_factory=dict)
    phase: int | None = None
    params: dict[str, float] = field(default_factory=dict)
    recommendation: dict[str, str] = field(default_factory=dict)
    explanation: Explanation | None = None  # why the recommendation, per group
    evaluation: Evaluation | None = None
    content_digest: str = ""  # Library.content_digest of the scenario: what its drawn views are keyed by
    generation: int = 0

    @property
    def phases(self) -> list[Phase]:
        """The phases of the current selection (a variant may bring its own steps)."""
        return self.scenario.phases_for(self.selection) if self.scenario else []


def apply_view(
    state: ViewState,
    view: View,
    set_params: Callable[[dict[str, float]], object],
    show_view: Callable[[dict[str, str], int | None], object],
) -> None:
    """Bring the open scenario to ``view``'s what-if values, selection and phase,
    changing only what differs (nothing when another scenario is open)."""
    if state.scenario is None or state.scenario.id != view.scenario_id:
        return
    if dict(view.params) != state.params:
        set_params(dict(view.params))
    if dict(view.selection) != state.selection or view.phase != state.phase:
        show_view(dict(view.selection), view.phase)
