"""The URL policy: every spelling of a script URL is refused, located, and kept out of the model."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from built_site import build_site_dir, json_strings, parse_html
from scope_fixtures import MINIMAL

from generator.articles import parse_front_matter
from generator.cli import main
from generator.contract import load_contract
from generator.errors import ScopeError
from generator.merge import load_scope
from generator.resolve import resolve_contract
from generator.search_query import load_site_search
from generator.url_policy import allowed_url, is_safe_url, link_refusal, shown, shown_address, url_refusal

FIXTURES = Path(__file__).parent / "fixtures"
SITE = FIXTURES / "site-script-urls"

REFUSED = [
    "javascript:alert(document.domain)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x00javascript:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
ALLOWED = [
    "https://example.com/pricing#standard",
    "http://example.com/",
    "mailto:support@example.com",
    "tel:+441234567890",
    "guides/set-up/",
    "#sso",
    "//cdn.example.com/x",
    "https://example.com/?next=javascript:alert(1)",  # the scheme is https
]
# How a script URL shows in built output: an attribute or JSON value starting with one.
SCRIPT_URL = re.compile(r"^[\x00-\x20]*(javascript|vbscript|data)\s*:", re.IGNORECASE)


@pytest.mark.parametrize("value", REFUSED)
def test_script_urls_are_refused_however_spelt(value: str) -> None:
    assert url_refusal(value) is not None
    assert not is_safe_url(value)
    assert allowed_url(value) is None


@pytest.mark.parametrize("value", ALLOWED)
def test_web_mail_phone_and_relative_urls_are_allowed(value: str) -> None:
    assert url_refusal(value) is None
    assert allowed_url(value) == value


def test_a_url_field_with_whitespace_is_refused_but_a_markdown_link_is_judged_by_scheme() -> None:
    assert url_refusal("https://example.com/a b") == "the address contains a space"
    assert url_refusal("https://example.com/\n") is not None
    assert link_refusal("https://example.com/a b") is None


def test_refusal_names_the_scheme_and_shows_the_value_escaped_and_short() -> None:
    assert url_refusal(" JaVaScRiPt:alert(1)") == "`javascript:` links are not allowed"
    assert shown("java\tscript:x") == "java\\tscript:x"
    assert len(shown("https://example.com/" + "a" * 5000)) == 60


def test_an_address_in_a_message_is_short_and_cannot_end_its_quote_or_act() -> None:
    assert shown_address("javascript:alert(1)") == "javascript:alert(1)"
    assert shown_address("data:x,`<b>\x1b[2J\u2028 \"'") == "data:x,%60%3Cb%3E%1B[2J%E2%80%A8%20%22%27"
    long = "data:image/png;base64," + "A" * 2_000_000
    assert shown_address(long) == long[:48] + "..."


def test_check_reports_every_refused_url_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(SITE / "scope", tmp_path / "scope")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    refused = [line for line in out.splitlines() if "refused URL" in line]
    assert [line.split(": error:")[0] for line in refused] == [
        "scope/contract.yaml:16:10",  # plan
        "scope/contract.yaml:21:10",  # plan
        "scope/contract.yaml:34:10",  # channel, ` JaVaScRiPt:`
        "scope/contract.yaml:38:10",  # channel, tab inside the scheme
        "scope/contract.yaml:42:10",  # channel, data:
        "scope/contract.yaml:46:10",  # channel, vbscript:
        "scope/contract.yaml:50:10",  # channel, newline and &colon;
        "scope/contract.yaml:81:10",  # add-on
    ]
    assert "`data:` links are not allowed" in out and "`vbscript:` links are not allowed" in out
    assert "hint: give a full address starting with https://" in out


def test_an_alternative_url_is_refused_too(tmp_path: Path) -> None:
    text = MINIMAL.read_text("utf-8")
    text = text.replace("url: https://community.example.com", "url: https://x.example/ a")
    assert "url: https://x.example/ a" in text
    (tmp_path / "scope").mkdir()
    (tmp_path / "scope" / "minimal.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ScopeError) as raised:
        load_contract(tmp_path / "scope")
    assert "minimal.yaml:89:16: error: refused URL `https://x.example/ a`: the address contains a space" in str(
        raised.value
    )


def test_the_model_keeps_no_refused_url_even_unchecked() -> None:
    # resolve_contract is where URL fields enter the model; it applies the policy itself.
    merged, problems = load_scope(SITE / "scope")
    assert problems == []
    contract, _ = resolve_contract(merged)
    assert [p.url for p in contract.plans] == [None, None]
    assert [c.url for c in contract.channels] == [None] * 5 + ["https://support.example.com/"]
    assert [a.url for a in contract.addons] == [None]


def _refused_in_front_matter(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of each refused URL in an article's text; the article is refused."""
    (tmp_path / "scope").mkdir()
    shutil.copy(MINIMAL, tmp_path / "scope")
    meta, problems = parse_front_matter(text, "content/x.md", "x.md", load_contract(tmp_path / "scope"))
    assert meta is None
    return [(p.line, p.column, p.message) for p in problems if p.code == "unsafe-url"]


def test_front_matter_url_keys_follow_the_same_policy(tmp_path: Path) -> None:
    text = "---\ntitle: X\nlink: ' JaVaScRiPt:alert(1)'\nextra:\n  canonical_url: 'data:text/html,x'\n---\nBody\n"
    assert _refused_in_front_matter(tmp_path, text) == [
        (3, 7, "refused URL ` JaVaScRiPt:alert(1)`: `javascript:` links are not allowed"),
        (5, 18, "refused URL `data:text/html,x`: `data:` links are not allowed"),
    ]


def test_material_blog_links_in_front_matter_follow_the_same_policy(tmp_path: Path) -> None:
    # Every value under `links:` is a link, whatever title (key) it has.
    text = (FIXTURES / "front-matter" / "blog-post-links.md").read_text("utf-8")
    assert _refused_in_front_matter(tmp_path, text) == [
        (8, 15, "refused URL `javascript:alert('blog link')`: `javascript:` links are not allowed"),
        (10, 17, "refused URL ` JaVaScRiPt:alert('nested blog link')`: `javascript:` links are not allowed"),
    ]


@pytest.fixture(scope="module")
def unchecked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("script-urls") / "site"
    result = build_site_dir(SITE / "mkdocs.yml", site, url_check=False)
    assert result.returncode == 0, result.stderr + result.stdout
    return site


def test_the_build_refuses_script_urls(tmp_path: Path) -> None:
    result = build_site_dir(SITE / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert "contract.yaml:34:10: refused URL" in result.stderr
    assert not (tmp_path / "site").exists()


def test_no_script_url_reaches_pages_or_search_data_even_unchecked(unchecked_site: Path) -> None:
    for path in sorted(unchecked_site.rglob("*.html")):
        for node in parse_html(path.read_text("utf-8")).iter():
            for name, value in node.attrs.items():
                assert not SCRIPT_URL.match(value), f"{path.name}: {name}={value!r}"
    docs = json.loads((unchecked_site / "search" / "docs.json").read_text("utf-8"))
    results = load_site_search(unchecked_site).docs

    assert not [s for s in json_strings([docs, results]) if SCRIPT_URL.match(s) or "&colon;" in s]
    assert docs["channels"]["basic"][-1] == {"name": "Web form", "url": "https://support.example.com/"}
    assert all(channel["url"] is None for channel in docs["channels"]["basic"][:-1])


PASTED = FIXTURES / "pasted-pictures"


def test_pasted_raster_pictures_are_shown_and_reach_no_search_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(PASTED, tmp_path / "site")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")  # check builds in this process
    monkeypatch.chdir(tmp_path / "site")
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    warnings = [line.split(": warning: ") for line in out.splitlines() if ": warning: " in line]
    assert [(where, message.split(":")[0]) for where, message in warnings] == [
        ("content/index.md:9:24", "the picture `data"),
        ("content/index.md:11:20", "the link to `data"),
    ]
    assert "only a PNG, JPEG, GIF, WebP or AVIF picture pasted in base64" in warnings[0][1]
    page = parse_html((tmp_path / "site" / "site" / "index.html").read_text("utf-8"))
    pictures = page.find_all("img", alt="The security settings")
    assert len(pictures) == 1 and pictures[0].attrs["src"].startswith("data:image/png;base64,iVBOR")
    assert "An exported diagram" in page.text() and not page.find_all("img", alt="An exported diagram")
    assert not [a for a in page.find_all("a") if a.attrs.get("href", "").startswith("data:")]
    for path in (tmp_path / "site" / "site" / "search").rglob("*"):
        if path.is_file():
            assert b"data:" not in path.read_bytes(), path
