"""Article front matter: parse, validate, and check scope references.

MkDocs parses front matter too, but it turns dates into `datetime.date` and forgets where
each key was written. We read the block ourselves with `load_yaml_text` so that every
problem names file:line:col, and so that `scopebook check` and the MkDocs build report the
same problems for the same input.
"""

from __future__ import annotations

import gc
import html
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE as MKDOCS_FRONT_MATTER
from mkdocs.utils.rendering import get_heading_text

from .collisions import file_collisions, id_collisions
from .content_checks import duplicate_titles
from .contract import ScopeReport, check_scope
from .errors import Problem, ScopeError, shown
from .load import SourceDoc, decode_utf8, display_path, load_yaml_text
from .markdown_safe import SafeMarkdownExtension, nesting_problems, too_deep
from .model import Contract
from .routes import Routes, is_folder_page, is_markdown
from .source_files import Listing, article_path_refusal, read_source, refusal, scan
from .url_policy import FRONT_MATTER_LINK_LISTS, is_front_matter_url_key, url_problems
from .validate import did_you_mean, load_schema, validate_doc

FRONTMATTER_SCHEMA = "frontmatter.schema.json"
# Same shape MkDocs accepts, so both readers agree on where the block ends.
# Titles, summaries and tags: a few hundred characters. A megabyte-long summary costs a
# minute of build time and hundreds of megabytes of memory in search and page rendering.
MAX_FRONT_MATTER_CHARS = 64 * 1024
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)
# Hugo's TOML front matter, which MkDocs does not read.
_TOML_FRONT_MATTER = re.compile(r"\A\+{3}[ \t]*\n.*?\n\+{3}[ \t]*(?:\n|\Z)", re.DOTALL)


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
    draft: bool = False  # `draft: true`: built by `mkdocs serve` only, as MkDocs' draft_docs

    @property
    def section_dir(self) -> str:
        """The top folder under content/, or "" for a file at the top."""
        return self.src_path.split("/", 1)[0] if "/" in self.src_path else ""

    @property
    def is_folder_page(self) -> bool:
        """index.md or README.md: the page MkDocs gives its folder's own URL.

        A README.md beside an index.md is left out of the site by MkDocs, so of the
        built articles at most one per folder is its page.
        """
        return is_folder_page(self.src_path)

    @property
    def is_section_index(self) -> bool:
        return self.is_folder_page and self.src_path.count("/") == 1


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


@dataclass(frozen=True)
class PageSource:
    """An article as MkDocs' Page.read_source reads it (`mkdocs.utils.meta.get_data`): the
    Markdown after the front matter, and the front matter's data, as yaml.safe_load gives it."""

    markdown: str
    meta: dict[str, Any]


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


@cache
def known_keys() -> frozenset[str]:
    return frozenset(load_schema(FRONTMATTER_SCHEMA)["properties"])


def article_paths(content_dir: Path, listing: Listing | None = None) -> Iterator[Path]:
    """Markdown files under content_dir in a stable order: regular files, none hidden."""
    listing = scan(content_dir, (), recursive=True) if listing is None else listing
    yield from (path for path in listing.files if is_markdown(path.name))


def article_exists_in(content_dir: Path) -> Callable[[str], bool]:
    """A check for `alternative: article:` targets: a regular Markdown file inside content_dir."""
    root = content_dir.resolve()
    project = root.parent
    known: dict[str, bool] = {}  # many items name the same few articles; each is looked up once

    def exists(path: str) -> bool:
        found = known.get(path)
        if found is None:
            found = known[path] = _article_exists(root, project, path)
        return found

    return exists


def _article_exists(root: Path, project: Path, path: str) -> bool:
    if article_path_refusal(path) is not None:
        return False
    target = root / path
    return Path(os.path.realpath(target)).is_relative_to(root) and refusal(target, project) is None


def _read_article(
    path: Path,
    src_path: str,
    contract: Contract,
    template_exists: Callable[[str], bool] | None,
    shown: str | None,
) -> tuple[ArticleMeta | None, list[Problem], PageSource | None]:
    """Parse and check one article's front matter, and that its body can be rendered; with
    the article as MkDocs will read it, when the check is sure of that (`_page_source`).

    shown: display_path(path), when the caller knows it.
    """
    shown = display_path(path) if shown is None else shown
    try:
        text = decode_utf8(read_source(path), shown)
    except ScopeError as exc:
        return None, list(exc.problems), None
    meta, problems, source = _parse_front_matter(text, shown, src_path, contract, template_exists)
    deep = too_deep(text)
    if deep is not None:
        problems.append(Problem(shown, deep[0], 1, deep[1], deep[2], "error", "too-deep"))
        meta = None
    return meta, problems, source if meta is not None else None


def parse_front_matter(
    text: str, shown: str, src_path: str, contract: Contract, template_exists: Callable[[str], bool] | None = None
) -> tuple[ArticleMeta | None, list[Problem]]:
    """Check the front matter of one article's text; shown names it in problems.

    As in MkDocs, front matter is optional and the title is the `title` key, else the
    article's first heading when it opens the page, else the file name.
    """
    meta, problems, _ = _parse_front_matter(text, shown, src_path, contract, template_exists)
    return meta, problems


def _parse_front_matter(
    text: str, shown: str, src_path: str, contract: Contract, template_exists: Callable[[str], bool] | None
) -> tuple[ArticleMeta | None, list[Problem], PageSource | None]:
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if match is not None and len(match.group(1) or "") > MAX_FRONT_MATTER_CHARS:
        size = len(match.group(1))
        return None, [
            Problem(
                shown,
                1,
                1,
                f"the front matter is {size:,} characters long; the limit is {MAX_FRONT_MATTER_CHARS:,}",
                "keep the summary to a sentence or two and move long text into the article body",
                code="too-large",
            )
        ], None
    body = text[match.end() :] if match else text
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    if match is None and _TOML_FRONT_MATTER.match(text):
        problems.append(
            Problem(
                shown,
                1,
                1,
                "this front matter is TOML between `+++` lines (Hugo's): MkDocs shows it as text",
                "write it as YAML between `---` lines, one `key: value` a line",
                "warning",
                "frontmatter",
            )
        )
    source = None
    if match is not None and (match.group(1) or "").strip():
        try:
            # The YAML starts on line 2, after the opening `---`: a blank first line keeps
            # every line number, including those inside messages, the file's own.
            doc = load_yaml_text("\n" + match.group(1), shown)
        except ScopeError as exc:
            return None, list(exc.problems), None
        problems = validate_doc(doc, FRONTMATTER_SCHEMA)
        if not isinstance(doc.data, dict):
            return None, problems, None
        problems.extend(_near_misses(doc))
        problems.extend(_unknown_items(doc, contract))
        problems.extend(url_problems(doc, is_front_matter_url_key, FRONT_MATTER_LINK_LISTS))
        problems.extend(nesting_problems(doc))
        problems.extend(_unknown_template(doc, template_exists))
        problems.extend(_unknown_icon(doc, template_exists))
        if any(p.is_error for p in problems):
            return None, problems, None
        data = doc.data
        source = _page_source(text, match, doc)
    review_every = data.get("review_every")
    meta = ArticleMeta(
        src_path=src_path,
        title=data.get("title") or first_heading(body) or title_from_path(src_path),
        # `description` is the key MkDocs themes, Jekyll, Hugo and Docusaurus use for it.
        summary=data.get("summary") or data.get("description") or "",
        tags=tuple(data.get("tags") or ()),
        scope=tuple(data.get("scope") or ()),
        products=tuple(data.get("products") or ()),
        last_reviewed=data.get("last_reviewed"),
        owner=data.get("owner"),
        hide=tuple(data.get("hide") or ()),
        review_every=f"{review_every} days" if isinstance(review_every, int) else review_every,
        draft=data.get("draft") is True,
    )
    return meta, problems, source


def _page_source(text: str, match: re.Match[str], doc: SourceDoc) -> PageSource | None:
    """What MkDocs' get_data reads from text (newlines as MkDocs reads files), when this
    check's reading of the same front matter is sure to be it; else None.
    """
    if "\r" in text or not doc.safe_load_agrees:
        return None
    theirs = MKDOCS_FRONT_MATTER.match(text)
    if theirs is None or theirs.group(1) != match.group(1):
        return None
    return PageSource(text[theirs.end() :].lstrip("\n"), doc.data)


_ATX_HEADING = re.compile(r"#(?!#)[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1 = re.compile(r"=+[ \t]*$")
_ATTR_LIST = re.compile(r"[ \t]*\{[^}]*\}$")


def first_heading(body: str) -> str | None:
    """The text of the level-1 heading that opens a Markdown body, as MkDocs titles a page."""
    lines = [line for line in body.split("\n")]
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        return None
    first = lines[index].strip()
    atx = _ATX_HEADING.match(first)
    if atx is not None:
        text = atx.group("text")
    elif index + 1 < len(lines) and _SETEXT_H1.match(lines[index + 1].strip() or "-"):
        text = first
    else:
        return None
    return _heading_text(_ATTR_LIST.sub("", text).strip()) or None


# Characters that may make a heading's Markdown differ from its text.
_INLINE_MARKUP = frozenset("`*_[]!&\\<")


class _HeadingText(Treeprocessor):
    """The text of the document's first H1, as MkDocs titles a page with it (HTML text)."""

    text = ""

    def run(self, root: etree.Element) -> None:
        first = root.find("h1")
        self.text = get_heading_text(first, self.md) if first is not None else ""


@cache
def _heading_reader() -> tuple[markdown.Markdown, _HeadingText]:
    md = markdown.Markdown(extensions=[SafeMarkdownExtension()])
    reader = _HeadingText(md)
    md.treeprocessors.register(reader, "scopebook_heading_text", 1)  # where MkDocs reads the title
    return md, reader


def _heading_text(text: str) -> str:
    """A heading's Markdown (code, emphasis, links, escapes, entities) as plain text, as MkDocs reads it."""
    if _INLINE_MARKUP.isdisjoint(text):
        return text
    md, reader = _heading_reader()
    md.reset()
    md.convert(f"# {text}")
    return html.unescape(reader.text)


def title_from_path(src_path: str) -> str:
    """MkDocs' title for a page without one: "Home" for the home page, else its file name."""
    directory, _, filename = src_path.rpartition("/")
    stem = filename.rsplit(".", 1)[0]
    stem = "index" if stem == "README" else stem
    if stem == "index" and not directory:
        return "Home"
    title = stem.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _located(
    doc: SourceDoc, path: tuple[str | int, ...], key: bool, message: str, hint: str, level: str, code: str
) -> Problem:
    mark = doc.mark(path, key=key)
    return Problem(doc.path, mark.line, mark.column, message, hint, level, code)  # type: ignore[arg-type]


def near_miss(key: str, known: Iterable[str]) -> str | None:
    """The known key a key is most likely a misspelling of: case, or one edit away (two for long keys)."""
    best: tuple[int, str] | None = None
    for candidate in sorted(known):
        distance = _edit_distance(key.lower(), candidate)
        limit = 2 if len(candidate) >= 8 else 1
        if distance <= limit and key != candidate and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with adjacent transpositions ("tgas" is one edit from "tags")."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def _near_misses(doc: SourceDoc) -> Iterator[Problem]:
    # Other keys are left alone, as MkDocs passes them to themes and plugins: a site moved
    # from Jekyll or Hugo keeps its `layout`, `categories` or `order` without a word.
    known = known_keys()
    for key in doc.data:
        if key in known:
            continue
        meant = near_miss(str(key), known)
        if meant is not None:
            yield _located(
                doc,
                (key,),
                True,
                f"unknown front matter key `{key}` is ignored",
                f"did you mean `{meant}`?",
                "warning",
                "frontmatter",
            )


def _unknown_template(doc: SourceDoc, template_exists: Callable[[str], bool] | None) -> Iterator[Problem]:
    name = doc.data.get("template")
    if not isinstance(name, str):
        return
    if template_exists is None:
        yield _located(
            doc,
            ("template",),
            False,
            f"`template: {shown(name)}` is not checked: the site's theme is not known here",
            "run `scopebook check` beside the site's mkdocs.yml, or name it with --config-file",
            "warning",
            "frontmatter",
        )
        return
    if template_exists(name):
        return
    yield _located(
        doc,
        ("template",),
        False,
        f"the theme has no template `{shown(name)}`",
        "remove `template:` to use the theme's page layout, or name a template the theme has",
        "error",
        "frontmatter",
    )


class ThemeTemplates:
    """The template names of a site's theme: whether it has one, as a page's `template:` asks.

    A theme with an `.icons/` folder (Material) also draws a page's `icon:` from it, by name.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        self.has_icons = any(name.startswith(".icons/") for name in self.names)

    def __call__(self, name: str) -> bool:
        return name in self.names


def _unknown_icon(doc: SourceDoc, template_exists: Callable[[str], bool] | None) -> Iterator[Problem]:
    # Material includes `.icons/<icon>.svg` in the navigation: an icon it does not have stops
    # the whole build with a Jinja traceback.
    name = doc.data.get("icon")
    if not isinstance(name, str) or not isinstance(template_exists, ThemeTemplates) or not template_exists.has_icons:
        return
    if template_exists(f".icons/{name}.svg"):
        return
    yield _located(
        doc,
        ("icon",),
        False,
        f"the theme has no icon `{shown(name)}`",
        "name an icon the theme ships (such as `material/information-outline`), add it to custom_dir's "
        "`.icons/` folder, or remove `icon:`",
        "error",
        "frontmatter",
    )


def _unknown_items(doc: SourceDoc, contract: Contract) -> Iterator[Problem]:
    scope = doc.data.get("scope")
    if not isinstance(scope, list):
        return
    ids = contract.item_ids
    for index, item_id in enumerate(scope):
        if isinstance(item_id, str) and item_id not in ids:
            hint = did_you_mean(item_id, ids) or "use an item id from scope/*.yaml (see `scopebook export`)"
            yield _located(
                doc, ("scope", index), False, f"unknown scope item `{item_id}`", hint, "error", "frontmatter"
            )


def load_articles(
    content_dir: Path,
    contract: Contract,
    template_exists: Callable[[str], bool] | None = None,
    listing: Listing | None = None,
    page_sources: dict[str, PageSource] | None = None,
) -> tuple[dict[str, ArticleMeta], list[Problem]]:
    """Front matter of every article, keyed by path under content_dir, and every problem.

    listing: content_dir already scanned (`scan(content_dir, (), recursive=True)`).
    page_sources: filled with each article MkDocs may be handed as read (see Sources).
    """
    articles: dict[str, ArticleMeta] = {}
    # Every file under content/ is published, so every file follows the reading policy.
    listing = scan(content_dir, (), recursive=True) if listing is None else listing
    problems: list[Problem] = list(listing.problems)
    # display_path is lexical: with the working directory outside content_dir, an article's
    # is its folder's and its path under it (one getcwd for all).
    folder = display_path(content_dir)
    outside = folder != "." and any(part != ".." for part in folder.split("/"))
    for path, src_path in zip(listing.files, listing.names, strict=True):
        if not is_markdown(path.name):
            continue
        shown = f"{folder}/{src_path}" if outside else None
        meta, found, source = _read_article(path, src_path, contract, template_exists, shown)
        problems.extend(found)
        if meta is not None:
            articles[src_path] = meta
        if source is not None and page_sources is not None:
            page_sources[src_path] = source
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
    # Articles as MkDocs would read them (by path under content/), so a build need not read
    # and parse them again: the build takes each one out when MkDocs reads that page.
    page_sources: dict[str, PageSource] = field(default_factory=dict, compare=False, repr=False)

    @property
    def contract(self) -> Contract | None:
        return self.report.contract

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    def for_build(self) -> Sources:
        """The same sources without what only checks read: scope/'s YAML with every value's position."""
        return replace(self, report=replace(self.report, merged=None, origins=None))


def check_sources(
    scope_dir: Path,
    content_dir: Path,
    template_exists: Callable[[str], bool] | None = None,
    *,
    scope_path: str = Routes.scope_path,
    directory_urls: bool = True,
    plans: Sequence[str] = (),
    not_generated: frozenset[str] = frozenset(),
) -> Sources:
    """scope/ and the articles' front matter, as `scopebook check` and the build check them.

    template_exists, when the theme is known, judges each `template:` in front matter
    (else a `template:` is reported as not checked); scope_path, directory_urls and plans
    (the plans the site shows; empty: all), when the site's configuration is known, place
    the generated pages whose paths a writer's file or id must not take; not_generated
    names the kinds of page the site's theme provides itself (a host theme's search).
    """
    with _no_cycle_collection():
        return _check_sources(scope_dir, content_dir, template_exists, scope_path, directory_urls, plans, not_generated)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """No garbage-collector passes while the block runs (as before, after it).

    The check makes tens of thousands of short-lived objects, freed as they go; each pass
    the collector makes meanwhile reads every object the process holds (~15 ms at 1,000
    articles), to find no cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_sources(
    scope_dir: Path,
    content_dir: Path,
    template_exists: Callable[[str], bool] | None,
    scope_path: str,
    directory_urls: bool,
    plans: Sequence[str],
    not_generated: frozenset[str],
) -> Sources:
    report = check_scope(scope_dir, article_checker(content_dir))
    problems = list(report.problems)
    articles: dict[str, ArticleMeta] = {}
    page_sources: dict[str, PageSource] = {}
    files = 0
    if report.contract is not None and content_dir.is_dir():
        listing = scan(content_dir, (), recursive=True)
        articles, found = load_articles(content_dir, report.contract, template_exists, listing, page_sources)
        problems.extend(found)
        # What the build generates must not take the place of a writer's id or file.
        routes = Routes.for_site(
            scope_path,
            [p.id for p in report.contract.plans if not plans or p.id in plans],
            directory_urls,
            performance=True,
            addons=((a.id, a.plans) for a in report.contract.addons),
        )
        problems.extend(id_collisions(report, routes))
        problems.extend(file_collisions(listing, routes, routes.plans, not_generated))
        problems.extend(duplicate_titles(content_dir, articles))
        files = sum(1 for _ in article_paths(content_dir, listing))
    return Sources(report, articles, tuple(_sorted(problems)), files, page_sources)
