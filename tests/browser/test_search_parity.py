"""lunr.js in the browser ranks like the Python reference (generator/search_query.py) on the built index."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import yaml
from playwright.sync_api import Browser, expect

from generator.search_query import load_index, query_index

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TOP = 5


def questions() -> list[str]:
    return [case["question"] for case in yaml.safe_load((FIXTURES / "relevance.yaml").read_text("utf-8"))]


def test_browser_top_results_equal_the_python_reference(built_site: object, site_url: str, browser: Browser) -> None:
    root: Path = built_site.root  # type: ignore[attr-defined]
    index = load_index((root / "search" / "index.json").read_text("utf-8"))
    docs = json.loads((root / "search" / "docs.json").read_text("utf-8"))["docs"]
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
