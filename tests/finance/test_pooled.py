"""Pooled budgets against a forecast, by hand."""

from __future__ import annotations

import pytest

from slcp.domain import ServiceKind, Workstream
from slcp.errors import InvalidValueError
from slcp.finance import (
    FundingStream,
    PoolContribution,
    PooledBudget,
    assess_pooled_budget,
    forecast_outturn,
)
from slcp.money import Money
from slcp.periods import FinancialYear
from tests.finance.test_forecast import FOSTER, FY, HOME, SCHOOL
from tests.pricing.builders import CROYDON, d, programme

EDU, HEALTH, CARE = FundingStream.EDUCATION, FundingStream.HEALTH, FundingStream.SOCIAL_CARE


def pool(**amounts: int) -> PooledBudget:
    return PooledBudget(
        id="S75",
        borough=CROYDON,
        workstream=Workstream.SEND,
        financial_year=FY,
        services=(ServiceKind.SEND_RESIDENTIAL_52_WEEK,),
        contributions=tuple(
            PoolContribution(stream=FundingStream(k), amount=Money(v)) for k, v in amounts.items()
        ),
    )


def test_pool_against_the_forecast_by_hand() -> None:
    forecast = forecast_outturn(programme([HOME, SCHOOL, FOSTER]), FY, d("2019-10-31"))
    position = assess_pooled_budget(
        pool(education=1_500_000, social_care=800_000, health=300_000), forecast
    )
    # The 52-week school's forecast (see test_position_at_31_october_by_hand): education
    # 1,480,000 + health 592,000 + social care 888,000 = 2,960,000 against a 2,600,000 pot.
    assert position.forecast == Money(2_960_000)
    assert position.variance == Money(360_000)
    # 360,000 shared 15 : 8 : 3 -> 207,692.31, 110,769.23, 41,538.46; floors leave 1p, which
    # goes to the largest remainder (health's .46)
    assert position.variance_shares == {
        EDU: Money(207_692),
        CARE: Money(110_769),
        HEALTH: Money(41_539),
    }
    assert position.forecast_by_stream == {
        EDU: Money(1_480_000),
        HEALTH: Money(592_000),
        CARE: Money(888_000),
    }


def test_pool_checks() -> None:
    twice = (PoolContribution(stream=EDU, amount=Money(1)),) * 2
    with pytest.raises(InvalidValueError, match="once"):
        PooledBudget(
            id="P",
            borough=CROYDON,
            workstream=Workstream.SEND,
            financial_year=FY,
            contributions=twice,
        )
    forecast = forecast_outturn(programme([]), FinancialYear(2020), d("2020-10-31"))
    with pytest.raises(InvalidValueError, match="another year"):
        assess_pooled_budget(pool(education=1), forecast)
    with pytest.raises(InvalidValueError, match="cannot be negative"):
        PoolContribution(stream=EDU, amount=Money(-1))
