"""Choosing the layout direction that a frame shows largest."""

from __future__ import annotations

from explorer.drawing.fit import choose_direction, fit_scale

WIDE = {"LR": (1800.0, 800.0), "TB": (780.0, 1740.0)}


def test_fit_scale_keeps_the_aspect():
    assert fit_scale(200, 100, 400, 400) == 2.0
    assert fit_scale(200, 100, 100, 400) == 0.5
    assert fit_scale(0, 100, 100, 100) == 0.0


def test_a_wide_frame_takes_the_wide_layout_and_a_tall_one_the_tall():
    assert choose_direction(WIDE, (1600, 400), "TB") == "LR"
    assert choose_direction(WIDE, (400, 1600), "LR") == "TB"


def test_the_scenarios_own_direction_wins_a_close_call():
    close = {"LR": (1000.0, 1000.0), "TB": (950.0, 950.0)}  # TB only 5% larger in a square frame
    assert choose_direction(close, (800, 800), "LR") == "LR"
    assert choose_direction(close, (800, 800), "LR", margin=1.0) == "TB"


def test_no_layouts_keeps_the_preference():
    assert choose_direction({}, (100, 100), "TB") == "TB"
