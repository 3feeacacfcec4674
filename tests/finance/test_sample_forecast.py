"""The embedded sample: the forecast made on 31 March 2020 is the year's spend, to the penny."""

from __future__ import annotations

import datetime as dt

from slcp.finance import forecast_outturn
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import cost_portfolio, spend_by_borough
from slcp.sample import south_london

FY = FinancialYear(2019)


def test_forecast_made_on_31_march_equals_the_years_spend() -> None:
    programme = south_london()
    forecast = forecast_outturn(programme, FY, dt.date(2020, 3, 31), compare_previous=False)
    # the figure the report's spend section gives for 2019/20 (pinned by the golden report)
    assert forecast.total == Money(16_623_354_469)
    assert forecast.total_by_borough() == spend_by_borough(programme, FY)
    cells = cost_portfolio(programme, [FY]).total_by(
        lambda k: (k.borough, k.workstream, k.service), year=FY
    )
    mine: dict[object, Money] = {}
    for line in forecast.lines:
        key = (line.borough, line.workstream, line.service)
        mine[key] = mine.get(key, Money(0)) + line.forecast
    assert mine == cells
    # on 31 March only that one day is still to come
    assert forecast.committed.pence < forecast.total.pence // 300
