"""Sample providers: special schools, children's homes, fostering agencies and lot 3 projects.

Each provider comes with a private :class:`Site` the generator uses to place children (where
it is, how far from South London, what it offers, its usual price); only the
:class:`~slcp.domain.Provider` record goes into the programme.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import attrs

from slcp.domain import (
    Admission,
    AdmissionStatus,
    LotId,
    OfstedRating,
    Provider,
    ProviderId,
    ServiceKind,
    VehicleId,
)
from slcp.periods import months_after
from slcp.sample._facts import DPS_START, FRAMEWORK_REOPENINGS, FRAMEWORK_START
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

__all__ = [
    "DPS_ID",
    "FRAMEWORK_ID",
    "LAC_LOTS",
    "SEND_LOTS",
    "Site",
    "make_sites",
]

DPS_ID = VehicleId("SEND-DPS-2016")
FRAMEWORK_ID = VehicleId("LAC-FW-2020")

#: SEND DPS categories, one lot per kind of school placement.
SEND_LOTS: dict[ServiceKind, LotId] = {
    ServiceKind.SEND_DAY: LotId("SEND-DPS-2016/1"),
    ServiceKind.SEND_RESIDENTIAL_38_WEEK: LotId("SEND-DPS-2016/2"),
    ServiceKind.SEND_RESIDENTIAL_52_WEEK: LotId("SEND-DPS-2016/3"),
    ServiceKind.SEND_POST_16: LotId("SEND-DPS-2016/4"),
}
#: The LAC framework's three lots (seed 004 §6.1.1).
LAC_LOTS: dict[ServiceKind, LotId] = {
    ServiceKind.CHILDRENS_HOME: LotId("LAC-FW-2020/1"),
    ServiceKind.INDEPENDENT_FOSTERING: LotId("LAC-FW-2020/2"),
    ServiceKind.POSITIVE_INTERVENTION: LotId("LAC-FW-2020/3"),
}

# (district, miles from South London) — outward codes only; distances are approximate.
_NEAR = (("SE9", 6), ("CR2", 4), ("SM1", 5), ("KT1", 9), ("BR1", 6), ("DA1", 12), ("SW16", 4))
_HOME_COUNTIES = (
    ("RH1", 14), ("RH10", 24), ("TN1", 32), ("ME14", 33), ("GU1", 28), ("ME4", 30),
    ("CT1", 55), ("BN1", 45), ("KT22", 16), ("TW18", 18), ("SS1", 40), ("AL1", 30),
    ("HP1", 32), ("RG1", 40), ("TN34", 55), ("PO1", 65),
)  # fmt: skip
_FAR = (
    ("MK9", 55), ("OX1", 58), ("PE1", 85), ("NR1", 115), ("B1", 120), ("CV1", 100),
    ("LE1", 105), ("NG1", 130), ("BS1", 120), ("EX1", 175), ("CF10", 150), ("LS1", 195),
)  # fmt: skip

_SCHOOL_FIRST = (
    "Oakfield", "Brook", "Hillside", "Meadow", "Riverside", "Cedar", "Willow", "Ashgrove",
    "Beacon", "Harbour", "Kestrel", "Linden", "Orchard", "Pinewood", "Rowan", "Thornbury",
    "Elmstead", "Fairley", "Greystone", "Holly", "Juniper", "Larkfield", "Maple", "Northcote",
    "Ashdown", "Birchwood", "Clearwater", "Downside", "Eastbrook", "Foxhill", "Glebe", "Hawthorn",
    "Ivydene", "Kingsmead", "Lavender", "Millbrook", "Newlands", "Oakridge", "Parkview", "Redwood",
)  # fmt: skip
_SCHOOL_SECOND = ("School", "College", "Academy", "House School", "Centre", "Park School")
_HOME_SECOND = ("House", "Lodge", "Cottage", "Court", "View", "Grange")
_IFA_FIRST = (
    "Horizon", "Compass", "Keystone", "Bridges", "Harmony", "Lighthouse", "Anchor", "Pathway",
    "Haven", "Evergreen", "Northstar", "Bluebell", "Foundation", "Open Door", "Springboard",
    "Kinship Circle", "Rainbow", "Cornerstone", "Heartwood", "Seedling", "Tandem", "Unity",
)  # fmt: skip
_PI_NAMES = (
    "Step Up Mentoring", "Restorative Futures", "Edge of Care Outreach", "Mind Space Therapy",
    "Youth Voice Studio", "Next Chapter Transitions", "Family Bridge Intensive Support",
    "Sports Route Academy",
)  # fmt: skip

_INSPECTION = Source(kind=SourceKind.INSPECTION, citation="Ofsted inspection report (sample)")


@attrs.frozen(kw_only=True)
class Site:
    """A provider with what the generator needs to know about it.

    Attributes:
        provider: the provider record.
        district: where it is (postcode district).
        miles: approximate distance from South London, in miles.
        services: what it offers.
        base_weekly_pence: its usual weekly price for its main service, in pence.
    """

    provider: Provider
    district: str
    miles: int
    services: tuple[ServiceKind, ...]
    base_weekly_pence: int

    @property
    def id(self) -> ProviderId:
        """The provider's id."""
        return self.provider.id


def _location(rng: random.Random, near: float, far: float) -> tuple[str, int]:
    r = rng.random()
    pool = _NEAR if r < near else _FAR if r > 1 - far else _HOME_COUNTIES
    return rng.choice(pool)


def _ofsted(rng: random.Random, first: dt.date) -> Timeline[OfstedRating]:
    weights = (
        (OfstedRating.OUTSTANDING, 0.2),
        (OfstedRating.GOOD, 0.6),
        (OfstedRating.REQUIRES_IMPROVEMENT, 0.15),
        (OfstedRating.INADEQUATE, 0.05),
    )
    entries: list[TimelineEntry[OfstedRating]] = []
    day = first
    while day < dt.date(2022, 4, 1):
        rating = rng.choices([w[0] for w in weights], [w[1] for w in weights])[0]
        entries.append(TimelineEntry(effective=day, value=rating, source=_INSPECTION))
        # inadequate or RI providers are re-inspected sooner
        gap = 8 if rating in (OfstedRating.INADEQUATE, OfstedRating.REQUIRES_IMPROVEMENT) else 30
        day = months_after(day, gap + rng.randrange(0, 10)) + dt.timedelta(days=rng.randrange(20))
    return Timeline(entries=tuple(entries))


def _tier(rng: random.Random) -> str:
    r = rng.random()
    return "A" if r < 0.25 else "B" if r < 0.8 else "C"


def _unused(used: set[str], draw: Callable[[], str]) -> str:
    """The first value ``draw`` gives that is not in ``used``, added to ``used``."""
    while True:
        candidate = draw()
        if candidate not in used:
            used.add(candidate)
            return candidate


def _unique(rng: random.Random, used: set[str], lo: int, hi: int, prefix: str = "") -> str:
    return _unused(used, lambda: f"{prefix}{rng.randrange(lo, hi)}")


def _dps_admissions(rng: random.Random) -> tuple[Admission, ...]:
    r = rng.random()
    if r < 0.12:
        return ()  # never registered: spot purchases only
    admitted = DPS_START if r < 0.8 else months_after(DPS_START, rng.randrange(3, 40))
    steps = [
        Admission(
            vehicle=DPS_ID,
            lot=None,
            status=AdmissionStatus.REGISTERED,
            effective=admitted - dt.timedelta(days=42),
        ),
        Admission(
            vehicle=DPS_ID,
            lot=None,
            status=AdmissionStatus.ACCREDITED,
            effective=admitted - dt.timedelta(days=14),
        ),
        Admission(vehicle=DPS_ID, lot=None, status=AdmissionStatus.ADMITTED, effective=admitted),
    ]
    if rng.random() < 0.06:
        suspended = months_after(admitted, rng.randrange(10, 50))
        steps.append(
            Admission(
                vehicle=DPS_ID, lot=None, status=AdmissionStatus.SUSPENDED, effective=suspended
            )
        )
        back = AdmissionStatus.ADMITTED if rng.random() < 0.6 else AdmissionStatus.REMOVED
        steps.append(
            Admission(vehicle=DPS_ID, lot=None, status=back, effective=months_after(suspended, 4))
        )
    return tuple(steps)


def _lot_admissions(rng: random.Random, lot: LotId, admitted_share: float) -> tuple[Admission, ...]:
    applied = dt.date(2019, 11, 11)  # tender return deadline, seed 004 §6.4
    r = rng.random()
    if r < admitted_share:
        when = FRAMEWORK_START
    elif r < admitted_share + 0.15:
        when = FRAMEWORK_REOPENINGS[0]
        applied = dt.date(2021, 2, 1)
    else:
        if rng.random() < 0.5:
            return ()
        return (
            Admission(
                vehicle=FRAMEWORK_ID, lot=lot, status=AdmissionStatus.APPLIED, effective=applied
            ),
        )
    out = [
        Admission(vehicle=FRAMEWORK_ID, lot=lot, status=AdmissionStatus.APPLIED, effective=applied),
        Admission(vehicle=FRAMEWORK_ID, lot=lot, status=AdmissionStatus.ADMITTED, effective=when),
    ]
    if rng.random() < 0.04:
        out.append(
            Admission(
                vehicle=FRAMEWORK_ID,
                lot=lot,
                status=AdmissionStatus.SUSPENDED,
                effective=months_after(when, rng.randrange(6, 20)),
            )
        )
    return tuple(out)


def _name(
    rng: random.Random, used: set[str], first: tuple[str, ...], second: tuple[str, ...]
) -> str:
    return _unused(used, lambda: f"{rng.choice(first)} {rng.choice(second)}")


def make_sites(rng: random.Random) -> tuple[Site, ...]:
    """Every sample provider with its site: 150 schools, 110 homes, 36 IFAs, 8 lot 3 projects.

    Schools carry a DfE URN and a GIAS establishment type (8 non-maintained special,
    10 other independent special, 32 special post-16 institution); homes and IFAs an Ofsted
    ``SC`` URN. Prices are in whole pounds before calibration.
    """
    sites: list[Site] = []
    urns: set[str] = set()
    names: set[str] = set()
    for i in range(150):
        r = rng.random()
        gias = 10 if r < 0.65 else 8 if r < 0.9 else 32
        if gias == 32:
            services: tuple[ServiceKind, ...] = (ServiceKind.SEND_POST_16,)
        else:
            offer = [ServiceKind.SEND_DAY]
            if rng.random() < 0.35:
                offer.append(ServiceKind.SEND_RESIDENTIAL_38_WEEK)
            if rng.random() < 0.3:
                offer.append(ServiceKind.SEND_RESIDENTIAL_52_WEEK)
            if rng.random() < 0.4:
                offer.append(ServiceKind.SEND_POST_16)
            services = tuple(offer)
        district, miles = _location(rng, 0.35, 0.15)
        provider = Provider(
            id=ProviderId(f"PRV-S{i + 1:03d}"),
            name=_name(rng, names, _SCHOOL_FIRST, _SCHOOL_SECOND),
            urn=_unique(rng, urns, 100000, 150000),
            tier=_tier(rng),
            ofsted=_ofsted(rng, dt.date(2012, 1, 10) + dt.timedelta(days=rng.randrange(1200))),
            admissions=_dps_admissions(rng),
            gias_establishment_type=gias,
        )
        sites.append(
            Site(
                provider=provider,
                district=district,
                miles=miles,
                services=services,
                base_weekly_pence=rng.randrange(1000, 1800) * 100,
            )
        )
    for i in range(110):
        district, miles = _location(rng, 0.2, 0.35)
        admissions = _lot_admissions(rng, LAC_LOTS[ServiceKind.CHILDRENS_HOME], 0.55)
        provider = Provider(
            id=ProviderId(f"PRV-H{i + 1:03d}"),
            name=_name(rng, names, _SCHOOL_FIRST, _HOME_SECOND),
            urn=_unique(rng, urns, 400000, 1100000, prefix="SC"),
            tier=_tier(rng),
            ofsted=_ofsted(rng, dt.date(2013, 3, 1) + dt.timedelta(days=rng.randrange(1000))),
            admissions=admissions,
        )
        sites.append(
            Site(
                provider=provider,
                district=district,
                miles=miles,
                services=(ServiceKind.CHILDRENS_HOME,),
                base_weekly_pence=rng.randrange(3000, 5200) * 100,
            )
        )
    for i in range(36):
        district, miles = _location(rng, 0.45, 0.1)
        provider = Provider(
            id=ProviderId(f"PRV-F{i + 1:03d}"),
            name=_name(rng, names, _IFA_FIRST, ("Fostering", "Foster Care", "Family Placements")),
            urn=_unique(rng, urns, 400000, 1100000, prefix="SC"),
            tier=_tier(rng),
            ofsted=_ofsted(rng, dt.date(2013, 6, 1) + dt.timedelta(days=rng.randrange(900))),
            admissions=_lot_admissions(rng, LAC_LOTS[ServiceKind.INDEPENDENT_FOSTERING], 0.7),
        )
        sites.append(
            Site(
                provider=provider,
                district=district,
                miles=miles,
                services=(ServiceKind.INDEPENDENT_FOSTERING,),
                base_weekly_pence=rng.randrange(760, 1000) * 100,
            )
        )
    for i, name in enumerate(_PI_NAMES):
        lot = LAC_LOTS[ServiceKind.POSITIVE_INTERVENTION]
        provider = Provider(
            id=ProviderId(f"PRV-P{i + 1:03d}"),
            name=name,
            admissions=(
                Admission(
                    vehicle=FRAMEWORK_ID,
                    lot=lot,
                    status=AdmissionStatus.APPLIED,
                    effective=dt.date(2019, 11, 11),
                ),
                Admission(
                    vehicle=FRAMEWORK_ID,
                    lot=lot,
                    status=AdmissionStatus.ADMITTED,
                    effective=FRAMEWORK_START if i < 5 else FRAMEWORK_REOPENINGS[0],
                ),
            ),
        )
        district, miles = _location(rng, 0.8, 0.0)
        sites.append(
            Site(
                provider=provider,
                district=district,
                miles=miles,
                services=(ServiceKind.POSITIVE_INTERVENTION,),
                base_weekly_pence=rng.randrange(400, 900) * 100,
            )
        )
    return tuple(sites)
