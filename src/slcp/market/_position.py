"""The market position: demand now, supply, concentration, prices across boroughs and how
referrals were placed — the figures behind the report's market section, computed once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from slcp.domain import (
    GssCode,
    Placement,
    PlacementId,
    Programme,
    SenNeed,
    ServiceKind,
    Workstream,
)
from slcp.market._concentration import (
    Concentration,
    ConcentrationLevel,
    ShareBasis,
    measure_concentration,
)
from slcp.market._records import GroupId, MarketBook, OffFrameworkReason
from slcp.money import Money, round_decimal, round_pence
from slcp.periods import FinancialYear, YearMonth
from slcp.pricing import PortfolioCost, PortfolioKey, median_pence

__all__ = [
    "BoroughPrices",
    "DemandLine",
    "FrameworkShare",
    "GroupTotal",
    "MarketPosition",
    "NeedLine",
    "PriceDispersion",
    "SupplyLine",
    "TimeToPlace",
    "describe_market",
    "measure_framework_share",
    "measure_price_dispersion",
    "measure_time_to_place",
]

#: How the market section names placements outside any lot.
NO_LOT = "no lot (spot, in-house or block)"


@attrs.frozen(kw_only=True)
class DemandLine:
    """Children placed on a day in one kind of placement (``children``: a count)."""

    service: ServiceKind
    children: int


@attrs.frozen(kw_only=True)
class NeedLine:
    """SEND children placed on a day with one primary need (``None``: not recorded)."""

    need: SenNeed | None
    children: int


@attrs.frozen(kw_only=True)
class SupplyLine:
    """Vacancies open on a day for one kind of placement.

    A vacancy naming several kinds of placement is counted under each.

    Attributes:
        service: the kind of placement.
        vacancies: vacancies open.
        places: places they offer.
        providers: providers offering them.
    """

    service: ServiceKind
    vacancies: int
    places: int
    providers: int


def _median_money(values: list[int]) -> tuple[Fraction, Money]:
    exact = median_pence(values)
    return exact, Money(round_pence(exact))


@attrs.frozen(kw_only=True)
class BoroughPrices:
    """The weekly fees one borough pays for one kind of placement on a day.

    Attributes:
        borough: GSS code.
        placements: placements counted.
        min_weekly: the lowest weekly fee (exact pence).
        median_exact: the exact median in pence: the middle fee, or for an even count the
            mean of the two middle fees (which may be a half penny).
        median_weekly: the median rounded half up to the penny (equal to ``median_exact``
            whenever that is whole).
        max_weekly: the highest weekly fee (exact pence).
    """

    borough: GssCode
    placements: int
    min_weekly: Money
    median_exact: Fraction
    median_weekly: Money
    max_weekly: Money


@attrs.frozen(kw_only=True)
class PriceDispersion:
    """How the weekly fee for the same kind of placement varies across boroughs on a day.

    Attributes:
        service: the kind of placement.
        day: the day the fees were in force (uplift rounds already effective included).
        placements: placements counted (in-house left out).
        min_weekly: the lowest weekly fee across the partnership.
        median_exact: the partnership's exact median (even count: mean of the middle two).
        median_weekly: that median rounded half up to the penny.
        max_weekly: the highest weekly fee.
        boroughs: the same per borough, by GSS code.
    """

    service: ServiceKind
    day: dt.date
    placements: int
    min_weekly: Money
    median_exact: Fraction
    median_weekly: Money
    max_weekly: Money
    boroughs: tuple[BoroughPrices, ...]

    @property
    def ratio_max_to_min(self) -> Fraction | None:
        """``max ÷ min``, exact, or ``None`` when the lowest fee is 0."""
        return (
            Fraction(self.max_weekly.pence, self.min_weekly.pence)
            if self.min_weekly.pence
            else None
        )


@attrs.frozen(kw_only=True)
class TimeToPlace:
    """Days from referral to award, over the awards made.

    Attributes:
        awards: awards counted.
        min_days: the quickest.
        median_days: exact median (even count: mean of the middle two), or ``None``.
        max_days: the slowest.
        on_framework: awards called off a framework or DPS.
    """

    awards: int
    min_days: int | None
    median_days: Fraction | None
    max_days: int | None
    on_framework: int


@attrs.frozen(kw_only=True)
class FrameworkShare:
    """The share of one borough's awards in one month placed on framework (or DPS).

    Attributes:
        borough: the referring borough.
        month: the month of the award.
        awards: awards made.
        on_framework: of which framework or DPS call-offs.
        share: exact ``on_framework ÷ awards``.
    """

    borough: GssCode
    month: YearMonth
    awards: int
    on_framework: int
    share: Fraction

    @property
    def percent(self) -> str:
        """The share in percent, rounded half up once to one decimal (decision 0505)."""
        return f"{round_decimal(self.share * 100, 1):f}"


@attrs.frozen(kw_only=True)
class GroupTotal:
    """One named provider organisation across the whole market.

    Attributes:
        group: the organisation.
        name: its name.
        members: its homes and schools (providers) in the group record.
        spend: spend with its members in the year (the report's allocated cells, pence).
        places: children placed with its members on the day counted.
    """

    group: GroupId
    name: str
    members: int
    spend: Money
    places: int


@attrs.frozen(kw_only=True)
class MarketPosition:
    """What the partnership knows of its market on a day, for the report's market section.

    Attributes:
        financial_year: the year spend shares are measured over.
        as_of: the day children, places, vacancies and fees are counted on (the year's
            last day in the report).
        demand: children placed with a provider on ``as_of``, by kind of placement.
        demand_by_need: SEND children placed on ``as_of``, by primary need.
        supply: vacancies open on ``as_of``, by kind of placement.
        concentration: by lot and by kind of placement, each by spend and by places.
        groups: every named provider organisation's spend and places, by group id.
        dispersion: weekly fees across boroughs per kind of placement on ``as_of``.
        time_to_place: days from referral to award, over the awards made in the year.
        framework_share: on-framework share of the year's awards by borough and month.
        off_framework_reasons: the year's awards off framework by reason (value, count),
            every reason listed.
        statement: what the partnership wants from the market, one sentence a line.
    """

    financial_year: FinancialYear
    as_of: dt.date
    demand: tuple[DemandLine, ...]
    demand_by_need: tuple[NeedLine, ...]
    supply: tuple[SupplyLine, ...]
    concentration: tuple[Concentration, ...]
    groups: tuple[GroupTotal, ...]
    dispersion: tuple[PriceDispersion, ...]
    time_to_place: TimeToPlace
    framework_share: tuple[FrameworkShare, ...]
    off_framework_reasons: tuple[tuple[str, int], ...]
    statement: tuple[str, ...]


def measure_price_dispersion(
    programme: Programme, day: dt.date, *, fees: Mapping[PlacementId, Money] | None = None
) -> tuple[PriceDispersion, ...]:
    """Min, median and max weekly fee per kind of placement on ``day``, for the partnership
    and for each borough (in-house placements left out), in service-kind order.

    Args:
        programme: the placements.
        day: the day.
        fees: each running placement's weekly fee on ``day``; computed with
            :func:`slcp.pricing.weekly_fees_on` when ``None``.
    """
    if fees is None:
        # numpy is imported only when fees are looked up, never by `import slcp`
        from slcp.pricing.columnar import weekly_fees_on_programme

        fees = weekly_fees_on_programme(programme, day)
    running = [p for p in programme.placements if p.provider is not None and day in p.period]
    return _price_dispersion(running, day, fees)


def _price_dispersion(
    running: Sequence[Placement], day: dt.date, paid: Mapping[PlacementId, Money]
) -> tuple[PriceDispersion, ...]:
    """:func:`measure_price_dispersion` of ``running``: the placements with a provider
    running on ``day``, in programme order (those without a fee in ``paid`` left out)."""
    by_service: dict[ServiceKind, dict[GssCode, list[int]]] = {}
    for p in running:
        fee = paid.get(p.id)
        if fee is not None:
            by_service.setdefault(p.service, {}).setdefault(p.borough, []).append(fee.pence)
    out = []
    for service in ServiceKind:
        boroughs = by_service.get(service)
        if not boroughs:
            continue
        every = [x for values in boroughs.values() for x in values]
        exact, rounded = _median_money(every)
        rows = []
        for borough, values in sorted(boroughs.items()):
            b_exact, b_rounded = _median_money(values)
            rows.append(
                BoroughPrices(
                    borough=borough,
                    placements=len(values),
                    min_weekly=Money(min(values)),
                    median_exact=b_exact,
                    median_weekly=b_rounded,
                    max_weekly=Money(max(values)),
                )
            )
        out.append(
            PriceDispersion(
                service=service,
                day=day,
                placements=len(every),
                min_weekly=Money(min(every)),
                median_exact=exact,
                median_weekly=rounded,
                max_weekly=Money(max(every)),
                boroughs=tuple(rows),
            )
        )
    return tuple(out)


def measure_time_to_place(book: MarketBook) -> TimeToPlace:
    """Days from referral to award over the book's awards (``awarded_on − referred_on``).

    >>> measure_time_to_place(MarketBook()).awards
    0
    """
    referred = {r.id: r.referred_on for r in book.referrals}
    days = sorted((a.awarded_on - referred[a.referral]).days for a in book.awards)
    median = None if not days else median_pence(days)
    return TimeToPlace(
        awards=len(days),
        min_days=days[0] if days else None,
        median_days=median,
        max_days=days[-1] if days else None,
        on_framework=sum(1 for a in book.awards if a.is_on_framework),
    )


def measure_framework_share(book: MarketBook) -> tuple[FrameworkShare, ...]:
    """The on-framework share of awards per referring borough and month of award, by borough
    then month; the share is exact and shown in percent rounded once."""
    borough = {r.id: r.borough for r in book.referrals}
    cells: dict[tuple[GssCode, YearMonth], list[int]] = {}
    for a in book.awards:
        cell = cells.setdefault((borough[a.referral], YearMonth.of(a.awarded_on)), [0, 0])
        cell[0] += 1
        cell[1] += int(a.is_on_framework)
    return tuple(
        FrameworkShare(borough=g, month=m, awards=n, on_framework=on, share=Fraction(on, n))
        for (g, m), (n, on) in sorted(cells.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))
    )


def _by_market(
    amounts: Mapping[tuple[str, ServiceKind, GroupId], int],
) -> dict[tuple[str, str], dict[GroupId, int]]:
    """Amounts by (lot, service, group) summed by market (``("lot", lot id)`` and
    ``("service", value)``) and group, groups in the order they first appear."""
    out: dict[tuple[str, str], dict[GroupId, int]] = {}
    for (lot, service, group), n in amounts.items():
        for cell in (("lot", lot), ("service", service.value)):
            market = out.get(cell)
            if market is None:
                market = out[cell] = {}
            market[group] = market.get(group, 0) + n
    return out


def _concentration(
    programme: Programme,
    book: MarketBook,
    year_cells: Sequence[tuple[PortfolioKey, Money]],
    running: Sequence[Placement],
    group_of: Mapping[str, GroupId],
) -> tuple[Concentration, ...]:
    lot_names = {lot.id: lot.name for v in programme.vehicles for lot in getattr(v, "lots", ())}
    names: dict[str, str] = {p.id: p.name for p in programme.providers}
    names.update({str(g): n for g, n in book.group_names().items()})
    # amounts per lot, service and group first (hundreds of them for thousands of cells and
    # placements), then per market; groups in order of first appearance in either
    by_cell: dict[tuple[str, ServiceKind, GroupId], int] = {}
    for key, money in year_cells:
        pence = money.pence
        if key.provider is not None and pence:
            k = (key.lot or "", key.service, group_of[key.provider])
            by_cell[k] = by_cell.get(k, 0) + pence
    counted: dict[tuple[str, ServiceKind, GroupId], int] = {}
    for p in running:  # with a provider, on the day counted
        k = (p.route.lot or "", p.service, group_of[p.provider or ""])
        counted[k] = counted.get(k, 0) + 1
    spend, places = _by_market(by_cell), _by_market(counted)
    out = []
    for basis, table in ((ShareBasis.SPEND, spend), (ShareBasis.PLACES, places)):
        for (dimension, market), amounts in table.items():
            if dimension == "lot":
                name = lot_names.get(market, market) if market else NO_LOT
            else:
                name = _service_name(ServiceKind(market))
            out.append(
                measure_concentration(
                    dict(amounts),
                    dimension=dimension,
                    market=market,
                    name=name,
                    basis=basis,
                    names=names,
                )
            )
    order = {s.value: i for i, s in enumerate(ServiceKind)}
    return tuple(
        sorted(
            out,
            key=lambda c: (
                c.dimension != "lot",
                c.market if c.dimension == "lot" else f"{order[c.market]:03d}",
                c.basis is not ShareBasis.SPEND,
            ),
        )
    )


_SERVICE_NAMES = {
    ServiceKind.SEND_DAY: "SEND day school",
    ServiceKind.SEND_RESIDENTIAL_38_WEEK: "SEND residential, 38 weeks",
    ServiceKind.SEND_RESIDENTIAL_52_WEEK: "SEND residential, 52 weeks",
    ServiceKind.SEND_POST_16: "SEND post-16",
    ServiceKind.CHILDRENS_HOME: "children's homes",
}


def _service_name(service: ServiceKind) -> str:
    return _SERVICE_NAMES.get(service, service.value.replace("_", " "))


#: What the partnership always asks of its market (seed 004 §2.5: the outcomes it seeks).
STANDING_ASKS = (
    "Places close to home, so children keep their school, family and friends.",
    "Good or outstanding care, with outcomes measured against each child's agreement.",
    "Prices inside each lot's band, with annual increases agreed jointly.",
    "Placements bought through the framework and DPS rather than spot purchases.",
)


def _statement(
    demand: tuple[DemandLine, ...],
    supply: tuple[SupplyLine, ...],
    concentration: tuple[Concentration, ...],
) -> tuple[str, ...]:
    lines = list(STANDING_ASKS)
    places = {s.service: s.places for s in supply}
    short = [_service_name(d.service) for d in demand if d.children and not places.get(d.service)]
    if short:
        lines.append("More places where none were open on the day: " + ", ".join(short) + ".")
    crowded = sorted(
        {
            c.name
            for c in concentration
            if c.dimension == "lot"
            and c.market
            and c.basis is ShareBasis.SPEND
            and c.level is ConcentrationLevel.HIGHLY_CONCENTRATED
        }
    )
    if crowded:
        lines.append("New providers in highly concentrated lots: " + ", ".join(crowded) + ".")
    return tuple(lines)


def describe_market(
    programme: Programme,
    book: MarketBook,
    *,
    year: FinancialYear,
    cost: PortfolioCost,
    fees: Mapping[PlacementId, Money] | None = None,
) -> MarketPosition:
    """The market position for ``year``, counted on its last day; time to place and the share
    placed on framework count the awards made in the year.

    Args:
        programme: placements, providers and vehicles.
        book: provider groups, vacancies, referrals and awards.
        year: the year; spend shares use its spend, counts its last day.
        cost: the portfolio costed for (at least) ``year`` — the report's own, so spend is
            computed once.
        fees: weekly fees on the year's last day, by placement (computed when ``None``).
    """
    as_of = year.range.last_day
    # `as_of in p.period`, written out: a method call per placement is most of this loop
    running = [
        p
        for p in programme.placements
        if p.provider is not None
        and (r := p.period).start <= as_of
        and (r.end is None or as_of < r.end)
    ]
    year_cells = cost.cells_in(year)
    # each provider's group, looked up once
    group_of: dict[str, GroupId] = {
        provider: book.group_of(provider)
        for provider in {k.provider for k, _ in year_cells} | {p.provider for p in running}
        if provider is not None
    }
    by_service: Counter[ServiceKind] = Counter(p.service for p in running)
    demand = tuple(
        DemandLine(service=s, children=by_service[s]) for s in ServiceKind if by_service[s]
    )
    primary = {c.ref: c.sen_primary for c in programme.children}
    needs: Counter[SenNeed | None] = Counter(
        primary.get(p.child) for p in running if p.workstream is Workstream.SEND
    )
    demand_by_need = tuple(
        NeedLine(need=n, children=needs[n]) for n in [*SenNeed, None] if needs[n]
    )
    open_on = [v for v in book.vacancies if v.is_open_on(as_of)]
    supply = []
    for s in ServiceKind:
        these = [v for v in open_on if s in v.services]
        if these:
            supply.append(
                SupplyLine(
                    service=s,
                    vacancies=len(these),
                    places=sum(v.places for v in these),
                    providers=len({v.provider for v in these}),
                )
            )
    concentration = _concentration(programme, book, year_cells, running, group_of)
    group_spend: Counter[str] = Counter()
    for key, money in year_cells:
        if key.provider is not None:
            group_spend[group_of[key.provider]] += money.pence
    group_places: Counter[str] = Counter(group_of[p.provider or ""] for p in running)
    groups = tuple(
        GroupTotal(
            group=g.id,
            name=g.name,
            members=len(g.members),
            spend=Money(group_spend[g.id]),
            places=group_places[g.id],
        )
        for g in sorted(book.groups, key=lambda g: g.id)
    )
    in_year = attrs.evolve(book, awards=tuple(a for a in book.awards if a.awarded_on in year.range))
    reasons: Counter[str] = Counter(
        a.off_framework_reason.value for a in in_year.awards if a.off_framework_reason is not None
    )
    if fees is None:
        from slcp.pricing.columnar import weekly_fees_on_programme  # numpy, on first use

        fees = weekly_fees_on_programme(programme, as_of, placements=running)
    return MarketPosition(
        financial_year=year,
        as_of=as_of,
        demand=demand,
        demand_by_need=demand_by_need,
        supply=tuple(supply),
        concentration=concentration,
        groups=groups,
        # the dispersion counts placements with a provider running on the day: `running`
        dispersion=_price_dispersion(running, as_of, fees),
        time_to_place=measure_time_to_place(in_year),
        framework_share=measure_framework_share(in_year),
        off_framework_reasons=tuple((r.value, reasons[r.value]) for r in OffFrameworkReason),
        statement=_statement(demand, tuple(supply), concentration),
    )
