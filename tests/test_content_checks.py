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
