"""Turn merged scope entries into the resolved Contract: apply inheritance, parse durations.

`resolve_contract` assumes the reference checks passed (every id it looks up exists and
`extends` has no cycle). Where something the rule checks must report is missing (a root
plan without hours, a severity with no target) it resolves to an empty value and records
nothing; `checks.check_rules` reports it. Alongside the contract it returns `Origins`: for
each resolved value, the entry and path that decided it, so problems point at the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from .durations import NOT_OFFERED, WeeklyWindow, clock_minutes, parse_duration, worst_case_minutes
from .merge import Entry, MergedScope
from .model import (
    Addon,
    Alternative,
    Area,
    Change,
    Channel,
    Contract,
    Coverage,
    Hours,
    LifecycleEntry,
    Plan,
    Responsibility,
    ScopeItem,
    ServiceLevel,
    Severity,
    SourceRef,
    Status,
    Target,
)
from .url_policy import allowed_url

_DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


@dataclass(frozen=True)
class Origin:
    entry: Entry
    path: tuple[str | int, ...]
    key: bool = False


@dataclass
class Origins:
    """Where each resolved value came from, keyed by what it is."""

    where: dict[tuple[str, ...], Origin] = field(default_factory=dict)

    def get(self, *key: str) -> Origin | None:
        return self.where.get(key)


def resolve_contract(merged: MergedScope) -> tuple[Contract, Origins]:
    """Build the immutable Contract from merged, reference-checked scope entries."""
    origins = Origins()
    _record_origins(merged, origins)
    plans = _plans(merged)
    hours = tuple(_hours(e) for e in merged.entries("hours"))
    severities = tuple(
        Severity(e.data["id"], e.data["name"], e.data["definition"], tuple(e.data.get("examples", ())))
        for e in merged.entries("severities")
    )
    addons = tuple(_addon(e, plans) for e in merged.entries("addons"))
    levels = _service_levels(merged, plans, hours, severities, origins)
    areas = tuple(_area(e, plans, origins) for e in merged.entries("areas"))
    c = merged.contract.data if merged.contract else {}
    contract = Contract(
        title=c.get("title", ""),
        version=c.get("version", ""),
        effective=c.get("effective", ""),
        owner=c.get("owner", ""),
        summary=c.get("summary", ""),
        quality=c.get("quality", ""),
        changes=tuple(Change(ch["version"], ch["effective"], ch["summary"]) for ch in c.get("changes", ())),
        plans=plans,
        severities=severities,
        hours=hours,
        channels=tuple(
            Channel(e.data["id"], e.data["name"], e.data["description"], allowed_url(e.data.get("url")))
            for e in merged.entries("channels")
        ),
        service_levels=levels,
        areas=areas,
        addons=addons,
        lifecycle=tuple(
            LifecycleEntry(e.data["product"], e.data["version"], e.data["released"], e.data["end_of_support"])
            for e in merged.entries("lifecycle")
        ),
        responsibilities=tuple(
            Responsibility(e.data["id"], e.data["title"], e.data["description"])
            for e in merged.entries("responsibilities")
        ),
    )
    return contract, origins


def _record_origins(merged: MergedScope, origins: Origins) -> None:
    for section in ("plans", "hours"):
        for e in merged.entries(section):
            origins.where[("plan" if section == "plans" else "hours", e.data["id"])] = Origin(e, ())
    for i, e in enumerate(merged.entries("lifecycle")):
        origins.where[("lifecycle", str(i))] = Origin(e, ("end_of_support",))
    if merged.contract is not None:
        origins.where[("contract", "version")] = Origin(merged.contract, ("version",))


def _plans(merged: MergedScope) -> tuple[Plan, ...]:
    return tuple(
        Plan(
            id=e.data["id"],
            name=e.data["name"],
            summary=e.data["summary"],
            tier=i,
            extends=e.data.get("extends"),
            url=allowed_url(e.data.get("url")),
        )
        for i, e in enumerate(merged.entries("plans"))
    )


def lineage(plans: tuple[Plan, ...], plan_id: str) -> list[str]:
    """The plan and every plan it extends, nearest first (stops at a cycle)."""
    by_id = {p.id: p for p in plans}
    chain: list[str] = []
    current: str | None = plan_id
    while current is not None and current in by_id and current not in chain:
        chain.append(current)
        current = by_id[current].extends
    return chain


def in_inheritance_order(plans: tuple[Plan, ...]) -> list[Plan]:
    """Plans ordered so that every plan comes after the plan it extends."""
    return sorted(plans, key=lambda p: (len(lineage(plans, p.id)), p.tier))


def hours_window(hours: Hours) -> WeeklyWindow:
    if hours.always:
        return WeeklyWindow(always=True)
    return WeeklyWindow(
        always=False,
        days=hours.days,
        start_minute=clock_minutes(hours.start or "00:00"),
        end_minute=clock_minutes(hours.end or "00:00"),
    )


def _hours(e: Entry) -> Hours:
    d = e.data
    if d.get("always"):
        return Hours(d["id"], d["name"], True, holidays=d.get("holidays"), summary="24 hours a day, 7 days a week")
    days = tuple(sorted(d["days"], key=list(_DAY_NAMES).index))
    return Hours(
        id=d["id"],
        name=d["name"],
        always=False,
        timezone=d["timezone"],
        days=days,
        start=d["start"],
        end=d["end"],
        holidays=d.get("holidays"),
        summary=f"{_describe_days(days)}, {d['start']}-{d['end']} ({d['timezone']})",
    )


def _describe_days(days: tuple[str, ...]) -> str:
    order = list(_DAY_NAMES)
    indexes = [order.index(d) for d in days]
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{_DAY_NAMES[days[0]]} to {_DAY_NAMES[days[-1]]}"
    return ", ".join(_DAY_NAMES[d] for d in days)


def _addon(e: Entry, plans: tuple[Plan, ...]) -> Addon:
    d = e.data
    sold = tuple(d["plans"]) if "plans" in d else tuple(p.id for p in plans)
    return Addon(d["id"], d["name"], d["description"], sold, d.get("price"), allowed_url(d.get("url")))


def _service_levels(
    merged: MergedScope,
    plans: tuple[Plan, ...],
    hours: tuple[Hours, ...],
    severities: tuple[Severity, ...],
    origins: Origins,
) -> tuple[ServiceLevel, ...]:
    own = {e.data["plan"]: e for e in merged.entries("service_levels")}
    hours_by_id = {h.id: h for h in hours}
    resolved: dict[str, dict[str, Any]] = {}
    for plan in in_inheritance_order(plans):
        fields: dict[str, Any] = {}
        if plan.extends and plan.extends in resolved:
            parent = resolved[plan.extends]
            fields = {k: (dict(v) if isinstance(v, dict) else v) for k, v in parent.items()}
        entry = own.get(plan.id)
        if entry is not None:
            origins.where[("service_level", plan.id)] = Origin(entry, ())
            for name in ("hours", "channels", "languages", "contacts"):
                if name in entry.data:
                    fields[name] = entry.data[name]
                    origins.where[("service_level", plan.id, name)] = Origin(entry, (name,))
            for name in ("response_targets", "update_interval"):
                for sev, text in entry.data.get(name, {}).items():
                    fields.setdefault(name, {})[sev] = text
                    origins.where[(name, plan.id, sev)] = Origin(entry, (name, sev), key=True)
        resolved[plan.id] = fields

    levels = []
    for plan in plans:
        f = resolved[plan.id]
        schedule = hours_by_id.get(f.get("hours", ""))
        window = hours_window(schedule) if schedule else None
        levels.append(
            ServiceLevel(
                plan=plan.id,
                hours=f.get("hours", ""),
                channels=tuple(f.get("channels", ())),
                languages=tuple(f.get("languages", ())),
                contacts=f.get("contacts"),
                response_targets=_targets(f.get("response_targets", {}), severities, window),
                update_interval=_targets(f.get("update_interval", {}), severities, window),
            )
        )
    return tuple(levels)


def _targets(
    given: dict[str, str], severities: tuple[Severity, ...], window: WeeklyWindow | None
) -> tuple[Target, ...]:
    targets = []
    for sev in severities:
        if sev.id not in given:
            continue
        text = given[sev.id]
        if text == NOT_OFFERED:
            targets.append(Target(sev.id, None, None, "Not offered"))
            continue
        duration = parse_duration(text)
        worst = worst_case_minutes(duration, window) if window else None
        targets.append(Target(sev.id, duration, worst, duration.human))
    return tuple(targets)


def _area(e: Entry, plans: tuple[Plan, ...], origins: Origins) -> Area:
    items = tuple(
        _item(Entry(e.doc, (*e.path, "items", i), raw), e.data["id"], plans, origins)
        for i, raw in enumerate(e.data["items"])
    )
    return Area(e.data["id"], e.data["name"], e.data["summary"], items)


def _item(e: Entry, area: str, plans: tuple[Plan, ...], origins: Origins) -> ScopeItem:
    d = e.data
    raw = d["coverage"]
    given: dict[str, Any] = {p.id: raw for p in plans} if isinstance(raw, str) else raw
    resolved: dict[str, Coverage] = {}
    for plan in in_inheritance_order(plans):
        if plan.id in given:
            value = given[plan.id]
            detail = {"status": value} if isinstance(value, str) else value
            status = cast(Status, detail["status"])
            resolved[plan.id] = Coverage(
                plan=plan.id,
                status=status,
                limit=detail.get("limit") if status == "limited" else None,
                addon=detail.get("addon") if status == "addon" else None,
                note=detail.get("note"),
                set_on=plan.id,
            )
            sub: tuple[str | int, ...] = ("coverage",) if isinstance(raw, str) else ("coverage", plan.id)
            origins.where[("coverage", d["id"], plan.id)] = Origin(e, sub, key=not isinstance(raw, str))
        elif plan.extends and plan.extends in resolved:
            parent = resolved[plan.extends]
            resolved[plan.id] = Coverage(plan.id, parent.status, parent.limit, parent.addon, parent.note, parent.set_on)
            inherited = origins.get("coverage", d["id"], plan.extends)
            if inherited:
                origins.where[("coverage", d["id"], plan.id)] = inherited
        else:
            resolved[plan.id] = Coverage(plan.id, "excluded")
    alternative = None
    if "alternative" in d:
        alt = d["alternative"]
        kind = next(k for k in ("article", "addon", "url") if k in alt)
        if kind != "url" or allowed_url(alt["url"]) is not None:
            alternative = Alternative(alt["label"], kind, alt[kind])  # type: ignore[arg-type]
    mark = e.doc.mark(e.path)
    origins.where[("item", d["id"])] = Origin(e, ())
    return ScopeItem(
        id=d["id"],
        area=area,
        title=d["title"],
        description=d["description"],
        coverage=tuple(resolved[p.id] for p in plans),
        examples=tuple(d.get("examples", ())),
        alternative=alternative,
        reason=d.get("reason"),
        source=SourceRef(e.doc.path, mark.line),
    )
