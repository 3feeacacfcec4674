"""Individual Child Agreements: outcomes, measurements and review schedules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import example, given

from slcp.domain import (
    Direction,
    FeeComponents,
    IcaId,
    IndividualChildAgreement,
    Measurement,
    Outcome,
    OutcomeDomain,
    OutcomeId,
    PlacementId,
    ReviewSchedule,
)
from slcp.errors import InvalidValueError, PeriodError
from slcp.money import Money
from slcp.periods import DateRange, months_after
from tests.domain.builders import agreement
from tests.strategies import date_ranges, dates

D = dt.date


def _outcome(
    baseline: str = "70",
    target: str = "90",
    direction: Direction = Direction.HIGHER_IS_BETTER,
    measured: tuple[dt.date, ...] = (),
) -> Outcome:
    return Outcome(
        id=OutcomeId("O1"),
        domain=OutcomeDomain.EDUCATION,
        description="attend school regularly",
        measure="school attendance %",
        baseline=Decimal(baseline),
        target=Decimal(target),
        target_date=D(2021, 3, 31),
        direction=direction,
        measurements=tuple(Measurement(on=d, value=Decimal("80")) for d in measured),
    )


def test_review_schedule_every_six_months_from_the_start() -> None:
    s = ReviewSchedule(origin=D(2020, 4, 1))
    within = DateRange(start=D(2020, 4, 1), end=D(2021, 10, 1))
    # the origin itself is the start, not a review; 1 Oct 2021 is the range's (excluded) end
    assert s.due_dates(within) == (D(2020, 10, 1), D(2021, 4, 1))


def test_review_schedule_from_31_august_clamps_each_time_from_the_origin() -> None:
    s = ReviewSchedule(origin=D(2019, 8, 31))
    within = DateRange(start=D(2019, 8, 31), end=D(2021, 9, 1))
    # 6 months: 29 Feb 2020 (leap); 12: 31 Aug 2020; 18: 28 Feb 2021; 24: 31 Aug 2021
    assert s.due_dates(within) == (D(2020, 2, 29), D(2020, 8, 31), D(2021, 2, 28), D(2021, 8, 31))


def test_review_schedule_within_a_later_window_and_other_intervals() -> None:
    s = ReviewSchedule(origin=D(2020, 1, 31), interval_months=3)
    within = DateRange(start=D(2021, 1, 1), end=D(2021, 8, 1))
    # 12 months: 31 Jan 2021; 15: 30 Apr 2021; 18: 31 Jul 2021
    assert s.due_dates(within) == (D(2021, 1, 31), D(2021, 4, 30), D(2021, 7, 31))


def test_review_schedule_refuses_open_windows_and_bad_intervals() -> None:
    with pytest.raises(PeriodError):
        ReviewSchedule(origin=D(2020, 4, 1)).due_dates(DateRange.open_from(D(2020, 4, 1)))
    for months in (0, -6):
        with pytest.raises(InvalidValueError):
            ReviewSchedule(origin=D(2020, 4, 1), interval_months=months)


@given(dates(), date_ranges(bounded=True, max_days=4 * 366))
@example(D(2019, 8, 31), DateRange(start=D(2019, 8, 31), end=D(2023, 9, 1)))
@example(D(2020, 2, 29), DateRange(start=D(2020, 2, 29), end=D(2024, 3, 1)))
def test_review_dates_are_each_computed_from_the_origin(origin: dt.date, within: DateRange) -> None:
    due = ReviewSchedule(origin=origin).due_dates(within)
    expected = [
        months_after(origin, 6 * k) for k in range(1, 200) if months_after(origin, 6 * k) in within
    ]
    assert list(due) == expected


def test_target_must_be_better_than_baseline_in_its_direction() -> None:
    assert _outcome("70", "90").target == Decimal("90")
    assert _outcome("5", "2", Direction.LOWER_IS_BETTER).target == Decimal("2")
    assert _outcome("5", "5").target == Decimal("5")  # keeping a level is allowed
    with pytest.raises(InvalidValueError) as info:
        _outcome("90", "70")
    assert info.value.field == "target"
    with pytest.raises(InvalidValueError):
        _outcome("2", "5", Direction.LOWER_IS_BETTER)


def test_measurements_are_exact_and_in_date_order() -> None:
    with pytest.raises(InvalidValueError):
        Measurement(on=D(2020, 5, 1), value=80.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        _outcome(measured=(D(2020, 6, 1), D(2020, 5, 1)))
    o = _outcome(measured=(D(2020, 5, 1),)).with_measurement(
        Measurement(on=D(2020, 2, 29), value=Decimal("75"))
    )
    assert [m.on for m in o.measurements] == [D(2020, 2, 29), D(2020, 5, 1)]


def test_ica_outcome_ids_unique_and_reviews_in_order() -> None:
    ica = agreement()
    assert ica.id == IcaId("ICA-1")
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(ica, outcomes=(*ica.outcomes, *ica.outcomes))
    assert info.value.field == "outcomes"
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(ica, reviews_held=(D(2020, 10, 1), D(2020, 9, 1)))
    assert info.value.field == "reviews_held"


def test_ica_agreed_fee() -> None:
    ica = IndividualChildAgreement(
        id=IcaId("ICA-2"),
        placement=PlacementId("PL-1"),
        agreed_on=D(2020, 4, 1),
        agreed_fee=FeeComponents(core=Money(400_000), additional_support=Money(60_000)),
        reviews=ReviewSchedule(origin=D(2020, 4, 1)),
    )
    assert ica.agreed_fee.total == Money(460_000)  # £4,000 core + £600 1:1 support a week
