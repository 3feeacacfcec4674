"""The report's savings section on the three-borough programme of ``tests/savings/_three.py``.

Ledger for 2018/19: a pooled £1,000.00 (volume discount) and Bexley's own £123.45 (negotiated).
Contributions £100 each. Working for each figure is in the test that checks it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from slcp.cli import main
from slcp.errors import InvalidValueError
from slcp.io import dumps_programme
from slcp.report import JsonValue, ReportOptions
from tests.report._sections import section as build_section
from tests.savings._three import BEXLEY, BROMLEY, CROYDON, FY, three_boroughs


def _savings(
    attribution: str | None = None, contribution_pence: int = 10_000
) -> dict[str, JsonValue]:
    section = build_section(
        "savings",
        three_boroughs(contribution_pence=contribution_pence),
        ReportOptions(financial_year=FY, attribution=attribution),
    )
    assert section is not None
    data = section.data["savings"]
    assert isinstance(data, dict)
    return data


def _rows(data: dict[str, JsonValue], *path: str) -> dict[str, dict[str, JsonValue]]:
    node: JsonValue = data
    for key in path:
        assert isinstance(node, dict)
        node = node[key]
    assert isinstance(node, list)
    out: dict[str, dict[str, JsonValue]] = {}
    for row in node:
        assert isinstance(row, dict)
        gss = row["gss_code"]
        assert isinstance(gss, str)
        out[gss] = row
    return out


def test_totals_and_sources() -> None:
    data = _savings()
    assert data["financial_year"] == "2018/19"
    assert data["total_pence"] == 112_345  # 100,000 + 12,345
    assert data["by_source"] == {"negotiated_reduction": 12_345, "volume_discount": 100_000}
    assert data["to_date_pence"] == 112_345


def test_default_attribution_direct_then_volume() -> None:
    # Bexley 12,345 own + 16,667 by volume (10 of 60 weeks) = 29,012; Bromley 33,333; Croydon
    # 50,000 (see tests/savings/test_attribution.py for the allocation)
    data = _savings()
    attribution = data["attribution"]
    assert isinstance(attribution, dict)
    assert attribution["method"] == "default"
    rows = _rows(data, "attribution", "boroughs")
    assert {g: r["savings_pence"] for g, r in rows.items()} == {
        BEXLEY: 29_012,
        BROMLEY: 33_333,
        CROYDON: 50_000,
    }


def test_roi_per_borough_gross_and_net() -> None:
    # Bexley 29,012 / 10,000 = 290.12% gross → "290.1"; net 190.12% → "190.1"
    # Bromley 33,333 / 10,000 = 333.33% → "333.3", "233.3"; Croydon 500% → "500.0", "400.0"
    rows = _rows(_savings(), "roi", "boroughs")
    got = {
        g: (r["contribution_pence"], r["savings_pence"], r["gross_return_pct"], r["net_return_pct"])
        for g, r in rows.items()
    }
    assert got == {
        BEXLEY: (10_000, 29_012, "290.1", "190.1"),
        BROMLEY: (10_000, 33_333, "333.3", "233.3"),
        CROYDON: (10_000, 50_000, "500.0", "400.0"),
    }


def test_payback_to_date() -> None:
    # Bexley: £100 paid on 1 April 2018, 29,012p saved over 2018/19's 365 days (79.48p a day):
    # 10,000 × 365 / 29,012 = 125.8 days → by the end of day 126, 4 August 2018
    # (30 + 31 + 30 + 31 = 122 days to 31 July, + 4)
    rows = _rows(_savings(), "roi", "boroughs")
    to_date = rows[BEXLEY]["to_date"]
    assert isinstance(to_date, dict)
    assert (to_date["paid_back_on"], to_date["payback_days"]) == ("2018-08-04", 126)


def test_roi_by_workstream_for_a_borough() -> None:
    # Croydon: SEND only, 50,000 / 10,000 = 500% in the year and (one year of data) to date
    rows = _rows(_savings(), "roi", "boroughs")
    streams = rows[CROYDON]["workstreams"]
    assert isinstance(streams, list)
    assert len(streams) == 1
    send = streams[0]
    assert isinstance(send, dict)
    assert (send["workstream"], send["gross_return_pct"]) == ("send", "500.0")
    to_date = send["to_date"]
    assert isinstance(to_date, dict)
    assert (to_date["contribution_pence"], to_date["net_return_pct"]) == (10_000, "400.0")


def test_roi_by_workstream_for_the_programme() -> None:
    # only SEND has contributions and savings here: the same figures as the whole programme
    roi = _savings()["roi"]
    assert isinstance(roi, dict)
    programme = roi["programme"]
    assert isinstance(programme, dict)
    streams = programme["workstreams"]
    assert isinstance(streams, list)
    assert len(streams) == 1
    send = streams[0]
    assert isinstance(send, dict)
    assert send["workstream"] == "send"
    assert (send["gross_return_pct"], send["mean_net_return_pct"]) == ("374.5", "274.5")


def test_roi_for_the_programme() -> None:
    # aggregate 112,345 / 30,000 = 374.48% → "374.5", net "274.5";
    # mean (2.9012 + 3.3333 + 5)/3 = 3.744833 → "374.5" (equal contributions: the same)
    roi = _savings()["roi"]
    assert isinstance(roi, dict)
    programme = roi["programme"]
    assert isinstance(programme, dict)
    assert programme["contribution_pence"] == 30_000
    assert programme["savings_pence"] == 112_345
    assert (programme["gross_return_pct"], programme["net_return_pct"]) == ("374.5", "274.5")
    assert (programme["mean_gross_return_pct"], programme["mean_net_return_pct"]) == (
        "374.5",
        "274.5",
    )
    assert programme["boroughs_averaged"] == 3


def test_business_case_share_of_spend() -> None:
    # spend £10,000 + £40,000 + £15,000 = £65,000; 112,345 / 6,500,000 = 1.728% → "1.73",
    # below the 5%-8% band
    business = _savings()["business_case"]
    assert business == {
        "savings_pence": 112_345,
        "spend_pence": 6_500_000,
        "share_pct": "1.73",
        "band_low_pct": "5",
        "band_high_pct": "8",
        "verdict": "below",
    }


def test_shapley_option() -> None:
    # pooled by b·q·(Q − q) = 500 : 800 : 900 → 22,727 / 36,364 / 40,909; Bexley's 12,345 the
    # same way: 2,805.68 / 4,489.09 / 5,050.23 → 1p left to Bexley (.68): 2,806 / 4,489 / 5,050
    data = _savings("shapley")
    rows = _rows(data, "attribution", "boroughs")
    assert {g: r["savings_pence"] for g, r in rows.items()} == {
        BEXLEY: 25_533,
        BROMLEY: 40_853,
        CROYDON: 45_959,
    }


def test_zero_contribution_says_undefined() -> None:
    data = _savings(contribution_pence=0)
    rows = _rows(data, "roi", "boroughs")
    for row in rows.values():
        assert row["gross_return_pct"] is None
        assert row["net_return_pct"] is None
        assert isinstance(row["return_undefined"], str)
    roi = data["roi"]
    assert isinstance(roi, dict)
    programme = roi["programme"]
    assert isinstance(programme, dict)
    assert programme["mean_gross_return_pct"] is None
    assert programme["boroughs_undefined"] == [BEXLEY, BROMLEY, CROYDON]


def test_no_floats_anywhere() -> None:
    def walk(node: object) -> None:
        assert not isinstance(node, float)
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(json.dumps(_savings())))


def test_unknown_method_is_a_clear_error() -> None:
    with pytest.raises(InvalidValueError, match="equal_shares, equal_price, shapley"):
        _savings("fairest")


def test_cli_exits_2_on_an_unknown_method(tmp_path: Path) -> None:
    path = tmp_path / "three.json"
    path.write_text(dumps_programme(three_boroughs()), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["report", str(path), "--year", "2018/19", "--attribution", "fairest"]
    )
    assert result.exit_code == 2
    # the option lists every method, so the mistake can be corrected at once
    assert "'fairest' is not one of 'default', 'direct', 'spend', 'volume'" in result.output
