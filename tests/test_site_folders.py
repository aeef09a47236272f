"""Which folders the commands read, and that without a mkdocs.yml they load no MkDocs build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scope_fixtures import MINIMAL, scope_dir_with

from generator.site_folders import site_folders


def test_the_folders_given_else_the_sites_else_scope_and_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "mkdocs.yml"
    assert site_folders(config, None, None) == (Path("scope"), Path("content"))
    config.write_text("site_name: X\ndocs_dir: help\nplugins:\n  - scopebook:\n      scope_dir: contract\n", "utf-8")
    (tmp_path / "help").mkdir()
    assert site_folders(config, None, None) == (Path("contract"), Path("help"))
    assert site_folders(config, Path("s"), None) == (Path("s"), Path("help"))
    assert site_folders(config, Path("s"), Path("c")) == (Path("s"), Path("c"))


@pytest.mark.parametrize("command", [["check"], ["stale"], ["report"]])
def test_without_a_mkdocs_yml_no_mkdocs_build_is_loaded(tmp_path: Path, command: list[str]) -> None:
    scope_dir_with(tmp_path, MINIMAL)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "guide.md").write_text("---\ntitle: Guide\nscope: [sso]\n---\n\nText.\n", "utf-8")
    program = (
        "import sys\n"
        "from generator.cli import main\n"
        f"code = main({command!r})\n"
        "print(code, 'generator.build' in sys.modules, 'mkdocs.commands.build' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines()[-1] == "0 False False", result.stdout + result.stderr
