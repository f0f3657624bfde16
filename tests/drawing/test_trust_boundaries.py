"""What the app trusts: caches, icons, Graphviz, sizes and names. Each case here was a
way to show the wrong diagram, plant a file, leave a process running or exhaust memory."""

from __future__ import annotations

import os
import select
import shutil
import sqlite3
import stat
import tempfile
from pathlib import Path

import pytest
from PIL import Image

import explorer.drawing.icons as icons
from explorer.domain.compose import compose
from explorer.drawing.render import RenderError, clear_memory_cache, dot_source, dot_timeout, run_dot
from explorer.library.store import Library
from tests.conftest import BUNDLED_DB
from tests.helpers import labelled_scenario


@pytest.fixture
def hanging_dot(tmp_path, monkeypatch):
    """A 'dot' on PATH that starts a child of its own and then hangs. The child lets go of
    Graphviz's pipes, so that only stopping the whole process group can end it."""
    pid_file = tmp_path / "child.pid"
    script = tmp_path / "bin" / "dot"
    script.parent.mkdir()
    script.write_text(f"#!/bin/sh\nsleep 300 </dev/null >/dev/null 2>&1 &\necho $! > {pid_file}\nexec sleep 300\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    clear_memory_cache()
    return pid_file


def _ends_within(pid: int, seconds: float) -> bool:
    """Whether process ``pid`` has ended, or ends within ``seconds``: a pidfd becomes
    readable when its process ends (a zombie has ended), so this waits without polling."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True  # ended and reaped already
    try:
        ready, _, _ = select.select([fd], [], [], seconds)
    finally:
        os.close(fd)
    return bool(ready)


def test_a_crafted_library_cannot_poison_the_bundled_librarys_layouts(tmp_path, monkeypatch):
    from explorer.drawing.layout import clear_layouts, compute_layout, layout_key, union_dot

    crafted = tmp_path / "crafted.db"
    shutil.copyfile(BUNDLED_DB, crafted)
    conn = sqlite3.connect(crafted)
    conn.execute(
        "update scenarios set data = json_set(data, '$.nodes[0].label', 'EVIL') where id = 'disaster-recovery'"
    )
    conn.commit()
    conn.close()
    monkeypatch.setenv("SCENARIO_EXPLORER_CACHE", str(tmp_path / "cache"))
    clear_layouts()
    with Library(BUNDLED_DB) as bundled, Library(crafted) as evil:
        assert evil.built_from() == bundled.built_from()  # the claim is copied...
        good, bad = bundled.get("6"), evil.get("6")
    assert bad.nodes[0].label == "EVIL"
    # ...but a layout is keyed by what it draws, so the crafted one is another entry.
    assert layout_key(union_dot(good)) != layout_key(union_dot(bad))
    first = compute_layout(bad)
    clear_layouts()
    text = [line.text for line in compute_layout(good).nodes[good.nodes[0].id].label]
    assert "EVIL" in [line.text for line in first.nodes[bad.nodes[0].id].label] and "EVIL" not in text
    clear_layouts()


def test_a_damaged_icon_is_made_again(icon_source, fresh_icons):
    path = Path(icons.node_icon(icon_source))
    good = path.read_bytes()
    path.write_bytes(good[:100])  # truncated by a crash, or replaced by someone else
    icons._verified.clear()
    assert Path(icons.node_icon(icon_source)).read_bytes() == good


def test_icons_never_come_from_a_shared_temp_folder(icon_source, fresh_icons, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("the cache folder cannot be made here")
    monkeypatch.setattr(icons, "cache_dir", lambda: blocker / "icons" / "v2")
    shared_tmp = tmp_path / "shared-tmp"  # the system's temp folder, for this test
    monkeypatch.setattr(tempfile, "tempdir", str(shared_tmp))
    planted_dir = shared_tmp / "scenario-explorer-icons" / "v2"
    planted_dir.mkdir(parents=True)
    planted = planted_dir / Path(icons.node_icon(icon_source)).name
    planted.write_bytes(b"planted")
    used = Path(icons.node_icon(icon_source))
    assert planted_dir not in used.parents and planted.read_bytes() == b"planted"
    assert used.parent.parent == shared_tmp and used.parent.name.startswith("scenario-explorer-icons-")
    assert stat.S_IMODE(used.parent.stat().st_mode) == 0o700
    with Image.open(icon_source) as source, Image.open(used) as image:
        side = max(source.size)
        assert image.size == (
            round(side * icons.NODE_WIDTH_IN / icons.ICON_SIZE_IN),
            round(side * (icons.ICON_SIZE_IN + icons.ICON_TOP_GAP_IN) / icons.ICON_SIZE_IN),
        )  # padded sideways


def test_a_cache_folder_others_can_write_is_not_trusted(icon_source, fresh_icons, monkeypatch, tmp_path):
    shared = tmp_path / "shared-cache"
    (shared / "icons" / "v2").mkdir(parents=True)
    shared.chmod(0o777)
    monkeypatch.setattr(icons, "cache_dir", lambda: shared / "icons" / "v2")
    used = Path(icons.node_icon(icon_source))
    assert shared not in used.parents


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="waits for the process with a pidfd (Linux)")
def test_the_time_limit_stops_everything_graphviz_started(hanging_dot):
    with pytest.raises(RenderError, match=r"longer than 0\.5 seconds"):
        run_dot("digraph { a -> b }", timeout=0.5)
    child = int(hanging_dot.read_text())
    assert _ends_within(child, 10), "a process that Graphviz started is still running"


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-5", "0", "abc", "1e9"])
def test_an_odd_graphviz_time_limit_is_explained(monkeypatch, value):
    monkeypatch.setenv("SCENARIO_EXPLORER_DOT_TIMEOUT", value)
    with pytest.raises(RenderError, match="SCENARIO_EXPLORER_DOT_TIMEOUT must be a number of seconds"):
        dot_timeout()


@pytest.mark.parametrize("text", ["\\N", "a\\Gb", "\\E \\T \\H \\L", "end\\", "\\\\N"])
def test_graphviz_escape_sequences_in_labels_stay_literal(text):
    import xml.etree.ElementTree as ET

    scenario = labelled_scenario(text)
    clear_memory_cache()
    svg = run_dot(dot_source(compose(scenario)), fmt="svg")
    shown = ["".join(el.itertext()) for el in ET.fromstring(svg).iter() if el.tag.endswith("text")]
    assert shown.count(text) == 2, shown  # the node's label and the edge's, as typed
