"""The one enumeration of a scenario's views, which batch export and check share."""

from __future__ import annotations

import pytest

from explorer.domain.tradeoffs import complete_selection, recommend
from explorer.library.source import load_scenario_text
from explorer.output.batch import plan_batch
from explorer.output.check import views_of
from explorer.output.views import ScenarioView, default_base, recommended_base, scenario_views, variants
from tests.helpers import TINY


def test_the_order_is_base_then_each_option_each_whole_then_by_phase(scenarios):
    s = scenarios["disaster-recovery"]
    views = list(scenario_views(s))
    base = recommend(s)
    expected_variants = [("recommended", base)] + [
        (f"{g.key}={o.key}", complete_selection(s, {**base, g.key: o.key})) for g in s.option_groups for o in g.options
    ]
    expected = [
        ScenarioView(name, selection, phase)
        for name, selection in expected_variants
        for phase in [None, *range(1, len(s.phases_for(selection)) + 1)]
    ]
    assert views == expected
    assert views[0] == ScenarioView("recommended", base, None) and views[1].phase == 1


def test_every_selection_is_complete_in_the_scenarios_group_order(scenarios):
    for s in scenarios.values():
        keys = [g.key for g in s.option_groups]
        for view in scenario_views(s):
            assert list(view.selection) == keys, s.id


def test_a_guide_starts_from_its_default_case(scenarios):
    guide = next(s for s in scenarios.values() if s.kind == "troubleshooting" and s.option_groups)
    assert recommended_base(guide) == ("default", complete_selection(guide))
    assert next(iter(scenario_views(guide))).variant == "default"


def test_a_scenario_without_decisions_has_its_phases_only():
    s = load_scenario_text(TINY)
    assert variants(s, recommended_base(s)) == [("recommended", {})]
    assert [(v.variant, v.phase) for v in scenario_views(s)] == [
        ("recommended", None),
        ("recommended", 1),
        ("recommended", 2),
    ]


def test_batch_names_come_from_the_enumeration(scenarios):
    s = scenarios["hybrid-connectivity"]
    items = plan_batch([s])
    assert [(i.variant, i.selection, i.phase) for i in items] == [
        (v.variant, v.selection, v.phase) for v in scenario_views(s)
    ]
    for item in items:
        phase = f"phase-{item.phase}" if item.phase else "complete"
        assert item.filename("png") == f"{s.id}__{item.variant}__{phase}.png"


def test_check_renders_each_default_based_view_once(scenarios):
    s = scenarios["disaster-recovery"]
    distinct = list(dict.fromkeys((tuple(v.selection.items()), v.phase) for v in scenario_views(s, default_base(s))))
    checked = views_of(s)
    assert [(tuple(view.selection.items()), view.phase) for _, view in checked] == distinct
    assert len(checked) < len(list(scenario_views(s, default_base(s))))  # the default case is also an option
    name, view = checked[0]
    assert name == f"{s.id} [{','.join(f'{g}={o}' for g, o in view.selection.items())}] phase all"


def test_a_base_naming_an_unknown_option_is_refused(scenarios):
    s = scenarios["disaster-recovery"]
    with pytest.raises(ValueError, match="no option"):
        list(scenario_views(s, ("mine", {"strategy": "nope"})))
