"""Figures read as a person writes them, in every face (table, decisions, what-if, CLI)."""

from __future__ import annotations

import pytest

from explorer.domain.tradeoffs import MetricResult, format_value, signed_value


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        ("days", 1095, "3 years"),
        ("days", 365, "1 year"),
        ("days", 2555, "7 years"),
        ("days", 1, "1 day"),
        ("days", 14, "14 days"),
        ("days", 0.5, "0.5 days"),
        ("days", 74.074, "74 days"),
        ("days", 400, "400 days"),
        ("minutes", 1435, "23.9 h"),
        ("minutes", 119.5, "2 h"),
        ("minutes", 90, "1.5 h"),
        ("minutes", 7.5, "7.5 min"),
        ("minutes", 2880, "2 days"),
        ("minutes", 0.5, "30 s"),
        ("usd_month", 0, "no monthly cost"),
        ("usd_month", 1199.974, "$1,199.97/month"),
        ("usd_month", 720, "$720/month"),
    ],
)
def test_format_value(unit, value, shown):
    assert format_value(unit, value) == shown


def test_a_difference_has_its_sign_and_few_decimals():
    assert signed_value("minutes", 1435) == "+23.9 h"
    assert signed_value("minutes", -30) == "−30 min"
    assert signed_value("usd_month", 0) == "same"


def metric(unit, value, text, worst=None):
    return MetricResult("m", "M", unit, value, text, worst=worst)


def test_words_that_only_restate_the_figure_are_left_out():
    assert metric("days", 1095, "2-3 years").display() == "3 years"
    assert metric("days", 365, "12 months").display() == "1 year"
    assert metric("minutes", 120, "about 2-3 hours", worst=180).display() == "2-3 h"


def test_words_that_hold_the_figure_are_the_figure():
    assert metric("usd_month", 21455, "about $21,455/month").display() == "about $21,455/month"
    assert metric("days", 90, "S3 Standard for 90 days").display() == "S3 Standard for 90 days"


def test_a_zero_cost_reads_as_the_chapter_says_not_as_zero_a_month():
    assert metric("usd_month", 0, "nothing extra").display() == "nothing extra"
    assert metric("usd_month", 0, "").display() == "no monthly cost"


def test_words_that_add_to_the_figure_stay():
    assert metric("days", 240, "8 months, then ongoing tuning").display() == "8 months, then ongoing tuning (240 days)"
    assert metric("bool", False, "GraphQL, not REST").display() == "GraphQL, not REST (no)"
    assert metric("number", 10, "10% for 5 minutes").display() == "10% for 5 minutes (10)"
    assert metric("minutes", 1440, "since the last backup").display() == "since the last backup (24 h)"
