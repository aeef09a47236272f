"""The resolved contract as JSON: for machines, the site's /scope.json, and diffs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any

from .model import AddonServiceLevel, Contract, Coverage, ScopeItem, ServiceLevel, Target
from .resolve import restate_target
from .wording import improvement_words, level_hours_summary, upgrade_sentence

# 2: targets may be ranges, best-effort or carry their own hours and a reason; hours may
# be absent; plans carry a price and what each service-level add-on gives them.
EXPORT_FORMAT = 2


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != [] and v != ""}


def _target(target: Target) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": target.kind,
        "offered": target.offered,
        "text": target.text,
        "human": target.human,
        "hours": target.hours if target.own_hours else None,
        "reason": target.reason,
    }
    if target.duration is not None:
        data["commitment"] = target.duration.text
        data["business"] = target.duration.business
        data["worst_case_minutes"] = target.worst_case_minutes
    return {k: v for k, v in data.items() if v is not None or k == "worst_case_minutes"}


def _targets(targets: tuple[Target, ...]) -> dict[str, Any] | None:
    return {t.severity: _target(t) for t in targets} or None


def _service_level(contract: Contract, level: ServiceLevel) -> dict[str, Any]:
    return _drop_none(
        {
            "hours": level.hours,
            "hours_summary": level_hours_summary(contract, level),
            "channels": list(level.channels),
            "languages": list(level.languages),
            "contacts": level.contacts,
            "response_targets": _targets(level.response_targets) or {},
            "update_interval": _targets(level.update_interval),
        }
    )


def _offer(offer: AddonServiceLevel, target: Callable[[Target], Any]) -> dict[str, Any]:
    return _drop_none(
        {
            "hours": offer.hours,
            "channels": list(offer.channels),
            "languages": list(offer.languages),
            "contacts": offer.contacts,
            "response_targets": {t.severity: target(t) for t in offer.response_targets} or None,
            "update_interval": {t.severity: target(t) for t in offer.update_interval} or None,
        }
    )


def _with_addons(contract: Contract, plan_id: str) -> dict[str, Any] | None:
    """Per service-level add-on sold on the plan: what a buyer gets, and what is better."""
    return {
        u.addon: {
            "service_level": _service_level(contract, u.service_level),
            "improves": [
                _drop_none({"field": i.field, "severity": i.severity, "text": improvement_words(contract, u, i)})
                for i in u.improves
            ],
            "summary": upgrade_sentence(contract, u) if u.improves else None,
        }
        for u in contract.upgrades_for(plan_id)
    } or None


def _coverage(cov: Coverage) -> dict[str, Any]:
    return _drop_none(
        {
            "status": cov.status,
            "limit": cov.limit,
            "addon": cov.addon,
            "note": cov.note,
            "set_on": cov.set_on,
        }
    )


def _item(item: ScopeItem, **extra: Any) -> dict[str, Any]:
    alternative = (
        {"label": item.alternative.label, item.alternative.kind: item.alternative.target} if item.alternative else None
    )
    return _drop_none(
        {
            "id": item.id,
            "title": item.title,
            "description": item.description,
            "examples": list(item.examples),
            **extra,
            "alternative": alternative,
            "reason": item.reason,
        }
    )


def _objective(contract: Contract) -> dict[str, Any] | None:
    objective = contract.objective
    if objective is None:
        return None
    return {"attainment": objective.text, "min_tickets": objective.min_tickets}


def _common_sections(contract: Contract) -> dict[str, Any]:
    """The sections the export and a restated scope file write the same way."""
    return {
        "contract": _drop_none(
            {
                "title": contract.title,
                "version": contract.version,
                "effective": contract.effective,
                "owner": contract.owner,
                "summary": contract.summary,
                "quality": contract.quality,
                "objective": _objective(contract),
                "changes": [
                    {"version": c.version, "effective": c.effective, "summary": c.summary} for c in contract.changes
                ],
            }
        ),
        "severities": [
            _drop_none({"id": s.id, "name": s.name, "definition": s.definition, "examples": list(s.examples)})
            for s in contract.severities
        ],
        "channels": [
            _drop_none({"id": c.id, "name": c.name, "description": c.description, "url": c.url})
            for c in contract.channels
        ],
        "addons": [
            _drop_none(
                {
                    "id": a.id,
                    "name": a.name,
                    "description": a.description,
                    "price": a.price,
                    "url": a.url,
                    "plans": list(a.plans),
                }
            )
            for a in contract.addons
        ],
        "lifecycle": [
            {"product": e.product, "version": e.version, "released": e.released, "end_of_support": e.end_of_support}
            for e in contract.lifecycle
        ],
        "responsibilities": [
            {"id": r.id, "title": r.title, "description": r.description} for r in contract.responsibilities
        ],
    }


def _hours(contract: Contract, *, with_summary: bool) -> list[dict[str, Any]]:
    return [
        _drop_none(
            {
                "id": h.id,
                "name": h.name,
                # the export states `always` either way; a scope file only says `always: true`
                "always": h.always if with_summary else (True if h.always else None),
                "timezone": h.timezone,
                "days": list(h.days),
                "start": h.start,
                "end": h.end,
                "windows": [{"days": list(w.days), "start": w.start, "end": w.end} for w in h.windows],
                "holidays": h.holidays,
                "summary": h.summary if with_summary else None,
            }
        )
        for h in contract.hours
    ]


def _areas(contract: Contract, item: Callable[[ScopeItem], dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"id": area.id, "name": area.name, "summary": area.summary, "items": [item(i) for i in area.items]}
        for area in contract.areas
    ]


def contract_to_dict(contract: Contract) -> dict[str, Any]:
    """Everything in the contract, and per plan everything that plan gets."""
    plans = []
    for plan in contract.plans:
        entry = _drop_none(
            {
                "id": plan.id,
                "name": plan.name,
                "summary": plan.summary,
                "tier": plan.tier,
                "extends": plan.extends,
                "url": plan.url,
                "price": plan.price,
                "service_level": _service_level(contract, contract.service_level(plan.id)),
                "with_addons": _with_addons(contract, plan.id),
                "coverage": {item.id: _coverage(item.coverage_for(plan.id)) for item in contract.items()},
            }
        )
        entry["addons_available"] = [a.id for a in contract.addons if plan.id in a.plans]
        plans.append(entry)
    common = _common_sections(contract)
    for addon, entry in zip(contract.addons, common["addons"], strict=True):
        if addon.service_level is not None:
            entry["service_level"] = _offer(addon.service_level, _target)
    return {
        "format": EXPORT_FORMAT,
        **common,
        "plans": plans,
        "hours": _hours(contract, with_summary=True),
        "areas": _areas(contract, _item),
    }


def export_json(contract: Contract) -> str:
    """The export as text: stable key order, two-space indent, trailing newline."""
    return indented_json(contract_to_dict(contract)) + "\n"


def indented_json(value: Any) -> str:
    """json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False), character for character.

    With an indent, json.dumps leaves its C encoder for nested Python generators, a
    generator call per value; this writes the same text several times faster.
    """
    out: list[str] = []
    _write_json(value, out, "\n")
    return "".join(out)


def _write_json(value: Any, out: list[str], newline: str) -> None:  # noqa: C901
    # The same tests in the same order as json.encoder's _make_iterencode.
    if isinstance(value, str):
        out.append(_json_text(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_json_float(value))
    elif isinstance(value, list | tuple):
        if value:
            _write_members(zip(repeat(""), value), out, newline, "[]")
        else:
            out.append("[]")
    elif isinstance(value, dict):
        if value:
            keyed = sorted(value.items())
            members = [(_json_text(k if type(k) is str else _json_key(k)) + ": ", item) for k, item in keyed]
            _write_members(members, out, newline, "{}")
        else:
            out.append("{}")
    else:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _write_members(members: Iterable[tuple[str, Any]], out: list[str], newline: str, brackets: str) -> None:
    """A non-empty list or mapping: each member on its own line, after its prefix (`"key": `)."""
    inner = newline + "  "
    separator = brackets[0] + inner
    for prefix, item in members:
        if type(item) is str:  # most members: written in one piece
            out.append(separator + prefix + _json_text(item))
        else:
            out.append(separator + prefix)
            _write_json(item, out, inner)
        separator = "," + inner
    out.append(newline + brackets[1])


_json_text: Callable[[str], str] = json.encoder.encode_basestring


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _json_float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _json_float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def contract_to_scope(contract: Contract) -> dict[str, Any]:
    """A scope file that states everything explicitly; resolving it gives the same contract."""
    common = _common_sections(contract)
    for addon, entry in zip(contract.addons, common["addons"], strict=True):
        if addon.service_level is not None:
            entry["service_level"] = _offer(addon.service_level, restate_target)
    return {
        "contract": common["contract"],
        "plans": [
            _drop_none(
                {"id": p.id, "name": p.name, "summary": p.summary, "extends": p.extends, "url": p.url, "price": p.price}
            )
            for p in contract.plans
        ],
        "severities": common["severities"],
        "hours": _hours(contract, with_summary=False),
        "channels": common["channels"],
        "service_levels": [
            _drop_none(
                {
                    "plan": sl.plan,
                    "hours": sl.hours,
                    "channels": list(sl.channels),
                    "languages": list(sl.languages),
                    "contacts": sl.contacts,
                    "response_targets": {t.severity: restate_target(t) for t in sl.response_targets},
                    "update_interval": {t.severity: restate_target(t) for t in sl.update_interval} or None,
                }
            )
            for sl in contract.service_levels
        ],
        "areas": _areas(
            contract,
            lambda item: _item(
                item,
                coverage={
                    c.plan: _drop_none({"status": c.status, "limit": c.limit, "addon": c.addon, "note": c.note})
                    for c in item.coverage
                },
            ),
        ),
        "addons": common["addons"],
        "lifecycle": common["lifecycle"],
        "responsibilities": common["responsibilities"],
    }
