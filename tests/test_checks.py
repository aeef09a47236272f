"""Every semantic rule and every malformed input: exact location and message, exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from scope_fixtures import FIXTURES, MINIMAL, REPO, scope_dir_with

from generator.cli import main
from generator.resolve import hours_window

# (fixture, exit code, number of problems, first problem line as printed)
NEGATIVE = [
    (
        "addon-business-target-without-hours",
        1,
        1,
        "scope/addon-business-target-without-hours.yaml:71:9: error: add-on `priority` on plan `basic` has no support hours to count `4bh` against (severity `high`)",
    ),
    (
        "addon-improves-nothing",
        0,
        1,
        "scope/addon-improves-nothing.yaml:69:13: warning: add-on `priority` improves nothing on plan `pro`, which already has all its `service_level` gives",
    ),
    (
        "addon-inherited-not-sold",
        1,
        1,
        "scope/addon-inherited-not-sold.yaml:79:11: error: item `sso`: add-on `onboarding` is not sold on plan `pro`",
    ),
    (
        "addon-not-sold",
        1,
        1,
        "scope/addon-not-sold.yaml:82:11: error: item `sso`: add-on `onboarding` is not sold on plan `pro`",
    ),
    ("addon-unknown-channel", 1, 1, "scope/addon-unknown-channel.yaml:71:18: error: unknown channel `fax`"),
    (
        "alternative-unknown-addon",
        1,
        1,
        "scope/alternative-unknown-addon.yaml:89:18: error: unknown add-on `community-pack`",
    ),
    (
        "best-effort-without-reason",
        1,
        1,
        "scope/best-effort-without-reason.yaml:61:7: error: plan `pro` gives only best effort on severity `low`, but `basic`, which it extends, commits to 2 business days (up to 4 days)",
    ),
    (
        "business-target-without-hours",
        1,
        1,
        "scope/business-target-without-hours.yaml:52:7: error: plan `basic` has no support hours to count `8bh` against (severity `high`)",
    ),
    (
        "cycle-extends",
        1,
        1,
        "scope/cycle-extends.yaml:18:14: error: plans extend each other in a cycle: basic -> pro -> basic",
    ),
    (
        "duplicate-item-id",
        1,
        1,
        "scope/duplicate-item-id.yaml:83:13: error: duplicate scope item `install` across the contract (first defined at scope/duplicate-item-id.yaml:71)",
    ),
    (
        "duplicate-plan-id",
        1,
        3,
        "scope/duplicate-plan-id.yaml:19:9: error: duplicate plan `basic` (first defined at scope/duplicate-plan-id.yaml:16)",
    ),
    (
        "excluded-without-alternative",
        0,
        1,
        "scope/excluded-without-alternative.yaml:83:9: warning: item `custom-code` is excluded on every plan but says neither why nor where to go instead",
    ),
    (
        "extends-order",
        1,
        1,
        "scope/extends-order.yaml:18:14: error: plan `pro` extends `basic`, which is listed after it",
    ),
    (
        "fewer-contacts-than-unlimited",
        1,
        1,
        "scope/fewer-contacts-than-unlimited.yaml:58:15: error: plan `pro` limits named contacts but `basic` allows unlimited",
    ),
    (
        "fewer-contacts",
        1,
        1,
        "scope/fewer-contacts.yaml:58:15: error: plan `pro` allows fewer named contacts (1) than `basic` (2)",
    ),
    (
        "missing-target",
        1,
        1,
        "scope/missing-target.yaml:53:7: error: plan `basic` has no response target for severity `low`",
    ),
    (
        "range-reversed",
        1,
        1,
        "scope/range-reversed.yaml:53:7: error: the range `2h-15m` for severity `high` does not end later than it starts",
    ),
    (
        "slower-by-hours",
        1,
        1,
        "scope/slower-by-hours.yaml:62:12: error: plan `pro` gets a slower high response (8 business hours (up to 6 days)) than `basic`, which it extends (8 business hours (up to 3 days))",
    ),
    (
        "slower-range",
        1,
        1,
        "scope/slower-range.yaml:60:7: error: plan `pro` gets a slower high response (1 hour to 4 days) than `basic`, which it extends (8 business hours (up to 3 days))",
    ),
    (
        "slower-target",
        1,
        1,
        "scope/slower-target.yaml:60:7: error: plan `pro` gets a slower high response (4 days) than `basic`, which it extends (8 business hours (up to 3 days))",
    ),
    (
        # a reason excuses routing a severity elsewhere, never a slower commitment
        "slower-target-with-reason",
        1,
        1,
        "scope/slower-target-with-reason.yaml:60:7: error: plan `pro` gets a slower high response (4 days) than `basic`, which it extends (8 business hours (up to 3 days))",
    ),
    ("unknown-addon", 1, 1, "scope/unknown-addon.yaml:81:20: error: unknown add-on `onbording`"),
    ("unknown-channel", 1, 1, "scope/unknown-channel.yaml:57:23: error: unknown channel `fax`"),
    ("unknown-coverage-plan", 1, 1, "scope/unknown-coverage-plan.yaml:82:11: error: unknown plan `premium`"),
    ("unknown-extends", 1, 1, "scope/unknown-extends.yaml:21:14: error: unknown plan `basik`"),
    (
        "hours-windows-overlap",
        1,
        2,
        "scope/hours-windows-overlap.yaml:36:9: error: hours `split-shift`: window 1 (Monday to Friday, 09:00-13:00) and window 2 (Monday to Friday, 12:00-17:00) are both open on Monday 12:00-13:00",
    ),
    ("unknown-hours", 1, 1, "scope/unknown-hours.yaml:56:12: error: unknown hours schedule `allways`"),
    ("unknown-severity", 1, 1, "scope/unknown-severity.yaml:60:7: error: unknown severity `hihg`"),
    ("unknown-target-hours", 1, 1, "scope/unknown-target-hours.yaml:62:16: error: unknown hours schedule `allways`"),
    ("unknown-timezone", 1, 1, "scope/unknown-timezone.yaml:33:15: error: unknown time zone `Europe/Berln`"),
    (
        "version-mismatch",
        1,
        1,
        "scope/version-mismatch.yaml:3:12: error: contract version `1.2` differs from the newest `changes` entry (`1.1`, 2026-01-15)",
    ),
    (
        "withdrawn-severity",
        1,
        1,
        "scope/withdrawn-severity.yaml:60:7: error: plan `pro` does not offer severity `high`, but `basic`, which it extends, does (8 business hours (up to 3 days))",
    ),
    (
        "withdrawn-best-effort",
        1,
        1,
        "scope/withdrawn-best-effort.yaml:61:7: error: plan `pro` does not offer severity `low`, but `basic`, which it extends, does (best effort)",
    ),
    (
        "worse-coverage",
        1,
        1,
        "scope/worse-coverage.yaml:76:11: error: item `install` is `limited` on `pro` but `included` on `basic`, which it extends",
    ),
]

MALFORMED = [
    (
        "addon-service-level-unknown-key",
        1,
        1,
        "scope/addon-service-level-unknown-key.yaml:71:7: error: unknown key `response_target` in addons[1].service_level",
    ),
    (
        "addon-without-addon",
        1,
        1,
        "scope/addon-without-addon.yaml:80:13: error: areas[0].items[1].coverage.basic is missing the required key `addon`",
    ),
    (
        "alternative-two-targets",
        1,
        1,
        "scope/alternative-two-targets.yaml:88:11: error: areas[0].items[2].alternative: an alternative needs exactly one of `article`, `addon` or `url`",
    ),
    (
        "always-with-timezone",
        1,
        1,
        "scope/always-with-timezone.yaml:37:5: error: hours[1]: 24x7 hours (`always: true`) take no timezone, days, start, end or windows",
    ),
    (
        "always-with-windows",
        1,
        1,
        "scope/always-with-windows.yaml:44:5: error: hours[2]: 24x7 hours (`always: true`) take no timezone, days, start, end or windows",
    ),
    (
        "bad-date",
        1,
        1,
        "scope/bad-date.yaml:4:14: error: contract.effective: dates are written YYYY-MM-DD (got `2026-13-15`)",
    ),
    (
        "bad-duration",
        1,
        1,
        "scope/bad-duration.yaml:53:13: error: service_levels[0].response_targets.high: a target is a duration (a whole number and a unit: m, h, d, bm, bh or bd), a range such as 15m-2h, `best-effort` or `not-offered` (got `8 hours`)",
    ),
    (
        "bad-id",
        1,
        1,
        "scope/bad-id.yaml:19:9: error: plans[1].id: ids use lowercase letters, digits and hyphens, and start with a letter (got `Pro_Plan`)",
    ),
    (
        "bad-range",
        1,
        1,
        "scope/bad-range.yaml:53:13: error: service_levels[0].response_targets.high: a target is a duration (a whole number and a unit: m, h, d, bm, bh or bd), a range such as 15m-2h, `best-effort` or `not-offered` (got `15m to 2h`)",
    ),
    (
        "bad-time",
        1,
        1,
        "scope/bad-time.yaml:35:12: error: hours[0].start: a time of day is written HH:MM (24-hour clock) (got `9am`)",
    ),
    ("comments-only", 1, 1, "scope/comments-only.yaml:1:1: error: file is empty"),
    (
        "contacts-word",
        1,
        1,
        "scope/contacts-word.yaml:51:15: error: service_levels[0].contacts: give a whole number of contacts, or `unlimited` (got `many`)",
    ),
    (
        "coverage-list",
        1,
        1,
        "scope/coverage-list.yaml:74:19: error: areas[0].items[0].coverage should be text or a mapping (key: value lines), not a list",
    ),
    ("custom-tag", 1, 1, "scope/custom-tag.yaml:17:11: error: the YAML tag `!include` is not allowed"),
    ("duplicate-key", 1, 1, "scope/duplicate-key.yaml:21:5: error: duplicate key `name` (first given on line 20)"),
    ("empty", 1, 1, "scope/empty.yaml:1:1: error: file is empty"),
    (
        "hours-missing-days",
        1,
        1,
        "scope/hours-missing-days.yaml:31:5: error: hours[0] is missing the required key `days`",
    ),
    (
        "hours-window-missing-end",
        1,
        1,
        "scope/hours-window-missing-end.yaml:42:9: error: hours[1].windows[1] is missing the required key `end`",
    ),
    (
        "hours-windows-and-days",
        1,
        1,
        "scope/hours-windows-and-days.yaml:31:5: error: hours[0]: hours with `windows` take no days, start or end of their own: each window gives them",
    ),
    (
        "javascript-url",
        1,
        1,
        "scope/javascript-url.yaml:89:16: error: areas[0].items[2].alternative.url: a url starts with https://, http:// or mailto: (got `javascript:alert(1)`)",
    ),
    (
        "limited-without-limit",
        1,
        1,
        "scope/limited-without-limit.yaml:83:13: error: areas[0].items[1].coverage.pro is missing the required key `limit`",
    ),
    ("merge-key", 1, 1, "scope/merge-key.yaml:20:5: error: merge keys (`<<:`) are not supported"),
    ("missing-required", 1, 1, "scope/missing-required.yaml:16:5: error: plans[0] is missing the required key `name`"),
    ("not-utf8", 1, 1, "scope/not-utf8.yaml:18:17: error: byte 0xe9 is not valid UTF-8"),
    ("price-as-number", 1, 1, "scope/price-as-number.yaml:19:12: error: plans[0].price should be text, not a number"),
    (
        "python-tag",
        1,
        1,
        "scope/python-tag.yaml:17:11: error: the YAML tag `!!python/object/apply:os.system` is not allowed",
    ),
    (
        "syntax-unclosed-bracket",
        1,
        1,
        "scope/syntax-unclosed-bracket.yaml:58:13: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)",
    ),
    (
        "objective-without-percent",
        1,
        1,
        "scope/objective-without-percent.yaml:8:14: error: contract.objective should be text or a mapping (key: value lines), not a number",
    ),
    (
        "tab-indentation",
        1,
        1,
        "scope/tab-indentation.yaml:20:1: error: YAML syntax error: a tab character is used for indentation",
    ),
    (
        "target-without-target",
        1,
        1,
        "scope/target-without-target.yaml:61:9: error: service_levels[1].response_targets.high is missing the required key `target`",
    ),
    (
        "targets-word",
        1,
        1,
        "scope/targets-word.yaml:52:23: error: `fast` is not allowed in service_levels[0].response_targets; use one of: best-effort, not-offered",
    ),
    (
        "timezone-words",
        1,
        1,
        "scope/timezone-words.yaml:33:15: error: hours[0].timezone: a time zone is an IANA name, or `local` (got `customer time`)",
    ),
    (
        "top-level-list",
        1,
        1,
        "scope/top-level-list.yaml:1:1: error: a scope file must be a mapping of sections, not list",
    ),
    (
        "two-documents",
        1,
        1,
        "scope/two-documents.yaml:99:1: error: YAML syntax error: the file holds more than one YAML document (a second `---`)",
    ),
    ("unknown-key", 1, 1, "scope/unknown-key.yaml:22:5: error: unknown key `sumary` in plans[1]"),
    (
        "unknown-plan-status",
        1,
        1,
        "scope/unknown-plan-status.yaml:82:16: error: `incluided` is not allowed in areas[0].items[1].coverage.pro; use one of: included, limited, addon, excluded",
    ),
    ("unknown-section", 1, 1, "scope/unknown-section.yaml:15:1: error: unknown key `plan` at the top level"),
    (
        "unknown-status",
        1,
        1,
        "scope/unknown-status.yaml:74:19: error: `includd` is not allowed in areas[0].items[0].coverage; use one of: included, limited, addon, excluded",
    ),
    (
        "version-as-number",
        1,
        1,
        "scope/version-as-number.yaml:3:12: error: contract.version should be text, not a number",
    ),
    ("wrong-type", 1, 1, "scope/wrong-type.yaml:17:11: error: plans[0].name should be text, not a list"),
    (
        "id-trailing-newline",
        1,
        1,
        "scope/id-trailing-newline.yaml:19:9: error: plans[1].id: ids use lowercase letters, digits and hyphens, and start with a letter (got `pro\\n`)",
    ),
    (
        "id-too-long",
        1,
        1,
        "scope/id-too-long.yaml:19:9: error: plans[1].id is 5,000 characters long; the limit is 80",
    ),
    (
        "duration-trailing-newline",
        1,
        1,
        "scope/duration-trailing-newline.yaml:60:13: error: service_levels[1].response_targets.high: a target is a duration (a whole number and a unit: m, h, d, bm, bh or bd), a range such as 15m-2h, `best-effort` or `not-offered` (got `1h\\n`)",
    ),
    (
        "time-trailing-newline",
        1,
        1,
        "scope/time-trailing-newline.yaml:35:12: error: hours[0].start: a time of day is written HH:MM (24-hour clock) (got `09:00\\n`)",
    ),
    (
        "script-url-tab",
        1,
        1,
        "scope/script-url-tab.yaml:89:16: error: areas[0].items[2].alternative.url: a url starts with https://, http:// or mailto: (got `JaVa\\tScRiPt:alert(1)`)",
    ),
    (
        "control-character-pasted",
        1,
        1,
        "scope/control-character-pasted.yaml:22:37: error: the invisible control character U+0092 is not allowed in YAML",
    ),
    (
        "alternative-article-nul",
        1,
        1,
        "scope/alternative-article-nul.yaml:89:20: error: `alternative.article` cannot be used: the path contains a control character (a NUL byte, tab or line break)",
    ),
    (
        "alternative-article-not-normalised",
        1,
        1,
        "scope/alternative-article-not-normalised.yaml:89:20: error: `alternative.article` cannot be used: the path is not in its simplest form; write it without `.`, `..` or `//`",
    ),
    (
        "markdown-nested-too-deeply",
        1,
        1,
        "scope/markdown-nested-too-deeply.yaml:115:1: error: this line is indented 164 columns: Markdown nested more than 40 levels deep cannot be rendered",
    ),
    (
        "markdown-brackets-unclosed",
        1,
        1,
        "scope/markdown-brackets-unclosed.yaml:74:1: error: 20,000 `[` are open at once in this paragraph: Markdown would take too long to match them with `]`",
    ),
    (
        "markdown-emphasis-nested-too-deeply",
        1,
        1,
        "scope/markdown-emphasis-nested-too-deeply.yaml:76:1: error: emphasis is nested more than 100 levels deep here: Markdown nested this deep cannot be rendered",
    ),
]


def run_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    code = main(["check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


@pytest.mark.parametrize(("name", "code", "count", "first"), NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_semantic_rule_fixture(tmp_path, monkeypatch, capsys, name, code, count, first):
    scope_dir_with(tmp_path, FIXTURES / "negative" / f"{name}.yaml")
    exit_code, out = run_check(tmp_path, monkeypatch, capsys)
    problems = [line for line in out.splitlines() if ": error: " in line or ": warning: " in line]
    assert problems[0] == first
    assert len(problems) == count
    assert exit_code == code
    assert "hint: " in out


@pytest.mark.parametrize(("name", "code", "count", "first"), MALFORMED, ids=[n[0] for n in MALFORMED])
def test_malformed_input(tmp_path, monkeypatch, capsys, name, code, count, first):
    scope_dir_with(tmp_path, FIXTURES / "malformed" / f"{name}.yaml")
    exit_code, out = run_check(tmp_path, monkeypatch, capsys)
    problems = [line for line in out.splitlines() if ": error: " in line]
    assert problems[0] == first
    assert len(problems) == count
    assert exit_code == code
    assert out.splitlines()[1].startswith("    hint: ")  # every mistake says what to do


def test_minimal_contract_passes(tmp_path, monkeypatch, capsys):
    scope_dir_with(tmp_path, MINIMAL)
    code, out = run_check(tmp_path, monkeypatch, capsys, "--strict")
    assert code == 0
    assert out == "scope/: 1 file, 2 plans, 3 items: 0 errors, 0 warnings\n"


def test_warning_fails_only_when_strict(tmp_path, monkeypatch, capsys):
    scope_dir_with(tmp_path, FIXTURES / "negative" / "excluded-without-alternative.yaml")
    assert run_check(tmp_path, monkeypatch, capsys)[0] == 0
    assert run_check(tmp_path, monkeypatch, capsys, "--strict")[0] == 1


def test_every_problem_is_reported_not_just_the_first(tmp_path, monkeypatch, capsys):
    scope_dir_with(
        tmp_path,
        FIXTURES / "malformed" / "tab-indentation.yaml",
        FIXTURES / "malformed" / "bad-date.yaml",
        FIXTURES / "malformed" / "unknown-key.yaml",
    )
    code, out = run_check(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert "scope/bad-date.yaml:4:14: error:" in out
    assert "scope/tab-indentation.yaml:20:1: error:" in out
    assert "scope/unknown-key.yaml:22:5: error:" in out
    assert out.splitlines()[-1] == "scope/: 3 files: 3 errors, 0 warnings"


def test_contract_section_in_two_files(tmp_path, monkeypatch, capsys):
    scope_dir_with(
        tmp_path,
        MINIMAL,
        texts={
            "zz-extra.yaml": "contract:\n  title: Again\n  version: '1'\n  effective: 2026-01-01\n  owner: x\n  summary: x\n  quality: x\n"
        },
    )
    code, out = run_check(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert (
        "scope/zz-extra.yaml:1:1: error: the `contract` section is given twice (first in scope/minimal.yaml:1)" in out
    )


def test_list_sections_concatenate_across_files(tmp_path, monkeypatch, capsys):
    text = MINIMAL.read_text()
    head, areas = text.split("areas:\n", 1)
    areas, tail = areas.split("lifecycle:\n", 1)
    scope_dir_with(tmp_path, texts={"a.yaml": head + "lifecycle:\n" + tail, "b.yaml": "areas:\n" + areas})
    code, out = run_check(tmp_path, monkeypatch, capsys)
    assert code == 0, out
    assert out.startswith("scope/: 2 files, 2 plans, 3 items")


def test_missing_scope_dir_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "scope directory not found" in err


def test_json_format(tmp_path, monkeypatch, capsys):
    import json

    scope_dir_with(tmp_path, FIXTURES / "negative" / "unknown-extends.yaml")
    code, out = run_check(tmp_path, monkeypatch, capsys, "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert payload["ok"] is False and payload["errors"] == 1
    assert payload["problems"][0] == {
        "code": "unknown-reference",
        "column": 14,
        "file": "scope/unknown-extends.yaml",
        "hint": "did you mean `basic`?",
        "level": "error",
        "line": 21,
        "message": "unknown plan `basik`",
    }


def test_github_format(tmp_path, monkeypatch, capsys):
    scope_dir_with(tmp_path, FIXTURES / "negative" / "unknown-extends.yaml")
    _, out = run_check(tmp_path, monkeypatch, capsys, "--format", "github")
    assert out.splitlines()[0] == (
        "::error file=scope/unknown-extends.yaml,line=21,col=14::unknown plan `basik` (hint: did you mean `basic`?)"
    )


def test_check_covers_article_front_matter(tmp_path, monkeypatch, capsys):
    scope_dir_with(tmp_path, MINIMAL)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "good.md").write_text("---\ntitle: Good\nscope: [sso]\n---\n\nBody.\n")
    (tmp_path / "content" / "bad.md").write_text("---\ntitle: Bad\nscope:\n  - sso\n  - ssso\n---\n\nBody.\n")
    code, out = run_check(tmp_path, monkeypatch, capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("content/bad.md:5:5: error: ")
    assert "`ssso`" in lines[0]
    assert lines[-1] == "scope/: 1 file, 2 plans, 3 items; content/: 2 articles: 1 error, 0 warnings"


POSITIVE = sorted(p.stem for p in (FIXTURES / "positive").glob("*.yaml"))


@pytest.mark.parametrize("name", POSITIVE)
def test_rule_boundary_passes(tmp_path, monkeypatch, capsys, name):
    # each positive fixture sits just inside a rule that a negative fixture breaks
    scope_dir_with(tmp_path, FIXTURES / "positive" / f"{name}.yaml")
    code, out = run_check(tmp_path, monkeypatch, capsys, "--strict")
    assert (code, out) == (0, "scope/: 1 file, 2 plans, 3 items: 0 errors, 0 warnings\n")


def test_positive_fixtures_resolve_as_documented(tmp_path):
    from generator.contract import load_contract

    def load(name: str):
        (tmp_path / name).mkdir()
        return load_contract(scope_dir_with(tmp_path / name, FIXTURES / "positive" / f"{name}.yaml"))

    sso = load("coverage-inherited").item("sso").coverage_for("pro")
    assert (sso.status, sso.limit, sso.set_on) == ("limited", "One session", "basic")
    pro = load("wider-hours-inherit-target").service_level("pro")
    assert (pro.target("high").duration.text, pro.target("high").worst_case_minutes) == ("8bh", 8 * 60)
    assert pro.contacts == "unlimited"
    assert load("offered-on-higher-tier-only").service_level("basic").target("low").duration is None
    assert load("addon-inherited-and-sold").item("sso").coverage_for("pro").addon == "onboarding"


def test_every_fixture_file_is_asserted():
    for kind, cases in (("negative", NEGATIVE), ("malformed", MALFORMED)):
        assert {p.stem for p in (FIXTURES / kind).glob("*.yaml")} == {case[0] for case in cases}, kind


def test_the_readme_counts_the_malformed_inputs():
    readme = (REPO / "README.md").read_text("utf-8")
    assert f"The test suite feeds {len(MALFORMED)}\nmalformed scope files" in readme


def test_positive_fixtures_of_format_2_resolve_as_documented(tmp_path):
    from generator.contract import load_contract

    def load(name: str):
        (tmp_path / name).mkdir()
        return load_contract(scope_dir_with(tmp_path / name, FIXTURES / "positive" / f"{name}.yaml"))

    free = load("best-effort-without-hours")
    basic = free.service_level("basic")
    assert basic.hours is None
    assert [(t.kind, t.committed, t.offered) for t in basic.response_targets] == [("best-effort", False, True)] * 2
    assert free.service_level("pro").target("low").worst_case_minutes == 24 * 60

    # "Within 30 minutes during business hours": a business-minute target, not 30 wall-clock minutes.
    minutes = load("business-minutes").effective_target("basic", "high")
    assert (minutes.duration.text, minutes.human, minutes.hours, minutes.worst_case_minutes) == (
        "30bm",
        "30 business minutes",
        "office",
        (2 * 24 + 16) * 60 + 30,  # Friday 17:00 -> Monday 09:30 (Berlin, 09:00-17:00)
    )

    # Hours that close on the next day: a night desk, and 24x5 from Sunday evening.
    night = load("hours-past-midnight")
    assert night.hours_of("office").summary == "Sunday to Thursday, 22:00-06:00 the next day (UTC)"
    assert night.effective_target("basic", "high").worst_case_minutes == 72 * 60  # Friday 06:00 -> Monday 06:00
    assert night.effective_target("basic", "low").worst_case_minutes == 96 * 60  # 16 open hours: -> Tuesday 06:00
    assert hours_window(night.hours_of("follow-the-sun")).week_minutes == 5 * 24 * 60

    own_hours = load("severity-own-hours")
    own = own_hours.effective_target("basic", "high")
    assert (own.hours, own.own_hours, own.worst_case_minutes) == ("always", True, 60)
    assert own_hours.effective_target("basic", "low").hours == "office"

    local = load("timezone-local").hours_of("office")
    assert local.local and local.summary == "Monday to Friday, 09:00-17:00 in your local time zone"

    ranged = load("range-upper-end-equal").effective_target("basic", "high")
    assert (ranged.kind, ranged.lower.text, ranged.duration.text, ranged.worst_case_minutes) == (
        "range",
        "15m",
        "2h",
        120,
    )
    assert ranged.human == "15 minutes to 2 hours"

    routed = load("routed-elsewhere-with-reason").effective_target("pro", "low")
    assert (routed.kind, routed.reason) == ("not-offered", "Pro questions go to your account manager instead.")

    raised = load("addon-raises-service-level")
    with_addon = raised.service_level("basic", "priority")
    assert (with_addon.hours, with_addon.channels) == ("always", ("email", "phone"))
    assert raised.effective_target("basic", "high", "priority").worst_case_minutes == 60
    # the plan's own business target is counted under the hours the buyer now gets
    assert raised.effective_target("basic", "low", "priority").worst_case_minutes == 48 * 60
    assert raised.effective_target("basic", "low").worst_case_minutes == 4 * 24 * 60
    assert [(i.field, i.severity) for i in raised.upgrades_for("basic")[0].improves] == [
        ("response_targets", "high"),
        ("hours", None),
        ("channels", None),
    ]

    # Hours that differ by weekday, and a split shift: a business day is the longest open day.
    weekday = load("hours-differ-by-weekday")
    assert weekday.hours_of("extended").summary == (
        "Monday to Friday, 08:00-20:00; Saturday, 09:00-17:00 (America/New_York)"
    )
    assert weekday.hours_of("split-shift").summary == "Monday to Friday, 09:00-12:30 and 13:30-17:00 (Europe/London)"
    assert weekday.effective_target("basic", "high").worst_case_minutes == 69 * 60  # Friday 17:00 -> Monday 14:00
    assert weekday.effective_target("basic", "low").worst_case_minutes == 72 * 60  # 7 hours: -> Monday 17:00
    # 12 hours: Friday 20:00 -> Saturday 17:00 (8) -> Monday 12:00 (4)
    assert weekday.effective_target("pro", "low").worst_case_minutes == 64 * 60
    # Evenings and Saturdays are open 68 hours a week against the split shift's 35: better hours.
    evenings = weekday.upgrades_for("basic")[0]
    assert (evenings.addon, [i.field for i in evenings.improves]) == ("evenings", ["hours"])
    assert weekday.effective_target("basic", "low", "evenings").worst_case_minutes == 64 * 60

    priced = load("plan-price")
    assert [p.price for p in priced.plans] == ["USD 10 per user per month", "USD 25 per user per month, billed yearly"]
    assert load("excluded-everywhere-with-reason").item("custom-code").alternative is None
