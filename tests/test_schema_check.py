"""The compiled conformance check gives jsonschema's verdict, document for document.

validate_doc trusts it to skip jsonschema for a conforming document, so a document it
passes that jsonschema refuses would lose its error message: every fixture, the sample
contract and thousands of one-value mutations of them are judged by both here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from scope_fixtures import EVERY_FORM, FIXTURES, MINIMAL, REPO

from generator.errors import ScopeError
from generator.load import load_yaml_file, load_yaml_text
from generator.schema_check import conformance_check
from generator.validate import _conforms, _ecma_pattern, _validator, load_schema

SCOPE = "scope.schema.json"
FRONT_MATTER = "frontmatter.schema.json"
# Values a writer may put anywhere by mistake, and the edge cases of each keyword we compile.
REPLACEMENTS: tuple[Any, ...] = (
    "",
    "x",
    "main\n",
    "2026-02-30",
    "2026-09-14",
    "6 months",
    "business-hours",
    "9:00-17:00",
    0,
    -1,
    7,
    1.5,
    True,
    False,
    None,
    [],
    ["a", "a"],
    ["a", "b"],
    [1, True],
    {},
    {"id": "x"},
)


def _jsonschema_says(schema_name: str, data: Any) -> bool:
    return bool(_validator(schema_name).is_valid(data))


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return copy.deepcopy(value)
    changed = copy.deepcopy(data)
    parent = changed
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = copy.deepcopy(value)
    return changed


def _removed(data: Any, path: tuple[Any, ...]) -> Any:
    changed = copy.deepcopy(data)
    parent = changed
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]
    return changed


def _mutations(data: Any) -> Iterator[Any]:
    for path in _paths(data):
        for value in REPLACEMENTS:
            yield _replaced(data, path, value)
        if path:
            yield _removed(data, path)
        if isinstance(_at(data, path), dict):
            yield _replaced(data, (*path, "unknown_key"), "x")


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _loads(path: Path) -> bool:
    try:
        load_yaml_file(path)
    except ScopeError:
        return False  # refused before any schema sees it (malformed YAML fixtures)
    return True


def _scope_documents() -> list[Path]:
    """Every scope file the tests hold that the loader turns into data for the schema."""
    files = [*sorted((REPO / "scope").glob("*.yaml")), MINIMAL, EVERY_FORM]
    for folder in ("positive", "negative", "malformed"):
        files.extend(sorted((FIXTURES / folder).glob("*.yaml")))
    return [path for path in files if _loads(path)]


def test_the_shipped_schemas_are_compiled():
    # Without a compiled check every document would go through jsonschema again.
    assert _conforms(SCOPE) is not None
    assert _conforms(FRONT_MATTER) is not None


@pytest.mark.parametrize("path", _scope_documents(), ids=lambda p: p.name)
def test_each_scope_file_gets_the_verdict_of_jsonschema(path: Path):
    data = load_yaml_file(path).data
    check = _conforms(SCOPE)
    assert check is not None
    assert check(data) == _jsonschema_says(SCOPE, data)


def _verdicts_on_mutations(schema_name: str, data: Any) -> dict[bool, int]:
    """How many one-value changes of data conform; each asserted to get jsonschema's verdict."""
    check = _conforms(schema_name)
    assert check is not None and check(data)
    verdicts = {True: 0, False: 0}
    for changed in _mutations(data):
        expected = _jsonschema_says(schema_name, changed)
        assert check(changed) == expected, changed
        verdicts[expected] += 1
    return verdicts


def test_every_one_value_change_of_a_contract_gets_the_verdict_of_jsonschema():
    verdicts = _verdicts_on_mutations(SCOPE, load_yaml_file(MINIMAL).data)
    # Both verdicts occur many times over, so the comparison means something.
    assert min(verdicts.values()) > 100, verdicts


def test_every_one_value_change_of_front_matter_gets_the_verdict_of_jsonschema():
    text = (
        "title: Set up SAML\nsummary: How.\ndescription: Other.\ntags: [sso, saml]\n"
        "scope: [sso-configuration]\nproducts: [Cloud]\nlast_reviewed: 2026-09-14\n"
        "review_every: 6 months\nowner: Docs team\ntemplate: main.html\nhide: [toc, edit]\n"
    )
    verdicts = _verdicts_on_mutations(FRONT_MATTER, load_yaml_text(text, "a.md").data)
    assert min(verdicts.values()) > 20, verdicts


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"uniqueItems": True}, [1, True]),
        ({"uniqueItems": True}, [1, 1.0]),
        ({"uniqueItems": True}, [[1], [True]]),
        ({"uniqueItems": True}, [{"a": 1}, {"a": 1}]),
        ({"uniqueItems": True}, ["b", "a", "b"]),
        ({"enum": [1]}, 1.0),
        ({"enum": [1]}, True),
        ({"const": False}, 0),
        ({"const": ["a"]}, ["a"]),
        ({"type": "integer"}, 2.0),
        ({"type": "integer"}, True),
        ({"minimum": 1}, float("nan")),
        ({"minimum": 1}, False),
        ({"format": "date"}, "2026-02-29"),
        ({"format": "date"}, "2028-02-29"),
        ({"format": "date"}, 20260214),
        ({"pattern": "^[a-z]+$"}, "main\n"),
        ({"not": {"type": "string"}}, "x"),
        ({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, 3),
        ({"if": {"const": "a"}, "then": {"minLength": 2}}, "a"),
        ({"if": {"const": "a"}, "else": {"minLength": 2}}, "b"),
        ({"propertyNames": {"pattern": "^[a-z]+$"}}, {"A": 1}),
        ({"additionalProperties": False, "properties": {"a": True}}, {"a": 1, "b": 2}),
        ({"$ref": "#/$defs/list", "$defs": {"list": {"items": {"$ref": "#/$defs/list"}}}}, [[[]]]),
    ],
)
def test_each_compiled_keyword_agrees_with_jsonschema(schema: dict[str, Any], value: Any):
    check = conformance_check(schema, _ecma_pattern)
    assert check is not None
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    # Python's `$` matches before a final newline; ours, as JSON Schema's, only at the end.
    expected = validator.is_valid(value) and not (isinstance(value, str) and value.endswith("\n"))
    assert check(value) == expected


@pytest.mark.parametrize(
    "schema",
    [
        {"patternProperties": {"^x-": True}},
        {"prefixItems": [True]},
        {"format": "email"},
        {"unevaluatedProperties": False},
        {"$ref": "other.json#/$defs/a"},
        {"x-custom": 1},
    ],
)
def test_a_schema_beyond_the_compiled_keywords_is_left_to_jsonschema(schema: dict[str, Any]):
    assert conformance_check(schema, _ecma_pattern) is None


def test_a_front_matter_problem_is_still_explained_by_jsonschema():
    from generator.validate import validate_doc

    doc = load_yaml_text("\ntitle: A\ntags: sso\n", "a.md")
    assert load_schema(FRONT_MATTER)["properties"]["tags"]["type"] == "array"
    problems = validate_doc(doc, FRONT_MATTER)
    assert [(p.line, p.message) for p in problems] == [(3, "tags should be a list, not text")]
