"""Call-off activity by period and lot: hand-worked figures and seed 001's DPS reproduction."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import LotId, Programme, VehicleId
from slcp.errors import InvalidValueError, PeriodError
from slcp.money import Money
from slcp.periods import DateRange
from slcp.pricing import call_off_activity
from slcp.pricing.columnar import call_off_activity_columns
from slcp.sample import south_london
from tests.pricing.builders import TERM_TIME, WHOLE_WEEKS, d, placement, programme
from tests.strategies import costed_portfolios, dates

FW = VehicleId("FW")
Q1 = DateRange(start=d("2019-04-01"), end=d("2019-07-01"))  # 91 days
Q2 = DateRange(start=d("2019-07-01"), end=d("2019-10-01"))  # 92 days


def _example() -> Programme:
    return programme(
        [
            # £700 a week is £100 a day, pro rata by day
            placement("A", start="2019-04-01", weekly_pence=70_000, lot="FW/1"),
            placement("B", start="2019-05-01", weekly_pence=35_000, lot="FW/2"),
            placement("C", start="2019-06-30", end="2019-08-01", weekly_pence=70_000, lot="FW/1"),
            placement("D", start="2019-04-10", weekly_pence=70_000),  # spot: not a call-off
            placement("E", start="2019-07-01", weekly_pence=70_000, lot="FW/1"),
        ]
    )


def test_call_offs_are_counted_in_the_period_they_start_and_valued_to_its_end() -> None:
    activity = call_off_activity(_example(), FW, [Q1, Q2])
    rows = [(line.period, line.lot, line.call_offs, line.value) for line in activity.lines]
    assert rows == [
        # A: 91 days × £100 = £9,100; C: 30 June only, 1 day × £100 = £100
        (Q1, LotId("FW/1"), 2, Money.from_pounds("9200")),
        # B: 1 May - 30 June, 61 days × £50 = £3,050
        (Q1, LotId("FW/2"), 1, Money.from_pounds("3050")),
        # E: 1 July - 30 September, 92 days × £100 (A and C started in Q1: not Q2's)
        (Q2, LotId("FW/1"), 1, Money.from_pounds("9200")),
    ]
    assert activity.call_offs_in(Q1) == 3
    assert activity.value_in(Q1) == Money.from_pounds("12250")
    assert activity.value_in(Q2) == Money.from_pounds("9200")
    assert "cost from their start to the end of the period" in activity.rule
    assert activity.rounds == ()


def test_a_period_total_is_rounded_once_and_its_lots_add_up_to_it() -> None:
    # £1 a week on each of three lots for ten days: 10/7p = 1.43p each, 30/7p = 4.29p in all,
    # rounded half up once to 4p; largest remainder gives each lot 1p and the penny left over
    # to one of the three equal remainders
    week = DateRange(start=d("2019-04-01"), end=d("2019-04-11"))
    p = programme(
        [placement(f"P{i}", start="2019-04-01", weekly_pence=1, lot=f"FW/{i}") for i in (1, 2, 3)]
    )
    activity = call_off_activity(p, FW, [week])
    assert activity.value_in(week) == Money(4)
    assert sorted(line.value.pence for line in activity.lines) == [1, 1, 2]
    assert sum((line.exact for line in activity.lines), start=0) * 7 == 30


def test_an_open_ended_period_is_refused() -> None:
    with pytest.raises(PeriodError):
        call_off_activity(_example(), FW, [DateRange(start=d("2019-04-01"))])


def test_the_sample_dps_reproduces_seed_001_within_5_percent() -> None:
    # seed 001: "Data gathered in September 2017 ... the 10 boroughs had commissioned 367 new
    # non-maintained or independent school placements since June 2016 at a cost of £11.8m"
    window = DateRange(start=dt.date(2016, 6, 1), end=dt.date(2017, 10, 1))
    activity = call_off_activity(south_london(), VehicleId("SEND-DPS-2016"), [window])
    assert 349 <= activity.call_offs_in(window) <= 385  # 367 ± 5%
    value = activity.value_in(window)
    assert Money.from_pounds("11210000") <= value <= Money.from_pounds("12390000")  # ± 5%
    # every lot of the DPS is called off
    assert len({line.lot for line in activity.lines}) == 4


# --- the columnar path: the same lines to the penny (STYLE principle 9) ----------------------


def test_the_columns_give_the_hand_worked_lines() -> None:
    # the example above, in columns: A + C in Q1 on FW/1 (£9,100 + £100), B on FW/2 (£3,050),
    # E in Q2 on FW/1 (£9,200)
    activity = call_off_activity_columns(_example(), FW, [Q1, Q2])
    rows = [(line.period, line.lot, line.call_offs, line.value) for line in activity.lines]
    assert rows == [
        (Q1, LotId("FW/1"), 2, Money.from_pounds("9200")),
        (Q1, LotId("FW/2"), 1, Money.from_pounds("3050")),
        (Q2, LotId("FW/1"), 1, Money.from_pounds("9200")),
    ]


def test_the_columns_spread_term_time_and_drop_a_trailing_part_week() -> None:
    # term time, 38 weeks × £1,000 a year: 1 Aug 2019 - 31 Aug 2019 is 31 of the 365 days of
    # 2018/19's academic year (3,800,000 × 31 / 365 = 322,739.73p) and 1 Sep 2019 - 31 Mar
    # 2020 213 of 2019/20's 366 (3,800,000 × 213 / 366 = 2,211,475.41p): 2,534,215.14p.
    # Whole weeks, £700 a week from 1 Apr 2019 for 10 days: one week, 70,000p. The year's
    # 2,604,215.14p rounds to 2,604,215p, allocated 2,534,215p and 70,000p.
    year = DateRange(start=d("2019-04-01"), end=d("2020-04-01"))
    p = programme(
        [
            placement("T", start="2019-08-01", weekly_pence=100_000, charging=TERM_TIME, lot="L1"),
            placement(
                "W", start="2019-04-01", end="2019-04-11", weekly_pence=70_000,
                charging=WHOLE_WEEKS, lot="L2",
            ),
        ]
    )  # fmt: skip
    activity = call_off_activity_columns(p, FW, [year])
    assert [(line.lot, line.value.pence) for line in activity.lines] == [
        (LotId("L1"), 2_534_215),
        (LotId("L2"), 70_000),
    ]
    assert activity == call_off_activity(p, FW, [year])


def test_the_columns_refuse_a_fee_history_with_an_end_and_open_periods() -> None:
    p = programme([placement("A", start="2019-04-01", end="2019-05-01", lot="L1",
                             fees_end="2019-05-01")])  # fmt: skip
    with pytest.raises(InvalidValueError):
        call_off_activity_columns(p, FW, [Q1])
    with pytest.raises(PeriodError):
        call_off_activity_columns(_example(), FW, [DateRange(start=d("2019-04-01"))])


@st.composite
def _periods(draw: st.DrawFn) -> list[DateRange]:
    # up to four bounded periods in 2016-2027, overlapping, touching or apart, empty among them
    out = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        start = draw(dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2027, 12, 31)))
        days = draw(st.integers(min_value=0, max_value=800))
        out.append(DateRange(start=start, end=start + dt.timedelta(days=days)))
    return out


@given(costed_portfolios(), _periods(), st.booleans())
def test_the_columns_give_the_record_paths_activity(
    prog: Programme, periods: list[DateRange], no_rounds: bool
) -> None:
    rounds = () if no_rounds else None
    expected = call_off_activity(prog, FW, periods, rounds=rounds)
    assert call_off_activity_columns(prog, FW, periods, rounds=rounds) == expected


def test_the_columns_give_the_samples_activity() -> None:
    prog = south_london()
    years = [DateRange(start=dt.date(y, 4, 1), end=dt.date(y + 1, 4, 1)) for y in range(2015, 2025)]
    for vehicle in ("SEND-DPS-2016", "LAC-FW-2020"):
        expected = call_off_activity(prog, VehicleId(vehicle), years)
        assert call_off_activity_columns(prog, VehicleId(vehicle), years) == expected
