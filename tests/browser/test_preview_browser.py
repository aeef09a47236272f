"""The live preview's problem banner in Chromium: visible, on top, readable, gone after the fix.

A real `mkdocs serve` per theme; the page is opened before the bad edit and never reloaded
by the test, so the banner's arrival and departure also prove livereload keeps working.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from built_site import REBUILD_TIMEOUT, mkdocs_serve
from playwright.sync_api import expect

from generator.preview import TAG

BAD_YAML = "  bad: [unclosed\n"
WAIT_MS = REBUILD_TIMEOUT * 1000


def luminance(css_color: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", css_color)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def on_top(page: Any) -> bool:
    """Whether the banner is what the reader sees at its own centre (not under a fixed header)."""
    return bool(
        page.evaluate(
            """tag => {
                const banner = document.querySelector(tag);
                const box = banner.getBoundingClientRect();
                const seen = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
                return box.top >= 0 && box.bottom <= window.innerHeight && banner.contains(seen);
            }""",
            TAG,
        )
    )


@pytest.mark.parametrize(
    ("theme", "scheme"), [(None, "light"), (None, "dark"), ("material", "light"), ("mkdocs", "light")]
)
def test_the_banner_shows_on_top_readable_and_goes_after_the_fix(
    browser: Any, tmp_path: Path, theme: str | None, scheme: str
) -> None:
    with mkdocs_serve(tmp_path, theme) as served:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(served.url + "account-admin/notification-settings/")
            assert page.locator(TAG).count() == 0
            with served.edited("scope/areas-1-setup.yaml", lambda text: text + BAD_YAML):
                # livereload reloads the open page once the failed rebuild is recorded
                page.wait_for_selector(TAG, state="visible", timeout=WAIT_MS)
                alert = page.get_by_role("alert")
                assert "scope/areas-1-setup.yaml:291:3" in alert.inner_text()
                assert "YAML syntax error" in alert.inner_text()
                expect(page.get_by_role("heading", name="Change your notification preferences")).to_be_visible()
                assert on_top(page)
                style = page.eval_on_selector(
                    TAG, "e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor]; }"
                )
                assert contrast(*style) >= 7, style
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                assert on_top(page), "the banner scrolls out of sight"
            page.wait_for_selector(TAG, state="detached", timeout=WAIT_MS)
            expect(page.get_by_role("heading", name="Change your notification preferences")).to_be_visible()
        finally:
            context.close()
