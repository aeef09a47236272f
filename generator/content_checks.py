"""Checks across articles that no single article's front matter can fail: duplicate titles,
pictures whose file is missing (MkDocs finds those; we say it in a writer's words), and
links or pictures the build took out of a page (the sanitiser finds those as it renders)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem
from .load import display_path
from .markdown_safe import REFUSED_LINK, RefusedAddress, find_address, refusal_wording, source_lines

if TYPE_CHECKING:  # articles.py calls this module
    from .articles import ArticleMeta

_TITLE_LINE = re.compile(r"^(?:title:\s*|#\s+)(?P<text>\S)")


def _title_position(path: Path) -> tuple[int, int]:
    """(line, column) of the title's text: the front-matter `title:` or the first `# ` heading."""
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, 1
    for number, line in enumerate(lines, 1):
        match = _TITLE_LINE.match(line)
        if match:
            return number, match.start("text") + 1
    return 1, 1


def _key(title: str) -> str:
    return " ".join(title.split()).casefold()


def duplicate_titles(content_dir: Path, articles: Mapping[str, ArticleMeta]) -> list[Problem]:
    """A warning on every article whose title an earlier article (by path) of its folder has.

    Two folders' "Overview" pages are told apart by their section, which search results and
    menus show beside the title; two in one folder are not.
    """
    first: dict[tuple[str, str], str] = {}
    problems = []
    for src_path in sorted(articles):
        title = articles[src_path].title
        seen = first.setdefault((src_path.rpartition("/")[0], _key(title)), src_path)
        if seen == src_path:
            continue
        path = content_dir / src_path
        line, column = _title_position(path)
        problems.append(
            Problem(
                display_path(path),
                line,
                column,
                f"the title `{title}` is also the title of {display_path(content_dir / seen)}",
                "give each article its own title: readers tell them apart by it in search results and menus",
                "warning",
                "duplicate-title",
            )
        )
    return problems


# MkDocs names the target when it differs from the link as written (`../images/x.png`).
_NOT_FOUND = re.compile(r"the target (?:'[^']*' )?is not found")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")


def missing_image(docs_dir: Path, doc: str, link: str, mkdocs_message: str) -> tuple[str, str] | None:
    """(message, hint) when MkDocs reports a link to a picture file that does not exist."""
    target = link.split("#", 1)[0].split("?", 1)[0]
    if _NOT_FOUND.search(mkdocs_message) is None or not target.lower().endswith(IMAGE_SUFFIXES):
        return None
    where = Path(os.path.normpath((docs_dir / doc).parent / target))
    return (
        f"image `{target}` not found",
        f"add the picture as {display_path(where)}, or fix the path: it is relative to the article",
    )


def refused_in_article(path: Path, refused: Sequence[RefusedAddress]) -> list[Problem]:
    """A warning at its file:line for each address taken out of the article at path as it was rendered.

    Each is looked for in the file after the one before it, so the same address written
    twice is reported at both places; one not found (the page's Markdown came from
    elsewhere) names the file alone.
    """
    lines = source_lines(path)
    shown = display_path(path)
    problems = []
    after = (1, 1)
    for one in refused:
        found = find_address(lines, one.value, after)
        line, column = found or (0, 0)
        if found is not None:
            after = (line, column + 1)
        message, hint = refusal_wording(one)
        problems.append(Problem(shown, line, column, message, hint, "warning", REFUSED_LINK))
    return sorted(problems)
