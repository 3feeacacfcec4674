"""A small market for hand-worked matching tests.

The LAC framework ``FW`` goes live on 9 March 2020 with lot ``FW/1`` (children's homes, price
band £3,000 to £7,500 a week, inclusive). Six homes:

======  ===============  =========================  =========================
id      Ofsted           admitted to FW/1           vacancy
======  ===============  =========================  =========================
H1      good             from 9 March 2020          V1 in SM1 at £4,000 (10-17)
H2      outstanding      from 9 March 2020          V2 in RH1 at £6,000 (10-17)
H3      inadequate 2020  from 9 March 2020          V3 in CR0 at £3,500
H4      good             never                      V4 in CR0 at £3,000
H5      good             from 9 March 2020          V5 in CR7, ages 14-17 only
H6      good             from 9 March 2020          none
======  ===============  =========================  =========================

H1 also has V7, closed before the referral. Every open vacancy runs
``[1 April 2020, 1 October 2020)``.
"""

from __future__ import annotations

import datetime as dt

from slcp.domain import (
    Admission,
    AdmissionStatus,
    Borough,
    FrameworkAgreement,
    GssCode,
    Lot,
    LotId,
    NeededBy,
    OfstedRating,
    PriceBand,
    Programme,
    Provider,
    ProviderId,
    ServiceKind,
    VehicleId,
    Workstream,
    borough_by_name,
)
from slcp.domain.child import ChildRef
from slcp.domain.location import PostcodeDistrict
from slcp.market import MarketBook, PlacementReferral, ReferralId, Vacancy, VacancyId
from slcp.money import Money
from slcp.periods import DateRange
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

D = dt.date
SOURCE = Source(kind=SourceKind.ASSUMPTION, citation="test fixture")
CROYDON = borough_by_name("Croydon").gss_code
GO_LIVE = D(2020, 3, 9)
OPEN = DateRange(start=D(2020, 4, 1), end=D(2020, 10, 1))
LOT = Lot(
    id=LotId("FW/1"),
    number=1,
    name="Residential LAC placements",
    service_kinds=(ServiceKind.CHILDRENS_HOME,),
    price_band=PriceBand(min_weekly=Money(300_000), max_weekly=Money(750_000)),
)


def _ofsted(*ratings: tuple[dt.date, OfstedRating]) -> Timeline[OfstedRating]:
    return Timeline(
        entries=tuple(TimelineEntry(effective=d, value=r, source=SOURCE) for d, r in ratings)
    )


def home(
    pid: str, name: str, *, rating: OfstedRating = OfstedRating.GOOD, admitted: bool = True
) -> Provider:
    """A children's home rated ``rating`` since 2018, admitted to FW/1 at go-live or never."""
    ratings = [(D(2018, 1, 1), OfstedRating.GOOD)]
    if rating is not OfstedRating.GOOD:
        ratings.append((D(2020, 1, 1), rating))
    admissions = (
        (
            Admission(
                vehicle=VehicleId("FW"),
                lot=LotId("FW/1"),
                status=AdmissionStatus.ADMITTED,
                effective=GO_LIVE,
            ),
        )
        if admitted
        else ()
    )
    return Provider(
        id=ProviderId(pid), name=name, urn=f"SC{pid[1:]:0>6}", ofsted=_ofsted(*ratings),
        admissions=admissions,
    )  # fmt: skip


def market_programme() -> Programme:
    """The framework and the six homes (no placements: matching needs none)."""
    b = borough_by_name("Croydon")
    return Programme(
        name="Market test",
        host=CROYDON,
        boroughs=(Borough(name=b.name, gss_code=b.gss_code, dfe_code=b.dfe_code),),
        vehicles=(
            FrameworkAgreement(
                id=VehicleId("FW"),
                name="LAC framework",
                workstream=Workstream.LAC,
                start=GO_LIVE,
                initial_term_years=4,
                lots=(LOT,),
            ),
        ),
        providers=(
            home("H1", "Alder House"),
            home("H2", "Beech Lodge", rating=OfstedRating.OUTSTANDING),
            home("H3", "Cedar Court", rating=OfstedRating.INADEQUATE),
            home("H4", "Damson View", admitted=False),
            home("H5", "Elm Grange"),
            home("H6", "Fir Cottage"),
        ),
    )


def vacancy(
    vid: str,
    pid: str,
    district: str,
    fee_pence: int,
    *,
    ages: tuple[int, int] = (10, 17),
    period: DateRange = OPEN,
) -> Vacancy:
    """One place in a children's home."""
    return Vacancy(
        id=VacancyId(vid),
        provider=ProviderId(pid),
        places=1,
        period=period,
        services=(ServiceKind.CHILDRENS_HOME,),
        min_age=ages[0],
        max_age=ages[1],
        location=PostcodeDistrict(district),
        weekly_fee=Money(fee_pence),
    )


def market_book() -> MarketBook:
    """The six homes' vacancies (H6 has none)."""
    return MarketBook(
        vacancies=(
            vacancy("V1", "H1", "SM1", 400_000),
            vacancy("V2", "H2", "RH1", 600_000),
            vacancy("V3", "H3", "CR0", 350_000),
            vacancy("V4", "H4", "CR0", 300_000),
            vacancy("V5", "H5", "CR7", 320_000, ages=(14, 17)),
            vacancy("V7", "H1", "CR0", 300_000, period=DateRange(start=D(2020, 1, 1), end=GO_LIVE)),
        )
    )


def referral(
    *, age: int = 12, home_district: str = "CR0", school: str | None = "CR0"
) -> PlacementReferral:
    """A Croydon child of ``age`` needing a children's home, referred on 1 May 2020."""
    return PlacementReferral(
        id=ReferralId("R1"),
        child=ChildRef("C0001"),
        borough=GssCode(CROYDON),
        workstream=Workstream.LAC,
        service=ServiceKind.CHILDRENS_HOME,
        age=age,
        home_district=PostcodeDistrict(home_district),
        school_district=None if school is None else PostcodeDistrict(school),
        urgency=NeededBy.WITHIN_5_DAYS,
        referred_on=D(2020, 5, 1),
    )
