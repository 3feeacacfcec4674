"""Budgets: the seed 004 Croydon figures, hand-worked, and bad input."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from slcp.domain import Budget, Workstream
from slcp.errors import InvalidValueError
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import (
    Annualisation,
    assess_budgets,
    funded_placements,
    implied_weekly_cost,
    project_budget,
)
from tests.pricing.builders import CROYDON, SOURCE, placement, programme

BUDGET_2019 = Money.from_pounds("3258000")
WEEKLY = Money.from_pounds("4000")
WEEKS_52, DAYS_365 = Annualisation.WEEKS_52, Annualisation.DAYS_365_OVER_7


def test_budget_funds_about_16_placements() -> None:
    # seed 004: £3,258,000 ÷ (£4,000 × 52) = 3,258,000 ÷ 208,000 = 15.663 -> 15.7,
    # "approximately 16"; 15 placements are funded for the whole year
    funded = funded_placements(BUDGET_2019, WEEKLY, WEEKS_52)
    assert funded.exact == Fraction(3_258_000, 208_000)
    assert (funded.to_decimal(1), funded.nearest, funded.whole) == (Decimal("15.7"), 16, 15)
    # 365/7 weeks: 3,258,000 ÷ (4,000 × 365 ÷ 7) = 22,806,000 ÷ 1,460,000 = 15.62 -> 15.6
    assert funded_placements(BUDGET_2019, WEEKLY, DAYS_365).to_decimal(1) == Decimal("15.6")


def test_forty_placements_overspend_by_5_06m_or_5_08m() -> None:
    # 52 weeks: 40 × £4,000 × 52 = £8,320,000; − £3,258,000 = £5,062,000 (≈ £5.06m)
    fifty_two = project_budget(BUDGET_2019, WEEKLY, 40, WEEKS_52)
    assert fifty_two.projected == Money.from_pounds("8320000")
    assert fifty_two.variance == Money.from_pounds("5062000")
    assert fifty_two.is_overspend
    # 365/7 weeks: 40 × 400,000p × 365 ÷ 7 = 5,840,000,000p ÷ 7 = 834,285,714.29p
    # -> £8,342,857.14; − £3,258,000 = £5,084,857.14 (≈ £5.08m)
    calendar = project_budget(BUDGET_2019, WEEKLY, 40, DAYS_365)
    assert calendar.projected == Money(834_285_714)
    assert calendar.variance == Money(508_485_714)


def test_days_in_year_uses_366_over_7_in_2019_20() -> None:
    # 2019/20 holds 29 February 2020: 366 days. 40 × 400,000p × 366 ÷ 7 = 5,856,000,000p ÷ 7
    # = 836,571,428.57p -> £8,365,714.29; − £3,258,000 = £5,107,714.29 (REFERENCE §3).
    year = FinancialYear.parse("2019/20")
    leap = project_budget(BUDGET_2019, WEEKLY, 40, Annualisation.DAYS_IN_YEAR, year=year)
    assert leap.funded.weeks == Fraction(366, 7)
    assert leap.projected == Money(836_571_429)
    assert leap.variance == Money(510_771_429)
    # 2020/21 has 365 days: the same figure as 365/7.
    plain = project_budget(
        BUDGET_2019, WEEKLY, 40, Annualisation.DAYS_IN_YEAR, year=FinancialYear.parse("2020/21")
    )
    assert plain.projected == Money(834_285_714)
    # Without a year the rule cannot say how many weeks: refused, never a guess.
    with pytest.raises(InvalidValueError, match="needs a financial year"):
        project_budget(BUDGET_2019, WEEKLY, 40, Annualisation.DAYS_IN_YEAR)


def test_five_and_a_half_million_implies_about_4200_a_week() -> None:
    # (£3,258,000 + £5,500,000) ÷ (40 × 52) = £8,758,000 ÷ 2,080 = £4,210.577 -> £4,210.58
    implied = implied_weekly_cost(BUDGET_2019, Money.from_pounds("5500000"), 40, WEEKS_52)
    assert implied.weekly_cost == Money(421_058)
    # 365/7: 875,800,000p × 7 ÷ (40 × 365) = 6,130,600,000 ÷ 14,600 = 419,904.11p
    implied_365 = implied_weekly_cost(BUDGET_2019, Money.from_pounds("5500000"), 40, DAYS_365)
    assert implied_365.weekly_cost == Money(419_904)


def test_2018_19_overspend_implies_about_3540_a_week() -> None:
    # seed 004: £4.62m overspend on £2.196m with 37 children:
    # (£2,196,000 + £4,620,000) ÷ (37 × 52) = £6,816,000 ÷ 1,924 = £3,542.62
    implied = implied_weekly_cost(
        Money.from_pounds("2196000"), Money.from_pounds("4620000"), 37, WEEKS_52
    )
    assert implied.exact == Fraction(681_600_000, 1_924)
    assert implied.weekly_cost == Money(354_262)


def test_underspend_is_negative() -> None:
    # 10 × £4,000 × 52 = £2,080,000 against £3,258,000: £1,178,000 under
    position = project_budget(BUDGET_2019, WEEKLY, 10, WEEKS_52)
    assert position.variance == Money.from_pounds("-1178000")
    assert not position.is_overspend


@pytest.mark.parametrize(
    ("budget", "weekly", "field"),
    [(Money(0), WEEKLY, "budget"), (BUDGET_2019, Money(0), "weekly_cost")],
)
def test_zero_budget_or_weekly_cost_is_refused(budget: Money, weekly: Money, field: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        funded_placements(budget, weekly)
    assert caught.value.field == field


def test_no_placements_cannot_imply_a_weekly_cost() -> None:
    with pytest.raises(InvalidValueError, match="placements must be positive"):
        implied_weekly_cost(BUDGET_2019, Money(1), 0)


def test_assess_budgets_from_the_programme() -> None:
    # two LAC placements at £4,000 a week all 2019/20 (366 days) plus one for half of it:
    # placement-days 366 + 366 + 183 = 915 -> 915 ÷ 366 = 2.5 placements on average;
    # average fee £4,000; costed: 400,000 × 915 ÷ 7 = 52,285,714.29p -> 52,285,714p;
    # 52 weeks: 2.5 × £4,000 × 52 = £520,000 against £500,000 -> £20,000 over
    ps = [
        placement("A", start="2019-04-01", weekly_pence=400_000, workstream=Workstream.LAC),
        placement("B", start="2018-04-01", weekly_pence=400_000, workstream=Workstream.LAC),
        placement(
            "C",
            start="2019-10-01",
            weekly_pence=400_000,
            workstream=Workstream.LAC,
        ),
    ]
    budget = Budget(
        borough=CROYDON,
        workstream=Workstream.LAC,
        financial_year=FinancialYear(2019),
        amount=Money.from_pounds("500000"),
        source=SOURCE,
    )
    prog = programme(ps)
    from attrs import evolve

    prog = evolve(prog, budgets=(budget,))
    (assessed,) = assess_budgets(prog, FinancialYear(2019))
    assert (assessed.placements, assessed.average_placements) == (3, Fraction(5, 2))
    assert assessed.average_weekly_cost == Money(400_000)
    assert assessed.costed_spend == Money(52_285_714)
    assert assessed.positions[WEEKS_52].variance == Money.from_pounds("20000")
    # all three run on 31 March 2020: 3 × £4,000 × 52 = £624,000, £124,000 over
    assert assessed.running_at_year_end == 3
    assert assessed.positions_at_year_end[WEEKS_52].variance == Money.from_pounds("124000")
