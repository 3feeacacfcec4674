"""Purchasing vehicles: framework terms with extensions, DPSs, block contracts, routes, bands."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import (
    BlockContract,
    DynamicPurchasingSystem,
    FrameworkAgreement,
    Lot,
    LotId,
    PriceBand,
    ProcurementRegime,
    PurchaseRoute,
    RouteKind,
    VehicleId,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.money import Money
from slcp.periods import DateRange

D = dt.date


def _framework(start: dt.date, taken: int = 0) -> FrameworkAgreement:
    return FrameworkAgreement(
        id=VehicleId("F"),
        name="LAC framework",
        workstream=Workstream.LAC,
        start=start,
        initial_term_years=4,
        extension_years=(2, 2),
        extensions_taken=taken,
        lots=(Lot(id=LotId("F/1"), number=1, name="Residential"),),
    )


def test_lac_framework_4_plus_2_plus_2_from_march_2020() -> None:
    # seed 004 §6: go-live March 2020, 8 years as 4 + 2 + 2
    fw = _framework(D(2020, 3, 1))
    assert fw.end_without_extensions == D(2024, 3, 1)
    assert fw.end_with_all_extensions == D(2028, 3, 1)
    assert fw.term == DateRange(start=D(2020, 3, 1), end=D(2024, 3, 1))
    assert fw.maximum_term.end == D(2028, 3, 1)
    assert _framework(D(2020, 3, 1), taken=1).term.end == D(2026, 3, 1)
    assert _framework(D(2020, 3, 1), taken=2).term.end == D(2028, 3, 1)


def test_framework_starting_on_29_february() -> None:
    # anniversaries from the origin: 2024 is a leap year, 2026 and 2028... 2028 is leap too
    fw = _framework(D(2020, 2, 29))
    assert fw.end_without_extensions == D(2024, 2, 29)
    assert _framework(D(2020, 2, 29), taken=1).term.end == D(2026, 2, 28)
    assert fw.end_with_all_extensions == D(2028, 2, 29)


def test_framework_term_is_half_open() -> None:
    fw = _framework(D(2020, 3, 1))
    assert D(2024, 2, 29) in fw.term
    assert D(2024, 3, 1) not in fw.term
    residential = fw.lot("F/1")
    assert residential is not None
    assert (residential.number, residential.name) == (1, "Residential")
    assert fw.lot("F/2") is None


@pytest.mark.parametrize("taken", [-1, 3])
def test_extensions_taken_must_be_among_the_options(taken: int) -> None:
    with pytest.raises(InvalidValueError) as info:
        _framework(D(2020, 3, 1), taken=taken)
    assert info.value.field == "extensions_taken"


def test_framework_terms_must_be_positive() -> None:
    with pytest.raises(InvalidValueError):
        FrameworkAgreement(
            id=VehicleId("F"),
            name="F",
            workstream=Workstream.LAC,
            start=D(2020, 3, 1),
            initial_term_years=0,
        )
    with pytest.raises(InvalidValueError):
        FrameworkAgreement(
            id=VehicleId("F"),
            name="F",
            workstream=Workstream.LAC,
            start=D(2020, 3, 1),
            initial_term_years=4,
            extension_years=(2, 0),
        )


def test_dps_and_dynamic_market() -> None:
    dps = DynamicPurchasingSystem(
        id=VehicleId("D"),
        name="SEND DPS",
        workstream=Workstream.SEND,
        period=DateRange.open_from(D(2016, 6, 1)),
    )
    assert dps.term.is_open_ended
    assert not dps.is_dynamic_market
    market = DynamicPurchasingSystem(
        id=VehicleId("M"),
        name="Dynamic market",
        workstream=Workstream.SEND,
        period=DateRange.open_from(D(2025, 2, 24)),
        regime=ProcurementRegime.PA_2023,
    )
    assert market.is_dynamic_market


def test_block_contract_term() -> None:
    block = BlockContract(
        id=VehicleId("B"),
        name="Beds",
        workstream=Workstream.LAC,
        provider="PRV-1",
        period=DateRange(start=D(2019, 4, 1), end=D(2022, 4, 1)),
        places=4,
        annual_value=Money(80_000_000),
    )
    assert block.term.days == 365 + 366 + 365  # 2019/20 holds 29 Feb 2020


def test_price_band_is_inclusive_at_both_ends() -> None:
    band = PriceBand(min_weekly=Money(300_000), max_weekly=Money(500_000))
    assert band.contains(Money(300_000))
    assert band.contains(Money(500_000))
    assert not band.contains(Money(299_999))
    assert not band.contains(Money(500_001))
    with pytest.raises(InvalidValueError):
        PriceBand(min_weekly=Money(2), max_weekly=Money(1))
    with pytest.raises(InvalidValueError):
        PriceBand(min_weekly=Money(-1), max_weekly=Money(1))


def test_routes_name_a_vehicle_exactly_when_they_need_one() -> None:
    assert PurchaseRoute(kind=RouteKind.IN_HOUSE).vehicle is None
    assert PurchaseRoute(kind=RouteKind.BLOCK_CONTRACT, vehicle=VehicleId("B")).lot is None
    for kind in (RouteKind.FRAMEWORK_CALL_OFF, RouteKind.DPS_CALL_OFF, RouteKind.BLOCK_CONTRACT):
        assert kind.needs_vehicle
        assert kind.is_commissioned
        with pytest.raises(InvalidValueError):
            PurchaseRoute(kind=kind)
    for kind in (RouteKind.SPOT, RouteKind.IN_HOUSE):
        with pytest.raises(InvalidValueError):
            PurchaseRoute(kind=kind, vehicle=VehicleId("F"))
        with pytest.raises(InvalidValueError):
            PurchaseRoute(kind=kind, lot=LotId("F/1"))


@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=-10, max_value=2 * 10**6),
)
def test_a_price_band_contains_what_money_comparisons_say(low: int, span: int, fee: int) -> None:
    band = PriceBand(min_weekly=Money(low), max_weekly=Money(low + span))
    assert band.contains(Money(fee)) == (Money(low) <= Money(fee) <= Money(low + span))
    assert band.contains(Money(fee)) == (low <= fee <= low + span)
