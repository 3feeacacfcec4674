"""Assembling the sample: draw, calibrate, build the records, put the programme together."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
    BlockContract,
    ChildRef,
    DynamicPurchasingSystem,
    FrameworkAgreement,
    GssCode,
    IndividualChildAgreement,
    Lot,
    Membership,
    PriceBand,
    Programme,
    ServiceKind,
    VehicleId,
    Workstream,
)
from slcp.money import Money, round_pence
from slcp.periods import DateRange, FinancialYear
from slcp.sample._agreements import make_agreement
from slcp.sample._drafts import FeeDraft, PlacementDraft, build_placement, scaled_fee, spend_within
from slcp.sample._facts import (
    CALIBRATION_YEAR,
    CROYDON,
    CROYDON_IFA_TARGET,
    CROYDON_RESIDENTIAL_2019_20_OVERSPEND,
    CROYDON_RESIDENTIAL_BUDGETS,
    CROYDON_SEND_2017_18_TARGET,
    DPS_START,
    FRAMEWORK_REOPENINGS,
    FRAMEWORK_START,
    IFA_TARGET,
    LAC_JOINED,
    LEWISHAM,
    RESIDENTIAL_TARGET,
    SEND_JOINED,
    SEND_TARGET,
    SOUTHWARK,
    lac_spend_year,
)
from slcp.sample._finance import (
    make_budgets,
    make_concerns,
    make_contributions,
    make_savings,
    make_uplift_rounds,
)
from slcp.sample._lac import BlockPlan, draw_lac_children, episodes_for
from slcp.sample._providers import DPS_ID, FRAMEWORK_ID, LAC_LOTS, SEND_LOTS, Site, make_sites
from slcp.sample._send import draw_send_placements

__all__ = ["SEED", "build_south_london", "calibrate"]

#: The seed of the sample's random draws: the day the SEND workstream began.
SEED = 20140401

#: Share of SEND placements made through the DPS that have an ICA.
_SEND_ICA_SHARE = 0.3

_FY = CALIBRATION_YEAR.range


def _stream(name: str) -> random.Random:
    """An independent random stream per part of the sample, so that changing how one part is
    drawn leaves the others as they were (string seeds are hashed with SHA-512, not ``hash``,
    so they are the same in every process)."""
    return random.Random(f"{SEED}:{name}")


def _memberships() -> tuple[Membership, ...]:
    out = [
        Membership(borough=b, workstream=Workstream.SEND, period=DateRange(start=day))
        for b, day in SEND_JOINED.items()
    ]
    out += [
        Membership(borough=b, workstream=Workstream.LAC, period=DateRange(start=day))
        for b, day in LAC_JOINED.items()
    ]
    return tuple(sorted(out, key=lambda m: (m.workstream.value, m.period.start, m.borough)))


def _ref_maker(rng: random.Random) -> Callable[[str], ChildRef]:
    used: set[str] = set()

    def new_ref(prefix: str) -> ChildRef:
        while True:
            ref = f"{prefix}{rng.getrandbits(36):09x}"
            if ref not in used:
                used.add(ref)
                return ChildRef(ref)

    return new_ref


def _blocks(rng: random.Random, sites: Sequence[Site]) -> tuple[BlockPlan, ...]:
    near_homes = [s for s in sites if ServiceKind.CHILDRENS_HOME in s.services and s.miles < 20]
    ifas = [s for s in sites if ServiceKind.INDEPENDENT_FOSTERING in s.services and s.miles < 20]
    croydon_home, southwark_home = rng.sample(near_homes, 2)
    lewisham_ifa = rng.choice(ifas)
    return (
        BlockPlan(
            id=VehicleId("BLK-CRO-RES-2017"),
            borough=CROYDON,
            service=ServiceKind.CHILDRENS_HOME,
            site=croydon_home,
            period=DateRange(start=dt.date(2017, 10, 1), end=dt.date(2020, 10, 1)),
            weekly_pence=croydon_home.base_weekly_pence,
            places=5,
        ),
        BlockPlan(
            id=VehicleId("BLK-SWK-RES-2018"),
            borough=SOUTHWARK,
            service=ServiceKind.CHILDRENS_HOME,
            site=southwark_home,
            period=DateRange(start=dt.date(2018, 4, 1), end=dt.date(2021, 4, 1)),
            weekly_pence=southwark_home.base_weekly_pence,
            places=4,
        ),
        BlockPlan(
            id=VehicleId("BLK-LEW-IFA-2017"),
            borough=LEWISHAM,
            service=ServiceKind.INDEPENDENT_FOSTERING,
            site=lewisham_ifa,
            period=DateRange(start=dt.date(2017, 4, 1), end=dt.date(2020, 4, 1)),
            weekly_pence=lewisham_ifa.base_weekly_pence,
            places=8,
        ),
    )


def _group(draft: PlacementDraft) -> tuple[ServiceKind | Workstream, bool]:
    kind: ServiceKind | Workstream = draft.service
    if draft.service.workstream is Workstream.SEND:
        kind = Workstream.SEND
    return kind, draft.borough == CROYDON


def _spend(
    drafts: Iterable[PlacementDraft], period: DateRange, factor: Fraction = Fraction(1)
) -> Fraction:
    return sum((spend_within(d, period, factor) for d in drafts), Fraction(0))


def calibrate(
    drafts: Sequence[PlacementDraft],
) -> dict[tuple[ServiceKind | Workstream, bool], Fraction]:
    """One exact fee factor per group (workstream or LAC service, Croydon or the rest).

    Each seed figure is met in its own year (decision 0204):

    * SEND, Croydon: its 2017/18 spend is seed 004's £13.9m.
    * SEND, all: 2019/20 spend is £75m (seed 004, seed 001).
    * Children's homes, Croydon: 2019/20 spend is the £3.258m budget plus seed 004's
      "approximately £5.5 million" overspend, on the 40 placements running all year.
    * Children's homes, all: £50,264,202 (seed 004 §5.1.1), Croydon in 2018/19 and every other
      borough in its year (:func:`~slcp.sample._facts.lac_spend_year`).
    * IFA, Croydon: £12.1m in 2018/19 ("just over £12 million", seed 004).
    * IFA, all: £39,517,659 (seed 004 §5.1.1), each borough in its year as for homes.
    """
    groups: dict[tuple[ServiceKind | Workstream, bool], list[PlacementDraft]] = {}
    for d in drafts:
        groups.setdefault(_group(d), []).append(d)
    factors: dict[tuple[ServiceKind | Workstream, bool], Fraction] = {}
    fy_2017 = FinancialYear(2017).range
    fy_2018 = FinancialYear(2018).range
    send_croydon = groups[(Workstream.SEND, True)]
    factors[(Workstream.SEND, True)] = CROYDON_SEND_2017_18_TARGET.pence / _spend(
        send_croydon, fy_2017
    )
    croydon_homes_2019 = (
        CROYDON_RESIDENTIAL_BUDGETS[CALIBRATION_YEAR] + CROYDON_RESIDENTIAL_2019_20_OVERSPEND
    )
    factors[(ServiceKind.CHILDRENS_HOME, True)] = croydon_homes_2019.pence / _spend(
        groups[(ServiceKind.CHILDRENS_HOME, True)], _FY
    )
    factors[(ServiceKind.INDEPENDENT_FOSTERING, True)] = CROYDON_IFA_TARGET.pence / _spend(
        groups[(ServiceKind.INDEPENDENT_FOSTERING, True)], fy_2018
    )
    croydon = _spend(groups[(Workstream.SEND, True)], _FY, factors[(Workstream.SEND, True)])
    factors[(Workstream.SEND, False)] = (SEND_TARGET.pence - croydon) / _spend(
        groups[(Workstream.SEND, False)], _FY
    )
    for kind, target in (
        (ServiceKind.CHILDRENS_HOME, RESIDENTIAL_TARGET),
        (ServiceKind.INDEPENDENT_FOSTERING, IFA_TARGET),
    ):
        croydon = _spend(groups[(kind, True)], fy_2018, factors[(kind, True)])
        others = sum(
            (spend_within(d, lac_spend_year(d.borough).range) for d in groups[(kind, False)]),
            Fraction(0),
        )
        factors[(kind, False)] = (target.pence - croydon) / others
    for key in groups:
        factors.setdefault(key, Fraction(1))
    return factors


def _price_band(lo: str, hi: str) -> PriceBand:
    return PriceBand(min_weekly=Money.from_pounds(lo), max_weekly=Money.from_pounds(hi))


def _vehicles(
    blocks: Sequence[BlockPlan],
    factors: dict[tuple[ServiceKind | Workstream, bool], Fraction],
) -> tuple[DynamicPurchasingSystem | FrameworkAgreement | BlockContract, ...]:
    dps = DynamicPurchasingSystem(
        id=DPS_ID,
        name="South London SEND Dynamic Purchasing System",
        workstream=Workstream.SEND,
        period=DateRange(start=DPS_START),
        lots=(
            Lot(id=SEND_LOTS[ServiceKind.SEND_DAY], number=1, name="Day placements",
                service_kinds=(ServiceKind.SEND_DAY,), price_band=_price_band("900", "3000")),
            Lot(id=SEND_LOTS[ServiceKind.SEND_RESIDENTIAL_38_WEEK], number=2,
                name="Residential placements, 38 weeks",
                service_kinds=(ServiceKind.SEND_RESIDENTIAL_38_WEEK,),
                price_band=_price_band("2500", "7000")),
            Lot(id=SEND_LOTS[ServiceKind.SEND_RESIDENTIAL_52_WEEK], number=3,
                name="Residential placements, 52 weeks",
                service_kinds=(ServiceKind.SEND_RESIDENTIAL_52_WEEK,),
                price_band=_price_band("3500", "10000")),
            Lot(id=SEND_LOTS[ServiceKind.SEND_POST_16], number=4,
                name="Specialist post-16 placements", service_kinds=(ServiceKind.SEND_POST_16,),
                price_band=_price_band("900", "3200")),
        ),
    )  # fmt: skip
    framework = FrameworkAgreement(
        id=FRAMEWORK_ID,
        name="South London LAC Light Touch Framework",
        workstream=Workstream.LAC,
        start=FRAMEWORK_START,
        initial_term_years=4,
        extension_years=(2, 2),
        lots=(
            Lot(id=LAC_LOTS[ServiceKind.CHILDRENS_HOME], number=1,
                name="Residential LAC placements", service_kinds=(ServiceKind.CHILDRENS_HOME,),
                price_band=_price_band("3000", "7500")),
            Lot(id=LAC_LOTS[ServiceKind.INDEPENDENT_FOSTERING], number=2,
                name="Independent fostering agencies",
                service_kinds=(ServiceKind.INDEPENDENT_FOSTERING,),
                price_band=_price_band("700", "1500")),
            Lot(id=LAC_LOTS[ServiceKind.POSITIVE_INTERVENTION], number=3,
                name="Positive interventions through innovation",
                service_kinds=(ServiceKind.POSITIVE_INTERVENTION,),
                price_band=_price_band("300", "1500")),
        ),
        reopenings=FRAMEWORK_REOPENINGS,
    )  # fmt: skip
    out: list[DynamicPurchasingSystem | FrameworkAgreement | BlockContract] = [dps, framework]
    for block in blocks:
        places = block.places
        weekly = scaled_fee(
            _draft_fee(block.weekly_pence), factors[(block.service, block.borough == CROYDON)]
        ).total
        out.append(
            BlockContract(
                id=block.id,
                name=f"{block.site.provider.name} block contract",
                workstream=Workstream.LAC,
                provider=block.site.id,
                period=block.period,
                places=places,
                annual_value=Money(round_pence(weekly.pence * places * 52)),
            )
        )
    return tuple(out)


def _draft_fee(pence: int) -> FeeDraft:
    return FeeDraft(core=pence)


def build_south_london() -> Programme:
    """Draw, calibrate and assemble the sample programme (deterministic: fixed seed)."""
    sites = make_sites(_stream("providers"))
    blocks = _blocks(_stream("blocks"), sites)
    new_ref = _ref_maker(_stream("children"))
    lac_children, lac_drafts = draw_lac_children(_stream("lac"), sites, blocks, new_ref)
    send_children, send_drafts = draw_send_placements(_stream("send"), sites, new_ref)
    drafts = (*send_drafts, *lac_drafts)
    factors = calibrate(drafts)
    placements = tuple(build_placement(d, factors[_group(d)]) for d in drafts)
    children = (*send_children, *(c.child for c in lac_children))
    by_ref = {c.ref: c for c in children}
    agreements: list[IndividualChildAgreement] = []
    rng = _stream("agreements")
    for p in placements:
        if p.workstream is Workstream.SEND and (
            p.period.start < DPS_START or rng.random() >= _SEND_ICA_SHARE
        ):
            continue
        age = by_ref[p.child].age_on(p.period.start) or 0
        agreements.append(make_agreement(rng, p, age))
    episodes = tuple(e for c in lac_children for e in episodes_for(c))
    memberships = _memberships()
    return Programme(
        name="South London Commissioning Programme",
        host=GssCode(CROYDON),
        boroughs=SOUTH_LONDON_BOROUGHS,
        memberships=memberships,
        contributions=make_contributions(memberships),
        vehicles=_vehicles(blocks, factors),
        providers=tuple(s.provider for s in sites),
        children=children,
        placements=placements,
        agreements=tuple(agreements),
        uplift_rounds=make_uplift_rounds(_stream("uplifts"), sites, placements),
        budgets=make_budgets(),
        savings=make_savings(_stream("savings"), placements),
        concerns=make_concerns(_stream("concerns"), sites, placements),
        episodes=episodes,
    )
