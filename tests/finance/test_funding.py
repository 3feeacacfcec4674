"""Funding streams: splits that add up to the penny, by hand and for all inputs."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from slcp.domain import FundingShares, GssCode
from slcp.finance import FundingStream, funding_by_borough, split_by_funding, stream_weights
from slcp.money import Money, Rate
from tests.pricing.builders import CROYDON, SUTTON, placement

EDU, HEALTH, CARE = FundingStream.EDUCATION, FundingStream.HEALTH, FundingStream.SOCIAL_CARE
THREE_WAY = FundingShares(
    education=Rate.of("0.5"), social_care=Rate.of("0.3"), health=Rate.of("0.2")
)


def test_three_way_split_by_hand() -> None:
    # £100.01 at 50/30/20: exact 5000.5p, 3000.3p, 2000.2p; floors 5000+3000+2000 = 10000,
    # 1p left goes to the largest remainder (education's .5)
    assert split_by_funding(Money(10_001), THREE_WAY) == {
        EDU: Money(5001),
        HEALTH: Money(2000),
        CARE: Money(3000),
    }


def test_tie_goes_to_the_first_stream_and_signs_mirror() -> None:
    # 1p at 50/50 education/social care: both remainders ½, the tie goes to education
    half = FundingShares(education=Rate.of("0.5"), social_care=Rate.of("0.5"))
    assert split_by_funding(Money(1), half) == {EDU: Money(1), CARE: Money(0)}
    assert split_by_funding(Money(-1), half) == {EDU: Money(-1), CARE: Money(0)}


def test_zero_share_streams_are_left_out() -> None:
    assert split_by_funding(Money(700), FundingShares.all_education()) == {EDU: Money(700)}


def test_funding_by_borough_sums_each_placements_split() -> None:
    a = attrs.evolve(placement("A", borough=CROYDON), funding=THREE_WAY)
    b = attrs.evolve(placement("B", borough=CROYDON), funding=FundingShares.all_social_care())
    c = attrs.evolve(placement("C", borough=SUTTON), funding=THREE_WAY)
    # A: 101p -> 50.5/30.3/20.2 -> 51, 30, 20; B: 99p all care; C: 10p -> 5, 3, 2
    cells = funding_by_borough([(a, Money(101)), (b, Money(99)), (c, Money(10))])
    assert cells == {
        (CROYDON, EDU): Money(51),
        (CROYDON, HEALTH): Money(20),
        (CROYDON, CARE): Money(129),
        (SUTTON, EDU): Money(5),
        (SUTTON, HEALTH): Money(2),
        (SUTTON, CARE): Money(3),
    }
    assert sum(cells.values(), Money(0)) == Money(210)
    assert next(iter(cells)) == (GssCode("E09000008"), EDU)


@st.composite
def shares(draw: st.DrawFn) -> FundingShares:
    # three non-negative percentages to 2 places summing to exactly 100
    a = draw(st.integers(0, 10_000))
    b = draw(st.integers(0, 10_000 - a))
    c = 10_000 - a - b
    return FundingShares(
        education=Rate.of(Decimal(a).scaleb(-4)),
        health=Rate.of(Decimal(b).scaleb(-4)),
        social_care=Rate.of(Decimal(c).scaleb(-4)),
    )


@given(st.integers(-(10**9), 10**9), shares())
@example(1, THREE_WAY)
@example(0, FundingShares.all_education())
def test_streams_add_up_and_stay_within_a_penny(total: int, funding: FundingShares) -> None:
    parts = split_by_funding(Money(total), funding)
    assert sum(p.pence for p in parts.values()) == total
    weights = stream_weights(funding)
    for stream, part in parts.items():
        assert abs(part.pence - total * weights[stream]) < 1
    assert set(parts) == {s for s, w in weights.items() if w > Fraction(0)}
    negated = split_by_funding(Money(-total), funding)
    assert {s: -m.pence for s, m in negated.items()} == {s: m.pence for s, m in parts.items()}
