"""What the app remembers, and the keys of views (explorer.ui.session, which has no Qt)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.ui import session
from explorer.ui.settings_values import SettingsValues
from tests.conftest import ROOT


def test_settings_keys_are_the_ones_the_app_has_always_used():
    assert session.selection_key("disaster-recovery") == "scenarios/disaster-recovery/selection"
    assert session.phase_key("disaster-recovery") == "scenarios/disaster-recovery/phase"
    assert session.params_key("disaster-recovery") == "scenarios/disaster-recovery/params"
    assert (session.LAST_SCENARIO, session.WINDOW_DPI) == ("lastScenario", "window/dpi")
    assert (session.WINDOW_GEOMETRY, session.WINDOW_SPLITTER) == ("window/geometry", "window/splitter")
    assert (session.EXPORT_FOLDER, session.LIBRARY_PATH, session.LIBRARY_FOLDER) == (
        "export/folder",
        "library/path",
        "library/folder",
    )


def test_a_scenarios_state_is_written_and_read_back():
    written = session.scenario_state("hybrid-connectivity", {"ha": "second-dx", "connection": "vpn"}, 2)
    assert written == {
        "scenarios/hybrid-connectivity/selection": '{"ha": "second-dx", "connection": "vpn"}',
        "scenarios/hybrid-connectivity/phase": 2,
        "lastScenario": "hybrid-connectivity",
    }
    assert session.scenario_state("x", {}, None)["scenarios/x/phase"] == 0  # the complete design
    # As an INI file gives them back: every value as text.
    values = {key: str(value) for key, value in written.items()} | {"window/dpi": "192"}
    last = session.last_view(values)
    assert last == session.LastView("hybrid-connectivity", {"ha": "second-dx", "connection": "vpn"}, 2, 192)
    assert last.key() == ("hybrid-connectivity", (("connection", "vpn"), ("ha", "second-dx")), 2, 192)
    assert last.key({"connection": "dx"}, dpi=96) == ("hybrid-connectivity", (("connection", "dx"),), 2, 96)


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        (None, None),
        ("", None),
        ("not json", None),
        ("[1, 2]", None),
        ('"text"', None),
        ('{"strategy": "warm-standby"}', {"strategy": "warm-standby"}),
    ],
)
def test_a_saved_selection_is_read_only_if_readable(saved, expected):
    values = {} if saved is None else {"scenarios/s/selection": saved}
    assert session.saved_selection(values, "s") == expected


@pytest.mark.parametrize(
    ("saved", "expected"),
    [(None, None), ("0", None), (0, None), ("2", 2), (3, 3), ("-1", None), ("two", None), ("²", None), ("", None)],
)
def test_a_saved_phase_is_a_number_from_one(saved, expected):
    values = {} if saved is None else {"scenarios/s/phase": saved}
    assert session.saved_phase(values, "s") == expected


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        (None, {}),
        ("not json", {}),
        ("[5]", {}),
        ('{"rpo": 5, "rto": 30.5, "name": "x", "flag": null}', {"rpo": 5, "rto": 30.5}),
    ],
)
def test_saved_what_if_values_are_the_numbers_saved(saved, expected):
    values = {} if saved is None else {"scenarios/s/params": saved}
    assert session.saved_params(values, "s") == expected
    assert session.params_value({"rpo": 5.0}) == json.dumps({"rpo": 5.0})


@pytest.mark.parametrize(("saved", "expected"), [(None, 96), ("192", 192), (144, 144), ("lots", 96), ("0", 96)])
def test_the_saved_resolution(saved, expected):
    values = {} if saved is None else {"window/dpi": saved}
    assert session.saved_dpi(values) == expected


def test_there_is_no_last_view_after_the_overview():
    assert session.last_view({}) is None
    assert session.last_view({"lastScenario": ""}) is None
    only_id = session.last_view({"lastScenario": "disaster-recovery"})
    assert only_id == session.LastView("disaster-recovery", None, None, 96)


def test_view_keys_on_screen():
    assert session.screen_dpi(1.0) == 96 and session.screen_dpi(2.0) == 192 and session.screen_dpi(1.25) == 120
    key = session.view_key("s", {"b": "2", "a": "1"}, None, 96)
    assert key == ("s", (("a", "1"), ("b", "2")), None, 96)


def test_the_session_module_needs_no_qt():
    path = ROOT / "explorer" / "ui" / "session.py"
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('session_alone', {str(path)!r})\n"
        "module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "last = module.last_view({'lastScenario': 's', 'scenarios/s/selection': '{\"g\": \"o\"}'})\n"
        "module.view_key(last.scenario_id, {'g': 'o'}, last.phase, last.dpi)\n"
        "sys.exit(1 if any(m.split('.')[0] in ('PySide6', 'shiboken6') for m in sys.modules) else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_the_window_saves_what_the_session_reads_back(qtbot, window):
    window.choose_option("strategy", "warm-standby")
    window.set_phase(3)
    window.save_settings()
    last = session.last_view(SettingsValues(window.settings))
    assert last == session.LastView("disaster-recovery", window.selection, 3, window.rendering.screen_dpi())
    assert last.key() == window.rendering.view_key()


def test_settings_values_read_a_settings_store_as_a_mapping(tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("lastScenario", "x")
    settings.setValue("window/dpi", 96)
    values = SettingsValues(settings)
    assert values["lastScenario"] == "x" and values.get("missing", "default") == "default"
    assert sorted(values) == ["lastScenario", "window/dpi"] and len(values) == 2 and "window/dpi" in values
    with pytest.raises(KeyError):
        values["missing"]
    settings.setValue("lastScenario", "y")  # read when asked, never a copy
    assert values["lastScenario"] == "y"


def test_app_settings_write_to_disk_off_the_ui_thread(tmp_path, qtbot, monkeypatch):
    import threading

    from PySide6.QtCore import QCoreApplication, QSettings

    from explorer.ui import settings_values
    from explorer.ui.settings_values import AppSettings

    writers: list[str] = []
    real_write = settings_values._write_file

    def recording(name, fmt):
        writers.append(threading.current_thread().name)
        real_write(name, fmt)

    monkeypatch.setattr(settings_values, "_write_file", recording)
    path = tmp_path / "app.ini"
    settings = AppSettings(str(path), QSettings.Format.IniFormat, write_delay_ms=60_000)
    settings.setValue("lastScenario", "big-data-analytics")
    QCoreApplication.processEvents()  # Qt's own write would be on this turn: it is not
    assert not path.exists() and settings.unwritten
    # Every store on the file in this process reads the change before it is written.
    assert QSettings(str(path), QSettings.Format.IniFormat).value("lastScenario") == "big-data-analytics"
    settings.wait_written()
    assert "lastScenario=big-data-analytics" in path.read_text(encoding="utf-8")
    assert writers == ["settings-write"] and not settings.unwritten

    quick = AppSettings(str(path), QSettings.Format.IniFormat, write_delay_ms=10)
    quick.setValue("window/dpi", 192)
    quick.remove("lastScenario")
    qtbot.waitUntil(lambda: not quick.unwritten, timeout=5000)
    text = path.read_text(encoding="utf-8")
    assert "dpi=192" in text and "lastScenario" not in text
    assert writers == ["settings-write"] * 2  # two changes, one write


def test_app_settings_sync_writes_at_once_on_the_calling_thread(tmp_path):
    from PySide6.QtCore import QSettings

    from explorer.ui.settings_values import AppSettings

    path = tmp_path / "app.ini"
    settings = AppSettings(str(path), QSettings.Format.IniFormat, write_delay_ms=60_000)
    settings.setValue("window/dpi", 96)
    settings.sync()
    assert "dpi=96" in path.read_text(encoding="utf-8") and not settings.unwritten


def test_the_window_remembers_the_scenario_without_writing_on_the_ui_thread(window, qtbot, monkeypatch):
    import threading

    from PySide6.QtCore import QSettings

    from explorer.ui import settings_values

    assert isinstance(window.settings, settings_values.AppSettings)
    window.settings.wait_written()
    writers: list[str] = []
    real_write, real_sync = settings_values._write_file, QSettings.sync

    def recording(name, fmt):
        writers.append(threading.current_thread().name)
        real_write(name, fmt)

    def no_sync_here(self):
        assert threading.current_thread() is not threading.main_thread(), "settings written on the UI thread"
        real_sync(self)

    monkeypatch.setattr(settings_values, "_write_file", recording)
    monkeypatch.setattr(QSettings, "sync", no_sync_here)
    window.select_scenario("hybrid-connectivity")
    qtbot.wait(50)
    window.select_scenario("big-data-analytics")
    qtbot.waitUntil(lambda: bool(writers) and not window.settings.unwritten, timeout=5000)
    assert set(writers) == {"settings-write"}
    monkeypatch.undo()  # closing the window writes at once, on this thread
    # The file itself (another QSettings in this process would read the shared memory copy).
    on_disk = Path(window.settings.fileName()).read_text(encoding="utf-8")
    assert "lastScenario=hybrid-connectivity" in on_disk and "[scenarios]" in on_disk
