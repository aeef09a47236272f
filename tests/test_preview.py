"""The live preview: a bad edit keeps the last good site served, with a banner naming the problems.

The server tests run a real `mkdocs serve` on a copy of the sample; every request has a
bounded timeout, so a preview that hangs fails the test instead of blocking it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from built_site import Served, mkdocs_serve, parse_html
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer

from generator.errors import Problem
from generator.preview import TAG, Preview, banner, inject

BAD_YAML = "  bad: [unclosed\n"
ARTICLE = "content/account-admin/notification-settings.md"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with mkdocs_serve(tmp_path_factory.mktemp("preview")) as served:
        yield served


def banner_of(page: str) -> str | None:
    node = next((n for n in parse_html(page).iter() if n.tag == TAG), None)
    if node is None:
        return None
    return " ".join(" ".join(c.raw_text() for c in node.children if c.tag != "style").split())


def has_banner(page: str) -> bool:
    return banner_of(page) is not None


def test_a_bad_yaml_edit_keeps_the_last_good_site_with_a_banner_until_the_fix(preview: Served) -> None:
    good = preview.get()[2]
    assert not has_banner(good)
    title = parse_html(good).find_all("title")[0].text()
    with preview.edited("scope/areas-1-setup.yaml", lambda text: text + BAD_YAML):
        page = preview.wait_for("the banner", has_banner)
        shown = banner_of(page)
        assert shown is not None
        assert "scope/areas-1-setup.yaml:291:3: YAML syntax error" in shown
        assert "1 problem" in shown
        # the last good build, banner first
        assert parse_html(page).find_all("title")[0].text() == title
        assert page.index(f"<{TAG}") < page.index('class="skip-link"')
        # every HTML page, the 404 page too; other files untouched
        for path in ("scope/premium/", "account-admin/notification-settings/", "no-such-page/"):
            assert "scope/areas-1-setup.yaml:291:3" in (banner_of(preview.get(path)[2]) or ""), path
        status, kind, css = preview.get("assets/scopebook.css")
        assert status == 200 and kind == "text/css" and TAG not in css
    page = preview.wait_for("the banner going", lambda text: not has_banner(text))
    assert parse_html(page).find_all("title")[0].text() == title
    left = [p.name for p in preview.tmp.iterdir()]
    assert len(left) == 1 and left[0].startswith("mkdocs_"), f"a build folder was left behind: {left}"


def test_an_unknown_scope_item_is_named_at_its_line_and_escaped(preview: Served) -> None:
    hostile = "<script>alert(1)</script>"
    with preview.edited(ARTICLE, lambda text: text.replace("scope: [notification-config]", f'scope: ["{hostile}"]')):
        page = preview.wait_for("the banner", has_banner, "account-admin/notification-settings/")
        shown = banner_of(page) or ""
        assert f"{ARTICLE}:5:" in shown and "unknown scope item" in shown
        assert hostile in shown  # shown as text ...
        banner_html = page[page.index(f"<{TAG}") : page.index(f"</{TAG}>")]
        assert "<script" not in banner_html  # ... never as markup
        assert "&lt;script&gt;" in banner_html
        # the article as last built, with its content
        assert "Change your notification preferences" in page
    preview.wait_for("the banner going", lambda text: not has_banner(text))


def test_every_problem_of_a_bad_edit_is_listed(preview: Served) -> None:
    def two_mistakes(text: str) -> str:
        return text.replace("scope: [notification-config]", "scope: [no-such-item, nor-this-one]")

    with preview.edited(ARTICLE, two_mistakes):
        shown = banner_of(preview.wait_for("the banner", has_banner)) or ""
        assert "2 problems" in shown
        assert "`no-such-item`" in shown and "`nor-this-one`" in shown
    preview.wait_for("the banner going", lambda text: not has_banner(text))


# The server's hooks, in process, without a socket ------------------------------------------------


def call(app: Any, path: str) -> tuple[str, dict[str, str], bytes]:
    answer: list[Any] = []
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    body = app(environ, lambda status, headers, exc_info=None: answer.extend([status, dict(headers)]))
    return answer[0], answer[1], b"".join(body)


def test_a_failed_rebuild_is_recorded_not_raised_and_shown_in_html_only(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body class='x'><p>good</p></body></html>", "utf-8")
    (tmp_path / "app.js").write_text("1", "utf-8")
    outcome: list[Exception | None] = [PluginError("mkdocs.yml: plugins.scopebook.plans names unknown plan(s): x")]

    def rebuild() -> None:
        if outcome[0] is not None:
            raise outcome[0]

    server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=0, root=str(tmp_path))
    shown = Preview()
    shown.install(server, lambda record: Problem("mkdocs.yml", 0, 0, record.getMessage()))
    server.builder()  # does not raise
    assert [p.message for p in shown.problems] == ["mkdocs.yml: plugins.scopebook.plans names unknown plan(s): x"]
    status, headers, body = call(server.get_app(), "/index.html")
    assert status == "200 OK" and int(headers["Content-Length"]) == len(body)
    assert body.startswith(b"<html><body class='x'><" + TAG.encode()) and b"<p>good</p>" in body
    assert call(server.get_app(), "/app.js")[2] == b"1"
    outcome[0] = None
    server.builder()
    assert shown.problems == ()
    assert call(server.get_app(), "/index.html")[2] == (tmp_path / "index.html").read_bytes()
    server.server_close()


def test_the_plugin_s_own_problems_are_shown_once_located() -> None:
    shown = Preview()
    located = Problem("scope/a.yaml", 3, 5, "bad", "fix it")
    shown.found([located], stopped=True)
    assert shown._failure(Abort("Aborted with a BuildError!"), [Problem("", 0, 0, "the same, as one message")]) == (
        located,
    )
    shown.found([])
    problems = shown._failure(ValueError("theme template broke"), [])
    assert [p.message for p in problems] == ["theme template broke"]


def test_the_banner_escapes_every_field_and_has_no_script() -> None:
    problem = Problem("<b>.md", 2, 1, "<img src=x onerror=alert(1)>\nnext", "<script>x</script>")
    html = banner([problem, Problem("scope/a.yaml", 1, 1, "careful", level="warning")]).decode()
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;\\nnext" in html
    assert 'role="alert"' in html and "2 problems" in html and "warning: careful" in html


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (b"<!doctype html><html><head></head><body>x</body></html>", b"<body>B|x</body>"),
        (b'<html><BODY dir="ltr" class="a">x', b'<BODY dir="ltr" class="a">B|x'),
        (b"x", b"B|x"),
    ],
)
def test_the_banner_goes_first_in_the_body(page: bytes, expected: bytes) -> None:
    assert expected in inject(page, b"B|")


def test_a_page_served_unchanged_when_there_is_no_problem(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(b"<body>ok</body>")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    Preview().install(server, lambda record: Problem("", 0, 0, record.getMessage()))
    assert call(server.get_app(), "/index.html")[2] == b"<body>ok</body>"
    server.server_close()


def test_what_mkdocs_logs_before_an_abort_is_shown_and_request_lines_are_not(tmp_path: Path) -> None:
    def strict_rebuild() -> None:
        logging.getLogger("mkdocs.livereload").warning('"GET /x HTTP/1.1" code 404')
        logging.getLogger("mkdocs.structure.pages").warning("Doc file 'a.md' contains a link 'b.md', not found")
        raise Abort("Aborted with 1 warnings in strict mode!")

    server = LiveReloadServer(builder=strict_rebuild, host="127.0.0.1", port=0, root=str(tmp_path))
    shown = Preview()
    shown.install(server, lambda record: Problem("content/a.md", 3, 1, record.getMessage()))
    server.builder()
    assert [p.location() + " " + p.message for p in shown.problems] == [
        "content/a.md:3:1 Doc file 'a.md' contains a link 'b.md', not found"
    ]
    server.server_close()
