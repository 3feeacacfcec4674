"""The report model: computed once, each shared figure measured once, provenance stated."""

from __future__ import annotations

from typing import Any

import pytest

import slcp.report._build as build_module
from slcp.periods import FinancialYear
from slcp.report import Report, ReportOptions, build_report
from slcp.sample import south_london
from tests.pricing.builders import placement, programme, uplift_round


def _count_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count calls to the costing and avoidance functions the report may use."""
    from slcp.pricing import columnar

    calls: dict[str, int] = {}

    def counting(name: str, real: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    for module, name in (
        (build_module, "cost_portfolio"),
        (build_module, "cost_avoidance"),
        (columnar, "cost_programme_columns"),
        (columnar, "cost_and_avoidance_programme_columns"),
    ):
        calls[name] = 0
        monkeypatch.setattr(module, name, counting(name, getattr(module, name)))
    return calls


def test_spend_and_avoidance_are_computed_once_per_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _count_calls(monkeypatch)
    # one placement and one round: pricing, savings (the round's avoidance) and the overview
    # all need spend, and pricing and savings both need the avoidance: each computed once, in
    # columns
    send = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    report = build_report(
        programme([send], [uplift_round(2019)]),
        ReportOptions(financial_year=FinancialYear(2019)),
    )
    assert report.spend is not None
    assert report.savings is not None
    assert calls == {
        "cost_portfolio": 0,
        "cost_avoidance": 0,
        "cost_programme_columns": 0,
        "cost_and_avoidance_programme_columns": 1,
    }


def test_what_columns_refuse_is_computed_record_by_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _count_calls(monkeypatch)
    # a fee history with an end date cannot be put into columns: the record path computes
    # both figures, once each. £1,000 a week from 1 Sept 2018, P1 asks 3% and 1% is agreed
    # on 1 April 2019: 2,000p a week avoided for 366 days, 2,000 × 366 ÷ 7 = 104,571.43p.
    send = placement("PL1", start="2018-09-01", end="2020-01-01", fees_end="2020-01-01")
    report = build_report(
        programme([send], [uplift_round(2019)]),
        ReportOptions(financial_year=FinancialYear(2019)),
    )
    assert calls["cost_portfolio"] == 1
    assert calls["cost_avoidance"] == 1
    assert report.fee_increases is not None
    # ends 1 January 2020: 275 days of 2019/20 at 2,000p, 2,000 × 275 ÷ 7 = 78,571.43p
    assert report.fee_increases.rounds[0].in_year.pence == 78_571


def test_shared_figures_agree_across_sections(sample_report: Report) -> None:
    assert sample_report.spend is not None
    assert sample_report.savings is not None
    assert sample_report.fee_increases is not None
    assert sample_report.overview.total_spend == sample_report.spend.total
    check = sample_report.savings.business_case
    assert check is not None
    assert check.spend == sample_report.spend.total
    # the ledger's fee-increase records are the avoidance the pricing section reports
    derived = sum(
        r.amount.pence
        for r in sample_report.savings.records
        if r.source.value == "fee_increase_avoidance"
    )
    assert derived == sample_report.fee_increases.total_to_date.pence


def test_provenance_names_the_sample_and_the_options(sample_report: Report) -> None:
    p = sample_report.provenance
    assert (p.input_name, p.synthetic, p.input_sha256) == ("embedded synthetic sample", True, None)
    assert str(p.financial_year) == "2019/20"
    assert p.as_of.isoformat() == "2020-03-31"
    assert p.attribution.value == "default"
    assert p.outcomes_framework is not None


def test_a_programme_passed_in_code_is_not_called_the_sample() -> None:
    report = build_report(programme([]), ReportOptions(financial_year=FinancialYear(2019)))
    assert report.provenance.input_name == "programme passed in code"
    assert report.provenance.synthetic is False
    assert report.spend is None
    assert report.savings is None


def test_report_and_programme_reprs_are_short(sample_report: Report) -> None:
    assert len(repr(sample_report)) < 200
    assert repr(sample_report).startswith("<Report 'South London Commissioning Programme' 2019/20")
    assert len(repr(south_london())) < 300


def test_spend_by_borough_and_year_adds_up_to_each_year(sample_report: Report) -> None:
    spend = sample_report.spend
    assert spend is not None
    totals = {y.financial_year: y.amount.pence for y in spend.by_financial_year}
    assert [y for y, _ in spend.by_borough_year] == list(totals)
    for year, lines in spend.by_borough_year:
        assert sum(x.amount.pence for x in lines) == totals[year]
    # the report year's lines are the overview's boroughs (those that spent anything)
    last = {x.borough: x.amount for x in spend.by_borough_year[-1][1]}
    assert last == {b.gss_code: b.spend for b in sample_report.overview.boroughs if b.spend.pence}
