"""View objects for the generated pages and the articles' frames, built once per build.

The plugin makes one `HelpCenterViews` in `on_files`, when every article's URL is known;
each generated page's view is built then, and templates receive it ready-made. The
modules split the views by concern: `common` (small shared views and the context that
builds them once), `service` (plans), `scope` (overview, compare, changes), `articles`
(home, article frame, tags) and `navigation` (sections, header and footer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..articles import ArticleMeta
from ..model import Contract
from ..routes import Routes
from . import articles as article_views
from . import navigation, scope, service
from .articles import ArticleView, CoverageBoxView, HomeView, TagsView
from .common import STATUS_PHRASE, ViewContext
from .navigation import SectionView, SiteView

if TYPE_CHECKING:  # the performance page's modules load only for a site that shows it
    from ..attainment import Attainment

__all__ = ["STATUS_PHRASE", "HelpCenterViews"]


class HelpCenterViews:
    """Every view the site's templates show, each built once."""

    def __init__(
        self,
        contract: Contract,
        articles: Mapping[str, ArticleMeta],
        article_urls: Mapping[str, str],
        routes: Routes,
        *,
        section_order: Sequence[str] = (),
        featured: Sequence[str] = (),
        featured_count: int = 6,
        attainment: Attainment | None = None,
    ) -> None:
        ctx = ViewContext(contract, articles, article_urls, routes)
        services = service.service_views(ctx)
        self.sections: tuple[SectionView, ...] = navigation.sections(ctx, section_order)
        self.site: SiteView = navigation.site(ctx, self.sections)
        self.tags: TagsView = article_views.tags(ctx)
        self.home: HomeView = article_views.home(ctx, self.sections, featured, featured_count)
        self._ctx = ctx
        self._section_of = {s.dir: s for s in self.sections}  # by folder: asked for every article
        self._help = article_views.plan_help(ctx, services)
        self.pages = routes.generated_pages(
            contract.title, {p.id: p.name for p in contract.plans}, {a.id: a.name for a in contract.addons}
        )
        built: dict[str, object] = {
            "overview": scope.overview(ctx, services),
            "compare": scope.compare(ctx, services),
            "changes": scope.changes(ctx),
            "tags": self.tags,
        }
        if attainment is not None:
            from . import performance  # only a site with a ticket export shows it

            built["performance"] = performance.performance(ctx, attainment)
        self._views: dict[str, object] = {}
        for page in self.pages:
            if page.kind == "plan" and page.plan and page.addon:
                self._views[page.uri] = service.plan_with_addon(ctx, contract.plan(page.plan), page.addon)
            elif page.kind == "plan" and page.plan:
                plan = contract.plan(page.plan)
                self._views[page.uri] = service.plan_page(ctx, plan, services[plan.id])
            elif page.kind in built:
                self._views[page.uri] = built[page.kind]

    def article_url(self, src_path: str) -> str | None:
        """The site-relative URL of a built article (None for a file MkDocs leaves out)."""
        return self._ctx.urls.get(src_path)

    def page_view(self, uri: str) -> object | None:
        """The view of a generated page (None for the search page, which shows no data)."""
        return self._views.get(uri)

    def article(self, meta: ArticleMeta, toc: Sequence[tuple[str, str, int]] = (), title_id: str = "") -> ArticleView:
        section = self._section_of.get(meta.section_dir)
        return article_views.article(self._ctx, meta, section, self.tags, self._help, toc, title_id)

    def coverage(self, meta: ArticleMeta) -> CoverageBoxView | None:
        """What each plan gets for the items the article is about (None if it names none)."""
        return article_views.coverage_box(self._ctx, meta, self._help)

    def section_title(self, meta: ArticleMeta) -> str:
        section = self._section_of.get(meta.section_dir)
        return section.title if section else ""
