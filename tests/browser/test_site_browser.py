"""The theme in a real browser: plan picker, copy links, accessibility, layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from built_site import axe_problems

PAGES = {
    "home": "",
    "article": "sso/set-up-saml/",
    "code": "api/api-quickstart/",
    "plan": "scope/standard/",
    "compare": "scope/compare/",
    "overview": "scope/",
    "addon": "scope/standard/with/priority-support/",
}


def _background(page: Any, selector: str) -> str:
    return str(page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor"))


def test_plan_picker_persists_and_highlights(page: Any, site_url: str) -> None:
    page.goto(site_url + "scope/compare/")
    assert page.is_visible("#plan-picker")
    plain = _background(page, "thead th.plan-premium")
    page.select_option("#plan-picker", "premium")
    assert page.get_attribute("html", "data-plan") == "premium"
    assert _background(page, "thead th.plan-premium") != plain
    assert _background(page, "thead th.plan-premium") != _background(page, "thead th.plan-free")
    assert _background(page, "tr#sso-configuration td.plan-premium") != _background(
        page, "tr#sso-configuration td.plan-free"
    )
    assert page.evaluate("localStorage.getItem('scopebook.plan')") == "premium"
    assert page.is_visible("#plan-picker-link")

    page.goto(site_url + "sso/set-up-saml/")
    assert page.get_attribute("html", "data-plan") == "premium"
    assert page.input_value("#plan-picker") == "premium"
    highlighted = _background(page, ".coverage tr.plan-premium")
    assert highlighted != _background(page, ".coverage tr.plan-free")

    page.reload()
    assert page.get_attribute("html", "data-plan") == "premium"
    assert _background(page, ".coverage tr.plan-premium") == highlighted

    page.select_option("#plan-picker", "")
    assert page.get_attribute("html", "data-plan") is None
    assert page.evaluate("localStorage.getItem('scopebook.plan')") is None


def test_copy_link_puts_the_item_url_on_the_clipboard(page: Any, site_url: str) -> None:
    page.goto(site_url + "scope/premium/")
    button = page.locator('button.copy-link[data-anchor="sso-configuration"]')
    assert button.is_visible()
    button.click()
    expected = site_url + "scope/premium/#sso-configuration"
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    status = page.text_content("#copy-status")
    if status == "Link copied":
        assert page.evaluate("navigator.clipboard.readText()") == expected
        assert "Link copied" in button.inner_text()
    else:  # the clipboard was refused: the URL is shown instead
        assert page.input_value("#sso-configuration .copy-fallback input") == expected


def test_without_javascript_pages_still_work(browser: Any, site_url: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site_url + "scope/premium/")
        assert not page.is_visible("#plan-picker")
        assert not page.is_visible("button.copy-link")
        page.click("#sso-configuration h3 a")
        assert page.url.endswith("#sso-configuration")
        page.goto(site_url + "search/?q=phone+support")
        assert "Search needs JavaScript" in page.inner_text("main")
        plans = page.get_by_role("list", name="What each plan includes").get_by_role("link")
        assert plans.all_inner_texts() == ["Free", "Standard", "Premium", "Enterprise", "Compare all plans"]
        plans.nth(1).click()
        assert page.url == site_url + "scope/standard/"
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["home", "article", "code", "plan", "compare", "addon", "overview"])
def test_no_axe_violations(page: Any, site_url: str, name: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + PAGES[name])
    page.select_option("#plan-picker", "premium")  # check the highlighted state too
    assert axe_problems(page) == []


def test_narrow_screens_do_not_scroll_sideways(browser: Any, site_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = ctx.new_page()
        for path in PAGES.values():
            page.goto(site_url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path or 'home'} is {width}px wide"
        # The compare table shows one plan at a time there: nothing to scroll, even inside it.
        page.goto(site_url + "scope/compare/")
        scroller = page.locator(".compare-scroll")
        assert scroller.evaluate("el => el.scrollWidth <= el.clientWidth")
    finally:
        ctx.close()


def test_print_hides_controls_and_shows_item_urls(page: Any, site_url: str) -> None:
    page.goto(site_url + "scope/premium/")
    page.emulate_media(media="print")
    assert not page.is_visible("button.copy-link")
    assert not page.is_visible(".site-search")
    after = page.eval_on_selector("#sso-configuration", "el => getComputedStyle(el, '::after').content")
    assert "https://help.fernpath.example/scope/premium/#sso-configuration" in after
    # The scope wording itself is what a printed sheet is for.
    description = page.locator("#consulting-process-design .item-description")
    assert description.is_visible() and "certified partners help decide" in description.inner_text()
    # An "Instead" link prints where it goes: a help-center page in full, an outside page as is.
    addresses = page.locator(".item-alternative a").evaluate_all(
        "els => els.map(el => getComputedStyle(el, '::after').content)"
    )
    assert '" (https://help.fernpath.example/integrations/third-party-troubleshooting/)"' in addresses
    assert '" (https://docs.fernpath.example/server/install)"' in addresses
    pdf = page.pdf(format="A4")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    # A compact sheet: at least ten items, wording included, to an A4 page.
    items = page.locator("article.item").count()
    assert 1 <= pages <= 1 + items // 10, f"the plan page prints {items} items on {pages} pages"


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_a_permalink_jumps_instead_of_animating(page: Any, site_url: str, motion: str) -> None:
    page.emulate_media(reduced_motion=motion)
    page.goto(site_url + "scope/premium/")
    # Read the position in the same task as the click: a smooth scroll would still be at the top.
    landed = page.evaluate(
        """() => {
            document.querySelector('.area-toc li:last-child a').click();
            const target = document.getElementById(location.hash.slice(1));
            return [window.scrollY, target.getBoundingClientRect().top];
        }"""
    )
    assert landed[0] > 2000 and abs(landed[1]) < 40, landed


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(browser: Any, site_url: str, artifacts: Path, width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        for name in ("home", "plan", "compare", "article", "code"):
            page.goto(site_url + PAGES[name])
            # The picture shows the page's title and nothing wider than the window.
            assert page.locator("main h1").first.is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=name != "compare")
    finally:
        ctx.close()
