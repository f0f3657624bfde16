"""Full-text search over a library: the FTS5 index, kept in step by hand, and the query.

The rules (the README's "Search" says them for users):

- case, accents and punctuation do not matter, and a word is also found in its parts:
  "Route53", "route 53" and "ROUTE-53" each find both "Route 53" and "Route53";
- every word typed is a prefix: "dynamo" finds DynamoDB;
- every word typed must be found, in the title, the summary, the scenario's text, or its
  diagram (node labels, node types such as ``aws.database.Dynamodb``, edge labels, the
  services of its cost items);
- the best matches come first (SQLite's bm25, a title hit weighing most), and equal
  matches keep the list's usual order.

The index is the ``scenario_search`` table (``schema.SEARCH_DDL``). Libraries may hold
no triggers (writers refuse them), so whatever writes a scenario's rows calls
:func:`index_scenario` (or :func:`reindex`) on the same transaction. Both read the
scenario from the library's own tables, so the index says the same whoever wrote it.

A library is untrusted: :func:`index_problem` says when its index is missing or not
exactly what this version makes, and a reader then searches an index built in memory
from the library's tables (:func:`index_in_memory`). The index only decides which
scenarios match and in which order; what the list shows is read and checked elsewhere.
Only ``sqlite3`` is needed here.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from explorer.library.schema import SEARCH_DDL, SEARCH_TABLE

#: bm25 weights of the index's columns: scenario_id (not searched), title, summary,
#: body, diagram.
WEIGHTS = (0.0, 10.0, 5.0, 1.0, 2.0)
#: Words of a search (and parts of one word) beyond these are ignored.
MAX_WORDS = 16
MAX_PARTS = 16

_RUN = re.compile(r"[^\W_]+")  # letters and digits, as FTS5's unicode61 tokenizer reads them
_ASCII_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")  # DBCluster -> DB, Cluster
_PART = re.compile(r"\d+|[^\W\d_]+")  # every script's digits (Mro ones too), as unicode61 keeps them
_T = f"[{SEARCH_TABLE}]"


def _parts(run: str) -> list[str]:
    """A run of letters and digits split where letters meet digits and where a
    lower-case letter meets a capital: Route53 -> Route, 53; DynamoDB -> Dynamo, DB."""
    return (_ASCII_PART if run.isascii() else _PART).findall(run)


def expand(text: str) -> str:
    """The text as it is indexed: each word followed by its parts when it has several
    ("Route53" -> "Route53 Route 53"), so that a search for either form finds it."""
    words: list[str] = []
    for run in _RUN.findall(text):
        words.append(run)
        parts = _parts(run)
        if len(parts) > 1:
            words += parts
    return " ".join(words)


def match_expression(search: str) -> str | None:
    """The FTS5 query for what a person typed; None when it holds no letter or digit.

    Each word matches as a prefix, either whole ("route53"*) or as its parts close
    together in any order (NEAR("route" "53"*)); every word must match. Only letters
    and digits reach the query, each inside double quotes, so nothing typed is read
    as FTS5 syntax.
    """
    terms: list[str] = []
    for word in search.split()[:MAX_WORDS]:
        parts = [part for run in _RUN.findall(word) for part in _parts(run)][:MAX_PARTS]
        if not parts:
            continue
        whole = '"' + "".join(parts) + '"*'
        if len(parts) == 1:
            terms.append(whole)
        else:
            phrases = " ".join(f'"{part}"' for part in parts[:-1]) + f' "{parts[-1]}"*'
            terms.append(f"({whole} OR NEAR({phrases}, {2 * len(parts)}))")
    return " AND ".join(terms) or None


def scores(conn: sqlite3.Connection, expression: str) -> dict[str, float]:
    """The bm25 score (lower is better) of every scenario id the index matches."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    found: dict[str, float] = {}
    for scenario_id, score in conn.execute(
        f"select scenario_id, bm25({_T}, {weights}) from {_T} where {_T} match ?", (expression,)
    ):
        if isinstance(scenario_id, str) and isinstance(score, float):
            found[scenario_id] = min(score, found.get(scenario_id, score))
    return found


# --- keeping the index in step ----------------------------------------------------------


@functools.cache
def _expected_entries() -> frozenset[tuple[str, str, str, str]]:
    """The schema entries (type, name, table, sql) this SQLite makes for the index."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(SEARCH_DDL)
        return frozenset(conn.execute("select type, name, tbl_name, sql from sqlite_master"))
    finally:
        conn.close()


def _entries(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    names = sorted({entry[1] for entry in _expected_entries()})
    marks = ", ".join("?" for _ in names)
    return conn.execute(
        f"select type, name, tbl_name, sql from sqlite_master where name in ({marks}) or tbl_name in ({marks})",
        names + names,
    ).fetchall()


def index_problem(conn: sqlite3.Connection) -> str | None:
    """Why the library's index cannot be used as it is, or None when it can: it is
    missing, or its tables are not exactly the ones this version makes."""
    entries = _entries(conn)
    if not entries:
        return "it has no search index"
    if frozenset(entries) != _expected_entries():
        return "its search index is not the one Scenario Explorer makes"
    return None


def _drop(conn: sqlite3.Connection) -> None:
    """Remove the index and whatever stands in its place (views, tables, indexes)."""
    entries = _entries(conn)
    order = ("trigger", "view", "index", "table")
    for kind, name, _table, sql in sorted(entries, key=lambda e: order.index(str(e[0])) if e[0] in order else 0):
        if kind == "trigger":
            conn.execute(f"drop trigger if exists [{name}]")
        elif kind == "view":
            conn.execute(f"drop view if exists [{name}]")
        elif kind == "index" and sql is not None:
            conn.execute(f"drop index if exists [{name}]")
        elif kind == "table" and name == SEARCH_TABLE:
            conn.execute(f"drop table if exists [{name}]")  # a virtual table drops its own tables
    for kind, name, _table, _sql in _entries(conn):
        if kind == "table":
            conn.execute(f"drop table if exists [{name}]")


def reindex(conn: sqlite3.Connection) -> None:
    """Make the index anew from every scenario in the library's tables, on the caller's
    transaction (a build, a migration, a repair)."""
    _drop(conn)
    conn.execute(SEARCH_DDL)
    _insert(conn, documents(conn))
    conn.execute(f"insert into {_T} ({_T}) values ('optimize')")


def index_scenario(conn: sqlite3.Connection, scenario_id: str) -> None:
    """Bring the index in step with one scenario as the library's tables now hold it
    (added, replaced, or removed when it is gone), on the caller's transaction.

    Call it after writing the scenario's rows. An index that is missing, not the one
    this version makes, out of step with the scenarios or damaged (FTS5's own
    integrity check) is made anew from every scenario instead. That check reads the
    whole index, so a writer of many scenarios at once (a build, a folder) writes them
    all and calls :func:`reindex` once.
    """
    if index_problem(conn) is not None:
        reindex(conn)
        return
    conn.execute("savepoint index_scenario")
    try:
        conn.execute(f"delete from {_T} where scenario_id = ?", (scenario_id,))
        _insert(conn, documents(conn, scenario_id))
        conn.execute(f"insert into {_T} ({_T}) values ('integrity-check')")
        (scenarios,) = conn.execute("select count(*) from scenarios").fetchone()
        whole = out_of_step(conn, scenarios) is None
    except sqlite3.DatabaseError:
        whole = False
    if whole:
        conn.execute("release index_scenario")
        return
    conn.execute("rollback to index_scenario")
    conn.execute("release index_scenario")
    reindex(conn)


def out_of_step(conn: sqlite3.Connection, scenarios: int) -> str | None:
    """Why the index does not hold one row for each of the library's ``scenarios``
    scenarios (None when it does)."""
    count, distinct, known = conn.execute(
        f"select count(*), count(distinct scenario_id), count(distinct case when scenario_id in "
        f"(select id from scenarios) then scenario_id end) from {_T}"
    ).fetchone()
    if not count == distinct == known == scenarios:
        return "its search index is out of step with its scenarios"
    return None


def index_in_memory(source: sqlite3.Connection) -> sqlite3.Connection:
    """An index of the library open on ``source`` (which may be read-only), in memory:
    what a reader searches when the library's own index cannot be used."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        conn.execute(SEARCH_DDL)
        with conn:
            _insert(conn, documents(source))
    except BaseException:
        conn.close()
        raise
    return conn


def _insert(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, str, str, str]]) -> None:
    conn.executemany(f"insert into {_T} (scenario_id, title, summary, body, diagram) values (?, ?, ?, ?, ?)", rows)


# --- what is indexed --------------------------------------------------------------------


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""  # a library is untrusted: skip what is not text


def documents(conn: sqlite3.Connection, scenario_id: str | None = None) -> list[tuple[str, str, str, str, str]]:
    """The index's rows, (scenario_id, title, summary, body, diagram), for one scenario
    or every one, read from the library's tables (only real tables: a view in an
    untrusted file is never run)."""
    tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    where, params = (" where {} = ?", (scenario_id,)) if scenario_id is not None else ("", ())
    extra: dict[str, dict[str, list[str]]] = {"body": defaultdict(list), "diagram": defaultdict(list)}
    parts = [
        ("phases", "title, summary", "body", "number"),
        ("cost_items", "configuration", "body", "position"),
        ("nodes", "label, type", "diagram", "id"),
        ("edges", "label", "diagram", "key"),
        ("cost_items", "service", "diagram", "position"),
    ]
    for table, columns, column, order in parts:
        if table not in tables:
            continue
        sql = (
            f"select scenario_id, {columns} from [{table}]{where.format('scenario_id')} order by scenario_id, [{order}]"
        )
        for owner, *values in conn.execute(sql, params):
            if isinstance(owner, str):
                extra[column][owner] += [_text(v) for v in values]
    rows = []
    if "scenarios" in tables:
        sql = f"select id, title, summary, search_text from scenarios{where.format('id')} order by rowid"
        for ident, title, summary, search_text in conn.execute(sql, params):
            if isinstance(ident, str):
                body = " ".join([_text(search_text), *extra["body"][ident]])
                diagram = " ".join(extra["diagram"][ident])
                rows.append((ident, expand(_text(title)), expand(_text(summary)), expand(body), expand(diagram)))
    return rows
