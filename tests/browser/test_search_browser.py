"""Search in a real browser: suggestions, keyboard, plan badges, the results page, hostile text."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from built_site import build_site_dir, served
from playwright.sync_api import Browser, Page, expect
from search_box import suggest

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_TITLE = "<img src=x onerror=window.__xss=1>"


@pytest.fixture
def site(site_url: str) -> str:
    """The sample help center, built and served once per session (tests/browser/conftest.py)."""
    return site_url


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample with an article with markup in its title, summary and headings, and one with accents."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "scope", root / "scope")
    # The sample scope links to articles as alternatives; they must exist for it to load.
    shutil.copytree(ROOT / "content", root / "content")
    (root / "content" / "troubleshooting" / "hostile.md").write_text(
        "---\n"
        f"title: '{HOSTILE_TITLE}'\n"
        "summary: '<script>window.__xss=2</script> onerror summary'\n"
        "tags: [onerror]\n"
        "---\n\n"
        "Text about onerror handlers.\n\n"
        "## <svg onload=window.__xss=3> onerror heading\n\nMore onerror text.\n",
        encoding="utf-8",
    )
    # Accents spelt as combining marks (NFD), as text pasted on a Mac or from a PDF often is,
    # in the title; the body's are composed (NFC), as keyboards type them.
    (root / "content" / "troubleshooting" / "accents.md").write_text(
        "---\ntitle: Cre\u0300me bru\u0302le\u0301e\n---\n\nThe souffl\u00e9 glac\u00e9 comes first.\n\n"
        "A soft hyphen: super\u00adcalifragilistic.\n",
        encoding="utf-8",
    )
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\ndocs_dir: content\ntheme:\n  name: scopebook\nplugins:\n  - scopebook:\n"
        "      scope_dir: scope\n",
        encoding="utf-8",
    )
    site_dir = root / "site"
    result = build_site_dir(root / "mkdocs.yml", site_dir, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    with served(site_dir) as url:
        yield url


@pytest.fixture
def page(error_free_page: Page) -> Page:
    return error_free_page


def test_typing_shows_suggestions_and_announces_the_count(site: str, page: Page) -> None:
    page.goto(site)
    suggest(page, "export data")
    options = page.locator("#sb-listbox [role=option]")
    expect(options.first).to_contain_text("Export")
    box = page.locator("#search-input")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".sb-form [role=status]")).to_contain_text("results for export data")
    page.keyboard.press("Escape")
    expect(page.locator(".sb-popup")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")


def test_slash_focuses_the_search_box_unless_typing_elsewhere(site: str, page: Page) -> None:
    page.goto(site)
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    expect(page.locator("#search-input")).to_be_focused()
    expect(page.locator("#search-input")).to_have_value("")


def test_badge_shows_the_chosen_plan(site: str, page: Page) -> None:
    page.goto(site)
    page.evaluate("localStorage.setItem('scopebook.plan', 'premium')")
    page.reload()
    suggest(page, "single sign-on")
    option = page.locator("#sb-listbox [role=option]", has_text="Configuring SAML or OIDC single sign-on")
    expect(option.locator(".sb-badge")).to_have_count(1)
    expect(option.locator(".sb-badge")).to_contain_text("Included on Premium")
    href = option.get_attribute("data-href") or ""
    assert href.endswith("scope/premium/#sso-configuration")


def test_without_a_plan_every_plan_has_a_badge(site: str, page: Page) -> None:
    page.goto(site)
    suggest(page, "single sign-on")
    option = page.locator("#sb-listbox [role=option]", has_text="Configuring SAML or OIDC single sign-on")
    badges = option.locator(".sb-badge")
    expect(badges).to_have_count(4)
    expect(badges.nth(0)).to_have_text("Not included on Free")
    expect(badges.nth(1)).to_have_text("Add-on on Standard")
    href = option.get_attribute("data-href") or ""
    assert href.endswith("scope/compare/#sso-configuration")


def test_arrow_down_and_enter_open_the_highlighted_result(site: str, page: Page) -> None:
    page.goto(site)
    page.evaluate("localStorage.setItem('scopebook.plan', 'premium')")
    page.reload()
    suggest(page, "configuring saml oidc")
    expect(page.locator("#sb-listbox [role=option]").first).to_contain_text("Configuring SAML")
    page.keyboard.press("ArrowDown")
    first = page.locator("#sb-option-0")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(page.locator("#search-input")).to_have_attribute("aria-activedescendant", "sb-option-0")
    page.keyboard.press("Enter")
    page.wait_for_url("**/scope/premium/#sso-configuration")


def test_a_highlight_survives_the_render_of_a_longer_query(site: str, page: Page) -> None:
    # A reader who presses ArrowDown before the last keystroke's results arrive keeps the
    # result they highlighted, and Enter opens it.
    page.goto(site)
    suggest(page, "configuring saml oid")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#sb-option-0")).to_have_attribute("aria-selected", "true")
    chosen = page.locator("#sb-option-0").get_attribute("data-href") or ""
    page.keyboard.press("c")
    expect(page.locator(".sb-form [role=status]")).to_have_text(re.compile(r"results? for configuring saml oidc$"))
    selected = page.locator("#sb-listbox [aria-selected=true]")
    expect(selected).to_have_count(1)
    assert selected.get_attribute("data-href") == chosen
    active = page.locator("#search-input").get_attribute("aria-activedescendant")
    assert active == selected.get_attribute("id")
    target = urljoin(page.url, chosen)
    page.keyboard.press("Enter")
    page.wait_for_url(target)


def test_a_typo_still_finds_the_article(site: str, page: Page) -> None:
    page.goto(site)
    suggest(page, "pasword reset")
    expect(page.locator("#sb-listbox [role=option]").first).to_contain_text("Reset your password")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account-admin/reset-your-password/**")


def test_clicking_a_suggestion_opens_it(site: str, page: Page) -> None:
    page.goto(site)
    suggest(page, "export your data")
    page.locator("#sb-listbox [role=option]", has_text="Export your data").first.click()
    page.wait_for_url("**/data/export-your-data/**")


def test_matched_words_are_marked(site: str, page: Page) -> None:
    page.goto(site)
    suggest(page, "reset password")
    first = page.locator("#sb-listbox [role=option]").first
    expect(first.locator(".sb-result__title mark").first).to_have_text("Reset")


def test_no_results_offers_scope_and_channels(site: str, page: Page) -> None:
    page.goto(site)
    page.evaluate("localStorage.setItem('scopebook.plan', 'standard')")
    page.reload()
    suggest(page, "qqxxzzkk")
    empty = page.locator(".sb-popup .sb-empty")
    expect(empty).to_contain_text("No results")
    expect(empty.get_by_role("link", name="Standard plan support scope")).to_have_attribute(
        "href", site + "scope/standard/"
    )
    expect(empty.get_by_role("link", name="Email")).to_have_attribute("href", "mailto:support@fernpath.example")


def test_results_page_runs_the_query_from_a_shared_link(site: str, page: Page) -> None:
    page.goto(site + "search/?q=sso")
    expect(page.locator("#search-page-input")).to_have_value("sso")
    results = page.locator("[data-sb-results] li")
    expect(results.first).to_be_visible()
    expect(page.locator("[data-sb-status]")).to_contain_text("results for sso")
    expect(page.locator("[data-sb-without-js]")).to_be_hidden()
    hrefs = [a.get_attribute("href") or "" for a in page.locator("[data-sb-results] a").all()]
    assert any("sso/set-up-saml/" in h for h in hrefs)
    assert any("#sso-configuration" in h for h in hrefs)

    page.get_by_label("Support scope").check()
    expect(page).to_have_url(site + "search/?q=sso&kind=scope")
    hrefs = [a.get_attribute("href") or "" for a in page.locator("[data-sb-results] a").all()]
    assert hrefs and all("/scope/" in h for h in hrefs)


def test_results_page_without_javascript_says_so(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "search/?q=sso")
    expect(page.locator("[data-sb-without-js]")).to_contain_text("Search needs JavaScript")
    expect(page.locator("[data-sb-without-js] a").first).to_be_visible()
    context.close()


def test_hostile_title_is_shown_as_text(hostile_site: str, page: Page) -> None:
    page.goto(hostile_site)
    suggest(page, "onerror")
    options = page.locator("#sb-listbox [role=option]")
    expect(options.first).to_contain_text(HOSTILE_TITLE)
    assert page.locator(".sb-popup img, .sb-popup script, .sb-popup svg").count() == 0
    page.goto(hostile_site + "search/?q=onerror")
    expect(page.locator("[data-sb-results] li").first).to_be_visible()
    assert page.locator("[data-sb-results] img, [data-sb-results] script, [data-sb-results] svg").count() == 0
    assert page.evaluate("window.__xss") is None


@pytest.mark.parametrize(
    "query",
    [
        "cr\u00e8me br\u00fbl\u00e9e",  # typed composed, found in the title's combining marks
        "souffle\u0301 glace\u0301",  # typed with combining marks, found in composed text
        "supercalifragilistic",  # found where the text has an invisible soft hyphen in it
    ],
)
def test_a_word_is_found_however_its_letters_are_encoded(hostile_site: str, page: Page, query: str) -> None:
    page.goto(hostile_site)
    suggest(page, query)
    first = page.locator("#sb-listbox [role=option]").first
    expect(first.locator("mark").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/troubleshooting/accents/**")


def test_excluded_badge_says_where_to_go_instead(site: str, page: Page) -> None:
    page.goto(site)
    page.evaluate("localStorage.setItem('scopebook.plan', 'free')")
    page.reload()
    suggest(page, "single sign-on")
    option = page.locator("#sb-listbox [role=option]", has_text="Configuring SAML or OIDC single sign-on").first
    expect(option.locator(".sb-badge")).to_have_text("Not included on Free")
    expect(option.locator(".sb-badge-detail")).to_have_text("See: Follow the SSO setup guide")


SERVICE_QUERIES = ["SLA", "sev1", "response time", "how long until you reply", "weekend support", "phone support"]
STANDARD_ANSWER = (
    "Standard: Monday to Friday, 08:00-18:00 (Europe/London); community forum, email, support portal; "
    "no in-app chat, phone or technical account manager; Severity 1 within 8 business hours"
)


def _results_page(site: str, page: Page, query: str) -> Any:
    page.goto(site + "search/?q=" + query.replace(" ", "+"))
    results = page.locator(".sb-page-results > li")
    expect(results.first).to_be_visible()
    return results


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_questions_answer_with_the_chosen_plan_first(site: str, page: Page, query: str) -> None:
    page.goto(site)
    page.evaluate("localStorage.setItem('scopebook.plan', 'standard')")
    results = _results_page(site, page, query)
    first = results.first
    expect(first).to_contain_text("Standard plan")
    expect(first).to_contain_text(STANDARD_ANSWER)
    assert (first.locator("a").get_attribute("href") or "").endswith("scope/standard/#service_level")
    # Other plans' answers come after everything else that matched.
    titles = results.locator(".sb-result__title").all_inner_texts()
    others = [i for i, t in enumerate(titles) if t in ("Free plan", "Premium plan", "Enterprise plan")]
    rest = [i for i, t in enumerate(titles[1:], 1) if i not in others]
    assert not others or not rest or max(rest) < min(others), titles


def test_suggestions_answer_phone_support_for_the_chosen_plan(site: str, page: Page) -> None:
    page.goto(site)
    page.evaluate("localStorage.setItem('scopebook.plan', 'premium')")
    page.reload()
    suggest(page, "phone support")
    first = page.locator("#sb-listbox [role=option]").first
    expect(first).to_contain_text("Premium plan")
    expect(first).to_contain_text("in-app chat, phone; no technical account manager")


def test_sev1_without_a_plan_finds_the_severity_definitions(site: str, page: Page) -> None:
    results = _results_page(site, page, "sev1")
    titles = results.locator(".sb-result__title").all_inner_texts()
    assert "Severity levels" in titles[:5], titles
    outage = _results_page(site, page, "outage").locator(".sb-result__title").all_inner_texts()
    assert "Severity levels" in outage[:5], outage
