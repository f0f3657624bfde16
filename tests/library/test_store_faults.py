"""Fault injection: every broken input or failing dependency gets one clear message, and
nothing the user had is lost."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

import explorer.library.files
import explorer.library.store
import explorer.library.writer
from explorer.library.schema import SCHEMA_VERSION
from explorer.library.store import Library, LibraryError
from explorer.library.writer import import_scenario
from tests.conftest import BUNDLED_DB, SOURCES
from tests.helpers import digest, one_line_failure


def make_old_library(path: Path) -> None:
    shutil.copyfile(BUNDLED_DB, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("drop table takeaways")
        conn.execute("update meta set value = '1' where key = 'schema_version'")
    conn.close()


class _FakeOpen:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def check_writable(self):
        return None


def test_missing_database(tmp_path):
    assert "no such database file" in one_line_failure("--db", str(tmp_path / "none.db"), "list")


def test_file_that_is_not_sqlite(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("just some notes")
    assert "is not an SQLite database" in one_line_failure("--db", str(junk), "list")


def test_truncated_database(tmp_path):
    broken = tmp_path / "half.db"
    data = BUNDLED_DB.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    assert "damaged (truncated or corrupt)" in one_line_failure("--db", str(broken), "list")


def test_corrupt_database(tmp_path):
    broken = tmp_path / "corrupt.db"
    data = bytearray(BUNDLED_DB.read_bytes())
    scribble = random.Random(6)  # the same damage on every run
    for offset in range(4096, len(data), 4096):  # scribble over the start of every page
        data[offset : offset + 64] = scribble.randbytes(64)
    broken.write_bytes(bytes(data))
    with pytest.raises(LibraryError) as caught, Library(broken) as library:
        for s in library.summaries():
            library.get(s.id)
    assert "\n" not in str(caught.value)


def test_older_schema_is_upgraded_after_a_backup(tmp_path):
    old = tmp_path / "old.db"
    make_old_library(old)
    before = digest(old)
    library = Library(old)
    assert library.upgraded_from == 1
    assert library.backup == tmp_path / "old.schema1-backup.db"
    assert digest(library.backup) == before  # the untouched original, beside it
    assert library._meta("schema_version") == str(SCHEMA_VERSION)
    assert len(library.summaries()) == 20
    library.close()
    again = Library(old)
    assert again.upgraded_from is None  # upgraded once, read-only from then on
    again.close()


def test_older_schema_that_cannot_be_written(tmp_path, monkeypatch):
    old = tmp_path / "old.db"
    make_old_library(old)
    before = digest(old)
    real_access = os.access
    monkeypatch.setattr(
        explorer.library.store.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    with pytest.raises(LibraryError, match="cannot be written; copy it to a writable folder"):
        Library(old)
    assert digest(old) == before and not (tmp_path / "old.schema1-backup.db").exists()


def test_newer_schema_is_refused(tmp_path):
    new = tmp_path / "new.db"
    shutil.copyfile(BUNDLED_DB, new)
    conn = sqlite3.connect(new)
    with conn:
        conn.execute("update meta set value = '99' where key = 'schema_version'")
    conn.close()
    message = one_line_failure("--db", str(new), "list")
    assert "newer Scenario Explorer (schema 99)" in message and "Update the app" in message


def test_sqlite_file_of_another_program(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table t (x)")
    conn.close()
    assert "not a Scenario Explorer library" in one_line_failure("--db", str(other), "list")


def test_locked_database(user_db, monkeypatch):
    monkeypatch.setattr(explorer.library.store, "BUSY_TIMEOUT_SECONDS", 0.2)  # readers and writers wait this long
    text = (SOURCES / "06-disaster-recovery.yaml").read_text()
    before = digest(user_db)
    holder = sqlite3.connect(user_db, isolation_level=None)
    holder.execute("begin exclusive")
    try:
        with pytest.raises(LibraryError, match="locked by another program"):
            Library(user_db)
        # The writer's own transaction, past the check that opening the library makes.
        monkeypatch.setattr(explorer.library.writer, "Library", lambda p: _FakeOpen())
        with pytest.raises(LibraryError, match="locked by another program; close it"):
            import_scenario(user_db, text, "x.yaml", replace=True)
    finally:
        holder.execute("rollback")
        holder.close()
    assert digest(user_db) == before


def test_read_only_database_refuses_imports(user_db, monkeypatch):
    before = digest(user_db)
    real_access = os.access
    monkeypatch.setattr(
        explorer.library.store.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    text = (
        (SOURCES / "06-disaster-recovery.yaml")
        .read_text()
        .replace("id: disaster-recovery", "id: copy-of-dr")
        .replace("number: 6", "number: 60")
    )
    with pytest.raises(LibraryError, match="read-only"):
        import_scenario(user_db, text, "copy.yaml")
    assert digest(user_db) == before


def test_bundled_library_is_never_an_import_target(tmp_path):
    source = tmp_path / "s.yaml"
    shutil.copyfile(SOURCES / "06-disaster-recovery.yaml", source)
    before = digest(BUNDLED_DB)
    assert "bundled library is read-only" in one_line_failure("import", str(source))
    assert "bundled library is read-only" in one_line_failure("--db", str(BUNDLED_DB), "import", str(source))
    assert digest(BUNDLED_DB) == before
