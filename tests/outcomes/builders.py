"""Hand-built programmes for the outcomes tests: one lot, a few providers, explicit placements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
    Admission,
    AdmissionStatus,
    ChildRef,
    Direction,
    EndingReason,
    FeeComponents,
    FrameworkAgreement,
    GssCode,
    IndividualChildAgreement,
    Lot,
    LotId,
    OfstedRating,
    OutcomeDomain,
    Placement,
    PlacementEnding,
    PlacementId,
    PriceBand,
    Programme,
    Provider,
    ProviderId,
    PurchaseRoute,
    RouteKind,
    ServiceKind,
    VehicleId,
    Workstream,
)
from slcp.money import Money
from slcp.outcomes import Derivation, KpiDefinition, KpiId, RagThresholds
from slcp.periods import DateRange
from slcp.timeline import Source, SourceKind, Timeline

CROYDON = GssCode("E09000008")
LEWISHAM = GssCode("E09000023")
FW = VehicleId("LAC-FW")
LOT1 = LotId("LAC-FW/1")
LOT2 = LotId("LAC-FW/2")
SRC = Source(kind=SourceKind.ASSUMPTION, citation="test thresholds")
FY2020 = DateRange(start=dt.date(2020, 4, 1), end=dt.date(2021, 4, 1))

FRAMEWORK = FrameworkAgreement(
    id=FW,
    name="LAC framework",
    workstream=Workstream.LAC,
    start=dt.date(2020, 3, 1),
    initial_term_years=4,
    lots=(
        Lot(
            id=LOT1,
            number=1,
            name="Residential",
            service_kinds=(ServiceKind.CHILDRENS_HOME,),
            price_band=PriceBand(min_weekly=Money(300_000), max_weekly=Money(500_000)),
        ),
        Lot(
            id=LOT2,
            number=2,
            name="IFA",
            service_kinds=(ServiceKind.INDEPENDENT_FOSTERING,),
        ),
    ),
)


def provider(pid: str, *, rating: OfstedRating | None = OfstedRating.GOOD) -> Provider:
    ofsted = (
        None
        if rating is None
        else Timeline.constant(
            rating,
            effective=dt.date(2015, 1, 1),
            source=Source(kind=SourceKind.INSPECTION, citation="test inspection"),
        )
    )
    return Provider(
        id=ProviderId(pid),
        name=f"Provider {pid}",
        ofsted=ofsted,
        admissions=(
            Admission(
                vehicle=FW, lot=LOT1, status=AdmissionStatus.ADMITTED, effective=dt.date(2020, 3, 1)
            ),
        ),
    )


def placement(
    pid: str,
    start: dt.date,
    end: dt.date | None = None,
    *,
    prov: str = "PRV-A",
    ending: EndingReason | None = None,
    miles: str | None = None,
    continuity: bool | None = None,
    route: RouteKind = RouteKind.FRAMEWORK_CALL_OFF,
    lot: LotId | None = LOT1,
    weekly_pence: int = 400_000,
    borough: GssCode = CROYDON,
) -> Placement:
    on_vehicle = route in (RouteKind.FRAMEWORK_CALL_OFF, RouteKind.DPS_CALL_OFF)
    return Placement(
        id=PlacementId(pid),
        child=ChildRef(f"C-{pid}"),
        borough=borough,
        workstream=Workstream.LAC,
        provider=ProviderId(prov),
        service=ServiceKind.CHILDRENS_HOME,
        period=DateRange(start=start, end=end),
        fees=Timeline.constant(
            FeeComponents(core=Money(weekly_pence)), effective=start, source=SRC
        ),
        route=PurchaseRoute(kind=route, vehicle=FW, lot=lot)
        if on_vehicle
        else PurchaseRoute(kind=route),
        distance_from_home_miles=None if miles is None else Decimal(miles),
        ending=None if ending is None else PlacementEnding(reason=ending),
        education_continuity=continuity,
    )


def programme(
    placements: tuple[Placement, ...],
    *,
    providers: tuple[Provider, ...] | None = None,
    agreements: tuple[IndividualChildAgreement, ...] = (),
) -> Programme:
    return Programme(
        name="Test partnership",
        host=CROYDON,
        boroughs=SOUTH_LONDON_BOROUGHS,
        vehicles=(FRAMEWORK,),
        providers=providers if providers is not None else (provider("PRV-A"),),
        placements=placements,
        agreements=agreements,
    )


def kpi(
    kpi_id: str,
    derivation: Derivation,
    *,
    green: str,
    amber: str,
    weight: int = 1,
    lower_is_better: bool = False,
    parameter: Decimal | None = None,
) -> KpiDefinition:
    return KpiDefinition(
        id=KpiId(kpi_id),
        name=kpi_id,
        domain=OutcomeDomain.STABILITY,
        unit=derivation.unit,
        direction=Direction.LOWER_IS_BETTER if lower_is_better else Direction.HIGHER_IS_BETTER,
        target=Decimal(green),
        thresholds=Timeline.constant(
            RagThresholds(green=Decimal(green), amber=Decimal(amber)),
            effective=dt.date(2014, 4, 1),
            source=SRC,
        ),
        weight=Decimal(weight),
        derivation=derivation,
        parameter=parameter,
    )
