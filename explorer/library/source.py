"""Reading scenario YAML files, with errors that name the file, the line and the field.

YAML is parsed into a node tree first so that every mapping key and list item keeps its
line number; pydantic then validates the plain data, and each of its errors is mapped
back to the line of the field it complains about.

Every input is bounded before it can cost much. ``read_source_text`` reads regular files
of at most MAX_SOURCE_BYTES only, deciding before it reads a byte. The YAML event stream
(which PyYAML produces without recursion) is checked for nesting deeper than MAX_DEPTH
and for aliases that expand past MAX_VALUES values before any node tree is built.
libyaml's C parser is used where it is installed. YAML that is valid but no part of the
scenario format (merge keys, tags other than YAML's own scalar types, keys that are not
text or whole numbers) is refused at its line, like any other mistake.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from explorer.domain.model import Cluster, Scenario

MAX_SOURCE_BYTES = 2_000_000
MAX_NODES = 400
MAX_EDGES = 800
MAX_DEPTH = 64  # the scenario format itself needs fewer than 10 levels
MAX_VALUES = 200_000  # scalars, lists and mappings, counting each alias as what it stands for
MAX_INT_DIGITS = 4_300  # Python refuses to read longer whole numbers

# libyaml's parser where it is installed: several times faster, with the same line numbers.
# It refuses "\ud83d\ude00" escapes (emoji as JSON tools write them), which PyYAML's own
# parser reads as surrogate halves that _TreeReader joins; text with them is read by that.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")

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


# --- reading files ------------------------------------------------------------------


def _too_large() -> str:
    return f"the file is larger than {MAX_SOURCE_BYTES:,} bytes"


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_source_text(path: Path | str) -> str:
    """The text of a scenario file; SourceError unless it is a regular UTF-8 file of at
    most MAX_SOURCE_BYTES.

    The file is opened without blocking (a FIFO would wait for a writer) and checked
    before anything is read, and at most one byte more than the limit is ever read, so a
    device, a pipe or a huge file costs nothing. Line ends are read as Python's text
    files read them ("\\r\\n" and "\\r" become "\\n").
    """
    name = str(path)

    def refused(message: str, line: int | None = None) -> SourceError:
        return SourceError([Problem(name, line, "", message)])

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as err:
        raise refused(f"cannot read the file: {err.strerror or err}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((kind for is_kind, kind in _FILE_KINDS if is_kind(info.st_mode)), "another kind")
            raise refused(f"not a regular file ({kind}); give a scenario .yaml file")
        if info.st_size > MAX_SOURCE_BYTES:
            raise refused(_too_large())
        chunks: list[bytes] = []
        wanted = MAX_SOURCE_BYTES + 1  # one more than the limit tells a file that grew
        while wanted > 0 and (chunk := os.read(fd, min(wanted, 1 << 20))):
            chunks.append(chunk)
            wanted -= len(chunk)
    except OSError as err:
        raise refused(f"cannot read the file: {err.strerror or err}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_SOURCE_BYTES:
        raise refused(_too_large())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise refused(f"the file is not UTF-8 text (byte 0x{data[err.start]:02x})", line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- YAML into plain data -------------------------------------------------------------

_YAML_TAG = "tag:yaml.org,2002:"
_MAP, _SEQ, _STR, _INT = (_YAML_TAG + name for name in ("map", "seq", "str", "int"))
# YAML's own scalar types, less !!binary: no field of a scenario holds bytes.
_SCALAR_TAGS = {_YAML_TAG + name for name in ("str", "null", "bool", "int", "float", "timestamp")}
_KEY_READS_AS = {
    _YAML_TAG + "bool": "true or false",
    _YAML_TAG + "null": "null",
    _YAML_TAG + "float": "a decimal number",
    _YAML_TAG + "timestamp": "a date",
}


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _refused(line: int | None, path: PathKey, message: str) -> SourceError:
    return SourceError([Problem("", line, _field_name(path), message)])


def _check_events(text: str, loader: type) -> None:
    """Refuse nesting deeper than MAX_DEPTH, and more than MAX_VALUES values once every
    alias is expanded (a "billion laughs" bomb), before the composer sees the text.

    Each alias counts as the number of values its anchor holds, so a 1 KB bomb is
    refused after reading 1 KB. An alias inside the value it refers to would make a
    tree without end; it is refused too.
    """
    open_sizes: list[int] = []  # values so far inside each open list or mapping
    open_anchors: list[str | None] = []
    anchor_sizes: dict[str, int] = {}  # values each finished anchor stands for
    total = 0
    aliases_used = False
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionEndEvent):
            size = open_sizes.pop()
            anchor = open_anchors.pop()
            if anchor is not None:
                anchor_sizes[anchor] = size
            if open_sizes:
                open_sizes[-1] += size
            continue
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in open_anchors:
                raise _refused(line, (), f"the alias *{event.anchor} is inside the value it refers to")
            added = anchor_sizes.get(event.anchor, 0)  # an unknown anchor is the composer's to report
            aliases_used = True
        elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            added = 1
        else:
            continue
        total += added
        if total > MAX_VALUES:
            what = "aliases expand to" if aliases_used else "the file holds"
            raise _refused(line, (), f"{what} more than {MAX_VALUES:,} values")
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_sizes) == MAX_DEPTH:
                raise _refused(line, (), f"lists and mappings nested more than {MAX_DEPTH} levels deep")
            open_sizes.append(1)
            open_anchors.append(event.anchor)
        else:
            if open_sizes:
                open_sizes[-1] += added
            if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                anchor_sizes[event.anchor] = 1


class _TreeReader:
    """Turns a composed YAML node tree into plain data, noting the line of every field."""

    def __init__(self) -> None:
        self.lines: dict[PathKey, int] = {}
        self._constructor = yaml.constructor.SafeConstructor()  # one for the whole file

    def value(self, node: yaml.Node, path: PathKey) -> Any:
        line = node.start_mark.line + 1
        self.lines[path] = line
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node, _MAP, path)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node, path)
                if key in result:
                    raise _refused(key_node.start_mark.line + 1, (*path, key), "this key appears twice")
                result[key] = self.value(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _SEQ, path)
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _check_tag(self, node: yaml.Node, expected: str, path: PathKey) -> None:
        if node.tag != expected:
            message = f"the tag {_tag_name(node.tag)} is not supported; remove it"
            raise _refused(node.start_mark.line + 1, path, message)

    def _key(self, node: yaml.Node, path: PathKey) -> str:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _YAML_TAG + "merge":
                raise _refused(line, path, "merge keys (<<) are not supported; write the fields out")
            if node.tag == _STR:
                return node.value
            if node.tag == _INT:
                return str(self._scalar(node, path))
            if node.tag in _KEY_READS_AS:
                reads_as = _KEY_READS_AS[node.tag]
                raise _refused(line, path, f"the key {node.value!r} reads as {reads_as}; put it in quotes")
            what = f"a value tagged {_tag_name(node.tag)}"
        else:
            what = "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
        raise _refused(line, path, f"a key must be plain text or a whole number, not {what}")

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        line = node.start_mark.line + 1
        if node.tag == _STR:
            return self._join_surrogates(node.value, line, path)
        if node.tag not in _SCALAR_TAGS:
            raise _refused(line, path, f"the tag {_tag_name(node.tag)} is not supported; remove it")
        if node.tag == _INT and len(node.value) > MAX_INT_DIGITS:
            raise _refused(line, path, f"a whole number of more than {MAX_INT_DIGITS:,} digits")
        construct = self._constructor.yaml_constructors[node.tag]
        try:
            return construct(self._constructor, node)
        except (yaml.YAMLError, ValueError, TypeError, AttributeError, KeyError, OverflowError):
            shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
            raise _refused(line, path, f"{shown!r} is not a valid {_tag_name(node.tag)}") from None

    @staticmethod
    def _join_surrogates(value: str, line: int, path: PathKey) -> str:
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            # "\ud83d\ude00" escapes (as JSON tools write emoji) arrive as surrogate halves.
            try:
                return value.encode("utf-16", "surrogatepass").decode("utf-16")
            except UnicodeDecodeError:
                raise _refused(line, path, "contains an unpaired \\u surrogate escape") from None
        return value


def parse_yaml(text: str, file: str) -> tuple[Any, dict[PathKey, int]]:
    """Parse YAML text into plain data and a map from field paths to line numbers."""
    too_large = SourceError([Problem(file, None, "", _too_large())])
    if len(text) > MAX_SOURCE_BYTES:  # no character is less than a byte
        raise too_large
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError as err:
        line = text.count("\n", 0, err.start) + 1
        message = f"contains a lone surrogate U+{ord(text[err.start]):04X}; remove it"
        raise SourceError([Problem(file, line, "", message)]) from None
    if len(encoded) > MAX_SOURCE_BYTES:
        raise too_large
    loader = yaml.SafeLoader if _SURROGATE_ESCAPE.search(text) else _LOADER
    reader = _TreeReader()
    try:
        _check_events(text, loader)
        root = yaml.compose(text, Loader=loader)
        if root is None:
            raise SourceError([Problem(file, 1, "", "the file is empty")])
        data = reader.value(root, ())
    except SourceError as err:
        raise SourceError([Problem(file, p.line, p.field, p.message) for p in err.problems]) from None
    except yaml.reader.ReaderError as err:
        code = err.character if isinstance(err.character, int) else ord(err.character)
        # libyaml counts the position in UTF-8 bytes, PyYAML's own reader in characters.
        if loader is yaml.SafeLoader:
            line = text.count("\n", 0, err.position) + 1
        else:
            line = encoded.count(b"\n", 0, err.position) + 1
        message = f"contains the character U+{code:04X}, which YAML does not allow; remove it"
        raise SourceError([Problem(file, line, "", message)]) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError([Problem(file, line, "", f"not valid YAML: {err.problem or err}")]) from None
    except yaml.YAMLError as err:
        raise SourceError([Problem(file, None, "", f"not valid YAML: {err}")]) from None
    return data, reader.lines


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
    if kind == "value_error":  # the model's own checks word their message for people
        return str(error["ctx"]["error"])
    return f"{error['msg'].rstrip('.').lower()}, got {error.get('input')!r}"[:300]


def _clean_loc(loc: tuple[Any, ...]) -> PathKey:
    # pydantic adds union branch names such as 'float' or 'MetricValue' to the location.
    branch_names = {"float", "bool", "int", "str", "MetricValue"}
    return tuple(
        part for part in loc if not (isinstance(part, str) and (part in branch_names or "[" in part or "(" in part))
    )


def scenario_from_data(data: Any, lines: dict[PathKey, int], file: str) -> Scenario:
    """Validate plain data (from YAML) into a Scenario, or raise SourceError."""
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


def load_scenario_file(path: Path | str) -> Scenario:
    return load_scenario_text(read_source_text(path), str(path))


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


def _cluster_cycles(
    clusters: list[tuple[PathKey, Cluster]], parents: dict[str, str | None]
) -> list[tuple[PathKey, str]]:
    """A problem for each cycle in ``parents`` (cluster id to parent id) that goes through
    one of ``clusters``, at the first of them: such a cluster is drawn nowhere, nor its nodes."""
    first: dict[str, tuple[int, PathKey]] = {}  # cluster id -> (position, path)
    for path, cluster in clusters:
        first.setdefault(cluster.id, (len(first), path))
    problems: list[tuple[PathKey, str]] = []
    done: set[str] = set()
    for start in parents:
        walk: dict[str, None] = {}  # the ids met going up from start, in order
        cluster_id: str | None = start
        while cluster_id in parents and cluster_id not in done and cluster_id not in walk:
            walk[cluster_id] = None
            cluster_id = parents[cluster_id]
        done.update(walk)
        ring = list(walk)[list(walk).index(cluster_id) :] if cluster_id in walk else []
        ours = [member for member in ring if member in first]
        if ours:
            head = min(ours, key=lambda member: first[member][0])
            at = ring.index(head)
            shown = " → ".join([*ring[at:], *ring[:at], head])
            message = f"cluster {head!r} is its own ancestor ({shown})"
            problems.append(((*first[head][1], "parent"), message))
    return problems


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
    cluster_parents = {c.id: c.parent for c in s.clusters}
    own_clusters = [(("clusters", i), c) for i, c in enumerate(s.clusters)]
    problems += _cluster_cycles(own_clusters, cluster_parents)
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
                    from explorer.domain.formulas import FORMULAS

                    if value.formula not in FORMULAS:
                        problems.append(((*opath, "metrics", key, "formula"), f"no formula named {value.formula!r}"))
            ch = o.changes
            cpath: PathKey = (*opath, "changes")
            all_clusters = cluster_ids | {c.id for c in ch.add_clusters}
            for ci, c in enumerate(ch.add_clusters):
                check_cluster(c, (*cpath, "add_clusters", ci), all_clusters)
            added = [((*cpath, "add_clusters", ci), c) for ci, c in enumerate(ch.add_clusters)]
            with_added = cluster_parents | {c.id: c.parent for c in ch.add_clusters}
            problems += _cluster_cycles(added, with_added)
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
                    problems.append(
                        ((*opath, "phases"), f"nodes use phase {deepest} but this variant has {len(o.phases)} steps")
                    )

    for pi, p in enumerate(s.phases):
        path = ("phases", pi)
        for hi, node_id in enumerate(p.highlight):
            if node_id not in node_ids:
                problems.append(((*path, "highlight", hi), f"no node with id {node_id!r}"))
        if not introduced.get(pi + 1) and not p.highlight:
            problems.append((path, f"phase {pi + 1} adds nothing: no node or edge has phase: {pi + 1}"))
    from explorer.domain.tradeoffs import combination_problems  # the recommender must be able to answer

    problems += combination_problems(s)
    return problems
