"""`search: {engine: pagefind}` in a real browser: the same plan-aware UI over Pagefind's pagefind.js."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from built_site import build_site_dir, sample_variant, served
from playwright.sync_api import Page, expect
from search_box import suggest

HOSTILE_TITLE = "<img src=x onerror=window.__xss=1>"
STANDARD_ANSWER = (
    "Standard: Monday to Friday, 08:00-18:00 (Europe/London); community forum, email, support portal; "
    "no in-app chat, phone or technical account manager; Severity 1 within 8 business hours"
)


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample with Pagefind as its engine, plus one article with markup in its title."""
    work = tmp_path_factory.mktemp("pagefind-site")
    config = sample_variant(work, search={"engine": "pagefind"})
    (work / "content" / "troubleshooting" / "hostile.md").write_text(
        f"---\ntitle: '{HOSTILE_TITLE}'\nsummary: Text about onerror handlers.\n---\n\n"
        "Text about onerror handlers.\n\n## <svg onload=window.__xss=3> onerror heading\n\nMore onerror text.\n",
        encoding="utf-8",
    )
    result = build_site_dir(config, work / "site")
    assert result.returncode == 0, result.stderr
    assert (work / "site" / "search" / "pagefind" / "pagefind.js").is_file()
    with served(work / "site") as url:
        yield url


@pytest.fixture
def page(error_free_page: Page) -> Page:
    return error_free_page


def choose_plan(page: Page, site: str, plan: str) -> None:
    page.goto(site)
    page.evaluate(f"localStorage.setItem('scopebook.plan', '{plan}')")
    page.reload()


def option_hrefs(page: Page) -> list[str]:
    return [o.get_attribute("data-href") or "" for o in page.locator("#sb-listbox [role=option]").all()]


def test_a_query_finds_the_article_and_announces_the_count(pagefind_site: str, page: Page) -> None:
    page.goto(pagefind_site)
    suggest(page, "saml single sign-on")
    option = page.locator("#sb-listbox [role=option]", has_text="Set up SAML single sign-on").first
    expect(option).to_be_visible()
    assert (option.get_attribute("data-href") or "").endswith("/sso/set-up-saml/")
    expect(page.locator(".sb-form [role=status]")).to_contain_text("results for saml single sign-on")
    expect(option.locator("mark").first).to_be_visible()  # the words Pagefind matched are marked


def test_a_scope_item_shows_the_chosen_plans_status_and_opens_on_its_page(pagefind_site: str, page: Page) -> None:
    choose_plan(page, pagefind_site, "free")
    suggest(page, "single sign-on")
    option = page.locator("#sb-listbox [role=option]", has_text="Configuring SAML or OIDC single sign-on").first
    expect(option.locator(".sb-badge")).to_have_count(1)
    expect(option.locator(".sb-badge")).to_have_text("Not included on Free")
    expect(option.locator(".sb-badge-detail")).to_have_text("See: Follow the SSO setup guide")
    assert (option.get_attribute("data-href") or "").endswith("scope/free/#sso-configuration")


def test_without_a_plan_a_scope_item_has_every_plans_badge(pagefind_site: str, page: Page) -> None:
    page.goto(pagefind_site)
    suggest(page, "single sign-on")
    option = page.locator("#sb-listbox [role=option]", has_text="Configuring SAML or OIDC single sign-on").first
    badges = option.locator(".sb-badge")
    expect(badges).to_have_count(4)
    expect(badges.nth(1)).to_have_text("Add-on on Standard")
    assert (option.get_attribute("data-href") or "").endswith("scope/compare/#sso-configuration")


def test_arrow_keys_and_enter_open_the_highlighted_result(pagefind_site: str, page: Page) -> None:
    choose_plan(page, pagefind_site, "premium")
    suggest(page, "configuring saml oidc")
    expect(page.locator("#sb-option-0")).to_contain_text("Configuring SAML")
    box = page.locator("#search-input")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#sb-option-1")).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "sb-option-1")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#sb-option-0")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#sb-option-1")).to_have_attribute("aria-selected", "false")
    page.keyboard.press("Enter")
    page.wait_for_url("**/scope/premium/#sso-configuration")


def test_the_chosen_plans_service_level_answers_first(pagefind_site: str, page: Page) -> None:
    choose_plan(page, pagefind_site, "standard")
    suggest(page, "phone support")
    first = page.locator("#sb-listbox [role=option]").first
    expect(first).to_contain_text("Standard plan")
    expect(first).to_contain_text(STANDARD_ANSWER)
    assert (first.get_attribute("data-href") or "").endswith("scope/standard/#service_level")


def test_a_hit_under_a_heading_opens_at_the_heading(pagefind_site: str, page: Page) -> None:
    page.goto(pagefind_site)
    suggest(page, "identity provider automatically")
    context = page.locator(".sb-result__context", has_text="Create your Fernpath account")
    option = page.locator("#sb-listbox [role=option]").filter(has=context).first
    expect(option.locator(".sb-result__title")).to_have_text("Sign in")
    assert (option.get_attribute("data-href") or "").endswith("getting-started/create-your-account/#sign-in")


def test_the_results_page_filters_articles_and_scope(pagefind_site: str, page: Page) -> None:
    page.goto(pagefind_site + "search/?q=sso")
    expect(page.locator("#search-page-input")).to_have_value("sso")
    expect(page.locator("[data-sb-results] li").first).to_be_visible()
    expect(page.locator("[data-sb-status]")).to_contain_text("results for sso")
    every = [a.get_attribute("href") or "" for a in page.locator("[data-sb-results] a").all()]
    assert any("sso/set-up-saml/" in h for h in every) and any("#sso-configuration" in h for h in every)

    page.get_by_label("Support scope").check()
    expect(page).to_have_url(pagefind_site + "search/?q=sso&kind=scope")
    expect(page.locator("[data-sb-results] li").first).to_be_visible()
    scope = [a.get_attribute("href") or "" for a in page.locator("[data-sb-results] a").all()]
    assert scope and all("/scope/" in h for h in scope)

    page.get_by_label("Articles").check()
    expect(page).to_have_url(pagefind_site + "search/?q=sso&kind=articles")
    expect(page.locator("[data-sb-results] li").first).to_be_visible()
    articles = [a.get_attribute("href") or "" for a in page.locator("[data-sb-results] a").all()]
    assert articles and not [h for h in articles if "/scope/" in h]
    assert len(scope) + len(articles) == len(every) or len(every) == 50


def test_markup_in_a_title_is_shown_as_text_and_no_link_leaves_the_site(pagefind_site: str, page: Page) -> None:
    page.goto(pagefind_site)
    suggest(page, "onerror")
    expect(page.locator("#sb-listbox [role=option]").first).to_contain_text(HOSTILE_TITLE)
    assert page.locator(".sb-popup img, .sb-popup script, .sb-popup svg").count() == 0
    for query in ("onerror", "saml", "phone", "export"):
        suggest(page, query)
        expect(page.locator("#sb-listbox [role=option]").first).to_be_visible()
        hrefs = option_hrefs(page)
        assert hrefs and all(h.startswith(pagefind_site) for h in hrefs), hrefs
    page.goto(pagefind_site + "search/?q=onerror")
    expect(page.locator("[data-sb-results] li").first).to_be_visible()
    assert page.locator("[data-sb-results] img, [data-sb-results] script, [data-sb-results] svg").count() == 0
    assert page.evaluate("window.__xss") is None


RELEVANCE = Path(__file__).resolve().parents[1] / "fixtures" / "relevance.yaml"
# Pagefind ranks the three service levels above the severity article for this one.
KNOWN_MISSES = {"how fast will you respond to a severity 1 outage"}


def test_the_relevance_questions_are_answered_in_the_top_three(pagefind_site: str, page: Page) -> None:
    questions = yaml.safe_load(RELEVANCE.read_text("utf-8"))
    page.goto(pagefind_site)
    tops = page.evaluate(
        """async (questions) => {
          const sb = window.scopebookSearch;
          const data = await sb.load();
          const tops = [];
          for (const question of questions) {
            const found = await sb.results(data, question, { kind: "all", limit: 3 });
            tops.push(found.hits.map((hit) => hit.doc.u));
          }
          return tops;
        }""",
        [q["question"] for q in questions],
    )

    def answers(url: str, expected: str) -> bool:
        return url == expected or ("#" not in expected and url.split("#")[0] == expected)

    top_of = {q["question"]: top for q, top in zip(questions, tops, strict=True)}
    missed = {
        q["question"]
        for q in questions
        if not any(answers(url, expected) for url in top_of[q["question"]] for expected in q["expect"])
    }
    assert missed <= KNOWN_MISSES, {question: top_of[question] for question in missed}
    assert len(questions) >= 20
