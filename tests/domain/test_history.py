"""The views left behind, for Back and Forward, and what an edit is called (explorer.domain.history)."""

from __future__ import annotations

import itertools

from explorer.domain.history import View, ViewHistory, choice_text, params_text, phase_text

OVERVIEW = View(None)
DR = View.of("dr", {"strategy": "pilot-light"})
DR_WARM = View.of("dr", {"strategy": "warm-standby"})


def _params(**values: float) -> View:
    return View.of("dr", {"strategy": "warm-standby"}, None, values)


def test_back_and_forward_walk_the_views_left_behind():
    history = ViewHistory()
    history.moved(OVERVIEW, DR, at=0)
    history.moved(DR, DR_WARM, at=5)
    assert history.go_back(DR_WARM) == DR
    assert history.go_back(DR) == OVERVIEW
    assert history.go_back(OVERVIEW) is None
    assert history.go_forward(OVERVIEW) == DR
    assert history.go_forward(DR) == DR_WARM
    assert history.go_forward(DR_WARM) is None


def test_a_new_view_after_going_back_drops_what_was_ahead():
    history = ViewHistory()
    history.moved(DR, DR_WARM, at=0)
    assert history.go_back(DR_WARM) == DR
    history.moved(DR, OVERVIEW, at=10)
    assert history.forward == [] and history.back == [DR]


def test_what_if_changes_within_a_second_make_one_entry():
    history = ViewHistory(merge_within=1.0)
    history.moved(DR_WARM, _params(rpo=50), at=10.0)
    history.moved(_params(rpo=50), _params(rpo=40), at=10.3)
    history.moved(_params(rpo=40), _params(rpo=30), at=11.2)  # 0.9 s after the last: the same burst
    assert history.back == [DR_WARM]
    history.moved(_params(rpo=30), _params(rpo=20), at=12.5)  # a pause: a new entry
    assert history.back == [DR_WARM, _params(rpo=30)]


def test_a_toggle_between_what_if_changes_ends_the_burst():
    history = ViewHistory()
    history.moved(DR_WARM, _params(rpo=50), at=0.0)
    other = View.of("dr", {"strategy": "active-active"}, None, {"rpo": 50})
    history.moved(_params(rpo=50), other, at=0.1)
    history.moved(other, View.of("dr", {"strategy": "active-active"}, None, {"rpo": 40}), at=0.2)
    assert history.back == [DR_WARM, _params(rpo=50), other]


def test_the_same_view_again_is_no_entry_and_the_list_is_bounded():
    history = ViewHistory(limit=3)
    history.moved(DR, DR, at=0)
    assert history.back == []
    views = [View.of("dr", {}, phase) for phase in range(1, 6)]
    for n, (left, now) in enumerate(itertools.pairwise(views)):
        history.moved(left, now, at=n * 10)
    assert history.back == views[1:4]


def test_edit_names():
    assert choice_text("Warm standby") == "Choose Warm standby"
    assert phase_text(2) == "Phase 2" and phase_text(None) == "Complete design"
    labels = {"rpo": "RPO target", "rto": "RTO target"}
    assert params_text(labels, {}, {"rpo": 30}) == "What-if: RPO target"
    assert params_text(labels, {"rpo": 30}, {}) == "What-if: RPO target"
    assert params_text(labels, {"rpo": 30, "rto": 60}, {}) == "What-if: the chapter's values"
    assert params_text(labels, {}, {"rpo": 30, "rto": 60}) == "What-if: 2 values"
