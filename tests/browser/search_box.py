"""Typing into the theme's search box the way a reader does, for the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def suggest(page: Page, text: str) -> None:
    """Type text into the header box and wait until the popup shows the results for all of it.

    The popup re-renders (debounced) as the text grows: options shown for a prefix are
    replaced by new ones, which drops a highlight or a click aimed at them. The status line
    names the text its results are for, so it tells when the last render has happened.
    """
    box = page.locator("#search-input")
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=15)
    expect(page.locator(".sb-popup")).to_be_visible()
    done = re.compile(rf"(?:\d+ results?|No results) for {re.escape(text.strip())}$")
    expect(page.locator(".sb-form [role=status]")).to_have_text(done, timeout=30_000)
