"""Validation of scenario sources: every problem names the file, the line and the field."""

from __future__ import annotations

import textwrap

import pytest

from explorer.library.problems import SourceError
from explorer.library.source import load_scenario_text
from tests.helpers import TINY

VALID = TINY


def problems(text: str) -> list[str]:
    with pytest.raises(SourceError) as caught:
        load_scenario_text(text, "tiny.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_valid_source_loads():
    scenario = load_scenario_text(VALID, "tiny.yaml")
    assert [n.id for n in scenario.nodes] == ["web", "db"]
    assert scenario.edges[0].key == "web--db"


def test_malformed_yaml_names_the_line():
    text = VALID.replace("  - title: Data", "  - title: [unclosed")
    (message,) = problems(text)
    assert message.startswith("tiny.yaml:")
    assert "not valid YAML" in message


def test_missing_required_field():
    text = VALID.replace("title: Tiny\n", "")
    assert problems(text) == ["tiny.yaml:1: title: this required field is missing"]


def test_wrong_type_points_at_the_field_line():
    text = VALID.replace("    phase: 2", "    phase: second")
    (message,) = problems(text)
    assert message.startswith("tiny.yaml:10: nodes[1].phase:")


def test_unknown_field_is_refused():
    text = VALID.replace("    label: Web server", "    label: Web server\n    colour: red")
    (message,) = problems(text)
    assert "tiny.yaml:7: nodes[0].colour: unknown field" in message


def test_unknown_node_class():
    text = VALID.replace("aws.database.RDS", "aws.database.NoSuchThing")
    (message,) = problems(text)
    assert message.startswith("tiny.yaml:8: nodes[1].type:")
    assert "not a diagrams node class" in message


def test_edge_to_a_missing_node():
    text = VALID.replace("    target: db", "    target: cache")
    (message,) = problems(text)
    assert message == "tiny.yaml:13: edges[0].target: no node with id 'cache'"


def test_phase_that_adds_nothing():
    text = VALID.replace("    phase: 2\n", "")
    (message,) = problems(text)
    assert "phases[1]: phase 2 adds nothing" in message


def test_duplicate_keys_and_ids():
    assert any("appears twice" in p for p in problems(VALID.replace("title: Tiny", "title: Tiny\ntitle: Again")))
    text = VALID.replace("  - id: db", "  - id: web")
    assert any("duplicate node id 'web'" in p for p in problems(text))


def test_option_referring_to_missing_node():
    text = VALID + textwrap.dedent(
        """\
        option_groups:
          - key: g
            label: G
            options:
              - key: a
                label: A
                changes:
                  remove_nodes: [nothing]
        """
    )
    (message,) = problems(text)
    assert "option_groups[0].options[0].changes.remove_nodes[0]: no node with id 'nothing'" in message


def test_absurd_sizes_are_refused():
    big = VALID.replace("label: Web server", "label: " + "x" * 3000)
    assert any("longer than the limit" in p for p in problems(big))


def test_escaped_emoji_become_real_characters():
    text = VALID.replace("label: Web server", 'label: "Smile \\ud83d\\ude00"')
    assert load_scenario_text(text, "tiny.yaml").nodes[0].label == "Smile 😀"
    lone = VALID.replace("label: Web server", 'label: "half \\ud83d"')
    assert any("unpaired" in p for p in problems(lone))
