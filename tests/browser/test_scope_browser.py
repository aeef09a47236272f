"""Scope pages in a real browser, as a prospect opening a link from sales sees them."""

from __future__ import annotations

from typing import Any


def _box_text(page: Any, item_id: str) -> str:
    box = page.locator(f"article.item#{item_id}")
    assert box.is_visible()
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
    assert page.url == site_url + "scope/premium/#sso-configuration"
    assert "Included on the Premium plan." in _box_text(page, "sso-configuration")
