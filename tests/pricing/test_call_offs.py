"""Call-off activity by period and lot: hand-worked figures and seed 001's DPS reproduction."""

from __future__ import annotations

import datetime as dt

import pytest

from slcp.domain import LotId, Programme, VehicleId
from slcp.errors import PeriodError
from slcp.money import Money
from slcp.periods import DateRange
from slcp.pricing import call_off_activity
from slcp.sample import south_london
from tests.pricing.builders import d, placement, programme

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
