"""Costing per charging basis: hand-worked examples (working in the comments)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from slcp.errors import ParameterNotFoundError, PeriodError
from slcp.money import Money
from slcp.periods import DateRange, FinancialYear
from slcp.pricing import charge_for_period, cost_for_range
from tests.pricing.builders import TERM_TIME, WHOLE_WEEKS, d, placement


def _range(start: str, end: str) -> DateRange:
    return DateRange(start=d(start), end=d(end))


class TestProRataByDay:
    def test_leap_financial_year(self) -> None:
        # 2019/20 holds 29 Feb 2020: 366 days. £1,000 ÷ 7 × 366 = 36,600,000p ÷ 7
        # = 5,228,571.43p -> £52,285.71
        p = placement(start="2019-04-01", weekly_pence=100_000)
        cost = cost_for_range(p, FinancialYear(2019).range)
        assert cost.exact == Fraction(36_600_000, 7)
        assert cost.total == Money(5_228_571)

    def test_common_financial_year(self) -> None:
        # 2018/19: 365 days. 100,000p × 365 ÷ 7 = 5,214,285.71p -> 5,214,286p (half up)
        p = placement(start="2018-04-01", weekly_pence=100_000)
        assert cost_for_range(p, FinancialYear(2018).range).total == Money(5_214_286)

    def test_31_march_and_1_april_fall_in_different_years(self) -> None:
        # 29, 30, 31 March 2020 in 2019/20; 1, 2, 3 April in 2020/21; £700 a week = £100 a day
        p = placement(start="2020-03-29", end="2020-04-04", weekly_pence=70_000)
        cost = cost_for_range(p, _range("2020-01-01", "2021-01-01"))
        assert cost.total == Money(60_000)
        assert cost.by_financial_year == {
            FinancialYear(2019): Money(30_000),
            FinancialYear(2020): Money(30_000),
        }

    def test_fee_change_mid_range(self) -> None:
        # 1-7 April at £100 a day (£700 a week), 8-14 April at £200 a day: 70,000 + 140,000
        p = placement(fees=[("2019-04-01", 70_000), ("2019-04-08", 140_000)])
        assert cost_for_range(p, _range("2019-04-01", "2019-04-15")).total == Money(210_000)

    def test_days_outside_the_placement_cost_nothing(self) -> None:
        p = placement(start="2019-04-01", end="2019-04-08", weekly_pence=70_000)
        assert cost_for_range(p, _range("2018-01-01", "2019-04-01")).total == Money(0)
        assert cost_for_range(p, _range("2019-04-08", "2030-01-01")).total == Money(0)

    def test_one_penny_a_week_for_a_day(self) -> None:
        # 1p ÷ 7 = 0.142857p: rounds to 0p but the exact value is kept
        p = placement(start="2019-04-01", weekly_pence=1)
        cost = cost_for_range(p, _range("2019-04-01", "2019-04-02"))
        assert (cost.exact, cost.total) == (Fraction(1, 7), Money(0))
        assert cost.residual == Fraction(-1, 7)

    def test_breakdown_is_allocated_from_the_rounded_total(self) -> None:
        # £1 a week over 31 March + 1 April: each day 100/7 = 14.2857p; total 200/7 = 28.57p
        # -> 29p; floors 14 + 14 = 28, the extra penny goes to the earlier key (tie on
        # remainder) -> 2018/19: 15p, 2019/20: 14p
        p = placement(start="2019-03-31", weekly_pence=100)
        cost = cost_for_range(p, _range("2019-03-31", "2019-04-02"))
        assert cost.total == Money(29)
        assert cost.by_financial_year == {
            FinancialYear(2018): Money(15),
            FinancialYear(2019): Money(14),
        }


class TestWholeWeeks:
    def test_trailing_part_week_is_not_charged(self) -> None:
        # 10 days = 1 complete week (1-7 April) + 3 days not charged: £700
        p = placement(
            start="2019-04-01", end="2019-04-11", weekly_pence=70_000, charging=WHOLE_WEEKS
        )
        assert cost_for_range(p, FinancialYear(2019).range).total == Money(70_000)
        assert cost_for_range(p, _range("2019-04-08", "2019-04-11")).total == Money(0)
        # days inside a complete week are charged £100 each
        assert cost_for_range(p, _range("2019-04-05", "2019-04-08")).total == Money(30_000)

    def test_complete_weeks_across_1_april(self) -> None:
        # 28 March - 10 April 2020 = 14 days = 2 complete weeks of £700; by day: 4 days in
        # 2019/20 (28-31 March) = £400, 10 days in 2020/21 = £1,000
        p = placement(
            start="2020-03-28", end="2020-04-11", weekly_pence=70_000, charging=WHOLE_WEEKS
        )
        cost = cost_for_range(p, _range("2020-01-01", "2021-01-01"))
        assert cost.by_financial_year == {
            FinancialYear(2019): Money(40_000),
            FinancialYear(2020): Money(100_000),
        }

    def test_open_placement_is_charged_every_day_so_far(self) -> None:
        p = placement(start="2019-04-01", weekly_pence=70_000, charging=WHOLE_WEEKS)
        assert cost_for_range(p, _range("2019-04-01", "2019-04-11")).total == Money(100_000)


class TestWeeksPerYear:
    def test_full_academic_year_costs_n_weeks(self) -> None:
        # 38 × £1,000 = £38,000 for 1 Sep 2019 - 31 Aug 2020, leap year or not
        p = placement(
            start="2019-09-01", end="2020-09-01", weekly_pence=100_000, charging=TERM_TIME
        )
        cost = cost_for_range(p, _range("2019-01-01", "2021-01-01"))
        assert cost.exact == 3_800_000
        # spread by day over 366 days: 2019/20 has 213 days of it (Sep 30 + Oct 31 + Nov 30 +
        # Dec 31 + Jan 31 + Feb 29 + Mar 31) -> 3,800,000 × 213 ÷ 366 = 2,211,475.41p;
        # 2020/21 has 153 days -> 1,588,524.59p; the total 3,800,000p is allocated by largest
        # remainder: 2,211,475 + 1,588,525
        assert cost.exact_by_financial_year[FinancialYear(2019)] == Fraction(3_800_000 * 213, 366)
        assert cost.by_financial_year == {
            FinancialYear(2019): Money(2_211_475),
            FinancialYear(2020): Money(1_588_525),
        }

    def test_a_day_in_a_common_academic_year(self) -> None:
        # 2020/21 academic year has 365 days: 38 × 100,000p ÷ 365 = 10,410.96p -> 10,411p
        p = placement(start="2020-09-01", weekly_pence=100_000, charging=TERM_TIME)
        assert cost_for_range(p, _range("2020-09-01", "2020-09-02")).total == Money(10_411)

    def test_leap_day_in_a_leap_academic_year(self) -> None:
        # 29 Feb 2020: 38 × 36,600p ÷ 366 = 3,800p
        charge = charge_for_period(Money(36_600), _range("2020-02-29", "2020-03-01"), TERM_TIME)
        assert charge.total == Money(3_800)
        assert charge.weeks == Fraction(38, 366)

    def test_fifty_two_weeks_charges_fewer_than_pro_rata(self) -> None:
        # 52-week placements: 52 × £1,000 = £52,000 a year, against 366 ÷ 7 weeks pro rata
        from slcp.domain import ChargingBasis, ChargingMethod

        year_round = ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=52)
        ay = _range("2019-09-01", "2020-09-01")
        assert charge_for_period(Money(100_000), ay, year_round).total == Money(5_200_000)
        assert charge_for_period(Money(100_000), ay).total == Money(5_228_571)


class TestBadInput:
    def test_open_range_is_refused(self) -> None:
        p = placement()
        with pytest.raises(PeriodError, match="open-ended"):
            cost_for_range(p, DateRange(start=d("2019-04-01")))

    def test_fee_history_stopping_early_is_an_error_not_a_zero(self) -> None:
        p = placement(start="2019-04-01", end="2020-04-01", fees_end="2019-10-01")
        with pytest.raises(ParameterNotFoundError, match="stops before"):
            cost_for_range(p, FinancialYear(2019).range)
