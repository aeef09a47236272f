"""Views around articles: the home page, an article's frame and coverage box, and tags."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..articles import ArticleMeta
from .common import AreaView, ArticleLink, ItemView, PlanRef, ViewContext, format_date
from .navigation import SectionView
from .service import ServiceLevelView


@dataclass(frozen=True)
class PlanHelp:
    plan: PlanRef
    channels: str
    target: str


@dataclass(frozen=True)
class CoverageBoxView:
    """What each plan gets for the items an article is about."""

    plans: tuple[PlanRef, ...]
    items: tuple[ItemView, ...]
    help: tuple[PlanHelp, ...]


@dataclass(frozen=True)
class TagView:
    name: str
    anchor: str
    href: str
    articles: tuple[ArticleLink, ...]


@dataclass(frozen=True)
class TagsView:
    tags: tuple[TagView, ...]

    @cached_property
    def by_name(self) -> dict[str, TagView]:
        return {t.name: t for t in self.tags}


@dataclass(frozen=True)
class ArticleView:
    """Everything around an article's body."""

    title: str
    summary: str
    section: SectionView | None
    reviewed: str
    reviewed_iso: str
    owner: str
    products: tuple[str, ...]
    tags: tuple[TagView, ...]
    coverage: CoverageBoxView | None
    children: tuple[ArticleLink, ...]  # on a section index: its articles
    toc: tuple[tuple[str, str, int], ...] = ()  # (anchor id, heading text, level)
    show_edit: bool = True
    title_id: str = ""  # the id of the opening H1 the title stands for, if it had one


@dataclass(frozen=True)
class HomeView:
    areas: tuple[AreaView, ...]
    featured: tuple[ArticleLink, ...]
    sections: tuple[SectionView, ...]
    plans: tuple[PlanRef, ...]
    overview_href: str
    compare_href: str


def tags(ctx: ViewContext) -> TagsView:
    """Every tag, A-Z, with its articles."""
    by_tag: dict[str, list[ArticleMeta]] = {}
    for meta in ctx.articles.values():
        if meta.src_path in ctx.urls:
            for tag in meta.tags:
                by_tag.setdefault(tag, []).append(meta)
    return TagsView(
        tuple(
            TagView(
                tag,
                ctx.routes.tag_anchor(tag),
                ctx.routes.tag(tag),
                tuple(ctx.article_link(m) for m in sorted(metas, key=lambda m: m.title.lower())),
            )
            for tag, metas in sorted(by_tag.items(), key=lambda kv: kv[0].lower())
        )
    )


def plan_help(ctx: ViewContext, services: Mapping[str, ServiceLevelView]) -> tuple[PlanHelp, ...]:
    """How to get help on each plan: the same rows in every coverage box."""
    return tuple(
        PlanHelp(ctx.refs[p.id], ", ".join(ch.name for ch in services[p.id].channels), services[p.id].fastest)
        for p in ctx.plans
    )


def coverage_box(ctx: ViewContext, meta: ArticleMeta, help_rows: tuple[PlanHelp, ...]) -> CoverageBoxView | None:
    if not meta.scope or "coverage" in meta.hide:
        return None
    return CoverageBoxView(ctx.plan_refs(), ctx.items_on_plan_pages(meta.scope), help_rows)


def article(
    ctx: ViewContext,
    meta: ArticleMeta,
    section: SectionView | None,
    tag_views: TagsView,
    help_rows: tuple[PlanHelp, ...],
    toc: Sequence[tuple[str, str, int]] = (),
    title_id: str = "",
) -> ArticleView:
    """The frame of one article (section: its top folder's): review date, owner, tags, coverage box, contents."""
    return ArticleView(
        title=meta.title,
        summary=meta.summary,
        section=section,
        reviewed="" if "reviewed" in meta.hide else format_date(meta.last_reviewed),
        reviewed_iso=meta.last_reviewed or "",
        owner=meta.owner or "",
        products=meta.products,
        tags=tuple(tag_views.by_name[t] for t in meta.tags if t in tag_views.by_name),
        coverage=coverage_box(ctx, meta, help_rows),
        children=section.articles if section and meta.is_section_index else (),
        toc=tuple(toc) if "toc" not in meta.hide else (),
        show_edit="edit" not in meta.hide,
        title_id=title_id,
    )


def home(
    ctx: ViewContext, section_views: tuple[SectionView, ...], featured: Sequence[str] = (), count: int = 6
) -> HomeView:
    """The home page: plans, featured or recently reviewed articles, topics, every section."""
    chosen = [ctx.articles[p] for p in featured if p in ctx.articles and p in ctx.urls]
    if not chosen:
        candidates = [
            m
            for m in ctx.articles.values()
            if m.last_reviewed and m.src_path in ctx.urls and not m.is_section_index and m.section_dir
        ]
        candidates.sort(key=lambda m: (m.last_reviewed or "", m.title), reverse=True)
        chosen = candidates[:count]
    return HomeView(
        areas=ctx.areas(()),
        featured=tuple(ctx.article_link(m) for m in chosen),
        sections=section_views,
        plans=ctx.plan_refs(),
        overview_href=ctx.routes.overview(),
        compare_href=ctx.routes.compare(),
    )
