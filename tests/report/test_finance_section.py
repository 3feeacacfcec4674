"""The report's finance and funding sections on the embedded sample."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from slcp.domain import ServiceKind, Workstream
from slcp.finance import DiscrepancyReason, InvoiceStatus, sample_invoices
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.render import render_html, render_text
from slcp.report import (
    FundedFigure,
    FundingSplit,
    Report,
    ReportOptions,
    build_report,
    report_data,
    report_tables,
)
from slcp.sample import south_london

FY = FinancialYear(2019)

# The year's spend, pinned by the golden report (tests/data/golden/report-2019-20.json)
OUTTURN = 16_623_354_469
# The forecast made at each month end minus the outturn, as docs/finance/forecast.md shows it
# from forecast_outturn (the full, line-by-line forecast): the quick totals must repeat them
ERRORS = [
    -2_384_268_717,
    -1_961_021_250,
    -1_689_664_598,
    -1_488_339_055,
    -1_231_051_281,
    -567_256_014,
    -382_580_835,
    -277_631_774,
    -181_632_589,
    -84_824_600,
    -21_361_590,
    0,
]


@pytest.fixture(scope="module")
def finance_report() -> Report:
    """The 2019/20 report with its finance sections (``slcp report --finance``)."""
    return build_report(
        south_london(), ReportOptions(financial_year=FY, synthetic=True, finance=True)
    )


@pytest.fixture(scope="module")
def finance_json(finance_report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(report_data(finance_report)))
    return data


def test_the_default_report_has_no_finance_sections(
    sample_report: Report, sample_json: dict[str, Any]
) -> None:
    # asked for: they double the report's time (decision 1006)
    assert sample_report.finance is None
    assert sample_report.funding is None
    assert "finance" not in sample_json
    assert "funding" not in sample_json
    assert not [n for n in report_tables(sample_report) if n.startswith(("forecast", "funding"))]


@pytest.fixture(scope="module")
def with_invoices() -> Report:
    """The 2019/20 report with the forecast made on 31 October and the sample's invoices."""
    return build_report(
        south_london(),
        ReportOptions(
            financial_year=FY,
            synthetic=True,
            forecast_as_of=dt.date(2019, 10, 31),
            invoices=sample_invoices().invoices,
            invoices_name="sample-invoices.csv",
        ),
    )


def test_forecasts_at_month_ends_converge_to_the_outturn(finance_report: Report) -> None:
    fin = finance_report.finance
    assert fin is not None
    assert fin.outturn == Money(OUTTURN) == finance_report.overview.total_spend
    assert [m.as_of.isoformat()[5:] for m in fin.month_ends][::3] == [
        "04-30",
        "07-31",
        "10-31",
        "01-31",
    ]
    assert [m.error.pence for m in fin.month_ends] == ERRORS
    # made on 31 March, the forecast is the year's spend exactly; before, never above it here
    # (no demand allowance), and every month end at least as close as the one before
    assert fin.month_ends[-1].forecast == Money(OUTTURN)
    errors = [abs(m.error.pence) for m in fin.month_ends]
    assert errors == sorted(errors, reverse=True)
    assert fin.forecast is None
    assert fin.reconciliation is None


def _amounts(figures: tuple[FundedFigure, ...], figure: str) -> list[int]:
    return [f.split.amount.pence for f in figures if f.figure == figure]


def test_every_spend_figure_is_split_and_adds_up(finance_report: Report) -> None:
    spend, funding = finance_report.spend, finance_report.funding
    assert spend is not None
    assert funding is not None
    f = funding.spend
    assert _amounts(f, "spend.total") == [spend.total.pence]
    assert _amounts(f, "spend.by_financial_year") == [
        y.amount.pence for y in spend.by_financial_year
    ]
    assert _amounts(f, "spend.by_borough") == [x.amount.pence for x in spend.by_borough]
    assert _amounts(f, "spend.by_workstream") == [x.amount.pence for x in spend.by_workstream]
    assert _amounts(f, "spend.by_lot") == [x.amount.pence for x in spend.by_lot]
    assert _amounts(f, "spend.by_service") == [x.amount.pence for x in spend.by_service]
    assert _amounts(f, "spend.by_borough_workstream_lot") == [
        x.amount.pence for x in spend.by_borough_workstream_lot
    ]
    assert _amounts(f, "spend.by_borough_year") == [
        x.amount.pence for _, lines in spend.by_borough_year for x in lines
    ]
    # the overview's boroughs are the same figures as spend.by_borough
    assert sorted(
        b.spend.pence for b in finance_report.overview.boroughs if b.spend.pence
    ) == sorted(_amounts(f, "spend.by_borough"))


def test_every_fee_increase_and_budget_figure_is_split(finance_report: Report) -> None:
    fees, funding, budgets = (
        finance_report.fee_increases,
        finance_report.funding,
        finance_report.budgets,
    )
    assert fees is not None
    assert funding is not None
    assert budgets is not None
    f = funding.fee_increases
    for name in ("in_year", "full_year", "to_date"):
        assert _amounts(f, f"fee_increases.round.{name}") == [
            getattr(r, name).pence for r in fees.rounds
        ]
        assert sorted(_amounts(f, f"fee_increases.round_borough.{name}")) == sorted(
            getattr(b, name).pence
            for r in fees.rounds
            for b in r.by_borough
            if getattr(b, name).pence
        )
    assert _amounts(f, "fee_increases.total_to_date") == [fees.total_to_date.pence]
    assert _amounts(f, "fee_increases.cumulative_by_workstream") == [
        c.amount.pence for c in fees.cumulative_by_workstream
    ]
    assert _amounts(funding.budgets, "budget.amount") == [
        b.assessed.budget.amount.pence for b in budgets
    ]
    assert _amounts(funding.budgets, "budget.costed_spend") == [
        b.assessed.costed_spend.pence for b in budgets
    ]
    # a LAC budget is social care's
    (amount,) = [x for x in funding.budgets if x.figure == "budget.amount"]
    assert amount.split.social_care == amount.split.amount


def test_every_savings_figure_is_split(finance_report: Report) -> None:
    savings, funding = finance_report.savings, finance_report.funding
    assert savings is not None
    assert funding is not None
    f = funding.savings
    assert _amounts(f, "savings.total") == [savings.total.pence]
    assert _amounts(f, "savings.to_date") == [savings.to_date.pence]
    assert _amounts(f, "savings.by_source") == [x.amount.pence for x in savings.by_source]
    assert _amounts(f, "savings.to_date_by_source") == [
        x.amount.pence for x in savings.to_date_by_source
    ]
    assert _amounts(f, "savings.record") == [r.amount.pence for r in savings.records]
    assert _amounts(f, "savings.attribution.savings") == [
        a.savings.pence for a in savings.attribution
    ]
    assert _amounts(f, "savings.attribution.to_date_savings") == [
        a.to_date_savings.pence for a in savings.attribution
    ]


def test_who_pays_follows_how_placements_are_paid(finance_report: Report) -> None:
    # REFERENCE §8: SEND mostly the High Needs Block; LAC social care, some health, and
    # education only for a children's home's school (decision 0211)
    funding = finance_report.funding
    assert funding is not None

    def split(figure: str, **where: object) -> FundingSplit:
        (found,) = [
            f.split
            for f in funding.spend
            if f.figure == figure and all(getattr(f, k) == v for k, v in where.items())
        ]
        return found

    send = split("spend.by_workstream", workstream=Workstream.SEND)
    assert send.education.pence * 10 > send.amount.pence * 8  # over 80% education
    lac = split("spend.by_workstream", workstream=Workstream.LAC)
    assert lac.social_care.pence * 10 > lac.amount.pence * 9  # over 90% social care
    for service in (ServiceKind.INDEPENDENT_FOSTERING, ServiceKind.POSITIVE_INTERVENTION):
        only_care = split("spend.by_service", service=service)
        assert only_care.social_care == only_care.amount
    homes = split("spend.by_service", service=ServiceKind.CHILDRENS_HOME)
    assert 0 < homes.education.pence * 10 < homes.amount.pence  # a school's part, under 10%
    day = split("spend.by_service", service=ServiceKind.SEND_DAY)
    assert day.education == day.amount


def test_json_and_tables_carry_the_sections(
    finance_json: dict[str, Any], finance_report: Report
) -> None:
    schema = json.loads((Path(__file__).parents[2] / "docs/schemas/report.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(finance_json)] == []
    fin = finance_json["finance"]
    assert fin["outturn_pence"] == OUTTURN
    assert [m["error_pence"] for m in fin["month_ends"]] == ERRORS
    assert fin["forecast"] is None
    assert fin["reconciliation"] is None
    for section in ("spend", "fee_increases", "savings", "budget"):
        for entry in finance_json["funding"][section]:
            b = entry["by_funding"]
            assert (
                b["education_pence"] + b["health_pence"] + b["social_care_pence"]
                == (b["amount_pence"])
            )
    (total,) = [e for e in finance_json["funding"]["spend"] if e["figure"] == "spend.total"]
    assert total["by_funding"]["amount_pence"] == finance_json["spend"]["total_pence"]
    tables = report_tables(finance_report)
    assert len(tables["forecast_month_ends"]) == 12
    assert tables["forecast_month_ends"].column("error_pence") == tuple(ERRORS)
    for name in ("funding_spend", "funding_fee_increases", "funding_savings", "funding_budgets"):
        t = tables[name]
        for row in t.records():
            assert row["amount_pence"] == (
                row["education_pence"] + row["health_pence"] + row["social_care_pence"]  # type: ignore[operator]
            )
    text = render_text(finance_report)
    assert "Forecast outturn 2019/20 made at month ends" in text
    assert "Who pays" in text
    assert all(len(line) <= 80 for line in text[text.index("Forecast outturn") :].splitlines())
    page = render_html(finance_report)
    assert "<h2>Forecast outturn</h2>" in page
    assert "<h2>Who pays</h2>" in page


def test_the_reconciliation_finds_every_seeded_discrepancy(with_invoices: Report) -> None:
    fin = with_invoices.finance
    assert fin is not None
    assert fin.reconciliation is not None
    r = fin.reconciliation
    seeded = sample_invoices().seeded
    # one of each kind, each at the amount it was seeded with, and nothing else
    assert {x.reason: (x.count, x.amount) for x in r.by_reason} == {
        reason: (
            sum(1 for s in seeded if s.reason is reason),
            sum((s.amount for s in seeded if s.reason is reason), Money(0)),
        )
        for reason in DiscrepancyReason
    }
    assert sorted((d.reason.value, d.placement) for d in r.result.discrepancies) == sorted(
        (s.reason.value, s.placement) for s in seeded
    )
    statuses = {s.status: s.invoices for s in r.by_status}
    # six seeded invoices differ from the charge (a missing one has no invoice, a late one
    # was billed right): wrong rate, early uplift, days outside and duplicate, overlap over;
    # uplift not applied under
    assert statuses[InvoiceStatus.OVERCHARGED] == 5
    assert statuses[InvoiceStatus.UNDERCHARGED] == 1
    assert statuses[InvoiceStatus.MATCHED] == len(r.result.checks) - 6
    assert statuses[InvoiceStatus.UNKNOWN_PLACEMENT] == 0
    data = report_data(with_invoices)["finance"]
    assert isinstance(data, dict)
    assert isinstance(data["reconciliation"], dict)
    assert data["reconciliation"]["input"] == "sample-invoices.csv"
    tables = report_tables(with_invoices)
    assert len(tables["invoice_discrepancies"]) == len(seeded) == 8
    assert len(tables["invoice_checks"]) == len(r.result.checks)


def test_the_full_forecast_on_31_october(with_invoices: Report) -> None:
    fin = with_invoices.finance
    assert fin is not None
    assert fin.forecast is not None
    f = fin.forecast
    # the quick month-end total and the full forecast are the same figure
    assert f.total == fin.month_ends[6].forecast
    assert f.previous_total == fin.month_ends[5].forecast
    (croydon,) = f.budgets
    # docs/finance/forecast.md: Croydon's children's homes, social care's budget
    assert croydon.budget.amount == Money(325_800_000)
    assert croydon.forecast == Money(825_252_605)
    tables = report_tables(with_invoices)
    assert len(tables["forecast"]) == len(f.lines)
    assert len(tables["forecast_months"]) == 12 * len(f.lines)
    assert sum(tables["forecast"].column("forecast_pence")) == f.total.pence  # type: ignore[arg-type]


def test_arrow_reads_every_finance_table(with_invoices: Report) -> None:
    import pyarrow as pa

    tables = {
        name: t
        for name, t in report_tables(with_invoices).items()
        if name.startswith(("forecast", "invoice_", "funding_"))
    }
    assert set(tables) == {
        "forecast_month_ends",
        "forecast",
        "forecast_months",
        "invoice_summary",
        "invoice_checks",
        "invoice_discrepancies",
        "funding_spend",
        "funding_fee_increases",
        "funding_savings",
        "funding_budgets",
        "funding_call_offs",
        "funding_market",
        "funding_market_demand",
    }
    for name, t in tables.items():
        arrow = pa.table(t)
        assert arrow.num_rows == len(t) > 0, name
        for column in t.columns:
            if column.kind == "pence":
                assert arrow.schema.field(column.name).type == pa.int64()
                pounds = column.name.removesuffix("_pence") + "_pounds"
                for pence, whole in zip(t.column(column.name), t.column(pounds), strict=True):
                    assert (pence is None and whole is None) or whole * 100 == pence  # type: ignore[operator]
