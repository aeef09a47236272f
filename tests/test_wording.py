"""Plain words for targets, hours and add-on improvements: never the scope-file spelling."""

from __future__ import annotations

from pathlib import Path

import pytest
from scope_fixtures import EVERY_FORM, scope_dir_with

from generator.contract import load_contract
from generator.durations import parse_duration, parse_range
from generator.model import Contract, DailyWindow
from generator.wording import (
    contacts_words,
    describe_days,
    hours_summary,
    level_hours_summary,
    range_words,
    target_words,
    upgrade_lines,
    upgrade_sentence,
    value_words,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


@pytest.fixture
def every_form(tmp_path: Path) -> Contract:
    return load_contract(scope_dir_with(tmp_path, EVERY_FORM))


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (("mon", "tue", "wed", "thu", "fri"), "Monday to Friday"),
        (("mon", "tue", "wed", "thu", "sun"), "Sunday to Thursday"),  # across the weekend
        (("mon", "sat", "sun"), "Saturday to Monday"),
        (("mon", "wed", "fri"), "Monday, Wednesday, Friday"),
        (("mon", "tue", "thu", "fri"), "Monday, Tuesday, Thursday, Friday"),
        (("sat", "sun"), "Saturday, Sunday"),
    ],
)
def test_describe_days(days, words):
    assert describe_days(days) == words


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("09:00", "17:00", "Monday to Friday, 09:00-17:00 (UTC)"),
        ("22:00", "06:00", "Monday to Friday, 22:00-06:00 the next day (UTC)"),
        ("22:00", "22:00", "Monday to Friday, 22:00-22:00 the next day (UTC)"),
    ],
)
def test_hours_past_midnight_say_so(start, end, words):
    assert hours_summary(False, (DailyWindow(WEEKDAYS, start, end),), "UTC") == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("15m-2h", "15 minutes to 2 hours"),
        ("1h-4h", "1 to 4 hours"),
        ("4bh-2bd", "4 business hours to 2 business days"),
        ("1bd-3bd", "1 to 3 business days"),
    ],
)
def test_range_words(text, words):
    assert range_words(*parse_range(text)) == words


def test_value_words_for_every_kind():
    assert value_words("best-effort", None) == "Best effort, no response target"
    assert value_words("best-effort", None, field="update_interval") == "Best effort, no set interval"
    assert value_words("not-offered", None) == "Not offered"
    assert value_words("duration", parse_duration("8bh")) == "8 business hours"
    lower, upper = parse_range("15m-2h")
    assert value_words("range", upper, lower) == "15 minutes to 2 hours"


def test_hours_summary():
    assert hours_summary(True) == "24 hours a day, 7 days a week"
    assert (
        hours_summary(False, (DailyWindow(WEEKDAYS, "09:00", "17:00"),), "local")
        == "Monday to Friday, 09:00-17:00 in your local time zone"
    )
    assert (
        hours_summary(False, (DailyWindow(("mon", "wed"), "09:00", "17:00"),), "UTC")
        == "Monday, Wednesday, 09:00-17:00 (UTC)"
    )


@pytest.mark.parametrize(
    ("windows", "words"),
    [
        (
            [(WEEKDAYS, "08:00", "20:00"), (("sat",), "09:00", "17:00")],
            "Monday to Friday, 08:00-20:00; Saturday, 09:00-17:00 (America/New_York)",
        ),
        (  # a split shift: two windows on the same days read as one day
            [(WEEKDAYS, "09:00", "12:30"), (WEEKDAYS, "13:30", "17:00")],
            "Monday to Friday, 09:00-12:30 and 13:30-17:00 (America/New_York)",
        ),
        (
            [(WEEKDAYS, "08:00", "10:00"), (("sat",), "10:00", "12:00"), (WEEKDAYS, "12:00", "14:00")]
            + [(WEEKDAYS, "16:00", "18:00")],
            "Monday to Friday, 08:00-10:00, 12:00-14:00 and 16:00-18:00; Saturday, 10:00-12:00 (America/New_York)",
        ),
        (
            [(WEEKDAYS, "09:00", "17:00"), (("sat",), "20:00", "04:00")],
            "Monday to Friday, 09:00-17:00; Saturday, 20:00-04:00 the next day (America/New_York)",
        ),
    ],
)
def test_hours_summary_of_several_windows(windows, words):
    given = tuple(DailyWindow(days, start, end) for days, start, end in windows)
    assert hours_summary(False, given, "America/New_York") == words


def test_contacts_words():
    assert [contacts_words(c) for c in (None, 1, 3, "unlimited")] == [
        "Not specified",
        "Up to 1 named contact",
        "Up to 3 named contacts",
        "Unlimited named contacts",
    ]


def test_no_hours_and_own_hours(every_form: Contract):
    basic, pro = every_form.service_level("basic"), every_form.service_level("pro")
    assert level_hours_summary(every_form, basic) == "No support hours are published"
    assert target_words(every_form, basic, basic.target("high")) == "Best effort, no response target"
    # a severity with its own hours names them when they differ from the plan's
    assert target_words(every_form, pro, pro.target("high")) == "30 minutes (Around the clock)"
    assert target_words(every_form, pro, pro.target("normal")) == "4 business hours to 2 business days"
    assert target_words(every_form, pro, pro.target("low")) == "Not offered"
    assert target_words(every_form, pro, None) == "Not offered"


def test_upgrade_lines_say_what_the_addon_improves(every_form: Contract):
    on_basic, on_pro = every_form.upgrades_for("basic")[0], every_form.upgrades_for("pro")[0]
    assert upgrade_lines(every_form, on_basic) == ("High in 1 hour", "Unlimited named contacts", "Also in German")
    assert upgrade_sentence(every_form, on_basic) == (
        "With Priority support: High in 1 hour; unlimited named contacts; also in German"
    )
    # pro answers high in 30 minutes already: the add-on's 1 hour is no improvement there
    assert upgrade_lines(every_form, on_pro) == ("Unlimited named contacts", "Also in German")
