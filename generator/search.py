"""The search index: articles, their sections, scope items and plans as one prebuilt lunr index.

The build writes, under `search/` in the site:

- `index.json`: the index's vocabulary (sorted terms), a frequency class per term and where
  each shard of postings starts;
- `terms/N.json`: the postings of a run of consecutive terms, each with its lunr term index
  and field-vector weights; the browser fetches the shards a query needs and builds a lunr
  index of just those terms, which scores exactly like the whole index;
- `docs.json`: each document's kind (its position is its ref in the index), where each chunk
  of results starts, the plans and channels a "no results" message offers;
- `docs/N.json`: what results show (plain text only), fetched for the results on screen;
- `lunr.js`: copied from the installed MkDocs package, so the repository vendors no copy;
- `first-query.txt`: the files a reader's browser fetches before search is ready.

A document's `ref` is the site-relative URL of what a result opens, from
`generator.routes`; in the index it is the document's position. The query the browser runs
is mirrored in `generator.search_query`, which only tests and benchmarks use.
"""

from __future__ import annotations

import io
import json
import math
import posixpath
import re
import shutil
import unicodedata
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from html import unescape
from html.parser import HTMLParser
from importlib import resources
from itertools import accumulate, chain, islice, repeat, zip_longest
from operator import add, attrgetter, itemgetter, mul, sub
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Protocol, TextIO

from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer

from .markdown_safe import render_markdown
from .model import STATUS_LABEL, Contract, Plan, ScopeItem
from .routes import SEARCH_DIR, Routes, is_folder_page
from .wording import level_hours_summary, target_words, upgrade_sentence

Kind = Literal["article", "section", "scope", "plan"]

# Boosts were tuned against tests/fixtures/relevance.yaml; a title or tag hit says more
# about what a page is for than a word somewhere in its body.
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 10),
    ("tags", 5),
    ("summary", 3),
    ("headings", 3),
    ("examples", 2),
    ("area", 2),
    ("coverage", 1),
    ("body", 1),
)
SNIPPET_CHARS = 160
# The words a reader might use for each status, so "sso premium" or "addon" match.
STATUS_WORDS: dict[str, str] = {
    "included": "included",
    "limited": "limited",
    "addon": "addon add-on",
    "excluded": "excluded",
}
# A folder's landing page only introduces its articles; its short text would otherwise
# outrank the article that answers the question.
LANDING_BOOST = 0.5


class SearchableArticle(Protocol):
    """What the index reads from a rendered article (`generator.articles.ArticleRecord`)."""

    @property
    def src_path(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def section(self) -> str: ...
    @property
    def html(self) -> str: ...
    @property
    def toc(self) -> tuple[tuple[str, str, int], ...]: ...


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """One searchable thing: what is indexed, and what a result shows."""

    ref: str
    kind: Kind
    title: str
    context: str
    snippet: str
    fields: Mapping[str, str]
    coverage: Mapping[str, tuple[str, str]] | None = None
    boost: float = 1.0


# --- Text -------------------------------------------------------------------------------

# Curly apostrophes are straight ones; soft hyphens, zero-width spaces, word joiners and
# byte order marks, invisible inside a word (Word and web editors leave them), are nothing.
_TYPED_AS_ONE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None})
# lunr's trimmer differs between Python (Unicode \w) and JavaScript (ASCII \w) for words
# with inner punctuation ("e.g.", "café"); cleaning text the same way on both sides first
# keeps index terms and query terms comparable. Mirrored by `normalise` in theme/assets/search-ui/engine.js.
_NOT_WORD = re.compile(r"[^\w\s'-]|_")


class _LunrJsStemmer(PorterStemmer):  # type: ignore[misc]
    """lunr.py's Porter stemmer, agreeing with lunr.js on a final "y".

    lunr.py keeps Porter's original rule (y becomes i after any vowel: "day" -> "dai") while
    lunr.js uses the revised one (only after a consonant that is not the first letter:
    "day", "try" -> "tri"). The browser stems queries with lunr.js, so the index is stemmed
    the lunr.js way or "key", "deploy" and "monday" would never match.
    """

    b: str
    k: int
    k0: int

    def step1c(self) -> None:
        if self.ends("y") and self.k - self.k0 >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_porter = _LunrJsStemmer()

# Porter's measure reads a word as consonants and vowels: each ASCII character's class, "v"
# for a, e, i, o, u, "y" for y (a vowel after a consonant, else a consonant), "c" for any other.
_LETTER_CLASSES = str.maketrans(
    {chr(code): "v" if chr(code) in "aeiou" else "y" if chr(code) == "y" else "c" for code in range(128)}
)
# Porter's steps 2, 3 and 4: the suffixes each tries, grouped by the letter the step looks
# at first (step 3 the last, the others the one before), in the order it tries them.
_STEP2 = {
    "a": (("ational", "ate"), ("tional", "tion")),
    "c": (("enci", "ence"), ("anci", "ance")),
    "e": (("izer", "ize"),),
    "l": (("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous")),
    "o": (("ization", "ize"), ("ation", "ate"), ("ator", "ate")),
    "s": (("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous")),
    "t": (("aliti", "al"), ("iviti", "ive"), ("biliti", "ble")),
    "g": (("logi", "log"),),
}
_STEP3 = {
    "e": (("icate", "ic"), ("ative", ""), ("alize", "al")),
    "i": (("iciti", "ic"),),
    "l": (("ical", "ic"), ("ful", "")),
    "s": (("ness", ""),),
}
_STEP4 = {
    "a": ("al",),
    "c": ("ance", "ence"),
    "e": ("er",),
    "i": ("ic",),
    "l": ("able", "ible"),
    "n": ("ant", "ement", "ment", "ent"),
    "o": ("ion", "ou"),
    "s": ("ism",),
    "t": ("ate", "iti"),
    "u": ("ous",),
    "v": ("ive",),
    "z": ("ize",),
}
# Every suffix of a step, so the step is skipped in one test for a word that has none.
_STEP2_ANY = tuple(suffix for pairs in _STEP2.values() for suffix, _ in pairs)
_STEP3_ANY = tuple(suffix for pairs in _STEP3.values() for suffix, _ in pairs)
_STEP4_ANY = tuple(suffix for suffixes in _STEP4.values() for suffix in suffixes)


def _letter_classes(word: str) -> str:
    """Each letter of an ASCII word as Porter's "c" (consonant) or "v" (vowel)."""
    classes = word.translate(_LETTER_CLASSES)
    if "y" not in classes:
        return classes
    resolved = []
    previous = "v"  # a "y" at the start is a consonant, as after a vowel
    for letter_class in classes:
        if letter_class == "y":
            letter_class = "c" if previous == "v" else "v"
        resolved.append(letter_class)
        previous = letter_class
    return "".join(resolved)


def _measure(word: str, end: int) -> int:
    """Porter's m of word[:end]: how many vowels-then-consonants runs it has."""
    return _letter_classes(word).count("vc", 0, end)


def _ends_cvc(word: str, last: int) -> bool:
    """Porter's cvc: word[last - 2 : last + 1] is consonant, vowel, consonant other than w, x, y."""
    return last >= 2 and _letter_classes(word)[last - 2 : last + 1] == "cvc" and word[last] not in "wxy"


def _replace_suffix(word: str, rules: tuple[tuple[str, str], ...]) -> str:
    """Porter's step 2 or 3: the first suffix of `rules` the word ends with is replaced, if m of
    what comes before it is above 0; no other suffix is tried then."""
    for suffix, replacement in rules:
        if word.endswith(suffix):
            end = len(word) - len(suffix)
            return word[:end] + replacement if _measure(word, end) > 0 else word
    return word


def _stem(word: str) -> str:
    """What `_porter.stem` makes of `word`, in a few string operations instead of a method call
    per letter test: lunr.py's Porter stemmer, step by step, on a word kept cut at its end
    (lunr.py's keeps its whole buffer and an end index). Words outside ASCII go to `_porter`."""
    if len(word) <= 2:
        return word
    if not word.isascii():
        return str(_porter.stem(word))
    # Step 1ab: plurals, then -eed, -ed, -ing.
    if word[-1] == "s":
        if word.endswith(("sses", "ies")):
            word = word[:-2]
        elif word[-2] != "s":
            word = word[:-1]
    if not word.endswith(("ed", "ing")):
        pass
    elif word.endswith("eed"):
        if _measure(word, len(word) - 3) > 0:
            word = word[:-1]
    else:
        cut = len(word) - (2 if word[-1] == "d" else 3)
        if "v" in _letter_classes(word)[:cut]:
            word = word[:cut]
            if word.endswith(("at", "bl", "iz")):
                word += "e"
            elif len(word) >= 2 and word[-1] == word[-2] and _letter_classes(word)[-1] == "c":
                if word[-1] not in "lsz":
                    word = word[:-1]
            elif _measure(word, len(word)) == 1 and _ends_cvc(word, len(word) - 1):
                word += "e"
    # Step 1c, as lunr.js has it (`_LunrJsStemmer.step1c`).
    if word.endswith("y") and len(word) >= 3 and word[-2] not in "aeiou":
        word = word[:-1] + "i"
    if len(word) >= 2:  # shorter, none of steps 2-4 applies
        if word.endswith(_STEP2_ANY):
            word = _replace_suffix(word, _STEP2.get(word[-2], ()))
        if word.endswith(_STEP3_ANY):
            word = _replace_suffix(word, _STEP3.get(word[-1], ()))
        if len(word) >= 2 and word.endswith(_STEP4_ANY):
            for suffix in _STEP4.get(word[-2], ()):
                if word.endswith(suffix):
                    end = len(word) - len(suffix)
                    if suffix == "ion" and word[end - 1 : end] not in ("s", "t"):
                        continue
                    if _measure(word, end) > 1:
                        word = word[:end]
                    break
    # Step 5: a final -e, a final -ll.
    if word.endswith("e"):
        measure = _measure(word, len(word))
        if measure > 1 or (measure == 1 and not _ends_cvc(word, len(word) - 2)):
            word = word[:-1]
    if word.endswith("ll") and _measure(word, len(word)) > 1:
        word = word[:-1]
    return word


def stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    """The pipeline step lunr.js knows as "stemmer"."""
    return token.update(_porter.stem)


# Serialized as "stemmer", so lunr.js runs its own stemmer on queries; not registered
# globally, so lunr.py's own stemmer stays as it was for anyone else in the process.
stemmer.label = "stemmer"  # type: ignore[attr-defined]


def normalise(text: str) -> str:
    """Composed accents (NFC), lowercase, straight apostrophes, no invisible breaks inside
    words, and punctuation other than ' and - made a space.

    Text pasted on a Mac or from a PDF often spells `é` as `e` and a combining accent
    (NFD), which would otherwise be cut into two words there, and match nothing typed.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _NOT_WORD.sub(" ", text.translate(_TYPED_AS_ONE).lower())


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "svg"})
_TABLE_PARTS = frozenset({"tr", "th", "td"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _SectionSplitter(HTMLParser):
    """Collects a page body's text, cut into the part before the first heading and one part per heading."""

    def __init__(self, anchors: Iterable[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors = set(anchors)
        self.parts: list[tuple[str | None, list[str]]] = [(None, [])]
        # The same text with each table read row by row ("Status: 400; Meaning: ..."): a
        # table read as one line is a run-on snippet.
        self.prose: list[list[str]] = [[]]
        # Per part: its prose may differ from its text (it has a table or a self-closing block tag).
        self.differs = [False]
        self._skip_depth = 0
        self._table_depth = 0
        self._in_heading = False
        self._table = _TableReader()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        # A permalink's pilcrow is decoration, not words.
        if self._skip_depth or tag in _SKIPPED_TAGS or "headerlink" in (attributes.get("class") or ""):
            self._skip_depth += 1
            return
        if tag == "table":
            self._table_depth += 1
            if self._table_depth == 1:
                self._table = _TableReader()
                self.differs[-1] = True
        elif self._table_depth == 1:
            self._table.start(tag)
        if tag in _HEADING_TAGS and attributes.get("id") in self.anchors:
            self.parts.append((attributes["id"], []))
            self.prose.append([])
            self.differs.append(self._table_depth > 0)
            self._in_heading = True
        elif tag in _BLOCK_TAGS:
            self._add(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skip_depth:
            self._skip_depth -= 1
            return
        if tag == "table" and self._table_depth:
            self._table_depth -= 1
            if not self._table_depth:
                self.prose[-1].append(f" {self._table.reading()} ")
        elif self._table_depth == 1:
            self._table.end(tag)
        if tag in _HEADING_TAGS and self._in_heading:
            self._in_heading = False
        elif tag in _BLOCK_TAGS:
            self._add(" ")

    def _add(self, text: str) -> None:
        self.parts[-1][1].append(text)
        if not self._table_depth:
            self.prose[-1].append(text)
        else:
            self._table.add(text)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS and not self._skip_depth:
            self.parts[-1][1].append(" ")
            self.differs[-1] = True

    def read_ordinary(self, html: str) -> bool:
        """Read `html` as `feed` and `close` would, faster; False if it meets markup it does
        not model, having read part of it (read the page with a new splitter then).

        Between the tags that change what the splitter does with text (headings, tables,
        skipped and raw-text elements), a run of ordinary markup read in the splitter's
        plain state is text with block tags as spaces and other tags dropped: three regex
        passes instead of a call per tag. Other runs are read tag by tag, from one regex.
        """
        position = 0
        for state_tag in _STATE_TAG.finditer(html):
            start = state_tag.start()
            if start < position:
                continue  # inside the tag or table just read
            tag = _MARKUP_TOKEN.match(html, start)
            if tag is None or not (tag.group(1) or tag.group(4)):
                return False
            if not self._read_run(html[position:start]):
                return False
            end = self._table_end(html, tag) if state_tag.group() == "<table" else None
            if end is not None:
                if not self._read_table(html[start:end]):
                    return False
                position = end
                continue
            if not self._read_tokens(tag.group()):
                return False
            position = tag.end()
        return self._read_run(html[position:])

    def _table_end(self, html: str, table: re.Match[str]) -> int | None:
        """Where the table whose start tag is `table` ends, if `_read_table` can read it: in
        the plain state, with no heading, table or skipped element, no permalink inside."""
        if self._skip_depth or self._in_heading or self._table_depth or table.group(3):
            return None
        close = _STATE_TAG.search(html, table.end())
        if close is None or close.group() != "</table":
            return None
        end_tag = _MARKUP_TOKEN.match(html, close.start())
        if end_tag is None or not end_tag.group(4) or "headerlink" in html[table.start() : end_tag.end()]:
            return None
        return end_tag.end()

    def _read_table(self, markup: str) -> bool:
        """Read a table (`_table_end`) as the handlers would, without their work per tag that
        only matters outside tables: its attributes, headings, skipped elements."""
        parts = self.parts[-1][1]
        self.differs[-1] = True
        table = _TableReader()
        for tag, _, closed, end_tag, text in _MARKUP_TOKEN.findall(markup):
            if text:
                text = unescape(text) if "&" in text else text
                parts.append(text)
                table.add(text)
                continue
            if tag:
                tag = tag.lower()
                if closed:  # handle_startendtag: a space in the text, none in a cell
                    if tag in _BLOCK_TAGS:
                        parts.append(" ")
                    continue
                if tag in _TABLE_PARTS:
                    table.start(tag)
            elif end_tag:
                tag = end_tag.lower()
                if tag in _TABLE_PARTS:
                    table.end(tag)
            else:
                return False  # a "<" that starts no tag of the grammar
            if tag in _BLOCK_TAGS:
                parts.append(" ")
                table.add(" ")
        self.prose[-1].append(f" {table.reading()} ")
        self.prose[-1].append(" ")
        return True

    def _read_run(self, markup: str) -> bool:
        if not markup:
            return True
        if not (self._skip_depth or self._in_heading or self._table_depth):
            text = _ordinary_text(markup)
            if text is not None:
                self.handle_data(text)
                return True
        return self._read_tokens(markup)

    def _read_tokens(self, markup: str) -> bool:
        """Make HTMLParser's calls for `markup` (with `convert_charrefs`); False at anything else."""
        for tag, attributes, closed, end_tag, text in _MARKUP_TOKEN.findall(markup):
            if text:
                self.handle_data(unescape(text) if "&" in text else text)
            elif tag:
                tag = tag.lower()
                if tag in _RAW_TEXT_TAGS:
                    return False
                attrs = [
                    (name.lower(), unescape(value) if value else value)
                    for name, value in (
                        (m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
                        for m in _TAG_ATTRIBUTE.finditer(attributes)
                    )
                ]
                if closed:
                    self.handle_startendtag(tag, attrs)
                else:
                    self.handle_starttag(tag, attrs)
            elif end_tag:
                self.handle_endtag(end_tag.lower())
            else:
                return False  # a "<" that starts no tag of the grammar
        return True

    def handle_data(self, data: str) -> None:
        # The heading's own words are the section's title, indexed in that field instead.
        if not self._skip_depth and not self._in_heading:
            self._add(data)


def _squash(text: str) -> str:
    return " ".join(text.split())


# The markup `_SectionSplitter.read_ordinary` models: start tags with quoted attribute values
# (or none), end tags, text. Comments, declarations, unquoted values, a stray "<" are not.
# Spaces in a tag are those that end HTMLParser's tag name: after "<p\v" or "<p\xa0" its
# name goes on, so such a tag is left to HTMLParser.
_SPACE = r"[ \t\n\r\f]"
_TAG_NAME = r"[a-zA-Z][a-zA-Z0-9]*"
_TAG_ATTRIBUTES = rf"""(?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_SPACE}*={_SPACE}*(?:"[^"]*"|'[^']*'))?)*"""
_MARKUP_TOKEN = re.compile(rf"<({_TAG_NAME})({_TAG_ATTRIBUTES}){_SPACE}*(/?)>|</({_TAG_NAME}){_SPACE}*>|([^<]+)|<")
_TAG_ATTRIBUTE = re.compile(rf"""{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:{_SPACE}*={_SPACE}*(?:"([^"]*)"|'([^']*)'))?""")
# Elements whose content HTMLParser reads as raw text (which ones depends on Python's version).
_RAW_TEXT_TAGS = frozenset("script style textarea title xmp iframe noembed noframes noscript plaintext".split())
# Tags after which the splitter treats text differently, and any tag whose name has a capital
# letter: those are read one by one, so the patterns for the runs between (which a page's
# markup is mostly made of) match lowercase names only, three times faster than ignoring case.
_STATE_TAG = re.compile(
    rf"</?(?:(?:h[1-6]|table|{'|'.join(sorted(_SKIPPED_TAGS | _RAW_TEXT_TAGS))})(?=[ \t\n\r\f/>])|[a-z0-9]*[A-Z])"
)
_RUN_BLOCK_NAMES = "|".join(sorted(_BLOCK_TAGS - _HEADING_TAGS - {"table"}))
_RUN_BLOCK_TAG = re.compile(
    rf"<(?:{_RUN_BLOCK_NAMES})(?=[ \t\n\r\f>]){_TAG_ATTRIBUTES}{_SPACE}*>|</(?:{_RUN_BLOCK_NAMES}){_SPACE}*>"
)
_RUN_OTHER_TAG = re.compile(rf"<{_TAG_NAME}{_TAG_ATTRIBUTES}{_SPACE}*>|</{_TAG_NAME}{_SPACE}*>")
# A character reference that a tag may cut ("&am<b>p;"): HTMLParser unescapes each piece of
# text between tags on its own, so the run's text cannot be unescaped whole.
_REFERENCE_AT_TAG = re.compile(r"&[#a-zA-Z0-9]*<")


def _ordinary_text(markup: str) -> str | None:
    """What the splitter in its plain state keeps of a run of markup with no state tag in it,
    or None unless the run is only start tags (not self-closing), end tags and text
    without a permalink."""
    if "headerlink" in markup or _REFERENCE_AT_TAG.search(markup):
        return None
    text = _RUN_OTHER_TAG.sub("", _RUN_BLOCK_TAG.sub(" ", markup))
    if "<" in text:
        return None
    return unescape(text) if "&" in text else text


class _TableReader:
    """One table's cells, read back as sentences: "Status: 400; Meaning: Malformed JSON. Status: 401; ..."

    A two-column table reads "first: second" per row; without a header row, a row's cells
    are listed. Tables inside cells are read as their cell's text.
    """

    def __init__(self) -> None:
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._header_row = True  # the row being read has only <th> cells so far

    def start(self, tag: str) -> None:
        if tag == "tr":
            self._row, self._header_row = [], True
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []
            self._header_row = self._header_row and tag == "th"

    def add(self, text: str) -> None:
        if self._cell is not None:
            self._cell.append(text)

    def end(self, tag: str) -> None:
        if tag in ("th", "td") and self._row is not None and self._cell is not None:
            self._row.append(_squash("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._header_row and not self.header and not self.rows:
                self.header = self._row
            elif any(self._row):
                self.rows.append(self._row)
            self._row = None

    def reading(self) -> str:
        return " ".join(self._sentence(row) for row in self.rows)

    def _sentence(self, row: list[str]) -> str:
        if len(row) == 2 and row[0] and row[1]:
            line = f"{row[0]}: {row[1]}"
        elif self.header:
            pairs = zip_longest(self.header, row, fillvalue="")  # a short row or one wider than the header
            line = "; ".join(f"{head}: {cell}" if head else cell for head, cell in pairs if cell)
        else:
            line = ", ".join(cell for cell in row if cell)
        return line if line.endswith((".", "!", "?", ":")) else line + "."


def split_sections_and_prose(html: str, anchors: Iterable[str]) -> list[tuple[str | None, str, str]]:
    """(anchor, all text, text for snippets) for the intro (anchor None) and each heading in `anchors`.

    The text for snippets reads each table row by row, in its place, instead of as one run.
    """
    return _sections(html, anchors, _squash)


def _sections(
    html: str, anchors: Iterable[str], finish: Callable[[str], str]
) -> list[tuple[str | None, str, str]]:
    """`split_sections_and_prose` with each part's text made by `finish` from the text read."""
    splitter = _SectionSplitter(anchors)
    if not splitter.read_ordinary(html):
        splitter = _SectionSplitter(anchors)
        splitter.feed(html)
        splitter.close()
    sections = []
    for (anchor, chunks), prose, differs in zip(splitter.parts, splitter.prose, splitter.differs, strict=True):
        text = finish("".join(chunks))
        sections.append((anchor, text, _squash("".join(prose)) if differs else text))
    return sections


def _text_to_index(text: str) -> str:
    """`text` squashed, or as it is where the index reads the same words in it either way.

    The index splits words where lunr does (`index_words`): at spaces, tabs, line breaks,
    no-break spaces, hyphens. Squashing a text only changes where it has whitespace, into
    single spaces, so the words are the same unless it has whitespace lunr does not split
    at: the ASCII separators \x1c-\x1f, or any outside ASCII (those texts are squashed).
    A page's worth of text is not split and joined again for nothing, and `snippet`
    squashes what it shows.
    """
    if text.isascii() and "\x1c" not in text and "\x1d" not in text and "\x1e" not in text and "\x1f" not in text:
        return text
    return _squash(text)


def split_sections(html: str, anchors: Iterable[str]) -> list[tuple[str | None, str]]:
    """Plain text of a page body: (None, intro) then (anchor, text) for each heading in `anchors`."""
    return [(anchor, text) for anchor, text, _ in split_sections_and_prose(html, anchors)]


def html_to_text(html: str) -> str:
    """All the words of an HTML fragment, without markup."""
    return " ".join(text for _, text in split_sections(html, ()) if text)


def markdown_to_text(source: str) -> str:
    """Plain text of a contract Markdown field, read from the HTML its pages show: the
    views have converted most fields already (`render_markdown` remembers them)."""
    return html_to_text(str(render_markdown(source)))


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of `text`, cut at a word boundary, with an ellipsis when cut."""
    # The squashed start of a text is the start of the squashed text: a page's worth of
    # words need not be squashed for the first few, unless the start is mostly spaces.
    start = _squash(text[: 2 * limit]) if len(text) > 2 * limit else ""
    text = start if len(start) > limit else _squash(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "\u2026"


# --- Documents --------------------------------------------------------------------------


def _fields(**given: str) -> dict[str, str]:
    return {name: given.get(name, "") for name, _ in FIELDS}


def article_documents(article: SearchableArticle) -> list[SearchDocument]:
    """The article, then one document per heading so a hit deep in a page opens at its heading.

    The article's own body is only its introduction: the text under each heading is
    indexed once, in that heading's section, which keeps the index about half the size.
    """
    headings = {anchor: (text, level) for anchor, text, level in article.toc if level >= 2}
    # The texts only go to the index (as it reads them, `_text_to_index`) and to snippets.
    parts = _sections(article.html, headings, _text_to_index)
    intro, intro_prose = parts[0][1], parts[0][2]
    landing = is_folder_page(article.src_path)
    documents = [
        SearchDocument(
            ref=article.url,
            kind="article",
            boost=LANDING_BOOST if landing else 1.0,
            title=article.title,
            context=article.section,
            snippet=snippet(article.summary or intro_prose or intro),
            fields=_fields(
                title=article.title,
                tags=" ".join(article.tags),
                summary=article.summary,
                headings=" ".join(text for text, _ in headings.values()),
                body=intro,
            ),
        )
    ]
    for anchor, text, prose in parts[1:]:
        assert anchor is not None
        heading = headings[anchor][0]
        documents.append(
            SearchDocument(
                ref=f"{article.url}#{anchor}",
                kind="section",
                title=heading,
                context=article.title,
                snippet=snippet(prose or text),
                fields=_fields(title=heading, body=text),
            )
        )
    return documents


def _coverage_detail(contract: Contract, item: ScopeItem, plan: Plan) -> tuple[str, str]:
    entry = item.coverage_for(plan.id)
    if entry.status == "limited" and entry.limit:
        return (entry.status, entry.limit)
    if entry.status == "addon" and entry.addon:
        return (entry.status, contract.addon(entry.addon).name)
    if entry.status == "excluded" and item.alternative is not None:
        # "Not included on Free" should never be a dead end: say where to go instead.
        return (entry.status, f"See: {item.alternative.label}")
    return (entry.status, "")


def _shown_plans(contract: Contract, routes: Routes) -> list[Plan]:
    return [plan for plan in contract.plans if routes.has_plan_page(plan.id)]


def scope_item_document(
    contract: Contract, routes: Routes, area_id: str, area_name: str, item: ScopeItem
) -> SearchDocument:
    """A scope item, found by its words and by plan and status ("sso premium")."""
    description = markdown_to_text(item.description)
    body = " ".join(part for part in (description, item.reason or "") if part)
    plans = _shown_plans(contract, routes)
    coverage = {plan.id: _coverage_detail(contract, item, plan) for plan in plans}
    coverage_words = " ".join(f"{plan.name} {STATUS_WORDS[coverage[plan.id][0]]}" for plan in plans)
    return SearchDocument(
        ref=routes.compare_row(item.id),
        kind="scope",
        title=item.title,
        context=area_name,
        snippet=snippet(description),
        fields=_fields(
            title=item.title,
            body=body,
            # Ids are the short names the contract's writers use ("sso-configuration"),
            # often the very abbreviation a reader types where the title spells it out.
            tags=f"{item.id} {area_id}",
            examples=" ".join(item.examples),
            area=area_name,
            coverage=coverage_words,
        ),
        coverage=coverage,
    )


# The words customers use for a service level, none of which the contract spells out.
# Every plan's document carries them; the browser puts the chosen plan's answer first.
SERVICE_WORDS = (
    "sla service level agreement support hours opening hours weekend weekends holidays "
    "response time reply respond answer wait how long until contact reach call phone chat email "
    "channel urgent emergency outage down critical priority severity sev1 sev2 sev3 sev4"
)
SEVERITY_WORDS = "severity severities sev1 sev2 sev3 sev4 priority urgent outage emergency critical down"


def _or_list(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def service_answer(contract: Contract, plan: Plan) -> str:
    """A plan's service level in one line: hours, channels (and the missing ones), Severity 1.

    "Standard: Monday to Friday, 08:00-18:00 (Europe/London); email, support portal ...;
    no in-app chat, phone or technical account manager; Severity 1 within 8 business hours".
    """
    level = contract.service_level(plan.id)
    offered = [contract.channel(c).name.lower() for c in level.channels]
    missing = [c.name.lower() for c in contract.channels if c.id not in level.channels]
    first = contract.severities[0]
    target = level.target(first.id)
    short = first.name.split(" (")[0]
    parts = [level_hours_summary(contract, level), ", ".join(offered)]
    if missing:
        parts.append("no " + _or_list(missing))
    words = target_words(contract, level, target)
    timed = target is not None and target.offered and target.duration is not None
    parts.append(f"{short} within {words}" if timed else f"{short}: {words.lower()}")
    return f"{plan.name}: " + "; ".join(parts)


def plan_document(contract: Contract, routes: Routes, plan: Plan) -> SearchDocument:
    """A plan's service level, found by what it offers ("phone support") or how customers ask ("SLA")."""
    level = contract.service_level(plan.id)
    hours_name = contract.hours_of(level.hours).name if level.hours else ""
    channels = [contract.channel(channel_id) for channel_id in level.channels]
    price = f"Price: {plan.price}." if plan.price else ""
    body = " ".join(
        part
        for part in [
            price,
            hours_name,
            level_hours_summary(contract, level),
            *(f"{channel.name}." for channel in channels),
            *level.languages,
            *(
                f"{contract.severity(t.severity).name}: {target_words(contract, level, t)}."
                + (f" {markdown_to_text(t.reason)}" if t.reason else "")
                for t in level.response_targets
            ),
            *(f"{upgrade_sentence(contract, u)}." for u in contract.upgrades_for(plan.id) if u.improves),
        ]
    )
    title = f"{plan.name} plan"
    return SearchDocument(
        ref=routes.service_level(plan.id),
        kind="plan",
        title=title,
        # The answer to "SLA" or "phone support", then what the plan costs.
        context="Service level",
        snippet=f"{service_answer(contract, plan)}. {price}".strip(),
        fields=_fields(
            title=title,
            tags=SERVICE_WORDS,
            summary=plan.summary,
            headings=" ".join(channel.name for channel in channels),
            body=body,
        ),
    )


def severities_document(contract: Contract, routes: Routes) -> SearchDocument:
    """What each severity means, found by "sev1", "outage" or "urgent"."""
    body = " ".join(f"{s.name}: {markdown_to_text(s.definition)}" for s in contract.severities)
    examples = " ".join(ex for s in contract.severities for ex in s.examples)
    first = contract.severities[0]
    return SearchDocument(
        ref=routes.severities(),
        kind="plan",
        title="Severity levels",
        context="Support scope",
        snippet=snippet(f"{first.name}: {markdown_to_text(first.definition)}"),
        fields=_fields(title="Severity levels", tags=SEVERITY_WORDS, examples=examples, body=body),
    )


def default_routes(contract: Contract) -> Routes:
    """The routes of a site with the default options: every plan under `scope/`."""
    return Routes.for_site("scope", (plan.id for plan in contract.plans))


def search_documents(
    contract: Contract, articles: Iterable[SearchableArticle], routes: Routes | None = None
) -> list[SearchDocument]:
    """Every searchable thing in the site, by ref (a page's sections after it), the same in every build."""
    return list(_documents_in_order(contract, articles, routes or default_routes(contract)))


def _documents_in_order(
    contract: Contract, articles: Iterable[SearchableArticle], routes: Routes
) -> Iterator[SearchDocument]:
    """`search_documents` one page at a time: an article's text is read from its HTML when its
    turn comes, so a caller that indexes each document and keeps what results show never
    holds every page's text at once.

    Pages are ordered by URL (a scope item, plan or the severities is a page of its own
    here, by its ref), a page's sections right after it by ref, so a page's documents are
    one run of positions.
    """
    pages: list[tuple[str, Callable[[], list[SearchDocument]]]] = [
        (article.url, partial(_article_documents_by_ref, article)) for article in articles
    ]
    others = [
        scope_item_document(contract, routes, area.id, area.name, item) for area in contract.areas for item in area.items
    ]
    others += [plan_document(contract, routes, plan) for plan in _shown_plans(contract, routes)]
    others.append(severities_document(contract, routes))
    pages += [(document.ref, partial(list, (document,))) for document in others]
    pages.sort(key=itemgetter(0))
    seen: set[str] = set()  # every ref given so far, on any page
    for _, documents_of in pages:
        documents = documents_of()
        refs = [document.ref for document in documents]
        if not seen.isdisjoint(refs) or len(set(refs)) < len(refs):
            duplicates = sorted({ref for ref, count in Counter(refs).items() if count > 1}.union(seen.intersection(refs)))
            raise ValueError(f"two search documents share a ref: {', '.join(duplicates)}")
        seen.update(refs)
        yield from documents


def _article_documents_by_ref(article: SearchableArticle) -> list[SearchDocument]:
    """The article, then its sections by ref."""
    documents = article_documents(article)
    documents[1:] = sorted(documents[1:], key=attrgetter("ref"))
    return documents


# --- Index ------------------------------------------------------------------------------


# lunr's tokenizer splits on whitespace and hyphens; the same separators, in one regex call.
_TOKEN_SEPARATORS = re.compile(r"[ \t\n\r\f\v\xa0-]+")
# For ASCII text, `normalise` and the split above in one byte translation: letters
# lowercased, digits and apostrophes kept, everything else a space. Except for the
# separators that are whitespace to `str.split` but not to lunr (\x1c-\x1f), which
# become \x1c and send the text the slow way.
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if chr(c).isalnum() or c == 39 else 28 if 28 <= c <= 31 else 32 for c in range(128)
) + bytes(range(128, 256))


def index_words(text: str) -> list[str]:
    """The words lunr's tokenizer finds in `normalise(text)`, in order (empty strings may be among them)."""
    if text.isascii():
        translated = text.encode("ascii").translate(_ASCII_WORDS)
        if b"\x1c" not in translated:
            return translated.decode("ascii").split()
    return _TOKEN_SEPARATORS.split(normalise(text))


# The steps lunr runs each word of a document through (`configure_builder`): each takes a
# token and returns it, changed, or None to drop it.
INDEX_PIPELINE = (trimmer, stop_word_filter, stemmer)


def _index_term(word: str) -> str:
    """The term the index pipeline makes of one word of `index_words`, "" for none: what
    `Pipeline.run` makes of one token, without a token object and a closure per step."""
    # lunr's trimmer, which keeps a word of word characters (str.isalnum's, as \w) as it is.
    trimmed = None if word.isalnum() else _TRIMMED.match(word)
    if trimmed is not None:
        word = trimmed.group(1)
    if word in STOP_WORDS:  # lunr's stop word filter
        return ""
    return _stem(word)  # `stemmer`


# What lunr's trimmer keeps of a word: the word characters between leading and trailing others.
_TRIMMED = re.compile(r"^\W*?([^\W]+)\W*?$")


class _Vocabulary(dict[str, int]):
    """Each word's term's position in the index, -1 for none (a stop word): looking up a word
    not seen before runs it through the index pipeline, and a new term gets the next
    position, so terms are numbered in order of first use, as lunr numbers them."""

    def __init__(self) -> None:
        super().__init__({"": -1})
        self.terms: dict[str, int] = {}

    def forget(self) -> None:
        """Drop the words, keeping the terms: what is added next learns its words again."""
        self.clear()
        self[""] = -1

    def __missing__(self, word: str) -> int:
        term = _index_term(word)
        position = self.terms.setdefault(term, len(self.terms)) if term else -1
        self[word] = position
        return position


class IndexBuilder:
    """What lunr's Builder makes for our fields and pipeline, built from whole documents.

    lunr.py tokenises character by character, runs every token through the pipeline and
    keeps a Counter, a Vector and a posting object per field of every document; a help
    center repeats the same few thousand words millions of times. This runs each distinct
    word through lunr's own pipeline once and keeps, per field and term, one compact array
    of (document, term frequency) pairs; lunr's BM25 weights are computed operation for
    operation from them when the index is written, term by term. `json()` is exactly
    `Builder.build().serialize()` as `_dump` writes it, without empty vectors and postings.
    A document's ref is its number, in order of adding.
    """

    def __init__(self) -> None:
        builder = configure_builder(Builder())
        self.search_pipeline = builder.search_pipeline
        self._k1: float = builder._k1
        self._b: float = builder._b
        self._names = [name for name, _ in FIELDS]
        self._words = _Vocabulary()
        self._index = self._words.terms
        # Per field: term index -> [document, frequency, document, frequency, ...], documents ascending.
        self._postings: list[dict[int, array[int]]] = [{} for _ in FIELDS]
        # Per field: each document's number of terms in it (0: the field is empty).
        self._lengths: list[array[int]] = [array("i") for _ in FIELDS]
        self._boosts = array("d")
        # The counts of one field's terms, cleared for the next.
        self._frequencies: Counter[int] = Counter()
        # Filled in by `_finish` once every document is in.
        self._field_norms: list[list[float]] = []
        self._doc_boosts: list[float] = []

    def add(self, fields: Mapping[str, str], boost: float = 1.0) -> int:
        """What `Builder.add` does for a document without term metadata; returns its ref (its number)."""
        ref = len(self._boosts)
        self._boosts.append(boost)
        position, frequencies = self._words.__getitem__, self._frequencies
        for postings, lengths, name in zip(self._postings, self._lengths, self._names, strict=True):
            text = fields.get(name)
            if not text:  # most documents leave most fields empty
                lengths.append(0)
                continue
            # Term positions counted in the order of first use, in which lunr numbers new terms.
            words = index_words(text)
            frequencies.clear()
            frequencies.update(map(position, words))
            # A word the pipeline drops (a stop word, or "" between separators) counts as -1.
            lengths.append(len(words) - frequencies.pop(-1, 0))
            for term, frequency in frequencies.items():
                found = postings.get(term)
                if found is None:
                    postings[term] = array("i", (ref, frequency))
                else:
                    found.append(ref)
                    found.append(frequency)
        return ref

    def _norms(self) -> list[list[float]]:
        """Per field, each document's BM25 length normalisation (lunr's k1 * (1 - b + b * length / average))."""
        k1, b, count = self._k1, self._b, len(self._boosts)
        norms = []
        for lengths in self._lengths:
            total = sum(lengths)  # 0: no document has words in the field, which nothing scores then
            average = total / count if total else 1
            norms.append([k1 * (1 - b + b * (length / average)) for length in lengths])
        return norms

    def _idf(self, with_term: int) -> float:
        """lunr's idf of a term in `with_term` (field, document) postings (a document counts once per field)."""
        x = (len(self._boosts) - with_term + 0.5) / (with_term + 0.5)
        return math.log(1 + abs(x))

    def _present(self, term_index: int) -> list[tuple[int, array[int]]]:
        """(field number, its postings) for each field that has the term."""
        return [(field, found) for field, postings in enumerate(self._postings) if (found := postings.get(term_index))]

    def _scores(self, idf: float, field: int, found: array[int], scale: int = 1) -> list[float]:
        """lunr's unrounded BM25 scores x scale of a term's postings in a field, operation for
        operation; the scale multiplies last, so a score x 1000 is lunr's score times 1000."""
        k1_plus_1, boosts, norms, field_boost = self._k1 + 1, self._doc_boosts, self._field_norms[field], FIELDS[field][1]
        return [
            idf * (k1_plus_1 * tf) / (norms[ref] + tf) * field_boost * boosts[ref] * scale
            for ref, tf in zip(found[0::2], found[1::2], strict=True)
        ]

    def _exact_weights(self, idf: float, field: int, found: array[int]) -> list[int]:
        """The postings' weights in thousandths as lunr's scores round them, operation for operation."""
        return [round(round(score, 3) * WEIGHT_SCALE) for score in self._scores(idf, field, found)]

    def _finish(self) -> None:
        """What scoring needs once every document is in: per-document lengths' norms, boosts as floats."""
        self._field_norms = self._norms()
        self._doc_boosts = self._boosts.tolist()

    def entries(self) -> tuple[list[str], list[int], list[int], list[str]]:
        """The terms sorted, and in that order each one's index, posting count and shard entry.

        The shard entry is the JSON text of [term index, field, [ref deltas], [weights in
        thousandths], field, ...] (`index_files`), written without making the list.

        A weight is lunr's score x 1000 rounded (`thousandths`). Where a term occurs once
        in a document's field, the score is idf x the document's `_unit` score in that
        field, a product whose float error is far below what could move a weight off its
        integer unless the score x 1000 is near a half; those take lunr's own operations.
        """
        self._finish()
        self._words.forget()
        units = self._units()
        # Which fields have each term, as bits: a term's postings are looked up in those only.
        # (An array, not a list per term: tens of thousands of new containers would set off
        # a full garbage collection over the whole build's objects.)
        masks = array("i", bytes(4 * len(self._index)))
        for bit, postings in enumerate(self._postings):
            for term_index in postings:
                masks[term_index] |= 1 << bit
        postings_of = self._postings
        numbers = _number_texts(len(self._boosts))
        text_of, largest = numbers.__getitem__, len(numbers)
        idfs: dict[int, float] = {}
        # Entries are made in the order of term indexes, in which the postings' arrays were
        # made, so their memory is read in order (10% faster than in the terms' order, the
        # order they are given out in); the entries' text is about the postings' size.
        entries: list[str] = []
        posting_counts = array("i")
        for term_index, mask in enumerate(masks):
            in_fields = _FIELDS_OF_MASK[mask]
            if len(in_fields) == 1:  # most terms
                found = postings_of[in_fields[0]][term_index]
                fields: Sequence[tuple[int, array[int]]] = ((in_fields[0], found),)
                with_term = len(found) // 2
            else:
                fields = [(field, postings_of[field][term_index]) for field in in_fields]
                with_term = sum(len(found) for _, found in fields) // 2
            idf = idfs.get(with_term)
            if idf is None:
                idf = idfs[with_term] = self._idf(with_term)
            entry = str(term_index)
            for field, found in fields:
                if len(found) == 2:
                    ref, tf = found
                    scaled = idf * units[field][ref] if tf == 1 else self._scores(idf, field, found, WEIGHT_SCALE)[0]
                    weight = round(scaled)
                    if abs(scaled - weight) > _NEAR_HALF or scaled > _LARGE:
                        weight = self._exact_weights(idf, field, found)[0]
                    entry += f",{field},[{ref}],[{weight}]"
                    continue
                refs = found[0::2]
                if found[1::2].count(1) * 2 == len(found):  # each document holds the term once
                    scaled_all = list(map(mul, repeat(idf), map(units[field].__getitem__, refs)))
                else:
                    scaled_all = self._scaled(idf, field, found, units[field])
                weights = thousandths(scaled_all)
                if weights is None:
                    weights = self._exact_weights(idf, field, found)
                deltas = ",".join(map(text_of, chain(refs[:1], map(sub, refs[1:], refs))))
                weight_text = text_of if max(weights) < largest else str
                entry += f",{field},[{deltas}],[{','.join(map(weight_text, weights))}]"
            entries.append(f"[{entry}]")
            posting_counts.append(with_term)
        terms = sorted(self._index)  # (str keys alone sort faster than (str, int) pairs)
        indexes = list(map(self._index.__getitem__, terms))
        return terms, indexes, list(map(posting_counts.__getitem__, indexes)), list(map(entries.__getitem__, indexes))

    def _scaled(self, idf: float, field: int, found: array[int], units: list[float]) -> list[float]:
        """The postings' scores x 1000: idf x the document's unit (`_units`) where it holds
        the term once, lunr's operations (`_scores`) where more often."""
        k1_plus_1, boosts, norms, field_boost = self._k1 + 1, self._doc_boosts, self._field_norms[field], FIELDS[field][1]
        return [
            idf * units[ref]
            if tf == 1
            else idf * (k1_plus_1 * tf) / (norms[ref] + tf) * field_boost * boosts[ref] * WEIGHT_SCALE
            for ref, tf in zip(found[0::2], found[1::2], strict=True)
        ]

    def _units(self) -> list[list[float]]:
        """Per field, each document's score x 1000 for a term it holds once there, before the term's idf."""
        k1_plus_1, boosts = self._k1 + 1, self._doc_boosts
        return [
            [k1_plus_1 / (norm + 1) * field_boost * boost * WEIGHT_SCALE for norm, boost in zip(norms, boosts, strict=True)]
            for norms, (_, field_boost) in zip(self._field_norms, FIELDS, strict=True)
        ]

    def vectors(self) -> Iterator[tuple[str, list[int | float]]]:
        """Each non-empty field's vector, in the order lunr adds them: [term index, weight, ...]."""
        self._finish()
        elements: list[dict[int, list[tuple[int, float]]]] = [{} for _ in FIELDS]
        for term_index in self._index.values():
            present = self._present(term_index)
            idf = self._idf(sum(len(found) for _, found in present) // 2)
            for field, found in present:
                for ref, score in zip(found[0::2], self._scores(idf, field, found), strict=True):
                    elements[field].setdefault(ref, []).append((term_index, round(score, 3)))
        for ref in range(len(self._boosts)):
            for field, name in enumerate(self._names):
                if self._lengths[field][ref]:
                    pairs = sorted(elements[field].pop(ref))
                    yield f"{name}{FieldRef.JOINER}{ref}", [number for pair in pairs for number in pair]

    def postings(self) -> Iterator[tuple[str, int, dict[str, list[str]]]]:
        """(term, its index, {field: refs}) for every term, sorted by term; refs in order of adding."""
        for term in sorted(self._index):
            term_index = self._index[term]
            yield term, term_index, {
                name: [str(ref) for ref in found[0::2]]
                for name, postings in zip(self._names, self._postings, strict=True)
                if (found := postings.get(term_index))
            }

    def write(self, out: TextIO) -> None:
        """The serialized index as `_dump` writes it (sorted keys, no spaces), written piece by
        piece, so neither the serialized dict and its hundreds of thousands of objects nor
        the whole text is ever held in memory.
        """
        write = out.write
        write('{"fieldVectors":[')
        separator = ""
        for field_ref, elements in self.vectors():
            write(f'{separator}["{field_ref}",[{",".join(map(repr, elements))}]]')
            separator = ","
        write(f'],"fields":{_dump(self._names)},"invertedIndex":[')
        separator = ""
        for term, index, refs in self.postings():
            write(f'{separator}[{_dump(term)},{{"_index":{index}')
            for name in sorted(refs):
                write(f',"{name}":{{')
                write(",".join(f'"{ref}":{{}}' for ref in sorted(refs[name])))
                write("}")
            write("}]")
            separator = ","
        pipeline = _dump(self.search_pipeline.serialize())
        write(f'],"pipeline":{pipeline},"version":{_dump(__TARGET_JS_VERSION__)}}}')

    def json(self) -> str:
        """What `write` writes, as text."""
        out = io.StringIO()
        self.write(out)
        return out.getvalue()


def configure_builder(builder: Builder) -> Builder:
    """A lunr builder with our pipeline, fields and boosts."""
    builder.pipeline.add(*INDEX_PIPELINE)
    builder.search_pipeline.add(stemmer)
    # Term positions are only for highlighting by offset; results are highlighted by
    # matching words instead, and positions would double the index.
    builder.metadata_whitelist = []
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    return builder


def index_builder(documents: Sequence[SearchDocument]) -> IndexBuilder:
    """The lunr index of the documents, without what the browser never reads.

    A field a document leaves empty has an empty vector that no query ever looks up, since
    lookups start from the postings of terms the field contains. Most terms occur in one or
    two of the eight fields; the empty postings of the others were most of the inverted
    index and a heap object each in the browser, which puts back one shared empty posting
    on loading (`restore_postings`, search-ui/engine.js).
    """
    builder = IndexBuilder()
    # A document's lunr ref is its position in the document list: a few digits in every
    # posting instead of a page URL, which made up most of the index.
    for document in documents:
        builder.add(document.fields, document.boost)
    return builder


def index_json(documents: Sequence[SearchDocument]) -> str:
    """The serialized lunr index as JSON text (`build_index` as `_dump` writes it)."""
    return index_builder(documents).json()


def build_index(documents: Sequence[SearchDocument]) -> dict[str, Any]:
    """The serialized lunr index (`index_json`) as a dict."""
    builder = index_builder(documents)
    return {
        "version": __TARGET_JS_VERSION__,
        "fields": [name for name, _ in FIELDS],
        "fieldVectors": [[field_ref, elements] for field_ref, elements in builder.vectors()],
        "invertedIndex": [
            [term, {"_index": index, **{name: dict.fromkeys(refs, {}) for name, refs in fields.items()}}]
            for term, index, fields in builder.postings()
        ],
        "pipeline": builder.search_pipeline.serialize(),
    }


# --- Files ------------------------------------------------------------------------------
#
# The browser never loads the whole index. lunr scores a document as
# dot(query vector, field vector) / |query vector|, so only the field-vector entries of the
# query's own terms count: the postings of those terms, each with its field-vector weight
# and the term's index in the vectors, make a partial lunr index that ranks exactly like the
# whole one. The build writes the postings in shards of consecutive terms; the browser fetches
# the shards a query's terms are in and lets lunr.js run the query on what they hold.

# A shard closes once its JSON reaches this many characters; a term with more postings
# than that has a shard of its own.
SHARD_CHARS = 24_000
# Result chunks hold whole pages (an article and its sections) of about this many documents.
CHUNK_DOCS = 32
KIND_CODES: dict[str, str] = {"article": "a", "section": "s", "scope": "c", "plan": "p"}
# Stored scores are lunr's, rounded to 3 decimals: written as thousandths, the same number
# comes back in both languages (n / 1000 is the double nearest to the decimal).
WEIGHT_SCALE = 1000


# A frequency class's letter by the posting count's bit length ("a" for 1, "b" for 2-3...).
_CLASS_LETTERS = "".join(chr(ord("a") + length - 1) for length in range(64))


def frequency_class(postings: int) -> str:
    """One letter per term for how many (field, document) postings it has, by powers of two.

    The browser ranks a typed prefix's completions by it (`generator.search_query.completions`)
    before it has fetched any shard.
    """
    return _CLASS_LETTERS[postings.bit_length()]


def thousandths(scaled: list[float]) -> list[int] | None:
    """Scores x 1000 rounded as `round(round(score, 3) * 1000)` rounds lunr's scores, or None.

    Both roundings give the integer nearest to score x 1000 (the second only undoes the
    decimal's binary error), which rounding score x 1000 finds too unless score x 1000 is
    within the multiplication's rounding error of a half: for those (None), the caller
    takes the exact way. `round(x, 3)` converts through decimal digits and costs five
    times as much. `scaled` may also be computed in another order than lunr's: a few
    units in the last place of a value below `_LARGE` are far less than `_NEAR_HALF`'s margin.
    """
    weights = list(map(round, scaled))
    if weights and (max(scaled) > _LARGE or max(map(abs, map(sub, scaled, weights))) > _NEAR_HALF):
        return None
    return weights


# A score x 1000 this near a half, or this large, is rounded the exact way (`thousandths`).
_NEAR_HALF = 0.4999
_LARGE = 1e9


# The field numbers whose bits are set in a mask of `len(FIELDS)` bits.
_FIELDS_OF_MASK = [tuple(field for field in range(len(FIELDS)) if mask >> field & 1) for mask in range(1 << len(FIELDS))]


def _number_texts(count: int) -> list[str]:
    """The decimal text of 0, 1, ..., at least `count` - 1 (and of the usual weights), made once per index."""
    return list(map(str, range(max(count, 1 << 15))))


def index_files(builder: IndexBuilder, routes: Routes) -> Iterator[tuple[str, str]]:
    """The shards, then index.json (vocabulary, frequency classes, shard starts): (site-relative URL, text).

    Each term's entry comes from the builder as text; each shard's text is made as it is written.
    """
    terms, _, postings, entries = builder.entries()
    # A shard takes the terms after its first while its text ("[" entry,entry... "]") stays
    # within SHARD_CHARS: with ends[n] the length of the first n entries and a comma each,
    # up to the last term whose end is within SHARD_CHARS + 1 of the shard's start.
    ends = list(accumulate(map(add, map(len, entries), repeat(1)), initial=0))
    starts: list[int] = []
    start = 0
    while start < len(entries):
        end = max(start + 1, bisect_right(ends, ends[start] + SHARD_CHARS + 1) - 1)
        yield f"{routes.search_terms()}/{len(starts)}.json", "[" + ",".join(entries[start:end]) + "]"
        starts.append(start)
        start = end
    classes = "".join(map(_CLASS_LETTERS.__getitem__, map(int.bit_length, postings)))
    header = {
        "fields": [name for name, _ in FIELDS],
        "pipeline": builder.search_pipeline.serialize(),
        "version": __TARGET_JS_VERSION__,
    }
    yield routes.search_index(), _dump(
        {**header, "terms": terms, "classes": classes, "shards": starts, "folder": routes.search_terms()}
    )


def _result_entry(document: SearchDocument) -> dict[str, Any]:
    """What a result shows. A section leaves out what its article's entry says (URL, context)."""
    if document.kind == "section":
        return {"t": document.title, "a": document.ref.split("#", 1)[1], "x": document.snippet}
    entry: dict[str, Any] = {"t": document.title, "u": document.ref, "s": document.context, "x": document.snippet}
    if document.coverage is not None:
        entry["c"] = {plan: list(detail) for plan, detail in document.coverage.items()}
    return entry


def site_payload(contract: Contract, routes: Routes) -> dict[str, Any]:
    """What any engine's interface needs besides results: plans, the channels a "no results"
    message offers, status labels, and the scope and search pages' URLs (from `routes`)."""

    def channels_of(plan_id: str) -> list[dict[str, str | None]]:
        level = contract.service_level(plan_id)
        return [{"name": contract.channel(c).name, "url": contract.channel(c).url} for c in level.channels]

    plans = _shown_plans(contract, routes)
    everywhere = set.intersection(*(set(contract.service_level(plan.id).channels) for plan in plans))
    common = [c for c in contract.service_level(plans[0].id).channels if c in everywhere]
    return {
        "plans": [{"id": plan.id, "name": plan.name, "url": routes.plan(plan.id)} for plan in plans],
        "channels": {plan.id: channels_of(plan.id) for plan in plans},
        "common": [{"name": contract.channel(c).name, "url": contract.channel(c).url} for c in common],
        "labels": dict(STATUS_LABEL),
        "scope": routes.overview(),
        "search": routes.search(),
    }


def documents_files(
    contract: Contract, routes: Routes, documents: Sequence[SearchDocument]
) -> Iterator[tuple[str, str]]:
    """docs.json (each document's kind, chunk starts, `site_payload`) and the result chunks.

    Every URL in them comes from `routes`; the browser builds no URL of its own but a
    section's, from its article's URL and the section's anchor.
    """
    starts: list[int] = []
    for position, document in enumerate(documents):
        if document.kind != "section" and (not starts or position - starts[-1] >= CHUNK_DOCS):
            starts.append(position)
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(documents)], strict=True)):
        yield f"{routes.search_results()}/{number}.json", _dump([_result_entry(d) for d in documents[start:end]])
    yield routes.search_docs(), _dump(
        {
            "kinds": "".join(KIND_CODES[document.kind] for document in documents),
            "chunks": starts,
            "folder": routes.search_results(),
            # The plan-kind documents' URLs, so the chosen plan's answer goes first before
            # any chunk is fetched.
            "planDocs": {str(n): d.ref for n, d in enumerate(documents) if d.kind == "plan"},
            **site_payload(contract, routes),
        }
    )


def _dump(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def search_files(
    contract: Contract, article_records: Iterable[SearchableArticle], routes: Routes | None = None
) -> dict[str, str]:
    """Every search data file of the site, by site-relative URL; the same input gives the same bytes."""
    return dict(_search_files(contract, article_records, routes or default_routes(contract)))


# How many documents are read before they are indexed (`_search_files`).
INDEX_RUN = 1024
# The fields of a document once indexed (one mapping for all: a dict each is a heap object each).
_NOT_KEPT: Mapping[str, str] = MappingProxyType({})


def _search_files(
    contract: Contract, article_records: Iterable[SearchableArticle], routes: Routes
) -> Iterator[tuple[str, str]]:
    builder = IndexBuilder()
    shown: list[SearchDocument] = []
    documents = _documents_in_order(contract, article_records, routes)
    # Read a run of pages, then index it: the index's tables stay in the processor's cache
    # for a run of documents instead of one (about 5% faster than one by one), and only a
    # run's text is held at once.
    while run := list(islice(documents, INDEX_RUN)):
        for document in run:
            builder.add(document.fields, document.boost)
            # Indexed: what results show is all that is kept of it. The document was made for
            # this loop alone, so its text is dropped in place (a copy costs 5 us a document).
            object.__setattr__(document, "fields", _NOT_KEPT)
        shown += run
    yield from index_files(builder, routes)
    del builder
    yield from documents_files(contract, routes, shown)


def lunr_js_source() -> Path:
    """lunr.js as shipped inside the installed MkDocs package."""
    located = resources.files("mkdocs.contrib.search") / "templates" / "search" / "lunr.js"
    return Path(str(located))


def write_search_index(
    contract: Contract, article_records: Iterable[SearchableArticle], site_dir: Path, routes: Routes | None = None
) -> None:
    """Write the search data and lunr.js where `routes` says they live."""
    routes = routes or default_routes(contract)
    for folder in (SEARCH_DIR, routes.search_terms(), routes.search_results()):
        (site_dir / folder).mkdir(parents=True, exist_ok=True)
    # Each file as soon as it is made: the whole index's text is never held at once.
    for url, text in _search_files(contract, article_records, routes):
        (site_dir / url).write_text(text, encoding="utf-8")
    shutil.copyfile(lunr_js_source(), site_dir / routes.lunr_js())
    # What the browser fetches before search is ready: every query needs these; the shards
    # of the query's terms and the chunks of the results it shows come on top.
    first = [routes.lunr_js(), routes.search_index(), routes.search_docs()]
    listing = "".join(f"{posixpath.relpath(url, SEARCH_DIR)}\n" for url in first)
    (site_dir / routes.search_first_query()).write_text(listing, encoding="utf-8")
