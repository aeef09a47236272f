"""The contract's own pages: the overview, the compare matrix and the changelog."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..markdown_safe import render_markdown
from .common import AddonView, AreaView, ContractHeader, ItemView, PlanRef, ViewContext, format_date
from .service import ServiceLevelView, StatusCount, status_counts


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
    performance_href: str | None
    changes_href: str
    json_href: str
    schema_href: str


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


def overview(ctx: ViewContext, services: Mapping[str, ServiceLevelView]) -> OverviewView:
    """The contract at a glance: plans, topics, severities, exclusions, add-ons, lifecycle."""
    c = ctx.contract
    everywhere_excluded = tuple(
        ctx.item(item, ()) for item in c.items() if all(cov.status == "excluded" for cov in item.coverage)
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
        contract=ctx.header,
        summary=render_markdown(c.summary),
        quality=render_markdown(c.quality),
        plans=tuple(PlanCardView(ctx.refs[p.id], services[p.id], status_counts(ctx, p)) for p in ctx.plans),
        severities=tuple(SeverityView(s.id, s.name, render_markdown(s.definition), s.examples) for s in c.severities),
        areas=ctx.areas(()),
        global_exclusions=everywhere_excluded,
        responsibilities=tuple(
            ResponsibilityView(r.id, r.title, render_markdown(r.description)) for r in c.responsibilities
        ),
        lifecycle=lifecycle,
        addons=tuple(ctx.addons[a.id] for a in c.addons),
        compare_href=ctx.routes.compare(),
        performance_href=ctx.routes.performance(),
        changes_href=ctx.routes.changes(),
        json_href=ctx.routes.contract_json(),
        schema_href=ctx.routes.scope_schema(),
    )


def compare(ctx: ViewContext, services: Mapping[str, ServiceLevelView]) -> CompareView:
    """Every item on every plan with a page, plus the service-level rows."""
    levels = {p.id: services[p.id] for p in ctx.plans}
    rows = []
    if any(p.price for p in ctx.plans):
        rows.append(CompareRow("Price", tuple((p.id, p.price or "") for p in ctx.plans)))
    rows += [
        CompareRow("Support hours", tuple((p, v.hours_summary) for p, v in levels.items())),
        CompareRow("Channels", tuple((p, ", ".join(ch.name for ch in v.channels)) for p, v in levels.items())),
        CompareRow("Languages", tuple((p, v.languages) for p, v in levels.items())),
        CompareRow("Named contacts", tuple((p, v.contacts) for p, v in levels.items())),
    ]
    for index, severity in enumerate(ctx.contract.severities):
        rows.append(
            CompareRow(
                f"First reply, {severity.name}",
                tuple((p, v.targets[index].response) for p, v in levels.items()),
            )
        )
    for addon in ctx.addons.values():
        if addon.improves:
            better = {i.plan.id: i.text for i in addon.improves}
            sold = {p.id for p in addon.plans}
            rows.append(
                CompareRow(
                    f"With {addon.name}",
                    tuple((p, better.get(p) or ("No change" if p in sold else "Not available")) for p in levels),
                )
            )
    return CompareView(
        contract=ctx.header,
        plans=ctx.plan_refs(),
        service_rows=tuple(rows),
        areas=ctx.areas(ctx.plans),
        overview_href=ctx.routes.overview(),
    )


def changes(ctx: ViewContext) -> ChangesView:
    """The contract's changelog, as the contract lists it."""
    contract = ctx.contract
    entries = tuple(
        ChangeView(
            anchor=ctx.routes.change_anchor(change.version),
            version=change.version,
            effective=format_date(change.effective),
            effective_iso=change.effective,
            summary=render_markdown(change.summary),
            current=change.version == contract.version,
        )
        for change in contract.changes
    )
    return ChangesView(ctx.header, entries, ctx.routes.overview())
