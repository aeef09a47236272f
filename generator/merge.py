"""Find the files in scope/, load and schema-check each, and merge their sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Level, Problem, ScopeError
from .load import PathKey, SourceDoc, display_path, load_yaml_file
from .source_files import Listing, scan
from .validate import validate_doc

LIST_SECTIONS = (
    "plans",
    "severities",
    "hours",
    "channels",
    "service_levels",
    "areas",
    "addons",
    "lifecycle",
    "responsibilities",
)
SCOPE_SCHEMA = "scope.schema.json"


@dataclass(frozen=True)
class Entry:
    """One mapping from a scope file (a list element, or the contract section)."""

    doc: SourceDoc
    path: PathKey
    data: dict[str, Any]

    def problem(
        self,
        sub: PathKey,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        level: Level = "error",
        code: str = "invalid",
    ) -> Problem:
        mark = self.doc.mark((*self.path, *sub), key=key)
        return Problem(self.doc.path, mark.line, mark.column, message, hint, level, code)

    def has(self, *sub: str | int) -> bool:
        value: Any = self.data
        for part in sub:
            if isinstance(part, int):
                if not isinstance(value, list) or part >= len(value):
                    return False
            elif not isinstance(value, dict) or part not in value:
                return False
            value = value[part]
        return True


@dataclass
class MergedScope:
    """All scope files' sections, concatenated, each entry still knowing its origin."""

    files: list[SourceDoc] = field(default_factory=list)
    contract: Entry | None = None
    sections: dict[str, list[Entry]] = field(default_factory=dict)

    def entries(self, section: str) -> list[Entry]:
        return self.sections.get(section, [])


def scope_files(scope_dir: Path) -> Listing:
    """The YAML files of a scope directory, in name order, and what was skipped and why."""
    if not scope_dir.is_dir():
        raise ScopeError.at(
            display_path(scope_dir),
            0,
            0,
            "scope directory not found",
            "create it, or point `scope_dir` (or --scope-dir) at the folder holding your *.yaml",
            "usage",
        )
    listing = scan(scope_dir, (".yaml", ".yml"), recursive=False)
    if not listing.files:
        none = Problem(
            display_path(scope_dir),
            0,
            0,
            "no *.yaml files in the scope directory",
            "add at least one file; see docs/contract-format.md",
            "error",
            "empty",
        )
        raise ScopeError([*listing.problems, none])
    return listing


def load_scope(scope_dir: Path) -> tuple[MergedScope, list[Problem]]:
    """Load, schema-check and merge every scope file; collect every problem found."""
    merged = MergedScope()
    listing = scope_files(scope_dir)
    problems: list[Problem] = list(listing.problems)
    for path in listing.files:
        try:
            doc = load_yaml_file(path)
        except ScopeError as exc:
            problems.extend(exc.problems)
            continue
        if not isinstance(doc.data, dict):
            mark = doc.mark(())
            problems.append(
                Problem(
                    doc.path,
                    mark.line,
                    mark.column,
                    f"a scope file must be a mapping of sections, not {type(doc.data).__name__}",
                    "start lines with a section name such as `plans:` or `areas:`",
                    code="schema",
                )
            )
            continue
        found = validate_doc(doc, SCOPE_SCHEMA)
        problems.extend(found)
        if found:
            continue
        merged.files.append(doc)
        _merge(merged, doc, problems)
    return merged, problems


def _merge(merged: MergedScope, doc: SourceDoc, problems: list[Problem]) -> None:
    for name, value in doc.data.items():
        if name == "contract":
            entry = Entry(doc, ("contract",), value)
            if merged.contract is not None:
                first = merged.contract
                problems.append(
                    entry.problem(
                        (),
                        "the `contract` section is given twice "
                        f"(first in {first.doc.path}:{first.doc.mark(('contract',), key=True).line})",
                        "keep one `contract:` section and delete the other",
                        key=True,
                        code="duplicate-section",
                    )
                )
                continue
            merged.contract = entry
        else:
            bucket = merged.sections.setdefault(name, [])
            bucket.extend(Entry(doc, (name, i), item) for i, item in enumerate(value))
