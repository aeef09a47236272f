"""Resolution: inheritance of coverage and service levels, derived from the YAML."""

from __future__ import annotations

from pathlib import Path

from scope_fixtures import MINIMAL, REPO, scope_dir_with

from generator.contract import check_scope, load_contract
from generator.model import STATUS_RANK


def test_minimal_inheritance(tmp_path: Path):
    contract = load_contract(scope_dir_with(tmp_path, MINIMAL))
    basic, pro = contract.service_level("basic"), contract.service_level("pro")
    # pro sets only `high`; `low` is inherited from basic, measured under pro's own hours
    assert pro.target("high").human == "1 hour"
    assert pro.target("low").duration.text == "2bd"
    assert pro.target("low").worst_case_minutes == 48 * 60  # 24x7: a business day is a day
    assert basic.target("low").worst_case_minutes == 4 * 24 * 60  # Fri 17:00 -> Tue 17:00
    assert pro.hours == "always" and basic.hours == "office"
    sso = contract.item("sso")
    assert sso.coverage_for("basic").status == "addon"
    assert sso.coverage_for("basic").addon == "onboarding"
    assert sso.coverage_for("pro").status == "included"
    # one status for all plans applies to each plan
    assert [c.status for c in contract.item("install").coverage] == ["included", "included"]
    assert contract.item("install").source.line == 71


def test_unnamed_root_plan_is_excluded_and_children_inherit(tmp_path: Path):
    text = MINIMAL.read_text().replace(
        "        coverage: included\n", "        coverage:\n          pro: included\n", 1
    )
    contract = load_contract(scope_dir_with(tmp_path, texts={"s.yaml": text}))
    install = contract.item("install")
    assert install.coverage_for("basic").status == "excluded"
    assert install.coverage_for("basic").set_on is None
    assert install.coverage_for("pro").set_on == "pro"


def test_sample_contract_is_clean_and_monotonic():
    report = check_scope(REPO / "scope", lambda path: (REPO / "content" / path).is_file())
    assert report.problems == ()
    contract = report.contract
    assert contract is not None
    assert len(contract.plans) == 4 and len(contract.severities) == 4
    assert len(contract.items()) >= 40 and len(contract.areas) >= 8
    assert len(contract.addons) >= 3 and len(contract.lifecycle) >= 3
    for plan in contract.plans:
        if plan.extends is None:
            continue
        for item in contract.items():
            mine, theirs = item.coverage_for(plan.id), item.coverage_for(plan.extends)
            assert STATUS_RANK[mine.status] >= STATUS_RANK[theirs.status]
        for sev in contract.severities:
            mine_t = contract.service_level(plan.id).target(sev.id)
            theirs_t = contract.service_level(plan.extends).target(sev.id)
            if theirs_t.duration is not None:
                assert mine_t.worst_case_minutes <= theirs_t.worst_case_minutes
    statuses = {c.status for item in contract.items() for c in item.coverage}
    assert statuses == {"included", "limited", "addon", "excluded"}


def test_model_is_immutable(tmp_path: Path):
    import dataclasses

    import pytest

    contract = load_contract(scope_dir_with(tmp_path, MINIMAL))
    with pytest.raises(dataclasses.FrozenInstanceError):
        contract.plans[0].name = "Changed"  # type: ignore[misc]
    assert isinstance(contract.plans, tuple) and isinstance(contract.areas[0].items, tuple)


def test_sample_contract_uses_format_2_where_it_is_natural(contract):
    free = contract.service_level("free")
    assert free.hours is None and {t.kind for t in free.response_targets} == {"best-effort"}
    sev1 = contract.effective_target("premium", "sev1")
    assert (sev1.hours, sev1.own_hours, contract.service_level("premium").hours) == ("always", True, "extended")
    sev2 = contract.effective_target("premium", "sev2")
    assert (sev2.kind, sev2.human, sev2.duration.text) == ("range", "1 to 4 hours", "4h")
    assert all(plan.price for plan in contract.plans)
    (upgrade,) = contract.upgrades
    assert (upgrade.addon, upgrade.plan) == ("priority-support", "standard")
    bought = contract.effective_target("standard", "sev1", "priority-support")
    assert bought.worst_case_minutes == 60 < contract.effective_target("standard", "sev1").worst_case_minutes
