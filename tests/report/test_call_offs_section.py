"""The report's call-offs section (DPS and framework activity by year and lot) on the sample."""

from __future__ import annotations

from typing import Any

from slcp.render import render_text
from slcp.report import Report


def test_call_offs_by_year_and_lot_add_up_and_say_their_rule(sample_json: dict[str, Any]) -> None:
    c = sample_json["call_offs"]
    assert "cost from their start to the end of the period" in c["rule"]
    assert c["financial_year"] == "2019/20"
    vehicles = {v["vehicle"]: v for v in c["vehicles"]}
    assert [(v["kind"], v["name"]) for v in c["vehicles"]] == [
        ("dps", "South London SEND Dynamic Purchasing System"),
        ("framework", "South London LAC Light Touch Framework"),
    ]
    # the DPS opened in June 2016 (2016/17); the framework went live in March 2020 (2019/20)
    dps, framework = vehicles["SEND-DPS-2016"], vehicles["LAC-FW-2020"]
    assert [y["financial_year"] for y in dps["years"]] == [
        "2016/17",
        "2017/18",
        "2018/19",
        "2019/20",
    ]
    assert [y["financial_year"] for y in framework["years"]] == ["2019/20"]
    for v in c["vehicles"]:
        for y in v["years"]:
            assert y["call_offs"] == sum(lot["call_offs"] for lot in y["lots"])
            assert y["value_pence"] == sum(lot["value_pence"] for lot in y["lots"])
    # the DPS's four lots are all called off every year
    assert all(len(y["lots"]) == 4 for y in dps["years"])
    assert dps["years"][0]["lots"][0]["lot_name"] == "1 Day placements"


def test_text_shows_the_years_call_offs_and_every_year_in_full(sample_report: Report) -> None:
    c = sample_report.call_offs
    assert c is not None
    dps = c.vehicles[0]
    year = c.financial_year.range
    short = render_text(sample_report)
    assert f"Call-offs 2019/20 (cost to year end): DPS {dps.activity.call_offs_in(year)} " in short
    full = render_text(sample_report, full=True)
    assert "Call-offs by year and lot (value: cost from each start to the year's end)" in full
    assert "    1 Day placements" in full
