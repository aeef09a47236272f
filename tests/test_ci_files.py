"""The pull-request workflow and the pre-commit hooks call scopebook as it really is."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml
from scope_fixtures import REPO

from generator.cli import _parser

WORKFLOW = REPO / ".github" / "workflows" / "help-center.yml"


def scopebook_commands(text: str) -> list[list[str]]:
    """Every `scopebook ...` command line in a shell script, without redirections or `|| ...`."""
    commands = []
    for line in text.splitlines():
        line = line.split("||", 1)[0].split(">>", 1)[0].strip()
        if line.startswith("scopebook "):
            commands.append(shlex.split(line)[1:])
    return commands


def steps(job: str) -> list[dict[str, object]]:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    return list(workflow["jobs"][job]["steps"])


def runs(job: str) -> list[list[str]]:
    return [cmd for step in steps(job) if "run" in step for cmd in scopebook_commands(str(step["run"]))]


def test_workflow_runs_on_pull_requests_with_each_check():
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    # PyYAML reads the bare key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert "pull_request" in workflow[True]
    assert runs("check") == [
        ["check", "--format", "github"],
        ["diff", "--format", "markdown"],
        ["diff", "--format", "github"],
    ]
    assert runs("build") == [["build"]]
    assert any(step.get("run") == "bash .ci/run" for step in steps("test"))
    upload = next(step for step in steps("build") if str(step.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/"  # type: ignore[index]
    checkout = next(step for step in steps("check") if str(step.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # type: ignore[index]  # the diff needs the base commit
    summary = next(step for step in steps("check") if "GITHUB_STEP_SUMMARY" in str(step.get("run", "")))
    assert "--format markdown" in str(summary["run"])


@pytest.mark.parametrize("job", ["check", "build"])
def test_workflow_commands_parse(job):
    for args in runs(job):
        _parser().parse_args(args)  # exits on an unknown option


def hooks(path: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    listed = data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]
    return {hook["id"]: hook for hook in listed}


def test_pre_commit_hooks_run_real_commands_and_the_local_config_mirrors_them():
    published = hooks(REPO / ".pre-commit-hooks.yaml")
    local = hooks(REPO / ".pre-commit-config.yaml")
    assert sorted(published) == sorted(local) == ["scopebook-check", "scopebook-diff"]
    for hook_id, hook in published.items():
        entry = shlex.split(str(hook["entry"]))
        assert entry[0] == "scopebook"
        _parser().parse_args(entry[1:])
        assert hook["pass_filenames"] is False  # scopebook reads the whole folder
        for key in ("entry", "files", "pass_filenames"):
            assert local[hook_id][key] == hook[key], (hook_id, key)
    assert published["scopebook-check"]["language"] == "python"  # pre-commit installs this repository


def test_workflow_is_valid_for_github():
    # check-jsonschema ships SchemaStore's schema of GitHub workflows, so this needs no network.
    import shutil
    import subprocess
    import sys

    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe, "check-jsonschema is installed with the test extras"
    done = subprocess.run(
        [exe, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_writers_guide_vscode_settings_are_json_pointing_at_real_schemas():
    import json
    import re

    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    block = re.search(r"```json\n(.*?)```", guide, re.DOTALL)
    assert block is not None
    settings = json.loads(block.group(1))
    for schema in settings["yaml.schemas"]:
        assert (REPO / schema).is_file(), schema
