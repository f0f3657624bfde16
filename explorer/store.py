"""Reading a scenario library (SQLite). Writing lives in ``explorer.writer``.

A library is opened read-only by SQLite itself, so reading can never modify it. Opening
checks the file first and turns every problem into one ``LibraryError`` that says what
is wrong and what to do: a missing file, a file that is not SQLite, a truncated or
damaged database, a library made by a newer version (refused), or one from an older
version (upgraded in place after a backup copy is written beside it).

Tables (documented for users in the README):

- ``meta(key, value)``: ``schema_version``, ``built_from`` (hash of the content), and
  the overview's ``overview_title`` and ``overview_intro``.
- ``scenarios(id, number, kind, title, summary, search_text, data, source_file, source_yaml)``:
  one row per scenario; ``data`` is the validated scenario as JSON, ``source_yaml`` the
  file it came from, word for word.
- ``requirements``, ``phases``, ``option_groups``, ``options``, ``cost_items``, ``nodes``,
  ``edges``: the same content spread out for querying with SQL.
- ``takeaways(position, text, scenario_ids)``: the overview (schema 2).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# Reading a library needs only sqlite3: the app's window appears before pydantic,
# PyYAML and sqlite-utils are imported (they load with the first scenario or a build).
if TYPE_CHECKING:
    from .model import Overview, Scenario

SCHEMA_VERSION = 2
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 3


class LibraryError(Exception):
    """A database that cannot be used; the message names the problem and the way out."""


@dataclass(frozen=True)
class ScenarioSummary:
    id: str
    number: int | None
    kind: str
    title: str
    summary: str

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "number": self.number, "kind": self.kind, "title": self.title, "summary": self.summary}


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    conn.execute("create table if not exists [takeaways] ([position] integer primary key, [text] text, [scenario_ids] text)")


MIGRATIONS = {1: _migrate_1_to_2}


def backup_path(path: Path, version: int) -> Path:
    candidate = path.with_name(f"{path.stem}.schema{version}-backup{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.schema{version}-backup-{n}{path.suffix}")
        n += 1
    return candidate


def upgrade_library(path: Path, version: int) -> Path:
    """Bring a library of an older schema up to date, after copying it beside itself."""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise LibraryError(
            f"{path} uses schema {version} of an older Scenario Explorer and needs an upgrade, "
            "but it cannot be written; copy it to a writable folder and open the copy"
        )
    backup = backup_path(path, version)
    try:
        shutil.copy2(path, backup)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            conn.execute("begin immediate")
            try:
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](conn)
                conn.execute("update meta set value = ? where key = 'schema_version'", (str(SCHEMA_VERSION),))
                conn.execute("commit")
            except BaseException:
                conn.execute("rollback")
                raise
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as err:
        raise LibraryError(f"{path}: the upgrade from schema {version} failed ({err}); the file is unchanged") from None
    return backup


class Library:
    """A scenario database opened read-only."""

    def __init__(self, path: Path, upgrade: bool = True):
        self.path = Path(path)
        self.upgraded_from: int | None = None
        self.backup: Path | None = None
        self._check_file()
        version = self._open()
        if version < SCHEMA_VERSION:
            self.close()
            if not upgrade:
                raise LibraryError(f"{self.path} uses an older schema ({version}) and needs an upgrade")
            self.backup = upgrade_library(self.path, version)
            self.upgraded_from = version
            version = self._open()
        self._cache: dict[str, Scenario] = {}

    def _check_file(self) -> None:
        if not self.path.exists():
            raise LibraryError(f"{self.path}: no such database file; check the path, or use the bundled library (omit --db)")
        if self.path.is_dir():
            raise LibraryError(f"{self.path} is a folder, not a database file")
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as err:
            raise LibraryError(f"{self.path}: cannot be read ({err.strerror}); check its permissions") from None
        if header != SQLITE_HEADER:
            raise LibraryError(f"{self.path} is not an SQLite database; choose a scenario library (.db) made by Scenario Explorer")

    def _open(self) -> int:
        """Open read-only, check the file is whole, and return its schema version."""
        try:
            self._conn = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
            )
            check = self._conn.execute("pragma quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            version = self._meta("schema_version")
        except sqlite3.DatabaseError as err:
            raise LibraryError(self._problem(err)) from None
        if version is None or not str(version).isdigit():
            raise LibraryError(f"{self.path} is an SQLite database, but not a Scenario Explorer library (it has no schema version)")
        if int(version) > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.path} was made by a newer Scenario Explorer (schema {version}); this version reads schema "
                f"{SCHEMA_VERSION} and older. Update the app to open it."
            )
        return int(version)

    def _problem(self, err: sqlite3.Error) -> str:
        text = str(err).lower()
        if "locked" in text or "busy" in text:
            return f"{self.path} is locked by another program; wait for it to finish (or close it) and try again"
        if "malformed" in text or "corrupt" in text or "disk image" in text or "not a database" in text or "truncat" in text:
            return f"{self.path} is damaged (truncated or corrupt); rebuild it or open another library"
        detail = " ".join(str(err).split())[:200]
        return f"{self.path}: not a usable scenario library ({detail}); open another library"

    def _query(self, sql: str, params: tuple | list = ()) -> list:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as err:
            raise LibraryError(self._problem(err)) from None

    def check_writable(self) -> None:
        """Refuse early, with a clear message, when the file cannot take an import."""
        if not os.access(self.path, os.W_OK):
            raise LibraryError(f"{self.path} is read-only; make it writable or import into another library with --db")

    def table_names(self) -> set[str]:
        return {row[0] for row in self._conn.execute("select name from sqlite_master where type = 'table'")}

    def _meta(self, key: str) -> str | None:
        if "meta" not in self.table_names():
            return None
        row = self._conn.execute("select value from meta where key = ?", (key,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def summaries(self, search: str = "") -> list[ScenarioSummary]:
        """Scenarios (numbered first, in order, then guides by title) matching ``search``."""
        sql = "select id, number, kind, title, summary from scenarios"
        params: list[str] = []
        words = search.lower().split()
        if words:
            sql += " where " + " and ".join("instr(search_text, ?) > 0" for _ in words)
            params = words
        sql += " order by kind, number is null, number, title"
        return [ScenarioSummary(*row) for row in self._query(sql, params)]

    def resolve_id(self, ident: str) -> str:
        """A scenario id from its slug or its number in the seed."""
        if ident.isdigit():
            rows = self._query("select id from scenarios where number = ?", (int(ident),))
        else:
            rows = self._query("select id from scenarios where id = ?", (ident,))
        row = rows[0] if rows else None
        if row is None:
            raise LibraryError(f"no scenario {ident!r} in {self.path}. 'explorer list' shows the ids.")
        return row[0]

    def get(self, ident: str) -> Scenario:
        scenario_id = self.resolve_id(ident)
        if scenario_id not in self._cache:
            from .model import Scenario

            row = self._query("select data from scenarios where id = ?", (scenario_id,))[0]
            try:
                self._cache[scenario_id] = Scenario.model_validate_json(row[0])
            except ValueError as err:
                raise LibraryError(f"{self.path}: scenario {scenario_id!r} is damaged ({str(err).splitlines()[0]}).") from None
        return self._cache[scenario_id]

    def source_yaml(self, ident: str) -> str:
        scenario_id = self.resolve_id(ident)
        return self._query("select source_yaml from scenarios where id = ?", (scenario_id,))[0][0]

    def built_from(self) -> str | None:
        return self._meta("built_from")

    def overview(self) -> Overview | None:
        """The key takeaways of the home view, if the library has them."""
        from .model import Overview

        if "takeaways" not in self.table_names():
            return None
        rows = self._query("select text, scenario_ids from takeaways order by position")
        if not rows:
            return None
        return Overview(
            title=self._meta("overview_title") or "Key takeaways",
            intro=self._meta("overview_intro") or "",
            takeaways=[{"text": text, "scenarios": json.loads(ids)} for text, ids in rows],
        )
