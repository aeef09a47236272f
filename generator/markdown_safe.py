"""Markdown that cannot carry script: raw HTML shown as text, unsafe URLs and handlers dropped.

Used for every Markdown field of the contract and, unless `allow_raw_html` is set, for
articles. Writers of scope YAML are not web developers, and a contract is often edited by
people outside the docs team, so nothing they type may reach the page as markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from functools import cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .url_policy import allowed_url
from .url_policy import is_safe_url as is_safe_url  # the one URL policy, re-exported

# Attributes whose value a browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "cite", "background", "xlink:href"})
# Attributes that run code or restyle the page beyond what Markdown itself produces.
DROPPED_ATTRIBUTES = frozenset({"style", "srcdoc"})

# What page views link to from a URL field: the value when the URL policy allows it, else None.
safe_url = allowed_url


class SafeLinksTreeprocessor(Treeprocessor):
    """Remove unsafe URLs and every `on*` handler from the finished element tree."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                lowered = name.lower()
                if lowered.startswith("on") or lowered in DROPPED_ATTRIBUTES:
                    del element.attrib[name]
                elif lowered in URL_ATTRIBUTES and not is_safe_url(element.attrib[name]):
                    del element.attrib[name]
                    _defuse(element)


def _defuse(element: etree.Element) -> None:
    # A link or image without its URL becomes plain text: MkDocs' own link rewriter expects
    # every <a> to have an href and every <img> a src, and readers see the words either way.
    if element.tag == "a":
        element.tag = "span"
    elif element.tag == "img":
        element.tag = "span"
        element.text = element.attrib.pop("alt", "")
        element.attrib.pop("title", None)


class SafeMarkdownExtension(Extension):
    """Disable raw HTML and sanitise link targets."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Without these two, `<script>` in the source becomes escaped text instead of markup.
        if "html_block" in md.preprocessors:
            md.preprocessors.deregister("html_block")
        if "html" in md.inlinePatterns:
            md.inlinePatterns.deregister("html")
        # Lowest priority: runs after every other treeprocessor (inline, attr_list, toc...).
        md.treeprocessors.register(SafeLinksTreeprocessor(md), "scopebook_safe_links", 0)


def makeExtension(**kwargs: object) -> SafeMarkdownExtension:  # noqa: N802 - entry point name
    return SafeMarkdownExtension(**kwargs)


@cache
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=[SafeMarkdownExtension(), "tables", "sane_lists"])


def render_markdown(text: str | None) -> Markup:
    """A Markdown field of the contract as safe HTML."""
    if not text:
        return Markup("")
    md = _renderer()
    md.reset()
    # The output has passed the sanitiser above, so it may be marked safe for Jinja.
    return Markup(md.convert(text))


def render_inline(text: str | None) -> Markup:
    """Like render_markdown, without the wrapping paragraph when the text is one paragraph."""
    rendered = str(render_markdown(text))
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)
