"""Keeping the help center current: articles due for review, scope items without an article,
and a new article that passes `scopebook check` from the start."""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import yaml

from .articles import ArticleMeta
from .model import STATUS_LABEL, Contract
from .report import markdown_inline

_INTERVAL = re.compile(r"^([1-9][0-9]{0,3}) (day|week|month|year)s?$")


def add_interval(start: date, every: str) -> date:
    """start plus an interval such as `90 days` or `6 months` (a month lands on the same day, or the last)."""
    match = _INTERVAL.match(every.strip())
    if match is None:
        raise ValueError(f"`{every}` is not an interval")
    amount, unit = int(match.group(1)), match.group(2)
    if unit in ("day", "week"):
        return start + timedelta(days=amount * (7 if unit == "week" else 1))
    months = start.month - 1 + amount * (12 if unit == "year" else 1)
    year, month = start.year + months // 12, months % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DueArticle:
    """An article whose review is due: when it was last reviewed, and when it fell due."""

    src_path: str
    title: str
    owner: str
    last_reviewed: str | None
    due: date | None  # None: never reviewed
    every: str


def due_for_review(articles: Iterable[ArticleMeta], today: date, days: int | None = None) -> list[DueArticle]:
    """Articles older than their `review_every` (or than `days`, for every article), most overdue first."""
    due: list[DueArticle] = []
    for meta in articles:
        every = f"{days} days" if days is not None else meta.review_every
        if every is None:
            continue
        last = date.fromisoformat(meta.last_reviewed) if meta.last_reviewed else None
        until = add_interval(last, every) if last else None
        if until is None or until <= today:
            due.append(DueArticle(meta.src_path, meta.title, meta.owner or "", meta.last_reviewed, until, every))
    return sorted(due, key=lambda d: (d.due or date.min, d.src_path))


def render_due(due: list[DueArticle], content: str, total: int, today: date, fmt: str) -> str:
    if fmt == "json":
        rows = [
            {
                "file": f"{content}/{d.src_path}",
                "title": d.title,
                "owner": d.owner or None,
                "last_reviewed": d.last_reviewed,
                "due": d.due.isoformat() if d.due else None,
                "review_every": d.every,
            }
            for d in due
        ]
        return json.dumps({"today": today.isoformat(), "due": rows}, indent=2, ensure_ascii=False) + "\n"
    summary = f"{len(due)} of {total} article{'' if total == 1 else 's'} due for review on {today.isoformat()}"
    if fmt == "markdown":
        lines = [f"{summary}.", ""]
        if due:
            lines += ["| Article | Owner | Last reviewed | Due |", "| --- | --- | --- | --- |"]
            for d in due:
                cells = (
                    f"{markdown_inline(d.title)} (`{d.src_path}`)",
                    markdown_inline(d.owner or "nobody"),
                    d.last_reviewed or "never",
                    f"{d.due.isoformat() if d.due else 'now'} (every {d.every})",
                )
                lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"
    lines = []
    for d in due:
        when = f"last reviewed {d.last_reviewed}, due {d.due.isoformat()}" if d.due else "never reviewed"
        lines.append(f"{content}/{d.src_path}: {when} (every {d.every}); owner: {d.owner or 'nobody'}")
    return "\n".join([*lines, summary]) + "\n"


def coverage_report(contract: Contract, articles: Mapping[str, ArticleMeta]) -> str:
    """Markdown: scope items no article is about, and articles about no scope item."""
    named = {item_id for meta in articles.values() for item_id in meta.scope}
    lonely = [item for item in contract.items() if item.id not in named]
    plans = {p.id: p.name for p in contract.plans}
    areas = {a.id: a.name for a in contract.areas}
    lines = [f"## Scope items without an article ({len(lonely)} of {len(contract.items())})", ""]
    if lonely:
        lines += ["| Item | Area | Status by plan |", "| --- | --- | --- |"]
        for item in lonely:
            status = ", ".join(f"{plans[c.plan]}: {STATUS_LABEL[c.status].lower()}" for c in item.coverage)
            lines.append(
                f"| `{item.id}` {markdown_inline(item.title)} | {markdown_inline(areas[item.area])} | {status} |"
            )
    else:
        lines.append("Every scope item has at least one article.")
    pages = [m for m in articles.values() if not m.is_folder_page]
    unnamed = sorted((m for m in pages if not m.scope), key=lambda m: m.src_path)
    lines += ["", f"## Articles that name no scope item ({len(unnamed)} of {len(pages)})", ""]
    if unnamed:
        lines += ["| Article | Title | Owner |", "| --- | --- | --- |"]
        for meta in unnamed:
            owner = markdown_inline(meta.owner or "nobody")
            lines.append(f"| `{meta.src_path}` | {markdown_inline(meta.title)} | {owner} |")
    else:
        lines.append("Every article names the scope items it is about.")
    return "\n".join(lines) + "\n"


MAX_SLUG_BYTES = 200  # a file name holds at most 255 bytes, `.md` included


def slugify(title: str) -> str:
    """A file name for a title: `Set up SAML (Okta)` -> `set-up-saml-okta`, `Настройка SAML` -> `настройка-saml`.

    Latin letters lose their accents (`café` -> `cafe`); letters of other scripts stay as
    they are, with their marks, as they do in MkDocs' URLs; anything else separates words.
    """
    kept = []
    for char in unicodedata.normalize("NFC", title).lower():
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        if plain:
            kept.append(plain if plain.isalnum() else "-")
        elif unicodedata.category(char)[0] in "LN":
            kept.append(char)
        elif unicodedata.category(char)[0] == "M":
            # A vowel sign or accent: kept with a letter that stays, dropped as on Latin letters.
            kept.append(char if kept and not kept[-1].isascii() else "")
        else:
            kept.append("-")
    slug = re.sub("-+", "-", "".join(kept)).strip("-")[:80]
    while len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = slug[:-1]
    return slug.rstrip("-")


def _yaml_text(value: str) -> str:
    """value as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    try:
        plain = yaml.safe_load(f"k: {value}") == {"k": value} and value == value.strip()
    except yaml.YAMLError:
        plain = False
    return value if plain and "#" not in value else json.dumps(value, ensure_ascii=False)


def new_article_text(title: str, scope: list[str], owner: str | None, today: date) -> str:
    """An article's starting text: front matter that passes `scopebook check`, and a body to replace."""
    lines = ["---", f"title: {_yaml_text(title)}", "summary: One sentence that says what this article helps with."]
    if scope:
        lines.append(f"scope: [{', '.join(scope)}]")
    lines.append(f"last_reviewed: {today.isoformat()}")
    if owner:
        lines.append(f"owner: {_yaml_text(owner)}")
    lines += [
        "---",
        "",
        "Say in one or two sentences who this is for and what they will have done at the end.",
        "",
        "## Before you start",
        "",
        "- What the reader needs: a role, a plan, a tool.",
        "",
        "## Steps",
        "",
        "1. The first thing to do.",
        "2. The next thing to do.",
        "",
    ]
    return "\n".join(lines)
