"""The content of scopebook's pages, rendered by the plugin so any MkDocs theme can frame it.

The plugin owns the templates of its pages (`generator/templates/scopebook/`): the scope
overview, plan pages, the compare matrix, the changelog, tags and an article's coverage
box. It renders them into each page's content; the theme, whichever it is, frames that
content with its own navigation, search and styles. The scopebook theme frames it with
its header, plan picker and print sheet; other themes get the plugin's stylesheet through
`extra_css`.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, _TocToken, get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import url_filter

from .views.articles import CoverageBoxView
from .views.navigation import SiteView

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Styles for scope pages and coverage boxes under a theme other than ours.
STYLESHEET = TEMPLATES / "scopebook" / "scope.css"
OWN_THEME = "scopebook"


def template_loader() -> FileSystemLoader:
    """The plugin's templates, named `scopebook/...`, for the plugin and for our theme."""
    return FileSystemLoader(str(TEMPLATES))


class PageRenderer:
    """Renders the content of generated pages and coverage boxes with the plugin's templates."""

    def __init__(self, site: SiteView, own_theme: bool) -> None:
        # Every value is escaped; Markdown fields arrive as Markup from the safe renderer.
        self.env = Environment(loader=template_loader(), autoescape=True)
        self.env.filters["url"] = url_filter
        self.env.globals["helpcenter"] = site
        # Copy-link buttons need our theme's script; other themes show the plain anchors.
        self.env.globals["own_theme"] = own_theme

    def _render(self, name: str, page: Page, config: MkDocsConfig, **values: object) -> str:
        context = {"page": page, "config": config, "base_url": get_relative_url(".", page.url), **values}
        return self.env.get_template(name).render(context)

    def page(self, kind: str, view: object, page: Page, config: MkDocsConfig) -> str:
        """A generated page's content: `scopebook/<kind>.html` showing its view."""
        return self._render(f"scopebook/{kind}.html", page, config, scope=view)

    def coverage(self, box: CoverageBoxView, page: Page, config: MkDocsConfig) -> str:
        """An article's coverage box, for themes that do not place it themselves."""
        return self._render("scopebook/coverage.html", page, config, box=box)


# Every h2-h6 element with what it contains: a scope page is thousands of elements, of
# which only the headings matter, so only they go through the HTML parser.
_HEADING_ELEMENTS = re.compile(r"<h([2-6])\b[^>]*>.*?</h\1\s*>", re.DOTALL | re.IGNORECASE)


class _Headings(HTMLParser):
    """Collects h2-h6 elements that carry an id, with their text, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # (level, id, text)
        self._open: tuple[int, str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = dict(attrs).get("id")
        if tag in ("h2", "h3", "h4", "h5", "h6") and anchor and self._open is None:
            self._open = (int(tag[1]), anchor, [])

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == f"h{self._open[0]}":
            level, anchor, text = self._open
            self.found.append((level, anchor, " ".join("".join(text).split())))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[2].append(data)


def headings_toc(content: str) -> TableOfContents:
    """The table of contents of rendered content, as Markdown's toc extension would make it.

    Host themes show it beside the page, and MkDocs' search indexes a page's sections by
    it, so a search for an item's title opens that item on its plan page.
    """
    parser = _Headings()
    parser.feed("\n".join(match.group(0) for match in _HEADING_ELEMENTS.finditer(content)))
    parser.close()
    roots: list[_TocToken] = []
    stack: list[_TocToken] = []
    for level, anchor, text in parser.found:
        token: _TocToken = {"level": level, "id": anchor, "name": html.escape(text), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return get_toc(roots)
