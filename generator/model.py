"""The resolved contract: inheritance applied, durations normalised, immutable.

This is the only view of `scope/` that pages, the search index and the JSON export read.
Dates are ISO strings (`2026-10-01`); Markdown fields hold the writer's Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

from .durations import Duration

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


@dataclass(frozen=True)
class Severity:
    id: str
    name: str
    definition: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hours:
    id: str
    name: str
    always: bool
    timezone: str | None = None
    days: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    holidays: str | None = None
    summary: str = ""


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    description: str
    url: str | None = None


@dataclass(frozen=True)
class Target:
    """A response target (or update interval) for one severity on one plan."""

    severity: str
    duration: Duration | None  # None: this severity is not offered on the plan
    worst_case_minutes: int | None
    human: str


@dataclass(frozen=True)
class ServiceLevel:
    plan: str
    hours: str
    channels: tuple[str, ...]
    languages: tuple[str, ...]
    contacts: int | Literal["unlimited"] | None
    response_targets: tuple[Target, ...]
    update_interval: tuple[Target, ...]

    def target(self, severity: str) -> Target | None:
        return next((t for t in self.response_targets if t.severity == severity), None)


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

    def coverage_for(self, plan: str) -> Coverage:
        for entry in self.coverage:
            if entry.plan == plan:
                return entry
        raise KeyError(plan)


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

    def plan(self, plan_id: str) -> Plan:
        return _find(self.plans, plan_id, "plan")

    def service_level(self, plan_id: str) -> ServiceLevel:
        for level in self.service_levels:
            if level.plan == plan_id:
                return level
        raise KeyError(plan_id)

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

    def item(self, item_id: str) -> ScopeItem:
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

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
