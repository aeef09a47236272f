"""Navigation: the sections of the help center and the site-wide header and footer data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..articles import ArticleMeta
from .common import ArticleLink, ContractHeader, PlanRef, ViewContext


@dataclass(frozen=True)
class SectionView:
    dir: str
    title: str
    href: str
    page: str  # the folder's own page (`dir/index.md` or `dir/README.md`), "" without one
    summary: str
    articles: tuple[ArticleLink, ...]


@dataclass(frozen=True)
class SiteView:
    """Site-wide data for the header, footer and plan picker on every page."""

    plans: tuple[PlanRef, ...]
    sections: tuple[SectionView, ...]
    overview_href: str
    compare_href: str
    changes_href: str
    tags_href: str
    search_href: str
    json_href: str
    contract: ContractHeader
    # Where the search engine script fetches its files, site-relative.
    search_index: str
    search_docs: str
    lunr_js: str
    # With search.engine pagefind: Pagefind's script and the plans and channels the UI shows.
    pagefind_js: str
    search_site: str


def sections(ctx: ViewContext, order: Sequence[str]) -> tuple[SectionView, ...]:
    """One section per top folder of the articles: `order` first, then the others A-Z."""
    by_dir: dict[str, list[ArticleMeta]] = {}
    for meta in ctx.articles.values():
        if meta.section_dir and meta.src_path in ctx.urls:
            by_dir.setdefault(meta.section_dir, []).append(meta)
    rank = {name: index for index, name in enumerate(order)}
    views = []
    for directory in sorted(by_dir, key=lambda d: (rank.get(d, len(rank)), d)):
        index = next((m for m in by_dir[directory] if m.is_section_index), None)
        members = sorted((m for m in by_dir[directory] if not m.is_section_index), key=lambda m: m.title.lower())
        views.append(
            SectionView(
                dir=directory,
                title=index.title if index else directory.replace("-", " ").capitalize(),
                href=ctx.urls[index.src_path] if index else ctx.urls.get(members[0].src_path, "") if members else "",
                page=index.src_path if index else "",
                summary=index.summary if index else "",
                articles=tuple(ctx.article_link(m) for m in members),
            )
        )
    return tuple(views)


def site(ctx: ViewContext, section_views: tuple[SectionView, ...]) -> SiteView:
    routes = ctx.routes
    return SiteView(
        plans=ctx.plan_refs(),
        sections=section_views,
        overview_href=routes.overview(),
        compare_href=routes.compare(),
        changes_href=routes.changes(),
        tags_href=routes.tags(),
        search_href=routes.search(),
        json_href=routes.contract_json(),
        contract=ctx.header,
        search_index=routes.search_index(),
        search_docs=routes.search_docs(),
        lunr_js=routes.lunr_js(),
        pagefind_js=routes.pagefind_js(),
        search_site=routes.search_site(),
    )
