"""Validate loaded documents against a JSON Schema and explain failures in plain words.

jsonschema's own messages quote whole instances and name validator keywords; writers need
"unknown key `statuss` (did you mean `status`?)" at the right line. Schemas may carry
`x-message` (replaces the generic message) and `x-hint` (added as the hint) on any
subschema.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .errors import Problem, shown
from .load import PathKey, SourceDoc
from .schema_check import Check, conformance_check

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping (key: value lines)",
    "null": "empty",
}
# What to type instead, by the type that was expected.
_TYPE_HINTS = {
    "string": "write the text after the colon; for several lines use `|` and indent the text below",
    "integer": "write a whole number without quotes",
    "number": "write a number without quotes",
    "boolean": "write true or false without quotes",
    "array": "write a list: one `- value` line per entry below this key, or [a, b] on one line",
    "object": "write `key: value` lines indented below this key",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in generator/schema/."""
    text = resources.files("generator").joinpath("schema", name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    """pattern compiled as JSON Schema means it: ECMA-262 `$` matches only at the very end.

    Python's `$` also matches before a final newline, so `^[a-z]+$` would accept "main\n"
    (an id, a duration, a template name with a trailing newline). Each unescaped `$`
    outside a character class becomes `\\Z`, keeping the schema itself portable.
    """
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            out.append(r"\Z")
            continue
        out.append(char)
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{shown(instance)!r} does not match {pattern!r}")


@cache
def _validator(name: str) -> Any:
    # Imported here: a build whose documents all conform never needs jsonschema (see _conforms).
    from jsonschema import Draft202012Validator, validators

    extended = validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]
    return extended(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _conforms(name: str) -> Check | None:
    """jsonschema's verdict on a document, without its errors (None: ask jsonschema itself)."""
    return conformance_check(load_schema(name), _ecma_pattern)


def format_path(path: Sequence[str | int]) -> str:
    """A JSON path as writers read it: `areas[2].items[0].coverage`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "the top level"


def describe_type(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def validate_doc(doc: SourceDoc, schema_name: str) -> list[Problem]:
    """Every schema problem in doc, one per real mistake, sorted by position."""
    conforms = _conforms(schema_name)
    if conforms is not None and conforms(doc.data):
        return []
    problems: dict[tuple[int, int, str], Problem] = {}
    errors = [_deepest(e) for e in _validator(schema_name).iter_errors(doc.data)]
    # A value of the wrong type fails its branches too; the type error alone says it.
    mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    seen_type: set[tuple[str | int, ...]] = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if path in mistyped and (error.validator != "type" or path in seen_type):
            continue
        if error.validator == "type":
            seen_type.add(path)
        for problem in _explain(doc, error):
            problems.setdefault((problem.line, problem.column, problem.message), problem)
    return sorted(problems.values())


def _deepest(error: ValidationError) -> ValidationError:
    """For if/then and oneOf-style errors, the error that says what is wrong."""
    from jsonschema.exceptions import best_match

    while error.context:
        schema: Any = error.schema
        if error.validator in ("oneOf", "anyOf") and isinstance(schema, dict) and "x-message" in schema:
            return error
        best = best_match(error.context)
        if best is None:
            break
        error = best
    return error


def _explain(doc: SourceDoc, error: ValidationError) -> Iterator[Problem]:
    path: PathKey = tuple(error.absolute_path)
    where = format_path(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = str(schema.get("x-hint", ""))
    validator = error.validator
    instance = error.instance
    expected: Any = error.validator_value

    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = set(schema.get("properties", {}))
        extra = schema.get("additionalProperties")
        if extra is False:
            for key in sorted(k for k in instance if k not in allowed):
                mark = doc.mark((*path, key), key=True)
                suggestion = did_you_mean(key, allowed)
                yield _problem(
                    doc,
                    mark,
                    f"unknown key `{key}` " + (f"in {where}" if path else "at the top level"),
                    suggestion or f"allowed keys here: {', '.join(sorted(allowed))}",
                )
            return
    if validator == "required" and isinstance(instance, dict):
        known = set(schema.get("properties", {}))
        unknown = [k for k in instance if known and k not in known]
        for key in expected:
            if key not in instance:
                if any(did_you_mean(u, [key]) for u in unknown):
                    continue  # the misspelt key is reported, with this name suggested
                mark = doc.mark(path)
                yield _problem(
                    doc,
                    mark,
                    f"{where} is missing the required key `{key}`",
                    _parent_hint(error) or f"add `{key}:` here",
                )
        return

    mark = doc.mark(path)
    message = str(schema.get("x-message", "")) if validator != "required" else ""
    if validator == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        message = f"{where} should be {wanted}, not {describe_type(instance)}"
        if "string" in names and isinstance(instance, int | float) and not hint:
            raw = doc.raw.get(path, str(instance))
            hint = f'put it in quotes so it stays text: "{raw}"'
        hint = hint or _TYPE_HINTS.get(names[0], "")
    elif validator == "enum":
        options = [str(o) for o in expected]
        message = f"`{shown(instance)}` is not allowed in {where}; use one of: {', '.join(options)}"
        if isinstance(instance, str):
            hint = did_you_mean(instance, options) or hint
    elif validator == "const" and message:
        message = f"{where}: {message} (got `{shown(instance)}`)"
    elif validator == "const":
        message = f"{where} must be `{json.dumps(error.validator_value)}`"
    elif validator == "propertyNames":
        message = message or f"`{shown(instance)}` is not a valid key in {where}"
    elif validator == "maxLength" and isinstance(instance, str):
        message = f"{where} is {len(instance):,} characters long; the limit is {expected}"
        hint = f"shorten it to at most {expected} characters"
    elif message:
        got = shown(instance) if isinstance(instance, str | int | float) else ""
        message = f"{where}: {message}" + (f" (got `{got}`)" if got != "" else "")
    elif validator in ("minItems", "minProperties", "minLength"):
        message = f"{where} must not be empty"
        hint = hint or "give at least one entry, or remove the key if it is optional"
    elif validator == "uniqueItems":
        message = f"{where} lists the same value twice"
        hint = hint or "remove the repeated entry"
    elif validator == "minimum":
        message = f"{where} must be at least {error.validator_value}"
    elif validator == "pattern":
        message = f"{where}: `{shown(instance)}` does not have the expected form"
    else:
        message = f"{where}: {_short(error.message)}"
    yield _problem(doc, mark, message, hint)


def _parent_hint(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    return str(schema.get("x-hint", ""))


def _short(message: str) -> str:
    message = re.sub(r"\s+", " ", message)
    return message if len(message) < 160 else message[:157] + "..."


def _problem(doc: SourceDoc, mark: Any, message: str, hint: str) -> Problem:
    return Problem(doc.path, mark.line, mark.column, message, hint, "error", "schema")
