"""The contract diff: what changed between two resolved contracts, in plain words.

Both contracts are flattened by walking the resolved model generically: every dataclass
field becomes a path (`service_levels/standard/response_targets/sev2`), lists of things
are keyed by their id, and a few small values (a response target, one plan's coverage of
an item) stay whole. Rules keyed by path patterns turn a changed path into a sentence and
class it: a **weakening** (a customer gets less), a **strengthening**, or **neutral**
(wording). A path no rule knows still shows up, as a neutral change, so a field added to
the model is never silently skipped.

Each change points at the line that decides the new value (or, for something removed, at
the place it was removed from), so a weakening can be annotated on the pull request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from .durations import WEEK_MINUTES
from .merge import Entry, MergedScope
from .model import (
    STATUS_RANK,
    Alternative,
    Contract,
    Coverage,
    DailyWindow,
    Hours,
    Improvement,
    ServiceLevel,
    Target,
    Upgrade,
    compare_targets,
)
from .resolve import Origin, Origins, hours_window, lineage
from .wording import NO_HOURS, target_words

Effect = Literal["weakening", "strengthening", "neutral"]
EFFECTS: tuple[Effect, ...] = ("weakening", "strengthening", "neutral")
ALL_PLANS = "All plans"

Key = tuple[str, ...]


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()

# Small values compared whole: their parts only mean something together.
_ATOMIC: tuple[type, ...] = (Target, Coverage, Alternative, Improvement, DailyWindow)


@dataclass(frozen=True)
class Location:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class ContractChange:
    """One change, in words, with its effect on customers and the line that decides it."""

    plan: str | None  # the plan it is about; None for the whole contract
    group: str  # the plan's name, or "All plans"
    effect: Effect
    kind: str  # what changed, for machines: "coverage", "response-target", "hours", ...
    text: str
    where: Location | None = None


@dataclass(frozen=True)
class Snapshot:
    """One side of the comparison: the resolved contract and where its values were written."""

    contract: Contract
    merged: MergedScope | None = None
    origins: Origins | None = None
    shown: Callable[[str], str] = str  # file name as loaded -> as shown to the reader


@dataclass(frozen=True)
class ContractDiff:
    base: Contract
    head: Contract
    changes: tuple[ContractChange, ...]

    @property
    def weakenings(self) -> tuple[ContractChange, ...]:
        return tuple(c for c in self.changes if c.effect == "weakening")

    @property
    def recorded(self) -> bool:
        """Whether the head contract has a new version with its own `changes` entry."""
        base, head = self.base, self.head
        return (
            head.version != base.version
            and any(ch.version == head.version for ch in head.changes)
            and all(ch.version != head.version for ch in base.changes)
        )

    @property
    def ok(self) -> bool:
        """A weakening must be recorded; everything else passes."""
        return not self.weakenings or self.recorded

    def count(self, effect: Effect) -> int:
        return sum(1 for c in self.changes if c.effect == effect)


# Flattening ----------------------------------------------------------------------------------


def _identity(thing: Any, index: int) -> str:
    if isinstance(thing, Upgrade):
        return f"{thing.addon} on {thing.plan}"
    for name in ("id", "plan", "severity"):
        value = getattr(thing, name, None)
        if isinstance(value, str):
            return value
    if hasattr(thing, "product") and hasattr(thing, "version"):
        return f"{thing.product} {thing.version}"
    return str(index)


Flat = dict[Key, tuple[bool, Any]]  # path -> (a whole thing in a list?, its value), in walk order


def flatten(contract: Contract) -> Flat:
    """Every value of the contract by path, in the contract's own order.

    A thing in a list (a plan, an item, an add-on) is recorded whole, and its fields below
    it; small values (`_ATOMIC`) are recorded whole only. Scope items are lifted out of
    their areas to `items/<id>`: ids are unique across the contract, and an item moving to
    another area is the same item. The changelog is left out: it records changes, it is
    not one.
    """
    flat: Flat = {}
    for f in fields(contract):
        if not f.compare or f.name == "changes":
            continue
        value = getattr(contract, f.name)
        if f.name == "areas":
            for area in value:
                flat[("areas", area.id)] = (True, area)
                for af in fields(area):
                    if af.name != "items":
                        _walk(getattr(area, af.name), ("areas", area.id, af.name), flat)
                for item in area.items:
                    flat[("items", item.id)] = (True, item)
                    _walk(item, ("items", item.id), flat, top=True)
        elif isinstance(value, tuple):
            _walk(value, (f.name,), flat)
        else:
            _walk(value, ("contract", f.name), flat)
    return flat


def _walk(value: Any, path: Key, flat: Flat, top: bool = False) -> None:
    if is_dataclass(value) and (top or not isinstance(value, _ATOMIC)):
        for f in fields(value):
            if f.compare:
                _walk(getattr(value, f.name), (*path, f.name), flat)
    elif isinstance(value, tuple) and value and all(is_dataclass(v) for v in value):
        for i, v in enumerate(value):
            key = (*path, _identity(v, i))
            if isinstance(v, _ATOMIC):
                flat[key] = (False, v)
            else:
                flat[key] = (True, v)
                _walk(v, key, flat, top=True)
    elif value != ():
        flat[path] = (False, value)


@dataclass(frozen=True)
class _Event:
    path: Key
    before: Any
    after: Any
    thing: bool  # a whole thing added or removed, rather than one value changed


def _events(old: Flat, new: Flat) -> Iterator[_Event]:
    """Changes in the head contract's order, then what only the base had."""
    gone_or_new = {k for k in old.keys() ^ new.keys() if (old.get(k) or new[k])[0]}
    for key in [*new, *(k for k in old if k not in new)]:
        if any(key[:n] in gone_or_new for n in range(1, len(key))):
            continue  # inside something added or removed: reported with it
        thing_before, before = old.get(key, (False, ABSENT))
        thing_after, after = new.get(key, (False, ABSENT))
        if _empty(before) and _empty(after):
            continue  # None on one side, nothing (or the fields below it) on the other
        if key in gone_or_new:
            yield _Event(key, before, after, True)
        elif before != after and not (thing_before and thing_after):
            yield _Event(key, before, after, False)  # a thing on both sides: its fields tell


def _empty(value: Any) -> bool:
    return value is ABSENT or value is None or value == ()


# Locating values in the head contract --------------------------------------------------------


class _Locator:
    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.entries: dict[tuple[str, str], Entry] = {}
        merged = snap.merged
        if merged is None:
            return
        for section, entries in merged.sections.items():
            for e in entries:
                ident = e.data.get("id") or e.data.get("plan")
                if ident is None and "product" in e.data:
                    ident = f"{e.data['product']} {e.data.get('version')}"
                if isinstance(ident, str):
                    self.entries.setdefault((section, ident), e)
                if section == "areas":
                    for i, raw in enumerate(e.data.get("items", ())):
                        item = Entry(e.doc, (*e.path, "items", i), raw)
                        self.entries.setdefault(("items", raw["id"]), item)

    def at(self, entry: Entry | None, *sub: str | int, key: bool = False) -> Location | None:
        if entry is None:
            return None
        mark = entry.doc.mark((*entry.path, *sub), key=key)
        return Location(self.snap.shown(entry.doc.path), mark.line, mark.column)

    def origin(self, origin: Origin | None) -> Location | None:
        if origin is None:
            return None
        # The value, not its key: a weakened value is annotated where it is written.
        return self.at(origin.entry, *origin.path)

    def thing(self, section: str, ident: str, *sub: str | int, key: bool = False) -> Location | None:
        return self.at(self.entries.get((section, ident)), *sub, key=key)

    def section(self, section: str) -> Location | None:
        """The `section:` key of the first file that has it."""
        if self.snap.merged is None:
            return None
        entries = self.snap.merged.entries(section)
        return self.at(Entry(entries[0].doc, (section,), {}), key=True) if entries else None

    def inherited(self, *key: str) -> Location | None:
        """The origin of key (kind, plan, ...) on the plan or the nearest plan it extends."""
        origins = self.snap.origins
        if origins is None:
            return None
        kind, plan, *rest = key
        for ancestor in lineage(self.snap.contract.plans, plan):
            found = origins.get(kind, ancestor, *rest)
            if found is not None:
                return self.origin(found)
        return None

    def service_level(self, plan: str, name: str) -> Location | None:
        return (
            self.inherited("service_level", plan, name)
            or self.inherited("service_level", plan)
            or self.thing("plans", plan)
        )


# Wording ------------------------------------------------------------------------------------


def _status_words(cov: Coverage | Any, contract: Contract) -> str:
    if cov is ABSENT or cov is None:
        return "not listed"
    if cov.status == "limited":
        return f"limited ({cov.limit})" if cov.limit else "limited"
    if cov.status == "addon":
        name = next((a.name for a in contract.addons if a.id == cov.addon), cov.addon)
        return f"add-on ({name})"
    return "included" if cov.status == "included" else "not included"


def _lower_first(words: str) -> str:
    return words[:1].lower() + words[1:]


def _target_effect(before: Target | Any, after: Target | Any) -> Effect | None:
    """By `compare_targets`: a commitment beats best effort beats not offered; None if unmeasurable."""
    order = compare_targets(None if before is ABSENT else before, None if after is ABSENT else after)
    if order is None:
        return None
    return "weakening" if order > 0 else "strengthening" if order < 0 else "neutral"


def _contacts_rank(contacts: Any) -> float:
    if contacts == "unlimited":
        return float("inf")
    return float(contacts) if isinstance(contacts, int) else 0.0


def _contacts_words(contacts: Any) -> str:
    return "not stated" if contacts in (None, ABSENT) else str(contacts)


def _short(value: Any) -> str | None:
    """A value short enough to quote in a sentence, or None."""
    if value is ABSENT or value is None:
        return "(none)"
    if isinstance(value, tuple):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 60 and "\n" not in text.strip() else None


def _by_effect(rank_before: float, rank_after: float) -> Effect:
    if rank_after < rank_before:
        return "weakening"
    if rank_after > rank_before:
        return "strengthening"
    return "neutral"


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _compare_amounts(before: str, after: str) -> float | None:
    """after minus before when the two texts differ only in their numbers (all one way)."""
    if _NUMBER.sub("#", before) != _NUMBER.sub("#", after):
        return None
    pairs = [
        (float(a.replace(",", "")), float(b.replace(",", "")))
        for a, b in zip(_NUMBER.findall(before), _NUMBER.findall(after), strict=True)
    ]
    deltas = {(b > a) - (b < a) for a, b in pairs} - {0}
    if len(deltas) != 1:
        return None
    return float(deltas.pop())


# The comparison -----------------------------------------------------------------------------


class _Differ:
    def __init__(self, base: Snapshot, head: Snapshot) -> None:
        self.base, self.head = base.contract, head.contract
        self.loc = _Locator(head)
        self.changes: list[ContractChange] = []
        self.old_flat, self.new_flat = flatten(self.base), flatten(self.head)
        self.upgrades = {_identity(u, 0): u for c in (self.base, self.head) for u in c.upgrades}

    # helpers

    def plan_name(self, plan: str) -> str:
        for c in (self.head, self.base):
            for p in c.plans:
                if p.id == plan:
                    return p.name
        return plan

    def add(self, plan: str | None, effect: Effect, kind: str, text: str, where: Location | None = None) -> None:
        group = self.plan_name(plan) if plan else ALL_PLANS
        self.changes.append(ContractChange(plan, group, effect, kind, text, where))

    def name_of(self, section: str, ident: str, attr: str = "name") -> str:
        for c in (self.head, self.base):
            things = c.items() if section == "items" else getattr(c, section)
            for t in things:
                if getattr(t, "id", None) == ident:
                    return str(getattr(t, attr))
        return ident

    def on_both_sides(self, plan: str) -> bool:
        return any(p.id == plan for p in self.base.plans) and any(p.id == plan for p in self.head.plans)

    # the run

    def run(self) -> list[ContractChange]:
        self.hours()
        for event in _events(self.old_flat, self.new_flat):
            handler = self.handler(event.path)
            handler(event)
        order = {p.id: i for i, p in enumerate(self.head.plans)}
        for p in self.base.plans:
            order.setdefault(p.id, len(order))
        return sorted(self.changes, key=lambda c: order.get(c.plan, len(order)) if c.plan else len(order))

    def handler(self, path: Key) -> Callable[[_Event], None]:
        for pattern, name in _RULES:
            if len(pattern) == len(path) and all(p in ("*", part) for p, part in zip(pattern, path, strict=True)):
                handler: Callable[[_Event], None] = getattr(self, name)
                return handler
        return self.generic

    # rules

    def silent(self, event: _Event) -> None:
        """Covered by another rule (for example the plan's resolved hours)."""

    def generic(self, event: _Event) -> None:
        path = event.path
        plan = path[1] if path[0] in ("plans", "service_levels") and len(path) > 1 else None
        subject = " ".join(part.replace("_", " ") for part in path)
        if event.thing:
            what = "added" if event.before is ABSENT else "removed"
            self.add(plan, "neutral", "other", f"{subject}: {what}", self.loc.section(path[0]))
            return
        self.add(plan, "neutral", "wording", self._reworded(subject, event), self._where(path))

    def _reworded(self, subject: str, event: _Event) -> str:
        before, after = _short(event.before), _short(event.after)
        if before is not None and after is not None:
            return f"{subject}: {before} -> {after}"
        return f"{subject}: reworded"

    def _where(self, path: Key) -> Location | None:
        if len(path) < 2:
            return None
        section, ident, *rest = path
        sub = [r for r in rest if r in ("name", "title", "summary", "description", "definition", "price", "url")]
        return self.loc.thing(section, ident, *sub[:1]) or self.loc.thing(section, ident)

    def plan_added(self, event: _Event) -> None:
        plan = event.path[1]
        if event.before is ABSENT:
            self.add(plan, "neutral", "plan", f"New plan: {event.after.name}", self.loc.thing("plans", plan))
        else:
            self.add(plan, "weakening", "plan", f"Plan {event.before.name} withdrawn", self.loc.section("plans"))

    def wording(self, event: _Event) -> None:
        section, ident, name = event.path[0], event.path[1], event.path[-1]
        label = {
            "plans": "Plan",
            "items": "Item",
            "addons": "Add-on",
            "channels": "Channel",
            "severities": "Severity",
            "areas": "Area",
            "hours": "Hours",
            "responsibilities": "Responsibility",
            "lifecycle": "Lifecycle",
        }.get(section, section)
        attr = "title" if section in ("items", "responsibilities") else "name"
        subject = f"{label} {self.name_of(section, ident, attr)}: {name.replace('_', ' ')}"
        plan = ident if section == "plans" else None
        self.add(plan, "neutral", "wording", self._reworded(subject, event), self._where(event.path))

    def contract_wording(self, event: _Event) -> None:
        field = event.path[-1]
        where = self.loc.at(self.head_contract_entry(), field)
        self.add(None, "neutral", "wording", self._reworded(f"Contract {field}", event), where)

    def objective(self, event: _Event) -> None:
        """The share of tickets answered within target: a lower share, or one held to fewer plans, is less."""
        field = event.path[-1]
        where = self.loc.at(self.head_contract_entry(), "objective") if self.head_contract_entry() else None
        before, after = event.before, event.after
        if field == "attainment":

            def words(value: Any) -> str:
                return "none" if _empty(value) else f"{value * 100:g}%"

            effect = _by_effect(-1.0 if _empty(before) else before, -1.0 if _empty(after) else after)
            text = f"Response-target objective: {words(before)} -> {words(after)} of tickets answered within target"
            self.add(None, effect, "objective", text, where)
        elif not _empty(before) and not _empty(after):  # min_tickets of an objective on both sides
            # Needing more tickets before a plan and severity is held to the objective holds fewer of them.
            effect = _by_effect(-float(before), -float(after))
            text = f"Response-target objective: held from {before} -> {after} tickets per plan and severity"
            self.add(None, effect, "objective", text, where)

    def head_contract_entry(self) -> Entry | None:
        merged = self.loc.snap.merged
        return merged.contract if merged else None

    def level_of(self, path: Key) -> tuple[str, str | None, Key]:
        """(plan, service-level add-on or None, rest of the path) for a service-level path."""
        if path[0] == "upgrades":
            up = self.upgrades[path[1]]
            return up.plan, up.addon, path[3:]
        return path[1], None, path[2:]

    def subject(self, plan: str, addon: str | None) -> str:
        name = self.plan_name(plan)
        return f"{name} with {self.name_of('addons', addon)}" if addon else name

    def level_where(self, plan: str, addon: str | None, *sub: str) -> Location | None:
        if addon is not None:
            return self.loc.thing("addons", addon, "service_level", *sub) or self.loc.thing("addons", addon)
        if len(sub) == 2:
            return self.loc.inherited(sub[0], plan, sub[1]) or self.loc.service_level(plan, sub[0])
        return self.loc.service_level(plan, sub[0])

    def same_as_plan(self, event: _Event) -> bool:
        """A buyer's value that is the plan's own on both sides: the plan's line says it."""
        if event.path[0] != "upgrades":
            return False
        plan, _, rest = self.level_of(event.path)
        own = ("service_levels", plan, *rest)

        # A target is measured under the buyer's hours, so compare what is promised, not the length.
        def promise(value: Any) -> Any:
            return (value.kind, value.text, value.reason) if isinstance(value, Target) else value

        return (promise(event.before), promise(event.after)) == (
            promise(self.old_flat.get(own, (False, ABSENT))[1]),
            promise(self.new_flat.get(own, (False, ABSENT))[1]),
        )

    def listed(self, event: _Event) -> None:
        """Channels or languages of a plan: fewer is a weakening, more a strengthening."""
        plan, addon, (name,) = self.level_of(event.path)
        if self.same_as_plan(event):
            return
        before = () if event.before is ABSENT else tuple(event.before)
        after = () if event.after is ABSENT else tuple(event.after)
        removed = [x for x in before if x not in after]
        added = [x for x in after if x not in before]
        effect: Effect = "weakening" if removed else "strengthening" if added else "neutral"

        def words(values: tuple[str, ...]) -> str:
            if not values:
                return "none"
            if name == "channels":
                return ", ".join(self.name_of("channels", v) for v in values)
            return ", ".join(values)

        text = f"{self.subject(plan, addon)}: {name}: {words(before)} -> {words(after)}"
        self.add(plan, effect, name, text, self.level_where(plan, addon, name))

    def contacts(self, event: _Event) -> None:
        plan, addon, _ = self.level_of(event.path)
        if self.same_as_plan(event):
            return
        effect = _by_effect(_contacts_rank(event.before), _contacts_rank(event.after))
        words = f"{_contacts_words(event.before)} -> {_contacts_words(event.after)}"
        text = f"{self.subject(plan, addon)}: named contacts: {words}"
        self.add(plan, effect, "contacts", text, self.level_where(plan, addon, "contacts"))

    def target_words(self, contract: Contract, plan: str, addon: str | None, target: Target | Any) -> str:
        if target is ABSENT:
            return "no target"
        try:
            level: ServiceLevel = contract.service_level(plan, addon)
        except KeyError:
            return _lower_first(target.human)
        return _lower_first(target_words(contract, level, target))

    def target(self, event: _Event) -> None:
        plan, addon, (kind, sev) = self.level_of(event.path)
        if self.same_as_plan(event):
            return
        old = self.target_words(self.base, plan, addon, event.before)
        new = self.target_words(self.head, plan, addon, event.after)
        severity = self.name_of("severities", sev)
        what = "" if kind == "response_targets" else " update interval"
        subject = f"{self.subject(plan, addon)}, {severity}{what}"
        where = self.level_where(plan, addon, kind, sev)
        kind_name = "response-target" if not what else "update-interval"
        if old == new:
            # Same promise in the same words: a longer worst case comes from the plan's
            # hours, reported on their own line; only the stated reason is left to tell.
            before_reason = getattr(event.before, "reason", None)
            after_reason = getattr(event.after, "reason", None)
            if before_reason != after_reason:
                words = f"{_short(before_reason) or '...'} -> {_short(after_reason) or '...'}"
                self.add(plan, "neutral", "wording", f"{subject}: reason: {words}", where)
            return
        effect = _target_effect(event.before, event.after)
        if effect is None:  # two commitments whose lengths cannot be measured: say so, assume the worst
            effect, new = "weakening", f"{new} (cannot be compared without support hours)"
        self.add(plan, effect, kind_name, f"{subject}: {old} -> {new}", where)

    def coverage(self, event: _Event) -> None:
        _, item_id, _, plan = event.path
        if not self.on_both_sides(plan):
            return  # a plan added or removed is reported once, as such
        before, after = event.before, event.after
        rank_before = STATUS_RANK[before.status] if before is not ABSENT else -1
        rank_after = STATUS_RANK[after.status] if after is not ABSENT else -1
        effect = _by_effect(rank_before, rank_after)
        if effect == "neutral" and before is not ABSENT and after is not ABSENT:
            if before.status == "limited" and before.limit != after.limit:
                delta = _compare_amounts(before.limit or "", after.limit or "")
                effect = "weakening" if delta is None or delta < 0 else "strengthening"
            elif before.status == "addon" and before.addon != after.addon:
                effect = "weakening"  # who bought the old add-on no longer gets this
        title = self.name_of("items", item_id, "title")
        old, new = _status_words(before, self.base), _status_words(after, self.head)
        if old == new:  # only the note changed
            old, new = _short(before.note) or "...", _short(after.note) or "..."
            title += ": note"
        where = self.coverage_where(item_id, plan)
        self.add(plan, effect, "coverage", f"{self.plan_name(plan)}: {title}: {old} -> {new}", where)

    def coverage_where(self, item_id: str, plan: str) -> Location | None:
        origins = self.loc.snap.origins
        found = self.loc.origin(origins.get("coverage", item_id, plan)) if origins else None
        return found or self.loc.thing("items", item_id, "coverage")

    def item(self, event: _Event) -> None:
        item_id = event.path[1]
        if event.before is ABSENT:
            item = event.after
            for cov in item.coverage:
                status = _status_words(cov, self.head)
                effect: Effect = "neutral" if cov.status == "excluded" else "strengthening"
                text = f"{self.plan_name(cov.plan)}: new item {item.title}: {status}"
                self.add(cov.plan, effect, "item", text, self.coverage_where(item_id, cov.plan))
            return
        item = event.before
        where = self.loc.thing("areas", item.area, "items", key=True) or self.loc.section("areas")
        for cov in item.coverage:
            if not any(p.id == cov.plan for p in self.head.plans):
                continue  # the plan itself is gone, reported once
            effect = "neutral" if cov.status == "excluded" else "weakening"
            status = _status_words(cov, self.base)
            self.add(
                cov.plan, effect, "item", f"{self.plan_name(cov.plan)}: {item.title} removed (was {status})", where
            )

    def item_area(self, event: _Event) -> None:
        item_id = event.path[1]
        title = self.name_of("items", item_id, "title")
        old, new = self.name_of("areas", event.before), self.name_of("areas", event.after)
        self.add(
            None, "neutral", "wording", f"Item {title}: moved from {old} to {new}", self.loc.thing("items", item_id)
        )

    def addon(self, event: _Event) -> None:
        addon_id = event.path[1]
        if event.before is ABSENT:
            for plan in event.after.plans:
                text = f"{self.plan_name(plan)}: add-on {event.after.name} now sold"
                self.add(plan, "strengthening", "addon", text, self.loc.thing("addons", addon_id))
            return
        for plan in event.before.plans:
            if any(p.id == plan for p in self.head.plans):
                text = f"{self.plan_name(plan)}: add-on {event.before.name} withdrawn"
                self.add(plan, "weakening", "addon", text, self.loc.section("addons"))

    def addon_plans(self, event: _Event) -> None:
        addon_id = event.path[1]
        name = self.name_of("addons", addon_id)
        before = () if event.before is ABSENT else event.before
        after = () if event.after is ABSENT else event.after
        where = self.loc.thing("addons", addon_id, "plans") or self.loc.thing("addons", addon_id)
        for plan in before:
            if plan not in after and any(p.id == plan for p in self.head.plans):
                self.add(plan, "weakening", "addon", f"{self.plan_name(plan)}: add-on {name} withdrawn", where)
        for plan in after:
            if plan not in before:
                self.add(plan, "strengthening", "addon", f"{self.plan_name(plan)}: add-on {name} now sold", where)

    def price(self, event: _Event) -> None:
        section, ident = event.path[0], event.path[1]
        before, after = event.before, event.after
        effect: Effect = "neutral"
        if isinstance(before, str) and isinstance(after, str):
            delta = _compare_amounts(before, after)
            effect = "weakening" if delta is None or delta > 0 else "strengthening"
        subject = (
            f"Add-on {self.name_of(section, ident)}: price"
            if section == "addons"
            else f"{self.plan_name(ident)}: price"
        )
        plan = ident if section == "plans" else None
        self.add(plan, effect, "price", f"{subject}: {_short(before)} -> {_short(after)}", self._where(event.path))

    def lifecycle(self, event: _Event) -> None:
        key = event.path[1]
        if event.before is ABSENT:
            text = f"{key}: supported until {event.after.end_of_support}"
            self.add(None, "strengthening", "lifecycle", text, self.loc.thing("lifecycle", key))
        else:
            text = f"{key}: no longer listed (was supported until {event.before.end_of_support})"
            self.add(None, "weakening", "lifecycle", text, self.loc.section("lifecycle"))

    def end_of_support(self, event: _Event) -> None:
        key = event.path[1]
        effect: Effect = "weakening" if event.after < event.before else "strengthening"
        text = f"{key}: end of support {event.before} -> {event.after}"
        self.add(None, effect, "lifecycle", text, self.loc.thing("lifecycle", key, "end_of_support"))

    def responsibility(self, event: _Event) -> None:
        ident = event.path[1]
        if event.before is ABSENT:
            text = f"New customer responsibility: {event.after.title}"
            self.add(None, "weakening", "responsibility", text, self.loc.thing("responsibilities", ident))
        else:
            text = f"Customer responsibility removed: {event.before.title}"
            self.add(None, "strengthening", "responsibility", text, self.loc.section("responsibilities"))

    def listed_thing(self, event: _Event) -> None:
        """Severities, channels, areas: what they mean for a plan shows in its own rows."""
        section, ident = event.path[0], event.path[1]
        label = {"severities": "severity", "channels": "channel", "areas": "area"}[section]
        thing = event.after if event.before is ABSENT else event.before
        name = getattr(thing, "name", ident)
        if event.before is ABSENT:
            self.add(None, "neutral", section, f"New {label}: {name}", self.loc.thing(section, ident))
        else:
            self.add(None, "neutral", section, f"{label.capitalize()} {name} removed", self.loc.section(section))

    def hours(self) -> None:
        """Each plan's (and each add-on buyer's) resolved support hours, as time open in the week."""
        base_levels: dict[tuple[str, str | None], ServiceLevel] = {
            (lv.plan, None): lv for lv in self.base.service_levels
        }
        base_levels.update({(u.plan, u.addon): u.service_level for u in self.base.upgrades})
        head_levels: list[tuple[tuple[str, str | None], ServiceLevel]] = [
            ((lv.plan, None), lv) for lv in self.head.service_levels
        ]
        head_levels += [((u.plan, u.addon), u.service_level) for u in self.head.upgrades]
        for (plan, addon), level in head_levels:
            old_level = base_levels.get((plan, addon))
            if old_level is None:
                continue
            old = next((h for h in self.base.hours if h.id == old_level.hours), None)
            new = next((h for h in self.head.hours if h.id == level.hours), None)
            if old is None and new is None:
                continue
            if old is not None and new is not None and _same_window(old, new):
                continue
            effect = _hours_effect(old, new, _reference_day(self.head.effective))
            text = f"{self.subject(plan, addon)}: hours: {_hours_words(old)} -> {_hours_words(new)}"
            where = self._hours_where(plan, addon, old, new)
            self.add(plan, effect, "hours", text, where)

    def _hours_where(self, plan: str, addon: str | None, old: Hours | None, new: Hours | None) -> Location | None:
        if old is None or new is None or old.id != new.id:
            return self.level_where(plan, addon, "hours")
        # a field the head writes: `windows` stand in for days, start and end
        written = ("always", "timezone", *(() if new.windows else ("days", "start", "end")))
        changed: tuple[str | int, ...] = next(((f,) for f in written if getattr(old, f) != getattr(new, f)), ())
        if not changed and new.windows:
            # the first window that is new or different, else the list (a window was taken out)
            first = next((i for i, w in enumerate(new.windows) if old.daily_windows[i : i + 1] != (w,)), None)
            changed = ("windows",) if first is None else ("windows", first)
        return self.loc.thing("hours", new.id, *changed) or self.loc.thing("hours", new.id)


def _hours_effect(old: Hours | None, new: Hours | None, reference: date) -> Effect:
    if old is None or new is None:  # published hours appear or disappear
        return "strengthening" if old is None else "weakening"
    if old.local != new.local and not (old.always or new.always):
        # The customer's own zone against a fixed one: only the length of the week compares.
        old_count, new_count = (
            bin(_open_minutes(old, reference)).count("1"),
            bin(_open_minutes(new, reference)).count("1"),
        )
        return _by_effect(old_count, new_count)
    old_open, new_open = _open_minutes(old, reference), _open_minutes(new, reference)
    if old_open == new_open:
        return "neutral"
    if old_open & ~new_open:
        return "weakening"  # some hour that was open is closed now
    return "strengthening"


def _same_window(a: Hours, b: Hours) -> bool:
    # the same open minutes in the same zone, whichever form they are written in
    return (a.always, a.timezone, hours_window(a)) == (b.always, b.timezone, hours_window(b))


def _hours_words(hours: Hours | None) -> str:
    if hours is None:
        return _lower_first(NO_HOURS)
    return hours.summary or hours.name


def _reference_day(effective: str) -> date:
    try:
        return date.fromisoformat(effective)
    except ValueError:
        return date(2026, 1, 5)


def _open_minutes(hours: Hours, reference: date) -> int:
    """The minutes of a week (Monday 00:00 UTC = bit 0) when support is open, as a bit set.

    Time zones are placed by their offset on the reference day, so moving the same
    window to a later zone shows as hours lost and hours gained.
    """
    if hours.always:
        return (1 << WEEK_MINUTES) - 1
    offset = 0
    if hours.timezone and not hours.local:
        try:
            moment = datetime.combine(reference, datetime.min.time(), ZoneInfo(hours.timezone))
            delta = moment.utcoffset() or timedelta()
            offset = int(delta.total_seconds() // 60)
        except (ValueError, OSError, KeyError):
            offset = 0
    bits = 0
    for start, end in hours_window(hours).intervals:
        for minute in range(start - offset, end - offset):
            bits |= 1 << (minute % WEEK_MINUTES)
    return bits


# path pattern -> rule; the first match wins, and unmatched paths are reported as neutral.
_RULES: tuple[tuple[Key, str], ...] = (
    (("contract", "version"), "silent"),
    (("contract", "effective"), "silent"),
    (("contract", "objective", "attainment"), "objective"),
    (("contract", "objective", "min_tickets"), "objective"),
    (("contract", "objective", "text"), "silent"),
    (("contract", "*"), "contract_wording"),
    (("plans", "*"), "plan_added"),
    (("plans", "*", "tier"), "silent"),
    (("plans", "*", "price"), "price"),
    (("service_levels", "*"), "silent"),
    (("service_levels", "*", "plan"), "silent"),
    (("service_levels", "*", "hours"), "silent"),
    (("service_levels", "*", "channels"), "listed"),
    (("service_levels", "*", "languages"), "listed"),
    (("service_levels", "*", "contacts"), "contacts"),
    (("service_levels", "*", "response_targets", "*"), "target"),
    (("service_levels", "*", "update_interval", "*"), "target"),
    (("upgrades", "*"), "silent"),
    (("upgrades", "*", "addon"), "silent"),
    (("upgrades", "*", "plan"), "silent"),
    (("upgrades", "*", "improves", "*"), "silent"),
    (("upgrades", "*", "service_level", "plan"), "silent"),
    (("upgrades", "*", "service_level", "hours"), "silent"),
    (("upgrades", "*", "service_level", "channels"), "listed"),
    (("upgrades", "*", "service_level", "languages"), "listed"),
    (("upgrades", "*", "service_level", "contacts"), "contacts"),
    (("upgrades", "*", "service_level", "response_targets", "*"), "target"),
    (("upgrades", "*", "service_level", "update_interval", "*"), "target"),
    # What an add-on's service level gives buyers shows in `upgrades`, plan by plan.
    (("addons", "*", "service_level"), "silent"),
    (("addons", "*", "service_level", "*"), "silent"),
    (("addons", "*", "service_level", "*", "*"), "silent"),
    (("hours", "*"), "silent"),
    (("hours", "*", "always"), "silent"),
    (("hours", "*", "timezone"), "silent"),
    (("hours", "*", "days"), "silent"),
    (("hours", "*", "start"), "silent"),
    (("hours", "*", "end"), "silent"),
    (("hours", "*", "windows", "*"), "silent"),
    (("hours", "*", "summary"), "silent"),
    (("items", "*"), "item"),
    (("items", "*", "area"), "item_area"),
    (("items", "*", "coverage", "*"), "coverage"),
    (("addons", "*"), "addon"),
    (("addons", "*", "plans"), "addon_plans"),
    (("addons", "*", "price"), "price"),
    (("lifecycle", "*"), "lifecycle"),
    (("lifecycle", "*", "end_of_support"), "end_of_support"),
    (("responsibilities", "*"), "responsibility"),
    (("severities", "*"), "listed_thing"),
    (("channels", "*"), "listed_thing"),
    (("areas", "*"), "listed_thing"),
    (("plans", "*", "*"), "wording"),
    (("items", "*", "*"), "wording"),
    (("addons", "*", "*"), "wording"),
    (("channels", "*", "*"), "wording"),
    (("severities", "*", "*"), "wording"),
    (("areas", "*", "*"), "wording"),
    (("hours", "*", "*"), "wording"),
    (("responsibilities", "*", "*"), "wording"),
    (("lifecycle", "*", "*"), "wording"),
)


def diff_contracts(base: Snapshot, head: Snapshot) -> ContractDiff:
    """Every change from base to head, classed, in plan order."""
    return ContractDiff(base.contract, head.contract, tuple(_Differ(base, head).run()))
