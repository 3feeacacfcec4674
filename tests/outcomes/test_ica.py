"""ICA outcome progress (each status rule) and review timeliness, worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from slcp.domain import (
    Direction,
    FeeComponents,
    IcaId,
    IndividualChildAgreement,
    Measurement,
    Outcome,
    OutcomeDomain,
    OutcomeId,
    Placement,
    PlacementId,
    ReviewSchedule,
)
from slcp.errors import InvalidValueError, PeriodError
from slcp.money import Money
from slcp.outcomes import (
    OutcomeStatus,
    ReviewTimeliness,
    ReviewTolerance,
    assess_agreement,
    assess_outcome,
    assess_reviews,
    outcome_statuses,
    review_timeliness,
)
from slcp.outcomes.ica import _due_dates, _integer_ratio
from slcp.periods import DateRange
from tests.strategies import agreements, date_ranges, dates, placements

D = dt.date
AGREED = D(2020, 1, 1)
TARGET_DATE = D(2021, 1, 1)  # 366 days after AGREED (2020 is a leap year)


def attendance(*measurements: tuple[dt.date, str]) -> Outcome:
    """Attendance from 60% to 90% by 1 January 2021 (higher is better)."""
    return Outcome(
        id=OutcomeId("attendance"),
        domain=OutcomeDomain.EDUCATION,
        description="attends school regularly",
        measure="attendance %",
        baseline=Decimal(60),
        target=Decimal(90),
        target_date=TARGET_DATE,
        direction=Direction.HIGHER_IS_BETTER,
        measurements=tuple(Measurement(on=d, value=Decimal(v)) for d, v in measurements),
    )


def incidents(*measurements: tuple[dt.date, str]) -> Outcome:
    """Incidents a month from 8 down to 2 (lower is better)."""
    return Outcome(
        id=OutcomeId("incidents"),
        domain=OutcomeDomain.SAFETY,
        description="fewer incidents",
        measure="incidents a month",
        baseline=Decimal(8),
        target=Decimal(2),
        target_date=TARGET_DATE,
        direction=Direction.LOWER_IS_BETTER,
        measurements=tuple(Measurement(on=d, value=Decimal(v)) for d, v in measurements),
    )


def test_not_yet_measured_when_the_only_measurement_is_after_the_date() -> None:
    p = assess_outcome(attendance((D(2020, 7, 1), "80")), baseline_on=AGREED, on=D(2020, 6, 30))
    assert p.status is OutcomeStatus.NOT_YET_MEASURED
    assert p.progress is None
    assert p.latest is None


def test_achieved_when_target_met_even_early() -> None:
    p = assess_outcome(attendance((D(2020, 3, 1), "90")), baseline_on=AGREED, on=D(2020, 3, 1))
    # (90 − 60) / (90 − 60) = 1
    assert (p.progress, p.status) == (Fraction(1), OutcomeStatus.ACHIEVED)


def test_achieved_lower_is_better() -> None:
    p = assess_outcome(incidents((D(2020, 9, 1), "1")), baseline_on=AGREED, on=D(2020, 9, 1))
    # (1 − 8) / (2 − 8) = 7/6 > 1
    assert (p.progress, p.status) == (Fraction(7, 6), OutcomeStatus.ACHIEVED)


def test_on_track_exactly_at_the_elapsed_share() -> None:
    # on 2020-07-02: 183 of 366 days elapsed = 1/2; measured 75: (75 − 60) / 30 = 1/2 -> on track
    p = assess_outcome(attendance((D(2020, 7, 2), "75")), baseline_on=AGREED, on=D(2020, 7, 2))
    assert p.elapsed_share == Fraction(1, 2)
    assert p.progress == Fraction(1, 2)
    assert p.status is OutcomeStatus.ON_TRACK


def test_off_track_just_below_the_elapsed_share() -> None:
    # same day; 74.97: (74.97 − 60) / 30 = 0.499 < 1/2 -> off track
    p = assess_outcome(attendance((D(2020, 7, 2), "74.97")), baseline_on=AGREED, on=D(2020, 7, 2))
    assert p.progress == Fraction(499, 1000)
    assert p.status is OutcomeStatus.OFF_TRACK


def test_a_stale_measurement_drifts_off_track() -> None:
    # 75 measured on 2020-07-02 is on track that day, but on 2020-10-01 (274/366 elapsed)
    # progress 1/2 < 137/183 -> off track
    p = assess_outcome(attendance((D(2020, 7, 2), "75")), baseline_on=AGREED, on=D(2020, 10, 1))
    assert p.elapsed_share == Fraction(274, 366)
    assert p.status is OutcomeStatus.OFF_TRACK


def test_after_the_target_date_only_achieved_is_good() -> None:
    p = assess_outcome(attendance((D(2020, 12, 1), "89")), baseline_on=AGREED, on=D(2021, 2, 1))
    # progress 29/30 < elapsed share 1 (capped) -> off track
    assert (p.elapsed_share, p.progress) == (Fraction(1), Fraction(29, 30))
    assert p.status is OutcomeStatus.OFF_TRACK


def test_latest_measurement_counts_not_the_best() -> None:
    o = attendance((D(2020, 3, 1), "90"), (D(2020, 5, 1), "62"))
    p = assess_outcome(o, baseline_on=AGREED, on=D(2020, 5, 1))
    # latest 62: progress 2/30 = 1/15; elapsed 121/366 -> off track
    assert p.latest == Measurement(on=D(2020, 5, 1), value=Decimal(62))
    assert p.progress == Fraction(1, 15)
    assert p.status is OutcomeStatus.OFF_TRACK


def test_worse_than_baseline_gives_negative_progress() -> None:
    p = assess_outcome(attendance((D(2020, 2, 1), "45")), baseline_on=AGREED, on=D(2020, 2, 1))
    assert p.progress == Fraction(-1, 2)
    assert p.status is OutcomeStatus.OFF_TRACK


def test_target_equal_to_baseline_is_kept_or_not() -> None:
    keep = Outcome(
        id=OutcomeId("keep"),
        domain=OutcomeDomain.STABILITY,
        description="keep the same school",
        measure="school moves",
        baseline=Decimal(0),
        target=Decimal(0),
        target_date=TARGET_DATE,
        direction=Direction.LOWER_IS_BETTER,
        measurements=(Measurement(on=D(2020, 6, 1), value=Decimal(0)),),
    )
    assert assess_outcome(keep, baseline_on=AGREED, on=D(2020, 6, 1)).status is (
        OutcomeStatus.ACHIEVED
    )
    moved = keep.with_measurement(Measurement(on=D(2020, 8, 1), value=Decimal(1)))
    p = assess_outcome(moved, baseline_on=AGREED, on=D(2020, 8, 1))
    assert (p.progress, p.status) == (Fraction(0), OutcomeStatus.OFF_TRACK)


def test_assessing_before_the_baseline_raises() -> None:
    with pytest.raises(InvalidValueError, match="before its baseline"):
        assess_outcome(attendance(), baseline_on=AGREED, on=D(2019, 12, 31))


# -- reviews ---------------------------------------------------------------------------------


def agreement(*held: dt.date) -> IndividualChildAgreement:
    return IndividualChildAgreement(
        id=IcaId("ICA-1"),
        placement=PlacementId("P1"),
        agreed_on=AGREED,
        agreed_fee=FeeComponents(core=Money(400_000)),
        outcomes=(attendance((D(2020, 7, 2), "75")), incidents()),
        reviews=ReviewSchedule(origin=AGREED),  # due 2020-07-01, 2021-01-01, 2021-07-01
        reviews_held=held,
    )


SPAN = DateRange(start=AGREED, end=D(2021, 8, 1))


def test_review_windows_are_inclusive_at_both_ends() -> None:
    # due 2020-07-01, default ±14 days: on time from 2020-06-17 to 2020-07-15 inclusive
    for held, expected in (
        (D(2020, 6, 16), ReviewTimeliness.MISSED),  # too early; nothing else held
        (D(2020, 6, 17), ReviewTimeliness.ON_TIME),
        (D(2020, 7, 15), ReviewTimeliness.ON_TIME),
        (D(2020, 7, 16), ReviewTimeliness.LATE),
        # the day before the next review's on-time window opens (2020-12-18)
        (D(2020, 12, 17), ReviewTimeliness.LATE),
        # inside the next review's window: on time for it, so this one is missed
        (D(2020, 12, 31), ReviewTimeliness.MISSED),
    ):
        r = assess_reviews(agreement(held), within=SPAN, on=D(2021, 8, 1))
        assert r.checks[0].timeliness is expected, held


def test_reviews_held_on_time_late_missed_and_pending() -> None:
    # held 2020-06-17 (on time for 2020-07-01); 2021-01-16 (15 days late for 2021-01-01);
    # nothing for 2021-07-01, whose window closes after 2021-07-15.
    ica = agreement(D(2020, 6, 17), D(2021, 1, 16))
    r = assess_reviews(ica, within=SPAN, on=D(2021, 7, 15))
    assert [(c.due, c.timeliness) for c in r.checks] == [
        (D(2020, 7, 1), ReviewTimeliness.ON_TIME),
        (D(2021, 1, 1), ReviewTimeliness.LATE),
        (D(2021, 7, 1), ReviewTimeliness.PENDING),
    ]
    assert r.decided == 2
    later = assess_reviews(ica, within=SPAN, on=D(2021, 7, 16))
    assert later.checks[2].timeliness is ReviewTimeliness.MISSED
    assert later.count(ReviewTimeliness.MISSED) == 1


def test_one_review_meets_one_due_date_only() -> None:
    # a single review on 2020-12-25 is on time for 2021-01-01 (window 2020-12-18 to
    # 2021-01-15); it is not spent as a late review for 2020-07-01, which is missed
    r = assess_reviews(agreement(D(2020, 12, 25)), within=SPAN, on=D(2021, 3, 1))
    assert [(c.timeliness, c.held_on) for c in r.checks[:2]] == [
        (ReviewTimeliness.MISSED, None),
        (ReviewTimeliness.ON_TIME, D(2020, 12, 25)),
    ]


def test_reviews_held_after_the_assessment_date_are_not_yet_known() -> None:
    r = assess_reviews(agreement(D(2020, 7, 1)), within=SPAN, on=D(2020, 6, 30))
    assert r.checks[0].timeliness is ReviewTimeliness.PENDING


def test_custom_tolerance() -> None:
    strict = ReviewTolerance(early_days=0, late_days=0)
    r = assess_reviews(agreement(D(2020, 7, 2)), within=SPAN, on=D(2021, 8, 1), tolerance=strict)
    assert r.checks[0].timeliness is ReviewTimeliness.LATE
    with pytest.raises(InvalidValueError):
        ReviewTolerance(early_days=-1)


def test_reviews_need_a_bounded_range() -> None:
    with pytest.raises(PeriodError):
        assess_reviews(agreement(), within=DateRange(start=AGREED), on=D(2021, 1, 1))


def test_assess_agreement_counts_statuses() -> None:
    progress = assess_agreement(agreement(), on=D(2020, 7, 2))
    assert progress.count(OutcomeStatus.ON_TRACK) == 1
    assert progress.count(OutcomeStatus.NOT_YET_MEASURED) == 1


@given(
    origin=st.dates(min_value=D(2019, 1, 1), max_value=D(2021, 12, 31)),
    interval=st.integers(min_value=1, max_value=12),
    offsets=st.lists(st.integers(min_value=0, max_value=1200), max_size=8, unique=True),
    on_offset=st.integers(min_value=0, max_value=1300),
)
@example(origin=D(2019, 8, 31), interval=6, offsets=[181, 365], on_offset=400)
@example(origin=D(2020, 1, 31), interval=1, offsets=[29, 60], on_offset=90)
def test_each_review_is_used_once_and_every_due_date_is_judged(
    origin: dt.date, interval: int, offsets: list[int], on_offset: int
) -> None:
    held = tuple(sorted(origin + dt.timedelta(days=k) for k in offsets))
    ica = attrs.evolve(
        agreement(),
        reviews=ReviewSchedule(origin=origin, interval_months=interval),
        reviews_held=held,
    )
    within = DateRange(start=origin, end=origin + dt.timedelta(days=1200))
    on = origin + dt.timedelta(days=on_offset)
    r = assess_reviews(ica, within=within, on=on)
    assert [c.due for c in r.checks] == list(ica.reviews.due_dates(within))
    used = [c.held_on for c in r.checks if c.held_on is not None]
    assert len(used) == len(set(used))  # a review meets one due date at most
    for c in r.checks:
        if c.timeliness is ReviewTimeliness.ON_TIME:
            assert c.held_on in c.window
        if c.held_on is not None:
            assert c.held_on <= on
        if c.timeliness is ReviewTimeliness.PENDING:
            assert c.window.end is not None
            assert on < c.window.end


@given(
    origin=dates(),
    interval=st.integers(min_value=1, max_value=18),
    within=date_ranges(max_days=4 * 366),
)
@example(
    origin=D(2019, 8, 31), interval=6, within=DateRange(start=D(2020, 2, 29), end=D(2021, 3, 1))
)
@example(
    origin=D(2020, 1, 31), interval=1, within=DateRange(start=D(2019, 1, 1), end=D(2020, 3, 1))
)
@example(
    origin=D(2020, 5, 31), interval=3, within=DateRange(start=D(2020, 8, 31), end=D(2020, 8, 31))
)
def test_due_dates_counted_from_the_first_reachable_interval_are_the_schedules(
    origin: dt.date, interval: int, within: DateRange
) -> None:
    # the review rule counts due dates from the interval that can first reach ``within``
    # instead of from the origin: the dates must be ReviewSchedule.due_dates's, month-end
    # clamps, ranges before the origin and empty ranges included
    schedule = ReviewSchedule(origin=origin, interval_months=interval)
    assert _due_dates(schedule, within) == schedule.due_dates(within)


@given(placement=placements(), data=st.data())
def test_statuses_and_timeliness_alone_are_the_records_and_follow_the_exact_rule(
    placement: Placement, data: st.DataObject
) -> None:
    # outcome_statuses and review_timeliness decide in integers; the records carry the exact
    # progress and elapsed share, so each status must be what comparing those Fractions gives
    ica = data.draw(agreements(placement=placement))
    on = data.draw(dates(min_value=ica.agreed_on, max_value=ica.agreed_on + dt.timedelta(days=900)))
    progress = assess_agreement(ica, on=on)
    assert outcome_statuses(ica, on=on) == tuple(o.status for o in progress.outcomes)
    for o in progress.outcomes:
        if o.progress is None:
            assert o.status is OutcomeStatus.NOT_YET_MEASURED
        elif o.progress >= 1:
            assert o.status is OutcomeStatus.ACHIEVED
        elif o.progress >= o.elapsed_share:
            assert o.status is OutcomeStatus.ON_TRACK
        else:
            assert o.status is OutcomeStatus.OFF_TRACK
    within = data.draw(date_ranges(min_start=placement.period.start - dt.timedelta(days=400)))
    record = assess_reviews(ica, within=within, on=on)
    assert review_timeliness(ica, within=within, on=on) == tuple(
        (c.due, c.timeliness) for c in record.checks
    )
    for c in record.checks:
        assert c.window == ReviewTolerance().window(c.due)
        if c.timeliness is ReviewTimeliness.ON_TIME:
            assert c.held_on in c.window
        if c.timeliness is ReviewTimeliness.LATE:
            assert c.held_on is not None
            assert c.window.end is not None
            assert c.held_on >= c.window.end
        if c.timeliness is ReviewTimeliness.MISSED:
            assert c.window.end is not None
            assert on >= c.window.end


def test_statuses_alone_refuse_a_day_before_the_agreement() -> None:
    with pytest.raises(InvalidValueError):
        outcome_statuses(agreement(), on=AGREED - dt.timedelta(days=1))


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-1000, max_value=1000)
)
@example(Decimal("1.0"))
@example(Decimal("-0"))
def test_remembered_ratios_are_each_decimals_own(value: Decimal) -> None:
    # asked twice (once worked out, once remembered), equal Decimals (1.0 and 1) alike
    assert _integer_ratio(value) == value.as_integer_ratio()
    assert _integer_ratio(value) == value.as_integer_ratio()
    assert _integer_ratio(value.normalize()) == value.as_integer_ratio()


def test_a_ratio_of_a_nan_is_refused_as_before() -> None:
    for nan in (Decimal("NaN"), Decimal("sNaN")):
        with pytest.raises(ValueError, match="cannot convert NaN"):
            _integer_ratio(nan)
