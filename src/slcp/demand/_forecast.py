"""Forecasting demand from SSDA903 episodes, and backtesting the forecast."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from slcp.demand._fit import (
    ChildMonths,
    TransitionRates,
    estimate_transition_rates,
    month_number,
    month_of_number,
    monthly_states,
)
from slcp.demand._projection import (
    UNITS_PER_CHILD,
    BootstrapSettings,
    PopulationProjection,
    ProjectedCount,
    bootstrap_counts,
    project_population,
    start_population,
)
from slcp.demand._states import CARE_STATES as _STATES
from slcp.demand._states import PlacementGroup
from slcp.domain import CareEpisode, ChildRef, GssCode
from slcp.errors import InvalidValueError
from slcp.periods import FinancialYear, YearMonth

__all__ = [
    "Backtest",
    "BacktestError",
    "DemandForecast",
    "backtest_demand",
    "census_month",
    "data_months",
    "forecast_demand",
    "last_covered_day",
]

#: Months of history the rates are fitted to by default: three years to the census.
REFERENCE_MONTHS = 36


def census_month(year: FinancialYear) -> YearMonth:
    """March at the end of ``year``: its last day is the census day 31 March.

    >>> census_month(FinancialYear(2017))
    YearMonth(year=2018, month=3)
    """
    return YearMonth(year.start_year + 1, 3)


def data_months(episodes: Iterable[CareEpisode]) -> tuple[YearMonth, YearMonth]:
    """The months of the earliest and the latest date (DECOM or DEC) in ``episodes``.

    Raises:
        InvalidValueError: no episodes.
    """
    first: dt.date | None = None
    last: dt.date | None = None
    for e in episodes:
        days = (e.period.start,) if e.period.end is None else (e.period.start, e.period.end)
        lo, hi = min(days), max(days)
        first = lo if first is None or lo < first else first
        last = hi if last is None or hi > last else last
    if first is None or last is None:
        raise InvalidValueError(
            "there are no episodes to forecast from", field="episodes", value=0, expected=">= 1"
        )
    return YearMonth.of(first), YearMonth.of(last)


def _fit_window(
    data_first: YearMonth, data_last: YearMonth, census: YearMonth, reference_months: int
) -> tuple[YearMonth, YearMonth]:
    if reference_months < 1:
        raise InvalidValueError(
            "the reference period needs at least one month",
            field="reference_months",
            value=reference_months,
            expected=">= 1",
        )
    last = month_number(census)
    first = max(last - reference_months + 1, month_number(data_first) + 1)
    if first > last or month_number(data_last) < last:
        raise InvalidValueError(
            f"the census month {census} is outside the data (episodes run from {data_first} "
            f"to {data_last}); a census needs data before it and on it",
            field="year",
            value=str(census),
            expected=f"a month from {month_of_number(month_number(data_first) + 1)} to {data_last}",
        )
    return month_of_number(first), census


@attrs.frozen(kw_only=True)
class DemandForecast:
    """Projected looked-after children per borough and placement group, with intervals.

    Attributes:
        year: the financial year whose 31 March is the starting census day.
        rates: the transition counts fitted over the reference period to that day.
        start: whole children per state on the census day, by area.
        projection: the month-by-month projection from the full data (the central figures).
        counts: central figures and bootstrap intervals on each later 31 March, by area and
            group (see :func:`~slcp.demand.bootstrap_counts`); empty without a bootstrap.
        bootstrap: how the intervals were found, or ``None``.
    """

    year: FinancialYear
    rates: TransitionRates
    start: tuple[tuple[GssCode | None, tuple[int, ...]], ...]
    projection: PopulationProjection
    counts: tuple[ProjectedCount, ...]
    bootstrap: BootstrapSettings | None

    @property
    def census_months(self) -> tuple[YearMonth, ...]:
        """The projected census months (each March), in order."""
        return tuple(m for m in self.projection.months if m.month == 3)


def _states(
    episodes: Sequence[CareEpisode],
    months_of_birth: Mapping[ChildRef, YearMonth] | None,
    through: YearMonth,
    data_end: dt.date | None,
) -> tuple[tuple[ChildMonths, ...], YearMonth, YearMonth]:
    data_first, data_last = data_months(episodes)
    if data_end is not None:
        data_last = YearMonth.of(data_end)
    last = max(data_last, through, key=month_number)
    histories = monthly_states(episodes, months_of_birth, first_month=data_first, last_month=last)
    return histories, data_first, data_last


def last_covered_day(episodes: Iterable[CareEpisode]) -> dt.date:
    """The latest day the episodes say anything about: a DECOM, or the day before a DEC.

    An episode with DEC 1 April ended the day before (half-open), so a return whose last
    event is that DEC covers 31 March: this is how a command tells a return's collection year
    from its episodes.

    Raises:
        InvalidValueError: no episodes.
    """
    last: dt.date | None = None
    for e in episodes:
        end = e.period.end
        day = e.period.start if end is None else max(e.period.start, end - dt.timedelta(days=1))
        last = day if last is None or day > last else last
    if last is None:
        raise InvalidValueError(
            "there are no episodes to forecast from", field="episodes", value=0, expected=">= 1"
        )
    return last


def forecast_demand(
    episodes: Iterable[CareEpisode],
    months_of_birth: Mapping[ChildRef, YearMonth] | None,
    *,
    year: FinancialYear,
    years: int,
    reference_months: int = REFERENCE_MONTHS,
    bootstrap: BootstrapSettings | None = BootstrapSettings(),  # noqa: B008 - frozen value
    data_end: dt.date | None = None,
) -> DemandForecast:
    """Fit monthly transition rates to the history and project ``years`` years on.

    The model is a Markov chain on month ends (decision record 1110): the rates are counted
    over the ``reference_months`` months to the census day 31 March at the end of ``year``
    (or from the month after the earliest date in the data, if later); the projection starts
    from the children observed on the census day and runs ``12 × years`` months.

    Args:
        episodes: SSDA903 episodes, any boroughs.
        months_of_birth: month of birth per child (``None``: every child's age is unknown).
        year: the financial year whose 31 March starts the projection.
        years: how many years to project (at least 1).
        reference_months: months of history fitted (default 36).
        bootstrap: how to find the interval; ``None`` for the central projection only.
        data_end: the last day the episodes cover, inclusive (a return's 31 March, when its
            last event is earlier); default: the month of the latest DECOM or DEC. Children
            with open episodes are taken to be looked after until then.

    Raises:
        InvalidValueError: no episodes, a census day outside the data, ``years`` below 1.
    """
    if years < 1:
        raise InvalidValueError(
            "a forecast needs at least one year", field="years", value=years, expected=">= 1"
        )
    eps = tuple(episodes)
    census = census_month(year)
    histories, data_first, data_last = _states(eps, months_of_birth, census, data_end)
    first, last = _fit_window(data_first, data_last, census, reference_months)
    rates = estimate_transition_rates(histories, first_month=first, last_month=last)
    start = start_population(histories, census)
    projection = project_population(rates, start, start_month=census, months=12 * years)
    counts: tuple[ProjectedCount, ...] = ()
    if bootstrap is not None:
        counts = bootstrap_counts(
            histories,
            rates,
            projection,
            start,
            settings=bootstrap,
            report_months=[m for m in projection.months if m.month == 3],
        )
    return DemandForecast(
        year=year,
        rates=rates,
        start=tuple((a, start[a]) for a in (p.area for p in projection.areas) if a in start),
        projection=projection,
        counts=counts,
        bootstrap=bootstrap,
    )


@attrs.frozen(kw_only=True)
class BacktestError:
    """A projected count against the count observed on the same census day.

    Attributes:
        group: the placement group (``None``: every group).
        month: the census month (March).
        projected_units: the projection, in thousandths of a child.
        actual: children observed on that day.
    """

    group: PlacementGroup | None
    month: YearMonth
    projected_units: int
    actual: int

    @property
    def projected(self) -> Fraction:
        """The projection in children, exact."""
        return Fraction(self.projected_units, UNITS_PER_CHILD)

    @property
    def error(self) -> Fraction:
        """``projected − actual`` in children (positive: the model over-projected)."""
        return self.projected - self.actual

    @property
    def absolute_error(self) -> Fraction:
        """``|projected − actual|`` in children."""
        return abs(self.error)

    @property
    def percent_error(self) -> Fraction | None:
        """``100 × |projected − actual| ÷ actual``; ``None`` when nothing was observed."""
        return None if self.actual == 0 else 100 * self.absolute_error / self.actual


@attrs.frozen(kw_only=True)
class Backtest:
    """The model fitted to the years up to Y−2, projected to Y−1 and Y, against the data.

    Attributes:
        year: Y, the financial year of the last census day compared.
        fitted_to: Y−2, whose 31 March ends the fit and starts the projection.
        rates: the rates fitted up to that day.
        errors: by census day (Y−1, then Y), each placement group then every group.
    """

    year: FinancialYear
    fitted_to: FinancialYear
    rates: TransitionRates
    errors: tuple[BacktestError, ...]


def backtest_demand(
    episodes: Iterable[CareEpisode],
    months_of_birth: Mapping[ChildRef, YearMonth] | None,
    *,
    year: FinancialYear,
    reference_months: int = REFERENCE_MONTHS,
    data_end: dt.date | None = None,
) -> Backtest:
    """Fit to the years up to Y−2, project 24 months, compare with 31 March Y−1 and Y.

    Every area together. The states on later days come from the same episodes, so the fit
    may see episodes recorded after Y−2 that began before it (a return holds whole
    histories); the projection sees nothing after 31 March Y−2.

    Args:
        episodes: SSDA903 episodes.
        months_of_birth: month of birth per child, or ``None``.
        year: Y, the financial year whose 31 March is the last census compared.
        reference_months: months fitted, as :func:`forecast_demand`.
        data_end: the last day the episodes cover, as :func:`forecast_demand`.

    Raises:
        InvalidValueError: the data does not reach 31 March Y or does not start before
            31 March Y−2.
    """
    eps = tuple(episodes)
    fitted_to = year.previous().previous()
    census = census_month(year)
    start_month = census_month(fitted_to)
    histories, data_first, data_last = _states(eps, months_of_birth, census, data_end)
    if month_number(data_last) < month_number(census):
        raise InvalidValueError(
            f"the data ends in {data_last}, before the census month {census} to compare with",
            field="year",
            value=str(year),
            expected=f"a year ending by {data_last}",
        )
    if month_number(start_month) <= month_number(data_first):
        raise InvalidValueError(
            f"a backtest to {census} fits to {start_month}, and the data starts in "
            f"{data_first}; it needs data before {start_month}",
            field="year",
            value=str(year),
            expected="a year ending 31 March "
            f"{data_first.year + 2 + (data_first.month >= 3)} or later",
        )
    first, last = _fit_window(data_first, data_last, start_month, reference_months)
    rates = estimate_transition_rates(histories, first_month=first, last_month=last)
    start = start_population(histories, start_month)
    projection = project_population(rates, start, start_month=start_month, months=24)
    errors: list[BacktestError] = []
    for month in (census_month(year.previous()), census):
        observed = start_population(histories, month)
        for group in (*PlacementGroup, None):
            actual = sum(
                n
                for row in observed.values()
                for s, n in zip(_STATES, row, strict=True)
                if group in (None, s.group)
            )
            errors.append(
                BacktestError(
                    group=group,
                    month=month,
                    projected_units=projection.units_on(month, group),
                    actual=actual,
                )
            )
    return Backtest(year=year, fitted_to=fitted_to, rates=rates, errors=tuple(errors))
