"""Every page of a build converted by one Python-Markdown instance, where that changes nothing.

MkDocs' `Page.render` makes a new `markdown.Markdown` for each page: every configured
extension is made again and every processor registered again, about 0.1 ms a page, and the
instance is left as garbage in reference cycles. At 1,000 articles sharing one instance
saves about 0.25 s of the build's CPU (measured in process, interleaved).

Python-Markdown supports converting many documents with one instance, calling `reset()`
between them; extensions that keep state across a document register themselves so that
`reset()` clears it. Python-Markdown's own extensions do, with one exception: footnotes'
`UNIQUE_IDS` numbers each document by counting resets.

So when every Markdown extension of a site is one known to keep nothing past `reset()`
(Python-Markdown's own, the PyMdown extensions Material sites use, our sanitiser), and
footnotes do not number documents, a build converts its pages with one instance. For each
page it adds MkDocs' own per-page processors afresh, as `Page.render` does (raw HTML anchors,
anchors, relative links, the title), then fills the page's fields the way `Page.render` does.
Any other extension, a page of another class than MkDocs' `Page`, or a MkDocs without the
pieces this relies on keeps MkDocs' own `Page.render`; tests compare the two page by page.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import markdown
import mkdocs.structure.pages as mkdocs_pages
from markdown.extensions.footnotes import FootnoteExtension
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .markdown_safe import SafeMarkdownExtension

# Extensions that keep no state from one document to the next past `reset()`: Python-Markdown's
# own (footnotes only without UNIQUE_IDS, checked once the instance exists), and the PyMdown
# extensions that sites on Material for MkDocs commonly use. Each is in the tests' pages.
_RESETTING = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
        "pymdownx.arithmatex",
        "pymdownx.betterem",
        "pymdownx.caret",
        "pymdownx.details",
        "pymdownx.emoji",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.keys",
        "pymdownx.mark",
        "pymdownx.smartsymbols",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "pymdownx.tasklist",
        "pymdownx.tilde",
    }
)
_PACKAGE = "markdown.extensions."
# What Page.render uses from MkDocs besides public names; without one of them, no sharing.
_MKDOCS_PIECES = (
    "_RawHTMLPreprocessor",
    "_ExtractAnchorsTreeprocessor",
    "_RelativePathTreeprocessor",
    "_ExtractTitleTreeprocessor",
)
_pages_log = logging.getLogger(mkdocs_pages.__name__)


def _own(extension: object) -> bool:
    if isinstance(extension, str):
        name = extension.removeprefix(_PACKAGE)
        return name in _RESETTING
    return type(extension) is SafeMarkdownExtension


class SharedMarkdown:
    """One build's Markdown instance, and the render that pages of that build use instead of MkDocs'."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self._extensions = extensions
        self._configs = configs
        self._md: markdown.Markdown | None = None
        self._usable = True

    @classmethod
    def for_config(cls, config: MkDocsConfig) -> SharedMarkdown | None:
        """The shared instance for a build with this configuration, or None where it could change a page."""
        extensions = list(config.markdown_extensions)
        if not all(_own(e) for e in extensions):
            return None
        if not all(hasattr(mkdocs_pages, piece) for piece in _MKDOCS_PIECES):
            return None
        return cls(extensions, _snapshot(config.mdx_configs or {}))

    def attach(self, page: Page) -> None:
        """Let this page be rendered by the shared instance (MkDocs' own pages only)."""
        if type(page) is Page and self._usable:
            page.render = partial(self.render, page)  # type: ignore[method-assign]

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """What `Page.render` does, with the build's one instance."""
        md = self._instance(config)
        if md is None:
            Page.render(page, config, files)
            return
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        try:
            page.content = md.convert(page.markdown)
        except BaseException:
            # A conversion stopped half-way may leave a processor mid-document: never reused.
            self._md = None
            self._usable = False
            raise
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if _pages_log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors

    def _instance(self, config: MkDocsConfig) -> markdown.Markdown | None:
        """The shared instance, or None when this page must get MkDocs' own render."""
        if not self._usable:
            return None
        # Another plugin may change the extensions once pages are being built: MkDocs would
        # then use the new ones for the pages after, and so does this, through its render.
        if config.markdown_extensions != self._extensions or (config.mdx_configs or {}) != self._configs:
            self._usable = False
            self._md = None
            return None
        if self._md is None:
            md = markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
            if any(isinstance(e, FootnoteExtension) and e.getConfig("UNIQUE_IDS") for e in md.registeredExtensions):
                self._usable = False  # each document's footnote ids would count on from the last one's
                return None
            self._md = md
        return self._md


def _snapshot(value: Any) -> Any:
    """The extensions' options with every dict and list copied, to notice a later change by `==`.

    Other values stay the same objects: a slugify function or object (`pymdownx.slugs`) then
    compares equal to itself, where a deep copy of it would not.
    """
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(_snapshot(v) for v in value)
    return value
