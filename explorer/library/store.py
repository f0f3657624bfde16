"""Reading a scenario library (SQLite). Writing lives in ``explorer.library.writer``.

A library is opened read-only by SQLite itself, so reading can never modify it. Opening
checks the file first and turns every problem into one ``LibraryError`` that says what
is wrong and what to do: a missing file, a file that is not SQLite, a truncated or
damaged database, a library made by a newer version (refused), or one from an older
version (upgraded in place after a backup copy is written beside it). The tables and
their migrations are in ``explorer.library.schema``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.library.schema import REQUIRED_COLUMNS, SCHEMA_VERSION, migrate
from explorer.library.search import index_in_memory, index_problem, match_expression, out_of_step, scores

# Reading a library needs only sqlite3: the app's window appears before pydantic,
# PyYAML and sqlite-utils are imported (they load with the first scenario or a build).
if TYPE_CHECKING:
    from explorer.domain.model import Overview, Scenario

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 3
KINDS = ("scenario", "troubleshooting")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_NUMBER = re.compile(r"[0-9]{1,18}")  # ASCII digits that fit SQLite's 64-bit integers
_SCHEMA = re.compile(r"[0-9]{1,6}")
# Characters no library written by Scenario Explorer holds in a title or summary.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


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
        conn = connect_for_writing(path)
        try:
            refuse_triggers(conn, path)
            conn.execute("begin immediate")
            try:
                migrate(conn, version)
                conn.execute("commit")
            except BaseException:
                conn.execute("rollback")
                raise
        finally:
            conn.close()
    except (OSError, sqlite3.Error, LibraryError) as err:
        backup.unlink(missing_ok=True)  # the file is unchanged, so the copy is not needed
        if isinstance(err, LibraryError):
            raise
        raise LibraryError(f"{path}: the upgrade from schema {version} failed ({err}); the file is unchanged") from None
    return backup


def connect_for_writing(path: Path) -> sqlite3.Connection:
    """A read-write connection that trusts nothing in the file's schema."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.execute("pragma trusted_schema = off")
    return conn


def refuse_triggers(conn: sqlite3.Connection, path: Path) -> None:
    """Writing would run a file's triggers; Scenario Explorer never makes any, so refuse."""
    names = [row[0] for row in conn.execute("select name from sqlite_master where type = 'trigger'")]
    if names:
        raise LibraryError(
            f"{path} contains triggers ({', '.join(map(repr, names[:3]))}), which Scenario Explorer never makes; "
            "it will not write to this file. Import your scenarios into a new library instead"
        )


def damaged(path: Path | str, table: str, column: str, owner: object) -> LibraryError:
    """The one-line report for a value that no library written by this app can hold."""
    return LibraryError(f"{path}: damaged: {table}.{column} of {owner!r}; rebuild the library or open another one")


class Library:
    """A scenario database opened read-only, and treated as untrusted input.

    Opening checks the file (header, ``quick_check``, schema version, that the tables it
    reads are real tables with the expected columns) and every scenario row's summary
    columns, so a damaged value is reported as ``damaged: <table>.<column> of <id>`` when
    the library is opened, not as a traceback later. Scenario data is validated as it
    is read. Views and triggers in the file are never run: the tables read are checked
    to be tables, and the connection is read-only.
    """

    def __init__(self, path: Path, upgrade: bool = True, name: str | None = None):
        self.path = Path(path)
        #: How messages name the library: its path, or what it was built from (a folder).
        self.name = name or str(self.path)
        self.upgraded_from: int | None = None
        self.backup: Path | None = None
        #: Why a search does not use the library's own index (None while it does).
        self.search_fallback: str | None = None
        self._search: sqlite3.Connection | None = None  # the index searched, once a search ran
        self._check_file()
        self._recover_hot_journal()
        version = self._open()
        if version < SCHEMA_VERSION:
            self.close()
            if not upgrade:
                raise LibraryError(f"{self.name} uses an older schema ({version}) and needs an upgrade")
            self.backup = upgrade_library(self.path, version)
            self.upgraded_from = version
            version = self._open()
        self._cache: dict[str, Scenario] = {}
        self._digests: dict[str, str] = {}
        try:
            self._check_tables()
            self._summaries = [self._summary(row) for row in self._query(_SUMMARY_SQL)]
            self._takeaways = self._takeaway_rows()
        except LibraryError:
            self.close()
            raise

    def _check_file(self) -> None:
        if not self.path.exists():
            raise LibraryError(
                f"{self.name}: no such database file; check the path, or use the bundled library (omit --db)"
            )
        if self.path.is_dir():
            raise LibraryError(f"{self.name} is a folder, not a database file")
        if not self.path.is_file():
            raise LibraryError(
                f"{self.name} is not a regular file; choose a scenario library (.db) made by Scenario Explorer"
            )
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(100)
        except OSError as err:
            raise LibraryError(f"{self.name}: cannot be read ({err.strerror}); check its permissions") from None
        if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
            raise LibraryError(
                f"{self.name} is not an SQLite database; choose a scenario library (.db) made by Scenario Explorer"
            )
        self._wal = len(header) >= 20 and header[18] == 2 and header[19] == 2

    def _recover_hot_journal(self) -> None:
        """Roll back what an interrupted write left (a hot ``-journal``) before reading.

        A read-only connection cannot roll a journal back and fails with "attempt to
        write a readonly database"; one read-write open does it (SQLite rolls back only
        a journal that no live writer holds), after which the file is read read-only.
        """
        journal = self.path.with_name(self.path.name + "-journal")
        try:
            if not journal.is_file() or journal.stat().st_size == 0:
                return
        except OSError:
            return
        if not (os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)):
            raise LibraryError(
                f"{self.name} was left half-written by an interrupted write (its journal {journal.name} is beside it), "
                "and this folder cannot be written to roll it back. Copy both files to a writable folder and open the copy"
            )
        try:
            conn = connect_for_writing(self.path)
            try:
                conn.execute("select count(*) from sqlite_master").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as err:
            raise LibraryError(
                f"{self.name} was left half-written by an interrupted write and could not be rolled back ({err}); "
                f"keep {journal.name} beside it and try again, or open another library"
            ) from None

    def _connect(self, immutable: bool = False) -> sqlite3.Connection:
        query = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(
            f"{self.path.resolve().as_uri()}?{query}", uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
        )
        conn.execute("pragma trusted_schema = off")
        return conn

    def _open(self) -> int:
        """Open read-only, check the file is whole, and return its schema version."""
        try:
            try:
                self._conn = self._connect()
                check = self._conn.execute("pragma quick_check").fetchone()
            except sqlite3.OperationalError as err:
                # A WAL library on read-only media: its -shm file cannot be made, so
                # SQLite cannot share the file; nothing can be writing it, so read it as is.
                if not self._wal or "locked" in str(err) or os.access(self.path.parent, os.W_OK):
                    raise
                self._conn = self._connect(immutable=True)
                check = self._conn.execute("pragma quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            version = self._meta("schema_version")
        except sqlite3.DatabaseError as err:
            raise LibraryError(self._problem(err)) from None
        if version is None:
            raise LibraryError(
                f"{self.name} is an SQLite database, but not a Scenario Explorer library (it has no schema version)"
            )
        if not isinstance(version, str) or not _SCHEMA.fullmatch(version) or int(version) < 1:
            shown = version if isinstance(version, (str, int)) else type(version).__name__
            raise LibraryError(
                f"{self.name} is an SQLite database, but not a Scenario Explorer library (schema version {str(shown)[:20]!r})"
            )
        if int(version) > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.name} was made by a newer Scenario Explorer (schema {version}); this version reads schema "
                f"{SCHEMA_VERSION} and older. Update the app to open it."
            )
        return int(version)

    def _check_tables(self) -> None:
        """The tables read must be real tables (never views) with the expected columns."""
        kinds = dict(self._query("select name, type from sqlite_master where type in ('table', 'view')"))
        for table, columns in REQUIRED_COLUMNS.items():
            if kinds.get(table) != "table":
                what = "a view" if kinds.get(table) == "view" else "missing"
                raise LibraryError(f"{self.name} is not a Scenario Explorer library: its table {table!r} is {what}")
            found = {row[1] for row in self._query(f"pragma table_info([{table}])")}
            if not columns <= found:
                missing = ", ".join(sorted(columns - found))
                raise LibraryError(f"{self.name} is not a Scenario Explorer library: {table} has no column {missing}")
        if kinds.get("takeaways") == "view":
            raise LibraryError(f"{self.name} is not a Scenario Explorer library: its table 'takeaways' is a view")

    def _problem(self, err: sqlite3.Error) -> str:
        text = str(err).lower()
        if "locked" in text or "busy" in text:
            return f"{self.name} is locked by another program; wait for it to finish (or close it) and try again"
        if (
            "malformed" in text
            or "corrupt" in text
            or "disk image" in text
            or "not a database" in text
            or "truncat" in text
        ):
            return f"{self.name} is damaged (truncated or corrupt); rebuild it or open another library"
        detail = " ".join(str(err).split())[:200]
        return f"{self.name}: not a usable scenario library ({detail}); open another library"

    def _query(self, sql: str, params: tuple | list = ()) -> list:
        try:
            return self._conn.execute(sql, params).fetchall()
        except (sqlite3.DatabaseError, OverflowError, ValueError) as err:
            if isinstance(err, sqlite3.DatabaseError):
                raise LibraryError(self._problem(err)) from None
            raise LibraryError(
                f"{self.name}: a value in the library cannot be read ({err}); rebuild it or open another library"
            ) from None

    def check_writable(self) -> None:
        """Refuse early, with a clear message, when the file cannot take an import."""
        if not os.access(self.path, os.W_OK):
            raise LibraryError(f"{self.name} is read-only; make it writable or import into another library with --db")

    def table_names(self) -> set[str]:
        return {row[0] for row in self._conn.execute("select name from sqlite_master where type = 'table'")}

    def _meta(self, key: str) -> object:
        if "meta" not in self.table_names():
            return None
        row = self._conn.execute("select value from meta where key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _meta_text(self, key: str) -> str | None:
        value = self._meta(key)
        if value is not None and not isinstance(value, str):
            raise damaged(self.name, "meta", "value", key)
        return value

    def close(self) -> None:
        if self._search is not None and self._search is not self._conn:
            self._search.close()
        self._search = None
        self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading, with every value checked --------------------------------------------

    def _summary(self, row: tuple) -> ScenarioSummary:
        rowid, ident, number, kind, title, summary = row
        if not isinstance(ident, str) or not _SLUG.fullmatch(ident):
            raise damaged(self.name, "scenarios", "id", f"row {rowid}")
        if number is not None and (not isinstance(number, int) or isinstance(number, bool) or not 1 <= number < 2**63):
            raise damaged(self.name, "scenarios", "number", ident)
        if kind not in KINDS:
            raise damaged(self.name, "scenarios", "kind", ident)
        for column, value in (("title", title), ("summary", summary)):
            if not isinstance(value, str) or _CONTROL.search(value):
                raise damaged(self.name, "scenarios", column, ident)
        return ScenarioSummary(ident, number, kind, title, summary)

    def summaries(self, search: str = "") -> list[ScenarioSummary]:
        """Scenarios (numbered first, in order, then guides by title) matching ``search``.

        A search follows ``explorer.library.search``'s rules: case, accents and
        punctuation ignored, every word a prefix, the best matches first (equal ones in
        the list's order). Text with no letter or digit matches nothing.
        """
        if not search.strip():
            return list(self._summaries)
        expression = match_expression(search)
        if expression is None:
            return []
        scores = self._scores(expression)
        found = [s for s in self._summaries if s.id in scores]
        found.sort(key=lambda s: scores[s.id])  # stable: ties keep the list's order
        return found

    def _scores(self, expression: str) -> dict[str, float]:
        """Search the library's own index, or, when it cannot be used (missing, not the
        one this version makes, out of step with the scenarios, or damaged), an index
        built in memory from the library's tables; ``search_fallback`` says why."""
        if self._search is None:
            problem = self._index_problem()
            if problem is None:
                self._search = self._conn
            else:
                self._search_in_memory(problem)
        assert self._search is not None
        try:
            return scores(self._search, expression)
        except sqlite3.DatabaseError as err:
            if self._search is not self._conn:
                raise LibraryError(self._problem(err)) from None
            problem = f"its search index is damaged ({' '.join(str(err).split())[:80]})"
        self._search_in_memory(problem)
        try:
            return scores(self._search, expression)
        except sqlite3.DatabaseError as err:
            raise LibraryError(self._problem(err)) from None

    def _index_problem(self) -> str | None:
        try:
            return index_problem(self._conn) or out_of_step(self._conn, len(self._summaries))
        except sqlite3.DatabaseError as err:
            return f"its search index is damaged ({' '.join(str(err).split())[:80]})"

    def _search_in_memory(self, problem: str) -> None:
        try:
            memory = index_in_memory(self._conn)
        except sqlite3.DatabaseError as err:
            raise LibraryError(self._problem(err)) from None
        self.search_fallback = f"{problem}; searching an index built in memory"
        self._search = memory

    def resolve_id(self, ident: str) -> str:
        """A scenario id from its slug or its number in the chapter."""
        ident = str(ident).strip()
        if _NUMBER.fullmatch(ident):
            rows = self._query("select id from scenarios where number = ?", (int(ident),))
        elif _SLUG.fullmatch(ident):
            rows = self._query("select id from scenarios where id = ?", (ident,))
        else:
            rows = []
        if not rows or not isinstance(rows[0][0], str):
            shown = ident if len(ident) <= 40 else ident[:40] + "…"
            raise LibraryError(f"no scenario {shown!r} in {self.name}. 'explorer list' shows the ids.")
        return rows[0][0]

    def content_digest(self, ident: str) -> str:
        """A digest of the scenario's data as stored: what a view of it is drawn from.

        Cached views are keyed by this, never by a claim the file makes about itself.
        """
        scenario_id = self.resolve_id(ident)
        if scenario_id not in self._digests:
            self._digests[scenario_id] = _digest(self._data(scenario_id))
        return self._digests[scenario_id]

    def _data(self, scenario_id: str) -> str:
        data = self._query("select data from scenarios where id = ?", (scenario_id,))[0][0]
        if not isinstance(data, str):
            raise damaged(self.name, "scenarios", "data", scenario_id)
        return data

    def get(self, ident: str) -> Scenario:
        scenario_id = self.resolve_id(ident)
        if scenario_id not in self._cache:
            from explorer.domain.model import Scenario

            data = self._data(scenario_id)
            try:
                scenario = Scenario.model_validate_json(data)
            except ValueError:
                raise damaged(self.name, "scenarios", "data", scenario_id) from None
            if scenario.id != scenario_id:
                raise damaged(self.name, "scenarios", "data", scenario_id)
            from explorer.library.references import check_references

            if check_references(scenario):
                raise damaged(self.name, "scenarios", "data", scenario_id)
            self._cache[scenario_id] = scenario
            self._digests[scenario_id] = _digest(data)  # the very text validated above
        return self._cache[scenario_id]

    def source_yaml(self, ident: str) -> str:
        scenario_id = self.resolve_id(ident)
        text = self._query("select source_yaml from scenarios where id = ?", (scenario_id,))[0][0]
        if not isinstance(text, str):
            raise damaged(self.name, "scenarios", "source_yaml", scenario_id)
        return text

    def source_file(self, ident: str) -> str:
        """The name of the file the scenario was read from."""
        scenario_id = self.resolve_id(ident)
        name = self._query("select source_file from scenarios where id = ?", (scenario_id,))[0][0]
        if not isinstance(name, str) or not name:
            raise damaged(self.name, "scenarios", "source_file", scenario_id)
        return name

    def meta_text(self, key: str) -> str | None:
        """A text value of the ``meta`` table (None if it has none)."""
        return self._meta_text(key)

    def built_from(self) -> str | None:
        return self._meta_text("built_from")

    def _takeaway_rows(self) -> list[dict[str, object]]:
        """The overview's rows, each value checked (at opening: needs no pydantic)."""
        if "takeaways" not in self.table_names():
            return []
        rows: list[dict[str, object]] = []
        for position, text, ids in self._query("select position, text, scenario_ids from takeaways order by position"):
            if not isinstance(text, str) or _CONTROL.search(text):
                raise damaged(self.name, "takeaways", "text", position)
            try:
                scenario_ids = json.loads(ids) if isinstance(ids, str) else None
            except ValueError:
                scenario_ids = None
            if not isinstance(scenario_ids, list) or not all(isinstance(i, str) for i in scenario_ids):
                raise damaged(self.name, "takeaways", "scenario_ids", position)
            rows.append({"text": text, "scenarios": scenario_ids})
        for key in ("overview_title", "overview_intro"):
            self._meta_text(key)
        return rows

    def overview(self) -> Overview | None:
        """The key takeaways of the home view, if the library has them."""
        from explorer.domain.model import Overview

        if not self._takeaways:
            return None
        try:
            return Overview.model_validate(
                {
                    "title": self._meta_text("overview_title") or "Key takeaways",
                    "intro": self._meta_text("overview_intro") or "",
                    "takeaways": self._takeaways,
                }
            )
        except ValueError:
            raise damaged(self.name, "takeaways", "text", "the overview") from None


def _digest(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


_SUMMARY_SQL = (
    "select rowid, id, number, kind, title, summary from scenarios order by kind, number is null, number, title"
)
