"""Watching the open scenario folder: a change on disk brings the library up to date.

``FolderWatcher`` listens to the file system (``QFileSystemWatcher`` on the folder and
each of its files) and, as a safety net for file systems that send no notices (network
shares, some containers), looks again every ``POLL_MS``. A change is acted on
``SETTLE_MS`` after the last notice, so an editor's save (write, rename, touch) is one
sync. The sync (reading, hashing and parsing the changed files, writing the cache, and
opening the updated library) runs on a worker thread; the UI thread only receives the
result.

Saving (``save``) goes the same way: the file is checked and written on the worker
thread, then the folder is synced, so the window sees its own save as any other change.

Signals:
    synced(object, object): a sync finished: its ``FolderSync`` and the updated ``Library``
        (None when nothing in the library changed).
    saved(str, str): a save wrote this file (path), holding the scenario with this id.
    taken(str, str): a file to add holds the id of a scenario the folder has: the message,
        and the file (``add_file(..., replace=True)`` replaces that scenario's file).
    failed(str, object): a save or sync could not be made: what to tell the user, and the
        problems of the text (a list of ``Problem``, empty when the trouble was elsewhere).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from explorer.library.folder import ScenarioTaken, SourceFolder
from explorer.library.store import Library, LibraryError

SETTLE_MS = 120
POLL_MS = 2000


class _Taken(Exception):
    """On the worker: the file to add holds an id the folder has (message, file)."""


class FolderWatcher(QObject):
    synced = Signal(object, object)
    saved = Signal(str, str)
    taken = Signal(str, str)
    failed = Signal(str, object)
    _done = Signal(object, object, object, str, object)  # from the worker: result, library, saved, problem, problems

    def __init__(self, folder: SourceFolder, parent: QObject | None = None, poll_ms: int = POLL_MS):
        super().__init__(parent)
        self.folder = folder
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._noticed)
        self._watcher.fileChanged.connect(self._noticed)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.sync_now)
        self._poll = QTimer(self, interval=poll_ms)
        self._poll.timeout.connect(self.sync_now)
        self._done.connect(self._finished)
        self._thread: threading.Thread | None = None
        self._jobs: list[Callable[[], tuple[str, str]]] = []  # writes waiting for the worker
        self._again = False
        self._first = True  # the first sync always hands over the library
        self._stopped = False
        self.syncs = 0  #: how many syncs have finished (tests wait on ``synced``)

    def start(self) -> None:
        """Watch the folder and its files now (the first reading is done: later syncs hand
        over a library only when something in it changed)."""
        self._first = False
        self._watch_paths()
        self._poll.start()

    def _watch_paths(self) -> None:
        wanted = {str(self.folder.folder)} | {str(p) for p in self.folder.folder.glob("*.yaml")}
        present = set(self._watcher.files()) | set(self._watcher.directories())
        # A file replaced by an editor (written beside it, then renamed over it) is a new
        # file: the watcher dropped the old one, so it is added again.
        missing = sorted(wanted - present)
        if missing:
            self._watcher.addPaths(missing)

    def _noticed(self, _path: str) -> None:
        if not self._stopped:
            self._settle.start()

    def sync_now(self) -> None:
        """Bring the library up to date on the worker thread (once more after the running one)."""
        if self._stopped:
            return
        if self._thread is not None and self._thread.is_alive():
            self._again = True
            return
        self._again = False
        job = self._jobs.pop(0) if self._jobs else None
        first, self._first = self._first, False
        self._thread = threading.Thread(target=self._work, args=(job, first), name="folder-sync", daemon=True)
        self._thread.start()

    def save(self, path: Path, text: str, create: bool = False) -> None:
        """Check ``text`` and write it to ``path`` (``create``: a new file only), then sync."""

        def job() -> tuple[str, str]:
            return str(path), self.folder.save_text(Path(path), text, create=create).id

        self._jobs.append(job)
        self.sync_now()

    def add_file(self, source: Path, replace: bool = False) -> None:
        """Check the scenario file ``source`` and copy it into the folder, then sync."""

        def job() -> tuple[str, str]:
            from explorer.library.yaml_reader import read_source_text

            try:
                path, scenario = self.folder.add(read_source_text(source), source.name, replace=replace)
            except ScenarioTaken as err:
                raise _Taken(str(err), str(source)) from None
            return str(path), scenario.id

        self._jobs.append(job)
        self.sync_now()

    def _work(self, job: Callable[[], tuple[str, str]] | None, first: bool) -> None:  # on the worker thread
        from explorer.library.problems import SourceError

        written: tuple[str, str] | None = None
        try:
            if job is not None:
                written = job()
            result = self.folder.sync()
            wanted = first or result.anything_changed
            library = Library(result.library, name=str(self.folder.folder)) if wanted else None
        except _Taken as err:
            self._done.emit(None, None, None, "", err.args)
        except SourceError as err:
            count = len(err.problems)
            self._done.emit(None, None, None, f"{count} problem(s); the file was not changed", err.problems)
        except LibraryError as err:
            self._done.emit(None, None, written, str(err), [])
        except OSError as err:
            problem = f"cannot keep the cache of {self.folder.folder}: {err.strerror or err}"
            self._done.emit(None, None, written, problem, [])
        except Exception as err:  # noqa: BLE001 (a bug in a sync must not end the app; the user is told)
            self._done.emit(None, None, written, f"the folder could not be read again: {err}", [])
        else:
            self._done.emit(result, library, written, "", [])

    def _finished(self, result, library, written, problem: str, problems) -> None:
        if self._stopped:
            return
        self.syncs += 1
        self._watch_paths()
        if written is not None:
            self.saved.emit(*written)
        if problem:
            self.failed.emit(problem, problems)
        elif isinstance(problems, tuple):  # a file to add holds an id the folder has
            self.taken.emit(*problems)
        else:
            self.synced.emit(result, library)
        if self._again or self._jobs:
            self.sync_now()

    def stop(self) -> None:
        """Stop watching and wait for a sync under way (it only writes the cache)."""
        self._stopped = True
        self._settle.stop()
        self._poll.stop()
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        if self._thread is not None:
            self._thread.join(10)

    @property
    def path(self) -> Path:
        return self.folder.folder
