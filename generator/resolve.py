"""Turn merged scope entries into the resolved Contract: apply inheritance, parse durations.

`resolve_contract` assumes the reference checks passed (every id it looks up exists and
`extends` has no cycle). Where something the rule checks must report is missing (a root
plan without hours, a severity with no target) it resolves to an empty value and records
nothing; `checks.check_rules` reports it. Alongside the contract it returns `Origins`: for
each resolved value, the entry and path that decided it, so problems point at the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from .durations import (
    BEST_EFFORT,
    NOT_OFFERED,
    Duration,
    WeeklyWindow,
    daily_window,
    is_range,
    parse_duration,
    parse_range,
    worst_case_minutes,
)
from .merge import Entry, MergedScope
from .model import (
    Addon,
    AddonServiceLevel,
    Alternative,
    Area,
    Change,
    Channel,
    Contract,
    Coverage,
    DailyWindow,
    Hours,
    ImprovedField,
    Improvement,
    LifecycleEntry,
    Objective,
    Plan,
    Responsibility,
    ScopeItem,
    ServiceLevel,
    Severity,
    SourceRef,
    Status,
    Target,
    TargetKind,
    Upgrade,
    compare_targets,
)
from .url_policy import allowed_url
from .wording import hours_summary, value_words

_DAY_ORDER = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TargetField = Literal["response_targets", "update_interval"]
TARGET_FIELDS: tuple[TargetField, ...] = ("response_targets", "update_interval")


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
    ordered = in_inheritance_order(plans)  # every plan after the plan it extends
    hours = tuple(_hours(e) for e in merged.entries("hours"))
    severities = tuple(
        Severity(e.data["id"], e.data["name"], e.data["definition"], tuple(e.data.get("examples", ())))
        for e in merged.entries("severities")
    )
    hours_by_id = {h.id: h for h in hours}
    fields = _level_fields(merged, ordered, severities, origins)
    levels = tuple(_level(p.id, fields[p.id], severities, hours_by_id) for p in plans)
    addons = tuple(_addon(e, plans, severities, hours_by_id, origins) for e in merged.entries("addons"))
    upgrades = _upgrades(addons, fields, levels, severities, hours_by_id)
    areas = tuple(_area(e, plans, ordered, origins) for e in merged.entries("areas"))
    c = merged.contract.data if merged.contract else {}
    contract = Contract(
        title=c.get("title", ""),
        version=c.get("version", ""),
        effective=c.get("effective", ""),
        owner=c.get("owner", ""),
        summary=c.get("summary", ""),
        quality=c.get("quality", ""),
        changes=tuple(Change(ch["version"], ch["effective"], ch["summary"]) for ch in c.get("changes", ())),
        objective=_objective(c.get("objective")),
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
        upgrades=upgrades,
    )
    return contract, origins


def _objective(raw: Any) -> Objective | None:
    """`95%` or `{attainment: 95%, min_tickets: 20}` (the schema checked the form)."""
    if raw is None:
        return None
    detail: dict[str, Any] = {"attainment": raw} if isinstance(raw, str) else raw
    text: str = detail["attainment"]
    return Objective(float(text.removesuffix("%")) / 100, detail.get("min_tickets", 1), text)


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
            price=e.data.get("price"),
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
    """The one place a schedule becomes open minutes of the week: its windows' days, start and end."""
    if hours.always:
        return WeeklyWindow(always=True)
    return WeeklyWindow.of(*((w.days, *daily_window(w.start, w.end)) for w in hours.daily_windows))


def _hours(e: Entry) -> Hours:
    d = e.data
    if d.get("always"):
        return Hours(d["id"], d["name"], True, holidays=d.get("holidays"), summary=hours_summary(True))
    # One window (`days`, `start`, `end`) stays as written; `windows` list several.
    one = "windows" not in d
    given = [d] if one else d["windows"]
    windows = tuple(DailyWindow(_days(w["days"]), w["start"], w["end"]) for w in given)
    return Hours(
        id=d["id"],
        name=d["name"],
        always=False,
        timezone=d["timezone"],
        days=windows[0].days if one else (),
        start=d["start"] if one else None,
        end=d["end"] if one else None,
        holidays=d.get("holidays"),
        summary=hours_summary(False, windows, d["timezone"]),
        windows=() if one else windows,
    )


def _days(days: list[str]) -> tuple[str, ...]:
    return tuple(sorted(days, key=_DAY_ORDER.index))


def _level_fields(
    merged: MergedScope, ordered: list[Plan], severities: tuple[Severity, ...], origins: Origins
) -> dict[str, dict[str, Any]]:
    """Per plan, its service-level fields as written, inheritance applied (ordered: plans in_inheritance_order)."""
    own = {e.data["plan"]: e for e in merged.entries("service_levels")}
    resolved: dict[str, dict[str, Any]] = {}
    for plan in ordered:
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
            for name in TARGET_FIELDS:
                for sev, (value, origin) in _written_targets(entry, name, severities).items():
                    fields.setdefault(name, {})[sev] = value
                    origins.where[(name, plan.id, sev)] = origin
        resolved[plan.id] = fields
    return resolved


def _written_targets(entry: Entry, name: str, severities: tuple[Severity, ...]) -> dict[str, tuple[Any, Origin]]:
    """The targets an entry writes: per severity, or one value (`best-effort`) for all."""
    given = entry.data.get(name, {})
    if isinstance(given, str):
        return {sev.id: (given, Origin(entry, (name,))) for sev in severities}
    return {sev: (value, Origin(entry, (name, sev), key=True)) for sev, value in given.items()}


def _level(
    plan_id: str, fields: dict[str, Any], severities: tuple[Severity, ...], hours_by_id: dict[str, Hours]
) -> ServiceLevel:
    hours = fields.get("hours")
    return ServiceLevel(
        plan=plan_id,
        hours=hours,
        channels=tuple(fields.get("channels", ())),
        languages=tuple(fields.get("languages", ())),
        contacts=fields.get("contacts"),
        response_targets=_targets(
            fields.get("response_targets", {}), "response_targets", severities, hours, hours_by_id
        ),
        update_interval=_targets(fields.get("update_interval", {}), "update_interval", severities, hours, hours_by_id),
    )


def _targets(
    given: dict[str, Any] | str,
    name: TargetField,
    severities: tuple[Severity, ...],
    level_hours: str | None,
    hours_by_id: dict[str, Hours],
) -> tuple[Target, ...]:
    if isinstance(given, str):
        given = {sev.id: given for sev in severities}
    return tuple(
        target_from(sev.id, given[sev.id], name, level_hours, hours_by_id) for sev in severities if sev.id in given
    )


def target_from(
    severity: str, raw: Any, name: TargetField, level_hours: str | None, hours_by_id: dict[str, Hours]
) -> Target:
    """One written target value (`4h`, `15m-2h`, `best-effort`, or a mapping) resolved."""
    detail: dict[str, Any] = raw if isinstance(raw, dict) else {"target": raw}
    text: str = detail["target"]
    own = detail.get("hours")
    hours_id: str | None = own or level_hours
    schedule = hours_by_id.get(hours_id) if hours_id else None
    window = hours_window(schedule) if schedule else None
    kind: TargetKind
    lower: Duration | None = None
    duration: Duration | None = None
    if text in (NOT_OFFERED, BEST_EFFORT):
        kind = cast(TargetKind, text)
    elif is_range(text):
        kind = "range"
        lower, duration = parse_range(text)
    else:
        kind = "duration"
        duration = parse_duration(text)
    return Target(
        severity=severity,
        kind=kind,
        duration=duration,
        worst_case_minutes=worst_case_minutes(duration, window) if duration else None,
        human=value_words(kind, duration, lower, field=name),
        lower=lower,
        hours=hours_id,
        own_hours=own is not None,
        reason=detail.get("reason"),
    )


def _addon(
    e: Entry,
    plans: tuple[Plan, ...],
    severities: tuple[Severity, ...],
    hours_by_id: dict[str, Hours],
    origins: Origins,
) -> Addon:
    d = e.data
    sold = tuple(d["plans"]) if "plans" in d else tuple(p.id for p in plans)
    level = None
    if "service_level" in d:
        offer = d["service_level"]
        origins.where[("addon", d["id"])] = Origin(e, ("service_level",), key=True)
        for i, plan in enumerate(d.get("plans", ())):
            origins.where[("addon", d["id"], plan)] = Origin(e, ("plans", i))
        sub = Entry(e.doc, (*e.path, "service_level"), offer)
        for name in TARGET_FIELDS:
            for sev, (_, origin) in _written_targets(sub, name, severities).items():
                origins.where[("addon", d["id"], name, sev)] = origin
        level = AddonServiceLevel(
            hours=offer.get("hours"),
            channels=tuple(offer.get("channels", ())),
            languages=tuple(offer.get("languages", ())),
            contacts=offer.get("contacts"),
            response_targets=_targets(
                offer.get("response_targets", {}), "response_targets", severities, offer.get("hours"), hours_by_id
            ),
            update_interval=_targets(
                offer.get("update_interval", {}), "update_interval", severities, offer.get("hours"), hours_by_id
            ),
        )
    return Addon(d["id"], d["name"], d["description"], sold, d.get("price"), allowed_url(d.get("url")), level)


def _open_minutes(hours: Hours | None) -> int:
    """How long a schedule is open each week: the measure of better hours."""
    return 0 if hours is None else hours_window(hours).week_minutes


def _upgrades(
    addons: tuple[Addon, ...],
    fields: dict[str, dict[str, Any]],
    levels: tuple[ServiceLevel, ...],
    severities: tuple[Severity, ...],
    hours_by_id: dict[str, Hours],
) -> tuple[Upgrade, ...]:
    """For each service-level add-on and each plan it is sold on, what the buyer gets."""
    by_plan = {level.plan: level for level in levels}
    return tuple(
        _upgrade(addon.id, addon.service_level, by_plan[plan_id], fields[plan_id], severities, hours_by_id)
        for addon in addons
        if addon.service_level is not None
        for plan_id in addon.plans
    )


def _upgrade(
    addon: str,
    offer: AddonServiceLevel,
    base: ServiceLevel,
    written: dict[str, Any],
    severities: tuple[Severity, ...],
    hours_by_id: dict[str, Hours],
) -> Upgrade:
    """Field by field the better of a plan's level and an add-on's offer."""
    hours = base.hours
    if offer.hours and _open_minutes(hours_by_id[offer.hours]) > _open_minutes(hours_by_id.get(base.hours or "")):
        hours = offer.hours
    contacts = offer.contacts if contact_rank(offer.contacts) > contact_rank(base.contacts) else base.contacts
    level = ServiceLevel(
        plan=base.plan,
        hours=hours,
        channels=base.channels + tuple(c for c in offer.channels if c not in base.channels),
        languages=base.languages + tuple(lang for lang in offer.languages if lang not in base.languages),
        contacts=contacts,
        response_targets=(),
        update_interval=(),
    )
    improves: list[Improvement] = []  # targets first: they matter most to a buyer
    targets: dict[str, tuple[Target, ...]] = {}
    for name in TARGET_FIELDS:
        # the plan's own targets are measured again under the hours the buyer gets
        mine = written.get(name, {})
        if isinstance(mine, str):
            mine = {sev.id: mine for sev in severities}
        theirs = {t.severity: t for t in getattr(offer, name)}
        chosen = []
        for sev in severities:
            own = target_from(sev.id, mine[sev.id], name, hours, hours_by_id) if sev.id in mine else None
            extra = theirs.get(sev.id)
            bought = target_from(sev.id, restate_target(extra), name, hours, hours_by_id) if extra else None
            if bought is not None and (compare_targets(bought, own) or 0) > 0:
                chosen.append(bought)
                improves.append(Improvement(name, sev.id))
            elif own is not None:
                chosen.append(own)
        targets[name] = tuple(chosen)
    improves += [
        Improvement(name)
        for name in cast(tuple[ImprovedField, ...], ("hours", "channels", "contacts", "languages"))
        if getattr(level, name) != getattr(base, name)
    ]
    level = replace(level, response_targets=targets["response_targets"], update_interval=targets["update_interval"])
    return Upgrade(addon, base.plan, level, tuple(improves))


def restate_target(target: Target) -> str | dict[str, str]:
    """A target as a scope file writes it: the short form unless it has own hours or a reason."""
    if not target.own_hours and target.reason is None:
        return target.text
    detail = {"target": target.text}
    if target.own_hours and target.hours:
        detail["hours"] = target.hours
    if target.reason is not None:
        detail["reason"] = target.reason
    return detail


def contact_rank(contacts: int | str | None) -> float:
    """Named contacts as a number to compare: unlimited is most, not stated is none."""
    if contacts == "unlimited":
        return float("inf")
    return float(contacts) if isinstance(contacts, int) else 0.0


def _area(e: Entry, plans: tuple[Plan, ...], ordered: list[Plan], origins: Origins) -> Area:
    """ordered: plans in_inheritance_order."""
    items = tuple(
        _item(Entry(e.doc, (*e.path, "items", i), raw), e.data["id"], plans, ordered, origins)
        for i, raw in enumerate(e.data["items"])
    )
    return Area(e.data["id"], e.data["name"], e.data["summary"], items)


def _item(e: Entry, area: str, plans: tuple[Plan, ...], ordered: list[Plan], origins: Origins) -> ScopeItem:
    d = e.data
    raw = d["coverage"]
    given: dict[str, Any] = {p.id: raw for p in plans} if isinstance(raw, str) else raw
    resolved: dict[str, Coverage] = {}
    for plan in ordered:
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
