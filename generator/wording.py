"""The contract's values in plain words, the same on pages, in search data and in the export.

Customers never see the scope-file spelling (`15m-2h`, `not-offered`, `local`): every
place that shows a target, a schedule, a contact allowance or what an add-on improves
asks this module for the words.
"""

from __future__ import annotations

from typing import Literal

from .durations import Duration
from .model import Contract, DailyWindow, Hours, Improvement, ServiceLevel, Target, TargetKind, Upgrade

NOT_OFFERED = "Not offered"
BEST_EFFORT = "Best effort, no response target"
BEST_EFFORT_UPDATES = "Best effort, no set interval"
NO_HOURS = "No support hours are published"
ALWAYS = "24 hours a day, 7 days a week"
LOCAL_TIME = "in your local time zone"

_DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def range_words(lower: Duration, upper: Duration) -> str:
    """`15m-2h` -> "15 minutes to 2 hours"; `1h-4h` -> "1 to 4 hours"."""
    if lower.unit == upper.unit:
        return f"{lower.amount} to {upper.human}"
    return f"{lower.human} to {upper.human}"


def value_words(
    kind: TargetKind,
    duration: Duration | None,
    lower: Duration | None = None,
    *,
    field: Literal["response_targets", "update_interval"] = "response_targets",
) -> str:
    """A target's value in words: "4 business hours", "15 minutes to 2 hours", "Not offered"."""
    if kind == "not-offered":
        return NOT_OFFERED
    if kind == "best-effort":
        return BEST_EFFORT_UPDATES if field == "update_interval" else BEST_EFFORT
    assert duration is not None
    if kind == "range" and lower is not None:
        return range_words(lower, duration)
    return duration.human


def describe_days(days: tuple[str, ...]) -> str:
    """("mon", ..., "fri") -> "Monday to Friday", ("sun", ..., "thu") -> "Sunday to Thursday"
    (a run across the weekend); other sets are listed."""
    order = list(_DAY_NAMES)
    indexes = [order.index(d) for d in days]
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{_DAY_NAMES[days[0]]} to {_DAY_NAMES[days[-1]]}"
    open_days = set(indexes)
    if 2 < len(open_days) < 7:
        # A run that wraps from Sunday into Monday starts on the day after the one closed day
        # before it; it is one run when exactly one open day follows a closed one.
        starts = [i for i in open_days if (i - 1) % 7 not in open_days]
        if len(starts) == 1:
            first = starts[0]
            last = (first + len(open_days) - 1) % 7
            return f"{_DAY_NAMES[order[first]]} to {_DAY_NAMES[order[last]]}"
    return ", ".join(_DAY_NAMES[d] for d in days)


def hours_summary(always: bool, windows: tuple[DailyWindow, ...] = (), timezone: str | None = None) -> str:
    """Hours in words: "Monday to Friday, 08:00-18:00 (Europe/London)", or "... in your local time zone".

    Several windows read in the order written, those on the same days together: "Monday to
    Friday, 09:00-12:30 and 13:30-17:00; Saturday, 09:00-12:00 (UTC)".
    """
    if always:
        return ALWAYS
    by_days: dict[tuple[str, ...], list[str]] = {}
    for window in windows:
        by_days.setdefault(window.days, []).append(_clock_span(window))
    when = "; ".join(f"{describe_days(days)}, {_and(times)}" for days, times in by_days.items())
    if timezone == "local":
        return f"{when} {LOCAL_TIME}"
    return f"{when} ({timezone})"


def window_words(window: DailyWindow) -> str:
    """One window of a schedule: "Monday to Friday, 22:00-06:00 the next day"."""
    return f"{describe_days(window.days)}, {_clock_span(window)}"


def _clock_span(window: DailyWindow) -> str:
    # An end not after the start closes on the next day (overnight, or 24 hours from the start).
    return f"{window.start}-{window.end}" + (" the next day" if window.end <= window.start else "")


def week_span_words(start: int, end: int) -> str:
    """Minutes of the week (0 = Monday 00:00) in words: "Monday 12:00-13:00", "Friday 23:00 to Saturday 01:00"."""
    names = list(_DAY_NAMES.values())
    first, last = names[start // (24 * 60) % 7], names[(end - 1) // (24 * 60) % 7]
    # the end of a day reads 24:00, not 00:00 of the next
    closes = _clock(end) if end % (24 * 60) else "24:00"
    if first == last:
        return f"{first} {_clock(start)}-{closes}"
    return f"{first} {_clock(start)} to {last} {closes}"


def _clock(minute: int) -> str:
    within = minute % (24 * 60)
    return f"{within // 60:02d}:{within % 60:02d}"


def _and(phrases: list[str]) -> str:
    """["a"] -> "a"; ["a", "b", "c"] -> "a, b and c"."""
    return phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"


def level_hours_summary(contract: Contract, level: ServiceLevel) -> str:
    """The plan's support hours in words, or that none are published."""
    return contract.hours_of(level.hours).summary if level.hours else NO_HOURS


def target_words(contract: Contract, level: ServiceLevel, target: Target | None) -> str:
    """A target as a plan page shows it: its value, and its own hours when they differ.

    "30 minutes (24x7)" when a severity has its own schedule; a missing target reads
    "Not offered".
    """
    if target is None:
        return NOT_OFFERED
    if target.own_hours and target.hours and target.hours != level.hours and target.offered:
        return f"{target.human} ({contract.hours_of(target.hours).name})"
    return target.human


def contacts_words(contacts: int | str | None) -> str:
    if contacts is None:
        return "Not specified"
    if contacts == "unlimited":
        return "Unlimited named contacts"
    return f"Up to {contacts} named contact" + ("" if contacts == 1 else "s")


def improvement_words(contract: Contract, upgrade: Upgrade, improvement: Improvement) -> str:
    """One thing an add-on improves on a plan: "Severity 1 (critical) in 1 hour"."""
    level = upgrade.service_level
    plan_level = contract.service_level(upgrade.plan)
    if improvement.field == "hours":
        return f"Support hours: {level_hours_summary(contract, level)}"
    if improvement.field == "channels":
        added = [contract.channel(c).name for c in level.channels if c not in plan_level.channels]
        return "Also by " + ", ".join(added)
    if improvement.field == "languages":
        return "Also in " + ", ".join(lang for lang in level.languages if lang not in plan_level.languages)
    if improvement.field == "contacts":
        return contacts_words(level.contacts)
    assert improvement.severity is not None
    severity = contract.severity(improvement.severity).name
    if improvement.field == "update_interval":
        target = level.update(improvement.severity)
        assert target is not None
        words = target_words(contract, level, target)
        return f"Updates on {severity} every {words}" if target.committed else f"Updates on {severity}: {_lower(words)}"
    target = level.target(improvement.severity)
    assert target is not None
    words = target_words(contract, level, target)
    return f"{severity} in {words}" if target.committed else f"{severity}: {_lower(words)}"


def _lower(words: str) -> str:
    return words[:1].lower() + words[1:]


def upgrade_lines(contract: Contract, upgrade: Upgrade) -> tuple[str, ...]:
    """Everything an add-on improves on a plan, one phrase each."""
    return tuple(improvement_words(contract, upgrade, i) for i in upgrade.improves)


def improvements_text(contract: Contract, upgrade: Upgrade) -> str:
    """Everything an add-on improves in one line: "Severity 1 (critical) in 1 hour; also by Phone"."""
    # a line after the first starts lowercase unless it starts with a severity's name
    return "; ".join(
        line if n == 0 or i.field == "response_targets" else _lower(line)
        for n, (i, line) in enumerate(zip(upgrade.improves, upgrade_lines(contract, upgrade), strict=True))
    )


def upgrade_sentence(contract: Contract, upgrade: Upgrade) -> str:
    """One sentence: "With Premium Support: Severity 1 (critical) in 1 hour; also by Phone"."""
    return f"With {contract.addon(upgrade.addon).name}: {improvements_text(contract, upgrade)}"


def hours_words(hours: Hours) -> str:
    """A schedule's name and when it is open: "Business hours (UK): Monday to Friday, ..."."""
    return f"{hours.name}: {hours.summary}"
