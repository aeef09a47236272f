"""Checks across articles, and `check --format github` annotating articles as well as scope files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scope_fixtures import MINIMAL, scope_dir_with

from generator.cli import main

ANNOTATIONS = Path(__file__).parent / "fixtures" / "annotations"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose help center lives in help/; checks run from there."""
    (tmp_path / ".git").mkdir()
    project = tmp_path / "help"
    shutil.copytree(ANNOTATIONS, project)
    scope_dir_with(project, MINIMAL)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    # check runs MkDocs in this process, and the plugin sets SOURCE_DATE_EPOCH when it is
    # unset: keep that from outliving the test (later builds would take this contract's date).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")
    monkeypatch.chdir(project)
    return project


def test_duplicate_title_is_a_warning_on_the_later_article(repo, capsys):
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert (
        "content/guide.md:2:8: warning: the title `Guide` is also the title of content/copy.md\n"
        "    hint: give each article its own title: readers tell them apart by it in search results and menus"
    ) in out


def test_titles_differing_only_in_case_and_spaces_are_duplicates(repo, capsys):
    (repo / "content" / "copy.md").write_text("---\ntitle: '  guide '\n---\n", "utf-8")
    main(["check"])
    assert "content/guide.md:2:8: warning: the title `Guide` is also the title of content/copy.md" in (
        capsys.readouterr().out
    )


def test_the_same_title_in_two_folders_is_no_duplicate(repo, capsys):
    # Two sections' "Overview" pages: search results and menus name the section beside the
    # title (a Material site with strict: true would fail on the warning otherwise).
    shutil.copytree(Path(__file__).parent / "fixtures" / "same-title-in-two-sections", repo / "content", dirs_exist_ok=True)
    main(["check"])
    out = capsys.readouterr().out
    assert "Overview" not in out, out
    assert "content/guide.md:2:8: warning: the title `Guide` is also the title of content/copy.md" in out


def test_github_annotations_on_articles(repo, capsys):
    assert main(["check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    expected = [
        "::error file=help/content/front-matter.md,line=3,col=15::review_every: must be a number of days, weeks, "
        "months or years (got `soon`) (hint: for example `review_every: 6 months`)",
        "::warning file=help/content/guide.md,line=2,col=8::the title `Guide` is also the title of content/copy.md "
        "(hint: give each article its own title: readers tell them apart by it in search results and menus)",
        "::error file=help/content/unknown-item.md,line=3,col=9::unknown scope item `ssso` (hint: did you mean `sso`?)",
    ]
    for line in expected:
        assert line in lines


def test_github_annotations_on_links_anchors_and_images(repo, capsys):
    # MkDocs' link check runs once the sources have no errors.
    (repo / "content" / "front-matter.md").unlink()
    (repo / "content" / "unknown-item.md").unlink()
    assert main(["check", "--format", "github", "--strict"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:4] == [
        "::warning file=help/content/guide.md,line=6,col=25::Doc file 'guide.md' contains a link 'missing.md', "
        "but the target is not found among documentation files. (hint: fix the link, or the file or heading it "
        "points to)",
        "::warning file=help/content/guide.md,line=8,col=38::image `images/missing.png` not found (hint: add the "
        "picture as content/images/missing.png, or fix the path: it is relative to the article)",
        "::warning file=help/content/guide.md,line=6,col=71::Doc file 'guide.md' contains a link 'index.md#nowhere', "
        "but the doc 'index.md' does not contain an anchor '#nowhere'. (hint: fix the link, or the file or heading "
        "it points to)",
    ]
    # Once the picture exists, it is no longer reported.
    (repo / "content" / "images").mkdir()
    (repo / "content" / "images" / "missing.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    main(["check", "--format", "github"])
    assert "missing.png" not in capsys.readouterr().out


def test_a_missing_image_of_an_article_in_a_section_is_named_as_such(repo, capsys):
    # MkDocs names the target when the link is not the target's own path ('../images/x.png').
    (repo / "content" / "front-matter.md").unlink()
    (repo / "content" / "unknown-item.md").unlink()
    (repo / "content" / "sso").mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "missing-image-in-a-section" / "screenshot.md", repo / "content" / "sso")
    main(["check"])
    out = capsys.readouterr().out
    assert (
        "content/sso/screenshot.md:7:22: warning: image `../images/settings.png` not found\n"
        "    hint: add the picture as content/images/settings.png, or fix the path: it is relative to the article"
    ) in out, out


# --- Links and pictures whose address the URL policy refuses ---------------------------------

REFUSED_LINKS = Path(__file__).parent / "fixtures" / "refused-links"
# Where the fixture writes each refused address (file:line:col), and what the warning says.
REFUSED_IN_FIXTURE = [
    ("scope/contract.yaml:44:42", "the link to `data:text/html,hi` was removed: `data:` links are not allowed"),
    ("scope/contract.yaml:76:28", "the link to `javascript:alert(` was removed: `javascript:` links are not allowed"),
    ("scope/contract.yaml:90:24", "the link to `vbscript:msgbox(1)` was removed: `vbscript:` links are not allowed"),
    ("content/guide.md:5:20", "the link to `javascript:alert(1)` was removed: `javascript:` links are not allowed"),
    (
        "content/guide.md:7:24",
        "the picture `javascript:alert(2)` is not shown: `javascript:` links are not allowed; "
        "readers see its alt text instead",
    ),
    ("content/guide.md:13:25", "the link to `javascript:alert(1)` was removed"),  # the same address, again
    ("content/guide.md:15:60", "the link to `JavaScript:alert(5)` was removed"),  # set by attr_list
    ("content/guide.md:17:8", "the link to `vbscript:msgbox(1)` was removed"),  # a reference's definition
]


@pytest.fixture
def refused_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REFUSED_LINKS, tmp_path / "site")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")  # see `repo` above
    monkeypatch.chdir(tmp_path / "site")
    return tmp_path / "site"


def _refused(out: str) -> list[tuple[str, str]]:
    found = []
    for line in out.splitlines():
        where, _, message = line.partition(": warning: ")
        if message:
            found.append((where, message))
    return found


def test_check_reports_each_refused_address_where_it_is_written(refused_site, capsys):
    assert main(["check"]) == 0  # a warning, as a broken link is: the page is built without it
    out = capsys.readouterr().out
    found = _refused(out)
    assert [where for where, _ in found] == [where for where, _ in REFUSED_IN_FIXTURE]
    for (_, message), (_, expected) in zip(found, REFUSED_IN_FIXTURE, strict=True):
        assert message.startswith(expected)
    assert "readers see its words without a link\n    hint: link with an address starting with https://" in out
    assert "hint: save the picture as a file beside the article and give its relative path" in out
    assert "javascript:alert(3)" not in out and "javascript:alert(4)" not in out  # code is text
    assert main(["check", "--strict"]) == 1


def test_build_reports_the_same_and_builds_the_words(refused_site, capsys):
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert [where for where, _ in _refused(out)] == [where for where, _ in REFUSED_IN_FIXTURE]
    page = (refused_site / "site" / "guide" / "index.html").read_text("utf-8")
    assert "<span>the console</span>" in page and "<span>The settings screen</span>" in page
    assert "javascript:alert(1)" not in page
    assert main(["build", "--strict"]) == 1


def test_mkdocs_build_logs_each_refused_address_with_its_place(refused_site):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(refused_site / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == len(REFUSED_IN_FIXTURE)
    assert any("content/guide.md:17:8: the link to `vbscript:msgbox(1)` was removed" in w for w in warnings)


def test_a_site_allowing_raw_html_keeps_markdown_links_and_reports_none(refused_site, capsys):
    config = refused_site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("- scopebook\n", "- scopebook:\n      allow_raw_html: true\n"))
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    # The contract is always sanitised; articles are the site owner's to trust.
    assert {where.split(":")[0] for where, _ in _refused(out)} == {"scope/contract.yaml"}
    page = (refused_site / "site" / "guide" / "index.html").read_text("utf-8")
    assert 'href="javascript:alert(1)"' in page


def test_a_refused_address_is_quoted_short_and_inert(refused_site, capsys):
    # A terminal escape (OSC 8 hyperlink), a backtick ending the quote, markup for a log shown as HTML.
    address = 'javascript:alert(1)//\x1b]8;;x\x07`<img"src=x>' + "A" * 200
    (refused_site / "content" / "guide.md").write_text(f"# Guide\n\n[x]({address})\n", "utf-8")
    main(["check"])
    line = next(line for line in capsys.readouterr().out.splitlines() if "guide.md" in line)
    assert line.startswith(
        "content/guide.md:3:5: warning: the link to "
        "`javascript:alert(1)//%1B]8;;x%07%60%3Cimg%22src=x%3EAAAAAAAA...` was removed"
    )
    assert "\x1b" not in line and "<img" not in line and "A" * 20 not in line
