"""Provenance of figures: each saving's basis, the assumptions in force, the marks."""

from __future__ import annotations

from typing import Any

from slcp.domain import SavingId, Workstream
from slcp.money import Money, Rate
from slcp.periods import FinancialYear
from slcp.render import render_text
from slcp.report import Report
from slcp.savings import BasisKind, basis_of_saving, basis_of_source
from slcp.savings import derive_transaction_cost_saving as transaction
from slcp.timeline import Source, SourceKind


def test_a_source_is_an_assumption_by_kind_or_by_what_its_citation_says() -> None:
    assert basis_of_source(Source(kind=SourceKind.ASSUMPTION, citation="x")).is_assumption
    said = Source(kind=SourceKind.REPORT, citation="seed 001; £1,450 is a sample assumption")
    assert basis_of_source(said).kind is BasisKind.ASSUMPTION
    invented = Source(kind=SourceKind.BOARD_DECISION, citation="board minutes (sample)")
    assert basis_of_source(invented).kind is BasisKind.ASSUMPTION
    minutes = Source(kind=SourceKind.BOARD_DECISION, citation="board minutes, 3 July 2019")
    assert basis_of_source(minutes).kind is BasisKind.DATA
    assert basis_of_source(minutes, rule="a rule").kind is BasisKind.DERIVED


def test_a_derived_saving_keeps_its_rule_and_its_assumption() -> None:
    # £1,500 × 11% × 2 placements = £330
    rec = transaction(
        id=SavingId("T1"),
        cost_per_placement=Money(150_000),
        reduction=Rate.of("0.11"),
        placements=2,
        financial_year=FinancialYear(2019),
        workstream=Workstream.SEND,
        evidence=Source(kind=SourceKind.REPORT, citation="seed 001"),
    )
    assert rec.amount == Money(33_000)
    basis = basis_of_saving(rec)
    assert (basis.kind, basis.rule) == (
        BasisKind.DERIVED,
        "cost per placement made × reduction × placements made",
    )


def test_the_sample_report_lists_its_assumptions(sample_json: dict[str, Any]) -> None:
    p = sample_json["provenance"]
    assert p["synthetic"] is True
    subjects = [a["subject"] for a in p["assumptions"]]
    # the SEND contribution no seed gives, the assumed £1,450 per DPS placement, the
    # negotiated reductions no seed gives (one per board year 2015/16–2019/20 for SEND; the
    # sample enters LAC ones only from 2020/21), then the two conventions slcp chooses, then
    # the market section's forecast cost (lot band midpoints and an expected uplift)
    assert subjects == [
        "SEND contributions",
        "transaction cost savings",
        *["negotiated reduction savings"] * 5,
        "attribution method",
        "cost-avoidance convention",
        "demand outlook: forecast cost",
    ]
    send = p["assumptions"][0]
    assert "no seed gives it" in send["citation"]
    assert send["source_kind"] == "assumption"
    # the sample's SEND negotiated reductions by year (illustrative assumptions), 2015/16 to
    # 2019/20: £51,200 + £101,400 + £85,000 + £39,400 + £158,300
    amounts = [a["amount_pence"] for a in p["assumptions"][2:7]]
    assert amounts == [5_120_000, 10_140_000, 8_500_000, 3_940_000, 15_830_000]


def test_each_ledger_record_says_its_basis(sample_json: dict[str, Any]) -> None:
    records = sample_json["savings"]["records"]
    kinds = {
        r["source"]: {x["basis"] for x in records if x["source"] == r["source"]} for r in records
    }
    assert kinds == {
        "negotiated_reduction": {"assumption"},
        "transaction_cost": {"assumption"},
        "fee_increase_avoidance": {"derived"},
    }
    assert sample_json["savings"]["assumed_sources"] == ["negotiated_reduction", "transaction_cost"]
    bromley = next(b for b in sample_json["savings"]["roi"]["boroughs"] if b["name"] == "Bromley")
    assert bromley["assumptions"] == ["contribution", "savings"]


def test_text_marks_assumption_driven_figures(sample_report: Report) -> None:
    lines = render_text(sample_report).splitlines()
    assert lines[1].startswith("SYNTHETIC SAMPLE")
    assert "* rests on an assumption (a contribution or saving; see Assumptions)." in lines
    # 2019/20's negotiated reductions: SEND's £158,300 (the sample's LAC ones start in 2020/21)
    assert next(x for x in lines if "Negotiated reduction" in x).endswith("£158,300.00*")
    assert "Assumptions in force (figures marked * rest on them)" in lines
    full = render_text(sample_report, full=True)
    assert "sample assumption: SEND contribution: no seed gives it" in full
