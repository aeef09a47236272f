"""The one error type for user mistakes, and the problems it carries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]

SHOWN_CHARS = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown(value: object) -> str:
    """A value quoted in a message: control characters made visible, long values shortened."""
    text = str(value)
    if _CONTROL.search(text):
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 3] + "..."


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the user's input, located as precisely as we can."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    level: Level = "error"
    code: str = "invalid"

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def location(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


class ScopeError(Exception):
    """Raised when input cannot be used; carries every problem found so far."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        from .report import format_text  # report imports this module

        self.problems = tuple(problems)
        super().__init__("\n".join(format_text(p) for p in self.problems))

    @classmethod
    def at(
        cls,
        file: str,
        line: int,
        column: int,
        message: str,
        hint: str = "",
        code: str = "invalid",
    ) -> ScopeError:
        return cls([Problem(file, line, column, message, hint, "error", code)])
