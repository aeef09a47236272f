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
import posixpath
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

from jinja2 import Environment, FileSystemLoader, Template, pass_context
from jinja2.runtime import Macro
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, _TocToken, get_toc
from mkdocs.utils import get_relative_url, normalize_url

from .template_output import plain_output
from .views.articles import CoverageBoxView
from .views.common import AreaView, ItemView
from .views.navigation import SiteView

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Styles for scope pages and coverage boxes under a theme other than ours.
STYLESHEET = TEMPLATES / "scopebook" / "scope.css"
OWN_THEME = "scopebook"


def template_loader() -> FileSystemLoader:
    """The plugin's templates, named `scopebook/...`, for the plugin and for our theme."""
    return FileSystemLoader(str(TEMPLATES))


def remembered_at_once(macro: Macro, *args: object) -> object:
    """The `remembered` filter of an environment whose `url` filter makes links relative at once: macro(*args), kept nowhere."""
    return macro(*args)


# A link target in content being rendered, numbered (or `p`: the page's own URL), before it is
# made relative to the page it is on: the same rendered item body then serves every page that shows it.
_LINK = re.compile("\x1a([0-9]+|p)\x1b")
_THIS_PAGE = Markup("\x1ap\x1b")
_NOTHING = Markup("")
# Where remembered_area cuts an area's text: before each item and after the last.
_PIECE = "\x1c"
_PIECE_MARK = Markup(_PIECE)


class _Html:
    """Rendered HTML as a plain str, shown as it is by `{{ }}`.

    Jinja escapes everything it shows: escape() of a Markup copies it, and copying a
    Markup holding text beyond Latin-1 (a status icon) is about 30 times slower than
    copying a plain str; a megabyte of scope page content would pay that at every level.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __html__(self) -> str:
        return self.text


class _Shown:
    """A value whose text is made each time a template shows it (`{{ value }}`), by show()."""

    __slots__ = ("show",)

    def __init__(self, show: Callable[[], str]) -> None:
        self.show = show

    def __html__(self) -> str:
        return self.show()


class PageRenderer:
    """Renders the content of generated pages and coverage boxes with the plugin's templates."""

    def __init__(self, site: SiteView, own_theme: bool) -> None:
        # Every value is escaped; Markdown fields arrive as Markup from the safe renderer.
        self.env = Environment(loader=template_loader(), autoescape=True)
        plain_output(self.env)
        self.env.filters["url"] = self._link
        # Filters, not globals: Jinja calls a filter directly, a global through Context.call.
        self.env.filters["remembered"] = self._remembered
        self.env.filters["remembered_area"] = self._remembered_area
        # Shown with {{ }} only: Jinja escapes a value by calling its __html__, which makes the text.
        self.env.globals["this_page"] = _Shown(self._this_page)
        self.env.globals["piece"] = _Shown(self._piece)
        self.env.globals["helpcenter"] = site
        # Copy-link buttons need our theme's script; other themes show the plain anchors.
        self.env.globals["own_theme"] = own_theme
        self._markers: dict[str, Markup] = {}  # each `url` filter value -> its numbered marker
        self._values: list[str] = []
        self._parts: list[tuple[str, ...] | None] = []  # each value's _plain_parts
        # base_url -> "<folders shared with the page> <value number>" -> answer
        self._by_depth: dict[str, dict[str, str]] = {}
        # "<page's top folder>/<base_url>" -> value number -> answer, for targets outside that folder
        self._outside: dict[str, dict[str, str]] = {}
        # "<page's folders but its last> <base_url>" -> value number -> answer, for targets leaving those folders
        self._near: dict[str, dict[str, str]] = {}
        self._links = 0  # link markers put into the content being rendered
        self._direct = False  # links made relative at once, nothing remembered
        self._page: Page | None = None  # the page being rendered
        # (macro, its arguments) -> (body, link markers in it, the arguments kept alive)
        self._bodies: dict[tuple[object, ...], tuple[_Html, int, Sequence[object]]] = {}
        # (macro, area, other arguments) -> the area's text and where its pieces start, or None: not cut
        self._areas: dict[tuple[object, ...], _Area | None] = {}
        self._whole = False  # `piece` marks nothing: an area rendered in one piece
        # Our theme's templates shared by many pages (header, footer...), with markers for links.
        self._theme: Environment | None = None
        self._own: Callable[[Template], bool] = lambda template: False
        self._theme_templates: dict[str, Template | None] = {}
        # (template, key) -> the rendered text split at its link markers, or None: include it
        self._shared: dict[tuple[str, Hashable], list[tuple[int, str]] | None] = {}
        self._shared_text: dict[tuple[str, Hashable, str, str], Markup] = {}
        # A coverage box's layout per (number of items, of their statuses, its help rows, its plans): see coverage_box().
        self._layouts: dict[tuple[int, int, int, int], _Layout | None] = {}
        self._holes: list[tuple[Macro, tuple[_Stand, ...]]] | None = None  # while a layout is rendered
        self._pieces: dict[str, _Piece] = {}  # a coverage box's pieces, by their text with link markers

    def _render(self, name: str, page: Page, config: MkDocsConfig, **values: object) -> str:
        base_url = get_relative_url(".", page.url)
        context = {"page": page, "config": config, "base_url": base_url, **values}
        template = self.env.get_template(name)
        self._page = page
        self._links = 0
        parts = _LINK.split(template.render(context))  # text, marker number, text, ...
        if len(parts) == 2 * self._links + 1:
            # Only the renderer's own markers (a marker's character alone in a writer's text is
            # text: it is shown as it is, as when the page makes its links at once).
            return self.answers(page, base_url).joined(parts)
        # A writer's text holds what looks like a marker: this page makes its links at once.
        self._direct = True
        try:
            return template.render(context)
        finally:
            self._direct = False

    def answers(self, page: Page, base_url: str) -> Answers:
        """What each link marker's number stands for on page (base_url: its context's), escaped."""
        return Answers(self, page, base_url)

    @pass_context  # as MkDocs' filter: never computed ahead by Jinja's optimiser for a constant
    def _link(self, context: object, value: object) -> str:
        """MkDocs' `url` filter, deferred: a marker that Answers.resolved makes relative to the page."""
        text = str(value)
        if self._direct and self._page is not None:
            # What MkDocs' filter gives; macros, imported without the page's context, too.
            return normalize_url(text, page=self._page, base=get_relative_url(".", self._page.url))
        marker = self._markers.get(text)
        if marker is None:
            marker = self._markers[text] = Markup(f"\x1a{len(self._values)}\x1b")
            self._values.append(text)
            self._parts.append(_plain_parts(text))
        self._links += 1
        return marker

    def _this_page(self) -> str:
        """The site-relative URL of the page being rendered, escaped (the `url` filter's counterpart for a permalink)."""
        if self._direct and self._page is not None:
            return str(escape(self._page.url))
        self._links += 1
        return _THIS_PAGE

    def _remembered(self, macro: Macro, *args: object) -> _Html | Markup:
        """macro(*args), rendered once per build for the same arguments (text and None by value, others by identity)."""
        if self._direct:
            return Markup(macro(*args))
        if self._holes is not None and any(type(arg) is _Stand for arg in args):
            self._holes.append((macro, cast("tuple[_Stand, ...]", args)))
            return _HOLE_MARK
        kept = self._kept(macro, args)
        self._links += kept[1]
        return kept[0]

    def _kept(self, macro: Macro, args: Sequence[object]) -> tuple[_Html, int, Sequence[object]]:
        """macro(*args) as remembered: (its body, the link markers in it, the arguments kept alive)."""
        key = (macro.name, *_identities(args))
        kept = self._bodies.get(key)
        if kept is None:
            before = self._links
            body = _Html(str(macro(*args)))
            kept = self._bodies[key] = (body, self._links - before, args)
            self._links = before
        return kept

    def _piece(self) -> Markup:
        """Where remembered_area may cut an area's text (before each item and after the last)."""
        return _NOTHING if self._whole or self._direct else _PIECE_MARK

    def _remembered_area(self, macro: Macro, area: AreaView, *args: object) -> _Html | Markup:
        """macro(area, *args) (an area with `piece` marks), rendered once per build as `remembered` does.

        An area with a `base` (a plan-with-add-on page's, with some of its plan page area's
        items bought) reuses its base's rendered items and renders only the items that differ.
        """
        if self._direct:
            return Markup(macro(area, *args))
        before = self._links
        if area.base is not None and len(area.base.items) == len(area.items):
            shown = self._bought(macro, area, args)
        else:
            kept = self._area(macro, area, args)
            shown = None if kept is None else (kept.html, kept.links)
        if shown is None:  # a writer's text holds the piece mark: the area in one piece
            self._links = before
            self._whole = True
            try:
                return Markup(macro(area, *args))
            finally:
                self._whole = False
        self._links = before + shown[1]
        return shown[0]

    def _area(self, macro: Macro, area: AreaView, args: tuple[object, ...]) -> _Area | None:
        """The area's text as remembered_area keeps it, rendered once per build (None: it cannot be cut)."""
        key = (macro.name, id(area), *_identities(args))
        kept = self._areas.get(key, _NOT_CUT)
        if kept is _NOT_CUT:
            before = self._links
            pieces = self._cut(macro, area, args)
            kept = None if pieces is None else _Area(pieces, self._links - before, (area, *args))
            self._links = before
            self._areas[key] = kept
        return kept

    def _bought(self, macro: Macro, area: AreaView, args: tuple[object, ...]) -> tuple[_Html, int] | None:
        """An area with a base: its base's text with the items that differ rendered anew and spliced in (and its link markers)."""
        assert area.base is not None
        base = self._area(macro, area.base, args)
        if base is None:
            return None
        pairs = enumerate(zip(area.items, area.base.items, strict=True))
        changed = [index for index, (new, old) in pairs if new is not old]
        bought = replace(area, items=tuple(area.items[index] for index in changed), base=None)
        others = self._cut(macro, bought, args)
        if others is None:
            return None
        text, starts = base.html.text, base.starts
        parts: list[str] = []
        start = 0
        for number, index in enumerate(changed):  # the base's text up to the item, the item bought
            parts += (text[start : starts[1 + index]], others[1 + number])
            start = starts[2 + index]
        parts.append(text[start:])
        text = "".join(parts)
        return _Html(text), text.count("\x1a")  # every piece's markers are the renderer's own (_cut)

    def _cut(self, macro: Macro, area: AreaView, args: tuple[object, ...]) -> list[str] | None:
        """macro(area, *args) cut at its piece marks: the area's head, each item, its end.

        None when a writer's text in it holds the piece mark or a link marker's character (the
        renderer could not tell its own marks from the text).
        """
        before = self._links
        text = str(macro(area, *args))
        pieces = text.split(_PIECE)
        if len(pieces) != len(area.items) + 2 or text.count("\x1a") != self._links - before:
            return None
        return pieces

    def use_theme(self, env: Environment, own: Callable[[Template], bool]) -> None:
        """Our theme's environment, for shared(); own(template): the template is our theme's file, not an override."""
        theme = env.overlay(cache_size=50)  # its own cache: templates compiled with the filter below
        plain_output(theme)
        theme.filters = {**env.filters, "url": self._link, "remembered": self._remembered}
        self._theme = theme
        self._own = own
        self._theme_templates = {}
        self._shared = {}
        self._shared_text = {}
        self._layouts = {}
        self._pieces = {}

    def shared(
        self,
        names: tuple[str, ...],
        key: Hashable,
        context: Mapping[str, object],
        page: Page,
        answer: Answers,
    ) -> Markup | None:
        """Theme template names[0] (which includes the others) as `{% include %}` shows it on page, rendered once per key; None: include it.

        key holds everything the template shows but its links (the caller knows what the
        template reads); answer (from answers()) makes each link relative to the page, as
        MkDocs' filter makes it. None when the template is not ours (a custom_dir override
        may read anything) or a writer's text in it holds the link marker's character.
        """
        if self._theme is None:
            return None
        parts = self._shared.get((names[0], key), ())
        if parts == ():
            parts = self._shared[(names[0], key)] = self._split(names, context, page)
        if parts is None:
            return None
        # Links only to other top folders than the page's, or to its own: the same text on
        # every page as deep in the same top folder.
        by_depth = (names[0], key, answer.base_url, answer.page_top)
        text = self._shared_text.get(by_depth)
        if text is None:
            text = Markup("".join(answer[part] if odd else part for odd, part in parts))
            if all(not odd or self._same_at_depth(part, answer.page_top) for odd, part in parts):
                self._shared_text[by_depth] = text
        return text

    def coverage_box(self, box: CoverageBoxView, page: Page, answer: Answers) -> Markup | None:
        """`scopebook/coverage.html` as `{% include %}` shows box on page (our theme's, else the plugin's); None: include it.

        The template lays out plans and items; what it shows of an item (a column head, a
        cell) comes from `remembered` macros. Its layout is rendered once per number of
        items with stand-ins for them (_Stand), and each box fills the layout's holes with
        its items' remembered pieces. None when the template is not ours, reads an item
        outside those macros, or a writer's text in it holds a marker's character.
        """
        key = (len(box.items), len(box.items[0].statuses), id(box.help), id(box.plans))
        layout = self._layouts.get(key, _NOT_YET)
        if layout is _NOT_YET:
            layout = self._layouts[key] = self._layout(box, page)
        if layout is None:
            return None
        items = box.items
        shown = [self._shown_piece(layout.texts[0], -1, answer)]
        for (macro, stands), text in zip(layout.holes, layout.texts[1:], strict=True):
            args = [items[s.index] if s.plan < 0 else items[s.index].statuses[s.plan] for s in stands]
            body, links, _ = self._kept(macro, args)
            shown += (self._shown_piece(body.text, links, answer), self._shown_piece(text, -1, answer))
        if None in shown:
            return None
        return Markup("".join(cast("list[str]", shown)))

    def _shown_piece(self, text: str, links: int, answer: Answers) -> str | None:
        """text with its link markers made relative to answer's page; None: it holds other than links markers (links: how many, -1: unknown)."""
        piece = self._pieces.get(text)
        if piece is None:
            if links >= 0 and text.count("\x1a") != links:
                return None
            piece = self._pieces[text] = _Piece(text, self._parts)
        if piece.tops is None or answer.page_top in piece.tops:
            return answer.resolved(piece.text)
        shown = piece.by_depth.get(answer.base_url)
        if shown is None:
            shown = piece.by_depth[answer.base_url] = answer.resolved(piece.text)
        return shown

    def _layout(self, box: CoverageBoxView, page: Page) -> _Layout | None:
        """coverage.html rendered for a box of box's plans and as many items, each a stand-in; None: it cannot be."""
        stands = tuple(_Stand(index, -1, len(box.items[0].statuses)) for index in range(len(box.items)))
        laid_out = replace(box, items=cast("tuple[ItemView, ...]", stands))
        self._holes = []
        try:
            if self._theme is None:  # another theme: the plugin's own template
                parts = self._marked(self.env.get_template(_COVERAGE[0]), {"box": laid_out}, page)
            else:
                parts = self._split(_COVERAGE, {"box": laid_out}, page)
            holes = self._holes
        except _NotLaidOut:
            return None
        finally:
            self._holes = None
        if parts is None:
            return None
        pieces = "".join(f"\x1a{part}\x1b" if odd else part for odd, part in parts).split(_HOLE)
        if len(pieces) != len(holes) + 1:
            return None
        return _Layout(box, texts=tuple(pieces), holes=tuple(holes))

    def _same_at_depth(self, number: str, page_top: str) -> bool:
        """The link marker's target is the site root (""), a plain link outside the page's top folder, or to that folder.

        MkDocs' get_relative_url then finds no common folder, or exactly that one: its text
        depends on how deep the page is, not on which page it is.
        """
        if number == "p":
            return False
        index = int(number)
        parts = self._parts[index]
        if parts is None:
            return self._values[index] == ""
        return parts[0] != page_top or self._values[index].rstrip("/") == parts[0]

    def _split(self, names: tuple[str, ...], context: Mapping[str, object], page: Page) -> list[tuple[int, str]] | None:
        """Template names[0] rendered with link markers: (0, text) and (1, marker number) pairs."""
        assert self._theme is not None
        for name in names:
            if name not in self._theme_templates:
                loaded = self._theme.get_template(name)
                self._theme_templates[name] = loaded if self._own(loaded) else None
        template = self._theme_templates[names[0]]
        if template is None or any(self._theme_templates[name] is None for name in names):
            return None
        return self._marked(template, context, page)

    def _marked(self, template: Template, context: Mapping[str, object], page: Page) -> list[tuple[int, str]] | None:
        """template rendered with link markers: (0, text) and (1, marker number) pairs; None: a writer's text holds the marker's character."""
        self._page, self._links, self._direct = page, 0, False
        text = template.render(context)
        if text.count("\x1a") != self._links:
            return None
        return [(index % 2, part) for index, part in enumerate(_LINK.split(text))]

    def forget(self) -> None:
        """Let go of the remembered bodies once every page is rendered."""
        self._bodies.clear()
        self._areas.clear()
        self._layouts.clear()
        self._pieces.clear()

    def page(self, kind: str, view: object, page: Page, config: MkDocsConfig) -> str:
        """A generated page's content: `scopebook/<kind>.html` showing its view."""
        return self._render(f"scopebook/{kind}.html", page, config, scope=view)

    def coverage(self, box: CoverageBoxView, page: Page, config: MkDocsConfig) -> str:
        """An article's coverage box, for themes that do not place it themselves."""
        shown = self.coverage_box(box, page, self.answers(page, get_relative_url(".", page.url)))
        return str(shown) if shown is not None else self._render(_COVERAGE[0], page, config, box=box)


_COVERAGE = ("scopebook/coverage.html", "scopebook/status.html")
# Where a coverage box's layout shows one of its items' remembered pieces.
_HOLE = "\x1d"
_HOLE_MARK = _Html(_HOLE)


class _Area:
    """An area's text as remembered_area keeps it: the link markers in it, where each of its pieces starts."""

    __slots__ = ("html", "links", "starts", "arguments")

    def __init__(self, pieces: list[str], links: int, arguments: tuple[object, ...]) -> None:
        self.html = _Html("".join(pieces))
        self.links = links
        starts = [0]
        for piece in pieces:
            starts.append(starts[-1] + len(piece))
        self.starts = starts  # piece i is html.text[starts[i] : starts[i + 1]]
        self.arguments = arguments  # kept alive: the key holds them by identity


_NOT_CUT = _Area([], 0, ())


class _NotLaidOut(Exception):
    """A coverage box's layout read a stand-in beyond what it may (an item's `statuses`)."""


class _Stand:
    """Stands in for a coverage box's item (plan < 0), or for that item's status on a plan, while its layout is rendered.

    The layout may pass it to a `remembered` macro, which leaves a hole for it, and read an
    item's `statuses`; anything else (showing it, reading its title) raises _NotLaidOut.
    """

    __slots__ = ("index", "plan", "statuses")

    def __init__(self, index: int, plan: int, plans: int) -> None:
        self.index = index
        self.plan = plan
        self.statuses = tuple(_Stand(index, number, 0) for number in range(plans))

    def __getattr__(self, name: str) -> object:
        raise _NotLaidOut(name)


@dataclass(frozen=True)
class _Layout:
    """A coverage box's text for some number of items: texts, with a hole between each two of them."""

    box: CoverageBoxView  # the box it was made for, kept: its help rows and plans are in the layout's key by identity
    texts: tuple[str, ...]
    holes: tuple[tuple[Macro, tuple[_Stand, ...]], ...]  # the macro shown there and its arguments


_NOT_YET = _Layout(CoverageBoxView((), (), ()), (), ())


class _Piece:
    """A piece of a coverage box (text with link markers) and its text per depth where that is all it depends on."""

    __slots__ = ("text", "tops", "by_depth")

    def __init__(self, text: str, targets: list[tuple[str, ...] | None]) -> None:
        self.text = text
        # The top folders of its links, all plain: on a page in none of them, MkDocs' url
        # filter gives each link as it gives it on every page as deep (see Answers). None:
        # a link to the page itself or not plain.
        targets_of = [None if number == "p" else targets[int(number)] for number in _LINK.findall(text)]
        self.tops = None if None in targets_of else frozenset(parts[0] for parts in targets_of if parts)
        self.by_depth: dict[str, str] = {}  # base_url -> its text on a page outside tops


class Answers(dict[str, str]):
    """What each link marker's number stands for on one page, escaped: MkDocs' url filter's text.

    A dict from marker number to its text, each text made the first time it is asked for.
    """

    def __init__(self, renderer: PageRenderer, page: Page, base_url: str) -> None:
        page_parts = tuple(_page_folders(page.url))
        page_top = page_parts[0] if page_parts else ""
        # Plain targets in another top folder than the page's: known from pages alike (below).
        outside = renderer._outside.setdefault(f"{page_top}/{base_url}", {})
        super().__init__(outside)
        # Plain targets leaving the page's folders above its own: known from the pages beside it.
        self.near = None
        if len(page_parts) > 1:
            self.near = renderer._near.setdefault(f"{'/'.join(page_parts[:-1])} {base_url}", {})
            self.update(self.near)
        self["p"] = str(escape(page.url))
        self.renderer = renderer
        self.page = page
        self.base_url = base_url
        self.page_parts = page_parts
        self.page_top = page_top
        self.outside = outside
        # MkDocs' get_relative_url climbs out of the page's folders to the first one a plain
        # target does not share, then down the target's: the answer depends on how deep the
        # page is (base_url) and how many leading folders it shares with the target, not on
        # which page it is. One answer per (depth, shared folders, target) for the build; the
        # answers for targets sharing no folder (another top folder) are every such page's, and
        # those for targets sharing fewer folders than all but the page's last are the same on
        # every page beside it (in the same folder, as deep): they share as many with those.
        self.by_depth = renderer._by_depth.setdefault(base_url, {})

    def resolved(self, text: str) -> str:
        """text with each link marker replaced by its answer on this page."""
        return self.joined(_LINK.split(text))

    def joined(self, parts: list[str]) -> str:
        """parts as _LINK.split gives them (text, marker number, text, ...), joined with each number's answer."""
        parts[1::2] = map(self.__getitem__, parts[1::2])
        return "".join(parts)

    def __missing__(self, number: str) -> str:
        renderer = self.renderer
        index = int(number)
        parts = renderer._parts[index]
        if parts is None:
            found = str(escape(normalize_url(renderer._values[index], page=self.page, base=self.base_url)))
        else:
            shared = 0
            for mine, theirs in zip(self.page_parts, parts, strict=False):
                if mine != theirs:
                    break
                shared += 1
            key = f"{shared} {number}"  # text, not a tuple: no object for the garbage collector to track
            known = self.by_depth.get(key)
            if known is None:
                value = renderer._values[index]
                if ":" in parts[0] or parts[0].startswith("#"):  # a scheme, or the page itself: as written
                    relative = normalize_url(value, page=self.page, base=self.base_url)
                else:
                    # MkDocs' get_relative_url for a plain path: up out of the folders not shared, down the rest.
                    relative = "/".join([".."] * (len(self.page_parts) - shared) + list(parts[shared:])) or "."
                    relative += "/" if value.endswith("/") else ""
                known = self.by_depth[key] = str(escape(relative))
            found = known
            if shared == 0 and parts[0] != self.page_top:
                self.outside[number] = found
            elif self.near is not None and shared < len(self.page_parts) - 1:
                self.near[number] = found
        self[number] = found
        return found


@dataclass(frozen=True)
class SharedFrame:
    """An article's head links, header, footer and search scripts, shared with pages alike (None: base.html includes it)."""

    head: Markup | None  # icon, stylesheets, plan styles, first script
    header: Markup | None
    footer: Markup | None
    scripts: Markup | None
    coverage: Markup | None = None  # the article's coverage box


def shared_frame(renderer: PageRenderer, site: SiteView, context: Mapping[str, object], page: Page) -> SharedFrame:
    """The partials base.html shows on an article page, each rendered once per what it shows on it.

    Keys: what each partial reads but links. The header marks the sections the page is in
    (aria-current, as partials/header.html decides it); the search scripts name base_url;
    the head's links and styles and the footer are the same on every page.
    """
    base_url = str(context["base_url"])
    src = page.file.src_uri
    current = tuple(
        (index, src == section.page)
        for index, section in enumerate(site.sections)
        if src.startswith(f"{section.dir}/")
    )

    answer = renderer.answers(page, base_url)

    def shared(names: tuple[str, ...], key: Hashable) -> Markup | None:
        return renderer.shared(names, key, context, page, answer)

    box = getattr(context.get("article"), "coverage", None)
    return SharedFrame(
        head=shared(("partials/head.html",), ()),
        header=shared(("partials/header.html", "partials/search.html"), current),
        footer=shared(("partials/footer.html",), ()),
        scripts=shared(("partials/search-scripts.html",), base_url),
        coverage=None if box is None else renderer.coverage_box(box, page, answer),
    )


def _identities(args: Sequence[object]) -> list[object]:
    """A remembered body's arguments as its key holds them: text and None by value, others by identity."""
    return [arg if arg is None or type(arg) is str else id(arg) for arg in args]


def _top_folder(target: str) -> str | None:
    """The first folder of a plain relative link target ("sso/set-up/" -> "sso"), None for any other.

    Plain: no empty, `.` or `..` segment and no backslash, so MkDocs' normalising leaves
    its folders as written.
    """
    segments = target.split("/")
    if segments[-1] == "":
        segments.pop()
    if not segments or "\\" in target or any(s in ("", ".", "..") for s in segments):
        return None
    return segments[0]


def _plain_parts(target: str) -> tuple[str, ...] | None:
    """A plain relative link target's segments as MkDocs' get_relative_url splits it ("sso/set-up/#a" -> sso, set-up, #a).

    Plain: as _top_folder judges it, so normalising leaves every segment as written.
    """
    if _top_folder(target) is None:
        return None
    return tuple((target[:-1] if target.endswith("/") else target).split("/"))


def _page_folders(url: str) -> list[str]:
    """The folders of a page's URL as MkDocs' get_relative_url reads them ("sso/set-up/" -> sso, set-up)."""
    folder, _, name = url.rpartition("/")
    path = folder if "." in name else url
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return path.split("/") if path else []


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
