"""The funding section's split of the SEND return's weekly costs and of the demand outlook's
forecast cost: hand-worked splits, and properties that the parts add up exactly."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.demand import DemandOutlook, PlacementGroup, YearCost
from slcp.domain import Programme, ServiceKind
from slcp.errors import InvalidValueError
from slcp.finance import FundingStream
from slcp.io.sen2_sample import SAMPLE_ESTABLISHMENTS, SAMPLE_FILE, load_sample_return
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import PortfolioCost, cost_portfolio
from slcp.render import render_html, render_text, write_csv, write_xlsx
from slcp.report import (
    FundedFigure,
    Report,
    ReportOptions,
    SendInput,
    SendSection,
    build_report,
    report_data,
    report_tables,
)
from slcp.report._finance import demand_cost_funding, send_cost_funding
from slcp.sample import south_london
from slcp.send import CostPerPlan, SettingCategory

SCHEMA = Path(__file__).parents[2] / "docs" / "schemas" / "report.schema.json"
NMS = SettingCategory.NON_MAINTAINED_SPECIAL
FY = FinancialYear(2019)


@pytest.fixture(scope="module")
def programme() -> Programme:
    return south_london()


@pytest.fixture(scope="module")
def cost(programme: Programme) -> PortfolioCost:
    """The report year costed (the weights are the report year's cells only)."""
    return cost_portfolio(programme, [FY])


@pytest.fixture(scope="module")
def send_report(programme: Programme) -> Report:
    """2022/23 (the sample return's census day, 19/01/2023) with the funding section."""
    send = SendInput(
        ret=load_sample_return(),
        name=SAMPLE_FILE,
        synthetic=True,
        establishment_types=SAMPLE_ESTABLISHMENTS,
    )
    options = ReportOptions(
        financial_year=FinancialYear(2022), synthetic=True, finance=True, send=send
    )
    return build_report(programme, options)


@pytest.fixture(scope="module")
def demand_report(programme: Programme) -> Report:
    """2019/20 with the funding section: its market section has a priced demand outlook."""
    options = ReportOptions(financial_year=FinancialYear(2019), synthetic=True, finance=True)
    return build_report(programme, options)


def _find(figures: tuple[FundedFigure, ...], figure: str) -> list[FundedFigure]:
    return [f for f in figures if f.figure == figure]


def _parts(f: FundedFigure) -> tuple[int, int, int]:
    return (f.split.education.pence, f.split.health.pence, f.split.social_care.pence)


def _section_with(section: SendSection, placements: list[str]) -> SendSection:
    """``section`` with its join cut down to the non-maintained special placements named,
    their weekly total ``fees`` (seed figures) as the setting's only cost line."""
    join = section.summary.commissioning
    assert join is not None
    matched = tuple(m for m in join.matched if m.placement in placements)
    assert [m.setting for m in matched] == [NMS] * len(placements)
    fees = {"PL-S00880": 391_237, "PL-S00999": 194_035, "PL-S00741": 284_242}
    total = sum(fees[p] for p in placements)
    line = CostPerPlan(
        setting=NMS,
        plans=len(matched),
        weekly_total=Money(total),
        weekly_per_plan_exact=Fraction(total, len(matched)),
    )
    join = attrs.evolve(join, matched=matched, cost_per_plan=(line,))
    return attrs.evolve(section, summary=attrs.evolve(section.summary, commissioning=join))


def test_a_weekly_total_is_its_placements_fees_split_by_their_shares(
    programme: Programme, send_report: Report
) -> None:
    assert send_report.send is not None
    # Seed weekly fees on 19/01/2023 and shares (education/health/social care):
    #   PL-S00880  £3,912.37  50/20/30: 195,618.5 / 78,247.4 / 117,371.1 -> floors leave 1p,
    #              largest remainder .5 (education): 195,619 / 78,247 / 117,371
    #   PL-S00999  £1,940.35  80/0/20:  155,228 / 0 / 38,807 (exact)
    #   PL-S00741  £2,842.42  60/0/40:  170,545.2 / 0 / 113,696.8 -> the 1p to social care
    #              (.8 > .2): 170,545 / 0 / 113,697
    # Summed: education 195,619 + 155,228 + 170,545 = 521,392; health 78,247;
    # social care 117,371 + 38,807 + 113,697 = 269,875; total 869,514 = the three fees.
    section = _section_with(send_report.send, ["PL-S00880", "PL-S00999", "PL-S00741"])
    (figure,) = send_cost_funding(programme, section)
    assert figure.figure == "send.weekly_total"
    assert figure.item == "non_maintained_special"
    assert figure.financial_year == FinancialYear(2022)
    assert figure.borough == "E09000008"
    assert figure.split.amount == Money(869_514)
    assert _parts(figure) == (521_392, 78_247, 269_875)


def test_a_weekly_total_that_is_not_its_placements_fees_is_refused(
    programme: Programme, send_report: Report
) -> None:
    assert send_report.send is not None
    section = _section_with(send_report.send, ["PL-S00880"])
    join = section.summary.commissioning
    assert join is not None
    wrong = attrs.evolve(join.cost_per_plan[0], weekly_total=Money(391_238))
    join = attrs.evolve(join, cost_per_plan=(wrong,))
    section = attrs.evolve(section, summary=attrs.evolve(section.summary, commissioning=join))
    with pytest.raises(InvalidValueError, match="weekly total"):
        send_cost_funding(programme, section)


def test_every_setting_of_the_sample_return_is_split(send_report: Report) -> None:
    assert send_report.send is not None
    assert send_report.funding is not None
    join = send_report.send.summary.commissioning
    assert join is not None
    figures = send_report.funding.send
    assert [(f.item, f.split.amount) for f in figures] == [
        (c.setting.value, c.weekly_total) for c in join.cost_per_plan
    ]
    # the sample's five post-16 placements are all paid by education: £4,578.20 a week
    (post16,) = [f for f in figures if f.item == "special_post_16"]
    assert _parts(post16) == (457_820, 0, 0)


@given(chosen=st.sets(st.sampled_from(["PL-S00880", "PL-S00999", "PL-S00741"]), min_size=1))
def test_send_parts_add_up_for_any_placements(
    programme: Programme, send_report: Report, chosen: set[str]
) -> None:
    assert send_report.send is not None
    placements = sorted(chosen)
    section = _section_with(send_report.send, placements)
    (figure,) = send_cost_funding(programme, section)
    join = section.summary.commissioning
    assert join is not None
    assert figure.split.amount == join.cost_per_plan[0].weekly_total
    assert sum(_parts(figure)) == figure.split.amount.pence


def _outlook_with(outlook: DemandOutlook, fostering: int, residential: int) -> DemandOutlook:
    """``outlook`` with one partnership year costing ``fostering`` + ``residential`` pence."""
    assert outlook.cost is not None
    year = YearCost(
        year=FinancialYear(2020),
        total=Money(fostering + residential),
        exact_pence=Fraction(fostering + residential),
        by_group=(
            (PlacementGroup.FOSTERING, Money(fostering)),
            (PlacementGroup.RESIDENTIAL, Money(residential)),
        ),
        child_days=(),
    )
    total = attrs.evolve(outlook.cost.total, years=(year,))
    return attrs.evolve(outlook, cost=attrs.evolve(outlook.cost, total=total, areas=()))


def test_a_forecast_year_is_split_by_its_groups_spend_mix(
    programme: Programme, cost: PortfolioCost, demand_report: Report
) -> None:
    outlook, funding = demand_report.market_demand, demand_report.funding
    assert outlook is not None
    assert funding is not None
    # The weights: the report year's (2019/20) spend on looked-after placements of each
    # group's kinds, by stream, from the spend section. Residential is children's homes
    # (no secure children's home spend): education £1,337,252.61, health £1,823,391.94,
    # social care £45,924,557.07 of £49,085,201.62. Fostering is all social care.
    (homes,) = [
        f
        for f in _find(funding.spend, "spend.by_service")
        if f.service is ServiceKind.CHILDRENS_HOME
    ]
    assert _parts(homes) == (133_725_261, 182_339_194, 4_592_455_707)
    # Residential £10.00: 1000 x 133,725,261 / 4,908,520,162 = 27.24; x 182,339,194 / ... =
    # 37.15; x 4,592,455,707 / ... = 935.61 -> floors 27 + 37 + 935 = 999, the 1p to social
    # care (largest remainder .61): 27 / 37 / 936. Fostering £5.00: 0 / 0 / 500.
    # The year (£15.00): 27 / 37 / 1,436.
    figures = demand_cost_funding(programme, cost, _outlook_with(outlook, 500, 1000), FY)
    assert [(f.figure, f.item, _parts(f)) for f in figures] == [
        ("market_demand.cost", "all", (27, 37, 1_436)),
        ("market_demand.cost_by_group", "all:fostering", (0, 0, 500)),
        ("market_demand.cost_by_group", "all:residential", (27, 37, 936)),
    ]
    assert all(f.financial_year == FinancialYear(2020) and f.borough is None for f in figures)


@given(
    fostering=st.integers(min_value=-(10**12), max_value=10**12),
    residential=st.integers(min_value=-(10**12), max_value=10**12),
)
def test_forecast_parts_add_up_to_each_figure(
    programme: Programme,
    cost: PortfolioCost,
    demand_report: Report,
    fostering: int,
    residential: int,
) -> None:
    assert demand_report.market_demand is not None
    outlook = _outlook_with(demand_report.market_demand, fostering, residential)
    figures = demand_cost_funding(programme, cost, outlook, FY)
    year, fost, res = figures
    assert fost.split.amount.pence == fostering
    assert res.split.amount.pence == residential
    assert year.split.amount.pence == fostering + residential
    for f in figures:
        assert sum(_parts(f)) == f.split.amount.pence
    # the year's parts are its groups' parts, stream by stream
    for stream in FundingStream:
        assert year.split.part(stream) == fost.split.part(stream) + res.split.part(stream)


def test_every_forecast_year_and_area_is_split(demand_report: Report) -> None:
    outlook, funding = demand_report.market_demand, demand_report.funding
    assert outlook is not None
    assert outlook.cost is not None
    assert funding is not None
    cost = outlook.cost
    years = [(a.area, y.year, y.total) for a in (cost.total, *cost.areas) for y in a.years]
    assert [
        (f.borough, f.financial_year, f.split.amount)
        for f in _find(funding.market_demand, "market_demand.cost")
    ] == years
    for f in funding.market_demand:
        assert sum(_parts(f)) == f.split.amount.pence
    # the split is an assumption, and the report says so
    subjects = [a.subject for a in demand_report.provenance.assumptions]
    assert "demand outlook: forecast cost by funding stream" in subjects


def test_the_default_report_has_no_such_assumption(programme: Programme) -> None:
    plain = build_report(programme, ReportOptions(financial_year=FY, synthetic=True))
    assert plain.funding is None
    subjects = [a.subject for a in plain.provenance.assumptions]
    assert "demand outlook: forecast cost by funding stream" not in subjects


def test_json_tables_text_and_html_carry_them(send_report: Report, demand_report: Report) -> None:
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for report, key, table in (
        (send_report, "send", "funding_send"),
        (demand_report, "market_demand", "funding_market_demand"),
    ):
        assert report.funding is not None
        figures = getattr(report.funding, key)
        assert figures
        data: dict[str, Any] = json.loads(json.dumps(report_data(report)))
        assert [e.message for e in validator.iter_errors(data)] == []
        entries = data["funding"][key]
        assert [e["by_funding"]["amount_pence"] for e in entries] == [
            f.split.amount.pence for f in figures
        ]
        tables = report_tables(report)
        assert tables[table].column("social_care_pence") == tuple(
            f.split.social_care.pence for f in figures
        )
        assert table in set(write_xlsx(report, io.BytesIO()))
        assert table in set(write_csv(report, io.StringIO()))
    assert data["funding"]["market_demand"][0]["item"] == "all"
    text = render_text(send_report)
    assert "  SEND return 2023-01-19: weekly cost, special post 16:" in text
    assert "<td>SEND return 2023-01-19: weekly cost, special post 16</td>" in render_html(
        send_report
    )
    assert "  Forecast cost 2020/21 (an assumption):" in render_text(demand_report)
