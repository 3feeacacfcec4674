"""A borough's drill-down: each saving it is credited with, adding up to what it was
attributed; on the three-borough programme of ``tests/savings/_three.py`` (ledger for 2018/19:
a pooled £1,000.00 volume discount and Bexley's own £123.45 negotiated reduction) and on the
sample."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from slcp.cli import main
from slcp.errors import InvalidValueError
from slcp.periods import FinancialYear
from slcp.report import ReportOptions, build_report, report_data
from slcp.sample import south_london
from tests.savings._three import BEXLEY, BROMLEY, CROYDON, FY, three_boroughs


def _borough(programme: Any, which: str, year: FinancialYear = FY) -> dict[str, Any]:
    data = report_data(build_report(programme, ReportOptions(financial_year=year, borough=which)))
    borough = data["borough"]
    assert isinstance(borough, dict)
    return borough


def test_bexley_is_credited_its_own_saving_and_a_share_of_the_pooled_one() -> None:
    d = _borough(three_boroughs(), "Bexley")
    assert (d["gss_code"], d["name"]) == (BEXLEY, "Bexley")
    # its own £123.45 wholly; the pooled £1,000.00 by placement-weeks, 10 of 60 = 1/6:
    # 100,000 / 6 = 16,666.67 → 16,667 (largest remainder); 12,345 + 16,667 = 29,012
    shares = {
        s["source"]: (s["share"], s["share_pence"], s["record_amount_pence"]) for s in d["savings"]
    }
    assert shares == {
        "negotiated_reduction": ("1/1", 12_345, 12_345),
        "volume_discount": ("1/6", 16_667, 100_000),
    }
    assert d["attributed_savings_pence"] == d["attributed_to_date_savings_pence"] == 29_012
    # gross 29,012 / 10,000 contribution = 290.1%
    assert d["roi"]["gross_return_pct"] == "290.1"


def test_each_boroughs_shares_add_up_to_its_attribution_and_all_to_the_ledger() -> None:
    programme = three_boroughs()
    total = 0
    for gss in (BEXLEY, BROMLEY, CROYDON):
        d = _borough(programme, gss)
        shares = sum(s["share_pence"] for s in d["savings"])
        assert shares == d["attributed_to_date_savings_pence"]
        total += shares
    assert total == 112_345  # 100,000 + 12,345: the ledger total


def test_the_samples_boroughs_add_up_to_the_ledger() -> None:
    # every borough of the sample, 2019/20: its credited parts add up to its attribution (in
    # the year and to date), and the boroughs' attributions to the ledger total
    programme = south_london()
    year = FinancialYear(2019)
    totals = 0
    ledgers = set()
    for b in programme.boroughs:
        report = build_report(programme, ReportOptions(financial_year=year, borough=b.gss_code))
        d = report.borough
        assert d is not None
        assert report.savings is not None
        assert sum(s.amount.pence for s in d.savings) == d.attributed_to_date.pence
        in_year = sum(s.amount.pence for s in d.savings if s.financial_year == year)
        assert in_year == d.attributed.pence
        totals += d.attributed_to_date.pence
        ledgers.add(report.savings.to_date.pence)
    (ledger,) = ledgers
    assert totals == ledger


def test_unknown_borough_lists_the_known_ones() -> None:
    with pytest.raises(InvalidValueError, match="E09000006 \\(Bromley\\)"):
        build_report(three_boroughs(), ReportOptions(financial_year=FY, borough="Atlantis"))


def test_cli_borough_option_in_text_and_json() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["report", "--borough", "E09000008", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert data["borough"]["name"] == "Croydon"
    assert data["borough"]["roi"]["assumptions"] == ["contribution", "savings"]
    text = runner.invoke(main, ["report", "--borough", "croydon"]).output
    assert "Drill-down: Croydon (E09000008)" in text


def test_the_html_page_shows_the_drill_down_with_every_credited_share() -> None:
    from slcp.render import render_html

    report = build_report(three_boroughs(), ReportOptions(financial_year=FY, borough="Bexley"))
    page = render_html(report)
    start = page.index("<h2>Drill-down: Bexley")
    section = page[start : page.index("<h2>", start + 1)]
    # the two records worked in the first test: its own £123.45 and 1/6 of the pooled
    # £1,000.00, £166.67; 12,345 + 16,667 = 29,012p, £290.12 credited in all
    assert "Savings credited: £290.12 in the year, £290.12 to date" in section
    assert "<td>1/1 of £123.45 (" in section
    assert '<td class="num">£123.45</td>' in section
    assert "<td>1/6 of £1,000.00 (" in section
    assert '<td class="num">£166.67</td>' in section
    # with no drill-down asked for, the page has none
    plain = render_html(build_report(three_boroughs(), ReportOptions(financial_year=FY)))
    assert "Drill-down" not in plain
