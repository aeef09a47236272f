"""Property tests over generated contracts and generated garbage.

The loader and checks may only ever fail with our own error type (as problems in the
report); resolving a fully explicit restatement of a contract gives the same contract;
the export is byte-identical across runs.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.contract import ScopeReport, check_scope
from generator.errors import ScopeError
from generator.export import contract_to_scope, export_json
from generator.load import load_yaml_text

SLUG = st.from_regex(r"\A[a-z][a-z0-9-]{0,8}\Z", fullmatch=True)
# JSON escapes astral characters as surrogate pairs, which YAML refuses: stay in the BMP so
# that generated contracts get past loading and exercise the checks.
TEXT = st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), min_size=1, max_size=20)
DURATION = st.builds(lambda n, u: f"{n}{u}", st.integers(1, 99), st.sampled_from(["m", "h", "d", "bm", "bh", "bd"]))
UNIT = st.sampled_from(["m", "h", "d", "bm", "bh", "bd"])
# mostly well-ordered ranges (the upper end longer in the same unit), sometimes any two ends
RANGE = st.one_of(
    st.builds(lambda n, k, u: f"{n}{u}-{n * k}{u}", st.integers(1, 20), st.integers(2, 5), UNIT),
    st.builds(lambda a, b: f"{a}-{b}", DURATION, DURATION),
)
NO_COMMITMENT = st.sampled_from(["best-effort", "not-offered"])
TARGET_TEXT = st.one_of(DURATION, RANGE, NO_COMMITMENT)
HOURS_IDS = st.sampled_from(["office", "always", "local"])
DAY = st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
CLOCK = st.sampled_from(["00:00", "06:30", "09:00", "12:30", "17:00", "22:00", "24:00"])


@st.composite
def target_values(draw: st.DrawFn, text: st.SearchStrategy[str] = TARGET_TEXT) -> Any:
    """A target as a writer may give it: the short form, or a mapping with hours and a reason."""
    value = draw(text)
    if draw(st.integers(0, 3)):
        return value
    detail: dict[str, Any] = {"target": value}
    if draw(st.booleans()):
        detail["hours"] = draw(HOURS_IDS)
    if draw(st.booleans()):
        detail["reason"] = draw(TEXT)
    return detail


STATUS = st.sampled_from(["included", "limited", "addon", "excluded"])
SETTINGS = settings(
    max_examples=int(os.environ.get("SCOPEBOOK_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def contracts(draw: st.DrawFn) -> dict[str, Any]:
    """A structurally valid contract; semantic rules may or may not hold."""
    plan_ids = draw(st.lists(SLUG, min_size=1, max_size=4, unique=True))
    sev_ids = draw(st.lists(SLUG, min_size=1, max_size=3, unique=True))
    plans = []
    for i, pid in enumerate(plan_ids):
        plan: dict[str, Any] = {"id": pid, "name": draw(TEXT), "summary": draw(TEXT)}
        if draw(st.booleans()):
            plan["price"] = draw(TEXT)
        if i and draw(st.integers(0, 3)) == 0:
            plan["extends"] = draw(st.sampled_from(plan_ids))  # may be forward, self or a cycle
        elif i:
            plan["extends"] = plan_ids[i - 1]
        plans.append(plan)
    hours = [
        {
            "id": "office",
            "name": "Office",
            "timezone": "Europe/London",
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "start": draw(st.sampled_from(["08:00", "09:00"])),
            "end": draw(st.sampled_from(["17:00", "18:00"])),
        },
        {"id": "always", "name": "Always", "always": True},
        {
            "id": "local",
            "name": "Your hours",
            "timezone": "local",
            "days": ["mon", "fri"],
            "start": "09:00",
            "end": "17:00",
        },
    ]
    if draw(st.booleans()):
        # the same schedule as several windows, which may overlap or run past midnight
        del hours[2]["days"], hours[2]["start"], hours[2]["end"]
        hours[2]["windows"] = [
            {"days": draw(st.lists(DAY, min_size=1, max_size=3, unique=True)), "start": start, "end": end}
            for start, end in draw(st.lists(st.tuples(CLOCK, CLOCK), min_size=1, max_size=3))
        ]
    levels = []
    for pid in plan_ids:
        if pid != plan_ids[0] and draw(st.integers(0, 9)) == 0:
            continue  # sometimes a plan has no service level
        level: dict[str, Any] = {"plan": pid}
        if draw(st.booleans()) or pid == plan_ids[0]:
            if draw(st.integers(0, 3)):  # hours may be left out (fine without business targets)
                level["hours"] = draw(HOURS_IDS)
            level["channels"] = ["email"]
        targets: Any
        if pid == plan_ids[0] and draw(st.integers(0, 4)) == 0:
            targets = draw(NO_COMMITMENT)  # one value for every severity
        else:
            # mostly fast wall-clock targets, so that many generated contracts are valid
            targets = {
                s: draw(target_values())
                if pid == plan_ids[0]
                else draw(st.one_of(st.just("1m"), DURATION, target_values()))
                for s in sev_ids
                if draw(st.booleans()) or pid == plan_ids[0]
            }
        if targets:
            level["response_targets"] = targets
        if draw(st.integers(0, 3)) == 0:
            level["update_interval"] = {s: draw(target_values()) for s in sev_ids[:1]}
        if draw(st.booleans()):
            level["contacts"] = draw(st.one_of(st.integers(1, 50), st.just("unlimited")))
        levels.append(level)
    addon_ids = draw(st.lists(SLUG, max_size=2, unique=True))
    addons = []
    for a in addon_ids:
        addon: dict[str, Any] = {
            "id": a,
            "name": draw(TEXT),
            "description": draw(TEXT),
            "plans": draw(st.lists(st.sampled_from(plan_ids), min_size=1, unique=True)),
        }
        if draw(st.booleans()):
            offer: dict[str, Any] = {"response_targets": {s: draw(target_values()) for s in sev_ids[:1]}}
            if draw(st.booleans()):
                offer["hours"] = draw(HOURS_IDS)
            if draw(st.booleans()):
                offer["channels"] = ["email", "phone"]
            if draw(st.booleans()):
                offer["contacts"] = draw(st.one_of(st.integers(1, 50), st.just("unlimited")))
            if draw(st.booleans()):
                offer["languages"] = ["English", "German"]
            addon["service_level"] = offer
        addons.append(addon)
    items = []
    for n, iid in enumerate(draw(st.lists(SLUG, min_size=1, max_size=5, unique=True))):
        coverage: Any
        if draw(st.booleans()):
            coverage = draw(st.sampled_from(["included", "excluded"]))
        else:
            coverage = {}
            for pid in draw(st.lists(st.sampled_from(plan_ids), unique=True)):
                status = draw(STATUS)
                if status == "limited":
                    coverage[pid] = {"status": status, "limit": draw(TEXT)}
                elif status == "addon":
                    coverage[pid] = {"status": status, "addon": draw(st.sampled_from(addon_ids or ["missing"]))}
                else:
                    coverage[pid] = status
            coverage = coverage or "excluded"
        item: dict[str, Any] = {
            "id": f"{iid}-{n}",
            "title": draw(TEXT),
            "description": draw(TEXT),
            "coverage": coverage,
        }
        if draw(st.booleans()):
            item["alternative"] = {"label": draw(TEXT), "url": "https://example.com/help"}
        if draw(st.booleans()):
            item["reason"] = draw(TEXT)
        items.append(item)
    version = draw(st.sampled_from(["2"] * 9 + ["1"]))
    return {
        "contract": {
            "title": draw(TEXT),
            "version": version,
            "effective": "2026-01-01",
            "owner": draw(TEXT),
            "summary": draw(TEXT),
            "quality": draw(TEXT),
            "changes": [{"version": "2", "effective": "2026-01-01", "summary": "x"}],
        },
        "plans": plans,
        "severities": [{"id": s, "name": s.title(), "definition": draw(TEXT)} for s in sev_ids],
        "hours": hours,
        "channels": [
            {"id": "email", "name": "Email", "description": "Mail us"},
            {"id": "phone", "name": "Phone", "description": "Call us"},
        ],
        "service_levels": levels,
        "addons": addons,
        "areas": [{"id": "area", "name": "Area", "summary": "All", "items": items}],
    }


def _check(files: dict[str, str]) -> ScopeReport:
    with tempfile.TemporaryDirectory() as tmp:
        scope = Path(tmp) / "scope"
        scope.mkdir()
        for name, text in files.items():
            (scope / name).write_text(text, encoding="utf-8")
        return check_scope(scope)


@SETTINGS
@given(contracts())
def test_generated_contracts_never_crash_and_resolution_is_idempotent(data):
    report = _check({"scope.yaml": json.dumps(data)})
    assert report.contract is not None or report.errors
    if report.contract is None:
        return
    restated = contract_to_scope(report.contract)
    again = _check({"scope.yaml": json.dumps(restated)})
    assert again.errors == ()
    for name in ("plans", "severities", "hours", "channels", "service_levels", "areas", "addons"):
        assert getattr(again.contract, name) == getattr(report.contract, name), name
    assert again.contract == report.contract
    # the export is deterministic: a second, independent run gives the same bytes
    assert export_json(_check({"scope.yaml": json.dumps(data)}).contract) == export_json(report.contract)


JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), TEXT, SLUG, STATUS, DURATION, RANGE, NO_COMMITMENT),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.one_of(SLUG, TEXT), inner, max_size=3)),
    max_leaves=12,
)


@SETTINGS
@given(contracts(), st.data())
def test_corrupted_contracts_only_produce_problems(data, draw):
    # replace one random value somewhere in a generated contract with random data
    node: Any = data
    path = []
    while isinstance(node, dict | list) and node and draw.draw(st.booleans()):
        key = draw.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else list(range(len(node)))))
        path.append(key)
        node = node[key]
    if path:
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = draw.draw(JSONISH)
    report = _check({"scope.yaml": json.dumps(data)})
    for problem in report.problems:
        assert problem.file == "scope.yaml" or problem.file.endswith("scope/scope.yaml")
        assert problem.line >= 0 and problem.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_loads_or_raises_scope_error(text):
    try:
        load_yaml_text(text, "fuzz.yaml")
    except ScopeError as exc:
        assert exc.problems and exc.problems[0].file == "fuzz.yaml"
