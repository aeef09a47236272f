"""Every URL the site generates, in one place.

Pages, search data, the sitemap and the theme's JavaScript all take their URLs from a
`Routes`, so the plugin options that move things (`scope_path`) or leave pages out
(`plans`) are honoured everywhere at once. URLs are site-relative and never start with a
slash ("scope/premium/#sso-configuration"); templates pass them through MkDocs' `url`
filter, which makes them relative to the page being rendered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

# Files the build writes besides pages.
CONTRACT_JSON = "scope.json"
SCOPE_SCHEMA = "schema/scope.schema.json"
SEARCH_DIR = "search"
SEARCH_INDEX = f"{SEARCH_DIR}/index.json"  # the prebuilt lunr index's vocabulary and shard layout
SEARCH_DOCS = f"{SEARCH_DIR}/docs.json"  # each result's kind and page; plans and channels
SEARCH_TERMS = f"{SEARCH_DIR}/terms"  # the index's postings, one file per range of terms
SEARCH_RESULTS = f"{SEARCH_DIR}/docs"  # what results show, one file per run of pages
LUNR_JS = f"{SEARCH_DIR}/lunr.js"
# The search files (relative to SEARCH_DIR) a reader's browser fetches before a first result.
SEARCH_FIRST_QUERY = f"{SEARCH_DIR}/first-query.txt"
# With `search: {engine: pagefind}`: Pagefind's bundle, and the plans and channels the UI shows.
PAGEFIND_DIR = f"{SEARCH_DIR}/pagefind"
PAGEFIND_JS = f"{PAGEFIND_DIR}/pagefind.js"
SEARCH_SITE = f"{SEARCH_DIR}/site.json"


def slug(text: str) -> str:
    """A lowercase id for text such as a tag: letters, digits and hyphens."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned or "tag"


# The names MkDocs builds a page from (mkdocs.utils.markdown_extensions): Jekyll and GitBook
# exports name articles `*.markdown`.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def is_markdown(name: str) -> bool:
    """Whether MkDocs makes a page of the file `name`."""
    return name.endswith(MARKDOWN_SUFFIXES)


def _stem(src_uri: str) -> str:
    """src_uri without its Markdown suffix."""
    return src_uri.rpartition(".")[0] if is_markdown(src_uri) else src_uri


def is_folder_page(src_uri: str) -> bool:
    """Whether MkDocs gives src_uri its folder's own URL: index.md, or README.md (left out
    of the site by MkDocs when an index.md is beside it), with any Markdown suffix."""
    return is_markdown(src_uri) and _stem(src_uri).rpartition("/")[2] in ("index", "README")


@lru_cache(maxsize=4096)  # asked for the same few generated pages thousands of times a build
def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown source path ("a/b.md" -> "a/b/"; "index.md" and "README.md" -> "")."""
    stem = _stem(src_uri)
    if is_folder_page(src_uri):
        stem = stem.rpartition("/")[0] + "/index" if "/" in stem else "index"
    if not directory_urls:
        return "" if stem == "index" else stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin adds: its source path, title and what it shows."""

    uri: str  # the virtual Markdown source, e.g. "scope/premium/index.md"
    title: str
    kind: str  # overview, plan, compare, changes, search, tags
    plan: str | None = None
    addon: str | None = None  # a plan page showing the plan with this add-on bought

    def source(self, template: str | None = None) -> str:
        """The page's Markdown source: front matter with its title, kind and template if any."""
        # JSON strings are valid YAML scalars, so any title is quoted safely.
        lines = [f"title: {json.dumps(self.title)}", f"scopebook: {self.kind}"]
        if template:
            lines.insert(0, f"template: {template}")
        if self.addon:
            # A plan with an add-on repeats its plan page: a host theme's search (Material
            # reads `search.exclude`) lists the plan page instead.
            lines.append("search:\n  exclude: true")
        return "---\n" + "\n".join(lines) + "\n---\n"


@dataclass(frozen=True)
class Routes:
    """The site's URL table for one build: where scope pages live and which plans get one."""

    scope_path: str = "scope"
    plans: tuple[str, ...] = ()  # plan ids that get a page, in contract order
    directory_urls: bool = True
    has_performance: bool = False  # the attainment option is set: a service performance page
    # (add-on id, plan ids it is sold on), in contract order: each plan with a page gets a
    # page per add-on it sells, showing the plan with the add-on bought.
    addons: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def for_site(
        cls,
        scope_path: str,
        plan_ids: Iterable[str],
        directory_urls: bool = True,
        performance: bool = False,
        addons: Iterable[tuple[str, Iterable[str]]] = (),
    ) -> Routes:
        sold = tuple((addon, tuple(plans)) for addon, plans in addons)
        return cls(scope_path.strip("/") or "scope", tuple(plan_ids), directory_urls, performance, sold)

    # Pages -------------------------------------------------------------------------------

    def _page(self, directory: str, anchor: str = "") -> str:
        """The URL of the generated page whose source is `directory/index.md`."""
        url = self._page_urls.get(directory)
        if url is None:
            url = self._page_urls[directory] = page_url(
                f"{directory}/index.md" if directory else "index.md", self.directory_urls
            )
        return f"{url}#{anchor}" if anchor else url

    @cached_property
    def _page_urls(self) -> dict[str, str]:
        """Each generated page's URL by its folder, once worked out: views ask for a few pages thousands of times."""
        return {}

    def overview(self, anchor: str = "") -> str:
        return self._page(self.scope_path, anchor)

    def plan(self, plan_id: str, anchor: str = "") -> str:
        return self._page(f"{self.scope_path}/{plan_id}", anchor)

    def plan_with(self, plan_id: str, addon_id: str, anchor: str = "") -> str:
        """The plan with one add-on bought: "scope/standard/with/sso-onboarding/"."""
        return self._page(f"{self.scope_path}/{plan_id}/with/{addon_id}", anchor)

    def has_plan_with(self, plan_id: str, addon_id: str) -> bool:
        return (plan_id, addon_id) in self._combined

    @cached_property
    def _combined(self) -> frozenset[tuple[str, str]]:  # asked for thousands of times a build
        return frozenset(self.combinations())

    def combinations(self) -> tuple[tuple[str, str], ...]:
        """(plan id, add-on id) for every plan with a page and add-on sold on it, plans first."""
        return tuple((plan, addon) for plan in self.plans for addon, sold_on in self.addons if plan in sold_on)

    def compare(self, anchor: str = "") -> str:
        return self._page(f"{self.scope_path}/compare", anchor)

    def changes(self, anchor: str = "") -> str:
        return self._page(f"{self.scope_path}/changes", anchor)

    def performance(self, anchor: str = "") -> str | None:
        """The service performance page; None when the site does not publish one."""
        return self._page(f"{self.scope_path}/performance", anchor) if self.has_performance else None

    def tags(self, anchor: str = "") -> str:
        return self._page("tags", anchor)

    def search(self) -> str:
        return self._page(SEARCH_DIR)

    def has_plan_page(self, plan_id: str) -> bool:
        return plan_id in self.plans

    # Anchors -----------------------------------------------------------------------------

    @staticmethod
    def addon_anchor(addon_id: str) -> str:
        return f"addon-{addon_id}"

    @staticmethod
    def area_anchor(area_id: str) -> str:
        return f"area-{area_id}"

    @staticmethod
    def tag_anchor(tag: str) -> str:
        return f"tag-{slug(tag)}"

    @staticmethod
    def change_anchor(version: str) -> str:
        return "v" + slug(version)

    def service_level(self, plan_id: str) -> str:
        """A plan's hours, channels and response targets, at the top of its page."""
        return self.plan(plan_id, "service_level")

    def severities(self) -> str:
        """The severity definitions on the overview page."""
        return self.overview("severities_heading")

    def item(self, plan_id: str, item_id: str) -> str:
        """An item on one plan's page: the link sales send."""
        return self.plan(plan_id, item_id)

    def compare_row(self, item_id: str) -> str:
        """An item's row on the compare page: every plan at once."""
        return self.compare(item_id)

    def addon(self, addon_id: str) -> str:
        return self.overview(self.addon_anchor(addon_id))

    def area(self, area_id: str) -> str:
        return self.overview(self.area_anchor(area_id))

    def tag(self, tag: str) -> str:
        return self.tags(self.tag_anchor(tag))

    # Files -------------------------------------------------------------------------------

    @staticmethod
    def contract_json() -> str:
        return CONTRACT_JSON

    @staticmethod
    def scope_schema() -> str:
        return SCOPE_SCHEMA

    @staticmethod
    def search_index() -> str:
        return SEARCH_INDEX

    @staticmethod
    def search_docs() -> str:
        return SEARCH_DOCS

    @staticmethod
    def search_terms() -> str:
        """The folder of term shards ("search/terms"); shard n is `{folder}/{n}.json`."""
        return SEARCH_TERMS

    @staticmethod
    def search_results() -> str:
        """The folder of result chunks ("search/docs"); chunk n is `{folder}/{n}.json`."""
        return SEARCH_RESULTS

    @staticmethod
    def lunr_js() -> str:
        return LUNR_JS

    @staticmethod
    def search_first_query() -> str:
        return SEARCH_FIRST_QUERY

    @staticmethod
    def pagefind_dir() -> str:
        return PAGEFIND_DIR

    @staticmethod
    def pagefind_js() -> str:
        return PAGEFIND_JS

    @staticmethod
    def search_site() -> str:
        return SEARCH_SITE

    # Generated pages ---------------------------------------------------------------------

    def generated_pages(
        self, contract_title: str, plan_names: Mapping[str, str], addon_names: Mapping[str, str] | None = None
    ) -> tuple[GeneratedPage, ...]:
        """Every page the plugin adds, overview first, then plans in contract order, then plans with add-ons."""
        scope = self.scope_path
        pages = [
            GeneratedPage(f"{scope}/index.md", contract_title, "overview"),
            GeneratedPage(f"{scope}/compare/index.md", "Compare plans", "compare"),
            GeneratedPage(f"{scope}/changes/index.md", "Changes to the support scope", "changes"),
            GeneratedPage(f"{SEARCH_DIR}/index.md", "Search", "search"),
            GeneratedPage("tags/index.md", "Tags", "tags"),
        ]
        if self.has_performance:
            pages.append(GeneratedPage(f"{scope}/performance/index.md", "Service performance", "performance"))
        for plan_id in self.plans:
            pages.append(
                GeneratedPage(
                    f"{scope}/{plan_id}/index.md", f"What the {plan_names[plan_id]} plan includes", "plan", plan_id
                )
            )
        names = addon_names or {}
        for plan_id, addon_id in self.combinations():
            title = f"The {plan_names[plan_id]} plan with {names.get(addon_id, addon_id)}"
            pages.append(GeneratedPage(f"{scope}/{plan_id}/with/{addon_id}/index.md", title, "plan", plan_id, addon_id))
        return tuple(pages)
