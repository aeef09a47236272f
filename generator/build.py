"""MkDocs runs for the command line: `scopebook build`, and the link checks of `scopebook check`.

One verdict: `scopebook build` fails exactly when `scopebook check` fails. Both check
scope/ and the articles once, then run MkDocs with the sources already checked, collecting
MkDocs' own warnings (broken links and anchors, for example) as problems located at
file:line. Without `--strict`, warnings are printed and the command succeeds; with it, any
warning fails, and a build keeps the previous site.
"""

from __future__ import annotations

import logging
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .articles import Sources
from .content_checks import missing_image
from .errors import Problem
from .load import display_path
from .plugin import ScopebookPlugin, cannot_write
from .report import PROBLEM_ATTRIBUTE, escape_controls, format_text
from .site_folders import given_or_default

EXIT_OK, EXIT_PROBLEMS = 0, 1

# MkDocs' link validation messages (mkdocs/structure/pages.py) name the page and the link.
# Two files of one folder that become one page (README.md beside index.md, a.md beside
# a.markdown): MkDocs keeps one and says so (mkdocs.structure.files.get_files).
_LEFT_OUT = re.compile(r"Excluding '(?P<file>[^']+)' from the site because it conflicts with '(?P<kept>[^']+)'\.")
_LINK_WARNING = re.compile(
    r"Doc file '(?P<doc>[^']+)' contains (?:a|an absolute|an unrecognized relative) link (?:to )?'(?P<link>[^']+)'"
)


@dataclass
class MkDocsRun:
    """What one MkDocs run reported, and whether it stopped (an error, or a warning under --strict)."""

    problems: list[Problem] = field(default_factory=list)
    failed: bool = False


def source_lines(docs_dir: Path, src_uri: str) -> list[str]:
    """The lines of a Markdown file, or none if it cannot be read."""
    try:
        return (docs_dir / src_uri).read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def locate_link(docs_dir: Path, src_uri: str, link: str, lines: list[str] | None = None) -> tuple[int, int]:
    """(line, column) where a Markdown file writes a link, or (0, 0) if it cannot be found.

    lines: the file's source_lines, when the caller has them already.
    """
    lines = source_lines(docs_dir, src_uri) if lines is None else lines
    for forms in ((f"]({link}", f"]: {link}", f"<{link}>", f'"{link}"'), (link,)):
        for number, line in enumerate(lines, 1):
            for form in forms:
                column = line.find(form)
                if column >= 0:
                    return number, column + form.index(link) + 1
    return 0, 0


def problem_from_log(
    record: logging.LogRecord, docs_dir: Path, config_file: str, read: dict[str, list[str]] | None = None
) -> Problem:
    """A problem for one MkDocs warning: at the link's file:line when it is about a link.

    read: each Markdown file's lines by path, kept across the warnings of one build (a page
    may have thousands of broken anchors; each would read the page again).
    """
    logged = getattr(record, PROBLEM_ATTRIBUTE, None)
    if isinstance(logged, Problem):
        return logged
    message = record.getMessage()
    level = "error" if record.levelno >= logging.ERROR else "warning"
    match = _LINK_WARNING.search(message)
    if match is None:
        left_out = _LEFT_OUT.fullmatch(message)
        if left_out is not None:
            kept = left_out["kept"].rpartition("/")[2]
            return Problem(
                display_path(docs_dir / left_out["file"]),
                1,
                1,
                f"MkDocs leaves this file out of the site: {kept} beside it becomes the same page",
                f"merge it into {kept}, or rename it if it is an article of its own",
                level,  # type: ignore[arg-type]
                "mkdocs",
            )
        return Problem(config_file, 0, 0, message, level=level, code="mkdocs")  # type: ignore[arg-type]
    lines = None
    if read is not None:
        lines = read.get(match["doc"])
        if lines is None:
            lines = read[match["doc"]] = source_lines(docs_dir, match["doc"])
    line, column = locate_link(docs_dir, match["doc"], match["link"], lines)
    shown = display_path(docs_dir / match["doc"])
    image = missing_image(docs_dir, match["doc"], match["link"], message)
    if image is not None:
        return Problem(shown, line, column, image[0], image[1], level, "missing-image")  # type: ignore[arg-type]
    hint = "fix the link, or the file or heading it points to"
    return Problem(shown, line, column, message, hint, level, "link")  # type: ignore[arg-type]


class _Said(logging.Handler):
    """Keeps the errors MkDocs logs while it reads its configuration."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class _Collector(logging.Handler):
    """Turns MkDocs' warnings into problems and, if asked, echoes its progress lines."""

    def __init__(self, docs_dir: Path, config_file: str, echo: bool) -> None:
        super().__init__(logging.INFO)
        self.docs_dir, self.config_file, self.echo = docs_dir, config_file, echo
        self.problems: list[Problem] = []
        self.read: dict[str, list[str]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.problems.append(problem_from_log(record, self.docs_dir, self.config_file, self.read))
        elif self.echo:
            print(f"{record.levelname:<7} -  {escape_controls(record.getMessage())}", file=sys.stderr)


def run_mkdocs(
    config: MkDocsConfig, plugin: ScopebookPlugin, sources: Sources, *, strict: bool, echo: bool
) -> MkDocsRun:
    """One MkDocs build from checked sources; its warnings come back as problems."""
    scope_dir = plugin.resolved_scope_dir(config)
    plugin.use_checked(scope_dir, Path(config.docs_dir), sources, reported=True)
    config.strict = strict
    logger = logging.getLogger("mkdocs")
    collector = _Collector(Path(config.docs_dir), display_path(Path(config.config_file_path)), echo)
    saved = (logger.handlers[:], logger.level, logger.propagate)
    logger.handlers, logger.propagate = [collector], False
    logger.setLevel(logging.INFO)
    run = MkDocsRun()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except Abort:
        run.failed = True  # MkDocs counted a warning under --strict; each is collected
    except PluginError as exc:
        run.failed = True
        message = str(exc).removeprefix(f"{collector.config_file}: ")
        run.problems.append(Problem(collector.config_file, 0, 0, message, code="build"))
    except TemplateError as exc:
        # A theme template that fails (Jinja's TemplateNotFound is an OSError too). MkDocs has
        # logged which page it was building, if it was building one.
        run.failed = True
        if not any(p.is_error for p in collector.problems):
            run.problems.append(
                Problem(collector.config_file, 0, 0, f"the theme could not render the site: {exc}", code="build")
            )
    except OSError as exc:
        # A full disk or a read-only folder while MkDocs writes pages; the plugin has
        # already discarded the half-written build, so the last good site is untouched.
        run.failed = True
        site = plugin.final_site_dir or Path(config.site_dir)
        run.problems.append(Problem(display_path(site), 0, 0, cannot_write(site, exc), code="build"))
    finally:
        config.plugins.on_shutdown()
        logger.handlers, logger.level, logger.propagate = saved[0], saved[1], saved[2]
    run.problems[:0] = collector.problems
    return run


def load_site_config(config_file: Path, site_dir: Path | None = None) -> tuple[MkDocsConfig, ScopebookPlugin]:
    """The MkDocs configuration and its scopebook plugin, or SystemExit-free ValueError naming what is wrong."""
    options: dict[str, object] = {"config_file": str(config_file)}
    if site_dir is not None:
        options["site_dir"] = str(site_dir)
    # MkDocs logs what is wrong with the configuration, then raises "Aborted with a
    # configuration error!"; the logged lines are the message worth showing.
    logger = logging.getLogger("mkdocs")
    said = _Said()
    saved = (logger.handlers[:], logger.propagate)
    logger.handlers, logger.propagate = [said], False
    try:
        config = load_config(**options)  # type: ignore[arg-type]
    except (ConfigurationError, Abort, OSError) as exc:
        raise ValueError(f"{config_file}: {'; '.join(said.lines) or exc}") from None
    finally:
        logger.handlers, logger.propagate = saved
    plugin = next((p for p in config.plugins.values() if isinstance(p, ScopebookPlugin)), None)
    if plugin is None:
        raise ValueError(f"{config_file}: add `plugins: [scopebook]` to use scopebook build")
    return config, plugin


SiteConfig = tuple[MkDocsConfig, ScopebookPlugin]


def site_to_check(
    config_file: Path, scope_dir: Path | None, content_dir: Path | None
) -> tuple[SiteConfig | Problem | None, Path, Path]:
    """The site `scopebook check` judges scope/ and the articles for, from its mkdocs.yml,
    and the two folders to check: those given, else the site's own (its `scope_dir` and
    `docs_dir`), else scope/ and content/.

    A problem when the configuration cannot be read; None when it builds other folders than
    the ones checked (then what only the site knows, its theme's templates, is not judged).
    """
    try:
        config, plugin = load_site_config(config_file)
    except ValueError as exc:
        problem = Problem(display_path(config_file), 0, 0, str(exc).removeprefix(f"{config_file}: "), code="mkdocs")
        return problem, *given_or_default(scope_dir, content_dir)
    site_scope, site_docs = plugin.resolved_scope_dir(config), Path(config.docs_dir).resolve()
    scope_dir = scope_dir or Path(display_path(site_scope))
    content_dir = content_dir or Path(display_path(site_docs))
    same = site_scope == scope_dir.resolve() and site_docs == content_dir.resolve()
    return ((config, plugin) if same else None), scope_dir, content_dir


def link_problems(site: SiteConfig, sources: Sources) -> list[Problem]:
    """What MkDocs reports about the site (links, anchors), from a build into a folder then removed."""
    config, plugin = site
    with tempfile.TemporaryDirectory(prefix="scopebook-check-") as scratch:
        config.site_dir = scratch
        return run_mkdocs(config, plugin, sources, strict=False, echo=False).problems


def build_site(config_file: Path, site_dir: Path | None, strict: bool = False) -> int:
    """Check scope/ and the articles, then build with MkDocs; 1 exactly when `check` fails."""
    try:
        config, plugin = load_site_config(config_file, site_dir)
    except ValueError as exc:
        print(f"scopebook: {escape_controls(str(exc))}", file=sys.stderr)
        return EXIT_PROBLEMS
    # The build keeps the checked sources until it ends; it needs no YAML positions (about 6 MiB at 600 items).
    sources = plugin.check(config).for_build()
    for problem in sources.problems:
        print(format_text(problem))
    if sources.errors or sources.contract is None or (strict and sources.problems):
        print("scopebook: nothing was built; fix the problems above", file=sys.stderr)
        return EXIT_PROBLEMS
    run = run_mkdocs(config, plugin, sources, strict=strict, echo=True)
    for problem in run.problems:
        print(format_text(problem))
    if run.failed or any(p.is_error for p in run.problems):
        print("scopebook: the build failed; the previous site is unchanged", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK
