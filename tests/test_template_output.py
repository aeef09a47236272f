"""`{{ value }}` added as text: the same bytes as Jinja's escape(), in templates and whole sites."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from built_site import sample_variant
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, StrictUndefined, Undefined, UndefinedError
from markupsafe import Markup, escape

import generator.template_output as template_output
from generator.template_output import escaped_text, plain_output, shown

# Text with every character escape() rewrites, and characters beyond Latin-1 (a status icon).
TEXTS = st.text(alphabet=st.sampled_from("ab &<>'\"\x1a✓🔒é\n"), max_size=12)


class _Html:
    def __init__(self, text: Any) -> None:
        self.text = text

    def __html__(self) -> Any:
        return self.text


class _Html2:
    """__html__ gives an object that has __html__ again: Markup() asks it once more."""

    def __html__(self) -> _Html:
        return _Html("<b>twice</b>")


VALUES = st.one_of(
    TEXTS,
    TEXTS.map(Markup),
    TEXTS.map(lambda text: _Html(text)),
    TEXTS.map(lambda text: _Html(Markup(text))),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
    st.lists(TEXTS, max_size=2),
    st.just(_Html2()),
)


@given(TEXTS)
def test_escaped_text_is_markupsafe_escape(text: str) -> None:
    assert escaped_text(text) == str(escape(text))
    assert type(escaped_text(text)) is str


@given(VALUES)
def test_shown_is_the_text_escape_makes(value: object) -> None:
    got = shown(value)
    assert got == str(escape(value))
    assert isinstance(got, str)


def test_shown_of_a_plain_str_is_no_markup() -> None:
    assert type(shown("a<b")) is str and shown("a<b") == "a&lt;b"
    assert shown(Markup("<i>x</i>")) == "<i>x</i>"


def test_undefined_shows_as_with_escape() -> None:
    assert shown(Undefined(name="x")) == str(escape(Undefined(name="x"))) == ""
    with pytest.raises(UndefinedError):
        shown(StrictUndefined(name="x"))


TEMPLATES = {
    "parts.html": "{% macro cell(x, y) %}<td title=\"{{ x }}\">{{ y }}{{ caller() if caller }}</td>{% endmacro %}"
    "{% block extra %}[{{ a }}]{% endblock %}",
    "page.html": """{%- extends "layout.html" %}
{%- from "parts.html" import cell %}
{%- block body %}
<h1>{{ a }}</h1>{{ b }}{{ a ~ b }}{{ b ~ a }}{{ (a ~ "<x>")|upper }}{{ items|join(", ") }}
{{- cell(a, b) }}{% call cell(b, a) %}<{{ a }}>{% endcall %}
{%- set held %}<p>{{ a }}</p>{{ b }}{% endset %}{{ held }}{{ held|length }}
{%- filter upper %}{{ a }}<i>{{ b }}</i>{% endfilter %}
{%- for item in items %}<li>{{ item }}{{ loop.index }}</li>{% endfor %}
{%- autoescape false %}{{ a }}{{ b }}{% endautoescape %}
{%- autoescape flag %}{{ a }}{{ b }}{% endautoescape %}
{%- include "parts.html" %}{{ number }}{{ missing }}{{ none }}{{ super() if false }}
{%- endblock %}""",
    "layout.html": "<main>{% block body %}{% endblock %}</main>{{ self.body() }}{% block foot %}{{ a }}{% endblock %}",
}


def _environment(plain: bool, **options: Any) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True, **options)
    if plain:
        plain_output(env)
    return env


@settings(max_examples=60, deadline=None)
@given(a=TEXTS, b=VALUES, flag=st.booleans(), items=st.lists(TEXTS, max_size=3))
def test_templates_render_the_same_text_as_with_escape(a: str, b: object, flag: bool, items: list[str]) -> None:
    values = {"a": a, "b": b, "flag": flag, "items": items, "number": 3.5, "none": None}
    for options in ({}, {"finalize": lambda value: "" if value is None else value}):
        plain, default = _environment(True, **options), _environment(False, **options)
        assert plain.get_template("page.html").render(values) == default.get_template("page.html").render(values)


def test_compiled_templates_show_values_through_shown_unless_escaping_is_decided_at_render_time() -> None:
    env = _environment(True)
    code = env.compile(TEMPLATES["page.html"], "page.html", raw=True)
    assert "shown_text(" in code
    # Inside `{% autoescape flag %}` Jinja decides at render time: its own code is kept there.
    assert code.count("(escape if context.eval_ctx.autoescape else str)(") == 2
    assert "escape(" not in code.replace("(escape if context.eval_ctx.autoescape else str)(", "")
    assert "shown_text(" not in _environment(False).compile(TEMPLATES["page.html"], "page.html", raw=True)


def _site(config_file: Path, site_dir: Path) -> dict[str, bytes]:
    from generator.build import build_site

    assert build_site(config_file, site_dir) == 0
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("theme", ["scopebook", "material", "mkdocs"])
def test_whole_sites_are_byte_identical_to_jinjas_own_escaping(
    theme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.plugin
    import generator.rendering

    config_file = sample_variant(tmp_path / "src", theme=theme)
    # The plugin's templates overridden from custom_dir (under our theme they frame the
    # articles' coverage boxes), with values shown around markup of their own.
    config = yaml.safe_load(config_file.read_text("utf-8"))
    config["theme"] = {**({"name": theme} if isinstance(config["theme"], str) else config["theme"]), "custom_dir": "overrides"}
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    status = (Path(generator.rendering.TEMPLATES) / "scopebook/status.html").read_text("utf-8")
    overrides = tmp_path / "src/overrides/scopebook"
    overrides.mkdir(parents=True)
    (overrides / "status.html").write_text(status.replace("{{ words }}", "{{ words }}{{ '<i>' ~ status }}"), "utf-8")

    calls = [0]

    def counted(value: object) -> str:
        calls[0] += 1
        return shown(value)

    monkeypatch.setattr(template_output, "shown", counted)
    got = _site(config_file, tmp_path / "plain")
    assert calls[0] > 1000
    monkeypatch.setattr(generator.rendering, "plain_output", lambda env: None)
    monkeypatch.setattr(generator.plugin, "plain_output", lambda env: None)
    calls[0] = 0
    expected = _site(config_file, tmp_path / "escaped")

    assert calls[0] == 0
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    if theme == "scopebook":  # the override is shown: a coverage box's badge
        assert b"&lt;i&gt;included" in got["sso/set-up-saml/index.html"]
