"""Article front matter: the problems `scopebook check` and the MkDocs build report."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from built_site import REPO
from scope_fixtures import typed

from generator.articles import check_articles, load_articles, parse_front_matter
from generator.cli import main
from generator.model import Contract


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_sample_articles_have_no_problems(contract: Contract) -> None:
    assert check_articles(REPO / "content", contract) == []


def test_unknown_key_warns_with_did_you_mean(contract: Contract) -> None:
    meta, problems = parse_front_matter("---\ntitle: A\nsumary: typo\n---\nBody\n", "a.md", "a.md", contract)
    assert meta is not None and meta.title == "A"
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.column, problem.level) == (3, 1, "warning")
    assert "unknown front matter key `sumary`" in problem.message
    assert problem.hint == "did you mean `summary`?"


@pytest.mark.parametrize(("name", "line", "column"), [("utf-16-without-bom.md", 1, 2), ("nul-byte-in-body.md", 5, 7)])
def test_nul_bytes_are_an_error_at_the_first(tmp_path: Path, contract: Contract, name: str, line: int, column: int) -> None:
    # A UTF-16 file without a byte order mark (some Windows tools write them) decodes as
    # UTF-8 with a NUL after every letter: MkDocs would publish it so, NUL bytes and all.
    shutil.copy(Path(__file__).parent / "fixtures" / "front-matter" / name, tmp_path / name)
    problems = check_articles(tmp_path, contract)
    assert [(p.line, p.column, p.level, p.message) for p in problems] == [
        (line, column, "error", "the file holds NUL bytes: it is not UTF-8 text")
    ]
    assert problems[0].hint == "save it as UTF-8 (UTF-16 files, which some Windows tools write, and binary files hold them)"


@pytest.mark.parametrize("suffix", [".markdown", ".mdown", ".mkdn", ".mkd"])
def test_every_file_mkdocs_publishes_as_a_page_is_checked(tmp_path: Path, contract: Contract, suffix: str) -> None:
    # Jekyll and GitBook exports name articles `*.markdown`; MkDocs publishes each such file.
    _write(tmp_path, f"guides/a{suffix}", "---\ntitle: A\nscope: [sso-configuraton]\n---\n")
    problems = check_articles(tmp_path, contract)
    assert [(p.file.rsplit("/", 1)[-1], p.line, p.message) for p in problems] == [
        (f"a{suffix}", 3, "unknown scope item `sso-configuraton`")
    ]


def test_the_markdown_suffixes_are_mkdocs_own() -> None:
    from mkdocs.utils import markdown_extensions

    from generator.routes import MARKDOWN_SUFFIXES

    assert set(MARKDOWN_SUFFIXES) == set(markdown_extensions)


def test_unknown_scope_item_is_an_error_at_its_position(tmp_path: Path, contract: Contract) -> None:
    _write(tmp_path, "guides/a.md", "---\ntitle: A\nscope:\n  - sso-configuration\n  - sso-configuraton\n---\n")
    problems = check_articles(tmp_path, contract)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.is_error
    assert problem.file.endswith("guides/a.md")
    assert (problem.line, problem.column) == (5, 5)
    assert problem.message == "unknown scope item `sso-configuraton`"
    assert problem.hint == "did you mean `sso-configuration`?"


def test_title_comes_from_the_first_heading_then_the_file_name(contract: Contract) -> None:
    # As MkDocs titles a page: `title`, else the H1 that opens it, else the file name.
    meta, problems = parse_front_matter("# Help\n\nBody.\n", "a.md", "guides/get-help.md", contract)
    assert problems == [] and meta is not None and meta.title == "Help"
    meta, _ = parse_front_matter("---\nsummary: S\n---\n\nGetting help\n====\n", "a.md", "a.md", contract)
    assert meta is not None and meta.title == "Getting help"
    meta, _ = parse_front_matter("Intro first.\n\n# Later heading\n", "a.md", "guides/get-help.md", contract)
    assert meta is not None and meta.title == "Get help"
    meta, _ = parse_front_matter("", "a.md", "index.md", contract)
    assert meta is not None and meta.title == "Home"
    meta, _ = parse_front_matter("---\ntitle: Given\n---\n# Heading\n", "a.md", "a.md", contract)
    assert meta is not None and meta.title == "Given"


def _mkdocs_title(heading: str) -> str:
    """The title MkDocs gives a page opening with this H1 (HTML text), read as plain text."""
    import html

    import markdown
    from mkdocs.utils.rendering import get_heading_text

    md = markdown.Markdown()
    root = md.parser.parseDocument(f"# {heading}\n".split("\n")).getroot()
    for processor in md.treeprocessors:
        root = processor.run(root) or root
    return html.unescape(get_heading_text(root.find("h1"), md))


@pytest.mark.parametrize(
    "heading",
    [
        "Configure the `timeout` setting",
        "Set up *SSO* with **Okta**",
        "Read [the guide](guide.md) first",
        "AT&amp;T and Q&A",
        "Escaped \\*stars\\* and \\`ticks\\`",
        "The `<head>` tag",
        "snake_case_names stay",
        "![Logo](logo.png) Brand",
    ],
)
def test_a_title_from_a_heading_with_markdown_is_its_text_as_mkdocs_reads_it(contract: Contract, heading: str) -> None:
    meta, _ = parse_front_matter(f"# {heading}\n\nBody.\n", "a.md", "a.md", contract)
    assert meta is not None and meta.title == _mkdocs_title(heading)


def test_description_is_the_summary(contract: Contract) -> None:
    meta, problems = parse_front_matter("---\ndescription: One line.\n---\n", "a.md", "a.md", contract)
    assert problems == [] and meta is not None and meta.summary == "One line."
    meta, _ = parse_front_matter("---\nsummary: Ours.\ndescription: Theirs.\n---\n", "a.md", "a.md", contract)
    assert meta is not None and meta.summary == "Ours."


def test_toml_front_matter_is_named_as_such(contract: Contract) -> None:
    # MkDocs would show it as the article's first paragraph, and title the page by file name.
    text = (Path(__file__).parent / "fixtures" / "front-matter" / "toml-front-matter.md").read_text("utf-8")
    meta, problems = parse_front_matter(text, "content/hugo.md", "hugo.md", contract)
    assert meta is not None and meta.title == "Hugo"
    assert [(p.line, p.column, p.level, p.message) for p in problems] == [
        (1, 1, "warning", "this front matter is TOML between `+++` lines (Hugo's): MkDocs shows it as text")
    ]
    assert problems[0].hint == "write it as YAML between `---` lines, one `key: value` a line"


def test_materials_hide_values_are_accepted(contract: Contract) -> None:
    # A Material site that adds the plugin keeps its pages: hide: [navigation, toc] is common.
    text = (Path(__file__).parent / "fixtures" / "front-matter" / "material-hide.md").read_text("utf-8")
    meta, problems = parse_front_matter(text, "content/landing.md", "landing.md", contract)
    assert problems == [] and meta is not None and "toc" in meta.hide
    meta, problems = parse_front_matter("---\nhide: [navigaton]\n---\n", "a.md", "a.md", contract)
    assert meta is None and [p.line for p in problems] == [2]


def test_keys_of_other_tools_are_ignored_quietly(contract: Contract) -> None:
    text = "---\nlayout: post\ncategories: [a]\norder: 3\npermalink: /x/\nauthor: Me\nhidden: true\n---\n# T\n"
    meta, problems = parse_front_matter(text, "a.md", "a.md", contract)
    assert problems == [] and meta is not None and meta.title == "T"


@pytest.mark.parametrize(("key", "meant"), [("titel", "title"), ("tgas", "tags"), ("Title", "title"), ("tag", "tags")])
def test_near_miss_of_a_known_key_warns(contract: Contract, key: str, meant: str) -> None:
    meta, problems = parse_front_matter(f"---\n{key}: x\n---\n", "a.md", "a.md", contract)
    assert meta is not None
    assert [(p.level, p.line, p.hint) for p in problems] == [("warning", 2, f"did you mean `{meant}`?")]


def test_duplicate_key_is_an_error_naming_both_lines(contract: Contract) -> None:
    meta, problems = parse_front_matter("---\ntitle: A\ntags: [a]\ntitle: B\n---\n", "a.md", "a.md", contract)
    assert meta is None
    assert len(problems) == 1 and problems[0].is_error and problems[0].line == 4
    assert "line 2" in problems[0].message + problems[0].hint, problems[0]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("last_reviewed: 2026-13-01", "YYYY-MM-DD"),
        ("last_reviewed: 14 September 2026", "YYYY-MM-DD"),
        ("tags: sso", "should be a list"),
        ("scope: [Bad Id]", "does not have the expected form"),
    ],
)
def test_invalid_values_are_errors(contract: Contract, line: str, expected: str) -> None:
    _, problems = parse_front_matter(f"---\ntitle: A\n{line}\n---\n", "a.md", "a.md", contract)
    assert any(p.is_error and expected in p.message and p.line == 3 for p in problems), problems


def test_yaml_syntax_error_points_into_the_file(contract: Contract) -> None:
    _, problems = parse_front_matter("---\ntitle: A\ntags: [a\n---\n", "a.md", "a.md", contract)
    assert problems and problems[0].is_error and problems[0].line >= 3


def test_dates_stay_text_and_lists_become_tuples(contract: Contract) -> None:
    text = "---\ntitle: A\nlast_reviewed: 2026-09-14\ntags: [x, y]\nscope: [sso-configuration]\n---\n"
    meta, problems = parse_front_matter(text, "a.md", "a.md", contract)
    assert problems == [] and meta is not None
    assert meta.last_reviewed == "2026-09-14"
    assert meta.tags == ("x", "y") and meta.scope == ("sso-configuration",)


def test_load_articles_keys_by_path_and_skips_hidden_folders(tmp_path: Path, contract: Contract) -> None:
    _write(tmp_path, "index.md", "---\ntitle: Home\n---\n")
    _write(tmp_path, "a/b.md", "---\ntitle: B\n---\n")
    _write(tmp_path, ".drafts/c.md", "no front matter")
    articles, problems = load_articles(tmp_path, contract)
    assert sorted(articles) == ["a/b.md", "index.md"]
    assert problems == []


def test_check_command_reports_article_problems(
    tmp_path: Path, contract: Contract, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "content", tmp_path / "content")
    _write(tmp_path, "content/a.md", "---\ntitle: A\nscope: [nope]\nownr: me\n---\n")
    code = main(["check", "--scope-dir", str(REPO / "scope"), "--content-dir", "content"])
    out = capsys.readouterr().out
    assert code == 1
    assert "content/a.md:3:9: error: unknown scope item `nope`" in out
    assert "content/a.md:4:1: warning: unknown front matter key `ownr` is ignored" in out


@pytest.mark.parametrize("where", ["content", "project", "elsewhere", "sub"])
def test_articles_are_named_as_display_path_names_them_from_any_folder(
    tmp_path: Path, contract: Contract, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from generator.source_files import display_path

    content = tmp_path / "project" / "content"
    (content / "sso" / "deep").mkdir(parents=True)
    for name in ("top.md", "sso/a.md", "sso/deep/b.md"):
        (content / name).write_text("---\ntitel: x\n---\n# T\n", "utf-8")  # a near miss: one warning each
    (tmp_path / "elsewhere").mkdir()
    cwd = {"content": content, "project": content.parent, "elsewhere": tmp_path / "elsewhere", "sub": content / "sso"}
    monkeypatch.chdir(cwd[where])
    relative = Path(os.path.relpath(content))
    _, problems = load_articles(relative, contract)
    assert sorted(p.file for p in problems) == sorted(
        display_path(relative / name) for name in ("top.md", "sso/a.md", "sso/deep/b.md")
    )


# --- What the build hands MkDocs instead of the file (articles.PageSource) ------------------


_HANDED = [
    ("---\ntitle: A\ntags:\n- x\n---\nBody\n", True),
    ("---\ntitle: A\n---\n\n\n\nBody after blank lines\n", True),
    ("---\ntitle: A\n---\nTitle: looks like MultiMarkdown\nBody\n", True),
    ("---  \ntitle: A\n...\nBody\n", True),
    ("---\ntitle: A\n---\n", True),
    ("---\r\ntitle: A\r\nsummary: S\r\n---\r\nBody\r\n", True),
    ("---\ntitle: 'It: quoted'\nreview_every: 90\nowner: \"team\"\n---\nBody\n", True),
    ("---\ntitle: A\nnotes: yes\n---\nBody\n", True),
    ("---\ntitle: A\nlast_reviewed: 2026-01-05\n---\nBody\n", False),  # MkDocs reads a date
    ("---\ntitle: A\non: x\n---\nBody\n", False),  # MkDocs' key is True
    ("---\ntitle: A\n---\nBody\rmore\n", False),  # MkDocs reads the CR as a line break
    ("---\ntitle: A\ntags: [x, y]\n---\nBody\n", True),
    ("---\ntitle: A\nsummary: 'It''s'\n---\nBody\n", False),  # an escaped quote: the full loader
    ("---\ntitle: A\n---", False),  # MkDocs wants a line break after the closing line
    ("Title: MultiMarkdown\n\nBody\n", False),
    ("# Heading\n\nBody\n", False),
]


@pytest.mark.parametrize(("text", "handed"), _HANDED)
def test_page_source_is_what_mkdocs_reads_from_the_file(contract: Contract, text: str, handed: bool) -> None:
    from mkdocs.utils.meta import get_data

    from generator.articles import _parse_front_matter

    meta, problems, source = _parse_front_matter(text, "a.md", "a.md", contract, None)
    assert meta is not None and not [p for p in problems if p.is_error]
    assert (source is not None) is handed
    if source is None:
        return
    markdown, data = get_data(text.replace("\r\n", "\n").replace("\r", "\n"))  # as MkDocs opens files
    assert source.markdown == markdown
    assert typed(source.meta) == typed(data)
    # What the plugin hands over: MkDocs finds no front matter in it and keeps the Markdown.
    assert get_data("\n" + source.markdown) == (source.markdown, {})


def test_page_source_of_every_sample_article_is_what_mkdocs_reads(contract: Contract) -> None:
    from mkdocs.utils.meta import get_data

    from generator.articles import _read_article

    handed = 0
    for path in sorted((REPO / "content").rglob("*.md")):
        _, _, source = _read_article(path, "x.md", contract, None, "x.md")
        if source is not None:
            handed += 1
            markdown, data = get_data(path.read_text("utf-8-sig"))
            assert (source.markdown, typed(source.meta)) == (markdown, typed(data))
    assert handed > 0
