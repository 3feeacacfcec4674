"""Forecasts: compound demand growth from two counts, and a spend projection for the next
financial years from volume growth, expected fee uplifts and placement turnover, with the
assumptions carried in the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

import attrs

from slcp.domain import FeeUpliftRound, Programme
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate, round_decimal, round_pence
from slcp.periods import FinancialYear
from slcp.pricing._portfolio import cost_portfolio
from slcp.timeline import Source

__all__ = [
    "ForecastAssumptions",
    "ForecastYear",
    "GrowthRate",
    "SpendForecast",
    "compound_growth_rate",
    "forecast_programme_spend",
    "forecast_spend",
]

_RATE_PLACES = 10


def _check_rate(rate: Rate, field: str) -> Rate:
    # the same bounds as uplift rates: above -100% and at most +100%
    if not isinstance(rate, Rate) or not -1 < rate.fraction <= 1:
        raise InvalidValueError(
            f"{field} must be above -100% and at most 100%",
            field=field,
            value=str(rate),
            expected="a Rate such as Rate.of('0.0743')",
        )
    return rate


def _check_share(rate: Rate) -> Rate:
    if not isinstance(rate, Rate) or not 0 <= rate.fraction <= 1:
        raise InvalidValueError(
            "turnover must be a share between 0% and 100%",
            field="turnover",
            value=str(rate),
            expected="a Rate such as Rate.of('0.2')",
        )
    return rate


@attrs.frozen(kw_only=True)
class GrowthRate:
    """Compound annual growth between two counts.

    Attributes:
        start_count: the first count.
        end_count: the later count.
        years: years between them.
        ratio: ``end_count ÷ start_count``, exact.
        rate: ``ratio ** (1 / years) − 1``, rounded half up to 10 decimal places (the root is
            irrational, so this is the one rounding point).
    """

    start_count: int
    end_count: int
    years: int
    ratio: Fraction
    rate: Rate

    def pct(self, places: int = 2) -> Decimal:
        """The rate as a percentage rounded half up to ``places`` decimals (7.43)."""
        return round_decimal(self.rate.value * 100, places)


def compound_growth_rate(start_count: int, end_count: int, *, years: int) -> GrowthRate:
    """The compound annual growth rate from ``start_count`` to ``end_count`` over ``years``.

    Args:
        start_count: the earlier count (more than zero).
        end_count: the later count (zero or more).
        years: whole years between the counts (at least one).

    Raises:
        InvalidValueError: non-positive start count or years, negative end count.

    >>> g = compound_growth_rate(12_208, 16_262, years=4)   # EHC plans 2014 -> 2018 (seed 001)
    >>> g.pct(), g.ratio
    (Decimal('7.43'), Fraction(8131, 6104))
    >>> compound_growth_rate(100, 100, years=3).rate == Rate.zero()
    True
    """
    for name, value, low in (("start_count", start_count, 1), ("years", years, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise InvalidValueError(
                f"{name} must be a positive whole number", field=name, value=value, expected=">= 1"
            )
    if isinstance(end_count, bool) or not isinstance(end_count, int) or end_count < 0:
        raise InvalidValueError(
            "end_count must be a whole number, zero or more",
            field="end_count",
            value=end_count,
            expected=">= 0",
        )
    ratio = Fraction(end_count, start_count)
    ctx = Context(prec=40, rounding=ROUND_HALF_UP)
    root = ctx.power(
        ctx.divide(Decimal(end_count), Decimal(start_count)),
        ctx.divide(Decimal(1), Decimal(years)),
    )
    rate = ctx.subtract(root, Decimal(1)).quantize(Decimal(1).scaleb(-_RATE_PLACES), context=ctx)
    return GrowthRate(
        start_count=start_count, end_count=end_count, years=years, ratio=ratio, rate=Rate(rate)
    )


def _volume_growth(rate: Rate) -> Rate:
    return _check_rate(rate, "volume_growth")


def _expected_uplift(rate: Rate) -> Rate:
    return _check_rate(rate, "expected_uplift")


def _premium(rate: Rate) -> Rate:
    return _check_rate(rate, "new_placement_premium")


@attrs.frozen(kw_only=True)
class ForecastAssumptions:
    """What a spend projection assumes, each a yearly rate.

    Attributes:
        volume_growth: growth in the number of placements a year (e.g. 7.43% for EHC plans).
        expected_uplift: the fee increase continuing placements get each year.
        turnover: the share of placements that end each year and are replaced (0 to 1).
        new_placement_premium: how much dearer a replacement placement is than the average
            continuing one before its uplift (0 when new placements cost the same).
        source: where the assumptions come from.
    """

    volume_growth: Rate = attrs.field(converter=_volume_growth)
    expected_uplift: Rate = attrs.field(converter=_expected_uplift)
    turnover: Rate = attrs.field(default=Rate.zero(), converter=_check_share)
    new_placement_premium: Rate = attrs.field(default=Rate.zero(), converter=_premium)
    source: Source | None = None

    @property
    def yearly_price_factor(self) -> Fraction:
        """``(1 − turnover) × (1 + uplift) + turnover × (1 + premium)``: the yearly change
        in the average weekly price."""
        t = self.turnover.fraction
        return (1 - t) * (1 + self.expected_uplift.fraction) + t * (
            1 + self.new_placement_premium.fraction
        )


@attrs.frozen(kw_only=True)
class ForecastYear:
    """One projected financial year.

    Attributes:
        financial_year: the year.
        volume_index: placements relative to the base year (exact).
        price_index: average weekly price relative to the base year (exact).
        exact: projected spend in exact pence.
        spend: ``exact`` rounded half up to the penny.
    """

    financial_year: FinancialYear
    volume_index: Fraction
    price_index: Fraction
    exact: Fraction
    spend: Money


@attrs.frozen(kw_only=True)
class SpendForecast:
    """A spend projection and what it assumes.

    Attributes:
        base_year: the year the projection starts from.
        base_spend: that year's spend.
        assumptions: the assumptions used.
        years: the projected years, in order.
        method: how each year is computed, in words.
    """

    base_year: FinancialYear
    base_spend: Money
    assumptions: ForecastAssumptions
    years: tuple[ForecastYear, ...]
    method: str

    @property
    def total(self) -> Money:
        """Projected spend summed over the projected years."""
        return sum((y.spend for y in self.years), Money(0))


def forecast_spend(
    base_spend: Money,
    base_year: FinancialYear,
    *,
    years: int,
    assumptions: ForecastAssumptions,
) -> SpendForecast:
    """Project spend for the ``years`` financial years after ``base_year``.

    Year *n*'s spend is ``base × (1 + volume_growth)ⁿ × factorⁿ`` where ``factor`` is
    ``(1 − turnover)(1 + uplift) + turnover × (1 + premium)``: continuing placements take the
    expected uplift, replacements come in at the premium. Each year is computed exactly from
    the base (never from a rounded previous year) and rounded half up to the penny.

    Raises:
        InvalidValueError: ``years`` below 1, or a negative base spend.

    >>> a = ForecastAssumptions(volume_growth=Rate.of("0.05"), expected_uplift=Rate.of("0.02"))
    >>> f = forecast_spend(Money.from_pounds("1000000"), FinancialYear(2019), years=2,
    ...                    assumptions=a)
    >>> [(str(y.financial_year), str(y.spend)) for y in f.years]
    [('2020/21', '£1,071,000.00'), ('2021/22', '£1,147,041.00')]
    """
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise InvalidValueError(
            "a forecast needs at least one year", field="years", value=years, expected=">= 1"
        )
    if base_spend.pence < 0:
        raise InvalidValueError(
            "base spend cannot be negative", field="base_spend", value=str(base_spend)
        )
    growth = 1 + assumptions.volume_growth.fraction
    factor = assumptions.yearly_price_factor
    out: list[ForecastYear] = []
    fy = base_year
    for n in range(1, years + 1):
        fy = fy.next()
        volume = growth**n
        price = factor**n
        exact = base_spend.pence * volume * price
        out.append(
            ForecastYear(
                financial_year=fy,
                volume_index=volume,
                price_index=price,
                exact=exact,
                spend=Money(round_pence(exact)),
            )
        )
    return SpendForecast(
        base_year=base_year,
        base_spend=base_spend,
        assumptions=assumptions,
        years=tuple(out),
        method=(
            "base × (1 + volume growth)^n × ((1 − turnover)(1 + uplift) + turnover × "
            "(1 + new-placement premium))^n, exact, each year rounded half up"
        ),
    )


def forecast_programme_spend(
    programme: Programme,
    base_year: FinancialYear,
    *,
    years: int,
    assumptions: ForecastAssumptions,
    rounds: Sequence[FeeUpliftRound] | None = None,
) -> SpendForecast:
    """:func:`forecast_spend` from the programme's costed spend in ``base_year``
    (fees with uplift rounds, see :func:`~slcp.pricing.cost_portfolio`)."""
    base = cost_portfolio(programme, (base_year,), rounds=rounds).total(base_year)
    return forecast_spend(base, base_year, years=years, assumptions=assumptions)
