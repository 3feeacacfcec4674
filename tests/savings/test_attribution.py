"""Every attribution method, worked by hand on three boroughs (see ``_three.py``).

The pooled saving is £1,000.00 = 100,000p; Bexley's own saving is £123.45 = 12,345p.
Largest remainder: each borough first gets the floor of its exact share; the pence left go to
the largest remainders, ties to the lower GSS code (Bexley E09000004 < Bromley E09000006 <
Croydon E09000008).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import GssCode, Workstream
from slcp.errors import AllocationError, InvalidValueError
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.savings import (
    AttributionMethod,
    DiscountTier,
    SavingsLedger,
    TieredPriceCurve,
    attribute_amount,
    attribute_savings,
    measure_attribution_basis,
    parse_attribution_method,
)
from tests.savings._three import BEXLEY, BEXLEY_OWN, BROMLEY, CROYDON, FY, POOLED, saving
from tests.savings._three import three_boroughs as _three_boroughs

POOLED_ONLY = SavingsLedger(records=(POOLED,))


def pooled_parts(
    method: AttributionMethod, curves: dict[Workstream, TieredPriceCurve] | None = None
) -> dict[str, int]:
    programme = _three_boroughs()
    result = attribute_savings(programme, POOLED_ONLY, method, curves=curves)
    assert sum(m.pence for m in result.by_borough.values()) == 100_000
    return {gss: m.pence for gss, m in result.by_borough.items()}


def test_volume_by_placement_weeks() -> None:
    # weeks 10 : 20 : 30 of 60 → 16,666.67 / 33,333.33 / 50,000
    # floors 16,666 + 33,333 + 50,000 = 99,999; the 1p left goes to Bexley's .67
    assert pooled_parts(AttributionMethod.VOLUME) == {
        BEXLEY: 16_667,
        BROMLEY: 33_333,
        CROYDON: 50_000,
    }


def test_spend_proportional() -> None:
    # spend £10,000 : £40,000 : £15,000 of £65,000
    # 100,000 × 10/65 = 15,384.615; × 40/65 = 61,538.462; × 15/65 = 23,076.923
    # floors sum to 99,998; 2p to the largest remainders .923 (Croydon) and .615 (Bexley)
    assert pooled_parts(AttributionMethod.SPEND) == {
        BEXLEY: 15_385,
        BROMLEY: 61_538,
        CROYDON: 23_077,
    }


def test_equal_shares() -> None:
    # 33,333.33 each; 1p left, remainders tie, the lowest GSS code (Bexley) takes it
    assert pooled_parts(AttributionMethod.EQUAL_SHARES) == {
        BEXLEY: 33_334,
        BROMLEY: 33_333,
        CROYDON: 33_333,
    }


def test_equal_price_and_shapley_under_a_linear_curve() -> None:
    # linear p(Q) = a − bQ: gains b·q·(Q − q) with Q = 60: 10·50 = 500, 20·40 = 800,
    # 30·30 = 900 (of 2,200; b cancels). 100,000 × 500/2,200 = 22,727.27;
    # × 800/2,200 = 36,363.64; × 900/2,200 = 40,909.09 → the 1p left to Bromley's .64
    expected = {BEXLEY: 22_727, BROMLEY: 36_364, CROYDON: 40_909}
    assert pooled_parts(AttributionMethod.EQUAL_PRICE) == expected
    assert pooled_parts(AttributionMethod.SHAPLEY) == expected


TIERS = TieredPriceCurve(
    tiers=(
        DiscountTier(from_volume=0, unit_price=Money(100)),
        DiscountTier(from_volume=30, unit_price=Money(90)),
        DiscountTier(from_volume=50, unit_price=Money(80)),
    )
)


def test_shapley_under_discount_tiers() -> None:
    # Volumes A=10, B=20, C=30 weeks; 100p a week, 90p from 30 weeks, 80p from 50 (all units).
    # Alone: A 1,000, B 2,000, C 30·90 = 2,700. v(AB) = 3,000 − 30·90 = 300;
    # v(AC) = 3,700 − 40·90 = 100; v(BC) = 4,700 − 50·80 = 700; v(ABC) = 5,700 − 60·80 = 900.
    # φ_A = (0 + 0 + 300 + 100 + 200 + 200)/6 = 400/3; φ_B = (300 + 700 + 800 + 800)/6 = 1,300/3;
    # φ_C = (100 + 700 + 600 + 600)/6 = 1,000/3.  Shares 400 : 1,300 : 1,000 of 2,700:
    # 14,814.81 / 48,148.15 / 37,037.04 → the 1p left to Bexley's .81
    parts = pooled_parts(AttributionMethod.SHAPLEY, curves={Workstream.SEND: TIERS})
    assert parts == {BEXLEY: 14_815, BROMLEY: 48_148, CROYDON: 37_037}


def test_equal_price_under_discount_tiers() -> None:
    # Everyone pays p(60) = 80p: A 10·(100 − 80) = 200, B 20·(100 − 80) = 400,
    # C 30·(90 − 80) = 300 (of 900). 100,000 × 2/9 = 22,222.22, × 4/9 = 44,444.44,
    # × 3/9 = 33,333.33 → the 1p left: remainders tie at .22/.44/.33 → Bromley's .44
    parts = pooled_parts(AttributionMethod.EQUAL_PRICE, curves={Workstream.SEND: TIERS})
    assert parts == {BEXLEY: 22_222, BROMLEY: 44_445, CROYDON: 33_333}


def test_default_keeps_own_savings_and_shares_the_rest_by_volume() -> None:
    # Bexley: its own 12,345 + 16,667 by volume = 29,012; the others as by volume
    programme = _three_boroughs()
    ledger = SavingsLedger(records=(POOLED, BEXLEY_OWN))
    result = attribute_savings(programme, ledger, AttributionMethod.DEFAULT)
    assert {g: m.pence for g, m in result.by_borough.items()} == {
        BEXLEY: 29_012,
        BROMLEY: 33_333,
        CROYDON: 50_000,
    }
    assert result.total == Money(112_345)
    own = next(ra for ra in result.records if ra.record.id == "bexley-own")
    assert own.attribution.method is AttributionMethod.DIRECT
    assert own.attribution.shares == {BEXLEY: Fraction(1)}


def test_direct_refuses_a_partnership_wide_saving() -> None:
    with pytest.raises(InvalidValueError, match="direct attribution needs a saving"):
        attribute_savings(_three_boroughs(), POOLED_ONLY, AttributionMethod.DIRECT)


def test_direct_keeps_each_saving_with_its_borough() -> None:
    ledger = SavingsLedger(records=(BEXLEY_OWN,))
    result = attribute_savings(_three_boroughs(), ledger, AttributionMethod.DIRECT)
    assert result.by_borough == {BEXLEY: Money(12_345)}


def test_a_chosen_method_also_shares_a_borough_s_own_saving() -> None:
    # by volume, Bexley's 12,345p is shared 1:2:3 → 2,057.5 / 4,115 / 6,172.5;
    # floors 2,057 + 4,115 + 6,172 = 12,344; the 1p left: remainders .5 tie, Bexley first
    ledger = SavingsLedger(records=(BEXLEY_OWN,))
    result = attribute_savings(_three_boroughs(), ledger, AttributionMethod.VOLUME)
    assert {g: m.pence for g, m in result.by_borough.items()} == {
        BEXLEY: 2_058,
        BROMLEY: 4_115,
        CROYDON: 6_172,
    }


def test_part_year_member_shares_pro_rata_by_days() -> None:
    # Croydon joins on 1 October 2018: 182 of 2018/19's 365 days (Oct 31 + Nov 30 + Dec 31
    # + Jan 31 + Feb 28 + Mar 31). Equal shares weighted 365 : 365 : 182 of 912:
    # 100,000 × 365/912 = 40,021.93 (twice), × 182/912 = 19,956.14 → 1p each to Bexley and
    # Bromley (.93)
    programme = _three_boroughs(croydon_joins=dt.date(2018, 10, 1))
    result = attribute_savings(programme, POOLED_ONLY, AttributionMethod.EQUAL_SHARES)
    assert {g: m.pence for g, m in result.by_borough.items()} == {
        BEXLEY: 40_022,
        BROMLEY: 40_022,
        CROYDON: 19_956,
    }


def test_part_year_member_volume_counts_only_days_of_membership() -> None:
    # Croydon's placement runs [1 April, 28 October 2018): 30 + 31 + 30 + 31 + 31 + 30 = 183
    # days to 1 October, then 27 more = 210. It joins on 1 October, so the 27 days of October
    # count: 27/7 weeks. Bexley 10, Bromley 20.
    programme = _three_boroughs(croydon_joins=dt.date(2018, 10, 1))
    basis = measure_attribution_basis(programme, Workstream.SEND, FY)
    assert basis.membership_days == {BEXLEY: 365, BROMLEY: 365, CROYDON: 182}
    assert basis.volumes == {BEXLEY: Fraction(10), BROMLEY: Fraction(20), CROYDON: Fraction(27, 7)}
    # spend: Croydon's £15,000 × 182/365 = £7,479.45... exactly 1,500,000 × 182 / 365 pence
    assert basis.spend[CROYDON] == Fraction(1_500_000 * 182, 365)


def test_non_members_get_nothing_and_no_members_is_an_error() -> None:
    later = saving("later", 500, year=FinancialYear(2013))
    with pytest.raises(InvalidValueError, match="no borough was a member of send in 2013/14"):
        attribute_savings(
            _three_boroughs(), SavingsLedger(records=(later,)), AttributionMethod.VOLUME
        )


def test_no_placement_weeks_is_a_clear_error() -> None:
    lac = saving("lac", 500, workstream=Workstream.LAC)
    programme = _three_boroughs()
    from slcp.domain import Membership
    from slcp.periods import DateRange

    programme = programme.with_memberships(
        (
            *programme.memberships,
            Membership(
                borough=BEXLEY,
                workstream=Workstream.LAC,
                period=DateRange(start=dt.date(2014, 4, 1)),
            ),
        )
    )
    with pytest.raises(AllocationError, match="cannot attribute saving lac by volume"):
        attribute_savings(programme, SavingsLedger(records=(lac,)), AttributionMethod.VOLUME)


def test_default_without_placement_weeks_shares_by_membership_days() -> None:
    # LAC 2018/19: Bexley a member all year (365 days), Bromley from 1 October (182 days), no
    # LAC placements. 500p × 365/547 = 333.64, × 182/547 = 166.36 → 1p to Bexley's .64
    from slcp.domain import Membership
    from slcp.periods import DateRange

    lac = saving("lac", 500, workstream=Workstream.LAC)
    programme = _three_boroughs()
    joined = {BEXLEY: dt.date(2014, 4, 1), BROMLEY: dt.date(2018, 10, 1)}
    programme = programme.with_memberships(
        (
            *programme.memberships,
            *(
                Membership(borough=b, workstream=Workstream.LAC, period=DateRange(start=d))
                for b, d in joined.items()
            ),
        )
    )
    result = attribute_savings(programme, SavingsLedger(records=(lac,)), AttributionMethod.DEFAULT)
    assert result.by_borough == {BEXLEY: Money(334), BROMLEY: Money(166)}
    (only,) = result.records
    assert only.attribution.method is AttributionMethod.EQUAL_SHARES
    assert "no member had placement-weeks" in only.attribution.basis


def test_unknown_method_lists_the_names() -> None:
    with pytest.raises(InvalidValueError) as info:
        parse_attribution_method("proportional")
    assert info.value.field == "attribution"
    for name in ("default", "direct", "spend", "volume", "equal_shares", "equal_price", "shapley"):
        assert name in str(info.value)


def test_attribution_records_shares_and_residuals() -> None:
    # 10p in thirds: 3⅓ each → 4, 3, 3; residuals +⅔, −⅓, −⅓ add up to 0
    a = attribute_amount(
        Money(10),
        {GssCode("A"): 1, GssCode("B"): 1, GssCode("C"): 1},
        method=AttributionMethod.EQUAL_SHARES,
        basis="thirds",
    )
    assert a.parts == {"A": Money(4), "B": Money(3), "C": Money(3)}
    assert a.shares == {"A": Fraction(1, 3), "B": Fraction(1, 3), "C": Fraction(1, 3)}
    assert a.residuals == {"A": Fraction(2, 3), "B": Fraction(-1, 3), "C": Fraction(-1, 3)}


@given(
    amounts=st.lists(st.integers(min_value=-(10**9), max_value=10**9), min_size=1, max_size=5),
    method=st.sampled_from([m for m in AttributionMethod if m is not AttributionMethod.DIRECT]),
    owner=st.sampled_from([None, BEXLEY, BROMLEY, CROYDON]),
)
def test_no_penny_lost_or_invented(
    amounts: list[int], method: AttributionMethod, owner: GssCode | None
) -> None:
    records = tuple(saving(f"S{i}", pence, borough=owner) for i, pence in enumerate(amounts))
    result = attribute_savings(_three_boroughs(), SavingsLedger(records=records), method)
    assert sum(m.pence for m in result.by_borough.values()) == sum(amounts)
    for ra in result.records:
        parts = ra.attribution.parts
        assert sum(m.pence for m in parts.values()) == ra.record.amount.pence
        assert sum(ra.attribution.shares.values()) == 1
        for gss, part in parts.items():
            exact = ra.attribution.shares[gss] * ra.record.amount.pence
            assert abs(part.pence - exact) < 1


def test_amount_for_filters_by_workstream_and_year() -> None:
    # as above, Bexley has 29,012p of 2018/19 (its own 12,345 + 16,667 by volume), and its own
    # 5,000p of 2019/20 on top: 34,012p in all, none of it in LAC
    later = saving("bexley-later", 5_000, borough=BEXLEY, year=FinancialYear(2019))
    ledger = SavingsLedger(records=(POOLED, BEXLEY_OWN, later))
    result = attribute_savings(_three_boroughs(), ledger, AttributionMethod.DEFAULT)
    assert result.amount_for(BEXLEY) == Money(34_012)
    assert result.amount_for(BEXLEY, financial_year=FY) == Money(29_012)
    assert result.amount_for(BEXLEY, financial_year=FinancialYear(2019)) == Money(5_000)
    assert result.amount_for(BEXLEY, through_year=FY) == Money(29_012)
    assert result.amount_for(BEXLEY, through_year=FinancialYear(2017)) == Money(0)
    assert result.amount_for(BEXLEY, workstream=Workstream.SEND) == Money(34_012)
    assert result.amount_for(BEXLEY, workstream=Workstream.LAC) == Money(0)
    assert result.amount_for(CROYDON, financial_year=FY) == Money(50_000)
