"""Individual Child Agreements (ICAs): the fee and outcomes agreed for a child's placement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NewType

import attrs

from slcp.domain.codes import Direction, OutcomeDomain
from slcp.domain.placement import FeeComponents, PlacementId
from slcp.errors import InvalidValueError
from slcp.periods import DateRange, months_after

__all__ = [
    "IcaId",
    "IndividualChildAgreement",
    "Measurement",
    "Outcome",
    "OutcomeId",
    "ReviewSchedule",
]

#: An ICA's id.
IcaId = NewType("IcaId", str)
#: An outcome's id, unique within its ICA.
OutcomeId = NewType("OutcomeId", str)


def _exact(value: Decimal) -> Decimal:
    if value.__class__ is Decimal and value.is_finite():
        return value  # the common case, decided without three isinstance calls
    if isinstance(value, float) or not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidValueError(
            "measures must be exact Decimals", field="value", value=value, expected="Decimal('3.5')"
        )
    return value


@attrs.frozen(kw_only=True)
class Measurement:
    """A dated measurement of an outcome's measure.

    Attributes:
        on: the day it was measured.
        value: the measured value, exact, in the outcome's unit.
    """

    on: dt.date
    value: Decimal = attrs.field(converter=_exact)


@attrs.frozen(kw_only=True)
class Outcome:
    """An outcome agreed for a child, with a measure, a baseline and a target.

    Attributes:
        id: unique within the ICA.
        domain: education, health, emotional wellbeing, relationships, independence...
        description: what is sought, in plain words (no personal details).
        measure: what is measured and its unit, e.g. ``"school attendance %"``.
        baseline: the value at the start.
        target: the value sought by ``target_date``.
        target_date: the day by which the target should be met.
        direction: whether higher or lower values are better.
        measurements: dated measurements, in date order.
    """

    id: OutcomeId
    domain: OutcomeDomain
    description: str
    measure: str
    baseline: Decimal = attrs.field(converter=_exact)
    target: Decimal = attrs.field(converter=_exact)
    target_date: dt.date
    direction: Direction
    measurements: tuple[Measurement, ...] = ()

    def __attrs_post_init__(self) -> None:
        days = [m.on for m in self.measurements]
        if days != sorted(days):
            raise InvalidValueError(
                "measurements must be in date order", field="measurements", value=self.id
            )
        better = (
            self.target > self.baseline
            if self.direction is Direction.HIGHER_IS_BETTER
            else self.target < self.baseline
        )
        if not better and self.target != self.baseline:
            raise InvalidValueError(
                "the target must be better than the baseline in the outcome's direction",
                field="target",
                value=str(self.target),
                expected=f"{self.direction.value} than baseline {self.baseline}",
            )

    def with_measurement(self, measurement: Measurement) -> Outcome:
        """The outcome with one more measurement (kept in date order)."""
        ordered = tuple(sorted((*self.measurements, measurement), key=lambda m: m.on))
        return attrs.evolve(self, measurements=ordered)


@attrs.frozen(kw_only=True)
class ReviewSchedule:
    """When an ICA is reviewed: every ``interval_months`` months from ``origin``.

    Each due date is computed from the origin (``months_after(origin, k × interval)``), so a
    31 August start gives 29 February in a leap year and 28 February otherwise.

    Attributes:
        origin: the day the schedule counts from (normally the placement start).
        interval_months: months between reviews (6 by default).

    >>> s = ReviewSchedule(origin=dt.date(2019, 8, 31))
    >>> s.due_dates(DateRange(start=dt.date(2019, 8, 31), end=dt.date(2021, 3, 1)))
    (datetime.date(2020, 2, 29), datetime.date(2020, 8, 31), datetime.date(2021, 2, 28))
    """

    origin: dt.date
    interval_months: int = 6

    def __attrs_post_init__(self) -> None:
        if self.interval_months <= 0:
            raise InvalidValueError(
                "reviews need a positive interval",
                field="interval_months",
                value=self.interval_months,
            )

    def due_dates(self, within: DateRange) -> tuple[dt.date, ...]:
        """Review due dates after the origin that fall within ``within`` (bounded).

        Raises:
            PeriodError: if ``within`` is open-ended.
        """
        if within.end is None:
            within.days  # noqa: B018 - raises PeriodError with the standard message
        out: list[dt.date] = []
        k = 1
        while True:
            due = months_after(self.origin, k * self.interval_months)
            if within.end is not None and due >= within.end:
                break
            if due in within:
                out.append(due)
            k += 1
        return tuple(out)


@attrs.frozen(kw_only=True)
class IndividualChildAgreement:
    """The agreement for one child's placement: fee breakdown, outcomes and reviews.

    Attributes:
        id: ICA id.
        placement: the placement it belongs to.
        agreed_on: the day it was agreed.
        agreed_fee: the weekly fee breakdown agreed.
        outcomes: the outcomes sought.
        reviews: the review schedule.
        reviews_held: the days reviews actually took place, in order.
    """

    id: IcaId
    placement: PlacementId
    agreed_on: dt.date
    agreed_fee: FeeComponents
    outcomes: tuple[Outcome, ...] = ()
    reviews: ReviewSchedule
    reviews_held: tuple[dt.date, ...] = ()

    def __attrs_post_init__(self) -> None:
        ids = [o.id for o in self.outcomes]
        if len(ids) != len(set(ids)):
            raise InvalidValueError(
                "outcome ids must be unique within an ICA", field="outcomes", value=self.id
            )
        if list(self.reviews_held) != sorted(self.reviews_held):
            raise InvalidValueError(
                "reviews_held must be in date order", field="reviews_held", value=self.id
            )
