"""What is wrong with a scenario source: ``Problem`` (``file:line: field: reason``) and
``SourceError``, which carries every problem found.

Reading (``yaml_reader``), validating (``source``) and building a library (``writer``)
all report their refusals this way, so a user sees one form of message for any mistake.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Where a value sits in a scenario document: mapping keys and list positions from the root.
PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario source."""

    file: str
    line: int | None
    field: str
    message: str
    column: int | None = None  # where the field's key starts, when known (explorer validate)

    def located(self) -> str:
        """``file:line:column: field: reason``, the form editors and CI annotations read."""
        where = (
            self.file
            + (f":{self.line}" if self.line else "")
            + (f":{self.column}" if self.line and self.column else "")
        )
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class SourceError(Exception):
    """A scenario source that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def field_name(path: PathKey) -> str:
    """A path as the user reads it in a message: ``nodes[1].phase``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
