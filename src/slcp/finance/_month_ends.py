"""The forecast made at each month end of a year, set against the year's outturn.

A finance officer judges a forecast method by how far its forecasts were from what the year
finally cost. :func:`forecast_month_ends` makes the forecast at the close of every month end of
a financial year (30 April … 31 March) by the snapshot rule (:func:`snapshot_placement`,
``docs/decisions/1001``) and gives each forecast's total and its error against the outturn.

Only totals are made here, and quickly: the placements known at a month end are snapshotted
and costed for the year with :func:`slcp.pricing.cost_portfolio`, whose exact sum is the
forecast's exact total, rounded half up once — the same figure
:func:`forecast_outturn` gives as ``total`` for that day (a test holds the two together).
"""

from __future__ import annotations

import datetime as dt

import attrs

from slcp.domain import Placement, Programme
from slcp.finance._forecast import _end_known, snapshot_placement
from slcp.money import Money
from slcp.periods import FinancialYear, months_after
from slcp.pricing import cost_portfolio

__all__ = ["MonthEndForecast", "forecast_month_ends", "month_ends"]


@attrs.frozen(kw_only=True)
class MonthEndForecast:
    """The forecast outturn made at the close of one month end, against the outturn.

    Attributes:
        as_of: the month end the forecast was made on (days before it are actual).
        placements: placements known on ``as_of`` that are charged in the year.
        forecast: the forecast outturn (no demand allowance), rounded half up once, in pence.
        outturn: the year's actual spend, in pence.
    """

    as_of: dt.date
    placements: int
    forecast: Money
    outturn: Money

    @property
    def error(self) -> Money:
        """``forecast − outturn`` (negative: the forecast was low)."""
        return self.forecast - self.outturn


def month_ends(year: FinancialYear) -> tuple[dt.date, ...]:
    """The last day of each month of ``year``, April to March (29 February in a leap year).

    >>> ends = month_ends(FinancialYear(2019))
    >>> len(ends), ends[0], ends[10], ends[-1]
    (12, datetime.date(2019, 4, 30), datetime.date(2020, 2, 29), datetime.date(2020, 3, 31))
    """
    out: list[dt.date] = []
    first = year.start
    while first < year.end:
        following = months_after(first, 1)
        out.append(following - dt.timedelta(days=1))
        first = following
    return tuple(out)


def _known(
    placements: tuple[Placement, ...],
    as_of: dt.date,
    seen: dict[tuple[int, bool, int], Placement],
) -> list[Placement]:
    """The snapshots of the placements known on ``as_of``; a snapshot already made for an
    earlier month end that knew the same (end, fee entries) is reused, object and all, so
    pricing's schedule cache builds each snapshot's fee schedule once."""
    out: list[Placement] = []
    for p in placements:
        if p.period.start > as_of:
            continue
        state = (
            id(p),
            p.period.end is None or _end_known(p, as_of),
            sum(1 for e in p.fees.entries if e.effective <= as_of),
        )
        snap = seen.get(state)
        if snap is None:
            snap = snapshot_placement(p, as_of)
            if snap is None:  # pragma: no cover - begun placements always have a snapshot
                continue
            seen[state] = snap
        out.append(snap)
    return out


def forecast_month_ends(
    programme: Programme, year: FinancialYear, *, outturn: Money | None = None
) -> tuple[MonthEndForecast, ...]:
    """The forecast made at each month end of ``year``, and its error against the outturn.

    Each forecast is the one :func:`forecast_outturn` makes on that day without a demand
    allowance: placements begun by its close, charged on their basis at the fees then known
    plus the programme's uplift rounds, to their known end or the year end. Its total is the
    exact sum rounded half up once, so it equals ``forecast_outturn(...).total`` to the penny.

    Args:
        programme: the programme.
        year: the financial year forecast.
        outturn: the year's spend, when already costed (the report passes its own, so the
            figure is computed once); by default :func:`slcp.pricing.cost_portfolio`'s total.

    Returns:
        Twelve forecasts, 30 April to 31 March. The forecast made on 31 March equals the
        outturn whenever every placement's days in the year are known by then (always, except
        a whole-weeks placement whose later end drops a part week reaching back into March).
    """
    # only placements that can be charged in the year matter (a snapshot never starts earlier)
    placements = tuple(
        p
        for p in programme.placements
        if p.period.start < year.end and (p.period.end is None or p.period.end > year.start)
    )
    if outturn is None:
        outturn = cost_portfolio(programme.with_placements(placements), [year]).total(year)
    out: list[MonthEndForecast] = []
    seen: dict[tuple[int, bool, int], Placement] = {}
    for as_of in month_ends(year):
        known = _known(placements, as_of, seen)
        cost = cost_portfolio(programme.with_placements(known), [year])
        out.append(
            MonthEndForecast(
                as_of=as_of,
                placements=sum(cost.placements.values()),
                forecast=cost.total(year),
                outturn=outturn,
            )
        )
    return tuple(out)
