"""The contract pipeline: scope/ -> loaded -> schema-checked -> merged -> checked -> resolved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_references, check_rules
from .errors import Problem, ScopeError
from .markdown_safe import nesting_problems, refused_link_problems
from .merge import MergedScope, load_scope
from .model import Contract
from .resolve import Origins, resolve_contract
from .source_files import article_path_problems
from .url_policy import is_scope_url_key, url_problems


@dataclass(frozen=True)
class ScopeReport:
    """The outcome of checking scope/: the contract when usable, and every problem."""

    contract: Contract | None
    problems: tuple[Problem, ...]
    files: int
    # The merged entries and where each resolved value came from, for tools that point at
    # the line deciding a value (`scopebook diff`); None when the contract is unusable.
    merged: MergedScope | None = field(default=None, compare=False, repr=False)
    origins: Origins | None = field(default=None, compare=False, repr=False)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def check_scope(scope_dir: Path, article_exists: Callable[[str], bool] | None = None) -> ScopeReport:
    """Run every stage, collecting problems; stop before a stage that needs clean input."""
    try:
        merged, problems = load_scope(scope_dir)
    except ScopeError as exc:
        return ScopeReport(None, exc.problems, 0)
    files = len(merged.files) + len({p.file for p in problems})
    for doc in merged.files:
        problems.extend(url_problems(doc, is_scope_url_key))
        problems.extend(nesting_problems(doc))
        problems.extend(refused_link_problems(doc))
        problems.extend(article_path_problems(doc))
    if any(p.is_error for p in problems):
        return ScopeReport(None, tuple(problems), files)
    problems.extend(check_references(merged, article_exists))
    if any(p.is_error for p in problems):
        return ScopeReport(None, tuple(problems), files)
    contract, origins = resolve_contract(merged)
    problems.extend(check_rules(contract, origins))
    if any(p.is_error for p in problems):
        return ScopeReport(None, tuple(problems), files)
    return ScopeReport(contract, tuple(problems), files, merged, origins)


def load_contract(scope_dir: Path, article_exists: Callable[[str], bool] | None = None) -> Contract:
    """The resolved contract, or ScopeError carrying every error found."""
    report = check_scope(scope_dir, article_exists)
    if report.contract is None:
        raise ScopeError(report.errors)
    return report.contract
