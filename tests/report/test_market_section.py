"""The report's market section: figures worked by hand on a small programme, the sample's
section consistent with the spend section, and the section in every format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import openpyxl

from slcp.domain import (
    GssCode,
    ProviderId,
    PurchaseRoute,
    RouteKind,
    ServiceKind,
    VehicleId,
    Workstream,
)
from slcp.market import GroupId, ProviderGroup, ShareBasis, measure_price_dispersion
from slcp.periods import DateRange, FinancialYear
from slcp.render import render_html, render_json, render_text, write_csv, write_xlsx
from slcp.report import Report, ReportOptions, build_report, report_data
from tests.domain.builders import placement
from tests.market.builders import CROYDON, LOT, market_book, market_programme

Json = dict[str, Any]
YEAR = FinancialYear(2020)  # 2020/21: 1 April 2020 to 31 March 2021
FW1 = PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("FW"), lot=LOT.id)


def _small_report() -> Report:
    # Three children's-home placements running all 2020/21 on lot FW/1, each £4,000 a week
    # except H2's at £5,000; H1 and H2 belong to Alder Group, H4 stands alone.
    whole_year = DateRange(start=dt.date(2020, 4, 1), end=dt.date(2021, 4, 1))
    placements = tuple(
        placement(pid, child, GssCode(CROYDON), Workstream.LAC, provider,
                  ServiceKind.CHILDRENS_HOME, whole_year, FW1, core)
        for pid, child, provider, core in (
            ("P1", "C1", "H1", 400_000),
            ("P2", "C2", "H2", 500_000),
            ("P3", "C3", "H4", 400_000),
        )
    )  # fmt: skip
    programme = market_programme().with_placements(placements)
    group = ProviderGroup(
        id=GroupId("G-ALDER"), name="Alder Group", members=(ProviderId("H1"), ProviderId("H2"))
    )
    book = attrs.evolve(market_book(), groups=(group,))
    return build_report(programme, ReportOptions(financial_year=YEAR, market=book))


def test_small_market_by_hand() -> None:
    m = _small_report().market
    assert m is not None
    assert m.as_of == dt.date(2021, 3, 31)
    lot = {(c.dimension, c.basis): c for c in m.concentration if c.market == "FW/1"}
    # places on 31 March 2021: Alder Group 2 (H1, H2), H4 1 -> shares 2/3 and 1/3
    # HHI = (200/3)² + (100/3)² = 40,000/9 + 10,000/9 = 50,000/9 = 5,555.6 -> "5,556"
    places = lot[("lot", ShareBasis.PLACES)]
    assert [(s.group, s.amount, s.share_pct) for s in places.shares] == [
        ("G-ALDER", 2, "66.7"),
        ("H4", 1, "33.3"),
    ]
    assert places.hhi == Fraction(50_000, 9)
    assert places.hhi_text == "5,556"
    # spend in 2020/21 (365 days, pro rata by day) is the spend section's: the year's total
    # 1,300,000 × 365 / 7 = 67,785,714.29p -> 67,785,714p, allocated to the placements by
    # largest remainder: H1 and H4 20,857,142.86 -> 20,857,143 each, H2 26,071,428.57 ->
    # 26,071,428. Alder Group (H1 + H2) 46,928,571p, H4 20,857,143p:
    # HHI = 10,000 × (46,928,571² + 20,857,143²) / 67,785,714² = 5,739.6 -> "5,740"
    spend = lot[("lot", ShareBasis.SPEND)]
    assert spend.total == 67_785_714
    assert [s.amount for s in spend.shares] == [46_928_571, 20_857_143]
    assert spend.hhi == Fraction(10_000 * (46_928_571**2 + 20_857_143**2), 67_785_714**2)
    assert spend.hhi_text == "5,740"
    # the named organisation across the market: two homes, their spend and places
    (alder,) = m.groups
    assert (alder.group, alder.members, alder.spend.pence, alder.places) == (
        "G-ALDER",
        2,
        46_928_571,
        2,
    )
    assert [s.share_pct for s in spend.shares] == ["69.2", "30.8"]  # 9/13, 4/13 in tenths
    # weekly fees on 31 March 2021: 400,000, 400,000, 500,000 -> median 400,000 (odd count)
    (prices,) = m.dispersion
    assert (prices.min_weekly.pence, prices.median_weekly.pence, prices.max_weekly.pence) == (
        400_000,
        400_000,
        500_000,
    )
    assert [d.children for d in m.demand] == [3]
    assert m.supply == ()  # every vacancy closed on 1 October 2020


def test_an_even_count_takes_the_mean_of_the_middle_two() -> None:
    open_from = DateRange(start=dt.date(2020, 4, 1))
    programme = market_programme().with_placements(
        [
            placement("P1", "C1", GssCode(CROYDON), Workstream.LAC, "H1",
                      ServiceKind.CHILDRENS_HOME, open_from, FW1, 400_000),
            placement("P2", "C2", GssCode(CROYDON), Workstream.LAC, "H2",
                      ServiceKind.CHILDRENS_HOME, open_from, FW1, 500_001),
        ]
    )  # fmt: skip
    (two,) = measure_price_dispersion(programme, dt.date(2020, 6, 1))
    # (400,000 + 500,001)/2 = 450,000.5p exactly; shown rounded half up: 450,001p
    assert two.median_exact == Fraction(900_001, 2)
    assert two.median_weekly.pence == 450_001
    (croydon,) = two.boroughs
    assert (croydon.borough, croydon.placements, croydon.max_weekly.pence) == (
        CROYDON,
        2,
        500_001,
    )


def test_the_samples_concentration_adds_up_to_its_spend_section(sample_json: Json) -> None:
    market, spend = sample_json["market"], sample_json["spend"]
    by_lot = {x["lot"]: x["spend_pence"] for x in spend["by_lot"]}
    by_service = {x["service"]: x["spend_pence"] for x in spend["by_service"]}
    checked = 0
    for c in market["concentration"]:
        assert sum(Fraction(s["share_pct"]) for s in c["shares"]) == 100
        assert sum(s["amount"] for s in c["shares"]) == c["total"]
        # the exact HHI from the organisations' amounts
        hhi = Fraction(10_000 * sum(s["amount"] ** 2 for s in c["shares"]), c["total"] ** 2)
        assert c["hhi_exact"] == f"{hhi.numerator}/{hhi.denominator}"
        if c["basis"] == "spend" and c["market"]:
            # no in-house placement is called off a lot or is of a commissioned kind, so a
            # market's spend is exactly the spend section's figure for it
            expected = by_lot[c["market"]] if c["dimension"] == "lot" else by_service[c["market"]]
            assert c["total"] == expected
            checked += 1
    assert checked == 7 + 7  # seven lots, seven kinds of placement


def test_the_samples_section_in_text(sample_report: Report) -> None:
    short = render_text(sample_report)
    assert "Market on 2020-03-31" in short
    assert "Awards in the year:" in short
    full = render_text(sample_report, full=True)
    assert "Concentration: HHI; top-five share" in full
    assert "What the partnership wants from the market:" in full
    assert "    - Places close to home, so children keep their school, family and friends." in full


def test_the_samples_section_in_json_csv_xlsx_and_html(
    sample_report: Report, tmp_path: Path
) -> None:
    doc = json.loads(render_json(sample_report))
    assert doc["market"] == json.loads(json.dumps(report_data(sample_report)["market"]))
    assert doc["market"]["as_of"] == "2020-03-31"
    write_csv(sample_report, tmp_path / "csv")
    with (tmp_path / "csv" / "market_concentration.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["market"], r["basis"], int(r["hhi"])) for r in rows] == [
        (c["market"], c["basis"], c["hhi"]) for c in doc["market"]["concentration"]
    ]
    write_xlsx(sample_report, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    for name in ("market_demand", "market_supply", "market_concentration", "market_prices"):
        assert name in book.sheetnames
    html = render_html(sample_report)
    assert "<h2>The market</h2>" in html
    assert "What the partnership wants from the market" in html
    stream = io.StringIO()
    write_csv(sample_report, stream)
    assert "# market_framework_share: " in stream.getvalue()


def test_a_programme_with_no_provider_placements_has_no_market_section() -> None:
    report = build_report(market_programme(), ReportOptions(financial_year=YEAR))
    assert report.market is None
    assert "market" not in report_data(report)
    assert "The market" not in render_html(report)


def test_the_schema_describes_the_market_and_refuses_floats(sample_json: Json) -> None:
    import copy

    import jsonschema

    schema = json.loads(
        (Path(__file__).parents[2] / "docs" / "schemas" / "report.schema.json").read_text(
            encoding="utf-8"
        )
    )
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(sample_json)
    for path, bad in (
        (("concentration", 0, "hhi"), 152.6),  # the index as a float
        (("concentration", 0, "shares", 0, "share_pct"), 7.2),  # a share as a number
        (("prices", 0, "min_weekly_pence"), "101644"),  # money as text
        (("concentration", 0, "basis"), "value"),
    ):
        doc = copy.deepcopy(sample_json)
        node: Any = doc["market"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = bad
        assert not validator.is_valid(doc), path
