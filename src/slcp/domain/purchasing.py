"""Purchasing vehicles: frameworks and their lots, dynamic purchasing systems, block contracts.

A placement's :class:`PurchaseRoute` says which vehicle (and lot) it was called off, or that it
was a spot purchase or in-house provision. Vehicles are a kind
(:class:`~slcp.domain.codes.RouteKind`), never a yes/no "on framework" flag.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import NewType

import attrs

from slcp.domain.codes import RouteKind, ServiceKind, Workstream
from slcp.errors import InvalidValueError
from slcp.money import Money
from slcp.periods import DateRange, anniversary

__all__ = [
    "BlockContract",
    "DynamicPurchasingSystem",
    "FrameworkAgreement",
    "Lot",
    "LotId",
    "PriceBand",
    "ProcurementRegime",
    "PurchaseRoute",
    "PurchasingVehicle",
    "VehicleId",
]

#: Id of a framework, DPS or block contract, e.g. ``"LAC-FW-2020"``.
VehicleId = NewType("VehicleId", str)
#: Id of a lot, unique within the programme, e.g. ``"LAC-FW-2020/1"``.
LotId = NewType("LotId", str)


@attrs.frozen(kw_only=True)
class PriceBand:
    """The weekly price range expected for a lot, both bounds **inclusive**.

    Attributes:
        min_weekly: lowest expected weekly fee.
        max_weekly: highest expected weekly fee.

    >>> band = PriceBand(min_weekly=Money(300_000), max_weekly=Money(500_000))
    >>> band.contains(Money(500_000)), band.contains(Money(500_001))
    (True, False)
    """

    min_weekly: Money
    max_weekly: Money

    def __attrs_post_init__(self) -> None:
        if self.min_weekly.pence < 0 or self.max_weekly < self.min_weekly:
            raise InvalidValueError(
                "a price band needs 0 <= min_weekly <= max_weekly",
                field="max_weekly",
                value=(str(self.min_weekly), str(self.max_weekly)),
            )

    def contains(self, weekly: Money) -> bool:
        """True when ``min_weekly <= weekly <= max_weekly``."""
        if type(weekly) is Money:
            # the same comparison in integer pence, without Money's generic ordering (a
            # scorecard checks every placement's fee against its lot's band)
            return self.min_weekly.pence <= weekly.pence <= self.max_weekly.pence
        return self.min_weekly <= weekly <= self.max_weekly


@attrs.frozen(kw_only=True)
class Lot:
    """A lot of a framework or a category of a DPS.

    Attributes:
        id: unique lot id.
        number: the lot number within its vehicle (1, 2, 3...).
        name: e.g. ``"Residential LAC placements"``.
        service_kinds: the kinds of service bought through it.
        price_band: expected weekly price range, where the lot sets one.
    """

    id: LotId
    number: int
    name: str
    service_kinds: tuple[ServiceKind, ...] = ()
    price_band: PriceBand | None = None


class ProcurementRegime(enum.Enum):
    """The procurement law a vehicle was let under."""

    PCR_2015 = "pcr_2015"
    """Public Contracts Regulations 2015 (light-touch regime for social care)."""
    PA_2023 = "pa_2023"
    """Procurement Act 2023 (a DPS becomes a "dynamic market")."""


@attrs.frozen(kw_only=True)
class FrameworkAgreement:
    """A framework agreement with lots and an initial term plus optional extensions.

    The LAC framework (seed 004 §6) went live in March 2020 for 4 + 2 + 2 years: an initial
    term of 4 years and two optional extensions of 2 years each.

    Attributes:
        id: vehicle id.
        name: its name.
        workstream: the workstream it serves.
        start: first day of the term.
        initial_term_years: the initial term in years.
        extension_years: each optional extension, in years, in the order they may be taken.
        extensions_taken: how many of the extensions have been taken.
        lots: its lots.
        reopenings: dates on which it re-opens to admit new providers.
        regime: procurement regime.

    >>> fw = FrameworkAgreement(id=VehicleId("F"), name="LAC", workstream=Workstream.LAC,
    ...     start=dt.date(2020, 3, 1), initial_term_years=4, extension_years=(2, 2))
    >>> fw.end_without_extensions, fw.end_with_all_extensions
    (datetime.date(2024, 3, 1), datetime.date(2028, 3, 1))
    >>> fw.term.days == (dt.date(2024, 3, 1) - dt.date(2020, 3, 1)).days
    True
    """

    id: VehicleId
    name: str
    workstream: Workstream
    start: dt.date
    initial_term_years: int
    extension_years: tuple[int, ...] = ()
    extensions_taken: int = 0
    lots: tuple[Lot, ...] = ()
    reopenings: tuple[dt.date, ...] = ()
    regime: ProcurementRegime = ProcurementRegime.PCR_2015

    def __attrs_post_init__(self) -> None:
        if self.initial_term_years <= 0 or any(y <= 0 for y in self.extension_years):
            raise InvalidValueError(
                "framework terms must be positive whole years",
                field="initial_term_years",
                value=self.initial_term_years,
            )
        if not 0 <= self.extensions_taken <= len(self.extension_years):
            raise InvalidValueError(
                "extensions_taken must be between 0 and the number of extension options",
                field="extensions_taken",
                value=self.extensions_taken,
                expected=f"0..{len(self.extension_years)}",
            )

    def _end_after(self, years: int) -> dt.date:
        # from the origin date, never year by year (29 Feb clamps to 28 Feb)
        return anniversary(self.start, years)

    @property
    def end_without_extensions(self) -> dt.date:
        """First day after the initial term (half-open end)."""
        return self._end_after(self.initial_term_years)

    @property
    def end_with_all_extensions(self) -> dt.date:
        """First day after the term if every extension is taken."""
        return self._end_after(self.initial_term_years + sum(self.extension_years))

    @property
    def term(self) -> DateRange:
        """The term in force: initial term plus the extensions taken, ``[start, end)``."""
        taken = sum(self.extension_years[: self.extensions_taken])
        return DateRange(start=self.start, end=self._end_after(self.initial_term_years + taken))

    @property
    def maximum_term(self) -> DateRange:
        """The longest possible term, with every extension taken."""
        return DateRange(start=self.start, end=self.end_with_all_extensions)

    def lot(self, lot_id: str) -> Lot | None:
        """The lot with this id, or ``None``."""
        return next((lot for lot in self.lots if lot.id == lot_id), None)


@attrs.frozen(kw_only=True)
class DynamicPurchasingSystem:
    """A dynamic purchasing system (a "dynamic market" under the Procurement Act 2023).

    Providers are registered, accredited and enrolled (admitted) at any time while it is open.

    Attributes:
        id: vehicle id.
        name: its name.
        workstream: the workstream it serves.
        period: when it is open for call-offs, ``[start, end)``; open-ended allowed.
        lots: its categories.
        regime: procurement regime; under ``PA_2023`` it is called a dynamic market.
    """

    id: VehicleId
    name: str
    workstream: Workstream
    period: DateRange
    lots: tuple[Lot, ...] = ()
    regime: ProcurementRegime = ProcurementRegime.PCR_2015

    @property
    def term(self) -> DateRange:
        """The period it is open, ``[start, end)``."""
        return self.period

    @property
    def is_dynamic_market(self) -> bool:
        """True when let under the Procurement Act 2023."""
        return self.regime is ProcurementRegime.PA_2023

    def lot(self, lot_id: str) -> Lot | None:
        """The lot (category) with this id, or ``None``."""
        return next((lot for lot in self.lots if lot.id == lot_id), None)


@attrs.frozen(kw_only=True)
class BlockContract:
    """A block contract: a number of places bought from one provider for a period.

    Attributes:
        id: vehicle id.
        name: its name.
        workstream: the workstream it serves.
        provider: the provider holding it.
        period: ``[start, end)``.
        places: number of places bought.
        annual_value: contract value per year.
    """

    id: VehicleId
    name: str
    workstream: Workstream
    provider: str
    period: DateRange
    places: int
    annual_value: Money

    @property
    def term(self) -> DateRange:
        """The contract period, ``[start, end)``."""
        return self.period


#: Any vehicle a placement can be called off.
PurchasingVehicle = FrameworkAgreement | DynamicPurchasingSystem | BlockContract


@attrs.frozen(kw_only=True)
class PurchaseRoute:
    """How a placement was bought.

    Attributes:
        kind: framework call-off, DPS call-off, block contract, spot, in-house.
        vehicle: the framework, DPS or block contract used (required for those kinds, absent
            for spot and in-house).
        lot: the lot called off, where the vehicle has lots.

    >>> PurchaseRoute(kind=RouteKind.SPOT)
    PurchaseRoute(kind=<RouteKind.SPOT: 'spot'>, vehicle=None, lot=None)
    >>> PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF)
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a framework_call_off route must name its vehicle...
    """

    kind: RouteKind
    vehicle: VehicleId | None = None
    lot: LotId | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind.needs_vehicle and self.vehicle is None:
            raise InvalidValueError(
                f"a {self.kind.value} route must name its vehicle",
                field="vehicle",
                expected="the id of a framework, DPS or block contract",
            )
        if not self.kind.needs_vehicle and (self.vehicle is not None or self.lot is not None):
            raise InvalidValueError(
                f"a {self.kind.value} route has no vehicle or lot",
                field="vehicle",
                value=self.vehicle or self.lot,
            )
