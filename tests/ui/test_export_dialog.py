"""The export dialogs' own widgets: the options form, remembered through the settings, and
the single-view and batch dialogs around it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from explorer.output.settings import ExportSettings
from explorer.ui.export_dialog import BatchDialog, ExportDialog, ExportOptionsForm


@pytest.fixture
def store(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "export.ini"), QSettings.Format.IniFormat)


def choose(form: ExportOptionsForm, fmt: str, size: str = "1080p", dpi: int = 192) -> None:
    form.format.setCurrentIndex(form.format.findData(fmt))
    form.size_choice.setCurrentIndex(form.size_choice.findData(size))
    form.dpi.setValue(dpi)


def test_the_form_starts_from_the_defaults(qtbot, store):
    form = ExportOptionsForm(store)
    qtbot.addWidget(form)
    assert (form.format.currentData(), form.size_choice.currentData(), form.dpi.value()) == ("png", "1080p", 192)
    assert not any(b.isChecked() for b in (form.transparent, form.title, form.caption, form.legend))
    assert form.export_settings() == ExportSettings.with_preset("1080p")
    assert [form.format.itemData(i) for i in range(form.format.count())] == [
        "png",
        "svg",
        "pdf",
        "dot",
        "py",
        "drawio",
        "html",
    ]


def test_a_drawio_file_keeps_the_stable_layout_at_its_own_size(qtbot, store):
    form = ExportOptionsForm(store)
    qtbot.addWidget(form)
    form.layout_choice.setCurrentIndex(form.layout_choice.findData("compact"))
    choose(form, "drawio")
    assert not form.size_choice.isEnabled() and not form.layout_choice.isEnabled()
    assert form.transparent.isEnabled() and form.title.isEnabled()
    assert form.export_settings() == ExportSettings(fmt="drawio")


def test_the_forms_choices_come_back_from_the_settings_file(qtbot, store, tmp_path):
    form = ExportOptionsForm(store)
    qtbot.addWidget(form)
    choose(form, "png", "dpi", 300)
    form.transparent.setChecked(True)
    form.caption.setChecked(True)
    chosen = form.export_settings()
    form.save()
    store.sync()

    reread = QSettings(str(tmp_path / "export.ini"), QSettings.Format.IniFormat)  # every value back as text
    again = ExportOptionsForm(reread)
    qtbot.addWidget(again)
    assert (again.format.currentData(), again.size_choice.currentData(), again.dpi.value()) == ("png", "dpi", 300)
    assert [b.isChecked() for b in (again.transparent, again.title, again.caption, again.legend)] == [
        True,
        False,
        True,
        False,
    ]
    assert again.export_settings() == chosen == ExportSettings(dpi=300, transparent=True, caption=True)


def test_unknown_remembered_choices_fall_back_to_the_first(qtbot, store):
    store.setValue("export/format", "gif")
    store.setValue("export/size", "8k")
    form = ExportOptionsForm(store)
    qtbot.addWidget(form)
    assert (form.format.currentData(), form.size_choice.currentData()) == ("png", "natural")


@pytest.mark.parametrize(
    ("fmt", "size", "size_enabled", "dpi_enabled"),
    [
        ("png", "natural", True, False),
        ("png", "1080p", True, False),
        ("png", "4k", True, False),
        ("png", "dpi", True, True),
        ("svg", "dpi", True, False),
        ("pdf", "4k", True, False),
        ("dot", "dpi", False, False),
        ("py", "1080p", False, False),
    ],
)
def test_pictures_have_a_size_and_only_a_png_a_resolution(qtbot, store, fmt, size, size_enabled, dpi_enabled):
    form = ExportOptionsForm(store)
    qtbot.addWidget(form)
    choose(form, fmt, size)
    assert form.size_choice.isEnabled() is size_enabled
    assert form.dpi.isEnabled() is dpi_enabled
    assert form.transparent.isEnabled()  # every format can drop the background


@pytest.mark.parametrize(
    ("fmt", "size", "expected"),
    [
        ("png", "natural", ExportSettings()),
        ("png", "1080p", ExportSettings(width=1920, height=1080)),
        ("png", "4k", ExportSettings(width=3840, height=2160)),
        ("png", "4:3", ExportSettings(width=1600, height=1200)),
        ("png", "xga", ExportSettings(width=1024, height=768)),
        ("png", "dpi", ExportSettings(dpi=150)),
        ("svg", "4k", ExportSettings(fmt="svg", width=3840, height=2160)),
        ("pdf", "1080p", ExportSettings(fmt="pdf", width=1920, height=1080)),
        ("pdf", "dpi", ExportSettings(fmt="pdf")),  # a resolution is for PNG only
        ("dot", "1080p", ExportSettings(fmt="dot")),
        ("py", "xga", ExportSettings(fmt="py")),
        ("html", "4k", ExportSettings(fmt="html")),  # a page has no frame, and is always the stable layout
    ],
)
def test_what_the_form_asks_for(qtbot, store, fmt, size, expected):
    form = ExportOptionsForm(store)
    qtbot.addWidget(form)
    choose(form, fmt, size, dpi=150)
    assert form.export_settings() == expected


def test_the_decorations_are_asked_for(qtbot, store):
    form = ExportOptionsForm(store)
    qtbot.addWidget(form)
    choose(form, "svg")
    for box in (form.transparent, form.title, form.caption, form.legend):
        box.setChecked(True)
    assert form.export_settings() == ExportSettings("svg", 1920, 1080, None, True, True, True, True)


def test_layout_and_colours_are_asked_for_and_remembered(qtbot, store):
    form = ExportOptionsForm(store)
    qtbot.addWidget(form)
    choose(form, "svg", "1080p")
    form.layout_choice.setCurrentIndex(form.layout_choice.findData("compact"))
    form.theme.setCurrentIndex(form.theme.findData("dark"))
    expected = ExportSettings(fmt="svg", width=1920, height=1080, layout="compact", theme="dark")
    assert form.export_settings() == expected
    form.save()
    again = ExportOptionsForm(store)
    qtbot.addWidget(again)
    assert again.export_settings() == expected
    choose(again, "py")
    assert not again.layout_choice.isEnabled() and again.export_settings().layout == "stable"


def answer(name: str, act: Callable[[QDialog], None], accept: bool = True) -> None:
    """Once the modal dialog called ``name`` is up, do ``act`` to it, then accept (or reject) it."""

    def respond() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(10, respond)  # not on screen yet
            return
        assert isinstance(dialog, QDialog)
        try:
            act(dialog)
        finally:
            if accept:
                dialog.accept()
            else:
                dialog.reject()

    QTimer.singleShot(0, respond)


def test_the_export_dialog_offers_the_format_asked_for(qtbot, store):
    store.setValue("export/format", "pdf")
    remembered = ExportDialog(store)
    asked = ExportDialog(store, None, "svg")
    qtbot.addWidget(remembered)
    qtbot.addWidget(asked)
    assert remembered.form.format.currentData() == "pdf"
    assert asked.form.format.currentData() == "svg"


def test_the_export_dialog_returns_and_remembers_the_choice(qtbot, store):
    answer("exportDialog", lambda d: d.form.legend.setChecked(True))
    assert ExportDialog.ask(store, None, "svg") == ExportSettings(fmt="svg", width=1920, height=1080, legend=True)
    assert store.value("export/format") == "svg" and store.value("export/legend") is True


def test_a_cancelled_export_dialog_asks_for_nothing_and_remembers_nothing(qtbot, store):
    answer("exportDialog", lambda d: d.form.legend.setChecked(True), accept=False)
    assert ExportDialog.ask(store, None, "svg") is None
    assert store.allKeys() == []


def test_the_batch_dialog_offers_the_current_scenario_when_there_is_one(qtbot, store):
    current = BatchDialog(store, "Disaster recovery strategy")
    qtbot.addWidget(current)
    assert current.only_current.isEnabled() and current.only_current.isChecked()
    assert "Disaster recovery strategy" in current.only_current.text() and not current.everything.isChecked()
    none = BatchDialog(store, None)
    qtbot.addWidget(none)
    assert not none.only_current.isEnabled() and none.everything.isChecked()


def test_the_batch_dialog_returns_what_it_covers_and_how(qtbot, store):
    def everything_at_72_dpi(dialog) -> None:
        dialog.everything.setChecked(True)
        choose(dialog.form, "png", "dpi", 72)

    answer("batchDialog", everything_at_72_dpi)
    assert BatchDialog.ask(store, "Disaster recovery strategy") == (True, ExportSettings(dpi=72))
    assert store.value("export/size") == "dpi" and int(store.value("export/dpi")) == 72


def test_an_html_page_is_offered_without_size_or_layout(qtbot, store):
    form = ExportOptionsForm(store)
    qtbot.addWidget(form)
    form.layout_choice.setCurrentIndex(form.layout_choice.findData("compact"))
    choose(form, "html")
    assert not form.size_choice.isEnabled() and not form.layout_choice.isEnabled()
    assert form.export_settings().layout == "stable"
