"""Problem output: every format escapes control characters in user text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scope_fixtures import MINIMAL, scope_dir_with

from generator.cli import main
from generator.errors import Problem
from generator.report import REPORTERS, escape_controls, format_github, format_log, format_text

FORGED = "::error file=forged.py,line=1::forged"
# A scope item id written in double quotes, so YAML turns \n, \r and \e into the characters.
HOSTILE_ARTICLE = '---\ntitle: Hostile\nscope: ["sso\\n' + FORGED + '\\r\\e[2J\\u0085end"]\n---\n\nBody.\n'


def test_escape_controls_leaves_one_visible_line() -> None:
    text = "a\nb\rc\td\x1b[31m\x00\x7f\x85\x9b\u2028e"
    assert escape_controls(text) == "a\\nb\\rc\\td\\x1b[31m\\x00\\x7f\\x85\\x9b\\u2028e"
    assert escape_controls("plain `text`: unchanged, é ✓") == "plain `text`: unchanged, é ✓"


@pytest.mark.parametrize("formatter", [format_text, format_log, format_github])
def test_each_line_format_escapes_file_message_and_hint(formatter: object) -> None:
    problem = Problem("a\n" + FORGED + ".md", 3, 1, "bad `x\n" + FORGED + "`", "hint\r\n" + FORGED)
    out = formatter(problem)  # type: ignore[operator]
    lines = out.splitlines()
    # Only the text format breaks a line, before its own "    hint:".
    assert len(lines) == (2 if formatter is format_text else 1)
    assert not any(line.startswith("::error file=forged") for line in lines)
    assert all(ch >= " " for line in lines for ch in line)


def _hostile_tree(tmp_path: Path) -> Path:
    scope_dir_with(tmp_path, MINIMAL)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "hostile.md").write_text(HOSTILE_ARTICLE, "utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_check_output_cannot_forge_a_workflow_command(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_hostile_tree(tmp_path))
    assert main(["check", "--format", fmt]) == 1
    out = capsys.readouterr().out
    shown = {"text": "sso\\n::error", "github": "sso%0A::error", "json": "sso\\\\n::error"}[fmt]
    assert shown + " file=forged.py" in out
    for line in out.splitlines():
        assert not line.lstrip().startswith("::error file=forged"), line
        assert "\x1b" not in line and "\r" not in line and "\x85" not in line
    if fmt == "json":
        message = json.loads(out)["problems"][0]["message"]
        assert "\n" not in message and "\\x1b" in message
    if fmt == "github":
        assert out.splitlines()[0].startswith("::error file=content/hostile.md,line=3,col=")


def test_github_paths_are_relative_to_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A check run from a subfolder names files as a person there would; GitHub wants them from the root.
    project = tmp_path / "help"
    project.mkdir()
    scope_dir_with(project, MINIMAL)
    (project / "content").mkdir()
    (project / "content" / "a.md").write_text("---\ntitle: A\nscope: [nope]\n---\n", "utf-8")
    (tmp_path / ".git").mkdir()
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.chdir(project)
    assert main(["check", "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=help/content/a.md,line=3,col=9::unknown scope item `nope`")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project))
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out.startswith("::error file=content/a.md,line=3,col=9::")
