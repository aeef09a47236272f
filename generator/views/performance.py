"""The "Service performance" page: response-target attainment per plan and severity.

Only aggregates reach this view (counts, shares, medians); ticket ids, customers and times
never do. The chart is an inline SVG drawn here at build time: one bar per severity, its
length the attainment, a dashed line at the objective. It carries a text alternative and
the page shows the same figures in a table beside it, so nothing depends on seeing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from html import escape

from markupsafe import Markup

from ..attainment import Attainment, Cell
from .common import ContractHeader, PlanRef, ViewContext, format_date

# Chart geometry, in SVG user units (the SVG scales to its container): each severity is a
# label line over a bar, so long severity names need no column of their own.
_WIDTH = 320
_BAR_WIDTH = 250
_ROW = 42
_TOP = 18
# Fills for any theme; ours restyles them for dark mode through the classes.
_BAR_FILL = {"met": "#145226", "none": "#145226", "below": "#8b1a1a"}


@dataclass(frozen=True)
class PerformanceRow:
    severity_id: str
    severity: str
    target: str
    tickets: int
    met: str
    missed: str
    pending: str
    attainment: str  # "96.2%", "—" (nothing decided yet) or "Not scored"
    median: str
    p90: str
    verdict: str  # against the objective, in words
    verdict_class: str  # met, below, none


@dataclass(frozen=True)
class PerformancePlan:
    plan: PlanRef
    anchor: str
    tickets: int
    rows: tuple[PerformanceRow, ...]
    chart: Markup | None  # inline SVG; None when no severity has a target to meet


@dataclass(frozen=True)
class PerformanceView:
    kind = "performance"
    contract: ContractHeader
    period: str  # "1 October 2026 to 31 October 2026"
    as_of: str
    tickets: int
    objective: str  # in words; empty when the contract states none
    plans: tuple[PerformancePlan, ...]
    overview_href: str
    compare_href: str


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return f"{text} {unit.removesuffix('s') if text == '1.0' else unit}"


def _verdict(cell: Cell, attainment: Attainment) -> tuple[str, str]:
    objective = attainment.objective
    if not cell.scored or objective is None:
        return "", "none"
    if cell.below_objective:
        return f"Below {objective.text}", "below"
    if cell.held:
        return f"Meets {objective.text}", "met"
    return "Too few to judge", "none"


def _row(ctx: ViewContext, cell: Cell, attainment: Attainment) -> PerformanceRow:
    verdict, verdict_class = _verdict(cell, attainment)
    scored = cell.scored
    return PerformanceRow(
        severity_id=cell.severity,
        severity=ctx.contract.severity(cell.severity).name,
        target=cell.target,
        tickets=cell.tickets,
        met=str(cell.met) if scored else "—",
        missed=str(cell.missed) if scored else "—",
        pending=str(cell.pending) if scored else "—",
        attainment=_percent(cell.attainment) if scored else "Not scored",
        median=_amount(cell.median, cell.unit),
        p90=_amount(cell.p90, cell.unit),
        verdict=verdict,
        verdict_class=verdict_class,
    )


def chart(
    plan_id: str, plan_name: str, rows: tuple[PerformanceRow, ...], cells: tuple[Cell, ...], objective: float | None
) -> Markup:
    """A horizontal bar chart of attainment per severity, as inline SVG markup."""
    height = _TOP + _ROW * len(rows)
    chart_id = f"chart-{plan_id}"
    scale = _BAR_WIDTH / 100
    parts = [
        f'<svg class="attainment-chart" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(plan_name)}: share of tickets answered within target</title>',
        f'<desc id="{chart_id}-desc">'
        + escape(
            "; ".join(f"{r.severity}: {r.attainment}" + (f", {r.verdict.lower()}" if r.verdict else "") for r in rows)
        )
        + "</desc>",
        '<text class="axis" x="0" y="11" fill="currentColor">0%</text>',
        f'<text class="axis" x="{_BAR_WIDTH}" y="11" text-anchor="end" fill="currentColor">100%</text>',
    ]
    for index, (row, cell) in enumerate(zip(rows, cells, strict=True)):
        y = _TOP + index * _ROW
        parts.append(f'<text class="label" x="0" y="{y + 13}" fill="currentColor">{escape(row.severity)}</text>')
        parts.append(
            f'<rect class="track" x="0" y="{y + 19}" width="{_BAR_WIDTH}" height="14" rx="2" fill="#d0d7e0"></rect>'
        )
        if cell.attainment is not None:
            width = f"{cell.attainment * 100 * scale:.1f}"
            parts.append(
                f'<rect class="bar bar-{row.verdict_class}" x="0" y="{y + 19}" width="{width}" height="14" rx="2" '
                f'fill="{_BAR_FILL[row.verdict_class]}"></rect>'
            )
        mark = " ✕" if row.verdict_class == "below" else ""
        value = row.attainment if cell.attainment is not None or not cell.scored else "open"
        parts.append(
            f'<text class="value" x="{_BAR_WIDTH + 6}" y="{y + 31}" fill="currentColor">{escape(value + mark)}</text>'
        )
    if objective is not None:
        x = f"{objective * 100 * scale:.1f}"
        parts.append(
            f'<line class="objective" x1="{x}" x2="{x}" y1="{_TOP + 16}" y2="{height}" stroke="currentColor" '
            'stroke-width="2" stroke-dasharray="4 3"></line>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def performance(ctx: ViewContext, attainment: Attainment) -> PerformanceView:
    """Attainment per plan with a page, severity by severity, with a chart each."""
    period = attainment.period
    since = format_date(period.since.isoformat()) if period.since else "the first ticket"
    until = format_date(period.until.isoformat()) if period.until else "the last ticket"
    objective = attainment.objective
    objective_words = ""
    if objective is not None:
        objective_words = (
            f"{objective.text} of tickets answered within the response target, for each plan and severity "
            f"with at least {objective.min_tickets} answered or overdue tickets in the period"
        )
    plans = []
    for plan in ctx.plans:
        cells = tuple(c for c in attainment.cells if c.plan == plan.id and c.tickets)
        rows = tuple(_row(ctx, c, attainment) for c in cells)
        plans.append(
            PerformancePlan(
                plan=ctx.refs[plan.id],
                anchor=plan.id,
                tickets=sum(c.tickets for c in cells),
                rows=rows,
                chart=chart(plan.id, plan.name, rows, cells, objective.attainment if objective else None)
                if any(c.scored for c in cells)
                else None,
            )
        )
    as_of = period.as_of
    # The end of a period is shown as the day it closes, not the midnight after it.
    shown = as_of - timedelta(seconds=1) if (as_of.hour, as_of.minute, as_of.second) == (0, 0, 0) else as_of
    return PerformanceView(
        contract=ctx.header,
        period=f"{since} to {until}",
        as_of=f"end of {format_date(shown.date().isoformat())} (UTC)"
        if shown != as_of
        else f"{format_date(as_of.date().isoformat())}, {as_of:%H:%M} UTC",
        tickets=attainment.counted,
        objective=objective_words,
        plans=tuple(plans),
        overview_href=ctx.routes.overview(),
        compare_href=ctx.routes.compare(),
    )
