"""Hand-built placements, rounds and programmes for the pricing tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
    ChargingBasis,
    ChargingMethod,
    FeeComponents,
    FeeUpliftRound,
    GssCode,
    LotId,
    Placement,
    PlacementId,
    Programme,
    Provider,
    ProviderId,
    PurchaseRoute,
    RouteKind,
    ServiceKind,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    UpliftTiming,
    VehicleId,
    Workstream,
)
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

SOURCE = Source(kind=SourceKind.ASSUMPTION, citation="pricing test fixture")
CROYDON = GssCode("E09000008")
SUTTON = GssCode("E09000029")
MERTON = GssCode("E09000024")
TERM_TIME = ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38)
WHOLE_WEEKS = ChargingBasis(method=ChargingMethod.WHOLE_WEEKS)


def d(text: str) -> dt.date:
    """A date from ``YYYY-MM-DD``."""
    return dt.date.fromisoformat(text)


def placement(
    pid: str = "PL1",
    *,
    start: str = "2019-04-01",
    end: str | None = None,
    fees: Sequence[tuple[str, int]] = (),
    weekly_pence: int = 100_000,
    borough: GssCode = CROYDON,
    workstream: Workstream = Workstream.SEND,
    service: ServiceKind | None = None,
    provider: str | None = "P1",
    charging: ChargingBasis | None = None,
    lot: str | None = None,
    fees_end: str | None = None,
) -> Placement:
    """A placement with a fee history given as ``(effective, weekly pence)`` pairs."""
    history = list(fees) or [(start, weekly_pence)]
    if service is None:
        service = (
            ServiceKind.SEND_DAY if workstream is Workstream.SEND else ServiceKind.CHILDRENS_HOME
        )
    route = (
        PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("FW"), lot=LotId(lot))
        if lot is not None
        else PurchaseRoute(kind=RouteKind.SPOT)
    )
    return Placement(
        id=PlacementId(pid),
        child=f"C{pid}",
        borough=borough,
        workstream=workstream,
        provider=ProviderId(provider) if provider is not None else None,
        service=service,
        period=DateRange(start=d(start), end=d(end) if end else None),
        fees=Timeline(
            entries=tuple(
                TimelineEntry(effective=d(day), value=FeeComponents(core=Money(p)), source=SOURCE)
                for day, p in history
            ),
            ends=d(fees_end) if fees_end else None,
        ),
        charging=charging or ChargingBasis(),
        route=route,
    )


def uplift_round(
    year: int,
    *,
    requests: Sequence[tuple[str, str, str | None]] = (("P1", "0.03", None),),
    cap: str | None = "0.01",
    bands: Sequence[tuple[str, str]] = (),
    workstream: Workstream = Workstream.SEND,
    timing: UpliftTiming = UpliftTiming.FINANCIAL_YEAR_START,
    rid: str | None = None,
) -> FeeUpliftRound:
    """A round: ``requests`` are ``(provider, requested, agreed exception or None)``."""
    return FeeUpliftRound(
        id=UpliftId(rid or f"{workstream.value.upper()}-{FinancialYear(year)}"),
        workstream=workstream,
        financial_year=FinancialYear(year),
        timing=timing,
        position=UpliftPosition(
            default_cap=Rate.of(cap) if cap is not None else None,
            bands=tuple(UpliftBand(cap=Rate.of(c), provider_tier=t) for t, c in bands),
            source=SOURCE,
        ),
        requests=tuple(
            UpliftRequest(
                provider=ProviderId(p),
                requested=Rate.of(req),
                agreed=Rate.of(agr) if agr is not None else None,
            )
            for p, req, agr in requests
        ),
        source=SOURCE,
    )


def programme(
    placements: Sequence[Placement],
    rounds: Sequence[FeeUpliftRound] = (),
    *,
    providers: Sequence[str] = ("P1", "P2", "P3"),
    tiers: dict[str, str] | None = None,
) -> Programme:
    """A programme of the South London boroughs with the given placements and rounds."""
    tiers = tiers or {}
    return Programme(
        name="Test programme",
        host=CROYDON,
        boroughs=SOUTH_LONDON_BOROUGHS,
        providers=tuple(
            Provider(id=ProviderId(p), name=f"Provider {p}", tier=tiers.get(p)) for p in providers
        ),
        placements=tuple(placements),
        uplift_rounds=tuple(rounds),
    )
