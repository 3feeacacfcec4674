"""Computing the report model: every calculation the report needs, each run once.

The portfolio is costed once (every year from the first placement's to the report year) and
cost avoidance measured once; the overview, the pricing section and the savings section's
business-case check all read the same spend, and the fee-increase section and the savings
ledger the same avoidance.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

import slcp
from slcp.demand import DemandOutlook, RegisteredPlaces, outlook_demand
from slcp.domain import (
    DynamicPurchasingSystem,
    FrameworkAgreement,
    GssCode,
    LotId,
    Placement,
    Programme,
    SavingSource,
    ServiceKind,
    VehicleId,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.market import MarketBook, describe_market, sample_market_of
from slcp.money import Money, round_pence
from slcp.outcomes import (
    OutcomesFramework,
    OutcomeStatus,
    ReviewTimeliness,
    benchmark_lots,
    cap_assessment_day,
    default_outcomes_framework,
    outcome_statuses,
    partnership_medians,
    review_timeliness,
    score_providers,
    summarise_concerns,
)
from slcp.periods import DateRange, FinancialYear
from slcp.pricing import (
    AvoidanceConvention,
    CallOffActivity,
    CostAvoidance,
    PortfolioCost,
    PortfolioKey,
    assess_budgets,
    call_off_activity,
    compare_avoidance_conventions,
    cost_avoidance,
    cost_portfolio,
)
from slcp.report._model import (
    EMBEDDED_SAMPLE,
    PROGRAMME_IN_CODE,
    Assumption,
    BoroughAttribution,
    BoroughAvoidance,
    BoroughDrillDown,
    BoroughOverview,
    BoroughReturn,
    BoroughStability,
    BudgetLine,
    CallOffs,
    CreditedSaving,
    CumulativeAvoidance,
    FeeIncreases,
    FrameworkBusinessCase,
    FrameworkBusinessCaseYear,
    IcaProgress,
    KpiLine,
    Overview,
    ProgrammeReturns,
    Provenance,
    ProviderScore,
    Report,
    RoundBorough,
    RoundSummary,
    Savings,
    Scorecards,
    SourceAmount,
    Spend,
    SpendLine,
    Stability,
    VehicleCallOffs,
    WorkstreamProgrammeReturn,
    WorkstreamReturn,
    YearAmount,
)
from slcp.report._sample_places import sample_registered_places
from slcp.report._send import SendInput, build_send_section
from slcp.savings import (
    AttributionMethod,
    OwedAmounts,
    ReturnOnInvestment,
    SavingsAttribution,
    SavingsLedger,
    attribute_savings,
    basis_of_saving,
    basis_of_source,
    build_ledger,
    check_business_case,
    measure_payback,
    measure_return,
    parse_attribution_method,
    summarise_returns,
)
from slcp.timeline import Source, SourceKind

if TYPE_CHECKING:  # the finance modules are imported when a finance section is built
    from slcp.finance import Invoice, PooledBudget

__all__ = ["ATTRIBUTION_RULES", "NO_LOT_NAME", "ReportOptions", "build_report", "resolve_borough"]

#: How the report names the spend of placements outside any lot.
NO_LOT_NAME = "no lot (spot, in-house or block)"

#: Each attribution method's rule in words, as the report states it.
ATTRIBUTION_RULES = {
    AttributionMethod.DEFAULT: "direct where a saving belongs to one borough, "
    "by placement-weeks during membership otherwise",
    AttributionMethod.DIRECT: "each saving stays with the borough it belongs to",
    AttributionMethod.SPEND: "in proportion to spend during membership",
    AttributionMethod.VOLUME: "in proportion to placement-weeks during membership",
    AttributionMethod.EQUAL_SHARES: "equal shares, pro rata by days of membership",
    AttributionMethod.EQUAL_PRICE: "equal-price gains under a linear volume-price curve",
    AttributionMethod.SHAPLEY: "Shapley values under a linear volume-price curve",
}

#: A callback told the name of each step as it starts (for progress on a terminal).
Progress = Callable[[str], None]


@attrs.frozen(kw_only=True)
class ReportOptions:
    """What the report is for.

    Attributes:
        financial_year: the year reported on (spend counts the days of each placement within
            it, on the placement's charging basis, at the fees paid including uplift rounds).
        attribution: the savings attribution method's name, or ``None`` for the default.
        outcomes_framework: the KPIs providers are scored on in the outcomes section, or
            ``None`` for :func:`~slcp.outcomes.default_outcomes_framework`; the thresholds
            in force on the year's last day are applied.
        input_name: the input's name for the report's provenance (a file name), or ``None``
            for a programme passed in code (or the embedded sample when ``synthetic``).
        input_sha256: the input file's SHA-256 in hex, when read from a file.
        synthetic: True when the programme is the embedded synthetic sample.
        borough: a borough to drill down into (its GSS code or its name, any case), or
            ``None``.
        send: a SEN2 return for the SEND-return section, or ``None`` for no such section.
        market: the provider groups, vacancies, referrals and awards the market section
            reads; ``None`` for the sample's own book (:func:`~slcp.market.sample_market`)
            when ``synthetic``, otherwise an empty book (every provider its own organisation,
            no vacancies or referrals).
        finance: add the finance section (the forecast made at each month end against the
            year's spend) and the funding section (every money figure by funding stream);
            implied by ``forecast_as_of`` and ``invoices``. Off by default: they double the
            time the report takes (decision 1006).
        forecast_as_of: the day to make the finance section's full forecast outturn on
            (lines by borough, workstream, service and funding stream, by month), or
            ``None`` for only the forecasts made at each month end (always present).
        invoices: invoices to reconcile in the finance section, or ``None``.
        invoices_name: where the invoices came from (a file's name), for the report.
        pools: pooled budgets to set against the forecast in the finance section (any given
            implies ``finance``); ``None`` for the sample's own
            (:func:`~slcp.finance.sample_pooled_budgets`) when ``synthetic``, else none.
        registered_places: places registered near each borough (a registered places table),
            for the market section's sufficiency gap; ``None`` for the sample's synthetic
            places (:func:`~slcp.report.sample_registered_places`) when ``synthetic``,
            otherwise no gap is shown.
    """

    financial_year: FinancialYear
    attribution: str | None = None
    outcomes_framework: OutcomesFramework | None = None
    input_name: str | None = None
    input_sha256: str | None = None
    synthetic: bool = False
    borough: str | None = None
    send: SendInput | None = None
    market: MarketBook | None = None
    finance: bool = False
    forecast_as_of: dt.date | None = None
    invoices: tuple[Invoice, ...] | None = None
    invoices_name: str | None = None
    pools: tuple[PooledBudget, ...] | None = None
    registered_places: tuple[RegisteredPlaces, ...] | None = None


def _version() -> str:
    # the package's own constant, which the installed metadata is built from (importing
    # importlib.metadata to read it back would cost the report about 30 ms)
    return slcp.__version__


def _years(first: FinancialYear, last: FinancialYear) -> list[FinancialYear]:
    out = [first]
    while out[-1] < last:
        out.append(out[-1].next())
    return out


def _first_year(programme: Programme, year: FinancialYear) -> FinancialYear:
    starts = [p.period.start for p in programme.placements]
    first = FinancialYear.containing(min(starts)) if starts else year
    return min(first, year)


def _names(programme: Programme) -> dict[str, str]:
    return {b.gss_code: b.name for b in programme.boroughs}


def _lot_names(programme: Programme) -> dict[str, str]:
    return {lot.id: lot.name for v in programme.vehicles for lot in getattr(v, "lots", ())}


def _overview(programme: Programme, year: FinancialYear, spend: dict[GssCode, Money]) -> Overview:
    active: Counter[str] = Counter(p.borough for p in programme.placements_in(year.range))
    in_year = [m for m in programme.memberships if m.period.overlaps(year.range)]
    rows = []
    for b in sorted(programme.boroughs, key=lambda b: b.name):
        streams = tuple(
            w
            for w in Workstream
            if any(m.borough == b.gss_code and m.workstream is w for m in in_year)
        )
        rows.append(
            BoroughOverview(
                name=b.name,
                gss_code=b.gss_code,
                dfe_code=b.dfe_code,
                workstreams=streams,
                placements=active.get(b.gss_code, 0),
                spend=spend.get(b.gss_code, Money(0)),
            )
        )
    host = programme.host
    return Overview(
        programme=programme.name,
        host=host,
        host_name=programme.borough(host).name if programme.has_borough(host) else host,
        financial_year=year,
        boroughs=tuple(rows),
        total_spend=sum((r.spend for r in rows), Money(0)),
    )


def _spend(programme: Programme, cost: PortfolioCost, year: FinancialYear) -> Spend:
    names = _names(programme)
    lots = _lot_names(programme)

    def lot_name(lot: str) -> str:
        return lots.get(lot, lot) if lot else NO_LOT_NAME

    by_borough = cost.total_by(lambda k: k.borough, year=year)
    by_workstream = cost.total_by(lambda k: k.workstream.value, year=year)
    by_lot = cost.total_by(lambda k: k.lot or "", year=year)
    by_service = cost.total_by(lambda k: k.service.value, year=year)
    cells = cost.total_by(lambda k: (k.borough, k.workstream.value, k.lot or ""), year=year)
    return Spend(
        financial_year=year,
        total=cost.total(year),
        by_financial_year=tuple(
            YearAmount(financial_year=y, amount=cost.total(y)) for y in cost.years
        ),
        by_borough=tuple(
            SpendLine(borough=g, borough_name=names.get(g, g), amount=m)
            for g, m in by_borough.items()
        ),
        by_workstream=tuple(
            SpendLine(workstream=Workstream(w), amount=m) for w, m in by_workstream.items()
        ),
        by_lot=tuple(
            SpendLine(lot=LotId(lot) if lot else None, lot_name=lot_name(lot), amount=m)
            for lot, m in by_lot.items()
        ),
        by_service=tuple(
            SpendLine(service=ServiceKind(s), amount=m) for s, m in by_service.items()
        ),
        by_borough_workstream_lot=tuple(
            SpendLine(
                borough=GssCode(g),
                borough_name=names.get(g, g),
                workstream=Workstream(w),
                lot=LotId(lot) if lot else None,
                lot_name=lot_name(lot),
                amount=m,
            )
            for (g, w, lot), m in cells.items()
        ),
        method=cost.method,
        by_borough_year=tuple(
            (
                y,
                tuple(
                    SpendLine(borough=g, borough_name=names.get(g, g), amount=m)
                    for g, m in cost.total_by(lambda k: k.borough, year=y).items()
                ),
            )
            for y in cost.years
        ),
        members_by_year=tuple((y, _members(programme, y)) for y in cost.years)
        if programme.memberships
        else (),
    )


def _members(programme: Programme, year: FinancialYear) -> tuple[GssCode, ...]:
    """The boroughs that belonged to any workstream on at least one day of ``year``."""
    within = year.range
    return tuple(
        sorted({m.borough for m in programme.memberships if m.period.intersection(within)})
    )


def _fee_increases(
    programme: Programme, avoidance: CostAvoidance, year: FinancialYear
) -> FeeIncreases:
    names = _names(programme)
    timing = {r.id: r.timing.value for r in programme.uplift_rounds}
    # the lines read once, grouped by round (in their order), and each workstream's pence
    # through the year summed as they go: what ``avoidance.by_workstream(through=year)``
    # adds up, in integers
    lines_of: dict[str, list[tuple[str, FinancialYear, int]]] = {}
    through: dict[Workstream, int] = {}
    for line in avoidance.lines:
        pence = line.amount.pence
        lines_of.setdefault(line.round_id, []).append((line.borough, line.financial_year, pence))
        if line.financial_year <= year:
            through[line.workstream] = through.get(line.workstream, 0) + pence
    full_lines_of: dict[str, list[tuple[str, int]]] = {}
    for fl in avoidance.full_year_lines:
        full_lines_of.setdefault(fl.round_id, []).append((fl.borough, fl.amount.pence))
    rounds = []
    for r in avoidance.rounds:
        boroughs: dict[str, list[int]] = {}
        for borough, fy, pence in lines_of.get(r.round_id, ()):
            row = boroughs.setdefault(borough, [0, 0, 0])
            row[2] += pence
            if fy == r.financial_year:
                row[0] += pence
        for borough, pence in full_lines_of.get(r.round_id, ()):
            boroughs.setdefault(borough, [0, 0, 0])[1] += pence
        rounds.append(
            RoundSummary(
                id=r.round_id,
                workstream=r.workstream,
                financial_year=r.financial_year,
                timing=timing.get(r.round_id),
                placements=r.placements,
                requested_average=r.requested_average,
                agreed_average=r.agreed_average,
                in_year=r.in_year,
                full_year=r.full_year,
                to_date=r.total,
                by_borough=tuple(
                    RoundBorough(
                        gss_code=GssCode(g),
                        name=names.get(g, g),
                        in_year=Money(v[0]),
                        full_year=Money(v[1]),
                        to_date=Money(v[2]),
                    )
                    for g, v in sorted(boroughs.items())
                ),
            )
        )
    cumulative = []
    for w in Workstream:
        firsts = [r.financial_year for r in avoidance.rounds if r.workstream is w]
        if firsts:
            cumulative.append(
                CumulativeAvoidance(
                    workstream=w,
                    since=min(firsts),
                    through=year,
                    amount=Money(through.get(w, 0)),
                )
            )
    return FeeIncreases(
        horizon=avoidance.horizon,
        rounds=tuple(rounds),
        cumulative_by_workstream=tuple(cumulative),
        total_to_date=sum((r.to_date for r in rounds), Money(0)),
        method=avoidance.method,
    )


def _years_through(
    ledger: SavingsLedger, programme: Programme, year: FinancialYear
) -> tuple[FinancialYear, ...]:
    firsts = [r.financial_year for r in ledger.records] + [
        c.financial_year for c in programme.contributions
    ]
    start = min((y for y in firsts if y <= year), default=year)
    return tuple(_years(start, year))


def _savings(
    programme: Programme,
    method: AttributionMethod,
    year: FinancialYear,
    avoidance: CostAvoidance | None,
    spend_total: Money,
) -> Savings:
    ledger = build_ledger(programme, horizon=year, avoidance=avoidance).through_year(year)
    in_year = ledger.for_year(year)
    attribution: SavingsAttribution = attribute_savings(programme, ledger, method)
    years = _years_through(ledger, programme, year)
    names = _names(programme)
    involved = sorted(
        set(attribution.by_borough)
        | {c.borough for c in programme.contributions if c.financial_year <= year},
        key=lambda g: (names.get(g, g), g),
    )
    # each (borough, years, workstream) return measured once and shared by the borough and
    # programme rows
    memo: dict[tuple[str, bool, Workstream | None], ReturnOnInvestment] = {}
    # and each contribution owed worked out once for all of them and the paybacks
    owed: OwedAmounts = {}

    def ret(gss: str, to_date: bool, ws: Workstream | None = None) -> ReturnOnInvestment:
        key = (gss, to_date, ws)
        if key not in memo:
            memo[key] = measure_return(
                programme,
                attribution,
                gss,
                years=years if to_date else (year,),
                workstream=ws,
                owed=owed,
            )
        return memo[key]

    attributed = []
    borough_rows = []
    for gss in involved:
        name = names.get(gss, gss)
        attributed.append(
            BoroughAttribution(
                gss_code=GssCode(gss),
                name=name,
                savings=attribution.amount_for(gss, financial_year=year),
                to_date_savings=attribution.by_borough.get(gss, Money(0)),
            )
        )
        streams = []
        for ws in Workstream:
            r, to_date = ret(gss, False, ws), ret(gss, True, ws)
            if r.contribution.pence or r.savings.pence or to_date.contribution.pence:
                streams.append(WorkstreamReturn(workstream=ws, year=r, to_date=to_date))
        borough_rows.append(
            BoroughReturn(
                gss_code=GssCode(gss),
                name=name,
                year=ret(gss, False),
                to_date=ret(gss, True),
                payback=measure_payback(programme, attribution, gss, years=years, owed=owed),
                workstreams=tuple(streams),
            )
        )
    stream_rows = []
    for ws in Workstream:
        one = [ret(g, False, ws) for g in involved]
        every = [ret(g, True, ws) for g in involved]
        one = [r for r in one if r.contribution.pence or r.savings.pence]
        every = [r for r in every if r.contribution.pence or r.savings.pence]
        if one or every:
            stream_rows.append(
                WorkstreamProgrammeReturn(
                    workstream=ws, year=summarise_returns(one), to_date=summarise_returns(every)
                )
            )
    return Savings(
        financial_year=year,
        years=years,
        total=in_year.total,
        by_source=tuple(SourceAmount(source=s, amount=m) for s, m in in_year.by_source().items()),
        to_date=ledger.total,
        to_date_by_source=tuple(
            SourceAmount(source=s, amount=m) for s, m in ledger.by_source().items()
        ),
        records=ledger.records,
        method=method,
        rule=ATTRIBUTION_RULES[method],
        attribution=tuple(attributed),
        roi=tuple(borough_rows),
        programme=ProgrammeReturns(
            year=summarise_returns([ret(g, False) for g in involved]),
            to_date=summarise_returns([ret(g, True) for g in involved]),
            workstreams=tuple(stream_rows),
        ),
        business_case=check_business_case(in_year.total, spend_total)
        if spend_total.pence > 0
        else None,
        shares=attribution.records,
    )


#: The convention cost avoidance is measured by, as the report's assumptions list states it.
AVOIDANCE_CONVENTION = Source(
    kind=SourceKind.ASSUMPTION,
    citation="slcp convention (decision 0305): each uplift round is measured against the fees "
    "before it (per round); the interaction between rounds is not counted",
)


def _label_savings(programme: Programme, savings: Savings) -> Savings:
    # each record's basis, the sources resting on assumptions and each borough's flags
    year = savings.financial_year
    bases = tuple(basis_of_saving(r) for r in savings.records)
    assumed = {r.id for r, b in zip(savings.records, bases, strict=True) if b.is_assumption}
    sources = tuple(
        s for s in SavingSource if any(r.source is s and r.id in assumed for r in savings.records)
    )
    assumed_contribution = {
        c.borough
        for c in programme.contributions
        if c.financial_year <= year
        and c.source is not None
        and basis_of_source(c.source).is_assumption
    }
    credited: set[str] = set()
    if assumed:
        for ra in savings.shares:
            if ra.record.id in assumed:
                credited.update(g for g, m in ra.attribution.parts.items() if m.pence)
    roi = tuple(
        attrs.evolve(
            b,
            assumption_flags=tuple(
                flag
                for flag, on in (
                    ("contribution", b.gss_code in assumed_contribution),
                    ("savings", b.gss_code in credited),
                )
                if on
            ),
        )
        for b in savings.roi
    )
    return attrs.evolve(savings, record_bases=bases, assumed_sources=sources, roi=roi)


def _assumptions(
    programme: Programme, savings: Savings | None, options: ReportOptions, method: AttributionMethod
) -> tuple[Assumption, ...]:
    year = options.financial_year
    out: list[Assumption] = []
    contributions: dict[Source, list[int]] = {}
    for c in programme.contributions:
        if (
            c.financial_year <= year
            and c.source is not None
            and basis_of_source(c.source).is_assumption
        ):
            contributions.setdefault(c.source, []).append(c.amount.pence)
    for source, amounts in contributions.items():
        streams = sorted(
            {c.workstream.value.upper() for c in programme.contributions if c.source == source}
        )
        out.append(
            Assumption(
                subject=f"{', '.join(streams)} contributions",
                source=source,
                affects="contributions and every return on investment they enter "
                "(full-year amounts to date, before pro rata by membership)",
                amount=Money(sum(amounts)),
            )
        )
    if savings is not None:
        groups: dict[tuple[SavingSource, Source], int] = {}
        for r, b in zip(savings.records, savings.record_bases, strict=True):
            if b.is_assumption:
                key = (r.source, r.evidence)
                groups[key] = groups.get(key, 0) + r.amount.pence
        for (src, ev), pence in groups.items():
            out.append(
                Assumption(
                    subject=f"{src.value.replace('_', ' ')} savings",
                    source=ev,
                    affects="savings to date and the returns of the boroughs credited",
                    amount=Money(pence),
                )
            )
    if options.attribution is None:
        out.append(
            Assumption(
                subject="attribution method",
                source=Source(
                    kind=SourceKind.ASSUMPTION,
                    citation="slcp default (decision 0600): " + ATTRIBUTION_RULES[method],
                ),
                affects="every borough's savings and return",
            )
        )
    if programme.uplift_rounds:
        out.append(
            Assumption(
                subject="cost-avoidance convention",
                source=AVOIDANCE_CONVENTION,
                affects="fee-increase cost avoidance and the savings derived from it",
            )
        )
    return tuple(out)


#: What the framework business-case check compares, as the report states it.
FRAMEWORK_BUSINESS_CASE_BASIS = (
    "the {workstream} workstream's savings in each financial year against spend on placements "
    "called off the framework's lots, from go-live on {go_live}; before go-live the test does "
    "not apply (the 5-8% was the framework's business case, seed 004 §5.3.1)"
)


def _on_lots(workstream: Workstream, lots: set[LotId]) -> Callable[[PortfolioKey], bool]:
    def key(k: PortfolioKey) -> bool:
        return k.workstream is workstream and k.lot in lots

    return key


def _framework_business_cases(
    programme: Programme, cost: PortfolioCost, savings: Savings
) -> tuple[FrameworkBusinessCase, ...]:
    out = []
    for v in programme.vehicles:
        if not isinstance(v, FrameworkAgreement):
            continue
        lots = {lot.id for lot in v.lots}
        rows = []
        for y in savings.years:
            live = y.range.intersection(DateRange(start=v.start, end=None))
            days = 0 if live is None else live.days
            year_savings = sum(
                (
                    r.amount
                    for r in savings.records
                    if r.workstream is v.workstream and r.financial_year == y
                ),
                Money(0),
            )
            if days == 0:
                rows.append(
                    FrameworkBusinessCaseYear(
                        financial_year=y,
                        live_days=0,
                        spend=Money(0),
                        savings=Money(0),
                        check=None,
                        note="not applicable: framework not live",
                    )
                )
                continue
            note = None
            if days < y.range.days:
                year_savings = Money(round_pence(Fraction(year_savings.pence * days, y.range.days)))
                note = f"part year: live from {v.start.isoformat()}"
            spend = Money(0)
            if y in cost.years:
                spend = cost.total_by(_on_lots(v.workstream, lots), year=y).get(True, Money(0))
            if spend.pence <= 0:
                note = "not applicable: no framework spend"
            rows.append(
                FrameworkBusinessCaseYear(
                    financial_year=y,
                    live_days=days,
                    spend=spend,
                    savings=year_savings,
                    check=check_business_case(year_savings, spend) if spend.pence > 0 else None,
                    note=note,
                )
            )
        out.append(
            FrameworkBusinessCase(
                framework=v.id,
                name=v.name,
                workstream=v.workstream,
                go_live=v.start,
                basis=FRAMEWORK_BUSINESS_CASE_BASIS.format(
                    workstream=v.workstream.value.upper(), go_live=v.start.isoformat()
                ),
                years=tuple(rows),
            )
        )
    return tuple(out)


def resolve_borough(programme: Programme, asked: str) -> GssCode:
    """The GSS code of the borough named ``asked`` (its GSS code, or its name in any case).

    Raises:
        InvalidValueError: no borough has that code or name (the message lists them).
    """
    wanted = asked.strip().casefold()
    for b in programme.boroughs:
        if b.gss_code.casefold() == wanted or b.name.casefold() == wanted:
            return b.gss_code
    raise InvalidValueError(
        "no borough has that GSS code or name",
        field="borough",
        value=asked,
        expected=", ".join(f"{b.gss_code} ({b.name})" for b in programme.boroughs),
    )


def _drill_down(
    programme: Programme,
    gss: GssCode,
    *,
    year: FinancialYear,
    cost: PortfolioCost,
    avoidance: CostAvoidance | None,
    savings: Savings | None,
    scorecards: Scorecards | None,
    stability: Stability | None,
) -> BoroughDrillDown:
    names = _names(programme)
    lots = _lot_names(programme)
    mine = {k: m for k, m in cost.cells.items() if k.borough == gss and k.financial_year == year}

    def grouped(key: Callable[[PortfolioKey], str]) -> dict[str, Money]:
        out: dict[str, Money] = {}
        for k, m in mine.items():
            out[key(k)] = out.get(key(k), Money(0)) + m
        return dict(sorted(out.items()))

    credited: list[CreditedSaving] = []
    if savings is not None:
        for ra, basis in zip(savings.shares, savings.record_bases, strict=True):
            part = ra.attribution.parts.get(gss, Money(0))
            if part.pence == 0:
                continue
            r = ra.record
            credited.append(
                CreditedSaving(
                    id=r.id,
                    source=r.source,
                    financial_year=r.financial_year,
                    workstream=r.workstream,
                    evidence=r.evidence.citation,
                    basis=basis,
                    method=ra.attribution.method,
                    how=ra.attribution.basis,
                    record_amount=r.amount,
                    share=ra.attribution.shares.get(gss, Fraction(0)),
                    amount=part,
                )
            )
    rounds: dict[tuple[str, FinancialYear, Workstream], int] = {}
    if avoidance is not None:
        for line in avoidance.lines:
            if line.borough == gss and line.financial_year <= year:
                key = (line.round_id, line.financial_year, line.workstream)
                rounds[key] = rounds.get(key, 0) + line.amount.pence
    placed = {p.provider for p in programme.placements_in(year.range) if p.borough == gss}
    attributed = {a.gss_code: a for a in savings.attribution} if savings else {}
    return BoroughDrillDown(
        gss_code=gss,
        name=names.get(gss, gss),
        spend=sum(mine.values(), Money(0)),
        spend_by_workstream=tuple(
            SpendLine(workstream=Workstream(w), amount=m)
            for w, m in grouped(lambda k: k.workstream.value).items()
        ),
        spend_by_lot=tuple(
            SpendLine(
                lot=LotId(lot) if lot else None,
                lot_name=lots.get(lot, lot) if lot else NO_LOT_NAME,
                amount=m,
            )
            for lot, m in grouped(lambda k: k.lot or "").items()
        ),
        spend_by_service=tuple(
            SpendLine(service=ServiceKind(x), amount=m)
            for x, m in grouped(lambda k: k.service.value).items()
        ),
        savings=tuple(credited),
        attributed=attributed[gss].savings if gss in attributed else Money(0),
        attributed_to_date=attributed[gss].to_date_savings if gss in attributed else Money(0),
        avoidance=tuple(
            BoroughAvoidance(round_id=rid, workstream=ws, financial_year=fy, amount=Money(v))
            for (rid, fy, ws), v in sorted(rounds.items(), key=lambda kv: (kv[0][1], kv[0][0]))
            if v
        ),
        contributions=tuple(
            c for c in programme.contributions if c.borough == gss and c.financial_year <= year
        ),
        roi=next((b for b in savings.roi if b.gss_code == gss), None) if savings else None,
        providers=tuple(p for p in scorecards.providers if p.id in placed) if scorecards else (),
        stability=next((b for b in stability.boroughs if b.gss_code == gss), None)
        if stability
        else None,
    )


def _main_lot(
    provider_id: str, year: DateRange, placements: Sequence[Placement], first_lot: LotId | None
) -> LotId | None:
    # the lot most of its placements in the year were called off (ties: lowest id), else the
    # first lot it is admitted to (``first_lot``: the first of ``lots_of``); ``placements``
    # holds every placement of the provider's
    called: Counter[LotId] = Counter(
        p.route.lot
        for p in placements
        if p.provider == provider_id and p.route.lot is not None and p.period.overlaps(year)
    )
    if called:
        return min(called, key=lambda lot: (-called[lot], lot))
    return first_lot


def _scorecards(programme: Programme, framework: OutcomesFramework, year: DateRange) -> Scorecards:
    on = year.last_day
    cards = score_providers(programme, year, framework)
    lots = benchmark_lots(programme, year, framework, cards=cards)
    # each lot's benchmark lists every provider of the lot (lots_of), ranked or not, and the
    # benchmarks come in lot-id order: so a provider's first lot is the first listing it,
    # and its rank in a lot is read from one table instead of searching the lot's ranks
    first_lot: dict[str, LotId] = {}
    rank_in: dict[tuple[LotId, str], int | None] = {}
    for b in lots:
        for r in b.ranks:
            first_lot.setdefault(r.provider, b.lot)
            rank_in.setdefault((b.lot, r.provider), r.rank)
    concerns = {s.provider: s.open for s in summarise_concerns(programme, on=on)}
    lot_names = _lot_names(programme)
    providers = []
    for card in cards:
        lot = _main_lot(
            card.provider,
            year,
            programme.placements_of(card.provider),
            first_lot.get(card.provider),
        )
        providers.append(
            ProviderScore(
                id=card.provider,
                name=programme.provider(card.provider).name,
                lot=lot,
                lot_name=None if lot is None else lot_names.get(lot, lot),
                card=card,
                rank_in_lot=None if lot is None else rank_in.get((lot, card.provider)),
                open_concerns=concerns.get(card.provider, 0),
            )
        )
    return Scorecards(
        framework=framework.name,
        as_of=on,
        kpis=tuple(KpiLine(kpi=k, thresholds=k.thresholds.value_on(on)) for k in framework.kpis),
        providers=tuple(providers),
        partnership_medians=partnership_medians(cards, framework),
        lot_medians=tuple((b.lot, b.medians) for b in lots),
    )


def _icas(programme: Programme, year: DateRange) -> IcaProgress:
    # the statuses and timeliness alone, as the scorecards' ICA KPIs counted them just before
    # (each ICA's are worked out once and shared), without a progress record per outcome
    # (counts do not depend on the order the ICAs are read in, and none of them can raise:
    # each is assessed on or after the day it was agreed, over a bounded range)
    on = year.last_day
    statuses: list[OutcomeStatus] = []
    timeliness: list[ReviewTimeliness] = []
    n = 0
    for a in programme.agreements:
        if a.agreed_on > on or not programme.has_placement(a.placement):
            continue
        placement = programme.placement(a.placement)
        within = placement.period.intersection(year)
        if within is None:
            continue
        n += 1
        day = cap_assessment_day(placement, on)
        if a.agreed_on <= day:
            statuses.extend(outcome_statuses(a, on=day))
        timeliness.extend(t for _, t in review_timeliness(a, within=within, on=on))
    outcomes = Counter(statuses)
    reviews = Counter(timeliness)
    return IcaProgress(
        agreements=n,
        outcomes=tuple((s, outcomes[s]) for s in OutcomeStatus),
        reviews=tuple((t, reviews[t]) for t in ReviewTimeliness),
    )


def measure_report_stability(programme: Programme, year: FinancialYear) -> Stability:
    """The three DfE stability measures for the programme and each borough, for the year
    ending on ``year``'s 31 March (months of birth from ``programme.children``).

    Measured over columns
    (:func:`~slcp.outcomes.columnar_stability.measure_stability_summary_columns`), whose
    summary, every child's row included, equals
    :func:`~slcp.outcomes.stability.measure_stability`'s (a differential property)."""
    # numpy is imported only when a report is built, never by `import slcp`
    from slcp.outcomes.columnar_stability import measure_stability_summary_columns

    summary = measure_stability_summary_columns(
        programme.episodes, programme.children or None, year=year
    )
    boroughs = tuple(
        BoroughStability(
            gss_code=GssCode(r.borough or ""),
            name=programme.borough(r.borough).name
            if r.borough is not None and programme.has_borough(r.borough)
            else None,
            result=r,
        )
        for r in summary.boroughs
    )
    return Stability(
        year_ending=summary.year_ending, programme=summary.partnership, boroughs=boroughs
    )


def _cost_and_avoidance(
    programme: Programme, years: Sequence[FinancialYear], *, horizon: FinancialYear | None
) -> tuple[PortfolioCost, CostAvoidance | None, tuple[AvoidanceConvention, ...]]:
    """The portfolio's spend in ``years`` and, given a ``horizon``, its cost avoidance and
    that avoidance under both conventions: each computed once for the whole report.

    Both come from the columnar engine (:mod:`slcp.pricing.columnar`), whose figures equal
    :func:`~slcp.pricing.cost_portfolio`'s and :func:`~slcp.pricing.cost_avoidance`'s to the
    penny, and :func:`~slcp.pricing.compare_avoidance_conventions`'s (differential properties,
    decision 0010), with the placements put into columns and their fee rows planned once.
    What the columns refuse (a fee history with an end date, a rate with more decimal places
    than ``int64`` holds) is computed record by record instead, so that the figures, and any
    error, are the record path's.
    """
    # numpy is imported only when a report is built, never by `import slcp`
    from slcp.pricing.columnar import (
        cost_and_avoidance_programme_columns,
        cost_programme_columns,
    )

    try:
        avoidance: CostAvoidance | None = None
        conventions: tuple[AvoidanceConvention, ...] = ()
        if horizon is None:
            costed = cost_programme_columns(programme, years)
        else:
            costed, avoidance, conventions = cost_and_avoidance_programme_columns(
                programme, years, horizon=horizon
            )
        cost = costed.to_portfolio_cost()
    except InvalidValueError:
        cost = cost_portfolio(programme, years)
        avoidance = None if horizon is None else cost_avoidance(programme, horizon=horizon)
        conventions = (
            () if avoidance is None else compare_avoidance_conventions(programme, avoidance)
        )
    return cost, avoidance, conventions


def _call_off_activity(
    programme: Programme, vehicle: VehicleId, periods: Sequence[DateRange]
) -> CallOffActivity:
    # the call-offs' fees planned in columns (numpy is already imported by the costing step):
    # the record path's figures to the penny (a differential property), with the record path
    # answering what the columns refuse, so that the figures, and any error, are its own
    from slcp.pricing.columnar import call_off_activity_columns

    try:
        return call_off_activity_columns(programme, vehicle, periods)
    except InvalidValueError:
        return call_off_activity(programme, vehicle, periods)


def _call_offs(programme: Programme, year: FinancialYear) -> CallOffs | None:
    """Call-offs by year and lot on each DPS and framework open by the end of ``year``."""
    out: list[VehicleCallOffs] = []
    for v in programme.vehicles:
        if isinstance(v, DynamicPurchasingSystem):
            start, kind = v.period.start, "dps"
        elif isinstance(v, FrameworkAgreement):
            start, kind = v.start, "framework"
        else:
            continue
        if start > year.range.last_day:
            continue
        years = tuple(_years(FinancialYear.containing(start), year))
        out.append(
            VehicleCallOffs(
                vehicle=v.id,
                name=v.name,
                kind=kind,
                lot_names={lot.id: f"{lot.number} {lot.name}" for lot in v.lots},
                years=years,
                activity=_call_off_activity(programme, v.id, [y.range for y in years]),
            )
        )
    if not out:
        return None
    return CallOffs(financial_year=year, vehicles=tuple(out), rule=out[0].activity.rule)


def _pools(options: ReportOptions) -> tuple[PooledBudget, ...]:
    if options.pools is not None:
        return options.pools
    from slcp.finance import sample_pooled_budgets

    return sample_pooled_budgets() if options.synthetic else ()


def _quiet(_step: str) -> None:
    return None


def build_report(
    programme: Programme, options: ReportOptions, *, progress: Progress | None = None
) -> Report:
    """The report on ``programme`` for ``options.financial_year``, every figure computed once.

    Sections: the overview (always); spend, fee increases and budgets (when the programme
    has placements, uplift rounds or budgets); savings (savings, rounds or contributions);
    scorecards, ICAs and stability (providers, ICAs or SSDA903 episodes); the SEND return
    (when ``options.send`` gives one); the market (when a placement names a provider).

    Args:
        programme: the programme.
        options: the year and the methods.
        progress: told the name of each step as it starts (e.g. to show progress).

    Raises:
        InvalidValueError: an unknown ``options.attribution`` (the message lists the names),
            or data the chosen method cannot attribute.
        ParameterNotFoundError: KPI thresholds or fees not in force when needed.
        InvalidValueError: ``options.borough`` names no borough of the programme.
    """
    tell = progress or _quiet
    method = parse_attribution_method(options.attribution)
    year = options.financial_year
    drill = None if options.borough is None else resolve_borough(programme, options.borough)
    has_pricing = bool(programme.placements or programme.uplift_rounds or programme.budgets)
    has_savings = bool(programme.savings or programme.uplift_rounds or programme.contributions)
    has_outcomes = bool(programme.providers or programme.agreements or programme.episodes)
    tell("costing placements and measuring cost avoidance")
    cost, avoidance, conventions = _cost_and_avoidance(
        programme,
        _years(_first_year(programme, year), year),
        horizon=year if has_pricing or (has_savings and programme.uplift_rounds) else None,
    )
    by_borough = cost.total_by(lambda k: k.borough, year=year)
    spend = fees = budgets = savings = scorecards = icas = stability = None
    if has_pricing:
        spend = _spend(programme, cost, year)
        assert avoidance is not None  # measured above whenever there is a pricing section
        fees = _fee_increases(programme, avoidance, year)
        fees = attrs.evolve(fees, conventions=conventions)
        names = _names(programme)
        budgets = tuple(
            BudgetLine(name=names.get(a.budget.borough, a.budget.borough), assessed=a)
            for a in assess_budgets(programme, year)
        )
    if has_savings:
        tell("attributing savings")
        savings = _savings(programme, method, year, avoidance, cost.total(year))
        savings = _label_savings(programme, savings)
        savings = attrs.evolve(
            savings, framework_business_cases=_framework_business_cases(programme, cost, savings)
        )
    framework_name = None
    if has_outcomes:
        tell("scoring providers")
        framework = options.outcomes_framework or default_outcomes_framework()
        framework_name = framework.name
        scorecards = _scorecards(programme, framework, year.range)
        icas = _icas(programme, year.range)
        tell("measuring stability")
        stability = measure_report_stability(programme, year)
    send = None
    if options.send is not None:
        tell("measuring the SEN2 return")
        send = build_send_section(programme, options.send, year)
    market = None
    if any(p.provider is not None for p in programme.placements):
        tell("describing the market")
        book = options.market
        if book is None:
            book = sample_market_of(programme) if options.synthetic else MarketBook()
        market = describe_market(programme, book, year=year, cost=cost)
    market_demand = _market_demand(programme, options, tell) if market is not None else None
    if options.input_name is not None:
        input_name = options.input_name
    else:
        input_name = EMBEDDED_SAMPLE if options.synthetic else PROGRAMME_IN_CODE
    provenance = Provenance(
        slcp_version=_version(),
        input_name=input_name,
        input_sha256=options.input_sha256,
        synthetic=options.synthetic,
        financial_year=year,
        as_of=year.range.last_day,
        attribution=method,
        outcomes_framework=framework_name,
        assumptions=_assumptions(programme, savings, options, method),
    )
    provenance = _with_demand_assumption(provenance, market_demand)
    borough = None
    if drill is not None:
        borough = _drill_down(
            programme,
            drill,
            year=year,
            cost=cost,
            avoidance=avoidance,
            savings=savings,
            scorecards=scorecards,
            stability=stability,
        )
    finance = funding = None
    wants_finance = (
        options.finance
        or options.forecast_as_of is not None
        or options.invoices is not None
        or bool(options.pools)
    )
    if spend is not None and programme.placements and wants_finance:
        # the finance sections' module is imported only when they are asked for
        from slcp.report._finance import build_finance, build_funding

        tell("forecasting the outturn")
        finance = build_finance(
            programme,
            year,
            outturn=spend.total,
            forecast_as_of=options.forecast_as_of,
            invoices=options.invoices,
            invoices_name=options.invoices_name or "invoices",
            pools=_pools(options),
        )
        tell("splitting money by funding stream")
        funding = build_funding(
            programme,
            cost=cost,
            spend=spend,
            avoidance=avoidance,
            fees=fees,
            savings=savings,
            budgets=budgets or (),
            borough=borough,
            market=market,
            book=book if market is not None else None,
        )
    call_offs = _call_offs(programme, year) if has_pricing else None
    if funding is not None:
        from slcp.report._finance import call_off_funding, demand_cost_funding, send_cost_funding

        if call_offs is not None:
            funding = attrs.evolve(funding, call_offs=call_off_funding(programme, call_offs))
        if send is not None:
            funding = attrs.evolve(funding, send=send_cost_funding(programme, send))
        if market_demand is not None and market_demand.cost is not None:
            funding = attrs.evolve(
                funding, market_demand=demand_cost_funding(programme, cost, market_demand, year)
            )
            provenance = _with_demand_funding_assumption(provenance)
    return Report(
        call_offs=call_offs,
        finance=finance,
        funding=funding,
        borough=borough,
        provenance=provenance,
        overview=_overview(programme, year, by_borough),
        spend=spend,
        fee_increases=fees,
        budgets=budgets,
        savings=savings,
        scorecards=scorecards,
        icas=icas,
        stability=stability,
        send=send,
        market=market,
        market_demand=market_demand,
    )


def _market_demand(programme: Programme, options: ReportOptions, tell: Progress) -> DemandOutlook:
    """The market section's demand outlook from the report year's 31 March (decision 1111)."""
    tell("projecting demand")
    places = options.registered_places
    if places is None and options.synthetic:
        places = sample_registered_places(programme)
    return outlook_demand(programme, year=options.financial_year, registered_places=places)


def _with_demand_assumption(provenance: Provenance, outlook: DemandOutlook | None) -> Provenance:
    """``provenance`` with the outlook's forecast cost among its assumptions, when it has one."""
    from slcp.report._market_demand import demand_outlook_assumption

    assumption = None if outlook is None else demand_outlook_assumption(outlook)
    if assumption is None:
        return provenance
    return attrs.evolve(provenance, assumptions=(*provenance.assumptions, assumption))


def _with_demand_funding_assumption(provenance: Provenance) -> Provenance:
    """``provenance`` with the assumption the forecast cost's split by funding stream rests on."""
    return attrs.evolve(
        provenance,
        assumptions=(
            *provenance.assumptions,
            Assumption(
                subject="demand outlook: forecast cost by funding stream",
                source=Source(
                    kind=SourceKind.ASSUMPTION,
                    citation="each placement group's forecast cost is shared between the "
                    "funding streams as the report year's spend on the programme's placements "
                    "of the group's kinds is (spend-weighted; social care with none); the "
                    "projection is of placement groups, not placements (decision 1007)",
                ),
                affects="the funding section's split of the demand outlook's forecast cost",
                amount=None,
            ),
        ),
    )
