"""Markdown that cannot carry script: raw HTML shown as text, unsafe URLs and handlers dropped.

Used for every Markdown field of the contract and, unless `allow_raw_html` is set, for
articles. Writers of scope YAML are not web developers, and a contract is often edited by
people outside the docs team, so nothing they type may reach the page as markup.
"""

from __future__ import annotations

import html
import re
import string
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar, cast

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .errors import Problem
from .inline_guard import PRIORITY as INLINE_GUARD_PRIORITY
from .inline_guard import InlineGuard
from .load import SourceDoc
from .markdown_comments import BLOCK_PRIORITY as COMMENT_BLOCK_PRIORITY
from .markdown_comments import INLINE_PRIORITY as COMMENT_INLINE_PRIORITY
from .markdown_comments import BlockComments, InlineComments
from .url_policy import allowed_url, link_refusal, picture_refusal, shown_address
from .url_policy import is_safe_url as is_safe_url  # the one URL policy, re-exported

# Attributes whose value a browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "cite", "background", "xlink:href"})
# Attributes that run code or restyle the page beyond what Markdown itself produces.
DROPPED_ATTRIBUTES = frozenset({"style", "srcdoc"})
# Elements that run or embed code, load or submit elsewhere, or restyle the page (an SVG
# animation can set a link's href): shown as text if an extension's stashed HTML has them,
# made plain blocks if an extension (`pymdownx.blocks.html`, for one) puts them in the tree.
UNSAFE_ELEMENTS = frozenset(
    {"script", "iframe", "object", "embed", "base", "meta", "link", "form", "style", "frame", "frameset", "applet"}
    | {"animate", "set"}
)
# arithmatex's math for MathJax 2: a script of a type browsers never run, holding escaped text.
_INERT_SCRIPT_TYPES = frozenset({"math/tex", "math/tex; mode=display"})
_MAY_CLOSE_A_SCRIPT = re.compile("[<\x02]")

# What page views link to from a URL field: the value when the URL policy allows it, else None.
safe_url = allowed_url


def _unsafe_attribute(tag: str, name: str, value: str | None) -> bool:
    lowered = name.lower()
    if lowered.startswith("on") or lowered in DROPPED_ATTRIBUTES:
        return True
    return lowered in URL_ATTRIBUTES and address_refusal(tag, lowered, value or "") is not None


def address_refusal(tag: str, attribute: str, value: str) -> str | None:
    """Why the address an element's URL attribute holds is refused, or None: a picture's
    source may also be a pasted raster picture (`picture_refusal`), any other only what a link may be."""
    if attribute == "src" and tag.lower() == "img":
        return picture_refusal(value)
    return link_refusal(value)


@dataclass(frozen=True)
class RefusedAddress:
    """An address the sanitiser took out of a document: the element and attribute that held it, and why."""

    tag: str
    attribute: str
    value: str
    reason: str


# Python-Markdown parses each list level by recursion: a list nested 1,000 levels deep
# runs for seconds and ends in RecursionError. No help text nests anywhere near this.
MAX_INDENT_COLUMNS = 160  # 40 levels of four-space indentation
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
# Python-Markdown looks for the `]` of each `[` by reading on to the end of the paragraph,
# so n unclosed or nested `[` cost about n times the paragraph's length (20,000 `[` take
# over 30 s), and each level of nested emphasis is a level of recursion (some 500 levels
# end in RecursionError). No help text comes near either limit.
MAX_BRACKET_READ = 2_000_000  # characters read looking for `]`, per paragraph (about 1 s)
MAX_EMPHASIS_DEPTH = 100
_INLINE = re.compile(r"\\.|\[|\]|\*+|_+", re.DOTALL)
_BOUNDARY = frozenset(string.whitespace + string.punctuation)


def inline_too_costly(paragraph: str) -> tuple[int, str, str] | None:
    """(offset, message, hint) when a paragraph's brackets or emphasis cannot be rendered in time."""
    opened: list[int] = []
    deepest = 0
    read = 0
    widest = (0, 0)  # (characters read, offset) for the costliest `[` that was closed
    depth = 0
    end = len(paragraph)
    for match in _INLINE.finditer(paragraph):
        mark = match.group()
        if mark == "[":
            opened.append(match.start())
            deepest = max(deepest, len(opened))
        elif mark == "]":
            if opened:
                start = opened.pop()
                read += match.start() - start
                widest = max(widest, (match.start() - start, start))
        elif mark[0] in "*_":
            before = paragraph[match.start() - 1] if match.start() else " "
            after = paragraph[match.end()] if match.end() < end else " "
            opens = not after.isspace() and before in _BOUNDARY
            closes = not before.isspace() and after in _BOUNDARY
            if opens and not closes:
                depth += 1
                if depth > MAX_EMPHASIS_DEPTH:
                    return (
                        match.start(),
                        (
                            f"emphasis is nested more than {MAX_EMPHASIS_DEPTH} levels deep here: "
                            "Markdown nested this deep cannot be rendered"
                        ),
                        "close the emphasis sooner, or write `\\*` or `\\_` for a literal star or underscore",
                    )
            elif closes and not opens:
                depth = max(0, depth - 1)
    read += sum(end - start for start in opened)
    if read <= MAX_BRACKET_READ:
        return None
    return (
        (opened[0] if opened else widest[1]),
        (f"{deepest:,} `[` are open at once in this paragraph: Markdown would take too long to match them with `]`"),
        "close each `[` with `]`, or write `\\[` for a literal bracket",
    )


def too_deep(text: str) -> tuple[int, str, str] | None:
    """(1-based line, message, hint) for the first place nested too deeply to render, else None.

    Lines inside fenced code blocks are text, however far they are indented and whatever
    brackets they hold; brackets and emphasis are counted per paragraph, as Markdown reads them.
    """
    if _within_every_bound(text):
        return None
    fence = ""
    paragraph: list[str] = []
    first = 0
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        opened = _FENCE.match(line)
        stripped = line.lstrip(" \t")
        if paragraph and (fence or opened or not stripped):
            found = _paragraph_too_costly(paragraph, first)
            if found is not None:
                return found
            paragraph = []
        if fence:
            if opened and opened.group(1).startswith(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if not stripped:
            continue
        width = len(line[: len(line) - len(stripped)].expandtabs(4))
        if width > MAX_INDENT_COLUMNS:
            return (
                number,
                (
                    f"this line is indented {width:,} columns: Markdown nested more than "
                    f"{MAX_INDENT_COLUMNS // 4} levels deep cannot be rendered"
                ),
                "flatten the list",
            )
        if not paragraph:
            first = number
        paragraph.append(line)
    return None


# A line indented more than MAX_INDENT_COLUMNS has at least this many spaces or tabs (a tab is 4 columns at most).
_DEEP_INDENT = re.compile(rf"^[ \t]{{{MAX_INDENT_COLUMNS // 4 + 1},}}", re.MULTILINE)
_DEEP_SPACES = " " * (MAX_INDENT_COLUMNS // 4 + 1)


def _within_every_bound(text: str) -> bool:
    """Whether text is surely renderable, judged from counts over the whole text at once.

    Every paragraph reads at most (its `[` count) x (its length) characters for brackets,
    and nests emphasis at most as deep as it has `*` and `_`; almost every article is far
    below both, and skips the paragraph-by-paragraph reading.
    """
    # A text of at most MAX_EMPHASIS_DEPTH characters is within both counts, and one
    # without tabs needs a run of spaces as long as _DEEP_INDENT's to match it.
    return (
        len(text) <= MAX_EMPHASIS_DEPTH
        or (
            text.count("[") * len(text) <= MAX_BRACKET_READ
            and text.count("*") + text.count("_") <= MAX_EMPHASIS_DEPTH
        )
    ) and (("\t" not in text and _DEEP_SPACES not in text) or _DEEP_INDENT.search(text) is None)


def _paragraph_too_costly(lines: list[str], first: int) -> tuple[int, str, str] | None:
    text = "\n".join(lines)
    found = inline_too_costly(text)
    if found is None:
        return None
    offset, message, hint = found
    return first + text.count("\n", 0, offset), message, hint


def nesting_problems(doc: SourceDoc) -> Iterator[Problem]:
    """A located error for every text value of doc nested too deeply to render as Markdown."""
    for path, value in doc.strings():
        found = too_deep(value)
        if found is not None:
            mark = doc.mark(path)
            # Multi-line text is written as a block scalar, which starts on the line after
            # its `|` or `>` indicator.
            line = mark.line + found[0] if "\n" in value else mark.line
            yield Problem(doc.path, line, 1, found[1], found[2], "error", "too-deep")


def _unsafe_element(element: etree.Element) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag not in UNSAFE_ELEMENTS:
        return False
    # A script's text is written out raw: an inert one may hold no `<` and no stashed HTML
    # (STX marks a placeholder), or it could close itself.
    inert = tag == "script" and element.get("type", "").strip().lower() in _INERT_SCRIPT_TYPES
    return not (inert and len(element) == 0 and not _MAY_CLOSE_A_SCRIPT.search(element.text or ""))


class SafeLinksTreeprocessor(Treeprocessor):
    """Remove unsafe URLs, every `on*` handler and elements that run code from the finished element tree.

    refused: where each address taken out is told, in document order, when someone listens.
    """

    def __init__(self, md: markdown.Markdown | None = None, refused: list[RefusedAddress] | None = None) -> None:
        super().__init__(md)
        self.refused = refused

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if _unsafe_element(element):
                # Its text is shown, escaped, in a plain block; its attributes go with the tag.
                element.tag = "div"
                element.attrib.clear()
                continue
            for name in list(element.attrib):
                value = element.attrib.get(name)
                tag = element.tag if isinstance(element.tag, str) else ""
                if value is None or not _unsafe_attribute(tag, name, value):
                    continue
                del element.attrib[name]
                lowered = name.lower()
                if lowered in URL_ATTRIBUTES:
                    if self.refused is not None:
                        reason = address_refusal(tag, lowered, value) or ""
                        self.refused.append(RefusedAddress(tag, lowered, value, reason))
                    _defuse(element)


class _StashedHtmlFilter(HTMLParser):
    """Re-serialise HTML an extension stashed, without unsafe attributes or script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: str) -> None:
        if tag in UNSAFE_ELEMENTS:
            self.out.append(html.escape(self.get_starttag_text() or ""))
            return
        kept = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"'
            for name, value in attrs
            if not _unsafe_attribute(tag, name, value)
        )
        self.out.append(f"<{tag}{kept}{close}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, " /")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(html.escape(f"</{tag}>") if tag in UNSAFE_ELEMENTS else f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


# Stashed HTML the filter below would give back unchanged, as code blocks are (Python-Markdown's
# fenced code, Pygments' spans): lower-case tags of code and tables with at most a plain
# class, text without a bare `<`, `>` or `&`, and complete character references. Each
# alternative starts with its own character, so the match never backtracks.
_UNCHANGED_BY_FILTER = re.compile(
    r"""(?:[^<>&]++"""
    r"""|<(?:pre|code|span|div|table|tbody|tr|td|th)(?: class="[\w -]*+")?>"""
    r"""|</(?:pre|code|span|div|table|tbody|tr|td|th)>"""
    r"""|&(?:[A-Za-z][A-Za-z0-9]*+|#[0-9]++|#[xX][0-9A-Fa-f]++);)*+"""
)


def filter_stashed_html(text: str) -> str:
    """text with every `on*`, style and unsafe URL attribute removed and script shown as text."""
    return text if _UNCHANGED_BY_FILTER.fullmatch(text) else _reserialised(text)


def _reserialised(text: str) -> str:
    parser = _StashedHtmlFilter()
    parser.feed(text)
    parser.close()
    return "".join(parser.out)


class SafeStashPostprocessor(Postprocessor):
    """Clean the HTML extensions stash for later (highlighted code from superfences, for example).

    With the raw-HTML preprocessor removed, only extensions put HTML in the stash, but some
    copy writer-given attributes into it: a fence header `{.python onclick="..."}` reaches the
    `<code>` tag untouched when Pygments is off. The stash bypasses the tree sanitiser above.
    """

    def __init__(self, md: markdown.Markdown | None = None, refused: list[RefusedAddress] | None = None) -> None:
        super().__init__(md)
        self.refused = refused

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str):
                blocks[index] = filter_stashed_html(block)
            else:
                SafeLinksTreeprocessor(self.md, self.refused).run(block)
        return text


def _defuse(element: etree.Element) -> None:
    # A link or image without its URL becomes plain text: MkDocs' own link rewriter expects
    # every <a> to have an href and every <img> a src, and readers see the words either way.
    if element.tag == "a":
        element.tag = "span"
    elif element.tag == "img":
        element.tag = "span"
        element.text = element.attrib.pop("alt", "")
        element.attrib.pop("title", None)


# What a host theme prints as HTML without escaping it: `<` could open a tag and `"` close the
# double-quoted attribute every MkDocs theme prints values in. `&` is left alone, so a text
# keeps its meaning (MkDocs titles a page from its heading with `&amp;` and `&lt;` already).
_T = TypeVar("_T")
_OPENS_MARKUP = str.maketrans({"<": "&lt;", ">": "&gt;", '"': "&quot;"})


def inert_html(value: _T) -> _T:
    """value with every text in it (at any depth) unable to open a tag or close an attribute."""
    if isinstance(value, str):
        return cast(_T, value.translate(_OPENS_MARKUP))
    if isinstance(value, list):
        return cast(_T, [inert_html(v) for v in value])
    if isinstance(value, dict):
        return cast(_T, {k: inert_html(v) for k, v in value.items()})
    return value


class SafeMarkdownExtension(Extension):
    """Disable raw HTML and sanitise link targets.

    One made with `reporting()` also keeps each address it takes out of a document, across
    every document converted with it, until `take_refused()` hands them over.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._refused: list[RefusedAddress] | None = None

    @classmethod
    def reporting(cls) -> SafeMarkdownExtension:
        extension = cls()
        extension._refused = []
        return extension

    def take_refused(self) -> list[RefusedAddress]:
        """The addresses taken out since the last call, in the order met; empty unless reporting."""
        if not self._refused:
            return []
        taken = self._refused[:]
        self._refused.clear()
        return taken

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Without these two, `<script>` in the source becomes escaped text instead of markup.
        if "html_block" in md.preprocessors:
            md.preprocessors.deregister("html_block")
        if "html" in md.inlinePatterns:
            md.inlinePatterns.deregister("html")
        # Where those two ran: HTML comments (writers' notes) are left out, not shown as text.
        md.preprocessors.register(BlockComments(md), "scopebook_block_comments", COMMENT_BLOCK_PRIORITY)
        md.inlinePatterns.register(InlineComments(), "scopebook_inline_comments", COMMENT_INLINE_PRIORITY)
        # Lowest priority: runs after every other treeprocessor (inline, attr_list, toc...).
        md.treeprocessors.register(SafeLinksTreeprocessor(md, self._refused), "scopebook_safe_links", 0)
        # Just before `inline`: lets it skip text that no inline pattern can match.
        md.treeprocessors.register(InlineGuard(md), "scopebook_inline_guard", INLINE_GUARD_PRIORITY)
        # Before `raw_html` (30) puts the stash back into the page.
        md.postprocessors.register(SafeStashPostprocessor(md, self._refused), "scopebook_safe_stash", 40)


def makeExtension(**kwargs: object) -> SafeMarkdownExtension:  # noqa: N802 - entry point name
    return SafeMarkdownExtension(**kwargs)


# What a Markdown field of the contract is rendered with, besides the sanitiser.
_FIELD_EXTENSIONS = ("tables", "sane_lists")


@cache
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=[SafeMarkdownExtension(), *_FIELD_EXTENSIONS])


@cache
def _reporting_renderer() -> tuple[markdown.Markdown, SafeMarkdownExtension]:
    extension = SafeMarkdownExtension.reporting()
    return markdown.Markdown(extensions=[extension, *_FIELD_EXTENSIONS]), extension


def refused_addresses(text: str) -> list[RefusedAddress]:
    """Every address rendering text as a Markdown field of the contract takes out, in order."""
    md, extension = _reporting_renderer()
    md.reset()
    try:
        md.convert(text)
    finally:
        refused = extension.take_refused()
    return refused


def refusal_wording(refused: RefusedAddress) -> tuple[str, str]:
    """(message, hint) telling a writer what was taken out of the page, and what to write instead.

    The address is quoted short and percent-encoded (`shown_address`): it may be megabytes
    long, or made to act on a terminal or on a log shown as HTML.
    """
    address = shown_address(refused.value)
    if refused.tag == "img" and refused.attribute == "src":
        return (
            f"the picture `{address}` is not shown: {refused.reason}; readers see its alt text instead",
            "save the picture as a file beside the article and give its relative path, "
            "for example `![What it shows](images/screen.png)`",
        )
    if refused.tag == "a" and refused.attribute == "href":
        what = f"the link to `{address}` was removed: {refused.reason}; readers see its words without a link"
    else:
        what = f"the address `{address}` (`{refused.attribute}` of `<{refused.tag}>`) was removed: {refused.reason}"
    return what, "link with an address starting with https://, http://, mailto: or tel:, or a relative path"


REFUSED_LINK = "refused-link"
# Keys whose text the contract's pages render as Markdown (described so in scope.schema.json).
MARKDOWN_KEYS = frozenset({"summary", "quality", "definition", "description", "reason", "note"})
# Where a contract field, as it is rendered, can give a link or a picture its address:
# `[words](address)`, `[label]: address`, `<address>`; with all the text to where that
# address surely ends (a `)` on, the line's end, a `>`), spaces and character references included.
_GIVEN_ADDRESS = re.compile(r"(?=\]\(([^)]*)|\]:([^\n]*)|<([^>]*))")  # each place, even inside another's text


def _may_refuse(text: str) -> bool:
    """Whether rendering text as a contract field may take an address out of it.

    True when the text at one of the places that give an address (`_GIVEN_ADDRESS`) starts
    with a scheme the policy refuses; a text without one, however it is rendered, gives
    only addresses the policy allows (or none), and need not be rendered to know it.
    """
    for match in _GIVEN_ADDRESS.finditer(text):
        given = match.group(match.lastindex or 1) or ""
        if link_refusal(given.lstrip(" \t\n<")) is not None:
            return True
    return False


def refused_link_problems(doc: SourceDoc) -> Iterator[Problem]:
    """A warning at its line for every address the pages take out of a Markdown field of doc."""
    lines: list[str] | None = None
    for path, value in doc.strings():
        if not path or path[-1] not in MARKDOWN_KEYS or not _may_refuse(value):
            continue
        if too_deep(value) is not None:
            continue  # an error of its own (nesting_problems); it is never rendered
        refused = refused_addresses(value)
        if not refused:
            continue
        if lines is None:
            lines = source_lines(Path(doc.path))
        mark = doc.mark(path)
        after = (mark.line, mark.column)
        for one in refused:
            found = find_address(lines, one.value, after)
            line, column = found or (mark.line, mark.column)
            if found is not None:
                after = (line, column + 1)
            message, hint = refusal_wording(one)
            yield Problem(doc.path, line, column, message, hint, "warning", REFUSED_LINK)


def source_lines(path: Path) -> list[str]:
    """The lines of a source file, or none if it cannot be read."""
    try:
        return path.read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def find_address(lines: list[str], address: str, after: tuple[int, int] = (1, 1)) -> tuple[int, int] | None:
    """(line, column), 1-based, where address is first written as a link's or picture's address
    at or after the given place, else anywhere; None when it is not written as such.

    Written as an address: after `](` or `](<`, after a reference's `]:`, or as an attribute's
    value; else, the address anywhere in the text. An address spanning lines is looked for
    by its first line.
    """
    first = address.split("\n", 1)[0]
    if not first:
        return None
    forms = [(f"]({first}", 2), (f"](<{first}", 3), (f"]: {first}", 3), (f"]:{first}", 2), (f'"{first}', 1)]
    forms += [(f"'{first}", 1), (f"={first}", 1)]
    for candidates in (forms, [(first, 0)]):
        found = _first_of(lines, candidates, after) or _first_of(lines, candidates, (1, 1))
        if found is not None:
            return found
    return None


def _first_of(lines: list[str], forms: list[tuple[str, int]], after: tuple[int, int]) -> tuple[int, int] | None:
    """The earliest place at or after `after` where one of forms (text, where in it the address starts) is written."""
    line, column = after
    for number in range(max(line, 1), len(lines) + 1):
        text = lines[number - 1]
        start = column - 1 if number == line else 0
        places = [at + skip for form, skip in forms if (at := text.find(form, max(start - skip, 0))) >= 0]
        if places:
            return number, min(places) + 1
    return None


_EMPTY = Markup("")  # what an absent field shows: one object for the thousands of them


def render_markdown(text: str | None) -> Markup:
    """A Markdown field of the contract as safe HTML."""
    if not text:
        return _EMPTY
    return _rendered(text)


# A scope item's description is shown on every plan page, the compare page and the
# overview; each text is converted once. Bounded, for long `mkdocs serve` sessions.
@lru_cache(maxsize=8192)
def _rendered(text: str) -> Markup:
    line = _plain_line(text)
    if line is not None:
        return Markup(f"<p>{line}</p>")
    md = _renderer()
    md.reset()
    # The output has passed the sanitiser above, so it may be marked safe for Jinja.
    return Markup(md.convert(text))


# Characters Markdown (inline syntax, tables, attributes) or HTML give a meaning to.
_MARKUP_CHARACTERS = frozenset("`\\[]<>&*_|#{}~")


def _plain_line(text: str) -> str | None:
    """text as Python-Markdown shows it when it is one line of words and nothing else, else None.

    One line (trailing line ends aside) that starts with a letter, a quote or a bracket, ends
    in no space and holds only printable characters none of which is in _MARKUP_CHARACTERS:
    no block syntax can start it and no inline pattern, entity or escape can match in it, so
    Markdown makes it one paragraph of exactly that text. Most fields of a contract are.
    """
    line = text.rstrip("\n")
    if (
        not line
        or not (line[0].isalpha() or line[0] in "(\"'")
        or line[-1] == " "
        or not line.isprintable()
        or not _MARKUP_CHARACTERS.isdisjoint(line)
    ):
        return None
    return line


@lru_cache(maxsize=8192)
def _inline(text: str) -> Markup:
    rendered = str(_rendered(text))
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)


def render_inline(text: str | None) -> Markup:
    """Like render_markdown, without the wrapping paragraph when the text is one paragraph."""
    if not text:
        return _EMPTY
    return _inline(text)
