"""How problems are printed: text, json and github for `scopebook check`, and the plugin log.

Reporters are picked by name (`REPORTERS`). Messages, hints and file names carry text
written by users (a front-matter key, a file name, a YAML value), so every format escapes
control characters in them first: a newline, carriage return, escape or other C0/C1
control is shown as a visible escape such as `\\n` or `\\x1b`. Otherwise a key holding a
newline could print a line of its own, for example a GitHub workflow command such as
`::error file=...`, or a terminal escape sequence.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from .errors import Problem

# C0 controls, DEL, C1 controls, and the two Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """text with every control character shown as a visible escape; one line, always."""
    return _CONTROL.sub(_escape_one, text)


# Enough for text in the middle of a line or a table cell: line-start syntax cannot arise there.
_MARKDOWN_SPECIAL = "\\`*_[]<|~"


def markdown_inline(text: str) -> str:
    """User text as literal Markdown inside a line or table cell: one line, no markup, no HTML."""
    text = escape_controls(" ".join(text.split()))
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)


def _location(problem: Problem) -> str:
    return escape_controls(problem.location())


def format_text(problem: Problem) -> str:
    """`file:line:col: level: message`, then the hint indented on a second line."""
    text = f"{_location(problem)}: {problem.level}: {escape_controls(problem.message)}"
    if problem.hint:
        text += f"\n    hint: {escape_controls(problem.hint)}"
    return text


# A problem the plugin logs while MkDocs builds travels whole in this attribute of the log
# record (`logging`'s `extra`), so whoever collects MkDocs' log (`scopebook build` and
# `check`, the preview of `mkdocs serve`) gets it as it was found, at its file:line.
PROBLEM_ATTRIBUTE = "scopebook_problem"


def format_log(problem: Problem) -> str:
    """One line for MkDocs' log: `file:line:col: message (hint)`."""
    text = f"{_location(problem)}: {escape_controls(problem.message)}"
    return text + (f" ({escape_controls(problem.hint)})" if problem.hint else "")


def _github_data(text: str) -> str:
    # GitHub's own escapes for workflow command data, then no control character at all.
    return escape_controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def find_repo_root(start: Path) -> Path | None:
    """The nearest folder at or above start holding `.git` (a folder, or a file in a worktree)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def repo_path(shown: str, cwd: Path | None = None) -> str:
    """A file name shown relative to the current folder, made relative to the repository root.

    GitHub places an annotation by its path from the repository root, so a check run from a
    subfolder must not print the path it would show a person.
    """
    here = (cwd or Path.cwd()).resolve()
    workspace = os.environ.get("GITHUB_WORKSPACE")
    root = Path(workspace) if workspace else find_repo_root(here)
    if root is None:
        return shown
    try:
        return (here / shown).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return shown


AnnotationLevel = Literal["error", "warning", "notice"]


def github_annotation(
    level: AnnotationLevel, message: str, file: str = "", line: int = 0, column: int = 0, title: str = ""
) -> str:
    """One workflow command, as GitHub documents it:
    `::error file={name},line={line},col={col},title={title}::{message}` (also `warning`,
    `notice`); file relative to the repository root, line and column 1-based (0: none)."""
    props = []
    if file:
        props.append(f"file={_github_property(repo_path(file))}")
        if line:
            props.append(f"line={line}")
            if column:
                props.append(f"col={column}")
    if title:
        props.append(f"title={_github_property(title)}")
    head = f"::{level} {','.join(props)}" if props else f"::{level}"
    return f"{head}::{_github_data(message)}"


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command, so the problem shows as a pull-request annotation."""
    message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
    return github_annotation(problem.level, message, problem.file, problem.line, problem.column)


def _problem_record(problem: Problem) -> dict[str, object]:
    return {
        "file": escape_controls(problem.file),
        "line": problem.line,
        "column": problem.column,
        "level": problem.level,
        "code": problem.code,
        "message": escape_controls(problem.message),
        "hint": escape_controls(problem.hint),
    }


def report_text(problems: Sequence[Problem], summary: str, failed: bool) -> str:
    return "".join(format_text(p) + "\n" for p in problems) + escape_controls(summary) + "\n"


def report_github(problems: Sequence[Problem], summary: str, failed: bool) -> str:
    return "".join(format_github(p) + "\n" for p in problems) + escape_controls(summary) + "\n"


def report_json(problems: Sequence[Problem], summary: str, failed: bool) -> str:
    payload = {
        "ok": not failed,
        "errors": sum(1 for p in problems if p.is_error),
        "warnings": sum(1 for p in problems if not p.is_error),
        "problems": [_problem_record(p) for p in problems],
    }
    return json.dumps(payload, indent=2, sort_keys=True) + "\n"


Reporter = Callable[[Sequence[Problem], str, bool], str]
REPORTERS: dict[str, Reporter] = {"text": report_text, "json": report_json, "github": report_github}
