"""A source the recommender could not answer for is refused when it is loaded."""

from __future__ import annotations

import pytest

from explorer.library.source import load_scenario_text
from tests.helpers import groups_scenario


def test_an_import_with_too_many_coupled_combinations_is_refused():
    from explorer.library.problems import SourceError

    with pytest.raises(SourceError) as caught:
        load_scenario_text(groups_scenario(13, coupled=True), "many.yaml")
    [problem] = caught.value.problems
    assert str(problem).startswith("many.yaml:") and "option_groups[0]" in str(problem)
    assert "8,192 combinations" in problem.message
