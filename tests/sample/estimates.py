"""Independent estimates of the sample's calibration figures, written from the rules in the
brief and REFERENCE §4 without using :mod:`slcp.pricing` or :mod:`slcp.outcomes`.

* Spend: the contractual weekly total as charged, exact: ÷ 7 × days on the daily basis
  (REFERENCE §3); N weeks a year spread over each academic year's days for term-time
  placements (decision 0301: weekly × N ÷ 365 or 366 a day).
* SEND cost avoidance: for every placement a round affects, (fee at the requested rate − fee
  at the agreed rate) × days in force ÷ 7, each step rounded half up to the penny; a round
  applies on top of the latest fee-history entry when it takes effect after that entry, and
  its effect is carried while that entry and the placement last.
* Placement stability: the DfE-style short-term and long-term measures of REFERENCE §4.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from fractions import Fraction

from slcp.domain import (
    CareEpisode,
    ChargingMethod,
    FeeUpliftRound,
    Placement,
    Programme,
    UpliftTiming,
    Workstream,
)
from slcp.money import Rate, round_pence
from slcp.periods import DateRange, anniversaries

__all__ = [
    "cost_avoidance",
    "long_term_stability",
    "short_term_stability",
    "spend_charged",
]


def _daily_rate(p: Placement, day: dt.date, weekly: int) -> Fraction:
    """Pence charged for one day at ``weekly`` pence a week."""
    if p.charging.method is ChargingMethod.WEEKS_PER_YEAR and p.charging.weeks_per_year:
        # 1 September to 31 August: 366 days when it holds 29 February
        start = dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)
        days_in_year = (dt.date(start.year + 1, 9, 1) - start).days
        return Fraction(weekly * p.charging.weeks_per_year, days_in_year)
    return Fraction(weekly, 7)


def spend_charged(placements: Iterable[Placement], period: DateRange) -> Fraction:
    """Exact pence charged in ``period`` on contractual fees, summed day by day."""
    total = Fraction(0)
    for p in placements:
        part = p.period.intersection(period)
        if part is None:
            continue
        for span, entry in p.fees.periods():
            piece = span.intersection(part)
            if piece is None:
                continue
            for day in piece.iter_days():
                total += _daily_rate(p, day, entry.value.total.pence)
    return total


def _effective_days(rnd: FeeUpliftRound, placement: Placement) -> list[dt.date]:
    year = rnd.financial_year.range
    if rnd.timing is UpliftTiming.FINANCIAL_YEAR_START:
        return [year.start]
    return list(anniversaries(placement.period.start, year))


def _agreed(
    rnd: FeeUpliftRound, programme: Programme, placement: Placement
) -> tuple[Rate, Rate] | None:
    assert placement.provider is not None
    request = rnd.request_for(placement.provider, placement.service)
    if request is None:
        return None
    if request.agreed is not None:
        return request.requested, request.agreed
    tier = programme.provider(placement.provider).tier
    cap = next(
        (b.cap for b in rnd.position.bands if b.applies_to(tier, placement.service)),
        rnd.position.default_cap,
    )
    agreed = request.requested if cap is None else min(request.requested, cap)
    return request.requested, agreed


def cost_avoidance(
    programme: Programme, workstream: Workstream, window: DateRange
) -> dict[str, Fraction]:
    """Exact pence avoided per borough within ``window`` (see the module docstring)."""
    rounds = sorted(
        (r for r in programme.uplift_rounds if r.workstream is workstream),
        key=lambda r: r.financial_year,
    )
    out: dict[str, Fraction] = {}
    for p in programme.placements:
        if p.workstream is not workstream or p.provider is None:
            continue
        for fee_span, entry in p.fees.periods():
            span = fee_span.intersection(p.period)
            if span is None:
                continue
            span_end = span.end or window.end
            assert span_end is not None
            events: list[tuple[dt.date, Rate, Rate]] = []
            for rnd in rounds:
                rates = _agreed(rnd, programme, p)
                if rates is None:
                    continue
                for day in _effective_days(rnd, p):
                    if span.start < day < span_end:
                        events.append((day, *rates))
            if not events:
                continue
            events.sort(key=lambda e: e[0])
            requested = agreed = entry.value.total.pence
            for i, (day, req_rate, agr_rate) in enumerate(events):
                requested = round_pence(requested * (1 + req_rate.fraction))
                agreed = round_pence(agreed * (1 + agr_rate.fraction))
                nxt = events[i + 1][0] if i + 1 < len(events) else span_end
                piece = DateRange(start=day, end=nxt).intersection(window)
                if piece is not None and requested != agreed:
                    out[p.borough] = out.get(p.borough, Fraction(0)) + Fraction(
                        (requested - agreed) * piece.days, 7
                    )
    return out


def _by_child(episodes: Iterable[CareEpisode]) -> dict[str, list[CareEpisode]]:
    out: dict[str, list[CareEpisode]] = {}
    for e in episodes:
        if e.is_short_break:
            continue  # rule 1: V3/V4 short breaks are ignored
        out.setdefault(e.child, []).append(e)
    for eps in out.values():
        eps.sort(key=lambda e: e.start)
    return out


def _placements_and_carers(
    eps: Sequence[CareEpisode],
) -> tuple[list[dt.date], list[dt.date]]:
    """Start days of placements (rules 2-3) and of carers (rule 5)."""
    placements: list[dt.date] = []
    carers: list[dt.date] = []
    before_temporary: CareEpisode | None = None
    previous: CareEpisode | None = None
    for e in eps:
        if e.is_temporary:
            if before_temporary is None and previous is not None:
                before_temporary = previous
            previous = e
            continue
        if before_temporary is not None:
            returned = (
                e.place == before_temporary.place
                and e.placement_district == before_temporary.placement_district
            )
            before_temporary = None
            if returned:
                previous = e
                continue
            placements.append(e.start)
            carers.append(e.start)
        elif e.reason_new_episode in ("S", "P", "B", "T", "U"):
            placements.append(e.start)
            if e.reason_new_episode in ("S", "P", "B"):
                carers.append(e.start)
        previous = e
    return placements, carers


def _looked_after_on(eps: Sequence[CareEpisode], day: dt.date) -> bool:
    return any(day in e.period for e in eps)


def short_term_stability(programme: Programme, year_end: dt.date) -> tuple[int, int]:
    """(children with 3+ placements in the year, children looked after on ``year_end``)."""
    year = DateRange(start=dt.date(year_end.year - 1, 4, 1), end=year_end + dt.timedelta(days=1))
    numerator = denominator = 0
    for eps in _by_child(programme.episodes).values():
        if not _looked_after_on(eps, year_end):
            continue
        denominator += 1
        starts, _ = _placements_and_carers(eps)
        ends = [*starts[1:], eps[-1].period.end]
        in_year = sum(
            1 for s, e in zip(starts, ends, strict=True) if DateRange(start=s, end=e).overlaps(year)
        )
        numerator += in_year >= 3
    return numerator, denominator


def long_term_stability(programme: Programme, year_end: dt.date) -> tuple[int, int]:
    """(children with the same carer for 2+ years, children under 16 in care 2.5+ years)."""
    born = {c.ref: c for c in programme.children}
    numerator = denominator = 0
    cutoff_care = dt.date(year_end.year - 3, 9, 30)  # 30 months before 31 March
    cutoff_carer = dt.date(year_end.year - 2, 3, 31)
    for child, eps in _by_child(programme.episodes).items():
        if not _looked_after_on(eps, year_end):
            continue
        age = born[child].age_on(year_end)
        if age is None or age >= 16:
            continue
        current = [e for e in eps if e.start <= year_end]
        care_start = max(e.start for e in current if e.reason_new_episode == "S")
        if care_start > cutoff_care:
            continue
        denominator += 1
        _, carers = _placements_and_carers(current)
        numerator += max(carers) <= cutoff_carer
    return numerator, denominator
