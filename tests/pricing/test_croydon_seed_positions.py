"""Seed 004's Croydon children's-home positions, reproduced by the report's budget figures on
the embedded sample (what ``slcp report --year 2018/19`` and ``--year 2019/20`` show)."""

from __future__ import annotations

from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import assess_budgets
from slcp.sample import south_london


def _within_5_percent(actual: Money, target: Money) -> bool:
    return abs(actual.pence - target.pence) * 20 <= target.pence


def test_croydon_2018_19_overspend_of_4_62m_on_2_196m_with_37_children() -> None:
    # seed 004: "At the end of 2018/19, LAC residential placements ... overspent by £4.62
    # million against a budget of £2.196 million. There were 37 children in residential
    # placements."
    (croydon,) = assess_budgets(south_london(), FinancialYear(2018))
    assert croydon.budget.amount == Money.from_pounds("2196000")
    assert _within_5_percent(croydon.costed_variance, Money.from_pounds("4620000"))
    assert croydon.running_at_year_end == 37


def test_croydon_2019_20_40_placements_all_year_overspend_near_5_5m() -> None:
    # seed 004: base budget £3.258m; "The current number of residential placements has risen
    # to 40. If the level of placements remain at this level in 2019-20, there will be an
    # overspend of approximately £5.5 million"
    (croydon,) = assess_budgets(south_london(), FinancialYear(2019))
    assert croydon.budget.amount == Money.from_pounds("3258000")
    assert croydon.placements == 40
    assert croydon.running_at_year_end == 40
    # the 40 run all year from 3 July 2019 at the latest: on average at least 39 of them
    assert croydon.average_placements >= 39
    assert _within_5_percent(croydon.costed_variance, Money.from_pounds("5500000"))
