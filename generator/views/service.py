"""Plan views: a plan's service level, its counts, and the page for one plan."""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from ..markdown_safe import render_inline, safe_url
from ..model import Contract, Plan, ServiceLevel
from ..wording import BEST_EFFORT, contacts_words, level_hours_summary, target_words
from .common import STATUS_PHRASE, AddonView, AreaView, ContractHeader, PlanRef, ViewContext


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
    statuses = [item.coverage_for(plan.id).status for item in ctx.contract.items()]
    return tuple(
        StatusCount(status, STATUS_PHRASE[status], statuses.count(status))
        for status in ("included", "limited", "addon", "excluded")
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
    )
