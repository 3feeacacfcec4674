"""What a weekly fee and a placement cost over a date range, per charging basis.

* Pro rata by day (the default): ``weekly ÷ 7 × days``.
* Whole weeks: complete weeks counted from the placement's start are charged (``weekly ÷ 7``
  a day within them); the trailing part week of an ended placement is not.
* Weeks per year (term-time SEND placements): ``N × weekly`` per academic year
  (1 September–31 August), spread evenly over its 365 or 366 calendar days.

Costs are exact until a period total is reported, then rounded half up to the penny; the
per-financial-year breakdown is allocated from the rounded total so it adds up exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction

import attrs

from slcp.domain import (
    PRO_RATA_DAILY,
    ChargingBasis,
    FeeUpliftRound,
    Placement,
    PlacementId,
)
from slcp.errors import PeriodError
from slcp.money import Money
from slcp.periods import DateRange, FinancialYear
from slcp.pricing._exact import (
    CHARGE_DENOMINATOR,
    allocate_signed,
    charge_numerator,
    chargeable_end,
    round_numerator,
    to_exact,
)
from slcp.pricing._fees import FeeSchedule, build_schedule

__all__ = ["Charge", "PlacementCost", "charge_for_period", "cost_for_range"]


def _bounded(period: DateRange, field: str) -> dt.date:
    if period.end is None:
        raise PeriodError(
            "cannot cost an open-ended range",
            field=field,
            value=str(period),
            expected="a bounded range, e.g. FinancialYear(2019).range",
        )
    return period.end


@attrs.frozen(kw_only=True)
class Charge:
    """The charge for a constant weekly fee over a range.

    Attributes:
        weekly_fee: the weekly fee charged.
        period: the days, ``[start, end)``.
        basis: the charging basis used.
        weeks: exact number of weeks charged (``days ÷ 7``, complete weeks, or
            ``N × days ÷ days in the academic year``).
        exact: the exact charge in pence.
        total: the charge rounded half up to the penny.
    """

    weekly_fee: Money
    period: DateRange
    basis: ChargingBasis
    weeks: Fraction
    exact: Fraction
    total: Money

    @property
    def residual(self) -> Fraction:
        """``total − exact``, in pence (between −½p and ½p)."""
        return self.total.pence - self.exact


def charge_for_period(
    weekly_fee: Money, period: DateRange, basis: ChargingBasis = PRO_RATA_DAILY
) -> Charge:
    """The charge for ``weekly_fee`` over the days ``[start, end)`` on a charging basis.

    On the whole-weeks basis ``period`` is taken as the whole placement: only complete weeks
    from its start are charged. On the weeks-per-year basis each academic year's share is
    ``N × weekly × days in it ÷ days in that academic year`` (366 when it holds 29 February).

    Args:
        weekly_fee: pence per week.
        period: a bounded half-open range.
        basis: how the weekly fee becomes a charge (pro rata by day unless given).

    Returns:
        The exact charge and the total rounded half up to the penny.

    Raises:
        PeriodError: for an open-ended range.

    >>> import datetime as dt
    >>> from slcp.domain import ChargingMethod
    >>> leap_day = DateRange(start=dt.date(2020, 2, 29), end=dt.date(2020, 3, 1))
    >>> charge_for_period(Money(70_000), leap_day).total            # £700 ÷ 7
    Money(pence=10000)
    >>> year_end = DateRange(start=dt.date(2020, 3, 31), end=dt.date(2020, 4, 2))
    >>> charge_for_period(Money(70_000), year_end).total            # 31 Mar + 1 Apr
    Money(pence=20000)
    >>> one_day = DateRange(start=dt.date(2019, 4, 1), end=dt.date(2019, 4, 2))
    >>> charge_for_period(Money(1), one_day).exact, charge_for_period(Money(1), one_day).total
    (Fraction(1, 7), Money(pence=0))
    >>> charge_for_period(Money(0), year_end).total
    Money(pence=0)
    >>> ten_days = DateRange(start=dt.date(2019, 4, 1), end=dt.date(2019, 4, 11))
    >>> weeks = ChargingBasis(method=ChargingMethod.WHOLE_WEEKS)
    >>> charge_for_period(Money(70_000), ten_days, weeks).total    # one complete week
    Money(pence=70000)
    >>> term = ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38)
    >>> ay = DateRange(start=dt.date(2019, 9, 1), end=dt.date(2020, 9, 1))
    >>> charge_for_period(Money(100_000), ay, term).total          # 38 × £1,000
    Money(pence=3800000)
    >>> charge_for_period(Money(36_600), leap_day, term).total     # 38 × £366 ÷ 366
    Money(pence=3800)
    """
    end = _bounded(period, "period")
    stop = chargeable_end(period.start, end, basis) or end
    numerator = charge_numerator(
        weekly_fee.pence, period.start.toordinal(), stop.toordinal(), basis
    )
    one_pence_weeks = charge_numerator(1, period.start.toordinal(), stop.toordinal(), basis)
    exact = to_exact(numerator)
    return Charge(
        weekly_fee=weekly_fee,
        period=period,
        basis=basis,
        weeks=Fraction(one_pence_weeks, CHARGE_DENOMINATOR),
        exact=exact,
        total=Money(round_numerator(numerator)),
    )


def numerators_by_start_year(
    schedule: FeeSchedule, start: dt.date, stop: dt.date
) -> dict[int, int]:
    """Charge numerators per financial year (keyed by the year's first calendar year) for the
    schedule's days within ``[start, stop)``; years charged nothing are left out."""
    out: dict[int, int] = {}
    limit = stop if schedule.chargeable_end is None else min(stop, schedule.chargeable_end)
    basis = schedule.charging
    for seg in schedule.segments:
        a = max(seg.period.start, start)
        b = limit if seg.period.end is None else min(seg.period.end, limit)
        weekly = seg.weekly_fee.pence
        while a < b:
            first_year = a.year if a.month >= 4 else a.year - 1
            piece = min(dt.date(first_year + 1, 4, 1), b)
            n = charge_numerator(weekly, a.toordinal(), piece.toordinal(), basis)
            if n:
                out[first_year] = out.get(first_year, 0) + n
            a = piece
    return out


def numerators_by_year(
    schedule: FeeSchedule, start: dt.date, stop: dt.date
) -> dict[FinancialYear, int]:
    """:func:`numerators_by_start_year` keyed by :class:`FinancialYear`."""
    return {FinancialYear(y): n for y, n in numerators_by_start_year(schedule, start, stop).items()}


@attrs.frozen(kw_only=True)
class PlacementCost:
    """What a placement cost over a range, with its fees and uplift rounds.

    Attributes:
        placement: the placement's id.
        period: the range asked about, ``[start, end)`` (days outside the placement cost 0).
        basis: the placement's charging basis.
        rounds: ids of the uplift rounds that were considered.
        exact: the exact cost in pence.
        total: ``exact`` rounded half up to the penny.
        exact_by_financial_year: the exact cost per financial year.
        by_financial_year: ``total`` allocated by year (largest remainder): adds up exactly.
        schedule: the fee schedule the cost was computed from.
    """

    placement: PlacementId
    period: DateRange
    basis: ChargingBasis
    rounds: tuple[str, ...]
    exact: Fraction
    total: Money
    exact_by_financial_year: dict[FinancialYear, Fraction]
    by_financial_year: dict[FinancialYear, Money]
    schedule: FeeSchedule

    @property
    def residual(self) -> Fraction:
        """``total − exact`` in pence."""
        return self.total.pence - self.exact


def cost_for_range(
    placement: Placement,
    period: DateRange,
    rounds: Sequence[FeeUpliftRound] = (),
    *,
    tier: str | None = None,
) -> PlacementCost:
    """The cost of a placement over ``[start, end)``, honouring its fee history, the uplift
    rounds given and its charging basis; broken down by financial year.

    Args:
        placement: the placement.
        period: a bounded half-open range (any dates; only the placement's days cost).
        rounds: fee-uplift rounds to apply on top of the fee history.
        tier: the provider's tier, for band caps.

    Returns:
        Exact and rounded (half up) totals; the per-year breakdown allocated from the rounded
        total.

    Raises:
        PeriodError: ``period`` is open-ended.
        ParameterNotFoundError: the fee history stops before the placement.

    >>> import datetime as dt
    >>> from slcp.domain import (FeeComponents, GssCode, ProviderId, PurchaseRoute,
    ...     RouteKind, ServiceKind, Workstream)
    >>> from slcp.timeline import Source, SourceKind, Timeline
    >>> src = Source(kind=SourceKind.ASSUMPTION, citation="example")
    >>> p = Placement(id=PlacementId("PL1"), child="C1", borough=GssCode("E09000008"),
    ...     workstream=Workstream.LAC, provider=ProviderId("P1"),
    ...     service=ServiceKind.CHILDRENS_HOME,
    ...     period=DateRange(start=dt.date(2020, 3, 30), end=dt.date(2020, 4, 3)),
    ...     fees=Timeline.constant(FeeComponents(core=Money(350_000)),
    ...                            effective=dt.date(2020, 3, 30), source=src),
    ...     route=PurchaseRoute(kind=RouteKind.SPOT))
    >>> c = cost_for_range(p, DateRange(start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1)))
    >>> c.total, {str(y): m.pence for y, m in c.by_financial_year.items()}
    (Money(pence=200000), {'2019/20': 100000, '2020/21': 100000})
    """
    end = _bounded(period, "period")
    schedule = build_schedule(placement, rounds, tier=tier)
    numerators = numerators_by_year(schedule, period.start, end)
    numerator = sum(numerators.values())
    total = round_numerator(numerator)
    years = dict(sorted(numerators.items()))
    allocated = allocate_signed(total, years, denominator=CHARGE_DENOMINATOR)
    return PlacementCost(
        placement=placement.id,
        period=period,
        basis=placement.charging,
        rounds=tuple(r.id for r in rounds),
        exact=to_exact(numerator),
        total=Money(total),
        exact_by_financial_year={y: to_exact(n) for y, n in years.items()},
        by_financial_year={y: Money(p) for y, p in allocated.items()},
        schedule=schedule,
    )
