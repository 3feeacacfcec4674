"""The partnership's money and intelligence: contributions, budgets, fee-uplift rounds,
savings entered with their evidence, and provider concerns."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from slcp.domain import (
    Budget,
    ConcernCategory,
    ConcernId,
    Contribution,
    FeeUpliftRound,
    GssCode,
    Membership,
    Placement,
    ProviderConcern,
    ProviderId,
    RouteKind,
    SavingId,
    SavingRecord,
    SavingSource,
    ServiceKind,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    UpliftTiming,
    Workstream,
)
from slcp.money import Money, Rate, round_pence
from slcp.periods import FinancialYear
from slcp.sample._facts import (
    CROYDON,
    CROYDON_RESIDENTIAL_BUDGETS,
    HORIZON,
    LAC_CONTRIBUTION,
    SEED_004,
    SEND_CONTRIBUTION,
    assumption,
)
from slcp.sample._providers import Site
from slcp.timeline import Source, SourceKind

__all__ = [
    "DPS_TRANSACTION_COST_PER_PLACEMENT",
    "DPS_TRANSACTION_COST_REDUCTION",
    "SEND_REQUEST_SHARE",
    "make_budgets",
    "make_concerns",
    "make_contributions",
    "make_savings",
    "make_uplift_rounds",
]

_LAST_YEAR = FinancialYear.containing(HORIZON - dt.timedelta(days=1))

#: Share of SEND providers asking for an increase above the partnership's position in each
#: round (calibration assumption, decision 0206): many in the first two rounds, when providers
#: were used to "largely dictate their own terms" (seed 000), fewer once the joint position was
#: known; tuned so the avoidance is as near seed 000's £2m by December 2015 as the later
#: seeds' "over £2m" (seed 004) and "almost £2m" (seed 001) by 2019 allow.
SEND_REQUEST_SHARE = {2014: 0.4, 2015: 0.4, 2016: 0.06, 2017: 0.06, 2018: 0.06, 2019: 0.06,
                      2020: 0.06, 2021: 0.06}  # fmt: skip
#: The DPS cut transaction costs by about 11% (seed 001; seed 004 §3.2.4).
DPS_TRANSACTION_COST_REDUCTION = Fraction(11, 100)
#: Cost of registering, accrediting and contracting for one placement before the DPS, in
#: pence (sample assumption, decision 0207).
DPS_TRANSACTION_COST_PER_PLACEMENT = 145_000

# Partnership caps by financial year, in percent (sample assumption, decision 0206).
_SEND_CAPS = {2014: "1.0", 2015: "1.0", 2016: "1.0", 2017: "1.5", 2018: "1.5", 2019: "1.5",
              2020: "1.0", 2021: "1.5"}  # fmt: skip
# LAC rounds only from 2020/21, under the framework (live March 2020): seed 001 says LAC savings
# figures would exist only from early 2020 ("By January [2020] ... meaningful data around cost
# savings"), so the sample enters no LAC saving before then.
_LAC_CAPS = {2020: "1.5", 2021: "2.0"}
_REQUESTS = ("2.0", "2.5", "2.5", "3.0", "3.0", "3.0", "3.5", "4.0", "4.5", "5.0")


def make_contributions(memberships: Sequence[Membership]) -> tuple[Contribution, ...]:
    """Each member's full-year contribution for every financial year it belonged.

    LAC: £30,000 (seed 004 §3.2.5). SEND: :data:`~slcp.sample._facts.SEND_CONTRIBUTION`
    (an assumption within a documented range, decision 0203). A part-year member owes it pro
    rata by days, which the savings calculations work out from the membership.
    """
    out: list[Contribution] = []
    for m in memberships:
        year = FinancialYear.containing(m.period.start)
        while year <= _LAST_YEAR:
            if m.workstream is Workstream.LAC:
                amount, source = LAC_CONTRIBUTION, SEED_004
            else:
                amount = SEND_CONTRIBUTION
                source = assumption(
                    "SEND contribution: no seed gives it; £3,200 a year, within the £2,000 to "
                    "£10,000 the seeds' savings and returns imply (decision 0203)"
                )
            out.append(
                Contribution(
                    borough=m.borough,
                    workstream=m.workstream,
                    financial_year=year,
                    amount=amount,
                    source=source,
                )
            )
            year = year.next()
    return tuple(out)


def make_budgets() -> tuple[Budget, ...]:
    """Croydon's LAC residential base budgets for 2018/19 and 2019/20 (seed 004)."""
    return tuple(
        Budget(
            borough=CROYDON,
            workstream=Workstream.LAC,
            financial_year=year,
            amount=amount,
            service=ServiceKind.CHILDRENS_HOME,
            source=SEED_004,
        )
        for year, amount in CROYDON_RESIDENTIAL_BUDGETS.items()
    )


def _position(workstream: Workstream, year: int, cap_pct: str) -> UpliftPosition:
    cap = Rate.from_pct(cap_pct)
    higher = Rate.from_pct(_add(cap_pct, "0.5"))
    lower = Rate.from_pct(_add(cap_pct, "-0.5"))
    return UpliftPosition(
        default_cap=cap,
        bands=(
            UpliftBand(cap=higher, provider_tier="A"),
            UpliftBand(cap=cap, provider_tier="B"),
            UpliftBand(cap=lower, provider_tier="C"),
        ),
        source=Source(
            kind=SourceKind.BOARD_DECISION,
            citation=f"SLCP {workstream.value.upper()} board, fee uplift position "
            f"{FinancialYear(year)} (sample)",
            dated=dt.date(year, 2, 15),
        ),
    )


def _add(a: str, b: str) -> str:
    """``a + b`` percentage points as a string, never below zero."""
    return str(max(Decimal(0), Decimal(a) + Decimal(b)))


def make_uplift_rounds(
    rng: random.Random, sites: Sequence[Site], placements: Sequence[Placement]
) -> tuple[FeeUpliftRound, ...]:
    """SEND rounds for 2014/15-2021/22 and LAC rounds for 2017/18-2021/22.

    Only providers with placements make requests (2%-5%); the partnership's position caps the
    increase by tier (A: cap + 0.5 points, B: cap, C: cap - 0.5 points); a few requests are
    settled case by case. SEND increases take effect on 1 April; LAC ones too until 2019/20
    and on each placement's anniversary under the framework from 2020/21.
    """
    used: dict[Workstream, list[ProviderId]] = {Workstream.SEND: [], Workstream.LAC: []}
    seen: set[ProviderId] = set()
    for p in placements:
        if (
            p.provider is not None
            and p.provider not in seen
            and p.service is not ServiceKind.POSITIVE_INTERVENTION
        ):
            seen.add(p.provider)
            used[p.workstream].append(p.provider)
    rounds: list[FeeUpliftRound] = []
    for workstream, caps in ((Workstream.SEND, _SEND_CAPS), (Workstream.LAC, _LAC_CAPS)):
        providers = sorted(used[workstream])
        for year, cap in caps.items():
            share = SEND_REQUEST_SHARE[year] if workstream is Workstream.SEND else 0.3
            requests: list[UpliftRequest] = []
            for provider in providers:
                if rng.random() >= share:
                    continue
                requested = rng.choice(_REQUESTS)
                agreed = None
                if rng.random() < 0.06:
                    agreed = Rate.from_pct(rng.choice(("0", _add(cap, "1.0"), requested)))
                requests.append(
                    UpliftRequest(
                        provider=provider,
                        requested=Rate.from_pct(requested),
                        agreed=agreed,
                        source=Source(
                            kind=SourceKind.AGREEMENT,
                            citation=f"provider request {FinancialYear(year)} (sample)",
                        ),
                    )
                )
            timing = (
                UpliftTiming.PLACEMENT_ANNIVERSARY
                if workstream is Workstream.LAC and year >= 2020
                else UpliftTiming.FINANCIAL_YEAR_START
            )
            rounds.append(
                FeeUpliftRound(
                    id=UpliftId(f"{workstream.value.upper()}-{FinancialYear(year)}"),
                    workstream=workstream,
                    financial_year=FinancialYear(year),
                    timing=timing,
                    position=_position(workstream, year, cap),
                    requests=tuple(requests),
                    source=Source(
                        kind=SourceKind.BOARD_DECISION,
                        citation=f"SLCP {workstream.value.upper()} board, round closed "
                        f"{FinancialYear(year)} (sample); seed 004 §3.2.1 on joint management "
                        "of annual fee increases",
                        dated=dt.date(year, 3, 20),
                    ),
                )
            )
    return tuple(rounds)


def make_savings(rng: random.Random, placements: Sequence[Placement]) -> tuple[SavingRecord, ...]:
    """Savings the data cannot derive, entered as labelled sample assumptions (decision 0207).

    No seed gives either figure, so both carry a source of kind ``assumption``:

    * DPS transaction costs: seed 001 and seed 004 §3.2.4 say the DPS cut transaction costs by
      about 11%, but not what they were; each DPS call-off is taken to have saved 11% of an
      assumed £1,450 per placement.
    * Negotiated reductions: illustrative amounts at the SEND board from 2015/16 and at the LAC
      board from 2020/21 (seed 001: no LAC savings figures before early 2020).
    """
    out: list[SavingRecord] = []
    calls: dict[tuple[GssCode, FinancialYear], int] = {}
    for p in placements:
        if p.route.kind is RouteKind.DPS_CALL_OFF:
            key = (p.borough, FinancialYear.containing(p.period.start))
            calls[key] = calls.get(key, 0) + 1
    evidence = assumption(
        "£1,450 per placement before the DPS, of which about 11% saved (the 11% from seed 001 "
        "and seed 004 §3.2.4; the £1,450 from no seed)"
    )
    for (borough, year), count in sorted(calls.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        amount = round_pence(
            count * DPS_TRANSACTION_COST_PER_PLACEMENT * DPS_TRANSACTION_COST_REDUCTION
        )
        out.append(
            SavingRecord(
                id=SavingId(f"SAV-DPS-{borough}-{year.start_year}"),
                source=SavingSource.TRANSACTION_COST,
                financial_year=year,
                workstream=Workstream.SEND,
                amount=Money(amount),
                evidence=evidence,
                borough=borough,
            )
        )
    boroughs_by_ws: dict[Workstream, list[GssCode]] = {Workstream.SEND: [], Workstream.LAC: []}
    for p in placements:
        if p.borough not in boroughs_by_ws[p.workstream]:
            boroughs_by_ws[p.workstream].append(p.borough)
    n = 0
    for workstream, first in ((Workstream.SEND, 2015), (Workstream.LAC, 2020)):
        for start_year in range(first, _LAST_YEAR.start_year + 1):
            for borough in sorted(boroughs_by_ws[workstream]):
                if rng.random() < 0.35:
                    n += 1
                    out.append(
                        SavingRecord(
                            id=SavingId(f"SAV-NEG-{n:03d}"),
                            source=SavingSource.NEGOTIATED_REDUCTION,
                            financial_year=FinancialYear(start_year),
                            workstream=workstream,
                            amount=Money(rng.randrange(40, 400) * 100_00),
                            evidence=assumption(
                                f"{workstream.value.upper()} board "
                                f"{FinancialYear(start_year)}: an illustrative fee negotiated "
                                "below the provider's quoted price (no seed gives one)"
                            ),
                            borough=borough,
                        )
                    )
    return tuple(out)


_SUMMARIES = {
    ConcernCategory.SAFEGUARDING: (
        "Delay in reporting an allegation to the designated officer",
        "Staff recruitment checks incomplete at a monitoring visit",
        "Repeated missing episodes not escalated to the placing authority",
    ),
    ConcernCategory.STANDARDS_OF_CARE: (
        "Staffing below the agreed ratio on several shifts",
        "Care plan reviews not attended by the key worker",
        "Medication records incomplete at a monitoring visit",
    ),
    ConcernCategory.FINANCIAL: (
        "Late filing of accounts and a qualified audit opinion",
        "Provider gave notice of a possible change of ownership",
        "Invoices charged above the agreed weekly fee",
    ),
    ConcernCategory.EDUCATION: ("Pupils without full-time education for several weeks",),
    ConcernCategory.CONTRACT_COMPLIANCE: ("Monthly outcome returns not submitted",),
}


def make_concerns(
    rng: random.Random, sites: Sequence[Site], placements: Sequence[Placement]
) -> tuple[ProviderConcern, ...]:
    """Concerns boroughs raised about providers they placed with (no child's details)."""
    by_provider: dict[str, list[Placement]] = {}
    for p in placements:
        if p.provider is not None:
            by_provider.setdefault(p.provider, []).append(p)
    out: list[ProviderConcern] = []
    categories = list(_SUMMARIES)
    weights = (35, 35, 15, 8, 7)
    for site in sites:
        own = by_provider.get(site.id)
        if not own or rng.random() > 0.14:
            continue
        for _ in range(rng.choice((1, 1, 1, 2))):
            placement = rng.choice(own)
            last = min(placement.period.end or HORIZON, HORIZON) - dt.timedelta(days=1)
            span = (last - placement.period.start).days
            raised = placement.period.start + dt.timedelta(days=rng.randrange(max(1, span)))
            category = rng.choices(categories, weights)[0]
            resolved = raised + dt.timedelta(days=rng.randrange(20, 240))
            out.append(
                ProviderConcern(
                    id=ConcernId(f"CON-{len(out) + 1:03d}"),
                    provider=site.id,
                    raised_by=placement.borough,
                    raised_on=raised,
                    category=category,
                    summary=rng.choice(_SUMMARIES[category]),
                    resolved_on=resolved if rng.random() < 0.7 and resolved < HORIZON else None,
                )
            )
    return tuple(out)
