"""The savings ledger and the savings derived from data, worked by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from slcp.domain import (
    FeeComponents,
    FeeUpliftRound,
    PurchaseRoute,
    RouteKind,
    SavingId,
    SavingSource,
    ServiceKind,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    VehicleId,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from slcp.pricing import AvoidanceLine, CostAvoidance
from slcp.savings import (
    DiscountTier,
    SavingsLedger,
    TieredPriceCurve,
    build_ledger,
    derive_dps_transaction_cost_savings,
    derive_fee_increase_savings,
    derive_negotiated_reduction,
    derive_spot_to_framework_savings,
    derive_transaction_cost_saving,
    derive_volume_discount,
)
from slcp.timeline import Timeline, TimelineEntry
from tests.savings._three import (
    BEXLEY,
    BEXLEY_OWN,
    BROMLEY,
    EVIDENCE,
    POOLED,
    placement,
    saving,
    three_boroughs,
)

FY19 = FinancialYear(2019)


def test_negotiated_reduction_split_at_1_april_in_a_leap_year() -> None:
    # £1,070 → £1,000 a week: £70 a week = 1,000p a day.
    # [28 Feb 2020, 3 Apr 2020): 28, 29 Feb + 31 March = 33 days in 2019/20; 1-2 April = 2 days
    # in 2020/21. 35 days × 1,000p = 35,000p → 33,000p + 2,000p.
    records = derive_negotiated_reduction(
        id=SavingId("N1"),
        baseline_weekly=Money(107_000),
        agreed_weekly=Money(100_000),
        period=DateRange(start=dt.date(2020, 2, 28), end=dt.date(2020, 4, 3)),
        workstream=Workstream.LAC,
        evidence=EVIDENCE,
        borough=BEXLEY,
    )
    assert [(r.id, r.financial_year, r.amount.pence) for r in records] == [
        ("N1/2019-20", FY19, 33_000),
        ("N1/2020-21", FinancialYear(2020), 2_000),
    ]
    assert all(r.derived and r.source is SavingSource.NEGOTIATED_REDUCTION for r in records)


def test_a_price_above_the_baseline_is_a_negative_saving_not_hidden() -> None:
    # £1 a week more for 7 days = −100p
    (record,) = derive_negotiated_reduction(
        id=SavingId("N2"),
        baseline_weekly=Money(100_000),
        agreed_weekly=Money(100_100),
        period=DateRange(start=dt.date(2019, 5, 1), end=dt.date(2019, 5, 8)),
        workstream=Workstream.SEND,
        evidence=EVIDENCE,
    )
    assert record.amount == Money(-100)


def test_open_ended_period_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="bounded"):
        derive_negotiated_reduction(
            id=SavingId("N3"),
            baseline_weekly=Money(2),
            agreed_weekly=Money(1),
            period=DateRange(start=dt.date(2019, 5, 1)),
            workstream=Workstream.SEND,
            evidence=EVIDENCE,
        )


def test_spot_to_framework_over_the_days_in_force() -> None:
    # Framework placement from 1 April 2019, open: £1,000 a week until 1 October 2019, then
    # £1,100. Spot reference price £1,400 a week.
    # [1 Apr, 1 Oct 2019) = 183 days at £400 a week less; [1 Oct 2019, 1 Apr 2020) = 183 days
    # (31 + 30 + 31 + 31 + 29 + 31) at £300 less. 183 × (40,000 + 30,000)/7 = 1,830,000p.
    start = dt.date(2019, 4, 1)
    fees = Timeline(
        entries=(
            TimelineEntry(
                effective=start, value=FeeComponents(core=Money(100_000)), source=EVIDENCE
            ),
            TimelineEntry(
                effective=dt.date(2019, 10, 1),
                value=FeeComponents(core=Money(110_000)),
                source=EVIDENCE,
            ),
        )
    )
    on_framework = placement(
        "FW",
        BROMLEY,
        1,
        100_000,
        start=start,
        route=PurchaseRoute(kind=RouteKind.DPS_CALL_OFF, vehicle=VehicleId("DPS")),
    )
    on_framework = on_framework.with_fees(fees).with_end(dt.date(2030, 1, 1))
    spot = placement("SPOT", BEXLEY, 100, 100_000, start=start)
    programme = three_boroughs().with_placements((on_framework, spot))
    records = derive_spot_to_framework_savings(
        programme,
        {ServiceKind.SEND_DAY: Money(140_000)},
        within=FY19.range,
        evidence=EVIDENCE,
    )
    assert [(r.id, r.borough, r.amount.pence) for r in records] == [
        ("spot-to-framework/FW/2019-20", BROMLEY, 1_830_000)
    ]
    # a service with no spot reference price gives nothing
    assert (
        derive_spot_to_framework_savings(programme, {}, within=FY19.range, evidence=EVIDENCE) == ()
    )


def test_transaction_cost_at_the_seeds_11_percent() -> None:
    # seed 001: 367 new placements through the DPS; at an assumed £1,000 transaction cost per
    # placement, 11% lower is £110 each: 367 × £110 = £40,370.
    record = derive_transaction_cost_saving(
        id=SavingId("T"),
        cost_per_placement=Money(100_000),
        reduction=Rate.of("0.11"),
        placements=367,
        financial_year=FinancialYear(2016),
        workstream=Workstream.SEND,
        evidence=EVIDENCE,
    )
    assert record.amount == Money(4_037_000)
    with pytest.raises(InvalidValueError, match="non-negative"):
        derive_transaction_cost_saving(
            id=SavingId("T"),
            cost_per_placement=Money(1),
            reduction=Rate.of("0.11"),
            placements=-1,
            financial_year=FinancialYear(2016),
            workstream=Workstream.SEND,
            evidence=EVIDENCE,
        )


def test_dps_transaction_costs_count_placements_made_in_the_year() -> None:
    # Bexley makes two DPS placements in 2018/19, Bromley one; a spot placement and one that
    # starts on 1 April 2019 (next year) do not count. £500 × 11% = £55 a placement.
    dps = PurchaseRoute(kind=RouteKind.DPS_CALL_OFF, vehicle=VehicleId("DPS"))
    placements = (
        placement("D1", BEXLEY, 10, 1, route=dps),
        placement("D2", BEXLEY, 10, 1, start=dt.date(2019, 3, 31), route=dps),
        placement("D3", BROMLEY, 10, 1, route=dps),
        placement("D4", BROMLEY, 10, 1, start=dt.date(2019, 4, 1), route=dps),
        placement("S1", BROMLEY, 10, 1),
    )
    records = derive_dps_transaction_cost_savings(
        three_boroughs().with_placements(placements),
        financial_year=FinancialYear(2018),
        cost_per_placement=Money(50_000),
        reduction=Rate.of("0.11"),
        evidence=EVIDENCE,
    )
    assert [(r.borough, r.amount.pence) for r in records] == [(BEXLEY, 11_000), (BROMLEY, 5_500)]


def test_volume_discount_from_tiers() -> None:
    # volumes 10, 20, 30 at 100p, 90p from 30, 80p from 50: 1,000 + 2,000 + 2,700 − 60·80 = 900
    tiers = TieredPriceCurve(
        tiers=(
            DiscountTier(from_volume=0, unit_price=Money(100)),
            DiscountTier(from_volume=30, unit_price=Money(90)),
            DiscountTier(from_volume=50, unit_price=Money(80)),
        )
    )
    record = derive_volume_discount(
        id=SavingId("V"),
        volumes={"A": 10, "B": 20, "C": Fraction(30)},
        curve=tiers,
        financial_year=FY19,
        workstream=Workstream.SEND,
        evidence=EVIDENCE,
    )
    assert record.amount == Money(900)
    assert record.borough is None


def test_ledger_totals_by_source_and_year() -> None:
    later = saving("later", 5, year=FY19, source=SavingSource.VOLUME_DISCOUNT)
    ledger = SavingsLedger(records=(POOLED, BEXLEY_OWN, later))
    # 100,000 + 12,345 + 5
    assert ledger.total == Money(112_350)
    assert ledger.by_source() == {
        SavingSource.NEGOTIATED_REDUCTION: Money(12_345),
        SavingSource.VOLUME_DISCOUNT: Money(100_005),
    }
    assert ledger.for_year(FY19).total == Money(5)
    assert ledger.through_year(FinancialYear(2018)).total == Money(112_345)
    assert ledger.years() == (FinancialYear(2018), FY19)
    with pytest.raises(InvalidValueError, match="unique"):
        ledger.with_records([later])


def _line(pid: str, borough: str, pence: int, year: FinancialYear = FY19) -> AvoidanceLine:
    from slcp.domain import GssCode, PlacementId

    return AvoidanceLine(
        round_id=UpliftId("R1"),
        placement=PlacementId(pid),
        borough=GssCode(borough),
        workstream=Workstream.SEND,
        financial_year=year,
        exact=Fraction(pence),
        amount=Money(pence),
    )


def test_fee_increase_records_sum_pricing_lines_by_round_year_and_borough() -> None:
    # Bexley 100 + 23 = 123; Bromley 7 + (−7) = 0 is left out; 2020/21 carried 50
    avoidance = CostAvoidance(
        horizon=FinancialYear(2020),
        rounds=(),
        lines=(
            _line("P1", BEXLEY, 100),
            _line("P2", BEXLEY, 23),
            _line("P3", BROMLEY, 7),
            _line("P4", BROMLEY, -7),
            _line("P1", BEXLEY, 50, FinancialYear(2020)),
        ),
        full_year_lines=(),
        method="test",
    )
    records = derive_fee_increase_savings(avoidance)
    assert [(r.id, r.borough, r.amount.pence) for r in records] == [
        ("fee-avoidance/R1/2019-20/E09000004", BEXLEY, 123),
        ("fee-avoidance/R1/2020-21/E09000004", BEXLEY, 50),
    ]
    assert sum(r.amount.pence for r in records) == avoidance.total.pence


def _round() -> FeeUpliftRound:
    from slcp.domain import ProviderId

    return FeeUpliftRound(
        id=UpliftId("SEND-2019/20"),
        workstream=Workstream.SEND,
        financial_year=FY19,
        position=UpliftPosition(default_cap=Rate.of("0.02"), source=EVIDENCE),
        requests=(UpliftRequest(provider=ProviderId("PRV-1"), requested=Rate.of("0.05")),),
        source=EVIDENCE,
    )


def test_build_ledger_derives_fee_increase_avoidance_from_pricing() -> None:
    # Bexley's £1,000 a week placement runs through 2019/20 (366 days). Requested 5%
    # (£1,050), agreed at the 2% cap (£1,020): £30 a week avoided × 366/7 = 156,857.14p
    # → 156,857p.
    running = placement("RUN", BEXLEY, 3 * 366, 100_000)
    programme = (
        three_boroughs(savings=()).with_placements((running,)).with_uplift_rounds((_round(),))
    )
    ledger = build_ledger(programme, horizon=FY19)
    assert [(r.source, r.financial_year, r.borough, r.amount.pence) for r in ledger.records] == [
        (SavingSource.FEE_INCREASE_AVOIDANCE, FY19, BEXLEY, 156_857)
    ]


def test_entered_fee_increase_avoidance_wins_over_derived() -> None:
    entered = saving("entered", 1, year=FY19, source=SavingSource.FEE_INCREASE_AVOIDANCE)
    running = placement("RUN", BEXLEY, 3 * 366, 100_000)
    programme = (
        three_boroughs(savings=(entered,))
        .with_placements((running,))
        .with_uplift_rounds((_round(),))
    )
    assert build_ledger(programme, horizon=FY19).records == (entered,)
