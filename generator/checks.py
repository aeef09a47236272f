"""Semantic checks a JSON Schema cannot express.

Two passes: `check_references` runs on merged entries (unique ids, references that
resolve, no `extends` cycle) and must pass before resolution; `check_rules` runs on the
resolved contract (no plan worse than the plan it extends, add-ons sold where used,
targets for every severity, the changelog agrees with the version).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from .durations import Duration, WeeklyWindow, describe_minutes, worst_case_minutes
from .errors import Problem
from .merge import Entry, MergedScope
from .model import LOCAL_TIMEZONE, STATUS_RANK, Contract, DailyWindow, Hours, ServiceLevel, Target, compare_targets
from .resolve import TARGET_FIELDS, Origin, Origins, contact_rank, hours_window
from .validate import did_you_mean
from .wording import week_span_words, window_words

# section -> (kind named in messages, key holding the id)
_ID_SECTIONS = {
    "plans": "plan",
    "severities": "severity",
    "hours": "hours schedule",
    "channels": "channel",
    "areas": "area",
    "addons": "add-on",
    "responsibilities": "responsibility",
}


def check_references(merged: MergedScope, article_exists: Callable[[str], bool] | None = None) -> list[Problem]:
    """Unique ids, references that resolve, no `extends` cycle, required sections."""
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for section, kind in _ID_SECTIONS.items():
        ids[section] = _unique(merged.entries(section), ("id",), kind, problems)
    items = [
        Entry(area.doc, (*area.path, "items", i), raw)
        for area in merged.entries("areas")
        for i, raw in enumerate(area.data["items"])
    ]
    _unique(items, ("id",), "scope item", problems, scope="across the contract")
    _unique(merged.entries("service_levels"), ("plan",), "service level for plan", problems)
    _required_sections(merged, problems)

    plans, severities = ids["plans"], ids["severities"]

    def ref(
        entry: Entry, sub: tuple[str | int, ...], value: str, known: set[str], kind: str, *, key: bool = False
    ) -> None:
        if value not in known:
            hint = did_you_mean(value, known) or (
                f"known {kind} ids: {', '.join(sorted(known))}" if known else f"define the {kind} first"
            )
            problems.append(entry.problem(sub, f"unknown {kind} `{value}`", hint, key=key, code="unknown-reference"))

    for e in merged.entries("plans"):
        if "extends" in e.data:
            ref(e, ("extends",), e.data["extends"], plans, "plan")

    def level_refs(e: Entry, level: dict[str, Any], at: tuple[str, ...]) -> None:
        if "hours" in level:
            ref(e, (*at, "hours"), level["hours"], ids["hours"], "hours schedule")
        for i, channel in enumerate(level.get("channels", ())):
            ref(e, (*at, "channels", i), channel, ids["channels"], "channel")
        for section in TARGET_FIELDS:
            targets = level.get(section, {})
            for sev, value in targets.items() if isinstance(targets, dict) else ():
                ref(e, (*at, section, sev), sev, severities, "severity", key=True)
                if isinstance(value, dict) and "hours" in value:
                    ref(e, (*at, section, sev, "hours"), value["hours"], ids["hours"], "hours schedule")

    for e in merged.entries("service_levels"):
        ref(e, ("plan",), e.data["plan"], plans, "plan")
        level_refs(e, e.data, ())
    for e in merged.entries("addons"):
        for i, plan in enumerate(e.data.get("plans", ())):
            ref(e, ("plans", i), plan, plans, "plan")
        if "service_level" in e.data:
            level_refs(e, e.data["service_level"], ("service_level",))
    for item in items:
        coverage = item.data["coverage"]
        if isinstance(coverage, dict):
            for plan, value in coverage.items():
                ref(item, ("coverage", plan), plan, plans, "plan", key=True)
                if isinstance(value, dict) and "addon" in value:
                    ref(item, ("coverage", plan, "addon"), value["addon"], ids["addons"], "add-on")
        alt = item.data.get("alternative", {})
        if "addon" in alt:
            ref(item, ("alternative", "addon"), alt["addon"], ids["addons"], "add-on")
        if "article" in alt and article_exists is not None and not article_exists(alt["article"]):
            problems.append(
                item.problem(
                    ("alternative", "article"),
                    f"the article `{alt['article']}` does not exist",
                    "give the path of a Markdown file relative to the content folder, e.g. sso/set-up-saml.md",
                    code="unknown-reference",
                )
            )
    _check_extends(merged, plans, problems)
    return problems


def _unique(
    entries: Iterable[Entry],
    key: tuple[str, ...],
    kind: str,
    problems: list[Problem],
    scope: str = "",
) -> set[str]:
    seen: dict[str, Entry] = {}
    for e in entries:
        value = e.data[key[0]]
        if value in seen:
            first = seen[value]
            first_line = first.doc.mark((*first.path, *key)).line
            where = f"{first.doc.path}:{first_line}"
            problems.append(
                e.problem(
                    key,
                    f"duplicate {kind} `{value}`" + (f" {scope}" if scope else "") + f" (first defined at {where})",
                    "ids must be unique: rename or remove one of them",
                    code="duplicate-id",
                )
            )
        else:
            seen[value] = e
    return set(seen)


def _required_sections(merged: MergedScope, problems: list[Problem]) -> None:
    first = merged.files[0] if merged.files else None
    if first is None:
        return
    if merged.contract is None:
        problems.append(
            Problem(
                first.path,
                1,
                1,
                "no file has a `contract` section",
                "add `contract:` with title, version, effective, owner, summary and quality",
                code="missing-section",
            )
        )
    for section in ("plans", "severities", "hours", "channels", "service_levels", "areas"):
        if not merged.entries(section):
            problems.append(
                Problem(
                    first.path,
                    1,
                    1,
                    f"no file has a `{section}` section",
                    f"add a `{section}:` list (see docs/contract-format.md)",
                    code="missing-section",
                )
            )


def _check_extends(merged: MergedScope, plans: set[str], problems: list[Problem]) -> None:
    parent: dict[str, str | None] = {}
    for e in merged.entries("plans"):
        parent.setdefault(e.data["id"], e.data.get("extends"))
    position = {e.data["id"]: i for i, e in enumerate(merged.entries("plans"))}
    reported: set[str] = set()
    for e in merged.entries("plans"):
        start = e.data["id"]
        if parent[start] != e.data.get("extends"):
            continue  # a duplicate id, reported already
        chain = [start]
        current = parent.get(start)
        while current is not None and current in parent:
            if current in chain:
                cycle = chain[chain.index(current) :] + [current]
                if not reported & set(cycle):
                    problems.append(
                        e.problem(
                            ("extends",),
                            "plans extend each other in a cycle: " + " -> ".join(cycle),
                            "a plan may only extend a lower tier; remove one `extends`",
                            code="extends-cycle",
                        )
                    )
                reported.update(cycle)
                break
            chain.append(current)
            current = parent.get(current)
        ext = e.data.get("extends")
        if ext in position and start not in reported and position[ext] > position[start]:
            problems.append(
                e.problem(
                    ("extends",),
                    f"plan `{start}` extends `{ext}`, which is listed after it",
                    "list plans lowest tier first: move this plan below the plan it extends",
                    code="extends-order",
                )
            )


def check_rules(contract: Contract, origins: Origins) -> list[Problem]:
    """Rules over the resolved contract; every problem points at the deciding line."""
    problems: list[Problem] = []
    _check_hours(contract, origins, problems)
    _check_service_levels(contract, origins, problems)
    _check_addons(contract, origins, problems)
    _check_coverage(contract, origins, problems)
    _check_versions(contract, origins, problems)
    return problems


def _at(origin: Origin | None, message: str, hint: str = "", *, level: str = "error", code: str = "invalid") -> Problem:
    assert origin is not None
    return origin.entry.problem(origin.path, message, hint, key=origin.key, level=level, code=code)  # type: ignore[arg-type]


def _check_hours(contract: Contract, origins: Origins, problems: list[Problem]) -> None:
    for hours in contract.hours:
        origin = origins.get("hours", hours.id)
        if origin is None:
            continue
        if hours.timezone and hours.timezone != LOCAL_TIMEZONE and not _zone_exists(hours.timezone):
            # Listing every zone reads the time-zone database from disk, so it is done only
            # for a name that failed, to suggest the nearest one; with no database at all
            # there is nothing to judge by.
            zones = available_timezones()
            if zones:
                problems.append(
                    _at(
                        Origin(origin.entry, ("timezone",)),
                        f"unknown time zone `{hours.timezone}`",
                        did_you_mean(hours.timezone, zones) or "use an IANA name such as Europe/London",
                        code="hours",
                    )
                )
        for first, second, overlap in _overlapping_windows(hours.windows):
            problems.append(
                _at(
                    Origin(origin.entry, ("windows", second)),
                    f"hours `{hours.id}`: window {first + 1} ({window_words(hours.windows[first])}) and window "
                    f"{second + 1} ({window_words(hours.windows[second])}) are both open on {week_span_words(*overlap)}",
                    "make one window close before the other opens, or join them into one window",
                    code="hours",
                )
            )


def _overlapping_windows(windows: tuple[DailyWindow, ...]) -> Iterator[tuple[int, int, tuple[int, int]]]:
    """Each pair of windows open at the same moment of the week, with the first such stretch."""
    weeks = [hours_window(Hours("", "", False, windows=(w,))).intervals for w in windows]
    for second in range(len(windows)):
        for first in range(second):
            shared = [
                (max(a, c), min(b, d)) for a, b in weeks[first] for c, d in weeks[second] if max(a, c) < min(b, d)
            ]
            if shared:
                yield first, second, min(shared)


def _zone_exists(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return False
    return True


def _worst_words(target: Target | None) -> str:
    if target is None or target.kind == "not-offered":
        return "not offered"
    if target.kind == "best-effort":
        return "best effort"
    assert target.duration is not None
    if target.duration.business and target.worst_case_minutes is not None:
        return f"{target.human} (up to {describe_minutes(target.worst_case_minutes)})"
    return target.human


def _check_service_levels(contract: Contract, origins: Origins, problems: list[Problem]) -> None:
    for plan in contract.plans:
        level = contract.service_level(plan.id)
        plan_origin = origins.get("plan", plan.id)
        level_origin = origins.get("service_level", plan.id)
        if level_origin is None and plan.extends is None:
            problems.append(
                _at(
                    plan_origin,
                    f"plan `{plan.id}` has no service level",
                    f"add an entry `- plan: {plan.id}` under `service_levels:`",
                    code="service-level",
                )
            )
            continue
        where = level_origin or plan_origin
        if not level.channels:
            problems.append(
                _at(
                    where,
                    f"plan `{plan.id}` has no `channels`",
                    "give `channels:` in its service level",
                    code="service-level",
                )
            )
        parent_level = contract.service_level(plan.extends) if plan.extends else None
        for sev in contract.severities:
            if level.target(sev.id) is None and (parent_level is None or parent_level.target(sev.id) is not None):
                problems.append(
                    _at(
                        Origin(level_origin.entry, ("response_targets",)) if level_origin else where,
                        f"plan `{plan.id}` has no response target for severity `{sev.id}`",
                        f"add `{sev.id}: <duration>` under response_targets, or `{sev.id}: best-effort` "
                        f"or `{sev.id}: not-offered`",
                        code="missing-target",
                    )
                )
        for name in TARGET_FIELDS:
            for target in getattr(level, name):
                origin = origins.get(name, plan.id, target.severity)
                if origin is not None and level_origin is not None and origin.entry is level_origin.entry:
                    # checked where it is written; a plan inheriting it adds nothing new
                    _check_target_value(contract, f"plan `{plan.id}`", target, origin, problems)
        if parent_level is not None:
            _check_never_worse(contract, plan.id, level, parent_level, origins, problems)


def _check_target_value(
    contract: Contract, owner: str, target: Target, origin: Origin, problems: list[Problem]
) -> bool:
    """A business duration needs hours to count against; a range must end later than it starts.

    True when the target is sound.
    """
    ends = [d for d in (target.lower, target.duration) if d is not None]
    if any(d.business for d in ends) and target.hours is None:
        problems.append(
            _at(
                origin,
                f"{owner} has no support hours to count `{target.text}` against (severity `{target.severity}`)",
                "give the service level `hours:`, give the severity its own "
                f"(`{target.severity}: {{target: {target.text}, hours: <hours id>}}`), or use wall-clock units (m, h, d)",
                code="no-hours",
            )
        )
        return False
    if _reversed_range(contract, target):
        problems.append(
            _at(
                origin,
                f"the range `{target.text}` for severity `{target.severity}` does not end later than it starts",
                "write the shorter time first, for example 15m-2h, or give one duration",
                code="range",
            )
        )
        return False
    return True


def _reversed_range(contract: Contract, target: Target | None) -> bool:
    if target is None or target.lower is None or target.duration is None:
        return False
    window = hours_window(contract.hours_of(target.hours)) if target.hours else None
    return _length(target.lower, window) >= _length(target.duration, window)


def _length(duration: Duration, window: WeeklyWindow | None) -> int:
    return worst_case_minutes(duration, window) or 0


def _check_never_worse(
    contract: Contract,
    plan_id: str,
    level: ServiceLevel,
    parent: ServiceLevel,
    origins: Origins,
    problems: list[Problem],
) -> None:
    """No slower target than the plan extended; giving less than it commits needs a reason."""
    extends = parent.plan
    own = origins.get("service_level", plan_id)
    where = own or origins.get("plan", plan_id)
    for sev in contract.severities:
        mine, theirs = level.target(sev.id), parent.target(sev.id)
        order = compare_targets(mine, theirs)
        if order is None or order >= 0 or _reversed_range(contract, mine) or _reversed_range(contract, theirs):
            continue  # equal or better, unmeasurable, or a reversed range reported where written
        origin = origins.get("response_targets", plan_id, sev.id)
        if mine is None or not mine.committed:
            if mine is not None and mine.reason:
                continue  # the contract says why this tier handles the severity differently
            kind = mine.kind if mine else "not-offered"
            hint = (
                "a higher tier must offer what the plan it extends offers; if it does not on purpose, "
                f"say why: `{sev.id}: {{target: {kind}, reason: ...}}`"
            )
            if kind == "not-offered":
                message = f"plan `{plan_id}` does not offer severity `{sev.id}`, but `{extends}`, which it extends, does ({_worst_words(theirs)})"
            else:
                message = f"plan `{plan_id}` gives only best effort on severity `{sev.id}`, but `{extends}`, which it extends, commits to {_worst_words(theirs)}"
            problems.append(_at(origin or where, message, hint, code="slower-target"))
            continue
        if origin is None or own is None or origin.entry is not own.entry:
            origin = origins.get("service_level", plan_id, "hours") or where
        problems.append(
            _at(
                origin,
                f"plan `{plan_id}` gets a slower {sev.id} response ({_worst_words(mine)}) than `{extends}`, which it extends ({_worst_words(theirs)})",
                "a higher tier must respond at least as fast as the plan it extends",
                code="slower-target",
            )
        )
    if contact_rank(level.contacts) < contact_rank(parent.contacts):
        problems.append(
            _at(
                origins.get("service_level", plan_id, "contacts") or where,
                f"plan `{plan_id}` limits named contacts but `{extends}` allows unlimited"
                if parent.contacts == "unlimited"
                else f"plan `{plan_id}` allows fewer named contacts ({level.contacts}) than `{extends}` ({parent.contacts})",
                "a higher tier must allow at least as many contacts",
                code="fewer-contacts",
            )
        )


def _check_addons(contract: Contract, origins: Origins, problems: list[Problem]) -> None:
    """A service-level add-on's targets can be counted, and it improves each plan it is sold on."""
    for addon in contract.addons:
        offer = addon.service_level
        if offer is None:
            continue
        sound = True
        for name in TARGET_FIELDS:
            for target in getattr(offer, name):
                origin = origins.get("addon", addon.id, name, target.severity)
                owner = f"add-on `{addon.id}`"
                if target.hours is None:
                    # counted against the hours of the plan it is bought on
                    bare = [p for p in addon.plans if contract.service_level(p).hours is None]
                    if not bare:
                        continue
                    owner += f" on plan `{bare[0]}`"
                if origin is not None:
                    sound = _check_target_value(contract, owner, target, origin, problems) and sound
        for upgrade in contract.upgrades:
            if upgrade.addon != addon.id or upgrade.improves or not sound:
                continue
            problems.append(
                _at(
                    origins.get("addon", addon.id, upgrade.plan) or origins.get("addon", addon.id),
                    f"add-on `{addon.id}` improves nothing on plan `{upgrade.plan}`, which already has all its `service_level` gives",
                    f"remove `{upgrade.plan}` from the add-on's `plans`, or raise what its `service_level` gives",
                    level="warning",
                    code="addon-improves-nothing",
                )
            )


def _check_coverage(contract: Contract, origins: Origins, problems: list[Problem]) -> None:
    plans = {p.id: p for p in contract.plans}
    addons = {a.id: a for a in contract.addons}
    for item in contract.items():
        for cov in item.coverage:
            plan = plans[cov.plan]
            origin = origins.get("coverage", item.id, cov.plan)
            if cov.status == "addon" and cov.addon and cov.plan not in addons[cov.addon].plans:
                hint = f"add `{cov.plan}` to the `plans` of add-on `{cov.addon}`"
                if cov.set_on != cov.plan:
                    hint += f", or give `{cov.plan}` its own status on this item (it inherits from `{cov.set_on}`)"
                problems.append(
                    _at(
                        origin,
                        f"item `{item.id}`: add-on `{cov.addon}` is not sold on plan `{cov.plan}`",
                        hint,
                        code="addon-not-sold",
                    )
                )
            if plan.extends is None or cov.set_on != cov.plan:
                continue
            parent = item.coverage_for(plan.extends)
            if STATUS_RANK[cov.status] < STATUS_RANK[parent.status]:
                problems.append(
                    _at(
                        origin,
                        f"item `{item.id}` is `{cov.status}` on `{cov.plan}` but `{parent.status}` on `{plan.extends}`, which it extends",
                        "a higher tier must cover an item at least as well (included > limited > addon > excluded)",
                        code="worse-coverage",
                    )
                )
        if item.alternative is None and item.reason is None and all(c.status == "excluded" for c in item.coverage):
            problems.append(
                _at(
                    origins.get("item", item.id),
                    f"item `{item.id}` is excluded on every plan but says neither why nor where to go instead",
                    "add `reason:` saying why, or `alternative:` with a `label` and an `article`, `addon` or `url`",
                    level="warning",
                    code="no-alternative",
                )
            )


def _check_versions(contract: Contract, origins: Origins, problems: list[Problem]) -> None:
    if contract.changes:
        newest = max(enumerate(contract.changes), key=lambda ic: (ic[1].effective, -ic[0]))[1]
        if newest.version != contract.version:
            problems.append(
                _at(
                    origins.get("contract", "version"),
                    f"contract version `{contract.version}` differs from the newest `changes` entry (`{newest.version}`, {newest.effective})",
                    "bump `version` to match, or add a `changes` entry for this version",
                    code="version-mismatch",
                )
            )
    for i, entry in enumerate(contract.lifecycle):
        if entry.end_of_support < entry.released:
            problems.append(
                _at(
                    origins.get("lifecycle", str(i)),
                    f"{entry.product} {entry.version} ends support ({entry.end_of_support}) before its release ({entry.released})",
                    "check the dates",
                    code="lifecycle",
                )
            )
