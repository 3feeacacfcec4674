"""20-week timeliness, worked by hand: each case says the days and why it counts as it does.

The limit is 20 weeks = 140 days from the day the request was received (SEND Regulations
2014, reg. 13(2)); a plan issued on day 140 is on time, on day 141 late. Plans where the
regulation 10(4) exceptions applied (Week20 = 1) leave the headline measure; plans that cannot
be timed leave both.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from slcp.domain import ChildRef
from slcp.send import EhcRequest, Sen2Return, TimelinessReason, new_plans, timeliness_20_weeks

D = dt.date


def plan(
    child: str,
    received: dt.date | None,
    issued: dt.date,
    *,
    exception: bool | None = False,
    transferred: bool | None = None,
) -> EhcRequest:
    return EhcRequest(
        child=ChildRef(child),
        received_on=received,
        exception_applies=exception,
        plan_start=issued,
        transferred_in=transferred,
        active=True,
    )


def ret(*requests: EhcRequest) -> Sen2Return:
    # the 2023 collection: census 19 January 2023, new plans issued in calendar year 2022
    return Sen2Return(
        collection_year=2023,
        census_date=D(2023, 1, 19),
        la=None,
        la_code=None,
        children=(),
        requests=requests,
        findings=(),
    )


def test_day_140_is_on_time_and_day_141_is_late() -> None:
    # received Monday 3 January 2022; + 140 days = Monday 23 May 2022 (28 + 28 + 31 + 30 +
    # 23 = 140: the rest of January, February, March, April, then 23 days of May)
    t = timeliness_20_weeks(
        ret(
            plan("on-time", D(2022, 1, 3), D(2022, 5, 23)),
            plan("late", D(2022, 1, 3), D(2022, 5, 24)),
        )
    )
    assert [(x.days, x.reason) for x in t.lines] == [
        (140, TimelinessReason.WITHIN_20_WEEKS),
        (141, TimelinessReason.LATE),
    ]
    assert (t.numerator, t.denominator) == (1, 2)
    assert t.percent == Fraction(50)
    assert t.percent_text == "50.0"


def test_exception_leaves_the_headline_measure_but_not_the_variant() -> None:
    # three plans: on time (100 days), late (200 days), and late with an exception recorded
    # (Week20 = 1, e.g. the school closed for the summer when advice was asked: reg.
    # 10(4)(a)); excluding exceptions 1 of 2 = 50.0%; including them 1 of 3 = 33.3%
    t = timeliness_20_weeks(
        ret(
            plan("a", D(2022, 3, 1), D(2022, 3, 1) + dt.timedelta(days=100)),
            plan("b", D(2022, 3, 1), D(2022, 3, 1) + dt.timedelta(days=200)),
            plan("c", D(2022, 6, 1), D(2022, 6, 1) + dt.timedelta(days=190), exception=True),
        )
    )
    assert [x.reason for x in t.lines][2] is TimelinessReason.EXCEPTION_APPLIES
    assert (t.numerator, t.denominator) == (1, 2)
    assert (t.numerator_with_exceptions, t.denominator_with_exceptions) == (1, 3)
    assert t.percent_text == "50.0"
    assert t.percent_with_exceptions == Fraction(100, 3)
    assert t.percent_with_exceptions_text == "33.3"


def test_exception_on_a_plan_issued_in_time_still_counts_in_time_in_the_variant() -> None:
    # an exception was recorded (reg. 10(4)(b), exceptional personal circumstances) but the
    # plan came in 120 days: the variant including exceptions counts it on time, 1 of 1
    t = timeliness_20_weeks(ret(plan("a", D(2022, 2, 1), D(2022, 6, 1), exception=True)))
    assert (t.numerator, t.denominator) == (0, 0)
    assert t.percent is None
    assert t.percent_text is None
    assert (t.numerator_with_exceptions, t.denominator_with_exceptions) == (1, 1)


def test_plans_that_cannot_be_timed_are_in_neither_measure() -> None:
    t = timeliness_20_weeks(
        ret(
            plan("no-date", None, D(2022, 4, 1)),
            plan("before", D(2022, 4, 2), D(2022, 4, 1)),
            plan("ok", D(2022, 1, 10), D(2022, 2, 10)),
        )
    )
    assert [x.reason for x in t.lines] == [
        TimelinessReason.NO_REQUEST_DATE,
        TimelinessReason.ISSUED_BEFORE_REQUEST,
        TimelinessReason.WITHIN_20_WEEKS,
    ]
    assert (t.numerator, t.denominator) == (1, 1)
    assert (t.numerator_with_exceptions, t.denominator_with_exceptions) == (1, 1)


def test_only_plans_issued_in_the_calendar_year_and_not_transferred_in_are_new() -> None:
    # issued 31 December 2021 (the year before), 1 January 2022 and 31 December 2022 (in),
    # 1 January 2023 (after); one 2022 plan transferred in from another LA is not new
    r = ret(
        plan("before", D(2021, 9, 1), D(2021, 12, 31)),
        plan("first", D(2021, 9, 1), D(2022, 1, 1)),
        plan("last", D(2022, 9, 1), D(2022, 12, 31)),
        plan("after", D(2022, 9, 1), D(2023, 1, 1)),
        plan("moved", D(2022, 2, 1), D(2022, 3, 1), transferred=True),
    )
    assert new_plans(r).count == 2
    t = timeliness_20_weeks(r)
    # first: 1 Sep 2021 -> 1 Jan 2022 = 30 + 31 + 30 + 31 = 122 days (on time); last: 1 Sep
    # -> 31 Dec 2022 = 121 days (on time)
    assert [(x.child, x.days) for x in t.lines] == [("first", 122), ("last", 121)]
    assert t.percent_text == "100.0"


def test_twenty_weeks_across_29_february() -> None:
    # received 10 January 2024, a leap year: 21 days of January + 29 of February + 31 + 30
    # = 111 to 30 April, so day 140 is 29 May 2024 (on time) and 30 May is late
    r = Sen2Return(
        collection_year=2025,
        census_date=D(2025, 1, 16),
        la=None,
        la_code=None,
        children=(),
        requests=(
            plan("a", D(2024, 1, 10), D(2024, 5, 29)),
            plan("b", D(2024, 1, 10), D(2024, 5, 30)),
        ),
        findings=(),
    )
    assert [x.reason for x in timeliness_20_weeks(r).lines] == [
        TimelinessReason.WITHIN_20_WEEKS,
        TimelinessReason.LATE,
    ]


@pytest.mark.parametrize(
    ("exception", "received", "issued", "days"),
    [
        # reg. 10(4)(a): advice asked of a school a week before it closed for the summer
        # (22 July - 5 September 2022); received 1 June, issued 4 November: 29 (rest of June)
        # + 31 + 31 + 30 + 31 (July-October) + 4 = 156 days
        ("school closed for 4 weeks or more", D(2022, 6, 1), D(2022, 11, 4), 156),
        # reg. 10(4)(b): received 10 January, issued 1 July: 21 (rest of January) + 28 + 31 +
        # 30 + 31 + 30 (February-June) + 1 = 172 days
        ("exceptional personal circumstances", D(2022, 1, 10), D(2022, 7, 1), 172),
        # reg. 10(4)(c): the family away 6 weeks; received 14 March, issued 5 August:
        # 17 (rest of March) + 30 + 31 + 30 + 31 (April-July) + 5 = 144 days, four over
        ("away from the area for 4 weeks or more", D(2022, 3, 14), D(2022, 8, 5), 144),
    ],
)
def test_each_exception_takes_a_late_plan_out_of_the_headline_measure(
    exception: str, received: dt.date, issued: dt.date, days: int
) -> None:
    # SEN2 records which plans an exception applied to (Week20 = 1), not which exception:
    # each is the same flag, so each late plan leaves the headline measure and stays, late,
    # in the variant; beside it one plan on time (1 February to 12 April: 27 + 31 + 12 = 70
    # days) gives 1 of 1 excluding exceptions and 1 of 2 including them
    t = timeliness_20_weeks(
        ret(
            plan("excepted", received, issued, exception=True),
            plan("on-time", D(2022, 2, 1), D(2022, 4, 12)),
        )
    )
    assert [(x.days, x.reason) for x in t.lines] == [
        (days, TimelinessReason.EXCEPTION_APPLIES),
        (70, TimelinessReason.WITHIN_20_WEEKS),
    ], exception
    assert (t.numerator, t.denominator, t.percent_text) == (1, 1, "100.0")
    assert (t.numerator_with_exceptions, t.denominator_with_exceptions) == (1, 2)
    assert t.percent_with_exceptions_text == "50.0"


def test_an_unrecorded_week20_is_not_an_exception() -> None:
    # Week20 blank (None): no exception is assumed, so a plan issued on day 141 is late in
    # both measures: 0 of 1
    t = timeliness_20_weeks(ret(plan("blank", D(2022, 1, 3), D(2022, 5, 24), exception=None)))
    assert [(x.days, x.reason) for x in t.lines] == [(141, TimelinessReason.LATE)]
    assert (t.numerator, t.denominator, t.numerator_with_exceptions) == (0, 1, 0)
