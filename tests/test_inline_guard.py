"""The inline step skips only text that no inline pattern can match: pages are unchanged."""

from __future__ import annotations

import random
import re
from typing import Any

import markdown
import pytest
from built_site import REPO
from markdown.inlinepatterns import InlineProcessor as PatternProcessor
from markdown.treeprocessors import InlineProcessor
from test_shared_markdown import MATERIAL_SET

from generator import inline_guard
from generator.inline_guard import required_texts, trigger
from generator.markdown_safe import SafeMarkdownExtension

EXTENSION_SETS: dict[str, list[Any]] = {
    "mkdocs default": ["toc", "tables", SafeMarkdownExtension()],
    "help center": ["toc", "tables", "admonition", "attr_list", "sane_lists", SafeMarkdownExtension()],
    "raw html allowed": ["toc", "tables", "attr_list"],
    "python-markdown's own": ["extra", "abbr", "admonition", "smarty", "wikilinks", "nl2br", "legacy_em"],
    "material": [*MATERIAL_SET, "pymdownx.critic", "pymdownx.progressbar", SafeMarkdownExtension()],
    # MagicLink's patterns require no text: they are tried everywhere, the others are not.
    "material with magiclink": [*MATERIAL_SET, "pymdownx.magiclink", SafeMarkdownExtension()],
}
# Characters that start or end inline syntax, and some that do not.
ALPHABET = "ab AZ09 .,;:/@#!?=+-^~$()[]{}<>*_`\\&'\"|\n\t\u00e9\u2014"


def _markdown(extensions: list[Any], guarded: bool = True) -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(extensions))
    if "scopebook_inline_guard" not in md.treeprocessors and guarded:
        md.treeprocessors.register(inline_guard.InlineGuard(md), "scopebook_inline_guard", inline_guard.PRIORITY)
    if not guarded and "scopebook_inline_guard" in md.treeprocessors:
        md.treeprocessors.deregister("scopebook_inline_guard")
    return md


def _fuzz(count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def _documents() -> list[str]:
    """Real articles, the fixtures' Markdown, and random text with every kind of markup."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "tests" / "fixtures").rglob("*.md"))]
    pieces = [
        "*em* **strong** _u_ __uu__ ***both*** `code` ``a ` b`` \\* &amp; &#35; &copy;",
        "[link](https://example.com) ![img](a.png) [ref][r] [r] ![r] <https://x.y/z> <a@b.c>",
        "line  \nbreak ==mark== ^^ins^^ ^sup^ ~~del~~ ~sub~ ++ctrl+alt+del++ :smile: $x^2$ \\(y\\)",
        "{++add++} {--del--} [=50% done] (c) (tm) 1/2 --> <-- 'quotes' \"double\" -- --- ...",
        "[^1] and <span>raw</span> <!-- comment --> [[Wiki Link]]\n\n[r]: https://example.org\n[^1]: note",
    ]
    rng = random.Random(7)
    for _ in range(150):
        words = _fuzz(4, 30, rng.randint(0, 10**6)) + rng.sample(pieces, 2)
        rng.shuffle(words)
        texts.append("# Title\n\n" + " ".join(words) + "\n\n- item " + " ".join(words[:2]) + "\n")
    return texts


@pytest.mark.parametrize("name", sorted(EXTENSION_SETS))
def test_every_required_text_is_in_every_match_of_its_pattern(name: str) -> None:
    md = _markdown(EXTENSION_SETS[name])
    texts = _fuzz(4000, 24, seed=len(name))
    checked = 0
    for pattern in md.inlinePatterns:
        expression = pattern.getCompiledRegExp()
        required = required_texts(expression)
        if required is None:
            continue
        for text in texts:
            for start in (0, len(text) // 2):
                match = expression.search(text, start)
                if match is not None:
                    checked += 1
                    assert any(t in match.group(0) for t in required), (pattern, required, text)
    assert checked > 1000  # the fuzz does reach the patterns


@pytest.mark.parametrize("name", sorted(EXTENSION_SETS))
def test_pages_are_the_same_with_and_without_the_guard(name: str) -> None:
    guarded, plain = _markdown(EXTENSION_SETS[name]), _markdown(EXTENSION_SETS[name], guarded=False)
    assert (trigger(list(guarded.inlinePatterns)) is None) == ("magiclink" in name)
    for text in _documents():
        guarded.reset()
        plain.reset()
        assert guarded.convert(text) == plain.convert(text), text


def _calls(md: markdown.Markdown, text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many pieces of text the inline patterns were tried on."""
    handle = InlineProcessor._InlineProcessor__handleInline  # type: ignore[attr-defined]
    count = [0]

    def counted(self: InlineProcessor, data: str, patternIndex: int = 0) -> str:  # noqa: N803
        count[0] += 1
        return handle(self, data, patternIndex)  # type: ignore[no-any-return]

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__handleInline", counted)
    md.reset()
    md.convert(text)
    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__handleInline", handle)
    return count[0]


def test_plain_words_are_not_tried_against_the_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    plain_words = "# Reset your password\n\nOpen the sign-in page and choose Forgot password.\n\n- One\n- Two\n"
    guarded = _markdown(EXTENSION_SETS["help center"])
    unguarded = _markdown(EXTENSION_SETS["help center"], guarded=False)
    assert _calls(unguarded, plain_words, monkeypatch) >= 4
    assert _calls(guarded, plain_words, monkeypatch) == 0
    # A piece of text with markup in it is still tried, and converted.
    assert _calls(guarded, "Choose **Save** now.\n", monkeypatch) >= 1
    guarded.reset()
    assert guarded.convert("Choose **Save** now.") == "<p>Choose <strong>Save</strong> now.</p>"


class _AnyWord(PatternProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]  # noqa: N802
        return "WORD", m.start(0), m.end(0)


def _tried(md: markdown.Markdown, text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The classes of the inline patterns tried on text, in order."""
    apply = InlineProcessor._InlineProcessor__applyPattern  # type: ignore[attr-defined]
    tried: list[str] = []

    def counted(self: InlineProcessor, pattern: Any, *args: Any) -> Any:
        tried.append(type(pattern).__name__)
        return apply(self, pattern, *args)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counted)
    md.reset()
    md.convert(text)
    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", apply)
    return tried


@pytest.mark.parametrize("expression", [r"\w+", r"(?i)abc", r"(?=x)", r"(?:ab|\w)", r"[^<]"])
def test_a_pattern_without_a_required_text_is_tried_everywhere(
    expression: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert required_texts(re.compile(expression)) is None
    md = _markdown(EXTENSION_SETS["help center"])
    md.inlinePatterns.register(_AnyWord(expression, md), "any_word", 1)
    assert trigger(list(md.inlinePatterns)) is None
    assert _calls(md, "Plain words.\n", monkeypatch) >= 1
    # ... and only it: the others need a text that is not there.
    assert set(_tried(md, "Plain words.\n", monkeypatch)) == {"_AnyWord"}


def test_a_pattern_is_tried_only_where_its_text_is(monkeypatch: pytest.MonkeyPatch) -> None:
    md = _markdown(EXTENSION_SETS["help center"])
    tried = _tried(md, "Choose **Save** now.\n", monkeypatch)
    # Emphasis (`*`) is tried; links (`[`), code (`` ` ``), entities (`&`) and the rest are not.
    assert tried and set(tried) <= {"AsteriskProcessor", "DelimiterProcessor"}
    linked = _tried(md, "See [the guide](guide.md) and `code`.\n", monkeypatch)
    assert "LinkInlineProcessor" in linked and "BacktickInlineProcessor" in linked
    assert "HtmlInlineProcessor" not in linked  # an entity needs `&`


@pytest.mark.parametrize(
    ("expression", "required"),
    [
        (r"\*|_", ("*", "_")),
        (r"  \n", ("  \n",)),
        (r"(?<!\!)\[", ("[",)),
        (r"<([^<> !]+@[^@<> ]+)>", ("<",)),
        (r"(&(?:\#[0-9]+|[a-zA-Z0-9]+);)", ("&",)),
        (r"(?i:x)==", ("==",)),  # an ignored-case letter is not required as written
        (r"[ab]{2,}c?", ("a", "b")),
    ],
)
def test_required_texts_of_expressions(expression: str, required: tuple[str, ...]) -> None:
    assert required_texts(re.compile(expression)) == required


def test_the_sample_site_uses_the_guard() -> None:
    text = (REPO / "content" / "index.md").read_text(encoding="utf-8")
    md = markdown.Markdown(extensions=["toc", "tables", SafeMarkdownExtension()])
    md.convert(text)
    inline = md.treeprocessors["inline"]
    assert {"_InlineProcessor__handleInline", "_InlineProcessor__applyPattern"} <= set(vars(inline))


def test_other_inline_processors_are_left_alone() -> None:
    class Other(InlineProcessor):
        pass

    md = _markdown(EXTENSION_SETS["help center"])
    md.treeprocessors.register(Other(md), "inline", 20)
    md.convert("Plain words.")
    assert "_InlineProcessor__handleInline" not in vars(md.treeprocessors["inline"])
