"""The main window's duties, one controller each; the window itself keeps layout and wiring.

- ``state``: ``ViewState``, what is shown (scenario, selection, phase, what-if values),
  shared by the window and the controllers.
- ``questions``: ``Questions``, what controllers ask the user (resolved on the window at
  each call, so its hooks can be replaced), and ``FileDialogs``, the app's own dialogs.
- ``problems``: ``ProblemReporter``, the one way to tell the user about a problem.
- ``scenario``: opening scenarios, choosing options and phases, remembering them.
- ``rendering``: the diagram, rendered off the UI thread; stale results dropped; prefetch.
- ``whatif``: what-if parameter values and the recommendation they give.
- ``charts`` and ``compare``: the Charts and Compare tabs, and their exports.
- ``exports``: one view through the export dialog, batches of views, the clipboard.
- ``libraries``: opening and switching libraries, importing scenarios into them.
- ``history``: Back and Forward through the views looked at; ``edits``: Undo and Redo of
  toggles, phase steps and what-if changes; ``recents``: File > Open Recent.

Each controller is a QObject that gets what it needs in its constructor and reports
through its own signals; none reaches into another.
"""

from __future__ import annotations

from .charts import ChartsController
from .compare import CompareController
from .edits import EditController
from .exports import ExportController
from .history import HistoryController
from .libraries import LibraryController
from .problems import ProblemReporter
from .questions import FileDialogs, Questions
from .recents import RecentsController
from .rendering import RenderingController
from .scenario import ScenarioController
from .state import ViewState
from .whatif import WhatIfController

__all__ = [
    "ChartsController",
    "CompareController",
    "EditController",
    "ExportController",
    "FileDialogs",
    "HistoryController",
    "LibraryController",
    "ProblemReporter",
    "Questions",
    "RecentsController",
    "RenderingController",
    "ScenarioController",
    "ViewState",
    "WhatIfController",
]
