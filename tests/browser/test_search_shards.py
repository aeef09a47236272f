"""The browser fetches the search files a query needs and no others (the index is cut by terms)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from generator.search import stemmer
from generator.search_query import build_query, load_site_search, query_index


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


def needed_files(root: Path, terms: Iterable[str], shown: Iterable[str]) -> tuple[list[str], int, int]:
    """What a query needs: the first files, its terms' shards and the chunks of the results
    it shows (by URL); and how many shards and chunks the site has that it does not need."""
    layout = json.loads((root / "search" / "index.json").read_text("utf-8"))
    loaded = load_site_search(root)
    shards = {f"terms/{shard_of(layout, term)}.json" for term in terms}
    positions = {doc["u"]: n for n, doc in enumerate(loaded.docs)}
    chunks = {f"docs/{chunk_of(loaded.table, positions[url])}.json" for url in shown}
    needed = sorted({"lunr.js", "index.json", "docs.json", *shards, *chunks})
    return needed, len(layout["shards"]) - len(shards), len(loaded.table["chunks"]) - len(chunks)


def test_a_query_fetches_only_its_terms_shards_and_its_results_chunks(
    built_site: object, site_url: str, page: Page
) -> None:
    root: Path = built_site.root  # type: ignore[attr-defined]
    loaded = load_site_search(root)
    fetched = search_files_fetched(page)
    question = "export audit logs"
    page.goto(f"{site_url}search/?q={quote(question)}")
    expect(page.locator("[data-sb-status]")).to_contain_text("results for")
    shown = page.locator("[data-sb-results] a.sb-result").count()
    assert shown > 1
    terms = {str(stemmer(_token(word))) for word in question.split()}
    hits = query_index(loaded.index, loaded.docs, question)[:shown]
    needed, other_shards, _ = needed_files(root, terms, [hit.ref for hit in hits])
    assert sorted(fetched) == needed
    assert other_shards, "the sample's index has more shards than this query needs"


# While typing, the last word stands for its most frequent completions too.
TYPED = "sso con"
DROPDOWN = 8


def test_the_box_fetches_only_its_terms_shards_and_its_suggestions_chunks(
    built_site: object, site_url: str, page: Page
) -> None:
    root: Path = built_site.root  # type: ignore[attr-defined]
    page.goto(site_url)
    fetched = search_files_fetched(page)
    page.locator("#search-input").fill(TYPED)
    expect(page.locator(".sb-form [role=status]")).to_have_text(re.compile(rf"results for {TYPED}$"))
    options = page.locator("#sb-listbox [role=option]:not(.sb-option--all)")
    shown = [href.removeprefix(site_url) for href in options.evaluate_all("(os) => os.map((o) => o.dataset.href)")]
    assert len(shown) == DROPDOWN
    # Every term a word can match: its stem or one-typo neighbours, the last word's completions.
    _, word_terms = build_query(load_site_search(root).index, TYPED, typing=True)
    needed, _, other_chunks = needed_files(root, set().union(*word_terms), shown)
    # What the box fetched while the reader typed and what the suggestions needed are one
    # set, each file fetched once.
    assert sorted(fetched) == needed
    assert other_chunks, "the sample has more result chunks than these suggestions need"


def test_what_the_box_fetches_while_typing_is_all_the_suggestions_need(site_url: str, page: Page) -> None:
    page.goto(site_url)
    fetched = search_files_fetched(page)
    page.evaluate(
        """([text, limit]) => { const sb = window.scopebookSearch;
          return sb.load().then((data) => sb.prefetch(data, text, { typing: true, limit })); }""",
        [TYPED, DROPDOWN],
    )
    before = list(fetched)
    assert any(name.startswith("terms/") for name in before) and any(name.startswith("docs/") for name in before)
    page.locator("#search-input").fill(TYPED)
    expect(page.locator(".sb-form [role=status]")).to_have_text(re.compile(rf"results for {TYPED}$"))
    expect(page.locator("#sb-listbox [role=option]:not(.sb-option--all)")).to_have_count(DROPDOWN)
    assert fetched == before


def test_the_box_asks_the_engine_to_prefetch_what_is_typed_before_the_pause(site_url: str, page: Page) -> None:
    page.goto(site_url)
    page.evaluate(
        """() => { const sb = window.scopebookSearch; const prefetch = sb.prefetch; window.asked = [];
          sb.prefetch = (data, text, options) => {
            window.asked.push([text, options, document.querySelectorAll("#sb-listbox [role=option]").length]);
            return prefetch(data, text, options);
          }; }"""
    )
    page.locator("#search-input").fill(TYPED)
    expect(page.locator(".sb-form [role=status]")).to_have_text(re.compile(rf"results for {TYPED}$"))
    # Asked once, for the whole text, with the suggestions' options, before any was shown.
    assert page.evaluate("window.asked") == [[TYPED, {"typing": True, "limit": DROPDOWN}, 0]]


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
