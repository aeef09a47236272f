"""The safe Markdown renderer: raw HTML shown as text, unsafe URLs and handlers removed."""

from __future__ import annotations

import markdown
import pytest
from built_site import parse_html
from markupsafe import Markup

from generator.markdown_safe import (
    SafeMarkdownExtension,
    filter_stashed_html,
    is_safe_url,
    render_inline,
    render_markdown,
    safe_url,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '" onmouseover="alert(1)',
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#115;cript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "<a href='javascript:alert(1)'>a</a>",
    "<div onclick='alert(1)'>block</div>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<!-- comment --><svg onload=alert(1)>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_inert(payload: str) -> None:
    tree = parse_html(str(render_markdown(payload)))
    for node in tree.iter():
        assert node.tag in ("#document", "p", "span", "a", "em", "strong", "code"), node.tag
        for name, value in node.attrs.items():
            assert not name.startswith("on")
            assert is_safe_url(value), value


def test_raw_html_is_shown_as_text() -> None:
    assert str(render_markdown("<b>bold</b>")) == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


def test_unsafe_link_keeps_its_words() -> None:
    assert str(render_markdown("[click me](javascript:alert(1))")) == "<p><span>click me</span></p>"
    assert str(render_markdown("![diagram](data:image/png;base64,AAAA)")) == "<p><span>diagram</span></p>"


def test_safe_links_survive() -> None:
    html = str(
        render_markdown("[a](https://x.example/) [b](mailto:a@x.example) [c](../c.md#d) [e](#f) <https://g.example>")
    )
    for href in ("https://x.example/", "mailto:a@x.example", "../c.md#d", "#f", "https://g.example"):
        assert f'href="{href}"' in html


def test_markdown_still_works() -> None:
    html = str(render_markdown("**bold** and `code`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |"))
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html
    assert "<li>one</li>" in html and "<table>" in html


def test_handlers_from_attr_list_are_dropped() -> None:
    md = markdown.Markdown(extensions=[SafeMarkdownExtension(), "attr_list"])
    html = md.convert('Text\n{: onclick="alert(1)" style="display:none" title="ok" }')
    assert "onclick" not in html and "style" not in html and 'title="ok"' in html


def _render_with(extensions: list[str], source: str, **configs: dict[str, object]) -> str:
    md = markdown.Markdown(extensions=[SafeMarkdownExtension(), *extensions], extension_configs=configs)
    return md.convert(source)


FENCE_WITH_HANDLERS = '```{.python #ok onclick="alert(1)" style="color:red" data-x="y"}\nx = "<b>"\n```\n'


@pytest.mark.parametrize("use_pygments", [True, False])
def test_fence_attributes_stashed_by_superfences_lose_their_handlers(use_pygments: bool) -> None:
    html = _render_with(
        ["attr_list", "pymdownx.highlight", "pymdownx.superfences"],
        FENCE_WITH_HANDLERS,
        **{"pymdownx.highlight": {"use_pygments": use_pygments}},
    )
    assert "onclick" not in html and "style=" not in html
    assert 'id="ok"' in html and 'data-x="y"' in html  # harmless attributes stay
    assert "&lt;b&gt;" in html and "<b>" not in html  # code is still escaped exactly once


def test_stashed_script_is_shown_as_text() -> None:
    assert filter_stashed_html('<pre><script src="x"></script></pre>') == (
        "<pre>&lt;script src=&quot;x&quot;&gt;&lt;/script&gt;</pre>"
    )
    assert filter_stashed_html('<a href="javascript:alert(1)">a</a> &amp; &#60;') == "<a>a</a> &amp; &#60;"


def test_ecosystem_extensions_still_render() -> None:
    source = (
        '!!! warning "Mind"\n    Body.\n\n'
        '??? note "More"\n    Hidden.\n\n'
        '=== "One"\n\n    ```python\n    print(1)\n    ```\n\n=== "Two"\n\n    Text.\n'
    )
    html = _render_with(
        ["admonition", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.details", "pymdownx.tabbed"],
        source,
        **{"pymdownx.tabbed": {"alternate_style": True}},
    )
    tree = parse_html(html)
    assert [n.text() for n in tree.find_all("p", class_="admonition-title")] == ["Mind"]
    assert [n.text() for n in tree.find_all("summary")] == ["More"]
    assert [n.text() for n in tree.find_all("label")] == ["One", "Two"]
    code = tree.find_all("div", class_="highlight")
    assert len(code) == 1 and code[0].find_all("span", class_="nb")  # Pygments marked `print` a builtin


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://a.example", True),
        ("http://a.example", True),
        ("mailto:x@a.example", True),
        ("relative/path.md", True),
        ("#anchor", True),
        ("//cdn.example/x", True),
        ("javascript:alert(1)", False),
        (" JAVASCRIPT:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("javascript&colon;alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("vbscript:x", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_is_safe_url(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe
    assert (safe_url(url) == url) is safe


def test_renderers_return_markup() -> None:
    assert isinstance(render_markdown("a"), Markup)
    assert str(render_inline("one *paragraph*")) == "one <em>paragraph</em>"
    assert str(render_inline("two\n\nparagraphs")).count("<p>") == 2
    assert render_markdown(None) == Markup("")
