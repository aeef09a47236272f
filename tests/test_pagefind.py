"""`search: {engine: pagefind}`: the sample indexed by Pagefind's binary, deterministic and safe."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from built_site import build_site_dir, json_strings, parse_html, sample_variant

from generator.contract import load_contract
from generator.pagefind import RECORDS_DIR, record_html
from generator.routes import Routes
from generator.search import scope_item_document
from generator.url_policy import is_safe_url

REPO = Path(__file__).resolve().parent.parent
SCRIPT_URLS = Path(__file__).parent / "fixtures" / "site-script-urls"
# Pagefind's fragments are gzip streams of JSON behind this signature.
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def fragments(site: Path) -> list[dict[str, object]]:
    """Every indexed record of a site, as Pagefind stored it."""
    found = []
    for path in sorted((site / "search" / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(FRAGMENT_SIGNATURE), path.name
        found.append(json.loads(data[len(FRAGMENT_SIGNATURE) :]))
    return found


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def pagefind_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample built twice with Pagefind, from two copies in different folders."""
    sites = []
    for name in ("a", "b"):
        work = tmp_path_factory.mktemp(f"pagefind-{name}")
        config = sample_variant(work, search={"engine": "pagefind"})
        result = build_site_dir(config, work / "site")
        assert result.returncode == 0, result.stderr
        sites.append(work / "site")
    return sites[0], sites[1]


@pytest.fixture(scope="module")
def pagefind_site(pagefind_sites: tuple[Path, Path]) -> Path:
    return pagefind_sites[0]


def test_two_builds_are_byte_identical(pagefind_sites: tuple[Path, Path]) -> None:
    first, second = (files_of(site) for site in pagefind_sites)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.startswith("search/pagefind/index/") for name in first)


def test_the_site_ships_pagefind_instead_of_the_lunr_index(pagefind_site: Path) -> None:
    search = pagefind_site / "search"
    for name in ("pagefind/pagefind.js", "pagefind/pagefind-entry.json", "site.json", "first-query.txt"):
        assert (search / name).is_file(), name
    for name in ("index.json", "docs.json", "lunr.js", "pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"):
        assert not (search / name).exists(), name
    assert not (pagefind_site / RECORDS_DIR).exists()  # indexed, then removed
    site = json.loads((search / "site.json").read_text("utf-8"))
    assert "docs" not in site
    assert [plan["id"] for plan in site["plans"]] == ["free", "standard", "premium", "enterprise"]
    assert site["scope"] == "scope/" and site["search"] == "search/"
    # lunr's stop words, which the browser leaves out: Pagefind wants every word it is given.
    assert {"the", "can", "my"} <= set(site["stop"]) and "password" not in site["stop"]


def test_first_query_lists_the_files_fetched_before_search_is_ready(pagefind_site: Path) -> None:
    listed = (pagefind_site / "search" / "first-query.txt").read_text("utf-8").splitlines()
    entry = json.loads((pagefind_site / "search" / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    language = entry["languages"]["en"]
    (scope_filter,) = sorted((pagefind_site / "search" / "pagefind" / "filter").iterdir())
    assert listed == [
        "site.json",
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        f"pagefind/pagefind.{language['hash']}.pf_meta",
        f"pagefind/wasm.{language['wasm']}.pagefind",
        f"pagefind/filter/{scope_filter.name}",
    ]
    assert all((pagefind_site / "search" / name).is_file() for name in listed)


def test_articles_are_indexed_from_their_pages_with_headings_as_sub_results(pagefind_site: Path) -> None:
    records = fragments(pagefind_site)
    articles = {r["url"]: r for r in records if r["meta"]["kind"] == "article"}  # type: ignore[index]
    saml = articles["/sso/set-up-saml/"]
    assert saml["meta"]["title"] == "Set up SAML single sign-on"  # type: ignore[index]
    assert saml["meta"]["context"] == "SSO and identity"  # type: ignore[index]
    anchors = {a["id"] for a in saml["anchors"] if a["element"].startswith("h")}  # type: ignore[attr-defined]
    page = parse_html((pagefind_site / "sso" / "set-up-saml" / "index.html").read_text("utf-8"))
    prose = next(node for node in page.iter() if "prose" in node.classes())
    headings = {n.attrs["id"] for tag in ("h2", "h3") for n in prose.find_all(tag) if "id" in n.attrs}
    assert headings and headings <= anchors
    # The chrome around an article is not its text: breadcrumb, review line, edit link.
    assert "Edit this page" not in saml["content"]  # type: ignore[operator]
    assert "Reviewed" not in saml["content"]  # type: ignore[operator]
    # Only articles and the contract's records are indexed: no scope page, search or tags page.
    assert not [url for url in map(str, (r["url"] for r in records)) if url.startswith(("/scope/", "/tags/"))]
    assert "/" in articles  # the home page


def test_scope_items_are_one_record_each_with_every_plans_status(pagefind_site: Path) -> None:
    contract = load_contract(REPO / "scope")
    scope = {r["meta"]["url"]: r["meta"] for r in fragments(pagefind_site) if r["meta"]["kind"] == "scope"}  # type: ignore[index]
    items = [item for area in contract.areas for item in area.items]
    assert len(scope) == len(items)
    mfa = scope["scope/compare/#mfa-enforcement"]
    assert mfa["title"] == "Multi-factor authentication"
    coverage = json.loads(mfa["coverage"])
    assert coverage["free"][0] == "limited" and coverage["free"][1].startswith("MFA resets")
    assert coverage["premium"] == ["included", ""]
    plans = {r["meta"]["url"]: r["meta"] for r in fragments(pagefind_site) if r["meta"]["kind"] == "plan"}  # type: ignore[index]
    assert plans["scope/standard/#service_level"]["snippet"].startswith("Standard: ")
    assert plans["scope/standard/#service_level"]["plan"] == "standard"


def test_the_default_build_has_no_pagefind_markup(built_site: object) -> None:
    root: Path = built_site.root  # type: ignore[attr-defined]
    assert not (root / "search" / "pagefind").exists()
    for path in sorted(root.rglob("*.html")):
        assert "data-pagefind" not in path.read_text("utf-8"), path


def test_a_record_escapes_its_text() -> None:
    contract = load_contract(REPO / "scope")
    area = contract.areas[0]
    item = area.items[0]
    document = scope_item_document(contract, Routes.for_site("scope", ["free"]), area.id, area.name, item)
    hostile = dataclasses.replace(document, title='<img src=x onerror="alert(1)">')
    html = record_html(hostile)
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def _script_url(value: str) -> bool:
    return not is_safe_url(value) or "&colon;" in value


def test_no_script_url_reaches_pagefind_data_even_unchecked(tmp_path: Path) -> None:
    work = tmp_path / "src"
    shutil.copytree(SCRIPT_URLS, work)
    config = work / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - scopebook\n", "  - scopebook:\n      search:\n        engine: pagefind\n"
        )
    )
    result = build_site_dir(config, tmp_path / "site", url_check=False)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"

    records = fragments(site)
    assert records
    urls = [str(r["url"]) for r in records] + [str(r["meta"]["url"]) for r in records if "url" in r["meta"]]  # type: ignore[operator,index]
    assert not [u for u in urls if _script_url(u) or not (u.startswith("/") or "://" not in u)]
    values = [s for r in records for s in json_strings(r["meta"])]
    values += json_strings(json.loads((site / "search" / "site.json").read_text("utf-8")))
    assert not [
        s for s in values if s.lstrip().lower().startswith(("javascript", "data:", "vbscript")) or "&colon;" in s
    ]


def _build(config: Path, site: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


def test_a_missing_binary_is_one_line_and_builds_nothing(tmp_path: Path) -> None:
    config = sample_variant(tmp_path / "src", search={"engine": "pagefind"})
    result = _build(config, tmp_path / "site", {"PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind")})
    assert result.returncode == 1
    assert "plugins.scopebook.search.engine pagefind: the Pagefind binary was not found" in result.stderr
    assert "pip install 'scopebook[pagefind]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_failing_binary_keeps_the_previous_site(tmp_path: Path) -> None:
    config = sample_variant(tmp_path / "src", search={"engine": "pagefind"})
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", "utf-8")
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: could not read the site' >&2\nexit 3\n", "utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    result = _build(config, site, {"PAGEFIND_BINARY_PATH": str(broken)})
    assert result.returncode == 1
    assert "search.engine pagefind: Pagefind failed: Error: could not read the site" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text("utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-tmp-")] == []


def test_another_theme_says_pagefind_needs_ours_in_one_line(tmp_path: Path) -> None:
    config = sample_variant(tmp_path / "src", theme="mkdocs", search={"engine": "pagefind"})
    result = build_site_dir(config, tmp_path / "site")
    assert result.returncode == 1
    assert "plugins.scopebook.search.engine `pagefind` needs theme `scopebook`" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_engine_is_refused_by_the_option(tmp_path: Path) -> None:
    config = sample_variant(tmp_path / "src", search={"engine": "elastic"})
    result = build_site_dir(config, tmp_path / "site")
    assert result.returncode == 1
    assert "search" in result.stderr and "elastic" in result.stderr
    assert "Traceback" not in result.stderr
