"""The JSON export: valid against its schema, complete per plan, byte-stable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from scope_fixtures import MINIMAL, REPO, scope_dir_with

from generator.cli import main
from generator.contract import load_contract
from generator.export import contract_to_dict, export_json
from generator.validate import load_schema


def test_sample_export_validates_against_export_schema(tmp_path: Path):
    out = tmp_path / "scope.json"
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "export", "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    Draft202012Validator(load_schema("export.schema.json")).validate(data)
    contract = load_contract(REPO / "scope")
    plans = {p["id"]: p for p in data["plans"]}
    # per plan, every item and every severity is stated: nothing left implicit
    for plan in contract.plans:
        assert set(plans[plan.id]["coverage"]) == {i.id for i in contract.items()}
        assert set(plans[plan.id]["service_level"]["response_targets"]) == {s.id for s in contract.severities}


def test_export_reflects_inheritance(tmp_path: Path):
    data = contract_to_dict(load_contract(scope_dir_with(tmp_path, MINIMAL)))
    pro = next(p for p in data["plans"] if p["id"] == "pro")
    assert pro["service_level"]["response_targets"]["low"] == {
        "business": True,
        "human": "2 business days",
        "offered": True,
        "text": "2bd",
        "worst_case_minutes": 2880,
    }
    assert pro["coverage"]["custom-code"] == {"status": "excluded", "set_on": "pro"}
    assert pro["addons_available"] == []


def test_export_is_byte_identical_across_runs(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    assert main(["export"]) == 0
    first = capsys.readouterr().out
    assert main(["export"]) == 0
    assert capsys.readouterr().out == first
    assert first == export_json(load_contract(REPO / "scope"))


def test_export_of_broken_scope_exits_1_and_writes_nothing(tmp_path: Path, monkeypatch, capsys):
    scope_dir_with(tmp_path, texts={"s.yaml": "plans: [\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["export", "-o", "out.json"]) == 1
    assert not (tmp_path / "out.json").exists()
    assert "scope/s.yaml:2:1: error: YAML syntax error" in capsys.readouterr().err
