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
OFFICE = WeeklyWindow.daily(WEEKDAYS, 8 * 60, 18 * 60)  # Monday to Friday, 08:00-18:00


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
        ("2bh", WeeklyWindow.daily(("sat",), 10 * 60, 12 * 60), 7 * 24),
    ],
)
def test_worst_case_wall_clock(text, window, hours):
    assert worst_case_minutes(parse_duration(text), window) == hours * 60


def test_wider_hours_are_never_slower():
    narrow = WeeklyWindow.daily(WEEKDAYS, 9 * 60, 17 * 60)
    wide = WeeklyWindow.daily((*WEEKDAYS, "sat"), 7 * 60, 22 * 60)
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


# Monday to Friday 08:00-20:00, Saturday 09:00-17:00: days of different length.
EXTENDED = WeeklyWindow.of((WEEKDAYS, 8 * 60, 20 * 60), (("sat",), 9 * 60, 17 * 60))
# Monday to Friday 09:00-12:30 and 13:30-17:00: a split shift of 7 open hours a day.
SPLIT = WeeklyWindow.of((WEEKDAYS, 9 * 60, 12 * 60 + 30), (WEEKDAYS, 13 * 60 + 30, 17 * 60))
# Monday to Friday 08:00-18:00, and a Sunday night desk 22:00-08:00 that runs into Monday's day.
SUNDAY_NIGHT = WeeklyWindow.of((WEEKDAYS, 8 * 60, 18 * 60), (("sun",), 22 * 60, 8 * 60 + 24 * 60))


def test_a_business_day_is_the_longest_open_day():
    assert (EXTENDED.day_minutes, EXTENDED.week_minutes) == (12 * 60, 5 * 12 * 60 + 8 * 60)
    assert (SPLIT.day_minutes, SPLIT.week_minutes) == (7 * 60, 5 * 7 * 60)
    # Sunday's window counts for Sunday, the day it opens, though it closes on Monday.
    assert (SUNDAY_NIGHT.day_minutes, SUNDAY_NIGHT.week_minutes) == (10 * 60, 6 * 10 * 60)
    late_saturday = WeeklyWindow.of((WEEKDAYS, 9 * 60, 17 * 60), (("sat",), 20 * 60, 6 * 60 + 24 * 60))
    assert late_saturday.day_minutes == 10 * 60
    # one daily window: a business day is that window, as it always was
    assert (OFFICE.day_minutes, OFFICE.week_minutes) == (10 * 60, 50 * 60)


def test_windows_past_the_week_end_and_touching_windows_are_one_interval():
    # Sunday 22:00 to Monday 08:00 runs on into Monday's 08:00-18:00: one stretch of 20 hours.
    assert SUNDAY_NIGHT.intervals[0] == (0, 18 * 60)
    assert SUNDAY_NIGHT.intervals[-1] == (6 * 24 * 60 + 22 * 60, 7 * 24 * 60)
    assert len(SUNDAY_NIGHT.intervals) == 6


@pytest.mark.parametrize(
    ("text", "window", "hours"),
    [
        ("8bh", EXTENDED, 47),  # Saturday 17:00 -> Monday 16:00
        ("1bd", EXTENDED, 64),  # 12 business hours: Friday 20:00 -> Saturday 17:00 (8) -> Monday 12:00 (4)
        ("12bh", EXTENDED, 64),
        ("4bh", SPLIT, 69),  # Friday 17:00 -> Monday 14:00 (3.5 hours to 12:30, half an hour after lunch)
        ("1bd", SPLIT, 72),  # 7 business hours: Friday 17:00 -> Monday 17:00
        ("8bh", SUNDAY_NIGHT, 60),  # Friday 18:00 -> Monday 06:00, all in the night desk
        ("1bd", SUNDAY_NIGHT, 62),  # 10 hours: Friday 18:00 -> Monday 08:00
    ],
)
def test_worst_case_with_several_windows(text, window, hours):
    assert worst_case_minutes(parse_duration(text), window) == hours * 60


def test_eight_business_hours_from_friday_evening_end_on_saturday_afternoon():
    # Not the worst case, but the one the contract is read by: Friday 19:00 + 8bh is Saturday
    # 16:00 (one hour on Friday, seven on Saturday), 21 hours on the wall clock.
    friday_19 = 4 * 24 * 60 + 19 * 60
    assert _finish_by_minutes(EXTENDED, friday_19, 8 * 60) - friday_19 == 21 * 60


def _finish_by_minutes(window: WeeklyWindow, start: int, needed: int) -> int:
    """The moment `needed` open minutes have passed from start, walking minute by minute."""
    week = window.intervals
    t, done = start, 0
    while done < needed:
        minute = t % (7 * 24 * 60)
        if any(a <= minute < b for a, b in week):
            done += 1
        t += 1
    return t


@pytest.mark.parametrize("window", [EXTENDED, SPLIT, SUNDAY_NIGHT, OFFICE])
@pytest.mark.parametrize("text", ["30bm", "4bh", "1bd", "3bd"])
def test_worst_case_agrees_with_a_minute_by_minute_count(text, window):
    duration = parse_duration(text)
    needed = duration.business_minutes(window.day_minutes)
    # every closing and opening instant of the week, and a few more in between
    starts = {m for a, b in window.intervals for m in (a, b, (a + b) // 2)} | set(range(0, 7 * 24 * 60, 97))
    slowest = max(_finish_by_minutes(window, t, needed) - t for t in starts)
    assert worst_case_minutes(duration, window) == slowest
