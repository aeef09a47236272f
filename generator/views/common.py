"""Small views shared by every page, and the context that builds each of them once.

Templates in theme/ only loop and print. Every Markdown field is rendered by the safe
renderer into `Markup`; every other string is plain text that Jinja escapes. Links come
from `generator.routes` and are site-relative; templates pass them through MkDocs' `url`
filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ..articles import ArticleMeta
from ..markdown_safe import render_inline, render_markdown, safe_url
from ..model import STATUS_LABEL, STATUS_RANK, Contract, Plan, ScopeItem
from ..routes import Routes
from ..wording import improvements_text

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
    price: str | None = None  # as the contract writes it: "USD 12 per user per month"


@dataclass(frozen=True)
class Improvements:
    """What a service-level add-on improves on one plan, one phrase each."""

    plan: PlanRef
    text: str  # "Severity 1 (critical) in 1 hour (24x7); also by Phone"


@dataclass(frozen=True)
class AddonOffer:
    """An add-on on one plan it is sold on: what buying it there changes, and the page showing that."""

    plan: PlanRef
    href: str  # the plan with the add-on: "scope/standard/with/sso-onboarding/"
    unlocks: tuple[PlanLink, ...]  # items it includes on that plan, each on that page
    improves: str  # the service-level improvements in one line, or ""


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
    improves: tuple[Improvements, ...] = ()  # per plan with a page where it raises the service level
    offers: tuple[AddonOffer, ...] = ()  # per plan with a page it is sold on


# "Where else": how a better status on other plans is introduced.
BETTER_ON_LEAD = {"included": "Included on", "limited": "Limited on", "addon": "Add-on on"}


@dataclass(frozen=True)
class PlanLink:
    name: str
    href: str  # the item on that plan's page; empty when the plan has no page


@dataclass(frozen=True)
class BetterOnView:
    """Plans that get more of an item than the one shown: "Included on Premium and Enterprise"."""

    status: str
    lead: str
    plans: tuple[PlanLink, ...]
    addon: AddonView | None  # for add-on groups: what to buy

    @cached_property
    def listed(self) -> tuple[tuple[str, PlanLink], ...]:
        """Each plan with the words before it: " Premium", ", Business" and " and Enterprise"."""
        last = len(self.plans) - 1
        return tuple(
            (" " if index == 0 else " and " if index == last else ", ", link) for index, link in enumerate(self.plans)
        )

    @property
    def text(self) -> str:
        """The same line as plain text, for search and tests."""
        return self.lead + "".join(words + link.name for words, link in self.listed) + (
            f": {self.addon.name}" if self.addon else ""
        )


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
    href: str  # the item on this plan's page (or on the plan-with-add-on page whose add-on it comes from)
    better_on: tuple[BetterOnView, ...] = ()  # other plans that get more, best first
    with_href: str = ""  # for an add-on item: the plan with that add-on bought
    via: AddonView | None = None  # on a plan-with-add-on page: the add-on this status comes from


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
    # On a plan-with-add-on page: the plan page's area this one changes (the same items, some
    # of them bought); the unchanged ones are the very same ItemViews.
    base: AreaView | None = None


@dataclass(frozen=True)
class ContractHeader:
    title: str
    version: str
    effective: str  # in words
    effective_iso: str
    owner: str


class ViewContext:
    """The contract, the articles and the routes, with each shared piece built once.

    Item and area views are kept per set of plans they show (none, one, or every plan
    with a page), so a build makes each at most once however many pages show it.
    """

    def __init__(
        self,
        contract: Contract,
        articles: Mapping[str, ArticleMeta],
        article_urls: Mapping[str, str],
        routes: Routes,
    ) -> None:
        self.contract = contract
        self.articles = articles
        self.urls = article_urls
        self.routes = routes
        wanted = set(routes.plans)
        self.plans = tuple(p for p in contract.plans if p.id in wanted)
        self._plan_ids = tuple(p.id for p in self.plans)
        self.header = ContractHeader(
            contract.title, contract.version, format_date(contract.effective), contract.effective, contract.owner
        )
        self._links: dict[str, ArticleLink] = {}  # article src_path -> its link
        self.refs = {p.id: self._plan_ref(p) for p in contract.plans}
        self._plan_refs = tuple(self.refs[p.id] for p in self.plans)
        self.addons = {a.id: self._addon(a.id) for a in contract.addons}
        self._related = self._related_articles()
        self._areas: dict[tuple[str, ...], tuple[AreaView, ...]] = {}
        self._items: dict[tuple[str, tuple[str, ...]], ItemView] = {}
        # item id -> an ItemView's fields that do not depend on the plans it shows
        self._item_fields: dict[str, dict[str, Any]] = {}
        self._statuses: dict[tuple[str, str], StatusView] = {}  # (item id, plan id)
        self._better: dict[tuple[str, int], tuple[BetterOnView, ...]] = {}  # (item id, status rank)

    def plan_refs(self) -> tuple[PlanRef, ...]:
        """The plans that have a page, in contract order."""
        return self._plan_refs

    def article_link(self, meta: ArticleMeta) -> ArticleLink:
        """The link to an article, the same object wherever it is listed (sections, tags, items, home)."""
        link = self._links.get(meta.src_path)
        if link is None:
            link = self._links[meta.src_path] = ArticleLink(
                meta.title, self.urls.get(meta.src_path, ""), meta.summary, format_date(meta.last_reviewed)
            )
        return link

    def item(self, item: ScopeItem, plans: Sequence[Plan]) -> ItemView:
        """The item with its status on each of `plans`; built once per item and set of plans."""
        return self._item_on(item, plans, tuple(p.id for p in plans))

    def items_on_plan_pages(self, item_ids: Iterable[str]) -> tuple[ItemView, ...]:
        """The items with their status on every plan that has a page (as the compare page shows them)."""
        return tuple([self._item_on(self.contract.item(i), self.plans, self._plan_ids) for i in item_ids])

    def _item_on(self, item: ScopeItem, plans: Sequence[Plan], plan_ids: tuple[str, ...]) -> ItemView:
        key = (item.id, plan_ids)
        view = self._items.get(key)
        if view is None:
            view = self._items[key] = self._item(item, plans)
        return view

    def areas(self, plans: Sequence[Plan]) -> tuple[AreaView, ...]:
        """Every area with its items, showing each item's status on `plans`."""
        key = tuple(p.id for p in plans)
        views = self._areas.get(key)
        if views is None:
            views = self._areas[key] = tuple(
                AreaView(
                    id=area.id,
                    anchor=self.routes.area_anchor(area.id),
                    href=self.routes.area(area.id),
                    name=area.name,
                    summary=render_inline(area.summary),
                    items=tuple([self._item_on(item, plans, key) for item in area.items]),
                )
                for area in self.contract.areas
            )
        return views

    # Pieces ------------------------------------------------------------------------------

    def _plan_ref(self, plan: Plan) -> PlanRef:
        return PlanRef(
            plan.id, plan.name, self.routes.plan(plan.id), render_inline(plan.summary), safe_url(plan.url), plan.price
        )

    def _addon(self, addon_id: str) -> AddonView:
        addon = self.contract.addon(addon_id)
        improves = tuple(
            Improvements(self.refs[u.plan], improvements_text(self.contract, u))
            for u in self.contract.upgrades
            if u.addon == addon_id and u.improves and u.plan in self.routes.plans
        )
        words = {i.plan.id: i.text for i in improves}
        return AddonView(
            id=addon.id,
            anchor=self.routes.addon_anchor(addon.id),
            href=self.routes.addon(addon.id),
            name=addon.name,
            description=render_markdown(addon.description),
            price=addon.price,
            url=safe_url(addon.url),
            plans=tuple(self.refs[p] for p in addon.plans if p in self.refs),
            improves=improves,
            offers=tuple(
                self._offer(addon_id, p, words.get(p, ""))
                for p in self.routes.plans
                if self.routes.has_plan_with(p, addon_id)
            ),
        )

    def _offer(self, addon_id: str, plan_id: str, improves: str) -> AddonOffer:
        return AddonOffer(
            plan=self.refs[plan_id],
            href=self.routes.plan_with(plan_id, addon_id),
            unlocks=tuple(
                PlanLink(item.title, self.routes.plan_with(plan_id, addon_id, item.id))
                for item in self.contract.items_by_id.values()
                if item.by_plan[plan_id].status == "addon" and item.by_plan[plan_id].addon == addon_id
            ),
            improves=improves,
        )

    def _related_articles(self) -> dict[str, tuple[ArticleLink, ...]]:
        related: dict[str, list[ArticleLink]] = {}
        for meta in self.articles.values():
            if meta.src_path not in self.urls:
                continue
            for item_id in meta.scope:
                related.setdefault(item_id, []).append(self.article_link(meta))
        return {k: tuple(sorted(v, key=lambda a: (a.title.lower(), a.href))) for k, v in related.items()}

    def _status(self, item: ScopeItem, plan: Plan) -> StatusView:
        # One plan's status shows on its plan page, the compare page and coverage boxes alike.
        key = (item.id, plan.id)
        view = self._statuses.get(key)
        if view is None:
            view = self._statuses[key] = self._new_status(item, plan)
        return view

    def _new_status(self, item: ScopeItem, plan: Plan) -> StatusView:
        cov = item.by_plan[plan.id]
        return StatusView(
            plan=self.refs[plan.id],
            status=cov.status,
            label=STATUS_LABEL[cov.status],
            phrase=STATUS_PHRASE[cov.status],
            icon=STATUS_ICON[cov.status],
            limit=cov.limit,
            addon=self.addons.get(cov.addon) if cov.addon else None,
            note=render_inline(cov.note),
            href=self.routes.item(plan.id, item.id),
            better_on=self._better_on(item, plan),
            with_href=self.routes.plan_with(plan.id, cov.addon)
            if cov.status == "addon" and cov.addon and self.routes.has_plan_with(plan.id, cov.addon)
            else "",
        )

    def _better_on(self, item: ScopeItem, plan: Plan) -> tuple[BetterOnView, ...]:
        """Where the contract includes, limits or sells the item on plans above `plan`'s status."""
        coverage = item.by_plan
        # The same lines for every plan with the same status: the plans above it.
        rank = STATUS_RANK[coverage[plan.id].status]
        key = (item.id, rank)
        views = self._better.get(key)
        if views is None:
            views = self._better[key] = self._new_better_on(item, rank)
        return views

    def _new_better_on(self, item: ScopeItem, rank: int) -> tuple[BetterOnView, ...]:
        coverage = item.by_plan
        groups: dict[tuple[str, str | None], list[PlanLink]] = {}
        for other in self.contract.plans:
            cov = coverage[other.id]
            if STATUS_RANK[cov.status] <= rank:
                continue
            href = self.routes.item(other.id, item.id) if self.routes.has_plan_page(other.id) else ""
            groups.setdefault((cov.status, cov.addon), []).append(PlanLink(other.name, href))
        ordered = sorted(groups.items(), key=lambda kv: -STATUS_RANK[kv[0][0]])  # stable: plan order kept
        return tuple(
            BetterOnView(status, BETTER_ON_LEAD[status], tuple(links), self.addons.get(addon) if addon else None)
            for (status, addon), links in ordered
        )

    def _alternative(self, item: ScopeItem) -> AlternativeView | None:
        alt = item.alternative
        if alt is None:
            return None
        if alt.kind == "article":
            href = self.urls.get(alt.target)
            return AlternativeView(alt.label, href, False) if href is not None else None
        if alt.kind == "addon":
            return AlternativeView(alt.label, self.routes.addon(alt.target), False)
        url = safe_url(alt.target)
        return AlternativeView(alt.label, url, True) if url else None

    def _item(self, item: ScopeItem, plans: Sequence[Plan]) -> ItemView:
        fields = self._item_fields.get(item.id)
        if fields is None:
            fields = self._item_fields[item.id] = {
                "id": item.id,
                "area_id": item.area,
                "title": item.title,
                "description": render_markdown(item.description),
                "examples": item.examples,
                "alternative": self._alternative(item),
                "reason": render_inline(item.reason),
                "articles": self._related.get(item.id, ()),
                "compare_href": self.routes.compare_row(item.id),
            }
        return ItemView(statuses=tuple([self._status(item, plan) for plan in plans]), **fields)
