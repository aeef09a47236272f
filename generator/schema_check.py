"""A yes/no answer to "does this document conform to the schema?", without jsonschema.

Nearly every document a build reads is valid, and jsonschema spends most of the check's
time proving so (about 1 ms per article's front matter). `conformance_check` compiles a
schema once into plain Python predicates that give jsonschema's own verdict, keyword for
keyword, for the values our YAML loader produces (text, numbers, true/false, null, lists,
mappings with text keys); `validate.validate_doc` then asks jsonschema for its detailed
errors only about a document found not to conform.

Only the keywords our schemas use are compiled; a schema using any other keyword gets no
compiled check (None), and every document is then judged by jsonschema as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

Check = Callable[[Any], bool]

# Keywords that only describe: they never make a document fail.
_ANNOTATIONS = frozenset(
    (
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "x-hint",
        "x-message",
    )
)
# JSON Schema's types as jsonschema's Draft 2020-12 type checker reads them.
_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    # From draft 6 on, 2.0 is an integer too.
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class _Unsupported(Exception):
    """The schema uses a keyword this module does not compile."""


def conformance_check(schema: Mapping[str, Any], pattern: Callable[[str], re.Pattern[str]]) -> Check | None:
    """A predicate giving jsonschema's verdict on a document, or None if the schema is beyond this module.

    pattern compiles a `pattern` keyword's regular expression as the validator in use does.
    """
    try:
        return _Compiler(schema, pattern).compile(schema)
    except _Unsupported:
        return None


class _Compiler:
    def __init__(self, root: Mapping[str, Any], pattern: Callable[[str], re.Pattern[str]]) -> None:
        self.root = root
        self.pattern = pattern
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, Mapping):
            raise _Unsupported(repr(schema))
        checks = [self._keyword(name, argument, schema) for name, argument in schema.items()]
        kept = [check for check in checks if check is not None]
        if not kept:
            return lambda value: True
        if len(kept) == 1:
            return kept[0]
        return _every(kept)

    def _ref(self, ref: str) -> Check:
        if ref not in self.refs:
            if not ref.startswith("#/$defs/") or "/" in ref[len("#/$defs/") :] or "~" in ref:
                raise _Unsupported(ref)
            target = self.root.get("$defs", {}).get(ref[len("#/$defs/") :])
            if target is None:
                raise _Unsupported(ref)
            # A placeholder first, so that a definition referring to itself compiles.
            compiled: list[Check] = []
            self.refs[ref] = lambda value: compiled[0](value)
            compiled.append(self.compile(target))
        return self.refs[ref]

    def _keyword(self, name: str, argument: Any, schema: Mapping[str, Any]) -> Check | None:  # noqa: C901
        if name in _ANNOTATIONS or name in ("then", "else"):
            return None  # then/else are read with `if`
        if name == "$ref":
            return self._ref(argument)
        if name == "type":
            names = [argument] if isinstance(argument, str) else list(argument)
            if any(n not in _TYPES for n in names):
                raise _Unsupported(name)
            tests = [_TYPES[n] for n in names]
            if len(tests) == 1:
                return tests[0]
            return lambda value: any(test(value) for test in tests)
        if name == "properties":
            properties = {key: self.compile(sub) for key, sub in argument.items()}

            def each_property(value: Any) -> bool:
                if isinstance(value, dict):
                    for key, item in value.items():
                        check = properties.get(key)
                        if check is not None and not check(item):
                            return False
                return True

            return each_property
        if name == "additionalProperties":
            if "patternProperties" in schema:
                raise _Unsupported(name)
            known = frozenset(schema.get("properties", {}))
            if argument is False:  # no other key: the common case, one set comparison
                return lambda value: not isinstance(value, dict) or value.keys() <= known
            extra = self.compile(argument)
            return lambda value: (
                not isinstance(value, dict) or all(extra(item) for key, item in value.items() if key not in known)
            )
        if name == "propertyNames":
            key_check = self.compile(argument)
            return lambda value: not isinstance(value, dict) or all(key_check(key) for key in value)
        if name == "required":
            required = frozenset(argument)
            return lambda value: not isinstance(value, dict) or value.keys() >= required
        if name == "minProperties":
            return lambda value: not isinstance(value, dict) or len(value) >= argument
        if name == "items":
            if "prefixItems" in schema:
                raise _Unsupported(name)
            item_check = self.compile(argument)

            def each_item(value: Any) -> bool:
                if isinstance(value, list):
                    for item in value:
                        if not item_check(item):
                            return False
                return True

            return each_item
        if name == "minItems":
            return lambda value: not isinstance(value, list) or len(value) >= argument
        if name == "uniqueItems":
            return (lambda value: not isinstance(value, list) or _unique(value)) if argument else None
        if name == "minLength":
            return lambda value: not isinstance(value, str) or len(value) >= argument
        if name == "maxLength":
            return lambda value: not isinstance(value, str) or len(value) <= argument
        if name == "pattern":
            compiled = self.pattern(argument)
            return lambda value: not isinstance(value, str) or compiled.search(value) is not None
        if name == "format":
            if argument != "date":
                raise _Unsupported(f"format {argument}")
            return lambda value: not isinstance(value, str) or _is_date(value)
        if name == "minimum":
            return lambda value: not _TYPES["number"](value) or not value < argument
        if name == "enum":
            options = list(argument)
            return lambda value: any(_equal(option, value) for option in options)
        if name == "const":
            return lambda value: _equal(value, argument)
        if name == "allOf":
            return _every([self.compile(sub) for sub in argument])
        if name == "anyOf":
            some = [self.compile(sub) for sub in argument]
            return lambda value: any(check(value) for check in some)
        if name == "oneOf":
            one = [self.compile(sub) for sub in argument]
            return lambda value: sum(1 for check in one if check(value)) == 1
        if name == "not":
            negated = self.compile(argument)
            return lambda value: not negated(value)
        if name == "if":
            condition = self.compile(argument)
            then = self.compile(schema.get("then", True))
            otherwise = self.compile(schema.get("else", True))
            return lambda value: then(value) if condition(value) else otherwise(value)
        raise _Unsupported(name)


def _every(checks: list[Check]) -> Check:
    """A check passed by the values every one of checks passes."""

    def every(value: Any) -> bool:
        for check in checks:
            if not check(value):
                return False
        return True

    return every


def _is_date(text: str) -> bool:
    # jsonschema's "date" format: the YYYY-MM-DD shape, and a day the calendar has.
    if _DATE.fullmatch(text) is None:
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# What jsonschema calls equal and unique (its `_utils.equal` and `uniq`): true and 1, false
# and 0 are different values; lists and mappings compare member by member.
_TRUE, _FALSE = object(), object()


def _unbool(value: Any) -> Any:
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    return value


def _equal(one: Any, two: Any) -> bool:
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(key in two and _equal(item, two[key]) for key, item in one.items())
    return bool(_unbool(one) == _unbool(two))


def _unique(values: list[Any]) -> bool:
    try:
        ordered = sorted(_unbool(value) for value in values)
        return not any(_equal(a, b) for a, b in zip(ordered, ordered[1:], strict=False))
    except (NotImplementedError, TypeError):
        seen: list[Any] = []
        for value in values:
            value = _unbool(value)
            if any(_equal(earlier, value) for earlier in seen):
                return False
            seen.append(value)
        return True
