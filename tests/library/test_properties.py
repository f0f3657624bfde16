"""Property-based tests: random scenarios round-trip through an import, word for word."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.library.source import load_scenario_text
from explorer.library.store import Library
from explorer.library.writer import create_user_library, import_scenario
from tests.conftest import BUNDLED_DB
from tests.helpers import PRINTABLE_TEXT

TYPES = [
    "aws.compute.EC2",
    "aws.database.RDS",
    "aws.network.ELB",
    "aws.storage.SimpleStorageServiceS3",
    "aws.compute.Lambda",
]


@st.composite
def scenario_sources(draw) -> dict:
    count = draw(st.integers(1, 6))
    phases = draw(st.integers(1, min(count, 3)))
    nodes = [
        {"id": f"n{i}", "type": draw(st.sampled_from(TYPES)), "label": draw(PRINTABLE_TEXT), "phase": i % phases + 1}
        for i in range(count)
    ]
    pairs = draw(
        st.sets(
            st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)).filter(lambda p: p[0] != p[1]), max_size=6
        )
    )
    edges = [{"source": f"n{a}", "target": f"n{b}", "label": draw(PRINTABLE_TEXT)} for a, b in sorted(pairs)]
    groups = []
    for g in range(draw(st.integers(0, 2))):
        options = [
            {
                "key": f"o{o}",
                "label": draw(PRINTABLE_TEXT),
                "metrics": {"monthly_usd": draw(st.floats(0, 1e6, allow_nan=False, allow_infinity=False))},
            }
            for o in range(draw(st.integers(1, 3)))
        ]
        groups.append({"key": f"g{g}", "label": draw(PRINTABLE_TEXT), "options": options})
    return {
        "id": draw(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)),
        "title": draw(PRINTABLE_TEXT),
        "summary": draw(PRINTABLE_TEXT),
        "situation": draw(PRINTABLE_TEXT),
        "nodes": nodes,
        "edges": edges,
        "phases": [{"title": draw(PRINTABLE_TEXT), "steps": [draw(PRINTABLE_TEXT)]} for _ in range(phases)],
        "option_groups": groups,
    }


@pytest.fixture(scope="module")
def user_library(tmp_path_factory):
    path = tmp_path_factory.mktemp("props") / "props.db"
    create_user_library(path, BUNDLED_DB)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=scenario_sources())
def test_random_scenarios_round_trip_through_import_and_dump(user_library, source):
    text = yaml.safe_dump(source, allow_unicode=True, sort_keys=False)
    imported = import_scenario(user_library, text, "generated.yaml", replace=True)
    with Library(user_library) as library:
        assert library.source_yaml(imported.id) == text  # dump gives back the very same text
        assert library.get(imported.id) == load_scenario_text(text, "generated.yaml")
