"""The YAML loader: positions, safety limits, and clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scope_fixtures import scope_dir_with

from generator.errors import ScopeError
from generator.load import MAX_FILE_BYTES, MAX_VALUES, load_yaml_bytes, load_yaml_text


def test_marks_point_at_keys_and_values():
    doc = load_yaml_text("plans:\n  - id: free\n    name: Free\n", "x.yaml")
    assert doc.data == {"plans": [{"id": "free", "name": "Free"}]}
    assert (doc.mark(("plans", 0, "name")).line, doc.mark(("plans", 0, "name")).column) == (3, 11)
    assert doc.mark(("plans", 0, "name"), key=True).column == 5
    # a path that does not exist falls back to the nearest enclosing value
    assert doc.mark(("plans", 0, "missing")).line == 2


def test_dates_and_times_stay_as_typed_text():
    doc = load_yaml_text("effective: 2026-10-01\nstart: '08:00'\nn: 3\nok: true\nnone: ~\n", "x.yaml")
    assert doc.data == {"effective": "2026-10-01", "start": "08:00", "n": 3, "ok": True, "none": None}


def test_sexagesimal_and_odd_scalars_do_not_crash():
    doc = load_yaml_text("a: 1:30\nb: 0x1f\nc: .inf\nd: 1_000\n", "x.yaml")
    assert doc.data["b"] == 31 and doc.data["d"] == 1000


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for level in "bcdefghij":
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = level
    with pytest.raises(ScopeError) as info:
        load_yaml_text("\n".join(lines) + "\n", "bomb.yaml")
    problem = info.value.problems[0]
    assert f"more than {MAX_VALUES:,} values" in problem.message
    assert "aliases" in problem.hint


def test_hundred_thousand_aliases_are_refused():
    text = "base: &b {k: v}\nmany:\n" + "  - *b\n" * 100_000
    with pytest.raises(ScopeError) as info:
        load_yaml_text(text, "aliases.yaml")
    assert info.value.problems[0].code == "too-large"


def test_large_file_is_refused_before_parsing():
    data = b"# padding\n" * (MAX_FILE_BYTES // 10 + 10)
    with pytest.raises(ScopeError) as info:
        load_yaml_bytes(data, "big.yaml")
    assert "the limit is" in info.value.problems[0].message
    assert "split the file" in info.value.problems[0].hint


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(ScopeError) as info:
        load_yaml_text("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    assert "nested too deeply" in info.value.problems[0].message


def test_non_utf8_names_line_and_column():
    with pytest.raises(ScopeError) as info:
        load_yaml_bytes(b"a: ok\nb: caf\xe9\n", "latin.yaml")
    p = info.value.problems[0]
    assert (p.line, p.column) == (2, 7)


def test_utf8_bom_is_accepted():
    assert load_yaml_bytes(b"\xef\xbb\xbfa: 1\n", "bom.yaml").data == {"a": 1}


def _cli(tmp_path: Path, text: bytes) -> subprocess.CompletedProcess[str]:
    scope = scope_dir_with(tmp_path)
    (scope / "bad.yaml").write_bytes(text)
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard, not a speed assertion: bench/ measures speed
    )


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        (
            "bomb",
            b"a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            + b"".join(
                f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n".encode()
                for p, c in zip("abcdefghi", "bcdefghij", strict=True)
            ),
            "values",
        ),
        ("ten-megabytes", b"a: " + b"x" * (10 * 1024 * 1024) + b"\n", "the limit is"),
        ("binary", bytes(range(256)) * 4, "not valid UTF-8"),
    ],
)
def test_cli_reports_hostile_files_without_traceback(tmp_path, label, text, expected):
    result = _cli(tmp_path, text)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "scope/bad.yaml:" in result.stdout
    assert expected in result.stdout
