"""Children with SEND placed in independent and non-maintained special schools.

Placements are drawn for children entering a school from 2008 onward; the programme records
a placement from the day its borough joined the SEND workstream (placements already running
then are recorded from that day, decision 0205). A placement normally ends on 1 September
after six to thirteen school years or at the end of the year the child turns 19, whichever
comes first (most children stay in their school to 19, decision 0204); some end mid-year with
a move to another school.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from slcp.domain import (
    PRO_RATA_DAILY,
    AdmissionStatus,
    ChargingBasis,
    ChargingMethod,
    Child,
    ChildRef,
    EndingReason,
    FundingShares,
    GssCode,
    PlacementId,
    PurchaseRoute,
    RouteKind,
    SenNeed,
    ServiceKind,
)
from slcp.money import Rate
from slcp.periods import DateRange, YearMonth
from slcp.sample._drafts import FeeDraft, PlacementDraft
from slcp.sample._facts import DPS_START, HOME_DISTRICTS, HORIZON, SEND_JOINED
from slcp.sample._providers import DPS_ID, SEND_LOTS, Site

__all__ = ["draw_send_placements"]

#: New school placements a year at the 2016 level, by borough (decision 0204: calibrated so
#: 2019/20 occupancy roughly matches the spend target before fees are scaled).
_NEW_PER_YEAR: dict[GssCode, int] = {
    GssCode("E09000004"): 17,  # Bexley
    GssCode("E09000006"): 24,  # Bromley
    GssCode("E09000008"): 36,  # Croydon
    GssCode("E09000011"): 18,  # Greenwich
    GssCode("E09000021"): 12,  # Kingston upon Thames
    GssCode("E09000023"): 21,  # Lewisham
    GssCode("E09000024"): 13,  # Merton
    GssCode("E09000027"): 13,  # Richmond upon Thames
    GssCode("E09000029"): 16,  # Sutton
    GssCode("E09000032"): 20,  # Wandsworth
}

#: All boroughs' new placements scaled up together (sample assumption, decision 0204): with
#: the stays below, 367 new placements are made between June 2016 and September 2017, seed
#: 001's count.
_NEW_SCALE = 1.05
#: Share of new placements from June 2016 made with a school admitted to the DPS when one
#: offering the placement is admitted (sample assumption, decision 0204): seed 001 counts
#: the DPS's 367 placements against the ten boroughs' new placements.
_DPS_SHARE = 0.97

_NEEDS = (
    (SenNeed.ASD, 34), (SenNeed.SEMH, 24), (SenNeed.SLCN, 9), (SenNeed.SLD, 8),
    (SenNeed.MLD, 5), (SenNeed.PMLD, 4), (SenNeed.PD, 3), (SenNeed.SPLD, 4),
    (SenNeed.HI, 2), (SenNeed.VI, 1), (SenNeed.MSI, 1), (SenNeed.OTH, 3), (SenNeed.DS, 2),
)  # fmt: skip
_SERVICES = (
    (ServiceKind.SEND_DAY, 60),
    (ServiceKind.SEND_RESIDENTIAL_38_WEEK, 13),
    (ServiceKind.SEND_RESIDENTIAL_52_WEEK, 12),
)
_PRICE_MULTIPLE = {
    ServiceKind.SEND_DAY: 100,
    ServiceKind.SEND_RESIDENTIAL_38_WEEK: 240,
    ServiceKind.SEND_RESIDENTIAL_52_WEEK: 350,
    ServiceKind.SEND_POST_16: 105,
}


def _days(rng: random.Random, lo: int, hi: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randrange(lo, hi))


def _charging(rng: random.Random, service: ServiceKind) -> ChargingBasis:
    if service is ServiceKind.SEND_RESIDENTIAL_52_WEEK:
        return PRO_RATA_DAILY
    return _DAY_39 if service is ServiceKind.SEND_DAY and rng.random() < 0.3 else _DAY_38


_EDUCATION = FundingShares.all_education()
_JOINT_RESIDENTIAL = FundingShares(education=Rate.of("0.8"), social_care=Rate.of("0.2"))
_EDUCATION_AND_CARE = FundingShares(education=Rate.of("0.6"), social_care=Rate.of("0.4"))
_THREE_WAY = FundingShares(
    education=Rate.of("0.5"), social_care=Rate.of("0.3"), health=Rate.of("0.2")
)
_DAY_38 = ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38)
_DAY_39 = ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=39)


def _funding(rng: random.Random, service: ServiceKind) -> FundingShares:
    if service is ServiceKind.SEND_RESIDENTIAL_52_WEEK:
        return _THREE_WAY if rng.random() < 0.5 else _EDUCATION_AND_CARE
    if service is ServiceKind.SEND_RESIDENTIAL_38_WEEK and rng.random() < 0.3:
        return _JOINT_RESIDENTIAL
    return _EDUCATION


def _admitted_spans(site: Site) -> tuple[DateRange, ...]:
    """The ranges in which a school may be called off the DPS (its admissions replayed)."""
    spans: list[DateRange] = []
    opened: dt.date | None = None
    for a in sorted(site.provider.admissions, key=lambda a: a.effective):
        if a.vehicle != DPS_ID:
            continue
        if a.status is AdmissionStatus.ADMITTED and opened is None:
            opened = a.effective
        elif a.status is not AdmissionStatus.ADMITTED and opened is not None:
            spans.append(DateRange(start=opened, end=a.effective))
            opened = None
    if opened is not None:
        spans.append(DateRange(start=opened))
    return tuple(spans)


@attrs.frozen(kw_only=True)
class _Schools:
    offering: dict[ServiceKind, tuple[Site, ...]]
    admitted: dict[str, tuple[DateRange, ...]]
    _on_dps_cache: dict[tuple[ServiceKind, dt.date], tuple[Site, ...]] = attrs.field(factory=dict)

    def on_dps(self, site: Site, day: dt.date) -> bool:
        return any(day in span for span in self.admitted[site.id])

    def _admitted_on(self, service: ServiceKind, day: dt.date) -> tuple[Site, ...]:
        # many placements start on the same few days in September
        key = (service, day)
        if key not in self._on_dps_cache:
            self._on_dps_cache[key] = tuple(
                s for s in self.offering[service] if self.on_dps(s, day)
            )
        return self._on_dps_cache[key]

    def pick(self, rng: random.Random, service: ServiceKind, start: dt.date, avoid: str) -> Site:
        if start >= DPS_START and rng.random() < _DPS_SHARE:
            on_dps = [s for s in self._admitted_on(service, start) if s.id != avoid]
            if on_dps:
                return rng.choice(on_dps)
        return rng.choice([s for s in self.offering[service] if s.id != avoid])

    def route(self, site: Site, service: ServiceKind, start: dt.date) -> PurchaseRoute:
        lot = SEND_LOTS[service]
        if start >= DPS_START and self.on_dps(site, start):
            return PurchaseRoute(kind=RouteKind.DPS_CALL_OFF, vehicle=DPS_ID, lot=lot)
        return PurchaseRoute(kind=RouteKind.SPOT)


def _fees(
    rng: random.Random, site: Site, service: ServiceKind, period: DateRange
) -> tuple[tuple[dt.date, FeeDraft], ...]:
    core = site.base_weekly_pence * _PRICE_MULTIPLE[service] // 100 * rng.randrange(90, 116) // 100
    support = rng.randrange(300, 900) * 100 if rng.random() < 0.08 else 0
    first = FeeDraft(core=core, additional_support=support)
    entries = [(period.start, first)]
    span = ((period.end or HORIZON) - period.start).days
    if span > 300:
        r = rng.random()
        change = period.start + _days(rng, 120, span - 60)
        if r < 0.1 and support == 0:
            # 1:1 support added after a review
            entries.append(
                (change, FeeDraft(core=core, additional_support=rng.randrange(300, 900) * 100))
            )
        elif r > 0.96:
            entries.append(
                (
                    change,
                    FeeDraft(
                        core=core * (100 - rng.randrange(2, 7)) // 100, additional_support=support
                    ),
                )
            )
    return tuple(entries)


def draw_send_placements(
    rng: random.Random, sites: Sequence[Site], new_ref: Callable[[str], ChildRef]
) -> tuple[tuple[Child, ...], tuple[PlacementDraft, ...]]:
    """Draw the SEND children and their school placement drafts, borough by borough."""
    all_schools = tuple(s for s in sites if s.provider.gias_establishment_type is not None)
    schools = _Schools(
        offering={k: tuple(s for s in all_schools if k in s.services) for k in _PRICE_MULTIPLE},
        admitted={s.id: _admitted_spans(s) for s in all_schools},
    )
    children: list[Child] = []
    drafts: list[PlacementDraft] = []
    for borough in sorted(_NEW_PER_YEAR):
        joined = SEND_JOINED[borough]
        for year in range(2008, HORIZON.year + 1):
            growth = 1.06 ** (year - 2016)
            expected = _NEW_PER_YEAR[borough] * growth * _NEW_SCALE
            count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
            for _ in range(count):
                # most placements start in September; the rest through the year
                if rng.random() < 0.55:
                    start = dt.date(year, 9, 1) + _days(rng, 0, 10)
                else:
                    start = dt.date(year, 1, 1) + _days(rng, 0, 365)
                if start >= HORIZON:
                    continue
                post_16 = rng.random() < 0.14
                if post_16:
                    service = ServiceKind.SEND_POST_16
                    age = rng.randrange(16, 18)
                    phase_years = 19 - age
                else:
                    service = rng.choices([s for s, _ in _SERVICES], [w for _, w in _SERVICES])[0]
                    age = rng.choice(
                        (rng.randrange(5, 11), rng.randrange(10, 15), rng.randrange(11, 16))
                    )
                    phase_years = max(1, min(19 - age, rng.randrange(6, 14)))
                birth = start - dt.timedelta(days=age * 365 + rng.randrange(365))
                primary = rng.choices([n for n, _ in _NEEDS], [w for _, w in _NEEDS])[0]
                secondary = None
                if rng.random() < 0.4:
                    secondary = rng.choice([n for n, _ in _NEEDS if n is not primary])
                academic_start = start.year if start.month >= 9 else start.year - 1
                planned_end = dt.date(academic_start + phase_years, 9, 1)
                if planned_end <= start:
                    planned_end = dt.date(academic_start + phase_years + 1, 9, 1)
                moves = rng.random() < 0.12
                segments: list[tuple[dt.date, dt.date, EndingReason]] = []
                if moves and (planned_end - start).days > 200:
                    move = start + _days(rng, 100, (planned_end - start).days - 60)
                    reason = rng.choice(
                        (
                            EndingReason.UNPLANNED_BREAKDOWN,
                            EndingReason.UNPLANNED_PROVIDER_NOTICE,
                            EndingReason.PLANNED_MOVE,
                        )
                    )
                    segments.append((start, move, reason))
                    segments.append((move, planned_end, EndingReason.PLANNED_END))
                else:
                    segments.append((start, planned_end, EndingReason.PLANNED_END))
                recorded = [
                    (max(a, joined), b, why)
                    for a, b, why in segments
                    if b > joined and max(a, joined) < HORIZON
                ]
                if not recorded:
                    continue
                child = Child(
                    ref=new_ref("S"),
                    month_of_birth=YearMonth(birth.year, birth.month),
                    sen_primary=primary,
                    sen_secondary=secondary,
                    home_district=rng.choice(HOME_DISTRICTS[borough]),
                )
                children.append(child)
                previous = ""
                for a, b, why in recorded:
                    end = b if b < HORIZON else None
                    period = DateRange(start=a, end=end)
                    site = schools.pick(rng, service, a, previous)
                    previous = site.id
                    tenths = max(10, site.miles * 10 + rng.randrange(-30, 50))
                    drafts.append(
                        PlacementDraft(
                            id=PlacementId(f"PL-S{len(drafts) + 1:05d}"),
                            child=child.ref,
                            borough=borough,
                            provider=site.id,
                            service=service,
                            period=period,
                            fees=_fees(rng, site, service, period),
                            charging=_charging(rng, service),
                            route=schools.route(site, service, a),
                            funding=_funding(rng, service),
                            location=site.district,
                            miles=Decimal(tenths) / 10,
                            ending=why if end is not None else None,
                        )
                    )
    return tuple(children), tuple(drafts)
