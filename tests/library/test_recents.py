"""File > Open Recent's list of places (explorer.library.recents)."""

from __future__ import annotations

from explorer.library import recents
from explorer.library.recents import Recent


def test_the_place_used_last_comes_first_once(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "team"
    places = recents.used([], "library", a)
    places = recents.used(places, "folder", b)
    places = recents.used(places, "library", a)
    assert places == [Recent("library", str(a.resolve())), Recent("folder", str(b.resolve()))]


def test_at_most_ten_are_kept(tmp_path):
    places: list[Recent] = []
    for n in range(12):
        places = recents.used(places, "library", tmp_path / f"{n}.db")
    assert len(places) == recents.LIMIT
    assert places[0].path.endswith("11.db") and places[-1].path.endswith("2.db")


def test_saved_and_read_back_and_a_damaged_value_read_as_far_as_it_goes(tmp_path):
    places = recents.used(recents.used([], "library", tmp_path / "x.db"), "folder", tmp_path)
    assert recents.decode(recents.encode(places)) == places
    assert recents.decode("not json") == [] and recents.decode(None) == [] and recents.decode("{}") == []
    mixed = '[{"kind": "library", "path": "/a.db"}, {"kind": "disk", "path": "/b"}, 3, {"kind": "folder"}]'
    assert recents.decode(mixed) == [Recent("library", "/a.db")]


def test_exists_tells_a_missing_place_and_a_file_from_a_folder(tmp_path):
    db = tmp_path / "x.db"
    db.write_bytes(b"")
    assert Recent("library", str(db)).exists() and Recent("folder", str(tmp_path)).exists()
    assert not Recent("library", str(tmp_path)).exists() and not Recent("folder", str(db)).exists()
    assert not Recent("library", str(tmp_path / "gone.db")).exists()
