"""`scopebook stale`, `scopebook report` and `scopebook new article`: the writers' upkeep commands.

Exit codes: 0 done, 1 problems in scope/ or the articles (or the new file exists already),
2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .articles import Sources, article_paths, check_sources
from .report import format_text
from .site_folders import site_folders
from .validate import did_you_mean

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a date written YYYY-MM-DD") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number of days, 1 or more")
    return int(text)


def add_parsers(sub: Any, folders: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register `stale`, `report` and `new` on the CLI's subparsers; folders adds --scope-dir, --content-dir."""

    stale = sub.add_parser("stale", help="articles due for review (last_reviewed older than review_every)")
    folders(stale)
    stale.add_argument("--days", type=_positive, help="list every article not reviewed in this many days")
    stale.add_argument("--today", type=_day, default=None, help="judge as of this date, YYYY-MM-DD (default: today)")
    stale.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    report = sub.add_parser("report", help="scope items with no article, and articles naming no scope item (Markdown)")
    folders(report)

    new = sub.add_parser("new", help="start a new article that passes `scopebook check`")
    kinds = new.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    article = kinds.add_parser("article", help="a Markdown article in a section of content/")
    folders(article)
    article.add_argument("title", help='the article\'s title, e.g. "Set up SAML single sign-on"')
    article.add_argument("--section", default="", help="the folder under content/ to put it in (default: the top)")
    article.add_argument(
        "--scope", action="append", default=[], metavar="ITEM", help="a scope item id the article is about (repeat)"
    )
    article.add_argument("--owner", help="the team or person who keeps it correct")
    article.add_argument("--today", type=_day, default=None, help=argparse.SUPPRESS)


def content_dir_missing(folder: Path) -> int:
    """Say that the content folder to read is not there; the exit code for it."""
    print(f"scopebook: {folder}: content folder not found (see --content-dir)", file=sys.stderr)
    return EXIT_USAGE


def _sources(args: argparse.Namespace) -> Sources | int:
    """Checked scope/ and articles, or the exit code after printing why they cannot be used."""
    args.scope_dir, args.content_dir = site_folders(Path("mkdocs.yml"), args.scope_dir, args.content_dir)
    if not args.content_dir.is_dir():
        return content_dir_missing(args.content_dir)
    sources = check_sources(args.scope_dir, args.content_dir)
    if sources.contract is None or sources.errors:
        for p in sources.errors:
            print(format_text(p), file=sys.stderr)
        usage = any(p.code == "usage" for p in sources.errors)
        print("scopebook: fix the errors above first (see `scopebook check`)", file=sys.stderr)
        return EXIT_USAGE if usage else EXIT_PROBLEMS
    return sources


def cmd_stale(args: argparse.Namespace) -> int:
    sources = _sources(args)
    if isinstance(sources, int):
        return sources
    today = args.today or date.today()
    from .review import due_for_review, render_due  # only this command needs it

    due = due_for_review(sources.articles.values(), today, args.days)
    content = args.content_dir.as_posix().rstrip("/")
    sys.stdout.write(render_due(due, content, len(sources.articles), today, args.format))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    sources = _sources(args)
    if isinstance(sources, int):
        return sources
    assert sources.contract is not None
    from .review import coverage_report

    sys.stdout.write(coverage_report(sources.contract, sources.articles))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    sources = _sources(args)
    if isinstance(sources, int):
        return sources
    assert sources.contract is not None
    content: Path = args.content_dir
    sections = sorted(p.name for p in content.iterdir() if p.is_dir() and not p.name.startswith("."))
    if args.section and args.section not in sections:
        hint = did_you_mean(args.section, sections) or f"sections: {', '.join(sections)}"
        print(f"scopebook: no section `{args.section}` in {content.as_posix()}/ ({hint})", file=sys.stderr)
        return EXIT_USAGE
    items = {item.id for item in sources.contract.items()}
    for item_id in args.scope:
        if item_id not in items:
            hint = did_you_mean(item_id, items) or "see the item ids in scope/*.yaml, or `scopebook export`"
            print(f"scopebook: unknown scope item `{item_id}` ({hint})", file=sys.stderr)
            return EXIT_USAGE
    from .review import new_article_text, slugify

    slug = slugify(args.title)
    if not slug:
        print("scopebook: the title needs at least one letter or digit to name the file", file=sys.stderr)
        return EXIT_USAGE
    folder = content / args.section if args.section else content
    path = folder / f"{slug}.md"
    if path.exists() or any(p == path for p in article_paths(content)):
        print(f"scopebook: {path.as_posix()} exists already; choose another title", file=sys.stderr)
        return EXIT_PROBLEMS
    text = new_article_text(args.title, list(dict.fromkeys(args.scope)), args.owner, args.today or date.today())
    with path.open("x", encoding="utf-8") as out:
        out.write(text)
    print(f"created {path.as_posix()}: write the article, then run `scopebook check`")
    return EXIT_OK


HANDLERS = {"stale": cmd_stale, "report": cmd_report, "new": cmd_new}
