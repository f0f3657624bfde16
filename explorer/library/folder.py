"""A folder of scenario YAML files opened as a library (``explorer --sources DIR``).

The files stay the truth: the library is a cache built from them, one SQLite file per
folder in the user's cache folder, brought up to date by ``SourceFolder.sync()``. Each
sync reads every ``*.yaml`` file, compares its SHA-256 with the one the cache recorded,
and parses only the files that changed; their rows are replaced in one transaction. A
cache that cannot be used (damaged, tampered with, of another schema or another
folder) is not trusted and is rebuilt from the files.

A file with problems is reported (``FolderSync.problems``, every line the import would
give); the last valid version of its scenario, if the cache has one, stays in the
library until the file is fixed, so a half-typed save in an editor never makes a
scenario vanish. ``overview.yaml`` in the folder, if there is one, is the library's
home page. Files whose names start with a dot (editors' lock and swap files) are not
read.

Saving (``save_text``) writes a scenario's file in place, atomically and with the line
ends it had, after every check an import makes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.library.files import atomic_path, cache_root, write_atomic
from explorer.library.problems import Problem, SourceError
from explorer.library.schema import SCENARIO_TABLES, create_schema
from explorer.library.store import Library, LibraryError, connect_for_writing, refuse_triggers

if TYPE_CHECKING:
    from explorer.domain.model import Overview, Scenario

OVERVIEW_FILE = "overview.yaml"
#: What the cache records about each file it read: the digest of the text stored for it
#: (None while the file has never been valid) and the scenario id that text has.
_FILES_KEY = "folder_files"
_FOLDER_KEY = "folder_path"
_OVERVIEW_KEY = "folder_overview"


def cache_path_for(folder: Path) -> Path:
    """The cache library of ``folder``: one per folder, named by a hash of its path."""
    key = hashlib.sha256(str(Path(folder).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return cache_root() / "folders" / f"{key}.db"


class ScenarioTaken(LibraryError):
    """A file to add holds the id of a scenario the folder already has."""


@dataclass(frozen=True)
class FolderSync:
    """What one sync found and did."""

    folder: Path
    library: Path  #: the cache library, up to date with the valid files
    changed: frozenset[str] = frozenset()  #: ids of scenarios added or changed
    removed: frozenset[str] = frozenset()  #: ids of scenarios whose file is gone
    problems: tuple[Problem, ...] = ()  #: every problem of every file that has one
    invalid: dict[str, str] = field(default_factory=dict)  #: file name -> its text, for files with problems
    files: int = 0  #: how many scenario files the folder has
    overview_changed: bool = False
    rebuilt: bool = False  #: the cache was made afresh

    @property
    def anything_changed(self) -> bool:
        return bool(self.changed or self.removed or self.overview_changed or self.rebuilt)


@dataclass
class _Record:
    digest: str | None
    scenario_id: str | None
    stored: str | None = None  #: the digest of the row's data, to tell a tampered cache


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _scenario_files(folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.glob("*.yaml"))
    except OSError as err:
        raise LibraryError(f"cannot read the folder {folder}: {err.strerror or err}") from None
    return [p for p in entries if not p.name.startswith(".") and p.name != OVERVIEW_FILE]


class SourceFolder:
    """A folder of scenario files and the cache library built from them."""

    def __init__(self, folder: Path | str, cache: Path | None = None):
        self.folder = Path(folder).resolve()
        if not self.folder.is_dir():
            what = "does not exist" if not self.folder.exists() else "is not a folder"
            raise LibraryError(f"{folder} {what}; give a folder of scenario .yaml files")
        self.cache = Path(cache) if cache is not None else cache_path_for(self.folder)

    # --- reading the cache's records -----------------------------------------------

    def _records(self) -> tuple[dict[str, _Record], str | None] | None:
        """The cache's records of the files and the overview's digest; None when the
        cache is missing or cannot be trusted (it is then rebuilt)."""
        if not self.cache.is_file():
            return None
        try:
            with Library(self.cache, upgrade=False) as library:
                if library.meta_text(_FOLDER_KEY) != str(self.folder):
                    return None
                raw = json.loads(library.meta_text(_FILES_KEY) or "")
                overview = library.meta_text(_OVERVIEW_KEY)
                stored = {
                    ident: _digest(text) + _digest(data) if isinstance(text, str) and isinstance(data, str) else ""
                    for ident, text, data in library._query("select id, source_yaml, data from scenarios")
                }
                if library._query("select count(*) from sqlite_master where type = 'trigger'")[0][0]:
                    return None  # never made by Scenario Explorer: not written, rebuilt
        except (LibraryError, ValueError):
            return None
        if not isinstance(raw, dict):
            return None
        records: dict[str, _Record] = {}
        for name, item in raw.items():
            if not (isinstance(item, dict) and isinstance(name, str)):
                return None
            digest, ident, data = item.get("digest"), item.get("id"), item.get("stored")
            if not all(value is None or isinstance(value, str) for value in (digest, ident, data)):
                return None
            if ident is not None and stored.get(ident) != f"{digest}{data}":
                return None  # a row that is not what was stored from the file
            records[name] = _Record(digest, ident, data)
        if set(stored) - {r.scenario_id for r in records.values()}:
            return None  # rows no file accounts for
        return records, overview

    # --- syncing ---------------------------------------------------------------------

    def sync(self) -> FolderSync:
        """Bring the cache up to date with the files; see the module's docstring."""
        from explorer.library.yaml_reader import read_source_text

        texts: dict[str, str] = {}
        problems: list[Problem] = []
        for path in _scenario_files(self.folder):
            try:
                texts[path.name] = read_source_text(path)
            except SourceError as err:
                problems += err.problems
        overview_file = self.folder / OVERVIEW_FILE
        overview_text: str | None = None
        if overview_file.exists():
            try:
                overview_text = read_source_text(overview_file)
            except SourceError as err:
                problems += err.problems
        unreadable = {Path(p.file).name for p in problems}

        known = self._records()
        rebuilt = known is None
        records, old_overview = known if known is not None else ({}, None)
        if rebuilt:
            self.cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with atomic_path(self.cache, 0o600) as tmp:
                conn = connect_for_writing(tmp)
                try:
                    conn.execute("begin immediate")
                    create_schema(conn)
                    conn.execute("insert into meta (key, value) values (?, ?)", (_FOLDER_KEY, str(self.folder)))
                    result = self._apply(conn, texts, unreadable, records, old_overview, overview_text, problems)
                    conn.execute("commit")
                    conn.execute("VACUUM")
                finally:
                    conn.close()
        else:
            try:
                conn = connect_for_writing(self.cache)
            except sqlite3.Error as err:
                raise LibraryError(f"{self.cache}: the folder's cache cannot be written ({err})") from None
            try:
                refuse_triggers(conn, self.cache)
                conn.execute("begin immediate")
                try:
                    result = self._apply(conn, texts, unreadable, records, old_overview, overview_text, problems)
                    conn.execute("commit")
                except BaseException:
                    conn.execute("rollback")
                    raise
            except sqlite3.Error as err:
                raise LibraryError(f"{self.cache}: the folder's cache cannot be written ({err})") from None
            finally:
                conn.close()
        changed, removed, overview_changed, invalid = result
        return FolderSync(
            folder=self.folder,
            library=self.cache,
            changed=frozenset(changed),
            removed=frozenset(removed),
            problems=tuple(problems),
            invalid=invalid,
            files=len(texts) + len(unreadable - {OVERVIEW_FILE}),
            overview_changed=overview_changed,
            rebuilt=rebuilt,
        )

    def _apply(
        self,
        conn: sqlite3.Connection,
        texts: dict[str, str],
        unreadable: set[str],
        records: dict[str, _Record],
        old_overview: str | None,
        overview_text: str | None,
        problems: list[Problem],
    ) -> tuple[set[str], set[str], bool, dict[str, str]]:
        """The changes, on the caller's transaction; ``problems`` gets the files' problems."""
        from explorer.library.source import load_scenario_text, validate_text
        from explorer.library.writer import _insert_rows, scenario_rows

        changed: set[str] = set()
        removed: set[str] = set()
        invalid: dict[str, str] = {}

        def delete(scenario_id: str) -> None:
            for table in SCENARIO_TABLES:
                conn.execute(f"delete from [{table}] where scenario_id = ?", (scenario_id,))
            conn.execute("delete from scenarios where id = ?", (scenario_id,))

        # Files gone: their scenarios go (a file that cannot be read keeps its last version).
        for name in sorted(set(records) - set(texts) - unreadable):
            ident = records.pop(name).scenario_id
            if ident is not None:
                delete(ident)
                removed.add(ident)
        owners = {r.scenario_id: name for name, r in records.items() if r.scenario_id}
        numbers = {
            number: ident for ident, number in conn.execute("select id, number from scenarios where number is not null")
        }
        for name in sorted(texts):
            text = texts[name]
            record = records.get(name)
            digest = _digest(text)
            if record is not None and record.digest == digest:
                continue
            try:
                scenario = load_scenario_text(text, str(self.folder / name))
            except SourceError as err:
                problems += validate_text(text, str(self.folder / name)) or err.problems  # with columns
                invalid[name] = text
                records.setdefault(name, _Record(None, None))
                continue
            clash = self._clash(scenario, name, owners, numbers)
            if clash is not None:
                problems.append(clash)
                invalid[name] = text
                records.setdefault(name, _Record(None, None))
                continue
            previous = record.scenario_id if record is not None else None
            if previous is not None:
                delete(previous)
                owners.pop(previous, None)
                numbers = {n: i for n, i in numbers.items() if i != previous}
                if previous != scenario.id:
                    removed.add(previous)
            rows = scenario_rows(name, text, scenario)
            _insert_rows(conn, rows)
            owners[scenario.id] = name
            if scenario.number is not None:
                numbers[scenario.number] = scenario.id
            records[name] = _Record(digest, scenario.id, _digest(rows["scenarios"][0]["data"]))
            changed.add(scenario.id)
            removed.discard(scenario.id)

        touched = changed | removed
        if touched:  # the search index, in the same transaction
            from explorer.library.search import index_problem, index_scenario, reindex

            if len(touched) > 3 or index_problem(conn) is not None:
                reindex(conn)  # each index_scenario checks the whole index: once is cheaper
            else:
                for scenario_id in sorted(touched):
                    index_scenario(conn, scenario_id)
        ids = set(owners)
        overview_changed = self._apply_overview(
            conn, overview_text, old_overview, ids, bool(changed or removed), problems
        )
        files = {
            name: {"digest": r.digest, "id": r.scenario_id, "stored": r.stored} for name, r in sorted(records.items())
        }
        for key, value in ((_FILES_KEY, json.dumps(files)), ("built_from", _digest(json.dumps(files)))):
            conn.execute("insert or replace into meta (key, value) values (?, ?)", (key, value))
        return changed, removed, overview_changed, invalid

    def _clash(self, scenario: Scenario, name: str, owners: dict[str, str], numbers: dict[int, str]) -> Problem | None:
        """Another file already has this scenario's id or number."""
        where = str(self.folder / name)
        owner = owners.get(scenario.id)
        if owner is not None and owner != name:
            return Problem(where, 1, "id", f"{scenario.id!r} is also the id of {owner}; give this scenario another id")
        if scenario.number is not None:
            holder = numbers.get(scenario.number)
            if holder is not None and owners.get(holder) not in (None, name):
                return Problem(
                    where, 1, "number", f"{scenario.number} is also the number of {owners[holder]}; remove or change it"
                )
        return None

    def _apply_overview(
        self,
        conn: sqlite3.Connection,
        text: str | None,
        old: str | None,
        ids: set[str],
        scenarios_changed: bool,
        problems: list[Problem],
    ) -> bool:
        """Store the overview when it (or the scenarios it links to) changed; one with
        problems leaves the last valid one in place, its problems reported."""
        from explorer.library.writer import _insert_rows, overview_from_text, overview_rows

        digest = _digest(text) if text is not None else None
        if digest == old and not scenarios_changed:
            return False
        overview: Overview | None = None
        if text is not None:
            try:
                overview = overview_from_text(text, str(self.folder / OVERVIEW_FILE), ids)
            except SourceError as err:
                problems += err.problems
                return False

        conn.execute("delete from takeaways")
        conn.execute("delete from meta where key in ('overview_title', 'overview_intro')")
        if overview is not None:
            _insert_rows(conn, overview_rows(overview))
        conn.execute("insert or replace into meta (key, value) values (?, ?)", (_OVERVIEW_KEY, digest))
        return digest != old

    # --- writing a file ----------------------------------------------------------------

    def file_of(self, library: Library, scenario_id: str) -> Path:
        """The file a scenario of this folder's library came from."""
        name = library.source_file(scenario_id)
        path = self.folder / name
        if Path(name).name != name or path.suffix != ".yaml" or name.startswith("."):
            raise LibraryError(f"{library.path}: damaged: scenarios.source_file of {scenario_id!r}")
        return path

    def save_text(self, path: Path, text: str, *, create: bool = False) -> Scenario:
        """Check ``text`` as an import would and write it to ``path`` (a file of this
        folder) atomically, keeping the file's line ends; ``create``: only if there is no
        such file yet. Raises SourceError (the text's problems) or LibraryError."""
        from explorer.library.source import load_scenario_text

        path = Path(path)
        if path.parent.resolve() != self.folder:
            raise LibraryError(f"{path} is not in the folder {self.folder}")
        scenario = load_scenario_text(text, str(path))
        clash = self._clash_on_disk(scenario, path)
        if clash is not None:
            raise SourceError([clash])
        newline = "\n"
        target = path.resolve() if path.is_symlink() else path
        if path.exists():
            if create:
                raise LibraryError(f"{path} already exists; choose another id")
            try:
                with open(target, "rb") as handle:
                    if b"\r\n" in handle.read(65536):
                        newline = "\r\n"
            except OSError as err:
                raise LibraryError(f"cannot read {path}: {err.strerror or err}") from None
        data = text.replace("\r\n", "\n").replace("\n", newline).encode("utf-8")
        try:
            if create:
                with atomic_path(target, overwrite=False) as tmp, open(tmp, "wb") as handle:
                    handle.write(data)
            else:
                write_atomic(target, data)
        except FileExistsError:
            raise LibraryError(f"{path} already exists; choose another id") from None
        except OSError as err:
            raise LibraryError(f"cannot write {path}: {err.strerror or err}; check the folder's permissions") from None
        return scenario

    def add(self, text: str, file_name: str, replace: bool = False) -> tuple[Path, Scenario]:
        """Put a scenario into the folder as a file (what an import into a folder does):
        over the file that has its id with ``replace``, otherwise as a new file named
        ``file_name`` (or ``ID.yaml`` when that name is taken). Raises SourceError or
        LibraryError; on any error no file is changed."""
        from explorer.library.source import load_scenario_text

        scenario = load_scenario_text(text, file_name)
        known = self._records()
        owner = None
        if known is not None:
            owner = next((name for name, r in known[0].items() if r.scenario_id == scenario.id), None)
        if owner is not None:
            if not replace:
                raise ScenarioTaken(f"{self.folder} already has a scenario with id {scenario.id!r}, in {owner}")
            path = self.folder / owner
            self.save_text(path, text)
            return path, scenario
        name = Path(file_name).name
        if not name.endswith(".yaml") or name.startswith(".") or name == OVERVIEW_FILE:
            name = f"{scenario.id}.yaml"
        for candidate in dict.fromkeys([name, f"{scenario.id}.yaml"]):
            path = self.folder / candidate
            if not path.exists():
                self.save_text(path, text, create=True)
                return path, scenario
        raise LibraryError(f"{self.folder / name} already exists and holds another scenario; rename your file")

    def _clash_on_disk(self, scenario: Scenario, path: Path) -> Problem | None:
        """Another valid file of the folder, as the cache last saw it, has this id or number."""
        records = self._records()
        if records is None:
            return None
        owners = {r.scenario_id: name for name, r in records[0].items() if r.scenario_id}
        numbers: dict[int, str] = {}
        if scenario.number is not None:
            with Library(self.cache, upgrade=False) as library:
                numbers = {s.number: s.id for s in library.summaries() if s.number is not None}
        return self._clash(scenario, path.name, owners, numbers)
