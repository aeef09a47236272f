"""Service-level attainment: tickets from a help desk export measured against the contract.

Pipeline: `read_tickets` turns a CSV export into validated tickets (every bad row becomes a
Problem at its line, nothing is dropped silently); `measure` counts each ticket's time to
first response the way its plan's target counts it and aggregates per plan and severity.

Counting follows the target, not the ticket: a business target (`8bh`, `1bd`) counts only
the minutes during which the hours it is counted against are open, in that schedule's own
time zone (daylight-saving changes included, because each open window is placed on the
calendar with zoneinfo and measured in real elapsed time); a wall-clock target (`1h`, `2d`)
counts every minute. A ticket is met when answered within its target, missed when answered
late or still open past its target at the as-of time, and pending when still open within
it. Severities without a commitment are counted but not scored.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .durations import WeeklyWindow
from .errors import Problem, ScopeError
from .model import LOCAL_TIMEZONE, Contract, Objective
from .report import escape_controls
from .resolve import hours_window
from .validate import did_you_mean

# Field name -> default header. `timezone` is optional: only `timezone: local` hours need it.
DEFAULT_COLUMNS: dict[str, str] = {
    "id": "id",
    "plan": "plan",
    "severity": "severity",
    "created": "created",
    "first_response": "first_response",
    "timezone": "timezone",
}
REQUIRED_COLUMNS = ("id", "plan", "severity", "created", "first_response")
LOCAL = LOCAL_TIMEZONE  # hours counted in each customer's own time zone

Status = Literal["met", "missed", "pending", "unscored"]

_UNIT_NOUNS = {
    "m": ("minute", 1),
    "h": ("hour", 60),
    "d": ("day", 24 * 60),
    "bm": ("business minute", 1),
    "bh": ("business hour", 60),
    "bd": ("business day", 0),  # the length of the schedule's open day
}


# --- Options ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketFormat:
    """How to read one help desk's export: its headers and the values it uses."""

    columns: Mapping[str, str] = field(default_factory=dict)  # field -> header, where not the default
    plans: Mapping[str, str] = field(default_factory=dict)  # export value -> plan id
    severities: Mapping[str, str] = field(default_factory=dict)  # export value -> severity id
    default_timezone: str | None = None  # for `timezone: local` rows without a time zone

    def header(self, name: str) -> str:
        return self.columns.get(name, DEFAULT_COLUMNS[name])


@dataclass(frozen=True)
class AttainmentOptions:
    """The `attainment:` options of the plugin: where the tickets are and which period to show."""

    tickets: Path | None
    since: date | None
    until: date | None
    as_of: datetime | None
    format: TicketFormat
    tickets_text: str = ""  # the path as written, for messages


@dataclass(frozen=True)
class Period:
    """Tickets created from `since` to `until` (whole UTC days, both included), seen at `as_of`."""

    since: date | None
    until: date | None
    as_of: datetime

    def contains(self, moment: datetime) -> bool:
        day = moment.astimezone(UTC).date()
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


# --- Tickets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ticket:
    line: int
    id: str
    plan: str
    severity: str
    created: datetime  # UTC
    first_response: datetime | None  # UTC; None while unanswered
    timezone: str | None  # the customer's IANA zone, when given


@dataclass(frozen=True)
class TicketFile:
    """A read export: its valid tickets and a problem for every row that is not."""

    path: str
    tickets: tuple[Ticket, ...]
    problems: tuple[Problem, ...]


def format_problem(problem: Problem) -> str:
    """`FILE:LINE: error: message` and the hint on its own line."""
    # A cell of the export may hold anything, a terminal escape sequence included.
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    text = f"{escape_controls(where)}: {problem.level}: {escape_controls(problem.message)}"
    return text + (f"\n    hint: {escape_controls(problem.hint)}" if problem.hint else "")


@dataclass(frozen=True)
class Measure:
    """How one plan counts one severity's time to first response."""

    plan: str
    severity: str
    label: str  # "8 business hours", "Best effort", "Not offered"
    scored: bool
    limit_minutes: float  # counted minutes allowed (0 when not scored)
    unit: str  # plural noun results are given in, e.g. "business hours"
    unit_minutes: float
    symbol: str  # the unit as written in durations: min, h, d, bm, bh, bd
    window: WeeklyWindow | None  # None: wall clock
    timezone: str | None  # the schedule's IANA zone, LOCAL, or None for wall clock

    def elapsed_minutes(self, start: datetime, end: datetime, customer_zone: str | None) -> float:
        """Minutes between start and end as this target counts them."""
        if self.window is None or self.window.always:
            return (end - start).total_seconds() / 60
        zone = customer_zone if self.timezone == LOCAL else self.timezone
        return open_minutes(start, end, self.window, ZoneInfo(zone or "UTC"))


def open_minutes(start: datetime, end: datetime, window: WeeklyWindow, zone: ZoneInfo) -> float:
    """Real minutes between start and end during which window is open in zone."""
    if end <= start:
        return 0.0
    if window.always:
        return (end - start).total_seconds() / 60
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    total = 0.0
    while day <= last:
        midnight = datetime.combine(day, time())
        for opening in window.openings:
            if opening.day != day.weekday():
                continue
            # Placing each local clock time on the calendar separately is what makes a
            # daylight-saving change shorten or lengthen the day it happens on.
            opens = (midnight + timedelta(minutes=opening.start_minute)).replace(tzinfo=zone).astimezone(UTC)
            closes = (midnight + timedelta(minutes=opening.end_minute)).replace(tzinfo=zone).astimezone(UTC)
            low, high = max(opens, start), min(closes, end)
            if high > low:
                total += (high - low).total_seconds() / 60
        day += timedelta(days=1)
    return total


def measures(contract: Contract) -> dict[tuple[str, str], Measure]:
    """The measure of every plan and severity in the contract.

    A target is counted against its own schedule (a severity's own hours, else the
    plan's); a range is held to its upper end; best-effort and not-offered severities
    are counted but not scored, their times in wall-clock hours.
    """
    found: dict[tuple[str, str], Measure] = {}
    for plan in contract.plans:
        for severity in contract.severities:
            key = (plan.id, severity.id)
            target = contract.effective_target(plan.id, severity.id)
            if target is None or target.duration is None:
                label = target.human if target is not None else "No target"
                found[key] = Measure(plan.id, severity.id, label, False, 0, "hours", 60, "h", None, None)
                continue
            schedule = contract.hours_of(target.hours) if target.hours else None
            window = hours_window(schedule) if schedule is not None else None
            duration = target.duration
            noun, per_unit = _UNIT_NOUNS[duration.unit]
            business = duration.business and window is not None and not window.always
            if duration.unit == "bd":
                per_unit = window.day_minutes if window is not None else 24 * 60
            found[key] = Measure(
                plan=plan.id,
                severity=severity.id,
                label=target.human,
                scored=True,
                limit_minutes=duration.amount * per_unit,
                unit=noun + "s",
                unit_minutes=per_unit,
                symbol="min" if duration.unit == "m" else duration.unit,
                window=window if business else None,
                timezone=(schedule.timezone if schedule is not None else None) if business else None,
            )
    return found


def parse_time(text: str) -> datetime:
    """An ISO 8601 time with a UTC offset (`Z` or `+01:00`), as UTC; ValueError otherwise."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"`{value}` is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise ValueError(f"`{value}` has no UTC offset")
    return moment.astimezone(UTC)


_Report = Callable[..., None]  # records a problem
_TIME_HINT = "write times as ISO 8601 with an offset, e.g. 2026-10-05T09:30:00Z or 2026-10-05T10:30:00+01:00"


def read_tickets(
    path: Path, contract: Contract, ticket_format: TicketFormat | None = None, display: str | None = None
) -> TicketFile:
    """Every valid ticket in the CSV export at path, and a problem for each bad row."""
    fmt = ticket_format or TicketFormat()
    name = display or path.as_posix()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return TicketFile(name, (), (_problem(name, line, "the file is not UTF-8 text", "export it as UTF-8 CSV"),))
    rows = _Rows(name, text)
    header = rows.header()
    if header is None:
        return TicketFile(name, (), tuple(rows.problems))
    positions, missing = _column_positions(name, header, fmt)
    if missing:
        return TicketFile(name, (), tuple(missing))
    parser = _RowParser(name, contract, fmt, positions, len(header))
    tickets = [t for line, row in rows.records() if (t := parser.ticket(line, row)) is not None]
    return TicketFile(name, tuple(tickets), tuple(rows.problems + parser.problems))


class _Rows:
    """CSV records with the line each starts on (a quoted field may span lines)."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        self.problems: list[Problem] = []

    def _next(self) -> tuple[int, list[str]] | None:
        while True:
            start = self.reader.line_num + 1
            try:
                row = next(self.reader)
            except StopIteration:
                return None
            except csv.Error as exc:
                hint = 'a quote inside a field is written twice (""); a field with a comma is quoted'
                self.problems.append(_problem(self.name, start, f"unreadable CSV: {exc}", hint))
                return None
            if any(cell.strip() for cell in row):
                return start, row

    def header(self) -> list[str] | None:
        first = self._next()
        if first is None:
            if not self.problems:
                hint = "the first row names the columns: " + ", ".join(REQUIRED_COLUMNS)
                self.problems.append(_problem(self.name, 1, "the file has no header row", hint))
            return None
        return [cell.strip() for cell in first[1]]

    def records(self) -> Iterable[tuple[int, list[str]]]:
        while (record := self._next()) is not None:
            yield record


def _column_positions(name: str, header: list[str], fmt: TicketFormat) -> tuple[dict[str, int], list[Problem]]:
    found: dict[str, int] = {}
    missing = []
    folded = {h.casefold(): i for i, h in reversed(list(enumerate(header)))}
    for column in DEFAULT_COLUMNS:
        wanted = fmt.header(column)
        index = header.index(wanted) if wanted in header else folded.get(wanted.casefold())
        if index is not None:
            found[column] = index
        elif column in REQUIRED_COLUMNS or column in fmt.columns:
            close = difflib.get_close_matches(wanted, header, n=1, cutoff=0.6)
            header_name = close[0] if close else "HEADER"
            hint = f"map your export's header with --column {column}={header_name} or `columns:` in mkdocs.yml"
            if not close:
                hint = "the header has " + ", ".join(f"`{h}`" for h in header) + "; " + hint
            missing.append(_problem(name, 1, f"no column `{wanted}` for the ticket {column.replace('_', ' ')}", hint))
    return found, missing


class _RowParser:
    """Turns one CSV record into a Ticket, or problems naming its line."""

    def __init__(self, name: str, contract: Contract, fmt: TicketFormat, positions: dict[str, int], width: int) -> None:
        self.name = name
        self.fmt = fmt
        self.positions = positions
        self.width = width
        self.measures = measures(contract)
        self.plan_ids = _lookup((p.id, p.name) for p in contract.plans)
        self.severity_ids = _lookup((s.id, s.name) for s in contract.severities)
        self.seen: dict[str, int] = {}
        self.problems: list[Problem] = []

    def _cell(self, row: list[str], column: str) -> str:
        index = self.positions.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    def ticket(self, line: int, row: list[str]) -> Ticket | None:
        before = len(self.problems)

        def bad(message: str, hint: str) -> None:
            self.problems.append(_problem(self.name, line, message, hint))

        if len(row) != self.width:
            bad(
                f"the row has {len(row)} fields; the header has {self.width}",
                "quote every field that contains a comma, and give each column a value (empty is allowed)",
            )
            return None
        ticket_id = self._cell(row, "id")
        if not ticket_id:
            bad("the ticket has no id", f"fill in the `{self.fmt.header('id')}` column")
        elif ticket_id in self.seen:
            bad(f"ticket `{ticket_id}` is also on line {self.seen[ticket_id]}", "export each ticket once")
        else:
            self.seen[ticket_id] = line
        plan = self._value(self.plan_ids, self.fmt.plans, self._cell(row, "plan"), "plan", bad)
        severity = self._value(self.severity_ids, self.fmt.severities, self._cell(row, "severity"), "severity", bad)
        created = self._time(row, "created", bad, required=True)
        answered = self._time(row, "first_response", bad, required=False)
        if created is not None and answered is not None and answered < created:
            bad(
                f"first response {_iso(answered)} is before creation {_iso(created)}",
                "check both times and their UTC offsets",
            )
        zone = self._cell(row, "timezone") or None
        if zone is not None and not _zone_exists(zone):
            bad(f"unknown time zone `{zone}`", "use an IANA name such as Europe/Berlin or America/New_York")
        elif zone is None and plan and severity:
            measure = self.measures.get((plan, severity))
            if measure is not None and measure.timezone == LOCAL:
                zone = self.fmt.default_timezone
                if zone is None:
                    bad(
                        f"plan `{plan}` counts {severity} in the customer's local time zone, and this row has none",
                        "add a `timezone` column (IANA names) or set `default_timezone` in the attainment options",
                    )
        if len(self.problems) > before or plan is None or severity is None or created is None:
            return None
        return Ticket(line, ticket_id, plan, severity, created, answered, zone)

    def _value(
        self, known: dict[str, str], mapping: Mapping[str, str], value: str, kind: str, bad: _Report
    ) -> str | None:
        if not value:
            bad(f"the ticket has no {kind}", f"fill in the `{self.fmt.header(kind)}` column")
            return None
        mapped = mapping.get(value, value)
        found = known.get(mapped) or known.get(mapped.casefold())
        if found is not None:
            return found
        how = f" (mapped from `{value}`)" if mapped != value else ""
        close = did_you_mean(mapped, {v for v in known.values()})
        section = "plans" if kind == "plan" else "severities"
        hint = close or f"map the export's values to {kind} ids with `{section}:` in the attainment options"
        bad(f"unknown {kind} `{mapped}`{how}", hint)
        return None

    def _time(self, row: list[str], column: str, bad: _Report, *, required: bool) -> datetime | None:
        text = self._cell(row, column)
        if not text:
            if required:
                bad(f"the ticket has no {column.replace('_', ' ')} time", _TIME_HINT)
            return None
        try:
            return parse_time(text)
        except ValueError as exc:
            bad(f"{column.replace('_', ' ')}: {exc}", _TIME_HINT)
            return None


def _lookup(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Id by id, and by id or name case-insensitively."""
    table: dict[str, str] = {}
    for ident, name in pairs:
        table.setdefault(name.casefold(), ident)
        table[ident.casefold()] = ident
        table[ident] = ident
    return table


def _zone_exists(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _problem(file: str, line: int, message: str, hint: str = "") -> Problem:
    return Problem(file, line, 0, message, hint, "error", "ticket")


# --- Measuring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    ticket: Ticket
    status: Status
    elapsed: float | None  # counted minutes to first response; None while open at as-of


def classify(ticket: Ticket, measure: Measure, as_of: datetime) -> Outcome:
    """Met, missed, pending (open within target at as_of) or unscored (no commitment)."""
    answered = ticket.first_response if ticket.first_response and ticket.first_response <= as_of else None
    end = answered or as_of
    elapsed = measure.elapsed_minutes(ticket.created, end, ticket.timezone)
    if not measure.scored:
        status: Status = "unscored"
    elif elapsed > measure.limit_minutes:
        status = "missed"
    else:
        status = "met" if answered else "pending"
    return Outcome(ticket, status, elapsed if answered else None)


@dataclass(frozen=True)
class Cell:
    """One plan and severity over the period."""

    plan: str
    severity: str
    target: str
    scored: bool
    unit: str
    symbol: str
    tickets: int
    met: int
    missed: int
    pending: int
    attainment: float | None  # met / (met + missed); None without a decided ticket
    median: float | None  # time to first response of answered tickets, in unit
    p90: float | None
    held: bool  # scored and enough decided tickets for the objective to apply
    below_objective: bool


@dataclass(frozen=True)
class Attainment:
    period: Period
    objective: Objective | None
    cells: tuple[Cell, ...]
    counted: int  # tickets created in the period (and by as-of)
    outside: int  # valid tickets created outside the period or after as-of

    def cell(self, plan: str, severity: str) -> Cell:
        return next(c for c in self.cells if c.plan == plan and c.severity == severity)

    @property
    def below(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.below_objective)


def measure(
    contract: Contract, tickets: Iterable[Ticket], period: Period, objective: Objective | None = None
) -> Attainment:
    """Classify every ticket created in the period and aggregate per plan and severity."""
    table = measures(contract)
    outcomes: dict[tuple[str, str], list[Outcome]] = {key: [] for key in table}
    counted = outside = 0
    for ticket in tickets:
        if not period.contains(ticket.created) or ticket.created > period.as_of:
            outside += 1
            continue
        counted += 1
        key = (ticket.plan, ticket.severity)
        outcomes[key].append(classify(ticket, table[key], period.as_of))
    cells = []
    for plan in contract.plans:
        for severity in contract.severities:
            key = (plan.id, severity.id)
            if key in table:
                cells.append(_cell(table[key], outcomes[key], objective))
    return Attainment(period, objective, tuple(cells), counted, outside)


def _cell(m: Measure, outcomes: list[Outcome], objective: Objective | None) -> Cell:
    count = {s: sum(1 for o in outcomes if o.status == s) for s in ("met", "missed", "pending")}
    decided = count["met"] + count["missed"]
    attainment = count["met"] / decided if m.scored and decided else None
    times = sorted(o.elapsed / m.unit_minutes for o in outcomes if o.elapsed is not None)
    held = objective is not None and m.scored and decided >= objective.min_tickets and decided > 0
    below = held and attainment is not None and objective is not None and attainment < objective.attainment
    return Cell(
        plan=m.plan,
        severity=m.severity,
        target=m.label,
        scored=m.scored,
        unit=m.unit,
        symbol=m.symbol,
        tickets=len(outcomes),
        met=count["met"],
        missed=count["missed"],
        pending=count["pending"],
        attainment=attainment,
        median=statistics.median(times) if times else None,
        p90=percentile(times, 90) if times else None,
        held=held,
        below_objective=below,
    )


def percentile(ordered: list[float], p: int) -> float:
    """Nearest-rank percentile of an ascending list: the smallest value with p% at or below it."""
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- Options from mkdocs.yml -----------------------------------------------------------------

_OPTION_KEYS = ("tickets", "since", "until", "as_of", "columns", "plans", "severities", "default_timezone")


def parse_options(raw: object, base: Path, where: str = "mkdocs.yml") -> AttainmentOptions:
    """The plugin's `attainment:` mapping, checked; ScopeError naming the option otherwise."""
    prefix = "plugins.scopebook.attainment"
    problems: list[Problem] = []

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Problem(where, 0, 0, f"{prefix}.{key}: {message}" if key else f"{prefix}: {message}", hint))

    if not isinstance(raw, dict):
        raise ScopeError([Problem(where, 0, 0, f"{prefix}: expected a mapping", "give at least `tickets: FILE.csv`")])
    for key in raw:
        if key not in _OPTION_KEYS:
            bad(
                str(key),
                "unknown option",
                did_you_mean(str(key), _OPTION_KEYS) or "options: " + ", ".join(_OPTION_KEYS),
            )
    tickets = raw.get("tickets")
    if tickets is not None and not isinstance(tickets, str):
        bad("tickets", "expected a file path", "for example tickets/last-quarter.csv, relative to mkdocs.yml")
    since = _option_date(raw.get("since"), "since", bad)
    until = _option_date(raw.get("until"), "until", bad)
    if since and until and since > until:
        bad("until", f"{until} is before since ({since})", "swap the two dates")
    as_of = raw.get("as_of")
    if isinstance(as_of, datetime):
        as_of = as_of if as_of.tzinfo else None
    elif as_of is not None:
        try:
            as_of = parse_time(str(as_of))
        except ValueError as exc:
            bad("as_of", str(exc), _TIME_HINT)
            as_of = None
    maps = {key: _option_mapping(raw.get(key), key, bad) for key in ("columns", "plans", "severities")}
    for column in maps["columns"]:
        if column not in DEFAULT_COLUMNS:
            bad("columns", f"unknown field `{column}`", "fields: " + ", ".join(DEFAULT_COLUMNS))
    zone = raw.get("default_timezone")
    if zone is not None and (not isinstance(zone, str) or not _zone_exists(zone)):
        bad("default_timezone", f"unknown time zone `{zone}`", "use an IANA name such as Europe/Berlin")
    if problems:
        raise ScopeError(problems)
    return AttainmentOptions(
        tickets=(base / tickets) if isinstance(tickets, str) else None,
        since=since,
        until=until,
        as_of=as_of.astimezone(UTC) if isinstance(as_of, datetime) else None,
        format=TicketFormat(
            columns=maps["columns"],
            plans=maps["plans"],
            severities=maps["severities"],
            default_timezone=zone if isinstance(zone, str) else None,
        ),
        tickets_text=tickets if isinstance(tickets, str) else "",
    )


def _option_date(value: object, key: str, bad: _Report) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        bad(key, f"`{value}` is not a date", "write it as YYYY-MM-DD")
        return None


def _option_mapping(value: object, key: str, bad: _Report) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str | int) for v in value.values()):
        bad(key, "expected a mapping of text to text", "for example `Urgent: sev1`")
        return {}
    return {str(k): str(v) for k, v in value.items()}


def default_as_of(options: AttainmentOptions, tickets: Iterable[Ticket]) -> datetime:
    """The moment a published report is seen at: as_of, else the end of `until`, else the newest time."""
    if options.as_of is not None:
        return options.as_of
    if options.until is not None:
        return datetime.combine(options.until + timedelta(days=1), time(), UTC)
    moments = [m for t in tickets for m in (t.created, t.first_response) if m is not None]
    return max(moments, default=datetime(1970, 1, 1, tzinfo=UTC))


def published_attainment(contract: Contract, options: AttainmentOptions, where: str = "mkdocs.yml") -> Attainment:
    """The attainment a site publishes for its `attainment:` options; ScopeError for any bad row."""
    if options.tickets is None:
        raise ScopeError.at(where, 0, 0, "plugins.scopebook.attainment.tickets: missing", "give the CSV export's path")
    shown = options.tickets_text or options.tickets.name
    if not options.tickets.is_file():
        raise ScopeError.at(
            where,
            0,
            0,
            f"plugins.scopebook.attainment.tickets: no file `{shown}`",
            "the path is relative to mkdocs.yml",
        )
    read = read_tickets(options.tickets, contract, options.format, display=shown)
    if read.problems:
        raise ScopeError(read.problems)
    period = Period(options.since, options.until, default_as_of(options, read.tickets))
    return measure(contract, read.tickets, period, contract.objective)
