"""Counting tickets against the contract, worked out by hand on the minimal contract.

The minimal contract: Basic answers in office hours (Europe/Berlin, Monday to Friday
09:00-17:00): `high` within 8 business hours, `low` within 2 business days (16 open hours).
Pro is 24x7: `high` within 1 hour, `low` inherits 2 business days (48 hours around the clock).
Berlin leaves summer time on Sunday 25 October 2026 (UTC+2 -> UTC+1) and enters it on
Sunday 29 March 2026.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from scope_fixtures import FIXTURES, MINIMAL, scope_dir_with

from generator.attainment import (
    Period,
    Ticket,
    TicketFormat,
    classify,
    measure,
    measures,
    open_minutes,
    parse_time,
    read_tickets,
)
from generator.contract import load_contract
from generator.durations import WeeklyWindow
from generator.model import Contract, Objective

TICKETS = FIXTURES.parent / "tickets"
HEADER = "id,plan,severity,created,first_response\n"


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Contract:
    return load_contract(scope_dir_with(tmp_path_factory.mktemp("minimal"), MINIMAL))


def at(text: str) -> datetime:
    return parse_time(text)


def ticket(plan: str, severity: str, created: str, answered: str | None, zone: str | None = None) -> Ticket:
    return Ticket(2, "T", plan, severity, at(created), at(answered) if answered else None, zone)


def elapsed_hours(contract: Contract, t: Ticket, as_of: str = "2030-01-01T00:00:00Z") -> float:
    outcome = classify(t, measures(contract)[(t.plan, t.severity)], at(as_of))
    assert outcome.elapsed is not None
    return outcome.elapsed / 60


# --- Counting --------------------------------------------------------------------------------


def test_a_weekend_does_not_count(minimal: Contract) -> None:
    # Friday 15:00-17:00 is 2 open hours; Monday 09:00-12:00 is 3 more; the weekend is closed.
    t = ticket("basic", "high", "2026-10-09T15:00:00+02:00", "2026-10-12T12:00:00+02:00")
    assert elapsed_hours(minimal, t) == 5.0


def test_offsets_z_and_plus_one_name_the_same_instant(minimal: Contract) -> None:
    # 13:00Z and 14:00+01:00 are both 15:00 in Berlin (summer time).
    in_z = ticket("basic", "high", "2026-10-09T13:00:00Z", "2026-10-12T10:00:00Z")
    in_plus_one = ticket("basic", "high", "2026-10-09T14:00:00+01:00", "2026-10-12T11:00:00+01:00")
    assert elapsed_hours(minimal, in_z) == elapsed_hours(minimal, in_plus_one) == 5.0


def test_a_daylight_saving_change_over_the_weekend_moves_mondays_opening(minimal: Contract) -> None:
    # Friday 16:00-17:00 CEST is 1 hour. On Monday Berlin is on CET: the office opens at
    # 08:00Z (not 07:00Z as Friday's offset would say), so 09:30Z is 1.5 open hours in.
    t = ticket("basic", "high", "2026-10-23T16:00:00+02:00", "2026-10-26T09:30:00Z")
    assert elapsed_hours(minimal, t) == 2.5


def test_a_day_with_a_daylight_saving_change_has_23_or_25_real_hours() -> None:
    sunday = WeeklyWindow.daily(("sun",), 0, 24 * 60)
    berlin = ZoneInfo("Europe/Berlin")
    spring = open_minutes(at("2026-03-28T12:00:00Z"), at("2026-03-30T12:00:00Z"), sunday, berlin)
    autumn = open_minutes(at("2026-10-24T12:00:00Z"), at("2026-10-26T12:00:00Z"), sunday, berlin)
    assert (spring / 60, autumn / 60) == (23.0, 25.0)


def test_wall_clock_targets_count_every_minute(minimal: Contract) -> None:
    # Pro is 24x7 with `high: 1h`: a Saturday night counts in full, across the DST change.
    t = ticket("pro", "high", "2026-10-25T00:30:00+02:00", "2026-10-25T02:15:00+01:00")
    assert elapsed_hours(minimal, t) == 2.75


def test_business_days_are_counted_in_open_days(minimal: Contract) -> None:
    # Basic low is 2bd; one business day is 8 open hours, so results are in days of 8 hours.
    m = measures(minimal)[("basic", "low")]
    t = ticket("basic", "low", "2026-10-05T09:00:00+02:00", "2026-10-06T13:00:00+02:00")
    outcome = classify(t, m, at("2026-12-01T00:00:00Z"))
    assert (m.limit_minutes, m.unit, outcome.elapsed) == (16 * 60, "business days", 12 * 60)
    assert outcome.status == "met"


def test_answered_exactly_at_the_target_is_met_a_second_later_is_missed(minimal: Contract) -> None:
    m = measures(minimal)[("pro", "high")]
    on_time = ticket("pro", "high", "2026-10-05T10:00:00Z", "2026-10-05T11:00:00Z")
    late = ticket("pro", "high", "2026-10-05T10:00:00Z", "2026-10-05T11:00:01Z")
    as_of = at("2026-10-06T00:00:00Z")
    assert (classify(on_time, m, as_of).status, classify(late, m, as_of).status) == ("met", "missed")


def test_an_open_ticket_is_pending_until_its_target_passes_then_missed(minimal: Contract) -> None:
    # Created Monday 09:00 in Berlin with 8 business hours: due Monday 17:00.
    m = measures(minimal)[("basic", "high")]
    t = ticket("basic", "high", "2026-10-05T09:00:00+02:00", None)
    seen = {
        when: classify(t, m, at(when)).status
        for when in ("2026-10-05T15:00:00+02:00", "2026-10-05T17:00:00+02:00", "2026-10-06T09:00:01+02:00")
    }
    assert list(seen.values()) == ["pending", "pending", "missed"]
    assert classify(t, m, at("2026-10-06T09:00:01+02:00")).elapsed is None


def test_a_response_after_the_as_of_time_is_not_known_yet(minimal: Contract) -> None:
    m = measures(minimal)[("pro", "high")]
    t = ticket("pro", "high", "2026-10-05T10:00:00Z", "2026-10-05T10:40:00Z")
    assert classify(t, m, at("2026-10-05T10:30:00Z")).status == "pending"
    assert classify(t, m, at("2026-10-05T10:50:00Z")).status == "met"


# --- Aggregates ------------------------------------------------------------------------------


def test_attainment_median_and_p90_per_plan_and_severity(minimal: Contract) -> None:
    # Ten Pro `high` tickets answered after 10, 20, ..., 100 minutes against 1 hour:
    # 6 met, 4 missed; median (50 + 60) / 2 = 55 minutes; p90 is the 9th of 10: 90 minutes.
    tickets = [
        Ticket(
            i,
            f"T{i}",
            "pro",
            "high",
            at("2026-10-05T10:00:00Z"),
            at(f"2026-10-05T{10 + m // 60}:{m % 60:02}:00Z"),
            None,
        )
        for i, m in enumerate(range(10, 101, 10), start=2)
    ]
    tickets.append(Ticket(20, "open", "pro", "high", at("2026-10-05T10:00:00Z"), None, None))
    result = measure(minimal, tickets, Period(None, None, at("2026-10-05T10:30:00Z").replace(hour=12)))
    cell = result.cell("pro", "high")
    assert (cell.tickets, cell.met, cell.missed, cell.pending) == (11, 6, 5, 0)
    assert cell.attainment == pytest.approx(6 / 11)
    assert (cell.median, cell.p90, cell.unit) == (pytest.approx(55 / 60), 1.5, "hours")
    assert result.cell("basic", "high").tickets == 0


def test_the_period_counts_tickets_created_on_its_days_in_utc(minimal: Contract) -> None:
    tickets = [
        ticket("pro", "high", "2026-09-30T23:59:59Z", "2026-10-01T00:10:00Z"),
        ticket("pro", "high", "2026-10-01T00:00:00+02:00", "2026-10-01T00:10:00+02:00"),  # 30 Sep UTC
        ticket("pro", "high", "2026-10-01T00:00:00Z", "2026-10-01T00:10:00Z"),
        ticket("pro", "high", "2026-10-31T23:59:59Z", "2026-11-01T00:10:00Z"),
        ticket("pro", "high", "2026-11-01T00:00:00Z", "2026-11-01T00:10:00Z"),
    ]
    period = Period(date(2026, 10, 1), date(2026, 10, 31), at("2026-12-01T00:00:00Z"))
    result = measure(minimal, tickets, period)
    assert (result.counted, result.outside) == (2, 3)


def test_tickets_created_after_the_as_of_time_are_not_counted(minimal: Contract) -> None:
    later = ticket("pro", "high", "2026-10-05T10:00:00Z", None)
    result = measure(minimal, [later], Period(None, None, at("2026-10-05T09:00:00Z")))
    assert (result.counted, result.outside) == (0, 1)


def test_a_cell_below_the_objective_with_enough_tickets_is_flagged(minimal: Contract) -> None:
    answered = [("2026-10-05T10:00:00Z", "2026-10-05T10:30:00Z")] * 3 + [
        ("2026-10-05T10:00:00Z", "2026-10-05T12:00:00Z")
    ]
    tickets = [Ticket(i, f"T{i}", "pro", "high", at(a), at(b), None) for i, (a, b) in enumerate(answered, start=2)]
    period = Period(None, None, at("2026-10-06T00:00:00Z"))
    held = measure(minimal, tickets, period, Objective(0.8, 4, "80%")).cell("pro", "high")
    assert (held.attainment, held.held, held.below_objective) == (0.75, True, True)
    too_few = measure(minimal, tickets, period, Objective(0.8, 5, "80%")).cell("pro", "high")
    assert (too_few.held, too_few.below_objective) == (False, False)
    met = measure(minimal, tickets, period, Objective(0.75, 4, "75%")).cell("pro", "high")
    assert met.below_objective is False


def test_a_severity_without_a_commitment_is_counted_not_scored(tmp_path: Path) -> None:
    text = MINIMAL.read_text("utf-8").replace("      low: 2bd", "      low: not-offered")
    scope = scope_dir_with(tmp_path, texts={"minimal.yaml": text})
    contract = load_contract(scope)
    t = ticket("basic", "low", "2026-10-05T09:00:00Z", "2026-10-09T09:00:00Z")
    cell = measure(contract, [t], Period(None, None, at("2026-10-10T00:00:00Z"))).cell("basic", "low")
    assert (cell.tickets, cell.scored, cell.met, cell.missed, cell.attainment) == (1, False, 0, 0, None)
    assert (cell.target, cell.median) == ("Not offered", 96.0)  # wall-clock hours


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("95%", Objective(0.95, 1, "95%")),
        ("\n    attainment: 99.5%\n    min_tickets: 20", Objective(0.995, 20, "99.5%")),
    ],
)
def test_the_contract_states_its_objective(tmp_path: Path, written: str, expected: Objective) -> None:
    text = MINIMAL.read_text("utf-8").replace("  quality:", f"  objective: {written}\n  quality:", 1)
    contract = load_contract(scope_dir_with(tmp_path, texts={"minimal.yaml": text}))
    assert contract.objective == expected
    assert contract.objective.attainment == pytest.approx(expected.attainment)


# --- Reading the export ----------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "tickets.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path, contract: Contract, fmt: TicketFormat | None = None) -> list[str]:
    read = read_tickets(path, contract, fmt, display=path.name)
    return [f"{p.file}:{p.line}: {p.message} | {p.hint}" for p in read.problems]


def test_every_kind_of_bad_row_is_reported_at_its_line(minimal: Contract) -> None:
    read = read_tickets(TICKETS / "bad-rows.csv", minimal, display="bad-rows.csv")
    assert [t.id for t in read.tickets] == ["T-1"]
    assert [f"{p.file}:{p.line}: {p.message}" for p in read.problems] == [
        "bad-rows.csv:3: the ticket has no id",
        "bad-rows.csv:4: ticket `T-1` is also on line 2",
        "bad-rows.csv:5: unknown plan `gold`",
        "bad-rows.csv:6: unknown severity `urgent`",
        "bad-rows.csv:7: the ticket has no created time",
        "bad-rows.csv:8: created: `05/10/2026 09:00` is not an ISO 8601 time",
        "bad-rows.csv:9: created: `2026-10-05T09:00:00` has no UTC offset",
        "bad-rows.csv:10: first response: `soon` is not an ISO 8601 time",
        "bad-rows.csv:11: first response 2026-10-05T08:59:59Z is before creation 2026-10-05T09:00:00Z",
        "bad-rows.csv:12: the row has 3 fields; the header has 5",
        "bad-rows.csv:13: the row has 6 fields; the header has 5",
    ]
    assert all(p.hint for p in read.problems)
    hints = {p.line: p.hint for p in read.problems}
    assert "map the export's values to plan ids with `plans:`" in hints[5]
    assert "2026-10-05T10:30:00+01:00" in hints[9]


def test_did_you_mean_for_a_near_miss(minimal: Contract, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "1,basik,hihg,2026-10-05T09:00:00Z,\n")
    assert messages(path, minimal) == [
        "tickets.csv:2: unknown plan `basik` | did you mean `basic`?",
        "tickets.csv:2: unknown severity `hihg` | did you mean `high`?",
    ]


def test_a_missing_column_is_reported_on_the_header_line(minimal: Contract, tmp_path: Path) -> None:
    path = write(tmp_path, "id,plan,severity,created,first_reply\n1,basic,high,2026-10-05T09:00:00Z,\n")
    assert messages(path, minimal) == [
        "tickets.csv:1: no column `first_response` for the ticket first response"
        " | map your export's header with --column first_response=first_reply or `columns:` in mkdocs.yml"
    ]


def test_a_file_that_is_not_utf8_or_has_no_header_or_broken_quotes(minimal: Contract, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "1,basic,high,2026-10-05T09:00:00Z,\n2,bäsic".encode("latin-1"))
    assert messages(latin, minimal) == ["latin.csv:3: the file is not UTF-8 text | export it as UTF-8 CSV"]
    assert messages(write(tmp_path, "\n\n", "empty.csv"), minimal)[0].startswith("empty.csv:1: the file has no header")
    quoted = write(tmp_path, HEADER + '1,basic,high,2026-10-05T09:00:00Z,\n2,"basic,high\n', "quote.csv")
    assert messages(quoted, minimal)[0].startswith("quote.csv:3: unreadable CSV: unexpected end of data")


def test_a_quoted_field_spanning_lines_keeps_later_line_numbers_right(minimal: Contract, tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER + '"multi\nline",basic,high,2026-10-05T09:00:00Z,\n3,basic,nope,2026-10-05T09:00:00Z,\n'
    )
    assert messages(path, minimal) == [
        "tickets.csv:4: unknown severity `nope`"
        " | map the export's values to severity ids with `severities:` in the attainment options"
    ]


def test_unknown_time_zone_in_a_row(minimal: Contract, tmp_path: Path) -> None:
    path = write(
        tmp_path, "id,plan,severity,created,first_response,timezone\n1,basic,high,2026-10-05T09:00:00Z,,Mars/Olympus\n"
    )
    assert messages(path, minimal) == [
        "tickets.csv:2: unknown time zone `Mars/Olympus` | use an IANA name such as Europe/Berlin or America/New_York"
    ]


def test_a_help_desk_export_is_read_through_column_and_value_mappings(minimal: Contract) -> None:
    fmt = TicketFormat(
        columns={
            "id": "Ticket ID",
            "plan": "Organization plan",
            "severity": "Priority",
            "created": "Created at",
            "first_response": "First reply at",
            "timezone": "Requester time zone",
        },
        severities={"Urgent": "high", "Normal": "low"},
    )
    read = read_tickets(TICKETS / "helpdesk-export.csv", minimal, fmt)
    assert read.problems == ()
    # Plan names ("Basic", "Pro") are recognised without a mapping.
    assert [(t.id, t.plan, t.severity, t.timezone) for t in read.tickets] == [
        ("90211", "basic", "high", "Europe/Paris"),
        ("90212", "pro", "high", None),
        ("90213", "pro", "low", None),
    ]
    result = measure(minimal, read.tickets, Period(None, None, at("2026-10-12T12:00:00Z")))
    assert result.cell("basic", "high").median == 5.0
    assert (result.cell("pro", "high").met, result.cell("pro", "low").missed) == (1, 1)  # open past 48 hours


def test_an_unmapped_help_desk_value_names_the_mapping(minimal: Contract) -> None:
    columns = {"id": "Ticket ID", "plan": "Organization plan", "severity": "Priority"}
    columns |= {"created": "Created at", "first_response": "First reply at"}
    read = read_tickets(TICKETS / "helpdesk-export.csv", minimal, TicketFormat(columns=columns))
    assert [p.message for p in read.problems] == [
        "unknown severity `Urgent`",
        "unknown severity `Urgent`",
        "unknown severity `Normal`",
    ]


def test_times_must_carry_an_offset() -> None:
    assert parse_time("2026-10-05T09:00:00Z") == datetime(2026, 10, 5, 9, tzinfo=UTC)
    assert parse_time("2026-10-05 10:00:00+01:00") == datetime(2026, 10, 5, 9, tzinfo=UTC)
    with pytest.raises(ValueError, match="has no UTC offset"):
        parse_time("2026-10-05T09:00:00")


# --- Contract format 2: own hours, ranges, best effort, the customer's time zone -------------
# Basic `high` is 8 business hours counted in its own late shift (Mon-Fri 14:00-22:00
# Berlin), `low` best effort; Pro `high` is a range 15m-2h, `low` 4h; Regional counts
# `high: 4bh` in office hours (09:00-17:00) of the customer's own time zone, `low` is not offered.


@pytest.fixture(scope="module")
def format2(tmp_path_factory: pytest.TempPathFactory) -> Contract:
    return load_contract(scope_dir_with(tmp_path_factory.mktemp("format2"), TICKETS / "contract-format-2.yaml"))


def test_business_minutes_count_only_while_support_is_open(tmp_path: Path) -> None:
    contract = load_contract(scope_dir_with(tmp_path, FIXTURES / "positive" / "business-minutes.yaml"))
    # Friday 16:50 Berlin (UTC+1): 10 open minutes on Friday, 20 on Monday from 09:00.
    t = ticket("basic", "high", "2026-11-20T15:50:00Z", "2026-11-23T08:20:00Z")
    assert elapsed_hours(contract, t) == pytest.approx(0.5)
    outcome = classify(t, measures(contract)[("basic", "high")], at("2030-01-01T00:00:00Z"))
    assert outcome.status == "met"
    assert measures(contract)[("basic", "high")].unit == "business minutes"


def test_hours_past_midnight_count_on_both_days(tmp_path: Path) -> None:
    contract = load_contract(scope_dir_with(tmp_path, FIXTURES / "positive" / "hours-past-midnight.yaml"))
    # Thursday 23:00 -> Friday 07:00 UTC: open until Friday 06:00, 7 hours.
    assert elapsed_hours(contract, ticket("basic", "high", "2026-11-19T23:00:00Z", "2026-11-20T07:00:00Z")) == 7
    # Friday 05:00 -> Monday 01:00: 1 hour on Friday morning, 3 from Sunday 22:00.
    assert elapsed_hours(contract, ticket("basic", "high", "2026-11-20T05:00:00Z", "2026-11-23T01:00:00Z")) == 4


def test_a_severity_with_its_own_hours_is_counted_in_them(format2: Contract) -> None:
    # Monday 18:00 to Tuesday 15:00 Berlin: 18:00-22:00 and 14:00-15:00 of the late shift;
    # the plan's office hours (which would give 1 + 6 = 7) do not count for `high`.
    t = ticket("basic", "high", "2026-10-05T18:00:00+02:00", "2026-10-06T15:00:00+02:00")
    assert elapsed_hours(format2, t) == 5.0


def test_a_range_is_held_to_its_upper_end(format2: Contract) -> None:
    m = measures(format2)[("pro", "high")]
    assert (m.label, m.limit_minutes, m.unit) == ("15 minutes to 2 hours", 120, "hours")
    as_of = at("2026-10-06T00:00:00Z")
    within = ticket("pro", "high", "2026-10-05T10:00:00Z", "2026-10-05T11:30:00Z")
    beyond = ticket("pro", "high", "2026-10-05T10:00:00Z", "2026-10-05T12:01:00Z")
    assert (classify(within, m, as_of).status, classify(beyond, m, as_of).status) == ("met", "missed")


def test_best_effort_and_not_offered_are_counted_not_scored(format2: Contract) -> None:
    tickets = [
        ticket("basic", "low", "2026-10-05T09:00:00Z", "2026-10-05T21:00:00Z"),
        ticket("basic", "low", "2026-10-05T09:00:00Z", None),
        Ticket(4, "R", "regional", "low", at("2026-10-05T09:00:00Z"), at("2026-10-05T10:30:00Z"), "Asia/Tokyo"),
    ]
    result = measure(format2, tickets, Period(None, None, at("2026-10-09T00:00:00Z")), Objective(0.95, 1, "95%"))
    best, none = result.cell("basic", "low"), result.cell("regional", "low")
    assert (best.tickets, best.scored, best.met + best.missed + best.pending, best.median) == (2, False, 0, 12.0)
    assert (best.target, none.target) == ("Best effort, no response target", "Not offered")
    assert (none.tickets, none.attainment, none.held, none.below_objective) == (1, None, False, False)


def test_local_hours_count_in_the_customers_time_zone(format2: Contract) -> None:
    # 16:00Z-21:00Z is 12:00-17:00 in New York (5 open hours: missed against 4bh), but
    # 18:00-23:00 in Berlin and 01:00-06:00 in Tokyo (no open hours at all).
    m = measures(format2)[("regional", "high")]
    as_of = at("2026-10-06T00:00:00Z")
    outcomes = {
        zone: classify(
            Ticket(2, "T", "regional", "high", at("2026-10-05T16:00:00Z"), at("2026-10-05T21:00:00Z"), zone), m, as_of
        )
        for zone in ("America/New_York", "Europe/Berlin", "Asia/Tokyo")
    }
    assert {z: (o.status, (o.elapsed or 0) / 60) for z, o in outcomes.items()} == {
        "America/New_York": ("missed", 5.0),
        "Europe/Berlin": ("met", 0.0),
        "Asia/Tokyo": ("met", 0.0),
    }


def test_local_hours_need_a_time_zone_column_or_a_default(format2: Contract, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "1,regional,high,2026-10-05T16:00:00Z,2026-10-05T21:00:00Z\n2,pro,high,2026-10-05T16:00:00Z,\n",
    )
    assert messages(path, format2) == [
        "tickets.csv:2: plan `regional` counts high in the customer's local time zone, and this row has none"
        " | add a `timezone` column (IANA names) or set `default_timezone` in the attainment options"
    ]
    read = read_tickets(path, format2, TicketFormat(default_timezone="America/New_York"))
    assert read.problems == () and read.tickets[0].timezone == "America/New_York"
    result = measure(format2, read.tickets, Period(None, None, at("2026-10-06T00:00:00Z")))
    assert result.cell("regional", "high").missed == 1


# --- Hours that differ by weekday, and a split shift ---------------------------------------------


@pytest.fixture(scope="module")
def by_weekday(tmp_path_factory: pytest.TempPathFactory) -> Contract:
    # Basic: Europe/London 09:00-12:30 and 13:30-17:00 on weekdays (`high` 4bh, `low` 1bd).
    # Pro: America/New_York weekdays 08:00-20:00 and Saturday 09:00-17:00 (`low` 1bd).
    fixture = FIXTURES / "positive" / "hours-differ-by-weekday.yaml"
    return load_contract(scope_dir_with(tmp_path_factory.mktemp("by-weekday"), fixture))


def test_open_minutes_over_a_weekend_count_saturday_only(by_weekday: Contract) -> None:
    # Friday 18:00 -> Monday 10:00 in New York: Friday 2 hours, Saturday 8, Sunday none, Monday 2.
    t = ticket("pro", "low", "2026-10-09T18:00:00-04:00", "2026-10-12T10:00:00-04:00")
    assert elapsed_hours(by_weekday, t) == 12.0
    extended = WeeklyWindow.of((("mon", "tue", "wed", "thu", "fri"), 8 * 60, 20 * 60), (("sat",), 9 * 60, 17 * 60))
    new_york = ZoneInfo("America/New_York")
    sunday = open_minutes(at("2026-10-11T04:00:00Z"), at("2026-10-12T04:00:00Z"), extended, new_york)
    assert sunday == 0.0


def test_a_lunch_break_does_not_count(by_weekday: Contract) -> None:
    # Monday 12:00 -> 14:00 in London: half an hour before lunch, half an hour after it.
    t = ticket("basic", "high", "2026-10-05T12:00:00+01:00", "2026-10-05T14:00:00+01:00")
    assert elapsed_hours(by_weekday, t) == 1.0


def test_a_business_day_of_unequal_days_is_the_longest(by_weekday: Contract) -> None:
    found = measures(by_weekday)
    # 1bd on Pro: 12 open hours (a weekday), not Saturday's 8; on Basic: 7 hours of the split shift.
    assert (found[("pro", "low")].limit_minutes, found[("pro", "low")].unit) == (12 * 60, "business days")
    assert found[("basic", "low")].limit_minutes == 7 * 60
    # answered Saturday 16:00 after a Friday 19:00 request: 1 + 7 = 8 open hours, in time
    t = ticket("pro", "low", "2026-10-09T19:00:00-04:00", "2026-10-10T16:00:00-04:00")
    outcome = classify(t, found[("pro", "low")], at("2026-12-01T00:00:00Z"))
    assert (outcome.elapsed, outcome.status) == (8 * 60, "met")
