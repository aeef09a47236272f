"""Article front matter: parse, validate, and check scope references.

MkDocs parses front matter too, but it turns dates into `datetime.date` and forgets where
each key was written. We read the block ourselves with `load_yaml_text` so that every
problem names file:line:col, and so that `scopebook check` and the MkDocs build report the
same problems for the same input.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.pages import Page

from .contract import ScopeReport, check_scope
from .errors import Problem, ScopeError
from .load import SourceDoc, display_path, load_yaml_text
from .model import Contract
from .url_policy import is_front_matter_url_key, url_problems
from .validate import did_you_mean, load_schema, validate_doc

FRONTMATTER_SCHEMA = "frontmatter.schema.json"
# Same shape MkDocs accepts, so both readers agree on where the block ends.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class ArticleMeta:
    """What an article's front matter says, checked."""

    src_path: str  # relative to content/, with forward slashes
    title: str
    summary: str = ""
    tags: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    last_reviewed: str | None = None
    owner: str | None = None
    hide: tuple[str, ...] = ()
    review_every: str | None = None  # "6 months", "90 days": see `scopebook stale`

    @property
    def section_dir(self) -> str:
        """The top folder under content/, or "" for a file at the top."""
        return self.src_path.split("/", 1)[0] if "/" in self.src_path else ""

    @property
    def is_section_index(self) -> bool:
        return self.src_path.endswith("/index.md") and self.src_path.count("/") == 1


@dataclass(frozen=True)
class ArticleRecord:
    """One built article, as the search index reads it."""

    src_path: str
    url: str  # site-relative, e.g. "sso/set-up-saml/"
    title: str
    summary: str
    tags: tuple[str, ...]
    section: str  # title of the article's top folder
    scope: tuple[str, ...]
    html: str  # rendered page body
    toc: tuple[tuple[str, str, int], ...]  # (anchor id, heading text, level)


def article_record(meta: ArticleMeta, page: Page, section: str) -> ArticleRecord:
    """What the search index reads from one rendered article page."""
    toc: list[tuple[str, str, int]] = []
    stack = list(page.toc.items)
    while stack:
        entry = stack.pop(0)
        # MkDocs keeps heading titles HTML-escaped; records and views hold plain text.
        toc.append((entry.id, html.unescape(entry.title), entry.level))
        stack[0:0] = entry.children
    return ArticleRecord(
        src_path=meta.src_path,
        url=page.url,
        title=meta.title,
        summary=meta.summary,
        tags=meta.tags,
        section=section,
        scope=meta.scope,
        html=page.content or "",
        toc=tuple(toc),
    )


def known_keys() -> frozenset[str]:
    return frozenset(load_schema(FRONTMATTER_SCHEMA)["properties"])


def article_paths(content_dir: Path) -> Iterator[Path]:
    """Markdown files under content_dir in a stable order, skipping hidden folders."""
    for path in sorted(content_dir.rglob("*.md")):
        relative = path.relative_to(content_dir)
        if not any(part.startswith(".") for part in relative.parts):
            yield path


def article_exists_in(content_dir: Path) -> Callable[[str], bool]:
    """A check for `alternative: article:` targets that stays inside content_dir."""
    root = content_dir.resolve()

    def exists(path: str) -> bool:
        target = (root / path).resolve()
        return target.is_relative_to(root) and target.is_file()

    return exists


def read_article(path: Path, src_path: str, contract: Contract) -> tuple[ArticleMeta | None, list[Problem]]:
    """Parse and check one article's front matter."""
    shown = display_path(path)
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, 0, 0, f"cannot read article: {exc}", code="article")]
    return parse_front_matter(text, shown, src_path, contract)


def parse_front_matter(
    text: str, shown: str, src_path: str, contract: Contract
) -> tuple[ArticleMeta | None, list[Problem]]:
    """Check the front matter of one article's text; shown names it in problems."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if match is None or not (match.group(1) or "").strip():
        return None, [
            Problem(
                shown,
                1,
                1,
                "the article has no front matter with a title",
                "start the file with three lines: `---`, `title: Your title`, `---`",
                code="frontmatter",
            )
        ]
    try:
        doc = load_yaml_text(match.group(1), shown)
    except ScopeError as exc:
        return None, [_below_fence(p) for p in exc.problems]
    problems = [_below_fence(p) for p in validate_doc(doc, FRONTMATTER_SCHEMA)]
    if not isinstance(doc.data, dict):
        return None, problems
    problems.extend(_unknown_keys(doc))
    problems.extend(_missing_title(doc, problems))
    problems.extend(_unknown_items(doc, contract))
    problems.extend(_below_fence(p) for p in url_problems(doc, is_front_matter_url_key))
    if any(p.is_error for p in problems):
        return None, problems
    data: dict[str, Any] = doc.data
    meta = ArticleMeta(
        src_path=src_path,
        title=data["title"],
        summary=data.get("summary") or "",
        tags=tuple(data.get("tags") or ()),
        scope=tuple(data.get("scope") or ()),
        products=tuple(data.get("products") or ()),
        last_reviewed=data.get("last_reviewed"),
        owner=data.get("owner"),
        hide=tuple(data.get("hide") or ()),
        review_every=f"{data['review_every']} days"
        if isinstance(data.get("review_every"), int)
        else data.get("review_every"),
    )
    return meta, problems


def _below_fence(problem: Problem) -> Problem:
    # The YAML text starts on line 2 of the file, after the opening `---`.
    return dataclasses.replace(problem, line=problem.line + 1) if problem.line else problem


def _located(
    doc: SourceDoc, path: tuple[str | int, ...], key: bool, message: str, hint: str, level: str, code: str
) -> Problem:
    mark = doc.mark(path, key=key)
    return Problem(doc.path, mark.line + 1, mark.column, message, hint, level, code)  # type: ignore[arg-type]


def _unknown_keys(doc: SourceDoc) -> Iterator[Problem]:
    allowed = known_keys()
    for key in doc.data:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed) or f"known keys: {', '.join(sorted(allowed))}"
            yield _located(
                doc, (key,), True, f"unknown front matter key `{key}` is ignored", hint, "warning", "frontmatter"
            )


def _missing_title(doc: SourceDoc, found: list[Problem]) -> Iterator[Problem]:
    # validate_doc keeps quiet about a missing key when a misspelling of it is present,
    # because with a closed schema the misspelling is the error; ours is open, so say it here.
    if "title" in doc.data or any(p.is_error and "`title`" in p.message for p in found):
        return
    misspelt = next((k for k in doc.data if did_you_mean(str(k), ["title"])), None)
    hint = f"rename `{misspelt}` to `title`" if misspelt else "add a line such as `title: Set up SAML single sign-on`"
    yield _located(doc, (), False, "the front matter is missing the required key `title`", hint, "error", "frontmatter")


def _unknown_items(doc: SourceDoc, contract: Contract) -> Iterator[Problem]:
    scope = doc.data.get("scope")
    if not isinstance(scope, list):
        return
    ids = {item.id for item in contract.items()}
    for index, item_id in enumerate(scope):
        if isinstance(item_id, str) and item_id not in ids:
            hint = did_you_mean(item_id, ids) or "use an item id from scope/*.yaml (see `scopebook export`)"
            yield _located(
                doc, ("scope", index), False, f"unknown scope item `{item_id}`", hint, "error", "frontmatter"
            )


def load_articles(content_dir: Path, contract: Contract) -> tuple[dict[str, ArticleMeta], list[Problem]]:
    """Front matter of every article, keyed by path under content_dir, and every problem."""
    articles: dict[str, ArticleMeta] = {}
    problems: list[Problem] = []
    for path in article_paths(content_dir):
        src_path = path.relative_to(content_dir).as_posix()
        meta, found = read_article(path, src_path, contract)
        problems.extend(found)
        if meta is not None:
            articles[src_path] = meta
    return articles, problems


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))


def check_articles(content_dir: Path, contract: Contract) -> list[Problem]:
    """Every front-matter problem in content_dir, sorted by file and position."""
    _, problems = load_articles(content_dir, contract)
    return _sorted(problems)


def article_checker(content_dir: Path) -> Callable[[str], bool] | None:
    """Checks `alternative: article:` targets, when there is a content folder to check in."""
    return article_exists_in(content_dir) if content_dir.is_dir() else None


@dataclass(frozen=True)
class Sources:
    """scope/ and the articles, loaded and checked once: what a build uses, and every problem."""

    report: ScopeReport
    articles: Mapping[str, ArticleMeta]
    problems: tuple[Problem, ...]  # scope/ and front matter, sorted by file and position
    article_files: int  # Markdown files read, including those with errors

    @property
    def contract(self) -> Contract | None:
        return self.report.contract

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def check_sources(scope_dir: Path, content_dir: Path) -> Sources:
    """scope/ and the articles' front matter, as `scopebook check` and the build check them."""
    report = check_scope(scope_dir, article_checker(content_dir))
    problems = list(report.problems)
    articles: dict[str, ArticleMeta] = {}
    files = 0
    if report.contract is not None and content_dir.is_dir():
        articles, found = load_articles(content_dir, report.contract)
        problems.extend(found)
        files = sum(1 for _ in article_paths(content_dir))
    return Sources(report, articles, tuple(_sorted(problems)), files)
