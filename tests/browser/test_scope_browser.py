"""Scope pages in a real browser, as a prospect opening a link from sales sees them."""

from __future__ import annotations

from typing import Any

import pytest
from built_site import axe_problems


def _box_text(page: Any, item_id: str) -> str:
    box = page.locator(f"article.item#{item_id}")
    box.wait_for(state="visible")
    box_top = box.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= box_top < page.viewport_size["height"] / 2, "the link did not bring the item into view"
    return str(box.inner_text())


def test_a_permalink_box_names_the_plan_status_and_terms(page: Any, site_url: str) -> None:
    page.goto(site_url + "scope/premium/#migration-from-other-tools")
    text = _box_text(page, "migration-from-other-tools")
    assert "Available as add-on on the Premium plan, with the Migration service add-on" in text
    assert "USD 2,500 per migration" in text
    assert "Limited on Enterprise" in text

    page.goto(site_url + "scope/free/#product-training")
    assert "Not included on the Free plan." in _box_text(page, "product-training")

    page.goto(site_url + "scope/premium/#product-training")
    text = _box_text(page, "product-training")
    assert "Limited on the Premium plan: Two live sessions per contract year" in text


def test_an_excluded_item_says_where_it_is_included_or_sold(page: Any, site_url: str) -> None:
    page.goto(site_url + "scope/free/#sso-configuration")
    text = _box_text(page, "sso-configuration")
    assert "Not included on the Free plan." in text
    assert "Included on Premium and Enterprise" in text
    assert "Add-on on Standard: SSO onboarding" in text
    page.locator("#sso-configuration .item-better a", has_text="Premium").click()
    # The URL changes when the next page is committed, before it is loaded and scrolled.
    page.wait_for_url(site_url + "scope/premium/#sso-configuration", wait_until="load")
    assert "Included on the Premium plan." in _box_text(page, "sso-configuration")


def _boxes(page: Any, row: str) -> tuple[dict[str, float], dict[str, float]]:
    """The bounding boxes of the compare table's header and of one row, in viewport pixels."""
    head = page.locator("table.compare thead th.corner").bounding_box()  # the cells stick, not the thead
    box = page.locator(f"table.compare tr#{row}").bounding_box()
    assert head is not None and box is not None
    return head, box


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844), (360, 740)])
@pytest.mark.parametrize("row", ["sso-configuration", "consulting-process-design"])
def test_a_compare_link_shows_its_row_below_the_sticky_header(
    browser: Any, site_url: str, width: int, height: int, row: str
) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        page.goto(site_url + f"scope/compare/#{row}")
        page.wait_for_load_state("load")
        head, box = _boxes(page, row)
        assert page.locator(f"tr#{row}").is_visible()
        assert head["y"] >= -1, "the header is not on screen"
        assert box["y"] >= head["y"] + head["height"] - 1, (head, box)
        assert box["y"] + min(box["height"], 60) <= height, (head, box)
        # The row's own words are what the reader came for.
        assert page.locator(f"tr#{row} th").inner_text() in page.locator(f"tr#{row}").inner_text()
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_linked_row_is_not_coloured_like_the_chosen_plan(page: Any, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "scope/compare/#sso-configuration")
    page.select_option("#plan-picker", "premium")

    def background(selector: str) -> str:
        return str(page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor"))

    linked = background("tr#sso-configuration th")
    chosen = background("tr#account-setup td.plan-premium")
    plain = background("tr#account-setup td.plan-free")
    assert len({linked, chosen, plain}) == 3, (linked, chosen, plain)
    # Where the linked row crosses the chosen column, the cell keeps the column's edge.
    crossing = page.eval_on_selector("tr#sso-configuration td.plan-premium", "el => getComputedStyle(el).boxShadow")
    assert crossing != "none"
    assert axe_problems(page) == []


def _visible_plans(page: Any) -> list[str]:
    return [
        str(th.get_attribute("class")).removeprefix("plan-")
        for th in page.locator("table.compare thead th[class^='plan-']").all()
        if th.is_visible()
    ]


@pytest.mark.parametrize(("width", "height", "scheme"), [(390, 844, "light"), (360, 740, "dark")])
def test_a_phone_shows_one_plan_with_a_keyboard_switcher(
    browser: Any, site_url: str, width: int, height: int, scheme: str
) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        page.goto(site_url + "scope/compare/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert _visible_plans(page) == ["free"]
        switcher = page.get_by_role("group", name="Plan shown")
        assert switcher.is_visible()
        switcher.get_by_role("radio", name="Free").focus()
        page.keyboard.press("ArrowRight")
        assert switcher.get_by_role("radio", name="Standard").is_checked()
        assert _visible_plans(page) == ["standard"]
        # Every cell of the shown plan fits on screen, the page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        cell = page.locator("tr#sso-configuration td.plan-standard").bounding_box()
        assert cell is not None and cell["x"] + cell["width"] <= width
        # The choice is the site's chosen plan: remembered on the next page and visit.
        assert page.get_attribute("html", "data-plan") == "standard"
        page.reload()
        assert _visible_plans(page) == ["standard"]
        assert page.locator("#plan-picker").input_value() == "standard"
        assert axe_problems(page) == []
    finally:
        ctx.close()


def test_a_phone_without_javascript_still_switches_plans(browser: Any, site_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site_url + "scope/compare/")
        assert _visible_plans(page) == ["free"]
        page.get_by_role("radio", name="Premium").check()
        assert _visible_plans(page) == ["premium"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        ctx.close()


def test_a_sales_link_to_a_plan_with_an_addon_shows_the_combination(page: Any, site_url: str) -> None:
    page.goto(site_url + "scope/standard/#product-training")
    text = _box_text(page, "product-training")
    assert "Available as add-on on the Standard plan, with the Training pack add-on" in text
    page.locator("#product-training .item-with a").click()
    assert page.url == site_url + "scope/standard/with/training-pack/"
    assert page.locator("h1").inner_text() == "The Standard plan with Training pack"

    page.goto(site_url + "scope/standard/with/sso-onboarding/#sso-configuration")
    text = " ".join(_box_text(page, "sso-configuration").split())
    assert (
        "Included With SSO onboarding on the Standard plan with the SSO onboarding add-on (USD 900, one-time)." in text
    )
    mark = page.locator("#sso-configuration .from-addon")
    assert mark.is_visible() and mark.inner_text() == "With SSO onboarding"
    # What the add-on does not sell stays as the plan has it, unmarked.
    page.goto(site_url + "scope/standard/with/sso-onboarding/#product-training")
    text = _box_text(page, "product-training")
    assert "Available as add-on on the Standard plan, with the Training pack add-on" in text
    assert page.locator("#product-training .from-addon").count() == 0
