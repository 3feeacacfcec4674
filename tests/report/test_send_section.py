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
    # the figures docs/sen2.md shows for the sample; each breakdown adds up to the total.
    # From the generator's design: Croydon's 258 programme placements in force on census day
    # less the 2 left out, plus the 2 children the programme lacks, plus 360 synthetic plans
    # less the 15 ceased in 2022 (n = 7, 32, ..., 357: n % 25 == 7) = 603. New plans: the 90
    # synthetic ones issued in 2022 (n % 4 == 0) less 10 transfers in (n % 36 == 4), plus the
    # 3 programme placements starting in 2022 (PL-S00991, PL-S01068, PL-S01069) = 83
    assert (data["plans_in_force"], data["new_plans"]) == (603, 83)
    for counts in data["plans_in_force_by"].values():
        assert sum(counts.values()) == 603
    # counted from the XML's birth dates: age on 19/01/2023 of the 603 with a plan in force
    assert data["plans_in_force_by"]["age"]["11 to 15"] == 191
    # independent special (GIAS 10): Croydon's 192 programme placements, less the 2 left out,
    # plus the 2 the programme lacks = 192. Mainstream: the 360 synthetic plans cycle over 48
    # settings of which 25 are mainstream (24 places at URNs 900001-900006 and 900011), so
    # 7 x 25 + 24 = 199, less the 9 ceased at one (n = 7, 57, 107, 132, 157, 207, 257, 307,
    # 357) = 190
    assert data["placements_by_setting"][:2] == [
        {"setting": "independent_special", "count": 192},
        {"setting": "mainstream", "count": 190},
    ]


def test_timeliness_beside_england_for_the_same_year(data: dict[str, Any]) -> None:
    t = data["timeliness_20_weeks"]
    # The 83 new plans less those whose assessment records the exceptions (Week20 = 1): 16
    # synthetic ones (n % 20 == 0 bar the transfers n = 40 and 220) and one of the 3 programme
    # ones (child S1c32c3db5, the generator's draw) leaves 66 timed. How many were issued
    # within 140 days of the request is the generator's draw too: 38, as a direct count of
    # the XML finds (tests/io/test_sen2_sample.py); 46 of all 83.
    # 100 x 38 / 66 = 1900/33 = 57.57...% -> 57.6 half up; 100 x 46 / 83 = 55.42...% -> 55.4
    assert (t["numerator"], t["denominator"], t["percent"], t["percent_exact"]) == (
        38,
        66,
        "57.6",
        "1900/33",
    )
    assert t["including_exceptions"] == {"numerator": 46, "denominator": 83, "percent": "55.4"}
    # England, plans issued in calendar year 2022 (the 2023 collection's activity year)
    assert (t["england_percent"], t["england_calendar_year"]) == ("49.2", 2022)


def test_the_join_to_commissioning_finds_the_seeded_mismatches(data: dict[str, Any]) -> None:
    c = data["commissioning"]
    codes: dict[str, int] = {}
    for code, _ in SEEDED_MISMATCHES:
        codes[code] = codes.get(code, 0) + 1
    assert (c["mismatches"], c["mismatches_by_code"]) == (len(SEEDED_MISMATCHES), codes)
    # Croydon's 258 programme placements in force on census day: 2 left out of the return
    # and 2 the programme lacks added, so 258 places in the return; the one at another school
    # does not match, so 258 - 2 - 1 = 255 matched. Of those 255 programme placements 223
    # were DPS call-offs (32 spot): 100 x 223 / 258 = 11150/129 = 86.43...% -> "86.4"
    assert (c["return_places"], c["matched"], c["bought_through_dps_or_framework"]) == (
        258,
        255,
        223,
    )
    assert (c["share_bought_percent"], c["share_bought_exact"]) == ("86.4", "11150/129")
    nms = next(x for x in c["cost_per_plan"] if x["setting"] == "non_maintained_special")
    # 61 plans costing 10,199,870p a week together: 61 x 167,211 = 10,199,871, so each is
    # 167,210.98...p, half up to 167,211p
    assert nms == {
        "setting": "non_maintained_special",
        "plans": 61,
        "weekly_total_pence": 10199870,
        "weekly_per_plan_pence": 167211,
        "weekly_per_plan_exact": "10199870/61",
    }
    post16 = next(x for x in c["cost_per_plan"] if x["setting"] == "special_post_16")
    # five plans (PL-S00935, PL-S00998, PL-S01011, PL-S01024, PL-S01037) at 103,716p, 81,291p,
    # 88,325p, 97,895p and 86,593p a week on census day: 457,820p, exactly 91,564p each (an
    # exact figure is always "n/d" in the JSON, a whole one over 1)
    assert post16 == {
        "setting": "special_post_16",
        "plans": 5,
        "weekly_total_pence": 457820,
        "weekly_per_plan_pence": 91564,
        "weekly_per_plan_exact": "91564/1",
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
    assert plans[0] == {"by": "all", "group": "all", "plans": 603}
    for by in ("need", "age", "setting"):
        assert sum(int(r["plans"]) for r in plans if r["by"] == by) == 603  # type: ignore[call-overload]
    timely = tables["send_timeliness"].records()[0]
    assert (timely["numerator"], timely["denominator"]) == (38, 66)
    assert (timely["percent"], timely["england_percent"]) == (Decimal("57.6"), Decimal("49.2"))
    places = tables["send_placements"]
    assert sum(places.column("placements")) == sum(  # type: ignore[arg-type]
        p["count"] for p in data["placements_by_setting"]
    )
    (joined,) = tables["send_commissioning"].records()
    assert (joined["matched"], joined["mismatches"], joined["share_bought_percent"]) == (
        255,
        6,
        Decimal("86.4"),
    )
    cost = {r["setting"]: r for r in tables["send_cost_per_plan"].records()}
    assert cost["non_maintained_special"]["weekly_per_plan_pounds"] == Decimal("1672.11")
    assert tables["send_plans"].to_arrow().num_rows == len(plans)


def test_text_shows_the_section_within_80_columns(report: Report) -> None:
    for full, lines in ((False, 4), (True, 59)):
        text = render_text(report, full=full)
        start = text.index("SEND return")
        # the section runs to the blank line before the next one
        section = text[start:].split("\n\n")[0].splitlines()
        # short: heading, new plans, places matched, share bought; full: those four, then 12
        # needs, 5 age bands, 15 settings of plans, 15 of placements and 3 costs per plan,
        # each list under a heading of its own: 4 + 12 + 5 + 15 + 15 + 3 + 5 = 59
        assert len(section) == lines
        assert max(len(line) for line in section) <= 80
    short = render_text(report)
    assert "SEND return (SEN2 2023, SYNTHETIC SAMPLE), census 19/01/2023: 603 EHC plans" in short
    assert "within 20 weeks 38 of 66 = 57.6% (England 49.2%)" in short
    assert "255 of 258 matched, 6 mismatches" in short
    full_text = render_text(report, full=True)
    assert "non_maintained_special: £1,672.11 (61 plans)" in full_text
    assert "special_post_16: £915.64 (5 plans)" in full_text


def test_html_csv_and_excel_carry_the_section(report: Report, tmp_path: Path) -> None:
    page = render_html(report)
    assert "SEND return (SEN2 2023, SYNTHETIC SAMPLE)" in page
    assert "dashed line: England 49.2% (2022)" in page
    names = write_csv(report, tmp_path / "csv")
    assert {"send_plans", "send_timeliness", "send_placements", "send_cost_per_plan"} <= set(names)
    assert (tmp_path / "csv" / "send_timeliness.csv").read_text().splitlines()[1] == (
        "excluding_exceptions,38,66,57.6,1900/33,49.2"
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
        603,
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
