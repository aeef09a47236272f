"""Articles in a real browser: admonitions, highlighted code with a copy button, tabs, details, favicon."""

from __future__ import annotations

from typing import Any

import pytest

ARTICLE = "api/api-quickstart/"


def _style(page: Any, selector: str, prop: str) -> str:
    return str(page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_admonitions_and_code_are_styled(page: Any, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + ARTICLE)
    title = page.locator(".admonition.warning .admonition-title")
    assert title.inner_text() == "Treat tokens like passwords"
    page_bg = _style(page, "body", "backgroundColor")
    assert _style(page, ".admonition.warning .admonition-title", "backgroundColor") != page_bg
    assert _style(page, ".admonition.warning", "borderLeftWidth") == "5px"
    # Pygments marked `import` a keyword and `print` a builtin; each has its own colour.
    keyword = _style(page, ".highlight .kn", "color")
    builtin = _style(page, ".highlight .nb", "color")
    plain = _style(page, ".highlight .n", "color")
    assert len({keyword, builtin, plain}) == 3
    assert _style(page, ".highlight .c1", "fontStyle") == "italic"


def test_copy_button_copies_the_code(page: Any, site_url: str) -> None:
    page.goto(site_url + ARTICLE)
    block = page.locator(".prose .highlight", has_text="curl").first
    button = block.get_by_role("button", name="Copy code")
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    expected = 'curl https://api.fernpath.example/v1/me \\\n  -H "Authorization: Bearer $FERNPATH_TOKEN"'
    if page.text_content("#copy-status") == "Code copied":
        assert page.evaluate("navigator.clipboard.readText()") == expected
        assert button.inner_text() == "Copied"
    else:  # clipboard refused: the code is selected for the reader to copy
        assert page.evaluate("String(window.getSelection())").rstrip("\n") == expected


def test_tabs_switch_and_details_open(page: Any, site_url: str) -> None:
    page.goto(site_url + ARTICLE)
    tabs = page.locator(".tabbed-set").first
    python = tabs.locator(".tabbed-block").nth(0)
    javascript = tabs.locator(".tabbed-block").nth(1)
    assert python.is_visible() and not javascript.is_visible()
    tabs.locator("label", has_text="JavaScript").click()
    assert javascript.is_visible() and not python.is_visible()
    assert "console.log" in javascript.inner_text()
    # The tabs are radio buttons: the keyboard moves between them too.
    tabs.locator("input").nth(1).focus()
    page.keyboard.press("ArrowLeft")
    assert python.is_visible() and not javascript.is_visible()

    details = page.locator(".prose details").first
    answer = details.locator("p").first
    assert not answer.is_visible()
    details.locator("summary").click()
    assert answer.is_visible() and "two most recent major versions" in answer.inner_text()


def test_print_shows_every_tab_under_its_label_and_opens_details(page: Any, site_url: str) -> None:
    page.goto(site_url + ARTICLE)
    page.emulate_media(media="print")
    blocks = page.locator(".tabbed-set .tabbed-block")
    assert blocks.nth(0).is_visible() and blocks.nth(1).is_visible()
    labels = blocks.evaluate_all("els => els.map(el => getComputedStyle(el, '::before').content)")
    assert labels == ['"Python"', '"JavaScript"']
    assert not page.locator(".copy-code").first.is_visible()
    assert _style(page, ".prose pre", "whiteSpace") == "pre-wrap"
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".prose details p").first.is_visible()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.eval_on_selector(".prose details", "el => el.open") is False


def test_favicon_is_the_site_names_initial(page: Any, site_url: str) -> None:
    page.goto(site_url + ARTICLE)
    href = page.eval_on_selector("link[rel=icon]", "el => el.href")
    assert href == site_url + "favicon.svg"
    response = page.goto(href)
    assert response.ok and "svg" in response.headers["content-type"]
    # Drawn in the browser: the icon shows the letter F of "Fernpath Help Center".
    assert page.locator("svg text").text_content() == "F"
