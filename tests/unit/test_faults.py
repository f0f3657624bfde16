"""Fault injection: every broken input or failing dependency gets one clear message, and
nothing the user had is lost."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import explorer.library.files
import explorer.library.store
import explorer.library.writer
from explorer.cli import main
from explorer.domain.compose import compose
from explorer.drawing.render import GraphvizMissing, RenderError, clear_memory_cache, dot_source, run_dot
from explorer.library.source import SourceError
from explorer.library.store import SCHEMA_VERSION, Library, LibraryError
from explorer.library.writer import create_user_library, import_scenario

from ..conftest import BUNDLED_DB, SOURCES
from ..samples import TINY


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_failure(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("explorer: ") or "explorer: " in result.output
    return result.output


@pytest.fixture
def user_db(tmp_path) -> Path:
    path = tmp_path / "mine.db"
    create_user_library(path, BUNDLED_DB)
    return path


# --- databases -------------------------------------------------------------------------


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
    for offset in range(4096, len(data), 4096):  # scribble over the start of every page
        data[offset : offset + 64] = os.urandom(64)
    broken.write_bytes(bytes(data))
    with pytest.raises(LibraryError) as caught:
        lib = Library(broken)
        for s in lib.summaries():
            lib.get(s.id)
    assert "\n" not in str(caught.value)


def make_old_library(path: Path) -> None:
    shutil.copyfile(BUNDLED_DB, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("drop table takeaways")
        conn.execute("update meta set value = '1' where key = 'schema_version'")
    conn.close()


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
    monkeypatch.setattr(explorer.library.store, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(user_db, isolation_level=None)
    holder.execute("begin exclusive")
    try:
        with pytest.raises(LibraryError, match="locked by another program"):
            Library(user_db)
        before = digest(user_db)
        with pytest.raises(LibraryError, match="locked"):
            conn_timeout = explorer.library.writer.sqlite3.connect
            monkeypatch.setattr(
                explorer.library.writer.sqlite3, "connect", lambda *a, **k: conn_timeout(*a, **{**k, "timeout": 0.2})
            )
            monkeypatch.setattr(explorer.library.writer, "Library", lambda p: _FakeOpen())
            import_scenario(user_db, (SOURCES / "06-disaster-recovery.yaml").read_text(), "x.yaml", replace=True)
    finally:
        holder.execute("rollback")
        holder.close()
    assert digest(user_db) == before


class _FakeOpen:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def check_writable(self):
        return None


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


# --- importing -----------------------------------------------------------------------------

VALID = TINY.replace("id: tiny", "id: my-scenario")

BROKEN = {
    "malformed YAML": (VALID.replace("  - title: Data", "  - title: [oops"), "not valid YAML"),
    "wrong type": (VALID.replace("phase: 2", "phase: two"), "nodes[1].phase"),
    "missing field": (VALID.replace("title: Tiny\n", ""), "title: this required field is missing"),
    "unknown node class": (VALID.replace("aws.database.RDS", "aws.database.Oracle9i"), "not a diagrams node class"),
    "edge to a missing node": (VALID.replace("target: db", "target: cache"), "no node with id 'cache'"),
    "duplicate node id": (VALID.replace("  - id: db", "  - id: web"), "duplicate node id 'web'"),
    "phase that adds nothing": (VALID.replace("    phase: 2\n", ""), "phase 2 adds nothing"),
    "10,000 nodes": (
        VALID.replace(
            "nodes:\n",
            "nodes:\n" + "".join(f"  - {{id: n{i}, type: aws.compute.EC2, label: N}}\n" for i in range(10_000)),
        ),
        "the limit is 400",
    ),
    "1 MB label": (
        VALID.replace("label: Web", "label: " + "x" * 1_000_000),
        "longer than the limit of 2,000 characters",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_rejected_sources_name_file_line_and_reason(user_db, tmp_path, case):
    text, expected = BROKEN[case]
    source = tmp_path / "mine.yaml"
    source.write_text(text)
    before = digest(user_db)
    with pytest.raises(SourceError) as caught:
        import_scenario(user_db, text, str(source))
    problems = [str(p) for p in caught.value.problems]
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(str(source)) for p in problems)
    assert all(p.line for p in caught.value.problems)
    assert digest(user_db) == before  # byte for byte
    result = CliRunner().invoke(main, ["--db", str(user_db), "import", str(source)])
    assert result.exit_code == 1 and "Traceback" not in result.output and "is unchanged" in result.output


def test_existing_id_needs_replace(user_db, tmp_path):
    source = tmp_path / "dr.yaml"
    shutil.copyfile(SOURCES / "06-disaster-recovery.yaml", source)
    before = digest(user_db)
    assert "add --replace" in one_line_failure("--db", str(user_db), "import", str(source))
    assert digest(user_db) == before
    result = CliRunner().invoke(main, ["--db", str(user_db), "import", str(source), "--replace"])
    assert result.exit_code == 0


def test_taken_number_is_refused(user_db):
    text = VALID.replace("id: my-scenario", "id: my-scenario\nnumber: 6")
    with pytest.raises(LibraryError, match="number 6 already belongs to 'disaster-recovery'"):
        import_scenario(user_db, text, "mine.yaml")


def test_import_is_one_transaction(user_db, monkeypatch):
    before = digest(user_db)
    real = explorer.library.writer._insert_rows

    def fail_half_way(conn, rows):
        real(conn, {"scenarios": rows["scenarios"]})
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(explorer.library.writer, "_insert_rows", fail_half_way)
    with pytest.raises(LibraryError, match="nothing was changed"):
        import_scenario(user_db, VALID, "mine.yaml")
    assert digest(user_db) == before
    assert "my-scenario" not in {s.id for s in Library(user_db).summaries()}


def test_dump_then_import_round_trips_exactly(user_db, tmp_path):
    out = tmp_path / "dr.yaml"
    assert CliRunner().invoke(main, ["--db", str(user_db), "dump", "6", "-o", str(out)]).exit_code == 0
    assert out.read_text() == (SOURCES / "06-disaster-recovery.yaml").read_text()
    changed = out.read_text().replace("id: disaster-recovery", "id: dr-copy").replace("number: 6", "number: 66")
    (tmp_path / "copy.yaml").write_text(changed)
    assert CliRunner().invoke(main, ["--db", str(user_db), "import", str(tmp_path / "copy.yaml")]).exit_code == 0
    back = tmp_path / "back.yaml"
    assert CliRunner().invoke(main, ["--db", str(user_db), "dump", "dr-copy", "-o", str(back)]).exit_code == 0
    assert back.read_text() == changed
    library = Library(user_db)
    assert library.get("dr-copy").model_dump(exclude={"id", "number"}) == library.get("6").model_dump(
        exclude={"id", "number"}
    )


def test_import_creates_the_named_library(tmp_path):
    target = tmp_path / "new.db"
    source = tmp_path / "mine.yaml"
    source.write_text(VALID)
    result = CliRunner().invoke(main, ["--db", str(target), "import", str(source)])
    assert result.exit_code == 0, result.output
    ids = {s.id for s in Library(target).summaries()}
    assert "my-scenario" in ids and "disaster-recovery" in ids


# --- Graphviz and the file system -----------------------------------------------------------


def fake_dot(folder: Path, body: str) -> None:
    script = folder / "dot"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_graphviz_missing(scenarios, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    clear_memory_cache()
    with pytest.raises(GraphvizMissing, match="apt-get install graphviz"):
        run_dot(dot_source(compose(scenarios["disaster-recovery"])))


def test_graphviz_missing_on_the_command_line(library_db, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    clear_memory_cache()
    message = one_line_failure("--db", str(library_db), "export", "7", "--phase", "3", "-o", str(tmp_path / "x.png"))
    assert "Graphviz" in message and "install" in message
    assert not (tmp_path / "x.png").exists()


def test_graphviz_hanging_is_stopped(scenarios, monkeypatch, tmp_path):
    fake_dot(tmp_path, "sleep 30")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setenv("SCENARIO_EXPLORER_DOT_TIMEOUT", "0.5")
    clear_memory_cache()
    with pytest.raises(RenderError, match=r"longer than 0\.5 seconds"):
        run_dot(dot_source(compose(scenarios["hybrid-connectivity"], phase=1)))


def test_graphviz_crashing(scenarios, monkeypatch, tmp_path):
    fake_dot(tmp_path, "kill -SEGV $$")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    clear_memory_cache()
    with pytest.raises(RenderError, match="crashed"):
        run_dot(dot_source(compose(scenarios["hybrid-connectivity"], phase=2)))


def test_export_into_a_missing_or_impossible_folder(library_db, tmp_path):
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    for target in (tmp_path / "missing" / "x.png", a_file / "x.png"):
        message = one_line_failure("--db", str(library_db), "export", "6", "-o", str(target))
        assert "cannot write" in message and "does not exist" in message


def test_a_full_disk_leaves_no_partial_file(library_db, tmp_path, monkeypatch):
    target = tmp_path / "slide.png"
    target.write_bytes(b"the previous export")

    def no_space(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(explorer.library.files.os, "fsync", no_space)
    message = one_line_failure("--db", str(library_db), "export", "6", "-o", str(target))
    assert "No space left on device" in message
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db", "slide.png"]
