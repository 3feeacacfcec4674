"""A small hand-built programme that validates cleanly, and helpers to break it one way at a time.

Dates are chosen so each check has a clear edge to test against:

* the LAC framework ``F`` runs ``[2020-03-01, 2024-03-01)`` (4 years, no extension taken yet);
* the SEND DPS ``D`` is open from 2016-06-01; the block contract ``B`` runs 2019/20-2021/22;
* Lambeth was a LAC member for ``[2018-04-01, 2021-04-01)`` only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from slcp.domain import (
    Admission,
    AdmissionStatus,
    BlockContract,
    Borough,
    Budget,
    CareEpisode,
    Child,
    ChildRef,
    ConcernCategory,
    ConcernId,
    Contribution,
    Direction,
    DynamicPurchasingSystem,
    FeeComponents,
    FeeUpliftRound,
    FrameworkAgreement,
    GssCode,
    IcaId,
    IndividualChildAgreement,
    Lot,
    LotId,
    Measurement,
    Membership,
    Outcome,
    OutcomeDomain,
    OutcomeId,
    Placement,
    PlacementId,
    PriceBand,
    Programme,
    Provider,
    ProviderConcern,
    ProviderId,
    PurchaseRoute,
    ReviewSchedule,
    RouteKind,
    SavingId,
    SavingRecord,
    SavingSource,
    ServiceKind,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    VehicleId,
    Workstream,
    borough_by_name,
)
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from slcp.timeline import Source, SourceKind, Timeline

__all__ = [
    "BEXLEY",
    "CROYDON",
    "LAMBETH",
    "SOURCE",
    "agreement",
    "clean_programme",
    "fees",
    "placement",
]

D = dt.date
SOURCE = Source(kind=SourceKind.ASSUMPTION, citation="test fixture")
CROYDON = borough_by_name("Croydon").gss_code
BEXLEY = borough_by_name("Bexley").gss_code
LAMBETH = borough_by_name("Lambeth").gss_code


def fees(start: dt.date, core_pence: int = 400_000) -> Timeline[FeeComponents]:
    """A one-entry fee history from ``start`` (default £4,000 a week)."""
    return Timeline.constant(FeeComponents(core=Money(core_pence)), effective=start, source=SOURCE)


def placement(  # noqa: PLR0917 - each call reads as one row of a placements table
    pid: str,
    child: str,
    borough: GssCode,
    workstream: Workstream,
    provider: str | None,
    service: ServiceKind,
    period: DateRange,
    route: PurchaseRoute,
    core_pence: int = 400_000,
) -> Placement:
    """A placement with a one-entry fee history."""
    return Placement(
        id=PlacementId(pid),
        child=ChildRef(child),
        borough=borough,
        workstream=workstream,
        provider=None if provider is None else ProviderId(provider),
        service=service,
        period=period,
        fees=fees(period.start, core_pence),
        route=route,
    )


_AGREED = D(2020, 4, 1)
_TARGET = D(2020, 10, 1)
_MEASURED = D(2020, 7, 1)


def agreement(
    placement_id: str = "PL-1",
    *,
    agreed_on: dt.date = _AGREED,
    target_date: dt.date = _TARGET,
    measured_on: dt.date = _MEASURED,
    reviews_held: tuple[dt.date, ...] = (_TARGET,),
) -> IndividualChildAgreement:
    """ICA-1 for PL-1 ([2020-04-01, 2021-04-01)) with one outcome and one measurement."""
    return IndividualChildAgreement(
        id=IcaId("ICA-1"),
        placement=PlacementId(placement_id),
        agreed_on=agreed_on,
        agreed_fee=FeeComponents(core=Money(400_000)),
        outcomes=(
            Outcome(
                id=OutcomeId("O1"),
                domain=OutcomeDomain.EDUCATION,
                description="attend school regularly",
                measure="school attendance %",
                baseline=Decimal("70"),
                target=Decimal("90"),
                target_date=target_date,
                direction=Direction.HIGHER_IS_BETTER,
                measurements=(Measurement(on=measured_on, value=Decimal("82")),),
            ),
        ),
        reviews=ReviewSchedule(origin=D(2020, 4, 1)),
        reviews_held=reviews_held,
    )


_FRAMEWORK = FrameworkAgreement(
    id=VehicleId("F"),
    name="LAC framework",
    workstream=Workstream.LAC,
    start=D(2020, 3, 1),
    initial_term_years=4,
    extension_years=(2, 2),
    lots=(
        Lot(
            id=LotId("F/1"),
            number=1,
            name="Residential LAC placements",
            service_kinds=(ServiceKind.CHILDRENS_HOME,),
            price_band=PriceBand(min_weekly=Money(300_000), max_weekly=Money(600_000)),
        ),
        Lot(
            id=LotId("F/2"),
            number=2,
            name="Independent fostering agencies",
            service_kinds=(ServiceKind.INDEPENDENT_FOSTERING,),
        ),
        Lot(
            id=LotId("F/3"),
            number=3,
            name="Positive interventions through innovation",
            service_kinds=(ServiceKind.POSITIVE_INTERVENTION,),
        ),
    ),
)
_DPS = DynamicPurchasingSystem(
    id=VehicleId("D"),
    name="SEND DPS",
    workstream=Workstream.SEND,
    period=DateRange.open_from(D(2016, 6, 1)),
    lots=(
        Lot(
            id=LotId("D/1"),
            number=1,
            name="Special schools",
            service_kinds=(ServiceKind.SEND_DAY, ServiceKind.SEND_RESIDENTIAL_52_WEEK),
        ),
    ),
)
_BLOCK = BlockContract(
    id=VehicleId("B"),
    name="Block beds",
    workstream=Workstream.LAC,
    provider="PRV-3",
    period=DateRange(start=D(2019, 4, 1), end=D(2022, 4, 1)),
    places=4,
    annual_value=Money(80_000_000),
)


def _admitted(vehicle: str, lot: str | None, on: dt.date) -> Admission:
    return Admission(
        vehicle=VehicleId(vehicle),
        lot=None if lot is None else LotId(lot),
        status=AdmissionStatus.ADMITTED,
        effective=on,
    )


def clean_programme() -> Programme:
    """A programme :func:`slcp.domain.validate` finds nothing wrong with."""
    boroughs = tuple(
        Borough(name=b.name, gss_code=b.gss_code, dfe_code=b.dfe_code)
        for b in (borough_by_name("Croydon"), borough_by_name("Bexley"), borough_by_name("Lambeth"))
    )
    lac = Workstream.LAC
    return Programme(
        name="Test programme",
        host=CROYDON,
        boroughs=boroughs,
        memberships=(
            Membership(borough=CROYDON, workstream=lac, period=DateRange.open_from(D(2014, 4, 1))),
            Membership(
                borough=CROYDON,
                workstream=Workstream.SEND,
                period=DateRange.open_from(D(2014, 4, 1)),
            ),
            Membership(borough=BEXLEY, workstream=lac, period=DateRange.open_from(D(2016, 12, 1))),
            Membership(
                borough=LAMBETH,
                workstream=lac,
                period=DateRange(start=D(2018, 4, 1), end=D(2021, 4, 1)),
            ),
        ),
        contributions=(
            Contribution(
                borough=CROYDON,
                workstream=lac,
                financial_year=FinancialYear(2019),
                amount=Money(3_000_000),
            ),
            Contribution(
                borough=LAMBETH,
                workstream=lac,
                financial_year=FinancialYear(2020),
                amount=Money(3_000_000),
            ),
        ),
        vehicles=(_FRAMEWORK, _DPS, _BLOCK),
        providers=(
            Provider(
                id=ProviderId("PRV-1"),
                name="Homes Ltd",
                urn="SC123456",
                admissions=(_admitted("F", "F/1", D(2020, 3, 1)),),
            ),
            Provider(
                id=ProviderId("PRV-2"),
                name="School Trust",
                urn="123456",
                admissions=(_admitted("D", None, D(2016, 9, 1)),),
            ),
            Provider(id=ProviderId("PRV-3"), name="Block Homes"),
            Provider(
                id=ProviderId("PRV-4"),
                name="Fostering Ltd",
                admissions=(
                    Admission(
                        vehicle=VehicleId("F"),
                        lot=LotId("F/2"),
                        status=AdmissionStatus.APPLIED,
                        effective=D(2020, 3, 1),
                    ),
                    _admitted("F", "F/2", D(2020, 6, 1)),
                ),
            ),
        ),
        children=tuple(Child(ref=ChildRef(f"C{i}")) for i in range(1, 5)),
        placements=(
            placement(
                "PL-1",
                "C1",
                CROYDON,
                lac,
                "PRV-1",
                ServiceKind.CHILDRENS_HOME,
                DateRange(start=D(2020, 4, 1), end=D(2021, 4, 1)),
                PurchaseRoute(
                    kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("F"), lot=LotId("F/1")
                ),
            ),
            placement(
                "PL-2",
                "C2",
                CROYDON,
                Workstream.SEND,
                "PRV-2",
                ServiceKind.SEND_DAY,
                DateRange.open_from(D(2019, 9, 1)),
                PurchaseRoute(
                    kind=RouteKind.DPS_CALL_OFF, vehicle=VehicleId("D"), lot=LotId("D/1")
                ),
                core_pence=150_000,
            ),
            placement(
                "PL-3",
                "C3",
                BEXLEY,
                lac,
                "PRV-3",
                ServiceKind.CHILDRENS_HOME,
                DateRange(start=D(2019, 6, 1), end=D(2020, 6, 1)),
                PurchaseRoute(kind=RouteKind.BLOCK_CONTRACT, vehicle=VehicleId("B")),
            ),
            placement(
                "PL-4",
                "C4",
                LAMBETH,
                lac,
                "PRV-4",
                ServiceKind.INDEPENDENT_FOSTERING,
                DateRange(start=D(2019, 5, 1), end=D(2020, 1, 1)),
                PurchaseRoute(kind=RouteKind.SPOT),
                core_pence=90_000,
            ),
            # C1 moves on the day PL-1 ends: touching, not overlapping
            placement(
                "PL-5",
                "C1",
                CROYDON,
                lac,
                "PRV-4",
                ServiceKind.INDEPENDENT_FOSTERING,
                DateRange.open_from(D(2021, 4, 1)),
                PurchaseRoute(
                    kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("F"), lot=LotId("F/2")
                ),
                core_pence=95_000,
            ),
        ),
        agreements=(agreement(),),
        uplift_rounds=(
            FeeUpliftRound(
                id=UpliftId("LAC-2020/21"),
                workstream=lac,
                financial_year=FinancialYear(2020),
                position=UpliftPosition(default_cap=Rate.of("0.015"), source=SOURCE),
                requests=(UpliftRequest(provider=ProviderId("PRV-1"), requested=Rate.of("0.03")),),
                source=SOURCE,
            ),
        ),
        budgets=(
            Budget(
                borough=CROYDON,
                workstream=lac,
                financial_year=FinancialYear(2019),
                amount=Money(325_800_000),
            ),
        ),
        savings=(
            SavingRecord(
                id=SavingId("S1"),
                source=SavingSource.FEE_INCREASE_AVOIDANCE,
                financial_year=FinancialYear(2020),
                workstream=lac,
                amount=Money(1_000_000),
                evidence=SOURCE,
                borough=CROYDON,
            ),
        ),
        concerns=(
            ProviderConcern(
                id=ConcernId("Q1"),
                provider=ProviderId("PRV-1"),
                raised_by=BEXLEY,
                raised_on=D(2020, 9, 1),
                category=ConcernCategory.STANDARDS_OF_CARE,
                summary="staffing below the agreed ratio",
            ),
        ),
        episodes=(
            CareEpisode(
                child=ChildRef("C1"),
                borough=CROYDON,
                period=DateRange(start=D(2020, 4, 1), end=D(2021, 4, 1)),
                reason_new_episode="S",
                legal_status="C2",
                place="K2",
                place_provider="PR4",
            ),
        ),
    )
