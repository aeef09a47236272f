"""Ids and files that would collide with what the build generates, reported where they are written.

A plan id `compare` would give the plan the compare page's URL; an item id `main` would
give its row the id of the theme's main element (so `#main` links and the skip link jump
to the wrong place); `content/tags.md` or `content/scope.json` would be replaced by a
generated page or file without a word. The route table (`routes.Routes`) says what the
build generates, and the theme's templates and scripts say which element ids they use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from .contract import ScopeReport
from .errors import Problem
from .load import display_path
from .routes import Routes, is_markdown, page_url
from .source_files import Listing

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# Element ids a template or script writes literally, and the prefixes of those it numbers.
_LITERAL_ID = re.compile(r"""\bid=["']([A-Za-z][\w-]*)["']|\.id\s*=\s*["']([A-Za-z][\w-]*)["']""")
_NUMBERED_ID = re.compile(r"""["']([A-Za-z][\w-]*-)["']\s*\+""")  # "sb-option-" + i
GENERATED_FILES = ("sitemap.xml", "sitemap.xml.gz")


@cache
def theme_element_ids() -> tuple[frozenset[str], tuple[str, ...]]:
    """(ids the theme and the scope page templates use, prefixes of the ids scripts number)."""
    ids: set[str] = set()
    prefixes: set[str] = set()
    for folder in (THEME_DIR, TEMPLATES_DIR):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".html", ".js"):
                continue
            text = path.read_text("utf-8")
            ids.update(a or b for a, b in _LITERAL_ID.findall(text))
            if path.suffix == ".js":
                prefixes.update(_NUMBERED_ID.findall(text))
    return frozenset(ids), tuple(sorted(prefixes))


def id_collisions(report: ScopeReport, routes: Routes) -> Iterator[Problem]:
    """Plan ids whose page is another generated page; item ids that are theme element ids."""
    contract, origins = report.contract, report.origins
    if contract is None or origins is None:
        return
    every_plan = Routes.for_site(routes.scope_path, [], routes.directory_urls, performance=True)
    taken = {page.uri: page.title for page in every_plan.generated_pages(contract.title, {})}
    for plan in contract.plans:
        uri = f"{routes.scope_path}/{plan.id}/index.md"
        origin = origins.get("plan", plan.id)
        if uri in taken and origin is not None:
            yield origin.entry.problem(
                ("id",),
                f"plan id `{plan.id}` would give the plan the address of the generated page "
                f"`{page_url(uri, routes.directory_urls)}` ({taken[uri]})",
                "choose another plan id",
                code="route-collision",
            )
    ids, prefixes = theme_element_ids()
    for item in contract.items():
        origin = origins.get("item", item.id)
        if origin is None:
            continue
        if item.id in ids or item.id.startswith(prefixes):
            yield origin.entry.problem(
                ("id",),
                f"item id `{item.id}` is also the id of an element of every page, "
                f"so links to `#{item.id}` would not reach the item",
                f"choose another item id, for example `{item.id}-support`",
                code="route-collision",
            )


def file_collisions(
    listing: Listing, routes: Routes, plan_ids: Iterable[str], not_generated: frozenset[str] = frozenset()
) -> Iterator[Problem]:
    """Files under content/ that a generated page or file would replace (pages of the kinds
    in not_generated are left to the site's theme, so its own files are no collision)."""
    site = Routes.for_site(
        routes.scope_path, plan_ids, routes.directory_urls, performance=routes.has_performance, addons=routes.addons
    )
    generated: dict[str, str] = {}
    for page in site.generated_pages("", {plan: plan for plan in plan_ids}):
        if page.kind in not_generated:
            continue
        generated[_output(page.uri, routes.directory_urls)] = (
            f"the generated page `{page.uri.removesuffix('index.md')}`"
        )
    for name in (
        routes.contract_json(),
        routes.scope_schema(),
        routes.search_index(),
        routes.search_docs(),
        routes.lunr_js(),
        routes.search_first_query(),
        *GENERATED_FILES,
    ):
        generated[name] = f"the generated file `{name}`"
    # Folders the build fills with files of its own: anything put there would be mixed in.
    for folder in (routes.search_terms(), routes.search_results()):
        generated[folder] = f"the generated folder `{folder}/`"
    order = {name: number for number, name in enumerate(generated)}
    pages: dict[str, tuple[Path, str]] = {}  # output: the first article written there
    for path, relative in zip(listing.files, listing.names, strict=True):
        markdown = is_markdown(relative)
        output = _output(relative, routes.directory_urls) if markdown else relative
        first = pages.setdefault(output, (path, relative)) if markdown else (path, relative)
        if first[0] != path and first[1].rpartition("/")[0] != relative.rpartition("/")[0]:
            # MkDocs leaves one of two such files in one folder out, with a warning; from
            # two folders (guide.md, guide/index.md) it writes one over the other.
            yield Problem(
                display_path(path),
                1,
                1,
                f"this article and {display_path(first[0])} both become the page `{page_url(relative, routes.directory_urls) or '/'}`, "
                "so one would be lost",
                "rename one, or merge them: a folder's index.md is the page at the folder's address",
                "error",
                "route-collision",
            )
        output = _first_folder(output, order) or output
        if output in generated:
            yield Problem(
                display_path(path),
                1 if markdown else 0,
                1 if markdown else 0,
                f"this file would be replaced by {generated[output]}",
                "rename or move the file",
                "error",
                "route-collision",
            )


def _first_folder(output: str, order: dict[str, int]) -> str | None:
    """The first name in order (by its number) that output lies under (`name/...`), if any."""
    found: str | None = None
    slash = output.find("/")
    while slash != -1:
        number = order.get(output[:slash])
        if number is not None and (found is None or number < order[found]):
            found = output[:slash]
        slash = output.find("/", slash + 1)
    return found


def _output(src_uri: str, directory_urls: bool) -> str:
    """The file a Markdown source becomes in the site."""
    url = page_url(src_uri, directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url
