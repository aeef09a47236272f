"""View objects for the generated pages: everything a template shows, computed here.

Templates in theme/ only loop and print. Every Markdown field is rendered by the safe
renderer into `Markup`; every other string is plain text that Jinja escapes. Links are
site-relative (`scope/premium/#sso-configuration`) or absolute external URLs; templates
pass them through MkDocs' `url` filter, which makes the site-relative ones relative to the
page being rendered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from .articles import ArticleMeta
from .markdown_safe import render_inline, render_markdown, safe_url
from .model import STATUS_LABEL, Contract, Plan, ScopeItem, ServiceLevel
from .wording import level_hours_summary, target_words

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# On a plan page the reader asks "do I get this?", so the add-on status says how.
STATUS_PHRASE = {
    "included": "Included",
    "limited": "Limited",
    "addon": "Available as add-on",
    "excluded": "Not included",
}
# A mark that carries the meaning without colour, for badges and the print stylesheet.
STATUS_ICON = {"included": "✓", "limited": "◐", "addon": "+", "excluded": "✕"}


def format_date(iso: str | None) -> str:
    """`2026-09-14` as `14 September 2026`; the text unchanged if it is not a date."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def slug(text: str) -> str:
    """A lowercase id for text such as a tag: letters, digits and hyphens."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned or "tag"


# --- Small shared views ------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    external: bool = False


@dataclass(frozen=True)
class ArticleLink:
    title: str
    href: str
    summary: str = ""
    reviewed: str = ""


@dataclass(frozen=True)
class PlanRef:
    id: str
    name: str
    href: str  # the plan's scope page
    summary: Markup
    pricing_url: str | None = None


@dataclass(frozen=True)
class AddonView:
    id: str
    anchor: str
    href: str  # the add-on's entry on the overview page
    name: str
    description: Markup
    price: str | None
    url: str | None
    plans: tuple[PlanRef, ...]


@dataclass(frozen=True)
class StatusView:
    """What one plan gets for one item."""

    plan: PlanRef
    status: str
    label: str  # short: for table cells
    phrase: str  # long: for the plan page
    icon: str
    limit: str | None
    addon: AddonView | None
    note: Markup
    href: str  # the item on this plan's page


@dataclass(frozen=True)
class AlternativeView:
    label: str
    href: str
    external: bool


@dataclass(frozen=True)
class ItemView:
    id: str
    area_id: str
    title: str
    description: Markup
    examples: tuple[str, ...]
    statuses: tuple[StatusView, ...]
    alternative: AlternativeView | None
    reason: Markup
    articles: tuple[ArticleLink, ...]
    compare_href: str

    @property
    def status(self) -> StatusView:
        """The only status, on pages about one plan."""
        return self.statuses[0]


@dataclass(frozen=True)
class AreaView:
    id: str
    anchor: str
    href: str  # the area on the overview page
    name: str
    summary: Markup
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class ChannelView:
    id: str
    name: str
    description: Markup
    url: str | None


@dataclass(frozen=True)
class TargetRow:
    severity_id: str
    severity: str
    response: str
    update: str
    offered: bool


@dataclass(frozen=True)
class ServiceLevelView:
    hours_name: str
    hours_summary: str
    holidays: str
    channels: tuple[ChannelView, ...]
    languages: str
    contacts: str
    targets: tuple[TargetRow, ...]
    fastest: str  # e.g. "Severity 1 (critical): 30 minutes"


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


# --- Page views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanCardView:
    plan: PlanRef
    service: ServiceLevelView
    counts: tuple[StatusCount, ...]


@dataclass(frozen=True)
class SeverityView:
    id: str
    name: str
    definition: Markup
    examples: tuple[str, ...]


@dataclass(frozen=True)
class ResponsibilityView:
    id: str
    title: str
    description: Markup


@dataclass(frozen=True)
class LifecycleRow:
    product: str
    version: str
    released: str
    end_of_support: str
    ended: bool


@dataclass(frozen=True)
class ContractHeader:
    title: str
    version: str
    effective: str  # in words
    effective_iso: str
    owner: str


@dataclass(frozen=True)
class OverviewView:
    kind = "overview"
    contract: ContractHeader
    summary: Markup
    quality: Markup
    plans: tuple[PlanCardView, ...]
    severities: tuple[SeverityView, ...]
    areas: tuple[AreaView, ...]
    global_exclusions: tuple[ItemView, ...]
    responsibilities: tuple[ResponsibilityView, ...]
    lifecycle: tuple[LifecycleRow, ...]
    addons: tuple[AddonView, ...]
    compare_href: str
    changes_href: str
    json_href: str
    schema_href: str


@dataclass(frozen=True)
class PlanPageView:
    kind = "plan"
    contract: ContractHeader
    plan: PlanRef
    service: ServiceLevelView
    counts: tuple[StatusCount, ...]
    areas: tuple[AreaView, ...]
    addons: tuple[AddonView, ...]
    other_plans: tuple[PlanRef, ...]
    overview_href: str
    compare_href: str


@dataclass(frozen=True)
class CompareRow:
    label: str
    cells: tuple[tuple[str, str], ...]  # (plan id, text)


@dataclass(frozen=True)
class CompareView:
    kind = "compare"
    contract: ContractHeader
    plans: tuple[PlanRef, ...]
    service_rows: tuple[CompareRow, ...]
    areas: tuple[AreaView, ...]
    overview_href: str


@dataclass(frozen=True)
class ChangeView:
    anchor: str
    version: str
    effective: str
    effective_iso: str
    summary: Markup
    current: bool


@dataclass(frozen=True)
class ChangesView:
    kind = "changes"
    contract: ContractHeader
    changes: tuple[ChangeView, ...]
    overview_href: str


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


@dataclass(frozen=True)
class SectionView:
    dir: str
    title: str
    href: str
    summary: str
    articles: tuple[ArticleLink, ...]


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


@dataclass(frozen=True)
class HomeView:
    areas: tuple[AreaView, ...]
    featured: tuple[ArticleLink, ...]
    sections: tuple[SectionView, ...]
    plans: tuple[PlanRef, ...]
    overview_href: str
    compare_href: str


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
    contract: ContractHeader


@dataclass(frozen=True)
class VirtualPage:
    """A page the plugin adds: where it goes, which template shows it, its title."""

    uri: str
    template: str
    title: str
    kind: str
    plan: str | None = None

    def source(self) -> str:
        # JSON strings are valid YAML scalars, so any title is quoted safely.
        return f"---\ntemplate: {self.template}\ntitle: {json.dumps(self.title)}\n---\n"


# --- Building --------------------------------------------------------------------------------


class ScopePages:
    """Builds every view from the resolved contract and the articles' front matter."""

    def __init__(
        self,
        contract: Contract,
        articles: Mapping[str, ArticleMeta],
        article_urls: Mapping[str, str],
        scope_path: str = "scope",
        plans: Sequence[str] = (),
        section_order: Sequence[str] = (),
    ) -> None:
        self.contract = contract
        self.articles = articles
        self.urls = article_urls
        self.scope_path = scope_path.strip("/")
        wanted = set(plans)
        self.plans = tuple(p for p in contract.plans if not wanted or p.id in wanted)
        self.section_order = tuple(section_order)
        self._refs = {p.id: self._plan_ref(p) for p in contract.plans}
        self._addons = {a.id: self._addon(a.id) for a in contract.addons}
        self._related = self._related_articles()
        self._sections: tuple[SectionView, ...] | None = None
        self._tags: TagsView | None = None

    # URLs ------------------------------------------------------------------------------------

    def scope_url(self, rest: str = "") -> str:
        return f"{self.scope_path}/{rest}"

    def plan_url(self, plan_id: str, anchor: str = "") -> str:
        return self.scope_url(f"{plan_id}/") + (f"#{anchor}" if anchor else "")

    def virtual_pages(self) -> tuple[VirtualPage, ...]:
        title = self.contract.title
        pages = [
            VirtualPage(f"{self.scope_path}/index.md", "scope-overview.html", title, "overview"),
            VirtualPage(f"{self.scope_path}/compare/index.md", "scope-compare.html", "Compare plans", "compare"),
            VirtualPage(
                f"{self.scope_path}/changes/index.md", "scope-changes.html", "Changes to the support scope", "changes"
            ),
            VirtualPage("search/index.md", "search.html", "Search", "search"),
            VirtualPage("tags/index.md", "tags.html", "Tags", "tags"),
        ]
        for plan in self.plans:
            pages.append(
                VirtualPage(
                    f"{self.scope_path}/{plan.id}/index.md",
                    "scope-plan.html",
                    f"What the {plan.name} plan includes",
                    "plan",
                    plan.id,
                )
            )
        return tuple(pages)

    # Pieces ----------------------------------------------------------------------------------

    def _plan_ref(self, plan: Plan) -> PlanRef:
        return PlanRef(plan.id, plan.name, self.plan_url(plan.id), render_inline(plan.summary), safe_url(plan.url))

    def _addon(self, addon_id: str) -> AddonView:
        addon = self.contract.addon(addon_id)
        return AddonView(
            id=addon.id,
            anchor=f"addon-{addon.id}",
            href=self.scope_url(f"#addon-{addon.id}"),
            name=addon.name,
            description=render_markdown(addon.description),
            price=addon.price,
            url=safe_url(addon.url),
            plans=tuple(self._refs[p] for p in addon.plans if p in self._refs),
        )

    def header(self) -> ContractHeader:
        c = self.contract
        return ContractHeader(c.title, c.version, format_date(c.effective), c.effective, c.owner)

    def _article_link(self, meta: ArticleMeta) -> ArticleLink:
        return ArticleLink(meta.title, self.urls.get(meta.src_path, ""), meta.summary, format_date(meta.last_reviewed))

    def _related_articles(self) -> dict[str, tuple[ArticleLink, ...]]:
        related: dict[str, list[ArticleLink]] = {}
        for meta in self.articles.values():
            if meta.src_path not in self.urls:
                continue
            for item_id in meta.scope:
                related.setdefault(item_id, []).append(self._article_link(meta))
        return {k: tuple(sorted(v, key=lambda a: (a.title.lower(), a.href))) for k, v in related.items()}

    def _status(self, item: ScopeItem, plan: Plan) -> StatusView:
        cov = item.coverage_for(plan.id)
        return StatusView(
            plan=self._refs[plan.id],
            status=cov.status,
            label=STATUS_LABEL[cov.status],
            phrase=STATUS_PHRASE[cov.status],
            icon=STATUS_ICON[cov.status],
            limit=cov.limit,
            addon=self._addons.get(cov.addon) if cov.addon else None,
            note=render_inline(cov.note),
            href=self.plan_url(plan.id, item.id),
        )

    def _alternative(self, item: ScopeItem) -> AlternativeView | None:
        alt = item.alternative
        if alt is None:
            return None
        if alt.kind == "article":
            href = self.urls.get(alt.target)
            return AlternativeView(alt.label, href, False) if href is not None else None
        if alt.kind == "addon":
            return AlternativeView(alt.label, self.scope_url(f"#addon-{alt.target}"), False)
        url = safe_url(alt.target)
        return AlternativeView(alt.label, url, True) if url else None

    def item_view(self, item: ScopeItem, plans: Iterable[Plan]) -> ItemView:
        return ItemView(
            id=item.id,
            area_id=item.area,
            title=item.title,
            description=render_markdown(item.description),
            examples=item.examples,
            statuses=tuple(self._status(item, plan) for plan in plans),
            alternative=self._alternative(item),
            reason=render_inline(item.reason),
            articles=self._related.get(item.id, ()),
            compare_href=self.scope_url(f"compare/#{item.id}"),
        )

    def _areas(self, plans: Sequence[Plan]) -> tuple[AreaView, ...]:
        return tuple(
            AreaView(
                id=area.id,
                anchor=f"area-{area.id}",
                href=self.scope_url(f"#area-{area.id}"),
                name=area.name,
                summary=render_inline(area.summary),
                items=tuple(self.item_view(item, plans) for item in area.items),
            )
            for area in self.contract.areas
        )

    def _counts(self, plan: Plan) -> tuple[StatusCount, ...]:
        statuses = [item.coverage_for(plan.id).status for item in self.contract.items()]
        return tuple(
            StatusCount(status, STATUS_PHRASE[status], statuses.count(status))
            for status in ("included", "limited", "addon", "excluded")
        )

    def service_view(self, level: ServiceLevel) -> ServiceLevelView:
        hours = self.contract.hours_of(level.hours) if level.hours else None
        updates = {t.severity: t for t in level.update_interval}
        rows = []
        for severity in self.contract.severities:
            response = level.target(severity.id)
            offered = response is not None and response.committed
            update = updates.get(severity.id)
            rows.append(
                TargetRow(
                    severity_id=severity.id,
                    severity=severity.name,
                    response=target_words(self.contract, level, response),
                    update=target_words(self.contract, level, update) if update else ("No set interval" if offered else "—"),
                    offered=offered,
                )
            )
        fastest = next((r for r in rows if r.offered), None)
        return ServiceLevelView(
            hours_name=hours.name if hours else "Support hours",
            hours_summary=level_hours_summary(self.contract, level),
            holidays=(hours.holidays if hours else None) or "",
            channels=tuple(self._channel(c) for c in level.channels),
            languages=", ".join(level.languages) or "Not specified",
            contacts=_contacts(level.contacts),
            targets=tuple(rows),
            fastest=f"{fastest.severity}: first reply within {fastest.response}" if fastest else "No response targets",
        )

    def _channel(self, channel_id: str) -> ChannelView:
        channel = self.contract.channel(channel_id)
        return ChannelView(channel.id, channel.name, render_inline(channel.description), safe_url(channel.url))

    # Pages -----------------------------------------------------------------------------------

    def overview(self) -> OverviewView:
        c = self.contract
        everywhere_excluded = tuple(
            self.item_view(item, ()) for item in c.items() if all(cov.status == "excluded" for cov in item.coverage)
        )
        lifecycle = tuple(
            LifecycleRow(
                e.product,
                e.version,
                format_date(e.released),
                format_date(e.end_of_support),
                e.end_of_support < c.effective,
            )
            for e in sorted(c.lifecycle, key=lambda e: (e.product, e.released))
        )
        return OverviewView(
            contract=self.header(),
            summary=render_markdown(c.summary),
            quality=render_markdown(c.quality),
            plans=tuple(
                PlanCardView(self._refs[p.id], self.service_view(c.service_level(p.id)), self._counts(p))
                for p in self.plans
            ),
            severities=tuple(
                SeverityView(s.id, s.name, render_markdown(s.definition), s.examples) for s in c.severities
            ),
            areas=self._areas(()),
            global_exclusions=everywhere_excluded,
            responsibilities=tuple(
                ResponsibilityView(r.id, r.title, render_markdown(r.description)) for r in c.responsibilities
            ),
            lifecycle=lifecycle,
            addons=tuple(self._addons[a.id] for a in c.addons),
            compare_href=self.scope_url("compare/"),
            changes_href=self.scope_url("changes/"),
            json_href="scope.json",
            schema_href="schema/scope.schema.json",
        )

    def plan_page(self, plan_id: str) -> PlanPageView:
        plan = self.contract.plan(plan_id)
        return PlanPageView(
            contract=self.header(),
            plan=self._refs[plan.id],
            service=self.service_view(self.contract.service_level(plan.id)),
            counts=self._counts(plan),
            areas=self._areas((plan,)),
            addons=tuple(self._addons[a.id] for a in self.contract.addons if plan.id in a.plans),
            other_plans=tuple(self._refs[p.id] for p in self.plans if p.id != plan.id),
            overview_href=self.scope_url(),
            compare_href=self.scope_url("compare/"),
        )

    def compare(self) -> CompareView:
        levels = {p.id: self.service_view(self.contract.service_level(p.id)) for p in self.plans}
        rows = [
            CompareRow("Support hours", tuple((p, v.hours_summary) for p, v in levels.items())),
            CompareRow("Channels", tuple((p, ", ".join(ch.name for ch in v.channels)) for p, v in levels.items())),
            CompareRow("Languages", tuple((p, v.languages) for p, v in levels.items())),
            CompareRow("Named contacts", tuple((p, v.contacts) for p, v in levels.items())),
        ]
        for index, severity in enumerate(self.contract.severities):
            rows.append(
                CompareRow(
                    f"First reply, {severity.name}",
                    tuple((p, v.targets[index].response) for p, v in levels.items()),
                )
            )
        return CompareView(
            contract=self.header(),
            plans=tuple(self._refs[p.id] for p in self.plans),
            service_rows=tuple(rows),
            areas=self._areas(self.plans),
            overview_href=self.scope_url(),
        )

    def changes(self) -> ChangesView:
        changes = tuple(
            ChangeView(
                anchor="v" + slug(change.version),
                version=change.version,
                effective=format_date(change.effective),
                effective_iso=change.effective,
                summary=render_markdown(change.summary),
                current=change.version == self.contract.version,
            )
            for change in self.contract.changes
        )
        return ChangesView(self.header(), changes, self.scope_url())

    def coverage_box(self, meta: ArticleMeta) -> CoverageBoxView | None:
        if not meta.scope or "coverage" in meta.hide:
            return None
        items = tuple(self.item_view(self.contract.item(i), self.plans) for i in meta.scope)
        help_rows = []
        for plan in self.plans:
            view = self.service_view(self.contract.service_level(plan.id))
            help_rows.append(PlanHelp(self._refs[plan.id], ", ".join(ch.name for ch in view.channels), view.fastest))
        return CoverageBoxView(tuple(self._refs[p.id] for p in self.plans), items, tuple(help_rows))

    def sections(self) -> tuple[SectionView, ...]:
        if self._sections is None:
            self._sections = self._build_sections()
        return self._sections

    def _build_sections(self) -> tuple[SectionView, ...]:
        by_dir: dict[str, list[ArticleMeta]] = {}
        for meta in self.articles.values():
            if meta.section_dir and meta.src_path in self.urls:
                by_dir.setdefault(meta.section_dir, []).append(meta)
        order = {name: index for index, name in enumerate(self.section_order)}
        sections = []
        for directory in sorted(by_dir, key=lambda d: (order.get(d, len(order)), d)):
            index = self.articles.get(f"{directory}/index.md")
            members = sorted((m for m in by_dir[directory] if not m.is_section_index), key=lambda m: m.title.lower())
            sections.append(
                SectionView(
                    dir=directory,
                    title=index.title if index else directory.replace("-", " ").capitalize(),
                    href=self.urls.get(
                        f"{directory}/index.md", self.urls.get(members[0].src_path, "") if members else ""
                    ),
                    summary=index.summary if index else "",
                    articles=tuple(self._article_link(m) for m in members),
                )
            )
        return tuple(sections)

    def section_title(self, meta: ArticleMeta) -> str:
        section = next((s for s in self.sections() if s.dir == meta.section_dir), None)
        return section.title if section else ""

    def tags(self) -> TagsView:
        if self._tags is None:
            self._tags = self._build_tags()
        return self._tags

    def _build_tags(self) -> TagsView:
        by_tag: dict[str, list[ArticleMeta]] = {}
        for meta in self.articles.values():
            if meta.src_path in self.urls:
                for tag in meta.tags:
                    by_tag.setdefault(tag, []).append(meta)
        return TagsView(
            tuple(
                TagView(
                    tag,
                    f"tag-{slug(tag)}",
                    f"tags/#tag-{slug(tag)}",
                    tuple(self._article_link(m) for m in sorted(metas, key=lambda m: m.title.lower())),
                )
                for tag, metas in sorted(by_tag.items(), key=lambda kv: kv[0].lower())
            )
        )

    def article(self, meta: ArticleMeta, toc: Sequence[tuple[str, str, int]] = ()) -> ArticleView:
        sections = {s.dir: s for s in self.sections()}
        section = sections.get(meta.section_dir)
        tags = {t.name: t for t in self.tags().tags}
        return ArticleView(
            title=meta.title,
            summary=meta.summary,
            section=section,
            reviewed="" if "reviewed" in meta.hide else format_date(meta.last_reviewed),
            reviewed_iso=meta.last_reviewed or "",
            owner=meta.owner or "",
            products=meta.products,
            tags=tuple(tags[t] for t in meta.tags if t in tags),
            coverage=self.coverage_box(meta),
            children=section.articles if section and meta.is_section_index else (),
            toc=tuple(toc) if "toc" not in meta.hide else (),
            show_edit="edit" not in meta.hide,
        )

    def home(self, featured: Sequence[str] = (), count: int = 6) -> HomeView:
        chosen = [self.articles[p] for p in featured if p in self.articles and p in self.urls]
        if not chosen:
            candidates = [
                m
                for m in self.articles.values()
                if m.last_reviewed and m.src_path in self.urls and not m.is_section_index and m.section_dir
            ]
            candidates.sort(key=lambda m: (m.last_reviewed or "", m.title), reverse=True)
            chosen = candidates[:count]
        return HomeView(
            areas=self._areas(()),
            featured=tuple(self._article_link(m) for m in chosen),
            sections=self.sections(),
            plans=tuple(self._refs[p.id] for p in self.plans),
            overview_href=self.scope_url(),
            compare_href=self.scope_url("compare/"),
        )

    def site(self) -> SiteView:
        return SiteView(
            plans=tuple(self._refs[p.id] for p in self.plans),
            sections=self.sections(),
            overview_href=self.scope_url(),
            compare_href=self.scope_url("compare/"),
            changes_href=self.scope_url("changes/"),
            tags_href="tags/",
            search_href="search/",
            contract=self.header(),
        )


def _contacts(contacts: int | str | None) -> str:
    if contacts is None:
        return "Not specified"
    if contacts == "unlimited":
        return "Unlimited named contacts"
    return f"Up to {contacts} named contact" + ("" if contacts == 1 else "s")
