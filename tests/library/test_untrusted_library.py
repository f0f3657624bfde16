"""A library file is untrusted input: whatever it holds, every command gives one clear
line (never a traceback), nothing in it runs, and nothing the user had is lost."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from explorer.library.store import Library, LibraryError
from tests.conftest import BUNDLED_DB, ROOT
from tests.helpers import invoke, one_line_failure


def crafted(tmp_path: Path, *statements: str, name: str = "crafted.db") -> Path:
    path = tmp_path / name
    shutil.copyfile(BUNDLED_DB, path)
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("statement", "command", "expected"),
    [
        ("update scenarios set id = null where number = 6", ["list"], "damaged: scenarios.id of 'row"),
        ("update scenarios set id = x'00ff' where number = 6", ["list"], "damaged: scenarios.id of 'row"),
        ("update scenarios set id = 4.5 where number = 6", ["show", "1"], "damaged: scenarios.id of 'row"),
        (
            "update scenarios set number = x'0102' where id = 'disaster-recovery'",
            ["list"],
            "damaged: scenarios.number of 'disaster-recovery'",
        ),
        (
            "update scenarios set kind = 'evil' where number = 2",
            ["list"],
            "damaged: scenarios.kind of 'high-availability'",
        ),
        (
            "update scenarios set title = null where number = 2",
            ["list"],
            "damaged: scenarios.title of 'high-availability'",
        ),
        (
            "update scenarios set title = 'a' || char(27) || ']0;pwned' || char(7) where number = 2",
            ["list"],
            "damaged: scenarios.title of 'high-availability'",
        ),
        (
            "update scenarios set source_yaml = null where number = 6",
            ["dump", "6", "-o", "{tmp}/out.yaml"],
            "damaged: scenarios.source_yaml of 'disaster-recovery'",
        ),
        (
            "update scenarios set data = null where number = 6",
            ["show", "6"],
            "damaged: scenarios.data of 'disaster-recovery'",
        ),
        (
            "update scenarios set data = '{\"id\": 1}' where number = 6",
            ["show", "6"],
            "damaged: scenarios.data of 'disaster-recovery'",
        ),
        (
            "update scenarios set data = json_set(data, '$.id', 'other') where number = 6",
            ["show", "6"],
            "damaged: scenarios.data of 'disaster-recovery'",
        ),
        (
            "update scenarios set data = json_set(data, '$.edges[0].target', 'nowhere') where number = 6",
            ["export", "6", "-o", "{tmp}/x.png"],
            "damaged: scenarios.data of 'disaster-recovery'",
        ),
        (
            "update takeaways set scenario_ids = null where position = 1",
            ["overview"],
            "damaged: takeaways.scenario_ids of 1",
        ),
        (
            "update takeaways set scenario_ids = '[1, {' where position = 1",
            ["overview"],
            "damaged: takeaways.scenario_ids of 1",
        ),
        ("update takeaways set text = x'00' where position = 2", ["overview"], "damaged: takeaways.text of 2"),
        (
            "update meta set value = x'00' where key = 'overview_title'",
            ["overview"],
            "damaged: meta.value of 'overview_title'",
        ),
    ],
)
def test_damaged_values_get_one_line(tmp_path, statement, command, expected):
    db = crafted(tmp_path, statement)
    line = one_line_failure("--db", str(db), *[c.format(tmp=tmp_path) for c in command])
    assert expected in line


@pytest.mark.parametrize("version", ["0", "²", "٣", "-1", "1e3", "99999999999999999999"])
def test_odd_schema_versions_are_refused_without_a_backup(tmp_path, version):
    db = crafted(tmp_path, f"update meta set value = '{version}' where key = 'schema_version'")
    before = db.read_bytes()
    line = one_line_failure("--db", str(db), "list")
    assert "not a Scenario Explorer library" in line or "newer Scenario Explorer" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crafted.db"]  # no backup left behind
    assert db.read_bytes() == before


def test_a_failed_upgrade_leaves_no_backup(tmp_path):
    db = crafted(
        tmp_path,
        "update meta set value = '1' where key = 'schema_version'",
        "create trigger sneaky after update on meta begin delete from scenarios; end",
    )
    line = one_line_failure("--db", str(db), "list")
    assert "contains triggers ('sneaky')" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crafted.db"]
    assert sqlite3.connect(db).execute("select count(*) from scenarios").fetchone()[0] == 20


def test_a_view_in_place_of_a_table_is_refused(tmp_path):
    db = crafted(
        tmp_path,
        "alter table scenarios rename to real_scenarios",
        "create view scenarios as with recursive n(i) as (select 1 union all select i + 1 from n) "
        "select i as rowid, 'x' || i as id, i as number, 'scenario' as kind, 't' as title, '' as summary, '' as search_text, "
        "'' as data, '' as source_file, '' as source_yaml from n",
    )
    assert "its table 'scenarios' is a view" in one_line_failure("--db", str(db), "list")


def test_views_and_triggers_in_the_file_never_run(tmp_path):
    db = crafted(
        tmp_path,
        "create view forever as with recursive n(i) as (select 1 union all select i + 1 from n) select i from n",
        "create trigger wipe after insert on scenarios begin delete from scenarios; end",
    )
    result = invoke("--db", str(db), "list")
    assert result.exit_code == 0 and len(result.output.splitlines()) == 20
    assert invoke("--db", str(db), "show", "6").exit_code == 0
    source = tmp_path / "tiny.yaml"
    source.write_text(
        "id: tiny\ntitle: Tiny\nnodes:\n  - {id: a, type: aws.compute.EC2, label: A}\nphases:\n  - title: One\n"
    )
    before = db.read_bytes()
    line = one_line_failure("import", str(source), "--db", str(db))
    assert "contains triggers ('wipe')" in line
    assert db.read_bytes() == before


@pytest.mark.parametrize("ident", ["99999999999999999999999", "²", "٣", "6; drop table scenarios", "x" * 300])
def test_odd_scenario_ids_get_one_line(ident):
    assert "no scenario" in one_line_failure("show", ident)


# --- an interrupted write ------------------------------------------------------------

CRASH_DURING_IMPORT = textwrap.dedent(
    """\
    import os, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("pragma cache_size = 1")  # spill changed pages into the file before the commit
    conn.execute("begin immediate")
    conn.execute("update scenarios set search_text = search_text || hex(randomblob(2000))")
    conn.execute("delete from nodes")
    os._exit(1)  # the power goes: no commit, no rollback
    """
)


def test_a_library_left_by_a_crash_during_an_import_is_rolled_back(tmp_path):
    db = crafted(tmp_path, "select 1")
    subprocess.run([sys.executable, "-c", CRASH_DURING_IMPORT, str(db)], check=False)
    journal = db.with_name(db.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0  # a hot journal is left
    with Library(db) as library:
        assert len(library.summaries()) == 20
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    assert conn.execute("select count(*) from nodes").fetchone()[0] > 0
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_a_hot_journal_that_cannot_be_rolled_back_is_explained(tmp_path, monkeypatch):
    db = crafted(tmp_path, "select 1")
    subprocess.run([sys.executable, "-c", CRASH_DURING_IMPORT, str(db)], check=False)
    real_access = os.access
    monkeypatch.setattr(
        "explorer.library.store.os.access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    with pytest.raises(LibraryError) as caught:
        Library(db)
    message = str(caught.value)
    assert "half-written by an interrupted write" in message and "Copy both files" in message
    assert "\n" not in message


def test_a_wal_library_on_read_only_media_opens(tmp_path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("needs unshare -rm to mount a read-only folder (user namespaces)")
    media = tmp_path / "media"
    media.mkdir()
    db = media / "wal.db"
    shutil.copyfile(BUNDLED_DB, db)
    conn = sqlite3.connect(db)
    assert conn.execute("pragma journal_mode = wal").fetchone()[0] == "wal"
    conn.close()
    script = f"mount --bind -o ro {media} {media} && {sys.executable} -m explorer --db {db} list"
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 20


# --- imports: all or nothing ----------------------------------------------------------

TINY_NUMBER_6 = (
    "id: tiny\nnumber: 6\ntitle: Tiny\nnodes:\n  - {id: a, type: aws.compute.EC2, label: A}\nphases:\n  - title: One\n"
)


def test_a_failed_import_into_a_new_library_leaves_nothing(tmp_path):
    from explorer.library.problems import SourceError
    from explorer.library.writer import import_scenario

    new = tmp_path / "new.db"
    with pytest.raises(SourceError):
        import_scenario(new, "id: [broken", "bad.yaml", template=BUNDLED_DB)
    with pytest.raises(LibraryError, match="number 6 already belongs to 'disaster-recovery'"):
        import_scenario(new, TINY_NUMBER_6, "tiny.yaml", template=BUNDLED_DB)
    assert list(tmp_path.iterdir()) == []
    scenario = import_scenario(new, TINY_NUMBER_6.replace("number: 6", "number: 99"), "tiny.yaml", template=BUNDLED_DB)
    with Library(new) as library:
        assert library.get("99").id == scenario.id == "tiny"
    assert [p.name for p in tmp_path.iterdir()] == ["new.db"]


def test_a_cancelled_import_changes_nothing(tmp_path):
    import threading

    from explorer.library.writer import ImportCancelled, import_scenario

    db = crafted(tmp_path, "select 1")
    before = db.read_bytes()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        import_scenario(db, TINY_NUMBER_6.replace("number: 6", "number: 99"), "tiny.yaml", cancel=cancel)
    assert db.read_bytes() == before


def test_a_read_only_file_system_for_a_new_library_is_explained(tmp_path, monkeypatch):
    import errno

    from explorer.library.writer import import_scenario

    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # the folder is on a read-only file system
        if flags & os.O_CREAT and Path(path).parent == tmp_path:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(LibraryError, match="Read-only file system; choose a writable folder"):
        import_scenario(
            tmp_path / "new.db", TINY_NUMBER_6.replace("number: 6", "number: 99"), "t.yaml", template=BUNDLED_DB
        )
    assert list(tmp_path.iterdir()) == []


def test_a_failed_cli_import_into_a_new_library_leaves_no_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: tiny\ntitle: Tiny\nnodes: []\nphases:\n  - title: One\n")
    result = invoke("import", str(bad), "--db", str(tmp_path / "new.db"))
    assert result.exit_code == 1 and "nothing was created" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]
