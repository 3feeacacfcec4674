"""The built-in KPI derivations: a provider's value for one KPI over a period.

Each derivation (:class:`~slcp.outcomes.kpi.Derivation`) reads the programme's placements,
ICAs, providers, lots and concerns for one provider over a bounded half-open period and
returns a :class:`KpiMeasure`: the exact value, its numerator and denominator, and the ids
of the records counted, so every figure can be traced. A derivation with nothing to count
(a denominator of 0) gives ``value=None`` — "no data" — never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from slcp.domain import (
    IndividualChildAgreement,
    Placement,
    Programme,
    ProviderConcern,
    RouteKind,
)
from slcp.errors import ParameterNotFoundError, PeriodError
from slcp.outcomes.ica import (
    OutcomeStatus,
    ReviewTimeliness,
    cap_assessment_day,
    outcome_statuses,
    review_timeliness,
)
from slcp.outcomes.kpi import Derivation, KpiDefinition
from slcp.periods import DateRange, months_after

__all__ = ["KpiMeasure", "check_period", "measure_kpi"]


@attrs.frozen(kw_only=True)
class KpiMeasure:
    """A KPI's value for one provider and period, with what it was computed from.

    Attributes:
        kpi: the KPI's id.
        value: the exact value in the KPI's unit, or ``None`` when there was nothing to
            measure (not scored — never zero).
        numerator: records meeting the KPI (ratios), the count (counts), or the sum of
            the amounts averaged (days, pence).
        denominator: records considered (ratios and means); ``None`` for counts.
        counted: ids of the records in the numerator, sorted.
        considered: ids of the records considered, sorted.
        method: the derivation key and parameter used.
    """

    kpi: str
    value: Fraction | None
    numerator: int
    denominator: int | None
    counted: tuple[str, ...]
    considered: tuple[str, ...]
    method: str

    @property
    def has_data(self) -> bool:
        """True when there was something to measure."""
        return self.value is not None


def _last_day(period: DateRange) -> dt.date:
    return check_period(period).last_day


def check_period(period: DateRange) -> DateRange:
    """Refuse an open-ended or empty period (a scorecard needs a last day).

    >>> check_period(DateRange(start=dt.date(2020, 4, 1)))
    Traceback (most recent call last):
    ...
    slcp.errors.PeriodError: a KPI period must be bounded and non-empty...
    """
    if period.end is None or period.is_empty:
        raise PeriodError(
            "a KPI period must be bounded and non-empty",
            field="period",
            value=str(period),
            expected="e.g. FinancialYear(2020).range",
        )
    return period


def _ended_in(p: Placement, period: DateRange) -> bool:
    # the placement's last day (end − 1) falls in the period: start < end <= period.end
    end = p.period.end
    return end is not None and period.end is not None and period.start < end <= period.end


#: Each ratio of counts already made: a scorecard of every provider makes the same few
#: (1, 1/2, 2/3...) thousands of times, and a Fraction, being immutable, can be shared.
_RATIOS: dict[tuple[int, int], Fraction] = {}


def _fraction(n: int, d: int) -> Fraction:
    # Fraction(n, d) for counts n >= 0 and d > 0, remembered (bounded: started again when full)
    found = _RATIOS.get((n, d))
    if found is None:
        if len(_RATIOS) >= 10_000:
            _RATIOS.clear()
        found = _RATIOS[(n, d)] = Fraction(n, d)
    return found


def _ratio(
    kpi: KpiDefinition, considered: list[str], counted: list[str], method: str
) -> KpiMeasure:
    n, d = len(counted), len(considered)
    return KpiMeasure(
        kpi=kpi.id,
        value=_fraction(n, d) if d else None,
        numerator=n,
        denominator=d,
        counted=tuple(sorted(counted)),
        considered=tuple(sorted(considered)),
        method=method,
    )


def _mean(kpi: KpiDefinition, amounts: dict[str, int], method: str) -> KpiMeasure:
    # the exact mean of whole amounts (days, pence): sum over count, no rounding
    ids = tuple(sorted(amounts))
    total = sum(amounts.values())
    return KpiMeasure(
        kpi=kpi.id,
        value=Fraction(total, len(ids)) if ids else None,
        numerator=total,
        denominator=len(ids),
        counted=ids,
        considered=ids,
        method=method,
    )


def _within_band(programme: Programme, p: Placement, period: DateRange) -> bool | None:
    lot_id = p.route.lot
    found = programme.lot(lot_id) if lot_id is not None else None
    if found is None or found[1].price_band is None:
        return None
    # the placement's last day in the period (it runs in the period: ``active``), as
    # ``p.period.intersection(period).last_day`` without building the range
    ends = [e for e in (p.period.end, period.end) if e is not None]
    if not p.period.overlaps(period) or not ends:
        return None
    try:
        fee = p.fee_on(min(ends) - dt.timedelta(days=1))
    except ParameterNotFoundError:
        return None
    return found[1].price_band.contains(fee.total)


def measure_kpi(
    programme: Programme, provider_id: str, period: DateRange, kpi: KpiDefinition
) -> KpiMeasure:
    """The provider's value for ``kpi`` over ``period`` (bounded, half-open).

    Placements count for the provider on every borough's behalf (the partnership view).
    Fees are the contractual fee (``placement.fee_on``), before programme uplift rounds.

    Raises:
        PeriodError: for an open-ended or empty period.
    """
    check_period(period)
    return _measure_kpi(
        programme, provider_id, period, kpi, _provider_placements(programme, provider_id, period)
    )


@attrs.frozen
class _ProviderPlacements:
    mine: list[Placement]  # the provider's placements, by id
    active: list[Placement]  # those running in the period
    started: list[Placement]  # those starting in it
    # the ICAs of the placements running in the period, by ICA id, each with its placement
    agreements: list[tuple[IndividualChildAgreement, Placement]]
    # the concerns to look at: at least every concern about the provider (others are skipped)
    concerns: Sequence[ProviderConcern]
    # the period's last day, once it has been checked (None: not yet)
    on: dt.date | None = None


def _provider_placements(
    programme: Programme,
    provider_id: str,
    period: DateRange,
    *,
    placements: Iterable[Placement] | None = None,
    agreements: Iterable[IndividualChildAgreement] | None = None,
    concerns: Sequence[ProviderConcern] | None = None,
) -> _ProviderPlacements:
    # the provider's placements sorted by id, those running in the period and those starting
    # in it, and the ICAs of those running: what every derivation reads, gathered once for
    # all of a scorecard's KPIs. ``placements``, ``agreements`` and ``concerns``, when given,
    # hold at least the provider's own (a scorecard of every provider groups them once
    # instead of scanning the programme's)
    mine = sorted(
        (
            p
            for p in (programme.placements if placements is None else placements)
            if p.provider == provider_id
        ),
        key=lambda p: p.id,
    )
    start, end = period.start, period.end
    active = [p for p in mine if p.period.overlaps(period)]
    placed = {p.id: p for p in active}
    return _ProviderPlacements(
        mine=mine,
        active=active,
        started=[
            p for p in mine if start <= p.period.start and (end is None or p.period.start < end)
        ],
        agreements=[
            (a, placed[a.placement])
            for a in sorted(
                programme.agreements if agreements is None else agreements, key=lambda a: a.id
            )
            if a.placement in placed
        ],
        concerns=programme.concerns if concerns is None else concerns,
        on=None if period.end is None or period.is_empty else period.last_day,
    )


def _method(kpi: KpiDefinition) -> str:
    # the derivation key and parameter, as KpiMeasure.method states them
    param = kpi.effective_parameter
    return kpi.derivation.value + (f"(parameter={param})" if param is not None else "")


def _measure_kpi(
    programme: Programme,
    provider_id: str,
    period: DateRange,
    kpi: KpiDefinition,
    placements: _ProviderPlacements,
    *,
    method: str | None = None,
) -> KpiMeasure:
    # measure_kpi on a checked period with the provider's placements already gathered;
    # ``method``, when given, is ``_method(kpi)`` (worked out once for many providers)
    on = _last_day(period) if placements.on is None else placements.on
    param = kpi.effective_parameter
    if method is None:
        method = _method(kpi)
    mine, active, started = placements.mine, placements.active, placements.started
    considered: list[str] = []
    counted: list[str] = []
    match kpi.derivation:
        case Derivation.UNPLANNED_ENDINGS:
            for p in mine:
                if _ended_in(p, period) and p.ending is not None:
                    considered.append(p.id)
                    if not p.ending.is_planned:
                        counted.append(p.id)
        case Derivation.PLACEMENTS_LASTING:
            months = int(param or 12)
            for p in active:
                due = months_after(p.period.start, months)
                if period.end is not None and due < period.end:
                    considered.append(p.id)
                    if p.period.end is None or p.period.end >= due:
                        counted.append(p.id)
        case Derivation.ICA_OUTCOMES_ON_TRACK:
            for a, placement in placements.agreements:
                day = cap_assessment_day(placement, on)
                if a.agreed_on > day:
                    continue
                statuses = outcome_statuses(a, on=day)
                prefix = f"{a.id}/"
                for o, status in zip(a.outcomes, statuses, strict=True):
                    if status is OutcomeStatus.NOT_YET_MEASURED:
                        continue
                    name = prefix + o.id
                    considered.append(name)
                    if status.is_good:
                        counted.append(name)
        case Derivation.ICA_REVIEWS_ON_TIME:
            for a, placement in placements.agreements:
                within = placement.period.intersection(period)
                if within is None:
                    continue
                prefix = f"{a.id}@"
                for due, timeliness in review_timeliness(a, within=within, on=on):
                    if timeliness is ReviewTimeliness.PENDING:
                        continue
                    name = prefix + due.isoformat()
                    considered.append(name)
                    if timeliness is ReviewTimeliness.ON_TIME:
                        counted.append(name)
        case Derivation.WITHIN_DISTANCE:
            # Decimals compare exactly, as their Fractions would
            limit = param or 20
            for p in active:
                miles = p.distance_from_home_miles
                if miles is not None:
                    considered.append(p.id)
                    if miles <= limit:
                        counted.append(p.id)
        case Derivation.OFSTED_GOOD_AT_PLACEMENT:
            # every placement in ``active`` is the provider's: look the provider up once
            provider = (
                programme.provider(provider_id) if programme.has_provider(provider_id) else None
            )
            if provider is not None:
                for p in active:
                    rating = provider.rating_on(p.period.start)
                    if rating is None:  # not inspected by then: not considered
                        continue
                    considered.append(p.id)
                    if rating.is_good_or_better:
                        counted.append(p.id)
        case Derivation.COMMISSIONED_ROUTE:
            for p in started:
                if p.route.kind is not RouteKind.IN_HOUSE:
                    considered.append(p.id)
                    if p.route.kind.is_commissioned:
                        counted.append(p.id)
        case Derivation.PRICE_WITHIN_BAND:
            for p in active:
                inside = _within_band(programme, p, period)
                if inside is not None:
                    considered.append(p.id)
                    if inside:
                        counted.append(p.id)
        case Derivation.EDUCATION_CONTINUITY:
            for p in started:
                if p.education_continuity is not None:
                    considered.append(p.id)
                    if p.education_continuity:
                        counted.append(p.id)
        case Derivation.MEAN_DAYS_BEFORE_ENDING:
            ended = [p for p in mine if _ended_in(p, period)]
            return _mean(kpi, {p.id: p.period.days for p in ended}, method)
        case Derivation.MEAN_WEEKLY_FEE:
            fees: dict[str, int] = {}
            for p in active:
                span = p.period.intersection(period)
                if span is not None and p.fees.has_value_on(span.last_day):
                    fees[p.id] = p.fee_on(span.last_day).total.pence
            return _mean(kpi, fees, method)
        case Derivation.OPEN_CONCERNS:
            open_ids = sorted(
                c.id for c in placements.concerns if c.provider == provider_id and c.is_open_on(on)
            )
            return KpiMeasure(
                kpi=kpi.id,
                value=Fraction(len(open_ids)),
                numerator=len(open_ids),
                denominator=None,
                counted=tuple(open_ids),
                considered=tuple(open_ids),
                method=method,
            )
    return _ratio(kpi, considered, counted, method)
