"""Return on investment, contributions owed pro rata, payback and the business-case check."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import GssCode, Workstream
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate
from slcp.periods import FinancialYear
from slcp.savings import (
    BusinessCaseVerdict,
    YearFlow,
    calculate_return,
    check_business_case,
    find_payback,
    owe_contribution,
    summarise_returns,
    to_pct,
)
from tests.savings._three import BEXLEY, CROYDON, FY, three_boroughs


def test_gross_and_net_are_labelled_and_differ_by_100_points() -> None:
    # £18,680 saved on a £1,000 contribution: gross 18,680/1,000 = 1,868%;
    # net (18,680 − 1,000)/1,000 = 1,768%, the seeds' figure (seed 000)
    r = calculate_return(Money(1_868_000), Money(100_000))
    assert r.gross_return == Fraction(1868, 100)
    assert r.net_return == Fraction(1768, 100)
    assert (r.gross_return_pct(), r.net_return_pct()) == ("1868.0", "1768.0")


def test_zero_contribution_is_undefined_not_zero() -> None:
    r = calculate_return(Money(500), Money(0))
    assert not r.is_defined
    assert r.gross_return is None
    assert r.net_return is None
    assert "undefined" in r.undefined_reason
    with pytest.raises(InvalidValueError, match="undefined"):
        r.gross_return_pct()
    with pytest.raises(InvalidValueError, match="negative"):
        calculate_return(Money(1), Money(-1))


def test_full_year_member_owes_the_recorded_contribution() -> None:
    owed = owe_contribution(three_boroughs(), BEXLEY, Workstream.SEND, FY)
    assert owed.amount == Money(10_000)
    assert (owed.membership_days, owed.year_days) == (365, 365)


def test_part_year_member_owes_pro_rata_by_days() -> None:
    # £30,000 a year (the LAC figure, seed 004 §3.2.5); joins 1 October 2018: 182/365 days.
    # 3,000,000 × 182/365 = 1,495,890.41p → 1,495,890p
    programme = three_boroughs(croydon_joins=dt.date(2018, 10, 1), contribution_pence=3_000_000)
    owed = owe_contribution(programme, CROYDON, Workstream.SEND, FY)
    assert owed.full_year == Money(3_000_000)
    assert owed.membership_days == 182
    assert owed.amount == Money(1_495_890)


def test_leaving_on_1_april_owes_a_whole_year() -> None:
    # a member until [.., 1 April 2019) was a member for all of 2018/19 and owes it all
    programme = three_boroughs()
    from slcp.domain import Membership
    from slcp.periods import DateRange

    ended = tuple(
        Membership(
            borough=m.borough,
            workstream=m.workstream,
            period=DateRange(start=m.period.start, end=dt.date(2019, 4, 1)),
        )
        for m in programme.memberships
    )
    programme = programme.with_memberships(ended)
    assert owe_contribution(programme, BEXLEY, Workstream.SEND, FY).amount == Money(10_000)
    assert owe_contribution(programme, BEXLEY, Workstream.SEND, FY.next()).amount == Money(0)


def test_programme_mean_and_aggregate() -> None:
    # A: 300 on 100 (300%); B: 1,000 on 500 (200%); C: 50 on nothing (undefined, left out of
    # the mean). Mean of A and B = 250%, net 150%; aggregate (300 + 1,000 + 50)/(100 + 500)
    # = 1,350/600 = 225%.
    a = calculate_return(Money(300), Money(100), borough=GssCode("A"))
    b = calculate_return(Money(1_000), Money(500), borough=GssCode("B"))
    c = calculate_return(Money(50), Money(0), borough=GssCode("C"))
    s = summarise_returns([a, b, c])
    assert s.mean_gross_return == Fraction(5, 2)
    assert s.mean_net_return == Fraction(3, 2)
    assert s.aggregate.gross_return == Fraction(1_350, 600)  # C's savings count in the total
    assert s.averaged == ("A", "B")
    assert s.excluded == ("C",)


def test_payback_within_the_first_year() -> None:
    # 2018/19 has 365 days. £3,650 saved over the year = £10 a day; contribution £250:
    # paid back by the end of day 25 (25 April 2018).
    p = find_payback(
        [YearFlow(financial_year=FY, contribution=Money(25_000), savings=Money(365_000))]
    )
    assert (p.paid_back_on, p.days) == (dt.date(2018, 4, 25), 25)


def test_payback_in_a_later_year() -> None:
    # 2018/19: pay £1,000, save £365 (−£635 at year end). 2019/20 (366 days): pay £1,000 more
    # (−£1,635), save £3,660 = £10 a day: 163.5 days → by the end of day 164 (11 September
    # 2019: April 30 + May 31 + June 30 + July 31 + August 31 = 153, + 11).
    # Days from 1 April 2018: 365 + 164 = 529.
    p = find_payback(
        [
            YearFlow(financial_year=FY, contribution=Money(100_000), savings=Money(36_500)),
            YearFlow(financial_year=FY.next(), contribution=Money(100_000), savings=Money(366_000)),
        ]
    )
    assert (p.paid_back_on, p.days) == (dt.date(2019, 9, 11), 529)


def test_payback_never_and_gaps() -> None:
    assert (
        find_payback(
            [YearFlow(financial_year=FY, contribution=Money(2), savings=Money(1))]
        ).paid_back_on
        is None
    )
    with pytest.raises(InvalidValueError, match="consecutive"):
        find_payback(
            [
                YearFlow(financial_year=FY, contribution=Money(1), savings=Money(0)),
                YearFlow(
                    financial_year=FinancialYear(2020), contribution=Money(1), savings=Money(0)
                ),
            ]
        )


def test_business_case_band_is_inclusive() -> None:
    # 5% and 8% of £1,000 are inside; 4.99% below, 8.01% above (seed 004 §5.3.1)
    spend = Money(100_000)
    assert check_business_case(Money(5_000), spend).verdict is BusinessCaseVerdict.WITHIN
    assert check_business_case(Money(8_000), spend).verdict is BusinessCaseVerdict.WITHIN
    assert check_business_case(Money(4_999), spend).verdict is BusinessCaseVerdict.BELOW
    assert check_business_case(Money(8_001), spend).verdict is BusinessCaseVerdict.ABOVE
    custom = check_business_case(Money(1), Money(100), low=Rate.of("0"), high=Rate.of("0.01"))
    assert custom.verdict is BusinessCaseVerdict.WITHIN
    with pytest.raises(InvalidValueError, match="low end"):
        check_business_case(Money(1), spend, low=Rate.of("0.1"), high=Rate.of("0.05"))


def test_percentages_round_half_up_without_floats() -> None:
    # 1/8 = 12.5% exactly; 1/800 = 0.125% → 0.1 at one place, 0.13 at two (half up)
    assert to_pct(Fraction(1, 8)) == "12.5"
    assert to_pct(Fraction(1, 800)) == "0.1"
    assert to_pct(Fraction(1, 800), places=2) == "0.13"
    assert to_pct(Fraction(-1, 800), places=2) == "-0.13"


@given(
    savings=st.integers(min_value=-(10**10), max_value=10**10),
    contribution=st.integers(min_value=1, max_value=10**9),
)
def test_net_is_gross_minus_one(savings: int, contribution: int) -> None:
    r = calculate_return(Money(savings), Money(contribution))
    assert r.gross_return is not None
    assert r.net_return is not None
    assert r.net_return == r.gross_return - 1
    assert r.gross_return * contribution == savings


def test_part_year_member_return_and_payback() -> None:
    # Croydon joins SEND on 1 October 2018 (182 of 365 days) and owes £100 × 182/365 =
    # 4,986.30p → 4,986p. Its placement's 27 days of October count: volumes 10 : 20 : 27/7
    # weeks = 70 : 140 : 27 sevenths of 237. The pooled 100,000p: 29,535.86 / 59,071.73 /
    # 11,392.41 → 1p each to Bexley (.86) and Bromley (.73): Croydon 11,392p.
    # Gross 11,392 / 4,986 = 228.48% → "228.5"; net "128.5".
    from slcp.savings import (
        AttributionMethod,
        SavingsLedger,
        attribute_savings,
        measure_payback,
        measure_return,
    )
    from tests.savings._three import POOLED

    programme = three_boroughs(croydon_joins=dt.date(2018, 10, 1))
    attribution = attribute_savings(
        programme, SavingsLedger(records=(POOLED,)), AttributionMethod.DEFAULT
    )
    r = measure_return(programme, attribution, CROYDON, years=[FY], workstream=Workstream.SEND)
    assert (r.contribution, r.savings) == (Money(4_986), Money(11_392))
    assert (r.gross_return_pct(), r.net_return_pct()) == ("228.5", "128.5")
    # payback: 4,986 × 365 / 11,392 = 159.75 days → day 160 from 1 April 2018, 7 September
    # (30 + 31 + 30 + 31 + 31 = 153 days to 31 August, + 7)
    p = measure_payback(programme, attribution, CROYDON, years=[FY])
    assert (p.paid_back_on, p.days) == (dt.date(2018, 9, 7), 160)


def test_payback_clock_starts_when_a_contribution_is_first_owed() -> None:
    # No contribution is recorded for 2017/18, so Bexley's clock starts on 1 April 2018:
    # 10,000 × 365 / 29,012 = 125.8 → day 126, 4 August 2018 (not counted from 2017).
    # Over 2017/18 alone nothing was owed: no payback to measure.
    from slcp.savings import AttributionMethod, SavingsLedger, attribute_savings, measure_payback
    from tests.savings._three import BEXLEY_OWN, POOLED

    programme = three_boroughs()
    attribution = attribute_savings(
        programme, SavingsLedger(records=(POOLED, BEXLEY_OWN)), AttributionMethod.DEFAULT
    )
    p = measure_payback(programme, attribution, BEXLEY, years=[FY.previous(), FY])
    assert (p.paid_back_on, p.days) == (dt.date(2018, 8, 4), 126)
    nothing = measure_payback(programme, attribution, BEXLEY, years=[FY.previous()])
    assert (nothing.paid_back_on, nothing.days) == (None, None)
