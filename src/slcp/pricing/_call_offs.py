"""Call-off activity on a purchasing vehicle: how many placements were called off a DPS or
framework in each period and lot, and what they cost in that period.

The **value** of a period's call-offs is what those placements cost from their start to the
end of the period: their fees as charged (with the uplift rounds given, on each placement's
charging basis), for the days of the period they ran. It is the spend the call-offs committed
within the period, not their annual value and not their cost over the whole placement: the
reading of seed 001's "367 new ... placements since June 2016 at a cost of £11.8m", gathered
in September 2017 (decision 0311).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from slcp.domain import FeeUpliftRound, LotId, Placement, Programme, RouteKind, VehicleId
from slcp.errors import PeriodError
from slcp.money import Money
from slcp.periods import DateRange
from slcp.pricing._costing import numerators_by_year
from slcp.pricing._exact import CHARGE_DENOMINATOR, allocate_signed, round_numerator, to_exact
from slcp.pricing._fees import DecisionCache, build_schedule

__all__ = [
    "CallOffActivity",
    "CallOffLine",
    "assemble_call_offs",
    "call_off_activity",
    "called_off",
    "check_call_off_periods",
]

#: The definition of a call-off's value, as results and reports state it.
_CALL_OFF_VALUE_RULE = (
    "call-offs are placements called off the vehicle that started in the period; their value "
    "is what they cost from their start to the end of the period (fees as charged, with the "
    "uplift rounds, on each placement's charging basis)"
)

_CALL_OFF_KINDS = (RouteKind.DPS_CALL_OFF, RouteKind.FRAMEWORK_CALL_OFF)


@attrs.frozen(kw_only=True)
class CallOffLine:
    """The call-offs of one lot made in one period.

    Attributes:
        period: the period, ``[start, end)``.
        lot: the lot called off (``None`` for call-offs that name no lot).
        call_offs: placements called off the lot that started in the period.
        exact: their exact cost from their start to the end of the period, in pence.
        value: the period's rounded total allocated to this lot (largest remainder), so a
            period's lines add up to its total exactly.
    """

    period: DateRange
    lot: LotId | None
    call_offs: int
    exact: Fraction
    value: Money


@attrs.frozen(kw_only=True)
class CallOffActivity:
    """Call-offs and their value by period and lot on one vehicle.

    Attributes:
        vehicle: the DPS or framework.
        periods: the periods asked about, in the order given.
        lines: one per period and lot with at least one call-off, in period order then lot.
        rounds: ids of the uplift rounds applied.
        rule: how call-offs are counted and valued, in words (decision 0311).
    """

    vehicle: VehicleId
    periods: tuple[DateRange, ...]
    lines: tuple[CallOffLine, ...]
    rounds: tuple[str, ...]
    rule: str = _CALL_OFF_VALUE_RULE

    def call_offs_in(self, period: DateRange) -> int:
        """Call-offs made in ``period`` (one of :attr:`periods`), every lot."""
        return sum(line.call_offs for line in self.lines if line.period == period)

    def value_in(self, period: DateRange) -> Money:
        """The value of ``period``'s call-offs, every lot: the period's rounded total (half up
        once), which its lines add up to."""
        return sum((line.value for line in self.lines if line.period == period), Money(0))


def _end(period: DateRange) -> dt.date:
    if period.end is None:
        raise PeriodError(
            "cannot value call-offs over an open-ended period",
            field="periods",
            value=str(period),
            expected="a bounded range, e.g. FinancialYear(2019).range",
        )
    return period.end


def call_off_activity(
    programme: Programme,
    vehicle: VehicleId,
    periods: Sequence[DateRange],
    *,
    rounds: Sequence[FeeUpliftRound] | None = None,
) -> CallOffActivity:
    """Count the placements called off ``vehicle`` in each period and lot, and cost them.

    A placement is a call-off of the vehicle when its purchase route is a DPS or framework
    call-off naming the vehicle; it belongs to the period its first day falls in (periods may
    overlap: each is counted on its own). Its value in the period is its cost over
    ``[its start, the period's end)``: fees as charged with the uplift rounds, on its own
    charging basis.

    Rounding: each period's exact total is rounded half up once and allocated to its lots by
    largest remainder, so the lots add up to the period total exactly.

    Args:
        programme: the programme (placements, providers' tiers, uplift rounds).
        vehicle: the DPS or framework's id.
        periods: bounded half-open ranges, e.g. financial years or seed 001's
            ``[1 June 2016, 1 October 2017)``.
        rounds: uplift rounds to apply; ``None`` uses ``programme.uplift_rounds``.

    Returns:
        The lines by period and lot, with the rule stated.

    Raises:
        PeriodError: a period is open-ended.

    >>> import datetime as dt
    >>> from slcp.sample import south_london
    >>> programme = south_london()
    >>> year = DateRange(start=dt.date(2016, 6, 1), end=dt.date(2017, 4, 1))
    >>> activity = call_off_activity(programme, VehicleId("SEND-DPS-2016"), [year])
    >>> activity.call_offs_in(year) == sum(line.call_offs for line in activity.lines)
    True
    >>> call_off_activity(programme, VehicleId("SEND-DPS-2016"), []).lines
    ()
    """
    bounded = [(period, _end(period)) for period in periods]
    applied = tuple(programme.uplift_rounds if rounds is None else rounds)
    tiers = {p.id: p.tier for p in programme.providers}
    decisions: DecisionCache = {}
    calls = called_off(programme, vehicle)
    tallies: list[dict[LotId | None, tuple[int, int]]] = []
    for period, end in bounded:
        tally: dict[LotId | None, tuple[int, int]] = {}
        for p in calls:
            if p.period.start not in period:
                continue
            tier = tiers.get(p.provider) if p.provider is not None else None
            schedule = build_schedule(p, applied, tier=tier, decisions=decisions)
            numerator = sum(numerators_by_year(schedule, p.period.start, end).values())
            count, before = tally.get(p.route.lot, (0, 0))
            tally[p.route.lot] = (count + 1, before + numerator)
        tallies.append(tally)
    return assemble_call_offs(vehicle, periods, applied, tallies)


def called_off(programme: Programme, vehicle: VehicleId) -> list[Placement]:
    """The programme's placements called off ``vehicle`` (a DPS or framework call-off route
    naming it), in the programme's order."""
    return [
        p
        for p in programme.placements
        if p.route.kind in _CALL_OFF_KINDS and p.route.vehicle == vehicle
    ]


def check_call_off_periods(periods: Sequence[DateRange]) -> list[dt.date]:
    """Each period's end (first day after it).

    Raises:
        PeriodError: a period is open-ended.
    """
    return [_end(period) for period in periods]


def assemble_call_offs(
    vehicle: VehicleId,
    periods: Sequence[DateRange],
    applied: Sequence[FeeUpliftRound],
    tallies: Sequence[Mapping[LotId | None, tuple[int, int]]],
) -> CallOffActivity:
    """The activity from each period's call-offs per lot, ``(count, exact cost numerator)``
    in ``1 / CHARGE_DENOMINATOR`` pence (lots with no call-off left out): each period's
    total rounded half up once and allocated to its lots by largest remainder."""
    lines: list[CallOffLine] = []
    for period, tally in zip(periods, tallies, strict=True):
        order = sorted(tally, key=lambda lot: (lot is None, lot or ""))
        total = round_numerator(sum(n for _, n in tally.values()))
        allocated = allocate_signed(
            total, {lot: tally[lot][1] for lot in order}, denominator=CHARGE_DENOMINATOR
        )
        lines += [
            CallOffLine(
                period=period,
                lot=lot,
                call_offs=tally[lot][0],
                exact=to_exact(tally[lot][1]),
                value=Money(allocated[lot]),
            )
            for lot in order
        ]
    return CallOffActivity(
        vehicle=vehicle,
        periods=tuple(periods),
        lines=tuple(lines),
        rounds=tuple(r.id for r in applied),
    )
