"""`scopebook attainment` driven as a support lead would run it, on the minimal contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from scope_fixtures import FIXTURES, MINIMAL, scope_dir_with

from generator.cli import main

TICKETS = FIXTURES.parent / "tickets"
HEADER = "id,plan,severity,created,first_response\n"
# Basic high: 5 business hours across a weekend (met), 2.5 across the DST change (met),
# one open since Monday 09:00 Berlin (missed by Tuesday noon). Pro high: 45 minutes (met).
ROWS = (
    "A-1,basic,high,2026-10-09T15:00:00+02:00,2026-10-12T12:00:00+02:00\n"
    "A-2,basic,high,2026-10-23T14:00:00Z,2026-10-26T09:30:00Z\n"
    "A-3,basic,high,2026-10-26T09:00:00+01:00,\n"
    "A-4,pro,high,2026-10-26T08:00:00Z,2026-10-26T08:45:00Z\n"
)
AS_OF = "2026-10-27T12:00:00+01:00"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    scope_dir_with(tmp_path, MINIMAL)
    (tmp_path / "tickets.csv").write_text(HEADER + ROWS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["attainment", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "tickets.csv", "--as-of", AS_OF)
    assert (code, err) == (0, "")
    assert out == (
        "Service performance: tickets created at any time, as of 2026-10-27T11:00:00Z\n"
        "4 tickets counted.\n"
        "No objective in the contract (`contract.objective`).\n"
        "\n"
        "Basic\n"
        "  Severity  Target            Tickets  Met  Missed  Pending  Attainment   Median  90th pct\n"
        "  High      8 business hours        3    2       1        0       66.7%  3.75 bh   5.00 bh\n"
        "\n"
        "Pro\n"
        "  Severity  Target  Tickets  Met  Missed  Pending  Attainment  Median  90th pct\n"
        "  High      1 hour        1    1       0        0      100.0%  0.75 h    0.75 h\n"
    )


def test_json_report(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tickets.csv", "--as-of", AS_OF, "--format", "json", "--since", "2026-10-20")
    data = json.loads(out)
    assert code == 0
    assert data["period"] == {"since": "2026-10-20", "until": None, "as_of": "2026-10-27T11:00:00Z"}
    assert (data["tickets"], data["not_counted"]) == (3, 1)
    high = data["plans"]["basic"]["high"]
    assert {k: high[k] for k in ("tickets", "met", "missed", "pending", "attainment", "median", "p90")} == {
        "tickets": 2,
        "met": 1,
        "missed": 1,
        "pending": 0,
        "attainment": 0.5,
        "median": 2.5,
        "p90": 2.5,
    }
    assert high["unit"] == "business hours"
    assert set(data["plans"]) == {"basic", "pro"} and set(data["plans"]["pro"]) == {"high", "low"}


def test_markdown_report(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tickets.csv", "--as-of", AS_OF, "--format", "markdown")
    assert code == 0
    assert "| High | 8 business hours | 3 | 2 | 1 | 0 | 66.7% | 3.75 bh | 5.00 bh |  |" in out.splitlines()
    assert out.startswith("# Service performance\n")


def test_bad_rows_are_listed_with_hints_and_exit_1(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(TICKETS / "bad-rows.csv", workdir / "bad-rows.csv")
    code, out, err = run(capsys, "bad-rows.csv", "--as-of", AS_OF)
    assert code == 1
    assert "1 ticket counted." in out
    lines = err.splitlines()
    assert lines[0] == "bad-rows.csv:3: error: the ticket has no id"
    assert lines[1] == "    hint: fill in the `id` column"
    assert lines[-1] == "bad-rows.csv: 11 bad rows; the figures above leave them out"
    assert "Traceback" not in err


def test_a_missing_column_stops_before_any_figures(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "odd.csv").write_text("id,plan,severity,opened,first_response\n", encoding="utf-8")
    code, out, err = run(capsys, "odd.csv")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "odd.csv:1: error: no column `created` for the ticket created",
        "    hint: the header has `id`, `plan`, `severity`, `opened`, `first_response`;"
        " map your export's header with --column created=HEADER or `columns:` in mkdocs.yml",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.csv"], "scopebook attainment: nowhere.csv: no such file"),
        (["tickets.csv", "--scope-dir", "nope"], "scopebook attainment: nope: no such folder (give --scope-dir)"),
        ([], "scopebook attainment: give the ticket export: scopebook attainment TICKETS.csv"),
    ],
)
def test_usage_errors_exit_2(workdir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = run(capsys, *args)
    assert (code, err.strip()) == (2, message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "last week"], "`last week` is not a date; write YYYY-MM-DD"),
        (["--as-of", "2026-10-27T12:00"], "`2026-10-27T12:00` has no UTC offset"),
        (["--column", "opened"], "`opened` is not NAME=HEADER"),
        (["--column", "opened=Opened at"], "unknown field `opened`; fields: id, plan, severity"),
    ],
)
def test_malformed_options_exit_2(
    workdir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["attainment", "tickets.csv", *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_a_bad_contract_exits_1(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "scope" / "minimal.yaml").write_text("plans: [1]\n", encoding="utf-8")
    code, out, err = run(capsys, "tickets.csv")
    assert (code, out) == (1, "")
    assert "nothing measured; fix the contract first" in err


MKDOCS = """\
site_name: Help
plugins:
  - scopebook:
      attainment:
        tickets: exports/helpdesk.csv
        columns:
          id: Ticket ID
          plan: Organization plan
          severity: Priority
          created: Created at
          first_response: First reply at
        severities:
          Urgent: high
          Normal: low
"""


def test_mappings_come_from_mkdocs_yml(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "mkdocs.yml").write_text(MKDOCS + "  - search: !ENV [NO_SUCH_VARIABLE, true]\n", encoding="utf-8")
    (workdir / "exports").mkdir()
    shutil.copy(TICKETS / "helpdesk-export.csv", workdir / "exports" / "helpdesk.csv")
    code, out, err = run(capsys, "--as-of", "2026-10-09T14:00:00Z", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["plans"]["pro"]["high"]["met"], data["plans"]["pro"]["low"]["pending"]) == (1, 1)
    assert data["plans"]["basic"]["high"]["tickets"] == 1


def test_a_column_option_overrides_mkdocs_yml(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    text = (TICKETS / "helpdesk-export.csv").read_text("utf-8").replace("Ticket ID", "Key")
    (workdir / "renamed.csv").write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "renamed.csv", "--column", "id=Key", "--as-of", "2026-10-09T14:00:00Z")
    assert code == 0 and "3 tickets counted." in out


def test_bad_options_in_mkdocs_yml_exit_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "mkdocs.yml").write_text(
        "plugins:\n  - scopebook:\n      attainment:\n        since: 2026-13-01\n        colums: {}\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "tickets.csv")
    assert code == 2
    assert err.splitlines() == [
        "mkdocs.yml: error: plugins.scopebook.attainment.colums: unknown option",
        "    hint: did you mean `columns`?",
        "mkdocs.yml: error: plugins.scopebook.attainment.since: `2026-13-01` is not a date",
        "    hint: write it as YYYY-MM-DD",
    ]


def test_control_characters_in_a_row_cannot_forge_output(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "evil.csv").write_text(
        HEADER + 'X,basic,"high\x1b[2J\n::error::x",2026-10-05T09:00:00Z,\n', encoding="utf-8"
    )
    code, _, err = run(capsys, "evil.csv", "--as-of", AS_OF)
    assert code == 1
    assert "\x1b" not in err
    assert "unknown severity `high\\x1b[2J\\n::error::x`" in err
    assert not any(line.startswith("::") for line in err.splitlines())


def _objective(workdir: Path, written: str) -> None:
    text = MINIMAL.read_text("utf-8").replace("  quality:", f"  objective: {written}\n  quality:", 1)
    (workdir / "scope" / "minimal.yaml").write_text(text, encoding="utf-8")


def test_a_held_cell_below_the_objective_exits_3(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Basic high: 2 met, 1 missed = 66.7%; Pro high: 1 met = 100%.
    _objective(workdir, "{attainment: 80%, min_tickets: 3}")
    code, out, err = run(capsys, "tickets.csv", "--as-of", AS_OF)
    assert code == 3
    assert "Objective: 80% within target, for each plan and severity with at least 3 scored tickets." in out
    assert "66.7%  3.75 bh   5.00 bh  below objective" in out
    assert err == "scopebook attainment: below the 80% objective: basic high (66.7%)\n"
    code, out, _ = run(capsys, "tickets.csv", "--as-of", AS_OF, "--format", "json")
    data = json.loads(out)
    assert code == 3 and data["objective"] == {"attainment": 0.8, "min_tickets": 3}
    assert [data["plans"]["basic"]["high"][k] for k in ("held_to_objective", "below_objective")] == [True, True]
    assert [data["plans"]["pro"]["high"][k] for k in ("held_to_objective", "below_objective")] == [False, False]


def test_cells_with_too_few_tickets_or_at_the_objective_pass(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _objective(workdir, "{attainment: 80%, min_tickets: 4}")
    assert run(capsys, "tickets.csv", "--as-of", AS_OF)[0] == 0
    _objective(workdir, "66%")
    assert run(capsys, "tickets.csv", "--as-of", AS_OF)[0] == 0


def test_bad_rows_outrank_a_missed_objective(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _objective(workdir, "99%")
    with (workdir / "tickets.csv").open("a", encoding="utf-8") as handle:
        handle.write("A-5,basic,high,not a time,\n")
    code, _, err = run(capsys, "tickets.csv", "--as-of", AS_OF)
    assert code == 1
    assert "tickets.csv:6: error: created: `not a time` is not an ISO 8601 time" in err


def test_the_command_line_names_the_fields_the_ticket_reader_reads() -> None:
    from generator.attainment import DEFAULT_COLUMNS
    from generator.attainment_command import COLUMN_NAMES

    assert COLUMN_NAMES == tuple(DEFAULT_COLUMNS)
