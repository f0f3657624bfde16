"""The library's tables: what a new library is created with, and the upgrade of an old one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from explorer.library.schema import (
    MIGRATIONS,
    REQUIRED_COLUMNS,
    SCENARIO_TABLES,
    SCHEMA_VERSION,
    SEARCH_DDL,
    SEARCH_TABLE,
    TABLES,
    create_schema,
    migrate,
)
from explorer.library.search import index_problem
from explorer.library.store import Library
from explorer.library.writer import build_library
from tests.conftest import BUNDLED_DB, SOURCES

#: Every table and its columns, as the README documents them for users.
EXPECTED = {
    "meta": ["key", "value"],
    "scenarios": ["id", "number", "kind", "title", "summary", "search_text", "data", "source_file", "source_yaml"],
    "requirements": ["scenario_id", "position", "key", "kind", "text", "metric", "op", "target", "target_param"],
    "phases": ["scenario_id", "number", "title", "duration", "summary"],
    "option_groups": ["scenario_id", "key", "position", "label"],
    "options": ["scenario_id", "group_key", "key", "position", "label", "recommended", "metrics"],
    "cost_items": ["scenario_id", "position", "service", "configuration", "monthly_usd"],
    "nodes": ["scenario_id", "id", "type", "label", "cluster", "phase"],
    "edges": ["scenario_id", "key", "source", "target", "label"],
    "takeaways": ["position", "text", "scenario_ids"],
}


#: The search index's columns (an FTS5 table; FTS5 makes its own tables for it).
SEARCH_COLUMNS = ["scenario_id", "title", "summary", "body", "diagram"]

_OWN = f"type = 'table' and name not like '{SEARCH_TABLE}%'"


def tables(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str, int]]]:
    """Each table's columns as (name, declared type, position in the primary key), but
    the search index's."""
    names = [row[0] for row in conn.execute(f"select name from sqlite_master where {_OWN} order by rootpage")]
    return {name: [(c[1], c[2].upper(), c[5]) for c in conn.execute(f"pragma table_info([{name}])")] for name in names}


def statements(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute(f"select name, sql from sqlite_master where {_OWN} order by rootpage"))


def search_index(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """The search index's entries in the schema: (type, name, sql)."""
    return conn.execute(
        f"select type, name, sql from sqlite_master where name like '{SEARCH_TABLE}%' order by name"
    ).fetchall()


@pytest.fixture
def fresh() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    yield conn
    conn.close()


def test_a_new_library_has_exactly_the_documented_tables(fresh):
    assert {name: [c[0] for c in columns] for name, columns in tables(fresh).items()} == EXPECTED
    assert list(tables(fresh)) == list(TABLES)  # created in the order TABLES lists them
    assert statements(fresh) == TABLES  # stored word for word
    assert fresh.execute("select key, value from meta").fetchall() == [("schema_version", str(SCHEMA_VERSION))]
    assert [c[1] for c in fresh.execute(f"pragma table_info([{SEARCH_TABLE}])")] == SEARCH_COLUMNS
    assert dict((name, sql) for _, name, sql in search_index(fresh))[SEARCH_TABLE] == SEARCH_DDL
    assert index_problem(fresh) is None


def test_every_scenario_part_table_refers_to_its_scenario(fresh):
    assert set(SCENARIO_TABLES) == set(TABLES) - {"meta", "scenarios", "takeaways"}
    for table in SCENARIO_TABLES:
        [reference] = fresh.execute(f"pragma foreign_key_list([{table}])").fetchall()
        assert reference[2:5] == ("scenarios", "scenario_id", "id"), table


def test_what_a_reader_needs_is_what_a_new_library_has(fresh):
    created = tables(fresh)
    for table, columns in REQUIRED_COLUMNS.items():
        assert columns <= {c[0] for c in created[table]}, table


def test_a_build_and_the_bundled_library_use_these_statements(tmp_path):
    built = tmp_path / "built.db"
    build_library(SOURCES, built)
    for path in (built, BUNDLED_DB):
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            assert statements(conn) == TABLES, path
            assert index_problem(conn) is None, path
            indexed = conn.execute(f"select scenario_id from [{SEARCH_TABLE}] order by scenario_id").fetchall()
            assert indexed == conn.execute("select id from scenarios order by id").fetchall(), path
        finally:
            conn.close()


def version_1(conn: sqlite3.Connection) -> None:
    """A library as schema 1 made it: no overview, no search index."""
    create_schema(conn)
    conn.execute("drop table takeaways")
    conn.execute(f"drop table {SEARCH_TABLE}")
    conn.execute("update meta set value = '1' where key = 'schema_version'")


def test_there_is_a_step_from_every_older_version():
    assert set(MIGRATIONS) == set(range(1, SCHEMA_VERSION))


def test_a_version_1_library_is_migrated_to_the_current_tables(fresh):
    old = sqlite3.connect(":memory:")
    try:
        version_1(old)
        assert "takeaways" not in tables(old)
        migrate(old, 1)
        assert tables(old) == tables(fresh)  # the same tables, columns, types and keys as a new library
        assert search_index(old) == search_index(fresh)
        assert old.execute("select value from meta where key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    finally:
        old.close()


def test_a_migration_step_can_run_on_a_library_that_has_its_table(fresh):
    MIGRATIONS[1](fresh)  # "if not exists": a half-upgraded file is upgraded, not refused
    assert tables(fresh)["takeaways"] == [("position", "INTEGER", 1), ("text", "TEXT", 0), ("scenario_ids", "TEXT", 0)]


def test_opening_a_version_1_library_upgrades_it_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    build_library(SOURCES, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("drop table takeaways")
        conn.execute(f"drop table {SEARCH_TABLE}")
        conn.execute("update meta set value = '1' where key = 'schema_version'")
    conn.close()
    with Library(path) as library:
        assert library.upgraded_from == 1
        assert len(library.summaries()) == 20
        assert library.overview() is None  # the old library had none; the empty table is there now
    conn = sqlite3.connect(path)
    try:
        assert set(tables(conn)) == set(EXPECTED)
        assert index_problem(conn) is None
    finally:
        conn.close()
