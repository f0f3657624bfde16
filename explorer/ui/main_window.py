"""The main window: scenario list, diagram with phases, decisions and trade-offs."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QImage, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
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

if TYPE_CHECKING:  # loaded with the first scenario, after the window is on screen
    from explorer.domain.model import Scenario
    from explorer.domain.tradeoffs import Evaluation
from .diagram_view import DiagramView, ImageCache
from .export_queue import ExportQueue
from .panels import BriefView, DecisionsPanel, IdRole, OverviewView, ScenarioListModel, TradeoffPanel
from .renderer import SCREEN_DPI, Prefetcher, RenderService, cached_for_screen, render_for_screen
from .whatif import ChartsView, CompareView, ParametersPanel
from .window_compare import WhatIfMixin
from .window_export import ExportMixin
from .window_library import LibraryMixin

IMAGE_CACHE_BYTES = 192 * 1024 * 1024
PREFETCH_LIMIT = 12

PHASE_STYLE = """
QPushButton { padding: 4px 8px; border: 1px solid #C5CCD3; border-radius: 4px; background: #FFFFFF; }
QPushButton:checked { background: #2E9D57; border-color: #237A43; color: white; font-weight: bold; }
"""


class MainWindow(WhatIfMixin, ExportMixin, LibraryMixin, QMainWindow):
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

    def __init__(self, library: Library, settings: QSettings, restore: bool = True):
        super().__init__()
        self.setObjectName("mainWindow")
        self.library = library
        self.settings = settings
        self.scenario: Scenario | None = None
        self.selection: dict[str, str] = {}
        self.phase: int | None = None
        self.recommendation: dict[str, str] = {}
        self.evaluation: Evaluation | None = None
        self._shown_key: tuple | None = None
        self._pending_key: tuple | None = None

        self.images = ImageCache(IMAGE_CACHE_BYTES)
        # Render results carry the generation of the library they were drawn from; one
        # that finishes after the user opened another library is dropped, never shown.
        self._generation = 0
        self._content_digest = ""
        self._early_key: tuple | None = None
        self.renderer = RenderService(self)
        self.renderer.rendered.connect(self._on_rendered)
        self.renderer.completed.connect(lambda _id, result: self._keep(result))
        self.renderer.failed.connect(self._on_render_failed)
        self.prefetcher = Prefetcher(self)
        self.prefetcher.completed.connect(self._keep)
        self.params: dict[str, float] = {}
        self.charter = RenderService(self)
        self.charter.rendered.connect(self._on_chart)
        self.charter.failed.connect(
            lambda _id, message: self.charts.image.setText(f"The chart could not be drawn: {message}")
        )
        self.comparer = RenderService(self)
        self.comparer.rendered.connect(self._on_compare)
        self.comparer.failed.connect(lambda _id, message: self.compare_view.left.show_message(message))
        self.exporter = ExportQueue(self)
        self.exporter.written.connect(self._on_exported)
        self.exporter.failed.connect(self._export_failed)

        self._build_ui()
        self._build_menus()
        self.renderer.busyChanged.connect(self.diagram_view.set_busy)
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self._apply_search)
        self._refresh_list()
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
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.list_model = ScenarioListModel(self)
        self.scenario_list = QListView()
        self.scenario_list.setObjectName("scenarioList")
        self.scenario_list.setModel(self.list_model)
        self.scenario_list.setWordWrap(True)
        self.scenario_list.setSpacing(2)
        self.scenario_list.setUniformItemSizes(False)
        # Lay out long lists a batch at a time so filtering never stalls a frame.
        self.scenario_list.setLayoutMode(QListView.LayoutMode.Batched)
        self.scenario_list.setBatchSize(60)
        self.scenario_list.selectionModel().currentChanged.connect(self._on_current_changed)
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
        self.subtitle.setStyleSheet("color: #55606B;")

        self.phase_bar = QWidget()
        self.phase_bar.setObjectName("phaseBar")
        self.phase_layout = QHBoxLayout(self.phase_bar)
        self.phase_layout.setContentsMargins(0, 0, 0, 0)
        self.phase_layout.setSpacing(4)
        self.phase_buttons = QButtonGroup(self)
        self.phase_buttons.setExclusive(True)

        self.diagram_view = DiagramView()
        self.diagram_view.imageShown.connect(self.diagramShown.emit)
        self.diagram_view.retryRequested.connect(self.retry_render)
        zoom_bar = QHBoxLayout()
        zoom_bar.setSpacing(2)
        for text, tip, slot, name in [
            ("−", "Zoom out (Ctrl+-)", lambda: self.diagram_view.zoom_by(1 / 1.25), "zoomOut"),
            ("+", "Zoom in (Ctrl++)", lambda: self.diagram_view.zoom_by(1.25), "zoomIn"),
            ("Fit", "Fit the diagram to the window (Ctrl+0)", self.diagram_view.fit, "zoomFit"),
            ("1:1", "Actual size (Ctrl+1)", self.diagram_view.actual_size, "zoomActual"),
        ]:
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
        details_scroll.setMaximumHeight(150)
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
        self.charts.groupChosen.connect(lambda _key: self._refresh_chart())
        self.charts.exportRequested.connect(self.export_chart)
        self.compare_view = CompareView()
        self.compare_view.selectionsChanged.connect(lambda _a, _b: self._refresh_compare())
        self.compare_view.exportRequested.connect(self.export_comparison)
        self.centre_tabs = QTabWidget()
        self.centre_tabs.setObjectName("centreTabs")
        self.centre_tabs.addTab(diagram_tab, "Diagram")
        self.centre_tabs.addTab(self.charts, "Charts")
        self.centre_tabs.addTab(self.compare_view, "Compare")
        self.centre_tabs.currentChanged.connect(lambda _i: self._refresh_side_views())

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(8, 8, 8, 8)
        centre_layout.addWidget(self.title)
        centre_layout.addWidget(self.subtitle)
        centre_layout.addWidget(self.centre_tabs, 1)

        self.decisions = DecisionsPanel()
        self.decisions.optionChosen.connect(self.choose_option)
        self.tradeoffs = TradeoffPanel()
        self.tradeoffs.applyRecommendation.connect(self.apply_recommendation)
        decide = QWidget()
        decide_layout = QVBoxLayout(decide)
        decide_layout.addWidget(self.decisions)
        self.params_panel = ParametersPanel()
        self.params_panel.paramsChanged.connect(self.set_params)
        decide_layout.addWidget(self.params_panel)
        decide_layout.addWidget(self.tradeoffs)
        decide_layout.addStretch(1)
        decide_scroll = QScrollArea()
        decide_scroll.setWidget(decide)
        decide_scroll.setWidgetResizable(True)
        decide_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.brief = BriefView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sideTabs")
        self.tabs.addTab(decide_scroll, "Decide")
        self.tabs.addTab(self.brief, "Brief")

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
        self.splitter.setSizes([220, 700, 360])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.statusBar().showMessage(f"Library: {self.library.path}")

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.export_action = QAction("Export…", self)
        self.export_action.setObjectName("exportAction")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(lambda: self._ask_and_export(None))
        file_menu.addAction(self.export_action)
        self.export_png_action = QAction("Export PNG…", self)
        self.export_png_action.setObjectName("exportPngAction")
        self.export_png_action.triggered.connect(lambda: self._ask_and_export("png"))
        file_menu.addAction(self.export_png_action)
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
        self.open_library_action.triggered.connect(self.open_library_dialog)
        file_menu.addAction(self.open_library_action)
        self.bundled_library_action = QAction("Use the Bundled Library", self)
        self.bundled_library_action.setObjectName("bundledLibraryAction")
        self.bundled_library_action.triggered.connect(lambda: self.open_library(BUNDLED_DB))
        file_menu.addAction(self.bundled_library_action)
        file_menu.addSeparator()
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.copy_action = QAction("Copy Diagram", self)
        self.copy_action.setObjectName("copyAction")
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.triggered.connect(self.copy_diagram)
        edit_menu.addAction(self.copy_action)

        view_menu = self.menuBar().addMenu("&View")
        for text, keys, slot in [
            ("Zoom In", [QKeySequence.StandardKey.ZoomIn], lambda: self.diagram_view.zoom_by(1.25)),
            ("Zoom Out", [QKeySequence.StandardKey.ZoomOut], lambda: self.diagram_view.zoom_by(1 / 1.25)),
            ("Fit to Window", [QKeySequence("Ctrl+0")], self.diagram_view.fit),
            ("Actual Size", [QKeySequence("Ctrl+1")], self.diagram_view.actual_size),
            ("Previous Phase", [QKeySequence("Ctrl+Left")], lambda: self.step_phase(-1)),
            ("Next Phase", [QKeySequence("Ctrl+Right")], lambda: self.step_phase(1)),
            ("Find Scenario", [QKeySequence.StandardKey.Find], self.search.setFocus),
        ]:
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.triggered.connect(slot)
            view_menu.addAction(action)

    # --- scenario list -----------------------------------------------------------------

    def _refresh_list(self, search: str = "") -> None:
        current = self.scenario.id if self.scenario else None
        self.list_model.set_items(self.library.summaries(search))
        if current is not None:
            row = self.list_model.row_of(current)
            if row >= 0:
                self.scenario_list.selectionModel().setCurrentIndex(
                    self.list_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )

    def _apply_search(self) -> None:
        self._refresh_list(self.search.text())

    @Slot()
    def _on_current_changed(self, current, _previous) -> None:
        if current.isValid():
            scenario_id = current.data(IdRole)
            if self.scenario is None or scenario_id != self.scenario.id:
                self.load_scenario(scenario_id)

    def show_overview(self) -> None:
        """Show the home page with the key takeaways."""
        if self.scenario is not None:
            self._save_scenario_state()
        self.overview_view.set_overview(self.library.overview(), {s.id: s.title for s in self.library.summaries()})
        self.pages.setCurrentIndex(0)
        self.tabs.setVisible(False)
        self.scenario = None
        self.scenario_list.selectionModel().clear()
        self.setWindowTitle("Scenario Explorer")
        self.settings.setValue("lastScenario", "")

    def select_scenario(self, ident: str) -> None:
        """Make a scenario current, by slug or number, as if picked in the list."""
        scenario_id = self.library.resolve_id(ident)
        row = self.list_model.row_of(scenario_id)
        if row < 0:
            self.search.clear()
            self._refresh_list()
            row = self.list_model.row_of(scenario_id)
        self.scenario_list.selectionModel().setCurrentIndex(
            self.list_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    # --- state changes -------------------------------------------------------------------

    def load_scenario(self, scenario_id: str) -> None:
        from explorer.domain.tradeoffs import SelectionError, complete_selection, recommend

        if self.scenario is not None:
            self._save_scenario_state()
        try:
            scenario = self.library.get(scenario_id)
        except LibraryError as err:
            self.report_problem("Scenario Explorer", str(err))
            return
        try:
            self._content_digest = self.library.content_digest(scenario.id)
        except LibraryError as err:
            self.report_problem("Scenario Explorer", str(err))
            return
        self.scenario = scenario
        self.pages.setCurrentIndex(1)
        self.tabs.setVisible(True)
        saved = self.settings.value(f"scenarios/{scenario.id}/selection", "")
        try:
            self.selection = complete_selection(scenario, json.loads(saved) if saved else {})
        except (ValueError, SelectionError):
            self.selection = complete_selection(scenario)
        phase = self.settings.value(f"scenarios/{scenario.id}/phase", 0)
        phase = int(phase) if str(phase).isdigit() else 0
        self.phase = phase if 1 <= phase <= len(scenario.phases_for(self.selection)) else None
        from explorer.domain.params import check_params

        saved_params = self.settings.value(f"scenarios/{scenario.id}/params", "")
        try:
            self.params = check_params(scenario, json.loads(saved_params) if saved_params else {})
        except (ValueError, TypeError):
            self.params = {}
        self.recommendation = recommend(scenario, self.params) if scenario.kind == "scenario" else {}
        self.setWindowTitle(f"{scenario.title} — Scenario Explorer")
        self.title.setText(scenario.title)
        self.subtitle.setText(scenario.summary)
        self.brief.set_scenario(scenario)
        self.tradeoffs.setVisible(scenario.kind == "scenario")
        self.tabs.setTabText(0, "Decide" if scenario.kind == "scenario" else "Cases")
        self.decisions.set_scenario(scenario, self.selection, self.recommendation)
        self.params_panel.set_scenario(scenario, self.params)
        self.charts.set_groups(scenario)
        self.centre_tabs.setTabEnabled(1, bool(scenario.option_groups))
        self.centre_tabs.setTabEnabled(2, bool(scenario.option_groups))
        if scenario.option_groups:
            first = scenario.option_groups[0]
            keys = [o.key for o in first.options]
            other = keys[(keys.index(self.selection[first.key]) + 1) % len(keys)]
            self.compare_view.set_scenario(scenario, dict(self.selection), {**self.selection, first.key: other})
        self._build_phase_buttons()
        self._update()
        self.scenarioShown.emit(scenario.id)

    def _build_phase_buttons(self) -> None:
        assert self.scenario is not None
        for button in self.phase_buttons.buttons():
            self.phase_buttons.removeButton(button)
            button.deleteLater()
        while self.phase_layout.count():
            item = self.phase_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        guide = self.scenario.kind == "troubleshooting"
        caption = QLabel("Checks:" if guide else "Build-up:")
        caption.setStyleSheet("color: #55606B;")
        self.phase_layout.addWidget(caption)
        whole = QPushButton("Whole path" if guide else "Complete")
        whole.setObjectName("phaseAll")
        whole.setCheckable(True)
        whole.setStyleSheet(PHASE_STYLE)
        whole.setMinimumWidth(90)
        whole.setToolTip("The whole design, with no phase highlighted")
        whole.clicked.connect(lambda: self.set_phase(None))
        self.phase_buttons.addButton(whole)
        self.phase_layout.addWidget(whole)
        self._built_phases = self.phases
        for number, phase in enumerate(self.phases, start=1):
            button = QPushButton(str(number))
            button.setObjectName(f"phase:{number}")
            button.setCheckable(True)
            button.setFixedWidth(34)
            button.setStyleSheet(PHASE_STYLE)
            word = "Check" if guide else "Phase"
            tip = f"{word} {number}: {phase.title}" + (f" ({phase.duration})" if phase.duration else "")
            button.setToolTip(f"<qt>{html.escape(tip)}</qt>")
            button.clicked.connect(lambda _=False, n=number: self.set_phase(n))
            self.phase_buttons.addButton(button)
            self.phase_layout.addWidget(button)
        self.phase_layout.addStretch(1)

    @property
    def phases(self) -> list:
        """The phases of the current selection (a variant may bring its own steps)."""
        return self.scenario.phases_for(self.selection) if self.scenario else []

    @Slot(str, str)
    def choose_option(self, group_key: str, option_key: str) -> None:
        from explorer.domain.tradeoffs import complete_selection

        if self.scenario is None:
            return
        self.selection = complete_selection(self.scenario, {**self.selection, group_key: option_key})
        self._sync_phase_buttons()
        self._update()

    def _sync_phase_buttons(self) -> None:
        if self.phases is not getattr(self, "_built_phases", None):
            if self.phase is not None and self.phase > len(self.phases):
                self.phase = None
            self._build_phase_buttons()

    def set_phase(self, phase: int | None) -> None:
        if self.scenario is None:
            return
        self.phase = phase
        self._update()

    def step_phase(self, delta: int) -> None:
        if self.scenario is None:
            return
        count = len(self.phases)
        current = self.phase or 0
        target = current + delta
        self.set_phase(None if target < 1 or target > count else target)

    @Slot()
    def apply_recommendation(self) -> None:
        if self.scenario is not None and self.recommendation:
            self.selection = dict(self.recommendation)
            self._sync_phase_buttons()
            self._update()

    def _update(self) -> None:
        """Bring every panel in line with scenario, selection and phase; ask for the diagram."""
        from explorer.domain.tradeoffs import evaluate

        assert self.scenario is not None
        scenario = self.scenario
        self.decisions.show_selection(self.selection, self.recommendation)
        for button in self.phase_buttons.buttons():
            name = button.objectName()
            button.setChecked(name == (f"phase:{self.phase}" if self.phase else "phaseAll"))
        self.evaluation = evaluate(scenario, self.selection, self.params)
        if scenario.kind == "scenario":
            self.tradeoffs.show_evaluation(
                scenario, self.evaluation, evaluate(scenario, self.recommendation, self.params)
            )
        self._refresh_side_views()
        self.phase_details.setText(self._phase_html())
        self._request_diagram()

    def _phase_html(self) -> str:
        assert self.scenario is not None
        e = html.escape
        phases = self.phases
        guide = self.scenario.kind == "troubleshooting"
        if guide and self.phase is None:
            titles = " → ".join(e(p.title) for p in phases)
            return (
                f"<b>The whole path.</b> Work through {len(phases)} checks in order: {titles}."
                " <span style='color:#55606B'>Each numbered button highlights what to check.</span>"
            )
        if self.phase is None:
            titles = " → ".join(e(p.title) for p in phases)
            return (
                f"<b>Complete design.</b> Built in {len(phases)} phase{'s' if len(phases) != 1 else ''}: {titles}."
                " <span style='color:#55606B'>Step through them with the numbered buttons or Ctrl+→.</span>"
            )
        p = phases[self.phase - 1]
        duration = f" · {e(p.duration)}" if p.duration else ""
        steps = "".join(f"<li>{e(step)}</li>" for step in p.steps)
        if guide:
            legend = "<span style='color:#2E9D57'>■</span> check this now"
        else:
            legend = "<span style='color:#2E9D57'>■</span> added in this phase &nbsp; <span style='color:#AEB5BC'>■</span> comes later"
        summary = f"<br>{e(p.summary)}" if p.summary else ""
        word = "Check" if guide else "Phase"
        return (
            f"<b>{word} {self.phase} of {len(phases)}: {e(p.title)}</b>{duration}{summary}"
            f"<ol style='margin-top:2px'>{steps}</ol>{legend}"
        )

    # --- rendering ---------------------------------------------------------------------
    # The UI thread never runs Graphviz: views are rendered (and their PNG decoded) in a
    # worker. Decoded images are kept in a bounded cache, so going back to a view is a
    # single setPixmap; when idle, the views one click away are rendered ahead of time.

    def _view_key(self, selection: dict | None = None, phase: int | str | None = "current") -> tuple:
        assert self.scenario is not None
        chosen = self.selection if selection is None else selection
        at = self.phase if phase == "current" else phase
        return (self.scenario.id, tuple(sorted(chosen.items())), at, round(SCREEN_DPI * self.devicePixelRatioF()))

    def _render_job(self, key: tuple):
        scenario, digest, generation = self.scenario, self._content_digest, self._generation

        def work() -> tuple:
            return generation, key, render_for_screen(digest, scenario, key)

        return work

    def _request_diagram(self) -> None:
        key = self._view_key()
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
        self.renderer.request(self._render_job(key))

    def _show(self, key: tuple, image: QImage) -> None:
        self._shown_key = key
        self.diagram_view.set_image(image, key[3] / SCREEN_DPI)
        QTimer.singleShot(0, self._prefetch_neighbours)

    @Slot(int, object)
    def _on_rendered(self, _request_id: int, result: object) -> None:
        generation, key, image = result  # type: ignore[misc]
        if generation != self._generation:
            return  # drawn from a library that is no longer open
        if key == self._early_key:
            self._early_finished(key, image)
            return
        self._pending_key = None
        self._show(key, image)

    def _keep(self, result: object) -> None:
        generation, key, image = result  # type: ignore[misc]
        if image is not None and generation == self._generation:
            self.images.put(key, image)

    @Slot(int, str)
    def _on_render_failed(self, _request_id: int, message: str) -> None:
        self._shown_key = self._pending_key = None
        self.diagram_view.show_message(f"The diagram could not be drawn.\n\n{message}", retry=True)
        self.problemShown.emit(message)

    def retry_render(self) -> None:
        """Try the current view again (after installing Graphviz, say)."""
        if self.scenario is not None:
            self._shown_key = self._pending_key = None
            self._request_diagram()

    def _prefetch_neighbours(self) -> None:
        """Render the other options of each group and the adjacent phases, while idle."""
        if self.scenario is None or self.renderer.busy or self._pending_key is not None:
            return
        from explorer.domain.tradeoffs import complete_selection

        keys = []
        for group in self.scenario.option_groups:
            for option in group.options:
                if option.key != self.selection.get(group.key):
                    selection = complete_selection(self.scenario, {**self.selection, group.key: option.key})
                    phase = (
                        self.phase
                        if self.phase is None or self.phase <= len(self.scenario.phases_for(selection))
                        else None
                    )
                    keys.append(self._view_key(selection, phase))
        count = len(self.phases)
        for phase in (((self.phase or 0) + 1), ((self.phase or count + 1) - 1)):
            if 1 <= phase <= count:
                keys.append(self._view_key(phase=phase))
        if self.phase is not None:
            keys.append(self._view_key(phase=None))
        jobs = [self._render_job(k) for k in dict.fromkeys(keys) if self.images.get(k, touch=False) is None]
        self.prefetcher.schedule(jobs[:PREFETCH_LIMIT])

    # --- settings ----------------------------------------------------------------------

    def _save_scenario_state(self) -> None:
        if self.scenario is not None and self.pages.currentIndex() == 1:
            self.settings.setValue(f"scenarios/{self.scenario.id}/selection", json.dumps(self.selection))
            self.settings.setValue(f"scenarios/{self.scenario.id}/phase", self.phase or 0)
            self.settings.setValue("lastScenario", self.scenario.id)

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def restore_last_view(self, early: bool = False) -> None:
        """Open the scenario the user had open last (or the overview on a first run).

        With ``early`` (what the app does at start-up), the last diagram is looked up in
        the view cache first and shown as soon as it is found, before the scenario's
        panels are built; only then is the scenario loaded.
        """
        last = self.settings.value("lastScenario", "")
        if early and last and self.list_model.row_of(str(last)) >= 0:
            saved = self.settings.value(f"scenarios/{last}/selection", "")
            phase = self.settings.value(f"scenarios/{last}/phase", 0)
            try:
                selection = json.loads(saved) if saved else None
            except ValueError:
                selection = None
            if isinstance(selection, dict):
                summary = self.list_model.item(self.list_model.row_of(str(last)))
                self.title.setText(summary.title)
                self.subtitle.setText(summary.summary)
                self.pages.setCurrentIndex(1)
                at = int(phase) if str(phase).isdigit() and int(phase) > 0 else None
                try:
                    digest = self.library.content_digest(str(last))
                except LibraryError:
                    digest = None
                if digest is not None:
                    self._early_key = (
                        str(last),
                        tuple(sorted(selection.items())),
                        at,
                        round(SCREEN_DPI * self.devicePixelRatioF()),
                    )
                    key, generation = self._early_key, self._generation
                    self.renderer.request(lambda: (generation, key, cached_for_screen(digest, key)))
                    return
        if not self.list_model.rowCount():
            self.diagram_view.show_message("This library has no scenarios.")
            self.pages.setCurrentIndex(1)
            return
        try:
            if last:
                self.select_scenario(last)
                return
        except LibraryError:
            pass
        if self.library.overview() is not None:
            self.show_overview()
        else:
            self.select_scenario(self.list_model.item(0).id)

    def _early_finished(self, key: tuple, image: QImage | None) -> None:
        self._early_key = None
        if image is not None:
            self.images.put(key, image)
            self._shown_key = key
            self.diagram_view.set_image(image, key[3] / SCREEN_DPI)
        QTimer.singleShot(0, self.restore_last_view)

    def save_settings(self) -> None:
        self.settings.setValue("window/dpi", round(SCREEN_DPI * self.devicePixelRatioF()))
        self._save_scenario_state()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.prefetcher.shutdown()
        self.charter.shutdown()
        self.comparer.shutdown()
        self.renderer.shutdown()
        self.exporter.shutdown()
        if getattr(self, "batch", None) is not None:
            self.batch.cancel()
            self.batch.wait()
        if getattr(self, "import_runner", None) is not None:
            self.import_runner.cancel()
            self.import_runner.wait()
        super().closeEvent(event)
