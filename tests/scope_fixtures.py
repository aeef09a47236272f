"""Shared helpers for tests that run the contract pipeline on fixture files."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "scope"
MINIMAL = FIXTURES / "minimal.yaml"
EVERY_FORM = FIXTURES / "every-format-2-form.yaml"  # each addition of contract format 2 once
REPO = Path(__file__).resolve().parent.parent


def scope_dir_with(tmp_path: Path, *files: Path, texts: dict[str, str] | None = None) -> Path:
    """A fresh `scope/` under tmp_path holding copies of files and the given texts."""
    scope = tmp_path / "scope"
    scope.mkdir(exist_ok=True)
    for file in files:
        shutil.copy(file, scope / file.name)
    for name, text in (texts or {}).items():
        (scope / name).write_text(text, encoding="utf-8")
    return scope


def typed(value: object) -> object:
    """Loaded YAML data with every key's and scalar's type spelt out (1, 1.0 and True compare equal otherwise)."""
    if isinstance(value, dict):
        return ("map", [(type(k).__name__, k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [typed(v) for v in value])
    return (type(value).__name__, repr(value))
