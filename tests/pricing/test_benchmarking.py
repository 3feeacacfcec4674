"""Price benchmarking: hand-worked medians, premiums, routes and bands."""

from __future__ import annotations

from fractions import Fraction

import attrs

from slcp.domain import (
    FrameworkAgreement,
    GssCode,
    Lot,
    LotId,
    Placement,
    PriceBand,
    Programme,
    ServiceKind,
    VehicleId,
    Workstream,
)
from slcp.money import Money
from slcp.pricing import (
    baseline_provider_costs,
    compare_provider_prices,
    compare_routes,
    find_out_of_band,
)
from tests.pricing.builders import CROYDON, MERTON, SUTTON, d, placement, programme

DAY = d("2019-06-01")


def _lac(pid: str, weekly: int, borough: GssCode = CROYDON, lot: str | None = None) -> Placement:
    return placement(
        pid,
        start="2019-04-01",
        weekly_pence=weekly,
        workstream=Workstream.LAC,
        borough=borough,
        lot=lot,
    )


def _with_framework(prog: Programme) -> Programme:
    fw = FrameworkAgreement(
        id=VehicleId("FW"),
        name="LAC framework",
        workstream=Workstream.LAC,
        start=d("2019-01-01"),
        initial_term_years=4,
        lots=(
            Lot(
                id=LotId("FW/1"),
                number=1,
                name="Residential",
                service_kinds=(ServiceKind.CHILDRENS_HOME,),
                price_band=PriceBand(min_weekly=Money(300_000), max_weekly=Money(450_000)),
            ),
        ),
    )
    return attrs.evolve(prog, vehicles=(fw,))


def test_premium_over_the_partnership_median() -> None:
    # provider P1 children's homes: Croydon pays £4,000 and £4,400, Sutton £3,800,
    # Merton £5,000. Median of 3,800 / 4,000 / 4,400 / 5,000 = (4,000 + 4,400) ÷ 2 = £4,200.
    # Croydon averages £4,200 (premium £0), Sutton −£400 (−400/4,200 = −2/21),
    # Merton +£800; spread £5,000 − £3,800 = £1,200
    prog = programme(
        [
            _lac("A", 400_000),
            _lac("B", 440_000),
            _lac("C", 380_000, SUTTON),
            _lac("D", 500_000, MERTON),
        ]
    )
    (row,) = compare_provider_prices(prog, DAY)
    assert (row.median, row.spread, row.placements) == (Money(420_000), Money(120_000), 4)
    premiums = {b.borough: (b.average_weekly, b.premium, b.premium_ratio) for b in row.boroughs}
    assert premiums == {
        CROYDON: (Money(420_000), Money(0), Fraction(0)),
        MERTON: (Money(500_000), Money(80_000), Fraction(80_000, 420_000)),
        SUTTON: (Money(380_000), Money(-40_000), Fraction(-2, 21)),
    }


def test_call_off_against_spot_by_lot_and_out_of_band() -> None:
    # call-offs £4,000 and £5,000 (mean £4,500); spot £5,200: spot is £700 dearer.
    # The £5,000 call-off is £500 above the band's £4,500 maximum.
    prog = _with_framework(
        programme(
            [
                _lac("A", 400_000, lot="FW/1"),
                _lac("B", 500_000, lot="FW/1"),
                _lac("C", 520_000),
            ]
        )
    )
    (route,) = compare_routes(prog, DAY)
    assert (route.call_offs, route.call_off_average) == (2, Money(450_000))
    assert (route.spot, route.spot_average, route.difference) == (1, Money(520_000), Money(70_000))
    (out,) = find_out_of_band(prog, DAY)
    assert (out.placement, out.excess, out.is_above) == ("B", Money(50_000), True)


def test_baseline_provider_costs_table() -> None:
    # P1: £4,000, £4,400, £3,800 -> lowest £3,800, median £4,000, highest £4,400,
    # mean 12,200 ÷ 3 = £4,066.666.. -> £4,066.67, 2 boroughs
    prog = programme([_lac("A", 400_000), _lac("B", 440_000), _lac("C", 380_000, SUTTON)])
    (row,) = baseline_provider_costs(prog, DAY)
    assert (row.lowest, row.median, row.highest, row.average, row.boroughs) == (
        Money(380_000),
        Money(400_000),
        Money(440_000),
        Money(406_667),
        2,
    )
    assert row.provider_name == "Provider P1"


def test_placements_not_running_on_the_day_are_left_out() -> None:
    prog = programme([placement("A", start="2019-07-01", workstream=Workstream.LAC)])
    assert compare_provider_prices(prog, DAY) == ()
