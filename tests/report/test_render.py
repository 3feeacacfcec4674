"""The renderers read the model: text fits a terminal, CSV and Excel hold the JSON's figures,
HTML is one self-contained page."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

from slcp.render import render_html, render_json, render_text, write_csv, write_xlsx
from slcp.report import Report, report_tables

Json = dict[str, Any]


def _with_odd_names(report: Report) -> Report:
    """The report with Bexley renamed to a long name carrying a terminal escape and a
    formula, as a hostile or careless input file could."""
    odd = '=HYPERLINK("x") \x1b[2J Bexley and a Very Long Borough Name Indeed'
    boroughs = tuple(
        attrs.evolve(b, name=odd) if b.name == "Bexley" else b for b in report.overview.boroughs
    )
    return attrs.evolve(report, overview=attrs.evolve(report.overview, boroughs=boroughs))


# -- text ------------------------------------------------------------------------------


def test_text_fits_80_columns_and_about_80_lines(sample_report: Report) -> None:
    lines = render_text(sample_report).splitlines()
    assert max(len(line) for line in lines) <= 80
    # about 80: a headline, the boroughs, spend, fee increases, savings, scores (a line a
    # lot), stability, assumptions and the market, each in a few lines; this report has no
    # SEND-return section (``slcp report`` on the sample adds one, five lines more)
    assert len(lines) <= 90


def test_text_leads_with_provenance_and_headline(sample_report: Report) -> None:
    lines = render_text(sample_report).splitlines()
    assert lines[0] == "South London Commissioning Programme — financial year 2019/20"
    assert lines[1].startswith("SYNTHETIC SAMPLE")
    assert "input: embedded synthetic sample" in lines[2]
    # the sample's 2019/20 spend, pinned in tests/data/golden/report-2019-20.json
    assert "  Spend £166.2m (£166,233,544.69)" in lines


def test_text_uses_labels_names_and_separate_roi_columns(sample_report: Report) -> None:
    text = render_text(sample_report)
    assert "Children's home" in text
    assert "childrens_home" not in text
    assert "Outside any lot (spot, in-house or block)" in text
    assert "PRV-" not in text  # providers by name
    header = next(line for line in text.splitlines() if line.startswith("Borough"))
    assert header.split()[-4:] == ["ROI", "gross", "ROI", "net"]
    # Bromley's 2019/20 return, pinned in the golden report: 1918.5% gross, 1818.5% net; the
    # "*" marks that it rests on an assumption (the sample's SEND contribution)
    bromley = next(line for line in text.splitlines() if line.startswith("Bromley"))
    assert bromley.split()[-2:] == ["1,918.5%", "1,818.5%*"]


def test_text_escapes_control_characters_and_fits_long_names(sample_report: Report) -> None:
    odd = _with_odd_names(sample_report)
    short = render_text(odd)
    assert "\x1b" not in short
    assert "\\x1b" in short  # shown, not obeyed (the name is cut just after it)
    assert max(len(line) for line in short.splitlines()) <= 80  # cut with an ellipsis
    full = render_text(odd, full=True)
    assert "\x1b" not in full
    assert "\\x1b[2J Bexley and a Very Long Borough Name Indeed" in full  # column widened


def test_full_text_lists_every_provider_and_round(sample_report: Report) -> None:
    full = render_text(sample_report, full=True)
    assert sample_report.scorecards is not None
    assert sample_report.fee_increases is not None
    for p in sample_report.scorecards.providers:
        if p.card.display is not None:
            assert p.name in full
    for r in sample_report.fee_increases.rounds:
        assert r.id in full


# -- json ------------------------------------------------------------------------------


def test_json_has_no_floats(sample_report: Report) -> None:
    assert not re.search(r'": -?\d+\.\d', render_json(sample_report))


# -- csv -------------------------------------------------------------------------------


def test_csv_writes_one_tidy_file_per_table(
    sample_report: Report, sample_json: Json, tmp_path: Path
) -> None:
    names = write_csv(sample_report, tmp_path)
    assert sorted(p.stem for p in tmp_path.glob("*.csv")) == sorted(names)
    with (tmp_path / "spend.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sum(int(r["spend_pence"]) for r in rows) == sample_json["spend"]["total_pence"]
    assert all(Decimal(r["spend_pounds"]) * 100 == int(r["spend_pence"]) for r in rows)
    assert {"workstream", "workstream_label", "lot", "lot_name"} <= set(rows[0])


def test_csv_neutralises_formulas(sample_report: Report) -> None:
    out = io.StringIO()
    write_csv(_with_odd_names(sample_report), out)
    assert "'=HYPERLINK" in out.getvalue()
    assert ",=HYPERLINK" not in out.getvalue()


# -- xlsx ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(sample_report: Report, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    write_xlsx(_with_odd_names(sample_report), path)
    return openpyxl.load_workbook(path)


def _column(ws: Any, name: str) -> list[Any]:
    header = [c.value for c in ws[1]]
    i = header.index(name)
    return [row[i] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_workbook_sums_equal_the_json_report(workbook: Any, sample_json: Json) -> None:
    assert workbook.sheetnames[0] == "summary"
    assert sum(_column(workbook["boroughs"], "spend_pence")) == sample_json["total_spend_pence"]
    assert sum(_column(workbook["spend"], "spend_pence")) == sample_json["spend"]["total_pence"]
    assert sum(_column(workbook["spend_by_year"], "spend_pence")) == sum(
        y["spend_pence"] for y in sample_json["spend"]["by_financial_year"]
    )
    assert sum(_column(workbook["attribution"], "savings_pence")) == sum(
        b["savings_pence"] for b in sample_json["savings"]["attribution"]["boroughs"]
    )
    assert sum(_column(workbook["cost_avoidance"], "to_date_pence")) == sum(
        r["cost_avoidance_to_date_pence"] for r in sample_json["fee_increases"]["rounds"]
    )
    pounds = _column(workbook["spend"], "spend_pounds")
    assert sum(Decimal(str(p)) for p in pounds) * 100 == sample_json["spend"]["total_pence"]


def test_workbook_is_formatted_for_finance(workbook: Any) -> None:
    ws = workbook["spend"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:I{ws.max_row}"
    header = [c.value for c in ws[1]]
    pounds = ws.cell(row=2, column=header.index("spend_pounds") + 1)
    pence = ws.cell(row=2, column=header.index("spend_pence") + 1)
    assert pounds.number_format == '"£"#,##0.00'
    assert pence.number_format == "#,##0"
    assert ws.column_dimensions["C"].width > 8


def test_workbook_never_holds_a_formula(workbook: Any) -> None:
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
    names = _column(workbook["boroughs"], "borough")
    assert any(str(n).startswith("'=HYPERLINK") for n in names)


# -- html ------------------------------------------------------------------------------


def test_html_is_one_self_contained_page(sample_report: Report) -> None:
    page = render_html(_with_odd_names(sample_report))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert not re.search(r"(src|href)=\"?(https?:)?//", page)  # nothing fetched
    assert "@import" not in page
    assert "url(" not in page
    assert "\x1b" not in page
    assert "&lt;" not in page or "<svg" in page
    assert page.count("<svg") >= 9
    assert "Synthetic sample" in page


@pytest.mark.parametrize(
    "title",
    [
        "Spend by borough, 2017/18 to 2019/20",
        "Spend by financial year",
        "Cost avoidance by fee-uplift round",
        "Savings by source",
        "Savings attributed to boroughs",
        "Return on contribution 2019/20",
        "Scores in Day placements",
        "Stability: 3+ placements in the year",
    ],
)
def test_html_has_each_chart(sample_report: Report, title: str) -> None:
    assert f"<title>{title}</title>" in render_html(sample_report)


def test_html_spend_chart_reads_not_a_member_before_a_borough_joined(
    sample_report: Report,
) -> None:
    # Lambeth joined the LAC workstream in 2018/19 (decision 0202): the 2017/18 bar reads
    # "not a member", never £0.00; every other borough belonged in all three years shown
    spend = sample_report.spend
    assert spend is not None
    members = dict(spend.members_by_year)
    lambeth = "E09000022"
    assert [lambeth in members[y] for y, _ in spend.by_borough_year[-3:]] == [False, True, True]
    page = render_html(sample_report)
    start = page.index("<title>Spend by borough")
    chart = page[start : page.index("</svg>", start)]
    assert chart.count("not a member") == 1
    assert "Lambeth: £0.00" not in chart


def test_html_marks_england_on_each_stability_chart(sample_report: Report) -> None:
    page = render_html(sample_report)
    for figure in ("England 10%", "England 23%", "England 69%"):  # REFERENCE §4
        assert figure in page


def test_tables_back_the_html_list(sample_report: Report) -> None:
    page = render_html(sample_report)
    for name in report_tables(sample_report):
        assert f"<code>{name}</code>" in page
