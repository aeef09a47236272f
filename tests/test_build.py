"""`scopebook build`: one check of scope/ and the articles, then the MkDocs build."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from built_site import REPO, SAMPLE_SOURCES
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from generator import articles, build
from generator.contract import load_contract
from generator.plugin import ScopebookPlugin
from generator.views.common import ViewContext


def _sample(tmp_path: Path) -> Path:
    for name in SAMPLE_SOURCES:
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_build_checks_and_loads_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _sample(tmp_path)
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790812800")
    calls = {"check_scope": 0, "load_articles": 0}

    def counted(name: str, real: object) -> object:
        def wrapper(*args: object, **kwargs: object) -> object:
            calls[name] += 1
            return real(*args, **kwargs)  # type: ignore[operator]

        return wrapper

    calls["item views"] = 0
    monkeypatch.setattr(ViewContext, "_item", counted("item views", ViewContext._item))
    monkeypatch.setattr(articles, "check_scope", counted("check_scope", articles.check_scope))
    monkeypatch.setattr(articles, "load_articles", counted("load_articles", articles.load_articles))
    assert build.build_site(Path("mkdocs.yml"), src / "out") == 0
    assert (src / "out" / "scope" / "premium" / "index.html").is_file()
    contract = load_contract(src / "scope")
    # Each item is built once without statuses (overview, home), once per plan page, and
    # once with every plan (compare page and all coverage boxes): never once per page.
    assert calls.pop("item views") == len(contract.items()) * (len(contract.plans) + 2)
    assert calls == {"check_scope": 1, "load_articles": 1}


def test_a_build_keeps_its_long_lived_objects_out_of_full_collections_until_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.plugin import ScopebookPlugin

    src = _sample(tmp_path)
    monkeypatch.chdir(src)
    frozen: list[int] = []
    original = ScopebookPlugin.on_post_build

    def recorded(self: ScopebookPlugin, *, config: MkDocsConfig) -> None:
        frozen.append(gc.get_freeze_count())
        original(self, config=config)

    monkeypatch.setattr(ScopebookPlugin, "on_post_build", recorded)
    assert build.build_site(Path("mkdocs.yml"), src / "out") == 0
    # While pages and search are made, the contract and views (built in on_files) are frozen...
    assert frozen and frozen[0] > 10_000
    # ...and after the build nothing is: a longer process (tests, `mkdocs serve`) collects them.
    assert gc.get_freeze_count() == 0


def test_the_check_and_the_views_are_made_without_collections_and_kept_out_of_them_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import plugin
    from generator.plugin import ScopebookPlugin

    src = _sample(tmp_path)
    monkeypatch.chdir(src)
    # As in a process's first build (a rebuild first collects the earlier build's garbage).
    monkeypatch.setattr(plugin, "_built_before", False)
    running: list[str] = []
    passes: list[str] = []
    frozen_after_check: list[int] = []

    def traced(name: str) -> Any:
        original = getattr(ScopebookPlugin, name)

        def method(self: ScopebookPlugin, *args: Any, **kwargs: Any) -> Any:
            running.append(name)
            try:
                return original(self, *args, **kwargs)
            finally:
                running.pop()
                if name == "check":
                    frozen_after_check.append(gc.get_freeze_count())

        return method

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and running:
            passes.append(running[-1])

    monkeypatch.setattr(ScopebookPlugin, "check", traced("check"))
    monkeypatch.setattr(ScopebookPlugin, "on_files", traced("on_files"))
    gc.callbacks.append(counted)
    try:
        assert build.build_site(Path("mkdocs.yml"), src / "out") == 0
    finally:
        gc.callbacks.remove(counted)
    assert passes == []  # not one pass reads what they make while they make it...
    assert frozen_after_check and frozen_after_check[0] > 10_000  # ...nor after: the check's is frozen at once
    assert gc.isenabled() and gc.get_freeze_count() == 0


# --- One verdict: build fails exactly when check fails ------------------------------------

BROKEN_LINK = "\nSee [the old page](no-such-page.md) for more.\n"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from generator.cli import main

    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def warned_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample with two warnings and no error: a near-miss key and a broken Markdown link."""
    src = _sample(tmp_path)
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790812800")
    article = src / "content" / "sso" / "set-up-saml.md"
    lines = article.read_text("utf-8").splitlines()
    article.write_text("\n".join(lines) + "\n" + BROKEN_LINK, "utf-8")
    index = src / "content" / "sso" / "index.md"
    index.write_text(index.read_text("utf-8").replace("---\n", "---\ntgas: [x]\n", 1), "utf-8")
    return src


def test_check_reports_a_broken_markdown_link_at_its_line(
    warned_sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(["check"], capsys)
    assert code == 0, out
    lines = (warned_sample / "content" / "sso" / "set-up-saml.md").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "no-such-page.md" in text)
    column = lines[line - 1].index("no-such-page.md") + 1
    assert f"content/sso/set-up-saml.md:{line}:{column}: warning: " in out
    assert "no-such-page.md" in out and "content/sso/index.md:2:1: warning: unknown front matter key `tgas`" in out
    assert out.rstrip().endswith("0 errors, 2 warnings")


def test_a_warning_only_tree_passes_check_and_build_alike(
    warned_sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["check"], capsys)[0] == 0
    code, out = _run(["build", "-d", "out"], capsys)
    assert code == 0, out
    assert "no-such-page.md" in out and (warned_sample / "out" / "sso" / "set-up-saml" / "index.html").is_file()
    assert _run(["check", "--strict"], capsys)[0] == 1
    assert _run(["build", "--strict", "-d", "strict-out"], capsys)[0] == 1
    assert not (warned_sample / "strict-out").exists()


def test_strict_build_fails_on_a_link_warning_alone_and_keeps_the_old_site(
    warned_sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = warned_sample / "content" / "sso" / "index.md"
    index.write_text(index.read_text("utf-8").replace("tgas: [x]\n", ""), "utf-8")
    assert _run(["build", "-d", "out"], capsys)[0] == 0
    before = (warned_sample / "out" / "index.html").read_bytes()
    code, out = _run(["build", "--strict", "-d", "out"], capsys)
    assert code == 1 and "content/sso/set-up-saml.md:" in out and "Traceback" not in out
    assert _run(["check", "--strict"], capsys)[0] == 1
    assert (warned_sample / "out" / "index.html").read_bytes() == before
    assert not list(warned_sample.glob(".site-*"))


def test_check_leaves_the_environment_as_it_found_it(
    warned_sample: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The plugin dates a build from the contract; a later build in the same process must too.
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _run(["check"], capsys)[0] == 0
    assert "SOURCE_DATE_EPOCH" not in os.environ


# `scopebook check` beside a mkdocs.yml judges what `scopebook build` judges -----------------


def _site_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str | None = None, **options: object) -> Path:
    from built_site import sample_variant

    sample_variant(tmp_path, theme=theme, **options)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _article(root: Path, relative: str, front_matter: str = "") -> str:
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Mine\n{front_matter}---\n\nText.\n", "utf-8")
    return f"content/{relative}"


def _verdicts(capsys: pytest.CaptureFixture[str]) -> tuple[tuple[int, str], tuple[int, str]]:
    return _run(["check"], capsys), _run(["build", "-d", "out"], capsys)


@pytest.mark.parametrize(
    ("theme", "template", "known"),
    [(None, "home.html", True), (None, "nothere.html", False), ("mkdocs", "home.html", False)],
)
def test_check_judges_a_template_against_the_configured_theme_as_build_does(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    theme: str | None,
    template: str,
    known: bool,
) -> None:
    root = _site_variant(tmp_path, monkeypatch, theme)
    shown = _article(root, "t.md", f"template: {template}\n")
    (check, check_out), (built, build_out) = _verdicts(capsys)
    message = f"{shown}:3:11: error: the theme has no template `{template}`"
    assert (check, built) == ((0, 0) if known else (1, 1)), check_out + build_out
    assert (message in check_out, message in build_out) == (not known, not known)


def test_without_a_site_a_template_is_reported_as_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site_variant(tmp_path, monkeypatch)
    (root / "mkdocs.yml").unlink()
    shown = _article(root, "t.md", "template: nothere.html\n")
    code, out = _run(["check"], capsys)
    assert code == 0
    assert f"{shown}:3:11: warning: `template: nothere.html` is not checked: the site's theme is not known here" in out
    assert _run(["check", "--strict"], capsys)[0] == 1


def test_check_reads_the_folders_the_site_builds_as_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # MkDocs' own default is docs/, as on most Material sites; the contract may live elsewhere too.
    root = _site_variant(tmp_path, monkeypatch, scope_dir="policy")
    (root / "content").rename(root / "docs")
    (root / "scope").rename(root / "policy")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("docs_dir: content", "docs_dir: docs"), "utf-8")
    (root / "docs" / "mine.md").write_text("---\nscope: [no-such-item]\n---\n\nText.\n", "utf-8")
    (check, check_out), (built, build_out) = _verdicts(capsys)
    message = "docs/mine.md:2:9: error: unknown scope item `no-such-item`"
    assert (check, built) == (1, 1) and message in check_out and message in build_out, check_out
    assert check_out.rstrip().splitlines()[-1].startswith("policy/: 6 files, 4 plans, 50 items; docs/: 48 articles")
    # Folders given on the command line are checked without the site, as before.
    assert _run(["check", "--scope-dir", "policy", "--content-dir", "docs"], capsys)[0] == 1
    # The writers' commands read the same folders.
    (root / "docs" / "mine.md").unlink()
    code, out = _run(["report"], capsys)
    assert code == 0 and "## Scope items without an article" in out, out
    code, out = _run(["stale", "--days", "3650"], capsys)
    assert code == 0 and "docs/sso/index.md: " in out, out
    code, out = _run(["new", "article", "Brand new", "--section", "sso"], capsys)
    assert code == 0 and (root / "docs" / "sso" / "brand-new.md").is_file(), out


def test_a_readme_beside_an_index_md_is_named_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Repositories keep a README.md for their folder listing; MkDocs leaves it out when an
    # index.md is the folder's page, with a warning that named no file of ours.
    root = _site_variant(tmp_path, monkeypatch)
    shown = _article(root, "sso/README.md")
    (check, check_out), (built, build_out) = _verdicts(capsys)
    message = (
        f"{shown}:1:1: warning: MkDocs leaves this file out of the site: index.md beside it becomes the same page\n"
        "    hint: merge it into index.md, or rename it if it is an article of its own\n"
    )
    assert (check, built) == (0, 0) and message in check_out and message in build_out, check_out


@pytest.mark.parametrize("theme", [None, "material"])
def test_a_site_without_a_home_page_is_told_under_our_theme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], theme: str | None
) -> None:
    # Exports are often folders of articles with no index.md: every page of our theme links
    # Home (site name, breadcrumb, the search page's site map) to a page that is not built.
    root = _site_variant(tmp_path, monkeypatch, theme)
    (root / "content" / "index.md").unlink()
    (check, check_out), (built, build_out) = _verdicts(capsys)
    message = (
        "content/index.md: warning: the site has no home page, so every page's Home link opens nothing\n"
        "    hint: add content/index.md (a title and a sentence or two; the theme lays out the rest)\n"
    )
    ours = theme is None
    assert (check, built) == (0, 0), check_out + build_out
    assert (message in check_out, message in build_out) == (ours, ours), check_out
    assert _run(["check", "--strict"], capsys)[0] == (1 if ours else 0)
    # README.md is the home page too.
    (root / "content" / "README.md").write_text("# Help\n\nWelcome.\n", "utf-8")
    assert "no home page" not in _run(["check"], capsys)[1]


@pytest.mark.parametrize("command", ["check", "stale", "report"])
def test_a_content_folder_named_on_the_command_line_that_is_not_there_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # A typo in a pull-request workflow's --content-dir must not pass with no article checked
    # (nor the contract's links to articles, which need the folder to be checked against).
    root = _site_variant(tmp_path, monkeypatch)
    (root / "mkdocs.yml").unlink()
    code, out = _run([command, "--content-dir", "contnet"], capsys)
    assert (code, out) == (2, "scopebook: contnet: content folder not found (see --content-dir)\n")


@pytest.mark.parametrize(
    ("options", "relative", "collides"),
    [
        # the scope pages moved: their old place is free, the new one is taken
        ({"scope_path": "support-scope"}, "scope/compare/index.md", False),
        ({"scope_path": "support-scope"}, "support-scope/compare/index.md", True),
        # only the plans the site shows get pages
        ({"plans": ["free", "premium"]}, "scope/standard/index.md", False),
        ({"plans": ["free", "premium"]}, "scope/premium/index.md", True),
        # without directory URLs, compare.md becomes compare.html, not compare/index.html
        ({"use_directory_urls": False}, "scope/compare.md", False),
        ({}, "scope/compare.md", True),
    ],
)
def test_check_places_generated_pages_as_the_site_does(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    options: dict[str, object],
    relative: str,
    collides: bool,
) -> None:
    import yaml

    plugin_options = {k: v for k, v in options.items() if k != "use_directory_urls"}
    root = _site_variant(tmp_path, monkeypatch, **plugin_options)
    if "use_directory_urls" in options:
        config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
        config["use_directory_urls"] = options["use_directory_urls"]
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    shown = _article(root, relative)
    (check, check_out), (built, build_out) = _verdicts(capsys)
    assert (check, built) == ((1, 1) if collides else (0, 0)), check_out + build_out
    replaced = f"{shown}:1:1: error: this file would be replaced by"
    assert (replaced in check_out, replaced in build_out) == (collides, collides)


def test_a_build_keeps_no_yaml_positions_and_loads_no_live_reload_server(tmp_path: Path) -> None:
    import subprocess
    import sys

    src = _sample(tmp_path)
    sources = articles.check_sources(src / "scope", src / "content")
    assert sources.report.merged is not None  # the check reads positions (collisions, diff)
    lean = sources.for_build()
    assert lean.report.merged is None and lean.report.origins is None
    assert (lean.contract, lean.articles, lean.problems) == (sources.contract, sources.articles, sources.problems)
    # Only `mkdocs serve` needs MkDocs' live-reload server (http, ssl, watchdog: 3 MiB).
    probe = "import sys, generator.plugin, generator.build; print('mkdocs.livereload' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "False\n"


def test_a_build_does_not_import_what_only_other_commands_or_options_use() -> None:
    import subprocess
    import sys

    # Ticket measuring, Pagefind, the serve preview and the review commands load when used.
    probe = (
        "import sys, generator.cli, generator.plugin, generator.build, generator.search; "
        "print(sorted(m for m in sys.modules if m.split('.')[-1] in "
        "('attainment', 'performance', 'pagefind', 'preview', 'review')))"
    )
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "[]\n"


# --- Articles handed to MkDocs as the check read them ---------------------------------------


def _site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_articles_handed_over_build_the_site_mkdocs_builds_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _sample(tmp_path)
    # Front matter of the kinds the check can hand over and of the kinds it leaves to MkDocs.
    extra = {
        "guides/handed.md": "---\ntitle: Handed over\ntags:\n- one\n- two\nhide:\n- toc\n---\n\n\nFirst: line\n\nBody.\n",
        "guides/dated.md": "---\ntitle: Dated\nlast_reviewed: 2026-01-05\n---\nBody.\n",
        "guides/crlf.md": "---\r\ntitle: Windows\r\nsummary: Lines end in CR LF\r\n---\r\nBody.\r\n",
        "guides/quoted.md": "---\ntitle: 'Quoted: title'\nsummary: \"Say it\"\n---\nTitle: not meta\nBody.\n",
        "guides/none.md": "Title: multimarkdown\n\nNo YAML front matter.\n",
    }
    for name, text in extra.items():
        (src / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (src / "content" / name).write_bytes(text.encode("utf-8"))
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790812800")
    handed: list[str] = []
    read_source = ScopebookPlugin._read_source

    def counted(self: ScopebookPlugin, *, page: Page, config: MkDocsConfig) -> str | None:
        text = read_source(self, page=page, config=config)
        if text is not None:
            handed.append(page.file.src_uri)
        return text

    monkeypatch.setattr(ScopebookPlugin, "_read_source", counted)
    assert build.build_site(Path("mkdocs.yml"), src / "handed") == 0
    assert "guides/handed.md" in handed and "guides/crlf.md" in handed and "guides/quoted.md" in handed
    assert "guides/dated.md" not in handed and "guides/none.md" not in handed  # MkDocs reads a date
    monkeypatch.setattr(ScopebookPlugin, "_hand_over", lambda self, config, sources: None)
    assert build.build_site(Path("mkdocs.yml"), src / "read") == 0
    handed_site, read_site = _site_files(src / "handed"), _site_files(src / "read")
    assert handed_site.keys() == read_site.keys()
    assert [name for name in handed_site if handed_site[name] != read_site[name]] == []


def test_a_page_another_plugin_rewrote_is_built_from_the_rewritten_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # MkDocs 1.6 lets a plugin (here a hook) give a page new text in on_files, by
    # File.content_string or by pointing the file at another path (mkdocs-gen-files does):
    # MkDocs then reads that text, so the build must not hand over what the check read.
    src = _sample(tmp_path)
    (src / "rewrite.py").write_text(
        "import os\n\n"
        "def on_files(files, config):\n"
        "    for file in files.documentation_pages():\n"
        "        if file.src_uri.startswith('sso/'):\n"
        "            file.content_string = file.content_string + '\\n\\nREWRITTEN-BY-A-PLUGIN\\n'\n"
        "        elif file.src_uri.startswith('api/'):\n"
        "            moved = os.path.join(config.site_dir + '-moved', file.src_uri)\n"
        "            os.makedirs(os.path.dirname(moved), exist_ok=True)\n"
        "            with open(file.abs_src_path, encoding='utf-8') as handle:\n"
        "                text = handle.read()\n"
        "            with open(moved, 'w', encoding='utf-8') as handle:\n"
        "                handle.write(text + '\\n\\nMOVED-BY-A-PLUGIN\\n')\n"
        "            file.abs_src_path = moved\n"
        "    return files\n",
        "utf-8",
    )
    with (src / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write("\nhooks:\n  - rewrite.py\n")
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790812800")
    assert build.build_site(Path("mkdocs.yml"), src / "out") == 0
    for folder, mark in (("sso", "REWRITTEN-BY-A-PLUGIN"), ("api", "MOVED-BY-A-PLUGIN")):
        pages = sorted(
            p.relative_to(src / "content").with_suffix("").as_posix() for p in (src / "content" / folder).glob("*.md")
        )
        assert pages
        for page in pages:
            built = src / "out" / (page.removesuffix("index") if page.endswith("index") else page + "/") / "index.html"
            assert mark in built.read_text("utf-8"), page


def test_rebuilds_in_one_process_keep_nothing_frozen_between_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `mkdocs serve` builds again and again in one process, with no on_shutdown between
    # builds. What a build keeps out of collections must not include an earlier build's
    # garbage (its pages, held in cycles with their files), or every rebuild's garbage
    # stays in memory: frozen for good, or frozen again by each rebuild before a full
    # collection could free it. A failed build keeps nothing frozen either.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    src = _sample(tmp_path)
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790812800")
    (src / "watch.py").write_text(
        "import os, weakref\n\n"
        "PAGES = []\n\n"
        "def on_page_markdown(markdown, page, config, files):\n"
        "    if os.environ.get('REBUILD_FAILS'):\n"
        "        raise RuntimeError('a plugin failed')\n"
        "    if page.file.src_uri == 'index.md':\n"
        "        PAGES.append(weakref.ref(page))\n"
        "    return markdown\n",
        "utf-8",
    )
    with (src / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write("\nhooks:\n  - watch.py\n")
    gc.collect()
    pages: list[Any] = []
    for build_number in range(3):
        config = load_config("mkdocs.yml", site_dir=str(src / "out"))
        if build_number == 0:
            config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
        assert gc.get_freeze_count() == 0, build_number
        pages = config.plugins["watch.py"].PAGES  # type: ignore[attr-defined]
    assert len(pages) == 3
    assert pages[0]() is None  # the first build's page is gone, without a collection asked for here
    monkeypatch.setenv("REBUILD_FAILS", "1")
    config = load_config("mkdocs.yml", site_dir=str(src / "out"))
    with pytest.raises(RuntimeError, match="a plugin failed"):
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    assert gc.get_freeze_count() == 0


def test_a_template_that_fails_is_named_as_such_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Jinja's TemplateNotFound is an OSError too; it is not a folder that cannot be written.
    site = _sample(tmp_path)
    monkeypatch.chdir(site)
    assert _run(["build"], capsys)[0] == 0
    before = (site / "site" / "index.html").read_bytes()
    shutil.copytree(REPO / "tests" / "fixtures" / "custom-dir-broken-template", site / "overrides")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  name: scopebook\n", "  name: scopebook\n  custom_dir: overrides\n"))
    code, out = _run(["build"], capsys)
    assert code == 1 and "Traceback" not in out, out
    assert "partials/nowhere.html" in out and "cannot write" not in out, out
    assert (site / "site" / "index.html").read_bytes() == before


def test_many_broken_anchors_in_one_page_read_the_page_once_to_locate_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each warning used to read and split the page again: 40,000 broken anchors in a
    # 900 KB page took over a minute to locate.
    root = _site_variant(tmp_path, monkeypatch)
    links = " ".join(f"[to {n}](#nowhere-{n})" for n in range(60))
    (root / "content" / "anchors.md").write_text(f"# Anchors\n\n{links}\n", "utf-8")
    reads: list[str] = []
    read_text = Path.read_text

    def counted(self: Path, *args: Any, **kwargs: Any) -> str:
        if self.name == "anchors.md":
            reads.append(str(self))
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    code, out = _run(["check"], capsys)
    assert code == 0 and out.count("content/anchors.md:3:") == 60, out
    assert "content/anchors.md:3:1228: warning: " in out  # the 60th link, where it is written
    assert len(reads) == 1
