"""The recommender's search: independent groups are searched one at a time, and a coupled
set with too many combinations is named rather than searched."""

from __future__ import annotations

from explorer.domain.tradeoffs import MAX_COMBINATIONS, combination_problems, coupled_groups, recommend
from explorer.library.source import load_scenario_text
from tests.helpers import groups_scenario


def test_seventeen_independent_groups_are_recommended_at_once(monkeypatch):
    import explorer.domain.tradeoffs as tradeoffs

    scenario = load_scenario_text(groups_scenario(17, coupled=False))
    assert len(coupled_groups(scenario)) == 17
    compared = []
    real = tradeoffs._evaluate_options
    monkeypatch.setattr(tradeoffs, "_evaluate_options", lambda *args: compared.append(1) or real(*args))
    assert recommend(scenario) == {f"g{g}": "cheap" for g in range(17)}
    assert len(compared) == 17 * 2  # not the 131,072 designs of an exhaustive search


def test_too_many_coupled_combinations_are_named():
    scenario = load_scenario_text(groups_scenario(11, coupled=False))
    assert combination_problems(scenario) == []
    coupled = groups_scenario(13, coupled=True)
    from explorer.domain.model import Scenario
    from explorer.library.yaml_reader import parse_yaml

    data, _ = parse_yaml(coupled, "many.yaml")
    problems = combination_problems(Scenario.model_validate(data))
    assert len(problems) == 1 and f"the limit is {MAX_COMBINATIONS:,}" in problems[0][1]
    assert "8,192 combinations" in problems[0][1]
