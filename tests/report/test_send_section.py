"""The report's SEND-return section on the synthetic SEN2 sample: its figures (hand-checked),
the JSON contract, the tables, each renderer, and ``slcp report``'s SEN2 options."""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from slcp.cli import main
from slcp.io.sen2_sample import (
    SAMPLE_ESTABLISHMENTS,
    SAMPLE_FILE,
    SEEDED_MISMATCHES,
    load_sample_return,
)
from slcp.periods import FinancialYear
from slcp.render import render_html, render_text, write_csv, write_xlsx
from slcp.report import Report, ReportOptions, SendInput, build_report, report_data, report_tables
from slcp.sample import south_london

SCHEMA = Path(__file__).parents[2] / "docs" / "schemas" / "report.schema.json"
MESSY = Path(__file__).parents[1] / "data" / "sen2" / "messy_return.xml"
KEY = "a test key of at least 32 bytes, never a real one"


@pytest.fixture(scope="module")
def report() -> Report:
    """2022/23, the financial year holding the sample return's census day (19/01/2023)."""
    send = SendInput(
        ret=load_sample_return(),
        name=SAMPLE_FILE,
        synthetic=True,
        establishment_types=SAMPLE_ESTABLISHMENTS,
    )
    options = ReportOptions(financial_year=FinancialYear(2022), synthetic=True, send=send)
    return build_report(south_london(), options)


@pytest.fixture(scope="module")
def data(report: Report) -> dict[str, Any]:
    send: dict[str, Any] = json.loads(json.dumps(report_data(report)))["send"]
    return send


def test_the_section_says_what_it_measured_and_that_it_is_synthetic(data: dict[str, Any]) -> None:
    assert (data["source"], data["synthetic"]) == ("sen2_synthetic_2023.xml", True)
    assert (data["collection_year"], data["census_date"]) == (2023, "2023-01-19")
    assert data["census_in_report_year"] is True  # 19/01/2023 is in [1/4/2022, 1/4/2023)
    assert (data["la"], data["la_code"]) == ("E09000008", "306")  # Croydon
    assert data["findings"] == {}  # the synthetic return is clean


def test_plans_in_force_and_their_breakdowns(data: dict[str, Any]) -> None:
    # the figures docs/sen2.md shows for the sample; each breakdown adds up to the total
    assert (data["plans_in_force"], data["new_plans"]) == (496, 86)
    for counts in data["plans_in_force_by"].values():
        assert sum(counts.values()) == 496
    assert data["plans_in_force_by"]["age"]["11 to 15"] == 177
    assert data["placements_by_setting"][:2] == [
        {"setting": "mainstream", "count": 190},
        {"setting": "independent_special", "count": 120},
    ]


def test_timeliness_beside_england_for_the_same_year(data: dict[str, Any]) -> None:
    t = data["timeliness_20_weeks"]
    # 30 of 70 = 42.857...% -> 42.9 half up; with exceptions 41 of 86 = 47.67...% -> 47.7
    assert (t["numerator"], t["denominator"], t["percent"], t["percent_exact"]) == (
        30,
        70,
        "42.9",
        "300/7",
    )
    assert t["including_exceptions"] == {"numerator": 41, "denominator": 86, "percent": "47.7"}
    # England, plans issued in calendar year 2022 (the 2023 collection's activity year)
    assert (t["england_percent"], t["england_calendar_year"]) == ("49.2", 2022)


def test_the_join_to_commissioning_finds_the_seeded_mismatches(data: dict[str, Any]) -> None:
    c = data["commissioning"]
    codes: dict[str, int] = {}
    for code, _ in SEEDED_MISMATCHES:
        codes[code] = codes.get(code, 0) + 1
    assert (c["mismatches"], c["mismatches_by_code"]) == (len(SEEDED_MISMATCHES), codes)
    # 151 places in the return, 148 matched; 142 bought by DPS or framework call-off:
    # 100 x 142 / 151 = 94.039...% -> "94.0"
    assert (c["return_places"], c["matched"], c["bought_through_dps_or_framework"]) == (
        151,
        148,
        142,
    )
    assert (c["share_bought_percent"], c["share_bought_exact"]) == ("94.0", "14200/151")
    post16 = next(x for x in c["cost_per_plan"] if x["setting"] == "special_post_16")
    # two plans costing 446,443p a week together: 223,221.5p each, half up to 223,222p
    assert post16 == {
        "setting": "special_post_16",
        "plans": 2,
        "weekly_total_pence": 446443,
        "weekly_per_plan_pence": 223222,
        "weekly_per_plan_exact": "446443/2",
    }
    assert sum(x["plans"] for x in c["cost_per_plan"]) == c["matched"]


def test_the_json_follows_the_published_schema(report: Report) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    doc = json.loads(json.dumps(report_data(report)))
    assert [f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)] == []
    bad = copy.deepcopy(doc)
    bad["send"]["commissioning"]["cost_per_plan"][0]["weekly_total_pence"] = 3392852.7
    assert not validator.is_valid(bad)


def test_the_tables_hold_the_models_figures(report: Report, data: dict[str, Any]) -> None:
    tables = report_tables(report)
    plans = tables["send_plans"].records()
    assert plans[0] == {"by": "all", "group": "all", "plans": 496}
    for by in ("need", "age", "setting"):
        assert sum(int(r["plans"]) for r in plans if r["by"] == by) == 496  # type: ignore[call-overload]
    timely = tables["send_timeliness"].records()[0]
    assert (timely["numerator"], timely["denominator"]) == (30, 70)
    assert (timely["percent"], timely["england_percent"]) == (Decimal("42.9"), Decimal("49.2"))
    places = tables["send_placements"]
    assert sum(places.column("placements")) == sum(  # type: ignore[arg-type]
        p["count"] for p in data["placements_by_setting"]
    )
    (joined,) = tables["send_commissioning"].records()
    assert (joined["matched"], joined["mismatches"], joined["share_bought_percent"]) == (
        148,
        6,
        Decimal("94.0"),
    )
    cost = {r["setting"]: r for r in tables["send_cost_per_plan"].records()}
    assert cost["special_post_16"]["weekly_per_plan_pounds"] == Decimal("2232.22")
    assert tables["send_plans"].to_arrow().num_rows == len(plans)


def test_text_shows_the_section_within_80_columns(report: Report) -> None:
    for full in (False, True):
        text = render_text(report, full=full)
        start = text.index("SEND return")
        section = text[start:].splitlines()
        assert max(len(line) for line in section) <= 80
    short = render_text(report)
    assert "SEND return (SEN2 2023, SYNTHETIC SAMPLE), census 19/01/2023: 496 EHC plans" in short
    assert "within 20 weeks 30 of 70 = 42.9% (England 49.2%)" in short
    assert "148 of 151 matched, 6 mismatches" in short
    assert "special_post_16: £2,232.22 (2 plans)" in render_text(report, full=True)


def test_html_csv_and_excel_carry_the_section(report: Report, tmp_path: Path) -> None:
    page = render_html(report)
    assert "SEND return (SEN2 2023, SYNTHETIC SAMPLE)" in page
    assert "dashed line: England 49.2% (2022)" in page
    names = write_csv(report, tmp_path / "csv")
    assert {"send_plans", "send_timeliness", "send_placements", "send_cost_per_plan"} <= set(names)
    assert (tmp_path / "csv" / "send_timeliness.csv").read_text().splitlines()[1] == (
        "excluding_exceptions,30,70,42.9,300/7,49.2"
    )
    openpyxl = pytest.importorskip("openpyxl")
    buffer = io.BytesIO()
    write_xlsx(report, buffer)
    assert "send_commissioning" in openpyxl.load_workbook(buffer).sheetnames


def test_the_census_day_outside_the_report_year_is_said(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--year", "2019/20"])
    assert result.exit_code == 0
    assert "(the census day is outside the report's financial year)" in result.stdout


def test_slcp_report_on_the_sample_adds_the_synthetic_return() -> None:
    result = CliRunner().invoke(main, ["report", "--format", "json", "--year", "2022/23"])
    assert result.exit_code == 0, result.output
    send = json.loads(result.stdout)["send"]
    assert (send["synthetic"], send["plans_in_force"], send["commissioning"]["mismatches"]) == (
        True,
        496,
        6,
    )


def test_slcp_report_takes_a_councils_own_return_with_its_key(tmp_path: Path) -> None:
    programme = tmp_path / "programme.json"
    assert CliRunner().invoke(main, ["sample", "--out", str(programme)]).exit_code == 0
    args = ["report", str(programme), "--format", "json"]
    plain = CliRunner().invoke(main, args)
    assert plain.exit_code == 0
    assert "send" not in json.loads(plain.stdout)  # a file of one's own: no sample return
    keyless = CliRunner().invoke(main, [*args, "--sen2", str(MESSY)])
    assert keyless.exit_code == 2
    assert "--key-file FILE or --key-env NAME" in keyless.stderr
    keyed = CliRunner().invoke(
        main,
        [*args, "--sen2", str(MESSY), "--key-env", "SEN2_KEY"],
        env={"SEN2_KEY": KEY},
    )
    assert keyed.exit_code == 0, keyed.output
    send = json.loads(keyed.stdout)["send"]
    assert (send["source"], send["synthetic"]) == ("messy_return.xml", False)
    assert send["findings"]["duplicate-person"] == 1  # the messy return's seeded duplicate
    missing = CliRunner().invoke(main, [*args, "--sen2", str(tmp_path / "none.xml")])
    assert missing.exit_code == 2
    assert "cannot read the SEN2 return" in missing.stderr
