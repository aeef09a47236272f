"""Write the synthetic ticket export the sample site's "Service performance" page shows.

`python bench/sample_tickets.py [OUT.csv]` (default: tickets/sample-tickets.csv). The same
contract always gives the same bytes: tickets come from a seeded generator, not a clock.

Tickets are created during October 2026, mostly in UK office hours. Each one is answered
after a drawn share of its target (the sample contract's targets, kept below), counted the
way the target counts (so a Standard
Severity 1 ticket drawn at 0.5 is answered after 4 open business hours); a share above 1
is a missed target. Answers after the end of the month are left empty: those tickets are
still open when the period is judged. The ids are made up and there is no customer data.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.attainment import Measure  # noqa: E402
from generator.durations import WeeklyWindow, parse_duration  # noqa: E402

START = datetime(2026, 10, 1, tzinfo=UTC)
END = datetime(2026, 11, 1, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
# Tickets per plan and severity, and the median share of the target a first reply takes.
VOLUME = {
    "free": {"sev1": 3, "sev2": 6, "sev3": 40, "sev4": 55},
    "standard": {"sev1": 12, "sev2": 31, "sev3": 84, "sev4": 52},
    "premium": {"sev1": 26, "sev2": 41, "sev3": 72, "sev4": 38},
    "enterprise": {"sev1": 23, "sev2": 30, "sev3": 47, "sev4": 24},
}
# The sample contract's response targets when this file was written. They are kept here,
# not read from scope/, so editing the sample contract does not rewrite the tickets: the
# page then shows how the same month measures against the new targets.
TARGETS = {
    "free": {"sev1": None, "sev2": None, "sev3": "3bd", "sev4": "5bd"},
    "standard": {"sev1": "8bh", "sev2": "1bd", "sev3": "2bd", "sev4": "3bd"},
    "premium": {"sev1": "1h", "sev2": "4h", "sev3": "1bd", "sev4": "2bd"},
    "enterprise": {"sev1": "30m", "sev2": "2h", "sev3": "8h", "sev4": "1d"},
}
HOURS = {  # Europe/London, Monday to Friday
    "free": (8 * 60, 18 * 60),
    "standard": (8 * 60, 18 * 60),
    "premium": (7 * 60, 22 * 60),
    "enterprise": None,  # 24x7
}
MEDIAN_SHARE = {"sev1": 0.3, "sev2": 0.45, "sev3": 0.35, "sev4": 0.3}
SLOW = {("standard", "sev2"): 0.62}  # one cell that falls short, as real months do
UNSCORED_MEDIAN_HOURS = 30.0


def created_at(rng: random.Random, office_hours: bool) -> datetime:
    """A moment in October 2026; in London office hours on weekdays when asked."""
    while True:
        moment = START + timedelta(seconds=rng.randrange(int((END - START).total_seconds())))
        local = moment.astimezone(LONDON)
        if not office_hours or (local.weekday() < 5 and 7 <= local.hour < 19):
            return moment


def target_measure(plan: str, severity: str) -> Measure | None:
    """How the sample counts a plan's target for a severity; None without a commitment."""
    text = TARGETS[plan][severity]
    if text is None:
        return None
    duration = parse_duration(text)
    hours = HOURS[plan]
    window = None
    if duration.business and hours is not None:
        window = WeeklyWindow.daily(("mon", "tue", "wed", "thu", "fri"), hours[0], hours[1])
    if duration.unit == "bd":
        per_unit = window.day_minutes if window else 24 * 60
    else:
        per_unit = duration.business_minutes(0) // duration.amount
    return Measure(plan, severity, text, True, duration.amount * per_unit, "", per_unit, "", window, "Europe/London")


def answered_after(measure: Measure, created: datetime, share: float) -> datetime:
    """The moment `share` of the target has been counted since created (bisection)."""
    wanted = share * measure.limit_minutes
    low, high = created, created + timedelta(days=60)
    for _ in range(40):
        middle = low + (high - low) / 2
        if measure.elapsed_minutes(created, middle, "Europe/London") < wanted:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def stamp(moment: datetime, rng: random.Random) -> str:
    """ISO 8601 with `Z` or the London offset, as exports mix them."""
    if rng.random() < 0.5:
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return moment.astimezone(LONDON).isoformat()


def rows() -> list[list[str]]:
    rng = random.Random(16)
    tickets = []
    for plan, severities in VOLUME.items():
        for severity, count in severities.items():
            measure = target_measure(plan, severity)
            for _ in range(count):
                created = created_at(rng, office_hours=plan != "enterprise" or rng.random() < 0.7)
                if measure is not None:
                    median = SLOW.get((plan, severity), MEDIAN_SHARE[severity])
                    answered = answered_after(measure, created, rng.lognormvariate(0, 0.45) * median)
                else:
                    hours = rng.lognormvariate(0, 0.6) * UNSCORED_MEDIAN_HOURS
                    answered = created + timedelta(minutes=round(hours * 60))
                tickets.append((created, plan, severity, answered))
    tickets.sort()
    out = [["id", "plan", "severity", "created", "first_response"]]
    for number, (created, plan, severity, answered) in enumerate(tickets, start=10001):
        reply = stamp(answered, rng) if answered <= END else ""
        out.append([f"FP-{number}", plan, severity, stamp(created, rng), reply])
    return out


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tickets" / "sample-tickets.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
