"""The libraries and scenario folders used last (File > Open Recent), without Qt.

Entries are kept most recent first, at most ``LIMIT``, one per place: using a place
again moves it to the front. They are saved as JSON (``encode``/``decode``), which
reads back whatever it can of a damaged value and drops the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

LIMIT = 10

Kind = Literal["library", "folder"]


@dataclass(frozen=True)
class Recent:
    """A library file (``kind`` "library") or a folder of scenario files ("folder")."""

    kind: Kind
    path: str

    def exists(self) -> bool:
        where = Path(self.path)
        return where.is_file() if self.kind == "library" else where.is_dir()


def used(entries: list[Recent], kind: Kind, path: str | Path, limit: int = LIMIT) -> list[Recent]:
    """``entries`` with the place at ``path`` first (moved there if it was listed)."""
    entry = Recent(kind, str(Path(path).resolve()))
    return [entry, *(e for e in entries if e != entry)][:limit]


def encode(entries: list[Recent]) -> str:
    return json.dumps([{"kind": e.kind, "path": e.path} for e in entries])


def decode(text: object) -> list[Recent]:
    """The entries saved as ``encode`` wrote them; ``[]`` for nothing, or nothing readable."""
    try:
        items = json.loads(str(text)) if text else []
    except ValueError:
        return []
    entries: list[Recent] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not item["path"]:
            continue
        kind = item.get("kind")
        if kind == "library" or kind == "folder":
            entry = Recent(kind, item["path"])
            if entry not in entries:
                entries.append(entry)
    return entries[:LIMIT]
