"""What `{{ value }}` adds to an autoescaping Jinja template's output, without a Markup per value.

Jinja compiles `{{ value }}` to `escape(value)`, and markupsafe's escape() wraps the escaped
text in a new Markup: a Python-level `__new__` and a copy of the text, about a microsecond
per value shown. A template's output is joined into one str right after, so the wrapper is
thrown away unread; a scope page shows some twenty values per item, thousands of items per
build. `plain_output(env)` makes env compile `{{ value }}` to `shown(value)` instead: the
very text escape(value) holds, as a plain str. Only how `{{ }}` adds text changes; the
values a template computes with (filters, `~`, macros' results) are what Jinja makes them.
"""

from __future__ import annotations

from jinja2 import Environment
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr, Template
from markupsafe import Markup

try:  # markupsafe 3: the function behind its escape(), text in and text out
    from markupsafe._speedups import _escape_inner as _escaped
except ImportError:  # pragma: no cover - markupsafe without its C speedups, or an older one

    def _escaped(s: str, /) -> str:
        return escaped_text(s)


def escaped_text(text: str) -> str:
    """text as markupsafe's escape() escapes it (& < > ' " become entities), a plain str."""
    return (
        text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")
    )


def shown(value: object) -> str:
    """The text `{{ value }}` shows in an autoescaping template: str(escape(value)), made without the Markup."""
    if type(value) is str:
        return _escaped(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        text = html()
        # escape() gives Markup(text): the text itself when it is a str or a Markup.
        return text if type(text) is str or type(text) is Markup else Markup(text)
    return _escaped(str(value))


class _PlainOutput(CodeGenerator):
    """Jinja's code generator, writing shown(value) where it writes escape(value) for `{{ value }}`."""

    def visit_Template(self, node: Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import shown as shown_text")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> None:
        # Output known to be escaped when the template is compiled (not inside an
        # {% autoescape %} block whose setting is only known at render time).
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("shown_text(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


def plain_output(env: Environment) -> None:
    """env compiles `{{ value }}` to shown(value) from now on (set it before env compiles a template)."""
    env.code_generator_class = _PlainOutput
