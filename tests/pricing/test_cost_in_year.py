"""``cost_in_year``: one placement's cost in a year, with the programme's uplift rounds."""

from __future__ import annotations

from fractions import Fraction

from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import cost_for_range, cost_in_year, cost_portfolio
from tests.pricing.builders import placement, programme, uplift_round


def test_rounds_applied_as_the_portfolio_applies_them() -> None:
    # £1,000 a week from 1 September 2018; P1 asks 3% in 2019/20, capped at 1% -> £1,010
    # from 1 April 2019
    pl = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    prog = programme([pl], [uplift_round(2019)])
    fy19, fy18 = FinancialYear(2019), FinancialYear(2018)
    cost = cost_in_year(pl, fy19, prog)
    # 101,000p × 366 days ÷ 7 = 5,280,857.142…p -> 5,280,857p
    assert cost.exact == Fraction(101_000 * 366, 7)
    assert cost.total == Money(5_280_857)
    assert cost.rounds == ("SEND-2019/20",)
    # 2018/19: 1 Sep 2018 to 31 Mar 2019 is 212 days at £1,000: 100,000 × 212 ÷ 7
    # = 3,028,571.43p -> 3,028,571p, no round yet
    before = cost_in_year(pl, fy18, prog)
    assert (before.total, before.rounds) == (Money(3_028_571), ())
    # the contractual fee alone is less; the portfolio agrees with cost_in_year
    assert cost_for_range(pl, fy19.range).total == Money(5_228_571)
    assert cost_portfolio(prog, [fy19]).total(fy19) == cost.total


def test_a_year_the_placement_does_not_run_costs_nothing() -> None:
    pl = placement("PL1", start="2018-09-01", end="2019-01-01")
    prog = programme([pl], [uplift_round(2019)])
    cost = cost_in_year(pl, FinancialYear(2020), prog)
    assert (cost.total, cost.exact, cost.rounds) == (Money(0), Fraction(0), ())
