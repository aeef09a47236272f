"""Article front matter: the problems `scopebook check` and the MkDocs build report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from built_site import REPO

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


def test_missing_title_is_an_error(contract: Contract) -> None:
    meta, problems = parse_front_matter("---\nsummary: No title\n---\n", "a.md", "a.md", contract)
    assert meta is None
    assert [p.level for p in problems] == ["error"]
    assert "`title`" in problems[0].message
    assert problems[0].line == 2


def test_misspelt_title_is_an_error_with_a_rename_hint(contract: Contract) -> None:
    meta, problems = parse_front_matter("---\ntitel: A\n---\n", "a.md", "a.md", contract)
    assert meta is None
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 1 and errors[0].hint == "rename `titel` to `title`"


def test_no_front_matter_is_an_error(contract: Contract) -> None:
    _, problems = parse_front_matter("# Just a heading\n", "a.md", "a.md", contract)
    assert [(p.line, p.column, p.level) for p in problems] == [(1, 1, "error")]


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
