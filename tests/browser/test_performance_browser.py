"""The service performance page in a real browser: accessibility and the chart beside its table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from built_site import axe_problems

PAGE = "scope/performance/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(page: Any, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + PAGE)
    assert axe_problems(page) == []


def test_each_chart_is_an_image_named_for_its_plan(page: Any, site_url: str) -> None:
    page.goto(site_url + PAGE)
    chart = page.get_by_role("img", name="Standard: share of tickets answered within target")
    assert chart.is_visible()
    assert chart.bounding_box()["height"] > 100


def _boxes(page: Any, plan: str) -> tuple[dict[str, float], dict[str, float]]:
    section = page.locator(f"section[aria-labelledby='{plan}']")
    return section.locator("figure").bounding_box(), section.locator(".table-scroll").bounding_box()


def test_the_table_is_beside_the_chart_on_wide_screens_and_below_on_narrow(
    browser: Any, site_url: str, artifacts: Path
) -> None:
    for width in (1280, 390):
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        try:
            page = ctx.new_page()
            page.goto(site_url + PAGE)
            chart, table = _boxes(page, "premium")
            if width == 1280:
                assert chart["x"] + chart["width"] <= table["x"]
                assert abs(chart["y"] - table["y"]) < 40
            else:
                assert table["y"] >= chart["y"] + chart["height"]
                assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.locator("section[aria-labelledby='premium']").screenshot(
                path=str(artifacts / f"performance-{width}.png")
            )
        finally:
            ctx.close()


def test_a_plan_page_link_lands_on_the_plans_figures(page: Any, site_url: str) -> None:
    page.goto(site_url + "scope/premium/")
    page.get_by_role("link", name="How often Premium gets its first reply within these targets").click()
    assert page.url.endswith("/scope/performance/#premium")
    assert page.locator("#premium").is_visible()
