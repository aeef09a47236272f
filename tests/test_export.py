"""The JSON export: valid against its schema, complete per plan, byte-stable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from scope_fixtures import EVERY_FORM, FIXTURES, MINIMAL, REPO, scope_dir_with

from generator.cli import main
from generator.contract import load_contract
from generator.export import contract_to_dict, export_json, indented_json
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
        "commitment": "2bd",
        "human": "2 business days",
        "kind": "duration",
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


@pytest.mark.parametrize("output", ["missing-folder/scope.json", "."])
def test_export_to_a_path_that_cannot_be_written_is_a_usage_error(
    output: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["export", "-o", str(tmp_path / output)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"scopebook: cannot write {tmp_path / output}: ") and "Traceback" not in err, err


def test_every_format_2_form_exports_in_plain_words(tmp_path: Path):
    data = contract_to_dict(load_contract(scope_dir_with(tmp_path, EVERY_FORM)))
    Draft202012Validator(load_schema("export.schema.json")).validate(data)
    assert data["format"] == 2
    basic, pro = data["plans"]
    assert (basic["price"], pro["price"]) == ("Free", "USD 25 per user per month")
    assert "hours" not in basic["service_level"]
    assert basic["service_level"]["hours_summary"] == "No support hours are published"
    assert basic["service_level"]["response_targets"]["high"] == {
        "human": "Best effort, no response target",
        "kind": "best-effort",
        "offered": True,
        "text": "best-effort",
    }
    assert pro["service_level"]["hours_summary"] == "Monday to Friday, 09:00-17:00 in your local time zone"
    assert pro["service_level"]["response_targets"]["high"]["hours"] == "always"
    low = pro["service_level"]["response_targets"]["normal"]
    assert (low["kind"], low["text"], low["commitment"], low["human"]) == (
        "range",
        "4bh-2bd",
        "2bd",
        "4 business hours to 2 business days",
    )
    assert pro["service_level"]["response_targets"]["low"]["reason"] == "Pro questions go to your *account manager*."
    upgrade = basic["with_addons"]["priority"]
    assert upgrade["summary"] == "With Priority support: High in 1 hour; unlimited named contacts; also in German"
    assert upgrade["improves"][0] == {"field": "response_targets", "severity": "high", "text": "High in 1 hour"}
    assert upgrade["service_level"]["response_targets"]["high"]["worst_case_minutes"] == 60
    priority = next(a for a in data["addons"] if a["id"] == "priority")
    assert priority["service_level"]["contacts"] == "unlimited"


def test_export_schema_refuses_a_contradictory_target():
    export = load_schema("export.schema.json")
    target = Draft202012Validator({"$defs": export["$defs"], "$ref": "#/$defs/target"})
    assert target.is_valid({"kind": "best-effort", "offered": True, "text": "best-effort", "human": "Best effort"})
    assert not target.is_valid({"kind": "not-offered", "offered": True, "text": "not-offered", "human": "x"})
    assert not target.is_valid({"kind": "range", "offered": True, "text": "1h-2h", "human": "1 to 2 hours"})
    assert not target.is_valid(
        {"kind": "best-effort", "offered": True, "text": "best-effort", "human": "x", "worst_case_minutes": 5}
    )


# --- indented_json: json.dumps(indent=2, sort_keys=True, ensure_ascii=False), faster -------

_SCALARS = (
    st.text()
    | st.sampled_from(["", "é", "\u2028", "\x00\x1f\x7f", '"\\/', "\ud800"])
    | st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
)
_KEYS = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()


def _same_key_type(keys: list[object]) -> bool:
    return len({type(k) for k in keys}) <= 1 and len({bool if isinstance(k, bool) else type(k) for k in keys}) <= 1


_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(_KEYS, inner, max_size=3).filter(lambda d: _same_key_type(list(d)))
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_indented_json_is_json_dumps(value: object) -> None:
    expected = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    assert indented_json(value) == expected


def test_indented_json_of_the_sample_contract_is_json_dumps() -> None:
    data = contract_to_dict(load_contract(REPO / "scope"))
    assert indented_json(data) == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def test_indented_json_refuses_what_json_dumps_refuses() -> None:
    for value in ({"a": object()}, [set()], {(1, 2): 1}):
        with pytest.raises(TypeError):
            json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
        with pytest.raises(TypeError):
            indented_json(value)


def test_hours_with_several_windows_export_them(tmp_path: Path):
    contract = load_contract(scope_dir_with(tmp_path, FIXTURES / "positive" / "hours-differ-by-weekday.yaml"))
    data = contract_to_dict(contract)
    Draft202012Validator(load_schema("export.schema.json")).validate(data)
    extended = next(h for h in data["hours"] if h["id"] == "extended")
    assert extended == {
        "id": "extended",
        "name": "Extended hours (US Eastern)",
        "always": False,
        "timezone": "America/New_York",
        "windows": [
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "20:00"},
            {"days": ["sat"], "start": "09:00", "end": "17:00"},
        ],
        "holidays": "Closed on US federal holidays.",
        "summary": "Monday to Friday, 08:00-20:00; Saturday, 09:00-17:00 (America/New_York)",
    }
    pro = next(p for p in data["plans"] if p["id"] == "pro")
    assert pro["service_level"]["hours_summary"] == extended["summary"]
    assert pro["service_level"]["response_targets"]["low"]["worst_case_minutes"] == 64 * 60
