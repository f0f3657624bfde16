"""Search: what people type finds it, ranked; the index kept in step by builds and
imports; libraries without it, and untrusted ones with a tampered one, still searched."""

from __future__ import annotations

import re
import sqlite3
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from explorer.library import search
from explorer.library.schema import MIGRATIONS, SEARCH_TABLE
from explorer.library.store import Library, LibraryError
from explorer.library.writer import build_library, import_scenario
from tests.conftest import BUNDLED_DB
from tests.helpers import invoke


def source(ident: str, title: str, *, number: int | None = None, situation: str = "", **node: str) -> str:
    """A small scenario: one node (EC2 "Web server" unless ``type``/``label`` say)."""
    lines = [f"id: {ident}", f"title: {title}"]
    if number is not None:
        lines.append(f"number: {number}")
    if situation:
        lines.append(f"situation: {situation}")
    lines += textwrap.dedent(
        f"""\
        nodes:
          - id: n
            type: {node.get("type", "aws.compute.EC2")}
            label: {node.get("label", "Web server")}
        phases:
          - title: Build
        """
    ).splitlines()
    return "\n".join(lines) + "\n"


def small_library(tmp_path: Path, *sources: str) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for i, text in enumerate(sources):
        (folder / f"{i:02}.yaml").write_text(text, encoding="utf-8")
    db = tmp_path / "small.db"
    build_library(folder, db)
    return db


def ids(library: Library, text: str) -> list[str]:
    return [s.id for s in library.summaries(text)]


@pytest.fixture
def dns_library(tmp_path: Path) -> Path:
    return small_library(
        tmp_path,
        source("failover", "Failover with Route 53", label="Health checks"),
        source("zones", "Hosted zones", type="aws.network.Route53", label="Zone apex"),
        source("orders", "Serverless orders", type="aws.database.Dynamodb", label="Orders table"),
        source("plain", "A plain web server"),
    )


@pytest.mark.parametrize("typed", ["Route53", "Route 53", "route-53", "ROUTE53", "route53", "Route.53"])
def test_route_53_is_found_however_it_is_written(dns_library, typed):
    with Library(dns_library) as library:
        assert set(ids(library, typed)) == {"failover", "zones"}  # a title, and a node's type


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("dynamo", ["orders"]),  # a prefix of the type's class, Dynamodb
        ("DynamoDB", ["orders"]),
        ("aws.database.Dynamodb", ["orders"]),  # the type name as the source writes it
        ("orders tab", ["orders"]),  # a node label, each word a prefix
        ("Health", ["failover"]),  # a node label
        ("zone APEX", ["zones"]),
        ("serv", ["orders", "plain"]),  # Serverless, server
        ("web server plain", ["plain"]),  # every word must be found
        ("web route53", []),
    ],
)
def test_prefixes_node_labels_and_service_types_are_searched(dns_library, typed, found):
    with Library(dns_library) as library:
        assert sorted(ids(library, typed)) == found


def test_text_without_letters_or_digits_matches_nothing_and_blank_text_everything(dns_library):
    with Library(dns_library) as library:
        assert library.summaries("%") == [] and library.summaries(" — ") == []
        assert library.summaries("  ") == library.summaries()


def test_a_title_hit_comes_before_a_body_hit_and_ties_keep_the_list_order(tmp_path):
    db = small_library(
        tmp_path,
        source("body-hit", "Slow links", number=1, situation="The zephyr link drops packets."),
        source("title-hit", "Zephyr link", number=2),
        source("tie-b", "Quiet zephyr", number=3),
        source("tie-a", "Quiet zephyr", number=4),
    )
    with Library(db) as library:
        assert ids(library, "") == ["body-hit", "title-hit", "tie-b", "tie-a"]
        found = ids(library, "zephyr")
        assert found.index("title-hit") < found.index("body-hit")
        scores = search.scores(library._conn, search.match_expression("zephyr"))
        assert scores["tie-a"] == scores["tie-b"]  # a real tie: the list's order decides
        assert found.index("tie-b") < found.index("tie-a")
        assert library.search_fallback is None  # the library's own index answered


def indexed_text(scenario) -> str:
    """What the index holds of a scenario, gathered from the model (not the tables)."""
    parts = [scenario.id, scenario.title, scenario.summary, scenario.situation, scenario.question]
    parts += [r.text for r in scenario.requirements]
    parts += [f"{n.label} {n.type}" for n in scenario.nodes] + [e.label for e in scenario.edges]
    parts += [g.label for g in scenario.option_groups] + [o.label for g in scenario.option_groups for o in g.options]
    parts += [f"{p.title} {p.summary}" for p in scenario.phases]
    parts += [f"{c.service} {c.configuration}" for c in scenario.cost_items]
    return " ".join(parts)


def test_the_bundled_library_finds_every_way_route_53_is_written(library_db, scenarios):
    written = {i for i, s in scenarios.items() if re.search(r"route\W*53", indexed_text(s), re.IGNORECASE)}
    assert written
    with Library(library_db) as library:
        found = [set(ids(library, typed)) for typed in ("Route53", "Route 53", "route-53")]
    assert found[0] == found[1] == found[2] and written <= found[0]


def test_search_text_is_never_read_as_syntax(library_db):
    with Library(library_db) as library:
        assert ids(library, 'snowball" OR "pilot') == ids(library, "snowball or pilot")  # OR is a word here
        assert set(ids(library, "snowball or pilot")) <= set(ids(library, "snowball"))
        for typed in ['"', "NEAR(", "* ^ -x", "' or 1=1 --", "a AND", "{title}: x", "\\"]:
            library.summaries(typed)  # no error
        assert "disaster-recovery" in ids(library, "pilot%light")  # % is punctuation, not a wildcard


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
@example("\U00016a60")  # MRO DIGIT ZERO: a digit outside 0-9 that the parts once dropped
@example("\U00016a600")
@example("٣٤ route")
def test_any_text_makes_a_valid_query(typed):
    expression = search.match_expression(typed)
    if expression is None:
        assert not re.search(r"[^\W_]", typed)
        return
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(search.SEARCH_DDL)
        conn.execute(f"insert into {SEARCH_TABLE} values ('x', ?, '', '', '')", (search.expand(typed),))
        assert "x" in search.scores(conn, expression)  # the text finds itself
    finally:
        conn.close()


# --- kept in step -----------------------------------------------------------------------


def test_an_import_keeps_the_index_in_step(user_db, tmp_path):
    import_scenario(user_db, source("kite", "Kite surfing telemetry"), "kite.yaml")
    with Library(user_db) as library:
        assert ids(library, "kite surf") == ["kite"]
        assert library.search_fallback is None
    import_scenario(user_db, source("kite", "Glider telemetry"), "kite.yaml", replace=True)
    with Library(user_db) as library:
        assert ids(library, "kite surf") == [] and ids(library, "glider") == ["kite"]
        assert library.search_fallback is None
        assert search.index_problem(library._conn) is None


def test_an_import_writes_the_index_in_its_own_transaction(user_db, monkeypatch):
    from explorer.library import writer

    def index_then_fail(conn, scenario_id):
        search.index_scenario(conn, scenario_id)
        raise sqlite3.OperationalError("disk I/O error")

    before = user_db.read_bytes()
    monkeypatch.setattr(writer, "index_scenario", index_then_fail)
    with pytest.raises(LibraryError, match="nothing was changed"):
        import_scenario(user_db, source("kite", "Kite surfing"), "kite.yaml")
    assert user_db.read_bytes() == before


def test_a_migration_step_can_run_on_a_library_that_has_the_index(library_db):
    conn = sqlite3.connect(library_db)
    try:
        with conn:
            MIGRATIONS[2](conn)  # a half-upgraded file is made whole, not refused
        assert search.index_problem(conn) is None
        assert conn.execute(f"select count(*) from {SEARCH_TABLE}").fetchone()[0] == 20
    finally:
        conn.close()


# --- libraries made before the index, and tampered ones -------------------------------


def without_index(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"drop table {SEARCH_TABLE}")
        conn.execute("update meta set value = ? where key = 'schema_version'", (str(version),))
    conn.close()


QUERIES = ["Route53", "dynamo", "snowball", "direct connect", "aws.network.ELB", "pilot light", "cost"]


@pytest.fixture(scope="module")
def expected() -> dict[str, list[str]]:
    with Library(BUNDLED_DB, upgrade=False) as library:
        assert library.search_fallback is None
        return {typed: ids(library, typed) for typed in QUERIES}


def test_a_library_from_before_the_index_is_upgraded_and_searched(library_db, expected):
    without_index(library_db, 2)
    with Library(library_db) as library:
        assert library.upgraded_from == 2 and library.backup is not None and library.backup.exists()
        assert {typed: ids(library, typed) for typed in QUERIES} == expected
        assert library.search_fallback is None  # the index was built into the file
    with pytest.raises(LibraryError, match="older schema"):
        Library(library.backup, upgrade=False)  # the backup is the old file, as it was


def test_a_library_that_lost_its_index_is_searched_in_memory(library_db, expected):
    without_index(library_db, 3)
    before = library_db.read_bytes()
    with Library(library_db) as library:
        assert {typed: ids(library, typed) for typed in QUERIES} == expected
        assert "no search index" in library.search_fallback
    assert library_db.read_bytes() == before  # reading never writes


TAMPERINGS = {
    "rows removed": f"delete from {SEARCH_TABLE} where scenario_id in ('disaster-recovery', 'multi-region')",
    "rows renamed": f"update {SEARCH_TABLE} set scenario_id = 'ghost' where scenario_id = 'large-data-migration'",
    "rows doubled": f"insert into {SEARCH_TABLE} select * from {SEARCH_TABLE}",
    "blocks scrambled": f"update {SEARCH_TABLE}_data set block = randomblob(length(block)) where id > 10",
    "a view instead": f"drop table {SEARCH_TABLE}; create view {SEARCH_TABLE} as select id as scenario_id, "
    "title, summary, '' as body, '' as diagram from scenarios",
    "a plain table instead": f"drop table {SEARCH_TABLE}; create table {SEARCH_TABLE} "
    "(scenario_id, title, summary, body, diagram)",
    "another tokenizer": f"drop table {SEARCH_TABLE}; create virtual table {SEARCH_TABLE} using fts5"
    "(scenario_id unindexed, title, summary, body, diagram, tokenize = 'trigram')",
    "an index of its own": f"create index sneaky on {SEARCH_TABLE}_content (c1)",
}


@pytest.mark.parametrize("tampering", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_a_tampered_index_is_searched_around(library_db, expected, tampering):
    conn = sqlite3.connect(library_db)
    conn.executescript(tampering)
    conn.close()
    with Library(library_db) as library:
        assert {typed: ids(library, typed) for typed in QUERIES} == expected
        assert library.search_fallback and "index built in memory" in library.search_fallback
    result = invoke("--db", library_db, "list", "--search", "Route53", "--json")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("tampering", ["a view instead", "blocks scrambled", "another tokenizer", "rows doubled"])
def test_an_import_mends_a_tampered_index(library_db, expected, tampering):
    conn = sqlite3.connect(library_db)
    conn.executescript(TAMPERINGS[tampering])
    conn.close()
    import_scenario(library_db, source("kite", "Kite surfing"), "kite.yaml")
    with Library(library_db) as library:
        assert ids(library, "kite") == ["kite"]
        assert {typed: ids(library, typed) for typed in QUERIES} == expected
        assert library.search_fallback is None


def test_values_that_are_not_text_are_left_out_of_an_index_built_in_memory(library_db):
    without_index(library_db, 3)
    conn = sqlite3.connect(library_db)
    with conn:
        conn.execute("update scenarios set search_text = x'3432' where id = 'large-data-migration'")
        conn.execute("update nodes set label = x'00ff', type = x'37' where scenario_id = 'large-data-migration'")
    conn.close()
    with Library(library_db) as library:
        title = next(s.title for s in library.summaries() if s.id == "large-data-migration")
        assert "large-data-migration" in ids(library, title)  # its title is still text
        [(_, _, _, body, diagram)] = search.documents(library._conn, "large-data-migration")
        assert "42" not in body.split() and "7" not in diagram.split() and "00ff" not in diagram.lower()
