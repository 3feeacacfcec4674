"""Providers: schools, children's homes and fostering agencies, their Ofsted history and their
admission to framework lots and dynamic purchasing systems over time."""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import NewType

import attrs

from slcp.domain.codes import OfstedRating
from slcp.domain.purchasing import LotId, VehicleId
from slcp.errors import InvalidValueError, ParameterNotFoundError
from slcp.timeline import Timeline

__all__ = ["Admission", "AdmissionStatus", "Provider", "ProviderId"]

#: A provider's id within the programme, e.g. ``"PRV-0001"``.
ProviderId = NewType("ProviderId", str)

_URN = re.compile(r"^(SC)?\d{5,7}$")


class AdmissionStatus(enum.Enum):
    """Where a provider stands on a framework lot or DPS on a date.

    On a DPS a provider is registered, then accredited, then enrolled; enrolment is
    ``ADMITTED``. Only ``ADMITTED`` permits call-offs.
    """

    APPLIED = "applied"
    REGISTERED = "registered"
    ACCREDITED = "accredited"
    ADMITTED = "admitted"
    SUSPENDED = "suspended"
    REMOVED = "removed"


@attrs.frozen(kw_only=True)
class Admission:
    """A change in a provider's status on one vehicle (and lot), effective from a date.

    Attributes:
        vehicle: the framework or DPS.
        lot: the lot, or ``None`` for a vehicle without lots (or all its lots).
        status: the new status.
        effective: the first day the status holds (until the next change for the same
            vehicle and lot).
    """

    vehicle: VehicleId
    lot: LotId | None
    status: AdmissionStatus
    effective: dt.date


def _check_urn(value: str | None) -> str | None:
    if value is not None and (not isinstance(value, str) or not _URN.fullmatch(value)):
        raise InvalidValueError(
            "not an Ofsted or DfE URN",
            field="urn",
            value=value,
            expected="5-7 digits, optionally prefixed 'SC' (social care), e.g. 'SC123456'",
        )
    return value


@attrs.frozen(kw_only=True)
class Provider:
    """A provider of placements.

    Attributes:
        id: the programme's id for it.
        name: trading name (an organisation, never a person).
        urn: Ofsted (``SC…``) or DfE school URN where registered.
        tier: optional tier used by fee-uplift bands (e.g. ``"A"``).
        ofsted: Ofsted rating history (each rating in force from its inspection date).
        admissions: dated status changes on frameworks and DPSs.
        gias_establishment_type: DfE GIAS type code for schools (8 non-maintained special,
            10 other independent special, 32 special post-16 institution).
    """

    id: ProviderId
    name: str
    urn: str | None = attrs.field(default=None, converter=_check_urn)
    tier: str | None = None
    ofsted: Timeline[OfstedRating] | None = None
    admissions: tuple[Admission, ...] = ()
    gias_establishment_type: int | None = None

    def rating_on(self, day: dt.date) -> OfstedRating | None:
        """The Ofsted rating in force on ``day``, or ``None`` if not yet inspected."""
        if self.ofsted is None:
            return None
        try:
            return self.ofsted.value_on(day)  # one look-up, not a test and then the value
        except ParameterNotFoundError:
            return None

    def status_on(self, vehicle: str, lot: str | None, day: dt.date) -> AdmissionStatus | None:
        """The provider's status on ``vehicle``/``lot`` on ``day`` (``None``: never applied).

        An admission recorded with ``lot=None`` covers every lot of the vehicle.
        """
        relevant = [
            a
            for a in self.admissions
            if a.vehicle == vehicle
            and (a.lot is None or lot is None or a.lot == lot)
            and a.effective <= day
        ]
        if not relevant:
            return None
        return max(relevant, key=lambda a: a.effective).status

    def is_admitted(self, vehicle: str, lot: str | None, day: dt.date) -> bool:
        """True when the provider may be called off ``vehicle``/``lot`` on ``day``."""
        return self.status_on(vehicle, lot, day) is AdmissionStatus.ADMITTED
