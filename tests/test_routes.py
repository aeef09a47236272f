"""The route table: every URL the site generates, honoured in pages, search data and sitemap."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from built_site import broken_links, build_site_dir, html_pages_of, parse_html, resolves, sample_variant

from generator.routes import Routes, page_url
from generator.search_query import load_site_search

SCOPE_PATH = "support-scope"
PLANS = ["free", "premium"]


def test_page_urls_follow_mkdocs() -> None:
    assert page_url("index.md") == ""
    assert page_url("sso/index.md") == "sso/"
    assert page_url("sso/set-up-saml.md") == "sso/set-up-saml/"
    assert page_url("sso/set-up-saml.md", directory_urls=False) == "sso/set-up-saml.html"
    assert page_url("index.md", directory_urls=False) == ""


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_urls_are_mkdocs_own_for_folder_pages_and_readmes(directory_urls: bool) -> None:
    from mkdocs.structure.files import File

    for src in (
        *("README.md", "sso/README.md", "a/b/README.md", "sso/index.md", "sso/readme-first.md", "xREADME.md"),
        *("sso/README.markdown", "index.mdown", "sso/guide.mkd", "a/b.mkdn", "README.mkdn", "x.markdown"),
    ):
        mkdocs_url = File(src, "docs", "site", directory_urls).url
        # The home page is "" for both settings, as above.
        assert page_url(src, directory_urls) == ("" if mkdocs_url in ("./", "index.html") else mkdocs_url), src


def test_routes_move_with_scope_path() -> None:
    routes = Routes.for_site("/help/scope/", ["free"])
    assert routes.overview() == "help/scope/"
    assert routes.item("free", "sso") == "help/scope/free/#sso"
    assert routes.compare_row("sso") == "help/scope/compare/#sso"
    assert routes.addon("onboarding") == "help/scope/#addon-onboarding"
    assert routes.area("identity") == "help/scope/#area-identity"
    assert routes.tag("Single sign-on") == "tags/#tag-single-sign-on"
    flat = Routes.for_site("scope", ["free"], directory_urls=False)
    assert flat.plan("free", "sso") == "scope/free/index.html#sso"
    uris = [page.uri for page in routes.generated_pages("Scope", {"free": "Free"})]
    assert "help/scope/free/index.md" in uris and "help/scope/compare/index.md" in uris


def test_a_plan_with_an_addon_has_a_page_where_the_addon_is_sold() -> None:
    sold = [("sso", ["standard"]), ("migration", ["standard", "premium"])]
    routes = Routes.for_site("help/scope", ["free", "standard", "premium"], addons=sold)
    assert routes.plan_with("standard", "sso") == "help/scope/standard/with/sso/"
    assert routes.plan_with("standard", "sso", "sso-setup") == "help/scope/standard/with/sso/#sso-setup"
    assert routes.combinations() == (("standard", "sso"), ("standard", "migration"), ("premium", "migration"))
    assert not routes.has_plan_with("free", "sso") and routes.has_plan_with("premium", "migration")
    pages = routes.generated_pages(
        "Scope", {"free": "Free", "standard": "Standard", "premium": "Premium"}, {"sso": "SSO"}
    )
    combined = [(p.uri, p.title, p.kind, p.plan, p.addon) for p in pages if p.addon]
    assert combined[0] == (
        "help/scope/standard/with/sso/index.md",
        "The Standard plan with SSO",
        "plan",
        "standard",
        "sso",
    )
    assert len(combined) == 3
    # A plan without a page has no add-on pages either.
    assert Routes.for_site("scope", ["free"], addons=sold).combinations() == ()
    flat = Routes.for_site("scope", ["standard"], directory_urls=False, addons=sold)
    assert flat.plan_with("standard", "sso", "x") == "scope/standard/with/sso/index.html#x"


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built with `scope_path: support-scope` and `plans: [free, premium]`."""
    work = tmp_path_factory.mktemp("moved")
    sample_variant(work, scope_path=SCOPE_PATH, plans=PLANS)
    site = work / "site"
    result = build_site_dir(work / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr + result.stdout
    return site


def test_only_chosen_plans_get_pages_under_scope_path(moved_site: Path) -> None:
    assert not (moved_site / "scope").exists()
    built = sorted(p.name for p in (moved_site / SCOPE_PATH).iterdir() if p.is_dir())
    assert built == sorted(["changes", "compare", "performance", *PLANS])  # the sample publishes attainment


def test_every_url_in_search_data_resolves(moved_site: Path) -> None:
    loaded = load_site_search(moved_site)
    data = loaded.table
    urls = [data["scope"], data["search"], *(plan["url"] for plan in data["plans"])]
    urls += [doc["u"] for doc in loaded.docs]
    # A scope result opens on the reader's plan page at the item's anchor (theme/assets/search-ui/common.js).
    for doc in loaded.docs:
        if doc["k"] == "scope":
            urls += [f"{plan['url']}#{doc['u'].split('#')[1]}" for plan in data["plans"]]
            assert sorted(doc["c"]) == sorted(PLANS)
    assert [plan["id"] for plan in data["plans"]] == PLANS
    broken = [url for url in urls if not resolves(moved_site, url)]
    assert not broken, broken[:20]
    assert any(url.startswith(f"{SCOPE_PATH}/") for url in urls)


def test_search_script_fetches_files_that_exist(moved_site: Path) -> None:
    page = parse_html((moved_site / "sso" / "set-up-saml" / "index.html").read_text("utf-8"))
    script = page.find_all("script", data_scopebook_engine="")[0]
    for name in ("data-index", "data-docs", "data-lunr"):
        assert resolves(moved_site, script.attrs[name]), name


def test_every_url_in_the_sitemap_resolves(moved_site: Path) -> None:
    sitemap = (moved_site / "sitemap.xml").read_text("utf-8")
    base = "https://help.fernpath.example/"
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all(loc.startswith(base) for loc in locs)
    broken = [loc for loc in locs if not resolves(moved_site, loc[len(base) :])]
    assert not broken, broken
    assert f"{base}{SCOPE_PATH}/premium/" in locs
    assert not [loc for loc in locs if "/standard/" in loc or loc.startswith(f"{base}scope/")]


def test_every_link_in_the_moved_site_resolves(moved_site: Path) -> None:
    broken = broken_links(moved_site, html_pages_of(moved_site))
    assert not broken, "\n".join(broken[:30])
    # Plans with add-ons are among the pages checked: only those of the plans shown.
    combined = sorted(p.relative_to(moved_site).as_posix() for p in moved_site.glob(f"{SCOPE_PATH}/*/with/*"))
    assert f"{SCOPE_PATH}/premium/with/migration-service" in combined
    assert not [p for p in combined if not p.startswith((f"{SCOPE_PATH}/free/", f"{SCOPE_PATH}/premium/"))]


def test_plans_with_addons_without_directory_urls(tmp_path: Path) -> None:
    sample_variant(tmp_path, plans=["standard"])
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "use_directory_urls: false\n", "utf-8")
    result = build_site_dir(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr + result.stdout
    site = tmp_path / "site"
    page = site / "scope" / "standard" / "with" / "sso-onboarding" / "index.html"
    assert page.is_file()
    broken = broken_links(site, html_pages_of(site))
    assert not broken, "\n".join(broken[:30])
    plan = parse_html((site / "scope" / "standard" / "index.html").read_text("utf-8"))
    links = [a.attrs.get("href", "") for a in plan.find_all("a")]
    assert "with/sso-onboarding/index.html" in links
