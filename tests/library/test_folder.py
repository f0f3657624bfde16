"""A folder of YAML files as a library: built once, then brought up to date file by file;
the cache trusted only when it checks out; saving writes the file itself."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from explorer.library.folder import SourceFolder, cache_path_for
from explorer.library.problems import SourceError
from explorer.library.store import Library, LibraryError
from tests.conftest import SOURCES
from tests.helpers import TINY

OTHER = TINY.replace("id: tiny", "id: other").replace("title: Tiny", "title: Other")


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "team-scenarios"
    root.mkdir()
    (root / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (root / "other.yaml").write_text(OTHER, encoding="utf-8")
    return root


def titles(sync) -> dict[str, str]:
    with Library(sync.library) as library:
        return {s.id: s.title for s in library.summaries()}


def test_the_first_sync_builds_every_file_and_the_next_reads_only_what_changed(folder, monkeypatch):
    source = SourceFolder(folder)
    first = source.sync()
    assert first.rebuilt and first.changed == {"tiny", "other"} and first.problems == ()
    assert first.library == cache_path_for(folder) and titles(first) == {"other": "Other", "tiny": "Tiny"}

    parsed: list[str] = []
    import explorer.library.source as source_module

    real = source_module.load_scenario_text
    monkeypatch.setattr(source_module, "load_scenario_text", lambda text, file: parsed.append(file) or real(text, file))
    again = source.sync()
    assert not again.rebuilt and not again.anything_changed and parsed == []

    (folder / "tiny.yaml").write_text(
        TINY.replace("title: Tiny", "title: Tiny, edited").replace("Web server", "Storefront"), encoding="utf-8"
    )
    edited = source.sync()
    assert edited.changed == {"tiny"} and not edited.rebuilt and parsed == [str(folder / "tiny.yaml")]
    assert titles(edited)["tiny"] == "Tiny, edited"
    with Library(edited.library) as library:  # the search index follows the files
        assert [s.id for s in library.summaries("storefront")] == ["tiny"]
        assert [s.id for s in library.summaries("web server")] == ["other"]
        assert [s.id for s in library.summaries("other")] == ["other"]


def test_the_bundled_sources_open_as_a_folder(tmp_path):
    copy = tmp_path / "scenarios"
    shutil.copytree(SOURCES, copy)
    sync = SourceFolder(copy).sync()
    assert sync.problems == () and sync.files == 20 and len(sync.changed) == 20
    with Library(sync.library) as library:
        assert library.get("cost-optimization").number == 1
        assert library.source_yaml("cost-optimization") == (copy / "01-cost-optimization.yaml").read_text()


def test_a_file_with_problems_is_reported_and_its_last_valid_version_kept(folder):
    source = SourceFolder(folder)
    source.sync()
    broken = TINY.replace("title: Tiny", "title: Tiny\nbogus: 1")
    (folder / "tiny.yaml").write_text(broken, encoding="utf-8")
    sync = source.sync()
    assert [p.located() for p in sync.problems] == [
        f"{folder / 'tiny.yaml'}:3:1: bogus: unknown field (check its spelling)"
    ]
    assert sync.invalid == {"tiny.yaml": broken} and sync.changed == set()
    assert titles(sync)["tiny"] == "Tiny"  # the last valid version stays
    assert source.sync().problems == sync.problems  # still reported until fixed
    (folder / "tiny.yaml").write_text(TINY.replace("title: Tiny", "title: Fixed"), encoding="utf-8")
    fixed = source.sync()
    assert fixed.problems == () and fixed.changed == {"tiny"} and titles(fixed)["tiny"] == "Fixed"


def test_a_new_invalid_file_is_reported_and_not_listed(folder):
    source = SourceFolder(folder)
    source.sync()
    (folder / "new.yaml").write_text("id: new\ntitle: [unclosed\n", encoding="utf-8")
    sync = source.sync()
    assert len(sync.problems) == 1 and sync.problems[0].file.endswith("new.yaml")
    assert set(titles(sync)) == {"tiny", "other"}


def test_added_removed_and_renamed_files(folder):
    source = SourceFolder(folder)
    source.sync()
    (folder / "third.yaml").write_text(TINY.replace("id: tiny", "id: third"), encoding="utf-8")
    assert source.sync().changed == {"third"}
    (folder / "third.yaml").unlink()
    gone = source.sync()
    assert gone.removed == {"third"} and "third" not in titles(gone)
    (folder / "tiny.yaml").rename(folder / "renamed.yaml")  # git mv: the same scenario
    moved = source.sync()
    assert moved.removed == set() and moved.changed == {"tiny"} and set(titles(moved)) == {"tiny", "other"}
    with Library(moved.library) as library:
        assert source.file_of(library, "tiny") == folder / "renamed.yaml"


def test_a_second_file_with_the_same_id_is_refused_and_the_first_kept(folder):
    source = SourceFolder(folder)
    source.sync()
    (folder / "copy.yaml").write_text(TINY.replace("title: Tiny", "title: Copy"), encoding="utf-8")
    sync = source.sync()
    assert [p.located() for p in sync.problems] == [
        f"{folder / 'copy.yaml'}:1: id: 'tiny' is also the id of tiny.yaml; give this scenario another id"
    ]
    assert titles(sync)["tiny"] == "Tiny"


def test_editors_lock_and_swap_files_are_not_read(folder):
    (folder / ".#tiny.yaml").write_text("garbage: [", encoding="utf-8")
    (folder / "tiny.yaml~").write_text("garbage: [", encoding="utf-8")
    sync = SourceFolder(folder).sync()
    assert sync.problems == () and sync.files == 2


def test_a_file_that_cannot_be_read_is_a_problem_not_a_crash(folder):
    (folder / "dir.yaml").mkdir()
    (folder / "big.yaml").write_bytes(b"id: big\n" + b"#" * 3_000_000)
    sync = SourceFolder(folder).sync()
    assert {p.file.rsplit("/", 1)[-1] for p in sync.problems} == {"dir.yaml", "big.yaml"}
    assert set(titles(sync)) == {"tiny", "other"}


def test_an_overview_in_the_folder_is_its_home_page(folder):
    (folder / "overview.yaml").write_text(
        "title: Our lessons\nintro: What we learned\ntakeaways:\n  - text: Keep it small\n    scenarios: [tiny]\n",
        encoding="utf-8",
    )
    source = SourceFolder(folder)
    sync = source.sync()
    assert sync.problems == () and sync.files == 2
    with Library(sync.library) as library:
        overview = library.overview()
        assert overview is not None and overview.title == "Our lessons"
    (folder / "overview.yaml").write_text(
        "title: Ours\ntakeaways:\n  - text: Gone\n    scenarios: [missing]\n", encoding="utf-8"
    )
    broken = source.sync()
    assert [p.message for p in broken.problems] == ["no scenario with id 'missing'"]
    with Library(broken.library) as library:
        assert library.overview().title == "Our lessons"  # kept until fixed


@pytest.mark.parametrize("damage", ["garbage", "other-folder", "records", "trigger", "extra-row", "data", "source"])
def test_a_cache_that_does_not_check_out_is_rebuilt_from_the_files(folder, damage):
    source = SourceFolder(folder)
    source.sync()
    cache = source.cache
    if damage == "garbage":
        cache.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    else:
        conn = sqlite3.connect(cache)
        with conn:
            if damage == "other-folder":
                conn.execute("update meta set value = '/elsewhere' where key = 'folder_path'")
            elif damage == "records":
                conn.execute("update meta set value = '[1, 2]' where key = 'folder_files'")
            elif damage == "trigger":
                conn.execute("create trigger t after insert on scenarios begin delete from meta; end")
            elif damage == "data":
                conn.execute("update scenarios set data = replace(data, 'Web server', 'Tampered') where id = 'tiny'")
            elif damage == "source":
                conn.execute("update scenarios set source_yaml = 'id: tiny' where id = 'tiny'")
            else:
                conn.execute(
                    "insert into scenarios (id, kind, title, summary, data) values ('ghost', 'scenario', 'G', '', '{}')"
                )
        conn.close()
    sync = source.sync()
    assert sync.rebuilt and sync.problems == ()
    assert titles(sync) == {"other": "Other", "tiny": "Tiny"}


def test_a_missing_folder_is_one_clear_message(tmp_path):
    with pytest.raises(LibraryError, match=r"does not exist; give a folder of scenario \.yaml files"):
        SourceFolder(tmp_path / "nope")
    (tmp_path / "file.yaml").write_text(TINY)
    with pytest.raises(LibraryError, match="is not a folder"):
        SourceFolder(tmp_path / "file.yaml")


# --- saving ---------------------------------------------------------------------------


def test_saving_writes_the_text_word_for_word_with_the_file_s_line_ends(folder):
    (folder / "tiny.yaml").write_bytes(TINY.replace("\n", "\r\n").encode())
    source = SourceFolder(folder)
    source.sync()
    text = "# our comment stays\n" + TINY.replace("title: Tiny", "title: Saved  # and this one")
    scenario = source.save_text(folder / "tiny.yaml", text)
    assert scenario.title == "Saved"
    assert (folder / "tiny.yaml").read_bytes() == text.replace("\n", "\r\n").encode()
    assert titles(source.sync())["tiny"] == "Saved"


def test_a_text_with_problems_is_refused_and_the_file_unchanged(folder):
    source = SourceFolder(folder)
    source.sync()
    before = (folder / "tiny.yaml").read_bytes()
    with pytest.raises(SourceError) as caught:
        source.save_text(folder / "tiny.yaml", TINY + "bogus: 1\n")
    assert caught.value.problems[0].field == "bogus"
    with pytest.raises(SourceError, match=r"also the id of other\.yaml"):
        source.save_text(folder / "tiny.yaml", OTHER)
    assert (folder / "tiny.yaml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["other.yaml", "tiny.yaml"]  # no temporary file left


def test_a_new_file_never_replaces_one_that_exists(folder):
    source = SourceFolder(folder)
    source.sync()
    with pytest.raises(LibraryError, match="already exists; choose another id"):
        source.save_text(folder / "other.yaml", OTHER.replace("title: Other", "title: Again"), create=True)
    source.save_text(folder / "fresh.yaml", TINY.replace("id: tiny", "id: fresh"), create=True)
    assert source.sync().changed == {"fresh"}
    with pytest.raises(LibraryError, match="is not in the folder"):
        source.save_text(folder.parent / "outside.yaml", TINY.replace("id: tiny", "id: outside"), create=True)
