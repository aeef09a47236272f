"""lunr.js in the browser ranks like the Python reference (generator/search_query.py) on the built index."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import yaml
from playwright.sync_api import Browser, expect

from generator.search_query import load_site_search, query_index

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TOP = 5


def questions() -> list[str]:
    return [case["question"] for case in yaml.safe_load((FIXTURES / "relevance.yaml").read_text("utf-8"))]


def test_browser_top_results_equal_the_python_reference(built_site: object, site_url: str, browser: Browser) -> None:
    root: Path = built_site.root  # type: ignore[attr-defined]
    # The reference queries the whole index, put back together from the shards the browser
    # fetches a few of.
    loaded = load_site_search(root)
    index, docs = loaded.index, loaded.docs
    context = browser.new_context()
    page = context.new_page()
    differences = []
    try:
        for question in [*questions(), "pasword reset", "sso premium"]:
            expected = [hit.ref for hit in query_index(index, docs, question)][:TOP]
            page.goto(f"{site_url}search/?q={quote(question)}")
            expect(page.locator("[data-sb-status]")).to_contain_text("for ")
            links = page.locator("[data-sb-results] a.sb-result")
            got = [href.removeprefix(site_url) for href in links.evaluate_all("(as) => as.map((a) => a.href)")][:TOP]
            if got != expected:
                differences.append(f"{question!r}: browser {got}, python {expected}")
    finally:
        context.close()
    assert expected, "the reference found nothing for the last question"
    assert not differences, "\n".join(differences)


# Typed so far, last word unfinished: its completions take part (search_query.completions).
TYPING = ["reset passw", "sso con", "expor", "billing inv", "pasword res", "api tok"]
DROPDOWN = 8


def test_suggestions_while_typing_equal_the_python_reference(built_site: object, site_url: str, browser: Browser) -> None:
    root: Path = built_site.root  # type: ignore[attr-defined]
    loaded = load_site_search(root)
    context = browser.new_context()
    page = context.new_page()
    differences = []
    try:
        page.goto(site_url)
        box = page.locator("#search-input")
        for typed in TYPING:
            hits = query_index(loaded.index, loaded.docs, typed, typing=True)
            expected = [hit.ref for hit in hits][:DROPDOWN]
            box.fill(typed)
            expect(page.locator("#sb-listbox")).to_be_visible()
            expect(page.locator(".sb-form [role=status]")).to_contain_text(f"for {typed}")
            options = page.locator("#sb-listbox [role=option]:not(.sb-option--all)")
            got = [href.removeprefix(site_url) for href in options.evaluate_all("(os) => os.map((o) => o.dataset.href)")]
            if got != expected:
                differences.append(f"{typed!r}: browser {got}, python {expected}")
            # More pages match than the box shows: the browser ranked only those that could
            # be shown, and still counts them all.
            assert len(hits) > DROPDOWN, typed
            expect(page.locator(".sb-option--all")).to_have_text(f"See all {len(hits)} results")
    finally:
        context.close()
    assert not differences, "\n".join(differences)
