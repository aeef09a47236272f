"""Ids and files that would collide with generated pages, files or element ids: located errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from scope_fixtures import MINIMAL

from generator.cli import main
from generator.collisions import theme_element_ids


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scope").mkdir()
    shutil.copy(MINIMAL, tmp_path / "scope" / "minimal.yaml")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_text("---\ntitle: Home\n---\n", "utf-8")
    return tmp_path


def _check(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.chdir(project)
    code = main(["check"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def _rename(project: Path, old: str, new: str) -> None:
    path = project / "scope" / "minimal.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize("plan_id", ["compare", "changes"])
def test_a_plan_id_that_names_a_generated_page_is_located(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], plan_id: str
) -> None:
    text = re.sub(r"\bpro\b", plan_id, (project / "scope" / "minimal.yaml").read_text("utf-8"))
    (project / "scope" / "minimal.yaml").write_text(text, "utf-8")
    code, out = _check(project, monkeypatch, capsys)
    assert code == 1
    assert (
        f"scope/minimal.yaml:19:9: error: plan id `{plan_id}` would give the plan the address of the generated page "
        f"`scope/{plan_id}/`"
    ) in out


@pytest.mark.parametrize("item_id", ["main", "copy-status", "search-input", "sb-option-0"])
def test_an_item_id_that_is_a_theme_element_id_is_located(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], item_id: str
) -> None:
    _rename(project, "id: install", f"id: {item_id}")
    code, out = _check(project, monkeypatch, capsys)
    assert code == 1
    assert f"scope/minimal.yaml:71:13: error: item id `{item_id}` is also the id of an element of every page" in out


def test_the_theme_element_ids_are_read_from_the_templates() -> None:
    ids, prefixes = theme_element_ids()
    assert {"main", "copy-status", "search-input", "sb-listbox"} <= ids
    assert "sb-option-" in prefixes


@pytest.mark.parametrize(
    ("name", "replaced_by"),
    [
        ("tags.md", "the generated page `tags/`"),
        ("scope.json", "the generated file `scope.json`"),
        ("search/index.md", "the generated page `search/`"),
        ("scope/compare/index.md", "the generated page `scope/compare/`"),
        ("search/terms/0.json", "the generated folder `search/terms/`"),
        ("search/docs/notes.md", "the generated folder `search/docs/`"),
        ("scope/basic/with/onboarding.md", "the generated page `scope/basic/with/onboarding/`"),
    ],
)
def test_a_content_file_that_a_generated_one_would_replace_is_located(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, replaced_by: str
) -> None:
    path = project / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: Mine\n---\n" if name.endswith(".md") else "{}", "utf-8")
    code, out = _check(project, monkeypatch, capsys)
    assert code == 1
    assert f"content/{name}" in out and f"this file would be replaced by {replaced_by}" in out


def test_two_articles_that_become_one_page_are_located(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # guide.md and guide/index.md both become guide/: MkDocs writes one over the other
    # (it only notices two such files in one folder, such as README.md beside index.md).
    shutil.copytree(Path(__file__).parent / "fixtures" / "page-and-folder-page", project / "content", dirs_exist_ok=True)
    code, out = _check(project, monkeypatch, capsys)
    assert code == 1
    assert (
        "content/guide.md:1:1: error: this article and content/guide/index.md both become the page `guide/`, "
        "so one would be lost\n"
        "    hint: rename one, or merge them: a folder's index.md is the page at the folder's address"
    ) in out, out


def test_the_sample_has_no_collision(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from built_site import REPO

    monkeypatch.chdir(REPO)
    assert main(["check", "--strict"]) == 0
    assert "route-collision" not in capsys.readouterr().out


def test_collisions_follow_the_sites_scope_path(project: Path) -> None:
    from generator.articles import check_sources

    page = project / "content" / "support-scope" / "compare" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Mine\n---\n", "utf-8")
    moved = check_sources(project / "scope", project / "content", scope_path="support-scope")
    located = [p.file for p in moved.errors if "would be replaced by" in p.message]
    assert len(located) == 1 and located[0].endswith("content/support-scope/compare/index.md")
    default = check_sources(project / "scope", project / "content")
    assert not [p for p in default.errors if "would be replaced by" in p.message]


def test_the_folder_a_file_lies_under_is_the_first_generated_name_before_a_slash() -> None:
    from generator.collisions import _first_folder

    names = ["search", "search/terms", "scope/free/index.html", "", "a/b", "a", "contract.json"]
    outputs = ["search/terms/x.json", "search/x", "a/b/c", "a/bc", "a", "/x", "scope/free/index.html/y", "x/y/z"]
    for order_of in (names, list(reversed(names))):
        order = {name: number for number, name in enumerate(order_of)}
        for output in outputs:
            expected = next((name for name in order_of if output.startswith(f"{name}/")), None)
            assert _first_folder(output, order) == expected, (output, order_of)
