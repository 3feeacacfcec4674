"""The report's pricing section on a hand-built programme: JSON keys and exact roll-ups."""

from __future__ import annotations

import json
from typing import Any

import attrs

from slcp.domain import Budget, Programme, Workstream
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.report import ReportOptions
from tests.pricing.builders import CROYDON, SUTTON, placement, programme, uplift_round
from tests.report._sections import section as build_section

FY19 = FinancialYear(2019)


def _programme() -> Programme:
    # PL1 Croydon SEND £1,000 a week from Sept 2018; P1 asks 3%, cap 1% -> £1,010 from
    # 1 April 2019 (2,000p a week avoided). PL2 Sutton LAC lot FW/1 £700 a week, all 2019/20.
    send = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    lac = placement(
        "PL2",
        start="2019-04-01",
        weekly_pence=70_000,
        borough=SUTTON,
        workstream=Workstream.LAC,
        lot="FW/1",
        provider="P2",
    )
    budget = Budget(
        borough=SUTTON,
        workstream=Workstream.LAC,
        financial_year=FY19,
        amount=Money.from_pounds("30000"),
    )
    return attrs.evolve(programme([send, lac], [uplift_round(2019)]), budgets=(budget,))


def _data() -> dict[str, Any]:
    section = build_section("pricing", _programme(), ReportOptions(financial_year=FY19))
    assert section is not None
    data: dict[str, Any] = json.loads(json.dumps(section.data))
    return data


def test_spend_keys_and_figures() -> None:
    spend = _data()["spend"]
    # PL1: 101,000 × 366 ÷ 7 = 5,280,857.14p; PL2: 70,000 × 366 ÷ 7 = 3,660,000p;
    # total 8,940,857.14p -> 8,940,857p; allocated 5,280,857 + 3,660,000
    assert spend["total_pence"] == 8_940_857
    assert spend["by_borough"] == [
        {"gss_code": CROYDON, "name": "Croydon", "spend_pence": 5_280_857},
        {"gss_code": SUTTON, "name": "Sutton", "spend_pence": 3_660_000},
    ]
    assert spend["by_workstream"] == [
        {"workstream": "lac", "spend_pence": 3_660_000},
        {"workstream": "send", "spend_pence": 5_280_857},
    ]
    lots = {row["lot"]: row["spend_pence"] for row in spend["by_lot"]}
    assert lots == {None: 5_280_857, "FW/1": 3_660_000}
    # 2018/19: PL1 from 1 Sept 2018 = 212 days (Sep 30 + Oct 31 + Nov 30 + Dec 31 + Jan 31 +
    # Feb 28 + Mar 31) × 100,000 ÷ 7 = 3,028,571.43p -> 3,028,571p
    assert spend["by_financial_year"] == [
        {"financial_year": "2018/19", "spend_pence": 3_028_571},
        {"financial_year": "2019/20", "spend_pence": 8_940_857},
    ]


def test_fee_increases_keys_and_figures() -> None:
    fees = _data()["fee_increases"]
    (round_,) = fees["rounds"]
    # 2,000p a week × 366 ÷ 7 = 104,571.43p -> 104,571p in year and full year
    assert round_["requested_weighted_average_pct"] == "3.0000"
    assert round_["agreed_weighted_average_pct"] == "1.0000"
    assert round_["cost_avoidance_in_year_pence"] == 104_571
    assert round_["cost_avoidance_full_year_pence"] == 104_571
    assert round_["by_borough"][0]["gss_code"] == CROYDON
    assert fees["cumulative_by_workstream"] == [
        {
            "workstream": "send",
            "since": "2019/20",
            "through": "2019/20",
            "cost_avoidance_pence": 104_571,
        },
    ]


def test_budget_keys_and_figures() -> None:
    (row,) = _data()["budget"]
    # one placement all year at £700: 52 weeks -> £36,400 against £30,000: £6,400 over;
    # 365/7 weeks -> 70,000 × 365 ÷ 7 = 3,650,000p: £6,500 over; funded 30,000 ÷ 36,400 = 0.8
    weeks_52 = row["annualisations"]["weeks_52"]
    assert weeks_52["variance_pence"] == 640_000
    assert weeks_52["funded_placements"] == "0.8"
    assert row["annualisations"]["days_365_over_7"]["variance_pence"] == 650_000
    assert row["average_placements"] == "1.00"
    assert row["placements_at_year_end"] == 1
    assert weeks_52["variance_at_year_end_level_pence"] == 640_000


def test_no_floats_anywhere_and_text_lines() -> None:
    section = build_section("pricing", _programme(), ReportOptions(financial_year=FY19))
    assert section is not None
    json.dumps(section.data)

    def walk(value: object) -> None:
        assert not isinstance(value, float)
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(section.data)
    assert section.text[0].endswith("— financial year 2019/20")
    # the headline and the borough table's total: 8,940,857p
    assert any("£89,408.57" in line for line in section.text)


def test_nothing_to_say_without_placements_rounds_or_budgets() -> None:
    assert build_section("pricing", programme([]), ReportOptions(financial_year=FY19)) is None
