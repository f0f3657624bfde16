"""Node icons: made once in the user's cache folder, private there, and checked against
the digest written beside each before a process uses it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PIL import Image

import explorer.drawing.icons as icons
from tests.helpers import digest


@pytest.fixture
def icon_folder(tmp_path, monkeypatch, fresh_icons) -> Path:
    """A cache folder of this test's own for the icons, not made yet."""
    folder = tmp_path / "cache" / "icons" / "v2"
    monkeypatch.setattr(icons, "cache_dir", lambda: folder)
    return folder


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".sha256")


def test_an_icon_is_made_in_the_cache_folder_with_its_digest_beside_it(icon_source, icon_folder):
    path = Path(icons.node_icon(icon_source))
    assert path.parent == icon_folder and path.suffix == ".png"
    assert _sidecar(path).read_text(encoding="ascii") == digest(path)
    with Image.open(icon_source) as source, Image.open(path) as image:
        side = max(source.size)
        assert image.size == (
            round(side * icons.NODE_WIDTH_IN / icons.ICON_SIZE_IN),
            round(side * (icons.ICON_SIZE_IN + icons.ICON_TOP_GAP_IN) / icons.ICON_SIZE_IN),
        )
    assert sorted(p.name for p in icon_folder.iterdir()) == sorted([path.name, _sidecar(path).name])  # no .part left


def test_icons_and_digests_are_the_users_alone(icon_source, icon_folder):
    path = Path(icons.node_icon(icon_source))
    assert stat.S_IMODE(icon_folder.stat().st_mode) == 0o700
    for written in (path, _sidecar(path)):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600, written.name


def test_the_same_icon_is_made_once_and_a_faded_one_apart(icon_source, icon_folder):
    path = Path(icons.node_icon(icon_source))
    made = path.stat().st_mtime_ns, digest(path)
    icons._verified.clear()  # a new process: checks the file, finds it intact, keeps it
    assert Path(icons.node_icon(icon_source)) == path
    assert (path.stat().st_mtime_ns, digest(path)) == made
    faded = Path(icons.node_icon(icon_source, faded=True))
    assert faded != path and faded.parent == icon_folder and "-faded-" in faded.name
    with Image.open(path) as plain, Image.open(faded) as pale:
        assert pale.size == plain.size
        assert pale.getchannel("A").getextrema()[1] < plain.getchannel("A").getextrema()[1]  # see-through


@pytest.mark.parametrize("damage", ["icon", "digest", "no digest"])
def test_an_icon_that_does_not_match_its_digest_is_made_again(icon_source, icon_folder, damage):
    path = Path(icons.node_icon(icon_source))
    good = path.read_bytes()
    if damage == "icon":
        path.write_bytes(b"\x89PNG planted")
    elif damage == "digest":
        _sidecar(path).write_text("0" * 64)
    else:
        _sidecar(path).unlink()
    icons._verified.clear()
    assert Path(icons.node_icon(icon_source)) == path
    assert path.read_bytes() == good
    assert _sidecar(path).read_text(encoding="ascii") == digest(path)


def test_a_checked_icon_is_not_read_again_in_the_same_process(icon_source, icon_folder):
    path = Path(icons.node_icon(icon_source))
    _sidecar(path).write_text("0" * 64)  # damage after the check...
    assert Path(icons.node_icon(icon_source)) == path  # ...is seen by the next process, not this one
    assert _sidecar(path).read_text() == "0" * 64
