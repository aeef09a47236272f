"""Load YAML safely, keeping the line and column of every key and value.

PyYAML's composer gives us a node graph with marks; we turn it into plain Python data
ourselves so that we control what is allowed: only the core tags, no duplicate keys, no
merge keys, a bounded number of values after alias expansion, and dates kept as the text
the writer typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .errors import Problem, ScopeError
from .source_files import MAX_FILE_BYTES, read_source, too_large
from .source_files import display_path as display_path  # re-exported: where paths are shown

# Values after alias expansion: far above any real contract, far below a memory problem.
MAX_VALUES = 200_000
MAX_DEPTH = 64
# A text shorter than this has fewer values than MAX_VALUES and nests less deep than
# Python's recursion limit, however it is written (each value or level takes a character).
_SMALL_TEXT = 500

PathKey = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
# libyaml parses about five times faster and keeps the same marks; fall back when absent.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class Positions:
    """Where each part of a loaded document was written."""

    marks: Mapping[PathKey, Mark]
    key_marks: Mapping[PathKey, Mark]
    raw: Mapping[PathKey, str]  # the text typed for each scalar value


class SourceDoc:
    """One loaded YAML document: its data and where each part of it was written.

    Positions are read only to word a problem, so a document read by the fast path
    (`_fast_load`) finds them when first asked, by parsing its text again with marks.
    """

    __slots__ = ("path", "data", "_positions", "_text", "_starts", "_strings", "safe_load_agrees")

    def __init__(
        self,
        path: str,
        data: Any,
        positions: Positions | None = None,
        *,
        text: str | None = None,
        starts: Mapping[PathKey, tuple[int, int]] | None = None,
        safe_load_agrees: bool = False,
    ) -> None:
        """positions, or the text to find them in and where each mapping starts (exactly
        as positions would place them): a scope entry's line is asked for every entry.

        safe_load_agrees: data is what yaml.safe_load reads from the text too (no dates, no
        keys it reads as numbers or true/false), as MkDocs reads front matter.
        """
        assert positions is not None or text is not None
        self.path = path
        self.data = data
        self._positions = positions
        self._text = text
        self._starts = starts
        self._strings: list[tuple[PathKey, str]] | None = None
        self.safe_load_agrees = safe_load_agrees

    def __repr__(self) -> str:
        return f"SourceDoc(path={self.path!r}, data={self.data!r})"

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            assert self._text is not None
            self._positions = _load_with_marks(self._text, self.path)._positions
            self._text = self._starts = None
        assert self._positions is not None
        return self._positions

    @property
    def marks(self) -> Mapping[PathKey, Mark]:
        return self.positions.marks

    @property
    def key_marks(self) -> Mapping[PathKey, Mark]:
        return self.positions.key_marks

    @property
    def raw(self) -> Mapping[PathKey, str]:
        return self.positions.raw

    def strings(self) -> Iterator[tuple[PathKey, str]]:
        """Every text value in the document with its path, in document order."""
        if self._strings is None:
            found: list[tuple[PathKey, str]] = []
            _gather_strings(self.data, (), found)
            self._strings = found  # read by several checks: walked once
        return iter(self._strings)

    def error(self, path: PathKey, message: str, hint: str, code: str) -> Problem:
        """An error located at the value at path."""
        mark = self.mark(path)
        return Problem(self.path, mark.line, mark.column, message, hint, "error", code)

    def mark(self, path: PathKey, *, key: bool = False) -> Mark:
        """Where the value (or, with key=True, the key) at path was written.

        Falls back to the nearest enclosing value when path does not exist, so that a
        "missing key" problem points at the mapping that lacks it.
        """
        if not key and self._starts is not None:
            start = self._starts.get(tuple(path))
            if start is not None:
                return Mark(*start)
        positions = self.positions
        if key and path in positions.key_marks:
            return positions.key_marks[path]
        marks = positions.marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return marks[probe]
            probe = probe[:-1]
        return marks.get((), Mark(1, 1))


def _gather_strings(value: Any, path: PathKey, found: list[tuple[PathKey, str]]) -> None:
    # Loaded documents nest at most MAX_DEPTH deep: far within Python's recursion limit.
    if isinstance(value, str):
        found.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _gather_strings(item, (*path, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _gather_strings(item, (*path, index), found)


def load_yaml_file(path: Path) -> SourceDoc:
    """Read and parse one YAML file; raise ScopeError for anything unusable."""
    return load_yaml_bytes(read_source(path), display_path(path))


def load_yaml_bytes(data: bytes, shown: str) -> SourceDoc:
    """Parse YAML bytes that came from the file named shown."""
    if len(data) > MAX_FILE_BYTES:
        raise ScopeError([too_large(shown, len(data))])
    text = decode_utf8(data, shown)
    return load_yaml_text(text, shown)


def decode_utf8(data: bytes, shown: str) -> str:
    """data as text; a ScopeError at the line and column of the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScopeError.at(
            shown,
            line,
            column,
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8 (most editors have an 'encoding' menu)",
            "encoding",
        ) from None
    if "\0" in text:
        # Valid UTF-8 all the same: UTF-16 without a byte order mark, or a binary file.
        at = text.index("\0")
        raise ScopeError.at(
            shown,
            text.count("\n", 0, at) + 1,
            at - (text.rfind("\n", 0, at) + 1) + 1,
            "the file holds NUL bytes: it is not UTF-8 text",
            "save it as UTF-8 (UTF-16 files, which some Windows tools write, and binary files hold them)",
            "encoding",
        )
    return text


def load_yaml_text(text: str, shown: str) -> SourceDoc:
    """Parse YAML text into a SourceDoc."""
    fast = _fast_load(text)
    if fast is not None:
        return SourceDoc(shown, fast[0], text=text, starts=fast[1], safe_load_agrees=fast[2])
    return _load_with_marks(text, shown)


def _load_with_marks(text: str, shown: str) -> SourceDoc:
    """text parsed by libyaml (or PyYAML), every value's position recorded; ScopeError when unusable."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, shown, text) from None
    except yaml.YAMLError as exc:
        found = _UNPRINTABLE.search(text) if isinstance(exc, yaml.reader.ReaderError) else None
        if found is not None:
            raise _unprintable(text, found.start(), shown) from None
        raise ScopeError.at(shown, 1, 1, f"YAML error: {exc}", code="yaml") from None
    except RecursionError:
        raise ScopeError.at(shown, 1, 1, "the YAML is nested too deeply", "flatten the structure", "yaml") from None
    if node is None:
        raise ScopeError.at(
            shown,
            1,
            1,
            "file is empty",
            "add at least one section (see docs/contract-format.md) or delete the file",
            "empty",
        )
    builder = _Builder(shown)
    # Without an anchor (`&`) nothing repeats, and a short text can neither nest deep enough
    # to exhaust Python's recursion nor hold MAX_VALUES values: most front matter.
    if "&" not in text and len(text) < _SMALL_TEXT:
        return _built(builder, node)
    try:
        size = _expanded_size(node, {})
    except RecursionError:
        raise builder._fail(node, "the YAML is nested too deeply", "flatten the structure") from None
    if size > MAX_VALUES:
        raise builder._fail(
            node,
            f"the document expands to more than {MAX_VALUES:,} values",
            "this usually means anchors and aliases (&name / *name) refer to each other "
            "many times over; write the values out instead",
            "too-large",
        )
    return _built(builder, node)


def _built(builder: _Builder, node: Node) -> SourceDoc:
    value = builder.build(node, (), 0)
    return SourceDoc(builder.shown, value, Positions(builder.marks, builder.key_marks, builder.raw))


# What YAML refuses to read anywhere in a file, quoted or not: all but YAML 1.1's printable set.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _unprintable(text: str, at: int, shown: str) -> ScopeError:
    """The character at `at`, which YAML refuses, at its line and column, with what to do about it."""
    char = text[at]
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    if "\x80" <= char <= "\x9f":
        hint = "a Windows-1252 character (’ “ ” – …) was read as Latin-1 where it was pasted: type it again"
    else:
        hint = "delete it: most editors do not show it (it often comes with text pasted from Word or a PDF)"
    message = f"the invisible control character U+{ord(char):04X} is not allowed in YAML"
    return ScopeError.at(shown, line, column, message, hint, "yaml")


def _syntax_error(exc: yaml.MarkedYAMLError, shown: str, text: str) -> ScopeError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = exc.problem or "invalid YAML"
    hint = "check the indentation and quoting on this line and the one above"
    lines = text.splitlines()
    this_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in this_line[: len(this_line) - len(this_line.lstrip())] or "'\\t'" in problem:
        problem = "a tab character is used for indentation"
        hint = "YAML indentation must use spaces: replace the tab with spaces"
    elif "another document" in f"{exc.problem} {exc.context}":
        problem = "the file holds more than one YAML document (a second `---`)"
        hint = "keep one document per file; split the rest into another file"
    elif "maximum nesting depth" in problem:
        # PyYAML 6.0.3+ stops deep nesting in its scanner before our own depth guard sees it.
        return ScopeError.at(shown, line, column, "the YAML is nested too deeply", "flatten the structure", "yaml")
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    if "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, e.g. title: \"Note: ...\""
    return ScopeError.at(shown, line, column, f"YAML syntax error: {problem}", hint, "yaml")


def _expanded_size(node: Node, sizes: dict[int, int]) -> int:
    """How many values node becomes once aliases are expanded, without expanding them."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = 1  # a self-referencing alias counts once; the builder refuses the depth
    total = 1
    stack: list[Node] = []
    if isinstance(node, MappingNode):
        stack = [child for pair in node.value for child in pair]
    elif isinstance(node, SequenceNode):
        stack = list(node.value)
    for child in stack:
        total += _expanded_size(child, sizes)
        if total > MAX_VALUES:
            break
    sizes[id(node)] = total
    return total


class _Builder:
    """Turns composed nodes into Python values, recording marks as it goes."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.count = 0
        self.marks: dict[PathKey, Mark] = {}
        self.key_marks: dict[PathKey, Mark] = {}
        self.raw: dict[PathKey, str] = {}
        self.constructor = SafeConstructor()

    def _fail(self, node: Node, message: str, hint: str = "", code: str = "yaml") -> ScopeError:
        mark = node.start_mark
        return ScopeError.at(self.shown, mark.line + 1, mark.column + 1, message, hint, code)

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self._fail(
                node,
                f"the document expands to more than {MAX_VALUES:,} values",
                "this usually means anchors and aliases (&name / *name) refer to each other "
                "many times over; write the values out instead",
                "too-large",
            )
        if depth > MAX_DEPTH:
            raise self._fail(node, "the YAML is nested too deeply", "flatten the structure")
        # Aliases make one node appear at several paths; only the first keeps its mark.
        self.marks.setdefault(path, Mark(node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG + "seq":
                raise self._tag_error(node)
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, path)

    def _tag_error(self, node: Node) -> ScopeError:
        return self._fail(
            node,
            f"the YAML tag `{node.tag.replace(_TAG, '!!')}` is not allowed",
            "remove the tag: scope files hold plain text, numbers, lists and mappings",
        )

    def _mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            raise self._tag_error(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _TAG + "merge":
                if isinstance(key_node, ScalarNode):
                    raise self._fail(
                        key_node,
                        "merge keys (`<<:`) are not supported",
                        "write the keys out in full",
                    )
                raise self._fail(key_node, "a mapping key must be plain text")
            key = key_node.value
            if key in result:
                first = self.key_marks[(*path, key)]
                raise self._fail(
                    key_node,
                    f"duplicate key `{key}` (first given on line {first.line})",
                    "remove one of them; YAML would silently keep only the last",
                    "duplicate-key",
                )
            self.key_marks[(*path, key)] = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self._tag_error(node)
        self.raw[path] = node.value
        return _scalar_value(node, self.constructor)


def _scalar_value(node: ScalarNode, constructor: SafeConstructor) -> Any:
    """The value of a scalar whose tag is one of _SCALAR_TAGS."""
    if node.tag in (_TAG + "str", _TAG + "timestamp"):
        # Dates stay as the text typed (YYYY-MM-DD); the schema checks their form.
        return node.value
    if node.tag == _TAG + "null":
        return None
    try:
        return constructor.construct_object(node)
    except (yaml.YAMLError, ValueError):
        return node.value


# The fast path --------------------------------------------------------------------------------
#
# Most scope files and front matter are block mappings and lists of one-line values. For
# those, a line-by-line reading gives the very data libyaml and _Builder give, several
# times faster and without recording positions (a problem asks for them, see SourceDoc).
# Anything else, or anything in doubt, is _UNSURE and goes the full way: flow style,
# anchors, tags, block scalars, quotes with escapes, values over several lines, comments
# after a value, a second document, tabs, characters YAML reads as line breaks.

# Characters outside YAML's printable set, tabs, carriage returns and the characters YAML
# also reads as line breaks or byte-order marks: any of them sends a text the full way.
_NOT_PLAIN_TEXT = re.compile(r"[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]|[\u2028\u2029]")
# A key libyaml reads as plain text (at most 1,024 characters: longer implicit keys are errors).
_KEY_LINE = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]{0,200}):(?: +(.*))?")
# An entry of a one-line flow list the fast path reads: plain words, no indicator inside.
_FLOW_ENTRY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9 _./()+-]*")
# First characters of a plain scalar that mean something else (or may: `-5`, `- x`, `? x`).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_RESOLVER = Resolver()
# Plain scalars whose first character no implicit resolver reads are text.
_RESOLVED_FIRST = frozenset(key for key in Resolver.yaml_implicit_resolvers if key)
_FAST_PATH_READY = None not in Resolver.yaml_implicit_resolvers and not Resolver.yaml_path_resolvers
# Letters whose only implicit resolvers are YAML 1.1's true/false and null words (yes, Off,
# NULL...): a plain scalar starting with one of them and holding a space is text.
_WORD_FIRST = frozenset(
    key
    for key, resolvers in Resolver.yaml_implicit_resolvers.items()
    if key and key.isalpha() and all(tag in (_TAG + "bool", _TAG + "null") for tag, _ in resolvers)
)


class _Unsure(Exception):
    """The fast path cannot vouch for this text."""


def _fast_load(text: str) -> tuple[Any, dict[PathKey, tuple[int, int]], bool] | None:
    """text's data, where each of its mappings starts and whether yaml.safe_load reads the
    same data, when text is in the subset read line by line; else None."""
    if not _FAST_PATH_READY or not _plain_text(text):
        return None
    lines: list[tuple[int, str, int]] = []  # (indent, content, line number)
    raw = text.split("\n")
    for number, line in enumerate(raw, 1):
        content = line.lstrip(" ")
        if content and content[0] != "#":  # blank lines and whole-line comments say nothing
            lines.append((len(line) - len(content), content.rstrip(" "), number))
    if lines and lines[0][:2] == (0, "---"):
        del lines[0]
    if not lines:
        return None
    reader = _LineReader(lines, raw)
    try:
        value = reader.node(lines[0][0], 0, ())
    except _Unsure:
        return None
    if reader.at != len(lines) or reader.count > MAX_VALUES // 2:
        return None
    return value, reader.starts, reader.safe_load_agrees


def _plain_text(text: str) -> bool:
    """Whether text holds none of the characters _NOT_PLAIN_TEXT names."""
    if text.isascii():  # then printable means exactly \x20-\x7e, and a scan in C says so
        return text.replace("\n", "").isprintable()
    return _NOT_PLAIN_TEXT.search(text) is None


def _is_item(content: str) -> bool:
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


class _LineReader:
    """Reads (indent, content, line number) lines as YAML's block style does, for the fast path's subset."""

    def __init__(self, lines: list[tuple[int, str, int]], raw: list[str]) -> None:
        self.lines = lines
        self.raw = raw  # the text's lines as written, for literal block scalars
        self.at = 0
        self.count = 0
        self.constructor = SafeConstructor()
        # (line, column) of each mapping, as libyaml marks it: at its first key.
        self.starts: dict[PathKey, tuple[int, int]] = {}
        # Whether yaml.safe_load reads the same data: no dates, no keys read as other types.
        self.safe_load_agrees = True

    def node(self, indent: int, depth: int, path: PathKey) -> Any:
        """The block node whose first line (at self.at) is indented indent."""
        self.count += 1
        if depth > MAX_DEPTH // 2 or self.count > MAX_VALUES // 2:
            raise _Unsure
        if _is_item(self.lines[self.at][1]):
            return self._sequence(indent, depth, path)
        self.starts[path] = (self.lines[self.at][2], indent + 1)
        return self._mapping(indent, depth, path)

    def _deeper(self, indent: int) -> bool:
        return self.at < len(self.lines) and self.lines[self.at][0] > indent

    def _child(self, indent: int, depth: int, path: PathKey, same_indent_list: bool) -> Any:
        """The value under a key or item with nothing after it on its line."""
        if self._deeper(indent):
            return self.node(self.lines[self.at][0], depth, path)
        if same_indent_list and self.at < len(self.lines):
            here, content, _ = self.lines[self.at]
            if here == indent and _is_item(content):  # `key:` then `- x` lines at the key's indent
                return self.node(indent, depth, path)
        self.count += 1
        return None

    def _mapping(self, indent: int, depth: int, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        lines = self.lines
        while self.at < len(lines) and lines[self.at][0] == indent:
            match = _KEY_LINE.fullmatch(lines[self.at][1])
            if match is None:
                raise _Unsure
            key, rest = match.groups()
            if key in result:
                raise _Unsure  # a duplicate key is an error, worded by the full path
            if key[0] in _RESOLVED_FIRST and _key_tag(key) != _TAG + "str":
                self.safe_load_agrees = False  # safe_load's key is a number, true/false or null
            number = lines[self.at][2]
            self.at += 1
            if rest:
                self.count += 1
                result[key] = self._value(rest, indent, number)
                if self._deeper(indent):  # the value goes on over the next lines
                    raise _Unsure
            else:
                result[key] = self._child(indent, depth + 1, (*path, key), True)
        if self._deeper(indent):
            raise _Unsure
        return result

    def _sequence(self, indent: int, depth: int, path: PathKey) -> list[Any]:
        result: list[Any] = []
        lines = self.lines
        while self.at < len(lines) and lines[self.at][0] == indent and _is_item(lines[self.at][1]):
            _, content, number = lines[self.at]
            rest = content[1:].lstrip(" ")
            if not rest:
                self.at += 1
                result.append(self._child(indent, depth + 1, (*path, len(result)), False))
            elif _is_item(rest) or _KEY_LINE.fullmatch(rest):
                # `- key: value` or `- - x`: a block that starts on the item's own line.
                column = indent + len(content) - len(rest)
                lines[self.at] = (column, rest, number)
                result.append(self.node(column, depth + 1, (*path, len(result))))
            else:
                self.at += 1
                self.count += 1
                result.append(self._value(rest, indent, number))
                if self._deeper(indent):
                    raise _Unsure
        if self._deeper(indent):
            raise _Unsure
        return result

    def _value(self, text: str, indent: int, number: int) -> Any:
        """The value written after `key: ` or `- ` on line number, in a block indented indent."""
        if text == "|" or text == "|-":
            return self._literal(indent, number, keep_last_break=text == "|")
        if text[0] == "[" and text[-1] == "]":
            return self._flow_list(text[1:-1])
        return self._scalar(text)

    def _literal(self, indent: int, number: int, keep_last_break: bool) -> str:
        """A `|` (or `|-`) block scalar whose header ends line number: its lines as written.

        Taken when its first line holds text indented past indent, no line holding only
        spaces has more of them than the block's indentation, and the text ends with a
        line break: YAML's rules for anything else are left to libyaml.
        """
        raw = self.raw
        at = number  # raw[number] is the line after the header
        first = raw[at] if at < len(raw) else ""
        block = len(first) - len(first.lstrip(" "))
        if block <= indent or block == len(first):
            raise _Unsure
        kept: list[str] = []
        while at < len(raw):
            line = raw[at]
            if line.strip(" "):
                if len(line) - len(line.lstrip(" ")) < block:
                    break
                kept.append(line[block:])
            elif len(line) > block:
                raise _Unsure
            else:
                kept.append("")
            at += 1
        if at == len(raw) and raw[-1]:
            raise _Unsure  # the text ends inside the block, without a line break
        while not kept[-1]:
            kept.pop()  # clip and strip both drop the trailing empty lines
        while self.at < len(self.lines) and self.lines[self.at][2] <= at:
            self.at += 1  # the block's lines, read above
        return "\n".join(kept) + ("\n" if keep_last_break else "")

    def _flow_list(self, inner: str) -> list[Any]:
        """`[a, b]` on one line, each entry a plain word or words."""
        if not inner.strip(" "):
            return []
        items = []
        for part in inner.split(","):
            item = part.strip(" ")
            if _FLOW_ENTRY.fullmatch(item) is None:
                raise _Unsure
            self.count += 1
            items.append(self._scalar(item))
        return items

    def _scalar(self, text: str) -> Any:
        first = text[0]
        if first == "'" or first == '"':
            # One-line quotes without escapes: the text between them, always a string.
            body = text[1:-1]
            if len(text) < 2 or text[-1] != first or first in body or "\\" in body:
                raise _Unsure
            return body
        if first in _INDICATORS or ": " in text or text[-1] == ":" or " #" in text:
            raise _Unsure
        if first not in _RESOLVED_FIRST or (first in _WORD_FIRST and " " in text):
            return text
        tag = _resolved_tag(text)
        if tag not in _SCALAR_TAGS:
            raise _Unsure
        value = _scalar_value(ScalarNode(tag, text), self.constructor)
        if tag == _TAG + "timestamp" or (tag != _TAG + "str" and isinstance(value, str)):
            self.safe_load_agrees = False  # safe_load reads a date, or refuses the value
        return value


@lru_cache(maxsize=1024)
def _key_tag(key: str) -> str:
    """_resolved_tag of a mapping key: documents repeat the same few keys."""
    return _resolved_tag(key)


def _resolved_tag(text: str) -> str:
    """The tag libyaml's composer gives a plain scalar."""
    tag: str = _RESOLVER.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag
