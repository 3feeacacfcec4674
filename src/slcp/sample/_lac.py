"""Looked-after children: care histories, commissioned placements and SSDA903 episodes.

Each child is drawn as a whole period of care: a chain of *stays* (in-house foster care,
independent fostering agency, children's home) from the day care began to the day it ended.
Stays bought from the market while the child's borough belonged to the LAC workstream become
placement drafts; every stay (bought or not) becomes one or more SSDA903 episodes, with legal
status changes (RNE L), occasional temporary placements (T0-T4), same-carer changes (RNE T)
and, for a few children, an earlier series of short breaks (legal status V3).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from slcp.domain import (
    CareEpisode,
    ChargingBasis,
    Child,
    ChildRef,
    EndingReason,
    FundingShares,
    GssCode,
    PlacementId,
    PurchaseRoute,
    RouteKind,
    ServiceKind,
    VehicleId,
)
from slcp.money import Rate, round_decimal
from slcp.periods import DateRange, YearMonth
from slcp.sample._drafts import FeeDraft, PlacementDraft
from slcp.sample._facts import (
    CROYDON,
    CROYDON_RESIDENTIAL_RISEN_BY,
    CROYDON_RESIDENTIAL_RUNNING_ON_1_APRIL_2018,
    CROYDON_RESIDENTIAL_RUNNING_ON_31_MARCH_2019,
    CROYDON_RESIDENTIAL_STARTED_IN_2019_20,
    FRAMEWORK_START,
    HOME_DISTRICTS,
    HORIZON,
    LAC_JOINED,
)
from slcp.sample._providers import FRAMEWORK_ID, LAC_LOTS, Site

__all__ = ["BlockPlan", "LacChild", "Stay", "draw_lac_children", "episodes_for"]

_IN_HOUSE = ServiceKind.IN_HOUSE_FOSTERING
_IFA = ServiceKind.INDEPENDENT_FOSTERING
_HOME = ServiceKind.CHILDRENS_HOME
_APRIL_2018 = dt.date(2018, 4, 1)
_MARCH_2019 = dt.date(2019, 3, 31)
_APRIL_2019 = dt.date(2019, 4, 1)
_APRIL_2020 = dt.date(2020, 4, 1)

#: Children entering care each year (at the 2016 level) on each track, by borough.
#: Calibrated so that 2019/20 occupancy roughly matches the spend targets before fees are
#: scaled (decision 0204).
_ARRIVALS: dict[GssCode, tuple[int, int]] = {
    # borough: (fostering track, residential track)
    GssCode("E09000004"): (12, 7),  # Bexley
    CROYDON: (38, 13),
    GssCode("E09000011"): (16, 10),  # Greenwich
    GssCode("E09000022"): (16, 11),  # Lambeth
    GssCode("E09000023"): (16, 10),  # Lewisham
    GssCode("E09000024"): (8, 5),  # Merton
    GssCode("E09000028"): (16, 11),  # Southwark
    GssCode("E09000029"): (8, 5),  # Sutton
}
_FIRST_ARRIVAL_YEAR = 2005
_CARE = FundingShares.all_social_care()
# health (the ICB) shares some children's-home placements' cost (REFERENCE §8); every fifth
# care-only home placement by draft order, so no random draw is added and no figure moves
_CARE_AND_HEALTH = FundingShares(social_care=Rate.of("0.8"), health=Rate.of("0.2"))
_HEALTH_EVERY = 5


def _care_and_school(fee: FeeDraft) -> FundingShares:
    """Social care with an education contribution: the fee's education part, as paid.

    A children's home with a school on site bills the school as the fee's education
    component; the placing borough's education budget (the High Needs Block, for a child
    whose EHC plan names the school) pays that part and children's social care the rest
    (decision 0211). The share is the education component's part of the starting fee, to
    the whole percent (half up), so the stream pays for what the fee says it buys.
    """
    pct = round_decimal(Fraction(100 * fee.education, fee.total), 0)
    return FundingShares(social_care=Rate.from_pct(100 - pct), education=Rate.from_pct(pct))


@attrs.frozen(kw_only=True)
class BlockPlan:
    """A block contract the generator calls placements off.

    Attributes:
        id: vehicle id.
        borough: the borough that let it.
        service: what it buys.
        site: the provider holding it.
        period: ``[start, end)``.
        weekly_pence: the block's weekly price per place before calibration.
        places: the places bought: never more placements than this run at once.
    """

    id: VehicleId
    borough: GssCode
    service: ServiceKind
    site: Site
    period: DateRange
    weekly_pence: int
    places: int


def _has_room(block: BlockPlan, taken: Sequence[DateRange], period: DateRange) -> bool:
    """True when ``period`` can be added without more than ``places`` running on any day."""
    overlapping = [t for t in taken if t.overlaps(period)]
    checkpoints = {period.start, *(t.start for t in overlapping if t.start > period.start)}
    return all(sum(1 for t in overlapping if day in t) < block.places for day in checkpoints)


@attrs.frozen(kw_only=True)
class Stay:
    """A stretch of a child's care with one carer, ``[start, end)``; ``end=None`` past the horizon.

    Attributes:
        service: in-house fostering, IFA or children's home.
        start: first day.
        end: first day after it, or ``None`` when it runs past the horizon.
        site: the provider, for bought stays.
        long_term: a long-term foster placement (903 U4 rather than U6).
        ending: why it ended (``None`` while it runs).
        place_provider: 903 PLACE_PROVIDER code.
        district: where the child lived.
        placement: the id of the placement draft it became, if it was recorded.
        block: the block contract it was called off, if any.
    """

    service: ServiceKind
    start: dt.date
    end: dt.date | None
    site: Site | None
    long_term: bool
    ending: EndingReason | None
    place_provider: str
    district: str
    placement: PlacementId | None = None
    block: VehicleId | None = None

    @property
    def place(self) -> str:
        """The 903 PLACE code."""
        if self.service is _HOME:
            return "K2"
        return "U4" if self.long_term else "U6"


@attrs.frozen(kw_only=True)
class LacChild:
    """One looked-after child's care history.

    Attributes:
        child: the child record.
        borough: the responsible borough.
        care_start: the day the period of care began.
        care_end: the day it ended, or ``None`` past the horizon.
        reason_ceased: 903 REC code for the end of care.
        stays: the stays, contiguous, in order.
        legal_statuses: ``(effective, LS)`` changes, the first on ``care_start``.
        category_of_need: 903 CIN code.
        short_breaks: earlier short breaks (legal status V3), if any.
        temporary: ``(start, end, PLACE)`` temporary placements within stays.
        same_carer_changes: days a short-term foster placement became long-term (RNE T).
    """

    child: Child
    borough: GssCode
    care_start: dt.date
    care_end: dt.date | None
    reason_ceased: str | None
    stays: tuple[Stay, ...]
    legal_statuses: tuple[tuple[dt.date, str], ...]
    category_of_need: str
    short_breaks: tuple[DateRange, ...] = ()
    temporary: tuple[tuple[dt.date, dt.date, str], ...] = ()
    same_carer_changes: tuple[dt.date, ...] = ()


def _days(rng: random.Random, lo: int, hi: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randrange(lo, hi))


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: fine for the small means used here
    threshold = 2.718281828459045 ** (-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


def _ending(rng: random.Random) -> EndingReason:
    r = rng.random()
    if r < 0.55:
        return EndingReason.PLANNED_MOVE
    if r < 0.85:
        return EndingReason.UNPLANNED_BREAKDOWN
    return EndingReason.UNPLANNED_PROVIDER_NOTICE


@attrs.frozen(kw_only=True)
class _Market:
    homes: tuple[Site, ...]
    ifas: tuple[Site, ...]
    homes_on_lot: tuple[Site, ...]
    ifas_on_lot: tuple[Site, ...]

    def pick(self, rng: random.Random, service: ServiceKind, start: dt.date) -> Site:
        framework = start >= FRAMEWORK_START and rng.random() < 0.8
        if service is _HOME:
            return rng.choice(self.homes_on_lot if framework else self.homes)
        return rng.choice(self.ifas_on_lot if framework else self.ifas)


def _draw_history(
    rng: random.Random, borough: GssCode, track: str, care_start: dt.date, market: _Market
) -> tuple[YearMonth, dt.date | None, str | None, list[Stay]]:
    if track == "res":
        age_months = rng.randrange(11 * 12, 16 * 12)
    else:
        age_months = rng.choice(
            (rng.randrange(0, 60), rng.randrange(24, 180), rng.randrange(60, 192))
        )
    birth = care_start - dt.timedelta(days=age_months * 30 + rng.randrange(30))
    mob = YearMonth(birth.year, birth.month)
    adult = dt.date(mob.year + 18, mob.month, 1)
    care_end: dt.date = adult
    reason = rng.choice(("E5", "E5", "E6", "E8", "E7"))
    r = rng.random()
    if r < (0.2 if track == "res" else 0.22):
        care_end = min(adult, care_start + _days(rng, 180, 1100))
        reason = "E4A"
    elif track == "ifa" and r < 0.3 and age_months < 12 * 12:
        care_end = min(adult, care_start + _days(rng, 400, 1500))
        reason = "E45"
    home_pool = HOME_DISTRICTS[borough]
    stays: list[Stay] = []
    day = care_start
    first = True
    while day < care_end and day < HORIZON:
        if first:
            service = _IN_HOUSE if rng.random() < (0.4 if track == "res" else 0.55) else _IFA
            length = _days(rng, 14, 150)
            long_term = False
        elif track == "res" and (stays[-1].service is not _HOME or rng.random() < 0.85):
            service = _HOME
            length = _days(rng, 90, 800)
            long_term = False
        else:
            service = _IFA if rng.random() < 0.75 else _IN_HOUSE
            long_term = rng.random() < 0.56
            length = _days(rng, 1400, 4200) if long_term else _days(rng, 45, 365)
        first = False
        nxt = day + length
        ends_care = nxt >= care_end
        if ends_care:
            nxt = care_end
        site = None if service is _IN_HOUSE else market.pick(rng, service, day)
        if site is None:
            district = rng.choice(home_pool)
            provider_code = "PR1"
        else:
            district = site.district
            provider_code = "PR5" if rng.random() < 0.15 else "PR4"
        end: dt.date | None = nxt if nxt < HORIZON else None
        ending = None
        if end is not None:
            ending = EndingReason.PLANNED_END if ends_care else _ending(rng)
        stays.append(
            Stay(
                service=service,
                start=day,
                end=end,
                site=site,
                long_term=long_term,
                ending=ending,
                place_provider=provider_code,
                district=district,
            )
        )
        day = nxt
    final_end = care_end if care_end < HORIZON else None
    return mob, final_end, (reason if final_end is not None else None), stays


def _legal_statuses(
    rng: random.Random, care_start: dt.date, care_end: dt.date | None
) -> tuple[tuple[dt.date, str], ...]:
    r = rng.random()
    limit = care_end or HORIZON
    out: list[tuple[dt.date, str]] = []
    if r < 0.4:
        out.append((care_start, "C1"))
        change = care_start + _days(rng, 60, 300)
        if change < limit:
            out.append((change, "C2"))
    elif r < 0.85:
        out.append((care_start, "V2"))
        change = care_start + _days(rng, 100, 700)
        if rng.random() < 0.35 and change < limit:
            out.append((change, "C2"))
    else:
        out.append((care_start, "C2"))
    return tuple(out)


def _extras(
    rng: random.Random, stays: Sequence[Stay], care_start: dt.date, track: str
) -> tuple[tuple[DateRange, ...], tuple[tuple[dt.date, dt.date, str], ...], tuple[dt.date, ...]]:
    breaks: list[DateRange] = []
    if track == "ifa" and rng.random() < 0.04:
        day = care_start - _days(rng, 300, 500)
        for _ in range(rng.randrange(3, 6)):
            nights = dt.timedelta(days=rng.randrange(2, 5))
            breaks.append(DateRange(start=day, end=day + nights))
            day += _days(rng, 40, 70)
            if day + dt.timedelta(days=30) >= care_start:
                break
    temporary: list[tuple[dt.date, dt.date, str]] = []
    changes: list[dt.date] = []
    for stay in stays:
        span_end = stay.end or HORIZON
        if (span_end - stay.start).days > 120 and rng.random() < 0.05:
            start = stay.start + _days(rng, 30, (span_end - stay.start).days - 60)
            temporary.append(
                (start, start + _days(rng, 3, 15), rng.choice(("T1", "T2", "T3", "T4")))
            )
        if stay.service is not _HOME and stay.long_term and rng.random() < 0.1:
            # a short-term foster placement confirmed as long-term with the same carer
            change = stay.start + _days(rng, 20, 60)
            if change < span_end and not any(
                a <= change < b + dt.timedelta(days=1) for a, b, _ in temporary
            ):
                changes.append(change)
    return tuple(breaks), tuple(temporary), tuple(changes)


def _recorded(stay: Stay, borough: GssCode) -> DateRange | None:
    """The part of a bought stay the programme records: from the borough's joining date."""
    if stay.service is _IN_HOUSE:
        return None
    start = max(stay.start, LAC_JOINED[borough])
    if stay.end is not None and stay.end <= start:
        return None
    return DateRange(start=start, end=stay.end)


@attrs.frozen(kw_only=True)
class _ResidentialCounts:
    """A child's Croydon children's-home stays against seed 004's counts.

    Attributes:
        april_2018: stays running on 1 April 2018.
        march_2019: stays running on 31 March 2019 (the "37 children" at the end of 2018/19).
        starting: stays starting in 2019/20.
        brief: of those two kinds, the ones that do not run for all the rest of 2019/20 (ending
            before 1 April 2020) or start after 3 July 2019, when seed 004 says the number
            had "risen to 40".
    """

    april_2018: int
    march_2019: int
    starting: int
    brief: int


def _residential_counts(stays: Sequence[Stay], borough: GssCode) -> _ResidentialCounts:
    """Count the children's-home stays seed 004's Croydon figures constrain."""
    april_2018 = march_2019 = starting = brief = 0
    for stay in stays:
        if stay.service is not _HOME:
            continue
        period = _recorded(stay, borough)
        if period is None:
            continue
        april_2018 += _APRIL_2018 in period
        ends_early = period.end is not None and period.end < _APRIL_2020
        if _MARCH_2019 in period:
            march_2019 += 1
            brief += ends_early
        elif _APRIL_2019 <= period.start < _APRIL_2020:
            starting += 1
            brief += ends_early or period.start > CROYDON_RESIDENTIAL_RISEN_BY
    return _ResidentialCounts(
        april_2018=april_2018, march_2019=march_2019, starting=starting, brief=brief
    )


def _fee(rng: random.Random, stay: Stay, site: Site) -> FeeDraft:
    base = site.base_weekly_pence * rng.randrange(90, 121) // 100
    if stay.service is _HOME:
        support = rng.randrange(800, 2500) * 100 if rng.random() < 0.1 else 0
        with_school = rng.random() < 0.2
        education = rng.randrange(500, 900) * 100 if with_school else 0
        return FeeDraft(core=base, additional_support=support, education=education)
    support = rng.randrange(100, 350) * 100 if rng.random() < 0.12 else 0
    return FeeDraft(core=base, additional_support=support)


def _fee_history(
    rng: random.Random, stay: Stay, period: DateRange, first: FeeDraft
) -> tuple[tuple[dt.date, FeeDraft], ...]:
    entries = [(period.start, first)]
    span_end = period.end or HORIZON
    r = rng.random()
    if (span_end - period.start).days > 200:
        change = period.start + _days(rng, 90, (span_end - period.start).days - 30)
        if stay.service is _HOME and r < 0.15:
            entries.append(
                (
                    change,
                    attrs.evolve(
                        first,
                        additional_support=first.additional_support
                        + rng.randrange(500, 1500) * 100,
                    ),
                )
            )
        elif r > 0.94:
            cut = rng.randrange(3, 9)
            entries.append((change, attrs.evolve(first, core=first.core * (100 - cut) // 100)))
    return tuple(entries)


def _route(stay: Stay, site: Site, start: dt.date) -> PurchaseRoute:
    if stay.block is not None:
        return PurchaseRoute(kind=RouteKind.BLOCK_CONTRACT, vehicle=stay.block)
    lot = LAC_LOTS[stay.service]
    if start >= FRAMEWORK_START and site.provider.is_admitted(FRAMEWORK_ID, lot, start):
        return PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=FRAMEWORK_ID, lot=lot)
    return PurchaseRoute(kind=RouteKind.SPOT)


def _intervention(
    rng: random.Random,
    stay: Stay,
    *,
    borough: GssCode,
    child: ChildRef,
    projects: Sequence[Site],
    pid: PlacementId,
) -> PlacementDraft | None:
    """A lot 3 "positive intervention" for a child in in-house foster care, or ``None``.

    Lot 3 (seed 004 §6.1.4) buys short intensive packages; in the sample a few children living
    with the borough's own carers get one of 12 to 26 weeks, bought from the framework.
    """
    if stay.service is not _IN_HOUSE or rng.random() >= 0.08:
        return None
    start = max(stay.start, FRAMEWORK_START) + _days(rng, 0, 60)
    end = start + dt.timedelta(weeks=rng.randrange(12, 27))
    limit = min(stay.end or HORIZON, HORIZON)
    if start >= limit:
        return None
    end = min(end, limit)
    lot = LAC_LOTS[ServiceKind.POSITIVE_INTERVENTION]
    admitted = [s for s in projects if s.provider.is_admitted(FRAMEWORK_ID, lot, start)]
    site = rng.choice(admitted or list(projects))
    route = (
        PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=FRAMEWORK_ID, lot=lot)
        if admitted
        else PurchaseRoute(kind=RouteKind.SPOT)
    )
    return PlacementDraft(
        id=pid,
        child=child,
        borough=borough,
        provider=site.id,
        service=ServiceKind.POSITIVE_INTERVENTION,
        period=DateRange(start=start, end=end if end < HORIZON else None),
        fees=((start, FeeDraft(core=site.base_weekly_pence)),),
        route=route,
        funding=_CARE,
        location=site.district,
        miles=_miles(rng, site),
        ending=EndingReason.PLANNED_END if end < HORIZON else None,
    )


def _miles(rng: random.Random, site: Site) -> Decimal:
    tenths = max(5, site.miles * 10 + rng.randrange(-40, 60))
    return Decimal(tenths) / 10


def draw_lac_children(
    rng: random.Random,
    sites: Sequence[Site],
    blocks: Sequence[BlockPlan],
    new_ref: Callable[[str], ChildRef],
) -> tuple[tuple[LacChild, ...], tuple[PlacementDraft, ...]]:
    """Draw every LAC child and the placement drafts of their bought stays.

    Croydon's children's-home placements are held to seed 004's figures: exactly 37 running
    on 31 March 2019 and 3 more starting by 3 July 2019, all 40 running to the end of 2019/20,
    and at most :data:`~slcp.sample._facts.CROYDON_RESIDENTIAL_RUNNING_ON_1_APRIL_2018` running
    on 1 April 2018 (decision 0209).
    """
    homes = tuple(s for s in sites if _HOME in s.services)
    projects = tuple(s for s in sites if ServiceKind.POSITIVE_INTERVENTION in s.services)
    ifas = tuple(s for s in sites if _IFA in s.services)
    market = _Market(
        homes=homes,
        ifas=ifas,
        homes_on_lot=tuple(
            s
            for s in homes
            if s.provider.is_admitted(FRAMEWORK_ID, LAC_LOTS[_HOME], FRAMEWORK_START)
        ),
        ifas_on_lot=tuple(
            s for s in ifas if s.provider.is_admitted(FRAMEWORK_ID, LAC_LOTS[_IFA], FRAMEWORK_START)
        ),
    )
    children: list[LacChild] = []
    drafts: list[PlacementDraft] = []
    block_use: dict[VehicleId, list[DateRange]] = {}
    for borough in sorted(_ARRIVALS):
        fostering, residential = _ARRIVALS[borough]
        croydon_counts = [0, 0, 0]
        arrivals: list[tuple[dt.date, str]] = []
        for year in range(_FIRST_ARRIVAL_YEAR, HORIZON.year + 1):
            growth = 1.03 ** (year - 2016)
            for month in range(1, 13):
                for track, rate in (("ifa", fostering), ("res", residential)):
                    for _ in range(_poisson(rng, rate * growth / 12)):
                        day = dt.date(year, month, 1) + _days(rng, 0, 28)
                        if day < HORIZON:
                            arrivals.append((day, track))
        queue = deque(arrivals)
        forced = 0
        while queue:
            care_start, track = queue.popleft()
            mob, care_end, reason, stays = _draw_history(rng, borough, track, care_start, market)
            if borough == CROYDON:
                # seed 004: 37 children's-home placements at the end of 2018/19, risen to 40
                # by July 2019 and expected to stay at that level all year; numbers rising
                # through 2018/19 from a lower level (decision 0209). Children whose stays
                # would break these counts are redrawn.
                counts = _residential_counts(stays, borough)
                want_2018 = CROYDON_RESIDENTIAL_RUNNING_ON_1_APRIL_2018 - croydon_counts[2]
                want_end = CROYDON_RESIDENTIAL_RUNNING_ON_31_MARCH_2019 - croydon_counts[0]
                want_start = CROYDON_RESIDENTIAL_STARTED_IN_2019_20 - croydon_counts[1]
                if (
                    counts.april_2018 <= want_2018
                    and counts.march_2019 <= want_end
                    and counts.starting <= want_start
                    and counts.brief == 0
                ):
                    croydon_counts[0] += counts.march_2019
                    croydon_counts[1] += counts.starting
                    croydon_counts[2] += counts.april_2018
                    want_end -= counts.march_2019
                    want_start -= counts.starting
                else:
                    stays = []
                if not queue and (want_end or want_start) and forced < 10000:
                    # top up with children whose care began shortly before 2019/20
                    forced += 1
                    queue.append((dt.date(2017, 6, 1) + _days(rng, 0, 900), "res"))
            recorded = [_recorded(s, borough) for s in stays]
            if all(r is None for r in recorded):
                continue
            child = Child(
                ref=new_ref("L"),
                month_of_birth=mob,
                home_district=rng.choice(HOME_DISTRICTS[borough]),
            )
            final: list[Stay] = []
            for drawn, period in zip(stays, recorded, strict=True):
                if period is None:
                    final.append(drawn)
                    continue
                stay = drawn
                for block in blocks:
                    if (
                        block.borough == borough
                        and block.service is stay.service
                        and period.start in block.period
                        and rng.random() < 0.3
                        and _has_room(block, block_use.setdefault(block.id, []), period)
                    ):
                        block_use[block.id].append(period)
                        stay = attrs.evolve(
                            stay, site=block.site, block=block.id, district=block.site.district
                        )
                        break
                pid = PlacementId(f"PL-L{len(drafts) + 1:05d}")
                stay = attrs.evolve(stay, placement=pid)
                site = stay.site
                if site is None:  # only bought stays are recorded; they all have a provider
                    final.append(stay)
                    continue
                fee = _fee(rng, stay, site)
                if stay.block is not None:
                    block_plan = next(b for b in blocks if b.id == stay.block)
                    fee = FeeDraft(core=block_plan.weekly_pence)
                # education pays only where the fee itself has an education part (a block
                # place is care only, whatever was drawn for the spot fee it replaced)
                funding = _care_and_school(fee) if fee.education else _CARE
                if (
                    funding is _CARE
                    and stay.service is ServiceKind.CHILDRENS_HOME
                    and len(drafts) % _HEALTH_EVERY == 0
                ):
                    funding = _CARE_AND_HEALTH
                miles = _miles(rng, site)
                drafts.append(
                    PlacementDraft(
                        id=pid,
                        child=child.ref,
                        borough=borough,
                        provider=site.id,
                        service=stay.service,
                        period=period,
                        fees=_fee_history(rng, stay, period, fee),
                        charging=ChargingBasis(),
                        route=_route(stay, site, period.start),
                        funding=funding,
                        location=site.district,
                        miles=miles,
                        ending=stay.ending,
                        place=stay.place,
                        place_provider=stay.place_provider,
                        education_continuity=miles < 20 and rng.random() < 0.75,
                    )
                )
                final.append(stay)
            for stay in final:
                if stay.end is not None and stay.end <= FRAMEWORK_START:
                    continue
                pid = PlacementId(f"PL-L{len(drafts) + 1:05d}")
                extra = _intervention(
                    rng, stay, borough=borough, child=child.ref, projects=projects, pid=pid
                )
                if extra is not None:
                    drafts.append(extra)
            breaks, temporary, changes = _extras(rng, final, care_start, track)
            children.append(
                LacChild(
                    child=child,
                    borough=borough,
                    care_start=care_start,
                    care_end=care_end,
                    reason_ceased=reason,
                    stays=tuple(final),
                    legal_statuses=_legal_statuses(rng, care_start, care_end),
                    category_of_need=rng.choices(
                        ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"),
                        (55, 10, 5, 20, 4, 2, 1, 3),
                    )[0],
                    short_breaks=breaks,
                    temporary=temporary,
                    same_carer_changes=changes,
                )
            )
    return tuple(children), tuple(drafts)


@attrs.frozen(kw_only=True)
class _Cut:
    start: dt.date
    rne: str
    place: str
    provider: str
    district: str
    urn: str | None


def episodes_for(lac: LacChild) -> tuple[CareEpisode, ...]:
    """The child's SSDA903 episodes, consistent with its stays.

    RNE S opens the period of care, P marks a change of carer, T a change of placement with
    the same carer (short-term foster care confirmed as long-term), L a change of legal status
    only, and B/U a legal status change on the day of a placement change. A temporary
    placement (T0-T4) is followed by a return to the same PLACE and postcode district.
    """
    cuts: list[_Cut] = []
    for i, stay in enumerate(lac.stays):
        urn = stay.site.provider.urn if stay.site is not None else None
        base = _Cut(
            start=stay.start,
            rne="S" if i == 0 else "P",
            place=stay.place,
            provider=stay.place_provider,
            district=stay.district,
            urn=urn,
        )
        own = [base]
        for change in lac.same_carer_changes:
            if change > stay.start and (stay.end is None or change < stay.end):
                own[-1] = attrs.evolve(own[-1], place="U6")
                own.append(attrs.evolve(base, start=change, rne="T", place="U4"))
        for t_start, t_end, code in lac.temporary:
            if stay.start < t_start and (stay.end is None or t_end < stay.end):
                # the child returns to the placement in force when the temporary one began
                current = max((c for c in own if c.start <= t_start), key=lambda c: c.start)
                own.append(attrs.evolve(current, start=t_start, rne="P", place=code, urn=None))
                own.append(attrs.evolve(current, start=t_end, rne="P"))
        cuts.extend(own)
    cuts.sort(key=lambda c: c.start)
    statuses = list(lac.legal_statuses)
    # merge legal status changes into the cuts
    status_at: dict[dt.date, str] = dict(statuses)
    out_cuts: list[tuple[_Cut, str]] = []
    current_ls = statuses[0][1]
    change_days = sorted(d for d, _ in statuses[1:])
    ci = 0
    for k, drawn in enumerate(cuts):
        cut = drawn
        nxt = cuts[k + 1].start if k + 1 < len(cuts) else (lac.care_end or HORIZON)
        if cut.start in status_at:
            current_ls = status_at[cut.start]
            if cut.rne in ("P", "T") and cut.start != lac.care_start:
                cut = attrs.evolve(cut, rne="B" if cut.rne == "P" else "U")
        out_cuts.append((cut, current_ls))
        while ci < len(change_days) and change_days[ci] <= cut.start:
            ci += 1
        while ci < len(change_days) and change_days[ci] < nxt:
            day = change_days[ci]
            current_ls = status_at[day]
            if not cut.place.startswith("T"):
                out_cuts.append((attrs.evolve(cut, start=day, rne="L"), current_ls))
            ci += 1
    episodes: list[CareEpisode] = []
    for brk in lac.short_breaks:
        episodes.append(
            CareEpisode(
                child=lac.child.ref,
                borough=lac.borough,
                period=brk,
                reason_new_episode="S",
                legal_status="V3",
                category_of_need="N1",
                place="K2",
                place_provider="PR1",
                reason_ceased="E8",
                home_district=lac.child.home_district,
                placement_district=HOME_DISTRICTS[lac.borough][0],
            )
        )
    for k, (cut, ls) in enumerate(out_cuts):
        last = k + 1 == len(out_cuts)
        end = lac.care_end if last else out_cuts[k + 1][0].start
        episodes.append(
            CareEpisode(
                child=lac.child.ref,
                borough=lac.borough,
                period=DateRange(start=cut.start, end=end),
                reason_new_episode=cut.rne,
                legal_status=ls,
                category_of_need=lac.category_of_need,
                place=cut.place,
                place_provider=cut.provider,
                reason_ceased=(lac.reason_ceased if last else "X1"),
                home_district=lac.child.home_district,
                placement_district=cut.district,
                urn=cut.urn,
            )
        )
    return tuple(episodes)
