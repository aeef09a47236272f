"""Checks across articles, and `check --format github` annotating articles as well as scope files."""

from __future__ import annotations

import shutil
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
