"""The scenario library in SQLite, through sqlite-utils.

``build_library`` turns the YAML sources into a database; ``Library`` reads one. The
app and the CLI read only the database, never the sources. A library opened for
reading is opened read-only by SQLite itself, so normal use can never modify it.

Tables (documented for users in the README):

- ``meta(key, value)``: ``schema_version`` and ``built_from`` (hash of the sources).
- ``scenarios(id, number, kind, title, summary, search_text, data, source_file, source_yaml)``:
  one row per scenario; ``data`` is the validated scenario as JSON, ``source_yaml`` the
  file it came from, word for word.
- ``requirements``, ``phases``, ``option_groups``, ``options``, ``cost_items``, ``nodes``,
  ``edges``: the same content spread out for querying with SQL.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# Reading a library needs only sqlite3: the app's window appears before pydantic,
# PyYAML and sqlite-utils are imported (they load with the first scenario or a build).
if TYPE_CHECKING:
    import sqlite_utils

    from .model import Overview, Scenario

SCHEMA_VERSION = 1


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


def read_sources(folder: Path) -> list[tuple[Path, str, Scenario]]:
    """Every ``*.yaml`` scenario in ``folder``, validated; SourceError lists all problems."""
    from .source import Problem, SourceError, load_scenario_text

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
                problems.append(Problem(str(path), 1, "number", f"{scenario.number} is also the number of {numbers[scenario.number]}"))
            numbers[scenario.number] = path
    if problems:
        raise SourceError(problems)
    return loaded


def overview_path(sources: Path) -> Path:
    """The overview file that goes with a folder of sources (``assets/overview.yaml``)."""
    return Path(sources).parent / "overview.yaml"


def read_overview(path: Path, scenario_ids: set[str]) -> Overview | None:
    """The overview at ``path`` (None if there is none), its links checked."""
    from .model import Overview
    from .source import Problem, SourceError, parse_yaml

    if not path.exists():
        return None
    data, lines = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    try:
        overview = Overview.model_validate(data)
    except ValueError as err:
        raise SourceError([Problem(str(path), None, "", str(err).splitlines()[0])]) from None
    problems = [
        Problem(str(path), lines.get(("takeaways", i, "scenarios", j)), f"takeaways[{i}].scenarios[{j}]", f"no scenario with id {sid!r}")
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


def _insert(db: sqlite_utils.Database, source_file: str, text: str, s: Scenario) -> None:
    db["scenarios"].insert(
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
        },
        pk="id",
    )
    db["requirements"].insert_all(
        (
            {"scenario_id": s.id, "position": i, "key": r.key, "kind": r.kind, "text": r.text,
             "metric": r.metric, "op": r.op, "target": r.target, "target_param": r.target_param}
            for i, r in enumerate(s.requirements)
        ),
        pk=("scenario_id", "key"),
    )
    db["phases"].insert_all(
        ({"scenario_id": s.id, "number": i, "title": p.title, "duration": p.duration, "summary": p.summary}
         for i, p in enumerate(s.phases, start=1)),
        pk=("scenario_id", "number"),
    )
    db["option_groups"].insert_all(
        ({"scenario_id": s.id, "key": g.key, "position": i, "label": g.label} for i, g in enumerate(s.option_groups)),
        pk=("scenario_id", "key"),
    )
    db["options"].insert_all(
        (
            {"scenario_id": s.id, "group_key": g.key, "key": o.key, "position": i, "label": o.label,
             "recommended": o.recommended,
             "metrics": json.dumps({k: v.model_dump(exclude_defaults=True) for k, v in o.metrics.items()})}
            for g in s.option_groups
            for i, o in enumerate(g.options)
        ),
        pk=("scenario_id", "group_key", "key"),
    )
    db["cost_items"].insert_all(
        ({"scenario_id": s.id, "position": i, "service": c.service, "configuration": c.configuration,
          "monthly_usd": c.monthly_usd} for i, c in enumerate(s.cost_items)),
        pk=("scenario_id", "position"),
    )
    db["nodes"].insert_all(
        ({"scenario_id": s.id, "id": n.id, "type": n.type, "label": n.label, "cluster": n.cluster, "phase": n.phase}
         for n in s.nodes),
        pk=("scenario_id", "id"),
    )
    db["edges"].insert_all(
        ({"scenario_id": s.id, "key": e.key, "source": e.source, "target": e.target, "label": e.label}
         for e in s.edges),
        pk=("scenario_id", "key"),
    )


_TABLE_COLUMNS = {
    "requirements": {"scenario_id": str, "position": int, "key": str, "kind": str, "text": str, "metric": str, "op": str, "target": float, "target_param": str},
    "phases": {"scenario_id": str, "number": int, "title": str, "duration": str, "summary": str},
    "option_groups": {"scenario_id": str, "key": str, "position": int, "label": str},
    "options": {"scenario_id": str, "group_key": str, "key": str, "position": int, "label": str, "recommended": int, "metrics": str},
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


def create_schema(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["scenarios"].create(
        {"id": str, "number": int, "kind": str, "title": str, "summary": str, "search_text": str,
         "data": str, "source_file": str, "source_yaml": str},
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
                _insert(db, path.name, text, scenario)
            if overview is not None:
                db["meta"].insert({"key": "overview_title", "value": overview.title})
                db["meta"].insert({"key": "overview_intro", "value": overview.intro})
                db["takeaways"].insert_all(
                    ({"position": i, "text": t.text, "scenario_ids": json.dumps(t.scenarios)} for i, t in enumerate(overview.takeaways, start=1)),
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


class Library:
    """A scenario database opened read-only."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            raise LibraryError(f"{self.path}: no such database file. Check the path, or omit --db to use the bundled library.")
        if self.path.is_dir():
            raise LibraryError(f"{self.path}: is a folder, not a database file.")
        try:
            self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            version = self._meta("schema_version")
        except sqlite3.DatabaseError as err:
            raise LibraryError(f"{self.path}: not a usable scenario database ({err}). Rebuild it or choose another file.") from None
        if version is None:
            raise LibraryError(f"{self.path}: not a Scenario Explorer database (it has no schema version).")
        if int(version) != SCHEMA_VERSION:
            raise LibraryError(f"{self.path}: database schema {version}, this version reads schema {SCHEMA_VERSION}.")
        self._cache: dict[str, Scenario] = {}

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
        try:
            rows = self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as err:
            raise LibraryError(f"{self.path}: cannot read the scenario list ({err}).") from None
        return [ScenarioSummary(*row) for row in rows]

    def resolve_id(self, ident: str) -> str:
        """A scenario id from its slug or its number in the seed."""
        if ident.isdigit():
            row = self._conn.execute("select id from scenarios where number = ?", (int(ident),)).fetchone()
        else:
            row = self._conn.execute("select id from scenarios where id = ?", (ident,)).fetchone()
        if row is None:
            raise LibraryError(f"no scenario {ident!r} in {self.path}. 'explorer list' shows the ids.")
        return row[0]

    def get(self, ident: str) -> Scenario:
        scenario_id = self.resolve_id(ident)
        if scenario_id not in self._cache:
            from .model import Scenario

            row = self._conn.execute("select data from scenarios where id = ?", (scenario_id,)).fetchone()
            try:
                self._cache[scenario_id] = Scenario.model_validate_json(row[0])
            except ValueError as err:
                raise LibraryError(f"{self.path}: scenario {scenario_id!r} is damaged ({str(err).splitlines()[0]}).") from None
        return self._cache[scenario_id]

    def source_yaml(self, ident: str) -> str:
        scenario_id = self.resolve_id(ident)
        return self._conn.execute("select source_yaml from scenarios where id = ?", (scenario_id,)).fetchone()[0]

    def built_from(self) -> str | None:
        return self._meta("built_from")

    def overview(self) -> Overview | None:
        """The key takeaways of the home view, if the library has them."""
        from .model import Overview

        if "takeaways" not in self.table_names():
            return None
        rows = self._conn.execute("select text, scenario_ids from takeaways order by position").fetchall()
        if not rows:
            return None
        return Overview(
            title=self._meta("overview_title") or "Key takeaways",
            intro=self._meta("overview_intro") or "",
            takeaways=[{"text": text, "scenarios": json.loads(ids)} for text, ids in rows],
        )
