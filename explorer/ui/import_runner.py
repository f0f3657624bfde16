"""Importing a scenario file on a worker thread, so the window never waits on parsing or disk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from .background import BackgroundTask


class ImportRunner(BackgroundTask):
    """One import in the background: read the file (bounded), validate it, write it in
    one transaction. Cancelling before the commit leaves the library unchanged.

    Signals:
        finished(object): the imported ``Scenario``.
        failed(str, str): the kind of failure (``source``, ``library``, ``taken``) and the
            message for the user; ``taken`` means the id exists and ``--replace`` would help.
        cancelled(): the user cancelled; nothing was changed.
    """

    finished = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()

    def __init__(
        self,
        source: Path,
        target: Path,
        template: Path,
        replace: bool = False,
        parent: QObject | None = None,
        text: str | None = None,
    ):
        super().__init__("import", self._run, parent)
        self.source, self.target, self.template, self.replace = Path(source), Path(target), Path(template), replace
        self.text = text  # given: the source's text itself (the Source tab's), named ``source``; nothing is read

    def _run(self) -> None:
        from explorer.library.problems import SourceError
        from explorer.library.store import LibraryError
        from explorer.library.writer import ImportCancelled, import_scenario
        from explorer.library.yaml_reader import read_source_text

        try:
            text = self.text if self.text is not None else read_source_text(self.source)
            scenario = import_scenario(
                self.target, text, str(self.source), replace=self.replace, template=self.template, cancel=self._cancel
            )
        except ImportCancelled:
            self.cancelled.emit()
        except SourceError as err:
            self.failed.emit("source", f"{self.source} was not imported; {self.target.name} is unchanged.\n\n{err}")
        except LibraryError as err:
            self.failed.emit("taken" if "already has a scenario" in str(err) else "library", str(err))
        except Exception as err:  # noqa: BLE001 - anything else is still the user's import, reported
            self.failed.emit("library", f"{self.source} was not imported: {err}")
        else:
            self.finished.emit(scenario)
