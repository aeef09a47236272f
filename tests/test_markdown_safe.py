"""The safe Markdown renderer: raw HTML shown as text, unsafe URLs and handlers removed."""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import markdown
import pytest
from built_site import parse_html
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.markdown_safe import (
    _UNCHANGED_BY_FILTER,
    MARKDOWN_KEYS,
    RefusedAddress,
    SafeMarkdownExtension,
    _may_refuse,
    _plain_line,
    _renderer,
    _reserialised,
    filter_stashed_html,
    is_safe_url,
    refused_addresses,
    render_inline,
    render_markdown,
    safe_url,
    too_deep,
)
from generator.url_policy import MAX_PASTED_PICTURE_BYTES

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
    assert str(render_markdown("![diagram](data:image/svg+xml;base64,AAAA)")) == "<p><span>diagram</span></p>"


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


FIXTURES = Path(__file__).parent / "fixtures"
# Elements that run script, load or submit elsewhere, or restyle the whole page.
_ACTIVE_ELEMENTS = ("script", "base", "iframe", "meta", "link", "style", "object", "embed", "form", "animate")


def test_elements_made_by_blocks_html_cannot_run_script() -> None:
    source = (FIXTURES / "markdown" / "blocks-html-script-elements.md").read_text("utf-8")
    html = _render_with(["attr_list", "pymdownx.blocks.html", "pymdownx.arithmatex"], source)
    tree = parse_html(html)
    math = [n for n in tree.find_all("script") if n.attrs.get("type") == "math/tex" and n.raw_text() == "x^2"]
    assert len(math) == 1  # arithmatex's inert math script stays for MathJax
    for node in tree.iter():
        assert node.tag not in _ACTIVE_ELEMENTS or node in math, f"<{node.tag} {node.attrs}> in {html}"
        for name, value in node.attrs.items():
            assert not name.startswith("on") and is_safe_url(value), f"{name}={value!r} in {html}"
    # What the writer typed is shown as text, as raw HTML is.
    assert "alert('script')" in tree.text() and "alert('upper-case script')" in tree.text()


# Pieces of stashed HTML: what code blocks hold, and near misses of it.
_STASH_PIECES = [
    "<pre>",
    "</pre>",
    "<code>",
    "</code>",
    '<code class="language-json">',
    '<span class="n">',
    "</span>",
    '<div class="highlight">',
    "</div>",
    "<table>",
    "<td>",
    "</td>",
    "<thead>",
    "<PRE>",
    '<span class="a&amp;b">',
    '<span class="a&b">',
    "<span class='x'>",
    '<span  class="x">',
    '<code class="x" >',
    '</pre class="x">',
    '<span id="x">',
    '<a href="javascript:x">',
    "<script>",
    "<!-- c -->",
    "&quot;",
    "&amp;",
    "&#39;",
    "&#x3C;",
    "&#X3c;",
    "&lt",
    "&",
    "&a-b;",
    "&;",
    "&#;",
    "<",
    ">",
    "<3",
    '"',
    "'",
    " ",
    "\n",
    "x",
    "é",
    "{",
    "=",
    "/",
]


@pytest.mark.parametrize("piece", _STASH_PIECES)
def test_stash_filter_gives_what_the_parser_gives_for_each_piece(piece: str) -> None:
    for text in (piece, f'<pre><code class="language-x">{piece}x</code></pre>'):
        assert filter_stashed_html(text) == _reserialised(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_STASH_PIECES), max_size=30))
def test_stash_filter_gives_what_the_parser_gives(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert filter_stashed_html(text) == _reserialised(text)


def test_code_blocks_skip_the_parser() -> None:
    # The shortcut serves real code blocks (else it saves nothing), and they come back unchanged.
    for extensions in (["fenced_code"], ["pymdownx.highlight", "pymdownx.superfences"]):
        md = markdown.Markdown(extensions=extensions)
        md.convert('```json\n{"a": "<b> & c"}\n```\n')
        (block,) = md.htmlStash.rawHtmlBlocks
        assert isinstance(block, str) and _UNCHANGED_BY_FILTER.fullmatch(block), block
        assert _reserialised(block) == block


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


def _converted(text: str) -> str:
    """What Python-Markdown itself makes of text with the contract's renderer."""
    md = _renderer()
    md.reset()
    return md.convert(text)


def test_one_line_of_words_is_rendered_without_markdown_exactly_as_markdown_renders_it() -> None:
    rng = random.Random(13)
    odd = string.printable + "éÉ✓日\xa0\u2028\u200b·—“”’…\x02\x03\x1a"
    words = string.ascii_letters + " .,;:!?'\"()-/%$@^+=0123456789é✓·"
    texts = [f"{c}Word one" for c in odd] + [f"Word one{c}" for c in odd] + [f"Ab{c}cd" for c in odd]
    texts += [f"Ab{c} cd" for c in odd] + [f"1{c} cd" for c in odd] + [f"A{c}{c}{c} b" for c in odd]
    for index in range(3000):
        pool = odd if index % 3 == 0 else words
        length = rng.randint(1, 30)
        texts.append("".join(rng.choice(pool) for _ in range(length)) + rng.choice(("", "\n", "\n\n", " ")))
    shortcuts = 0
    for text in texts:
        line = _plain_line(text)
        if line is not None:
            shortcuts += 1
            assert f"<p>{line}</p>" == _converted(text), text
    assert shortcuts > 1000  # most word-only texts are taken
    for text in ("Plain words.", "Été, 24x7 (\"all\") — on-site: 99.9%?", "Words\n"):
        assert _plain_line(text) is not None
        assert str(render_markdown(text)) == _converted(text)
    for text in (
        "- a list",
        "1. first",
        "# Title",
        "a *b*",
        "a_b",
        "a `b`",
        "[a](b)",
        "a & b",
        "a <b>",
        "a\nb",
        " a",
        "a ",
    ):
        assert _plain_line(text) is None, text


# Inputs Python-Markdown renders in quadratic time or by deep recursion, each about 20,000
# characters: before the check, 20,000 `[` took 36 s and nested emphasis raised RecursionError.
COSTLY = {
    "unclosed brackets": ("intro\n\n" + "[" * 20_000, 3, "20,000 `[` are open at once"),
    "unclosed bracketed words": ("[a" * 10_000, 1, "10,000 `[` are open at once"),
    "nested closed brackets": ("[" * 10_000 + "x" + "]" * 10_000, 1, "10,000 `[` are open at once"),
    "nested links": ("[" * 5_000 + "x" + "](u)" * 5_000, 1, "5,000 `[` are open at once"),
    "unclosed images": ("![" * 10_000, 1, "10,000 `[` are open at once"),
    "reference links": ("[a][" * 5_000, 1, "5,000 `[` are open at once"),
    "a bracket per line": ("text\n" + "[\n" * 10_000, 2, "10,000 `[` are open at once"),
    "nested emphasis": ("*a " * 3_000 + "b" + " c*" * 3_000, 1, "emphasis is nested more than 100 levels"),
    "nested underscores": ("_a " * 3_000 + "b" + " c_" * 3_000, 1, "emphasis is nested more than 100 levels"),
    "nested strong": ("**a " * 3_000 + "b" + " c**" * 3_000, 1, "emphasis is nested more than 100 levels"),
}


@pytest.mark.parametrize("case", sorted(COSTLY))
def test_markdown_too_costly_to_render_is_located(case: str) -> None:
    text, line, message = COSTLY[case]
    found = too_deep(text)
    assert found is not None
    assert found[0] == line
    assert found[1].startswith(message)
    assert "`" in found[2]  # the hint names what to type


HARMLESS = {
    "links and emphasis": "A [link](x), *em*, **strong**, _under_, snake_case_name and 2*3*4. " * 2_000,
    "escaped brackets": "\\[" * 20_000,
    "brackets in fenced code": "```\n" + "[" * 20_000 + "\n```\n",
    "task lists": "- [ ] task\n" * 3_000,
    "footnote-like references": "[1] " * 5_000,
    "brackets spread over paragraphs": "[a\n\n" * 5_000,
}


@pytest.mark.parametrize("case", sorted(HARMLESS))
def test_ordinary_brackets_and_emphasis_pass(case: str) -> None:
    assert too_deep(HARMLESS[case]) is None


def test_what_the_limits_allow_still_renders() -> None:
    # The deepest emphasis the check lets through, inside the deepest list it lets through.
    nested_list = "".join("    " * level + "- x\n" for level in range(40))
    emphasis = "*a " * 100 + "b" + " c*" * 100
    text = nested_list + "    " * 40 + "- " + emphasis + "\n"
    assert too_deep(text) is None
    assert "<em>" in render_markdown(text)


# --- Telling what was taken out ------------------------------------------------------------


def test_a_reporting_sanitiser_tells_each_address_it_took_out_in_order() -> None:
    extension = SafeMarkdownExtension.reporting()
    md = markdown.Markdown(extensions=[extension, "attr_list"])
    html = md.convert("![pic](data:text/html,x) [a](https://ok.example/) [b](JAVASCRIPT:x){: title=t }")
    assert "<span>pic</span>" in html and '<span title="t">b</span>' in html
    md.reset()
    md.convert("[c](vbscript:y)")
    assert extension.take_refused() == [
        RefusedAddress(
            "img", "src", "data:text/html,x", "only a PNG, JPEG, GIF, WebP or AVIF picture pasted in base64 (`data:image/png;base64,...`) is shown"
        ),
        RefusedAddress("a", "href", "JAVASCRIPT:x", "`javascript:` links are not allowed"),
        RefusedAddress("a", "href", "vbscript:y", "`vbscript:` links are not allowed"),
    ]
    assert extension.take_refused() == []


def test_a_plain_sanitiser_keeps_no_record() -> None:
    extension = SafeMarkdownExtension()
    markdown.Markdown(extensions=[extension]).convert("[a](javascript:x)")
    assert extension.take_refused() == []


def test_code_is_text_and_takes_nothing_out() -> None:
    assert refused_addresses("`[a](javascript:x)`\n\n    [b](javascript:y)\n") == []
    assert [r.value for r in refused_addresses("[a](javascript:x) `[b](javascript:y)`")] == ["javascript:x"]


def _markdown_keys(node: object) -> set[str]:
    """The property names the schema describes as Markdown."""
    found = set()
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            if isinstance(value, dict) and str(value.get("description", "")).startswith("Markdown"):
                found.add(key)
        for value in node.values():
            found |= _markdown_keys(value)
    elif isinstance(node, list):
        for value in node:
            found |= _markdown_keys(value)
    return found


def test_every_markdown_field_of_the_schema_is_checked_for_refused_addresses() -> None:
    schema = json.loads((Path(__file__).parent.parent / "generator" / "schema" / "scope.schema.json").read_text())
    keys = _markdown_keys(schema)
    assert keys and keys <= MARKDOWN_KEYS


# --- Pictures pasted into the text ---------------------------------------------------------

PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="


@pytest.mark.parametrize("kind", ["png", "jpeg", "gif", "webp", "avif"])
def test_a_pasted_raster_picture_is_shown(kind: str) -> None:
    source = f"data:image/{kind};base64,{PIXEL}"
    assert str(render_markdown(f"![Pasted]({source})")) == f'<p><img alt="Pasted" src="{source}" /></p>'
    assert filter_stashed_html(f'<img src="{source}">') == f'<img src="{source}">'


@pytest.mark.parametrize(
    "source",
    [
        f"data:image/svg+xml;base64,{PIXEL}",  # an SVG can run script
        f"DATA:image/png;base64,{PIXEL}",
        f"data:IMAGE/PNG;base64,{PIXEL}",
        f"data:image/png;BASE64,{PIXEL}",
        f"data:image/png;base64,{PIXEL[:20]}&#x3c;{PIXEL[20:]}",
        f"data:image/png;base64,{PIXEL[:20]}%20{PIXEL[20:]}",
        f"data:image/png;charset=utf-8;base64,{PIXEL}",
        "data:image/png,rawbytes",
        f"data:image/pngx;base64,{PIXEL}",
        "data:text/html;base64,PHNjcmlwdD4=",
    ],
)
def test_other_data_pictures_are_refused(source: str) -> None:
    assert str(render_markdown(f"![Pasted]({source})")) == "<p><span>Pasted</span></p>"
    assert filter_stashed_html(f'<img src="{source}">') == "<img>"


def test_whitespace_inside_a_pasted_picture_is_refused() -> None:
    for space in ("\t", "\n", "\x0c"):
        source = f"data:image/png;base64,{PIXEL[:20]}{space}{PIXEL[20:]}"
        assert filter_stashed_html(f'<img src="{source}">') == "<img>"


def test_a_pasted_picture_is_never_a_link() -> None:
    source = f"data:image/png;base64,{PIXEL}"
    assert str(render_markdown(f"[Open]({source})")) == "<p><span>Open</span></p>"
    assert filter_stashed_html(f'<a href="{source}">x</a>') == "<a>x</a>"
    assert filter_stashed_html(f'<video poster="{source}"></video>') == "<video></video>"


def test_a_pasted_picture_over_the_limit_is_refused_with_its_size() -> None:
    extension = SafeMarkdownExtension.reporting()
    md = markdown.Markdown(extensions=[extension])
    within = "data:image/png;base64," + "A" * (MAX_PASTED_PICTURE_BYTES * 4 // 3)
    over = "data:image/png;base64," + "A" * (MAX_PASTED_PICTURE_BYTES * 3 // 2)
    html = md.convert(f"![Within]({within})\n\n![Over]({over})")
    assert html.count("<img") == 1 and "<span>Over</span>" in html
    (refused,) = extension.take_refused()
    assert refused.reason == "the pasted picture is 1.1 MiB; a pasted picture may be at most 1 MiB"


# Pieces of links, pictures, references and autolinks, with allowed and refused addresses.
_LINK_PIECES = ["[x]", "[r]", "[r]:", "](", "!", "(", ")", "<", ">", " ", "\t", "\n", "\n\n", "`", '"t"', "\\"]
_LINK_PIECES += ["https://ok.example/", "page.md", "javascript:a", "Java&#x09;Script:b", "ftp://x", "data:x,y", "#top", "<ftp://x>"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LINK_PIECES), max_size=14).map("".join))
def test_a_text_not_rendered_for_refusals_has_none(text: str) -> None:
    if not _may_refuse(text):
        assert refused_addresses(text) == []


def test_a_text_with_only_allowed_addresses_is_not_rendered_for_refusals() -> None:
    assert not _may_refuse("See [the guide](https://example.com/g) and <https://example.com> or <b>.")
    assert not _may_refuse("[r]: guides/x.md\n\n[x](../x.md \"Title\")")
    for refused in ("[x](<javascript:a)>", "[x]( java&#x09;script:a)", "[r]:\tvbscript:x", "<ftp://x.example/>"):
        assert _may_refuse(refused), refused
