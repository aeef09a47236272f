"""Scope pages inside any theme: the sample under Material and MkDocs' own theme."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from built_site import REPO, BuiltSite, broken_links, build_site_dir, html_pages_of, parse_html, sample_variant
from jinja2 import pass_context
from mkdocs.utils import get_relative_url, normalize_url

from generator.model import Contract
from generator.rendering import headings_toc
from generator.views import STATUS_PHRASE
from generator.views.articles import CoverageBoxView

HOST_THEMES = ("material", "mkdocs")
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module", params=HOST_THEMES)
def hosted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample built strictly under another theme, with that theme's search plugin."""
    work = tmp_path_factory.mktemp(request.param)
    result = build_site_dir(sample_variant(work, theme=request.param), work / "site")
    assert result.returncode == 0, result.stderr + result.stdout
    return BuiltSite(work / "site", result.stderr + result.stdout)


def test_host_build_prints_no_warning(hosted: BuiltSite) -> None:
    logged = [line for line in hosted.output.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert not logged and "Traceback" not in hosted.output


def test_plan_pages_show_every_item_inside_the_host_theme(hosted: BuiltSite, contract: Contract) -> None:
    css = "assets/scopebook/scope.css"
    assert (hosted.root / css).read_bytes() == (
        REPO / "generator" / "templates" / "scopebook" / "scope.css"
    ).read_bytes()
    for plan in contract.plans:
        page = hosted.page(f"scope/{plan.id}/")
        assert any(link.attrs.get("href", "").endswith(css) for link in page.find_all("link"))
        content = next(n for n in page.iter() if "scopebook-content" in n.classes())
        assert plan.name in content.find_all("h1")[0].text()
        for item in contract.items():
            node = content.by_id(item.id)
            assert node is not None, (plan.id, item.id)
            status = item.coverage_for(plan.id).status
            assert f"item-{status}" in node.classes()
            assert STATUS_PHRASE[status] in node.text()


def test_compare_overview_changes_and_tags_render(hosted: BuiltSite, contract: Contract) -> None:
    compare = hosted.page("scope/compare/")
    assert all(compare.by_id(item.id) is not None for item in contract.items())
    overview = hosted.page("scope/")
    assert all(overview.by_id(f"addon-{addon.id}") is not None for addon in contract.addons)
    assert f"Version {contract.version}" in hosted.page("scope/changes/").text()
    assert hosted.page("tags/").find_all("h2")


def test_articles_get_their_coverage_box(hosted: BuiltSite) -> None:
    page = hosted.page("sso/set-up-saml/")
    box = next(n for n in page.iter() if "coverage" in n.classes())
    hrefs = {a.attrs["href"] for a in box.find_all("a")}
    assert "../../scope/premium/#sso-configuration" in hrefs


def test_every_link_resolves_under_the_host_theme(hosted: BuiltSite) -> None:
    broken = broken_links(hosted.root, html_pages_of(hosted.root))
    assert not broken, "\n".join(broken[:30])


def test_host_search_indexes_scope_items_and_ours_is_not_written(hosted: BuiltSite) -> None:
    index = json.loads((hosted.root / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert any(loc.startswith("scope/premium/#sso-configuration") for loc in locations)
    assert not (hosted.root / "search" / "docs.json").exists()
    assert not (hosted.root / "search" / "index.html").exists()


@pytest.mark.parametrize("theme", [*HOST_THEMES, "scopebook"])
def test_a_hand_written_nav_need_not_list_the_generated_pages(tmp_path: Path, theme: str) -> None:
    """With `nav` given by hand and omitted files as warnings, a strict build stays green: plan,
    compare, changes and tags pages are reached from the overview, as add-on pages are."""
    import yaml

    config_file = sample_variant(tmp_path, theme=theme)
    config = yaml.safe_load(config_file.read_text("utf-8"))
    articles = sorted(p.relative_to(tmp_path / "content").as_posix() for p in (tmp_path / "content").rglob("*.md"))
    config["nav"] = [{"Articles": articles}, {"Support scope": "scope/index.md"}, {"Status": "https://status.example/"}]
    config["validation"] = {"nav": {"omitted_files": "warn"}}
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    result = build_site_dir(config_file, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(tmp_path / "site", result.stderr)
    assert site.page("scope/compare/").find_all("h1")
    assert broken_links(tmp_path / "site", html_pages_of(tmp_path / "site")) == []
    if theme == "scopebook":
        # The nav puts index.md in a section, so MkDocs does not call it the home page; it is.
        home = site.page("")
        assert home.by_id("site-map") is not None and home.find_all("title")[0].text() == "Fernpath Help Center"


def test_our_theme_loads_extra_css_and_extra_javascript(tmp_path: Path) -> None:
    """As MkDocs' own themes do: the site's own stylesheets and scripts on every page, after the theme's."""
    import shutil

    import yaml

    config_file = sample_variant(tmp_path)
    config = yaml.safe_load(config_file.read_text("utf-8"))
    config["extra_css"] = ["css/brand.css"]
    config["extra_javascript"] = ["js/brand.js", {"path": "js/chat.mjs", "type": "module", "async": True}]
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    shutil.copytree(FIXTURES / "theme-extra-files", tmp_path / "content", dirs_exist_ok=True)
    result = build_site_dir(config_file, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(tmp_path / "site", result.stderr)
    for url, up in (("sso/set-up-saml/", "../../"), ("scope/premium/", "../../"), ("", "")):
        page = site.page(url)
        sheets = [link.attrs["href"] for link in page.find_all("link", rel="stylesheet")]
        brand = sheets.index(f"{up}css/brand.css")
        assert sheets.index(f"{up}assets/scopebook.css") < brand and sheets.index(f"{up}assets/markdown.css") < brand
        scripts = {s.attrs["src"]: s.attrs for s in page.find_all("script") if "src" in s.attrs}
        assert f"{up}js/brand.js" in scripts, url
        assert scripts[f"{up}js/chat.mjs"].get("type") == "module" and "async" in scripts[f"{up}js/chat.mjs"], url
    assert broken_links(tmp_path / "site", html_pages_of(tmp_path / "site")) == []


def test_a_material_site_with_the_tags_plugin_keeps_its_own_tags_page(tmp_path: Path) -> None:
    """Material's tags plugin lists tags on the site's own tags.md (its documented set-up):
    the plugin leaves that page to it instead of calling it a collision and stopping."""
    import shutil

    import yaml

    config_file = sample_variant(tmp_path, theme="material")
    config = yaml.safe_load(config_file.read_text("utf-8"))
    config["plugins"].insert(1, "tags")
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    shutil.copy(FIXTURES / "material-tags-index" / "tags.md", tmp_path / "content" / "tags.md")
    result = build_site_dir(config_file, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = BuiltSite(tmp_path / "site", result.stderr).page("tags/")
    assert [h.text().removesuffix(" ¶") for h in page.find_all("h1")] == ["Tags of this site"]
    # Material's listing, with the sample's tags in it.
    assert "sso" in page.find_all("article")[0].text().lower()
    # Without a tags plugin, the file would be replaced by the generated page: still an error.
    config["plugins"].remove("tags")
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    result = build_site_dir(config_file, tmp_path / "site2")
    assert result.returncode != 0 and "content/tags.md:1:1: this file would be replaced" in result.stderr


@pytest.mark.parametrize("theme", ["scopebook", "material"])
def test_a_markdown_link_to_a_scope_item_passes_anchor_validation(tmp_path: Path, theme: str) -> None:
    """Articles link to scope items (`scope/premium/index.md#sso-configuration`). MkDocs checks
    anchors against what it rendered of a page: for generated pages, nothing of their content."""
    import shutil

    config_file = sample_variant(tmp_path, theme=theme)  # the sample validates anchors (warn)
    shutil.copy(FIXTURES / "links-to-scope-anchors" / "sso" / "links-to-scope.md", tmp_path / "content" / "sso")
    result = build_site_dir(config_file, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    # A link to an anchor the page does not have is still reported.
    shutil.copy(FIXTURES / "links-to-scope-anchors" / "broken.md", tmp_path / "content" / "sso")
    result = build_site_dir(config_file, tmp_path / "site2")
    assert result.returncode != 0
    assert "does not contain an anchor '#no-such-item'" in result.stderr
    assert "#sso-configuration" not in result.stderr and "#plans_heading" not in result.stderr


@pytest.mark.parametrize("theme", ["scopebook", "material"])
def test_a_markdown_link_to_scope_json_or_its_schema_is_a_link_to_a_file_of_the_site(tmp_path: Path, theme: str) -> None:
    """The site publishes /scope.json and /schema/scope.schema.json; an article may link to them."""
    import shutil

    from generator.contract import load_contract
    from generator.export import export_json

    config_file = sample_variant(tmp_path, theme=theme)
    shutil.copytree(FIXTURES / "links-to-generated-files", tmp_path / "content", dirs_exist_ok=True)
    result = build_site_dir(config_file, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    assert (site / "scope.json").read_text("utf-8") == export_json(load_contract(tmp_path / "scope"))
    assert (site / "schema" / "scope.schema.json").read_bytes() == (REPO / "generator/schema/scope.schema.json").read_bytes()
    assert broken_links(site, html_pages_of(site)) == []


def test_a_theme_without_main_html_is_one_line_error(tmp_path: Path) -> None:
    config = sample_variant(tmp_path)
    (tmp_path / "bare").mkdir()
    (tmp_path / "bare" / "base.html").write_text("<html>{{ page.content }}</html>", "utf-8")
    text = config.read_text("utf-8").replace("name: scopebook", "name: null\n  custom_dir: bare")
    config.write_text(text, "utf-8")
    for command in (["-m", "mkdocs", "build"], ["-m", "generator.cli", "build"]):
        result = subprocess.run([sys.executable, *command], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        errors = [line for line in (result.stdout + result.stderr).splitlines() if "main.html" in line]
        assert len(errors) == 1 and "theme `bare` has no main.html template" in errors[0], result.stderr
    assert not (tmp_path / "site").exists()


def test_own_theme_frames_the_same_content(built_site: BuiltSite) -> None:
    # Under scopebook's theme, scopebook-page.html frames the content the plugin renders.
    page = built_site.page("scope/premium/")
    assert "page-plan" in page.find_all("body")[0].classes()
    assert page.find_all("nav", class_="breadcrumb") and page.find_all("button", class_="copy-link")
    assert not [n for n in page.iter() if "scopebook-content" in n.classes()]
    assert not (built_site.root / "assets" / "scopebook" / "scope.css").exists()


def test_an_unknown_theme_name_is_one_line_from_build_and_check(tmp_path: Path) -> None:
    config = sample_variant(tmp_path)
    config.write_text(config.read_text("utf-8").replace("name: scopebook", "name: nosuchtheme"), "utf-8")
    for command in ("build", "check"):
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", command], cwd=tmp_path, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr
        lines = [line for line in (result.stdout + result.stderr).splitlines() if "nosuchtheme" in line]
        assert len(lines) == 1 and "Unrecognised theme name" in lines[0], result.stdout + result.stderr


def test_a_material_icon_the_theme_does_not_have_is_located_by_check_and_build(tmp_path: Path) -> None:
    config = sample_variant(tmp_path, theme="material")
    for name in ("unknown-icon.md", "known-icon.md"):
        (tmp_path / "content" / "sso" / name).write_bytes((FIXTURES / "material-icons" / name).read_bytes())
    where, expected = "content/sso/unknown-icon.md:3:7:", "the theme has no icon `material/no-such-icon`"
    for command in (["-m", "generator.cli", "check"], ["-m", "generator.cli", "build"], ["-m", "mkdocs", "build"]):
        result = subprocess.run([sys.executable, *command], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        output = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in output, output
        assert where in output and expected in output and "sso/known-icon.md" not in output, output
    assert not (tmp_path / "site").exists()
    # Under a theme without icons, `icon:` is a key like any other.
    config.write_text(config.read_text("utf-8").replace("name: material", "name: mkdocs"), "utf-8")
    (tmp_path / "content" / "sso" / "known-icon.md").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("theme", ["scopebook", "material"])
def test_articles_titled_like_mkdocs_with_description_as_meta(theme: str, tmp_path: Path) -> None:
    config = sample_variant(tmp_path, theme=theme)
    (tmp_path / "content" / "sso" / "from-heading.md").write_text("# Help with SSO\n\nBody text.\n", "utf-8")
    (tmp_path / "content" / "sso" / "described.md").write_text(
        "---\ndescription: What this page is for.\nlayout: post\ncategories: [x]\n---\n\nBody.\n", "utf-8"
    )
    result = build_site_dir(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr + result.stdout
    site = BuiltSite(tmp_path / "site", result.stderr)
    page = site.page("sso/from-heading/")
    assert [h.text() for h in page.find_all("h1")] == ["Help with SSO"]
    assert "Help with SSO" in page.find_all("title")[0].text()
    described = site.page("sso/described/")
    metas = described.find_all("meta", name="description")
    assert [m.attrs["content"] for m in metas] == ["What this page is for."]
    assert "Described" in described.find_all("title")[0].text()


def test_headings_toc_nests_headings_with_ids_and_reads_their_text() -> None:
    content = (
        '<h1 id="top">Page</h1><p>Intro <b>bold</b></p><table><tr><td>cell</td></tr></table>'
        '<h2 id="area">Area &amp; more</h2><ul><li>item</li></ul>'
        '<h3 id="item_title"><a class="item-anchor" href="#item">Single\n  sign-on</a></h3>'
        "<h3>No id, left out</h3>"
        '<H2 id="second">Second <span class="pill">Current</span></H2>'
    )
    toc = headings_toc(content)
    assert [(entry.id, entry.title, entry.level) for entry in toc] == [
        ("area", "Area &amp; more", 2),
        ("second", "Second Current", 2),
    ]
    assert [(entry.id, entry.title) for entry in toc.items[0].children] == [("item_title", "Single sign-on")]


def _renderer_with(templates: dict[str, str]) -> Any:
    from jinja2 import ChoiceLoader, DictLoader

    from generator.rendering import PageRenderer

    renderer = PageRenderer(None, own_theme=True)  # type: ignore[arg-type]
    renderer.env.loader = ChoiceLoader([DictLoader(templates), renderer.env.loader])  # type: ignore[list-item]
    return renderer


def _as_mkdocs_renders(name: str, templates: dict[str, str], url: str, **values: Any) -> str:
    """What MkDocs' own `url` filter makes of the template on a page at url."""
    from jinja2 import DictLoader, Environment
    from mkdocs.utils import get_relative_url
    from mkdocs.utils.templates import url_filter

    # MkDocs' filter reads the page from the context: the macro is imported with it.
    with_context = {k: v.replace("import body", "import body with context") for k, v in templates.items()}
    env = Environment(loader=DictLoader(with_context), autoescape=True)
    env.filters["url"] = url_filter
    env.filters["remembered"] = lambda macro, *args: macro(*args)
    env.globals["this_page"] = url  # a permalink's page: its site-relative URL
    page = SimpleNamespace(url=url)
    return env.get_template(name).render(page=page, config={}, base_url=get_relative_url(".", url), **values)


LINKS = {
    "body.html": '{% macro body(item) %}<a href="{{ item.href|url }}" data-page="{{ this_page }}">{{ item.title }}</a>'
    "{{ counted(item) }}{% endmacro %}",
    "page.html": '{% from "body.html" import body %}<a href="{{ "scope/free/with/x/"|url }}">{{ title }}</a>'
    '{% for item in items %}{{ body|remembered(item) }}{% endfor %}{% for t in targets %}<a href="{{ t|url }}">x</a>{% endfor %}',
}


PAGE_URLS = (
    "scope/free/",
    "scope/free/with/x/",
    "scope/free/with/y/",
    "scope/starter/",  # as deep as scope/free/, sharing one folder less with its links
    "scope/starter/with/x/",
    "tags/",
    "sso/",
    "",
    "scope/free/index.html",
    "404.html",
    # Beside pages above (in the same folder, as deep), deeper, and beside those.
    "scope/free/with/z/",
    "scope/free/with/y.html",
    "scope/starter/with/y/",
    "scope/free/with/x/deep/",
    "scope/free/with/y/deep/",
    "sso/a/",
    "sso/b/",
)
TARGETS = (
    "sso/set-up/",
    "scope/free/",
    "scope/free/with/y/#a",
    "scope/starter/#a",
    "sso/../scope/free/",
    "./scope/x/",
    "../up/",
    "#top",
    "/root/",
    "https://e.example/?a=1&b=2",
    "mailto:a@e.example",
    "",
    "x//y/",
    "scope",
    "sso.html",
    "a:b/c/",
    "sso/a:b",
    "scope/free/x?y=1&z=2",
    "scope/free/#top",
    "#top/x/",
    "scope/free/with/",
    "scope/free/with/x/",
    "scope/free/with/z/#b",
    "scope/free/with/x/deep/#c",
    "sso/a/#d",
)


def test_links_are_made_relative_to_each_page_as_mkdocs_does_and_bodies_rendered_once() -> None:
    renders: list[str] = []
    items = [
        SimpleNamespace(href="sso/set-up/", title="Set <up>"),
        SimpleNamespace(href="scope/free/#sso", title="Free"),
        SimpleNamespace(href="scope/free/with/x/#sso", title="With"),
    ]
    renderer = _renderer_with(LINKS)
    renderer.env.globals["counted"] = lambda item: renders.append(item.title) or ""
    for url in PAGE_URLS:
        page = SimpleNamespace(url=url)
        got = renderer._render("page.html", page, {}, items=items, title="T", targets=TARGETS)
        expected = _as_mkdocs_renders(
            "page.html", LINKS, url, items=items, title="T", targets=TARGETS, counted=lambda i: ""
        )
        assert got == expected, url
    # Each item's body was rendered on the first page only; the other pages reused it.
    assert renders == ["Set <up>", "Free", "With"]


@pytest.mark.parametrize(
    ("text", "direct"),
    [
        ("a\x1a0\x1bb", True),  # as if a writer typed the marker the renderer uses for a link
        ("\x1ap\x1b", True),  # the page's own URL's marker
        ("a\x1ab", False),  # the marker's character alone is only text
        ("\x1a1", False),  # ... next to the renderer's own marker (the item's link follows it)
        ("1\x1b", False),
        ("\x1a\x1a", False),
    ],
)
def test_a_writer_text_holding_the_link_marker_character_gets_the_same_page(text: str, direct: bool) -> None:
    renderer = _renderer_with(LINKS)
    renderer.env.globals["counted"] = lambda item: ""
    made: list[bool] = []
    render = renderer.env.get_template("page.html").render
    renderer.env.get_template("page.html").render = lambda *args: made.append(renderer._direct) or render(*args)
    for items, title in (([SimpleNamespace(href="sso/", title="x")], text), ([SimpleNamespace(href="sso/", title=text)], "t")):
        made.clear()
        got = renderer._render(
            "page.html", SimpleNamespace(url="scope/free/"), {}, items=items, title=title, targets=TARGETS
        )
        expected = _as_mkdocs_renders(
            "page.html", LINKS, "scope/free/", items=items, title=title, targets=TARGETS, counted=lambda i: ""
        )
        assert got == expected
        assert text in got
        assert made == ([False, True] if direct else [False])  # rendered again, making its links at once


def _built_pages(config_file: Path, site_dir: Path) -> dict[str, str]:
    from generator.build import build_site

    assert build_site(config_file, site_dir) == 0
    return {p.relative_to(site_dir).as_posix(): p.read_text("utf-8") for p in sorted(site_dir.rglob("*.html"))}


@pytest.mark.parametrize(
    ("site_name", "directory_urls", "shared", "item_title", "plan_name", "boxes"),
    [
        ("Fern <b>&\"path's</b> {{ x }}", True, True, "SAML <b>&amp;</b> {{ x }}", "Free", "all"),
        ("Fern & path", False, True, "SAML\x1d", "Free", "all"),
        # The link marker's character: the partials are included, and so are the boxes showing that item.
        ("Fern\x1a0\x1bpath", True, False, "SAML\x1a0\x1b", "Free", "some"),
        ("Fern path", True, True, "SAML", "Free\x1d", "none"),  # the hole mark in every box's layout
    ],
)
def test_articles_shared_frame_is_what_the_partials_include_on_each_page(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    site_name: str,
    directory_urls: bool,
    shared: bool,
    item_title: str,
    plan_name: str,
    boxes: str,
) -> None:
    import yaml

    import generator.plugin
    from generator.rendering import PageRenderer, SharedFrame, shared_frame

    config_file = sample_variant(tmp_path / "src")
    config = yaml.safe_load(config_file.read_text("utf-8"))
    config.update(site_name=site_name, use_directory_urls=directory_urls)
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    # Pages at other depths and section states: deep in a section, and outside any section.
    article = (tmp_path / "src/content/sso/enforce-mfa.md").read_text("utf-8")
    (tmp_path / "src/content/sso/deep/er").mkdir(parents=True)
    (tmp_path / "src/content/sso/deep/er/nested.md").write_text(article.replace("Enforce", "Nested"), "utf-8")
    # As deep in the same section, and in another one: the same header text, and another.
    for name in ("sso/other/side/twin.md", "data/deep/er/far.md"):
        (tmp_path / "src/content" / name).parent.mkdir(parents=True)
        (tmp_path / "src/content" / name).write_text(article.replace("Enforce", name.rsplit("/", 1)[-1]), "utf-8")
    (tmp_path / "src/content/loose.md").write_text(article.replace("Enforce", "Loose"), "utf-8")
    # In the scope pages' folder: the coverage box's links share folders with the page.
    saml = (tmp_path / "src/content/sso/set-up-saml.md").read_text("utf-8")
    for name in ("scope/guide.md", "scope/free/deep.md", "scope/deep/er/guide.md"):
        (tmp_path / "src/content" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "src/content" / name).write_text(saml.replace("Set up", name), "utf-8")
    scope = tmp_path / "src/scope"
    areas = (scope / "areas-1-setup.yaml").read_text("utf-8")
    title = "title: Configuring SAML or OIDC single sign-on"
    (scope / "areas-1-setup.yaml").write_text(areas.replace(title, f"title: {json.dumps(item_title)}"), "utf-8")
    plans = (scope / "plans.yaml").read_text("utf-8")
    (scope / "plans.yaml").write_text(plans.replace("name: Free", f"name: {json.dumps(plan_name)}"), "utf-8")
    frames: list[tuple[bool, SharedFrame]] = []  # (the article has a coverage box, its frame)

    def recorded(*args: Any) -> SharedFrame:
        frames.append((args[2]["article"].coverage is not None, shared_frame(*args)))
        return frames[-1][1]

    layouts: list[int] = []  # each coverage box layout made: its number of items
    make_layout = PageRenderer._layout

    def counted(renderer: PageRenderer, box: CoverageBoxView, page: Any) -> Any:
        layouts.append(len(box.items))
        return make_layout(renderer, box, page)

    monkeypatch.setattr(generator.plugin, "shared_frame", recorded)
    monkeypatch.setattr(PageRenderer, "_layout", counted)
    got = _built_pages(config_file, tmp_path / "shared")
    monkeypatch.setattr(generator.plugin, "shared_frame", lambda *args: SharedFrame(None, None, None, None, None))
    expected = _built_pages(config_file, tmp_path / "included")

    assert got.keys() == expected.keys()
    assert "scope/deep/er/guide/index.html" in got or "scope/deep/er/guide.html" in got
    for name, text in expected.items():
        assert got[name] == text, name
    assert len(frames) > 20  # every article
    assert all((frame.header is not None) == shared for _, frame in frames)
    assert all(frame.footer is not None and frame.head is not None and frame.scripts is not None for _, frame in frames)
    boxed = [frame.coverage is not None for has_box, frame in frames if has_box]
    assert len(boxed) > 20
    assert all(frame.coverage is None for has_box, frame in frames if not has_box)
    assert {"all": {True}, "some": {True, False}, "none": {False}}[boxes] == set(boxed)
    assert sorted(layouts) == sorted(set(layouts))  # one layout per number of items, for every box


def test_links_judged_the_same_at_depth_are_the_same_text_on_every_such_page() -> None:
    from mkdocs.utils import get_relative_url, normalize_url

    from generator.rendering import PageRenderer

    renderer = PageRenderer(None, own_theme=True)  # type: ignore[arg-type]
    pages = (*PAGE_URLS, "sso/a/b/", "sso/c/d/", "sso/", "sso/x.html", "sso/y/z.html", "scope/free/a/", "tags/x/")
    for target in (*TARGETS, "sso", "sso/", "sso/a/", "sso/index.html", "scope/", "tags/"):
        renderer._link(None, target)  # numbered as a template's links are
    texts: dict[tuple[str, str, str], set[str]] = {}
    for url in pages:
        base = get_relative_url(".", url)
        top = renderer.answers(SimpleNamespace(url=url), base).page_top  # type: ignore[arg-type]
        for number, target in enumerate(renderer._values):
            if renderer._same_at_depth(str(number), top):
                text = normalize_url(target, page=SimpleNamespace(url=url), base=base)
                texts.setdefault((base, top, target), set()).add(text)
    assert all(len(found) == 1 for found in texts.values()), texts
    # Pages do share answers (sso/a/b/ and sso/c/d/ for sso/), and a link into the folder is never judged so.
    assert texts[("../../..", "sso", "sso/")] == {"../../"}
    assert texts[("../../..", "sso", "")] == {"../../.."}
    assert not any(target == "sso/a/" and top == "sso" for _, top, target in texts)


@pytest.mark.parametrize("example", ["Setting up Okta SAML", "Setting up Okta\x1cSAML"])
def test_add_on_pages_reusing_their_plan_pages_rendered_items_are_what_rendering_every_item_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: str
) -> None:
    from markupsafe import Markup

    from generator.rendering import PageRenderer

    config_file = sample_variant(tmp_path / "src")
    # The second: the piece mark's character in a writer's text, in an area an add-on changes.
    areas = tmp_path / "src/scope/areas-1-setup.yaml"
    areas.write_text(areas.read_text("utf-8").replace("- Setting up Okta SAML", f"- {json.dumps(example)}"), "utf-8")
    cut: list[int] = []
    real_cut = PageRenderer._cut

    def counted(self: PageRenderer, macro: Any, area: Any, args: Any) -> Any:
        cut.append(len(area.items))
        return real_cut(self, macro, area, args)

    monkeypatch.setattr(PageRenderer, "_cut", counted)
    got = _built_pages(config_file, tmp_path / "pieces")
    monkeypatch.setattr(PageRenderer, "_remembered_area", lambda self, macro, area, *args: Markup(macro(area, *args)))
    monkeypatch.setattr(PageRenderer, "_piece", lambda self: Markup(""))
    expected = _built_pages(config_file, tmp_path / "whole")

    assert got.keys() == expected.keys()
    for name, text in expected.items():
        assert got[name] == text, name
    assert "\x1c" not in "".join(expected.values()) or "\x1c" in example
    # Each plan page's items are rendered once; its add-on pages render only the items they change.
    on_plan_pages = sum(text.count('<article class="item ') for name, text in got.items() if "/with/" not in name)
    on_addon_pages = sum(text.count('<article class="item ') for name, text in got.items() if "/with/" in name)
    assert on_plan_pages <= sum(cut) < on_plan_pages + on_addon_pages // 10


@pytest.mark.parametrize(
    ("caption", "laid_out"),
    [
        ("", True),
        ("<caption>{{ box.items[0].title }}</caption>", False),  # an item read outside its macro
        ("{{ box.items[0] }}", False),  # an item shown
    ],
)
def test_a_coverage_box_is_laid_out_once_only_when_its_items_are_read_by_remembered_macros(
    caption: str, laid_out: bool
) -> None:
    from jinja2 import DictLoader, Environment

    from generator.rendering import PageRenderer, remembered_at_once

    box_template = (
        "{%- macro cell(item, st) %}<td>{{ item.title }}: <a href='{{ st.href|url }}'>{{ st.label }}</a></td>{% endmacro %}"
        "<table>" + caption + "{% for help in box.help %}{% set i = loop.index0 %}"
        "<tr><th><a href='{{ help.href|url }}'>{{ help.name }}</a></th>"
        "{% for item in box.items %}{{ cell|remembered(item, item.statuses[i]) }}{% endfor %}</tr>{% endfor %}</table>"
    )
    templates = {"scopebook/coverage.html": box_template, "scopebook/status.html": ""}
    renderer = PageRenderer(None, own_theme=True)  # type: ignore[arg-type]
    renderer.use_theme(Environment(loader=DictLoader(templates), autoescape=True), lambda template: True)
    plans = tuple(SimpleNamespace(name=f"<{name}>", href=f"scope/{name}/") for name in ("free", "pro"))

    def item(title: str) -> SimpleNamespace:
        statuses = tuple(SimpleNamespace(label=f"{title} on {p.name}", href=f"{p.href}#{title}") for p in plans)
        return SimpleNamespace(title=title, statuses=statuses)

    a, b, c = item("a"), item("b&"), item("c")
    # What MkDocs' own environment shows, its url filter making each link relative at once.
    env = Environment(loader=DictLoader(templates), autoescape=True)
    env.filters.update(url=url_filter, remembered=remembered_at_once)
    shown_on = {}
    for url, items in [("sso/x/", (a, b)), ("data/y/", (b, c)), ("scope/free/z/", (a, c)), ("sso/x/", (c,))]:
        page = SimpleNamespace(url=url)
        base_url = get_relative_url(".", url)
        box = CoverageBoxView(plans=(), items=items, help=plans)  # type: ignore[arg-type]
        shown = renderer.coverage_box(box, page, renderer.answers(page, base_url))  # type: ignore[arg-type]
        included = env.get_template("scopebook/coverage.html").render(box=box, page=page, base_url=base_url)
        assert shown == (included if laid_out else None)
        shown_on[url, len(items)] = included
    assert "href='../../scope/free/#b&amp;'>b&amp; on &lt;free&gt;" in shown_on["sso/x/", 2]
    assert "href='../#a'>a on &lt;free&gt;" in shown_on["scope/free/z/", 2]


@pass_context
def url_filter(context: Any, value: str) -> str:
    """MkDocs' `url` template filter."""
    return normalize_url(str(value), page=context["page"], base=context["base_url"])


def test_a_writers_stylesheet_in_docs_dir_is_used_instead_of_the_plugins(tmp_path: Path) -> None:
    # MkDocs' convention: a file in docs_dir overrides the theme's file of the same name.
    shutil.copytree(FIXTURES / "writer-stylesheet", tmp_path / "src")
    result = build_site_dir(tmp_path / "src" / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr + result.stdout
    css = "assets/scopebook/scope.css"
    assert (tmp_path / "site" / css).read_bytes() == (tmp_path / "src" / "content" / css).read_bytes()
    said = [line for line in result.stderr.splitlines() if "scope.css" in line]
    assert said == [
        "INFO    -  generator: content/assets/scopebook/scope.css is the site's own: "
        "scopebook's stylesheet for its pages under this theme is not used"
    ]
    page = parse_html((tmp_path / "site" / "scope" / "index.html").read_text("utf-8"))
    assert [link for link in page.find_all("link") if link.attrs.get("href", "").endswith(css)]
