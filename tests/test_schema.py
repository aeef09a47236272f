"""The shipped JSON Schemas, judged by an independent validator (check-jsonschema).

Our own messages come from generator.validate; here check-jsonschema confirms that each
schema is itself valid against its metaschema, that it accepts the sample contract and
every positive fixture (contract format 2 included), and that it refuses the malformed
fixtures of format 2 that a schema alone can catch.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scope_fixtures import EVERY_FORM, FIXTURES, REPO

SCHEMAS = sorted((REPO / "generator" / "schema").glob("*.json"))
SCOPE_SCHEMA = REPO / "generator" / "schema" / "scope.schema.json"


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe, "check-jsonschema is installed with the test extras"
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=120)


def test_shipped_schemas_pass_the_metaschema_check():
    assert len(SCHEMAS) == 4
    result = check_jsonschema("--check-metaschema", *SCHEMAS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_scope_schema_accepts_the_sample_and_positive_fixtures():
    files = [*sorted((REPO / "scope").glob("*.yaml")), *sorted((FIXTURES / "positive").glob("*.yaml")), EVERY_FORM]
    result = check_jsonschema("--schemafile", SCOPE_SCHEMA, *files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "bad-range",
        "targets-word",
        "target-without-target",
        "price-as-number",
        "addon-service-level-unknown-key",
        "timezone-words",
    ],
)
def test_scope_schema_refuses_malformed_format_2(name):
    result = check_jsonschema("--schemafile", SCOPE_SCHEMA, FIXTURES / "malformed" / f"{name}.yaml")
    assert result.returncode == 1
    assert "Schema validation errors were encountered" in result.stdout + result.stderr


def test_every_section_example_in_the_format_docs_passes_the_schema():
    from generator.load import load_yaml_text
    from generator.validate import load_schema, validate_doc

    text = (REPO / "docs" / "contract-format.md").read_text("utf-8")
    sections = set(load_schema("scope.schema.json")["properties"])
    checked = 0
    for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S):
        if not any(line.strip() and not line.startswith("#") for line in block.splitlines()):
            continue  # the editor comment alone
        doc = load_yaml_text(block, "contract-format.md")
        if not isinstance(doc.data, dict) or not set(doc.data) <= sections:
            continue  # a fragment of a section, shown in context
        assert validate_doc(doc, "scope.schema.json") == [], block
        checked += 1
    assert checked >= 10
