"""Durations: parsing, wording, and worst-case wall-clock length under support hours."""

from __future__ import annotations

import pytest

from generator.durations import (
    WeeklyWindow,
    describe_minutes,
    is_range,
    parse_duration,
    parse_range,
    worst_case_minutes,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
OFFICE = WeeklyWindow(False, WEEKDAYS, 8 * 60, 18 * 60)  # Monday to Friday, 08:00-18:00


@pytest.mark.parametrize(
    ("text", "human", "business"),
    [
        ("30m", "30 minutes", False),
        ("1h", "1 hour", False),
        ("2d", "2 days", False),
        ("8bh", "8 business hours", True),
        ("30bm", "30 business minutes", True),
        ("1bd", "1 business day", True),
        ("3bd", "3 business days", True),
    ],
)
def test_parse_and_wording(text, human, business):
    d = parse_duration(text)
    assert (d.human, d.business, d.text) == (human, business, text)


@pytest.mark.parametrize("text", ["", "0h", "8 hours", "1w", "-2h", "1.5h", "bh"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "window", "hours"),
    [
        ("4h", OFFICE, 4),  # wall clock ignores the schedule
        ("8bh", OFFICE, 70),  # Friday 18:00 -> Monday 16:00
        ("30bm", OFFICE, 62.5),  # Friday 18:00 -> Monday 08:30
        ("1bd", OFFICE, 72),  # one 10-hour day: Friday 18:00 -> Monday 18:00
        ("10bh", OFFICE, 72),
        ("5bd", OFFICE, 7 * 24),  # a whole working week, from any closing time
        ("8bh", WeeklyWindow(True), 8),  # 24x7: business time is wall time
        ("1bd", WeeklyWindow(True), 24),
        ("2bh", WeeklyWindow(False, ("sat",), 10 * 60, 12 * 60), 7 * 24),
    ],
)
def test_worst_case_wall_clock(text, window, hours):
    assert worst_case_minutes(parse_duration(text), window) == hours * 60


def test_wider_hours_are_never_slower():
    narrow = WeeklyWindow(False, WEEKDAYS, 9 * 60, 17 * 60)
    wide = WeeklyWindow(False, (*WEEKDAYS, "sat"), 7 * 60, 22 * 60)
    for text in ("1bh", "4bh", "8bh", "16bh", "40bh"):
        d = parse_duration(text)
        assert worst_case_minutes(d, wide) <= worst_case_minutes(d, narrow)


def test_describe_minutes():
    assert describe_minutes(60) == "1 hour"
    assert describe_minutes(4200) == "70 hours"
    assert describe_minutes(4320) == "3 days"
    assert describe_minutes(45) == "45 minutes"


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [("15m-2h", "15m", "2h"), ("4bh-2bd", "4bh", "2bd"), ("1h-1d", "1h", "1d")],
)
def test_parse_range(text, lower, upper):
    assert is_range(text)
    low, high = parse_range(text)
    assert (low.text, high.text) == (lower, upper)


@pytest.mark.parametrize("text", ["15m", "15m-", "-2h", "15m to 2h", "15m-2h-4h", "0m-2h", "best-effort"])
def test_bad_ranges_are_refused(text):
    assert not is_range(text)
    with pytest.raises(ValueError):
        parse_range(text)


def test_business_duration_without_hours_is_never_reached():
    assert worst_case_minutes(parse_duration("8bh"), None) is None
    assert worst_case_minutes(parse_duration("8h"), None) == 8 * 60
