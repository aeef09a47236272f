"""Plan views: a plan's service level, its counts, and the page for one plan."""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from ..markdown_safe import render_inline, safe_url
from ..model import STATUS_LABEL, Contract, Plan, ServiceLevel, Upgrade
from ..wording import BEST_EFFORT, contacts_words, level_hours_summary, target_words, upgrade_lines
from .common import STATUS_ICON, STATUS_PHRASE, AddonView, AreaView, ContractHeader, ItemView, PlanRef, ViewContext


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
    response: str  # in words: "1 to 4 hours", "1 hour (24x7)", "Best effort, no response target"
    update: str
    offered: bool  # help is given: a response time, or best effort
    reason: Markup = Markup("")  # why this tier handles the severity as it does


@dataclass(frozen=True)
class UpgradeView:
    """A service-level add-on sold on the plan, and what buying it improves."""

    addon: AddonView
    text: str  # "Severity 1 (critical) in 1 hour (24x7); also by Phone"


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
    upgrades: tuple[UpgradeView, ...] = ()
    # With an add-on bought: what it improves ("hours", "languages", "contacts",
    # "channel:<id>", "response:<severity>", "update:<severity>") and its name for the mark.
    from_addon: frozenset[str] = frozenset()
    addon_name: str = ""


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


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
    performance_href: str | None  # the service performance page, when the site has one
    href: str  # this page: an item's permalink is this and `#<item id>`
    # A plan with an add-on bought (scope/<plan>/with/<addon>/): the add-on, the plan's own
    # page, the items the add-on includes and its service-level improvements in words.
    addon: AddonView | None = None
    base_href: str = ""
    unlocked: tuple[ItemView, ...] = ()
    improvements: tuple[str, ...] = ()


def _channel(contract: Contract, channel_id: str) -> ChannelView:
    channel = contract.channel(channel_id)
    return ChannelView(channel.id, channel.name, render_inline(channel.description), safe_url(channel.url))


def service_view(contract: Contract, level: ServiceLevel) -> ServiceLevelView:
    """Hours, channels, languages, contacts and a response-target row per severity."""
    hours = contract.hours_of(level.hours) if level.hours else None
    updates = {t.severity: t for t in level.update_interval}
    rows = []
    for severity in contract.severities:
        response = level.target(severity.id)
        offered = response is not None and response.offered  # best effort is help too
        update = updates.get(severity.id)
        rows.append(
            TargetRow(
                severity_id=severity.id,
                severity=severity.name,
                response=target_words(contract, level, response),
                update=target_words(contract, level, update) if update else ("No set interval" if offered else "—"),
                offered=offered,
                reason=render_inline(response.reason if response else None),
            )
        )
    committed = [t for t in level.response_targets if t.committed]
    fastest = next((r for r in rows if committed and r.severity_id == committed[0].severity), None)
    best_effort = any(t.kind == "best-effort" for t in level.response_targets)
    return ServiceLevelView(
        hours_name=hours.name if hours else "Support hours",
        hours_summary=level_hours_summary(contract, level),
        holidays=(hours.holidays if hours else None) or "",
        channels=tuple(_channel(contract, c) for c in level.channels),
        languages=", ".join(level.languages) or "Not specified",
        contacts=contacts_words(level.contacts),
        targets=tuple(rows),
        fastest=f"{fastest.severity}: first reply within {fastest.response}"
        if fastest
        else (BEST_EFFORT if best_effort else "No response targets"),
    )


def service_views(ctx: ViewContext) -> dict[str, ServiceLevelView]:
    """The service level of every plan with a page, by plan id, with what add-ons improve."""
    return {
        p.id: replace(
            service_view(ctx.contract, ctx.contract.service_level(p.id)),
            upgrades=tuple(
                UpgradeView(addon, better.text)
                for addon in ctx.addons.values()
                for better in addon.improves
                if better.plan.id == p.id
            ),
        )
        for p in ctx.plans
    }


def status_counts(ctx: ViewContext, plan: Plan) -> tuple[StatusCount, ...]:
    """How many items the plan includes, limits, sells as add-on and excludes."""
    return _counts([item.coverage_for(plan.id).status for item in ctx.contract.items_by_id.values()])


def _counts(statuses: list[str]) -> tuple[StatusCount, ...]:
    return tuple(
        StatusCount(status, STATUS_PHRASE[status], statuses.count(status))
        for status in ("included", "limited", "addon", "excluded")
    )


def _improved(contract: Contract, upgrade: Upgrade | None) -> frozenset[str]:
    """The service-level values an add-on improves on a plan, as ServiceLevelView.from_addon names them."""
    if upgrade is None:
        return frozenset()
    keys: set[str] = set()
    own = contract.service_level(upgrade.plan)
    for improvement in upgrade.improves:
        if improvement.field == "channels":
            keys.update(f"channel:{c}" for c in upgrade.service_level.channels if c not in own.channels)
        elif improvement.field == "response_targets":
            keys.add(f"response:{improvement.severity}")
        elif improvement.field == "update_interval":
            keys.add(f"update:{improvement.severity}")
        else:
            keys.add(improvement.field)
    return frozenset(keys)


def _bought(ctx: ViewContext, item: ItemView, plan: Plan, addon: AddonView) -> ItemView:
    """An item on a plan with `addon` bought: what the add-on sells becomes included, marked as its."""
    st = item.status
    if st.status != "addon" or st.addon is None or st.addon.id != addon.id:
        # Unchanged by the add-on: the plan page's own view, so the page shows it as the plan
        # page does (an item's permalink comes from the page it is on, PlanPageView.href).
        return item
    status = replace(
        st,
        status="included",
        label=STATUS_LABEL["included"],
        phrase=STATUS_PHRASE["included"],
        icon=STATUS_ICON["included"],
        href=ctx.routes.plan_with(plan.id, addon.id, item.id),
        better_on=(),
        with_href="",
        via=addon,
    )
    return replace(item, statuses=(status,))


def _area_bought(ctx: ViewContext, area: AreaView, plan: Plan, addon: AddonView) -> AreaView:
    """An area on a plan with `addon` bought: the plan page's own view when the add-on changes none of its items."""
    items = tuple(_bought(ctx, item, plan, addon) for item in area.items)
    if all(new is old for new, old in zip(items, area.items, strict=True)):
        return area
    return replace(area, items=items, base=area)


def plan_with_addon(ctx: ViewContext, plan: Plan, addon_id: str) -> PlanPageView:
    """A plan with one add-on bought: the combined scope, what the add-on changes marked as its."""
    contract = ctx.contract
    addon = ctx.addons[addon_id]
    upgrade = next((u for u in contract.upgrades if u.plan == plan.id and u.addon == addon_id), None)
    service = replace(
        service_view(contract, contract.service_level(plan.id, addon_id)),
        from_addon=_improved(contract, upgrade),
        addon_name=addon.name,
    )
    areas = tuple(_area_bought(ctx, area, plan, addon) for area in ctx.areas((plan,)))
    items = [item for area in areas for item in area.items]
    return PlanPageView(
        contract=ctx.header,
        plan=ctx.refs[plan.id],
        service=service,
        counts=_counts([item.status.status for item in items]),
        areas=areas,
        addons=(),
        # The same add-on on the other plans it is sold on.
        other_plans=tuple(
            replace(ctx.refs[p.id], href=ctx.routes.plan_with(p.id, addon_id))
            for p in ctx.plans
            if p.id != plan.id and ctx.routes.has_plan_with(p.id, addon_id)
        ),
        overview_href=ctx.routes.overview(),
        compare_href=ctx.routes.compare(),
        performance_href=None,  # measured per plan, not per add-on
        href=ctx.routes.plan_with(plan.id, addon_id),
        addon=addon,
        base_href=ctx.routes.plan(plan.id),
        unlocked=tuple(item for item in items if item.status.via is not None),
        improvements=upgrade_lines(contract, upgrade) if upgrade else (),
    )


def plan_page(ctx: ViewContext, plan: Plan, service: ServiceLevelView) -> PlanPageView:
    """What one plan includes: its service level, then every item's status on it."""
    return PlanPageView(
        contract=ctx.header,
        plan=ctx.refs[plan.id],
        service=service,
        counts=status_counts(ctx, plan),
        areas=ctx.areas((plan,)),
        addons=tuple(ctx.addons[a.id] for a in ctx.contract.addons if plan.id in a.plans),
        other_plans=tuple(ctx.refs[p.id] for p in ctx.plans if p.id != plan.id),
        overview_href=ctx.routes.overview(),
        compare_href=ctx.routes.compare(),
        performance_href=ctx.routes.performance(),
        href=ctx.routes.plan(plan.id),
    )
