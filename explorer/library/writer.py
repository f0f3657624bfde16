"""Writing scenario libraries: building one from YAML sources, and importing into one.

A build writes a complete new database beside the target and moves it into place, so a
failed build leaves any existing file untouched. An import validates the scenario
first and then writes it in a single SQLite transaction: on any error the database
file is left byte-for-byte as it was. The bundled library is never written by normal
use; imports go to a library the user names (created as a copy of the bundled one).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.library.store import SCHEMA_VERSION, Library, LibraryError, connect_for_writing, refuse_triggers

if TYPE_CHECKING:
    from explorer.domain.model import Overview, Scenario


def read_sources(folder: Path) -> list[tuple[Path, str, Scenario]]:
    """Every ``*.yaml`` scenario in ``folder``, validated; SourceError lists all problems."""
    from explorer.library.source import Problem, SourceError, load_scenario_text

    loaded: list[tuple[Path, str, Scenario]] = []
    problems = []
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        try:
            loaded.append((path, text, load_scenario_text(text, str(path))))
        except SourceError as err:
            problems += err.problems
    seen: dict[str, Path] = {}
    numbers: dict[int, Path] = {}
    for path, _, scenario in loaded:
        if scenario.id in seen:
            problems.append(Problem(str(path), 1, "id", f"{scenario.id!r} is also the id of {seen[scenario.id]}"))
        seen[scenario.id] = path
        if scenario.number is not None:
            if scenario.number in numbers:
                problems.append(
                    Problem(
                        str(path), 1, "number", f"{scenario.number} is also the number of {numbers[scenario.number]}"
                    )
                )
            numbers[scenario.number] = path
    if problems:
        raise SourceError(problems)
    return loaded


def overview_path(sources: Path) -> Path:
    """The overview file that goes with a folder of sources (``assets/overview.yaml``)."""
    return Path(sources).parent / "overview.yaml"


def read_overview(path: Path, scenario_ids: set[str]) -> Overview | None:
    """The overview at ``path`` (None if there is none), its links checked."""
    from explorer.domain.model import Overview
    from explorer.library.source import Problem, SourceError, parse_yaml

    if not path.exists():
        return None
    data, lines = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    try:
        overview = Overview.model_validate(data)
    except ValueError as err:
        raise SourceError([Problem(str(path), None, "", str(err).splitlines()[0])]) from None
    problems = [
        Problem(
            str(path),
            lines.get(("takeaways", i, "scenarios", j)),
            f"takeaways[{i}].scenarios[{j}]",
            f"no scenario with id {sid!r}",
        )
        for i, takeaway in enumerate(overview.takeaways)
        for j, sid in enumerate(takeaway.scenarios)
        if sid not in scenario_ids
    ]
    if problems:
        raise SourceError(problems)
    return overview


def sources_digest(sources: Iterable[tuple[Path, str, Scenario]], overview_text: str = "") -> str:
    digest = hashlib.sha256()
    for path, text, _ in sorted(sources, key=lambda item: item[0].name):
        digest.update(path.name.encode() + b"\0" + text.encode() + b"\0")
    if overview_text:
        digest.update(b"overview\0" + overview_text.encode())
    return digest.hexdigest()


def scenario_rows(source_file: str, text: str, s: Scenario) -> dict[str, list[dict[str, Any]]]:
    """The rows that store one scenario, by table."""
    return {
        "scenarios": [
            {
                "id": s.id,
                "number": s.number,
                "kind": s.kind,
                "title": s.title,
                "summary": s.summary,
                "search_text": s.search_text(),
                "data": s.model_dump_json(),
                "source_file": source_file,
                "source_yaml": text,
            }
        ],
        "requirements": [
            {
                "scenario_id": s.id,
                "position": i,
                "key": r.key,
                "kind": r.kind,
                "text": r.text,
                "metric": r.metric,
                "op": r.op,
                "target": r.target,
                "target_param": r.target_param,
            }
            for i, r in enumerate(s.requirements)
        ],
        "phases": [
            {"scenario_id": s.id, "number": i, "title": p.title, "duration": p.duration, "summary": p.summary}
            for i, p in enumerate(s.phases, start=1)
        ],
        "option_groups": [
            {"scenario_id": s.id, "key": g.key, "position": i, "label": g.label} for i, g in enumerate(s.option_groups)
        ],
        "options": [
            {
                "scenario_id": s.id,
                "group_key": g.key,
                "key": o.key,
                "position": i,
                "label": o.label,
                "recommended": int(o.recommended),
                "metrics": json.dumps({k: v.model_dump(exclude_defaults=True) for k, v in o.metrics.items()}),
            }
            for g in s.option_groups
            for i, o in enumerate(g.options)
        ],
        "cost_items": [
            {
                "scenario_id": s.id,
                "position": i,
                "service": c.service,
                "configuration": c.configuration,
                "monthly_usd": c.monthly_usd,
            }
            for i, c in enumerate(s.cost_items)
        ],
        "nodes": [
            {"scenario_id": s.id, "id": n.id, "type": n.type, "label": n.label, "cluster": n.cluster, "phase": n.phase}
            for n in s.nodes
        ],
        "edges": [
            {"scenario_id": s.id, "key": e.key, "source": e.source, "target": e.target, "label": e.label}
            for e in s.edges
        ],
    }


def _insert_rows(conn: sqlite3.Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Plain INSERTs on the caller's transaction (sqlite-utils would commit on its own)."""
    for table, items in rows.items():
        for item in items:
            columns = ", ".join(f"[{c}]" for c in item)
            marks = ", ".join("?" for _ in item)
            conn.execute(f"insert into [{table}] ({columns}) values ({marks})", list(item.values()))


_TABLE_COLUMNS = {
    "requirements": {
        "scenario_id": str,
        "position": int,
        "key": str,
        "kind": str,
        "text": str,
        "metric": str,
        "op": str,
        "target": float,
        "target_param": str,
    },
    "phases": {"scenario_id": str, "number": int, "title": str, "duration": str, "summary": str},
    "option_groups": {"scenario_id": str, "key": str, "position": int, "label": str},
    "options": {
        "scenario_id": str,
        "group_key": str,
        "key": str,
        "position": int,
        "label": str,
        "recommended": int,
        "metrics": str,
    },
    "cost_items": {"scenario_id": str, "position": int, "service": str, "configuration": str, "monthly_usd": float},
    "nodes": {"scenario_id": str, "id": str, "type": str, "label": str, "cluster": str, "phase": int},
    "edges": {"scenario_id": str, "key": str, "source": str, "target": str, "label": str},
}
_TABLE_KEYS = {
    "requirements": ("scenario_id", "key"),
    "phases": ("scenario_id", "number"),
    "option_groups": ("scenario_id", "key"),
    "options": ("scenario_id", "group_key", "key"),
    "cost_items": ("scenario_id", "position"),
    "nodes": ("scenario_id", "id"),
    "edges": ("scenario_id", "key"),
}


def create_schema(db: Any) -> None:
    """The tables of a library, created with sqlite-utils."""
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["scenarios"].create(
        {
            "id": str,
            "number": int,
            "kind": str,
            "title": str,
            "summary": str,
            "search_text": str,
            "data": str,
            "source_file": str,
            "source_yaml": str,
        },
        pk="id",
    )
    for table, columns in _TABLE_COLUMNS.items():
        db[table].create(columns, pk=_TABLE_KEYS[table], foreign_keys=[("scenario_id", "scenarios", "id")])
    db["takeaways"].create({"position": int, "text": str, "scenario_ids": str}, pk="position")
    db["meta"].insert_all([{"key": "schema_version", "value": str(SCHEMA_VERSION)}])


def digest_of_folder(sources: Path) -> str:
    """The ``built_from`` hash a database built from ``sources`` would carry."""
    overview_file = overview_path(sources)
    text = overview_file.read_text(encoding="utf-8") if overview_file.exists() else ""
    return sources_digest(read_sources(sources), text)


def build_library(sources: Path, db_path: Path) -> int:
    """Build a fresh database at ``db_path`` from the YAML files in ``sources``.

    The new database is written beside the target and moved into place only when
    complete, so a failed build leaves any existing file untouched.
    """
    import sqlite_utils

    loaded = read_sources(sources)
    overview_file = overview_path(sources)
    overview = read_overview(overview_file, {s.id for _, _, s in loaded})
    overview_text = overview_file.read_text(encoding="utf-8") if overview else ""
    db_path = Path(db_path)
    fd, tmp_name = tempfile.mkstemp(dir=db_path.parent, prefix=f".{db_path.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        db = sqlite_utils.Database(conn)
        with conn:
            create_schema(db)
            db["meta"].insert({"key": "built_from", "value": sources_digest(loaded, overview_text)})
            for path, text, scenario in loaded:
                _insert_rows(conn, scenario_rows(path.name, text, scenario))
            if overview is not None:
                db["meta"].insert({"key": "overview_title", "value": overview.title})
                db["meta"].insert({"key": "overview_intro", "value": overview.intro})
                db["takeaways"].insert_all(
                    (
                        {"position": i, "text": t.text, "scenario_ids": json.dumps(t.scenarios)}
                        for i, t in enumerate(overview.takeaways, start=1)
                    ),
                    pk="position",
                )
        conn.execute("VACUUM")
        conn.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a library is for sharing
        os.replace(tmp, db_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(loaded)


# --- importing ------------------------------------------------------------------------

SCENARIO_TABLES = ("requirements", "phases", "option_groups", "options", "cost_items", "nodes", "edges")


class ImportCancelled(Exception):
    """The user cancelled an import; the library is unchanged."""


def _private_copy(template: Path, folder: Path, name: str) -> Path:
    """A copy of ``template`` under a temporary name in ``folder``, readable as a library."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".se-", suffix=".db.part")
    os.close(fd)
    try:
        shutil.copyfile(template, tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a library is for sharing
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _move_into_place(tmp: Path, path: Path) -> None:
    """Give ``tmp`` the name ``path``, never replacing a file that appeared meanwhile."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise LibraryError(f"{path} appeared while the new library was being written; nothing was changed") from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise LibraryError(
                f"{path} appeared while the new library was being written; nothing was changed"
            ) from None
        os.replace(tmp, path)
    tmp.unlink(missing_ok=True)


def _create_problem(path: Path, err: OSError) -> LibraryError:
    return LibraryError(f"cannot create {path}: {err.strerror or err}; choose a writable folder")


def create_user_library(path: Path, template: Path) -> None:
    """A new library at ``path``: a copy of ``template`` (the bundled library), atomically."""
    path = Path(path)
    if path.exists():
        raise LibraryError(f"{path} already exists")
    if not path.parent.is_dir():
        raise LibraryError(f"cannot create {path}: the folder {str(path.parent)!r} does not exist")
    try:
        tmp = _private_copy(template, path.parent, path.name)
        try:
            _move_into_place(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as err:
        raise _create_problem(path, err) from None


def import_scenario(
    db_path: Path,
    text: str,
    file: str,
    replace: bool = False,
    template: Path | None = None,
    cancel: threading.Event | None = None,
) -> Scenario:
    """Validate a scenario source and add it to the library at ``db_path``.

    Raises SourceError (every problem, with file and line), LibraryError (the database
    refused, or the id or number is taken and ``replace`` is not set) or ImportCancelled
    (``cancel`` was set before the change was committed). On any error the database is
    unchanged. If ``db_path`` does not exist and ``template`` is given, the library is
    created as a copy of ``template`` with the scenario in it, all or nothing: a failed
    import leaves no new file behind.
    """
    from explorer.library.source import load_scenario_text

    db_path = Path(db_path)
    scenario = load_scenario_text(text, file)
    if cancel is not None and cancel.is_set():
        raise ImportCancelled()
    if template is not None and not db_path.exists():
        if not db_path.parent.is_dir():
            raise LibraryError(f"cannot create {db_path}: the folder {str(db_path.parent)!r} does not exist")
        try:
            tmp = _private_copy(template, db_path.parent, db_path.name)
        except OSError as err:
            raise _create_problem(db_path, err) from None
        try:
            _import_into(tmp, db_path, text, file, scenario, replace, cancel)
            _move_into_place(tmp, db_path)
        except OSError as err:
            raise _create_problem(db_path, err) from None
        finally:
            tmp.unlink(missing_ok=True)
        return scenario
    with Library(db_path) as library:  # checks the file, migrating an older schema first
        library.check_writable()
    _import_into(db_path, db_path, text, file, scenario, replace, cancel)
    return scenario


def _import_into(
    path: Path, shown: Path, text: str, file: str, scenario: Scenario, replace: bool, cancel: threading.Event | None
) -> None:
    """One transaction on the library file ``path`` (named ``shown`` in messages)."""
    try:
        conn = connect_for_writing(path)
    except sqlite3.Error as err:
        raise LibraryError(_write_problem(shown, err)) from None
    try:
        refuse_triggers(conn, shown)
        conn.execute("begin immediate")
        try:
            taken = conn.execute("select id from scenarios where id = ?", (scenario.id,)).fetchone()
            if taken and not replace:
                raise LibraryError(
                    f"{shown} already has a scenario with id {scenario.id!r}; add --replace to overwrite it"
                )
            if scenario.number is not None:
                other = conn.execute(
                    "select id from scenarios where number = ? and id != ?", (scenario.number, scenario.id)
                ).fetchone()
                if other:
                    raise LibraryError(f"number {scenario.number} already belongs to {other[0]!r} in {shown}")
            for table in SCENARIO_TABLES:
                conn.execute(f"delete from [{table}] where scenario_id = ?", (scenario.id,))
            conn.execute("delete from scenarios where id = ?", (scenario.id,))
            _insert_rows(conn, scenario_rows(Path(file).name, text, scenario))
            old = conn.execute("select value from meta where key = 'built_from'").fetchone()
            previous = old[0] if old and isinstance(old[0], str) else ""
            revision = hashlib.sha256((previous + "\0" + text).encode("utf-8", "surrogatepass")).hexdigest()
            conn.execute("insert or replace into meta (key, value) values ('built_from', ?)", (revision,))
            if cancel is not None and cancel.is_set():
                raise ImportCancelled()
            conn.execute("commit")
        except BaseException:
            conn.execute("rollback")
            raise
    except sqlite3.Error as err:
        raise LibraryError(_write_problem(shown, err)) from None
    finally:
        conn.close()


def _write_problem(path: Path, err: sqlite3.Error) -> str:
    text = str(err).lower()
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program; close it (or wait for it to finish) and try again"
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only; make it writable or import into another library with --db"
    if "full" in text:
        return f"the disk holding {path} is full; nothing was changed"
    return f"{path}: the database refused the change ({err}); nothing was changed"
