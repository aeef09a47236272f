"""The `scopebook` command line: check, export, build, attainment.

Exit codes: 0 clean, 1 problems in the input, 2 usage error (3: see attainment_command).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import attainment_command, review_command
from .articles import Sources, article_checker, check_sources
from .contract import check_scope
from .errors import Problem
from .export import export_json
from .report import REPORTERS, format_log, format_text
from .site_folders import given_or_default

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scopebook", description="Build a help center from articles and a support-scope contract."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def common(p: argparse.ArgumentParser, site: str = "") -> None:
        p.add_argument("--scope-dir", default="scope", type=Path, help=f"folder of scope YAML files (default: {site}scope)")
        p.add_argument(
            "--content-dir", default="content", type=Path, help=f"folder of Markdown articles (default: {site}content)"
        )

    def site_folders(p: argparse.ArgumentParser) -> None:
        common(p, site="the site's, with a mkdocs.yml; else ")
        p.set_defaults(scope_dir=None, content_dir=None)  # decided where the folders are read

    check = sub.add_parser("check", help="validate scope/ and articles; print every problem")
    site_folders(check)
    check.add_argument("--format", choices=sorted(REPORTERS), default="text")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        type=Path,
        help="judge for this MkDocs site, if the file exists, as `build` does (its theme's templates, "
        "where it puts the generated pages) and report MkDocs' link and anchor problems",
    )

    export = sub.add_parser("export", help="print the resolved contract as JSON")
    common(export)
    export.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")

    diff = sub.add_parser("diff", help="what changed in the contract, and whether customers get less")
    diff.add_argument(
        "base", nargs="?", help="git revision or folder (default: where HEAD branched off the default branch)"
    )
    diff.add_argument("head", nargs="?", help="git revision or folder (default: the working tree)")
    diff.add_argument("--scope-dir", default="scope", type=Path, help="folder of scope YAML files (default: scope)")
    diff.add_argument("--format", choices=("text", "markdown", "json", "github"), default="text")

    build = sub.add_parser("build", help="check, then build the site with MkDocs; fails exactly when check fails")
    build.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    build.add_argument("-d", "--site-dir", type=Path, default=None)
    build.add_argument("--strict", action="store_true", help="treat warnings as errors, as `check --strict` does")

    attainment_command.add_parser(sub)
    review_command.add_parsers(sub, site_folders)
    return parser


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _summary(sources: Sources, problems: Sequence[Problem], scope_dir: Path, content_dir: Path) -> str:
    report = sources.report
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    counts = f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    if report.contract is not None:
        c = report.contract
        what = f"{_count(report.files, 'file')}, {_count(len(c.plans), 'plan')}, {_count(len(c.items()), 'item')}"
    else:
        what = _count(report.files, "file")
    if report.contract is not None and content_dir.is_dir():
        what += f"; {content_dir.as_posix().rstrip('/')}/: {_count(sources.article_files, 'article')}"
    return f"{scope_dir.as_posix().rstrip('/')}/: {what}: {counts}"


def cmd_check(args: argparse.Namespace) -> int:
    # Without a content folder the articles go unchecked, and so do the contract's links to
    # them: fine for a contract on its own, not when the folder named is not there.
    if args.content_dir is not None and not args.content_dir.is_dir():
        return review_command.content_dir_missing(args.content_dir)
    site = None
    if args.config_file.is_file():
        from .build import site_to_check  # MkDocs loads only when there is a site to check

        site, args.scope_dir, args.content_dir = site_to_check(args.config_file, args.scope_dir, args.content_dir)
    else:
        args.scope_dir, args.content_dir = given_or_default(args.scope_dir, args.content_dir)
    # With the site's configuration, the same check as `scopebook build`: its theme's
    # templates, where it puts the generated pages, which plans it shows.
    sources = site[1].check(site[0]) if isinstance(site, tuple) else check_sources(args.scope_dir, args.content_dir)
    problems = sources.problems
    if any(p.code == "usage" for p in problems):
        for p in problems:
            print(f"scopebook: {format_log(p)}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(site, Problem):
        problems = problems + (site,)
    elif site is not None and not sources.errors and sources.contract is not None:
        from .build import link_problems

        problems = problems + tuple(link_problems(site, sources))
    failed = any(p.is_error for p in problems) or (args.strict and bool(problems))
    summary = _summary(sources, problems, args.scope_dir, args.content_dir)
    sys.stdout.write(REPORTERS[args.format](problems, summary, failed))
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    report = check_scope(args.scope_dir, article_checker(args.content_dir))
    if report.contract is None:
        for p in report.problems:
            print(format_text(p), file=sys.stderr)
        usage = any(p.code == "usage" for p in report.problems)
        print("scopebook: nothing exported; fix the errors above (see `scopebook check`)", file=sys.stderr)
        return EXIT_USAGE if usage else EXIT_PROBLEMS
    text = export_json(report.contract)
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"scopebook: cannot write {args.output}: {exc.strerror or exc} (check -o)", file=sys.stderr)
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff_report import run_diff

    return run_diff(args.base, args.head, args.scope_dir, args.format)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    return build_site(args.config_file, args.site_dir, args.strict)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "check": cmd_check,
        "export": cmd_export,
        "build": cmd_build,
        "attainment": attainment_command.cmd_attainment,
        "diff": cmd_diff,
        **review_command.HANDLERS,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
