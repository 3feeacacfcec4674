"""Call-off values by funding stream, by hand."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from slcp.domain import FundingShares, LotId, VehicleId
from slcp.errors import InvalidValueError
from slcp.finance import FundingStream, split_call_offs_by_funding
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from slcp.pricing import call_off_activity
from tests.pricing.builders import placement, programme, uplift_round

FY = FinancialYear(2019)  # 366 days: 29 February 2020 is in it
FW = VehicleId("FW")
EDU, HEALTH, CARE = FundingStream.EDUCATION, FundingStream.HEALTH, FundingStream.SOCIAL_CARE
THREE_WAY = FundingShares(
    education=Rate.of("0.5"), social_care=Rate.of("0.3"), health=Rate.of("0.2")
)
A = attrs.evolve(
    placement("A", start="2019-04-01", weekly_pence=70_000, lot="FW/1"), funding=THREE_WAY
)
B = attrs.evolve(
    placement("B", start="2019-10-01", weekly_pence=35_000, lot="FW/1"),
    funding=FundingShares.all_social_care(),
)
C = attrs.evolve(placement("C", start="2020-03-22", weekly_pence=1, lot="FW/2"), funding=THREE_WAY)


def test_call_off_values_split_by_hand() -> None:
    p = programme([A, B, C])
    activity = call_off_activity(p, FW, [FY.range])
    split = split_call_offs_by_funding(p, activity)
    # Lot 1: A £100 a day for the 366 days = £36,600, split 50/30/20 = £18,300 / £10,980 /
    # £7,320; B £50 a day from 1 October for 183 days (31+30+31+31+29+31) = £9,150, all
    # social care. Lot 2: C 1p a week for the 10 days from 22 March = 10/7p. The year's exact
    # total £45,750.01 3/7 rounds half up to 4,575,001p and lot 2 gets the 1p: exact 5/7,
    # 3/7, 2/7 of a penny, floors 0, the penny to the largest remainder, education's
    assert split == {
        (FY.range, LotId("FW/1")): {
            EDU: Money(1_830_000),
            HEALTH: Money(732_000),
            CARE: Money(2_013_000),
        },
        (FY.range, LotId("FW/2")): {EDU: Money(1), HEALTH: Money(0), CARE: Money(0)},
    }
    assert [line.value for line in activity.lines] == [Money(4_575_000), Money(1)]


def test_an_activity_of_other_rounds_is_refused() -> None:
    # D, called off in January 2019, gets a 3% uplift on 1 April 2019 in the activity costed
    # with that round: it no longer matches the programme's own (no rounds) call-offs
    d = attrs.evolve(
        placement("D", start="2019-01-15", weekly_pence=70_000, lot="FW/1"), funding=THREE_WAY
    )
    p = programme([d])
    period = DateRange(start=dt.date(2019, 1, 1), end=dt.date(2020, 4, 1))
    rounds = [uplift_round(2019, requests=(("P1", "0.03", "0.03"),), cap=None)]
    activity = call_off_activity(p, FW, [period], rounds=rounds)
    assert activity.value_in(period) != call_off_activity(p, FW, [period]).value_in(period)
    with pytest.raises(InvalidValueError, match="do not cost what the activity says"):
        split_call_offs_by_funding(p, activity)
    (parts,) = split_call_offs_by_funding(p, activity, rounds=rounds).values()
    assert sum(parts.values(), Money(0)) == activity.value_in(period)
