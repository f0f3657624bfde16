"""The main window: its layout, and the wiring between its widgets and controllers.

What the window does lives in controllers (``explorer.ui.controllers``): opening
scenarios and changing their selection and phase, rendering the diagram, exports,
libraries and imports, what-if values, charts and comparisons. The window builds the
widgets, hands each controller what it needs, and passes their signals on as its own.
Its scripting hooks (README, "Automation contract") are thin methods that delegate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.library.bundled import BUNDLED_DB
from explorer.library.store import Library, LibraryError
from explorer.output.settings import ExportSettings

from . import session
from .about import AboutDialog
from .batch_runner import BatchRunner
from .charts_view import ChartsView
from .compare_view import CompareView
from .controllers import (
    ChartsController,
    CompareController,
    EditController,
    ExportController,
    FileDialogs,
    HistoryController,
    LibraryController,
    ProblemReporter,
    Questions,
    RecentsController,
    RenderingController,
    ScenarioController,
    ViewState,
    WhatIfController,
)
from .diagram_view import DiagramView
from .export_queue import ExportQueue
from .import_runner import ImportRunner
from .panels import BriefView, DecisionsPanel, IdRole, OverviewView, ScenarioListModel, TradeoffPanel
from .phase_bar import DETAILS_HEIGHT, PhaseBar, details_heights, phase_details_html
from .renderer import RenderService
from .session import ViewKey
from .settings_values import SettingsValues
from .theme import ThemeSwitch, follow, style_sheet
from .whatif import ParametersPanel

if TYPE_CHECKING:  # loaded with the first scenario, after the window is on screen
    from explorer.domain.model import Phase, Scenario
    from explorer.domain.tradeoffs import Evaluation
    from explorer.library.folder import FolderSync

    from .folder_watch import FolderWatcher

_T = TypeVar("_T")
SCENARIO_PAGE = 1
#: Between the stages of a scenario switch from the list (the diagram, the panels, the
#: Source tab): long enough that the event loop draws and reads keys in between.
SHOW_STAGE_MS = 1


class _Shown(Generic[_T]):
    """A window attribute that reads and writes the window's ``ViewState``, by the same name."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, window: None, owner: type) -> _Shown[_T]: ...
    @overload
    def __get__(self, window: MainWindow, owner: type) -> _T: ...
    def __get__(self, window: MainWindow | None, owner: type) -> _Shown[_T] | _T:
        return self if window is None else getattr(window.state, self._name)

    def __set__(self, window: MainWindow, value: _T) -> None:
        setattr(window.state, self._name, value)


class MainWindow(QMainWindow):
    """The explorer's window.

    Signals:
        scenarioShown(str): a scenario (by id) is now the current one.
        diagramShown(): the diagram for the current view is on screen.
        exported(str): an export finished writing this path.
        chartShown(): the Charts tab shows an up-to-date chart.
        compareShown(): the Compare tab shows both designs and their table.
        exportFailed(str): an export failed; the text says why.
        batchFinished(int, int): a batch export ended, with (files written, views planned).
        problemShown(str): a problem was reported to the user (the text shown).
        libraryChanged(str): another scenario library (this path) is now open.
        imported(str): File > Import added (or replaced) the scenario with this id.
        folderSynced(): the open scenario folder was read again (after a change on disk or
            a save) and the window shows what it holds now.
        scenarioSaved(str): Save Scenario wrote the scenario with this id (into the library,
            or its file in the open folder).
    """

    scenarioShown = Signal(str)
    diagramShown = Signal()
    exported = Signal(str)
    chartShown = Signal()
    compareShown = Signal()
    exportFailed = Signal(str)
    batchFinished = Signal(int, int)
    problemShown = Signal(str)
    libraryChanged = Signal(str)
    imported = Signal(str)
    folderSynced = Signal()
    scenarioSaved = Signal(str)

    # What is shown, kept in ``self.state`` (shared with the controllers).
    scenario: _Shown[Scenario | None] = _Shown()
    selection: _Shown[dict[str, str]] = _Shown()
    phase: _Shown[int | None] = _Shown()
    params: _Shown[dict[str, float]] = _Shown()
    recommendation: _Shown[dict[str, str]] = _Shown()
    evaluation: _Shown[Evaluation | None] = _Shown()

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        restore: bool = True,
        folder: FolderWatcher | None = None,
        first_sync: FolderSync | None = None,
    ):
        super().__init__()
        self.setObjectName("mainWindow")
        self.library = library
        self.settings = settings
        self.state = ViewState()
        #: The open scenario folder's watcher (None when a library file is open).
        self.folder_watcher: FolderWatcher | None = None
        self._folder_sync: FolderSync | None = None
        self._pending_leave: Callable[[], object] | None = None  # waits for a save to finish
        self._select_after_sync: str | None = None
        self.theme = ThemeSwitch(settings, self)  # View > Theme; before the widgets, so they start in it
        self._build_ui()
        self._build_controllers()
        self._build_menus()
        from .keyboard import ArrowGroups

        self._arrows = ArrowGroups(self)
        self._order_timer = QTimer(self, singleShot=True, interval=0)
        # A scenario switch from the list shows the diagram first and the panels on the next
        # turns: a timer (not a queued call, which runs before the loop draws or reads a key).
        self._stages: list[Callable[[], None]] = []
        self._after_shown: list[Callable[[], object]] = []
        self._stage_timer = QTimer(self, singleShot=True, interval=SHOW_STAGE_MS)
        self._stage_timer.timeout.connect(self._next_stage)
        self._recommended: Evaluation | None = None
        self._order_timer.timeout.connect(self._keyboard_order)
        self.params_panel.toggle.toggled.connect(lambda _open: self._order_timer.start())  # its boxes join Tab
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self._apply_search)
        self._refresh_list()
        if folder is not None:
            self._watch(folder, first_sync)
        else:
            self.libraries.used(library)  # File > Open Recent lists the library opened with
        self._restore_geometry()
        if restore:
            self.restore_last_view()

    # --- construction ----------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle("Scenario Explorer")
        self.search = QLineEdit()
        self.search.setObjectName("scenarioSearch")
        self.search.setPlaceholderText("Search scenarios…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Find scenarios by words in their text, node labels or AWS services (Ctrl+F)")
        self.search.setAccessibleName("Search scenarios")
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.list_model = ScenarioListModel(self)
        self.scenario_list = QListView()
        self.scenario_list.setObjectName("scenarioList")
        self.scenario_list.setModel(self.list_model)
        self.scenario_list.setWordWrap(True)
        self.scenario_list.setSpacing(2)
        self.scenario_list.setUniformItemSizes(False)
        # Lay out long lists a batch at a time so filtering never stalls a frame: 20 wrapped
        # rows take about a millisecond (60 took up to 10 ms over 500 scenarios).
        self.scenario_list.setLayoutMode(QListView.LayoutMode.Batched)
        self.scenario_list.setBatchSize(20)
        self.scenario_list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.no_match = QLabel()  # shown in the list's place when a search finds nothing
        self.no_match.setObjectName("noMatchLabel")
        self.no_match.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match.setWordWrap(True)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.no_match.setVisible(False)
        self.home_button = QPushButton("Key takeaways")
        self.home_button.setObjectName("homeButton")
        self.home_button.setToolTip("The overview: the chapter's lessons, linked to their scenarios")
        self.home_button.clicked.connect(self.show_overview)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.home_button)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.scenario_list)
        left_layout.addWidget(self.no_match, 1)

        self.title = QLabel()
        self.title.setObjectName("scenarioTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("scenarioSummary")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setWordWrap(True)
        follow(self.subtitle, lambda c: style_sheet(self.subtitle, f"color: {c.caption};"))

        self.phase_bar = PhaseBar()
        self.phase_bar.phaseChosen.connect(lambda phase: self.set_phase(phase))

        self.diagram_view = DiagramView()
        self.diagram_view.imageShown.connect(self.diagramShown.emit)
        self.diagram_view.retryRequested.connect(self.retry_render)
        self.diagram_view.nodeClicked.connect(self.show_node)
        zoom_bar = QHBoxLayout()
        zoom_bar.setSpacing(2)
        zooms: list[tuple[str, str, Callable[[], None], str]] = [
            ("−", "Zoom out (Ctrl+-)", lambda: self.diagram_view.zoom_by(1 / 1.25), "zoomOut"),
            ("+", "Zoom in (Ctrl++)", lambda: self.diagram_view.zoom_by(1.25), "zoomIn"),
            ("Fit", "Fit the diagram to the window (Ctrl+0)", self.diagram_view.fit, "zoomFit"),
            ("1:1", "Actual size (Ctrl+1)", self.diagram_view.actual_size, "zoomActual"),
        ]
        for text, tip, slot, name in zooms:
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setObjectName(name)
            button.clicked.connect(slot)
            zoom_bar.addWidget(button)
        top_row = QHBoxLayout()
        top_row.addWidget(self.phase_bar, 1)
        top_row.addLayout(zoom_bar)

        self.phase_details = QLabel()
        self.phase_details.setObjectName("phaseDetails")
        self.phase_details.setWordWrap(True)
        self.phase_details.setTextFormat(Qt.TextFormat.RichText)
        self.phase_details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        details_scroll = QScrollArea()
        details_scroll.setWidget(self.phase_details)
        details_scroll.setWidgetResizable(True)
        details_scroll.setObjectName("phaseDetailsScroll")
        details_scroll.setMaximumHeight(DETAILS_HEIGHT)  # the diagram keeps the room; the steps scroll
        self.details_scroll = details_scroll
        details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.overview_view = OverviewView()
        self.overview_view.scenarioLinked.connect(self.select_scenario)
        diagram_tab = QWidget()
        diagram_layout = QVBoxLayout(diagram_tab)
        diagram_layout.setContentsMargins(0, 6, 0, 0)
        diagram_layout.addLayout(top_row)
        diagram_layout.addWidget(self.diagram_view, 1)
        diagram_layout.addWidget(details_scroll)
        self.charts = ChartsView()
        self.compare_view = CompareView()
        self.compare_view.exportRequested.connect(self.export_comparison)
        self.centre_tabs = QTabWidget()
        self.centre_tabs.setObjectName("centreTabs")
        self.centre_tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its tab bar takes the focus
        self.centre_tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.centre_tabs.addTab(diagram_tab, "Diagram")
        self.centre_tabs.addTab(self.charts, "Charts")
        self.centre_tabs.addTab(self.compare_view, "Compare")
        from .source_editor import SourcePanel

        self.source_panel = SourcePanel()
        self.source_panel.edited.connect(self.show_edited)
        self.source_panel.copy_button.clicked.connect(self.save_source)
        self.centre_tabs.addTab(self.source_panel, "Source")
        self.centre_tabs.currentChanged.connect(self._centre_tab_changed)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(6, 4, 6, 4)
        centre_layout.addWidget(self.title)
        centre_layout.addWidget(self.subtitle)
        centre_layout.addWidget(self.centre_tabs, 1)

        self.decisions = DecisionsPanel()
        self.decisions.optionChosen.connect(self.choose_option)
        self.tradeoffs = TradeoffPanel()
        self.tradeoffs.applyRecommendation.connect(self.apply_recommendation)
        decide = QWidget()
        decide_layout = QVBoxLayout(decide)
        decide_layout.setContentsMargins(6, 6, 6, 6)  # the panel fits one screen at 1280x800
        decide_layout.addWidget(self.decisions)
        self.params_panel: ParametersPanel = ParametersPanel()
        self.params_panel.paramsChanged.connect(self.set_params)
        decide_layout.addWidget(self.tradeoffs)  # the checks under the choices; what-if folded below
        decide_layout.addWidget(self.params_panel)
        decide_layout.addStretch(1)
        decide_scroll = QScrollArea()
        decide_scroll.setWidget(decide)
        decide_scroll.setWidgetResizable(True)
        decide_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.brief = BriefView()
        # Tab moves on from the table, instead of from cell to cell (its cells are read, not edited).
        self.tradeoffs.table.setTabKeyNavigation(False)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sideTabs")
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        decide_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it scrolls to the control in focus
        self.tabs.addTab(decide_scroll, "Decide")
        self.tabs.addTab(self.brief, "Brief")

        self._panel_widths: dict[int, int] = {}
        self._sizes_before_compare: list[int] | None = None  # the splitter's sizes as Compare was entered
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.pages.addWidget(self.overview_view)
        self.pages.addWidget(centre)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([180, 790, 310])
        # Either side panel can be dragged shut (or closed from the View menu) to give
        # the diagram the room; the splitter's state is remembered with the window's.
        self.splitter.setChildrenCollapsible(True)
        self.splitter.setCollapsible(1, False)
        self.setCentralWidget(self.splitter)
        self._folder_problems = QLabel()
        self._folder_problems.setObjectName("folderProblems")
        self._folder_problems.setVisible(False)
        self.statusBar().addPermanentWidget(self._folder_problems)
        self.statusBar().showMessage(f"Library: {self.library.path}")
        # A timed message (an export, an import, a save) gives way to the library line again.
        self.statusBar().messageChanged.connect(self._message_gone)

    def _build_controllers(self) -> None:
        state, settings = self.state, self.settings
        current_library: Callable[[], Library] = lambda: self.library  # noqa: E731 - read when used
        # The hooks are looked up on the window each time, so replacing one on the
        # instance (as tests and scripts do) is what the controllers ask.
        questions = Questions(
            save_path=lambda *args, **kwargs: self.ask_save_path(*args, **kwargs),
            folder=lambda: self.ask_folder(),
            yaml_path=lambda: self.ask_yaml_path(),
            library_path=lambda *args, **kwargs: self.ask_library_path(*args, **kwargs),
            confirm_overwrite=lambda text: self.confirm_overwrite(text),
        )
        self.dialogs = FileDialogs(self, settings, state)
        self.problems = ProblemReporter(self, lambda: bool(self.property("quietErrors")))
        self.problems.problemShown.connect(self.problemShown)

        self.navigation = ScenarioController(
            state, current_library, settings, self.problems, self._showing_scenario, self
        )
        self.navigation.changed.connect(self._on_view_changed)
        self.rendering = RenderingController(state, self.diagram_view, self.devicePixelRatioF, self)
        self.rendering.failed.connect(self.problems.note)
        self.what_if = WhatIfController(state, settings, self.params_panel, self)
        self.what_if.changed.connect(self._update)

        self.exporter = ExportQueue(self)
        self.charting = ChartsController(state, self.charts, self.devicePixelRatioF, self.exporter, questions, self)
        self.charting.chartShown.connect(self.chartShown)
        self.charts.groupChosen.connect(lambda _key: self.charting.refresh())
        self.charts.exportRequested.connect(self.export_chart)
        self.comparison = CompareController(
            state, self.compare_view, settings, self.devicePixelRatioF, self.exporter, questions, self
        )
        self.comparison.compareShown.connect(self.compareShown)
        self.compare_view.selectionsChanged.connect(lambda _a, _b: self.comparison.refresh())
        self.exports = ExportController(
            state,
            current_library,
            settings,
            self.exporter,
            questions,
            self.problems,
            self.diagram_view,
            self._showing_scenario,
            self,
        )
        self.exports.exported.connect(self.exported)
        self.exports.exportFailed.connect(self.exportFailed)
        self.exports.batchFinished.connect(self.batchFinished)
        self.exports.message.connect(self._status)
        self.libraries = LibraryController(
            current_library,
            settings,
            questions,
            self.problems,
            lambda library: self.set_library(library),
            lambda ident: self.pick_scenario(ident),  # an import's scenario comes up as a click's
            self,
        )
        self.libraries.imported.connect(lambda ident: self.when_shown(lambda: self._imported(ident)))
        self.libraries.importFailed.connect(self._save_failed)
        self.libraries.message.connect(self._status)
        self._build_history()

    def _build_history(self) -> None:
        """Back and Forward (``history``) and Undo and Redo (``edits``)."""
        self.history = HistoryController(
            self.state,
            self._showing_scenario,
            self._leave_then,
            lambda ident: self.select_scenario(ident),
            lambda: self.show_overview(),
            self.what_if.set_params,
            self.navigation.show_view,
            self,
            title_of=self._scenario_title,
        )
        self.edits = EditController(self.state, self.what_if.set_params, self.navigation.show_view, self)
        self.edits.keep_keys_in(self.source_panel.editor)
        self.navigation.changed.connect(self.history.note)
        self.what_if.changed.connect(self.history.note)
        self.scenarioShown.connect(self.history.note)
        self.scenarioShown.connect(self.edits.scenario_shown)
        self.history.moved.connect(self.edits.clear)
        self.libraryChanged.connect(lambda _path: self.history.reset())
        self.libraryChanged.connect(lambda _path: self.edits.clear())

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.export_action = QAction("Export…", self)
        self.export_action.setObjectName("exportAction")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(lambda: self.exports.ask_and_export(None))
        file_menu.addAction(self.export_action)
        self.export_png_action = QAction("Export PNG…", self)
        self.export_png_action.setObjectName("exportPngAction")
        self.export_png_action.triggered.connect(lambda: self.exports.ask_and_export("png"))
        file_menu.addAction(self.export_png_action)
        self.new_scenario_action = QAction("New Scenario…", self)
        self.new_scenario_action.setObjectName("newScenarioAction")
        self.new_scenario_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_scenario_action.setToolTip("Start a scenario of your own: a small template, or a copy of this one")
        self.new_scenario_action.triggered.connect(self.new_scenario)
        file_menu.addAction(self.new_scenario_action)
        self.revert_scenario_action = QAction("Revert Scenario", self)
        self.revert_scenario_action.setObjectName("revertScenarioAction")
        self.revert_scenario_action.setToolTip("Back to the library's text of this scenario; your edits are discarded")
        self.revert_scenario_action.triggered.connect(lambda: self.source_panel.revert())
        self.save_scenario_action = QAction("Save Scenario", self)
        self.save_scenario_action.setObjectName("saveScenarioAction")
        self.save_scenario_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_scenario_action.setToolTip("Check the Source tab's text and write it into your library")
        self.save_scenario_action.triggered.connect(self.save_source)
        file_menu.addAction(self.save_scenario_action)
        file_menu.addAction(self.revert_scenario_action)
        self.deck_action = QAction("Export Slide Deck…", self)
        self.deck_action.setObjectName("deckAction")
        self.deck_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.deck_action.setToolTip(
            "A PowerPoint deck of this scenario for a design review: the phases built up, "
            "each decision compared, the costs and tipping points, with speaker notes"
        )
        self.deck_action.triggered.connect(self.exports.ask_and_export_deck)
        file_menu.addAction(self.deck_action)
        self.export_all_action = QAction("Export All Views…", self)
        self.export_all_action.setObjectName("exportAllAction")
        self.export_all_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_all_action.triggered.connect(self.export_all)
        file_menu.addAction(self.export_all_action)
        file_menu.addSeparator()
        self.import_action = QAction("Import Scenario…", self)
        self.import_action.setObjectName("importAction")
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_scenario_file)
        file_menu.addAction(self.import_action)
        self.open_library_action = QAction("Open Library…", self)
        self.open_library_action.setObjectName("openLibraryAction")
        self.open_library_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_library_action.triggered.connect(lambda: self._leave_then(self.open_library_dialog))
        file_menu.addAction(self.open_library_action)
        self.open_folder_action = QAction("Open Scenario Folder…", self)
        self.open_folder_action.setObjectName("openFolderAction")
        self.open_folder_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_folder_action.setToolTip(
            "Open a folder of scenario YAML files (a git checkout, say) as the library; "
            "changes to the files show at once, and saving writes the files"
        )
        self.open_folder_action.triggered.connect(self.open_folder_dialog)
        file_menu.addAction(self.open_folder_action)
        self.recents = RecentsController(
            self.settings,
            self._leave_then,
            lambda path: self.open_library(path),
            lambda path: self.open_sources_folder(path),
            self,
        )
        file_menu.addMenu(self.recents.menu)
        self.bundled_library_action = QAction("Use the Bundled Library", self)
        self.bundled_library_action.setObjectName("bundledLibraryAction")
        self.bundled_library_action.triggered.connect(lambda: self._leave_then(lambda: self.open_library(BUNDLED_DB)))
        file_menu.addAction(self.bundled_library_action)
        file_menu.addSeparator()
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.edits.undo_action)
        edit_menu.addAction(self.edits.redo_action)
        edit_menu.addSeparator()
        self.copy_action = QAction("Copy Diagram", self)
        self.copy_action.setObjectName("copyAction")
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.triggered.connect(self.copy_diagram)
        edit_menu.addAction(self.copy_action)

        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.history.back_action)
        view_menu.addAction(self.history.forward_action)
        view_menu.addSeparator()
        views: list[tuple[str, list[QKeySequence], Callable[[], object]]] = [
            ("Zoom In", [QKeySequence(QKeySequence.StandardKey.ZoomIn)], lambda: self.diagram_view.zoom_by(1.25)),
            ("Zoom Out", [QKeySequence(QKeySequence.StandardKey.ZoomOut)], lambda: self.diagram_view.zoom_by(1 / 1.25)),
            ("Fit to Window", [QKeySequence("Ctrl+0")], self.diagram_view.fit),
            ("Actual Size", [QKeySequence("Ctrl+1")], self.diagram_view.actual_size),
            ("Previous Phase", [QKeySequence("Ctrl+Left")], lambda: self.step_phase(-1)),
            ("Next Phase", [QKeySequence("Ctrl+Right")], lambda: self.step_phase(1)),
            ("Find", [QKeySequence(QKeySequence.StandardKey.Find)], self.find_here),
            ("Find Node in Diagram", [QKeySequence("Ctrl+Shift+F")], self.find_node),
        ]
        for text, keys, slot in views:
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.triggered.connect(slot)
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.panel_actions: list[QAction] = []
        for index, text, name in ((0, "Scenario List", "toggleListAction"), (2, "Side Panel", "toggleSidePanelAction")):
            action = QAction(f"Show {text}", self)
            action.setObjectName(name)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, i=index: self.show_panel(i, on))
            view_menu.addAction(action)
            self.panel_actions.append(action)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._sync_panel_actions())
        view_menu.addSeparator()
        self.theme.add_menu(view_menu)  # the texts coloured in HTML are written again in the new colours
        self.theme.changed.connect(lambda _name: self._update() if self.state.scenario is not None else None)
        self.splitter.splitterMoved.connect(lambda _pos, _index: setattr(self, "_sizes_before_compare", None))

        help_menu = self.menuBar().addMenu("&Help")
        self.shortcuts_action = QAction("Keyboard Shortcuts", self)
        self.shortcuts_action.setObjectName("shortcutsAction")
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
        self.shortcuts_action.setToolTip("Every keyboard shortcut of the window")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        self.about_action = QAction("About Scenario Explorer", self)
        self.about_action.setObjectName("aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(lambda: AboutDialog.ask(self))
        help_menu.addAction(self.about_action)

    def show_shortcuts(self) -> None:
        """Help > Keyboard Shortcuts: every shortcut, read from the menus as they are now."""
        from PySide6.QtWidgets import QMenu

        from .keyboard import ShortcutsDialog

        menus = [menu for a in self.menuBar().actions() if isinstance(menu := a.menu(), QMenu)]
        ShortcutsDialog.ask(menus, self)

    def about_details(self) -> dict[str, str]:
        """What Help > About says of this window: ``library``, the open library (or folder)."""
        where = (
            f"{self.folder_watcher.path} (a folder of YAML files)" if self.folder_watcher else str(self.library.path)
        )
        return {"library": where}

    def _keyboard_order(self) -> None:
        """Tab in reading order (one stop per group of options and for the phase bar;
        the arrow keys move within them), after the panels were built or changed."""
        from PySide6.QtWidgets import QAbstractButton, QButtonGroup

        from .keyboard import apply_tab_order, rove

        groups: list[list[QAbstractButton]] = [
            [b for b in g.buttons() if b.objectName().startswith("option:")]
            for g in self.decisions.findChildren(QButtonGroup)
        ]
        phases: list[QAbstractButton] = [
            b for b in self.phase_bar.findChildren(QPushButton) if b.objectName().startswith("phase")
        ]
        phases.sort(key=lambda b: -1 if b.objectName() == "phaseAll" else int(b.objectName().split(":")[1]))
        groups = [g for g in groups if g] + [phases]
        self._arrows.set_groups(groups)
        rove(groups)
        from PySide6.QtWidgets import QAbstractSpinBox

        decide = self.tabs.widget(0)
        assert decide is not None
        side = [
            w
            for w in decide.findChildren(QWidget)
            if w.isVisibleTo(decide)
            and not isinstance(w, QScrollArea)
            and not isinstance(w.parentWidget(), QAbstractSpinBox)  # a spin box's own line edit
        ]
        zooms = [self.findChild(QToolButton, n) for n in ("zoomOut", "zoomIn", "zoomFit", "zoomActual")]
        chain: list[QWidget | None] = [self.home_button, self.search, self.scenario_list, self.centre_tabs.tabBar()]
        chain += phases
        chain += zooms
        chain += [self.diagram_view, self.details_scroll, self.tabs.tabBar()]
        chain += side
        self._tab_chain = apply_tab_order(chain)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab past the last control comes round to the first (and Shift+Tab the other way)."""
        chain = [w for w in getattr(self, "_tab_chain", []) if w.isVisible() and w.isEnabled()]
        focus = QApplication.focusWidget()
        if chain and focus is chain[-1 if next else 0]:
            chain[0 if next else -1].setFocus(
                Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
            )
            return True
        return super().focusNextPrevChild(next)

    def _message_gone(self, text: str) -> None:
        if not text:
            self.statusBar().showMessage(self._library_line())

    def _status(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _scenario_title(self, scenario_id: str) -> str:
        """A scenario's title as the list shows it (its id when it is not in the list)."""
        row = self.list_model.row_of(scenario_id)
        return self.list_model.item(row).title if row >= 0 else scenario_id

    def _showing_scenario(self) -> bool:
        return self.pages.currentIndex() == SCENARIO_PAGE

    # --- scenario list -----------------------------------------------------------------

    def _refresh_list(self, search: str = "") -> None:
        current = self.state.scenario.id if self.state.scenario else None
        try:
            items = self.library.summaries(search)
        except LibraryError as err:  # a library that cannot be searched says why, in the list's place
            items, missing = [], str(err)
        else:
            typed = " ".join(search.split())
            shown = typed if len(typed) <= 80 else typed[:80].rstrip() + "…"
            missing = f"No scenario matches “{shown}”" if typed and not items else ""
        self.list_model.set_items(items)
        self.no_match.setText(missing)
        self.no_match.setVisible(bool(missing))
        self.scenario_list.setVisible(not missing)
        if current is not None:
            row = self.list_model.row_of(current)
            if row >= 0:
                self.scenario_list.selectionModel().setCurrentIndex(
                    self.list_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )

    def _apply_search(self) -> None:
        self._refresh_list(self.search.text())

    @Slot()
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            scenario_id = current.data(IdRole)
            if self.state.scenario is None or scenario_id != self.state.scenario.id:
                if self._has_unsaved_edits():
                    self._mark_current_in_list()  # back, until the edits are saved or discarded
                    QTimer.singleShot(0, lambda: self._leave_then(lambda: self.select_scenario(scenario_id)))
                    return
                self.load_scenario(scenario_id, staged=True)

    def _mark_current_in_list(self) -> None:
        """Select the open scenario's row again, without opening anything."""
        model = self.scenario_list.selectionModel()
        model.blockSignals(True)
        try:
            row = self.list_model.row_of(self.state.scenario.id) if self.state.scenario else -1
            if row >= 0:
                model.setCurrentIndex(self.list_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
            else:
                model.clear()
        finally:
            model.blockSignals(False)
        self.scenario_list.viewport().update()

    # --- unsaved edits --------------------------------------------------------------------

    def _has_unsaved_edits(self) -> bool:
        return self.state.scenario is not None and self.source_panel.modified

    def ask_unsaved(self, title: str) -> str:
        """Save, discard or keep unsaved edits of ``title``: "save", "discard" or "cancel";
        tests replace this."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"{title} has unsaved changes in the Source tab. Save them?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def _leave_then(self, action: Callable[[], object]) -> bool:
        """Do ``action`` (leave this scenario: open another, another library, close) once
        the Source tab's unsaved edits are saved or discarded, as the user says. Returns
        True when it was done at once; False when it waits for a save (it runs when the
        save succeeds, and not if it fails) or the user cancelled."""
        if not self._has_unsaved_edits():
            action()
            return True
        assert self.state.scenario is not None
        answer = self.ask_unsaved(self.state.scenario.title)
        if answer == "discard":
            self.source_panel.revert()
            action()
            return True
        if answer == "save":
            self._pending_leave = action
            self.save_source()
        return False

    def _run_pending_leave(self) -> None:
        action, self._pending_leave = self._pending_leave, None
        if action is not None:
            QTimer.singleShot(0, action)

    def _save_failed(self) -> None:
        self._pending_leave = None  # the edits are still there: stay with them

    def show_overview(self) -> None:
        """Show the home page with the key takeaways."""
        if self._has_unsaved_edits():
            self._leave_then(self.show_overview)
            return
        if self.state.scenario is not None:
            self.navigation.save()
        self._drop_stages()
        self.overview_view.set_overview(self.library.overview(), {s.id: s.title for s in self.library.summaries()})
        self.pages.setCurrentIndex(0)
        self.tabs.setVisible(False)
        self.state.scenario = None
        self.scenario_list.selectionModel().clear()
        self.setWindowTitle("Scenario Explorer")
        self.settings.setValue(session.LAST_SCENARIO, "")
        self.edits.clear()
        self.history.note()

    def select_scenario(self, ident: str) -> None:
        """Make a scenario current, by slug or number, as if picked in the list, with every
        panel on it before this returns."""
        self.pick_scenario(ident)
        self.finish_showing()

    # --- the current scenario ------------------------------------------------------------

    def load_scenario(self, scenario_id: str, staged: bool = False) -> None:
        """Open a scenario with its saved selection, phase and what-if values, and show it
        (``staged``: the panels on the next turns, see ``_present``)."""
        self._drop_stages()  # of a switch the user has already moved on from
        scenario = self.navigation.load(scenario_id)
        if scenario is None:
            return
        self._present(scenario, staged=staged, source=True)

    def _show_source(self, scenario: Scenario) -> None:
        from explorer.library.store import LibraryError

        try:
            text = self.library.source_yaml(scenario.id)
        except LibraryError as err:
            text = f"# The source of this scenario cannot be read: {err}\n"
        if self.folder_watcher is not None:
            self._show_file_source(scenario, text)
            return
        bundled = Path(self.library.path).resolve() == Path(BUNDLED_DB).resolve()
        why = "This scenario is in the bundled library, which is never written." if bundled else ""
        self.source_panel.show_source(
            text, f"{scenario.id}.yaml", read_only=bundled, why=why, scenario_id=None if bundled else scenario.id
        )
        if self.source_panel.has_kept_edits:
            self.statusBar().showMessage(
                f"There are unsaved edits of {scenario.title} from an earlier session: the Source tab offers them back",
                15_000,
            )

    def _show_file_source(self, scenario: Scenario, stored: str) -> None:
        """The Source tab on the scenario's file in the open folder: its text on disk (which
        may have problems: they are listed, and the view keeps the last valid version)."""
        assert self.folder_watcher is not None
        try:
            path = self.folder_watcher.folder.file_of(self.library, scenario.id)
        except LibraryError as err:
            self.source_panel.show_source(f"# {err}\n", f"{scenario.id}.yaml", read_only=True)
            return
        on_disk = self._folder_sync.invalid.get(path.name) if self._folder_sync else None
        why = f"Saving writes {path}."
        if on_disk is not None:
            why += " The file has problems (listed below): the views show its last valid version."
        self.source_panel.show_source(
            on_disk if on_disk is not None else stored,
            path.name,
            read_only=False,
            why=why,
            scenario_id=scenario.id,
            check=on_disk is not None,
        )

    def show_edited(self, scenario: Scenario) -> None:
        """Show the scenario as the Source tab's text now makes it (the view keeps what fits
        of the selection and phase); the library is not written."""
        import hashlib

        if self.state.scenario is None:
            return
        digest = "edited:" + hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()
        self.navigation.adopt(scenario, digest)
        self._present(scenario)

    def ask_new_scenario(self) -> tuple[str, bool] | None:
        """The new scenario's id, and whether to copy the current one; tests replace this."""
        from PySide6.QtWidgets import QInputDialog

        slug, ok = QInputDialog.getText(
            self, "New scenario", "Id of the new scenario (lower-case letters, digits and hyphens):"
        )
        if not ok or not slug.strip():
            return None
        copy = False
        if self.state.scenario is not None:
            answer = QMessageBox.question(
                self,
                "New scenario",
                f"Start from a copy of {self.state.scenario.title}? (No: from a small template)",
            )
            copy = answer == QMessageBox.StandardButton.Yes
        return slug.strip(), copy

    def new_scenario(self) -> None:
        """Make a scenario from the template (or a copy of the current one) in the user's
        library (asked for when the bundled one is open), and open it in the Source tab."""

        from pydantic import TypeAdapter, ValidationError

        from explorer.domain.model import Slug
        from explorer.library.format import copy_source, new_scenario_text

        if self._has_unsaved_edits():
            self._leave_then(self.new_scenario)
            return
        answer = self.ask_new_scenario()
        if answer is None:
            return
        slug, copy = answer
        try:
            TypeAdapter(Slug).validate_python(slug)
        except ValidationError:
            self.problems.report(
                "New scenario", f"{slug!r} cannot be an id: use lower-case letters, digits and hyphens"
            )
            return
        if any(s.id == slug for s in self.library.summaries()):
            self.problems.report("New scenario", f"the library already has a scenario {slug!r}; choose another id")
            return
        if copy and self.state.scenario is not None:
            copied = copy_source(self.library.source_yaml(self.state.scenario.id), slug)
            if copied is None:
                self.problems.report("New scenario", "this scenario's source has no id line to replace")
                return
            text = copied
        else:
            text = new_scenario_text(slug, f"{slug}.yaml")
        if self.folder_watcher is not None:  # a new file in the folder, checked and written on the worker
            self._select_after_sync = slug
            self.folder_watcher.save(self.folder_watcher.path / f"{slug}.yaml", text, create=True)
            self._status(f"Creating {slug}.yaml…")
            return
        target = self.libraries.writable_target("Create it in")
        if target is not None:  # checked and written by the import, on its worker thread
            self.libraries.start_import(Path(f"{slug}.yaml"), target, text=text)

    def save_source(self) -> None:
        """Write the Source tab's text into the user's library through the import: checked
        and written in one transaction on its worker thread, its problems reported as an
        import's. The bundled library is never written: a library to save into is asked
        for (a new one starts as a copy of the bundled one)."""
        if self.state.scenario is None:
            return
        scenario_id = self.state.scenario.id
        text = self.source_panel.editor.toPlainText()
        if self.folder_watcher is not None:
            try:
                path = self.folder_watcher.folder.file_of(self.library, scenario_id)
            except LibraryError as err:
                self._pending_leave = None
                self.problems.report("Save scenario", str(err))
                return
            self.folder_watcher.save(path, text)
            self._status(f"Saving {path}…")
            return
        target = self.libraries.writable_target("Save into")
        if target is None:
            self._pending_leave = None
            return
        self.libraries.start_import(Path(f"{scenario_id}.yaml"), target, replace=True, text=text)

    def _imported(self, scenario_id: str) -> None:
        self.imported.emit(scenario_id)
        self._saved(scenario_id)

    def _saved(self, scenario_id: str) -> None:
        """A scenario went into the library: edits kept for it are now stored."""
        from explorer.library.drafts import discard_unsaved

        discard_unsaved(scenario_id)
        self.scenarioSaved.emit(scenario_id)
        self._run_pending_leave()

    def _present(self, scenario: Scenario, staged: bool = False, source: bool = False) -> None:
        """Bring the window to ``scenario`` (just made current), in three stages: the state
        (values, recommendation, evaluation), the title and the diagram; then the panels;
        then the Source tab's text (with ``source``) and ``scenarioShown``. ``staged``
        leaves the last two to the next turns of the event loop, so that it draws and
        answers between them (a switch from the list); otherwise all three are done now."""
        self.what_if.restore_values()
        self._evaluate()
        self.pages.setCurrentIndex(SCENARIO_PAGE)
        self.tabs.setVisible(True)
        self.setWindowTitle(f"{scenario.title} — Scenario Explorer")
        self.title.setText(scenario.title)
        self.subtitle.setText(scenario.summary)
        self.rendering.request()
        self._stages = [lambda: self._present_panels(scenario), lambda: self._present_rest(scenario, source)]
        if staged:
            self._stage_timer.start()
        else:
            self.finish_showing()

    def _present_panels(self, scenario: Scenario) -> None:
        self.what_if.show()
        self.brief.set_scenario(scenario)
        self.tradeoffs.setVisible(scenario.kind == "scenario")
        self.tabs.setTabText(0, "Decide" if scenario.kind == "scenario" else "Cases")
        self.decisions.set_scenario(scenario, self.state.selection, self.state.recommendation)
        self.phase_bar.set_phases(self.state.phases, scenario.kind == "troubleshooting")
        least, most = details_heights(scenario.kind == "troubleshooting", bool(scenario.option_groups))
        self.details_scroll.setMinimumHeight(least)
        self.details_scroll.setMaximumHeight(most)
        self._show_state(side_views=False)

    def _present_rest(self, scenario: Scenario, source: bool) -> None:
        self.charts.set_groups(scenario)
        self.centre_tabs.setTabEnabled(1, not self.charts.unavailable)
        self.centre_tabs.setTabToolTip(1, self.charts.unavailable)
        self.centre_tabs.setTabEnabled(2, bool(scenario.option_groups))
        self.comparison.set_scenario(scenario)
        self._refresh_side_views()
        if source:
            self._show_source(scenario)
        self.scenarioShown.emit(scenario.id)
        self._run_after_shown()

    def _next_stage(self) -> None:
        if self._stages:
            self._stages.pop(0)()
        if self._stages:
            self._stage_timer.start()

    def _drop_stages(self) -> None:
        self._stage_timer.stop()
        self._stages = []
        self._run_after_shown()

    def when_shown(self, action: Callable[[], object]) -> None:
        """Do ``action`` once the scenario being switched to is all up (now if it is; also
        if the user moves on before)."""
        self._after_shown.append(action)
        if not self._stages:
            self._run_after_shown()

    def _run_after_shown(self) -> None:
        actions, self._after_shown = self._after_shown, []
        for action in actions:
            action()

    def pick_scenario(self, ident: str) -> None:
        """Make a scenario current as a click on its row does: the title and diagram now,
        the panels on the next turns (``select_scenario`` does it all before it returns)."""
        scenario_id = self.library.resolve_id(ident)
        if self.list_model.row_of(scenario_id) < 0:
            self.search.clear()
            self._refresh_list()
        row = self.list_model.row_of(scenario_id)
        self.scenario_list.selectionModel().setCurrentIndex(
            self.list_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def finish_showing(self) -> None:
        """Do now what a switch from the list left to the next turns (the panels, the
        Source tab, ``scenarioShown``); ``select_scenario`` calls this before it returns."""
        self._stage_timer.stop()
        while self._stages:
            self._stages.pop(0)()

    @property
    def showing(self) -> bool:
        """True while a scenario switch from the list still has panels to bring up."""
        return bool(self._stages)

    @property
    def phases(self) -> list[Phase]:
        """The phases of the current selection (a variant may bring its own steps)."""
        return self.state.phases

    @Slot(str, str)
    def choose_option(self, group_key: str, option_key: str) -> None:
        self.edits.choose(group_key, option_key, lambda: self.navigation.choose_option(group_key, option_key))

    def set_phase(self, phase: int | None) -> None:
        self.edits.phase(lambda: self.navigation.set_phase(phase))

    def step_phase(self, delta: int) -> None:
        self.edits.phase(lambda: self.navigation.step_phase(delta))

    @Slot()
    def apply_recommendation(self) -> None:
        self.edits.record("Apply Recommendation", self.navigation.apply_recommendation)

    def set_params(self, values: Mapping[str, float]) -> None:
        """Apply what-if parameter values: checks, figures and the recommendation follow."""
        self.finish_showing()  # the what-if panel is on the open scenario first
        self.edits.params(dict(values), lambda: self.what_if.set_params(values))

    def _on_view_changed(self) -> None:
        self.finish_showing()  # the panels are on the scenario before they follow its change
        state = self.state
        assert state.scenario is not None
        if state.phases != self.phase_bar.phases:  # another variant, with its own steps
            self.phase_bar.set_phases(state.phases, state.scenario.kind == "troubleshooting")
        self._update()

    def _update(self) -> None:
        """Bring every panel in line with scenario, selection and phase; ask for the diagram."""
        self.finish_showing()
        self._evaluate()
        self._show_state()
        self.rendering.request()

    def _evaluate(self) -> None:
        """The trade-offs of the selection, and of the recommended design, for the current values."""
        from explorer.domain.tradeoffs import evaluate

        state = self.state
        assert state.scenario is not None
        state.evaluation = evaluate(state.scenario, state.selection, state.params)
        kind = state.scenario.kind
        self._recommended = evaluate(state.scenario, state.recommendation, state.params) if kind == "scenario" else None

    def _show_state(self, side_views: bool = True) -> None:
        """The panels, for the state ``_evaluate`` completed (and the Charts or Compare tab
        when on screen, unless not ``side_views``)."""
        state = self.state
        scenario = state.scenario
        assert scenario is not None and state.evaluation is not None
        self.decisions.show_selection(state.selection, state.recommendation, state.explanation)
        self.phase_bar.show_phase(state.phase)
        if scenario.kind == "scenario" and self._recommended is not None:
            summary = state.explanation.summary if state.explanation else ""
            self.tradeoffs.show_evaluation(scenario, state.evaluation, self._recommended, summary)
        if side_views:
            self._refresh_side_views()
        self.phase_details.setText(phase_details_html(state.phases, state.phase, scenario.kind == "troubleshooting"))
        self._order_timer.start()  # once the new buttons are shown (Qt shows them on the next turn)

    def _centre_tab_changed(self, _index: int) -> None:
        """Leaving Compare gives the panels back the widths they had before it, unless the
        user dragged the splitter meanwhile."""
        if self.centre_tabs.currentWidget() is self.compare_view:
            self._sizes_before_compare = self.splitter.sizes()
        elif self._sizes_before_compare:
            before, self._sizes_before_compare = self._sizes_before_compare, None
            if self.splitter.sizes() != before and sum(self.splitter.sizes()) == sum(before):
                self.splitter.setSizes(before)
        self._refresh_side_views()

    def _refresh_side_views(self) -> None:
        current = self.centre_tabs.currentWidget()
        if current is self.charts:
            self.charting.refresh()
        elif current is self.compare_view:
            self.comparison.refresh()

    # --- rendering -----------------------------------------------------------------------

    @property
    def renderer(self) -> RenderService:
        """The diagram's render service (``renderer.busy`` is True while a view renders)."""
        return self.rendering.renderer

    @property
    def charter(self) -> RenderService:
        return self.charting.charter

    @property
    def comparer(self) -> RenderService:
        return self.comparison.comparer

    # benchmarks/run.py reads these three, from before the rendering controller.
    @property
    def _shown_key(self) -> ViewKey | None:
        return self.rendering.shown_key

    @property
    def _pending_key(self) -> ViewKey | None:
        return self.rendering.pending_key

    def _view_key(self, selection: dict[str, str] | None = None, phase: int | str | None = "current") -> ViewKey:
        return self.rendering.view_key(selection, phase)

    def retry_render(self) -> None:
        """Try the current view again (after installing Graphviz, say)."""
        self.rendering.retry()

    # --- the replaceable questions -------------------------------------------------------

    def ask_save_path(self, fmt: str = "png") -> str:
        """Ask where to export; tests replace this to avoid the modal dialog."""
        return self.dialogs.save_path(fmt)

    def confirm_overwrite(self, text: str) -> bool:
        """Ask before replacing files; tests replace this."""
        return self.dialogs.confirm(text)

    def ask_folder(self) -> str:
        """Ask for the batch export folder; tests replace this."""
        return self.dialogs.folder()

    def ask_library_path(self, title: str, create: bool = False) -> str:
        """Ask for a library file; tests replace this."""
        return self.dialogs.library_path(title, create)

    def ask_yaml_path(self) -> str:
        """Ask for a scenario file to import; tests replace this."""
        return self.dialogs.yaml_path()

    def report_problem(self, title: str, message: str) -> None:
        """Tell the user, in plain text (tests set the property quietErrors to skip the dialog)."""
        self.problems.report(title, message)

    # --- exports -------------------------------------------------------------------------

    def export_png(self, path: Path, settings: ExportSettings | None = None) -> None:
        """Export the current view as a slide-sized PNG (1920 x 1080 unless told otherwise)."""
        self.exports.export_png(path, settings)

    def export_view(self, path: Path, settings: ExportSettings) -> None:
        """Render the current view with ``settings`` and write it to ``path``, in the background."""
        self.exports.export_view(path, settings)

    # --- the diagram's nodes, panels and find -------------------------------------------

    def show_node(self, node_id: str) -> None:
        """Fill the details pane (``nodeDetails``) for a node of the current view."""
        from explorer.domain.node_info import UnknownNode, node_details

        scenario = self.state.scenario
        if scenario is None:
            return
        try:
            details = node_details(scenario, node_id, self.state.selection)
        except UnknownNode:
            return
        self.diagram_view.show_details(details)

    def find_here(self) -> None:
        """Ctrl+F: in the diagram, find a node; elsewhere, find a scenario."""
        focus = QApplication.focusWidget()
        in_diagram = focus is not None and (focus is self.diagram_view or self.diagram_view.isAncestorOf(focus))
        if in_diagram and self._showing_scenario() and self.centre_tabs.currentIndex() == 0:
            self.diagram_view.open_find()
        else:
            self.search.setFocus()
            self.search.selectAll()

    def find_node(self) -> None:
        if self._showing_scenario():
            self.centre_tabs.setCurrentIndex(0)
            self.diagram_view.open_find()

    def show_panel(self, index: int, on: bool) -> None:
        """Open or close the scenario list (0) or the side panel (2)."""
        sizes = self.splitter.sizes()
        if (sizes[index] > 0) == on:
            return
        if on:
            want = self._panel_widths.get(index, 180 if index == 0 else 310)
            sizes[1] = max(200, sizes[1] - want)
            sizes[index] = want
        else:
            self._panel_widths[index] = sizes[index]
            sizes[1] += sizes[index]
            sizes[index] = 0
        self.splitter.setSizes(sizes)
        self._sync_panel_actions()

    def _sync_panel_actions(self) -> None:
        sizes = self.splitter.sizes()
        for action, index in zip(self.panel_actions, (0, 2), strict=True):
            action.blockSignals(True)
            action.setChecked(sizes[index] > 0)
            action.blockSignals(False)

    def copy_diagram(self) -> None:
        """Put the diagram on the clipboard as an image."""
        self.exports.copy_diagram()

    def export_all(self) -> None:
        """Batch-export every view of this scenario or of all, with a cancellable progress dialog."""
        self.exports.export_all()

    def start_batch(self, folder: Path, scenarios: list, settings: ExportSettings) -> None:
        """Export every view of ``scenarios`` into ``folder``; ``batch_dialog`` shows the progress."""
        self.exports.start_batch(folder, scenarios, settings)

    @property
    def batch(self) -> BatchRunner | None:
        return self.exports.batch

    @property
    def batch_dialog(self) -> QProgressDialog | None:
        """The progress dialog of the last batch export (``batchProgress``)."""
        return self.exports.batch_dialog

    def export_chart(self) -> None:
        """Save the Charts tab's chart as PNG (asks where)."""
        self.charting.export_chart()

    def export_comparison(self, settings: ExportSettings | None = None, path: str | None = None) -> None:
        """Both designs side by side in one PNG, with the export settings applied."""
        self.comparison.export_comparison(settings, path)

    # --- libraries -----------------------------------------------------------------------

    def open_library_dialog(self) -> None:
        self.libraries.open_library_dialog()

    def open_library(self, path: Path) -> bool:
        """Switch to the library at ``path``; on a problem, offer another one or the bundled one."""
        return self.libraries.open_library(path)

    def set_library(
        self, library: Library, folder: FolderWatcher | None = None, first_sync: FolderSync | None = None
    ) -> None:
        """Show another library (``folder``: the watcher of the scenario folder it is read
        from, ``first_sync`` what its reading found): its list, the overview or its first
        scenario; caches start afresh."""
        if folder is not self.folder_watcher:
            if self.folder_watcher is not None:
                self.folder_watcher.stop()
                self.folder_watcher.deleteLater()
            self.folder_watcher = folder
            self._folder_sync = first_sync
            self._folder_problems.setVisible(False)
            if folder is not None:
                folder.start()
        if self.state.scenario is not None:
            self.navigation.save()
        self._drop_stages()
        self.rendering.reset()
        old, self.library = self.library, library
        self.state.generation += 1  # what is still being drawn from the old library is dropped
        self.state.scenario = None
        self.diagram_view.clear()
        self.search.clear()
        self._refresh_list()
        self.statusBar().showMessage(self._library_line())
        if library.upgraded_from is not None:
            self.statusBar().showMessage(
                f"Library: {library.path} (upgraded from schema {library.upgraded_from}; backup at {library.backup})"
            )
        self.libraries.remember(library, self.folder_watcher.path if self.folder_watcher else None)
        if old is not library:
            old.close()
        if self.library.overview() is not None:
            self.show_overview()
        elif self.list_model.rowCount():
            self.select_scenario(self.list_model.item(0).id)
        self.libraryChanged.emit(str(library.path))

    def import_scenario_file(self) -> None:
        """Import a YAML scenario into a user library (never into the bundled one), in the
        background; with a scenario folder open, the file is checked and copied into it."""
        if self.folder_watcher is None:
            self.libraries.import_scenario_file()
            return
        source = self.ask_yaml_path()
        if source:
            self.folder_watcher.add_file(Path(source))

    # --- a scenario folder ----------------------------------------------------------------

    def _library_line(self) -> str:
        if self.folder_watcher is not None:
            return f"Folder: {self.folder_watcher.path} ({self.list_model.rowCount()} scenarios and guides)"
        return f"Library: {self.library.path}"

    def ask_sources_folder(self) -> str:
        """Ask for a folder of scenario files to open; tests replace this."""
        return self.dialogs.sources_folder()

    def open_folder_dialog(self) -> None:
        def ask() -> None:
            path = self.ask_sources_folder()
            if path:
                self.open_sources_folder(Path(path))

        self._leave_then(ask)

    def open_sources_folder(self, path: Path) -> None:
        """Open a folder of scenario YAML files as the library: it is read on a worker
        thread (only changed files, when it was open before), then shown and watched."""
        from explorer.library.folder import SourceFolder

        from .folder_watch import FolderWatcher

        try:
            folder = SourceFolder(path)
        except LibraryError as err:
            self.problems.report("Open scenario folder", str(err))
            return
        watcher = FolderWatcher(folder, self)
        self._connect(watcher)
        self._status(f"Reading {folder.folder}…")
        watcher.sync_now()

    def _watch(self, watcher: FolderWatcher, first_sync: FolderSync | None) -> None:
        """Start with ``watcher``'s folder, already read (``first_sync``), as the library."""
        self.folder_watcher = watcher
        self._folder_sync = first_sync
        watcher.setParent(self)
        self._connect(watcher)
        watcher.start()
        self.libraries.remember(self.library, watcher.path)
        self.statusBar().showMessage(self._library_line())
        if first_sync is not None:
            self._show_folder_problems(first_sync)

    def _connect(self, watcher: FolderWatcher) -> None:
        watcher.synced.connect(lambda result, library: self._folder_synced(watcher, result, library))
        watcher.failed.connect(lambda message, problems: self._folder_failed(watcher, message, problems))
        watcher.saved.connect(lambda path, ident: self._folder_saved(watcher, path, ident))
        watcher.taken.connect(lambda message, source: self._folder_taken(watcher, message, source))

    def _folder_synced(self, watcher: FolderWatcher, result: FolderSync, library: Library | None) -> None:
        if watcher is not self.folder_watcher:  # the first reading of a folder just opened
            if library is None:
                return
            self.set_library(library, folder=watcher, first_sync=result)
            self.statusBar().showMessage(self._library_line())
            self._show_folder_problems(result)
            self.folderSynced.emit()
            return
        before, self._folder_sync = self._folder_sync, result
        if (
            library is None
            and before is not None
            and before.problems == result.problems
            and not self._select_after_sync
        ):
            self._run_pending_leave()
            return  # nothing changed on disk
        self._show_folder_problems(result)
        if library is not None:
            self._reload_from_folder(library, result)
        elif self.state.scenario is not None and not self.source_panel.modified:
            self._show_source(self.state.scenario)  # a file's problems came or went
        if self._select_after_sync is not None:
            ident, self._select_after_sync = self._select_after_sync, None
            with_id = [s for s in self.library.summaries() if s.id == ident]
            if with_id:
                self.select_scenario(ident)
                self.centre_tabs.setCurrentWidget(self.source_panel)
        self._run_pending_leave()
        self.folderSynced.emit()

    def _reload_from_folder(self, library: Library, result: FolderSync) -> None:
        """The folder's library changed: the list follows, and the open scenario is shown
        as its file now says, with its selection and phase kept where they still fit."""
        # The old library is left to be closed when nothing uses it any more: a worker may
        # be reading it still (an export, a batch).
        self.library = library
        self._refresh_list(self.search.text())
        self.statusBar().showMessage(self._library_line(), 5000)
        current = self.state.scenario
        if current is None:
            if self.pages.currentIndex() == 0 and (result.overview_changed or result.changed or result.removed):
                self.show_overview()
            return
        if current.id in result.changed:
            try:
                scenario = library.get(current.id)
                digest = library.content_digest(current.id)
            except LibraryError as err:
                self.problems.report("Scenario folder", str(err))
                return
            on_disk = library.source_yaml(current.id)
            # Unsaved edits stay (the file's text is offered instead); a save's own text is no conflict.
            conflict = self.source_panel.modified and self.source_panel.editor.toPlainText() != on_disk
            if conflict:  # the view stays on the edits until the user takes the file's text
                self.source_panel.offer_reload(on_disk)
                return
            self.navigation.adopt(scenario, digest)
            self._show_source(scenario)
            self._present(scenario)
        elif current.id in result.removed:
            self.statusBar().showMessage(
                f"{current.title} is no longer in {self.folder_watcher.path if self.folder_watcher else 'the folder'}: "
                "its file was removed, or now holds another id",
                15_000,
            )
            if self.source_panel.modified:
                return  # the edits stay on screen; saving them writes the file again
            self.state.scenario = None
            if library.overview() is not None:
                self.show_overview()
            elif self.list_model.rowCount():
                self.select_scenario(self.list_model.item(0).id)
        elif not self.source_panel.modified:
            self._show_source(current)  # its file's problems came or went

    def _show_folder_problems(self, result: FolderSync) -> None:
        problems = result.problems
        label = self._folder_problems
        label.setVisible(bool(problems))
        if problems:
            files = sorted({Path(p.file).name for p in problems})
            label.setText(f"⚠ {len(files)} file{'s' if len(files) != 1 else ''} with problems")
            label.setToolTip(
                "Each is used as it last was valid, or left out until fixed:\n"
                + "\n".join(p.located() for p in problems[:30])
            )

    def _folder_failed(self, watcher: FolderWatcher, message: str, problems: list) -> None:
        self._pending_leave = None
        if problems:  # a save refused: the text's problems are the Source tab's
            self.source_panel.check_now()
            self.problems.report("Save scenario", message + ":\n" + "\n".join(p.located() for p in problems[:20]))
        else:
            self.problems.report("Scenario folder", message)

    def _folder_taken(self, watcher: FolderWatcher, message: str, source: str) -> None:
        if watcher is self.folder_watcher and self.confirm_overwrite(f"{message}.\n\nReplace it?"):
            watcher.add_file(Path(source), replace=True)

    def _folder_saved(self, watcher: FolderWatcher, path: str, scenario_id: str) -> None:
        from explorer.library.drafts import discard_unsaved

        if watcher is not self.folder_watcher:
            return
        if self.state.scenario is not None and self.state.scenario.id != scenario_id:
            discard_unsaved(self.state.scenario.id)
            self._select_after_sync = scenario_id  # the id was edited: the scenario is the new one
        discard_unsaved(scenario_id)
        self._status(f"Saved {path}", 8000)
        self.scenarioSaved.emit(scenario_id)

    def start_import(self, source: Path, target: Path, replace: bool = False) -> None:
        """Import ``source`` into ``target`` on a worker thread; ``import_dialog`` shows the progress."""
        self.libraries.start_import(source, target, replace)

    @property
    def import_runner(self) -> ImportRunner | None:
        return self.libraries.import_runner

    @property
    def import_dialog(self) -> QProgressDialog | None:
        """The progress dialog of the last import (``importProgress``)."""
        return self.libraries.import_dialog

    # --- settings ----------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value(session.WINDOW_GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = self.settings.value(session.WINDOW_SPLITTER)
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        if hasattr(self, "panel_actions"):
            self._sync_panel_actions()

    def restore_last_view(self, early: bool = False) -> None:
        """Open the scenario the user had open last (or the overview on a first run).

        ``early`` is what the app passes at start-up; the start-up warm-up has already
        laid the last scenario out, so its diagram follows as soon as it is loaded.
        """
        last = session.last_view(SettingsValues(self.settings))
        if not self.list_model.rowCount():
            self.diagram_view.show_message("This library has no scenarios.")
            self.pages.setCurrentIndex(SCENARIO_PAGE)
            return
        try:
            if last is not None:
                self.select_scenario(last.scenario_id)
                return
        except LibraryError:
            pass
        if self.library.overview() is not None:
            self.show_overview()
        else:
            self.select_scenario(self.list_model.item(0).id)

    def save_settings(self) -> None:
        self.settings.setValue(session.WINDOW_DPI, self.rendering.screen_dpi())
        self.navigation.save()
        self.settings.setValue(session.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.setValue(session.WINDOW_SPLITTER, self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._has_unsaved_edits() and not self._leave_then(lambda: None):
            if self._pending_leave is not None:
                self._pending_leave = self.close  # saving: closes when the save is done
            event.ignore()
            return
        self._drop_stages()
        if self.folder_watcher is not None:
            self.folder_watcher.stop()
        self.save_settings()
        self.rendering.shutdown()
        self.charting.shutdown()
        self.comparison.shutdown()
        self.what_if.shutdown()
        self.exports.shutdown()
        self.source_panel.shutdown()
        self.libraries.shutdown()
        super().closeEvent(event)
