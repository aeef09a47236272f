"""The YAML loader: positions, safety limits, and clear errors."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scope_fixtures import scope_dir_with, typed

from generator.errors import ScopeError
from generator.load import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_VALUES,
    Mark,
    _fast_load,
    _load_with_marks,
    load_yaml_bytes,
    load_yaml_text,
)


def test_marks_point_at_keys_and_values():
    doc = load_yaml_text("plans:\n  - id: free\n    name: Free\n", "x.yaml")
    assert doc.data == {"plans": [{"id": "free", "name": "Free"}]}
    assert (doc.mark(("plans", 0, "name")).line, doc.mark(("plans", 0, "name")).column) == (3, 11)
    assert doc.mark(("plans", 0, "name"), key=True).column == 5
    # a path that does not exist falls back to the nearest enclosing value
    assert doc.mark(("plans", 0, "missing")).line == 2


def test_dates_and_times_stay_as_typed_text():
    doc = load_yaml_text("effective: 2026-10-01\nstart: '08:00'\nn: 3\nok: true\nnone: ~\n", "x.yaml")
    assert doc.data == {"effective": "2026-10-01", "start": "08:00", "n": 3, "ok": True, "none": None}


def test_sexagesimal_and_odd_scalars_do_not_crash():
    doc = load_yaml_text("a: 1:30\nb: 0x1f\nc: .inf\nd: 1_000\n", "x.yaml")
    assert doc.data["b"] == 31 and doc.data["d"] == 1000


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for level in "bcdefghij":
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = level
    with pytest.raises(ScopeError) as info:
        load_yaml_text("\n".join(lines) + "\n", "bomb.yaml")
    problem = info.value.problems[0]
    assert f"more than {MAX_VALUES:,} values" in problem.message
    assert "aliases" in problem.hint


def test_hundred_thousand_aliases_are_refused():
    text = "base: &b {k: v}\nmany:\n" + "  - *b\n" * 100_000
    with pytest.raises(ScopeError) as info:
        load_yaml_text(text, "aliases.yaml")
    assert info.value.problems[0].code == "too-large"


def test_large_file_is_refused_before_parsing():
    data = b"# padding\n" * (MAX_FILE_BYTES // 10 + 10)
    with pytest.raises(ScopeError) as info:
        load_yaml_bytes(data, "big.yaml")
    assert "the limit is" in info.value.problems[0].message
    assert "split the file" in info.value.problems[0].hint


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(ScopeError) as info:
        load_yaml_text("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    assert "nested too deeply" in info.value.problems[0].message


def test_non_utf8_names_line_and_column():
    with pytest.raises(ScopeError) as info:
        load_yaml_bytes(b"a: ok\nb: caf\xe9\n", "latin.yaml")
    p = info.value.problems[0]
    assert (p.line, p.column) == (2, 7)


def test_utf8_bom_is_accepted():
    assert load_yaml_bytes(b"\xef\xbb\xbfa: 1\n", "bom.yaml").data == {"a": 1}


def _cli(tmp_path: Path, text: bytes) -> subprocess.CompletedProcess[str]:
    scope = scope_dir_with(tmp_path)
    (scope / "bad.yaml").write_bytes(text)
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard, not a speed assertion: bench/ measures speed
    )


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        (
            "bomb",
            b"a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            + b"".join(
                f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n".encode()
                for p, c in zip("abcdefghi", "bcdefghij", strict=True)
            ),
            "values",
        ),
        ("ten-megabytes", b"a: " + b"x" * (10 * 1024 * 1024) + b"\n", "the limit is"),
        ("binary", bytes(range(256)) * 4, "not valid UTF-8"),
    ],
)
def test_cli_reports_hostile_files_without_traceback(tmp_path, label, text, expected):
    result = _cli(tmp_path, text)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "scope/bad.yaml:" in result.stdout
    assert expected in result.stdout


# The fast path (`_fast_load`) reads most files line by line; whenever it answers, its data
# and mapping positions must be exactly what libyaml and the builder give.


def _agrees(text: str) -> bool:
    """Whether the fast path answered; fails the test when its answer differs from the full loader's."""
    fast = _fast_load(text)
    if fast is None:
        return False
    data, starts, safe_load_agrees = fast
    full = _load_with_marks(text, "x.yaml")  # raises if the fast path accepted a text it must refuse
    assert typed(data) == typed(full.data), text
    if safe_load_agrees:  # MkDocs reads front matter with yaml.load and its C loader
        assert typed(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))) == typed(data), text
    for path, (line, column) in starts.items():
        assert full.marks[path] == Mark(line, column), (text, path)
    return True


_REPO = Path(__file__).resolve().parent.parent
_FRONT_MATTER_BLOCK = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)


def _texts_in_repo() -> list[str]:
    texts = []
    for folder in ("scope", "content", "tests/fixtures"):
        for path in sorted((_REPO / folder).rglob("*")):
            if not path.is_file() or path.suffix not in (".yaml", ".yml", ".md"):
                continue
            try:
                text = path.read_text("utf-8-sig").replace("\r\n", "\n")
            except (UnicodeDecodeError, OSError):
                continue
            if path.suffix == ".md":
                match = _FRONT_MATTER_BLOCK.match(text)
                if match is None or not match.group(1):
                    continue
                text = "\n" + match.group(1)
            texts.append(text)
    return texts


def test_fast_path_agrees_with_libyaml_on_every_file_in_the_repository() -> None:
    texts = _texts_in_repo()
    answered = 0
    for text in texts:
        try:
            answered += _agrees(text)
        except ScopeError:
            pytest.fail(f"the fast path accepted a text the loader refuses:\n{text[:500]}")
    assert len(texts) > 100 and answered > 20


_SEEDS = [
    "\ntitle: Set up SAML\nsummary: Connect your identity provider (Okta, Entra ID) to Fernpath.\ntags:\n- sso\n- saml\n"
    "scope:\n  - sso-setup\nlast_reviewed: 2026-03-01\nreview_every: 90\nhide:\n- toc\n",
    "plans:\n- id: free\n  name: Free\n  url: https://x.example/pricing#free\n  price: 12.5\n  default: yes\n"
    "- id: pro\n  extends: free\n  contacts: 3\n  empty:\n  nested:\n    - - a\n      - b\n    -\n      k: v\n"
    "areas:\n  - id: a\n    items:\n      - id: i\n        coverage:\n          free:\n            status: limited\n"
    "          pro: included\n        examples:\n          - 'Quoted: text'\n          - \"double\"\n",
    "contract:\n  summary: |\n    First line: kept.\n\n    # Not a comment\n  owner: Support\nplans:\n"
    "  - id: p\n    channels: [email, chat]\n    languages: [English]\n    note: |-\n      one\n      two\n"
    "  - id: q\n    extends: p\n",
]
# Characters that change what YAML reads: indicators, quotes, spaces, comment and escape marks.
_TRICKY = list("-?:,[]{}#&*!|>'\"%@` \\.~<=0_\t\r") + ["\u2028", "\x85", "\ufeff", "é", "\n", ": ", " #", "- ", "yes"]


def _mutations(seed: str, rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        text = seed
        for _ in range(rng.randint(1, 3)):
            lines = text.split("\n")
            n = rng.randrange(len(lines))
            line = lines[n]
            kind = rng.randrange(5)
            at = rng.randint(0, len(line))
            if kind == 0:
                line = line[:at] + rng.choice(_TRICKY) + line[at:]
            elif kind == 1:
                line = line[:at] + line[at + 1 :]
            elif kind == 2:
                line = " " * rng.randint(1, 3) + line
            elif kind == 3:
                line = line[rng.randint(1, 3) :] if line.startswith(" ") else line
            else:
                lines.insert(n, line)
            lines[n] = line
            text = "\n".join(lines)
        out.append(text)
    return out


def test_fast_path_agrees_with_libyaml_on_thousands_of_mutated_documents() -> None:
    rng = random.Random(13)
    answered = refused = 0
    for seed in _SEEDS:
        for text in _mutations(seed, rng, 2500):
            try:
                answered += _agrees(text)
            except ScopeError:
                pytest.fail(f"the fast path accepted a text the loader refuses:\n{text}")
            except AssertionError:
                raise
            refused += _fast_load(text) is None
    # Both outcomes are exercised: the comparison means something.
    assert answered > 1000 and refused > 1000


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("a: 1\nb: 1.5\nc: yes\nd: no\ne: ~\nf:\ng: 2026-01-01\nh: 0x1f\ni: 1_000\nj: .inf\nk: 1:30\n", True),
        ("on: x\nnull: y\n1: z\n", True),  # keys stay as typed
        ("---\na: 1\n", True),
        ("# a comment\na:\n  # another\n  - x\n", True),
        ("a:\n- x\n- y\nb:\n  - - p\n    - q\n", True),
        ("- a: 1\n  b: 2\n-\n  c: 3\n- \n- d\n", True),
        ("a: 'it''s'\n", False),
        ('a: "tab\\tstop"\n', False),
        ("a: |\n  text\n  # kept\n\n    more\nb: |-\n  t\n\n\nc: 1\n", True),
        ("- |\n  x\n  # not a comment\n- y\n- k: |\n    z\n", True),
        ("a: [x, y z, 1, yes]\nb: []\nc: [ ]\n", True),
        ("a: |\n  text", False),  # no line break at the end
        ("a: |+\n  t\n", False),
        ("a: >\n  t\n", False),
        ("a: |\n\n  t\n", False),  # starts with an empty line
        ("a: |\n  t\n     \n  u\n", False),  # a line of spaces longer than the indentation
        ("a: |\nb: 1\n", False),
        ("a: |2\n   t\n", False),
        ("a: [x, 'y']\n", False),
        ("a: [x,]\n", False),
        ("a: [x, [y]]\n", False),
        ("a: {x: 1}\n", False),
        ("a: &x 1\nb: *x\n", False),
        ("a: !!str 1\n", False),
        ("a: x # note\n", False),
        ("a: 1\na: 2\n", False),
        ("<<: {a: 1}\n", False),
        ("a: one\n  two\n", False),
        ("a: 1\n---\nb: 2\n", False),
        ("a: x\n...\n", False),
        ("a:\tx\n", False),
        ("a: x\u2028y\n", False),
        ("", False),
        ("just text\n", False),
    ],
)
def test_fast_path_takes_plain_block_yaml_and_leaves_the_rest(text: str, fast: bool) -> None:
    try:
        assert _agrees(text) is fast
    except ScopeError:
        assert not fast and _fast_load(text) is None


def test_deep_block_nesting_goes_the_full_way_and_is_refused_there() -> None:
    deep = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "v: 1\n"
    assert _fast_load(deep) is None
    with pytest.raises(ScopeError, match="nested too deeply"):
        load_yaml_text(deep, "deep.yaml")
    fine = "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n"
    assert _fast_load(fine) is None  # deeper than the fast path goes, accepted the full way
    assert load_yaml_text(fine, "fine.yaml").mark(tuple(f"k{i}" for i in range(40))).line == 41


def test_a_problem_in_a_fast_loaded_document_is_placed_as_before() -> None:
    text = "\ntitle: A\nsummary: S\ntags:\n- one\n- 2\nscope:\n  - x\n"
    fast = load_yaml_text(text, "a.md")
    full = _load_with_marks(text, "a.md")
    assert fast.data == full.data
    for path in [("tags", 1), ("scope", 0), ("title",), ("missing",), ()]:
        assert fast.mark(path) == full.mark(path)
        assert fast.mark(path, key=True) == full.mark(path, key=True)
    assert fast.raw == full.raw


def test_plain_text_is_judged_alike_for_every_character() -> None:
    from generator.load import _NOT_PLAIN_TEXT, _plain_text

    for code in range(0x110000):
        text = f"ab{chr(code)}c\n"
        assert _plain_text(text) is (_NOT_PLAIN_TEXT.search(text) is None), hex(code)


def test_strings_are_every_text_value_in_document_order() -> None:
    doc = load_yaml_text("a: x\nb:\n  - y\n  - 3\n  - c: z\n    d: [w, v]\ne: u\n", "x.yaml")
    assert list(doc.strings()) == [
        (("a",), "x"),
        (("b", 0), "y"),
        (("b", 2, "c"), "z"),
        (("b", 2, "d", 0), "w"),
        (("b", 2, "d", 1), "v"),
        (("e",), "u"),
    ]
    assert list(doc.strings()) == list(doc.strings())  # kept, and given again in full


# Documents built from a tree in every block style the fast path reads (items that open a
# mapping or a list on their own line, lists at their key's indentation, literal blocks
# in items and mappings, flow lists, quotes), with values YAML reads as other types.
# fmt: off
_SCALARS = [
    "x", "two words", "yes", "No", "on", "OFF", "y", "~", "null", "True", "1", "+1", "-1", "0o17", "017",
    "0x1F", "1_000", ".5", "1e3", "1.0e+3", ".inf", ".NaN", "1:30", "2026-01-01", "2026-01-01 10:00:00",
    "a#b", "a #b", "a: b", "a:b", "http://x.example/a#b", "'q'", "''", "'it''s'", '"d"', '"a\\tb"', "'a: b'",
    "[a, b]", "[]", "[1, yes]", "[a b, c.d]", "[x, 'y']", "- x", "?", "=", "<<", "!x", "&a", "*a", "%x",
    "@x", "`x", "é", "a  b", "x:", "a - b", "#", "[a]b", "{a}", "-.5", "|", "|-", ">",
]
# fmt: on
_KEYS = ["a", "b", "c", "1", "yes", "on", "null", "2026-01-01", "1.5", "a.b", "a-b", "_x", "~", "a b", "'a'", "<<"]
_LITERAL_LINES = ["x", "  more", "# kept", "", "a: b", "- z", "t  ", "..."]

_TREES = st.recursive(
    st.sampled_from(_SCALARS),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3),
        st.dictionaries(st.sampled_from(_KEYS), children, min_size=1, max_size=3),
    ),
    max_leaves=12,
)


def _block(tree: object, indent: int, head: str | None, draw: st.DrawFn, out: list[str]) -> None:
    """tree as block lines indented indent; head: the text before its first line (an item's `- `)."""
    entries = list(tree.items()) if isinstance(tree, dict) else [(None, child) for child in tree]
    for number, (key, child) in enumerate(entries):
        lead = head if number == 0 and head is not None else " " * indent
        mark = f"{key}:" if key is not None else "-"
        if isinstance(child, str):
            if child in ("|", "|-"):
                out.append(f"{lead}{mark} {child}")
                body = indent + draw(st.sampled_from([0, 1, 2, 3]))
                out.extend(
                    (" " * body + line) if line else ""
                    for line in draw(st.lists(st.sampled_from(_LITERAL_LINES), min_size=1, max_size=3))
                )
            else:
                out.append(f"{lead}{mark}{' ' * draw(st.sampled_from([1, 1, 2]))}{child}")
        elif key is None and draw(st.booleans()):  # `- key: value` / `- - x` on the item's line
            _block(child, indent + 2, f"{lead}- ", draw, out)
        else:
            out.append(f"{lead}{mark}")
            deeper = (
                indent
                if key is not None and isinstance(child, list) and draw(st.booleans())
                else indent + draw(st.sampled_from([1, 2, 4]))
            )
            _block(child, deeper, None, draw, out)
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from(["", "# note", "   ", " " * (indent + 6) + "# deep"])))


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(_TREES.filter(lambda tree: not isinstance(tree, str)), st.data())
def test_fast_path_agrees_with_libyaml_on_generated_block_documents(tree: object, data: st.DataObject) -> None:
    lines: list[str] = []
    _block(tree, data.draw(st.sampled_from([0, 0, 2])), None, data.draw, lines)
    text = "\n".join(lines) + data.draw(st.sampled_from(["\n", "\n", ""]))
    if data.draw(st.booleans()):
        text = "---\n" + text
    try:
        _agrees(text)
    except ScopeError:
        pytest.fail(f"the fast path accepted a text the loader refuses:\n{text}")
