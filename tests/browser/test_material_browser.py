"""The sample inside Material for MkDocs: item permalinks open their item; Material's search finds scope items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from built_site import build_site_dir, sample_variant, served


@pytest.fixture(scope="module")
def material_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("material")
    result = build_site_dir(sample_variant(work, theme="material"), work / "site")
    assert result.returncode == 0, result.stderr + result.stdout
    with served(work / "site") as url:
        yield url


@pytest.fixture
def material_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_permalink_opens_its_item(material_page: Any, material_url: str) -> None:
    material_page.goto(material_url + "scope/premium/#sso-configuration")
    item = material_page.locator("#sso-configuration")
    item.wait_for()
    assert material_page.evaluate("document.querySelector(':target').id") == "sso-configuration"
    box = item.bounding_box()
    # Scrolled to, and not under Material's fixed header (about 48 px high).
    assert box is not None and 48 <= box["y"] < 900
    assert "Included" in item.inner_text()
    assert "Configuring SAML or OIDC single sign-on" in item.locator("h3").inner_text()


def test_material_search_finds_a_scope_item(material_page: Any, material_url: str) -> None:
    material_page.goto(material_url)
    query = material_page.locator("input[data-md-component='search-query']")
    query.click()
    query.type("OIDC single sign-on", delay=20)
    # Material re-renders its results as each keystroke's answer comes back from its
    # worker: look for the plan item's link in one render at a time, until one has it,
    # rather than through locators a later render detaches.
    found = material_page.wait_for_function(
        """() => {
            const links = [...document.querySelectorAll(".md-search-result__item a")].map((a) => a.href);
            const items = links.filter((href) => /\\/scope\\/[a-z]+\\/#sso-configuration/.test(href));
            return items.length ? items : null;
        }""",
        timeout=30_000,
    )
    item_links = found.json_value()
    material_page.goto(item_links[0])
    assert "Configuring SAML or OIDC" in material_page.locator(":target").inner_text()


def test_a_plan_with_an_addon_under_material(material_page: Any, material_url: str) -> None:
    material_page.goto(material_url + "scope/standard/with/sso-onboarding/#sso-configuration")
    item = material_page.locator("#sso-configuration")
    item.wait_for()
    box = item.bounding_box()
    assert box is not None and 48 <= box["y"] < 900
    text = " ".join(item.inner_text().split())
    assert "Included With SSO onboarding on the Standard plan with the SSO onboarding add-on" in text
    # Reached from its plan page, not listed in Material's navigation nor in its search.
    assert material_page.locator(".md-nav a[href*='/with/']").count() == 0
    index = material_page.request.get(material_url + "search/search_index.json").json()
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("scope/standard/") for loc in locations)
    assert not [loc for loc in locations if "/with/" in loc]


def test_a_compare_link_under_material_lands_below_the_header(material_page: Any, material_url: str) -> None:
    material_page.goto(material_url + "scope/compare/#consulting-process-design")
    row = material_page.locator("tr#consulting-process-design")
    row.wait_for()
    header = material_page.locator("header.md-header").bounding_box()
    box = row.bounding_box()
    assert header is not None and box is not None
    assert header["y"] + header["height"] <= box["y"] < 900, (header, box)
    colour = row.locator("th").evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
