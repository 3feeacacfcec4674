"""Providers: URNs, Ofsted ratings over time, admission status on dates."""

from __future__ import annotations

import datetime as dt

import pytest

from slcp.domain import (
    Admission,
    AdmissionStatus,
    LotId,
    OfstedRating,
    Provider,
    ProviderId,
    VehicleId,
)
from slcp.errors import InvalidValueError
from slcp.timeline import Timeline, TimelineEntry
from tests.domain.builders import SOURCE

D = dt.date


def _a(lot: str | None, status: AdmissionStatus, on: dt.date, vehicle: str = "F") -> Admission:
    return Admission(
        vehicle=VehicleId(vehicle),
        lot=None if lot is None else LotId(lot),
        status=status,
        effective=on,
    )


PROVIDER = Provider(
    id=ProviderId("PRV-1"),
    name="Homes Ltd",
    urn="SC123456",
    ofsted=Timeline(
        entries=(
            TimelineEntry(effective=D(2018, 5, 1), value=OfstedRating.GOOD, source=SOURCE),
            TimelineEntry(
                effective=D(2020, 2, 29), value=OfstedRating.REQUIRES_IMPROVEMENT, source=SOURCE
            ),
        )
    ),
    admissions=(
        _a("F/1", AdmissionStatus.APPLIED, D(2020, 1, 15)),
        _a("F/1", AdmissionStatus.ADMITTED, D(2020, 3, 1)),
        _a("F/1", AdmissionStatus.SUSPENDED, D(2021, 4, 1)),
        _a("F/1", AdmissionStatus.ADMITTED, D(2021, 7, 1)),
        _a("F/1", AdmissionStatus.REMOVED, D(2023, 3, 31)),
        _a(None, AdmissionStatus.ADMITTED, D(2016, 9, 1), vehicle="D"),
    ),
)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2020, 1, 14), None),
        (D(2020, 1, 15), AdmissionStatus.APPLIED),
        (D(2020, 2, 29), AdmissionStatus.APPLIED),
        (D(2020, 3, 1), AdmissionStatus.ADMITTED),
        (D(2021, 3, 31), AdmissionStatus.ADMITTED),
        (D(2021, 4, 1), AdmissionStatus.SUSPENDED),
        (D(2021, 7, 1), AdmissionStatus.ADMITTED),
        (D(2023, 3, 30), AdmissionStatus.ADMITTED),
        (D(2023, 3, 31), AdmissionStatus.REMOVED),
    ],
)
def test_admission_status_on_dates(day: dt.date, status: AdmissionStatus | None) -> None:
    assert PROVIDER.status_on("F", "F/1", day) is status
    assert PROVIDER.is_admitted("F", "F/1", day) == (status is AdmissionStatus.ADMITTED)


def test_admission_to_one_lot_is_not_admission_to_another() -> None:
    assert PROVIDER.status_on("F", "F/2", D(2020, 6, 1)) is None
    assert not PROVIDER.is_admitted("F", "F/2", D(2020, 6, 1))


def test_an_admission_without_a_lot_covers_every_lot() -> None:
    assert PROVIDER.is_admitted("D", "D/1", D(2016, 9, 1))
    assert PROVIDER.is_admitted("D", None, D(2019, 9, 1))
    assert not PROVIDER.is_admitted("D", "D/1", D(2016, 8, 31))


def test_ofsted_rating_on() -> None:
    assert PROVIDER.rating_on(D(2018, 4, 30)) is None  # not yet inspected
    assert PROVIDER.rating_on(D(2020, 2, 28)) is OfstedRating.GOOD
    assert PROVIDER.rating_on(D(2020, 2, 29)) is OfstedRating.REQUIRES_IMPROVEMENT
    assert not OfstedRating.REQUIRES_IMPROVEMENT.is_good_or_better
    assert Provider(id=ProviderId("P"), name="P").rating_on(D(2020, 1, 1)) is None


@pytest.mark.parametrize("urn", ["SC123456", "123456", "12345", "1234567"])
def test_urns(urn: str) -> None:
    assert Provider(id=ProviderId("P"), name="P", urn=urn).urn == urn


@pytest.mark.parametrize("urn", ["SC12", "sc123456", "AB123456", "12345678", "SC 123456"])
def test_bad_urns_are_refused(urn: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        Provider(id=ProviderId("P"), name="P", urn=urn)
    assert info.value.field == "urn"
