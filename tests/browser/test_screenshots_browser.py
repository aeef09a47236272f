"""Screenshots of the pages customers and sales open, into tests/artifacts/ for people to look at.

Each test frames what the picture is about and checks that it is on screen: the item box
of a permalink, the linked compare row under the sticky header, the first search answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def shoot(browser: Any, site_url: str, artifacts: Path) -> Iterator[Any]:
    """Open a page at a viewport size (with a plan chosen if given); returns (page, save)."""
    contexts: list[Any] = []

    def open_page(path: str, width: int, height: int, plan: str = "", scheme: str = "light") -> Any:
        ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        contexts.append(ctx)
        page = ctx.new_page()
        if plan:
            page.goto(site_url)
            page.evaluate(f"localStorage.setItem('scopebook.plan', '{plan}')")
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        return page

    yield open_page, artifacts
    for ctx in contexts:
        ctx.close()


def _on_screen(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    assert box is not None, selector
    assert box["y"] >= 0 and box["y"] + min(box["height"], 80) <= size["height"], (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1, (selector, box)
    return dict(box)


def test_plan_page_permalink(shoot: Any) -> None:
    open_page, artifacts = shoot
    page = open_page("scope/free/#sso-configuration", 1280, 800)
    _on_screen(page, "article.item#sso-configuration")
    assert "Not included on the Free plan." in page.locator("#sso-configuration .status-line").inner_text()
    page.screenshot(path=str(artifacts / "i15-plan-1280.png"))


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_compare_page_linked_row(shoot: Any, width: int, height: int) -> None:
    open_page, artifacts = shoot
    page = open_page("scope/compare/#sso-configuration", width, height, plan="premium")
    head = _on_screen(page, "table.compare thead th.corner")
    row = _on_screen(page, "tr#sso-configuration")
    assert row["y"] >= head["y"] + head["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"i15-compare-{width}.png"))


def test_search_phone_support_with_standard_chosen(shoot: Any) -> None:
    open_page, artifacts = shoot
    page = open_page("search/?q=phone+support", 1280, 800, plan="standard")
    first = page.locator(".sb-page-results > li").first
    first.wait_for()
    _on_screen(page, ".sb-page-results > li")
    assert "Standard: Monday to Friday" in first.inner_text()
    page.screenshot(path=str(artifacts / "i15-search-phone-standard-1280.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_with_admonition_and_code(shoot: Any, scheme: str) -> None:
    open_page, artifacts = shoot
    page = open_page("api/api-quickstart/", 1280, 800, scheme=scheme)
    admonition = page.locator(".prose .admonition").first
    admonition.scroll_into_view_if_needed()
    _on_screen(page, ".prose .admonition")
    assert page.locator(".prose .highlight .copy-code").first.is_visible()
    page.screenshot(path=str(artifacts / f"i15-article-code-{scheme}-1280.png"))


@pytest.mark.parametrize(("path", "name"), [("priority-support/", "service"), ("sso-onboarding/#sso-configuration", "item")])
def test_plan_with_addon_page(shoot: Any, path: str, name: str) -> None:
    open_page, artifacts = shoot
    page = open_page("scope/standard/with/" + path, 1280, 800)
    marks = page.locator(".from-addon")
    assert marks.count() >= 2
    if name == "item":
        _on_screen(page, "article.item#sso-configuration")
        _on_screen(page, "#sso-configuration .from-addon")
    else:
        _on_screen(page, "#with_addon")
    page.screenshot(path=str(artifacts / f"i15-addon-{name}-1280.png"))
