"""Fault injection: every broken input or failing dependency gets one clear message, and
nothing the user had is lost."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

import explorer.library.files
import explorer.library.store
import explorer.library.writer
from explorer.library.problems import SourceError
from explorer.library.store import Library, LibraryError
from explorer.library.writer import import_scenario
from tests.conftest import SOURCES
from tests.helpers import TINY, digest, invoke, one_line_failure

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
    result = invoke("--db", str(user_db), "import", str(source))
    assert result.exit_code == 1 and "Traceback" not in result.output and "is unchanged" in result.output


def test_existing_id_needs_replace(user_db, tmp_path):
    source = tmp_path / "dr.yaml"
    shutil.copyfile(SOURCES / "06-disaster-recovery.yaml", source)
    before = digest(user_db)
    assert "add --replace" in one_line_failure("--db", str(user_db), "import", str(source))
    assert digest(user_db) == before
    result = invoke("--db", str(user_db), "import", str(source), "--replace")
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
    assert invoke("--db", str(user_db), "dump", "6", "-o", str(out)).exit_code == 0
    assert out.read_text() == (SOURCES / "06-disaster-recovery.yaml").read_text()
    changed = out.read_text().replace("id: disaster-recovery", "id: dr-copy").replace("number: 6", "number: 66")
    (tmp_path / "copy.yaml").write_text(changed)
    assert invoke("--db", str(user_db), "import", str(tmp_path / "copy.yaml")).exit_code == 0
    back = tmp_path / "back.yaml"
    assert invoke("--db", str(user_db), "dump", "dr-copy", "-o", str(back)).exit_code == 0
    assert back.read_text() == changed
    library = Library(user_db)
    assert library.get("dr-copy").model_dump(exclude={"id", "number"}) == library.get("6").model_dump(
        exclude={"id", "number"}
    )


def test_import_creates_the_named_library(tmp_path):
    target = tmp_path / "new.db"
    source = tmp_path / "mine.yaml"
    source.write_text(VALID)
    result = invoke("--db", str(target), "import", str(source))
    assert result.exit_code == 0, result.output
    ids = {s.id for s in Library(target).summaries()}
    assert "my-scenario" in ids and "disaster-recovery" in ids
