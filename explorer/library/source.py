"""Turning a scenario source into a validated Scenario, with errors that name the file,
the line and the field.

The text is read and parsed by ``explorer.library.yaml_reader`` into plain data and the
line of every field; pydantic then validates the data, and each of its errors is mapped
back to the line of the field it complains about. What needs the whole scenario to see
is checked by ``explorer.library.references``. Every problem found is reported as
``file:line: field: reason`` in one ``SourceError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from explorer.domain.model import Scenario
from explorer.library.problems import PathKey, Problem, SourceError, field_name
from explorer.library.references import check_references
from explorer.library.yaml_reader import parse_yaml, read_source_text

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


def _line_for(path: PathKey, lines: dict[PathKey, int]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _describe(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "this required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling)"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {error.get('input')!r}"
    if kind == "string_pattern_mismatch":
        return f"{error.get('input')!r} does not have the expected form ({error['ctx']['pattern']})"
    if kind == "string_too_long":
        return f"text longer than the limit of {error['ctx']['max_length']:,} characters"
    if kind == "value_error":  # the model's own checks word their message for people
        return str(error["ctx"]["error"])
    return f"{error['msg'].rstrip('.').lower()}, got {error.get('input')!r}"[:300]


def _clean_loc(loc: tuple[Any, ...]) -> PathKey:
    # pydantic adds union branch names such as 'float' or 'MetricValue' to the location.
    branch_names = {"float", "bool", "int", "str", "MetricValue"}
    return tuple(
        part for part in loc if not (isinstance(part, str) and (part in branch_names or "[" in part or "(" in part))
    )


def scenario_from_data(
    data: Any, lines: dict[PathKey, int], file: str, columns: dict[PathKey, int] | None = None
) -> Scenario:
    """Validate plain data (from YAML) into a Scenario, or raise SourceError (each problem
    with its column too when ``columns`` is given)."""
    cols = columns or {}
    if not isinstance(data, dict):
        raise SourceError([Problem(file, 1, "", "a scenario file must be a mapping of fields")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as err:
        problems: list[Problem] = []
        errors = [(_clean_loc(error["loc"]), error) for error in err.errors()]
        # A union reports once per branch: keep the error that got deepest into the value
        # (a mapping given for a number has a bad field), and the first of equally deep ones.
        seen = {path[:depth] for path, _ in errors for depth in range(len(path))}
        for path, error in errors:
            if path in seen:
                continue
            seen.add(path)
            message = _describe(error)
            problems.append(Problem(file, _line_for(path, lines), field_name(path), message, _line_for(path, cols)))
        raise SourceError(problems) from None
    problems = [
        Problem(file, _line_for(path, lines), field_name(path), message, _line_for(path, cols))
        for path, message in check_references(scenario)
    ]
    if problems:
        raise SourceError(problems)
    return scenario


def load_scenario_text(text: str, file: str = "<text>") -> Scenario:
    data, lines = parse_yaml(text, file)
    return scenario_from_data(data, lines, file)


def validate_text(text: str, file: str = "<text>") -> list[Problem]:
    """Every problem of a scenario source, with lines and columns; [] for a usable one.
    The same checks and messages as an import (``load_scenario_text``)."""
    from explorer.library.yaml_reader import parse_yaml_positions

    try:
        data, lines, columns = parse_yaml_positions(text, file)
        scenario_from_data(data, lines, file, columns)
    except SourceError as err:
        return list(err.problems)
    return []


def check_text(text: str, file: str = "<text>") -> tuple[Scenario | None, list[Problem]]:
    """The scenario a source makes and no problems, or None and every problem (with
    lines and columns): ``validate_text`` and ``load_scenario_text`` in one reading."""
    from explorer.library.yaml_reader import parse_yaml_positions

    try:
        data, lines, columns = parse_yaml_positions(text, file)
        return scenario_from_data(data, lines, file, columns), []
    except SourceError as err:
        return None, list(err.problems)


def load_scenario_file(path: Path | str) -> Scenario:
    return load_scenario_text(read_source_text(path), str(path))
