"""Reading a scenario source: the file's text and its YAML, each bounded before it can
cost much, into plain data with the line of every field.

``read_source_text`` reads regular files of at most MAX_SOURCE_BYTES only, deciding
before it reads a byte. The YAML event stream (which PyYAML produces without recursion)
is checked for nesting deeper than MAX_DEPTH and for aliases that expand past MAX_VALUES
values before any node tree is built. libyaml's C parser is used where it is installed.
YAML is then composed into a node tree so that every mapping key and list item keeps its
line number. YAML that is valid but no part of the scenario format (merge keys, tags
other than YAML's own scalar types, keys that are not text or whole numbers) is refused
at its line, like any other mistake. Turning the data into a Scenario is
``explorer.library.source``'s job.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from explorer.library.problems import PathKey, Problem, SourceError, field_name

MAX_SOURCE_BYTES = 2_000_000
MAX_DEPTH = 64  # the scenario format itself needs fewer than 10 levels
MAX_VALUES = 200_000  # scalars, lists and mappings, counting each alias as what it stands for
MAX_INT_DIGITS = 4_300  # Python refuses to read longer whole numbers

# libyaml's parser where it is installed: several times faster, with the same line numbers.
# It refuses "\ud83d\ude00" escapes (emoji as JSON tools write them), which PyYAML's own
# parser reads as surrogate halves that _TreeReader joins; text with them is read by that.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


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
    return SourceError([Problem("", line, field_name(path), message)])


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
        line = event.start_mark.line + 1 if event.start_mark is not None else None  # the parser marks every event
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
            # An unknown anchor is the composer's to report.
            added = anchor_sizes.get(event.anchor, 0) if event.anchor is not None else 0
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
        self.columns: dict[PathKey, int] = {}
        self._constructor = yaml.constructor.SafeConstructor()  # one for the whole file

    def value(self, node: yaml.Node, path: PathKey) -> Any:
        line = node.start_mark.line + 1
        self.lines[path] = line
        self.columns[path] = node.start_mark.column + 1
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node, _MAP, path)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node, path)
                if key in result:
                    raise _refused(key_node.start_mark.line + 1, (*path, key), "this key appears twice")
                result[key] = self.value(value_node, (*path, key))
                # A field's problem is shown at its key (a block value starts a line lower).
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                self.columns[(*path, key)] = key_node.start_mark.column + 1
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
    data, lines, _columns = parse_yaml_positions(text, file)
    return data, lines


def parse_yaml_positions(text: str, file: str) -> tuple[Any, dict[PathKey, int], dict[PathKey, int]]:
    """``parse_yaml``, with the column (from 1) of each field as well: a mapping's field at
    its key, a list item where it starts."""
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
        mark_line = mark.line + 1 if mark else None
        raise SourceError([Problem(file, mark_line, "", f"not valid YAML: {err.problem or err}")]) from None
    except yaml.YAMLError as err:
        raise SourceError([Problem(file, None, "", f"not valid YAML: {err}")]) from None
    return data, reader.lines, reader.columns
