"""The SQLite library: built from the sources, read without writing."""

from __future__ import annotations

import pytest
import sqlite_utils

from explorer.library.problems import SourceError
from explorer.library.store import Library, LibraryError
from explorer.library.writer import build_library, digest_of_folder
from tests.conftest import BUNDLED_DB, SOURCES
from tests.helpers import digest

TABLES = [
    "meta",
    "takeaways",
    "scenarios",
    "requirements",
    "phases",
    "option_groups",
    "options",
    "cost_items",
    "nodes",
    "edges",
]


def rows(path, table):
    db = sqlite_utils.Database(path)
    try:
        return sorted(map(repr, db[table].rows))
    finally:
        db.close()


def test_committed_database_matches_the_sources(tmp_path):
    fresh = tmp_path / "fresh.db"
    build_library(SOURCES, fresh)
    for table in TABLES:
        assert rows(BUNDLED_DB, table) == rows(fresh, table), f"scenarios.db is stale ({table}); run: explorer build"
    with Library(BUNDLED_DB) as library:
        assert library.built_from() == digest_of_folder(SOURCES)


def test_reading_never_writes(library_db):
    before = digest(library_db)
    with Library(library_db) as library:
        for summary in library.summaries():
            library.get(summary.id)
        library.summaries("recovery")
    assert digest(library_db) == before


def test_lookup_by_slug_or_number(library_db):
    with Library(library_db) as library:
        assert library.get("6").id == "disaster-recovery"
        assert library.get("disaster-recovery").number == 6
        with pytest.raises(LibraryError, match="no scenario '99'"):
            library.get("99")


def test_search_is_parameterised_and_never_sql(library_db):
    with Library(library_db) as library:
        found = [s.id for s in library.summaries("pilot light")]
        assert "disaster-recovery" in found and "cicd-pipeline" not in found
        assert [s.id for s in library.summaries("snowball edge")] == ["large-data-migration"]
        assert len(library.summaries("' or 1=1 --")) < len(library.summaries())  # words, not SQL
        assert library.summaries("%") == []  # no letter or digit: nothing to find, not a wildcard


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(LibraryError, match="no such database file"):
        Library(tmp_path / "absent.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(LibraryError, match="is not an SQLite database"):
        Library(junk)


def test_failed_build_keeps_the_old_file(tmp_path):
    target = tmp_path / "lib.db"
    build_library(SOURCES, target)
    before = target.read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.yaml").write_text("id: [broken\n")
    with pytest.raises(SourceError, match=r"x\.yaml"):
        build_library(bad, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
