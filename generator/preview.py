"""The live preview (`mkdocs serve`): a failed rebuild keeps the last good site, with a banner.

MkDocs' server holds every request while a rebuild runs and, when the rebuild raises, holds
them until a later one succeeds: one bad edit (a YAML typo, an unknown scope item) makes the
preview hang. The plugin builds into a fresh folder and publishes it only when the build is
complete (see `output`), so the served folder always holds the last good site; this module
hooks the server once, in `on_serve`:

- the rebuild it runs is wrapped: a failure is recorded, not raised, so MkDocs' livereload
  moves on and reloads the open pages, which now show the problems;
- every HTML response gets a banner listing the problems (file:line, message, hint),
  escaped, with no script, until the next build succeeds and livereload reloads the pages.

The banner is plain HTML and CSS placed right after `<body>`, so it works under any theme.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.plugins import get_plugin_logger

from .errors import Problem
from .report import escape_controls

if TYPE_CHECKING:
    # Only `mkdocs serve` loads the live-reload server (and its http, ssl and watchdog modules).
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)

_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
# A custom element: its name cannot collide with an id or class of the theme or the contract.
TAG = "scopebook-preview-problems"
# Fixed foreground/background pairs, so the text is readable on any theme, light or dark.
_STYLE = f"""\
{TAG},{TAG} *{{all:revert!important}}
{TAG}{{display:block!important;position:sticky!important;top:0!important;z-index:2147483647!important;\
box-sizing:border-box!important;max-height:40vh!important;overflow:auto!important;margin:0!important;\
padding:.75em 1em!important;background:#fdecea!important;color:#5c0b0b!important;\
border-bottom:4px solid #b3261e!important;font:16px/1.45 system-ui,sans-serif!important;text-align:left!important}}
{TAG} p{{margin:0 0 .4em!important}}
{TAG} ul{{margin:0!important;padding-left:1.4em!important}}
{TAG} li{{white-space:pre-wrap!important;overflow-wrap:anywhere!important}}
{TAG} code{{font-family:ui-monospace,monospace!important;font-weight:bold!important}}
@media (prefers-color-scheme:dark){{{TAG}{{background:#410e0b!important;color:#ffdad6!important;\
border-color:#ffb4ab!important}}}}
"""
# Request lines from other threads, and the plugin's own lines (it hands over its problems).
_IGNORED_LOGGERS = ("mkdocs.livereload", "mkdocs.plugins.generator.")


class Preview:
    """The problems of the last rebuild, if it failed; the server shows them in every page."""

    def __init__(self) -> None:
        self.problems: tuple[Problem, ...] = ()
        self._found: tuple[Problem, ...] = ()
        self._stopped = False

    def found(self, problems: Sequence[Problem], *, stopped: bool = False) -> None:
        """What the plugin found in this build's sources; stopped: the plugin stops the build for them."""
        self._found, self._stopped = tuple(problems), stopped

    def install(self, server: LiveReloadServer, logged: Callable[[logging.LogRecord], Problem]) -> None:
        """Wrap the server's rebuild and its responses; logged turns a build's log record into a problem."""
        rebuild = server.builder
        app = server.get_app()
        assert app is not None

        def build_and_keep_serving() -> None:
            self.found(())
            said = _Said()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(said)
            try:
                rebuild()
            except Exception as exc:
                if not isinstance(exc, MkDocsException):
                    log.exception("the rebuild failed")
                self.problems = self._failure(exc, [logged(r) for r in said.records])
                log.error(
                    "the preview keeps showing the last good build, with %s in a banner; fix and save to rebuild",
                    _count(len(self.problems)),
                )
            else:
                self.problems = ()
            finally:
                logger.removeHandler(said)

        server.builder = build_and_keep_serving

        def with_banner(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            problems = self.problems
            if not problems:
                return app(environ, start_response)
            answer: list[Any] = []

            def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
                answer[:] = [status, headers]
                return lambda data: None  # MkDocs' server never writes through this

            body = app(environ, keep)
            status, headers = answer
            if not any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
                start_response(status, headers)
                return body
            try:
                content = inject(b"".join(body), banner(problems))
            finally:
                close = getattr(body, "close", None)
                if close is not None:
                    close()
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            start_response(status, [*headers, ("Content-Length", str(len(content)))])
            return [content]

        server.set_app(with_banner)

    def _failure(self, error: Exception, logged: list[Problem]) -> tuple[Problem, ...]:
        """Every problem behind a failed rebuild, located where possible."""
        if self._stopped:
            return self._found  # MkDocs logged the same errors again as one message
        problems = [*self._found, *logged]
        if not problems or not isinstance(error, Abort):
            problems.append(_from_error(error))  # MkDocs logs an Abort's reason, not other errors
        return tuple(problems)


class _Said(logging.Handler):
    """The warnings and errors logged while one rebuild runs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(_IGNORED_LOGGERS):
            self.records.append(record)


def _from_error(error: BaseException) -> Problem:
    where = getattr(error, "filename", None) or ""
    line = getattr(error, "lineno", None) or 0
    message = str(getattr(error, "message", None) or error) or type(error).__name__
    return Problem(str(where), line if isinstance(line, int) else 0, 0, message, code="build")


def _count(n: int) -> str:
    return f"{n} problem" + ("" if n == 1 else "s")


def banner(problems: Sequence[Problem]) -> bytes:
    """The banner's HTML: every problem escaped, located first; no script."""
    items = []
    for p in problems:
        where = f"<code>{html.escape(escape_controls(p.location()))}</code>: " if p.file else ""
        text = html.escape(escape_controls(p.message))
        hint = f" ({html.escape(escape_controls(p.hint))})" if p.hint else ""
        level = "" if p.is_error else "warning: "
        items.append(f"<li>{where}{level}{text}{hint}</li>")
    lines = [
        f'<{TAG} role="alert"><style>{_STYLE}</style>',
        f"<p><strong>This preview shows the last good build: the latest edit has {_count(len(problems))}."
        "</strong> Fix and save; this page reloads by itself.</p>",
        "<ul>",
        *items,
        "</ul>",
        f"</{TAG}>",
    ]
    return "\n".join(lines).encode("utf-8") + b"\n"


def inject(page: bytes, banner_html: bytes) -> bytes:
    """page with banner_html as the first thing in its body."""
    body = _BODY.search(page)
    at = body.end() if body is not None else 0
    return page[:at] + banner_html + page[at:]
