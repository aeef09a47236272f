"""`scopebook diff`: open both sides, compare, and print the result as text, Markdown, JSON
or GitHub annotations. Exit 1 when a weakening is not recorded in `contract.changes`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .contract import check_scope
from .diff import EFFECTS, ContractChange, ContractDiff, Snapshot, diff_contracts
from .errors import Problem, ScopeError
from .report import escape_controls, format_text, github_annotation, markdown_inline
from .revisions import NO_CONTRACT, Side, default_base, open_side

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

RECORD_HINT = (
    "add an entry at the top of `contract.changes` saying what gets worse, with a new version, "
    "and set `contract.version` to it"
)


def snapshot(side: Side) -> Snapshot:
    """The resolved contract of one side, or ScopeError naming what is wrong there."""
    report = check_scope(side.scope_dir)
    if report.contract is None:
        problems = [p for p in report.problems if p.is_error]
        shown = [
            Problem(side.shown(p.file) if p.line else p.file, p.line, p.column, p.message, p.hint, p.level, p.code)
            for p in problems
        ]
        raise ScopeError(shown)
    return Snapshot(report.contract, report.merged, report.origins, side.shown)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def summary(diff: ContractDiff) -> str:
    if not diff.changes:
        return "no changes to the contract"
    counts = ", ".join(
        f"{diff.count(e)} neutral" if e == "neutral" else _count(diff.count(e), e) for e in EFFECTS if diff.count(e)
    )
    return f"{_count(len(diff.changes), 'change')}: {counts}"


def verdict(diff: ContractDiff) -> str:
    if not diff.weakenings:
        return "nothing gets worse for customers"
    if diff.recorded:
        return f"the weakenings are recorded in contract.changes (version {diff.head.version})"
    return (
        f"{_count(len(diff.weakenings), 'weakening')} not recorded: "
        f"contract.changes has no new entry and contract.version is still {diff.head.version}"
        if diff.head.version == diff.base.version
        else f"{_count(len(diff.weakenings), 'weakening')} not recorded: "
        f"contract.changes has no entry for version {diff.head.version}"
    )


def _groups(diff: ContractDiff) -> Iterator[tuple[str, list[ContractChange]]]:
    groups: dict[str, list[ContractChange]] = {}
    for change in diff.changes:
        groups.setdefault(change.group, []).append(change)
    yield from groups.items()


def render_text(diff: ContractDiff, base: str, head: str) -> str:
    lines = [f"Contract {diff.base.version} ({base}) -> {diff.head.version} ({head}): {summary(diff)}"]
    for group, changes in _groups(diff):
        lines += ["", group]
        for c in changes:
            where = f"  [{c.where.file}:{c.where.line}]" if c.where else ""
            lines.append(f"  {c.effect:<13}  {c.text}{where}")
    if not diff.ok:
        lines.append("")
        for c in diff.weakenings:
            place = f"{c.where}: " if c.where else ""
            lines.append(f"{place}error: weakening not recorded: {c.text}")
        lines.append(f"    hint: {RECORD_HINT}")
    lines += ["", verdict(diff)]
    # Writer text (names, titles, file names) must not start lines of its own.
    return "".join(escape_controls(line) + "\n" for line in lines)


def render_markdown(diff: ContractDiff, base: str, head: str) -> str:
    lines = [
        f"### Contract changes: {markdown_inline(diff.base.version)} → {markdown_inline(diff.head.version)}",
        "",
        f"Compared `{base}` with `{head}`: {summary(diff)}.",
    ]
    if diff.weakenings:
        mark = "**Recorded.**" if diff.recorded else "**Not recorded: this check fails.**"
        lines += ["", f"> {mark} {markdown_inline(verdict(diff))}."]
        if not diff.recorded:
            lines += [">", f"> To pass, {RECORD_HINT}."]
    for group, changes in _groups(diff):
        lines += ["", f"#### {markdown_inline(group)}", ""]
        for c in changes:
            where = f" (`{c.where.file}:{c.where.line}`)" if c.where else ""
            lines.append(f"- **{c.effect.capitalize()}**: {markdown_inline(c.text)}{where}")
    return "\n".join(lines) + "\n"


def render_json(diff: ContractDiff, base: str, head: str) -> str:
    payload = {
        "base": {"revision": base, "version": diff.base.version},
        "head": {"revision": head, "version": diff.head.version},
        "ok": diff.ok,
        "recorded": diff.recorded,
        "counts": {e: diff.count(e) for e in EFFECTS},
        "changes": [
            {
                "plan": c.plan,
                "group": c.group,
                "effect": c.effect,
                "kind": c.kind,
                "text": c.text,
                "file": c.where.file if c.where else None,
                "line": c.where.line if c.where else None,
                "column": c.where.column if c.where else None,
            }
            for c in diff.changes
        ],
    }
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_github(diff: ContractDiff, base: str, head: str) -> str:
    lines = []
    # GitHub shows only the first few annotations of each level per step: weakenings first.
    for c in sorted(diff.changes, key=lambda c: EFFECTS.index(c.effect)):
        if c.effect == "weakening":
            level: str = "warning" if diff.recorded else "error"
            message = c.text if diff.recorded else f"{c.text} (not recorded: {RECORD_HINT})"
        else:
            level, message = "notice", c.text
        w = c.where
        lines.append(
            github_annotation(
                level,  # type: ignore[arg-type]
                message,
                w.file if w else "",
                w.line if w else 0,
                w.column if w else 0,
                title=f"Contract {c.effect}",
            )
        )
    lines.append(f"Contract {diff.base.version} ({base}) -> {diff.head.version} ({head}): {summary(diff)}")
    lines.append(verdict(diff))
    return "\n".join(lines) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json, "github": render_github}


def run_diff(base_spec: str | None, head_spec: str | None, scope_dir: Path, fmt: str) -> int:
    """The `scopebook diff` command; returns its exit code."""
    cwd = Path.cwd()
    sides: list[Side] = []
    try:
        spec = base_spec if base_spec is not None else default_base(cwd)
        label = base_spec if base_spec is not None else f"merge base {spec[:12]}"
        try:
            base_side = open_side(spec, scope_dir, cwd)
        except ScopeError as exc:
            if exc.problems[0].code != NO_CONTRACT:
                raise
            # The change that adds the contract: nothing was promised before it.
            print(f"scopebook diff: {exc.problems[0].message}: the whole contract is new, nothing to compare")
            return EXIT_OK
        sides.append(base_side)
        head_side = open_side(head_spec, scope_dir, cwd)
        sides.append(head_side)
        snaps = []
        for side in (base_side, head_side):
            try:
                snaps.append(snapshot(side))
            except ScopeError as exc:
                for p in exc.problems:
                    print(format_text(p), file=sys.stderr)
                print(
                    f"scopebook diff: the contract at {side.label} has errors; fix them first (see `scopebook check`)",
                    file=sys.stderr,
                )
                return EXIT_PROBLEMS
        diff = diff_contracts(snaps[0], snaps[1])
        sys.stdout.write(RENDERERS[fmt](diff, label, head_side.label))
        return EXIT_OK if diff.ok else EXIT_PROBLEMS
    except ScopeError as exc:
        for p in exc.problems:
            hint = f"\n    hint: {escape_controls(p.hint)}" if p.hint else ""
            print(f"{p.file}: {escape_controls(p.message)}{hint}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        for side in sides:
            side.discard()
