"""Response-target durations: parsing, human wording, and worst-case wall-clock length.

Business durations (`30bm`, `8bh`, `1bd`) only run while a plan's support hours are open. To
compare two plans fairly we ask: starting at the worst possible moment of the week, how
long on the wall clock can this target take? Time zones shift a schedule but do not change
that length, so they are ignored here (daylight-saving jumps are below the resolution that
matters for a response target).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

NOT_OFFERED = "not-offered"
BEST_EFFORT = "best-effort"
DAY_ORDER = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEK_MINUTES = 7 * 24 * 60

_UNITS = {
    "m": ("minute", 1, False),
    "h": ("hour", 60, False),
    "d": ("day", 24 * 60, False),
    "bm": ("business minute", 1, True),
    "bh": ("business hour", 60, True),
    "bd": ("business day", 0, True),  # length comes from the plan's hours
}
_PATTERN = re.compile(r"^([1-9][0-9]{0,4})(m|h|d|bm|bh|bd)$")
_RANGE = re.compile(r"^([1-9][0-9]{0,4}(?:m|h|d|bm|bh|bd))-([1-9][0-9]{0,4}(?:m|h|d|bm|bh|bd))$")


@dataclass(frozen=True)
class Duration:
    """A parsed duration such as `8bh`."""

    text: str
    amount: int
    unit: str
    business: bool
    human: str

    def business_minutes(self, day_minutes: int) -> int:
        """Minutes of open time this duration needs (business units only)."""
        if self.unit == "bd":
            return self.amount * day_minutes
        return self.amount * _UNITS[self.unit][1]

    def wall_minutes(self) -> int:
        """Minutes on the wall clock (wall-clock units only)."""
        return self.amount * _UNITS[self.unit][1]


def parse_duration(text: str) -> Duration:
    """Parse `30m`, `4h`, `2d`, `30bm`, `8bh` or `1bd`; raise ValueError otherwise."""
    match = _PATTERN.match(text.strip())
    if not match:
        raise ValueError(f"`{text}` is not a duration")
    amount, unit = int(match.group(1)), match.group(2)
    noun, _, business = _UNITS[unit]
    human = f"{amount} {noun}" + ("" if amount == 1 else "s")
    return Duration(text.strip(), amount, unit, business, human)


def parse_range(text: str) -> tuple[Duration, Duration]:
    """Parse `15m-2h` into its two ends (either end any unit); raise ValueError otherwise."""
    match = _RANGE.match(text.strip())
    if not match:
        raise ValueError(f"`{text}` is not a range")
    return parse_duration(match.group(1)), parse_duration(match.group(2))


def is_range(text: str) -> bool:
    return _RANGE.match(text.strip()) is not None


@dataclass(frozen=True, order=True)
class Opening:
    """One daily window on one day of the week, in minutes after that day's midnight.

    end_minute may pass midnight (up to 48:00): the window closes on the next day, and it
    belongs to the day it opens.
    """

    day: int  # 0 = Monday
    start_minute: int
    end_minute: int


@dataclass(frozen=True)
class WeeklyWindow:
    """When support is open: a set of daily windows on days of the week, or always."""

    always: bool
    openings: tuple[Opening, ...] = ()

    @classmethod
    def daily(cls, days: tuple[str, ...], start_minute: int, end_minute: int) -> WeeklyWindow:
        """The same window on each of days: `daily(("mon", "tue"), 480, 1080)`."""
        return cls.of((days, start_minute, end_minute))

    @classmethod
    def of(cls, *windows: tuple[tuple[str, ...], int, int]) -> WeeklyWindow:
        """Several windows, each (days, start minute, end minute), in one schedule."""
        openings = {Opening(DAY_ORDER.index(d), start, end) for days, start, end in windows for d in days}
        return cls(always=False, openings=tuple(sorted(openings)))

    @property
    def day_minutes(self) -> int:
        """The length of one business day: the open minutes of the longest open day.

        A day's open minutes add up its windows; a window past midnight counts for the day
        it opens. With one daily window this is that window's length.
        """
        if self.always:
            return 24 * 60
        per_day = [0] * len(DAY_ORDER)
        for o in self.openings:
            per_day[o.day] += o.end_minute - o.start_minute
        return max(per_day)

    @property
    def intervals(self) -> tuple[tuple[int, int], ...]:
        """The open minutes of the week as sorted, disjoint (start, end) intervals in [0, a week].

        Minute 0 is Monday 00:00; a window that runs past Sunday midnight continues at
        the week's start. Overlapping or touching windows are one interval.
        """
        if self.always:
            return ((0, WEEK_MINUTES),)
        pieces: list[tuple[int, int]] = []
        for o in self.openings:
            start = o.day * 24 * 60 + o.start_minute
            end = start + o.end_minute - o.start_minute
            if end > WEEK_MINUTES:
                pieces += [(start, WEEK_MINUTES), (0, end - WEEK_MINUTES)]
            else:
                pieces.append((start, end))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(pieces):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return tuple(merged)

    @property
    def week_minutes(self) -> int:
        """How long support is open in a week."""
        return sum(end - start for start, end in self.intervals)


def clock_minutes(text: str) -> int:
    """`08:30` -> 510."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def daily_window(start: str, end: str) -> tuple[int, int]:
    """(start, end) minutes after the opening day's midnight: an end not after the start is on
    the next day (`22:00`-`06:00` is overnight, `22:00`-`22:00` is 24 hours)."""
    opens, closes = clock_minutes(start), clock_minutes(end)
    return opens, closes + (24 * 60 if closes <= opens else 0)


def worst_case_minutes(duration: Duration, window: WeeklyWindow | None) -> int | None:
    """Longest wall-clock time the duration can take under window; None if never reached.

    A business duration with no window (no support hours published) is never reached.
    """
    if not duration.business:
        return duration.wall_minutes()
    if window is None:
        return None
    if window.always:
        return duration.business_minutes(window.day_minutes)
    intervals = window.intervals
    if not intervals:
        return None
    return _worst_case(duration.business_minutes(window.day_minutes), intervals)


@lru_cache(maxsize=4096)
def _worst_case(needed: int, week: tuple[tuple[int, int], ...]) -> int:
    # Open intervals over enough weeks to finish from any start in the first week.
    weeks = needed // sum(end - start for start, end in week) + 2
    opens = [(n * WEEK_MINUTES + a, n * WEEK_MINUTES + b) for n in range(weeks + 1) for a, b in week]
    ends = [b for _, b in opens]
    # cumulative open minutes at the start of each interval
    cumulative = [0]
    for a, b in opens:
        cumulative.append(cumulative[-1] + b - a)

    def finish(t: int) -> int:
        # open minutes already elapsed by time t
        i = bisect_left(ends, t)  # first interval ending at or after t
        done = cumulative[i] + max(0, t - opens[i][0]) if i < len(opens) else cumulative[-1]
        target = done + needed
        j = bisect_left(cumulative, target) - 1
        a, _ = opens[j]
        return a + (target - cumulative[j])

    # The worst start is the moment an open window closes (just after it), or the start of
    # an open window; checking both kinds of instant in the first week is exact because
    # the finishing time is piecewise linear between them.
    candidates = {a for a, _ in week} | {b for _, b in week}
    return max(finish(t) - t for t in candidates)


def describe_minutes(minutes: int) -> str:
    """A wall-clock length in words: 4320 -> "3 days"."""
    if minutes % (24 * 60) == 0:
        value, noun = minutes // (24 * 60), "day"
    elif minutes % 60 == 0:
        value, noun = minutes // 60, "hour"
    else:
        value, noun = minutes, "minute"
    return f"{value} {noun}" + ("" if value == 1 else "s")
