"""The funding section's split of the borough drill-down, the call-offs and the market."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from slcp.domain import Workstream
from slcp.finance import FundingStream
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.render import render_html, render_text, write_csv, write_xlsx
from slcp.report import (
    FundedFigure,
    Report,
    ReportOptions,
    build_report,
    report_data,
    report_tables,
)
from slcp.sample import south_london

FY = FinancialYear(2019)
CROYDON = "E09000008"


@pytest.fixture(scope="module")
def report() -> Report:
    """The 2019/20 report with the funding section and Croydon's drill-down."""
    return build_report(
        south_london(),
        ReportOptions(financial_year=FY, synthetic=True, finance=True, borough=CROYDON),
    )


def _find(figures: tuple[FundedFigure, ...], figure: str) -> list[FundedFigure]:
    return [f for f in figures if f.figure == figure]


def _amounts(figures: tuple[FundedFigure, ...], figure: str) -> list[int]:
    return [f.split.amount.pence for f in _find(figures, figure)]


def test_every_drill_down_figure_is_split(report: Report) -> None:
    drill, funding = report.borough, report.funding
    assert drill is not None
    assert funding is not None
    f = funding.borough
    assert _amounts(f, "borough.spend") == [drill.spend.pence]
    assert _amounts(f, "borough.spend_by_workstream") == [
        x.amount.pence for x in drill.spend_by_workstream
    ]
    assert _amounts(f, "borough.spend_by_lot") == [x.amount.pence for x in drill.spend_by_lot]
    assert _amounts(f, "borough.spend_by_service") == [
        x.amount.pence for x in drill.spend_by_service
    ]
    assert _amounts(f, "borough.saving") == [s.amount.pence for s in drill.savings]
    assert _amounts(f, "borough.attributed") == [drill.attributed.pence]
    assert _amounts(f, "borough.attributed_to_date") == [drill.attributed_to_date.pence]
    assert _amounts(f, "borough.avoidance") == [a.amount.pence for a in drill.avoidance]
    assert _amounts(f, "borough.contribution") == [c.amount.pence for c in drill.contributions]
    # the same figures the programme-wide splits give Croydon, stream by stream
    (spend,) = _find(f, "borough.spend")
    (programme_wide,) = [
        x for x in _find(funding.spend, "spend.by_borough") if x.borough == CROYDON
    ]
    assert spend.split == programme_wide.split
    for mine, theirs in (
        ("borough.attributed", "savings.attribution.savings"),
        ("borough.attributed_to_date", "savings.attribution.to_date_savings"),
    ):
        (a,) = _find(f, mine)
        (b,) = [x for x in _find(funding.savings, theirs) if x.borough == CROYDON]
        assert a.split == b.split
    # a contribution is its workstream's lead stream's: LAC's social care, SEND's education
    for x in _find(f, "borough.contribution"):
        lac = x.workstream is Workstream.LAC
        lead = FundingStream.SOCIAL_CARE if lac else FundingStream.EDUCATION
        assert x.split.part(lead) == x.split.amount > Money(0)


def test_every_call_off_value_is_split(report: Report) -> None:
    call_offs, funding = report.call_offs, report.funding
    assert call_offs is not None
    assert funding is not None
    f = funding.call_offs
    assert _amounts(f, "call_offs.by_lot") == [
        line.value.pence for v in call_offs.vehicles for line in v.activity.lines
    ]
    assert _amounts(f, "call_offs.total") == [
        v.activity.value_in(y.range).pence for v in call_offs.vehicles for y in v.years
    ]
    # the DPS's lot 1 buys day places, which the High Needs Block pays for alone
    for x in _find(f, "call_offs.by_lot"):
        if x.lot == "SEND-DPS-2016/1":
            assert x.split.education == x.split.amount


def test_every_market_spend_figure_is_split(report: Report) -> None:
    market, funding = report.market, report.funding
    assert market is not None
    assert funding is not None
    f = funding.market
    assert _amounts(f, "market.group_spend") == [g.spend.pence for g in market.groups]
    for dimension in ("lot", "service"):
        assert _amounts(f, f"market.spend_by_{dimension}") == [
            s.amount
            for c in market.concentration
            if c.dimension == dimension and c.basis.value == "spend"
            for s in c.shares
        ]
    # a fostering agency group is paid for by social care alone
    (family,) = [x for x in _find(f, "market.group_spend") if x.item == "GRP-FAMILY"]
    assert family.split.social_care == family.split.amount > Money(0)


def test_json_tables_text_and_html_carry_the_new_splits(report: Report) -> None:
    data: dict[str, Any] = json.loads(json.dumps(report_data(report)))
    schema = json.loads((Path(__file__).parents[2] / "docs/schemas/report.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(data)] == []
    funding = report.funding
    assert funding is not None
    for key, figures in (
        ("borough", funding.borough),
        ("call_offs", funding.call_offs),
        ("market", funding.market),
    ):
        entries = data["funding"][key]
        assert [e["by_funding"]["amount_pence"] for e in entries] == [
            x.split.amount.pence for x in figures
        ]
        for e in entries:
            b = e["by_funding"]
            assert (
                b["education_pence"] + b["health_pence"] + b["social_care_pence"]
                == (b["amount_pence"])
            )
    lot_entry = data["funding"]["call_offs"][0]
    assert lot_entry["item"] == "SEND-DPS-2016"
    assert lot_entry["lot"] == "SEND-DPS-2016/1"
    tables = report_tables(report)
    for name, figures in (
        ("funding_borough", funding.borough),
        ("funding_call_offs", funding.call_offs),
        ("funding_market", funding.market),
    ):
        assert tables[name].column("amount_pence") == tuple(x.split.amount.pence for x in figures)
        assert tables[name].column("health_pence") == tuple(x.split.health.pence for x in figures)
    sheets = write_xlsx(report, io.BytesIO())
    assert {"funding_borough", "funding_call_offs", "funding_market"} <= set(sheets)
    csv = io.StringIO()
    assert {"funding_borough", "funding_call_offs", "funding_market"} <= set(write_csv(report, csv))
    assert "funding_call_offs" in csv.getvalue()
    text = render_text(report)
    assert "  Croydon: spend 2019/20:" in text
    assert "  Call-offs on South London SEND Dynamic Purchasing System 2019/20:" in text
    assert "  Family First Fostering: spend 2019/20:" in text
    page = render_html(report)
    assert "<th>The drill-down, call-offs and provider groups</th>" in page
    assert "<td>Croydon: spend 2019/20</td>" in page
