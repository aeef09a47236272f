"""`scopebook diff`: every change class with its exact wording, the weakening gate, formats, git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from scope_fixtures import MINIMAL

from generator.cli import main
from generator.diff_report import RECORD_HINT

DIFF = Path(__file__).parent / "fixtures" / "diff"

# (group, effect, text, location) for base.yaml -> head.yaml, in the order printed.
EXPECTED = [
    (
        "Basic",
        "weakening",
        "Basic: hours: Monday to Friday, 09:00-17:00 (Europe/Berlin) -> Monday to Friday, 09:00-16:00 (Europe/Berlin)",
        "new/scope/c.yaml:36:10",
    ),
    ("Basic", "strengthening", "Basic: channels: Email -> Email, Portal", "new/scope/c.yaml:53:15"),
    ("Basic", "strengthening", "Basic: named contacts: 2 -> 3", "new/scope/c.yaml:55:15"),
    ("Basic", "weakening", "Basic, Severity 1: 4 business hours -> 1 business day", "new/scope/c.yaml:57:13"),
    ("Basic", "weakening", "Basic: Installing the agent: included -> add-on (Onboarding)", "new/scope/c.yaml:89:13"),
    ("Basic", "strengthening", "Basic: Single sign-on: add-on (Onboarding) -> included", "new/scope/c.yaml:95:19"),
    ("Basic", "neutral", "Basic: new item Using the API: not included", "new/scope/c.yaml:115:18"),
    ("Basic", "weakening", "Basic: add-on Health check withdrawn", "new/scope/c.yaml:78:12"),
    ("Basic", "neutral", "Basic: Migrating from another tool removed (was not included)", "new/scope/c.yaml:83:5"),
    ("Pro", "weakening", "Pro: channels: Email, Portal, Phone -> Email, Portal", "new/scope/c.yaml:61:15"),
    ("Pro", "weakening", "Pro: languages: English, German -> English", "new/scope/c.yaml:62:16"),
    ("Pro", "weakening", "Pro: named contacts: 5 -> 4", "new/scope/c.yaml:63:15"),
    ("Pro", "strengthening", "Pro, Severity 1: 1 hour -> 30 minutes", "new/scope/c.yaml:65:13"),
    ("Pro", "weakening", "Pro, Severity 1 update interval: 4 hours -> 8 hours", "new/scope/c.yaml:67:13"),
    (
        "Pro",
        "weakening",
        "Pro: Training sessions: limited (up to 4 hours a year) -> limited (up to 2 hours a year)",
        "new/scope/c.yaml:102:13",
    ),
    ("Pro", "strengthening", "Pro: new item Using the API: included", "new/scope/c.yaml:116:16"),
    ("Pro", "strengthening", "Pro: add-on Onboarding now sold", "new/scope/c.yaml:73:12"),
    ("Pro", "weakening", "Pro: Migrating from another tool removed (was included)", "new/scope/c.yaml:83:5"),
    (
        "All plans",
        "neutral",
        "Contract summary: A small contract used by the tests. -> A small contract the tests compare.",
        "new/scope/c.yaml:6:12",
    ),
    (
        "All plans",
        "neutral",
        "Item Single sign-on: description: Configuring SSO. -> Configuring SAML or OIDC single sign-on.",
        "new/scope/c.yaml:94:22",
    ),
    (
        "All plans",
        "weakening",
        "Add-on Onboarding: price: USD 900, one-time -> USD 1,200, one-time",
        "new/scope/c.yaml:72:12",
    ),
    (
        "All plans",
        "strengthening",
        "Add-on Health check: price: USD 2,000 a year -> USD 1,500 a year",
        "new/scope/c.yaml:77:12",
    ),
    ("All plans", "weakening", "Agent 2.0: end of support 2027-01-01 -> 2026-10-01", "new/scope/c.yaml:121:21"),
    ("All plans", "strengthening", "Agent 3.0: supported until 2028-01-01", "new/scope/c.yaml:122:5"),
    ("All plans", "weakening", "New customer responsibility: Send logs when asked", "new/scope/c.yaml:130:5"),
    (
        "All plans",
        "weakening",
        "Agent 1.0: no longer listed (was supported until 2026-01-01)",
        "new/scope/c.yaml:117:1",
    ),
]


def two_folders(tmp_path: Path, base: Path, head: Path) -> None:
    for name, source in (("old", base), ("new", head)):
        (tmp_path / name / "scope").mkdir(parents=True)
        shutil.copy(source, tmp_path / name / "scope" / "c.yaml")


def run_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_every_change_class_is_worded_and_classed(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, DIFF / "base.yaml", DIFF / "head.yaml")
    code, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new", "--format", "json")
    payload = json.loads(out)
    got = [(c["group"], c["effect"], c["text"], f"{c['file']}:{c['line']}:{c['column']}") for c in payload["changes"]]
    assert got == EXPECTED
    assert payload["counts"] == {"weakening": 14, "strengthening": 8, "neutral": 4}
    assert (payload["ok"], payload["recorded"], code) == (False, False, 1)


# Contract format 2: prices, target kinds and ranges, local hours, service-level add-ons.
EXPECTED_FORMAT_2 = [
    (
        "Basic",
        "neutral",
        "Basic: hours: Monday to Friday, 09:00-17:00 (Europe/Berlin) -> Monday to Friday, 09:00-17:00 in your local time zone",
        "new/scope/c.yaml:35:15",
    ),
    (
        "Basic",
        "weakening",
        "Basic: price: USD 10 per user per month -> USD 12 per user per month",
        "new/scope/c.yaml:19:12",
    ),
    (
        "Basic",
        "weakening",
        "Basic, High: 8 business hours -> best effort, no response target",
        "new/scope/c.yaml:55:13",
    ),
    ("Basic", "weakening", "Basic, Low: best effort, no response target -> not offered", "new/scope/c.yaml:56:12"),
    ("Basic", "weakening", "Basic with Priority support: channels: Email, Phone -> Email", "new/scope/c.yaml:74:7"),
    ("Basic", "strengthening", "Basic with Priority support: languages: none -> German", "new/scope/c.yaml:75:18"),
    ("Basic", "weakening", "Basic with Priority support, High: 1 hour -> 2 hours", "new/scope/c.yaml:77:15"),
    ("Pro", "neutral", "Pro: price: (none) -> USD 30 per user per month", "new/scope/c.yaml:24:12"),
    ("Pro", "weakening", "Pro, High: 1 hour -> 30 minutes to 2 hours", "new/scope/c.yaml:62:13"),
    ("Pro", "neutral", "Pro, Low: 4 hours -> 1 to 4 hours", "new/scope/c.yaml:63:12"),
]


def test_format_2_changes_are_worded_and_classed(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, DIFF / "format2-base.yaml", DIFF / "format2-head.yaml")
    code, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new", "--format", "json")
    got = [
        (c["group"], c["effect"], c["text"], f"{c['file']}:{c['line']}:{c['column']}")
        for c in json.loads(out)["changes"]
    ]
    assert (code, got) == (1, EXPECTED_FORMAT_2)


# Basic's Severity 1 target, best first; Pro answers in 15 minutes so every value is valid.
TARGET_ORDER = ["30m", "15m-1h", "2h", "best-effort", "not-offered"]


@pytest.mark.parametrize(("better", "worse"), list(zip(TARGET_ORDER, TARGET_ORDER[1:], strict=False)))
def test_target_order_duration_range_best_effort_not_offered(tmp_path, monkeypatch, capsys, better, worse):
    def contract(value: str) -> str:
        text = MINIMAL.read_text().replace("      high: 8bh\n", f"      high: {value}\n")
        return text.replace("      high: 1h\n", "      high: 15m\n")

    for name, one, other, effect in (("a", better, worse, "weakening"), ("b", worse, better, "strengthening")):
        for side, value in (("old", one), ("new", other)):
            (tmp_path / name / side / "scope").mkdir(parents=True)
            (tmp_path / name / side / "scope" / "c.yaml").write_text(contract(value), "utf-8")
        _, out, _ = run_diff(tmp_path / name, monkeypatch, capsys, "old", "new", "--format", "json")
        assert [c["effect"] for c in json.loads(out)["changes"]] == [effect]


def test_a_range_is_held_to_its_upper_end(tmp_path, monkeypatch, capsys):
    text = MINIMAL.read_text().replace("      high: 1h\n", "      high: 15m\n")
    for side, value in (("old", "1h"), ("new", "15m-1h")):
        (tmp_path / side / "scope").mkdir(parents=True)
        (tmp_path / side / "scope" / "c.yaml").write_text(text.replace("      high: 8bh\n", f"      high: {value}\n"))
    _, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new", "--format", "json")
    assert [(c["effect"], c["text"]) for c in json.loads(out)["changes"]] == [
        ("neutral", "Basic, High: 1 hour -> 15 minutes to 1 hour")
    ]


def test_text_groups_by_plan_and_names_each_unrecorded_weakening(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, DIFF / "base.yaml", DIFF / "head.yaml")
    code, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "Contract 1.1 (old) -> 1.1 (new): 26 changes: 14 weakenings, 8 strengthenings, 4 neutral"
    assert lines[1:4] == [
        "",
        "Basic",
        "  weakening      Basic: hours: Monday to Friday, 09:00-17:00 (Europe/Berlin) -> "
        "Monday to Friday, 09:00-16:00 (Europe/Berlin)  [new/scope/c.yaml:36]",
    ]
    assert [line for line in lines if line in ("Basic", "Pro", "All plans")] == ["Basic", "Pro", "All plans"]
    errors = [line for line in lines if ": error: weakening not recorded: " in line]
    assert errors == [
        f"{where}: error: weakening not recorded: {text}"
        for _, effect, text, where in EXPECTED
        if effect == "weakening"
    ]
    assert f"    hint: {RECORD_HINT}" in lines
    assert (
        lines[-1] == "14 weakenings not recorded: contract.changes has no new entry and contract.version is still 1.1"
    )


def test_unrecorded_weakening_fails(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, MINIMAL, DIFF / "slower-target-unrecorded.yaml")
    code, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new")
    assert code == 1
    assert (
        "new/scope/c.yaml:53:13: error: weakening not recorded: Basic, High: 8 business hours -> 2 business days"
        in out.splitlines()
    )


def test_recorded_weakening_passes_and_is_still_listed(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, MINIMAL, DIFF / "slower-target-recorded.yaml")
    code, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new")
    assert code == 0
    assert out.splitlines() == [
        "Contract 1.1 (old) -> 1.2 (new): 1 change: 1 weakening",
        "",
        "Basic",
        "  weakening      Basic, High: 8 business hours -> 2 business days  [new/scope/c.yaml:56]",
        "",
        "the weakenings are recorded in contract.changes (version 1.2)",
    ]


def test_no_change(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, MINIMAL, MINIMAL)
    code, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new")
    assert (code, out.splitlines()[0]) == (0, "Contract 1.1 (old) -> 1.1 (new): no changes to the contract")


def test_github_annotations_follow_the_documented_syntax(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, MINIMAL, DIFF / "slower-target-unrecorded.yaml")
    (tmp_path / ".git").mkdir()  # the repository root: annotation paths are relative to it
    (tmp_path / "new" / "sub").mkdir()
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    code, out, _ = run_diff(tmp_path / "new" / "sub", monkeypatch, capsys, "../../old", "..", "--format", "github")
    assert code == 1
    first = out.splitlines()[0]
    hint = RECORD_HINT.replace("%", "%25")
    assert first == (
        "::error file=new/scope/c.yaml,line=53,col=13,title=Contract weakening::"
        f"Basic, High: 8 business hours -> 2 business days (not recorded: {hint})"
    )


def test_github_escapes_data_and_properties():
    from generator.report import github_annotation

    line = github_annotation("warning", "50% done\r\nnext: a, b", "we,ird:name.yaml", 3, 7, title="a: b, c")
    assert line == "::warning file=we%2Cird%3Aname.yaml,line=3,col=7,title=a%3A b%2C c::50%25 done%0D%0Anext: a, b"


def test_recorded_weakening_is_a_warning_annotation(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, MINIMAL, DIFF / "slower-target-recorded.yaml")
    (tmp_path / ".git").mkdir()
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    code, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new", "--format", "github")
    assert code == 0
    assert out.splitlines()[0] == (
        "::warning file=new/scope/c.yaml,line=56,col=13,title=Contract weakening::"
        "Basic, High: 8 business hours -> 2 business days"
    )


def test_markdown_for_the_job_summary(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, MINIMAL, DIFF / "slower-target-unrecorded.yaml")
    code, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new", "--format", "markdown")
    assert code == 1
    assert out.splitlines() == [
        "### Contract changes: 1.1 → 1.1",
        "",
        "Compared `old` with `new`: 1 change: 1 weakening.",
        "",
        "> **Not recorded: this check fails.** 1 weakening not recorded: contract.changes has no new entry and "
        "contract.version is still 1.1.",
        ">",
        f"> To pass, {RECORD_HINT}.",
        "",
        "#### Basic",
        "",
        "- **Weakening**: Basic, High: 8 business hours -> 2 business days (`new/scope/c.yaml:53`)",
    ]


def test_markdown_escapes_writer_text():
    from generator.report import markdown_inline

    assert markdown_inline("<img src=x onerror=alert(1)> *bold* [a](b) `c`|d") == (
        "\\<img src=x onerror=alert(1)> \\*bold\\* \\[a\\](b) \\`c\\`\\|d"
    )


def test_a_broken_side_is_reported_not_compared(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, MINIMAL, Path(__file__).parent / "fixtures" / "scope" / "negative" / "slower-target.yaml")
    code, _, err = run_diff(tmp_path, monkeypatch, capsys, "old", "new")
    assert code == 1
    assert "new/scope/c.yaml:" in err
    assert "the contract at new has errors" in err


# Git revisions --------------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose main branch has the minimal contract, and a branch that slows a target."""
    root = tmp_path / "repo"
    (root / "scope").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    shutil.copy(MINIMAL, root / "scope" / "contract.yaml")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    git(root, "checkout", "-q", "-b", "slower")
    shutil.copy(DIFF / "slower-target-unrecorded.yaml", root / "scope" / "contract.yaml")
    git(root, "commit", "-q", "-am", "slower")
    return root


def test_two_commits_diffed_by_revision(repo, monkeypatch, capsys):
    code, out, _ = run_diff(repo, monkeypatch, capsys, "HEAD~1", "HEAD")
    assert code == 1
    assert out.splitlines()[:4] == [
        "Contract 1.1 (HEAD~1) -> 1.1 (HEAD): 1 change: 1 weakening",
        "",
        "Basic",
        "  weakening      Basic, High: 8 business hours -> 2 business days  [scope/contract.yaml:53]",
    ]
    # the working tree was not touched
    assert git(repo, "status", "--porcelain") == ""


def test_default_base_is_where_the_branch_left_main(repo, monkeypatch, capsys):
    (repo / "scope" / "contract.yaml").write_text(
        (DIFF / "slower-target-recorded.yaml").read_text(), encoding="utf-8"
    )  # uncommitted: the working tree is the head
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    code, out, _ = run_diff(repo, monkeypatch, capsys)
    base = git(repo, "rev-parse", "main").strip()
    assert code == 0
    assert out.splitlines()[0] == f"Contract 1.1 (merge base {base[:12]}) -> 1.2 (working tree): 1 change: 1 weakening"


def test_unknown_revision(repo, monkeypatch, capsys):
    code, _, err = run_diff(repo, monkeypatch, capsys, "nope")
    assert code == 2
    assert "`nope` is neither a folder nor a revision in this repository" in err


def test_shallow_clone_says_how_to_fetch_the_base(repo, tmp_path, monkeypatch, capsys):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "slower", f"file://{repo}", str(clone))
    code, _, err = run_diff(clone, monkeypatch, capsys, "HEAD~1")
    assert code == 2
    assert "`HEAD~1` is neither a folder nor a revision in this repository" in err
    assert "git fetch --unshallow" in err and "fetch-depth: 0" in err


PRO_PLAN = """  - id: pro
    name: Pro
    extends: basic
    summary: Faster, and by phone.
"""
PRO_LEVEL = """  - plan: pro
    hours: always
    channels: [email, phone]
    contacts: 5
    response_targets:
      high: 1h
"""

OBJECTIVE = (
    "  quality: Answers are correct, complete and on time.\n  objective:\n    attainment: {}\n    min_tickets: {}\n"
)

# One edit to the minimal contract -> the one change it makes, exactly.
SINGLE_CHANGES = [
    (
        [("    hours: office\n", "    hours: always\n")],
        (
            "strengthening",
            "Basic: hours: Monday to Friday, 09:00-17:00 (Europe/Berlin) -> 24 hours a day, 7 days a week",
        ),
    ),
    (
        # Hours that now close the next morning: every hour of the old window and more.
        [('    end: "17:00"\n', '    end: "08:00"\n')],
        (
            "strengthening",
            "Basic: hours: Monday to Friday, 09:00-17:00 (Europe/Berlin) -> "
            "Monday to Friday, 09:00-08:00 the next day (Europe/Berlin)",
        ),
    ),
    (
        [("        title: Single sign-on\n", "        title: SSO\n")],
        ("neutral", "Item SSO: title: Single sign-on -> SSO"),
    ),
    (
        [("          pro: included\n", "          pro:\n            status: included\n            note: On request\n")],
        ("neutral", "Pro: Single sign-on: note: (none) -> On request"),
    ),
    (
        [("    definition: Production is down.\n", "    definition: Production is down for everyone.\n")],
        ("neutral", "Severity High: definition: Production is down. -> Production is down for everyone."),
    ),
    (
        [(PRO_PLAN, ""), (PRO_LEVEL, ""), ("          pro: included\n", "")],
        ("weakening", "Plan Pro withdrawn"),
    ),
    (
        [("  quality: Answers are correct, complete and on time.\n", OBJECTIVE.format("95%", 20))],
        ("strengthening", "Response-target objective: none -> 95% of tickets answered within target"),
    ),
]


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (
            ("95%", 20),
            ("90%", 20),
            ("weakening", "Response-target objective: 95% -> 90% of tickets answered within target"),
        ),
        (
            ("95%", 20),
            ("95%", 50),
            ("weakening", "Response-target objective: held from 20 -> 50 tickets per plan and severity"),
        ),
        (
            ("90%", 20),
            ("95%", 20),
            ("strengthening", "Response-target objective: 90% -> 95% of tickets answered within target"),
        ),
    ],
)
def test_objective_changes(tmp_path, monkeypatch, capsys, before, after, change):
    quality = "  quality: Answers are correct, complete and on time.\n"
    for side, values in (("old", before), ("new", after)):
        (tmp_path / side / "scope").mkdir(parents=True)
        text = MINIMAL.read_text().replace(quality, OBJECTIVE.format(*values))
        (tmp_path / side / "scope" / "c.yaml").write_text(text, "utf-8")
    _, out, err = run_diff(tmp_path, monkeypatch, capsys, "old", "new", "--format", "json")
    assert [(c["effect"], c["text"]) for c in json.loads(out)["changes"]] == [change], err


@pytest.mark.parametrize(("edits", "change"), SINGLE_CHANGES, ids=[c[1][1][:30] for c in SINGLE_CHANGES])
def test_single_changes(tmp_path, monkeypatch, capsys, edits, change):
    text = MINIMAL.read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    (tmp_path / "old" / "scope").mkdir(parents=True)
    shutil.copy(MINIMAL, tmp_path / "old" / "scope" / "c.yaml")
    (tmp_path / "new" / "scope").mkdir(parents=True)
    (tmp_path / "new" / "scope" / "c.yaml").write_text(text, "utf-8")
    _, out, err = run_diff(tmp_path, monkeypatch, capsys, "old", "new", "--format", "json")
    assert [(c["effect"], c["text"]) for c in json.loads(out)["changes"]] == [change], err


def test_github_lists_weakenings_first(tmp_path, monkeypatch, capsys):
    two_folders(tmp_path, DIFF / "base.yaml", DIFF / "head.yaml")
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    _, out, _ = run_diff(tmp_path, monkeypatch, capsys, "old", "new", "--format", "github")
    levels = [line.split(" ", 1)[0] for line in out.splitlines() if line.startswith("::")]
    assert levels == ["::error"] * 14 + ["::notice"] * 12


def test_shallow_clone_without_the_merge_base(repo, tmp_path, monkeypatch, capsys):
    # What a pull-request job sees with actions/checkout's default depth of 1.
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "slower", f"file://{repo}", str(clone))
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    code, out, err = run_diff(clone, monkeypatch, capsys)
    assert (code, out) == (2, "")
    assert "cannot find where HEAD branched off `origin/main`" in err
    assert "git fetch --unshallow" in err and "fetch-depth: 0" in err


def test_the_change_that_adds_the_contract_passes(repo, monkeypatch, capsys):
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-rq", "--cached", "scope")
    (repo / "README.md").write_text("Nothing yet.\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "empty")
    code, out, _ = run_diff(repo, monkeypatch, capsys, "empty", "slower")
    assert code == 0
    assert out == "scopebook diff: `scope/` does not exist at empty: the whole contract is new, nothing to compare\n"


OFFICE_WINDOW = '    days: [mon, tue, wed, thu, fri]\n    start: "09:00"\n    end: "17:00"\n'


@pytest.mark.parametrize(
    ("windows", "change"),
    [
        (  # a lunch break taken out of the day
            ['{days: [mon, tue, wed, thu, fri], start: "09:00", end: "12:30"}']
            + ['{days: [mon, tue, wed, thu, fri], start: "13:30", end: "17:00"}'],
            (
                "weakening",
                "Basic: hours: Monday to Friday, 09:00-17:00 (Europe/Berlin) -> "
                "Monday to Friday, 09:00-12:30 and 13:30-17:00 (Europe/Berlin)",
                "new/scope/c.yaml:35:9",
            ),
        ),
        (  # Saturday mornings added
            ['{days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00"}']
            + ['{days: [sat], start: "09:00", end: "13:00"}'],
            (
                "strengthening",
                "Basic: hours: Monday to Friday, 09:00-17:00 (Europe/Berlin) -> "
                "Monday to Friday, 09:00-17:00; Saturday, 09:00-13:00 (Europe/Berlin)",
                "new/scope/c.yaml:36:9",  # the window added
            ),
        ),
        (  # the same hours written as windows: nothing a customer gets has changed
            ['{days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00"}'],
            None,
        ),
    ],
)
def test_a_change_of_windows_is_a_change_of_hours(tmp_path, monkeypatch, capsys, windows, change):
    text = MINIMAL.read_text()
    assert OFFICE_WINDOW in text
    text = text.replace(OFFICE_WINDOW, "    windows:\n" + "".join(f"      - {w}\n" for w in windows), 1)
    (tmp_path / "old" / "scope").mkdir(parents=True)
    shutil.copy(MINIMAL, tmp_path / "old" / "scope" / "c.yaml")
    (tmp_path / "new" / "scope").mkdir(parents=True)
    (tmp_path / "new" / "scope" / "c.yaml").write_text(text, "utf-8")
    _, out, err = run_diff(tmp_path, monkeypatch, capsys, "old", "new", "--format", "json")
    changes = [(c["effect"], c["text"], f"{c['file']}:{c['line']}:{c['column']}") for c in json.loads(out)["changes"]]
    assert changes == ([change] if change else []), err
