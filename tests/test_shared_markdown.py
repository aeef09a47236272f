"""One Python-Markdown instance per build gives every page exactly what MkDocs' own render gives."""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from built_site import REPO, SAMPLE_SOURCES
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from generator import shared_markdown
from generator.markdown_safe import SafeMarkdownExtension
from generator.shared_markdown import SharedMarkdown

# Pages whose conversion leaves state behind in an instance that is not reset: abbreviations,
# footnotes, reference links and meta data defined on one page only, the same headings
# (toc slugs) on two pages, links to other pages and their anchors, raw HTML anchors.
PAGES = {
    "index.md": "# Home\n\nSee [the guide](guide/setup.md#install) and [missing](nope.md).\n",
    "guide/setup.md": (
        "title: Meta title\nsummary: kept\n\n"
        "# Set up\n\n## Install\n\nThe HTML spec[^1] and the [W3C][w3c] say so.\n\n"
        "*[HTML]: Hyper Text Markup Language\n\n[^1]: A footnote.\n\n[w3c]: https://www.w3.org/\n\n"
        '## Install\n\n!!! note "Careful"\n    An *admonition*.\n\n'
        "Term\n:   Its definition.\n\n| a | b |\n|---|---|\n| `x|y` | 2 |\n\n"
        '```python\nprint("hi")\n```\n\n{: #para .cls }\nA paragraph with attributes.\n\n'
        '<div markdown="1" id="raw-anchor">**Inside** HTML</div>\n\n'
        '"Quotes" -- and [[Wiki Link]] line  \nbreak.\n'
    ),
    "guide/other.md": (
        "# Other\n\n## Install\n\nHTML again[^1] and [W3C][w3c] undefined here.\n\n"
        "[^1]: Another footnote.\n\n[Back](setup.md#install) and [up](../index.md).\n"
    ),
    "plain.md": "No heading, just text with HTML and a [link](guide/other.md).\n\n1. one\n2. two\n\n* three\n",
    # PyMdown: tab groups, code blocks and line anchors are numbered per page.
    "tabs/one.md": (
        '# Tabs\n\n=== "A"\n\n    First tab\n\n=== "B"\n\n    Second tab\n\n'
        '??? note "Folded"\n    Hidden ==mark== ^^ins^^ ~~del~~ ++ctrl+alt+del++ (c) 1/2 -->\n\n'
        '- [x] done\n- [ ] open\n\n```python linenums="1"\nx = 1\ny = 2\n```\n\n'
        "`#!python print(1)` and :smile: and $x^2$ and https://example.com and __strong__em_.\n"
    ),
    "tabs/two.md": (
        '# Tabs again\n\n=== "C"\n\n    Third tab\n\n```python linenums="1"\nz = 3\n```\n\n'
        "- Item\n\n    ```text\n    fenced in a list\n    ```\n"
    ),
}
SAFE_SET: list[Any] = ["toc", "tables", "admonition", "attr_list", "sane_lists", SafeMarkdownExtension()]
EVERY_OWN_SET: list[Any] = [
    "extra",
    "abbr",
    "admonition",
    "codehilite",
    "markdown.extensions.toc",
    "smarty",
    "wikilinks",
    "nl2br",
    "sane_lists",
    "meta",
    "legacy_attrs",
    "legacy_em",
]


MATERIAL_SET: list[Any] = [
    "toc",
    "tables",
    "admonition",
    "attr_list",
    "md_in_html",
    "footnotes",
    "abbr",
    "def_list",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
    "pymdownx.details",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.mark",
    "pymdownx.caret",
    "pymdownx.tilde",
    "pymdownx.keys",
    "pymdownx.smartsymbols",
    "pymdownx.betterem",
    "pymdownx.emoji",
    "pymdownx.arithmatex",
]
MATERIAL_OPTIONS = {
    "pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span"},
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.tasklist": {"custom_checkbox": True},
    "pymdownx.arithmatex": {"generic": True},
    "toc": {"permalink": True},
}


def _site(tmp_path: Path, extensions: list[Any], configs: dict[str, Any] | None = None) -> tuple[MkDocsConfig, Files]:
    docs = tmp_path / "docs"
    for name, text in PAGES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, "utf-8")
    names = [e for e in extensions if isinstance(e, str)]
    settings = {"site_name": "t", "markdown_extensions": names}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings), "utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.markdown_extensions.extend(e for e in extensions if not isinstance(e, str))
    config.mdx_configs.update(configs or {})
    files = get_files(config)
    get_navigation(files, config)
    return config, files


def _pages(files: Files) -> list[Page]:
    pages = [f.page for f in files.documentation_pages()]
    assert len(pages) == len(PAGES) and all(p is not None for p in pages)
    return pages  # type: ignore[return-value]


def _rendered(page: Page) -> tuple[object, ...]:
    return (
        page.content,
        str(page.toc),
        [(a.id, a.level) for a in page.toc],
        page.title,
        sorted(page.present_anchor_ids or ()),
        page.links_to_anchors,
    )


def _by_mkdocs(config: MkDocsConfig, files: Files) -> dict[str, tuple[object, ...]]:
    found = {}
    for page in _pages(files):
        page.read_source(config)
        Page.render(page, config, files)
        found[page.file.src_uri] = _rendered(page)
    return found


def _shared(config: MkDocsConfig, files: Files, order: list[Page]) -> dict[str, tuple[object, ...]]:
    shared = SharedMarkdown.for_config(config)
    assert shared is not None
    found = {}
    for page in order:
        page.read_source(config)
        shared.attach(page)
        page.render(config, files)
        found[page.file.src_uri] = _rendered(page)
    return found


@pytest.mark.parametrize(
    ("extensions", "configs"),
    [
        (SAFE_SET, {}),
        (EVERY_OWN_SET, {}),
        (
            EVERY_OWN_SET,
            {"markdown.extensions.toc": {"permalink": True}, "extra": {"footnotes": {"BACKLINK_TEXT": "^"}}},
        ),
        (["footnotes", "toc", "abbr", "md_in_html", "def_list", "fenced_code", "tables", "attr_list"], {}),
        (MATERIAL_SET, MATERIAL_OPTIONS),
        ([*MATERIAL_SET, SafeMarkdownExtension()], {"pymdownx.tabbed": {"alternate_style": True}}),
    ],
    ids=[
        "scopebook-default",
        "every-own-extension",
        "with-options",
        "separate-extra-parts",
        "material",
        "material-safe",
    ],
)
def test_pages_rendered_by_one_instance_are_what_mkdocs_renders(
    tmp_path: Path, extensions: list[Any], configs: dict[str, Any]
) -> None:
    config, files = _site(tmp_path, extensions, configs)
    expected = _by_mkdocs(config, files)
    # The abbreviation, footnote, reference link and meta data of one page must not reach
    # the pages converted after it, in either order.
    pages = _pages(files)
    assert _shared(config, files, pages) == expected
    assert _shared(config, files, pages[::-1]) == expected
    other = expected["guide/other.md"][0]
    assert isinstance(other, str)
    assert "<abbr" not in other and "www.w3.org" not in other, other  # the fixture shows what it should
    assert 'id="install_1"' not in other  # toc slugs start again on each page
    if "pymdownx.tabbed" in extensions:
        for name in ("tabs/one.md", "tabs/two.md"):
            assert "__tabbed_1_1" in str(expected[name][0])  # tab groups are numbered per page


def _count_instances(monkeypatch: pytest.MonkeyPatch) -> list[markdown.Markdown]:
    """Every Markdown instance made from now on, in a list."""
    made = []
    original = markdown.Markdown.__init__

    def counting(self: markdown.Markdown, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", counting)
    return made


def test_one_instance_converts_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, files = _site(tmp_path, SAFE_SET)
    made = _count_instances(monkeypatch)
    _shared(config, files, _pages(files))
    assert len(made) == 1


@pytest.mark.parametrize(
    "extensions",
    [["toc", "pymdownx.snippets"], ["toc", "markdown.extensions.toc:TocExtension"], ["toc", "myown.extension"]],
)
def test_an_extension_not_known_to_reset_keeps_mkdocs_render(tmp_path: Path, extensions: list[str]) -> None:
    config, _files = _site(tmp_path, ["toc"])
    config.markdown_extensions[:] = extensions
    assert SharedMarkdown.for_config(config) is None


def test_footnotes_numbered_per_document_keep_mkdocs_render(tmp_path: Path) -> None:
    # With UNIQUE_IDS, footnotes count resets to number each document: one instance would
    # give the second page's footnotes other ids than MkDocs gives them.
    config, files = _site(tmp_path, ["footnotes"], {"footnotes": {"UNIQUE_IDS": True}})
    expected = _by_mkdocs(config, files)
    # MkDocs' fresh instance per page numbers every page's footnotes alike.
    ids = [re.findall(r'id="fn:(\d+)-1"', str(expected[name][0])) for name in ("guide/setup.md", "guide/other.md")]
    assert ids[0] == ids[1] and len(ids[0]) == 1, ids
    assert _shared(config, files, _pages(files)) == expected


def test_extensions_changed_during_the_build_are_used_as_mkdocs_would(tmp_path: Path) -> None:
    config, files = _site(tmp_path, ["toc"])
    shared = SharedMarkdown.for_config(config)
    assert shared is not None
    first, second, *_ = _pages(files)
    for page in (first, second):
        page.read_source(config)
        shared.attach(page)
    first.render(config, files)
    config.markdown_extensions.append("abbr")  # as a plugin's on_page_markdown might
    second.render(config, files)
    rendered = second.content
    Page.render(second, config, files)
    assert rendered == second.content


def test_an_option_object_such_as_a_slugify_function_keeps_the_sharing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Material sites often set `toc: slugify: !!python/object/apply:pymdownx.slugs.slugify`:
    # an object without `==` of its own, in options that are otherwise plain data.
    from pymdownx.slugs import slugify

    options = {"toc": {"slugify": slugify(case="lower"), "permalink": True}, "pymdownx.tabbed": {"slugify": None}}
    config, files = _site(tmp_path, ["toc", "pymdownx.tabbed"], options)
    expected = _by_mkdocs(config, files)
    made = _count_instances(monkeypatch)
    assert _shared(config, files, _pages(files)) == expected
    assert len(made) == 1


def test_an_option_changed_during_the_build_is_used_as_mkdocs_would(tmp_path: Path) -> None:
    config, files = _site(tmp_path, ["toc"], {"toc": {"permalink": False}})
    shared = SharedMarkdown.for_config(config)
    assert shared is not None
    pages = {p.file.src_uri: p for p in _pages(files)}
    first, second = pages["index.md"], pages["guide/setup.md"]
    for page in (first, second):
        page.read_source(config)
        shared.attach(page)
    first.render(config, files)
    config.mdx_configs["toc"]["permalink"] = True  # changed in place, as a plugin might
    second.render(config, files)
    rendered = second.content
    Page.render(second, config, files)
    assert rendered == second.content and "headerlink" in rendered


def test_a_page_of_another_class_keeps_its_own_render(tmp_path: Path) -> None:
    class OwnPage(Page):
        pass

    config, files = _site(tmp_path, ["toc"])
    page = OwnPage(None, files.documentation_pages()[0], config)
    shared = SharedMarkdown.for_config(config)
    assert shared is not None
    shared.attach(page)
    assert "render" not in vars(page)


def test_a_failed_conversion_stops_the_sharing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, files = _site(tmp_path, ["toc"])
    shared = SharedMarkdown.for_config(config)
    assert shared is not None
    first, second, *_ = _pages(files)
    first.read_source(config)
    shared.attach(first)
    monkeypatch.setattr(markdown.Markdown, "convert", _failing)
    with pytest.raises(RuntimeError, match="half-way"):
        first.render(config, files)
    monkeypatch.undo()
    second.read_source(config)
    shared.attach(second)
    assert "render" not in vars(second)


def _failing(self: markdown.Markdown, source: str) -> str:
    raise RuntimeError("stopped half-way")


def _sample(tmp_path: Path) -> Path:
    for name in SAMPLE_SOURCES:
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _build(src: Path, site: Path) -> None:
    config = load_config(str(src / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def _same_tree(a: Path, b: Path) -> list[str]:
    differ = []
    compared = filecmp.dircmp(a, b)
    differ += compared.left_only + compared.right_only
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    differ += mismatch + errors
    for sub in compared.common_dirs:
        differ += [f"{sub}/{d}" for d in _same_tree(a / sub, b / sub)]
    return differ


def test_the_sample_site_is_the_same_with_mkdocs_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _sample(tmp_path / "src")
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790812800")
    made = _count_instances(monkeypatch)
    _build(src, tmp_path / "shared")
    shared_count = len(made)
    monkeypatch.setattr(shared_markdown.SharedMarkdown, "for_config", classmethod(lambda cls, config: None))
    made.clear()
    _build(src, tmp_path / "own")
    pages = len(list((tmp_path / "own").rglob("*.html")))
    assert len(made) >= pages > shared_count  # MkDocs makes one per page, the sharing far fewer
    assert _same_tree(tmp_path / "shared", tmp_path / "own") == []
