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


@dataclass(frozen=True)
class WeeklyWindow:
    """When support is open: the days of the week and one daily window, or always.

    end_minute may pass midnight (up to 48:00): a window that closes on the next day.
    """

    always: bool
    days: tuple[str, ...] = ()
    start_minute: int = 0
    end_minute: int = 0

    @property
    def day_minutes(self) -> int:
        return 24 * 60 if self.always else self.end_minute - self.start_minute

    @property
    def week_minutes(self) -> int:
        return WEEK_MINUTES if self.always else self.day_minutes * len(self.days)


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
    if window.week_minutes <= 0:
        return None
    return _worst_case(
        duration.business_minutes(window.day_minutes),
        tuple(sorted(DAY_ORDER.index(d) for d in window.days)),
        window.start_minute,
        window.end_minute,
    )


@lru_cache(maxsize=4096)
def _worst_case(needed: int, days: tuple[int, ...], start: int, end: int) -> int:
    # Open intervals over enough weeks to finish from any start in the first week.
    weeks = needed // ((end - start) * len(days)) + 2
    opens: list[tuple[int, int]] = []
    for week in range(weeks + 1):
        for day in days:
            base = week * WEEK_MINUTES + day * 24 * 60
            opens.append((base + start, base + end))
    # cumulative open minutes at the start of each interval
    cumulative = [0]
    for a, b in opens:
        cumulative.append(cumulative[-1] + b - a)

    def finish(t: int) -> int:
        # open minutes already elapsed by time t
        i = bisect_left([b for _, b in opens], t)  # first interval ending at or after t
        done = cumulative[i] + max(0, t - opens[i][0]) if i < len(opens) else cumulative[-1]
        target = done + needed
        j = bisect_left(cumulative, target) - 1
        a, _ = opens[j]
        return a + (target - cumulative[j])

    # The worst start is the moment an open window closes (just after it), or the start of
    # an open window; checking both kinds of instant each day of the first week is exact
    # because the finishing time is piecewise linear between them.
    candidates = {a for a, _ in opens[: len(days)]} | {b for _, b in opens[: len(days)]}
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
