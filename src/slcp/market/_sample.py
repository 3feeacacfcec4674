"""The embedded sample's market: provider groups, vacancies, referrals, offers and awards.

Derived from the South London sample programme by fixed rules — nothing is drawn at random,
so the same programme always gives the same book (decision 1103):

- **Groups.** Five organisations own some of the providers, taken in id order at a fixed
  stride: Hearthstone Care Group (every 6th children's home from the first, 18 homes),
  Meridian Children's Services (every 10th from the second, 10 homes), Castlegate Education
  (every 10th school from the second, 15 schools), Brightpath Learning (every 25th from the
  eighth, 6 schools) and Family First Fostering (every 9th agency from the third, 4 agencies).
  Every other provider stands alone.
- **Vacancies.** Every second provider (in id order) with placements offers places for its
  most common kind of placement, in its most common placement district, at the median first
  weekly fee of its placements (rounded half up), for the needs of the children it has
  served (schools: their four most common primary needs). Vacancies open on fixed days from
  October 2018 to March 2020 and run 240 days, or stay open.
- **Referrals.** 36 referrals, one every 11 days from 1 July 2019 (to July 2020), rotating
  through the workstreams' member boroughs, kinds of placement, needs, ages and urgencies.
- **Offers and awards.** Each referral is matched with :func:`match_referral` (default
  weights, no scorecards; before the LAC framework went live on 9 March 2020 a LAC referral
  is matched with ``require_admission=False``, as councils then bought off framework); the
  top three offers are recorded two days after the referral; the top offer is awarded after
  0, 3 or 12 days by urgency (plus 0-3 days), as a call-off of its lot when it is on
  framework, else as a spot purchase (``no_eligible_provider``). Every seventh referral with
  an offer is instead placed off framework to keep a school (``continuity``); a referral
  with no offer is placed off framework (``no_eligible_provider``); the last two referrals
  are still unplaced.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import io
import zlib
from collections import Counter
from fractions import Fraction

from slcp.domain import (
    GssCode,
    NeededBy,
    Placement,
    Programme,
    ProviderId,
    RouteKind,
    SenNeed,
    ServiceKind,
    Workstream,
)
from slcp.domain.child import ChildRef
from slcp.domain.location import PostcodeDistrict
from slcp.market._distance import SOUTH_LONDON_DISTRICTS
from slcp.market._records import (
    Award,
    GroupId,
    MarketBook,
    Offer,
    OffFrameworkReason,
    PlacementReferral,
    ProviderGroup,
    ReferralId,
    Vacancy,
    VacancyId,
)
from slcp.money import Money, round_pence
from slcp.periods import DateRange
from slcp.pricing import median_pence
from slcp.sample import is_embedded, south_london
from slcp.sample._shipped import package_bytes, read_shared

__all__ = [
    "SAMPLE_REFERRALS",
    "SHIPPED_MARKET",
    "sample_market",
    "sample_market_of",
    "south_london_market",
]

#: How many referrals the sample holds.
SAMPLE_REFERRALS = 36

_GROUPS = (
    ("GRP-HEARTH", "Hearthstone Care Group", "PRV-H", 0, 6, 18),
    ("GRP-MERIDIAN", "Meridian Children's Services", "PRV-H", 1, 10, 10),
    ("GRP-CASTLE", "Castlegate Education", "PRV-S", 1, 10, 15),
    ("GRP-BRIGHT", "Brightpath Learning", "PRV-S", 7, 25, 6),
    ("GRP-FAMILY", "Family First Fostering", "PRV-F", 2, 9, 4),
)

_AGES = {
    ServiceKind.CHILDRENS_HOME: (10, 17),
    ServiceKind.INDEPENDENT_FOSTERING: (0, 17),
    ServiceKind.POSITIVE_INTERVENTION: (8, 17),
    ServiceKind.SEND_DAY: (5, 18),
    ServiceKind.SEND_RESIDENTIAL_38_WEEK: (8, 19),
    ServiceKind.SEND_RESIDENTIAL_52_WEEK: (8, 19),
    ServiceKind.SEND_POST_16: (16, 25),
}

_OPENINGS = (
    (dt.date(2018, 10, 1), None),
    (dt.date(2019, 4, 1), 240),
    (dt.date(2019, 7, 1), 240),
    (dt.date(2019, 10, 1), 240),
    (dt.date(2020, 1, 6), None),
    (dt.date(2020, 3, 9), 240),
)

_SOUGHT = (
    (Workstream.LAC, ServiceKind.CHILDRENS_HOME),
    (Workstream.SEND, ServiceKind.SEND_DAY),
    (Workstream.LAC, ServiceKind.INDEPENDENT_FOSTERING),
    (Workstream.SEND, ServiceKind.SEND_RESIDENTIAL_52_WEEK),
    (Workstream.LAC, ServiceKind.CHILDRENS_HOME),
    (Workstream.SEND, ServiceKind.SEND_RESIDENTIAL_38_WEEK),
)
_NEEDS = (SenNeed.ASD, SenNeed.SEMH, SenNeed.SLD, SenNeed.MLD, SenNeed.SLCN, SenNeed.PMLD)
_URGENCY = (NeededBy.AFTER_5_DAYS, NeededBy.WITHIN_5_DAYS, NeededBy.AFTER_5_DAYS, NeededBy.TODAY)
_DAYS_TO_AWARD = {NeededBy.TODAY: 0, NeededBy.WITHIN_5_DAYS: 3, NeededBy.AFTER_5_DAYS: 12}
_FIRST_REFERRAL = dt.date(2019, 7, 1)


def _groups(programme: Programme) -> tuple[ProviderGroup, ...]:
    ids = sorted(p.id for p in programme.providers)
    out = []
    for gid, name, prefix, first, stride, size in _GROUPS:
        pool = [i for i in ids if i.startswith(prefix)]
        members = tuple(ProviderId(i) for i in pool[first::stride][:size])
        if members:
            out.append(ProviderGroup(id=GroupId(gid), name=name, members=members))
    return tuple(out)


def _most_common(counts: Counter[str]) -> str:
    return min(counts, key=lambda k: (-counts[k], k))


def _vacancies(programme: Programme) -> tuple[Vacancy, ...]:
    by_provider: dict[str, list[Placement]] = {}
    for p in programme.placements:
        if p.provider is not None:
            by_provider.setdefault(p.provider, []).append(p)
    primary = {c.ref: c.sen_primary for c in programme.children}
    out: list[Vacancy] = []
    for i, pid in enumerate(sorted(by_provider)):
        if i % 2:
            continue
        placements = by_provider[pid]
        service = ServiceKind(_most_common(Counter(p.service.value for p in placements)))
        if service not in _AGES:
            continue
        districts = Counter(str(p.location) for p in placements if p.location is not None)
        location = _most_common(districts) if districts else "CR0"
        fee = round_pence(median_pence(p.fees.entries[0].value.total.pence for p in placements))
        needs: tuple[SenNeed, ...] = ()
        if service.workstream is Workstream.SEND:
            seen = Counter(
                need.value for need in (primary.get(p.child) for p in placements) if need
            )
            needs = tuple(SenNeed(n) for n in sorted(seen, key=lambda n: (-seen[n], n))[:4])
        start, days = _OPENINGS[(i // 2) % len(_OPENINGS)]
        low, high = _AGES[service]
        out.append(
            Vacancy(
                id=VacancyId(f"VAC-{len(out) + 1:04d}"),
                provider=ProviderId(pid),
                places=1 + (i // 2) % 3,
                period=DateRange(
                    start=start, end=None if days is None else start + dt.timedelta(days=days)
                ),
                services=(service,),
                min_age=low,
                max_age=high,
                needs_met=needs,
                location=PostcodeDistrict(location),
                weekly_fee=Money(fee),
            )
        )
    return tuple(out)


def _referrals(programme: Programme) -> tuple[PlacementReferral, ...]:
    out = []
    for i in range(SAMPLE_REFERRALS):
        workstream, service = _SOUGHT[i % len(_SOUGHT)]
        day = _FIRST_REFERRAL + dt.timedelta(days=11 * i)
        members = programme.members_on(workstream, day) or tuple(SOUTH_LONDON_DISTRICTS)
        borough = GssCode(members[(i // len(_SOUGHT) + i) % len(members)])
        districts = SOUTH_LONDON_DISTRICTS.get(borough, ("CR0",))
        home = districts[i % len(districts)]
        low, high = _AGES[service]
        age = low + (i * 5) % (min(high, 17) - low + 1)
        needs = (_NEEDS[i % len(_NEEDS)],) if workstream is Workstream.SEND else ()
        out.append(
            PlacementReferral(
                id=ReferralId(f"REF-{i + 1:04d}"),
                child=ChildRef(f"MKT{i + 1:04d}"),
                borough=borough,
                workstream=workstream,
                service=service,
                needs=needs,
                age=age,
                home_district=PostcodeDistrict(home),
                school_district=PostcodeDistrict(districts[0]) if i % 2 == 0 else None,
                urgency=_URGENCY[i % len(_URGENCY)],
                referred_on=day,
            )
        )
    return tuple(out)


def _spot_provider(
    programme: Programme,
    placed_by_service: dict[ServiceKind, list[str]],
    service: ServiceKind,
    day: dt.date,
    i: int,
) -> str:
    from slcp.market._matching import lots_buying

    lots = lots_buying(programme, service, day)
    placed = placed_by_service.get(service, [])
    outside = [
        pid
        for pid in placed
        if not any(programme.provider(pid).is_admitted(v, lot.id, day) for v, lot in lots)
    ]
    pool = outside or placed
    return pool[i % len(pool)] if pool else sorted(p.id for p in programme.providers)[0]


def sample_market(programme: Programme) -> MarketBook:
    """The sample's market book for ``programme`` (the embedded sample, normally): provider
    groups, vacancies, 36 referrals in 2019/20 with offers and awards (module docstring)."""
    # matching is imported here, not with the module: the report loads the shipped book
    from slcp.market._matching import MatchingRules, lots_buying, match_referral

    vacancies = _vacancies(programme)
    referrals = _referrals(programme)
    draft = MarketBook(groups=_groups(programme), vacancies=vacancies, referrals=referrals)
    fees = {v.id: v.weekly_fee for v in vacancies}
    placed: dict[ServiceKind, set[str]] = {}
    for p in programme.placements:
        if p.provider is not None:
            placed.setdefault(p.service, set()).add(p.provider)
    placed_by_service = {s: sorted(ids) for s, ids in placed.items()}
    offers: list[Offer] = []
    awards: list[Award] = []
    for i, r in enumerate(referrals):
        # before a workstream has a lot buying the service (the LAC framework went live in
        # March 2020) the council still matches, off framework
        open_market = not lots_buying(programme, r.service, r.referred_on)
        result = match_referral(
            programme, draft, r, rules=MatchingRules(require_admission=not open_market)
        )
        offered_on = r.referred_on + dt.timedelta(days=2)
        offers.extend(
            Offer(
                referral=r.id,
                vacancy=o.vacancy,
                provider=o.provider,
                weekly_fee=o.weekly_fee,
                offered_on=offered_on,
            )
            for o in result.offers[:3]
        )
        if i >= SAMPLE_REFERRALS - 2:
            continue  # still searching
        awarded_on = r.referred_on + dt.timedelta(days=_DAYS_TO_AWARD[r.urgency] + i % 4)
        top = result.top
        if top is None or i % 7 == 3:
            reason = (
                OffFrameworkReason.NO_ELIGIBLE_PROVIDER
                if top is None
                else OffFrameworkReason.CONTINUITY
            )
            pid = _spot_provider(programme, placed_by_service, r.service, r.referred_on, i)
            lot = lots_buying(programme, r.service, r.referred_on)
            band = lot[0][1].price_band if lot else None
            fee = (
                Money(round_pence(Fraction(band.min_weekly.pence + band.max_weekly.pence, 2)))
                if band is not None
                else Money(300_000)
            )
            awards.append(
                Award(
                    referral=r.id,
                    provider=ProviderId(pid),
                    weekly_fee=fee,
                    awarded_on=awarded_on,
                    route=RouteKind.SPOT,
                    off_framework_reason=reason,
                )
            )
            continue
        route = (
            RouteKind.DPS_CALL_OFF
            if r.workstream is Workstream.SEND
            else RouteKind.FRAMEWORK_CALL_OFF
        )
        awards.append(
            Award(
                referral=r.id,
                provider=top.provider,
                vacancy=top.vacancy,
                weekly_fee=fees[top.vacancy],
                awarded_on=max(awarded_on, offered_on),
                route=route if top.on_framework else RouteKind.SPOT,
                lot=top.lot if top.on_framework else None,
                off_framework_reason=None
                if top.on_framework
                else OffFrameworkReason.NO_ELIGIBLE_PROVIDER,
            )
        )
    return MarketBook(
        groups=draft.groups,
        vacancies=vacancies,
        referrals=referrals,
        offers=tuple(offers),
        awards=tuple(awards),
    )


#: The embedded sample's market book as the package ships it (``slcp/data/``), derived from
#: the shipped programme by :func:`sample_market` (``python -m slcp.market._regenerate``).
SHIPPED_MARKET = "south_london_market.pickle.gz"


@functools.cache
def south_london_market() -> MarketBook:
    """The embedded sample's market book, :func:`sample_market` of
    :func:`~slcp.sample.south_london`, loaded from the form the package ships (matching 36
    referrals afresh costs about a fifth of a second); built afresh when that form is
    missing or was written for other record definitions. A test checks the shipped form
    equals the book built afresh.

    Returns:
        The book (a frozen record; the same object on every call).
    """
    try:
        raw = package_bytes("slcp", "data", SHIPPED_MARKET)
        shipped = read_shared(io.BytesIO(gzip.decompress(raw)))
    except (OSError, EOFError, zlib.error):  # missing, unreadable or damaged
        shipped = None
    return shipped if isinstance(shipped, MarketBook) else sample_market(south_london())


def sample_market_of(programme: Programme) -> MarketBook:
    """:func:`sample_market` of ``programme``: the shipped book when ``programme`` is the
    embedded sample itself (:func:`~slcp.sample.is_embedded`), else built from it."""
    return south_london_market() if is_embedded(programme) else sample_market(programme)
