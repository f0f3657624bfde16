"""Writing scenario libraries: building one from YAML sources, and importing into one.

A build writes a complete new database beside the target and moves it into place, so a
failed build leaves any existing file untouched. An import validates the scenario
first and then writes it in a single SQLite transaction: on any error the database
file is left byte-for-byte as it was. Both keep the search index in step
(``explorer.library.search``) on their own transaction. The bundled library is never written by normal
use; imports go to a library the user names (created as a copy of the bundled one).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.library.files import atomic_path
from explorer.library.schema import SCENARIO_TABLES, create_schema
from explorer.library.search import index_scenario, reindex
from explorer.library.store import Library, LibraryError, connect_for_writing, refuse_triggers

if TYPE_CHECKING:
    from explorer.domain.model import Option, Overview, Scenario


def read_sources(folder: Path) -> list[tuple[Path, str, Scenario]]:
    """Every ``*.yaml`` scenario in ``folder``, validated; SourceError lists all problems."""
    from explorer.library.problems import Problem, SourceError
    from explorer.library.source import load_scenario_text

    loaded: list[tuple[Path, str, Scenario]] = []
    problems = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith(".") or path.name == "overview.yaml":  # editors' lock files; the home page
            continue
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
    """The overview file that goes with a folder of sources: ``overview.yaml`` in it, or
    else beside it (the bundled library's ``assets/overview.yaml``)."""
    inside = Path(sources) / "overview.yaml"
    return inside if inside.exists() else Path(sources).parent / "overview.yaml"


def read_overview(path: Path, scenario_ids: set[str]) -> Overview | None:
    """The overview at ``path`` (None if there is none), its links checked."""
    if not path.exists():
        return None
    return overview_from_text(path.read_text(encoding="utf-8"), str(path), scenario_ids)


def overview_from_text(text: str, file: str, scenario_ids: set[str]) -> Overview:
    """The overview in ``text``; SourceError lists its problems (a link to no scenario among them)."""
    from explorer.domain.model import Overview
    from explorer.library.problems import Problem, SourceError
    from explorer.library.yaml_reader import parse_yaml

    data, lines = parse_yaml(text, file)
    try:
        overview = Overview.model_validate(data)
    except ValueError as err:
        raise SourceError([Problem(file, None, "", str(err).splitlines()[0])]) from None
    problems = [
        Problem(
            file,
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
                "metrics": _metrics_json(o),
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


def overview_rows(overview: Overview) -> dict[str, list[dict[str, Any]]]:
    """The rows that store the overview, by table."""
    return {
        "meta": [
            {"key": "overview_title", "value": overview.title},
            {"key": "overview_intro", "value": overview.intro},
        ],
        "takeaways": [
            {"position": i, "text": t.text, "scenario_ids": json.dumps(t.scenarios)}
            for i, t in enumerate(overview.takeaways, start=1)
        ],
    }


def _metrics_json(option: Option) -> str:
    """An option's metrics as stored: each value with only the fields it sets."""
    values = {key: option.metric(key) for key in option.metrics}  # every one a MetricValue once validated
    return json.dumps(
        {key: value.model_dump(exclude_defaults=True) for key, value in values.items() if value is not None}
    )


def _insert_rows(conn: sqlite3.Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Plain INSERTs on the caller's transaction (sqlite-utils would commit on its own)."""
    for table, items in rows.items():
        for item in items:
            columns = ", ".join(f"[{c}]" for c in item)
            marks = ", ".join("?" for _ in item)
            conn.execute(f"insert into [{table}] ({columns}) values ({marks})", list(item.values()))


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
    loaded = read_sources(sources)
    overview_file = overview_path(sources)
    overview = read_overview(overview_file, {s.id for _, _, s in loaded})
    overview_text = overview_file.read_text(encoding="utf-8") if overview else ""
    with atomic_path(db_path) as tmp:  # readable as the umask says: a library is for sharing
        conn = sqlite3.connect(tmp)
        try:
            with conn:
                create_schema(conn)
                _insert_rows(conn, {"meta": [{"key": "built_from", "value": sources_digest(loaded, overview_text)}]})
                for path, text, scenario in loaded:
                    _insert_rows(conn, scenario_rows(path.name, text, scenario))
                reindex(conn)
                if overview is not None:
                    _insert_rows(conn, overview_rows(overview))
            conn.execute("VACUUM")
        finally:
            conn.close()
    return len(loaded)


# --- importing ------------------------------------------------------------------------


class ImportCancelled(Exception):
    """The user cancelled an import; the library is unchanged."""


def _appeared(path: Path) -> LibraryError:
    return LibraryError(f"{path} appeared while the new library was being written; nothing was changed")


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
        with atomic_path(path, overwrite=False) as tmp:  # readable as the umask says: a library is for sharing
            shutil.copyfile(template, tmp)
    except FileExistsError:
        raise _appeared(path) from None
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
            with atomic_path(db_path, overwrite=False) as tmp:
                shutil.copyfile(template, tmp)
                _import_into(tmp, db_path, text, file, scenario, replace, cancel)
        except FileExistsError:
            raise _appeared(db_path) from None
        except OSError as err:
            raise _create_problem(db_path, err) from None
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
            index_scenario(conn, scenario.id)  # the search index, in the same transaction
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
