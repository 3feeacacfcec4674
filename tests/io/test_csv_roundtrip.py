"""Properties of the core CSV tables: writing then reading gives equal records, and the
written text is canonical (writing what was read gives the same text)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
    Admission,
    AdmissionStatus,
    ChargingBasis,
    ChargingMethod,
    Contribution,
    EndingReason,
    FeeUpliftRound,
    FundingShares,
    LotId,
    OfstedRating,
    Placement,
    PlacementEnding,
    PostcodeDistrict,
    Provider,
    ProviderId,
    PurchaseRoute,
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
from slcp.io.csv_tables import (
    read_boroughs,
    read_contributions,
    read_placements,
    read_providers,
    read_uplift_rounds,
    write_boroughs,
    write_contributions,
    write_placement_fees,
    write_placements,
    write_provider_admissions,
    write_provider_ratings,
    write_providers,
    write_uplift_bands,
    write_uplift_requests,
    write_uplift_rounds,
)
from slcp.money import Money, Rate
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry
from tests.strategies import dates, financial_years, placements

# Free text as people type it: no surrounding spaces (readers strip them), commas, quotes,
# line breaks and non-ASCII included so quoting is exercised.
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=20,
) | st.sampled_from(['Oak "House", Ltd', "Line one\nline two", "Ŵelsh café £"])
_TEXT = _TEXT.filter(lambda s: s == s.strip() and s.strip() != "")
_ID = st.from_regex(r"[A-Z]{2,4}-[0-9]{1,5}", fullmatch=True)
_PCT_RATES = st.decimals(min_value=Decimal("-0.99"), max_value=Decimal("1"), places=4).map(Rate)


@st.composite
def sources(draw: st.DrawFn) -> Source:
    return Source(
        kind=draw(st.sampled_from(SourceKind)),
        citation=draw(_TEXT),
        dated=draw(st.none() | dates()),
    )


@st.composite
def rich_placements(draw: st.DrawFn) -> Placement:
    """A valid placement with its optional fields drawn too."""
    base = draw(placements())
    funding = draw(
        st.sampled_from(
            [
                FundingShares.all_social_care(),
                FundingShares.all_education(),
                FundingShares(
                    social_care=Rate.of("0.25"), education=Rate.of("0.5"), health=Rate.of("0.25")
                ),
            ]
        )
    )
    charging = draw(
        st.sampled_from(
            [
                ChargingBasis(),
                ChargingBasis(method=ChargingMethod.WHOLE_WEEKS),
                ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38),
            ]
        )
    )
    route = draw(
        st.sampled_from(
            [
                PurchaseRoute(kind=RouteKind.SPOT),
                PurchaseRoute(
                    kind=RouteKind.FRAMEWORK_CALL_OFF,
                    vehicle=VehicleId("LAC-FW"),
                    lot=LotId("LAC-FW/1"),
                ),
                PurchaseRoute(kind=RouteKind.DPS_CALL_OFF, vehicle=VehicleId("SEND-DPS")),
            ]
        )
    )
    ending = None
    if base.period.end is not None and draw(st.booleans()):
        ending = PlacementEnding(
            reason=draw(st.sampled_from(EndingReason)),
            notice_given_on=draw(st.none() | dates()),
        )
    return attrs.evolve(
        base,
        provider=draw(st.none() | _ID.map(ProviderId)),
        funding=funding,
        charging=charging,
        route=route,
        location=draw(st.none() | st.sampled_from(["CR0", "SE15", "SW1A", "BR1"])),
        distance_from_home_miles=draw(
            st.none() | st.decimals(min_value=0, max_value=500, places=2)
        ),
        ending=ending,
        ssda903_place=draw(st.none() | st.sampled_from(["K2", "U4", "R1"])),
        ssda903_provider=draw(st.none() | st.sampled_from(["PR4", "PR5"])),
        education_continuity=draw(st.none() | st.booleans()),
    )


def _unique_by_id(items: list[Placement]) -> list[Placement]:
    seen: dict[str, Placement] = {}
    for p in items:
        seen.setdefault(p.id, p)
    return list(seen.values())


@settings(max_examples=40)
@given(st.lists(rich_placements(), max_size=4).map(_unique_by_id))
def test_placements_round_trip_exactly(items: list[Placement]) -> None:
    placements_csv = write_placements(items)
    fees_csv = write_placement_fees(items)
    read = read_placements(placements_csv.encode(), fees_csv.encode())
    assert read.findings == ()
    assert list(read.records) == items
    assert write_placements(read.records) == placements_csv
    assert write_placement_fees(read.records) == fees_csv


@given(st.lists(st.sampled_from(SOUTH_LONDON_BOROUGHS), unique=True))
def test_boroughs_round_trip_exactly(items: list) -> None:  # type: ignore[type-arg]
    read = read_boroughs(write_boroughs(items).encode())
    assert read.findings == ()
    assert list(read.records) == items


@st.composite
def contributions(draw: st.DrawFn) -> list[Contribution]:
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(SOUTH_LONDON_BOROUGHS),
                st.sampled_from(Workstream),
                financial_years(),
            ),
            unique_by=lambda k: (k[0].gss_code, k[1], k[2]),
            max_size=5,
        )
    )
    return [
        Contribution(
            borough=b.gss_code,
            workstream=w,
            financial_year=fy,
            amount=Money(draw(st.integers(min_value=0, max_value=10**12))),
            source=draw(st.none() | sources()),
        )
        for b, w, fy in keys
    ]


@settings(max_examples=40)
@given(contributions())
def test_contributions_round_trip_exactly(items: list[Contribution]) -> None:
    read = read_contributions(write_contributions(items).encode())
    assert read.findings == ()
    assert list(read.records) == items


@st.composite
def providers(draw: st.DrawFn) -> list[Provider]:
    ids = draw(st.lists(_ID, unique=True, max_size=4))
    out = []
    for pid in ids:
        rating_days = draw(st.lists(dates(), unique=True, max_size=3))
        ofsted = (
            Timeline.from_entries(
                TimelineEntry(
                    effective=d,
                    value=draw(st.sampled_from(OfstedRating)),
                    source=draw(sources()),
                )
                for d in rating_days
            )
            if rating_days
            else None
        )
        admissions = tuple(
            Admission(
                vehicle=VehicleId("LAC-FW"),
                lot=draw(st.none() | st.just(LotId("LAC-FW/1"))),
                status=draw(st.sampled_from(AdmissionStatus)),
                effective=draw(dates()),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        )
        out.append(
            Provider(
                id=ProviderId(pid),
                name=draw(_TEXT),
                urn=draw(st.none() | st.from_regex(r"(SC)?[0-9]{5,7}", fullmatch=True)),
                tier=draw(st.none() | st.sampled_from(["A", "B"])),
                ofsted=ofsted,
                admissions=admissions,
                gias_establishment_type=draw(st.none() | st.sampled_from([8, 10, 32])),
            )
        )
    return out


@settings(max_examples=40)
@given(providers())
def test_providers_round_trip_exactly(items: list[Provider]) -> None:
    read = read_providers(
        write_providers(items).encode(),
        write_provider_ratings(items).encode(),
        write_provider_admissions(items).encode(),
    )
    assert read.findings == ()
    assert list(read.records) == items


@st.composite
def uplift_rounds(draw: st.DrawFn) -> list[FeeUpliftRound]:
    ids = draw(st.lists(_ID, unique=True, max_size=3))
    out = []
    for rid in ids:
        request_keys = draw(
            st.lists(
                st.tuples(_ID, st.none() | st.sampled_from(ServiceKind)),
                unique=True,
                max_size=3,
            )
        )
        out.append(
            FeeUpliftRound(
                id=UpliftId(rid),
                workstream=draw(st.sampled_from(Workstream)),
                financial_year=draw(financial_years()),
                timing=draw(st.sampled_from(UpliftTiming)),
                position=UpliftPosition(
                    default_cap=draw(st.none() | _PCT_RATES),
                    bands=tuple(
                        draw(
                            st.lists(
                                st.builds(
                                    UpliftBand,
                                    cap=_PCT_RATES,
                                    provider_tier=st.none() | st.sampled_from(["A", "B"]),
                                    service=st.none() | st.sampled_from(ServiceKind),
                                ),
                                max_size=3,
                            )
                        )
                    ),
                    source=draw(sources()),
                ),
                requests=tuple(
                    UpliftRequest(
                        provider=ProviderId(pid),
                        requested=draw(_PCT_RATES),
                        agreed=draw(st.none() | _PCT_RATES),
                        service=service,
                        source=draw(st.none() | sources()),
                    )
                    for pid, service in request_keys
                ),
                source=draw(sources()),
            )
        )
    return out


@settings(max_examples=40)
@given(uplift_rounds())
def test_uplift_rounds_round_trip_exactly(items: list[FeeUpliftRound]) -> None:
    read = read_uplift_rounds(
        write_uplift_rounds(items).encode(),
        write_uplift_requests(items).encode(),
        write_uplift_bands(items).encode(),
    )
    assert read.findings == ()
    assert list(read.records) == items


def test_a_named_location_is_kept_as_a_district() -> None:
    # a hand-built placement with every optional field, checked cell by cell
    (base,) = read_placements(
        b"placement_id,child_ref,borough_gss,workstream,service,first_day,route\n"
        b"PL-1,C1,E09000008,lac,childrens_home,2020-04-01,spot\n",
        b"placement_id,effective_from,core_pence,source_kind,source_citation\n"
        b"PL-1,2020-04-01,400000,agreement,ICA\n",
    ).records
    assert base.provider is None
    assert base.fees.value_on(dt.date(2020, 4, 1)).core == Money(400_000)
    placed = attrs.evolve(base, location=PostcodeDistrict("CR0"))
    line = write_placements([placed]).splitlines()[1]
    assert line == (
        "PL-1,C1,E09000008,lac,,childrens_home,2020-04-01,,spot,,,daily_pro_rata,,100,0,0,CR0,,,,,,,"
    )
