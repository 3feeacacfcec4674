"""The demand outlook of a programme: what the report's market section shows of demand now
and projected, what it would cost, the sufficiency gap, and SEND placements projected from
the placement records (decision record 1111).

Looked-after children come from the programme's SSDA903 episodes through the demand model
(:func:`~slcp.demand.forecast_demand`, computed over columns with a small seeded bootstrap so
the report stays quick), priced at the midpoint of the price band of the framework lot buying
each placement group, uplifted each 1 April by an expected rate read from the programme's
latest fee uplift round. SEND placements come from the placement records: each kind of SEND
placement is one state whose placements end at the monthly rate observed and start at the
monthly count observed over the 36 months to the census day.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from itertools import repeat

import attrs

from slcp.demand._columnar import forecast_demand_columns
from slcp.demand._cost import DemandCost, PriceBasis, price_projection, prices_from_programme
from slcp.demand._fit import month_number, month_of_number
from slcp.demand._forecast import REFERENCE_MONTHS, DemandForecast, census_month
from slcp.demand._projection import BootstrapSettings
from slcp.demand._states import month_end
from slcp.demand._sufficiency import RegisteredPlaces, SufficiencyGap, assess_sufficiency
from slcp.domain import Programme, ServiceKind, Workstream
from slcp.errors import InvalidValueError
from slcp.money import Rate
from slcp.periods import FinancialYear, YearMonth

__all__ = [
    "OUTLOOK_BOOTSTRAP",
    "OUTLOOK_YEARS",
    "DemandOutlook",
    "SendProjection",
    "expected_uplift_of",
    "outlook_demand",
    "project_send_placements",
]

#: Years the report projects ahead of its census day.
OUTLOOK_YEARS = 3

#: The report's bootstrap: 19 resamples give a 90% interval from the smallest to the largest
#: (``slcp forecast-demand`` draws 199 by default; a report must stay quick).
OUTLOOK_BOOTSTRAP = BootstrapSettings(resamples=19, seed=1110, level_pct=90)


def expected_uplift_of(programme: Programme, year: FinancialYear) -> tuple[Rate, str]:
    """The yearly uplift the outlook assumes, and where it comes from.

    The default cap of the partnership's position in the latest fee uplift round of any
    workstream for ``year`` or before (latest year, then round id): what the partnership
    last said it would accept for most providers. No round, or a position with no default
    cap: 0, said so.
    """
    rounds = sorted(
        (r for r in programme.uplift_rounds if r.financial_year <= year),
        key=lambda r: (r.financial_year, r.id),
    )
    if not rounds:
        return Rate.of("0"), "no fee uplift round to date: no uplift assumed"
    latest = rounds[-1]
    cap = latest.position.default_cap
    if cap is None:
        return Rate.of("0"), f"round {latest.id} sets no general cap: no uplift assumed"
    return cap, (
        f"default cap of round {latest.id} ({latest.position.source.citation}), "
        "assumed each 1 April"
    )


@attrs.frozen(kw_only=True)
class SendProjection:
    """SEND placements of one kind projected from the placement records (partnership).

    A one-state Markov model per kind of placement, on month ends: over the fit window,
    ``ended`` of ``placement_months`` placements running on a month end had ended by the
    next (a monthly ending probability ``e = ended ÷ placement_months``) and ``started``
    started (``s = started ÷ months`` a month). Each month ``n ← n × (1 − e) + s``, so from
    ``now`` running on the census day, month ``k`` on holds
    ``s ÷ e + (now − s ÷ e) × (1 − e)^k``, exactly (``now + k × s`` when nothing ended).

    Attributes:
        service: the kind of placement.
        first_month: the first month of the fit window.
        last_month: the census month, the last of the window (inclusive).
        started: placements seen starting in the window (month end to month end).
        ended: placements seen ending in the window.
        placement_months: placements running on each month end followed by another in the
            window, summed (the ending probability's denominator).
        now: placements running on the census day.
        projected: ``(census month, exact placements)`` for each year ahead.
    """

    service: ServiceKind
    first_month: YearMonth
    last_month: YearMonth
    started: int
    ended: int
    placement_months: int
    now: int
    projected: tuple[tuple[YearMonth, Fraction], ...]

    @property
    def months(self) -> int:
        """Months in the fit window."""
        return month_number(self.last_month) - month_number(self.first_month) + 1


def project_send_placements(
    programme: Programme,
    *,
    year: FinancialYear,
    years: int = OUTLOOK_YEARS,
    reference_months: int = REFERENCE_MONTHS,
) -> tuple[SendProjection, ...]:
    """Each kind of SEND placement projected ``years`` years on from 31 March ending
    ``year``, from the programme's SEND placement records (in-house ones included), in
    service-kind order; kinds with no placement running or starting in the window are left
    out.

    Placements are observed on month ends, as children are in the demand model: on the last
    day of the month before the window and of each of the ``reference_months`` months to the
    census month. A placement running on one month end and not the next ended in that month;
    one not running on a month end and running on the next started; the exposure is the
    placements running on each month end followed by another in the window. A placement
    running on no month end (shorter than a month) is not seen.

    Raises:
        InvalidValueError: ``years`` or ``reference_months`` below 1.
    """
    if years < 1 or reference_months < 1:
        raise InvalidValueError(
            "a SEND projection needs at least one year ahead and one month of history",
            field="years" if years < 1 else "reference_months",
            value=years if years < 1 else reference_months,
            expected=">= 1",
        )
    census = census_month(year)
    last = month_number(census)
    first = last - reference_months + 1
    # the month ends observed: the one before the window (index 0), then each window month's
    # (index w = reference_months: the census day)
    days = [month_end(month_of_number(m)) for m in range(first - 1, last + 1)]
    w = len(days) - 1
    # each SEND placement runs on the month ends lo to hi - 1 (half-open period); the
    # (kind, lo, hi) triples are counted first, as thousands of placements share a few
    # hundred, and each column is looked up by a comprehension or a C loop (map)
    send = [p for p in programme.placements if p.workstream is Workstream.SEND]
    periods = [p.period for p in send]
    los = map(bisect_left, repeat(days), [r.start for r in periods])
    his = [w + 1 if (e := r.end) is None else bisect_left(days, e) for r in periods]
    spans = Counter(zip([p.service for p in send], los, his, strict=True))
    tallies: dict[ServiceKind, list[int]] = {}
    for (service, lo, hi), n in spans.items():
        if lo >= hi:
            continue  # never running on an observed month end
        t = tallies.setdefault(service, [0, 0, 0, 0])
        t[0] += n * (lo >= 1)  # not running on the previous month end, running on this one
        t[1] += n * (hi <= w)  # running on one month end, not on the next
        t[2] += n * max(0, min(hi, w) - lo)  # month ends followed by another observed one
        t[3] += n * (hi > w)  # running on the census day
    out: list[SendProjection] = []
    for service in ServiceKind:
        if service not in tallies:
            continue
        started, ended, exposure, now = tallies[service]
        if not (now or started):
            continue
        rate = Fraction(ended, exposure) if exposure else Fraction(0)
        per_month = Fraction(started, reference_months)
        projected = []
        for y in range(1, years + 1):
            k = 12 * y
            if rate:
                steady = per_month / rate
                value = steady + (now - steady) * (1 - rate) ** k
            else:
                value = now + k * per_month
            projected.append((YearMonth(census.year + y, 3), value))
        out.append(
            SendProjection(
                service=service,
                first_month=month_of_number(first),
                last_month=census,
                started=started,
                ended=ended,
                placement_months=exposure,
                now=now,
                projected=tuple(projected),
            )
        )
    return tuple(out)


@attrs.frozen(kw_only=True)
class DemandOutlook:
    """Demand now and projected, its forecast cost and the sufficiency gap, for the report.

    Attributes:
        financial_year: the report year; its 31 March is the census day the projection
            starts from.
        years: years projected ahead.
        forecast: looked-after children: rates fitted over the 36 months to the census day,
            each borough's projection and the bootstrap intervals on each later 31 March
            (:attr:`DemandForecast.counts`: by borough and group, borough in all, then the
            partnership), or ``None`` when the programme has no SSDA903 episodes covering
            the census day.
        cost: the forecast priced (an assumption, labelled), or ``None`` without a forecast.
        expected_uplift: the yearly uplift assumed.
        uplift_source: where it comes from.
        registered_places: the places table given (possibly empty), or ``None`` when none
            was: then no sufficiency gap is shown.
        sufficiency: projected children against registered places on each projected
            31 March, by borough and group, then the partnership.
        send: SEND placements projected from the placement records, by kind.
    """

    financial_year: FinancialYear
    years: int
    forecast: DemandForecast | None
    cost: DemandCost | None
    expected_uplift: Rate
    uplift_source: str
    registered_places: tuple[RegisteredPlaces, ...] | None
    sufficiency: tuple[SufficiencyGap, ...]
    send: tuple[SendProjection, ...]

    @property
    def census(self) -> YearMonth:
        """The census month (March ending the report year)."""
        return census_month(self.financial_year)

    @property
    def census_day(self) -> dt.date:
        """The census day, 31 March ending the report year."""
        return self.financial_year.range.last_day


def outlook_demand(
    programme: Programme,
    *,
    year: FinancialYear,
    registered_places: Iterable[RegisteredPlaces] | None = None,
    years: int = OUTLOOK_YEARS,
    bootstrap: BootstrapSettings = OUTLOOK_BOOTSTRAP,
) -> DemandOutlook:
    """The programme's demand outlook from 31 March ending ``year``, ``years`` years on.

    Args:
        programme: its episodes, children (months of birth), lots, uplift rounds and SEND
            placements.
        year: the report year.
        registered_places: places near each borough, or ``None`` for no sufficiency gap.
        years: years ahead (at least 1).
        bootstrap: the interval's resamples, seed and level.
    """
    uplift, source = expected_uplift_of(programme, year)
    forecast = cost = None
    if programme.episodes:
        born = {c.ref: c.month_of_birth for c in programme.children if c.month_of_birth}
        try:
            forecast = forecast_demand_columns(
                programme.episodes, born, year=year, years=years, bootstrap=bootstrap
            )
        except InvalidValueError:
            forecast = None  # the census day is outside the episodes
    places = None if registered_places is None else tuple(registered_places)
    gaps: list[SufficiencyGap] = []
    if forecast is not None:
        prices = prices_from_programme(
            programme,
            on=year.range.last_day,
            expected_uplift=uplift,
            basis=PriceBasis.LOT_BAND_MIDPOINT,
        )
        cost = price_projection(forecast.projection, prices)
        if places is not None:
            for month in forecast.census_months:
                gaps.extend(assess_sufficiency(forecast.counts, places, month=month))
    return DemandOutlook(
        financial_year=year,
        years=years,
        forecast=forecast,
        cost=cost,
        expected_uplift=uplift,
        uplift_source=source,
        registered_places=places,
        sufficiency=tuple(gaps),
        send=project_send_placements(programme, year=year, years=years),
    )
