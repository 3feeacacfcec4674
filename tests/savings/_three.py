"""A hand-sized partnership for the savings tests: three boroughs, one year, small numbers.

Financial year 2018/19 (365 days). Bexley, Bromley and Croydon are SEND members all year.
Each has one spot placement from 1 April 2018:

======== ========= ============ ================= ==================
Borough  days      weeks (÷ 7)  weekly fee        spend (fee ÷ 7 × days)
======== ========= ============ ================= ==================
Bexley   70        10           £1,000            £10,000
Bromley  140       20           £2,000            £40,000
Croydon  210       30           £500              £15,000
======== ========= ============ ================= ==================

Ledger: a partnership-wide SEND saving of £1,000.00 (no borough) and a saving of £123.45
on a Bexley placement. Contributions: £100 each for SEND 2018/19.
"""

from __future__ import annotations

import datetime as dt

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
    Child,
    ChildRef,
    Contribution,
    FeeComponents,
    GssCode,
    Membership,
    Placement,
    PlacementId,
    Programme,
    ProviderId,
    PurchaseRoute,
    RouteKind,
    SavingId,
    SavingRecord,
    SavingSource,
    ServiceKind,
    Workstream,
)
from slcp.domain.provider import Provider
from slcp.money import Money
from slcp.periods import DateRange, FinancialYear
from slcp.timeline import Source, SourceKind, Timeline

BEXLEY = GssCode("E09000004")
BROMLEY = GssCode("E09000006")
CROYDON = GssCode("E09000008")
FY = FinancialYear(2018)
EVIDENCE = Source(kind=SourceKind.BOARD_DECISION, citation="test board minutes")
START = dt.date(2018, 4, 1)


def placement(
    pid: str,
    borough: GssCode,
    days: int,
    weekly_pence: int,
    *,
    start: dt.date = START,
    route: PurchaseRoute | None = None,
    workstream: Workstream = Workstream.SEND,
) -> Placement:
    """A SEND day placement (or LAC children's home) of ``days`` days from ``start``."""
    return Placement(
        id=PlacementId(pid),
        child=ChildRef(f"C-{pid}"),
        borough=borough,
        workstream=workstream,
        provider=ProviderId("PRV-1"),
        service=ServiceKind.SEND_DAY
        if workstream is Workstream.SEND
        else ServiceKind.CHILDRENS_HOME,
        period=DateRange(start=start, end=start + dt.timedelta(days=days)),
        fees=Timeline.constant(
            FeeComponents(core=Money(weekly_pence)), effective=start, source=EVIDENCE
        ),
        route=route or PurchaseRoute(kind=RouteKind.SPOT),
    )


def saving(
    sid: str,
    pence: int,
    *,
    borough: GssCode | None = None,
    year: FinancialYear = FY,
    source: SavingSource = SavingSource.OTHER,
    workstream: Workstream = Workstream.SEND,
) -> SavingRecord:
    """An entered saving."""
    return SavingRecord(
        id=SavingId(sid),
        source=source,
        financial_year=year,
        workstream=workstream,
        amount=Money(pence),
        evidence=EVIDENCE,
        borough=borough,
    )


POOLED = saving("pooled", 100_000, source=SavingSource.VOLUME_DISCOUNT)
BEXLEY_OWN = saving("bexley-own", 12_345, borough=BEXLEY, source=SavingSource.NEGOTIATED_REDUCTION)


def three_boroughs(
    *,
    croydon_joins: dt.date = dt.date(2014, 4, 1),
    contribution_pence: int = 10_000,
    savings: tuple[SavingRecord, ...] = (POOLED, BEXLEY_OWN),
) -> Programme:
    """The programme in the module docstring (Croydon may join later)."""
    placements = (
        placement("P-BEX", BEXLEY, 70, 100_000),
        placement("P-BRO", BROMLEY, 140, 200_000),
        placement("P-CRO", CROYDON, 210, 50_000),
    )
    joined = {BEXLEY: dt.date(2014, 4, 1), BROMLEY: dt.date(2014, 4, 1), CROYDON: croydon_joins}
    return Programme(
        name="Three boroughs",
        host=CROYDON,
        boroughs=SOUTH_LONDON_BOROUGHS,
        memberships=tuple(
            Membership(borough=b, workstream=Workstream.SEND, period=DateRange(start=d))
            for b, d in joined.items()
        ),
        contributions=tuple(
            Contribution(
                borough=b,
                workstream=Workstream.SEND,
                financial_year=FY,
                amount=Money(contribution_pence),
            )
            for b in joined
        ),
        providers=(Provider(id=ProviderId("PRV-1"), name="School One"),),
        children=tuple(Child(ref=p.child) for p in placements),
        placements=placements,
        savings=savings,
    )
