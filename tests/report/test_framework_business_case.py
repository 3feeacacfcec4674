"""The 5-8% business-case test on the LAC framework's own spend, from go-live, by year."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from slcp.money import round_pence


def test_business_case_applies_from_go_live_only(sample_json: dict[str, Any]) -> None:
    savings = sample_json["savings"]
    # the old key stays as it was: all spend and savings in the year
    assert savings["business_case"]["spend_pence"] == sample_json["total_spend_pence"]
    (fw,) = savings["business_case_framework"]
    assert (fw["framework"], fw["workstream"], fw["go_live"]) == (
        "LAC-FW-2020",
        "lac",
        "2020-03-09",
    )
    assert "from go-live on 2020-03-09" in fw["basis"]
    years = {y["financial_year"]: y for y in fw["years"]}
    for label in ("2013/14", "2014/15", "2015/16", "2016/17", "2017/18", "2018/19"):
        assert years[label] == {
            "financial_year": label,
            "live_days": 0,
            "spend_pence": 0,
            "savings_pence": 0,
            "share_pct": None,
            "verdict": None,
            "note": "not applicable: framework not live",
        }
    live = years["2019/20"]
    # 9 March to 31 March 2020 inclusive: 23 of 2019/20's 366 days
    assert live["live_days"] == 23
    assert live["note"] == "part year: live from 2020-03-09"
    lac = sum(
        r["amount_pence"]
        for r in savings["records"]
        if r["workstream"] == "lac" and r["financial_year"] == "2019/20"
    )
    assert live["savings_pence"] == round_pence(Fraction(lac * 23, 366))
    # the sample enters no LAC saving before 2020/21 (seed 001: no LAC savings figures before
    # early 2020), so the framework's first weeks save nothing: below the band
    assert lac == 0
    assert live["spend_pence"] > 0
    assert live["verdict"] == "below"


def test_fee_increases_say_their_convention_and_show_the_other(sample_json: dict[str, Any]) -> None:
    f = sample_json["fee_increases"]
    assert f["convention"] == "per round"
    rows = f["conventions"]
    # the per-round figures are the rounds' own: together they are the avoidance to date
    to_date = sum(r["cost_avoidance_to_date_pence"] for r in f["rounds"])
    assert sum(r["per_round_pence"] for r in rows) == to_date
    for r in rows:
        assert r["interaction_pence"] == r["all_rounds_together_pence"] - r["per_round_pence"]
    # compounding only adds: with every agreed rate at or below the request, each year's
    # all-rounds-together figure is at least the per-round one
    assert all(r["interaction_pence"] >= 0 for r in rows)
