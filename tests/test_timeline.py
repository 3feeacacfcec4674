"""Effective-dated parameters: look-ups, bounds and provenance."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.errors import ParameterNotFoundError, PeriodError
from slcp.money import Rate
from slcp.periods import DateRange
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry
from tests.strategies import dates

D = dt.date
BOARD = Source(kind=SourceKind.BOARD_DECISION, citation="SEND board, March 2019")


def _entry(day: dt.date, value: str) -> TimelineEntry[Rate]:
    return TimelineEntry(effective=day, value=Rate.of(value), source=BOARD)


CAP = Timeline(
    entries=(_entry(D(2019, 4, 1), "0.01"), _entry(D(2020, 4, 1), "0.015")),
    ends=D(2021, 4, 1),
)


def test_value_in_force_on_each_side_of_a_change() -> None:
    assert CAP.value_on(D(2019, 4, 1)) == Rate.of("0.01")
    assert CAP.value_on(D(2020, 3, 31)) == Rate.of("0.01")
    assert CAP.value_on(D(2020, 4, 1)) == Rate.of("0.015")
    assert CAP.value_on(D(2021, 3, 31)) == Rate.of("0.015")
    assert CAP.entry_on(D(2020, 4, 1)).source is BOARD


@pytest.mark.parametrize("day", [D(2019, 3, 31), D(2000, 1, 1), D(2021, 4, 1), D(2030, 1, 1)])
def test_no_value_outside_the_timeline_raises_never_zero(day: dt.date) -> None:
    with pytest.raises(ParameterNotFoundError) as info:
        CAP.value_on(day)
    assert isinstance(info.value, LookupError)
    assert info.value.value == day
    assert info.value.expected is not None
    assert "2019-04-01" in info.value.expected
    assert not CAP.has_value_on(day)


def test_empty_timeline_has_no_value() -> None:
    empty: Timeline[Rate] = Timeline(entries=())
    assert empty.first_effective is None
    with pytest.raises(ParameterNotFoundError):
        empty.value_on(D(2020, 1, 1))


def test_entries_must_increase_strictly() -> None:
    with pytest.raises(PeriodError) as info:
        Timeline(entries=(_entry(D(2020, 4, 1), "0.01"), _entry(D(2020, 4, 1), "0.02")))
    assert info.value.field == "entries[1].effective"
    with pytest.raises(PeriodError):
        Timeline(entries=(_entry(D(2020, 4, 1), "0.01"), _entry(D(2019, 4, 1), "0.02")))


def test_ends_must_follow_the_last_entry() -> None:
    with pytest.raises(PeriodError):
        Timeline(entries=(_entry(D(2020, 4, 1), "0.01"),), ends=D(2020, 4, 1))


def test_from_entries_sorts_and_with_entry_replaces() -> None:
    t = Timeline.from_entries([_entry(D(2020, 4, 1), "0.02"), _entry(D(2019, 4, 1), "0.01")])
    assert t.first_effective == D(2019, 4, 1)
    t2 = t.with_entry(_entry(D(2020, 4, 1), "0.03"))
    assert t2.value_on(D(2020, 4, 1)) == Rate.of("0.03")
    assert len(t2.entries) == 2
    assert t.value_on(D(2020, 4, 1)) == Rate.of("0.02")  # the original is unchanged


def test_constant_and_periods() -> None:
    t = Timeline.constant("x", effective=D(2020, 2, 29), source=BOARD)
    assert t.value_on(D(2050, 1, 1)) == "x"
    assert [str(r) for r, _ in CAP.periods()] == [
        "[2019-04-01, 2020-04-01)",
        "[2020-04-01, 2021-04-01)",
    ]
    assert [str(r) for r, _ in t.periods()] == ["[2020-02-29, open)"]


@given(
    st.lists(dates(), min_size=1, max_size=6, unique=True),
    dates(),
)
def test_value_on_is_the_latest_entry_not_after_the_day(
    days: list[dt.date], probe: dt.date
) -> None:
    t = Timeline.from_entries(TimelineEntry(effective=d, value=d, source=BOARD) for d in days)
    earlier = [d for d in days if d <= probe]
    if earlier:
        assert t.value_on(probe) == max(earlier)
    else:
        with pytest.raises(ParameterNotFoundError):
            t.value_on(probe)
    # the periods tile [first, open) without gaps
    spans = [r for r, _ in t.periods()]
    for a, b in itertools.pairwise(spans):
        assert a.end == b.start
    assert spans[-1] == DateRange.open_from(max(days))
