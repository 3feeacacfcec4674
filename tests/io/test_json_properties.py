"""Properties of the JSON document: exact and canonical round trips for varied programmes,
errors at the right path wherever they are planted, and a reader that only ever raises
LoadError whatever it is given."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slcp.domain import (
    Admission,
    AdmissionStatus,
    BlockContract,
    Borough,
    Budget,
    CareEpisode,
    ChargingBasis,
    ChargingMethod,
    Child,
    ChildRef,
    ConcernCategory,
    ConcernId,
    Contribution,
    DfeLaCode,
    Direction,
    DynamicPurchasingSystem,
    EndingReason,
    FeeComponents,
    FeeUpliftRound,
    FrameworkAgreement,
    FundingShares,
    GssCode,
    IcaId,
    IndividualChildAgreement,
    Lot,
    LotId,
    Measurement,
    Membership,
    OfstedRating,
    Outcome,
    OutcomeDomain,
    OutcomeId,
    Placement,
    PlacementEnding,
    PlacementId,
    PostcodeDistrict,
    PriceBand,
    ProcurementRegime,
    Programme,
    Provider,
    ProviderConcern,
    ProviderId,
    PurchaseRoute,
    PurchasingVehicle,
    ReviewSchedule,
    RouteKind,
    SavingId,
    SavingRecord,
    SavingSource,
    SenNeed,
    ServiceKind,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    UpliftTiming,
    VehicleId,
    Workstream,
)
from slcp.domain.child import check_child_ref
from slcp.errors import InvalidValueError, LoadError
from slcp.io import dumps_programme, loads_programme
from slcp.money import Money, Rate
from slcp.periods import DateRange, YearMonth
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry
from tests import strategies as shared
from tests.io.test_json_examples import small_programme

T = TypeVar("T")

# -- strategies for every record ---------------------------------------------------------------

_DAY = dt.timedelta(days=1)
_ids = st.text(min_size=1, max_size=10)  # ids are any strings: JSON must carry them all
_names = st.text(max_size=24)
_dates = shared.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))
_gss = st.from_regex(r"E(06|08|09|10)[0-9]{6}", fullmatch=True).map(GssCode)
_districts = st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]?", fullmatch=True).map(PostcodeDistrict)


def _is_child_ref(text: str) -> bool:
    try:
        check_child_ref(text)
    except InvalidValueError:  # looks like a name or a date (decision 0005)
        return False
    return True


_child_refs = (
    st.from_regex(r"[A-Za-z0-9._-]{1,12}", fullmatch=True).filter(_is_child_ref).map(ChildRef)
)
_pence = shared.pence(min_pence=-(10**12), max_pence=10**12)
_fee_pence = shared.pence(min_pence=0, max_pence=10**9)
#: Exact numbers, including the forms an exponent would otherwise creep into.
_decimals = st.one_of(
    st.decimals(
        allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9, places=6
    ),
    st.sampled_from([Decimal("1E+2"), Decimal("1E-7"), Decimal("-0"), Decimal("0E-3")]),
)
_uplift_rates = st.one_of(
    shared.rates(min_value="-0.9999", max_value="1", places=4),
    st.sampled_from([Rate.of("1"), Rate.of("-0.9999"), Rate.of("0"), Rate.of("0.035")]),
)


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def _tuples(strategy: st.SearchStrategy[T], max_size: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


sources = st.builds(
    Source, kind=st.sampled_from(SourceKind), citation=_names, dated=_optional(_dates)
)


@st.composite
def timelines(draw: st.DrawFn, values: st.SearchStrategy[T], *, min_size: int = 0) -> Timeline[T]:
    """A timeline of ``values`` on strictly increasing dates, sometimes with an end."""
    days = sorted(draw(st.lists(_dates, min_size=min_size, max_size=3, unique=True)))
    entries = tuple(
        TimelineEntry(effective=d, value=draw(values), source=draw(sources)) for d in days
    )
    ends: dt.date | None = None
    has_end: bool = draw(st.booleans())
    if days and has_end:
        ends = days[-1] + dt.timedelta(days=draw(st.integers(1, 400)))
    return Timeline(entries=entries, ends=ends)


@st.composite
def date_ranges(draw: st.DrawFn) -> DateRange:
    start = draw(_dates)
    if draw(st.booleans()):
        return DateRange(start=start)
    return DateRange(start=start, end=start + dt.timedelta(days=draw(st.integers(0, 2000))))


boroughs = st.builds(
    Borough,
    name=_names.filter(str.strip),
    gss_code=_gss,
    dfe_code=st.from_regex(r"[0-9]{3}", fullmatch=True).map(DfeLaCode),
)
memberships = st.builds(
    Membership, borough=_gss, workstream=st.sampled_from(Workstream), period=date_ranges()
)
contributions = st.builds(
    Contribution,
    borough=_gss,
    workstream=st.sampled_from(Workstream),
    financial_year=shared.financial_years(min_start_year=1990, max_start_year=2060),
    amount=st.builds(Money, _fee_pence),
    source=_optional(sources),
)


@st.composite
def price_bands(draw: st.DrawFn) -> PriceBand:
    low = draw(_fee_pence)
    return PriceBand(min_weekly=Money(low), max_weekly=Money(low + draw(_fee_pence)))


lots = st.builds(
    Lot,
    id=_ids.map(LotId),
    number=st.integers(-5, 50),
    name=_names,
    service_kinds=_tuples(st.sampled_from(ServiceKind)),
    price_band=_optional(price_bands()),
)


@st.composite
def frameworks(draw: st.DrawFn) -> FrameworkAgreement:
    extensions = draw(_tuples(st.integers(1, 5)))
    return FrameworkAgreement(
        id=VehicleId(draw(_ids)),
        name=draw(_names),
        workstream=draw(st.sampled_from(Workstream)),
        start=draw(_dates),
        initial_term_years=draw(st.integers(1, 10)),
        extension_years=extensions,
        extensions_taken=draw(st.integers(0, len(extensions))),
        lots=draw(_tuples(lots)),
        reopenings=draw(_tuples(_dates)),
        regime=draw(st.sampled_from(ProcurementRegime)),
    )


dynamic_purchasing_systems = st.builds(
    DynamicPurchasingSystem,
    id=_ids.map(VehicleId),
    name=_names,
    workstream=st.sampled_from(Workstream),
    period=date_ranges(),
    lots=_tuples(lots),
    regime=st.sampled_from(ProcurementRegime),
)
block_contracts = st.builds(
    BlockContract,
    id=_ids.map(VehicleId),
    name=_names,
    workstream=st.sampled_from(Workstream),
    provider=_ids,
    period=date_ranges(),
    places=st.integers(0, 500),
    annual_value=st.builds(Money, _pence),
)
vehicles: st.SearchStrategy[PurchasingVehicle] = st.one_of(
    frameworks(), dynamic_purchasing_systems, block_contracts
)

providers = st.builds(
    Provider,
    id=_ids.map(ProviderId),
    name=_names,
    urn=_optional(st.from_regex(r"(SC)?[0-9]{5,7}", fullmatch=True)),
    tier=_optional(_names),
    ofsted=_optional(timelines(st.sampled_from(OfstedRating))),
    admissions=_tuples(
        st.builds(
            Admission,
            vehicle=_ids.map(VehicleId),
            lot=_optional(_ids.map(LotId)),
            status=st.sampled_from(AdmissionStatus),
            effective=_dates,
        )
    ),
    gias_establishment_type=_optional(st.integers(0, 99)),
)


@st.composite
def children(draw: st.DrawFn) -> Child:
    primary = draw(_optional(st.sampled_from(SenNeed)))
    return Child(
        ref=draw(_child_refs),
        month_of_birth=draw(
            _optional(st.builds(YearMonth, st.integers(1990, 2040), st.integers(1, 12)))
        ),
        sen_primary=primary,
        sen_secondary=None if primary is None else draw(_optional(st.sampled_from(SenNeed))),
        home_district=draw(_optional(_districts)),
    )


fee_components = st.builds(
    FeeComponents,
    core=st.builds(Money, _fee_pence),
    additional_support=st.builds(Money, _fee_pence),
    education=st.builds(Money, _fee_pence),
    other=st.builds(Money, _fee_pence),
)


@st.composite
def funding_shares(draw: st.DrawFn) -> FundingShares:
    social_care = draw(st.integers(0, 1000))
    education = draw(st.integers(0, 1000 - social_care))
    health = 1000 - social_care - education
    return FundingShares(
        social_care=Rate(Decimal(social_care).scaleb(-3)),
        education=Rate(Decimal(education).scaleb(-3)),
        health=Rate(Decimal(health).scaleb(-3)),
    )


@st.composite
def routes(draw: st.DrawFn) -> PurchaseRoute:
    kind = draw(st.sampled_from(RouteKind))
    if not kind.needs_vehicle:
        return PurchaseRoute(kind=kind)
    return PurchaseRoute(
        kind=kind, vehicle=VehicleId(draw(_ids)), lot=draw(_optional(_ids.map(LotId)))
    )


@st.composite
def placements(draw: st.DrawFn) -> Placement:
    service = draw(st.sampled_from(ServiceKind))
    period = draw(date_ranges())
    later_fees = draw(st.lists(st.integers(1, 3000), max_size=2, unique=True))
    fee_days = [period.start, *(period.start + dt.timedelta(days=n) for n in sorted(later_fees))]
    fees = Timeline(
        entries=tuple(
            TimelineEntry(effective=d, value=draw(fee_components), source=draw(sources))
            for d in fee_days
        )
    )
    charging = draw(
        st.one_of(
            st.just(ChargingBasis()),
            st.just(ChargingBasis(method=ChargingMethod.WHOLE_WEEKS)),
            st.builds(
                ChargingBasis,
                method=st.just(ChargingMethod.WEEKS_PER_YEAR),
                weeks_per_year=st.integers(1, 52),
            ),
        )
    )
    ending = None
    if period.end is not None:
        ending = draw(
            _optional(
                st.builds(
                    PlacementEnding,
                    reason=st.sampled_from(EndingReason),
                    notice_given_on=_optional(_dates),
                )
            )
        )
    return Placement(
        id=PlacementId(draw(_ids)),
        child=draw(_child_refs),
        borough=draw(_gss),
        workstream=service.workstream,
        provider=draw(_optional(_ids.map(ProviderId))),
        service=service,
        period=period,
        fees=fees,
        charging=charging,
        route=draw(routes()),
        funding=draw(funding_shares()),
        location=draw(_optional(_districts)),
        distance_from_home_miles=draw(_optional(_decimals.map(abs))),
        ending=ending,
        ssda903_place=draw(_optional(st.sampled_from(["K2", "R1", "U4", "T0", "Z1"]))),
        ssda903_provider=draw(_optional(st.sampled_from(["PR1", "PR4", "PR5"]))),
        education_continuity=draw(_optional(st.booleans())),
    )


@st.composite
def outcomes(draw: st.DrawFn, outcome_id: str) -> Outcome:
    direction = draw(st.sampled_from(Direction))
    baseline = draw(_decimals)
    gain = abs(draw(_decimals))
    target = baseline + gain if direction is Direction.HIGHER_IS_BETTER else baseline - gain
    return Outcome(
        id=OutcomeId(outcome_id),
        domain=draw(st.sampled_from(OutcomeDomain)),
        description=draw(_names),
        measure=draw(_names),
        baseline=baseline,
        target=target,
        target_date=draw(_dates),
        direction=direction,
        measurements=tuple(
            sorted(
                draw(_tuples(st.builds(Measurement, on=_dates, value=_decimals))),
                key=lambda m: m.on,
            )
        ),
    )


@st.composite
def agreements(draw: st.DrawFn) -> IndividualChildAgreement:
    outcome_ids = draw(st.lists(_ids, max_size=3, unique=True))
    return IndividualChildAgreement(
        id=IcaId(draw(_ids)),
        placement=PlacementId(draw(_ids)),
        agreed_on=draw(_dates),
        agreed_fee=draw(fee_components),
        outcomes=tuple(draw(outcomes(i)) for i in outcome_ids),
        reviews=ReviewSchedule(origin=draw(_dates), interval_months=draw(st.integers(1, 24))),
        reviews_held=tuple(sorted(draw(_tuples(_dates)))),
    )


@st.composite
def uplift_rounds(draw: st.DrawFn) -> FeeUpliftRound:
    keys = draw(
        st.lists(
            st.tuples(_ids.map(ProviderId), _optional(st.sampled_from(ServiceKind))),
            max_size=3,
            unique=True,
        )
    )
    return FeeUpliftRound(
        id=UpliftId(draw(_ids)),
        workstream=draw(st.sampled_from(Workstream)),
        financial_year=draw(shared.financial_years()),
        timing=draw(st.sampled_from(UpliftTiming)),
        position=UpliftPosition(
            default_cap=draw(_optional(_uplift_rates)),
            bands=draw(
                _tuples(
                    st.builds(
                        UpliftBand,
                        cap=_uplift_rates,
                        provider_tier=_optional(_names),
                        service=_optional(st.sampled_from(ServiceKind)),
                    )
                )
            ),
            source=draw(sources),
        ),
        requests=tuple(
            UpliftRequest(
                provider=provider,
                requested=draw(_uplift_rates),
                agreed=draw(_optional(_uplift_rates)),
                service=service,
                source=draw(_optional(sources)),
            )
            for provider, service in keys
        ),
        source=draw(sources),
    )


budgets = st.builds(
    Budget,
    borough=_gss,
    workstream=st.sampled_from(Workstream),
    financial_year=shared.financial_years(),
    amount=st.builds(Money, shared.pence(min_pence=1, max_pence=10**12)),
    service=_optional(st.sampled_from(ServiceKind)),
    source=_optional(sources),
)
savings = st.builds(
    SavingRecord,
    id=_ids.map(SavingId),
    source=st.sampled_from(SavingSource),
    financial_year=shared.financial_years(),
    workstream=st.sampled_from(Workstream),
    amount=st.builds(Money, _pence),
    evidence=sources,
    borough=_optional(_gss),
    derived=st.booleans(),
)


@st.composite
def concerns(draw: st.DrawFn) -> ProviderConcern:
    raised = draw(_dates)
    resolved = draw(_optional(st.integers(0, 400)))
    return ProviderConcern(
        id=ConcernId(draw(_ids)),
        provider=ProviderId(draw(_ids)),
        raised_by=draw(_gss),
        raised_on=raised,
        category=draw(st.sampled_from(ConcernCategory)),
        summary=draw(_names),
        resolved_on=None if resolved is None else raised + resolved * _DAY,
    )


_codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=4)
episodes = st.builds(
    CareEpisode,
    child=_child_refs,
    borough=_optional(_gss),
    period=date_ranges(),
    reason_new_episode=_codes,
    legal_status=_codes,
    category_of_need=_optional(_codes),
    place=_codes,
    place_provider=_optional(_codes),
    reason_ceased=_optional(_codes),
    reason_place_change=_optional(_codes),
    home_district=_optional(_districts),
    placement_district=_optional(_districts),
    urn=_optional(_codes),
)

#: Varied programmes: every kind of record, with no regard to cross-references (the JSON
#: document carries whatever the model can hold; validation is another matter).
programmes = st.builds(
    Programme,
    name=_names,
    host=_gss,
    boroughs=_tuples(boroughs),
    memberships=_tuples(memberships),
    contributions=_tuples(contributions),
    vehicles=_tuples(vehicles),
    providers=_tuples(providers),
    children=_tuples(children()),
    placements=_tuples(placements()),
    agreements=_tuples(agreements()),
    uplift_rounds=_tuples(uplift_rounds()),
    budgets=_tuples(budgets),
    savings=_tuples(savings),
    concerns=_tuples(concerns()),
    episodes=_tuples(episodes),
)

_SLOW = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])


# -- round trips -------------------------------------------------------------------------------


@_SLOW
@given(programmes)
@example(small_programme())
def test_every_programme_round_trips_exactly_and_canonically(programme: Programme) -> None:
    text = dumps_programme(programme)
    assert loads_programme(text) == programme
    assert dumps_programme(loads_programme(text)) == text


@_SLOW
@given(shared.programmes())
def test_valid_programmes_round_trip(programme: Programme) -> None:
    text = dumps_programme(programme)
    assert loads_programme(text) == programme
    assert dumps_programme(loads_programme(text)) == text


@given(st.lists(vehicles, min_size=1, max_size=4))
def test_every_vehicle_comes_back_as_its_own_kind(items: list[PurchasingVehicle]) -> None:
    programme = Programme(
        name="Vehicles", host=GssCode("E09000008"), boroughs=(), vehicles=tuple(items)
    )
    loaded = loads_programme(dumps_programme(programme)).vehicles
    assert [type(v) for v in loaded] == [type(v) for v in items]
    assert loaded == tuple(items)


# -- errors land where they are planted ---------------------------------------------------------


def _locations(value: object, path: str = "$") -> Iterator[tuple[str, Any, Any]]:
    """Every (path, container, key-or-index) in a JSON document, in document order."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", value, key
            yield from _locations(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield f"{path}[{i}]", value, i
            yield from _locations(item, f"{path}[{i}]")


def _objects(value: object, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(value, dict):
        yield path, value
    for where, container, key in _locations(value, path):
        item = container[key]
        if isinstance(item, dict):
            yield where, item


def _messages(doc: object) -> tuple[str, ...]:
    try:
        loads_programme(json.dumps(doc))
    except LoadError as e:
        return e.messages
    raise AssertionError("the document loaded")


@_SLOW
@given(programmes, st.data())
def test_a_float_anywhere_money_goes_is_reported_at_its_path(
    programme: Programme, data: st.DataObject
) -> None:
    doc = json.loads(dumps_programme(programme))
    money_keys = [
        (path, container, key)
        for path, container, key in _locations(doc)
        if isinstance(key, str) and key.endswith("_pence")
    ]
    if not money_keys:
        doc = json.loads(dumps_programme(small_programme()))
        money_keys = [
            (p, c, k) for p, c, k in _locations(doc) if isinstance(k, str) and k.endswith("_pence")
        ]
    path, container, key = data.draw(st.sampled_from(money_keys))
    container[key] = container[key] + 0.5
    (message,) = _messages(doc)
    assert message.startswith("money must be an integer of pence, not a float")
    assert message.endswith(f" @ {path}")


@_SLOW
@given(programmes, st.data())
def test_an_unknown_key_in_any_object_is_reported_at_that_object(
    programme: Programme, data: st.DataObject
) -> None:
    doc = json.loads(dumps_programme(programme))
    path, obj = data.draw(st.sampled_from(list(_objects(doc))))
    obj["zz_unknown"] = None
    assert _messages(doc) == (f"unknown key 'zz_unknown' @ {path}",)


# -- the reader only ever raises LoadError -----------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _load_messages(text: str) -> tuple[str, ...]:
    """The LoadError messages for ``text``; ``()`` when it loads. Any other exception escapes."""
    try:
        loads_programme(text)
    except LoadError as e:
        return e.messages
    return ()


def _loads_or_load_error(text: str) -> None:
    messages = _load_messages(text)
    assert all(" @ " in m for m in messages)


@given(st.text(max_size=200))
def test_any_text_loads_or_raises_load_error(text: str) -> None:
    _loads_or_load_error(text)


@given(_json_values)
def test_any_json_value_loads_or_raises_load_error(value: object) -> None:
    _loads_or_load_error(json.dumps(value))
    _loads_or_load_error(json.dumps({"schema_version": 1, "document": value}))


@settings(max_examples=100)
@given(st.data())
def test_a_valid_document_with_any_value_replaced_loads_or_raises_load_error(
    data: st.DataObject,
) -> None:
    doc = json.loads(dumps_programme(small_programme()))
    locations = list(_locations(doc))
    for _ in range(data.draw(st.integers(1, 3))):
        _, container, key = data.draw(st.sampled_from(locations))
        container[key] = data.draw(_json_values)
    _loads_or_load_error(json.dumps(doc))


@settings(max_examples=100)
@given(st.data())
def test_a_truncated_document_raises_load_error(data: st.DataObject) -> None:
    text = dumps_programme(small_programme())
    cut = data.draw(st.integers(0, len(text) - 3))
    messages = _load_messages(text[:cut])
    assert messages
    assert messages[0].startswith("invalid JSON: ")
