"""The browser fetches the search files a query needs and no others (the index is cut by terms)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from generator.search import stemmer
from generator.search_query import load_site_search, query_index


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def search_files_fetched(page: Page) -> list[str]:
    fetched: list[str] = []

    def record(request: Request) -> None:
        if "/search/" in request.url and not request.url.endswith(("/search/", ".html")) and "?q=" not in request.url:
            fetched.append(request.url.split("/search/", 1)[1])

    page.on("request", record)
    return fetched


def shard_of(layout: dict[str, object], term: str) -> int:
    terms: list[str] = layout["terms"]  # type: ignore[assignment]
    starts: list[int] = layout["shards"]  # type: ignore[assignment]
    position = terms.index(term)
    return max(n for n, start in enumerate(starts) if start <= position)


def chunk_of(table: dict[str, object], position: int) -> int:
    starts: list[int] = table["chunks"]  # type: ignore[assignment]
    return max(n for n, start in enumerate(starts) if start <= position)


def test_a_query_fetches_only_its_terms_shards_and_its_results_chunks(
    built_site: object, site_url: str, page: Page
) -> None:
    root: Path = built_site.root  # type: ignore[attr-defined]
    layout = json.loads((root / "search" / "index.json").read_text("utf-8"))
    loaded = load_site_search(root)
    fetched = search_files_fetched(page)
    question = "export audit logs"
    page.goto(f"{site_url}search/?q={quote(question)}")
    expect(page.locator("[data-sb-status]")).to_contain_text("results for")
    shown = page.locator("[data-sb-results] a.sb-result").count()
    assert shown > 1
    terms = {str(stemmer(_token(word))) for word in question.split()}
    shards = {f"terms/{shard_of(layout, term)}.json" for term in terms}
    positions = {doc["u"]: n for n, doc in enumerate(loaded.docs)}
    hits = query_index(loaded.index, loaded.docs, question)[:shown]
    chunks = {f"docs/{chunk_of(loaded.table, positions[hit.ref])}.json" for hit in hits}
    assert sorted(fetched) == sorted({"lunr.js", "index.json", "docs.json", *shards, *chunks})
    assert len(shards) < len(layout["shards"]), "the sample's index has more shards than this query needs"


def test_a_typo_fetches_the_shards_of_the_terms_one_edit_away(site_url: str, page: Page) -> None:
    fetched = search_files_fetched(page)
    page.goto(f"{site_url}search/?q=pasword")
    expect(page.locator("[data-sb-results] a.sb-result").first).to_contain_text("password")
    assert any(name.startswith("terms/") for name in fetched)


def test_a_repeated_query_fetches_nothing_new(site_url: str, page: Page) -> None:
    page.goto(site_url)
    fetched = search_files_fetched(page)
    box = page.locator("#search-input")
    status = page.locator(".sb-form [role=status]")
    box.fill("export data")
    expect(status).to_have_text(re.compile(r"results for export data$"))
    box.fill("audit")
    expect(status).to_have_text(re.compile(r"results for audit$"))
    before = list(fetched)
    box.fill("export data")
    expect(status).to_have_text(re.compile(r"results for export data$"))
    assert fetched == before and any(name.startswith("terms/") for name in before)


def _token(word: str) -> object:
    from lunr.token import Token

    return Token(word)
