"""Pooled budgets in the report's finance section: by hand, and on the sample."""

from __future__ import annotations

import datetime as dt
import io
import json

import attrs

from slcp.domain import FundingShares, Programme, ServiceKind, Workstream
from slcp.finance import FundingStream, PoolContribution, PooledBudget, sample_pooled_budgets
from slcp.money import Money, Rate
from slcp.periods import FinancialYear
from slcp.render import render_html, render_text, write_xlsx
from slcp.report import ReportOptions, build_report, report_data, report_tables
from slcp.sample import south_london
from tests.pricing.builders import CROYDON, SUTTON, placement, programme

FY = FinancialYear(2019)
EDU, HEALTH, CARE = FundingStream.EDUCATION, FundingStream.HEALTH, FundingStream.SOCIAL_CARE
THREE_WAY = FundingShares(
    education=Rate.of("0.5"), social_care=Rate.of("0.3"), health=Rate.of("0.2")
)
POOL = PooledBudget(
    id="S75",
    borough=CROYDON,
    workstream=Workstream.SEND,
    financial_year=FY,
    services=(ServiceKind.SEND_DAY,),
    contributions=(
        PoolContribution(stream=EDU, amount=Money.from_pounds("20000")),
        PoolContribution(stream=CARE, amount=Money.from_pounds("10000")),
        PoolContribution(stream=HEALTH, amount=Money.from_pounds("5000")),
    ),
)


def _programme() -> Programme:
    # Croydon's day placement (in the pool) and Sutton's (not: another borough), both £700 a
    # week (£100 a day), pro rata by day, from 1 April 2019
    mine = attrs.evolve(placement("A", borough=CROYDON, weekly_pence=70_000), funding=THREE_WAY)
    other = attrs.evolve(placement("B", borough=SUTTON, weekly_pence=70_000), funding=THREE_WAY)
    return programme([mine, other])


def test_a_pools_position_by_hand() -> None:
    report = build_report(
        _programme(), ReportOptions(financial_year=FY, finance=True, pools=(POOL,))
    )
    fin = report.finance
    assert fin is not None
    (x,) = fin.pools
    # made on the year's last day, the forecast is the year's spend: 366 days (29 February
    # 2020 is in 2019/20) x £100 = £36,600, split 50/30/20 = £18,300 / £10,980 / £7,320
    assert fin.pools_as_of == dt.date(2020, 3, 31)
    assert x.forecast == Money.from_pounds("36600")
    assert x.forecast_by_stream == {
        EDU: Money.from_pounds("18300"),
        HEALTH: Money.from_pounds("7320"),
        CARE: Money.from_pounds("10980"),
    }
    # the pot is £35,000: £1,600 overspent, shared 20:10:5 = 160,000p x 4/7, 2/7, 1/7 =
    # 91,428.57p, 45,714.29p, 22,857.14p; floors add to 159,999p and the penny left goes to
    # the largest remainder, education's .57
    assert x.variance == Money(160_000)
    assert x.balance == Money(-160_000)
    assert x.variance_shares == {EDU: Money(91_429), CARE: Money(45_714), HEALTH: Money(22_857)}
    data = report_data(report)["finance"]
    assert isinstance(data, dict)
    assert data["pools_as_of"] == "2020-03-31"
    assert data["pools"] == [
        {
            "id": "S75",
            "gss_code": CROYDON,
            "workstream": "send",
            "services": ["send_day"],
            "financial_year": "2019/20",
            "amount_pence": 3_500_000,
            "forecast_pence": 3_660_000,
            "balance_pence": -160_000,
            "variance_pence": 160_000,
            "partners": [
                {
                    "funding": "education",
                    "contribution_pence": 2_000_000,
                    "forecast_pence": 1_830_000,
                    "variance_share_pence": 91_429,
                },
                {
                    "funding": "health",
                    "contribution_pence": 500_000,
                    "forecast_pence": 732_000,
                    "variance_share_pence": 22_857,
                },
                {
                    "funding": "social_care",
                    "contribution_pence": 1_000_000,
                    "forecast_pence": 1_098_000,
                    "variance_share_pence": 45_714,
                },
            ],
        }
    ]
    table = report_tables(report)["pool_positions"]
    assert table.column("funding") == ("all", "education", "health", "social_care")
    assert table.column("contribution_pence") == (3_500_000, 2_000_000, 500_000, 1_000_000)
    assert table.column("balance_pence") == (-160_000, -91_429, -22_857, -45_714)
    text = render_text(report)
    assert "  Pooled budgets, forecast made on 2020-03-31:" in text
    assert "    pot £35,000.00, forecast draw £36,600.00, balance -£1,600.00" in text
    assert (
        "    Education (High Needs Block)      £20,000.00      £18,300.00         £914.29" in text
    )
    assert "pool_positions" in write_xlsx(report, io.BytesIO())
    page = render_html(report)
    assert "<h2>Pooled budgets</h2>" in page
    assert "<td class=num>-£914.29</td>" in page


def test_the_pools_draw_on_the_forecast_asked_for() -> None:
    # made on 31 October, the open-ended placement is committed to the year's end: the same
    # £36,600, made on that day
    report = build_report(
        _programme(),
        ReportOptions(financial_year=FY, forecast_as_of=dt.date(2019, 10, 31), pools=(POOL,)),
    )
    fin = report.finance
    assert fin is not None
    assert fin.forecast is not None
    assert fin.pools_as_of == dt.date(2019, 10, 31) == fin.forecast.as_of
    assert fin.pools[0].forecast == Money.from_pounds("36600")


def test_pools_of_another_year_and_none_given_show_nothing() -> None:
    report = build_report(
        _programme(),
        ReportOptions(financial_year=FY.next(), finance=True, pools=(POOL,)),
    )
    assert report.finance is not None
    assert report.finance.pools == ()
    assert report.finance.pools_as_of is None
    assert "pool_positions" not in report_tables(report)
    assert "Pooled budgets" not in render_text(report)
    data = json.loads(json.dumps(report_data(report)))
    assert data["finance"]["pools"] == []


def test_the_sample_has_two_pools_with_health_in_both() -> None:
    report = build_report(
        south_london(), ReportOptions(financial_year=FY, synthetic=True, finance=True)
    )
    fin = report.finance
    assert fin is not None
    assert [x.pool for x in fin.pools] == list(sample_pooled_budgets())
    croydon, southwark = fin.pools
    # the pots: £2.6m + £1.7m + £0.35m and £7.7m + £0.45m (continuing care in both)
    assert croydon.pool.amount == Money.from_pounds("4650000")
    assert southwark.pool.amount == Money.from_pounds("8150000")
    assert croydon.contribution(HEALTH) == Money.from_pounds("350000")
    assert southwark.contribution(HEALTH) == Money.from_pounds("450000")
    # Croydon's pot runs short, Southwark's has money left
    assert croydon.balance < Money(0) < southwark.balance
    for x in fin.pools:
        assert sum(x.forecast_by_stream.values(), Money(0)) == x.forecast
        assert sum(x.variance_shares.values(), Money(0)) == x.variance
    # a pool nobody asked for is not the sample's when the input is not the sample
    plain = build_report(south_london(), ReportOptions(financial_year=FY, finance=True))
    assert plain.finance is not None
    assert plain.finance.pools == ()
