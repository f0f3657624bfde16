"""The library's tables: the version, the DDL a new library is created with, the tables
and columns a reader needs, and the migrations that bring an older library up to date.

Tables (documented for users in the README):

- ``meta(key, value)``: ``schema_version``, ``built_from`` (hash of the content), and
  the overview's ``overview_title`` and ``overview_intro``.
- ``scenarios(id, number, kind, title, summary, search_text, data, source_file, source_yaml)``:
  one row per scenario; ``data`` is the validated scenario as JSON, ``source_yaml`` the
  file it came from, word for word.
- ``requirements``, ``phases``, ``option_groups``, ``options``, ``cost_items``, ``nodes``,
  ``edges``: the same content spread out for querying with SQL.
- ``takeaways(position, text, scenario_ids)``: the overview (schema 2).
- ``scenario_search``: an FTS5 full-text index of each scenario (schema 3), kept in step
  by ``explorer.library.search`` (never by triggers, which libraries may not hold).

A change to the tables is a new SCHEMA_VERSION, its statements in TABLES, and a step in
MIGRATIONS from the version before. A migration, once released, never changes: libraries
in users' hands were upgraded by it. Only ``sqlite3`` is needed here, so that opening a
library imports nothing heavier.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 3


#: Each table of a new library and the statement that creates it, in the order they are
#: created. The text is what the first libraries were created with, to the character.
TABLES: dict[str, str] = {
    "meta": """\
CREATE TABLE "meta" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT
)""",
    "scenarios": """\
CREATE TABLE "scenarios" (
   "id" TEXT PRIMARY KEY,
   "number" INTEGER,
   "kind" TEXT,
   "title" TEXT,
   "summary" TEXT,
   "search_text" TEXT,
   "data" TEXT,
   "source_file" TEXT,
   "source_yaml" TEXT
)""",
    "requirements": """\
CREATE TABLE "requirements" (
   "scenario_id" TEXT REFERENCES "scenarios"("id"),
   "position" INTEGER,
   "key" TEXT,
   "kind" TEXT,
   "text" TEXT,
   "metric" TEXT,
   "op" TEXT,
   "target" REAL,
   "target_param" TEXT,
   PRIMARY KEY ("scenario_id", "key")
)""",
    "phases": """\
CREATE TABLE "phases" (
   "scenario_id" TEXT REFERENCES "scenarios"("id"),
   "number" INTEGER,
   "title" TEXT,
   "duration" TEXT,
   "summary" TEXT,
   PRIMARY KEY ("scenario_id", "number")
)""",
    "option_groups": """\
CREATE TABLE "option_groups" (
   "scenario_id" TEXT REFERENCES "scenarios"("id"),
   "key" TEXT,
   "position" INTEGER,
   "label" TEXT,
   PRIMARY KEY ("scenario_id", "key")
)""",
    "options": """\
CREATE TABLE "options" (
   "scenario_id" TEXT REFERENCES "scenarios"("id"),
   "group_key" TEXT,
   "key" TEXT,
   "position" INTEGER,
   "label" TEXT,
   "recommended" INTEGER,
   "metrics" TEXT,
   PRIMARY KEY ("scenario_id", "group_key", "key")
)""",
    "cost_items": """\
CREATE TABLE "cost_items" (
   "scenario_id" TEXT REFERENCES "scenarios"("id"),
   "position" INTEGER,
   "service" TEXT,
   "configuration" TEXT,
   "monthly_usd" REAL,
   PRIMARY KEY ("scenario_id", "position")
)""",
    "nodes": """\
CREATE TABLE "nodes" (
   "scenario_id" TEXT REFERENCES "scenarios"("id"),
   "id" TEXT,
   "type" TEXT,
   "label" TEXT,
   "cluster" TEXT,
   "phase" INTEGER,
   PRIMARY KEY ("scenario_id", "id")
)""",
    "edges": """\
CREATE TABLE "edges" (
   "scenario_id" TEXT REFERENCES "scenarios"("id"),
   "key" TEXT,
   "source" TEXT,
   "target" TEXT,
   "label" TEXT,
   PRIMARY KEY ("scenario_id", "key")
)""",
    "takeaways": """\
CREATE TABLE "takeaways" (
   "position" INTEGER PRIMARY KEY,
   "text" TEXT,
   "scenario_ids" TEXT
)""",
}


#: The full-text index (schema 3): one row per scenario, its words by where they come
#: from, so that a hit in the title ranks above one in the body. FTS5 makes its own
#: ``scenario_search_*`` tables for it.
SEARCH_TABLE = "scenario_search"
SEARCH_DDL = f"""\
CREATE VIRTUAL TABLE "{SEARCH_TABLE}" USING fts5(
   scenario_id UNINDEXED,
   title,
   summary,
   body,
   diagram,
   tokenize = 'unicode61 remove_diacritics 2'
)"""


#: The tables that hold one scenario's parts, each with a ``scenario_id`` column.
SCENARIO_TABLES = ("requirements", "phases", "option_groups", "options", "cost_items", "nodes", "edges")

#: The tables and columns this version reads; a file without them is not a library.
REQUIRED_COLUMNS = {
    "meta": {"key", "value"},
    "scenarios": {"id", "number", "kind", "title", "summary", "search_text", "data", "source_file", "source_yaml"},
}


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the tables of a new library, and record its schema version, on the caller's
    transaction."""
    for statement in TABLES.values():
        conn.execute(statement)
    conn.execute(SEARCH_DDL)
    conn.execute("insert into [meta] ([key], [value]) values (?, ?)", ("schema_version", str(SCHEMA_VERSION)))


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    conn.execute(
        "create table if not exists [takeaways] ([position] integer primary key, [text] text, [scenario_ids] text)"
    )


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    from explorer.library.search import reindex

    reindex(conn)  # creates the index (anew, if a half-upgraded file has one) and fills it


#: The step from each older version to the next.
MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring a library of schema ``version`` up to SCHEMA_VERSION, on the caller's
    transaction: every step in turn, then the recorded version."""
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](conn)
    conn.execute("update meta set value = ? where key = 'schema_version'", (str(SCHEMA_VERSION),))
