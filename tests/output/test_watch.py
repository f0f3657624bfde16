"""explorer watch: a scenario file re-exported whenever it changes; problems reported, the
last good picture kept."""

from __future__ import annotations

import threading
import time

from click.testing import CliRunner

from explorer.cli import main
from explorer.library.format import new_scenario_text
from explorer.output.settings import ExportSettings
from explorer.output.watch import watch


def _wait(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_change_is_exported_and_a_broken_file_keeps_the_last_picture(tmp_path):
    source, out = tmp_path / "mine.yaml", tmp_path / "mine.svg"
    text = new_scenario_text("mine", source.name)
    source.write_text(text)
    events: list = []
    done = threading.Event()
    worker = threading.Thread(
        target=watch, args=(source, out, ExportSettings(fmt="svg"), events.append, done.is_set), kwargs={"poll": 0.05}
    )
    worker.start()
    try:
        _wait(lambda: len(events) == 1)
        assert events[0].kind == "wrote" and "Data store" in out.read_text()
        source.write_text(text.replace("label: Data store", "label: Order table"))
        _wait(lambda: len(events) == 2)
        assert events[1].kind == "wrote" and "Order table" in out.read_text()
        good = out.read_bytes()
        source.write_text(text.replace("type: aws.database.Dynamodb", "type: aws.database.Nope"))
        _wait(lambda: len(events) == 3)
        assert events[2].kind == "problems" and f"{source}:" in events[2].text
        assert out.read_bytes() == good  # the last good export stays
        source.unlink()
        _wait(lambda: len(events) == 4)
        assert events[3].kind == "missing"
    finally:
        done.set()
        worker.join(10)


def test_watch_refuses_a_page_in_one_line(tmp_path):
    source = tmp_path / "mine.yaml"
    source.write_text(new_scenario_text("mine", source.name))
    failed = CliRunner().invoke(main, ["watch", str(source), "-o", str(tmp_path / "x.html")])
    assert failed.exit_code == 1 and "give -o a .png, .svg or .pdf" in failed.output
