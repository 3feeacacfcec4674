"""Pricing a projection and the sufficiency gap, worked by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from slcp.demand import (
    ASSUMPTIONS_LABEL,
    CARE_STATES,
    AgeBand,
    CareState,
    PlacementGroup,
    PriceAssumption,
    PriceBasis,
    ProjectedCount,
    RegisteredPlaces,
    TransitionRates,
    assess_sufficiency,
    price_projection,
    prices_from_programme,
    project_population,
)
from slcp.domain import GssCode
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate
from slcp.periods import FinancialYear, YearMonth
from slcp.sample import south_london

A, B = GssCode("E09000008"), GssCode("E09000022")
F, R = PlacementGroup.FOSTERING, PlacementGroup.RESIDENTIAL
RES = CareState(band=AgeBand.AGED_5_TO_9, group=R).index
FOS = CareState(band=AgeBand.AGED_5_TO_9, group=F).index
N = len(CARE_STATES)


def _steady_projection(years: int):  # type: ignore[no-untyped-def]
    """Area A: one child in residential; area B: two fostered; nobody moves or enters."""
    counts = [[0] * (N + 1) for _ in range(N)]
    counts[RES][RES] = 1
    counts[FOS][FOS] = 1
    rates = TransitionRates(
        first_month=YearMonth(2017, 3),
        last_month=YearMonth(2017, 3),
        counts=tuple(tuple(r) for r in counts),
        entries=((A, (0,) * N), (B, (0,) * N)),
        children=3,
    )
    start = {A: tuple(1 if i == RES else 0 for i in range(N))}
    start[B] = tuple(2 if i == FOS else 0 for i in range(N))
    return project_population(rates, start, start_month=YearMonth(2017, 3), months=12 * years)


def test_cost_per_year_worked_by_hand() -> None:
    prices = [
        PriceAssumption(
            group=R, weekly_fee=Money(70_000), expected_uplift=Rate.of("0.03"), source="test"
        ),
        PriceAssumption(group=F, weekly_fee=Money(10), expected_uplift=Rate.zero(), source="t"),
    ]
    cost = price_projection(_steady_projection(2), prices)
    assert cost.label == ASSUMPTIONS_LABEL
    assert cost.unpriced == (PlacementGroup.OTHER,)
    y1, y2 = cost.total.years
    assert (y1.year, y2.year) == (FinancialYear(2017), FinancialYear(2018))
    # 2017/18: residential fee uplifted once on 1 April 2017: 70,000 x 1.03 = 72,100p a week.
    #   1 child x 365 days x 72,100 / 7 = 3,759,500p exactly.
    #   fostering: 2 children x 365 days x 10p / 7 = 7,300 / 7 = 1,042 6/7 p.
    #   total 3,760,542 6/7 -> rounds half up to 3,760,543p.
    assert y1.exact_pence == Fraction(3_759_500) + Fraction(7_300, 7)
    assert y1.total == Money(3_760_543)
    # groups and areas get the rounded total by largest remainder: 3,759,500 + 1,042 leaves
    # 1p, which goes to the larger remainder (6/7, fostering / area B)
    assert dict(y1.by_group) == {F: Money(1_043), R: Money(3_759_500)}
    [area_a, area_b] = cost.areas
    assert (area_a.area, area_a.years[0].total) == (A, Money(3_759_500))
    assert (area_b.area, area_b.years[0].total) == (B, Money(1_043))
    assert dict(y1.child_days) == {F: 730, R: 365, PlacementGroup.OTHER: 0}
    # 2018/19: 72,100 x 1.03 = 74,263p a week; 365 x 74,263 / 7 = 3,872,285p; fostering again
    # 1,042 6/7p: 3,873,327 6/7 -> 3,873,328p
    assert y2.total == Money(3_873_328)


def test_pricing_refuses_two_prices_for_a_group_and_a_start_outside_march() -> None:
    price = PriceAssumption(group=R, weekly_fee=Money(1), expected_uplift=Rate.zero(), source="")
    with pytest.raises(InvalidValueError, match="one price assumption per placement group"):
        price_projection(_steady_projection(1), [price, price])
    with pytest.raises(InvalidValueError, match="non-negative"):
        PriceAssumption(group=R, weekly_fee=Money(-1), expected_uplift=Rate.zero(), source="")


def test_lot_band_midpoints_from_the_sample() -> None:
    # LAC framework lot 2 (IFA) band £700-£1,500: midpoint £1,100; lot 1 (residential)
    # £3,000-£7,500: midpoint £5,250. No lot buys the OTHER group's services.
    prices = prices_from_programme(
        south_london(),
        on=dt.date(2022, 3, 31),
        expected_uplift=Rate.of("0.03"),
        basis=PriceBasis.LOT_BAND_MIDPOINT,
    )
    assert [(p.group, p.weekly_fee) for p in prices] == [
        (F, Money(110_000)),
        (R, Money(525_000)),
    ]
    assert prices[0].source == (
        "midpoint of lot LAC-FW-2020/2's price band (£700.00 to £1,500.00 a week)"
    )


def _count(area: GssCode | None, group: PlacementGroup, central: int, *, all_areas: bool = False):  # type: ignore[no-untyped-def]
    return ProjectedCount(
        area=area,
        all_areas=all_areas,
        group=group,
        month=YearMonth(2019, 3),
        central_units=central,
        low_units=central - 500,
        high_units=central + 1_500,
    )


def test_sufficiency_gap_worked_by_hand() -> None:
    counts = [
        _count(A, R, 12_250),
        _count(A, F, 40_000),
        _count(B, R, 3_000),
        _count(None, R, 15_250, all_areas=True),
    ]
    places = [
        RegisteredPlaces(area=A, group=R, places=6, provider="SC100001"),
        RegisteredPlaces(area=A, group=R, places=4, provider="SC100002"),
        RegisteredPlaces(area=B, group=R, places=5),
        RegisteredPlaces(area=GssCode("E09000029"), group=R, places=2),
    ]
    gaps = assess_sufficiency(counts, places, month=YearMonth(2019, 3))
    got = [(g.area, g.group, g.registered_places, g.gap, g.gap_low, g.gap_high) for g in gaps]
    assert got == [
        # A residential: 12.25 projected (11.75-13.75) against 6 + 4 = 10 places
        (A, R, 10, Fraction(9, 4), Fraction(7, 4), Fraction(15, 4)),
        # A fostering: 40 projected, no places recorded
        (A, F, 0, 40, Fraction(79, 2), Fraction(83, 2)),
        # B residential: 3 projected against 5 places: a surplus of 2
        (B, R, 5, -2, Fraction(-5, 2), Fraction(-1, 2)),
        # partnership: 15.25 against every residential place, Sutton's 2 included: 17
        (None, R, 17, Fraction(-7, 4), Fraction(-9, 4), Fraction(-1, 4)),
    ]
    assert [g.is_shortfall for g in gaps] == [True, True, False, False]
    with pytest.raises(InvalidValueError, match="no projected count for that month"):
        assess_sufficiency(counts, places, month=YearMonth(2020, 3))
    with pytest.raises(InvalidValueError, match="whole number"):
        RegisteredPlaces(area=A, group=R, places=-1)
