"""Where the text of a scenario being edited is kept until it is saved into a library.

The folder is the user's data folder (``SCENARIO_EXPLORER_DATA`` overrides it), never a
shared temporary folder; the file is written atomically and only ever read back as a
scenario source, with every check an import makes.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

from explorer.library.files import write_atomic


def drafts_dir() -> Path:
    override = os.environ.get("SCENARIO_EXPLORER_DATA")
    root = Path(override) if override else Path(platformdirs.user_data_dir("scenario-explorer"))
    return root / "drafts"


def unsaved_path(scenario_id: str) -> Path:
    """Where typing in the Source tab is kept as it goes, until it is saved or discarded."""
    return drafts_dir() / f"{scenario_id}.unsaved.yaml"


def keep_unsaved(scenario_id: str, text: str) -> None:
    folder = drafts_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(unsaved_path(scenario_id), text.encode("utf-8"))


def read_unsaved(scenario_id: str) -> str | None:
    """The kept text, or None (none kept, or unreadable: it is then left alone)."""
    from explorer.library.problems import SourceError
    from explorer.library.yaml_reader import read_source_text

    path = unsaved_path(scenario_id)
    if not path.is_file():
        return None
    try:
        return read_source_text(path)
    except (OSError, SourceError):
        return None


def discard_unsaved(scenario_id: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        unsaved_path(scenario_id).unlink()
