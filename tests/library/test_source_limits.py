"""Hostile and unusual scenario sources: each is refused quickly with file:line problems.

Bounded costs (alias bombs, deep nesting, huge files, devices and pipes), YAML that is
valid but no part of the format (merge keys, tags, odd keys, numbers that cannot be
stored), and values that load but cannot be used (inf and nan, control characters,
clusters that are their own ancestor).
"""

from __future__ import annotations

import os
import pathlib
import textwrap

import pytest
import yaml
from pydantic import ValidationError

import explorer.library.source as source
import explorer.library.yaml_reader as yaml_reader
from explorer.domain.model import Scenario
from explorer.library.problems import SourceError
from tests.helpers import TINY

FILE = "limits.yaml"
END = TINY.count("\n") + 1  # the line of anything appended to TINY


def problems(text: str) -> list[str]:
    """Every problem with ``text``; each must name the file and a line."""
    with pytest.raises(SourceError) as caught:
        source.load_scenario_text(text, FILE)
    found = caught.value.problems
    assert found and all(p.file == FILE and p.line for p in found), found
    return [str(p) for p in found]


def one_problem(text: str) -> str:
    (message,) = problems(text)
    return message


def with_option(changes: str = "", extra: str = "") -> str:
    """TINY with one option group whose option has ``changes`` and other ``extra`` fields."""
    option = textwrap.indent(textwrap.dedent(extra), " " * 8)
    if changes:
        option += "        changes:\n" + textwrap.indent(textwrap.dedent(changes), " " * 10)
    return TINY + "option_groups:\n  - key: g\n    label: G\n    options:\n      - key: o\n        label: O\n" + option


# --- 1. resource limits ----------------------------------------------------------------


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": each level is a list of nine aliases of the one before."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_its_line():
    bomb = alias_bomb()
    assert len(bomb) < 1_000  # 9**9 (387 million) values once expanded
    message = one_problem(TINY + bomb)
    assert message.startswith(f"{FILE}:{END + 5}: ")  # where the count passes the limit
    assert message.endswith(f"aliases expand to more than {yaml_reader.MAX_VALUES:,} values")


def test_small_anchors_and_aliases_still_work():
    text = TINY.replace("  - title: Web\n", "  - title: Web\n    steps: &steps [Plan, Build]\n")
    text = text.replace("  - title: Data\n", "  - title: &title Data\n    steps: *steps\n") + "summary: *title\n"
    scenario = source.load_scenario_text(text, FILE)
    assert scenario.phases[0].steps == scenario.phases[1].steps == ["Plan", "Build"]
    assert scenario.summary == "Data"


def test_an_alias_inside_its_own_value_is_refused():
    assert one_problem(TINY + "summary: &loop [a, *loop]\n") == (
        f"{FILE}:{END}: the alias *loop is inside the value it refers to"
    )


def test_plain_values_are_bounded_too(monkeypatch):
    monkeypatch.setattr(yaml_reader, "MAX_VALUES", 40)
    message = one_problem(TINY + "constraints: [" + ", ".join(["x"] * 40) + "]\n")
    assert message == f"{FILE}:{END}: the file holds more than 40 values"


@pytest.mark.parametrize(
    "shape",
    [
        "[" * 500 + "]" * 500,
        "{a: " * 500 + "1" + "}" * 500,
        "".join(f"\n{'  ' * (level + 1)}k:" for level in range(500)) + " 1",
    ],
    ids=["flow lists", "flow mappings", "block mappings"],
)
def test_deep_nesting_is_refused_before_composing(shape):
    message = one_problem(TINY + "summary: " + shape + "\n")
    assert message.endswith(f"nested more than {yaml_reader.MAX_DEPTH} levels deep")


def test_nesting_within_the_limit_reaches_validation():
    # One level for the file's own mapping, 63 for the value: exactly MAX_DEPTH.
    nested = "[" * (yaml_reader.MAX_DEPTH - 1) + "]" * (yaml_reader.MAX_DEPTH - 1)
    assert one_problem(TINY + "summary: " + nested + "\n").startswith(
        f"{FILE}:{END}: summary: input should be a valid string"
    )


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
def test_the_c_loader_is_used_where_available():
    assert yaml_reader._LOADER is yaml.CSafeLoader


def test_one_constructor_serves_a_whole_file(monkeypatch):
    made = []
    real_init = yaml.constructor.BaseConstructor.__init__

    def counting_init(self, *args, **kwargs):
        made.append(type(self).__name__)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "__init__", counting_init)

    def constructors_for(steps: int) -> int:
        made.clear()
        text = TINY.replace("  - title: Web\n", "  - title: Web\n    steps: [" + ", ".join(["s"] * steps) + "]\n")
        source.load_scenario_text(text, FILE)
        return len(made)

    assert constructors_for(1_000) == constructors_for(1) <= 3


def syntax_and_field_mistakes() -> dict[str, tuple[str, str]]:
    return {
        "wrong type": (TINY.replace("phase: 2", "phase: two"), f"{FILE}:10: nodes[1].phase: "),
        "missing node": (
            TINY.replace("target: db", "target: cache"),
            f"{FILE}:13: edges[0].target: no node with id 'cache'",
        ),
        "bad syntax": (TINY.replace("  - title: Data", "  - title: [oops"), f"{FILE}:17: not valid YAML"),
        "raw control character": (
            TINY.replace("Database", "Data\x1bbase"),
            f"{FILE}:9: contains the character U+001B, which YAML does not allow; remove it",
        ),
        "after non-ASCII text": (
            "summary: ééééé\n" + TINY.replace("Database", "Data\x1bbase"),
            f"{FILE}:10: contains the character U+001B",
        ),
    }


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("case", list(syntax_and_field_mistakes()))
def test_line_numbers_are_the_same_with_either_loader(monkeypatch, loader, case):
    if not hasattr(yaml, loader):
        pytest.skip(f"no yaml.{loader}")
    monkeypatch.setattr(yaml_reader, "_LOADER", getattr(yaml, loader))
    text, expected = syntax_and_field_mistakes()[case]
    assert one_problem(text).startswith(expected)


@pytest.fixture
def no_whole_file_reads(monkeypatch):
    """Fail at once, rather than read gigabytes or wait on a pipe, if a file is read whole."""

    def refuse(*args, **kwargs):
        raise AssertionError("the file was read whole")

    monkeypatch.setattr(pathlib.Path, "read_text", refuse)
    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)


@pytest.fixture
def bytes_read(monkeypatch) -> list[int]:
    sizes: list[int] = []
    real_read = os.read

    def counting_read(fd, n):
        data = real_read(fd, n)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting_read)
    return sizes


def test_a_huge_file_is_refused_without_reading_it(tmp_path, no_whole_file_reads, bytes_read):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as f:
        f.truncate(1_500_000_000)  # sparse: nothing is written to disk
    with pytest.raises(SourceError) as caught:
        source.load_scenario_file(huge)
    assert str(caught.value) == f"{huge}: the file is larger than 2,000,000 bytes"
    assert sum(bytes_read) == 0


def test_a_file_that_grows_is_read_one_byte_past_the_limit(tmp_path, monkeypatch, bytes_read):
    grown = tmp_path / "grown.yaml"
    grown.write_bytes(b"#" * (yaml_reader.MAX_SOURCE_BYTES + 100_000))
    real_fstat = os.fstat

    class SmallerAtFirst:  # the size when it was checked, before it grew
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(os, "fstat", lambda fd: SmallerAtFirst(real_fstat(fd)))
    with pytest.raises(SourceError, match="larger than 2,000,000 bytes"):
        yaml_reader.read_source_text(grown)
    assert sum(bytes_read) == yaml_reader.MAX_SOURCE_BYTES + 1


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused(no_whole_file_reads):
    with pytest.raises(SourceError) as caught:
        source.load_scenario_file(pathlib.Path("/dev/zero"))
    assert str(caught.value) == "/dev/zero: not a regular file (a character device); give a scenario .yaml file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, no_whole_file_reads):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(SourceError) as caught:
        source.load_scenario_file(fifo)
    assert str(caught.value) == f"{fifo}: not a regular file (a FIFO); give a scenario .yaml file"


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    with pytest.raises(SourceError, match=r"cannot read the file|not a regular file"):
        yaml_reader.read_source_text(tmp_path)
    with pytest.raises(SourceError, match="cannot read the file: No such file"):
        yaml_reader.read_source_text(tmp_path / "none.yaml")


def test_read_source_text_reads_text_as_python_does(tmp_path):
    path = tmp_path / "windows.yaml"
    path.write_bytes(TINY.replace("\n", "\r\n").encode("utf-8"))
    assert yaml_reader.read_source_text(path) == TINY
    assert source.load_scenario_file(str(path)).title == "Tiny"
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"id: x\ntitle: caf\xe9\n")
    with pytest.raises(SourceError) as caught:
        yaml_reader.read_source_text(latin)
    assert str(caught.value) == f"{latin}:2: the file is not UTF-8 text (byte 0xe9)"


# --- 2. valid YAML that the format does not use ----------------------------------------

UNSUPPORTED = {
    "merge key": (
        TINY.replace("  - id: db\n", "  - <<: {phase: 2}\n    id: db\n"),
        7,
        "nodes[1]: merge keys (<<) are not supported; write the fields out",
    ),
    "custom tag": (
        TINY.replace("label: Web server", "label: !foo Web"),
        6,
        "nodes[0].label: the tag !foo is not supported; remove it",
    ),
    "custom tag on a mapping": (TINY + "summary: !foo {a: 1}\n", END, "summary: the tag !foo is not supported"),
    "python object": (
        TINY + "summary: !!python/object:os.system {}\n",
        END,
        "summary: the tag !!python/object:os.system is not supported",
    ),
    "python name value": (
        TINY + "summary: !!python/name:os.system\n",
        END,
        "summary: the tag !!python/name:os.system is not supported",
    ),
    "python name key": (
        TINY + "!!python/name:os.system : x\n",
        END,
        "a key must be plain text or a whole number, not a value tagged !!python/name:os.system",
    ),
    "set": (TINY + "summary: !!set {a, b}\n", END, "summary: the tag !!set is not supported"),
    "!!int abc": (TINY.replace("phase: 2", "phase: !!int abc"), 10, "nodes[1].phase: 'abc' is not a valid !!int"),
    "!!float abc": (TINY + "monthly_total_usd: !!float abc\n", END, "monthly_total_usd: 'abc' is not a valid !!float"),
    "bad !!timestamp": (
        TINY + "summary: !!timestamp 2024-13-45\n",
        END,
        "summary: '2024-13-45' is not a valid !!timestamp",
    ),
    "impossible date": (TINY + "summary: 2024-02-30\n", END, "summary: '2024-02-30' is not a valid !!timestamp"),
    "!!binary garbage": (
        TINY + "summary: !!binary '@@@ not base64'\n",
        END,
        "summary: the tag !!binary is not supported",
    ),
    "4,301 digits": (TINY + "number: " + "7" * 4_301 + "\n", END, "number: a whole number of more than 4,300 digits"),
    "number past 64 bits": (
        TINY + f"number: {2**63}\n",
        END,
        "number: input should be less than or equal to 9223372036854775807",
    ),
    "node phase 10,001": (
        TINY.replace("phase: 2", "phase: 10001"),
        10,
        "nodes[1].phase: input should be less than or equal to 10000",
    ),
    "edge phase 10,001": (
        TINY.replace("    target: db\n", "    target: db\n    phase: 10001\n"),
        14,
        "edges[0].phase: input should be less than or equal to 10000",
    ),
    "mapping as key": (TINY + "{a: 1}: x\n", END, "a key must be plain text or a whole number, not a mapping"),
    "tagged key": (TINY + "!foo k: x\n", END, "a key must be plain text or a whole number, not a value tagged !foo"),
    "yes as key": (TINY + "yes: x\n", END, "the key 'yes' reads as true or false; put it in quotes"),
}


@pytest.mark.parametrize("case", list(UNSUPPORTED))
def test_unsupported_yaml_is_a_problem_at_its_line(case):
    text, line, expected = UNSUPPORTED[case]
    assert one_problem(text).startswith(f"{FILE}:{line}: {expected}")


def test_the_largest_storable_number_and_phase_are_accepted():
    text = TINY + f"number: {2**63 - 1}\n"
    assert source.load_scenario_text(text, FILE).number == 2**63 - 1
    with pytest.raises(ValidationError):
        Scenario.model_validate({**yaml.safe_load(TINY), "number": 2**63})


# --- 3. values that load but cannot be used ----------------------------------------------

NOT_FINITE = {
    "parameter value": (TINY + "parameters:\n  - {key: p, label: P, value: .inf}\n", END + 1, "parameters[0].value"),
    "parameter min": (
        TINY + "parameters:\n  - {key: p, label: P, value: 1, min: -.inf}\n",
        END + 1,
        "parameters[0].min",
    ),
    "parameter max": (
        TINY + "parameters:\n  - {key: p, label: P, value: 1, max: .nan}\n",
        END + 1,
        "parameters[0].max",
    ),
    "cost item": (TINY + "cost_items:\n  - {service: S, monthly_usd: .nan}\n", END + 1, "cost_items[0].monthly_usd"),
    "monthly total": (TINY + "monthly_total_usd: -.inf\n", END, "monthly_total_usd"),
    "written out": (TINY + "monthly_total_usd: 1e999\n", END, "monthly_total_usd"),
    "requirement target": (
        TINY + "requirements:\n  - {key: r, text: T, metric: monthly_usd, op: '<=', target: .inf}\n",
        END + 1,
        "requirements[0].target",
    ),
    "metric shorthand": (
        with_option(extra="metrics: {monthly_usd: .inf}\n"),
        END + 6,
        "option_groups[0].options[0].metrics.monthly_usd",
    ),
    "metric value": (
        with_option(extra="metrics:\n  monthly_usd: {value: .nan}\n"),
        END + 7,
        "option_groups[0].options[0].metrics.monthly_usd.value",
    ),
}


@pytest.mark.parametrize("case", list(NOT_FINITE))
def test_infinity_and_nan_are_refused(case):
    text, line, field = NOT_FINITE[case]
    assert one_problem(text).startswith(f"{FILE}:{line}: {field}: input should be a finite number")


CHARACTERS = {
    "\\e": "control character U+001B",
    "\\0": "control character U+0000",
    "\\x01": "control character U+0001",
    "\\x7f": "control character U+007F",
    "\\x9f": "control character U+009F",
    "\\uFFFE": "noncharacter U+FFFE",
    "\\uFDD0": "noncharacter U+FDD0",
    "\\U0010FFFF": "noncharacter U+10FFFF",
}
TEXT_FIELDS = {
    "title": (lambda bad: TINY.replace("title: Tiny", f'title: "Tiny{bad}"'), 2, "title"),
    "node label": (lambda bad: TINY.replace("label: Web server", f'label: "Web{bad}"'), 6, "nodes[0].label"),
    "step": (
        lambda bad: TINY.replace("  - title: Data\n", f'  - title: Data\n    steps: [ok, "x{bad}"]\n'),
        17,
        "phases[1].steps[1]",
    ),
    "pro": (lambda bad: with_option(extra=f'pros: ["x{bad}"]\n'), END + 6, "option_groups[0].options[0].pros[0]"),
    "relabel": (
        lambda bad: with_option(changes=f'relabel: {{web: "x{bad}"}}\n'),
        END + 7,
        "option_groups[0].options[0].changes.relabel.web",
    ),
}


@pytest.mark.parametrize("escape", list(CHARACTERS))
@pytest.mark.parametrize("field", list(TEXT_FIELDS))
def test_control_characters_and_noncharacters_are_refused_in_text(field, escape):
    make, line, name = TEXT_FIELDS[field]
    assert one_problem(make(escape)) == f"{FILE}:{line}: {name}: contains the {CHARACTERS[escape]}; remove it"


def test_the_model_itself_refuses_unusable_characters():
    data = yaml.safe_load(TINY)
    for bad in ("\x1b", "\x00", "\ufffe", "\U0001ffff", "\ud800"):
        with pytest.raises(ValidationError):
            Scenario.model_validate({**data, "title": f"T{bad}"})


def test_ordinary_and_hostile_looking_text_is_kept_literally():
    label = "Smile 😀, مرحبا, שלום, \"quoted\" 'single' <b>{x}</b> | a\\b\nnext line\ttab"
    text = TINY.replace("label: Web server", "label: " + yaml.safe_dump(label, allow_unicode=True, width=1_000).strip())
    scenario = source.load_scenario_text(text, FILE)
    assert scenario.nodes[0].label == label


CLUSTER_CYCLES = {
    "its own parent": (
        TINY + "clusters:\n  - {id: a, label: A, parent: a}\n",
        f"{FILE}:{END + 1}: clusters[0].parent: cluster 'a' is its own ancestor (a → a)",
    ),
    "a cycle of two": (
        TINY
        + "clusters:\n  - {id: c, label: C, parent: a}\n  - {id: a, label: A, parent: b}\n  - {id: b, label: B, parent: a}\n",
        f"{FILE}:{END + 2}: clusters[1].parent: cluster 'a' is its own ancestor (a → b → a)",
    ),
    "closed by an option": (
        with_option(changes="add_clusters:\n  - {id: b, label: B, parent: a}\n")
        + "clusters:\n  - {id: a, label: A, parent: b}\n",
        f"{FILE}:{END + 8}: option_groups[0].options[0].changes.add_clusters[0].parent: cluster 'b' is its own ancestor (b → a → b)",
    ),
}


@pytest.mark.parametrize("case", list(CLUSTER_CYCLES))
def test_a_cluster_cannot_be_its_own_ancestor(case):
    text, expected = CLUSTER_CYCLES[case]
    assert expected in problems(text)


def test_nested_clusters_without_a_cycle_load():
    text = TINY.replace("    label: Web server\n", "    label: Web server\n    cluster: c\n")
    text += "clusters:\n  - {id: a, label: A}\n  - {id: b, label: B, parent: a}\n  - {id: c, label: C, parent: b}\n"
    assert [c.parent for c in source.load_scenario_text(text, FILE).clusters] == [None, "a", "b"]
