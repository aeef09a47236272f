"""The built site: generated pages, statuses from the model, links, safety, determinism."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from built_site import REPO, SAMPLE_SOURCES, BuiltSite, Node, broken_links, build_site_dir, parse_html

from generator.export import export_json
from generator.model import Contract
from generator.views import STATUS_PHRASE
from generator.wording import level_hours_summary

FIXTURES = Path(__file__).parent / "fixtures"


def test_strict_build_prints_no_warning(built_site: BuiltSite) -> None:
    assert "WARNING" not in built_site.output
    assert "Documentation built" in built_site.output


def test_every_plan_has_a_page(built_site: BuiltSite, contract: Contract) -> None:
    for plan in contract.plans:
        page = built_site.page(f"scope/{plan.id}/")
        assert plan.name in page.find_all("h1")[0].text()


def test_plan_pages_show_each_items_status_from_the_model(built_site: BuiltSite, contract: Contract) -> None:
    for plan in contract.plans:
        page = built_site.page(f"scope/{plan.id}/")
        for item in contract.items():
            coverage = item.coverage_for(plan.id)
            node = page.by_id(item.id)
            assert node is not None, f"{plan.id}: no anchor for {item.id}"
            assert f"item-{coverage.status}" in node.classes(), (plan.id, item.id)
            badge = next(n for n in node.iter() if "badge" in n.classes())
            assert STATUS_PHRASE[coverage.status] in badge.text()
            text = node.text()
            if coverage.limit:
                assert " ".join(coverage.limit.split()) in text
            if coverage.status == "addon":
                addon = contract.addon(coverage.addon or "")
                assert addon.name in text
                assert any(a.attrs.get("href", "").endswith(f"#addon-{addon.id}") for a in node.find_all("a"))


def test_excluded_items_are_stated_plainly_on_every_plan_page(built_site: BuiltSite, contract: Contract) -> None:
    for plan in contract.plans:
        page = built_site.page(f"scope/{plan.id}/")
        for item in contract.items():
            if item.coverage_for(plan.id).status != "excluded":
                continue
            text = page.by_id(item.id).text()  # type: ignore[union-attr]
            assert "Not included" in text
            if item.reason:
                assert " ".join(item.reason.split()) in text
            if item.alternative:
                assert item.alternative.label in text


def test_each_item_says_which_plans_get_more_from_the_contract(built_site: BuiltSite, contract: Contract) -> None:
    rank = {"included": 3, "limited": 2, "addon": 1, "excluded": 0}
    names = {p.name: p.id for p in contract.plans}
    lead = {"Included on": "included", "Limited on": "limited", "Add-on on": "addon"}
    for plan in contract.plans:
        page = built_site.page(f"scope/{plan.id}/")
        for item in contract.items():
            mine = item.coverage_for(plan.id)
            node = page.by_id(item.id)
            assert node is not None
            assert f"on the {plan.name} plan" in node.find_all("p", class_="status-line")[0].text()
            listed: set[str] = set()
            for line in node.find_all("p", class_="item-better"):
                status = next(v for k, v in lead.items() if line.text().startswith(k))
                for link in line.find_all("a"):
                    if link.text() in names:
                        other = item.coverage_for(names[link.text()])
                        assert other.status == status and rank[status] > rank[mine.status], (plan.id, item.id)
                        assert link.attrs["href"].endswith(f"/{names[link.text()]}/#{item.id}")
                        listed.add(link.text())
            better = {p.name for p in contract.plans if rank[item.coverage_for(p.id).status] > rank[mine.status]}
            assert listed == better, (plan.id, item.id)
    free = built_site.page("scope/free/").by_id("sso-configuration")
    assert free is not None
    lines = [" ".join(n.text().replace(" :", ":").split()) for n in free.find_all("p", class_="item-better")]
    assert lines == ["Included on Premium and Enterprise", "Add-on on Standard: SSO onboarding"]


def test_items_have_heading_links_and_copy_buttons(built_site: BuiltSite, contract: Contract) -> None:
    page = built_site.page("scope/premium/")
    for item in contract.items():
        node = page.by_id(item.id)
        assert node is not None
        assert any(a.attrs.get("href") == f"#{item.id}" for a in node.find_all("a"))
        buttons = node.find_all("button", data_anchor=item.id)
        assert buttons and buttons[0].attrs.get("type") == "button"
        assert "Copy link" in buttons[0].text()


def test_plan_page_service_level(built_site: BuiltSite, contract: Contract) -> None:
    for plan in contract.plans:
        level = contract.service_level(plan.id)
        text = built_site.page(f"scope/{plan.id}/").text()
        assert level_hours_summary(contract, level) in text  # "No support hours are published" on Free
        for channel_id in level.channels:
            assert contract.channel(channel_id).name in text
        for target in level.response_targets:
            assert target.human in text


def test_hours_that_differ_by_weekday_on_the_plan_and_compare_pages(built_site: BuiltSite) -> None:
    # Premium's extended hours are two windows: longer weekdays, and Saturday.
    extended = "Monday to Friday, 07:00-22:00; Saturday, 09:00-17:00 (Europe/London)"
    hours = next(
        d for d in built_site.page("scope/premium/").iter() if d.tag == "div" and d.text().startswith("Support hours")
    )
    assert (
        hours.find_all("dd")[0].text()
        == f"{extended} Closed on UK bank holidays; Severity 1 phone cover continues on those days."
    )
    compare = built_site.page("scope/compare/")
    row = next(
        tr for tr in compare.find_all("tr") if tr.find_all("th") and tr.find_all("th")[0].text() == "Support hours"
    )
    assert [td.text() for td in row.find_all("td")] == [
        "No support hours are published",
        "Monday to Friday, 08:00-18:00 (Europe/London)",
        extended,
        "24 hours a day, 7 days a week",
    ]


def test_related_articles_are_listed_under_items(built_site: BuiltSite) -> None:
    node = built_site.page("scope/premium/").by_id("sso-configuration")
    assert node is not None
    links = {a.text(): a.attrs["href"] for a in node.find_all("a")}
    assert links.get("Set up SAML single sign-on") == "../../sso/set-up-saml/"


def test_compare_page_has_every_item_and_plan(built_site: BuiltSite, contract: Contract) -> None:
    page = built_site.page("scope/compare/")
    header = [th.text() for th in page.find_all("thead")[0].find_all("th")]
    assert [h for h in header[1:]] == [p.name for p in contract.plans]
    for item in contract.items():
        row = page.by_id(item.id)
        assert row is not None and row.tag == "tr"
        for plan in contract.plans:
            cell = row.find_all("td", class_=f"plan-{plan.id}")
            assert len(cell) == 1
            badge = next(n for n in cell[0].iter() if "badge" in n.classes())
            assert f"badge-{item.coverage_for(plan.id).status}" in badge.classes()
    assert "First reply" in page.text()


def test_overview_lists_global_exclusions_and_addons(built_site: BuiltSite, contract: Contract) -> None:
    page = built_site.page("scope/")
    for item in contract.items():
        everywhere = all(c.status == "excluded" for c in item.coverage)
        assert (page.by_id(item.id) is not None) == everywhere, item.id
    for addon in contract.addons:
        assert page.by_id(f"addon-{addon.id}") is not None
    for area in contract.areas:
        assert page.by_id(f"area-{area.id}") is not None
    text = page.text()
    assert contract.version in text and "1 December 2026" in text
    for responsibility in contract.responsibilities:
        assert responsibility.title in text


def test_each_addon_lists_what_it_unlocks_on_each_plan(built_site: BuiltSite, contract: Contract) -> None:
    overview = built_site.page("scope/")
    for addon in contract.addons:
        offers = overview.by_id(f"addon-{addon.id}").find_all("ul", class_="addon-offers")[0].find_all("li")  # type: ignore[union-attr]
        assert [li.find_all("a")[0].text() for li in offers] == [
            f"{contract.plan(p).name} with {addon.name}" for p in addon.plans
        ]
        for plan_id, li in zip(addon.plans, offers, strict=True):
            unlocked = [
                item.title
                for item in contract.items()
                if item.coverage_for(plan_id).status == "addon" and item.coverage_for(plan_id).addon == addon.id
            ]
            assert [a.text() for a in li.find_all("a")[1:]] == unlocked, (addon.id, plan_id)
    sso = overview.by_id("addon-sso-onboarding").find_all("ul", class_="addon-offers")[0]  # type: ignore[union-attr]
    assert (
        " ".join(sso.raw_text().split())
        == "Standard with SSO onboarding: includes Configuring SAML or OIDC single sign-on"
    )


def test_a_plan_with_an_addon_shows_the_combined_scope(built_site: BuiltSite, contract: Contract) -> None:
    for plan in contract.plans:
        for addon in contract.addons:
            built = (built_site.root / "scope" / plan.id / "with" / addon.id / "index.html").is_file()
            assert built == (plan.id in addon.plans), (plan.id, addon.id)
    page = built_site.page("scope/standard/with/sso-onboarding/")
    assert page.find_all("h1")[0].text() == "The Standard plan with SSO onboarding"
    crumbs = page.find_all("nav", class_="breadcrumb")[0].find_all("a")
    assert [(a.text(), a.attrs["href"]) for a in crumbs[1:]] == [
        ("Support scope", "../../../"),
        ("Standard plan", "../../"),
    ]
    item = page.by_id("sso-configuration")
    assert item is not None and "item-from-addon" in item.classes()
    assert " ".join(item.find_all("p", class_="status-line")[0].raw_text().split()) == (
        "✓ Included With SSO onboarding on the Standard plan with the SSO onboarding add-on (USD 900, one-time)."
    )
    # Everything else is the plan's own scope, item by item.
    for other in contract.items():
        if other.id == "sso-configuration":
            continue
        status = other.coverage_for("standard").status
        badge = page.by_id(other.id).find_all("span", class_=f"badge badge-{status}")  # type: ignore[union-attr]
        assert badge, other.id

    def counts(page: Node) -> dict[str, int]:
        at_a_glance = page.find_all("ul", class_="count-list")[0]
        return {li.attrs["class"].split()[1]: int(li.find_all("strong")[0].text()) for li in at_a_glance.find_all("li")}

    plain, combined = counts(built_site.page("scope/standard/")), counts(page)
    assert combined["badge-included"] == plain["badge-included"] + 1
    assert combined["badge-addon"] == plain["badge-addon"] - 1
    assert combined["badge-excluded"] == plain["badge-excluded"]
    adds = page.find_all("ul", class_="addon-changes")[0]
    assert [a.attrs["href"] for a in adds.find_all("a")] == ["#sso-configuration"]
    # The plan page links its add-on items to this page.
    standard = built_site.page("scope/standard/").by_id("sso-configuration")
    assert standard is not None
    link = standard.find_all("p", class_="item-with")[0].find_all("a")[0]
    assert (link.attrs["href"], link.text()) == ("with/sso-onboarding/", "The Standard plan with SSO onboarding")


def test_a_service_level_addon_marks_what_it_improves(built_site: BuiltSite, contract: Contract) -> None:
    page = built_site.page("scope/standard/with/priority-support/")
    level = page.find_all("section", aria_labelledby="service_level")[0]
    marked = [n for n in level.iter() if "from-addon" in n.classes()]
    assert all(n.text() == "With Priority support" for n in marked)
    upgrade = contract.upgrades_for("standard")[0]
    channels = [c for c in upgrade.service_level.channels if c not in contract.service_level("standard").channels]
    assert len(marked) == len(upgrade.improves) + len(channels) - 1  # channels are marked one by one
    rows = {tr.find_all("th")[0].text(): tr.text() for tr in level.find_all("tr")[1:]}
    assert "1 hour (24x7) With Priority support" in rows["Severity 1 (critical)"]
    assert "With Priority support" not in rows["Severity 4 (low)"]
    assert (
        level.find_all("dd")[0]
        .text()
        .startswith("Monday to Friday, 07:00-22:00; Saturday, 09:00-17:00 (Europe/London) With Priority support")
    )


def test_changes_page_lists_every_version(built_site: BuiltSite, contract: Contract) -> None:
    text = built_site.page("scope/changes/").text()
    for change in contract.changes:
        assert f"Version {change.version}" in text


def test_article_coverage_box_links_each_plan(built_site: BuiltSite, contract: Contract) -> None:
    page = built_site.page("sso/set-up-saml/")
    box = next(n for n in page.iter() if "coverage" in n.classes())
    hrefs = {a.attrs["href"] for a in box.find_all("a")}
    for plan in contract.plans:
        row = box.find_all("tr", class_=f"plan-{plan.id}")
        assert len(row) == 1
        for item_id in ("sso-configuration", "idp-troubleshooting"):
            assert f"../../scope/{plan.id}/#{item_id}" in hrefs
            status = contract.item(item_id).coverage_for(plan.id).status
            assert STATUS_PHRASE[status] in row[0].text() or status == "addon"
    assert "Reviewed 10 September 2026" in page.text()
    assert any(a.text() == "Edit this page" for a in page.find_all("a"))


def test_home_page_has_search_plans_and_areas(built_site: BuiltSite, contract: Contract) -> None:
    page = built_site.page("")
    forms = page.find_all("form", role="search")
    assert forms and all(f.attrs["action"].endswith("search/") for f in forms)
    assert page.by_id("search-input") is not None
    text = page.text()
    assert "What does my plan include?" in text
    hrefs = {a.attrs.get("href") for a in page.find_all("a")}
    for plan in contract.plans:
        assert f"scope/{plan.id}/" in hrefs
    for area in contract.areas:
        assert f"scope/#area-{area.id}" in hrefs
    picker = page.by_id("plan-picker")
    assert picker is not None
    assert [o.attrs["value"] for o in picker.find_all("option")] == [""] + [p.id for p in contract.plans]


def test_search_and_tags_pages(built_site: BuiltSite) -> None:
    search = built_site.page("search/")
    assert search.find_all("form", role="search")
    assert "Search needs JavaScript" in search.text()
    tags = built_site.page("tags/")
    article = built_site.page("sso/set-up-saml/")
    for link in article.find_all("a", class_="tag"):
        anchor = link.attrs["href"].split("#")[1]
        assert tags.by_id(anchor) is not None


def test_ids_are_unique_on_every_page(html_pages: dict[str, Node]) -> None:
    for path, page in html_pages.items():
        ids = Counter(n.attrs["id"] for n in page.iter() if "id" in n.attrs)
        assert not [i for i, n in ids.items() if n > 1], path


def test_every_internal_link_and_anchor_resolves(built_site: BuiltSite, html_pages: dict[str, Node]) -> None:
    broken = broken_links(built_site.root, html_pages)
    assert not broken, "\n".join(broken[:30])


def test_machine_readable_files(built_site: BuiltSite, contract: Contract) -> None:
    assert (built_site.root / "scope.json").read_text("utf-8") == export_json(contract)
    assert (built_site.root / "schema" / "scope.schema.json").read_bytes() == (
        REPO / "generator" / "schema" / "scope.schema.json"
    ).read_bytes()
    sitemap = (built_site.root / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://help.fernpath.example/scope/premium/</loc>" in sitemap
    assert (built_site.root / "sitemap.xml.gz").is_file()
    assert (built_site.root / "404.html").is_file()
    json.loads((built_site.root / "scope.json").read_text("utf-8"))


def test_nothing_generated_is_written_to_content() -> None:
    assert not (REPO / "content" / "scope").exists()
    assert not (REPO / "content" / "tags").exists()


def test_two_builds_are_byte_identical(built_site: BuiltSite, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = build_site_dir(REPO / "mkdocs.yml", again)
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(built_site.root, again)

    def differences(cmp: filecmp.dircmp[str]) -> list[str]:
        found = cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(comparison) == []
    for path in built_site.root.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (again / path.relative_to(built_site.root)).read_bytes(), path


# --- Hostile input -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("xss")
    shutil.copytree(FIXTURES / "site-xss", work / "src")
    site = work / "site"
    # Its links to script URLs are taken out with a warning each: the build goes on.
    result = build_site_dir(work / "src" / "mkdocs.yml", site, strict=False)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "content/guides/hostile.md:17:5: the link to `javascript:alert(1)` was removed" in result.stderr
    return site


def _unsafe(value: str) -> bool:
    compact = "".join(ch for ch in value if ch > " ").lower()
    return compact.startswith(("javascript:", "vbscript:", "data:"))


def test_hostile_strings_are_inert(xss_site: Path) -> None:
    pages = sorted(xss_site.rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        page = parse_html(path.read_text("utf-8"))
        where = path.relative_to(xss_site).as_posix()
        for node in page.iter():
            if node.tag == "script":
                src = node.attrs.get("src", "")
                assert "assets/" in src and not node.raw_text().strip(), f"{where}: inline or foreign script"
            assert node.tag not in ("iframe", "object", "embed", "svg"), f"{where}: <{node.tag}>"
            if node.tag == "style":
                assert "alert" not in node.raw_text() and "display:none" not in node.raw_text(), where
            for name, value in node.attrs.items():
                assert not name.startswith("on"), f"{where}: {name}= on <{node.tag}>"
                assert not _unsafe(value), f"{where}: {name}={value!r} on <{node.tag}>"
    plan = (xss_site / "scope" / "basic" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#39;item&#39;)&lt;/script&gt;" in plan  # shown as text, not dropped


# Host themes print page titles and some front matter keys as HTML (MkDocs' convention), so
# the plugin hands them text that cannot open a tag or close an attribute.
_HOST_CONFIG = """site_name: Host theme help
docs_dir: content
theme:
  name: {theme}
plugins:
  - search
  - scopebook
markdown_extensions:
  - attr_list
  - admonition
"""
_JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _writer_script(node: Node, where: str) -> list[str]:
    """What in a parsed page or fragment could run a writer's script in a reader's browser."""
    found = []
    for element in _outside_title(node):
        if element.tag in ("iframe", "object", "embed"):
            found.append(f"{where}: <{element.tag}>")
        if element.tag == "script" and "alert" in _JS_STRING.sub("", element.raw_text()):
            found.append(f"{where}: script {element.raw_text()[:80]!r}")
        for name, value in element.attrs.items():
            if name.startswith("on") or _unsafe(value):
                found.append(f"{where}: {name}={value!r} on <{element.tag}>")
    return found


def _outside_title(node: Node) -> Iterator[Node]:
    """node and its descendants, but not what is inside <title>: browsers read that as text."""
    yield node
    if node.tag != "title":
        for child in node.children:
            yield from _outside_title(child)


@pytest.mark.parametrize("theme", ["material", "mkdocs", "readthedocs"])
def test_titles_and_front_matter_host_themes_print_are_inert(theme: str, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "site-xss", tmp_path / "src")
    shutil.copytree(FIXTURES / "site-xss-host-themes", tmp_path / "src", dirs_exist_ok=True)
    (tmp_path / "src" / "mkdocs.yml").write_text(_HOST_CONFIG.format(theme=theme), "utf-8")
    site = tmp_path / "site"
    result = build_site_dir(tmp_path / "src" / "mkdocs.yml", site, url_check=False, strict=False)
    assert result.returncode == 0, result.stderr + result.stdout
    found = []
    for path in sorted(site.rglob("*.html")):
        found += _writer_script(parse_html(path.read_text("utf-8")), path.relative_to(site).as_posix())
    # The host's search shows each result's title as HTML.
    titles = {}
    for doc in json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]:
        titles[doc["location"]] = parse_html(doc["title"])
        found += _writer_script(titles[doc["location"]], f"search title of {doc['location']}")
    assert found == []
    # What the writer typed still reads as typed.
    assert titles["guides/theme-keys/"].text() == "Keys <img src=x onerror=alert('fm-title')>"


# --- A failed build keeps the old site -----------------------------------------------------


def _copy_sample(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(REPO / "mkdocs.yml", src / "mkdocs.yml")
    for name in SAMPLE_SOURCES:
        shutil.copytree(REPO / name, src / name)
    return src


def _mkdocs_build(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_failed_build_keeps_the_old_site(tmp_path: Path) -> None:
    src = _copy_sample(tmp_path)
    assert _mkdocs_build(src).returncode == 0
    before = {p.relative_to(src / "site"): p.read_bytes() for p in (src / "site").rglob("*") if p.is_file()}
    assert before

    plans = src / "scope" / "plans.yaml"
    plans.write_text(plans.read_text("utf-8").replace("extends: free", "extends: nowhere", 1), "utf-8")
    broken = _mkdocs_build(src)
    assert broken.returncode != 0
    assert "plans.yaml:" in broken.stderr and "Traceback" not in broken.stderr

    after = {p.relative_to(src / "site"): p.read_bytes() for p in (src / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(src.glob(".site-*"))


def test_strict_warning_late_in_the_build_keeps_the_old_site(tmp_path: Path) -> None:
    src = _copy_sample(tmp_path)
    assert _mkdocs_build(src).returncode == 0
    index = (src / "site" / "index.html").read_bytes()
    article = src / "content" / "sso" / "set-up-saml.md"
    article.write_text(article.read_text("utf-8") + "\nSee [gone](no-such-page.md).\n", "utf-8")
    result = _mkdocs_build(src)
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr
    assert (src / "site" / "index.html").read_bytes() == index
    assert not list(src.glob(".site-*"))


def _scopebook_build(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "-f", "mkdocs.yml", "-d", "out"],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_scopebook_build_command(tmp_path: Path) -> None:
    src = _copy_sample(tmp_path)
    result = _scopebook_build(src)
    assert result.returncode == 0, result.stderr
    assert (src / "out" / "scope" / "premium" / "index.html").is_file()
    article = src / "content" / "sso" / "set-up-saml.md"
    article.write_text(article.read_text("utf-8").replace("scope: [", "scope: [no-such-item, ", 1), "utf-8")
    result = _scopebook_build(src)
    assert result.returncode == 1
    assert "content/sso/set-up-saml.md:5:9: error: unknown scope item `no-such-item`" in result.stdout


# --- README.md as a folder's page ------------------------------------------------------------


def _site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_folders_readme_is_its_page_as_an_index_md_would_be(tmp_path: Path) -> None:
    """MkDocs makes README.md a folder's page when it has no index.md (GitHub and GitBook exports)."""
    from built_site import sample_variant

    sites = {}
    for name in ("index.md", "README.md"):
        config = sample_variant(tmp_path / name)
        shutil.copytree(FIXTURES / "readme-as-folder-page", tmp_path / name / "content", dirs_exist_ok=True)
        if name != "index.md":
            (tmp_path / name / "content/guides/index.md").unlink(missing_ok=True)
        else:
            (tmp_path / name / "content/guides/README.md").rename(tmp_path / name / "content/guides/index.md")
        result = build_site_dir(config, tmp_path / name / "site")
        assert result.returncode == 0, result.stdout + result.stderr
        sites[name] = _site_files(tmp_path / name / "site")

    readme = BuiltSite(tmp_path / "README.md" / "site", "")
    page = readme.page("guides/")
    assert [a.text() for a in page.find_all("ul", class_="card-list")[0].find_all("a")] == ["First guide", "Second guide"]
    nav = {a.text(): a for a in page.find_all("nav", class_="site-nav")[0].find_all("a")}
    assert nav["Guides home"].attrs["href"] == "./" and nav["Guides home"].attrs["aria-current"] == "page"
    crumbs = readme.page("guides/first/").find_all("nav", class_="breadcrumb")[0].find_all("a")
    assert [(a.text(), a.attrs["href"]) for a in crumbs] == [("Home", "../../"), ("Guides home", "../")]
    # Byte for byte the site the same folder builds with index.md, apart from the edit link.
    assert sites["README.md"].keys() == sites["index.md"].keys()
    for name, data in sites["index.md"].items():
        got = sites["README.md"][name].replace(b"guides/README.md", b"guides/index.md")
        assert got == data, name



def _sample_with(
    work: Path, fixture: str, *, theme: str | None = None, edit: Callable[[dict[str, Any]], None] | None = None
) -> Path:
    """The sample with a fixture's articles added to content/ (and its mkdocs.yml edited), built; its site."""
    import yaml
    from built_site import sample_variant

    config_file = sample_variant(work, theme=theme)
    if edit is not None:
        config = yaml.safe_load(config_file.read_text("utf-8"))
        edit(config)
        config_file.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    shutil.copytree(FIXTURES / fixture, work / "content", dirs_exist_ok=True)
    result = build_site_dir(config_file, work / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


# --- An opening H1 and the title -------------------------------------------------------------


def test_a_title_taken_from_the_opening_h1_reads_as_typed(tmp_path: Path) -> None:
    """MkDocs keeps such a title as HTML (`AT&amp;T`); our templates escape text, so they are given text."""
    page = BuiltSite(_sample_with(tmp_path, "opening-h1-as-title"), "").page("sso/title-from-h1/")
    assert page.find_all("h1")[0].text() == "Reset 2FA & <recovery> codes"
    assert page.find_all("title")[0].text() == "Reset 2FA & <recovery> codes · Fernpath Help Center"


@pytest.mark.parametrize("permalink", [False, True])
def test_an_opening_h1_that_is_the_title_is_shown_once_and_its_anchor_still_opens(
    tmp_path: Path, permalink: bool
) -> None:
    """Exports write the title twice, in front matter and as the first heading: one h1, as under Material."""
    from built_site import html_pages_of

    def toc_permalink(config: dict[str, Any]) -> None:
        config["markdown_extensions"][0] = {"toc": {"permalink": permalink}}

    site = BuiltSite(_sample_with(tmp_path, "opening-h1-as-title", edit=toc_permalink), "")
    h1s = {
        name: [(h.text().removesuffix(" ¶"), h.attrs.get("id")) for h in site.page(f"sso/{name}/").find_all("h1")]
        for name in ("title-repeated-by-h1", "title-from-h1", "title-other-than-h1")
    }
    assert h1s == {
        "title-repeated-by-h1": [("How do I: reset two-factor authentication?", "how-do-i-reset-two-factor-authentication")],
        "title-from-h1": [("Reset 2FA & <recovery> codes", "reset-2fa-recovery-codes")],
        # Two different texts: both are the writer's.
        "title-other-than-h1": [("Recovery codes", None), ("What recovery codes are for", "what-recovery-codes-are-for")],
    }
    # The contents list opens at the title, and every link into these pages opens its anchor.
    assert broken_links(tmp_path / "site", html_pages_of(tmp_path / "site")) == []


# --- draft: true ------------------------------------------------------------------------------


def test_a_draft_article_is_left_out_of_the_built_site(tmp_path: Path) -> None:
    """`draft: true` (Docusaurus, Hugo, Material's blog, help-center exports) is not published,
    as MkDocs' own `draft_docs` are not: no page, no link to it, nothing of it in search data."""
    from built_site import html_pages_of

    site = _sample_with(tmp_path, "draft-article")
    assert (site / "sso" / "published" / "index.html").is_file()
    assert not (site / "sso" / "rotate-the-certificate").exists()
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    texts = {name: (site / name).read_text("utf-8") for name in published if name.endswith((".html", ".json", ".xml"))}
    assert any("publishedwordzq" in text for text in texts.values())
    assert [name for name, text in texts.items() if "rotate-the-certificate" in text or "unpublishedwordzq" in text] == []
    assert broken_links(site, html_pages_of(site)) == []


def test_a_blogs_draft_posts_are_its_plugins_to_publish(tmp_path: Path) -> None:
    """Material's blog publishes drafts when its `draft` option says so: the plugin leaves them to it."""
    site = _sample_with(
        tmp_path, "draft-article", theme="material", edit=lambda c: c["plugins"].append({"blog": {"draft": True}})
    )
    assert (site / "blog" / "2026" / "01" / "01" / "a-draft-post" / "index.html").is_file()
    assert not (site / "sso" / "rotate-the-certificate").exists()


def test_articles_with_any_suffix_mkdocs_publishes_are_listed_and_searched(tmp_path: Path) -> None:
    """`.markdown` (Jekyll, GitBook) and MkDocs' other suffixes: pages MkDocs builds, so articles."""
    from generator.search_query import load_site_search, query_index

    site = _sample_with(tmp_path, "markdown-suffixes")
    section = BuiltSite(site, "").page("sso/")
    listed = [a.text() for a in section.find_all("ul", class_="card-list")[0].find_all("a")]
    assert "Legacy Jekyll page" in listed and "An mdown page" in listed
    search = load_site_search(site)
    for word, url in (("legacywordzq", "sso/legacy/"), ("mdownwordzq", "sso/other/")):
        assert [hit.ref for hit in query_index(search.index, search.docs, word)][:1] == [url]
