"""The report's finance sections: the forecast outturn, invoices, and every money figure by
funding stream.

Two sections, each computed once from figures the report already holds (the costed
portfolio, the cost avoidance, the savings) and never recomputed by a renderer:

* :class:`Finance` — the forecast outturn made at every month end of the year against the
  year's spend (its error by month), the full forecast at a chosen as-of date when asked, and
  the reconciliation of the invoices given;
* :class:`Funding` — each money figure of the spend, fee-increase, savings and budget
  sections, the borough drill-down, the call-offs, the market's spend, the SEND return's
  weekly costs and the demand outlook's forecast cost split between the funding streams
  (education's High Needs Block, children's social care, health), parts adding up to the
  figure exactly (``docs/decisions/1006``, ``1007``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

import attrs

from slcp.demand import GROUP_SERVICES, DemandOutlook, PlacementGroup
from slcp.domain import (
    Budget,
    GssCode,
    LotId,
    Programme,
    SavingSource,
    ServiceKind,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.finance import (
    CellFunding,
    DiscrepancyReason,
    FundingStream,
    Invoice,
    InvoiceStatus,
    MonthEndForecast,
    OutturnForecast,
    PooledBudget,
    PoolPosition,
    Reconciliation,
    assess_pooled_budget,
    forecast_month_ends,
    forecast_outturn,
    funding_by_borough,
    lead_stream,
    reconcile_invoices,
    split_by_funding,
    split_call_offs_by_funding,
    split_cells_by_funding,
    sum_by_funding,
    weighted_split,
)
from slcp.market import MarketBook, MarketPosition, ShareBasis
from slcp.money import Money
from slcp.periods import DateRange, FinancialYear
from slcp.pricing import CostAvoidance, PortfolioCost, PortfolioKey, fee_on
from slcp.report._model import (
    BoroughDrillDown,
    BudgetLine,
    CallOffs,
    FeeIncreases,
    Savings,
    Spend,
)
from slcp.report._send import SendSection

__all__ = [
    "Finance",
    "FundedFigure",
    "Funding",
    "FundingSplit",
    "InvoiceReasonSummary",
    "InvoiceReconciliation",
    "InvoiceStatusSummary",
    "build_finance",
    "build_funding",
    "call_off_funding",
    "demand_cost_funding",
    "send_cost_funding",
]

#: The rule every split follows, in words.
FUNDING_RULE = (
    "spend: each spend cell (borough x workstream x lot x provider x service) split between "
    "the streams by largest remainder, weighted by its placements' exact cost x funding share; "
    "a figure that is a sum of cells is split by summing its cells' parts. Cost avoided: each "
    "placement's line split by its shares. Savings (no placement of their own): each record, "
    "and each borough's part of it, split in proportion to the streams of its workstream's "
    "spend in its year (in every year if none that year; its lead stream if none at all). "
    "Budgets: the lead stream's (High Needs Block for SEND, social care "
    "for LAC); a budget's costed spend in proportion to the streams of the cells it covers. "
    "The borough drill-down: its spend from its cells, its savings as above, its avoidance "
    "line by line, its contributions to its workstream's lead stream. Call-offs: each line's "
    "value in proportion to its call-offs' exact cost x their shares. Market: each provider "
    "group's and organisation's spend from its cells; weekly fees are prices, not split. "
    "SEND return: each setting's weekly total on census day, each matched placement's weekly "
    "fee split by its shares and summed. Demand outlook (an assumption): each year's forecast "
    "cost of a placement group in proportion to the streams of the report year's spend on "
    "the programme's placements of that group's kinds (its lead stream, social care, if "
    "none); a year's cost is the sum of its groups'. "
    "Every figure's parts add up to it exactly."
)


@attrs.frozen(kw_only=True)
class FundingSplit:
    """A money figure and its parts by funding stream, adding up to it exactly.

    Attributes:
        amount: the figure, in pence.
        education: education's part (the High Needs Block), in pence.
        health: health's part (the integrated care board, e.g. continuing care), in pence.
        social_care: children's social care's part, in pence.

    >>> FundingSplit(amount=Money(3), education=Money(1), health=Money(1),
    ...              social_care=Money(0))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: the streams must add up to the figure...
    """

    amount: Money
    education: Money
    health: Money
    social_care: Money

    def __attrs_post_init__(self) -> None:
        parts = self.education.pence + self.health.pence + self.social_care.pence
        if parts != self.amount.pence:
            raise InvalidValueError(
                "the streams must add up to the figure",
                field="amount",
                value=str(self.amount),
                expected=f"{Money(parts)}, the streams' sum",
            )

    @classmethod
    def of(cls, parts: Mapping[FundingStream, Money]) -> FundingSplit:
        """The split whose parts are ``parts`` (streams missing are 0p); amount is their sum."""
        edu = parts.get(FundingStream.EDUCATION, Money(0))
        health = parts.get(FundingStream.HEALTH, Money(0))
        care = parts.get(FundingStream.SOCIAL_CARE, Money(0))
        return cls(amount=edu + health + care, education=edu, health=health, social_care=care)

    def part(self, stream: FundingStream) -> Money:
        """The part ``stream`` pays."""
        return {
            FundingStream.EDUCATION: self.education,
            FundingStream.HEALTH: self.health,
            FundingStream.SOCIAL_CARE: self.social_care,
        }[stream]


@attrs.frozen(kw_only=True)
class FundedFigure:
    """One money figure of the report, where it is, and its split by stream.

    The fields that locate it mirror the figure's own record; those that do not apply are
    ``None``.

    Attributes:
        figure: which figure, as ``section.key`` (``"spend.by_borough"``,
            ``"fee_increases.round.in_year"``, ``"savings.attribution.to_date"`` …).
        financial_year: the year it is for.
        borough: the borough.
        workstream: the workstream.
        lot: the lot (``None`` also for "no lot"; ``figure`` says which breakdown).
        service: the kind of service.
        item: a round's or a saving record's id, or a saving source.
        split: the figure and its parts.
    """

    figure: str
    financial_year: FinancialYear | None = None
    borough: GssCode | None = None
    workstream: Workstream | None = None
    lot: LotId | None = None
    service: ServiceKind | None = None
    item: str | None = None
    split: FundingSplit


@attrs.frozen(kw_only=True)
class Funding:
    """Every money figure of the spend, fee-increase, savings and budget sections by stream.

    Attributes:
        rule: how each kind of figure is split, in words.
        spend: the spend section's figures (the report year's breakdowns, every year's total
            and every year's boroughs).
        fee_increases: each round's in-year, full-year and to-date avoidance, per borough
            too, and the totals.
        savings: the year's and to-date totals, by source, each record to date and each
            borough's attributed savings.
        budgets: each budget of the year (its lead stream's) and its costed spend.
        borough: the borough drill-down's money figures (its spend and breakdowns, each
            saving credited to it, its attributed savings, its avoidance by round and year,
            its contributions), when the report has a drill-down.
        call_offs: each DPS's and framework's call-off value by year and lot, and by year,
            when the report has a call-offs section.
        market: the market section's spend figures: each provider group's spend, and each
            organisation's spend in each lot and kind of placement (the concentration by
            spend), when the report has a market section. Weekly fees (unit prices) are not
            split.
        send: the SEND-return section's weekly cost totals per setting on census day
            (``send.weekly_total``, ``item`` the setting), when the report has a SEND-return
            section joined to the programme.
        market_demand: the demand outlook's forecast cost for each projected year, for the
            partnership (``gss_code`` absent) and each area (``market_demand.cost``) and per
            placement group (``market_demand.cost_by_group``, ``item`` the group), split by
            the spend-weighted funding mix of the programme's placements of each group's
            kinds in the report year — an assumption, as the forecast cost is — when the
            report has a priced outlook.
    """

    rule: str
    spend: tuple[FundedFigure, ...]
    fee_increases: tuple[FundedFigure, ...]
    savings: tuple[FundedFigure, ...]
    budgets: tuple[FundedFigure, ...]
    borough: tuple[FundedFigure, ...] = ()
    call_offs: tuple[FundedFigure, ...] = ()
    market: tuple[FundedFigure, ...] = ()
    send: tuple[FundedFigure, ...] = ()
    market_demand: tuple[FundedFigure, ...] = ()

    @property
    def figures(self) -> tuple[FundedFigure, ...]:
        """Every figure, section by section."""
        return (
            self.spend
            + self.fee_increases
            + self.savings
            + self.budgets
            + self.borough
            + self.call_offs
            + self.market
            + self.send
            + self.market_demand
        )


@attrs.frozen(kw_only=True)
class InvoiceStatusSummary:
    """Invoices of one status: how many, what they billed and what was expected (pence)."""

    status: InvoiceStatus
    invoices: int
    invoiced: Money
    expected: Money


@attrs.frozen(kw_only=True)
class InvoiceReasonSummary:
    """Discrepancies of one reason: how many and their amount (``invoiced − expected``)."""

    reason: DiscrepancyReason
    count: int
    amount: Money


@attrs.frozen(kw_only=True)
class InvoiceReconciliation:
    """Invoices checked against the placements' charges, with its summaries.

    Attributes:
        input_name: where the invoices came from (a file's name).
        result: the reconciliation (every check, discrepancy and finding).
        by_status: invoices per status (matched, over-, under-charged, unknown placement),
            every status listed.
        by_reason: discrepancies per reason (missing, duplicate, late payment …), every
            reason listed.
    """

    input_name: str
    result: Reconciliation
    by_status: tuple[InvoiceStatusSummary, ...]
    by_reason: tuple[InvoiceReasonSummary, ...]


@attrs.frozen(kw_only=True)
class Finance:
    """The year in finance terms: forecasts against the outturn, and invoices.

    Attributes:
        financial_year: the report year.
        outturn: the year's spend (the spend section's total), in pence.
        month_ends: the forecast made at each month end (30 April … 31 March, no demand
            allowance) and its error against ``outturn``.
        forecast: the full forecast (lines by borough × workstream × service × stream, by
            month, with budgets and the movement since the previous month end) made on
            ``ReportOptions.forecast_as_of``, or ``None`` when not asked for.
        reconciliation: the invoices given, checked, or ``None``.
        method: how the forecasts were made, in words.
        pools: each pooled budget of the year against the forecast of the placements it
            pays for (contributions by partner, forecast draw, variance and each partner's
            share of it), in the order given; empty when there are none.
        pools_as_of: the day the pools' forecast was made on (``forecast``'s day when a full
            forecast was asked for, else the year's last day, when the forecast is the
            year's spend), or ``None`` without pools.
    """

    financial_year: FinancialYear
    outturn: Money
    month_ends: tuple[MonthEndForecast, ...]
    forecast: OutturnForecast | None
    reconciliation: InvoiceReconciliation | None
    method: str
    pools: tuple[PoolPosition, ...] = ()
    pools_as_of: dt.date | None = None


def _reconciliation(
    programme: Programme, invoices: Iterable[Invoice], name: str, window: DateRange | None
) -> InvoiceReconciliation:
    result = reconcile_invoices(programme, invoices, window=window)
    by_status = []
    for status in InvoiceStatus:
        mine = [c for c in result.checks if c.status is status]
        by_status.append(
            InvoiceStatusSummary(
                status=status,
                invoices=len(mine),
                invoiced=sum((c.invoiced for c in mine), Money(0)),
                expected=sum((c.expected for c in mine if c.expected is not None), Money(0)),
            )
        )
    by_reason = []
    for reason in DiscrepancyReason:
        found = [d for d in result.discrepancies if d.reason is reason]
        by_reason.append(
            InvoiceReasonSummary(
                reason=reason, count=len(found), amount=sum((d.amount for d in found), Money(0))
            )
        )
    return InvoiceReconciliation(
        input_name=name, result=result, by_status=tuple(by_status), by_reason=tuple(by_reason)
    )


def build_finance(
    programme: Programme,
    year: FinancialYear,
    *,
    outturn: Money,
    forecast_as_of: dt.date | None = None,
    invoices: Iterable[Invoice] | None = None,
    invoices_name: str = "invoices",
    invoice_window: DateRange | None = None,
    pools: Iterable[PooledBudget] = (),
) -> Finance:
    """The finance section: month-end forecasts against ``outturn``, the full forecast on
    ``forecast_as_of`` (with the previous month end's for movement) and the invoices checked.

    Args:
        programme: the programme.
        year: the report year.
        outturn: the year's spend as the report costed it (passed, not recomputed).
        forecast_as_of: the day to make the full forecast on, or ``None`` for none.
        invoices: invoices to reconcile, or ``None``.
        invoices_name: where they came from, for the report.
        invoice_window: the days checked for missing invoices (default: first to last day
            invoiced).
        pools: pooled budgets; those of ``year`` are set against the forecast made on
            ``forecast_as_of`` (the same forecast), or on the year's last day without one.
    """
    month_end_forecasts = forecast_month_ends(programme, year, outturn=outturn)
    forecast = None
    if forecast_as_of is not None:
        forecast = forecast_outturn(programme, year, forecast_as_of)
    reconciliation = None
    if invoices is not None:
        reconciliation = _reconciliation(programme, invoices, invoices_name, invoice_window)
    mine = [pool for pool in pools if pool.financial_year == year]
    positions: tuple[PoolPosition, ...] = ()
    pools_as_of = None
    if mine:
        drawn = forecast
        if drawn is None:
            drawn = forecast_outturn(programme, year, year.range.last_day, compare_previous=False)
        pools_as_of = drawn.as_of
        positions = tuple(assess_pooled_budget(pool, drawn) for pool in mine)
    return Finance(
        pools=positions,
        pools_as_of=pools_as_of,
        financial_year=year,
        outturn=outturn,
        month_ends=month_end_forecasts,
        forecast=forecast,
        reconciliation=reconciliation,
        method=(
            "at each month end, the placements begun by its close (unknown ends dropped, later "
            "fee changes unknown; uplift rounds agreed apply when due) charged for the year on "
            "their basis; no demand allowance; the exact total rounded half up once; error = "
            "forecast - the year's spend"
        ),
    )


def _split(parts: CellFunding) -> FundingSplit:
    return FundingSplit.of(parts)


def _spend_figures(
    cells: Mapping[PortfolioKey, CellFunding], spend: Spend
) -> tuple[FundedFigure, ...]:
    year = spend.financial_year
    out: list[FundedFigure] = []
    total = sum_by_funding(cells, lambda k: True, year=year)
    if True in total:
        out.append(
            FundedFigure(figure="spend.total", financial_year=year, split=_split(total[True]))
        )
    for fy, parts in sorted(sum_by_funding(cells, lambda k: k.financial_year).items()):
        out.append(
            FundedFigure(figure="spend.by_financial_year", financial_year=fy, split=_split(parts))
        )
    for g, parts in sorted(sum_by_funding(cells, lambda k: k.borough, year=year).items()):
        out.append(
            FundedFigure(
                figure="spend.by_borough", financial_year=year, borough=g, split=_split(parts)
            )
        )
    for w, parts in sorted(sum_by_funding(cells, lambda k: k.workstream.value, year=year).items()):
        out.append(
            FundedFigure(
                figure="spend.by_workstream",
                financial_year=year,
                workstream=Workstream(w),
                split=_split(parts),
            )
        )
    for lot, parts in sorted(sum_by_funding(cells, lambda k: k.lot or "", year=year).items()):
        out.append(
            FundedFigure(
                figure="spend.by_lot",
                financial_year=year,
                lot=LotId(lot) if lot else None,
                split=_split(parts),
            )
        )
    for s, parts in sorted(sum_by_funding(cells, lambda k: k.service.value, year=year).items()):
        out.append(
            FundedFigure(
                figure="spend.by_service",
                financial_year=year,
                service=ServiceKind(s),
                split=_split(parts),
            )
        )
    for (g, w, lot), parts in sorted(
        sum_by_funding(
            cells, lambda k: (k.borough, k.workstream.value, k.lot or ""), year=year
        ).items()
    ):
        out.append(
            FundedFigure(
                figure="spend.by_borough_workstream_lot",
                financial_year=year,
                borough=GssCode(g),
                workstream=Workstream(w),
                lot=LotId(lot) if lot else None,
                split=_split(parts),
            )
        )
    for (fy, g), parts in sorted(
        sum_by_funding(cells, lambda k: (k.financial_year, k.borough)).items()
    ):
        out.append(
            FundedFigure(
                figure="spend.by_borough_year", financial_year=fy, borough=g, split=_split(parts)
            )
        )
    return tuple(out)


def _fee_figures(
    programme: Programme, avoidance: CostAvoidance, fees: FeeIncreases
) -> tuple[FundedFigure, ...]:
    out: list[FundedFigure] = []
    rounds = {r.id: r for r in fees.rounds}
    totals: dict[str, dict[FundingStream, Money]] = {}
    for r in avoidance.rounds:
        summary = rounds.get(r.round_id)
        if summary is None:
            continue
        lines = [line for line in avoidance.lines if line.round_id == r.round_id]
        in_year = funding_by_borough(
            (programme.placement(line.placement), line.amount)
            for line in lines
            if line.financial_year == r.financial_year
        )
        to_date = funding_by_borough(
            (programme.placement(line.placement), line.amount) for line in lines
        )
        full_year = funding_by_borough(
            (programme.placement(fl.placement), fl.amount)
            for fl in avoidance.full_year_lines
            if fl.round_id == r.round_id
        )
        for name, cells in (("in_year", in_year), ("full_year", full_year), ("to_date", to_date)):
            whole: dict[FundingStream, Money] = {}
            by_borough: dict[GssCode, dict[FundingStream, Money]] = {}
            for (g, stream), m in cells.items():
                whole[stream] = whole.get(stream, Money(0)) + m
                by_borough.setdefault(g, {})[stream] = m
            out.append(
                FundedFigure(
                    figure=f"fee_increases.round.{name}",
                    financial_year=r.financial_year,
                    workstream=r.workstream,
                    item=r.round_id,
                    split=FundingSplit.of(whole),
                )
            )
            for g, parts in sorted(by_borough.items()):
                out.append(
                    FundedFigure(
                        figure=f"fee_increases.round_borough.{name}",
                        financial_year=r.financial_year,
                        borough=g,
                        workstream=r.workstream,
                        item=r.round_id,
                        split=FundingSplit.of(parts),
                    )
                )
            if name == "to_date":
                _add(totals.setdefault(r.workstream.value, {}), whole)
    everything: dict[FundingStream, Money] = {}
    for w, parts in ((w.value, totals[w.value]) for w in Workstream if w.value in totals):
        out.append(
            FundedFigure(
                figure="fee_increases.cumulative_by_workstream",
                financial_year=fees.horizon,
                workstream=Workstream(w),
                split=FundingSplit.of(parts),
            )
        )
        for stream, m in parts.items():
            everything[stream] = everything.get(stream, Money(0)) + m
    out.append(
        FundedFigure(
            figure="fee_increases.total_to_date",
            financial_year=fees.horizon,
            split=FundingSplit.of(everything),
        )
    )
    return tuple(out)


def _add(target: dict[FundingStream, Money], parts: Mapping[FundingStream, Money]) -> None:
    for stream, m in parts.items():
        target[stream] = target.get(stream, Money(0)) + m


def _in_source_order(
    by_source: Mapping[str, dict[FundingStream, Money]],
) -> list[tuple[str, dict[FundingStream, Money]]]:
    return [(s.value, by_source[s.value]) for s in SavingSource if s.value in by_source]


def _saving_weights(
    cells: Mapping[PortfolioKey, CellFunding],
) -> Callable[[Workstream, FinancialYear], list[CellFunding]]:
    """What a saving of a workstream in a year is split in proportion to (``FUNDING_RULE``)."""
    by_workstream_year = sum_by_funding(cells, lambda k: (k.workstream, k.financial_year))
    by_workstream = sum_by_funding(cells, lambda k: k.workstream)

    def weights(workstream: Workstream, fy: FinancialYear) -> list[CellFunding]:
        found = by_workstream_year.get((workstream, fy))
        if found is not None:
            return [found]
        # a saving in a year with no spend of its workstream: its spend in every year; with
        # none at all, the workstream's lead stream (whose budget the programme's is)
        if workstream in by_workstream:
            return [by_workstream[workstream]]
        return [{lead_stream(workstream): Money(1)}]

    return weights


def _savings_figures(
    cells: Mapping[PortfolioKey, CellFunding], savings: Savings
) -> tuple[FundedFigure, ...]:
    year = savings.financial_year
    weights = _saving_weights(cells)
    out: list[FundedFigure] = []
    in_year: dict[FundingStream, Money] = {}
    to_date: dict[FundingStream, Money] = {}
    source_year: dict[str, dict[FundingStream, Money]] = {}
    source_to_date: dict[str, dict[FundingStream, Money]] = {}
    borough_year: dict[GssCode, dict[FundingStream, Money]] = {}
    borough_to_date: dict[GssCode, dict[FundingStream, Money]] = {}
    for ra in savings.shares:
        r = ra.record
        w = weights(r.workstream, r.financial_year)
        whole = weighted_split(r.amount, w)
        out.append(
            FundedFigure(
                figure="savings.record",
                financial_year=r.financial_year,
                workstream=r.workstream,
                item=r.id,
                split=FundingSplit.of(whole),
            )
        )
        _add(to_date, whole)
        _add(source_to_date.setdefault(r.source.value, {}), whole)
        if r.financial_year == year:
            _add(in_year, whole)
            _add(source_year.setdefault(r.source.value, {}), whole)
        for g, part in ra.attribution.parts.items():
            parts = weighted_split(part, w)
            _add(borough_to_date.setdefault(g, {}), parts)
            if r.financial_year == year:
                _add(borough_year.setdefault(g, {}), parts)
    out.append(
        FundedFigure(figure="savings.total", financial_year=year, split=FundingSplit.of(in_year))
    )
    out.append(
        FundedFigure(figure="savings.to_date", financial_year=year, split=FundingSplit.of(to_date))
    )
    for source, parts in _in_source_order(source_year):
        out.append(
            FundedFigure(
                figure="savings.by_source",
                financial_year=year,
                item=source,
                split=FundingSplit.of(parts),
            )
        )
    for source, parts in _in_source_order(source_to_date):
        out.append(
            FundedFigure(
                figure="savings.to_date_by_source",
                financial_year=year,
                item=source,
                split=FundingSplit.of(parts),
            )
        )
    for a in savings.attribution:
        out.append(
            FundedFigure(
                figure="savings.attribution.savings",
                financial_year=year,
                borough=a.gss_code,
                split=FundingSplit.of(borough_year.get(a.gss_code, {})),
            )
        )
        out.append(
            FundedFigure(
                figure="savings.attribution.to_date_savings",
                financial_year=year,
                borough=a.gss_code,
                split=FundingSplit.of(borough_to_date.get(a.gss_code, {})),
            )
        )
    return tuple(out)


def _covered_by(budget: Budget) -> Callable[[PortfolioKey], bool]:
    def covered(k: PortfolioKey) -> bool:
        return (
            k.borough == budget.borough
            and k.workstream is budget.workstream
            and (budget.service is None or k.service is budget.service)
        )

    return covered


def _budget_figures(
    cells: Mapping[PortfolioKey, CellFunding], budgets: Iterable[BudgetLine]
) -> tuple[FundedFigure, ...]:
    out: list[FundedFigure] = []
    for line in budgets:
        b = line.assessed.budget
        out.append(
            FundedFigure(
                figure="budget.amount",
                financial_year=b.financial_year,
                borough=b.borough,
                workstream=b.workstream,
                service=b.service,
                split=FundingSplit.of({lead_stream(b.workstream): b.amount}),
            )
        )
        # the budget section's costed spend is rounded on its own: split that figure, in
        # proportion to the streams of the spend cells it covers
        covered = sum_by_funding(cells, _covered_by(b), year=b.financial_year)
        out.append(
            FundedFigure(
                figure="budget.costed_spend",
                financial_year=b.financial_year,
                borough=b.borough,
                workstream=b.workstream,
                service=b.service,
                split=FundingSplit.of(weighted_split(line.assessed.costed_spend, covered.values())),
            )
        )
    return tuple(out)


def build_funding(
    programme: Programme,
    *,
    cost: PortfolioCost,
    spend: Spend,
    avoidance: CostAvoidance | None,
    fees: FeeIncreases | None,
    savings: Savings | None,
    budgets: Iterable[BudgetLine],
    borough: BoroughDrillDown | None = None,
    market: MarketPosition | None = None,
    book: MarketBook | None = None,
) -> Funding:
    """Every money figure of the given sections split by funding stream (``FUNDING_RULE``).

    Args:
        programme: the programme.
        cost: the report's costed portfolio (every year it shows).
        spend: the spend section built from ``cost``.
        avoidance: the report's cost avoidance, with ``fees`` built from it.
        fees: the fee-increase section, or ``None``.
        savings: the savings section, or ``None``.
        budgets: the budget lines of the year.
        borough: the borough drill-down built from the same figures, or ``None``.
        market: the market section built from ``cost``, or ``None``.
        book: the market book ``market`` was described from (needed with ``market``: it
            says which provider belongs to which group).
    """
    cells = split_cells_by_funding(programme, cost)
    return Funding(
        rule=FUNDING_RULE,
        spend=_spend_figures(cells, spend),
        fee_increases=()
        if avoidance is None or fees is None
        else _fee_figures(programme, avoidance, fees),
        savings=() if savings is None else _savings_figures(cells, savings),
        budgets=_budget_figures(cells, budgets),
        borough=()
        if borough is None
        else _borough_figures(programme, cells, borough, spend.financial_year, avoidance),
        market=() if market is None or book is None else _market_figures(cells, market, book),
    )


def _borough_figures(
    programme: Programme,
    cells: Mapping[PortfolioKey, CellFunding],
    drill: BoroughDrillDown,
    year: FinancialYear,
    avoidance: CostAvoidance | None,
) -> tuple[FundedFigure, ...]:
    """The drill-down's money figures by stream: spend from its cells, savings as the savings
    section splits them, avoidance line by line, contributions to the lead stream."""
    gss = drill.gss_code
    own = {k: v for k, v in cells.items() if k.borough == gss}
    out: list[FundedFigure] = []
    whole = sum_by_funding(own, lambda k: True, year=year)
    out.append(
        FundedFigure(
            figure="borough.spend",
            financial_year=year,
            borough=gss,
            split=FundingSplit.of(whole.get(True, {})),
        )
    )
    for w, parts in sorted(sum_by_funding(own, lambda k: k.workstream.value, year=year).items()):
        out.append(
            FundedFigure(
                figure="borough.spend_by_workstream",
                financial_year=year,
                borough=gss,
                workstream=Workstream(w),
                split=FundingSplit.of(parts),
            )
        )
    for lot, parts in sorted(sum_by_funding(own, lambda k: k.lot or "", year=year).items()):
        out.append(
            FundedFigure(
                figure="borough.spend_by_lot",
                financial_year=year,
                borough=gss,
                lot=LotId(lot) if lot else None,
                split=FundingSplit.of(parts),
            )
        )
    for x, parts in sorted(sum_by_funding(own, lambda k: k.service.value, year=year).items()):
        out.append(
            FundedFigure(
                figure="borough.spend_by_service",
                financial_year=year,
                borough=gss,
                service=ServiceKind(x),
                split=FundingSplit.of(parts),
            )
        )
    weights = _saving_weights(cells)
    in_year: dict[FundingStream, Money] = {}
    to_date: dict[FundingStream, Money] = {}
    for c in drill.savings:
        parts = weighted_split(c.amount, weights(c.workstream, c.financial_year))
        out.append(
            FundedFigure(
                figure="borough.saving",
                financial_year=c.financial_year,
                borough=gss,
                workstream=c.workstream,
                item=c.id,
                split=FundingSplit.of(parts),
            )
        )
        _add(to_date, parts)
        if c.financial_year == year:
            _add(in_year, parts)
    for name, parts in (("borough.attributed", in_year), ("borough.attributed_to_date", to_date)):
        out.append(
            FundedFigure(
                figure=name, financial_year=year, borough=gss, split=FundingSplit.of(parts)
            )
        )
    rounds: dict[tuple[str, FinancialYear, Workstream], dict[FundingStream, Money]] = {}
    if avoidance is not None:
        for line in avoidance.lines:
            if line.borough == gss and line.financial_year <= year:
                key = (line.round_id, line.financial_year, line.workstream)
                placement = programme.placement(line.placement)
                _add(rounds.setdefault(key, {}), split_by_funding(line.amount, placement.funding))
    for a in drill.avoidance:
        out.append(
            FundedFigure(
                figure="borough.avoidance",
                financial_year=a.financial_year,
                borough=gss,
                workstream=a.workstream,
                item=a.round_id,
                split=FundingSplit.of(rounds.get((a.round_id, a.financial_year, a.workstream), {})),
            )
        )
    for contribution in drill.contributions:
        out.append(
            FundedFigure(
                figure="borough.contribution",
                financial_year=contribution.financial_year,
                borough=gss,
                workstream=contribution.workstream,
                split=FundingSplit.of({lead_stream(contribution.workstream): contribution.amount}),
            )
        )
    return tuple(out)


def _market_figures(
    cells: Mapping[PortfolioKey, CellFunding], market: MarketPosition, book: MarketBook
) -> tuple[FundedFigure, ...]:
    """Each provider group's spend, and each organisation's spend per lot and per kind of
    placement, summed from the spend cells as the market section sums their pence."""
    year = market.financial_year
    with_provider = {k: v for k, v in cells.items() if k.provider is not None}

    def group(k: PortfolioKey) -> str:
        return str(book.group_of(k.provider or ""))

    out: list[FundedFigure] = []
    groups = sum_by_funding(with_provider, group, year=year)
    for g in market.groups:
        out.append(
            FundedFigure(
                figure="market.group_spend",
                financial_year=year,
                item=g.group,
                split=FundingSplit.of(groups.get(g.group, {})),
            )
        )
    by_lot = sum_by_funding(with_provider, lambda k: (k.lot or "", group(k)), year=year)
    by_service = sum_by_funding(with_provider, lambda k: (k.service.value, group(k)), year=year)
    for c in market.concentration:
        if c.basis is not ShareBasis.SPEND:
            continue
        for share in c.shares:
            parts = (by_lot if c.dimension == "lot" else by_service).get(
                (c.market, str(share.group)), {}
            )
            out.append(
                FundedFigure(
                    figure=f"market.spend_by_{c.dimension}",
                    financial_year=year,
                    lot=(LotId(c.market) if c.market else None) if c.dimension == "lot" else None,
                    service=ServiceKind(c.market) if c.dimension == "service" else None,
                    item=share.group,
                    split=FundingSplit.of(parts),
                )
            )
    return tuple(out)


def call_off_funding(programme: Programme, call_offs: CallOffs) -> tuple[FundedFigure, ...]:
    """Each vehicle's call-off value by year and lot, and by year, split by funding stream
    (:func:`slcp.finance.split_call_offs_by_funding`).

    Args:
        programme: the programme the call-offs were counted from.
        call_offs: the report's call-offs section.

    Returns:
        Per vehicle, its ``call_offs.by_lot`` figures (``item`` the vehicle, ``lot`` the lot)
        then a ``call_offs.total`` per year (the sum of its lines' streams), in the section's
        order.
    """
    out: list[FundedFigure] = []
    for v in call_offs.vehicles:
        split = split_call_offs_by_funding(programme, v.activity)
        totals: dict[DateRange, dict[FundingStream, Money]] = {}
        for line in v.activity.lines:
            parts = split[(line.period, line.lot)]
            out.append(
                FundedFigure(
                    figure="call_offs.by_lot",
                    financial_year=FinancialYear.containing(line.period.start),
                    lot=line.lot,
                    item=v.vehicle,
                    split=FundingSplit.of(parts),
                )
            )
            _add(totals.setdefault(line.period, {}), parts)
        for fy in v.years:
            out.append(
                FundedFigure(
                    figure="call_offs.total",
                    financial_year=fy,
                    item=v.vehicle,
                    split=FundingSplit.of(totals.get(fy.range, {})),
                )
            )
    return tuple(out)


def send_cost_funding(programme: Programme, send: SendSection) -> tuple[FundedFigure, ...]:
    """Each setting's weekly cost total on census day split by funding stream.

    A weekly total is the sum of the matched placements' weekly fees on census day (uplift
    rounds applied, each a whole penny); each fee is split by its placement's shares by
    largest remainder (:func:`slcp.finance.split_by_funding`) and the parts summed, so the
    streams add up to the total exactly.

    Args:
        programme: the programme the return was joined to.
        send: the report's SEND-return section.

    Returns:
        One ``send.weekly_total`` per setting of ``send.summary.commissioning.cost_per_plan``
        (``item`` the setting, ``financial_year`` the census day's, ``borough`` the borough
        compared), in its order; empty without a join.

    Raises:
        InvalidValueError: the fees found again do not sum to the section's weekly total (the
            section was joined to another programme).
    """
    join = send.summary.commissioning
    if join is None:
        return ()
    day = join.census_date
    providers = {p.id: p for p in programme.providers}
    parts: dict[str, dict[FundingStream, Money]] = {}
    fees: dict[str, int] = {}
    for m in join.matched:
        pl = programme.placement(m.placement)
        provider = providers.get(pl.provider) if pl.provider is not None else None
        fee = fee_on(
            pl, day, programme.uplift_rounds, tier=provider.tier if provider else None
        ).weekly_fee
        _add(parts.setdefault(m.setting.value, {}), split_by_funding(fee, pl.funding))
        fees[m.setting.value] = fees.get(m.setting.value, 0) + fee.pence
    year = FinancialYear.containing(day)
    out: list[FundedFigure] = []
    for c in join.cost_per_plan:
        setting = c.setting.value
        if fees.get(setting, 0) != c.weekly_total.pence:
            raise InvalidValueError(
                "the matched placements' fees do not make the setting's weekly total",
                field="send",
                value=setting,
                expected=f"{c.weekly_total}",
            )
        out.append(
            FundedFigure(
                figure="send.weekly_total",
                financial_year=year,
                borough=join.borough,
                item=setting,
                split=FundingSplit.of(parts.get(setting, {})),
            )
        )
    return tuple(out)


def _of_kinds(services: frozenset[ServiceKind]) -> Callable[[PortfolioKey], bool]:
    def of_kinds(k: PortfolioKey) -> bool:
        return k.workstream is Workstream.LAC and k.service in services

    return of_kinds


def demand_cost_funding(
    programme: Programme, cost: PortfolioCost, outlook: DemandOutlook, year: FinancialYear
) -> tuple[FundedFigure, ...]:
    """The demand outlook's forecast cost by funding stream (an assumption).

    The forecast is of placement groups, not placements, so each group's cost in each year
    is split in proportion to the streams of the report year's looked-after spend on the
    programme's placements of the group's kinds (:data:`slcp.demand.GROUP_SERVICES`; the
    spend cells' split, :func:`slcp.finance.split_cells_by_funding`), by largest remainder;
    a group with no such spend goes to social care, the looked-after lead stream. A year's
    cost is split as the sum of its groups' parts, so the streams add up to it exactly.

    Args:
        programme: the programme.
        cost: the report's costed portfolio (``year`` among its years).
        outlook: the report's demand outlook.
        year: the report year, whose spend weights the split.

    Returns:
        For the partnership then each area, per projected year: ``market_demand.cost`` (the
        year's cost; ``borough`` the area, ``None`` for the partnership and for no area,
        ``item`` ``"all"`` for the partnership) then one ``market_demand.cost_by_group``
        per priced group (``item`` the group, ``"all:"`` before it for the partnership);
        empty without a priced outlook.
    """
    priced = outlook.cost
    if priced is None:
        return ()
    cells = split_cells_by_funding(programme, cost)
    weights: dict[PlacementGroup, list[CellFunding]] = {}
    for group, services in GROUP_SERVICES.items():
        found = sum_by_funding(cells, _of_kinds(services), year=year).get(True)
        weights[group] = [found] if found and any(m.pence > 0 for m in found.values()) else []
    lead = {lead_stream(Workstream.LAC): Money(1)}
    out: list[FundedFigure] = []
    for area in (priced.total, *priced.areas):
        for y in area.years:
            whole: dict[FundingStream, Money] = {}
            groups: list[FundedFigure] = []
            for group, amount in y.by_group:
                parts = weighted_split(amount, weights[group] or [lead])
                _add(whole, parts)
                groups.append(
                    FundedFigure(
                        figure="market_demand.cost_by_group",
                        financial_year=y.year,
                        borough=area.area,
                        item=f"all:{group.value}" if area.all_areas else group.value,
                        split=FundingSplit.of(parts),
                    )
                )
            split = FundingSplit.of(whole)
            if split.amount != y.total:
                raise InvalidValueError(
                    "the forecast's groups do not add up to its year",
                    field="outlook",
                    value=str(y.year),
                    expected=str(y.total),
                )
            out.append(
                FundedFigure(
                    figure="market_demand.cost",
                    financial_year=y.year,
                    borough=area.area,
                    item="all" if area.all_areas else None,
                    split=split,
                )
            )
            out += groups
    return tuple(out)
