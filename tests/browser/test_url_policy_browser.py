"""Script URLs in scope files never run: every link of the no-results panel and of search results
is clicked in Chromium on a site built from hostile URL fields with the URL check switched off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from built_site import build_site_dir, served
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError
from test_search_browser import suggest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site-script-urls"
PLANS = ("", "basic")  # no plan chosen: the channels common to all plans
# Every attribute on the page whose value a browser would run as script.
SCRIPT_ATTRIBUTES = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const compact = attribute.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (/^(javascript|vbscript|data):/.test(compact) || compact.includes("&colon;")) {
        found.push(element.tagName + " " + attribute.name + "=" + attribute.value);
      }
    }
  }
  for (const link of document.querySelectorAll("a[href]")) {
    if (!["http:", "https:", "mailto:", "tel:"].includes(link.protocol)) {
      found.push("A href resolves to " + link.href);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def script_url_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("script-urls") / "site"
    result = build_site_dir(FIXTURE / "mkdocs.yml", site, url_check=False)
    assert result.returncode == 0, result.stderr + result.stdout
    with served(site) as url:
        yield url


@pytest.fixture
def guarded(browser: Browser, script_url_site: str) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A context that records every dialog and never leaves the test server."""
    context = browser.new_context()
    dialogs: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith(script_url_site):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    context.on("page", lambda page: page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    yield context, dialogs
    context.close()


def _open(context: BrowserContext, url: str, plan: str) -> Page:
    page = context.new_page()
    page.goto(url)
    page.evaluate("plan => plan ? localStorage.setItem('scopebook.plan', plan) : localStorage.clear()", plan)
    page.reload()
    return page


def _click_each(page: Page, url: str, query: str, selector: str) -> int:
    """Click the n-th link of the popup for query, for every n; how many links there were.

    A link to another site is aborted by the context's route, so each click is followed by
    a fresh visit rather than a wait for the navigation to finish.
    """
    page.goto(url)
    suggest(page, query)
    count = page.locator(selector).count()
    assert page.evaluate(SCRIPT_ATTRIBUTES) == []
    for index in range(count):
        if index:
            page.goto(url)
            suggest(page, query)
        before = page.url
        page.locator(selector).nth(index).click(no_wait_after=True, timeout=10_000)
        _settle(page, before)
    return count


def _settle(page: Page, before: str) -> None:
    """Let a navigation the click started finish; a link to another site is aborted instead."""
    try:
        page.wait_for_url(lambda url: url != before, timeout=2_000)
        page.wait_for_load_state()
    except PlaywrightError:
        pass  # no navigation (an aborted outside link), or one that ended in an error page


@pytest.mark.parametrize("plan", PLANS)
def test_no_results_panel_links_run_no_script(
    guarded: tuple[BrowserContext, list[str]], script_url_site: str, plan: str
) -> None:
    context, dialogs = guarded
    page = _open(context, script_url_site, plan)
    suggest(page, "qqxxzzkk")
    panel = page.locator(".sb-popup .sb-empty")
    expect(panel).to_contain_text("No results")
    if plan:
        # The refused channels are still named, as text; only the allowed one is a link.
        expect(panel).to_contain_text("Chat payload")
        expect(panel.get_by_role("link", name="Web form")).to_have_attribute("href", "https://support.example.com/")
        expect(panel.get_by_role("link", name="Chat payload")).to_have_count(0)
    clicked = _click_each(page, script_url_site, "qqxxzzkk", ".sb-popup .sb-empty a")
    page.close()
    assert clicked >= (2 if plan else 1)
    assert dialogs == []


@pytest.mark.parametrize("plan", PLANS)
def test_search_result_links_run_no_script(
    guarded: tuple[BrowserContext, list[str]], script_url_site: str, plan: str
) -> None:
    context, dialogs = guarded
    page = _open(context, script_url_site, plan)
    clicked = _click_each(page, script_url_site, "payload", "#sb-listbox [role=option]")
    clicked += _click_each(page, script_url_site, "install", "#sb-listbox [role=option]")
    assert clicked >= 2
    page.goto(script_url_site + "search/?q=payload")
    expect(page.locator("[data-sb-results] li").first).to_be_visible()
    assert page.evaluate(SCRIPT_ATTRIBUTES) == []
    links = page.locator("[data-sb-results] a")
    for index in range(links.count()):
        # Every result opens a page of the site; a script URL would not navigate at all.
        with page.expect_navigation(timeout=10_000):
            links.nth(index).click(timeout=10_000)
        assert page.evaluate(SCRIPT_ATTRIBUTES) == []
        page.goto(script_url_site + "search/?q=payload")
        expect(page.locator("[data-sb-results] li").first).to_be_visible()
    page.close()
    assert dialogs == []


def test_plan_and_scope_pages_carry_no_script_url(
    guarded: tuple[BrowserContext, list[str]], script_url_site: str
) -> None:
    context, dialogs = guarded
    for path in ("", "scope/", "scope/basic/", "scope/pro/", "scope/compare/"):
        page = _open(context, script_url_site + path, "basic")
        assert page.evaluate(SCRIPT_ATTRIBUTES) == [], path
        page.close()
    assert dialogs == []


PASTED = Path(__file__).resolve().parents[1] / "fixtures" / "pasted-pictures"


def test_a_pasted_raster_picture_is_drawn_and_an_svg_one_is_its_words(browser: Browser, tmp_path: Path) -> None:
    site = tmp_path / "site"
    # Its SVG picture and its picture given as a link are taken out with a warning each.
    result = build_site_dir(PASTED / "mkdocs.yml", site, strict=False)
    assert result.returncode == 0, result.stderr + result.stdout
    context = browser.new_context()
    with served(site) as url:
        page = context.new_page()
        page.goto(url)
        picture = page.get_by_role("img", name="The security settings")
        expect(picture).to_be_visible()
        # Decoded and drawn: the pasted picture is one pixel.
        assert picture.evaluate("img => img.complete && img.naturalWidth") == 1
        expect(page.get_by_role("img", name="An exported diagram")).to_have_count(0)
        expect(page.locator(".prose")).to_contain_text("An exported diagram")
        expect(page.get_by_role("link", name="Open the picture")).to_have_count(0)
    context.close()
