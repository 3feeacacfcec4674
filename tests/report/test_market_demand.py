"""The market section's demand outlook: worked by hand on a small programme, the sample's
outlook against ``slcp forecast-demand``'s model, and the outlook in every format."""

from __future__ import annotations

import csv
import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import openpyxl

from slcp.demand import (
    OUTLOOK_BOOTSTRAP,
    PlacementGroup,
    RegisteredPlaces,
    forecast_demand,
    project_send_placements,
)
from slcp.domain import (
    CareEpisode,
    ChildRef,
    FeeUpliftRound,
    GssCode,
    PurchaseRoute,
    RouteKind,
    ServiceKind,
    UpliftId,
    UpliftPosition,
    VehicleId,
    Workstream,
)
from slcp.money import Rate
from slcp.periods import DateRange, FinancialYear, YearMonth
from slcp.render import render_html, render_json, render_text, write_csv, write_xlsx
from slcp.report import (
    Report,
    ReportOptions,
    build_report,
    publish,
    report_data,
    report_tables,
)
from slcp.sample import south_london
from tests.domain.builders import placement
from tests.market.builders import CROYDON, LOT, SOURCE, market_programme

Json = dict[str, Any]
YEAR = FinancialYear(2020)  # census day 31 March 2021
D = dt.date
FW1 = PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("FW"), lot=LOT.id)
SPOT = PurchaseRoute(kind=RouteKind.SPOT)
CROYDON_GSS = GssCode(CROYDON)


def _episode(child: str, start: dt.date, end: dt.date | None, place: str) -> CareEpisode:
    return CareEpisode(
        child=ChildRef(child),
        borough=CROYDON_GSS,
        period=DateRange(start=start, end=end),
        reason_new_episode="S",
        legal_status="C2",
        place=place,
        reason_ceased=None if end is None else "E4A",
    )


def _programme():  # type: ignore[no-untyped-def]
    # A: a children's home (K2) from 1 January 2017, still there. B: foster care (U4) from
    # the same day to 31 March 2021, the census day (half-open: not looked after that day).
    # No month of birth: both stay in the "unknown" age band.
    episodes = (
        _episode("A", D(2017, 1, 1), None, "K2"),
        _episode("B", D(2017, 1, 1), D(2021, 3, 31), "U4"),
    )
    # SEND day placements: S1 from 1 January 2018, open; S2 15 June 2019 to 10 January 2020.
    # One LAC placement with a provider, so that the report has a market section.
    placements = (
        placement("L1", "A", CROYDON_GSS, Workstream.LAC, "H1",
                  ServiceKind.CHILDRENS_HOME, DateRange(start=D(2020, 4, 1)), FW1),
        placement("S1", "S1", CROYDON_GSS, Workstream.SEND, None,
                  ServiceKind.SEND_DAY, DateRange(start=D(2018, 1, 1)), SPOT),
        placement("S2", "S2", CROYDON_GSS, Workstream.SEND, None,
                  ServiceKind.SEND_DAY, DateRange(start=D(2019, 6, 15), end=D(2020, 1, 10)),
                  SPOT),
    )  # fmt: skip
    uplift = FeeUpliftRound(
        id=UpliftId("LAC-2020/21"),
        workstream=Workstream.LAC,
        financial_year=YEAR,
        position=UpliftPosition(default_cap=Rate.of("0.02"), source=SOURCE),
        source=SOURCE,
    )
    programme = market_programme().with_placements(placements)
    return attrs.evolve(programme, episodes=episodes, uplift_rounds=(uplift,))


def _report(places: tuple[RegisteredPlaces, ...] | None = None) -> Report:
    return build_report(_programme(), ReportOptions(financial_year=YEAR, registered_places=places))


PLACES = (RegisteredPlaces(area=CROYDON_GSS, group=PlacementGroup.RESIDENTIAL, places=3),)


def test_small_outlook_by_hand() -> None:
    o = _report(PLACES).market_demand
    assert o is not None
    assert o.forecast is not None
    assert o.cost is not None
    f = o.forecast
    # fit window: the 36 months April 2018 to March 2021 (data from January 2017)
    assert (f.rates.first_month, f.rates.last_month) == (YearMonth(2018, 4), YearMonth(2021, 3))
    # month ends 31 March 2018 .. 28 February 2021 observed before a window month: 36 each.
    # A stays in residential 36 times; B stays in fostering 35 times and leaves in March 2021
    # (31 March 2021 is its DEC, so it is not looked after that day).
    by = {(str(t.source), str(t.target)): (t.count, t.exposure) for t in f.rates.transitions()}
    assert by == {
        ("unknown fostering", "unknown fostering"): (35, 36),
        ("unknown fostering", "None"): (1, 36),
        ("unknown residential", "unknown residential"): (36, 36),
    }
    # on 31 March 2021: A in residential, nobody in foster care; A's rate of staying is 1 and
    # no child entered, so 1.000 residential on every 31 March ahead, in every resample too
    counts = {(c.month, c.all_areas, c.group): c for c in f.counts}
    for year in (2022, 2023, 2024):
        c = counts[(YearMonth(year, 3), True, PlacementGroup.RESIDENTIAL)]
        assert (c.central_units, c.low_units, c.high_units) == (1000, 1000, 1000)
        assert counts[(YearMonth(year, 3), True, PlacementGroup.FOSTERING)].central_units == 0
    # price: lot FW/1's band midpoint (300,000 + 750,000) / 2 = 525,000p a week, uplifted 2%
    # (round LAC-2020/21's default cap) each 1 April: 2021/22 535,500p; 2022/23 546,210p;
    # 2023/24 557,134.2 -> 557,134p. One child all year: 365, 365 and 366 days (29 Feb 2024):
    # 365 × 535,500 / 7 = 27,922,500; 365 × 546,210 / 7 = 28,480,950;
    # 366 × 557,134 / 7 = 29,130,149.14 -> 29,130,149
    assert o.expected_uplift == Rate.of("0.02")
    assert [(str(y.year), y.total.pence) for y in o.cost.total.years] == [
        ("2021/22", 27_922_500),
        ("2022/23", 28_480_950),
        ("2023/24", 29_130_149),
    ]
    assert [g.value for g in o.cost.unpriced] == ["fostering", "other"]  # FW/1 buys homes only
    # sufficiency: 1 child against Croydon's 3 residential places: a surplus of 2
    gap = [
        g
        for g in o.sufficiency
        if g.all_areas and g.group is PlacementGroup.RESIDENTIAL and g.month.year == 2024
    ]
    assert [(g.registered_places, g.gap) for g in gap] == [(3, Fraction(-2))]


def test_small_send_projection_by_hand() -> None:
    (send,) = project_send_placements(_programme(), year=YEAR)
    # month ends observed: 31 March 2018 (index 0) to 31 March 2021 (index 36).
    # S1 runs on all 37: no start or end seen, 36 followed by another month end.
    # S2 runs on 30 June 2019 (index 15) to 31 December 2019 (index 21): started, ended,
    # 7 month ends followed by another. Ending probability 1/43 a month; 1/36 start a month.
    assert send.service is ServiceKind.SEND_DAY
    assert (send.started, send.ended, send.placement_months, send.now) == (1, 1, 43, 1)
    # n(k) = s/e + (now - s/e)(1 - e)^k with s/e = 43/36:
    # k = 12: 43/36 - (7/36)(42/43)^12 = 1.19444 - 0.19444 × 0.75397 = 1.04784
    steady = Fraction(43, 36)
    assert send.projected[0] == (
        YearMonth(2022, 3),
        steady - Fraction(7, 36) * Fraction(42, 43) ** 12,
    )
    doc = report_data(_report())
    sent = doc["market"]["demand_outlook"]["send"]  # type: ignore[index,call-overload]
    assert sent[0]["projected"][0] == {"month": "2022-03", "placements": "1.048"}


def test_small_outlook_in_every_format(tmp_path: Path) -> None:
    report = _report(PLACES)
    doc: Json = json.loads(render_json(report))
    o = doc["market"]["demand_outlook"]
    assert o["census_day"] == "2021-03-31"
    assert o["registered_places"] == 3
    assert {"month": "2024-03", "gss_code": "all", "group": "residential", "central": "1.000",
            "low": "1.000", "high": "1.000"} in o["looked_after"]["projected"]  # fmt: skip
    assert o["forecast_cost"]["years"][0]["total_pence"] == 27_922_500
    suff = [s for s in o["sufficiency"] if s["gss_code"] == "all" and s["month"] == "2024-03"]
    assert [(s["group"], s["gap"]) for s in suff] == [
        ("fostering", "0.000"),
        ("residential", "-2.000"),
        ("other", "0.000"),
    ]
    # provenance marks the forecast cost as an assumption
    assert any(
        a["subject"] == "demand outlook: forecast cost" for a in doc["provenance"]["assumptions"]
    )
    text = render_text(report)
    # 27,922,500p = £279,225 -> £0.3m; 29,130,149p -> £0.3m
    assert "  Looked after 1 now, 1.0 [1.0 to 1.0] on 31 March 2024 (90%)\n" in text
    assert "  Cost* £0.3m in 2021/22, £0.3m in 2023/24; SEND 1 now, 1.1 then\n" in text
    assert "  Registered places 3; on 31 March 2024 short of: nothing\n" in text
    full = render_text(report, full=True)
    assert "      2023/24  £291,301.49\n" in full
    row = "      2024 all        residential  projected      1.0  places     3  gap     -2.0"
    assert row in full
    write_csv(report, tmp_path / "csv")
    with (tmp_path / "csv" / "market_demand_cost.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["financial_year"], r["gss_code"], r["total_pence"]) for r in rows[:3]] == [
        ("2021/22", "all", "27922500"),
        ("2022/23", "all", "28480950"),
        ("2023/24", "all", "29130149"),
    ]
    write_xlsx(report, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    for name in ("market_demand_projection", "market_demand_cost", "market_sufficiency",
                 "market_send_projection"):  # fmt: skip
        assert name in book.sheetnames
    html = render_html(report)
    assert "<h3>Demand from 31 March 2021, 3 years on</h3>" in html
    assert "<td class=num>1.0 [1.0 to 1.0]</td>" in html
    assert "<td class=num>-2.0</td>" in html


def test_without_places_no_gap_is_shown() -> None:
    report = _report()
    o = report_data(report)["market"]["demand_outlook"]  # type: ignore[index,call-overload]
    assert o["registered_places"] is None
    assert o["sufficiency"] is None
    assert "market_sufficiency" not in report_tables(report)
    assert "market_demand_projection" in report_tables(report)
    assert "Sufficiency: no registered places table given" in render_text(report, full=True)


def test_a_published_report_leaves_the_outlook_out() -> None:
    published = publish(_report(PLACES))
    assert published.market_demand is None
    assert "demand_outlook" not in json.dumps(report_data(published))


def test_the_samples_outlook_is_the_demand_models_forecast(sample_report: Report) -> None:
    o = sample_report.market_demand
    assert o is not None
    assert o.forecast is not None
    sample = south_london()
    born = {c.ref: c.month_of_birth for c in sample.children if c.month_of_birth}
    reference = forecast_demand(
        sample.episodes, born, year=FinancialYear(2019), years=3, bootstrap=OUTLOOK_BOOTSTRAP
    )
    assert o.forecast == reference
    # the partnership on 31 March 2021 is the backtest's projection in docs/demand.md
    # (fitted to 31 March 2020): 897.518 fostering, 229.632 residential
    first = {c.group: c.central_units for c in o.forecast.counts
             if c.all_areas and c.month == YearMonth(2021, 3)}  # fmt: skip
    assert first[PlacementGroup.FOSTERING] == 897_518
    assert first[PlacementGroup.RESIDENTIAL] == 229_632


def test_the_schema_describes_the_outlook_and_refuses_floats(sample_json: Json) -> None:
    import copy

    import jsonschema

    schema = json.loads(
        (Path(__file__).parents[2] / "docs" / "schemas" / "report.schema.json").read_text(
            encoding="utf-8"
        )
    )
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(sample_json)
    small = json.loads(render_json(_report(PLACES)))
    assert validator.is_valid(small)
    for path, bad in (
        (("looked_after", "projected", 0, "central"), 897.518),  # children as a float
        (("forecast_cost", "years", 0, "total_pence"), "11399688159"),  # money as text
        (("send", 0, "projected", 0, "placements"), 1.5),
        (("looked_after", "projected", 0, "group"), "kinship"),
    ):
        doc = copy.deepcopy(sample_json)
        node: Any = doc["market"]["demand_outlook"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = bad
        assert not validator.is_valid(doc), path
