"""Shared hypothesis strategies for slcp's tests.

Every builder is a typed ``@st.composite`` (or a plain function returning a strategy) whose
narrowing parameters are keyword-only, so a test says what it needs::

    @given(money(min_pence=0, max_pence=500_000), date_ranges(bounded=True, min_days=1))

Names here are stable: other test modules import them.

Edge dates (29 February, 31 March / 1 April, 31 August / 1 September) are drawn more often
than chance would draw them, and :data:`EDGE_DATES` lists them for ``@example``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
    Admission,
    AdmissionStatus,
    Borough,
    ChargingBasis,
    ChargingMethod,
    Child,
    ChildRef,
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
    Programme,
    Provider,
    ProviderId,
    PurchaseRoute,
    ReviewSchedule,
    RouteKind,
    ServiceKind,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    UpliftTiming,
    VehicleId,
    Workstream,
)
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

__all__ = [
    "EDGE_DATES",
    "LAC_FRAMEWORK_ID",
    "SEND_DPS_ID",
    "TEST_SOURCE",
    "agreements",
    "allocation_weights",
    "charging_bases",
    "child_refs",
    "costed_portfolios",
    "date_ranges",
    "dates",
    "fee_components",
    "fee_timelines",
    "financial_years",
    "money",
    "pence",
    "placements",
    "programmes",
    "rates",
    "uplift_rounds",
]

#: A source for test fixtures (timelines need provenance).
TEST_SOURCE = Source(kind=SourceKind.ASSUMPTION, citation="test fixture")

#: Dates where off-by-one errors live: leap days, financial- and academic-year boundaries.
EDGE_DATES: tuple[dt.date, ...] = (
    dt.date(2016, 2, 29),
    dt.date(2019, 3, 31),
    dt.date(2019, 4, 1),
    dt.date(2019, 8, 31),
    dt.date(2019, 9, 1),
    dt.date(2020, 2, 28),
    dt.date(2020, 2, 29),
    dt.date(2020, 3, 1),
    dt.date(2020, 3, 31),
    dt.date(2020, 4, 1),
    dt.date(2024, 2, 29),
    dt.date(2024, 3, 31),
    dt.date(2024, 4, 1),
)

_MIN_DATE = dt.date(2000, 1, 1)
_MAX_DATE = dt.date(2040, 12, 31)

LAC_FRAMEWORK_ID = VehicleId("LAC-FW")
SEND_DPS_ID = VehicleId("SEND-DPS")


# -- money and rates --------------------------------------------------------------------------


def pence(*, min_pence: int = -(10**10), max_pence: int = 10**10) -> st.SearchStrategy[int]:
    """Whole pence in ``[min_pence, max_pence]`` (both inclusive), 0 and ±1 drawn often."""
    edges = [p for p in (0, 1, -1, 50, -50) if min_pence <= p <= max_pence]
    core = st.integers(min_value=min_pence, max_value=max_pence)
    return st.one_of(st.sampled_from(edges), core) if edges else core


@st.composite
def money(draw: st.DrawFn, *, min_pence: int = -(10**10), max_pence: int = 10**10) -> Money:
    """A :class:`Money` between ``min_pence`` and ``max_pence`` inclusive."""
    return Money(draw(pence(min_pence=min_pence, max_pence=max_pence)))


@st.composite
def rates(
    draw: st.DrawFn,
    *,
    min_value: str = "-0.5",
    max_value: str = "0.5",
    places: int = 4,
) -> Rate:
    """An exact :class:`Rate` in ``[min_value, max_value]`` with at most ``places`` decimals."""
    d = draw(
        st.decimals(
            min_value=Decimal(min_value),
            max_value=Decimal(max_value),
            places=places,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    return Rate.of(d)


@st.composite
def allocation_weights(
    draw: st.DrawFn,
    *,
    min_size: int = 1,
    max_size: int = 8,
    allow_zero: bool = True,
) -> dict[str, Fraction]:
    """Non-negative exact weights keyed ``"k0"``, ``"k1"``…, at least one positive."""
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    low = 0 if allow_zero else 1
    numerators = draw(
        st.lists(st.integers(min_value=low, max_value=1000), min_size=size, max_size=size)
    )
    if not any(numerators):
        numerators[draw(st.integers(min_value=0, max_value=size - 1))] = 1
    denominator = draw(st.integers(min_value=1, max_value=12))
    return {f"k{i}": Fraction(n, denominator) for i, n in enumerate(numerators)}


# -- dates and ranges -------------------------------------------------------------------------


@st.composite
def dates(
    draw: st.DrawFn, *, min_value: dt.date = _MIN_DATE, max_value: dt.date = _MAX_DATE
) -> dt.date:
    """A date in ``[min_value, max_value]`` (inclusive), edge dates drawn often."""
    edges = [d for d in EDGE_DATES if min_value <= d <= max_value]
    core = st.dates(min_value=min_value, max_value=max_value)
    return draw(st.one_of(st.sampled_from(edges), core) if edges else core)


@st.composite
def date_ranges(
    draw: st.DrawFn,
    *,
    bounded: bool | None = True,
    min_days: int = 0,
    max_days: int = 3 * 366,
    min_start: dt.date = _MIN_DATE,
    max_start: dt.date = dt.date(2035, 12, 31),
) -> DateRange:
    """A half-open :class:`DateRange`.

    Args:
        bounded: ``True`` for ranges with an end, ``False`` for open-ended ones, ``None`` for
            either.
        min_days: fewest days (bounded ranges); ``0`` allows empty ranges.
        max_days: most days (bounded ranges).
        min_start: earliest start.
        max_start: latest start.
    """
    start = draw(dates(min_value=min_start, max_value=max_start))
    is_bounded = draw(st.booleans()) if bounded is None else bounded
    if not is_bounded:
        return DateRange(start=start, end=None)
    days = draw(st.integers(min_value=min_days, max_value=max_days))
    return DateRange(start=start, end=start + dt.timedelta(days=days))


def financial_years(
    *, min_start_year: int = 2000, max_start_year: int = 2040
) -> st.SearchStrategy[FinancialYear]:
    """A :class:`FinancialYear` starting between the two calendar years (inclusive)."""
    return st.builds(FinancialYear, st.integers(min_value=min_start_year, max_value=max_start_year))


# -- fees and placements ----------------------------------------------------------------------


@st.composite
def fee_components(
    draw: st.DrawFn,
    *,
    max_core_pence: int = 1_500_000,
    max_extra_pence: int = 300_000,
    extras: bool = True,
) -> FeeComponents:
    """A weekly :class:`FeeComponents`; core up to £15,000 a week by default."""
    core = draw(money(min_pence=0, max_pence=max_core_pence))
    if not extras:
        return FeeComponents(core=core)
    parts = [draw(money(min_pence=0, max_pence=max_extra_pence)) for _ in range(3)]
    return FeeComponents(core=core, additional_support=parts[0], education=parts[1], other=parts[2])


@st.composite
def fee_timelines(
    draw: st.DrawFn,
    *,
    start: dt.date,
    within: DateRange | None = None,
    max_changes: int = 3,
    max_core_pence: int = 1_500_000,
) -> Timeline[FeeComponents]:
    """A fee history whose first entry takes effect on ``start``.

    Later changes (up to ``max_changes``) take effect on distinct days after ``start`` and, when
    ``within`` is bounded, before its end.
    """
    last = (
        within.end - dt.timedelta(days=1)
        if within is not None and within.end is not None
        else start + dt.timedelta(days=3 * 366)
    )
    change_days: list[dt.date] = []
    if last > start:
        change_days = draw(
            st.lists(
                st.dates(min_value=start + dt.timedelta(days=1), max_value=last),
                max_size=max_changes,
                unique=True,
            )
        )
    days = [start, *sorted(change_days)]
    entries = tuple(
        TimelineEntry(
            effective=d,
            value=draw(fee_components(max_core_pence=max_core_pence)),
            source=TEST_SOURCE,
        )
        for d in days
    )
    return Timeline(entries=entries)


def child_refs() -> st.SearchStrategy[ChildRef]:
    """Pseudonymous child references such as ``"C0042"`` (never a name)."""
    return st.integers(min_value=0, max_value=99_999).map(lambda n: ChildRef(f"C{n:05d}"))


_LAC_SERVICES = (ServiceKind.CHILDRENS_HOME, ServiceKind.INDEPENDENT_FOSTERING)
_SEND_SERVICES = (
    ServiceKind.SEND_DAY,
    ServiceKind.SEND_RESIDENTIAL_38_WEEK,
    ServiceKind.SEND_RESIDENTIAL_52_WEEK,
)


@st.composite
def placements(
    draw: st.DrawFn,
    *,
    placement_id: str | None = None,
    child: ChildRef | None = None,
    borough: GssCode | None = None,
    provider: ProviderId | None = None,
    workstream: Workstream | None = None,
    period: DateRange | None = None,
    bounded: bool | None = None,
    route: PurchaseRoute | None = None,
    max_fee_changes: int = 3,
) -> Placement:
    """A valid :class:`Placement`; every keyword pins one field, the rest are drawn.

    Unpinned, the route is a spot purchase (so the placement needs no vehicle).
    """
    ws = workstream or draw(st.sampled_from(Workstream))
    service = draw(st.sampled_from(_LAC_SERVICES if ws is Workstream.LAC else _SEND_SERVICES))
    span = period or draw(
        date_ranges(
            bounded=bounded,
            min_days=1,
            max_days=4 * 366,
            min_start=dt.date(2014, 4, 1),
            max_start=dt.date(2030, 3, 31),
        )
    )
    return Placement(
        id=PlacementId(placement_id or draw(st.from_regex(r"PL-[0-9]{1,6}", fullmatch=True))),
        child=child or draw(child_refs()),
        borough=borough or draw(st.sampled_from(SOUTH_LONDON_BOROUGHS)).gss_code,
        workstream=ws,
        provider=provider or ProviderId("PRV-1"),
        service=service,
        period=span,
        fees=draw(fee_timelines(start=span.start, within=span, max_changes=max_fee_changes)),
        route=route or PurchaseRoute(kind=RouteKind.SPOT),
    )


@st.composite
def agreements(
    draw: st.DrawFn,
    *,
    placement: Placement,
    agreement_id: str | None = None,
    max_outcomes: int = 3,
    max_measurements: int = 4,
) -> IndividualChildAgreement:
    """An ICA for ``placement`` that validates cleanly against it.

    It is agreed on the placement's start date with the first fee; every target date,
    measurement and review falls within the placement (within two years of the start when the
    placement is open-ended). Outcomes have distinct ids; measurements are in date order.
    """
    start = placement.period.start
    last = (
        placement.period.end - dt.timedelta(days=1)
        if placement.period.end is not None
        else start + dt.timedelta(days=2 * 366)
    )
    inside = st.dates(min_value=start, max_value=last)
    outcomes: list[Outcome] = []
    for k in range(draw(st.integers(min_value=0, max_value=max_outcomes))):
        direction = draw(st.sampled_from(Direction))
        baseline = draw(st.integers(min_value=0, max_value=100))
        step = draw(st.integers(min_value=0, max_value=50))
        target = baseline + step if direction is Direction.HIGHER_IS_BETTER else baseline - step
        measured = sorted(draw(st.lists(inside, max_size=max_measurements)))
        outcomes.append(
            Outcome(
                id=OutcomeId(f"O{k + 1}"),
                domain=draw(st.sampled_from(OutcomeDomain)),
                description="an outcome agreed for the child",
                measure="score",
                baseline=Decimal(baseline),
                target=Decimal(target),
                target_date=draw(inside),
                direction=direction,
                measurements=tuple(
                    Measurement(on=day, value=Decimal(draw(st.integers(-50, 150))))
                    for day in measured
                ),
            )
        )
    reviews = sorted(draw(st.lists(inside, max_size=3, unique=True)))
    return IndividualChildAgreement(
        id=IcaId(agreement_id or f"ICA-{placement.id}"),
        placement=placement.id,
        agreed_on=start,
        agreed_fee=placement.fee_on(start),
        outcomes=tuple(outcomes),
        reviews=ReviewSchedule(origin=start),
        reviews_held=tuple(reviews),
    )


# -- whole programmes -------------------------------------------------------------------------

_FRAMEWORK_START = dt.date(2020, 3, 1)
_DPS_START = dt.date(2016, 6, 1)
_LOT_SERVICES: dict[str, ServiceKind] = {
    "LAC-FW/1": ServiceKind.CHILDRENS_HOME,
    "LAC-FW/2": ServiceKind.INDEPENDENT_FOSTERING,
}


def _lac_framework() -> FrameworkAgreement:
    return FrameworkAgreement(
        id=LAC_FRAMEWORK_ID,
        name="LAC framework",
        workstream=Workstream.LAC,
        start=_FRAMEWORK_START,
        initial_term_years=4,
        extension_years=(2, 2),
        extensions_taken=2,
        lots=(
            Lot(
                id=LotId("LAC-FW/1"),
                number=1,
                name="Residential LAC placements",
                service_kinds=(ServiceKind.CHILDRENS_HOME,),
            ),
            Lot(
                id=LotId("LAC-FW/2"),
                number=2,
                name="Independent fostering agencies",
                service_kinds=(ServiceKind.INDEPENDENT_FOSTERING,),
            ),
            Lot(
                id=LotId("LAC-FW/3"),
                number=3,
                name="Positive interventions through innovation",
                service_kinds=(ServiceKind.POSITIVE_INTERVENTION,),
            ),
        ),
    )


def _send_dps() -> DynamicPurchasingSystem:
    return DynamicPurchasingSystem(
        id=SEND_DPS_ID,
        name="SEND DPS",
        workstream=Workstream.SEND,
        period=DateRange(start=_DPS_START),
        lots=(
            Lot(
                id=LotId("SEND-DPS/1"),
                number=1,
                name="Independent and non-maintained special schools",
                service_kinds=_SEND_SERVICES,
            ),
        ),
    )


@st.composite
def programmes(
    draw: st.DrawFn,
    *,
    min_boroughs: int = 1,
    max_boroughs: int = 4,
    max_providers: int = 4,
    max_children: int = 6,
    max_placements_per_child: int = 3,
    with_agreements: bool = False,
) -> Programme:
    """A small programme that :func:`slcp.domain.validate` finds nothing wrong with.

    Every borough is a member of both workstreams from a date in 2014-2017 onward; a LAC
    framework (4 + 2 + 2 years from 1 March 2020, both extensions taken) and a SEND DPS (from
    1 June 2016) have every provider admitted from their first day; each child has one to
    ``max_placements_per_child`` consecutive placements in one workstream starting from 2018,
    called off the framework or DPS where it was open, spot-purchased otherwise. With
    ``with_agreements``, every placement has one ICA (see :func:`agreements`).
    """
    boroughs: list[Borough] = draw(
        st.lists(
            st.sampled_from(SOUTH_LONDON_BOROUGHS),
            min_size=min_boroughs,
            max_size=max_boroughs,
            unique_by=lambda b: b.gss_code,
        )
    )
    memberships = tuple(
        Membership(
            borough=b.gss_code,
            workstream=ws,
            period=DateRange(
                start=draw(st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2017, 12, 31)))
            ),
        )
        for b in boroughs
        for ws in Workstream
    )
    framework = _lac_framework()
    dps = _send_dps()
    n_providers = draw(st.integers(min_value=1, max_value=max_providers))
    providers = tuple(
        Provider(
            id=ProviderId(f"PRV-{i}"),
            name=f"Provider {i}",
            admissions=(
                Admission(
                    vehicle=LAC_FRAMEWORK_ID,
                    lot=None,
                    status=AdmissionStatus.ADMITTED,
                    effective=_FRAMEWORK_START,
                ),
                Admission(
                    vehicle=SEND_DPS_ID,
                    lot=None,
                    status=AdmissionStatus.ADMITTED,
                    effective=_DPS_START,
                ),
            ),
        )
        for i in range(n_providers)
    )
    n_children = draw(st.integers(min_value=0, max_value=max_children))
    children = tuple(Child(ref=ChildRef(f"C{i:04d}")) for i in range(n_children))
    placed: list[Placement] = []
    for child in children:
        ws = draw(st.sampled_from(Workstream))
        borough = draw(st.sampled_from(boroughs)).gss_code
        cursor = draw(st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2023, 12, 31)))
        count = draw(st.integers(min_value=1, max_value=max_placements_per_child))
        for k in range(count):
            last = k == count - 1
            days = draw(st.integers(min_value=1, max_value=800))
            end: dt.date | None = cursor + dt.timedelta(days=days)
            if last and draw(st.booleans()):
                end = None
            span = DateRange(start=cursor, end=end)
            if ws is Workstream.LAC:
                service = draw(st.sampled_from(_LAC_SERVICES))
                lot = next(lid for lid, kind in _LOT_SERVICES.items() if kind is service)
                route = (
                    PurchaseRoute(
                        kind=RouteKind.FRAMEWORK_CALL_OFF,
                        vehicle=LAC_FRAMEWORK_ID,
                        lot=LotId(lot),
                    )
                    if cursor in framework.term
                    else PurchaseRoute(kind=RouteKind.SPOT)
                )
            else:
                service = draw(st.sampled_from(_SEND_SERVICES))
                route = PurchaseRoute(
                    kind=RouteKind.DPS_CALL_OFF, vehicle=SEND_DPS_ID, lot=LotId("SEND-DPS/1")
                )
            placed.append(
                Placement(
                    id=PlacementId(f"PL-{len(placed):05d}"),
                    child=child.ref,
                    borough=borough,
                    workstream=ws,
                    provider=draw(st.sampled_from(providers)).id,
                    service=service,
                    period=span,
                    fees=draw(fee_timelines(start=cursor, within=span, max_changes=2)),
                    route=route,
                )
            )
            if end is None:
                break
            cursor = end
    icas = (
        tuple(draw(agreements(placement=pl, max_outcomes=2)) for pl in placed)
        if with_agreements
        else ()
    )
    return Programme(
        name="Test programme",
        host=boroughs[0].gss_code,
        boroughs=tuple(boroughs),
        memberships=memberships,
        vehicles=(framework, dps),
        providers=providers,
        children=children,
        placements=tuple(placed),
        agreements=icas,
    )


# -- portfolios for differential costing -------------------------------------------------------


def charging_bases() -> st.SearchStrategy[ChargingBasis]:
    """Every charging basis: pro rata by day, whole weeks, and 38 or 52 weeks a year."""
    return st.sampled_from(
        [
            ChargingBasis(),
            ChargingBasis(method=ChargingMethod.WHOLE_WEEKS),
            ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38),
            ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=52),
        ]
    )


_PORTFOLIO_PROVIDERS = ("P1", "P2", "P3")
_PORTFOLIO_TIERS = {"P1": "A", "P2": None, "P3": "B"}


@st.composite
def uplift_rounds(
    draw: st.DrawFn,
    *,
    round_id: str,
    min_start_year: int = 2017,
    max_start_year: int = 2024,
    providers: tuple[str, ...] = _PORTFOLIO_PROVIDERS,
) -> FeeUpliftRound:
    """A fee-uplift round of either workstream and timing: requests from some providers
    (negative adjustments included), sometimes an exception agreed, sometimes limited to one
    service; a default cap or none; bands by tier and service."""
    ws = draw(st.sampled_from(Workstream))
    services = _LAC_SERVICES if ws is Workstream.LAC else _SEND_SERVICES
    rate = rates(min_value="-0.3", max_value="0.3", places=4)
    requests: list[UpliftRequest] = []
    for provider in draw(st.lists(st.sampled_from(providers), unique=True)):
        service = draw(st.none() | st.sampled_from(services))
        requests.append(
            UpliftRequest(
                provider=ProviderId(provider),
                requested=draw(rate),
                agreed=draw(st.none() | rate),
                service=service,
            )
        )
        if service is not None and draw(st.booleans()):
            # a general request beside the service-specific one
            requests.append(UpliftRequest(provider=ProviderId(provider), requested=draw(rate)))
    bands = tuple(
        UpliftBand(
            cap=draw(rate),
            provider_tier=draw(st.none() | st.sampled_from(("A", "B"))),
            service=draw(st.none() | st.sampled_from(services)),
        )
        for _ in range(draw(st.integers(min_value=0, max_value=2)))
    )
    return FeeUpliftRound(
        id=UpliftId(round_id),
        workstream=ws,
        financial_year=draw(
            financial_years(min_start_year=min_start_year, max_start_year=max_start_year)
        ),
        timing=draw(st.sampled_from(UpliftTiming)),
        position=UpliftPosition(
            default_cap=draw(st.none() | rate), bands=bands, source=TEST_SOURCE
        ),
        requests=tuple(requests),
        source=TEST_SOURCE,
    )


@st.composite
def costed_portfolios(
    draw: st.DrawFn, *, max_placements: int = 10, max_rounds: int = 4
) -> Programme:
    """A programme for costing: placements on every charging basis in 2017-2025 (zero-length,
    open-ended, 0p and 1p fees, edge dates, fee changes on 1 April or on a round's day), in-house
    and lot-less ones among them, with up to ``max_rounds`` uplift rounds of either timing (two
    may share a day) and providers in tiers ``A``, none and ``B``.

    It is not a valid programme for :func:`slcp.domain.validate` (no memberships or vehicles):
    only the pricing calculations read it.
    """
    boroughs = [b.gss_code for b in SOUTH_LONDON_BOROUGHS[:3]]
    placed: list[Placement] = []
    for k in range(draw(st.integers(min_value=0, max_value=max_placements))):
        ws = draw(st.sampled_from(Workstream))
        services = _LAC_SERVICES if ws is Workstream.LAC else _SEND_SERVICES
        start = draw(dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2025, 12, 31)))
        end: dt.date | None = None
        if draw(st.integers(min_value=0, max_value=4)):
            end = start + dt.timedelta(days=draw(st.integers(min_value=0, max_value=1500)))
        span = DateRange(start=start, end=end)
        last = end - dt.timedelta(days=1) if end is not None else start + dt.timedelta(days=1500)
        change_days: list[dt.date] = []
        if last > start:
            inside = dates(min_value=start + dt.timedelta(days=1), max_value=last)
            change_days = sorted(set(draw(st.lists(inside, max_size=3))))
        entries = tuple(
            TimelineEntry(
                effective=day,
                value=draw(fee_components(max_core_pence=900_000, max_extra_pence=50_000)),
                source=TEST_SOURCE,
            )
            for day in [start, *change_days]
        )
        provider = draw(st.sampled_from((*_PORTFOLIO_PROVIDERS, None)))
        lot = draw(st.none() | st.sampled_from(("LOT-1", "LOT-2")))
        placed.append(
            Placement(
                id=PlacementId(f"PL-{k:03d}"),
                child=ChildRef(f"C{k:04d}"),
                borough=draw(st.sampled_from(boroughs)),
                workstream=ws,
                provider=None if provider is None else ProviderId(provider),
                service=draw(st.sampled_from(services)),
                period=span,
                fees=Timeline(entries=entries),
                charging=draw(charging_bases()),
                route=(
                    PurchaseRoute(kind=RouteKind.SPOT)
                    if lot is None
                    else PurchaseRoute(
                        kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("FW"), lot=LotId(lot)
                    )
                ),
            )
        )
    rounds = tuple(
        draw(uplift_rounds(round_id=f"R{k}"))
        for k in range(draw(st.integers(min_value=0, max_value=max_rounds)))
    )
    return Programme(
        name="Costed portfolio",
        host=boroughs[0],
        boroughs=SOUTH_LONDON_BOROUGHS,
        providers=tuple(
            Provider(id=ProviderId(p), name=f"Provider {p}", tier=_PORTFOLIO_TIERS[p])
            for p in _PORTFOLIO_PROVIDERS
        ),
        placements=tuple(placed),
        uplift_rounds=rounds,
    )
