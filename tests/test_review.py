"""`scopebook stale`, `report` and `new article` on fixture articles."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from scope_fixtures import MINIMAL, scope_dir_with

from generator.cli import main
from generator.review import add_interval, slugify

CONTENT = Path(__file__).parent / "fixtures" / "review" / "content"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    scope_dir_with(tmp_path, MINIMAL)
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(
    ("start", "every", "due"),
    [
        ("2026-01-10", "6 months", "2026-07-10"),
        ("2026-08-31", "1 month", "2026-09-30"),  # no September 31st: the last day instead
        ("2024-02-29", "1 year", "2025-02-28"),
        ("2026-11-20", "2 weeks", "2026-12-04"),
        ("2026-11-20", "90 days", "2027-02-18"),
    ],
)
def test_review_intervals(start, every, due):
    assert add_interval(date.fromisoformat(start), every) == date.fromisoformat(due)


def test_stale_lists_articles_past_their_review_every(project, capsys):
    code, out, _ = run(capsys, "stale", "--today", "2026-11-25")
    assert code == 0
    assert out.splitlines() == [
        "content/guides/never-reviewed.md: never reviewed (every 30 days); owner: Docs Team",
        "content/guides/overdue.md: last reviewed 2026-01-10, due 2026-07-10 (every 6 months); owner: Docs Team",
        "content/guides/month-end.md: last reviewed 2026-08-31, due 2026-09-30 (every 1 month); owner: nobody",
        "3 of 7 articles due for review on 2026-11-25",
    ]


def test_stale_on_the_due_day_and_the_day_before(project, capsys):
    assert "month-end.md" in run(capsys, "stale", "--today", "2026-09-30")[1]
    assert "month-end.md" not in run(capsys, "stale", "--today", "2026-09-29")[1]


def test_stale_days_applies_to_every_article(project, capsys):
    code, out, _ = run(capsys, "stale", "--today", "2026-11-25", "--days", "300")
    assert code == 0
    assert out.splitlines() == [
        "content/guides/index.md: never reviewed (every 300 days); owner: nobody",
        "content/guides/never-reviewed.md: never reviewed (every 300 days); owner: Docs Team",
        "content/index.md: never reviewed (every 300 days); owner: nobody",
        "content/guides/no-scope.md: last reviewed 2025-12-01, due 2026-09-27 (every 300 days); owner: Docs Team",
        "content/guides/overdue.md: last reviewed 2026-01-10, due 2026-11-06 (every 300 days); owner: Docs Team",
        "5 of 7 articles due for review on 2026-11-25",
    ]


def test_stale_as_a_markdown_table(project, capsys):
    _, out, _ = run(capsys, "stale", "--today", "2026-11-25", "--format", "markdown")
    assert out.splitlines()[2:4] == ["| Article | Owner | Last reviewed | Due |", "| --- | --- | --- | --- |"]
    assert "| Install the agent (`guides/overdue.md`) | Docs Team | 2026-01-10 | 2026-07-10 (every 6 months) |" in out


def test_stale_rejects_a_bad_day_count(project, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["stale", "--days", "0"])
    assert exc.value.code == 2
    assert "is not a whole number of days" in capsys.readouterr().err


def test_a_bad_review_every_is_a_check_error(project, capsys):
    (project / "content" / "bad.md").write_text("---\ntitle: Bad\nreview_every: 6 moons\n---\n", "utf-8")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert (
        "content/bad.md:3:15: error: review_every: must be a number of days, weeks, months or years (got `6 moons`)"
        in out
    )
    assert "hint: for example `review_every: 6 months`" in out


def test_report_tables(project, capsys):
    code, out, _ = run(capsys, "report")
    assert code == 0
    assert out == (
        "## Scope items without an article (1 of 3)\n"
        "\n"
        "| Item | Area | Status by plan |\n"
        "| --- | --- | --- |\n"
        "| `custom-code` Custom code | Setup | Basic: not included, Pro: not included |\n"
        "\n"
        "## Articles that name no scope item (2 of 5)\n"
        "\n"
        "| Article | Title | Owner |\n"
        "| --- | --- | --- |\n"
        "| `guides/never-reviewed.md` | Keyboard shortcuts | Docs Team |\n"
        "| `guides/no-scope.md` | Tips \\| tricks | Docs Team |\n"
    )


def test_report_refuses_a_broken_contract(project, capsys):
    (project / "scope" / "minimal.yaml").write_text("plans: 3\n", "utf-8")
    code, _, err = run(capsys, "report")
    assert code == 1
    assert "scope/minimal.yaml:1:8: error:" in err


def test_new_article_passes_check(project, capsys):
    title = 'Rotate a "SAML" certificate: step #1'
    code, out, _ = run(
        capsys, "new", "article", title, "--section", "guides", "--scope", "sso", "--owner", "Identity Team"
    )
    assert code == 0
    path = project / "content" / "guides" / "rotate-a-saml-certificate-step-1.md"
    assert out == f"created {path.relative_to(project).as_posix()}: write the article, then run `scopebook check`\n"
    text = path.read_text("utf-8")
    assert text.startswith(
        '---\ntitle: "Rotate a \\"SAML\\" certificate: step #1"\n'
        "summary: One sentence that says what this article helps with.\n"
        "scope: [sso]\n"
    )
    assert "\nowner: Identity Team\n---\n" in text
    code, out, _ = run(capsys, "check", "--strict")
    assert (code, out) == (0, "scope/: 1 file, 2 plans, 3 items; content/: 8 articles: 0 errors, 0 warnings\n")
    # the title survives the round trip through YAML
    from generator.articles import parse_front_matter
    from generator.contract import load_contract

    meta, problems = parse_front_matter(text, "x.md", "guides/x.md", load_contract(project / "scope"))
    assert problems == [] and meta is not None and meta.title == title and meta.scope == ("sso",)


def test_new_article_at_the_top_without_scope(project, capsys):
    assert run(capsys, "new", "article", "Ünïcode café guide")[0] == 0
    text = (project / "content" / "unicode-cafe-guide.md").read_text("utf-8")
    assert text.startswith("---\ntitle: Ünïcode café guide\n")
    assert "scope:" not in text
    assert run(capsys, "check", "--strict")[0] == 0


def test_new_article_never_overwrites(project, capsys):
    code, _, err = run(capsys, "new", "article", "Overdue", "--section", "guides")
    assert code == 1
    assert "content/guides/overdue.md exists already" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "guide"], "no section `guide` in content/ (did you mean `guides`?)"),
        (["--scope", "instal"], "unknown scope item `instal` (did you mean `install`?)"),
    ],
)
def test_new_article_rejects_unknown_names(project, capsys, args, message):
    code, _, err = run(capsys, "new", "article", "Fine title", *args)
    assert code == 2
    assert message in err
    assert not list((project / "content").rglob("fine-title.md"))


def test_slugify():
    assert slugify("Set up SAML (Okta) — fast!") == "set-up-saml-okta-fast"
    assert slugify("???") == ""
    assert slugify("Ünïcode café, ﬁrst İstanbul") == "unicode-cafe-first-istanbul"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        # Letters of other scripts stay, as in MkDocs' own URLs (MkDocs quotes them).
        ("日本語のガイド：SSO", "日本語のガイド-sso"),
        ("Настройка SAML", "настройка-saml"),
        ("إعداد الدخول الموحد", "إعداد-الدخول-الموحد"),
        ("हिन्दी गाइड", "हिन्दी-गाइड"),
        ("Straße und Łódź", "straße-und-łodz"),
        # A file name holds at most 255 bytes: at most 200 for the slug, cut between letters.
        ("𠀀" * 100, "𠀀" * 50),
    ],
)
def test_slugify_keeps_letters_of_every_script(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_new_article_with_a_title_in_another_script(project, capsys):
    code, out, err = run(capsys, "new", "article", "Настройка SAML", "--section", "guides")
    assert code == 0, err
    assert (project / "content" / "guides" / "настройка-saml.md").is_file()
    assert run(capsys, "check", "--strict")[0] == 0
