"""Requirement lines read as words: "needs at most 14 days", "needs: yes", never "<=" or "=="."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from explorer.cli import main
from explorer.domain.tradeoffs import evaluate, needs_words, recommend, target_words
from tests.conftest import BUNDLED_DB

OPERATOR_SIGNS = re.compile(r"<=|>=|==|(?<![\w-])[<>](?![\w-])")


@pytest.mark.parametrize(
    ("op", "unit", "target", "words"),
    [
        ("<=", "days", 14, "at most 14 days"),
        (">=", "number", 99.9, "at least 99.9"),
        ("<", "minutes", 60, "under 1 h"),
        (">", "gbps", 1, "over 1 Gbps"),
        ("==", "bool", True, "yes"),
        ("==", "number", 3, "exactly 3"),
        ("<=", "usd_month", 720, "at most $720/month"),
    ],
)
def test_targets_in_words(op, unit, target, words):
    assert target_words(op, unit, target) == words


def test_needs_reads_as_a_sentence():
    assert needs_words("<=", "days", 14) == "needs at most 14 days"
    assert needs_words("==", "bool", True) == "needs: yes"
    assert needs_words("==", "bool", False) == "needs: no"


def test_every_requirement_detail_of_the_library_is_in_words(scenarios):
    details = []
    for scenario in scenarios.values():
        for selection in (recommend(scenario),):
            details += [r.detail for r in evaluate(scenario, selection).requirements if r.met is not None]
    assert len(details) > 60
    bad = [d for d in details if OPERATOR_SIGNS.search(d) or "target" in d]
    assert not bad, bad
    assert any("needs at most 14 days" in d for d in details)
    assert any(d.endswith("needs: yes") for d in details)


def test_show_prints_requirements_in_words():
    result = CliRunner().invoke(main, ["show", "large-data-migration", "--db", str(BUNDLED_DB)])
    assert result.exit_code == 0, result.output
    lines = result.output.split("Requirements:")[1].split("Phases:")[0]
    assert "(Time to finish: 7-12 days; needs at most 14 days)" in lines
    assert "(Encrypted throughout: yes; needs: yes)" in lines
    assert not OPERATOR_SIGNS.search(lines)
