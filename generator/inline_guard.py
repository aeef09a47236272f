"""Skip Python-Markdown's inline patterns where they cannot match.

Python-Markdown's inline step tries every inline pattern (links, emphasis, code spans,
entities, escapes...) on every piece of text in a page, one regular expression after the
other, even when the text is plain words. On help-center articles four pieces of text in
five are plain words, and those tries are about a sixth of a build.

Every pattern's regular expression is read once: `required_texts` finds texts of which at
least one is in anything the expression can match (`[` for a link, `*` or `_` for emphasis,
`&` for an entity). Then:

- a piece of text that holds none of the texts of any pattern cannot be changed by the
  inline step, so it is returned as it is without trying the patterns;
- a pattern is tried on the rest of a piece of text only when one of its own texts is there.

The result is the same as Python-Markdown's in every case. A pattern whose expression gives
no such text (or cannot be read) is always tried, and then the first shortcut is off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

# CPython's own reader of regular expressions (Python 3.11 on, our oldest Python).
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

import markdown
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString

# The name Python-Markdown's InlineProcessor calls itself by for each piece of text (a
# private method; without it and the next one the guard stays off).
_HANDLE = "_InlineProcessor__handleInline"
# ... and the one it calls to try one pattern from a place in the text on.
_APPLY = "_InlineProcessor__applyPattern"
# Before `inline` (20): the guard is set for the patterns registered when a page is converted.
PRIORITY = 20.5

# At most this many characters in a character set for its characters to count as required.
_SMALL_SET = 8


def _of_item(op: Any, av: Any, flags: int) -> list[str] | None:
    """Texts one of which is in anything this parsed item matches; None if there are none."""
    if op is _sre.LITERAL:
        return None if flags & re.IGNORECASE else [chr(av)]
    if op is _sre.IN:
        if flags & re.IGNORECASE or len(av) > _SMALL_SET:
            return None
        chars = []
        for kind, value in av:
            if kind is not _sre.LITERAL:
                return None
            chars.append(chr(value))
        return chars
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return _of_sequence(body, (flags | add_flags) & ~del_flags)
    if op is _ATOMIC:
        return _of_sequence(av, flags)
    if op in _REPEATS:
        low, _high, body = av
        return _of_sequence(body, flags) if low >= 1 else None
    if op is _sre.BRANCH:
        _none, branches = av
        found: list[str] = []
        for branch in branches:
            texts = _of_sequence(branch, flags)
            if texts is None:
                return None
            found.extend(texts)
        return found
    return None  # assertions, anchors, any character, back references: nothing required


def _of_sequence(items: Sequence[tuple[Any, Any]], flags: int) -> list[str] | None:
    """The best texts of a sequence: each item's are required, so any one item's will do."""
    candidates: list[list[str]] = []
    run = ""
    for op, av in items:
        if op is _sre.LITERAL and not flags & re.IGNORECASE:
            run += chr(av)  # letters in a row are required together
            continue
        if run:
            candidates.append([run])
            run = ""
        texts = _of_item(op, av, flags)
        if texts is not None:
            candidates.append(texts)
    if run:
        candidates.append([run])
    return min(candidates, key=_commonness) if candidates else None


def _commonness(texts: list[str]) -> tuple[int, int, int]:
    """Lower is rarer in prose: punctuation before letters and spaces, few and long texts first."""
    plain = sum(1 for t in texts if all(c.isalnum() or c.isspace() for c in t))
    return plain, len(texts), -min(len(t) for t in texts)


_REPEATS = tuple(
    getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, name)
)
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)


def required_texts(expression: re.Pattern[str]) -> tuple[str, ...] | None:
    """Texts one of which is in every match of expression; None when the expression has none."""
    if not isinstance(expression.pattern, str):
        return None
    return _required(expression.pattern, expression.flags)


@lru_cache(maxsize=256)
def _required(pattern: str, flags: int) -> tuple[str, ...] | None:
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an expression we cannot read only turns the guard off
        return None
    texts = _of_sequence(list(parsed), flags)
    return tuple(texts) if texts and all(texts) else None


def pattern_texts(pattern: Any) -> tuple[str, ...] | None:
    """`required_texts` of an inline pattern's expression; None when it has none or no expression."""
    getter = getattr(pattern, "getCompiledRegExp", None)
    expression = getter() if callable(getter) else None
    return required_texts(expression) if isinstance(expression, re.Pattern) else None


def trigger(patterns: Sequence[Any]) -> re.Pattern[str] | None:
    """One expression that finds where any of the patterns could match, or None."""
    texts: set[str] = set()
    for pattern in patterns:
        found = pattern_texts(pattern)
        if found is None:
            return None
        texts.update(found)
    # A text holding another one adds nothing: `![` is found wherever `[` is looked for.
    texts = {t for t in texts if not any(o != t and o in t for o in texts)}
    chars = sorted(t for t in texts if len(t) == 1)
    longer = sorted((t for t in texts if len(t) > 1), key=lambda t: (-len(t), t))
    parts = [re.escape(t) for t in longer]
    if chars:
        parts.append("[" + "".join(re.escape(c) for c in chars) + "]")
    return re.compile("|".join(parts)) if parts else None


class InlineGuard(Treeprocessor):
    """Before the inline step of each conversion, let it skip text the patterns cannot match."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._for: tuple[int, ...] = ()
        self._trigger: re.Pattern[str] | None = None
        self._texts: dict[int, tuple[str, ...]] = {}

    def _read(self, patterns: list[Any]) -> None:
        key = tuple(map(id, patterns))
        if key == self._for:
            return
        self._for, self._trigger, self._texts = key, trigger(patterns), {}
        for pattern in patterns:
            texts = pattern_texts(pattern)
            if texts is not None:
                self._texts[id(pattern)] = texts

    def run(self, root: Any) -> None:
        inline = self.md.treeprocessors["inline"] if "inline" in self.md.treeprocessors else None
        # Only Python-Markdown's own class: a subclass may do more than try its patterns.
        if type(inline) is not InlineProcessor or not all(hasattr(InlineProcessor, n) for n in (_HANDLE, _APPLY)):
            return None
        self._read(list(inline.inlinePatterns))
        search = self._trigger.search if self._trigger is not None else None
        texts_of = self._texts
        handle: Callable[..., str] = getattr(InlineProcessor, _HANDLE).__get__(inline)
        apply: Callable[..., tuple[str, bool, int]] = getattr(InlineProcessor, _APPLY).__get__(inline)

        def handled(data: str, patternIndex: int = 0) -> str:  # noqa: N803 - Python-Markdown's name
            if search is not None and search(data) is None and not isinstance(data, AtomicString):
                return data
            return handle(data, patternIndex)

        def applied(pattern: Any, data: str, patternIndex: int, startIndex: int = 0) -> tuple[str, bool, int]:  # noqa: N803
            texts = texts_of.get(id(pattern))
            if texts is not None:
                for text in texts:
                    if data.find(text, startIndex) >= 0:
                        break
                else:  # a match starts at startIndex or after it and holds one of the texts
                    return data, False, 0
            return apply(pattern, data, patternIndex, startIndex)

        setattr(inline, _HANDLE, handled)
        setattr(inline, _APPLY, applied)
        return None
