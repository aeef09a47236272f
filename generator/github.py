"""GitHub Actions workflow commands: annotations on a pull request's files.

Syntax, as GitHub documents it: `::error file={name},line={line},col={col},title={title}::{message}`
(also `warning` and `notice`). The file is relative to the repository root, line and column
are 1-based. In the message `%`, CR and LF are escaped as `%25`, `%0D`, `%0A`; property
values also escape `:` and `,` as `%3A` and `%2C`, which would otherwise end the value.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

AnnotationLevel = Literal["error", "warning", "notice"]


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def find_repo_root(start: Path) -> Path | None:
    """The nearest folder at or above start holding `.git` (a folder, or a file in a worktree)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def repo_path(shown: str, cwd: Path | None = None) -> str:
    """A file name shown relative to the current folder, made relative to the repository root."""
    here = (cwd or Path.cwd()).resolve()
    root = Path(os.environ["GITHUB_WORKSPACE"]) if os.environ.get("GITHUB_WORKSPACE") else find_repo_root(here)
    if root is None:
        return shown
    absolute = (here / shown).resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return shown


def annotation(
    level: AnnotationLevel, message: str, file: str = "", line: int = 0, column: int = 0, title: str = ""
) -> str:
    """One workflow command; file is shown relative to the current folder (0 = no line)."""
    props = []
    if file:
        props.append(f"file={escape_property(repo_path(file))}")
        if line:
            props.append(f"line={line}")
            if column:
                props.append(f"col={column}")
    if title:
        props.append(f"title={escape_property(title)}")
    head = f"::{level} {','.join(props)}" if props else f"::{level}"
    return f"{head}::{escape_data(message)}"
