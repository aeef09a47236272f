"""The resolved contract: inheritance applied, durations normalised, immutable.

This is the only view of `scope/` that pages, the search index and the JSON export read.
Dates are ISO strings (`2026-10-01`); Markdown fields hold the writer's Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Protocol, TypeVar

from .durations import Duration

LOCAL_TIMEZONE = "local"
Status = Literal["included", "limited", "addon", "excluded"]
STATUSES: tuple[Status, ...] = ("included", "limited", "addon", "excluded")
# Higher is better for the customer.
STATUS_RANK: dict[str, int] = {"included": 3, "limited": 2, "addon": 1, "excluded": 0}
STATUS_LABEL: dict[str, str] = {
    "included": "Included",
    "limited": "Limited",
    "addon": "Add-on",
    "excluded": "Not included",
}


@dataclass(frozen=True)
class SourceRef:
    """Where something was written; not part of the contract's meaning."""

    file: str
    line: int


@dataclass(frozen=True)
class Change:
    version: str
    effective: str
    summary: str


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    summary: str
    tier: int
    extends: str | None = None
    url: str | None = None
    price: str | None = None  # as the writer gave it: "USD 29 per user per month"


@dataclass(frozen=True)
class Severity:
    id: str
    name: str
    definition: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class DailyWindow:
    """One window of a schedule: the days it opens on, and its clock times.

    An `end` not after `start` closes on the next day (`22:00`-`06:00` overnight,
    `22:00`-`22:00` for 24 hours).
    """

    days: tuple[str, ...]
    start: str
    end: str


@dataclass(frozen=True)
class Hours:
    """A support schedule: always open, or open in weekly windows in one time zone.

    A schedule written with one window (`days`, `start`, `end`) keeps those fields and has
    no `windows`; one written with a list of `windows` has them and no `days`, `start` or
    `end`. `daily_windows` reads both the same way.
    """

    id: str
    name: str
    always: bool
    timezone: str | None = None
    days: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    holidays: str | None = None
    summary: str = ""
    windows: tuple[DailyWindow, ...] = ()

    @property
    def daily_windows(self) -> tuple[DailyWindow, ...]:
        """When the schedule opens, whichever form it was written in (none for 24x7)."""
        if self.always:
            return ()
        return self.windows or (DailyWindow(self.days, self.start or "00:00", self.end or "24:00"),)

    @property
    def local(self) -> bool:
        """Counted in each customer's own time zone (`timezone: local`)."""
        return self.timezone == LOCAL_TIMEZONE


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    description: str
    url: str | None = None


TargetKind = Literal["duration", "range", "best-effort", "not-offered"]
# Higher is better for the customer; a duration and a range are both commitments and
# compare by length (a range by its upper end).
_KIND_RANK: dict[str, int] = {"duration": 2, "range": 2, "best-effort": 1, "not-offered": 0}


@dataclass(frozen=True)
class Target:
    """A response target (or update interval) for one severity on one plan.

    - `kind`: `duration` (`4h`), `range` (`15m-2h`), `best-effort` (help without a
      commitment) or `not-offered`.
    - `duration`: the commitment: the duration itself, or a range's upper end; None for
      best-effort and not-offered. Count attainment and compare plans against this.
    - `lower`: a range's lower end, shown to customers but never promised.
    - `hours`: id of the schedule the target is counted against: the severity's own
      `hours` when it names them, else its plan's; None when no hours are published.
    - `worst_case_minutes`: longest wall-clock length of the commitment under `hours`
      (None without a commitment, or for a business duration with no hours).
    - `reason`: the writer's Markdown saying why (e.g. where a tier routes a severity).
    - `human`: the value in plain words, from `wording.target_words`.
    """

    severity: str
    kind: TargetKind
    duration: Duration | None
    worst_case_minutes: int | None
    human: str
    lower: Duration | None = None
    hours: str | None = None
    own_hours: bool = False  # the severity names its own `hours`
    reason: str | None = None

    @property
    def offered(self) -> bool:
        """Help is given on this severity (with a commitment or on a best-effort basis)."""
        return self.kind != "not-offered"

    @property
    def committed(self) -> bool:
        """There is a length to keep: a duration or a range."""
        return self.duration is not None

    @property
    def text(self) -> str:
        """The value as written in a scope file: `4h`, `15m-2h`, `best-effort`, `not-offered`."""
        if self.kind == "range" and self.lower is not None and self.duration is not None:
            return f"{self.lower.text}-{self.duration.text}"
        if self.duration is not None:
            return self.duration.text
        return self.kind


def compare_targets(a: Target | None, b: Target | None) -> int | None:
    """Which target is better for the customer: >0 a, <0 b, 0 equal, None if unmeasurable.

    Any commitment beats best-effort, which beats not-offered (a missing target counts as
    not-offered). Two commitments compare by worst-case wall-clock length, a range by its
    upper end; a commitment whose length cannot be measured (a business duration with
    no hours) cannot be compared with another commitment.
    """
    rank_a = _KIND_RANK[a.kind] if a else 0
    rank_b = _KIND_RANK[b.kind] if b else 0
    if rank_a != rank_b:
        return rank_a - rank_b
    if a is None or b is None or not a.committed:
        return 0
    if a.worst_case_minutes is None or b.worst_case_minutes is None:
        return None
    return b.worst_case_minutes - a.worst_case_minutes


@dataclass(frozen=True)
class ServiceLevel:
    """What one plan gets (or one plan with a service-level add-on): inheritance applied."""

    plan: str
    hours: str | None  # None: no support hours are published
    channels: tuple[str, ...]
    languages: tuple[str, ...]
    contacts: int | Literal["unlimited"] | None
    response_targets: tuple[Target, ...]
    update_interval: tuple[Target, ...]

    def target(self, severity: str) -> Target | None:
        """The response target for a severity; None when the contract gives none."""
        return next((t for t in self.response_targets if t.severity == severity), None)

    def update(self, severity: str) -> Target | None:
        """The update interval for a severity; None when none is set."""
        return next((t for t in self.update_interval if t.severity == severity), None)


@dataclass(frozen=True)
class AddonServiceLevel:
    """What a service-level add-on offers, as written (fields not given are empty).

    Its targets are measured under the add-on's own hours (or their own); on a plan they
    are measured again under the hours the buyer gets, see `Upgrade`.
    """

    hours: str | None = None
    channels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    contacts: int | Literal["unlimited"] | None = None
    response_targets: tuple[Target, ...] = ()
    update_interval: tuple[Target, ...] = ()


# What an add-on can improve: a whole field, or one severity's target in a target field.
ImprovedField = Literal["hours", "channels", "languages", "contacts", "response_targets", "update_interval"]


@dataclass(frozen=True)
class Improvement:
    field: ImprovedField
    severity: str | None = None  # set for response_targets and update_interval


@dataclass(frozen=True)
class Upgrade:
    """A service-level add-on bought on one plan it is sold on.

    `service_level` is what the buyer gets: field by field the better of the plan's own
    and the add-on's (hours: open longer each week; channels and languages: both lists;
    contacts: more; each target: better by `compare_targets`, both measured under the
    hours the buyer gets). `improves` lists what is better than the plan alone.
    """

    addon: str
    plan: str
    service_level: ServiceLevel
    improves: tuple[Improvement, ...]


@dataclass(frozen=True)
class Alternative:
    label: str
    kind: Literal["article", "addon", "url"]
    target: str


@dataclass(frozen=True)
class Coverage:
    """What one plan gets for one scope item."""

    plan: str
    status: Status
    limit: str | None = None
    addon: str | None = None
    note: str | None = None
    # Where the status was written: the plan whose entry decided it, None when nobody
    # named it. Provenance only, so a restated contract still compares equal.
    set_on: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ScopeItem:
    id: str
    area: str
    title: str
    description: str
    coverage: tuple[Coverage, ...]
    examples: tuple[str, ...] = ()
    alternative: Alternative | None = None
    reason: str | None = None
    source: SourceRef | None = field(default=None, compare=False)

    @cached_property
    def by_plan(self) -> dict[str, Coverage]:
        """Plan id -> the item's (first) coverage entry for it: views look it up thousands of times."""
        found: dict[str, Coverage] = {}
        for entry in self.coverage:
            found.setdefault(entry.plan, entry)
        return found

    def coverage_for(self, plan: str) -> Coverage:
        return self.by_plan[plan]


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    summary: str
    items: tuple[ScopeItem, ...]


@dataclass(frozen=True)
class Addon:
    id: str
    name: str
    description: str
    plans: tuple[str, ...]
    price: str | None = None
    url: str | None = None
    service_level: AddonServiceLevel | None = None


@dataclass(frozen=True)
class LifecycleEntry:
    product: str
    version: str
    released: str
    end_of_support: str


@dataclass(frozen=True)
class Responsibility:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Objective:
    """`contract.objective`: the share of tickets each plan and severity answers within target."""

    attainment: float  # 0..1
    min_tickets: int = 1  # plans and severities with fewer decided tickets are not held to it
    text: str = ""  # as written, e.g. "95%"


@dataclass(frozen=True)
class Contract:
    title: str
    version: str
    effective: str
    owner: str
    summary: str
    quality: str
    changes: tuple[Change, ...]
    plans: tuple[Plan, ...]
    severities: tuple[Severity, ...]
    hours: tuple[Hours, ...]
    channels: tuple[Channel, ...]
    service_levels: tuple[ServiceLevel, ...]
    areas: tuple[Area, ...]
    addons: tuple[Addon, ...]
    lifecycle: tuple[LifecycleEntry, ...]
    responsibilities: tuple[Responsibility, ...]
    upgrades: tuple[Upgrade, ...] = ()  # per service-level add-on, per plan it is sold on
    objective: Objective | None = None

    def plan(self, plan_id: str) -> Plan:
        return _find(self.plans, plan_id, "plan")

    def service_level(self, plan_id: str, addon: str | None = None) -> ServiceLevel:
        """What plan_id gets; with `addon`, what a buyer of that add-on on the plan gets.

        An add-on without a `service_level` leaves the plan's level as it is. KeyError
        for an unknown plan, or an add-on not sold on the plan.
        """
        if addon is not None:
            if plan_id not in self.addon(addon).plans:
                raise KeyError(f"addon {addon} is not sold on plan {plan_id}")
            for upgrade in self.upgrades:
                if upgrade.addon == addon and upgrade.plan == plan_id:
                    return upgrade.service_level
        for level in self.service_levels:
            if level.plan == plan_id:
                return level
        raise KeyError(plan_id)

    def effective_target(
        self, plan_id: str, severity_id: str, addon: str | None = None, *, update: bool = False
    ) -> Target | None:
        """The response target (or, with update=True, update interval) plan P gives severity S.

        This is the one question attainment and diffs ask. Read from the returned Target:
        `duration` is the commitment (a range's upper end; None for best-effort and
        not-offered), `hours` the schedule it is counted against (the severity's own
        hours or the plan's; `hours_of(...).local` means the customer's own time zone;
        None when no hours are published), `worst_case_minutes` its longest wall-clock
        length. With `addon`, the target a buyer of that add-on gets on the plan.
        None when the contract sets no target (only possible for update intervals).
        """
        level = self.service_level(plan_id, addon)
        return level.update(severity_id) if update else level.target(severity_id)

    def upgrades_for(self, plan_id: str) -> tuple[Upgrade, ...]:
        """The service-level add-ons sold on a plan, each with what the buyer gets."""
        return tuple(u for u in self.upgrades if u.plan == plan_id)

    def hours_of(self, hours_id: str) -> Hours:
        return _find(self.hours, hours_id, "hours")

    def channel(self, channel_id: str) -> Channel:
        return _find(self.channels, channel_id, "channel")

    def severity(self, severity_id: str) -> Severity:
        return _find(self.severities, severity_id, "severity")

    def addon(self, addon_id: str) -> Addon:
        return _find(self.addons, addon_id, "addon")

    def items(self) -> tuple[ScopeItem, ...]:
        return tuple(item for area in self.areas for item in area.items)

    @cached_property
    def items_by_id(self) -> dict[str, ScopeItem]:
        """Scope item id -> the (first) item with it, in contract order."""
        found: dict[str, ScopeItem] = {}
        for item in self.items():
            found.setdefault(item.id, item)
        return found

    @cached_property
    def item_ids(self) -> frozenset[str]:
        """Every scope item's id (each article's `scope:` list is checked against them)."""
        return frozenset(self.items_by_id)

    def item(self, item_id: str) -> ScopeItem:
        return self.items_by_id[item_id]

    def area(self, area_id: str) -> Area:
        return _find(self.areas, area_id, "area")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _find(things: tuple[_T, ...], wanted: str, kind: str) -> _T:
    for thing in things:
        if thing.id == wanted:
            return thing
    raise KeyError(f"{kind} {wanted}")
