"""The Source tab: the scenario's YAML in an editor, checked as the user types.

``SourceEditor`` (objectName ``sourceEditor``) is a ``QPlainTextEdit`` with line numbers,
YAML highlighting and the problems underlined at their lines. ``SourcePanel`` puts it
above ``problemsList`` (click a problem to jump to its line) and checks the text on a
worker thread, a moment after the user stops typing: the UI thread never parses.

Signals of ``SourcePanel``:
    edited(object): the text changed into a valid scenario (the ``Scenario``).
    problemsFound(int): how many problems the text has now (0 when valid).
"""

from __future__ import annotations

import contextlib
import re
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QRect, QSize, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from .theme import Colours, colours_for, follow

#: How long after the last keystroke the text is checked (ms).
CHECK_DELAY_MS = 300


#: How many lines are coloured per turn of the event loop after a whole new text
#: (about a millisecond of work: the window keeps answering while a long file is coloured).
HIGHLIGHT_CHUNK = 150


class _YamlHighlighter(QSyntaxHighlighter):
    """Keys, comments, strings, numbers and list dashes, in the palette's own colours.

    Typing is coloured at once, line by line, as Qt asks. A whole new text (a scenario
    opened) is not: :meth:`hold` before it is set and :meth:`release` after leave it
    plain, and :meth:`colour_from` colours the lines in view at once and the others a
    chunk per turn of the event loop, each chunk laid out again in one go (the editor
    calls it once it is on screen: a text never looked at is never coloured)."""

    def __init__(self, document, colours: Colours) -> None:
        super().__init__(document)
        self._rules: list[tuple[re.Pattern[str], int, QTextCharFormat]] = []
        self._held = False
        self._plain = False  # a whole new text, not coloured yet
        self._next = 0  # the first line the chunks have yet to colour
        self._done = (0, 0)  # the lines colour_from coloured at once
        self._chunks = QTimer(self)
        self._chunks.setInterval(0)
        self._chunks.timeout.connect(self._colour_chunk)
        self.set_colours(colours)

    def hold(self) -> None:
        """Colour nothing: a whole new text is about to be set."""
        self._chunks.stop()
        self._held = True

    def release(self) -> None:
        """The new text is set: typing is coloured again, the text waits for :meth:`colour_from`."""
        self._held = False
        self._plain = True

    @property
    def pending(self) -> bool:
        """True while lines of the last whole text are still plain."""
        return self._held or self._plain or self._chunks.isActive()

    def colour_from(self, first_visible: int) -> None:
        """Colour the lines in view (from ``first_visible``) now and the rest over the
        next turns of the event loop, unless that is done or under way."""
        if not self._plain:
            return
        self._plain = False
        self._colour(first_visible, first_visible + HIGHLIGHT_CHUNK)
        self._done = (first_visible, first_visible + HIGHLIGHT_CHUNK)
        self._next = 0
        self._chunks.start()

    def _ranges(self, text: str) -> list[QTextLayout.FormatRange]:
        ranges = []
        for pattern, group, style in self._rules:
            for match in pattern.finditer(text):
                start, end = match.span(group)
                if end > start:
                    r = QTextLayout.FormatRange()
                    r.start, r.length, r.format = start, end - start, style
                    ranges.append(r)
        return ranges

    def _colour(self, start: int, end: int) -> None:
        """Colour lines ``start`` to ``end`` (excluded) and lay them out again once."""
        document = self.document()
        if document is None or start >= end:
            return
        block = document.findBlockByNumber(start)
        if not block.isValid():
            return
        first = block.position()
        last = block
        while block.isValid() and block.blockNumber() < end:
            layout = block.layout()
            if layout is not None:
                layout.setFormats(self._ranges(block.text()))
            last = block
            block = block.next()
        document.markContentsDirty(first, last.position() + last.length() - first)

    def _colour_chunk(self) -> None:
        document = self.document()
        count = document.blockCount() if document is not None else 0
        start, end = self._next, min(count, self._next + HIGHLIGHT_CHUNK)
        done_from, done_to = self._done
        self._colour(start, min(end, done_from))
        self._colour(max(start, done_to), end)
        self._next = end
        if end >= count:
            self._chunks.stop()

    def set_colours(self, c: Colours) -> None:
        """Colour the text with the theme ``c``'s syntax colours."""

        def fmt(colour: str, bold: bool = False) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setForeground(QColor(colour))
            if bold:
                f.setFontWeight(QFont.Weight.DemiBold)
            return f

        self._rules = [
            (re.compile(r"^(\s*-?\s*)([A-Za-z0-9_\-]+)(?=\s*:)"), 2, fmt(c.syntax_key, bold=True)),
            (re.compile(r"^\s*(-)\s"), 1, fmt(c.syntax_dash)),
            (re.compile(r"(\"[^\"]*\"|'[^']*')"), 1, fmt(c.syntax_string)),
            (re.compile(r":\s+(-?\d+(?:\.\d+)?)\s*$"), 1, fmt(c.syntax_number)),
            (re.compile(r"(?:^|\s)(#.*)$"), 1, fmt(c.syntax_comment)),
        ]
        self._chunks.stop()
        self._plain = False
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if self._held:
            return
        for r in self._ranges(text):
            self.setFormat(r.start, r.length, r.format)


class _LineNumbers(QWidget):
    def __init__(self, editor: SourceEditor):
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.line_number_width(), 0)

    def paintEvent(self, event) -> None:
        self._editor.paint_line_numbers(event)


class SourceEditor(QPlainTextEdit):
    """A YAML editor with line numbers and the problems underlined."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sourceEditor")
        self.setAccessibleName("Scenario source (YAML)")
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabChangesFocus(False)
        self._highlighter = _YamlHighlighter(self.document(), colours_for())
        self._numbers = _LineNumbers(self)
        self.blockCountChanged.connect(lambda _n: self._fit_margin())
        self.updateRequest.connect(self._scroll_numbers)
        self._fit_margin()
        self._problem_lines: list[int] = []
        self._types: list[str] = []
        follow(self, self._recolour)
        self.completer = QCompleter(self)
        self.completer.setObjectName("sourceCompleter")
        self.completer.setWidget(self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.activated.connect(self._insert_completion)

    def load_text(self, text: str) -> None:
        """Show a whole new ``text``: set at once, coloured the lines in view first and the
        rest over the next turns of the event loop (a long file would otherwise hold the
        window for tens of milliseconds)."""
        self._highlighter.hold()
        try:
            self.setPlainText(text)
        finally:
            self._highlighter.release()
        if self.isVisible():
            self._highlighter.colour_from(self.firstVisibleBlock().blockNumber())

    @property
    def highlighting(self) -> bool:
        """True while lines of the last text set are still to be coloured."""
        return self._highlighter.pending

    # --- completion -----------------------------------------------------------------------

    def set_node_types(self, names: list[str]) -> None:
        """The ``diagrams`` classes to offer after ``type:`` (looked up off the UI thread)."""
        self._types = names

    def _word_under_cursor(self) -> tuple[str, QTextCursor]:
        cursor = self.textCursor()
        line = cursor.block().text()[: cursor.positionInBlock()]
        match = re.search(r"[\w.\-]*$", line)
        return (match.group(0) if match else ""), cursor

    def completions(self) -> list[str]:
        """What fits where the cursor is: node classes after ``type:``, else the ids and
        keys the file defines (nodes, clusters, groups, options, metrics, parameters)."""
        cursor = self.textCursor()
        line = cursor.block().text()[: cursor.positionInBlock()]
        if re.search(r"\btype:\s*[\w.]*$", line):
            return list(self._types)
        found = re.findall(r"(?m)^\s*-?\s*(?:id|key):\s*([A-Za-z0-9][\w\-]*)", self.toPlainText())
        return sorted(set(found))

    def complete(self) -> None:
        """Show the completions for the word at the cursor."""
        prefix, _cursor = self._word_under_cursor()
        self.completer.setModel(QStringListModel(self.completions(), self.completer))
        self.completer.setCompletionPrefix(prefix)
        rect = self.cursorRect()
        popup = self._popup()
        rect.setWidth(max(260, popup.sizeHintForColumn(0) + popup.verticalScrollBar().width()))
        self.completer.complete(rect)

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a QCompleter always has its popup
        return popup

    def _insert_completion(self, text: str) -> None:
        prefix, cursor = self._word_under_cursor()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(prefix))
        cursor.insertText(text)
        self.setTextCursor(cursor)

    def keyPressEvent(self, event) -> None:
        popup = self._popup()
        if popup.isVisible() and event.key() in (
            Qt.Key.Key_Enter,
            Qt.Key.Key_Return,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Backtab,
        ):
            event.ignore()  # the completer takes it
            return
        if event.key() == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.complete()
            return
        super().keyPressEvent(event)
        if popup.isVisible():
            prefix, _ = self._word_under_cursor()
            self.completer.setCompletionPrefix(prefix)
            if not prefix:
                popup.hide()

    # --- line numbers ---------------------------------------------------------------------

    def line_number_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _fit_margin(self) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _scroll_numbers(self, rect: QRect, dy: int) -> None:
        if dy:
            self._numbers.scroll(0, dy)
        else:
            self._numbers.update(0, rect.y(), self._numbers.width(), rect.height())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._highlighter.colour_from(self.firstVisibleBlock().blockNumber())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        box = self.contentsRect()
        self._numbers.setGeometry(QRect(box.left(), box.top(), self.line_number_width(), box.height()))

    def _recolour(self, c: Colours) -> None:
        self._highlighter.set_colours(c)
        self.mark_problems(self._problem_lines)

    def paint_line_numbers(self, event) -> None:
        painter = QPainter(self._numbers)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        problems = set(self._problem_lines)
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                painter.setPen(
                    QColor(colours_for().problem_text)
                    if number + 1 in problems
                    else palette.color(QPalette.ColorRole.PlaceholderText)
                )
                painter.drawText(
                    0,
                    top,
                    self._numbers.width() - 6,
                    self.fontMetrics().height(),
                    Qt.AlignmentFlag.AlignRight,
                    str(number + 1),
                )
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1

    # --- problems -------------------------------------------------------------------------

    def mark_problems(self, lines: list[int]) -> None:
        """Underline these lines (1-based) with a wavy red line."""
        self._problem_lines = lines
        marks = []
        for line in lines:
            block = self.document().findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            selection.format.setUnderlineColor(QColor(colours_for().problem_underline))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(block)
            cursor.select(QTextCursor.SelectionType.LineUnderCursor)
            selection.cursor = cursor
            marks.append(selection)
        self.setExtraSelections(marks)
        self._numbers.update()

    def go_to_line(self, line: int, column: int | None = None) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        if column:
            cursor.movePosition(
                QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, min(column - 1, block.length() - 1)
            )
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()


class _Results(QObject):
    checked = Signal(int, object, object)  # generation, scenario or None, problems
    types = Signal(object)  # the diagrams node classes, for completion


def _check(text: str, name: str, keep_as: str | None = None) -> tuple[object, list]:
    """On a worker thread: keep the text (``keep_as``: the scenario's id), then the
    scenario it makes, or its problems (worked out in a worker process: parsing a large
    file in a thread would hold the lock the UI thread needs)."""
    from explorer.library.source import check_text

    from . import processes

    if keep_as:
        from explorer.library.drafts import keep_unsaved

        with contextlib.suppress(OSError):  # the check still runs; the text is still in the editor
            keep_unsaved(keep_as, text)
    return processes.run(check_text, text, name)


class SourcePanel(QWidget):
    """The Source tab: the editor above the list of problems."""

    edited = Signal(object)
    problemsFound = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sourcePanel")
        self.editor = SourceEditor()
        self.banner = QLabel()
        self.banner.setObjectName("sourceBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.copy_button = QPushButton("Make an editable copy")
        self.copy_button.setObjectName("makeEditableCopyButton")
        self.copy_button.setToolTip("Copy this scenario into a library of your own, where it can be edited and saved")
        self.copy_button.setVisible(False)
        self.problems = QListWidget()
        self.problems.setObjectName("problemsList")
        self.problems.setAccessibleName("Problems in the source")
        self.problems.itemActivated.connect(self._jump)
        self.problems.itemClicked.connect(self._jump)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.editor)
        split.addWidget(self.problems)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.copy_button)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self._start_check)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="source-check")
        self._results = _Results()
        self._results.checked.connect(self._checked)
        self._generation = 0
        self._loading = False
        self._name = "scenario.yaml"
        self._id: str | None = None
        self._saved_text = ""
        self._kept: str | None = None
        self.editor.textChanged.connect(self._typed)
        self._results.types.connect(self.editor.set_node_types)
        self._types_asked = False  # the diagrams classes are looked up when the tab is first shown
        self.restore_button = QPushButton("Restore my edits")
        self.restore_button.setObjectName("restoreEditsButton")
        self.restore_button.clicked.connect(self.restore_unsaved)
        self.discard_button = QPushButton("Discard them")
        self.discard_button.setObjectName("discardEditsButton")
        self.discard_button.clicked.connect(self.revert)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        row.addStretch(1)
        self._offer = QWidget()
        self._offer.setLayout(row)
        self._offer.setVisible(False)
        layout.insertWidget(1, self._offer)
        self._disk_text: str | None = None
        self._reload_offer: QWidget = QWidget()
        self.reload_button = QPushButton("Reload from disk")
        self.reload_button.setObjectName("reloadFromDiskButton")
        self.reload_button.setToolTip("Take the file as it is now on disk; your unsaved edits are discarded")
        self.reload_button.clicked.connect(self.reload_from_disk)
        keep_button = QPushButton("Keep my edits")
        keep_button.setToolTip("Go on with your edits; saving them replaces the file on disk")
        keep_button.clicked.connect(lambda: self._reload_offer.setVisible(False))
        reload_row = QHBoxLayout()
        reload_row.addWidget(QLabel("The file changed on disk; your unsaved edits are kept."))
        reload_row.addWidget(self.reload_button)
        reload_row.addWidget(keep_button)
        reload_row.addStretch(1)
        self._reload_offer.setObjectName("reloadOffer")
        self._reload_offer.setLayout(reload_row)
        self._reload_offer.setVisible(False)
        layout.insertWidget(2, self._reload_offer)
        self.find_field = QLineEdit()
        self.find_field.setObjectName("sourceFind")
        self.find_field.setPlaceholderText("Find in the source (Enter: next, Shift+Enter: previous, Esc: close)")
        self.find_field.setAccessibleName("Find in the source")
        self.find_field.returnPressed.connect(lambda: self.find_next())
        self.find_field.setVisible(False)
        layout.insertWidget(3, self.find_field)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.open_find)
        back = QShortcut(QKeySequence("Shift+Return"), self.find_field)
        back.activated.connect(lambda: self.find_next(backwards=True))
        close = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.find_field)
        close.activated.connect(self._close_find)

    def show_source(
        self,
        text: str,
        name: str,
        read_only: bool,
        why: str = "",
        scenario_id: str | None = None,
        check: bool = False,
    ) -> None:
        """Show a scenario's source: ``text`` is what saving would leave unchanged. With
        ``check`` the text is checked at once (a file on disk that has problems), else no
        check is run for the text as loaded. Edits kept from an earlier session (unsaved,
        perhaps cut short) are offered back. The same text again (after a save) keeps the
        cursor where it is; another text keeps the cursor's line and the scroll."""
        from explorer.library.drafts import read_unsaved

        same_file = scenario_id is not None and scenario_id == self._id and name == self._name
        self._id = scenario_id
        self._saved_text = text
        kept = read_unsaved(scenario_id) if scenario_id else None
        self._kept = kept if kept is not None and kept != text else None
        if self._kept is not None:
            why = (why + " " if why else "") + "There are unsaved edits of this scenario from an earlier session."
        self._offer.setVisible(self._kept is not None)
        self._reload_offer.setVisible(False)
        self._disk_text = None
        self._loading = True
        self._generation += 1
        self._timer.stop()
        self._name = name
        if not (same_file and self.editor.toPlainText() == text):
            cursor_line = self.editor.textCursor().blockNumber() if same_file else 0
            scroll = self.editor.verticalScrollBar().value() if same_file else 0
            self.editor.load_text(text)
            if same_file:
                block = self.editor.document().findBlockByNumber(min(cursor_line, self.editor.blockCount() - 1))
                self.editor.setTextCursor(QTextCursor(block))
                self.editor.verticalScrollBar().setValue(scroll)
        self.editor.setReadOnly(read_only)
        self.copy_button.setVisible(read_only)
        self.editor.document().setModified(False)
        self.banner.setText(why)
        self.banner.setVisible(bool(why))
        self.problems.clear()
        self.editor.mark_problems([])
        self._loading = False
        if check:
            self.check_now()

    def offer_reload(self, text: str) -> None:
        """The file changed on disk while the editor holds unsaved edits: they stay, and
        ``reloadFromDiskButton`` offers the file's text instead."""
        self._disk_text = text
        self._reload_offer.setVisible(True)

    def reload_from_disk(self) -> None:
        """Take the file's new text (the edits are discarded)."""
        from explorer.library.drafts import discard_unsaved

        if self._disk_text is None:
            return
        self._saved_text, text, self._disk_text = self._disk_text, self._disk_text, None
        self._reload_offer.setVisible(False)
        self.editor.load_text(text)
        if self._id:
            discard_unsaved(self._id)

    def _load_types(self) -> None:  # on the worker thread
        from explorer.library.references import node_type_names

        with contextlib.suppress(Exception):  # no completion of classes is better than a crash
            self._results.types.emit(node_type_names())

    def _typed(self) -> None:
        if not self._loading:
            self._generation += 1
            self._timer.start()

    def _start_check(self) -> None:
        generation, text, name = self._generation, self.editor.toPlainText(), self._name
        keep_as = self._id if text != self._saved_text else None
        future: Future = self._pool.submit(_check, text, name, keep_as)
        future.add_done_callback(lambda f: self._deliver(generation, f))

    def _deliver(self, generation: int, future: Future) -> None:  # on the worker thread
        try:
            scenario, problems = future.result()
        except Exception as err:  # noqa: BLE001 (a bug in a check must still give the user an answer)
            from explorer.library.problems import Problem

            scenario, problems = None, [Problem(self._name, None, "", f"could not be checked: {err}")]
        self._results.checked.emit(generation, scenario, problems)

    def _checked(self, generation: int, scenario, problems: list) -> None:
        if generation != self._generation:
            return  # the user typed on; a newer check is coming
        self.problems.clear()
        for problem in problems:
            item = QListWidgetItem(problem.located())
            item.setData(Qt.ItemDataRole.UserRole, (problem.line or 0, problem.column or 0))
            self.problems.addItem(item)
        self.editor.mark_problems(sorted({p.line for p in problems if p.line}))
        self.problemsFound.emit(len(problems))
        if scenario is not None:
            self.edited.emit(scenario)

    def _jump(self, item: QListWidgetItem) -> None:
        line, column = item.data(Qt.ItemDataRole.UserRole)
        if line:
            self.editor.go_to_line(line, column or None)

    @property
    def has_kept_edits(self) -> bool:
        """Whether edits from an earlier session are on offer."""
        return self._kept is not None

    @property
    def modified(self) -> bool:
        """Whether the text differs from the library's (or the file's)."""
        return not self.editor.isReadOnly() and self.editor.toPlainText() != self._saved_text

    def restore_unsaved(self) -> None:
        """Put the kept edits back into the editor (they are then checked and shown)."""
        if self._kept is not None:
            self.editor.load_text(self._kept)
        self._offer.setVisible(False)

    def revert(self) -> None:
        """Back to the library's text; kept edits are discarded."""
        from explorer.library.drafts import discard_unsaved

        self._kept = None
        self._offer.setVisible(False)
        self.editor.load_text(self._saved_text)
        if self._id:
            discard_unsaved(self._id)

    def open_find(self) -> None:
        self.find_field.setVisible(True)
        self.find_field.setFocus()
        self.find_field.selectAll()

    def _close_find(self) -> None:
        self.find_field.setVisible(False)
        self.editor.setFocus()

    def find_next(self, backwards: bool = False) -> bool:
        """Select the next (or previous) match of the find field's text, wrapping around."""
        from PySide6.QtGui import QTextDocument

        needle = self.find_field.text()
        if not needle:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        if self.editor.find(needle, flags):
            return True
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start)
        self.editor.setTextCursor(cursor)
        return self.editor.find(needle, flags)

    def check_now(self) -> None:
        """Check the text at once (as typing pauses would)."""
        self._timer.stop()
        self._start_check()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._types_asked:  # the classes for completion: only once someone looks
            self._types_asked = True
            self._pool.submit(self._load_types)

    def shutdown(self) -> None:
        self._timer.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)
