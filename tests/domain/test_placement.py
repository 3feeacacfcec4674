"""Placements: fee components and history, charging basis, funding shares, endings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from slcp.domain import (
    PRO_RATA_DAILY,
    ChargingBasis,
    ChargingMethod,
    ChildRef,
    EndingReason,
    FeeComponents,
    FundingShares,
    PlacementEnding,
    ServiceKind,
    Workstream,
)
from slcp.errors import InvalidValueError, ParameterNotFoundError
from slcp.money import Money, Rate, allocate_pence
from slcp.periods import DateRange
from slcp.timeline import Timeline, TimelineEntry
from tests.domain.builders import CROYDON, SOURCE, fees, placement
from tests.domain.builders import clean_programme as _clean

D = dt.date
PL1 = _clean().placement("PL-1")  # LAC, [2020-04-01, 2021-04-01), £4,000 a week from the start


def test_fee_components_total_and_order() -> None:
    f = FeeComponents(
        core=Money(400_000),
        additional_support=Money(50_000),
        education=Money(25_000),
        other=Money(1),
    )
    # 4000 + 500 + 250 + 0.01 = £4,750.01
    assert f.total == Money(475_001)
    assert list(f.as_dict()) == ["core", "additional_support", "education", "other"]
    assert FeeComponents(core=Money(0)).total == Money(0)


@pytest.mark.parametrize("field", ["core", "additional_support", "education", "other"])
def test_negative_fee_components_are_refused(field: str) -> None:
    values = {"core": Money(100), field: Money(-1)}
    with pytest.raises(InvalidValueError) as info:
        FeeComponents(**values)
    assert info.value.field == field


def test_fee_components_must_be_money() -> None:
    with pytest.raises(InvalidValueError):
        FeeComponents(core=400_000)  # type: ignore[arg-type]


def test_fee_history_must_start_on_the_placement_start() -> None:
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(PL1, fees=fees(D(2020, 4, 2)))
    assert info.value.field == "fees[0].effective"
    assert info.value.expected == "2020-04-01"
    with pytest.raises(InvalidValueError):
        attrs.evolve(PL1, fees=fees(D(2020, 3, 31)))


def test_a_placement_needs_a_fee() -> None:
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(PL1, fees=Timeline(entries=()))
    assert info.value.field == "fees"


def test_an_open_placement_cannot_have_an_ending() -> None:
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(
            PL1,
            period=DateRange.open_from(D(2020, 4, 1)),
            ending=PlacementEnding(reason=EndingReason.PLANNED_END),
        )
    assert info.value.field == "ending"


def test_the_service_must_belong_to_the_workstream() -> None:
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(PL1, service=ServiceKind.SEND_DAY)
    assert info.value.field == "service"
    assert ServiceKind.SEND_DAY.workstream is Workstream.SEND
    assert ServiceKind.INDEPENDENT_FOSTERING.workstream is Workstream.LAC


def test_child_ref_with_a_space_and_full_postcode_are_refused() -> None:
    with pytest.raises(InvalidValueError):
        attrs.evolve(PL1, child=ChildRef("Jane Smith"))
    with pytest.raises(InvalidValueError):
        attrs.evolve(PL1, location="CR0 1AB")
    assert attrs.evolve(PL1, location="CR0").location == "CR0"


def test_distance_must_be_an_exact_non_negative_decimal() -> None:
    twelve_and_a_half = attrs.evolve(PL1, distance_from_home_miles=Decimal("12.5"))
    assert twelve_and_a_half.distance_from_home_miles == Decimal("12.5")
    assert attrs.evolve(PL1, distance_from_home_miles=Decimal(0)).distance_from_home_miles == 0
    with pytest.raises(InvalidValueError):
        attrs.evolve(PL1, distance_from_home_miles=12.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        attrs.evolve(PL1, distance_from_home_miles=Decimal("-1"))


def test_fee_on_follows_the_history_and_is_missing_outside_it() -> None:
    rise = TimelineEntry(
        effective=D(2020, 10, 1), value=FeeComponents(core=Money(420_000)), source=SOURCE
    )
    p = PL1.with_fees(PL1.fees.with_entry(rise))
    assert p.fee_on(D(2020, 9, 30)).total == Money(400_000)
    assert p.fee_on(D(2020, 10, 1)).total == Money(420_000)
    with pytest.raises(ParameterNotFoundError):
        p.fee_on(D(2020, 3, 31))


def test_with_end_and_is_active_on() -> None:
    p = placement(
        "P",
        "C1",
        CROYDON,
        Workstream.LAC,
        "PRV-1",
        ServiceKind.CHILDRENS_HOME,
        DateRange.open_from(D(2020, 2, 29)),
        PL1.route,
    )
    ended = p.with_end(D(2020, 3, 31), PlacementEnding(reason=EndingReason.UNPLANNED_BREAKDOWN))
    assert ended.is_active_on(D(2020, 3, 30))
    assert not ended.is_active_on(D(2020, 3, 31))
    assert ended.period.days == 31  # 29 Feb + 30 days of March
    assert ended.ending is not None
    assert not ended.ending.is_planned
    assert p.period.is_open_ended  # the original is unchanged
    with pytest.raises(InvalidValueError):
        p.with_end(D(2020, 2, 28))


def test_charging_basis() -> None:
    assert ChargingBasis(method=ChargingMethod.DAILY_PRO_RATA) == PRO_RATA_DAILY
    termly = ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38)
    assert termly.weeks_per_year == 38
    for weeks in (None, 0, 53):
        with pytest.raises(InvalidValueError):
            ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=weeks)
    with pytest.raises(InvalidValueError):
        ChargingBasis(method=ChargingMethod.WHOLE_WEEKS, weeks_per_year=52)


def test_funding_shares_sum_to_exactly_one() -> None:
    shares = FundingShares(
        social_care=Rate.of("0.5"), education=Rate.of("0.3"), health=Rate.of("0.2")
    )
    # £1,000.01 split 50/30/20: 50000.5 / 30000.3 / 20000.2 -> floors 50000/30000/20000,
    # the spare penny to the largest remainder (social care, 0.5)
    assert allocate_pence(100_001, shares.as_weights()) == {
        "social_care": 50_001,
        "education": 30_000,
        "health": 20_000,
    }
    assert FundingShares.all_education().education == Rate.of("1")
    assert FundingShares.all_social_care().social_care == Rate.of("1")
    thirds = FundingShares(
        social_care=Rate.of("0.3333"), education=Rate.of("0.3333"), health=Rate.of("0.3334")
    )
    assert thirds.health == Rate.of("0.3334")


@pytest.mark.parametrize(
    ("social_care", "education", "health"),
    [
        ("0.5", "0.5", "0.01"),
        ("0.5", "0", "0"),
        ("0.3333", "0.3333", "0.3333"),
        ("1.5", "-0.5", "0"),
    ],
)
def test_funding_shares_not_summing_to_one_are_refused(
    social_care: str, education: str, health: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        FundingShares(
            social_care=Rate.of(social_care), education=Rate.of(education), health=Rate.of(health)
        )
    assert info.value.field == "funding"


def test_funding_shares_are_checked_exactly_however_often_a_split_recurs() -> None:
    # 31 significant digits, more than Decimal's default context keeps: 0.1000…01 + 0.8999…99
    # is exactly 1, and 10^-31 more is not; each verdict holds on every call
    tiny = "0." + "0" * 30 + "1"  # 10^-31
    low, high = "0.1" + "0" * 29 + "1", "0.8" + "9" * 30  # 0.1 + 10^-31 and 0.9 - 10^-31
    for _ in range(2):
        assert FundingShares(social_care=Rate.of(low), education=Rate.of(high)).health == Rate.of(
            "0"
        )
        with pytest.raises(InvalidValueError):
            FundingShares(social_care=Rate.of(low), education=Rate.of(high), health=Rate.of(tiny))


def test_ending_reasons_planned_or_not() -> None:
    planned = {r for r in EndingReason if r.is_planned}
    assert planned == {EndingReason.PLANNED_MOVE, EndingReason.PLANNED_END}
