"""Dialogs for exporting: one view with its format and size, or a batch of views."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.output.settings import MAX_DPI, MIN_DPI, PRESETS, ExportSettings

FORMAT_LABELS = {
    "png": "PNG image",
    "svg": "SVG (self-contained)",
    "pdf": "PDF (vector)",
    "dot": "DOT (Graphviz source)",
    "py": "Python (diagrams as code)",
    "drawio": "draw.io (editable, one layer per phase)",
    "html": "HTML page (interactive, self-contained)",
}
LAYOUT_LABELS = {
    "stable": "Stable: every node where the window puts it",
    "compact": "Compact: this view laid out on its own",
}
THEME_LABELS = {"light": "Light", "dark": "Dark"}
SIZE_LABELS = {
    "natural": "Graphviz's own size",
    "1080p": "1920 × 1080 (16:9)",
    "4k": "3840 × 2160 (16:9, 4K)",
    "4:3": "1600 × 1200 (4:3)",
    "xga": "1024 × 768 (4:3)",
    "dpi": "At a chosen resolution",
}


class ExportOptionsForm(QWidget):
    """Format, size and decorations of an export, remembered between uses.

    ``size_choice`` is the size combo box (``exportSize``); the name ``size`` stays
    QWidget's own ``size()``.
    """

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._settings = settings
        form = QFormLayout(self)
        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        for key, label in FORMAT_LABELS.items():
            self.format.addItem(label, key)
        self.size_choice = QComboBox()
        self.size_choice.setObjectName("exportSize")
        for key, label in SIZE_LABELS.items():
            self.size_choice.addItem(label, key)
        self.dpi = QSpinBox()
        self.dpi.setObjectName("exportDpi")
        self.dpi.setRange(MIN_DPI, MAX_DPI)
        self.dpi.setSuffix(" dpi")
        self.layout_choice = QComboBox()
        self.layout_choice.setObjectName("exportLayout")
        for key, label in LAYOUT_LABELS.items():
            self.layout_choice.addItem(label, key)
        self.layout_choice.setToolTip(
            "Stable keeps each node at the same place in every phase and option, as on screen; "
            "compact packs this one view as tightly as Graphviz can."
        )
        self.theme = QComboBox()
        self.theme.setObjectName("exportTheme")
        for key, label in THEME_LABELS.items():
            self.theme.addItem(label, key)
        self.transparent = QCheckBox("Transparent background")
        self.title = QCheckBox("Title")
        self.caption = QCheckBox("Caption (options and phase)")
        self.legend = QCheckBox("Legend of highlight colours")
        for box, name in (
            (self.transparent, "exportTransparent"),
            (self.title, "exportTitle"),
            (self.caption, "exportCaption"),
            (self.legend, "exportLegend"),
        ):
            box.setObjectName(name)
        form.addRow("Format:", self.format)
        form.addRow("Size:", self.size_choice)
        form.addRow("Resolution:", self.dpi)
        form.addRow("Layout:", self.layout_choice)
        form.addRow("Colours:", self.theme)
        form.addRow("", self.transparent)
        form.addRow("Add:", self.title)
        form.addRow("", self.caption)
        form.addRow("", self.legend)
        self.format.currentIndexChanged.connect(self._sync)
        self.size_choice.currentIndexChanged.connect(self._sync)
        self._load()
        self._sync()

    def _load(self) -> None:
        s = self._settings
        self.format.setCurrentIndex(max(0, self.format.findData(s.value("export/format", "png"))))
        self.size_choice.setCurrentIndex(max(0, self.size_choice.findData(s.value("export/size", "1080p"))))
        self.dpi.setValue(int(str(s.value("export/dpi", 192))))
        self.layout_choice.setCurrentIndex(max(0, self.layout_choice.findData(s.value("export/layout", "stable"))))
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.value("export/theme", "light"))))
        for box, key in (
            (self.transparent, "transparent"),
            (self.title, "title"),
            (self.caption, "caption"),
            (self.legend, "legend"),
        ):
            box.setChecked(str(s.value(f"export/{key}", "false")).lower() == "true")

    def save(self) -> None:
        s = self._settings
        s.setValue("export/format", self.format.currentData())
        s.setValue("export/size", self.size_choice.currentData())
        s.setValue("export/dpi", self.dpi.value())
        s.setValue("export/layout", self.layout_choice.currentData())
        s.setValue("export/theme", self.theme.currentData())
        for box, key in (
            (self.transparent, "transparent"),
            (self.title, "title"),
            (self.caption, "caption"),
            (self.legend, "legend"),
        ):
            s.setValue(f"export/{key}", box.isChecked())

    def _sync(self) -> None:
        fmt = self.format.currentData()
        png = fmt == "png"
        self.size_choice.setEnabled(fmt in ("png", "svg", "pdf"))
        self.dpi.setEnabled(png and self.size_choice.currentData() == "dpi")
        # A script always lets dot lay the view out; a draw.io file and a page always keep the stable layout.
        self.layout_choice.setEnabled(fmt not in ("py", "drawio", "html"))
        self.transparent.setEnabled(self.format.currentData() in ("png", "svg", "pdf", "dot", "py", "drawio"))
        self.legend.setEnabled(fmt != "drawio")  # a draw.io file's layers say what each phase adds

    def export_settings(self) -> ExportSettings:
        fmt = self.format.currentData()
        size = self.size_choice.currentData() if fmt in ("png", "svg", "pdf") else "natural"
        width = height = dpi = None
        if size in PRESETS:
            width, height = PRESETS[size]
        elif size == "dpi" and fmt == "png":
            dpi = self.dpi.value()
        return ExportSettings(
            fmt,
            width,
            height,
            dpi,
            self.transparent.isChecked(),
            self.title.isChecked(),
            self.caption.isChecked(),
            self.legend.isChecked(),
            layout=self.layout_choice.currentData() if fmt not in ("py", "drawio", "html") else "stable",
            theme=self.theme.currentData(),
        ).validated()


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ExportDialog(QDialog):
    """Choose how to export the current view."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None, fmt: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export diagram")
        self.setObjectName("exportDialog")
        layout = QVBoxLayout(self)
        self.form = ExportOptionsForm(settings)
        if fmt:
            self.form.format.setCurrentIndex(self.form.format.findData(fmt))
        layout.addWidget(self.form)
        layout.addWidget(_buttons(self, "Export…"))

    @classmethod
    def ask(cls, settings: QSettings, parent: QWidget | None = None, fmt: str | None = None) -> ExportSettings | None:
        """The chosen settings, or None if cancelled (tests replace this)."""
        dialog = cls(settings, parent, fmt)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        dialog.form.save()
        return dialog.form.export_settings()


class BatchDialog(QDialog):
    """Choose what a batch export covers and how it is written."""

    def __init__(self, settings: QSettings, scenario_title: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export all views")
        self.setObjectName("batchDialog")
        layout = QVBoxLayout(self)
        self.only_current = QRadioButton(
            f"Every view of “{scenario_title}”" if scenario_title else "Every view of the current scenario"
        )
        self.everything = QRadioButton("Every view of every scenario and guide")
        self.only_current.setEnabled(scenario_title is not None)
        (self.only_current if scenario_title else self.everything).setChecked(True)
        layout.addWidget(self.only_current)
        layout.addWidget(self.everything)
        self.form = ExportOptionsForm(settings)
        layout.addWidget(self.form)
        layout.addWidget(_buttons(self, "Choose folder…"))

    @classmethod
    def ask(
        cls, settings: QSettings, scenario_title: str | None, parent: QWidget | None = None
    ) -> tuple[bool, ExportSettings] | None:
        """(all scenarios?, settings), or None if cancelled (tests replace this)."""
        dialog = cls(settings, scenario_title, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        dialog.form.save()
        return dialog.everything.isChecked(), dialog.form.export_settings()
