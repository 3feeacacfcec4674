"""Forecasts: compound growth from the seed's EHC plan counts, and spend projections."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from slcp.errors import InvalidValueError
from slcp.money import Money, Rate
from slcp.periods import FinancialYear
from slcp.pricing import (
    ForecastAssumptions,
    compound_growth_rate,
    forecast_programme_spend,
    forecast_spend,
)
from tests.pricing.builders import placement, programme


def test_ehc_plans_grew_7_43_percent_a_year() -> None:
    # seed 001: 12,208 EHC plans (2014) -> 16,262 (2018), 4 years:
    # (16,262 ÷ 12,208)^(1/4) = 1.33208^(0.25) = 1.07431... -> 7.43% a year
    growth = compound_growth_rate(12_208, 16_262, years=4)
    assert growth.pct() == Decimal("7.43")
    # check by compounding back: 12,208 × 1.0743^4 = 16,261.6 ≈ 16,262
    assert abs(12_208 * (1 + growth.rate.fraction) ** 4 - 16_262) < Fraction(1, 1000)


def test_decline_is_negative_growth() -> None:
    # 100 -> 81 over 2 years: sqrt(0.81) = 0.9 -> -10%
    assert compound_growth_rate(100, 81, years=2).rate == Rate.of("-0.1")


@pytest.mark.parametrize(("start", "end", "years"), [(0, 10, 1), (10, -1, 1), (10, 12, 0)])
def test_bad_counts_are_refused(start: int, end: int, years: int) -> None:
    with pytest.raises(InvalidValueError):
        compound_growth_rate(start, end, years=years)


def test_projection_with_turnover() -> None:
    # base £1,000,000; volume +10%; continuing placements +2%; a quarter turn over and the
    # replacements cost 8% more: factor = 0.75 × 1.02 + 0.25 × 1.08 = 0.765 + 0.27 = 1.035
    # year 1: 1,000,000 × 1.1 × 1.035 = £1,138,500
    # year 2: 1,000,000 × 1.21 × 1.071225 = £1,296,182.25
    assumptions = ForecastAssumptions(
        volume_growth=Rate.of("0.1"),
        expected_uplift=Rate.of("0.02"),
        turnover=Rate.of("0.25"),
        new_placement_premium=Rate.of("0.08"),
    )
    f = forecast_spend(
        Money.from_pounds("1000000"), FinancialYear(2019), years=2, assumptions=assumptions
    )
    assert [y.financial_year for y in f.years] == [FinancialYear(2020), FinancialYear(2021)]
    assert [y.spend for y in f.years] == [Money(113_850_000), Money(129_618_225)]
    assert f.years[1].price_index == Fraction(1_071_225, 1_000_000)
    assert f.assumptions is assumptions
    assert f.total == Money(113_850_000 + 129_618_225)


def test_no_growth_no_uplift_is_flat() -> None:
    flat = ForecastAssumptions(volume_growth=Rate.zero(), expected_uplift=Rate.zero())
    f = forecast_spend(Money(12_345), FinancialYear(2019), years=3, assumptions=flat)
    assert [y.spend for y in f.years] == [Money(12_345)] * 3


def test_bad_assumptions_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="turnover"):
        ForecastAssumptions(
            volume_growth=Rate.zero(), expected_uplift=Rate.zero(), turnover=Rate.of("1.5")
        )
    with pytest.raises(InvalidValueError, match="volume_growth"):
        ForecastAssumptions(volume_growth=Rate.of("-1"), expected_uplift=Rate.zero())
    flat = ForecastAssumptions(volume_growth=Rate.zero(), expected_uplift=Rate.zero())
    with pytest.raises(InvalidValueError, match="at least one year"):
        forecast_spend(Money(1), FinancialYear(2019), years=0, assumptions=flat)


def test_programme_forecast_starts_from_costed_spend() -> None:
    # £700 a week for all of 2019/20 (366 days): 70,000 × 366 ÷ 7 = 3,660,000p;
    # +5% volume, no uplift: 3,843,000p
    p = placement(start="2019-04-01", weekly_pence=70_000)
    a = ForecastAssumptions(volume_growth=Rate.of("0.05"), expected_uplift=Rate.zero())
    f = forecast_programme_spend(programme([p]), FinancialYear(2019), years=1, assumptions=a)
    assert (f.base_spend, f.years[0].spend) == (Money(3_660_000), Money(3_843_000))
