"""Price benchmarking: what different boroughs pay the same provider for the same service,
framework and DPS call-off prices against spot prices by lot, placements priced outside their
lot's price band, and the baseline provider costs table the LAC board asked for.

Every price is the weekly fee in force on one day (fee history with uplift rounds), in pence a
week. Averages and medians are exact and rounded half up to the penny once, for reporting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from slcp.domain import (
    FeeUpliftRound,
    GssCode,
    LotId,
    Placement,
    PlacementId,
    PriceBand,
    Programme,
    ProviderId,
    RouteKind,
    ServiceKind,
)
from slcp.errors import InvalidValueError
from slcp.money import Money, round_pence
from slcp.pricing._fees import DecisionCache, build_schedule

__all__ = [
    "BaselineCost",
    "BoroughPrice",
    "OutOfBand",
    "PriceComparison",
    "RouteComparison",
    "baseline_provider_costs",
    "compare_provider_prices",
    "compare_routes",
    "find_out_of_band",
    "median_pence",
    "weekly_fees_on",
]


def median_pence(values: Iterable[int]) -> Fraction:
    """The exact median of whole-pence values (the mean of the middle two for an even count).

    Raises:
        InvalidValueError: for no values.

    >>> median_pence([300, 100, 200]), median_pence([100, 201])
    (Fraction(200, 1), Fraction(301, 2))
    """
    ordered = sorted(values)
    if not ordered:
        raise InvalidValueError(
            "the median of no values is undefined", field="values", expected="at least one value"
        )
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[mid])
    return Fraction(ordered[mid - 1] + ordered[mid], 2)


def weekly_fees_on(
    programme: Programme,
    day: dt.date,
    *,
    rounds: Sequence[FeeUpliftRound] | None = None,
    placements: Sequence[Placement] | None = None,
) -> dict[PlacementId, Money]:
    """The weekly fee in force on ``day`` for every placement running that day (of
    ``placements`` only, when given: each fee depends on nothing but its placement, the
    rounds and its provider's tier).

    Rounds default to the programme's own; the fee includes those already effective.
    """
    applied = tuple(programme.uplift_rounds if rounds is None else rounds)
    tiers = {p.id: p.tier for p in programme.providers}
    decisions: DecisionCache = {}
    out: dict[PlacementId, Money] = {}
    for p in programme.placements if placements is None else placements:
        if day not in p.period:
            continue
        tier = tiers.get(p.provider) if p.provider is not None else None
        schedule = build_schedule(p, applied, tier=tier, decisions=decisions)
        out[p.id] = schedule.segment_on(day).weekly_fee
    return out


@attrs.frozen(kw_only=True)
class BoroughPrice:
    """What one borough pays a provider for a service, against the partnership median.

    Attributes:
        borough: the borough.
        placements: its placements with the provider for the service.
        average_weekly: their mean weekly fee, rounded half up.
        premium: ``average − partnership median``, rounded half up (negative: cheaper).
        premium_ratio: ``(average − median) ÷ median``, exact (``None`` when the median is 0).
    """

    borough: GssCode
    placements: int
    average_weekly: Money
    premium: Money
    premium_ratio: Fraction | None


@attrs.frozen(kw_only=True)
class PriceComparison:
    """Weekly prices one provider charges for one service, across boroughs, on a day.

    Attributes:
        provider: the provider.
        service: the service kind.
        day: the day the fees were in force.
        placements: placements counted.
        lowest: the lowest weekly fee.
        highest: the highest weekly fee.
        spread: ``highest − lowest``.
        median_exact: the partnership median over all placements, exact.
        median: ``median_exact`` rounded half up.
        boroughs: each borough's average and premium, by GSS code.
    """

    provider: ProviderId
    service: ServiceKind
    day: dt.date
    placements: int
    lowest: Money
    highest: Money
    spread: Money
    median_exact: Fraction
    median: Money
    boroughs: tuple[BoroughPrice, ...]


def _group(
    programme: Programme, fees: dict[PlacementId, Money]
) -> dict[tuple[ProviderId, ServiceKind], list[Placement]]:
    groups: dict[tuple[ProviderId, ServiceKind], list[Placement]] = {}
    for p in programme.placements:
        if p.id in fees and p.provider is not None:
            groups.setdefault((p.provider, p.service), []).append(p)
    return dict(sorted(groups.items(), key=lambda item: (item[0][0], item[0][1].value)))


def compare_provider_prices(
    programme: Programme, day: dt.date, *, rounds: Sequence[FeeUpliftRound] | None = None
) -> tuple[PriceComparison, ...]:
    """For each provider and service, the weekly prices boroughs pay on ``day``: spread,
    partnership median, and each borough's premium over the median.

    In-house placements (no provider) are left out.
    """
    fees = weekly_fees_on(programme, day, rounds=rounds)
    out: list[PriceComparison] = []
    for (provider, service), members in _group(programme, fees).items():
        prices = [fees[p.id].pence for p in members]
        median = median_pence(prices)
        per_borough: dict[GssCode, list[int]] = {}
        for p in members:
            per_borough.setdefault(p.borough, []).append(fees[p.id].pence)
        rows = []
        for borough, paid in sorted(per_borough.items()):
            mean = Fraction(sum(paid), len(paid))
            rows.append(
                BoroughPrice(
                    borough=borough,
                    placements=len(paid),
                    average_weekly=Money(round_pence(mean)),
                    premium=Money(round_pence(mean - median)),
                    premium_ratio=(mean - median) / median if median else None,
                )
            )
        out.append(
            PriceComparison(
                provider=provider,
                service=service,
                day=day,
                placements=len(prices),
                lowest=Money(min(prices)),
                highest=Money(max(prices)),
                spread=Money(max(prices) - min(prices)),
                median_exact=median,
                median=Money(round_pence(median)),
                boroughs=tuple(rows),
            )
        )
    return tuple(out)


@attrs.frozen(kw_only=True)
class RouteComparison:
    """Call-off against spot prices for one lot, on a day.

    Attributes:
        lot: the lot.
        lot_name: its name.
        call_offs: placements called off the lot (framework or DPS).
        call_off_average: their mean weekly fee, rounded half up (``None``: none).
        spot: spot placements of the lot's service kinds and workstream.
        spot_average: their mean weekly fee, rounded half up (``None``: none).
        difference: ``spot_average − call_off_average`` from the exact means, rounded half up
            (``None`` unless both exist): positive when spot is dearer.
    """

    lot: LotId
    lot_name: str
    call_offs: int
    call_off_average: Money | None
    spot: int
    spot_average: Money | None
    difference: Money | None


def _mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def compare_routes(
    programme: Programme, day: dt.date, *, rounds: Sequence[FeeUpliftRound] | None = None
) -> tuple[RouteComparison, ...]:
    """Framework/DPS call-off prices against spot prices, per lot, on ``day``.

    A spot placement counts against a lot when its service is one of the lot's service kinds
    and its workstream is the vehicle's.
    """
    fees = weekly_fees_on(programme, day, rounds=rounds)
    out: list[RouteComparison] = []
    for vehicle in programme.vehicles:
        for lot in getattr(vehicle, "lots", ()):
            called: list[int] = []
            spot: list[int] = []
            for p in programme.placements:
                if p.id not in fees:
                    continue
                if p.route.lot == lot.id and p.route.kind in (
                    RouteKind.FRAMEWORK_CALL_OFF,
                    RouteKind.DPS_CALL_OFF,
                ):
                    called.append(fees[p.id].pence)
                elif (
                    p.route.kind is RouteKind.SPOT
                    and p.service in lot.service_kinds
                    and p.workstream is vehicle.workstream
                ):
                    spot.append(fees[p.id].pence)
            a, b = _mean(called), _mean(spot)
            out.append(
                RouteComparison(
                    lot=lot.id,
                    lot_name=lot.name,
                    call_offs=len(called),
                    call_off_average=None if a is None else Money(round_pence(a)),
                    spot=len(spot),
                    spot_average=None if b is None else Money(round_pence(b)),
                    difference=None if a is None or b is None else Money(round_pence(b - a)),
                )
            )
    return tuple(out)


@attrs.frozen(kw_only=True)
class OutOfBand:
    """A placement whose weekly fee lies outside its lot's price band (bounds inclusive).

    Attributes:
        placement: the placement.
        borough: its borough.
        lot: its lot.
        weekly_fee: its weekly fee on the day.
        band: the lot's band.
        excess: how far outside: ``fee − max`` above the band, ``fee − min`` (negative) below.
    """

    placement: PlacementId
    borough: GssCode
    lot: LotId
    weekly_fee: Money
    band: PriceBand
    excess: Money

    @property
    def is_above(self) -> bool:
        """True when the fee is above the band."""
        return self.excess.pence > 0


def find_out_of_band(
    programme: Programme, day: dt.date, *, rounds: Sequence[FeeUpliftRound] | None = None
) -> tuple[OutOfBand, ...]:
    """Placements called off a lot with a price band whose fee on ``day`` is outside it."""
    fees = weekly_fees_on(programme, day, rounds=rounds)
    out: list[OutOfBand] = []
    for p in sorted(programme.placements, key=lambda p: p.id):
        if p.id not in fees or p.route.lot is None:
            continue
        found = programme.lot(p.route.lot)
        if found is None or found[1].price_band is None:
            continue
        band = found[1].price_band
        fee = fees[p.id]
        if band.contains(fee):
            continue
        excess = fee - band.max_weekly if fee > band.max_weekly else fee - band.min_weekly
        out.append(
            OutOfBand(
                placement=p.id,
                borough=p.borough,
                lot=p.route.lot,
                weekly_fee=fee,
                band=band,
                excess=excess,
            )
        )
    return tuple(out)


@attrs.frozen(kw_only=True)
class BaselineCost:
    """One row of the baseline provider costs table.

    Attributes:
        provider: the provider.
        provider_name: its name (as the programme records it; the id when unknown).
        service: the service kind.
        placements: placements running on the day.
        boroughs: boroughs placing with it.
        lowest: lowest weekly fee.
        median: median weekly fee, rounded half up.
        highest: highest weekly fee.
        average: mean weekly fee, rounded half up.
    """

    provider: ProviderId
    provider_name: str
    service: ServiceKind
    placements: int
    boroughs: int
    lowest: Money
    median: Money
    highest: Money
    average: Money


def baseline_provider_costs(
    programme: Programme, day: dt.date, *, rounds: Sequence[FeeUpliftRound] | None = None
) -> tuple[BaselineCost, ...]:
    """The baseline provider costs table: per provider and service, the weekly fees in force
    on ``day`` — lowest, median, highest, mean — and how many placements and boroughs."""
    fees = weekly_fees_on(programme, day, rounds=rounds)
    out: list[BaselineCost] = []
    for (provider, service), members in _group(programme, fees).items():
        prices = [fees[p.id].pence for p in members]
        name = programme.provider(provider).name if programme.has_provider(provider) else provider
        out.append(
            BaselineCost(
                provider=provider,
                provider_name=name,
                service=service,
                placements=len(prices),
                boroughs=len({p.borough for p in members}),
                lowest=Money(min(prices)),
                median=Money(round_pence(median_pence(prices))),
                highest=Money(max(prices)),
                average=Money(round_pence(Fraction(sum(prices), len(prices)))),
            )
        )
    return tuple(out)
