"""Reading scenario YAML files, with errors that name the file, the line and the field.

YAML is parsed into a node tree first so that every mapping key and list item keeps its
line number; pydantic then validates the plain data, and each of its errors is mapped
back to the line of the field it complains about.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .model import Scenario

MAX_SOURCE_BYTES = 2_000_000
MAX_NODES = 400
MAX_EDGES = 800

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario source."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class SourceError(Exception):
    """A scenario source that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _field_name(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _to_python(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node)) if key_node.tag else key_node.value
            if not isinstance(key, (str, int, float, bool)):
                raise SourceError(
                    [Problem("", key_node.start_mark.line + 1, _field_name(path), "a key must be plain text")]
                )
            key = str(key)
            if key in result:
                raise SourceError(
                    [Problem("", key_node.start_mark.line + 1, _field_name((*path, key)), "this key appears twice")]
                )
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), lines) for i, item in enumerate(node.value)]
    constructor = yaml.SafeLoader("")
    try:
        value = constructor.construct_object(node, deep=True)
    finally:
        constructor.dispose()
    if isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value):
        # "\ud83d\ude00" escapes (as JSON tools write emoji) arrive as surrogate halves.
        try:
            value = value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise SourceError([Problem("", node.start_mark.line + 1, _field_name(path), "contains an unpaired \\u surrogate escape")]) from None
    return value


def parse_yaml(text: str, file: str) -> tuple[Any, dict[PathKey, int]]:
    """Parse YAML text into plain data and a map from field paths to line numbers."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        raise SourceError([Problem(file, None, "", f"the file is larger than {MAX_SOURCE_BYTES:,} bytes")])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError([Problem(file, line, "", f"not valid YAML: {err.problem or err}")]) from None
    except yaml.YAMLError as err:
        raise SourceError([Problem(file, None, "", f"not valid YAML: {err}")]) from None
    if root is None:
        raise SourceError([Problem(file, 1, "", "the file is empty")])
    lines: dict[PathKey, int] = {}
    try:
        data = _to_python(root, (), lines)
    except SourceError as err:
        raise SourceError([Problem(file, p.line, p.field, p.message) for p in err.problems]) from None
    return data, lines


def _line_for(path: PathKey, lines: dict[PathKey, int]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _describe(error: dict[str, Any]) -> str:
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
    return f"{error['msg'].rstrip('.').lower()}, got {error.get('input')!r}"[:300]


def _clean_loc(loc: tuple[Any, ...]) -> PathKey:
    # pydantic adds union branch names such as 'float' or 'MetricValue' to the location.
    branch_names = {"float", "bool", "int", "str", "MetricValue"}
    return tuple(
        part
        for part in loc
        if not (isinstance(part, str) and (part in branch_names or "[" in part or "(" in part))
    )


def scenario_from_data(data: Any, lines: dict[PathKey, int], file: str) -> Scenario:
    """Validate plain data (from YAML) into a Scenario, or raise SourceError."""
    if not isinstance(data, dict):
        raise SourceError([Problem(file, 1, "", "a scenario file must be a mapping of fields")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as err:
        problems: list[Problem] = []
        seen: set[PathKey] = set()
        for error in err.errors():
            path = _clean_loc(error["loc"])
            if path in seen:  # a union reports once per branch; the first says enough
                continue
            seen.add(path)
            message = _describe(error)
            problems.append(Problem(file, _line_for(path, lines), _field_name(path), message))
        raise SourceError(problems) from None
    problems = [
        Problem(file, _line_for(path, lines), _field_name(path), message)
        for path, message in check_references(scenario)
    ]
    if problems:
        raise SourceError(problems)
    return scenario


def load_scenario_text(text: str, file: str = "<text>") -> Scenario:
    data, lines = parse_yaml(text, file)
    return scenario_from_data(data, lines, file)


def load_scenario_file(path: Path) -> Scenario:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SourceError([Problem(str(path), None, "", "the file is not UTF-8 text")]) from None
    except OSError as err:
        raise SourceError([Problem(str(path), None, "", f"cannot read the file: {err.strerror}")]) from None
    return load_scenario_text(text, str(path))


# --- cross references ---------------------------------------------------------------

_class_cache: dict[str, type | None] = {}


def resolve_node_class(type_name: str) -> type | None:
    """Return the ``diagrams`` class named like ``aws.database.RDS``, or None."""
    if type_name not in _class_cache:
        from diagrams import Node as DiagramsNode

        module_name, _, class_name = type_name.rpartition(".")
        try:
            module = importlib.import_module(f"diagrams.{module_name}")
            cls = getattr(module, class_name, None)
        except ImportError:
            cls = None
        ok = isinstance(cls, type) and issubclass(cls, DiagramsNode) and getattr(cls, "_icon", None)
        _class_cache[type_name] = cls if ok else None
    return _class_cache[type_name]


def check_references(s: Scenario) -> list[tuple[PathKey, str]]:
    """Every problem that needs the whole scenario to see, with the path of the field."""
    problems: list[tuple[PathKey, str]] = []

    def dupes(items: list[str], path: str, what: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item in seen:
                problems.append(((path, i), f"duplicate {what} {item!r}"))
            seen.add(item)

    phase_count = len(s.phases)
    cluster_ids = {c.id for c in s.clusters}
    node_ids = {n.id for n in s.nodes}
    dupes([c.id for c in s.clusters], "clusters", "cluster id")
    dupes([n.id for n in s.nodes], "nodes", "node id")
    dupes([e.key for e in s.edges], "edges", "edge")
    dupes([r.key for r in s.requirements], "requirements", "requirement key")
    dupes([g.key for g in s.option_groups], "option_groups", "option group key")
    if len(s.nodes) > MAX_NODES:
        problems.append((("nodes",), f"{len(s.nodes):,} nodes; the limit is {MAX_NODES}"))
    if len(s.edges) > MAX_EDGES:
        problems.append((("edges",), f"{len(s.edges):,} edges; the limit is {MAX_EDGES}"))

    metric_keys = set(s.all_metric_defs())
    param_keys = {p.key for p in s.parameters}

    def check_cluster(c: Any, path: PathKey, known: set[str]) -> None:
        if c.parent is not None and c.parent not in known:
            problems.append(((*path, "parent"), f"no cluster with id {c.parent!r}"))

    def check_node(n: Any, path: PathKey, clusters: set[str]) -> None:
        if resolve_node_class(n.type) is None:
            problems.append(((*path, "type"), f"{n.type!r} is not a diagrams node class (such as aws.database.RDS)"))
        if n.cluster is not None and n.cluster not in clusters:
            problems.append(((*path, "cluster"), f"no cluster with id {n.cluster!r}"))
        if n.phase > phase_count:
            problems.append(((*path, "phase"), f"phase {n.phase} does not exist (there are {phase_count})"))

    def check_edge(e: Any, path: PathKey, nodes: set[str]) -> None:
        for end in ("source", "target"):
            if getattr(e, end) not in nodes:
                problems.append(((*path, end), f"no node with id {getattr(e, end)!r}"))
        if e.phase is not None and e.phase > phase_count:
            problems.append(((*path, "phase"), f"phase {e.phase} does not exist (there are {phase_count})"))

    for i, c in enumerate(s.clusters):
        check_cluster(c, ("clusters", i), cluster_ids)
    for i, n in enumerate(s.nodes):
        check_node(n, ("nodes", i), cluster_ids)
    for i, e in enumerate(s.edges):
        check_edge(e, ("edges", i), node_ids)
    edge_keys = {e.key for e in s.edges}

    for i, r in enumerate(s.requirements):
        path = ("requirements", i)
        if r.metric is not None and r.metric not in metric_keys:
            problems.append(((*path, "metric"), f"no metric named {r.metric!r}"))
        if r.metric is not None and (r.op is None or (r.target is None and r.target_param is None)):
            problems.append((path, "a requirement with a metric needs op and target (or target_param)"))
        if r.target_param is not None and r.target_param not in param_keys:
            problems.append(((*path, "target_param"), f"no parameter named {r.target_param!r}"))

    # Which nodes each phase brings in (with every option's additions, so that a phase
    # is empty only if no choice at all gives it something to show).
    introduced: dict[int, set[str]] = {p: set() for p in range(1, phase_count + 1)}
    for n in s.nodes:
        introduced.setdefault(n.phase, set()).add(n.id)
    for e in s.edges:
        if e.phase:
            introduced.setdefault(e.phase, set()).add(e.key)

    for gi, g in enumerate(s.option_groups):
        gpath: PathKey = ("option_groups", gi)
        dupes([o.key for o in g.options], f"option_groups[{gi}].options", "option key")
        if sum(o.recommended for o in g.options) > 1:
            problems.append((gpath, "more than one option is marked recommended"))
        for oi, o in enumerate(g.options):
            opath: PathKey = (*gpath, "options", oi)
            for key in o.metrics:
                if key not in metric_keys:
                    problems.append(((*opath, "metrics", key), f"no metric named {key!r}"))
                value = o.metric(key)
                if value is not None and value.formula is not None:
                    from .formulas import FORMULAS

                    if value.formula not in FORMULAS:
                        problems.append(((*opath, "metrics", key, "formula"), f"no formula named {value.formula!r}"))
            ch = o.changes
            cpath: PathKey = (*opath, "changes")
            all_clusters = cluster_ids | {c.id for c in ch.add_clusters}
            for ci, c in enumerate(ch.add_clusters):
                check_cluster(c, (*cpath, "add_clusters", ci), all_clusters)
            for ni, n in enumerate(ch.add_nodes):
                check_node(n, (*cpath, "add_nodes", ni), all_clusters)
                introduced.setdefault(n.phase, set()).add(n.id)
            all_nodes = node_ids | {n.id for n in ch.add_nodes}
            for ni, node_id in enumerate(ch.remove_nodes):
                if node_id not in node_ids:
                    problems.append(((*cpath, "remove_nodes", ni), f"no node with id {node_id!r}"))
            for ei, e in enumerate(ch.add_edges):
                check_edge(e, (*cpath, "add_edges", ei), all_nodes)
            for ei, edge_key in enumerate(ch.remove_edges):
                if edge_key not in edge_keys:
                    problems.append(((*cpath, "remove_edges", ei), f"no edge with id {edge_key!r}"))
            for node_id in ch.relabel:
                if node_id not in all_nodes:
                    problems.append(((*cpath, "relabel", node_id), f"no node with id {node_id!r}"))
            for pi, p in enumerate(o.phases):
                ppath: PathKey = (*opath, "phases", pi)
                for hi, node_id in enumerate(p.highlight):
                    if node_id not in all_nodes:
                        problems.append(((*ppath, "highlight", hi), f"no node with id {node_id!r}"))
                if not p.highlight and not any(n.phase == pi + 1 for n in s.nodes):
                    problems.append((ppath, f"step {pi + 1} of this variant highlights nothing"))
            if o.phases:
                deepest = max([n.phase for n in (*s.nodes, *ch.add_nodes)] + [0])
                if deepest > len(o.phases):
                    problems.append(((*opath, "phases"), f"nodes use phase {deepest} but this variant has {len(o.phases)} steps"))

    for pi, p in enumerate(s.phases):
        path = ("phases", pi)
        for hi, node_id in enumerate(p.highlight):
            if node_id not in node_ids:
                problems.append(((*path, "highlight", hi), f"no node with id {node_id!r}"))
        if not introduced.get(pi + 1) and not p.highlight:
            problems.append((path, f"phase {pi + 1} adds nothing: no node or edge has phase: {pi + 1}"))
    return problems
