"""`scopebook attainment`: measure a ticket export against the contract and print the result.

Exit codes: 0 every row read and no held cell below the objective, 1 bad rows or a bad
contract, 2 usage error (missing file, malformed option), 3 a plan and severity with enough
scored tickets is below the contract's objective.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .contract import check_scope
from .errors import ScopeError
from .model import Contract
from .report import format_text

if TYPE_CHECKING:  # the measuring itself is imported when the command runs, not for every command
    from .attainment import Attainment, AttainmentOptions, Cell

# attainment.DEFAULT_COLUMNS, written out so that building the command line needs no import of it
# (tests/test_attainment_command.py keeps the two equal).
COLUMN_NAMES = ("id", "plan", "severity", "created", "first_response", "timezone")

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BELOW_OBJECTIVE = 0, 1, 2, 3


def add_parser(sub: Any) -> None:
    """Register the `attainment` subcommand on the CLI's subparsers."""
    p = sub.add_parser("attainment", help="measure a ticket export (CSV) against the response targets")
    p.add_argument("tickets", nargs="?", type=Path, help="CSV export of tickets (default: the one in mkdocs.yml)")
    p.add_argument("--since", type=_date, help="first day of the period, YYYY-MM-DD (UTC, included)")
    p.add_argument("--until", type=_date, help="last day of the period, YYYY-MM-DD (UTC, included)")
    p.add_argument("--as-of", type=_timestamp, help="judge open tickets at this time (default: now)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument(
        "--column",
        action="append",
        default=[],
        type=_column,
        metavar="NAME=HEADER",
        help="read field NAME (" + ", ".join(COLUMN_NAMES) + ") from the column headed HEADER",
    )
    p.add_argument("--default-timezone", help="time zone of tickets without one, for `timezone: local` hours")
    p.add_argument("--scope-dir", default="scope", type=Path, help="folder of scope YAML files (default: scope)")
    p.add_argument(
        "-f", "--config-file", type=Path, help="mkdocs.yml whose `attainment:` options to use (default: if present)"
    )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a date; write YYYY-MM-DD") from None


def _timestamp(text: str) -> datetime:
    from .attainment import parse_time

    try:
        return parse_time(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}; write e.g. 2026-10-01T00:00:00Z") from None


def _column(text: str) -> tuple[str, str]:
    name, sep, header = text.partition("=")
    if not sep or not header.strip():
        raise argparse.ArgumentTypeError(f"`{text}` is not NAME=HEADER")
    if name.strip() not in COLUMN_NAMES:
        raise argparse.ArgumentTypeError(f"unknown field `{name}`; fields: {', '.join(COLUMN_NAMES)}")
    return name.strip(), header.strip()


def cmd_attainment(args: argparse.Namespace) -> int:
    from .attainment import Period, format_problem, measure, read_tickets

    try:
        options = _options(args)
    except ScopeError as exc:
        for problem in exc.problems:
            print(format_problem(problem), file=sys.stderr)
        return EXIT_USAGE
    tickets_path = args.tickets or options.tickets
    if tickets_path is None:
        return _usage("give the ticket export: scopebook attainment TICKETS.csv")
    if not tickets_path.is_file():
        return _usage(f"{tickets_path.as_posix()}: no such file")
    if not args.scope_dir.is_dir():
        return _usage(f"{args.scope_dir.as_posix()}: no such folder (give --scope-dir)")
    report = check_scope(args.scope_dir)
    if report.contract is None:
        for p in report.errors:
            print(format_text(p), file=sys.stderr)
        print("scopebook: nothing measured; fix the contract first (see `scopebook check`)", file=sys.stderr)
        return EXIT_PROBLEMS
    contract = report.contract
    read = read_tickets(tickets_path, contract, options.format, display=tickets_path.as_posix())
    period = Period(
        options.since, options.until, args.as_of or options.as_of or datetime.now(UTC).replace(microsecond=0)
    )
    result = measure(contract, read.tickets, period, contract.objective)
    if read.problems and not read.tickets and all(p.line <= 1 for p in read.problems):
        for problem in read.problems:
            print(format_problem(problem), file=sys.stderr)
        return EXIT_PROBLEMS
    renderers = {"text": render_text, "json": render_json, "markdown": render_markdown}
    sys.stdout.write(renderers[args.format](contract, result))
    for problem in read.problems:
        print(format_problem(problem), file=sys.stderr)
    if read.problems:
        rows = len({p.line for p in read.problems})
        print(
            f"{read.path}: {rows} bad row{'s' if rows != 1 else ''}; the figures above leave them out",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if result.below and result.objective is not None:
        names = ", ".join(f"{c.plan} {c.severity} ({percent(c.attainment)})" for c in result.below)
        print(f"scopebook attainment: below the {result.objective.text} objective: {names}", file=sys.stderr)
        return EXIT_BELOW_OBJECTIVE
    return EXIT_OK


def _usage(message: str) -> int:
    print(f"scopebook attainment: {message}", file=sys.stderr)
    return EXIT_USAGE


def _options(args: argparse.Namespace) -> AttainmentOptions:
    """The `attainment:` options of mkdocs.yml, overridden by the command line."""
    from .attainment import parse_options

    config_file: Path | None = args.config_file
    if config_file is None and Path("mkdocs.yml").is_file():
        config_file = Path("mkdocs.yml")
    raw: dict[str, Any] = {}
    if config_file is not None:
        raw = dict(_plugin_attainment(config_file))
    for key in ("since", "until", "as_of"):
        if getattr(args, key) is not None:
            raw[key] = getattr(args, key)
    if args.column:
        raw["columns"] = {**(raw.get("columns") or {}), **dict(args.column)}
    if args.default_timezone:
        raw["default_timezone"] = args.default_timezone
    base = config_file.resolve().parent if config_file is not None else Path.cwd()
    return parse_options(raw, base, where=config_file.as_posix() if config_file else "command line")


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (`!ENV`, `!!python/name:`): they become None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
# Dates stay text, so `2026-13-01` is reported by the option it belongs to, not by PyYAML.
_TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: str(node.value))
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _plugin_attainment(config_file: Path) -> dict[str, Any]:
    where = config_file.as_posix()
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
    except OSError as exc:
        raise ScopeError.at(
            where, 0, 0, f"cannot read: {exc.strerror}", "give an existing mkdocs.yml with -f"
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ScopeError.at(where, 0, 0, f"not readable YAML: {exc}", "run `mkdocs build` to see the problem") from None
    plugins = config.get("plugins") if isinstance(config, dict) else None
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("scopebook"), dict):
            found = entry["scopebook"].get("attainment")
            return dict(found) if isinstance(found, dict) else {}
    return {}


# --- Output ----------------------------------------------------------------------------------


def percent(share: float | None) -> str:
    """0.9617 -> `96.2%`; an em dash when nothing was decided."""
    return "—" if share is None else f"{share * 100:.1f}%"


def amount(value: float | None, symbol: str) -> str:
    return "—" if value is None else f"{value:.2f} {symbol}"


def _period_words(result: Attainment) -> str:
    p = result.period
    if p.since and p.until:
        span = f"created {p.since} to {p.until}"
    elif p.since:
        span = f"created from {p.since}"
    elif p.until:
        span = f"created up to {p.until}"
    else:
        span = "created at any time"
    return f"tickets {span}, as of {p.as_of.isoformat().replace('+00:00', 'Z')}"


def _objective_words(result: Attainment) -> str:
    o = result.objective
    if o is None:
        return "No objective in the contract (`contract.objective`)."
    return (
        f"Objective: {o.text} within target, for each plan and severity with at least {o.min_tickets} scored tickets."
    )


_HEAD = ("Severity", "Target", "Tickets", "Met", "Missed", "Pending", "Attainment", "Median", "90th pct", "")


def _row(contract: Contract, cell: Cell) -> tuple[str, ...]:
    return (
        contract.severity(cell.severity).name,
        cell.target,
        str(cell.tickets),
        str(cell.met) if cell.scored else "—",
        str(cell.missed) if cell.scored else "—",
        str(cell.pending) if cell.scored else "—",
        percent(cell.attainment) if cell.scored else "not scored",
        amount(cell.median, cell.symbol),
        amount(cell.p90, cell.symbol),
        "below objective" if cell.below_objective else "",
    )


def render_text(contract: Contract, result: Attainment) -> str:
    lines = [f"Service performance: {_period_words(result)}", _counted_words(result), _objective_words(result)]
    for plan in contract.plans:
        rows = [_row(contract, c) for c in result.cells if c.plan == plan.id and c.tickets]
        lines += ["", plan.name]
        if not rows:
            lines.append("  no tickets")
            continue
        widths = [max(len(r[i]) for r in [_HEAD, *rows]) for i in range(len(_HEAD))]
        for row in [_HEAD, *rows]:
            cells = [
                v.ljust(w) if i < 2 or i == len(row) - 1 else v.rjust(w)
                for i, (v, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append(("  " + "  ".join(cells)).rstrip())
    return "\n".join(lines) + "\n"


def _counted_words(result: Attainment) -> str:
    text = f"{result.counted} ticket{'s' if result.counted != 1 else ''} counted"
    if result.outside:
        text += f"; {result.outside} outside the period or after the as-of time, not counted"
    return text + "."


def render_markdown(contract: Contract, result: Attainment) -> str:
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["# Service performance", "", f"{_period_words(result).capitalize()}. {_counted_words(result)}"]
    lines += ["", _objective_words(result)]
    for plan in contract.plans:
        rows = [_row(contract, c) for c in result.cells if c.plan == plan.id and c.tickets]
        lines += ["", f"## {esc(plan.name)}", ""]
        if not rows:
            lines.append("No tickets.")
            continue
        head = [*_HEAD[:-1], "Objective"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join([" --- "] * 2 + [" ---: "] * (len(head) - 3) + [" --- "]) + "|")
        for row in rows:
            lines.append("| " + " | ".join(esc(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def render_json(contract: Contract, result: Attainment) -> str:
    plans: dict[str, dict[str, dict[str, Any]]] = {}
    for cell in result.cells:
        plans.setdefault(cell.plan, {})[cell.severity] = {
            "target": cell.target,
            "scored": cell.scored,
            "unit": cell.unit,
            "tickets": cell.tickets,
            "met": cell.met,
            "missed": cell.missed,
            "pending": cell.pending,
            "attainment": _round(cell.attainment),
            "median": _round(cell.median),
            "p90": _round(cell.p90),
            "held_to_objective": cell.held,
            "below_objective": cell.below_objective,
        }
    p = result.period
    o = result.objective
    payload = {
        "period": {
            "since": p.since.isoformat() if p.since else None,
            "until": p.until.isoformat() if p.until else None,
            "as_of": p.as_of.isoformat().replace("+00:00", "Z"),
        },
        "objective": {"attainment": o.attainment, "min_tickets": o.min_tickets} if o else None,
        "tickets": result.counted,
        "not_counted": result.outside,
        "plans": plans,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
