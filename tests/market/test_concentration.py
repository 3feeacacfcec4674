"""Market shares, the Herfindahl–Hirschman index and the top-five share: hand-worked
examples first, then properties for any market."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from slcp.errors import InvalidValueError
from slcp.market import (
    Concentration,
    ConcentrationLevel,
    GroupId,
    ShareBasis,
    measure_concentration,
)


def _measure(amounts: dict[str, int]) -> Concentration:
    return measure_concentration(
        {GroupId(k): v for k, v in amounts.items()},
        dimension="lot",
        market="L1",
        name="Lot 1",
        basis=ShareBasis.SPEND,
    )


def test_four_organisations_by_hand() -> None:
    # spend (pence) 400, 300, 200, 100 of 1,000: shares 40%, 30%, 20%, 10%
    # HHI = 40² + 30² + 20² + 10² = 1,600 + 900 + 400 + 100 = 3,000 (highly concentrated)
    c = _measure({"A": 400, "B": 300, "C": 200, "D": 100})
    assert c.hhi == 3_000
    assert c.hhi_text == "3,000"
    assert c.level is ConcentrationLevel.HIGHLY_CONCENTRATED
    assert [s.share_pct for s in c.shares] == ["40.0", "30.0", "20.0", "10.0"]
    assert c.top5 == 1  # four organisations: the top five are all of them
    assert c.total == 1_000


def test_three_equal_thirds_allocate_the_odd_tenth_to_the_lowest_id() -> None:
    # each exact share 1/3 = 33.333...%; tenths 333.33 each: floors 333 × 3 = 999, the one
    # tenth left goes to the largest remainder, all equal, so to the lowest id "A"
    # HHI = 3 × (100/3)² = 3 × 10,000/9 = 10,000/3 = 3,333⅓
    c = _measure({"C": 5, "B": 5, "A": 5})
    assert c.hhi == Fraction(10_000, 3)
    assert c.hhi_text == "3,333"
    assert [(s.group, s.share_pct) for s in c.shares] == [
        ("A", "33.4"),
        ("B", "33.3"),
        ("C", "33.3"),
    ]


def test_top_five_of_seven_and_unconcentrated_market() -> None:
    # amounts 30, 20, 15, 10, 10, 10, 5 of 100
    # HHI = 900 + 400 + 225 + 100 + 100 + 100 + 25 = 1,850 (concentrated: over 1,000)
    # top five = 30 + 20 + 15 + 10 + 10 = 85 of 100 = 85.0%
    c = _measure({"A": 30, "B": 20, "C": 15, "D": 10, "E": 10, "F": 10, "G": 5})
    assert c.hhi == 1_850
    assert c.level is ConcentrationLevel.CONCENTRATED
    assert c.top5 == Fraction(85, 100)
    assert c.top5_pct == "85.0"
    # ten equal organisations: HHI = 10 × 10² = 1,000, exactly on the bound: unconcentrated
    ten = _measure({f"P{i}": 7 for i in range(10)})
    assert ten.hhi == 1_000
    assert ten.level is ConcentrationLevel.UNCONCENTRATED


def test_a_monopoly_and_zero_amounts() -> None:
    c = _measure({"A": 250, "B": 0})
    assert c.hhi == 10_000
    assert c.organisations == 1  # B, with nothing, has no share
    assert c.shares[0].share_pct == "100.0"


@pytest.mark.parametrize("amounts", [{}, {"A": 0}, {"A": -1}, {"A": 1.5}, {"A": True}])
def test_refuses_markets_with_nothing_or_bad_amounts(amounts: dict[str, object]) -> None:
    with pytest.raises(InvalidValueError):
        _measure(amounts)  # type: ignore[arg-type]


amount_maps = st.dictionaries(
    st.text(alphabet="ABCDEFGH", min_size=1, max_size=3),
    st.integers(min_value=0, max_value=10**12),
    min_size=1,
    max_size=30,
).filter(lambda d: sum(d.values()) > 0)


@given(amount_maps)
@example({"A": 1, "B": 1, "C": 1})
@example({"A": 10**12, "B": 1})
def test_hhi_is_between_10000_over_n_and_10000_and_shares_add_up(amounts: dict[str, int]) -> None:
    c = _measure(amounts)
    n = c.organisations
    assert Fraction(10_000, n) <= c.hhi <= 10_000
    assert sum(s.share for s in c.shares) == 1  # exact shares
    assert sum(s.share_tenths for s in c.shares) == 1_000  # shown shares: exactly 100.0%
    for s in c.shares:  # each shown share within a tenth of a percent of its exact share
        assert abs(s.share_tenths - s.share * 1_000) < 1
    assert c.hhi == sum((100 * s.share) ** 2 for s in c.shares)
    assert 0 < c.top5 <= 1
    assert c.top5 == sum(s.share for s in c.shares[:5])
    # largest amount first, equal amounts by id
    assert [s.group for s in c.shares] == [
        g for _, g in sorted((-a, g) for g, a in amounts.items() if a > 0)
    ]


@given(amount_maps, st.integers(min_value=1, max_value=1_000))
def test_shares_and_hhi_do_not_depend_on_the_unit(amounts: dict[str, int], k: int) -> None:
    # pence or pounds, places or places × k: the same market
    a, b = _measure(amounts), _measure({g: v * k for g, v in amounts.items()})
    assert a.hhi == b.hhi
    assert [s.share for s in a.shares] == [s.share for s in b.shares]
