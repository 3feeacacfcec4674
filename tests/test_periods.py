"""Half-open ranges, financial and academic years, anniversaries and months of birth."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from slcp.errors import InvalidValueError, PeriodError
from slcp.periods import (
    AcademicYear,
    DateRange,
    FinancialYear,
    YearMonth,
    anniversaries,
    anniversary,
    months_after,
    split_by_financial_year,
)
from tests.strategies import date_ranges, dates, financial_years

D = dt.date


# -- DateRange --------------------------------------------------------------------------------


def test_from_inclusive_makes_the_end_the_day_after() -> None:
    r = DateRange.from_inclusive(D(2019, 4, 1), D(2020, 3, 31))
    assert r == DateRange(start=D(2019, 4, 1), end=D(2020, 4, 1))
    # 2019/20 holds 29 Feb 2020: 365 + 1 days
    assert r.days == 366
    assert r.last_day == D(2020, 3, 31)


def test_a_one_day_range() -> None:
    r = DateRange.from_inclusive(D(2020, 2, 29), D(2020, 2, 29))
    assert r.days == 1
    assert D(2020, 2, 29) in r
    assert D(2020, 3, 1) not in r


def test_half_open_membership() -> None:
    r = DateRange(start=D(2020, 1, 1), end=D(2020, 2, 1))
    assert D(2020, 1, 1) in r
    assert D(2020, 1, 31) in r
    assert D(2020, 2, 1) not in r
    assert D(2019, 12, 31) not in r
    assert r.contains(D(2020, 1, 15))
    assert "2020-01-15" not in r


def test_zero_length_range() -> None:
    r = DateRange(start=D(2020, 3, 31), end=D(2020, 3, 31))
    assert r.is_empty
    assert r.days == 0
    assert D(2020, 3, 31) not in r
    assert not r.overlaps(DateRange(start=D(2020, 1, 1), end=D(2021, 1, 1)))
    assert list(r.iter_days()) == []
    with pytest.raises(PeriodError):
        _ = r.last_day


def test_open_ended_range() -> None:
    r = DateRange.open_from(D(2020, 4, 1))
    assert r.is_open_ended
    assert not r.is_empty
    assert D(2099, 1, 1) in r
    assert str(r) == "[2020-04-01, open)"
    with pytest.raises(PeriodError) as info:
        _ = r.days
    assert info.value.field == "end"
    with pytest.raises(PeriodError):
        _ = r.last_day


def test_reversed_and_non_date_ranges_are_refused() -> None:
    with pytest.raises(PeriodError) as info:
        DateRange(start=D(2020, 1, 2), end=D(2020, 1, 1))
    assert info.value.field == "end"
    with pytest.raises(PeriodError):
        DateRange(start=dt.datetime(2020, 1, 1, 12, 0), end=None)
    with pytest.raises(PeriodError):
        DateRange(start="2020-01-01")  # type: ignore[arg-type]


def test_overlaps_and_intersection() -> None:
    jan = DateRange(start=D(2020, 1, 1), end=D(2020, 2, 1))
    # touching ranges share no day
    assert not jan.overlaps(DateRange(start=D(2020, 2, 1), end=D(2020, 3, 1)))
    assert jan.intersection(DateRange(start=D(2020, 2, 1))) is None
    # one shared day: 31 January
    late = DateRange(start=D(2020, 1, 31), end=D(2020, 3, 1))
    assert jan.intersection(late) == DateRange(start=D(2020, 1, 31), end=D(2020, 2, 1))
    # an open range intersected with a bounded one is bounded
    assert DateRange.open_from(D(2019, 12, 1)).intersection(jan) == jan
    # two open ranges give an open range from the later start
    both = DateRange.open_from(D(2019, 1, 1)).intersection(DateRange.open_from(D(2020, 1, 1)))
    assert both == DateRange.open_from(D(2020, 1, 1))
    assert jan.bounded_by(late) == jan.intersection(late)


def test_with_end_and_iter_days() -> None:
    r = DateRange.open_from(D(2020, 2, 28)).with_end(D(2020, 3, 2))
    assert list(r.iter_days()) == [D(2020, 2, 28), D(2020, 2, 29), D(2020, 3, 1)]
    assert r.with_end(None).is_open_ended


@given(date_ranges(bounded=None), date_ranges(bounded=None))
def test_overlap_is_symmetric_and_matches_intersection(a: DateRange, b: DateRange) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    assert a.intersection(b) == b.intersection(a)
    common = a.intersection(b)
    if common is not None:
        assert not common.is_empty
        assert common.start in a
        assert common.start in b


@given(date_ranges(bounded=True, max_days=60), date_ranges(bounded=True, max_days=60))
def test_intersection_holds_exactly_the_shared_days(a: DateRange, b: DateRange) -> None:
    shared = set(a.iter_days()) & set(b.iter_days())
    common = a.intersection(b)
    assert shared == (set(common.iter_days()) if common else set())


# -- FinancialYear ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2019/20", "2019-20", "2019/2020", "2019-2020", " 2019 / 20 "])
def test_financial_year_parses(text: str) -> None:
    assert FinancialYear.parse(text) == FinancialYear(2019)


def test_financial_year_parses_across_a_century() -> None:
    assert FinancialYear.parse("1999/00") == FinancialYear(1999)
    assert FinancialYear(1999).label == "1999/00"


@pytest.mark.parametrize("text", ["2019/21", "2019", "19/20", "2019/19", "", "2019-2021"])
def test_financial_year_refuses(text: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        FinancialYear.parse(text)
    assert info.value.field == "financial_year"


def test_financial_year_bounds_and_label() -> None:
    fy = FinancialYear(2019)
    assert (fy.start, fy.end) == (D(2019, 4, 1), D(2020, 4, 1))
    assert str(fy) == fy.label == "2019/20"
    assert fy.days == 366  # holds 29 Feb 2020
    assert FinancialYear(2020).days == 365  # 1 Apr 2020 - 31 Mar 2021: no 29 Feb
    assert FinancialYear(2023).days == 366  # holds 29 Feb 2024
    assert fy.next() == FinancialYear(2020)
    assert fy.previous() == FinancialYear(2018)
    assert FinancialYear(2018) < fy


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (D(2020, 3, 31), "2019/20"),
        (D(2020, 4, 1), "2020/21"),
        (D(2020, 2, 29), "2019/20"),
        (D(2019, 12, 31), "2019/20"),
        (D(2020, 1, 1), "2019/20"),
    ],
)
def test_financial_year_containing(day: dt.date, label: str) -> None:
    assert FinancialYear.containing(day).label == label


def test_financial_year_refuses_bad_start_years() -> None:
    with pytest.raises(InvalidValueError):
        FinancialYear(True)
    with pytest.raises(InvalidValueError):
        FinancialYear(1066)


@given(dates())
@example(D(2020, 3, 31))
@example(D(2020, 4, 1))
@example(D(2020, 2, 29))
def test_every_day_lies_in_the_year_containing_it(day: dt.date) -> None:
    assert day in FinancialYear.containing(day).range


@given(financial_years())
def test_financial_year_label_round_trips(fy: FinancialYear) -> None:
    assert FinancialYear.parse(fy.label) == fy
    assert FinancialYear.containing(fy.start) == fy
    assert FinancialYear.containing(fy.end - dt.timedelta(days=1)) == fy


def test_academic_year() -> None:
    assert str(AcademicYear.containing(D(2020, 8, 31))) == "2019/20"
    assert str(AcademicYear.containing(D(2020, 9, 1))) == "2020/21"
    assert AcademicYear(2019).days == 366  # 1 Sep 2019 - 31 Aug 2020 holds 29 Feb 2020


# -- split_by_financial_year ------------------------------------------------------------------


def test_split_hand_worked() -> None:
    # 31 Mar 2019 (1 day in 2018/19), all of 2019/20 (366 days), 1 Apr 2020 (1 day)
    pieces = split_by_financial_year(DateRange(start=D(2019, 3, 31), end=D(2020, 4, 2)))
    assert [(str(fy), part.days) for fy, part in pieces] == [
        ("2018/19", 1),
        ("2019/20", 366),
        ("2020/21", 1),
    ]


def test_split_within_one_year_and_empty() -> None:
    r = DateRange(start=D(2019, 5, 1), end=D(2019, 6, 1))
    assert split_by_financial_year(r) == ((FinancialYear(2019), r),)
    assert split_by_financial_year(DateRange(start=D(2020, 4, 1), end=D(2020, 4, 1))) == ()


def test_split_refuses_open_ranges() -> None:
    with pytest.raises(PeriodError):
        split_by_financial_year(DateRange.open_from(D(2020, 4, 1)))


@given(date_ranges(bounded=True, max_days=5 * 366))
@example(DateRange(start=D(2020, 3, 31), end=D(2020, 4, 1)))
@example(DateRange(start=D(2020, 4, 1), end=D(2021, 4, 1)))
def test_split_tiles_the_range_exactly(r: DateRange) -> None:
    pieces = split_by_financial_year(r)
    assert sum(part.days for _, part in pieces) == r.days
    cursor = r.start
    for fy, part in pieces:
        assert part.start == cursor
        assert not part.is_empty
        assert part.intersection(fy.range) == part
        cursor = part.end if part.end is not None else cursor
    assert cursor == (r.end if pieces else r.start)
    assert len({fy for fy, _ in pieces}) == len(pieces)


@given(date_ranges(bounded=True, max_days=4 * 366), st.integers(min_value=0, max_value=4 * 366))
def test_split_composes(r: DateRange, offset: int) -> None:
    # [a, m) + [m, b) split by year gives the same days per year as [a, b)
    assert r.end is not None
    middle = min(r.start + dt.timedelta(days=offset), r.end)
    left = DateRange(start=r.start, end=middle)
    right = DateRange(start=middle, end=r.end)

    def days_by_year(*ranges: DateRange) -> dict[FinancialYear, int]:
        out: dict[FinancialYear, int] = {}
        for x in ranges:
            for fy, part in split_by_financial_year(x):
                out[fy] = out.get(fy, 0) + part.days
        return out

    assert days_by_year(left, right) == days_by_year(r)


# -- anniversaries and months -----------------------------------------------------------------


def test_anniversary_of_29_february() -> None:
    origin = D(2016, 2, 29)
    assert anniversary(origin, 1) == D(2017, 2, 28)
    assert anniversary(origin, 4) == D(2020, 2, 29)
    # from the origin, not year by year: adding a year four times from 28 Feb would stay on 28th
    assert anniversary(origin, 8) == D(2024, 2, 29)


def test_anniversaries_within_a_range() -> None:
    within = DateRange(start=D(2016, 1, 1), end=D(2021, 1, 1))
    assert anniversaries(D(2016, 2, 29), within) == (
        D(2017, 2, 28),
        D(2018, 2, 28),
        D(2019, 2, 28),
        D(2020, 2, 29),
    )
    # half-open: an anniversary on the range's end is excluded, one on its start included
    assert anniversaries(D(2019, 4, 1), DateRange(start=D(2020, 4, 1), end=D(2021, 4, 1))) == (
        D(2020, 4, 1),
    )
    # the origin itself is not an anniversary
    assert anniversaries(D(2019, 4, 1), DateRange(start=D(2019, 4, 1), end=D(2020, 4, 1))) == ()


def test_anniversaries_far_from_the_origin() -> None:
    # origin long before the range: only the ones inside are returned
    within = DateRange(start=D(2030, 1, 1), end=D(2031, 1, 1))
    assert anniversaries(D(2000, 2, 29), within) == (D(2030, 2, 28),)


def test_anniversaries_refuse_open_ranges() -> None:
    with pytest.raises(PeriodError):
        anniversaries(D(2020, 1, 1), DateRange.open_from(D(2020, 1, 1)))


@given(dates(), date_ranges(bounded=True, max_days=6 * 366))
@example(D(2016, 2, 29), DateRange(start=D(2016, 2, 29), end=D(2024, 3, 1)))
@example(D(2019, 4, 1), DateRange(start=D(2020, 4, 1), end=D(2020, 4, 1)))
def test_anniversaries_are_each_computed_from_the_origin(
    origin: dt.date, within: DateRange
) -> None:
    found = anniversaries(origin, within)
    assert all(day in within for day in found)
    assert list(found) == sorted(set(found))
    assert all(day > origin for day in found)
    expected = [anniversary(origin, n) for n in range(1, 60) if anniversary(origin, n) in within]
    assert list(found) == expected


def test_months_after_clamps_to_month_end() -> None:
    assert months_after(D(2019, 8, 31), 6) == D(2020, 2, 29)
    assert months_after(D(2020, 8, 31), 6) == D(2021, 2, 28)
    assert months_after(D(2019, 8, 31), 12) == D(2020, 8, 31)
    assert months_after(D(2020, 1, 31), 1) == D(2020, 2, 29)


def test_year_month() -> None:
    assert YearMonth.of(D(2008, 3, 27)) == YearMonth(2008, 3)
    assert YearMonth.parse("2008-03") == YearMonth(2008, 3)
    assert str(YearMonth(2008, 3)) == "2008-03"
    assert YearMonth(2008, 3).first_day == D(2008, 3, 1)
    # born in March 2008 (birthday taken as 1 March): 16 on 1 Mar 2024, 15 on 29 Feb 2024
    assert YearMonth(2008, 3).age_on(D(2024, 3, 1)) == 16
    assert YearMonth(2008, 3).age_on(D(2024, 2, 29)) == 15
    with pytest.raises(InvalidValueError):
        YearMonth(2008, 13)
    with pytest.raises(InvalidValueError):
        YearMonth.parse("2008-3-27")


def test_a_datetime_is_not_a_day_of_a_range() -> None:
    r = DateRange(start=D(2020, 1, 1), end=D(2020, 2, 1))
    assert dt.datetime(2020, 1, 5, 9, 0) not in r


def test_ranges_sort_by_start_then_end_with_open_ends_last() -> None:
    open_2020 = DateRange.open_from(D(2020, 1, 1))
    jan_2020 = DateRange(start=D(2020, 1, 1), end=D(2020, 2, 1))
    open_2019 = DateRange.open_from(D(2019, 1, 1))
    assert sorted([open_2020, jan_2020, open_2019]) == [open_2019, jan_2020, open_2020]
    assert jan_2020 < open_2020


@given(date_ranges(bounded=None), date_ranges(bounded=None))
def test_an_intersection_is_the_checked_range_of_the_later_start_and_earlier_end(
    a: DateRange, b: DateRange
) -> None:
    # built without re-checking its ends: the same value, hash and order as one built checked
    ends = [e for e in (a.end, b.end) if e is not None]
    start, end = max(a.start, b.start), min(ends) if ends else None
    got = a.intersection(b)
    if end is not None and end <= start:
        assert got is None
    else:
        expected = DateRange(start=start, end=end)
        assert got == expected
        assert hash(got) == hash(expected)
        assert not got < expected
        assert not expected < got
        assert repr(got) == repr(expected)


@given(financial_years(), financial_years())
def test_financial_years_order_by_their_start_year(a: FinancialYear, b: FinancialYear) -> None:
    assert (a < b, a <= b, a > b, a >= b) == (
        a.start_year < b.start_year,
        a.start_year <= b.start_year,
        a.start_year > b.start_year,
        a.start_year >= b.start_year,
    )
    assert sorted([b, a]) == [FinancialYear(y) for y in sorted([a.start_year, b.start_year])]


def test_a_financial_year_compares_only_with_another() -> None:
    with pytest.raises(TypeError):
        _ = FinancialYear(2019) < 2020  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = FinancialYear(2019) >= dt.date(2019, 4, 1)  # type: ignore[operator]


@given(date_ranges(bounded=None), dates())
def test_contains_is_membership(r: DateRange, day: dt.date) -> None:
    assert r.contains(day) == (day in r) == (r.start <= day and (r.end is None or day < r.end))


def test_contains_refuses_a_datetime_as_membership_does() -> None:
    r = DateRange(start=dt.date(2020, 1, 1), end=dt.date(2020, 2, 1))
    noon = dt.datetime(2020, 1, 5, 12)
    assert not r.contains(noon)
    assert noon not in r


def test_months_after_keeps_a_datetime_and_its_time() -> None:
    # 31 January 2020 12:00 + 1 month: 29 February 2020 (leap year), still at noon
    assert months_after(dt.datetime(2020, 1, 31, 12), 1) == dt.datetime(2020, 2, 29, 12)
