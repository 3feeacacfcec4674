"""Placement drafts: placements before calibration, with fees in unscaled pence.

The generator first draws every placement as a :class:`PlacementDraft`; the calibration then
scales each group's fees by one exact factor so the group's 2019/20 spend meets its seed
target, and :func:`build_placement` turns the draft into a :class:`~slcp.domain.Placement`,
rounding each scaled fee component to the penny with :func:`~slcp.money.round_pence`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs

from slcp.domain import (
    PRO_RATA_DAILY,
    ChargingBasis,
    ChargingMethod,
    ChildRef,
    EndingReason,
    FeeComponents,
    FundingShares,
    GssCode,
    Placement,
    PlacementEnding,
    PlacementId,
    ProviderId,
    PurchaseRoute,
    ServiceKind,
)
from slcp.money import Money, round_pence
from slcp.periods import AcademicYear, DateRange
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

__all__ = ["FeeDraft", "PlacementDraft", "build_placement", "scaled_fee", "spend_within"]

_FEE_SOURCE = Source(kind=SourceKind.AGREEMENT, citation="placement contract (sample)")


@attrs.frozen(kw_only=True)
class FeeDraft:
    """A weekly fee before calibration, components in pence."""

    core: int
    additional_support: int = 0
    education: int = 0

    @property
    def total(self) -> int:
        """Total weekly pence."""
        return self.core + self.additional_support + self.education


@attrs.frozen(kw_only=True)
class PlacementDraft:
    """A placement before its fees are calibrated (see :class:`~slcp.domain.Placement`)."""

    id: PlacementId
    child: ChildRef
    borough: GssCode
    provider: ProviderId
    service: ServiceKind
    period: DateRange
    fees: tuple[tuple[dt.date, FeeDraft], ...]
    charging: ChargingBasis = PRO_RATA_DAILY
    route: PurchaseRoute
    funding: FundingShares
    location: str
    miles: Decimal
    ending: EndingReason | None = None
    place: str | None = None
    place_provider: str | None = None
    education_continuity: bool | None = None

    def fee_spans(self) -> tuple[tuple[DateRange, FeeDraft], ...]:
        """Each fee with the half-open range it is in force for."""
        out: list[tuple[DateRange, FeeDraft]] = []
        for i, (day, fee) in enumerate(self.fees):
            nxt = self.fees[i + 1][0] if i + 1 < len(self.fees) else self.period.end
            out.append((DateRange(start=day, end=nxt), fee))
        return tuple(out)


def scaled_fee(fee: FeeDraft, factor: Fraction) -> FeeComponents:
    """The calibrated weekly fee: each component × ``factor``, rounded half up to the penny."""
    return FeeComponents(
        core=_scaled(fee.core, factor),
        additional_support=_scaled(fee.additional_support, factor),
        education=_scaled(fee.education, factor),
    )


def _scaled(pence: int, factor: Fraction) -> Money:
    return Money(0) if pence == 0 else Money(round_pence(pence * factor))


def spend_within(
    draft: PlacementDraft, period: DateRange, factor: Fraction = Fraction(1)
) -> Fraction:
    """Exact contractual spend in ``period`` in pence, unrounded, on the draft's charging basis.

    Daily pro rata: weekly total ÷ 7 × days. N weeks a year: each day of academic year *A*
    costs weekly total × N ÷ days(*A*) (decision 0301), so a term-time placement is
    calibrated on what it is charged, not on 52 weeks. With ``factor`` the fees are first
    calibrated (and rounded) as :func:`build_placement` would, so the figure equals the built
    placement's contractual charge.
    """
    weeks = draft.charging.weeks_per_year
    total = Fraction(0)
    for span, fee in draft.fee_spans():
        part = span.intersection(period)
        if part is None:
            continue
        weekly = fee.total if factor == 1 else scaled_fee(fee, factor).total.pence
        if draft.charging.method is not ChargingMethod.WEEKS_PER_YEAR or weeks is None:
            total += Fraction(weekly * part.days, 7)
            continue
        for year_part in _academic_year_parts(part.start, part.last_day):
            days_in_year = AcademicYear.containing(year_part.start).days
            total += Fraction(weekly * weeks * year_part.days, days_in_year)
    return total


def _academic_year_parts(first_day: dt.date, last_day: dt.date) -> tuple[DateRange, ...]:
    """The days from ``first_day`` to ``last_day`` (both included) cut at each 1 September."""
    parts: list[DateRange] = []
    cursor = first_day
    end = last_day + dt.timedelta(days=1)
    while cursor < end:
        stop = min(AcademicYear.containing(cursor).range.end or end, end)
        parts.append(DateRange(start=cursor, end=stop))
        cursor = stop
    return tuple(parts)


def build_placement(draft: PlacementDraft, factor: Fraction) -> Placement:
    """The placement record, fees scaled by ``factor`` and rounded to the penny."""
    fees = Timeline(
        entries=tuple(
            TimelineEntry(effective=day, value=scaled_fee(fee, factor), source=_FEE_SOURCE)
            for day, fee in draft.fees
        )
    )
    return Placement(
        id=draft.id,
        child=draft.child,
        borough=draft.borough,
        workstream=draft.service.workstream,
        provider=draft.provider,
        service=draft.service,
        period=draft.period,
        fees=fees,
        charging=draft.charging,
        route=draft.route,
        funding=draft.funding,
        location=draft.location,
        distance_from_home_miles=draft.miles,
        ending=None if draft.ending is None else PlacementEnding(reason=draft.ending),
        ssda903_place=draft.place,
        ssda903_provider=draft.place_provider,
        education_continuity=draft.education_continuity,
    )
