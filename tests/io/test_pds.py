"""Placements Data Standard CSV: reading, writing, privacy and the mapping to placements."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slcp.domain import (
    ActualPlacement,
    AdditionalSupport,
    Availability,
    ChildRef,
    CommunicationRequirement,
    CulturalNeeds,
    FeeComponents,
    GssCode,
    LivingCompanions,
    NeededBy,
    PetsTolerance,
    Placement,
    PlacementId,
    PlacementSetting,
    PostcodeDistrict,
    ProviderId,
    PurchaseRoute,
    Recommendation,
    Referral,
    Requirements,
    Risks,
    RouteKind,
    ServiceKind,
    Suitability,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.findings import Severity
from slcp.io.pds import (
    PDS_COLUMNS,
    PDS_OFFICER_COLUMNS,
    actual_placement_from,
    dumps_referrals_schema,
    placement_from_referral,
    read_referrals,
    write_referrals,
)
from slcp.money import Money
from slcp.timeline import Source, SourceKind, TimelineEntry
from tests.strategies import dates, placements

DATA = Path(__file__).parent.parent / "data" / "pds"
SCHEMAS = Path(__file__).parent.parent.parent / "docs" / "schemas"
SOURCE = Source(kind=SourceKind.AGREEMENT, citation="IPA")


def _rows() -> list[dict[str, str]]:
    with (DATA / "referrals.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


# -- reading -------------------------------------------------------------------------------------


def test_example_referrals_read_into_slcp_records() -> None:
    read = read_referrals(DATA / "referrals.csv")
    placed, searching, fostered = read.records
    assert placed.child == "00123"  # leading zeros kept
    assert placed.availability.needed_by is NeededBy.TODAY
    assert placed.requirements.communication_requirements == (
        CommunicationRequirement.ESOL,
        CommunicationRequirement.BSL,
    )
    assert placed.requirements.additional_support is AdditionalSupport.THERAPEUTIC_SUPPORT
    assert placed.recommendation.residential is Suitability.PREFERRED
    assert placed.risks.present == (
        "self_harm",
        "criminal_exploitation",
        "missing",
        "to_others_physical",
    )
    assert placed.placement is not None
    # totalWeeklyCost 4850 is whole pounds: £4,850.00
    assert placed.placement.total_weekly_cost == Money(485_000)
    assert placed.placement.setting is PlacementSetting.RESIDENTIAL
    assert placed.placement.education_continuity is False
    # 21/07/2025 is read day first
    assert placed.referred_on == dt.date(2025, 7, 21)
    assert placed.cost_recorded_on == dt.date(2025, 7, 28)
    assert searching.placement is None
    assert searching.requirements.communication_needs is None  # "Not Specified"
    assert searching.requirements.pets is PetsTolerance.CAN
    assert searching.availability.preferred_location == "SE15"
    assert fostered.placement is not None
    assert fostered.placement.siblings_placed_together == 2
    assert fostered.placement.setting is PlacementSetting.FOSTER
    assert fostered.requirements.living_companions is LivingCompanions.NO_PREFERENCE
    assert fostered.requirements.cultural_needs is CulturalNeeds.NOT_REQUIRED


def test_officer_names_are_dropped_on_read_with_a_finding() -> None:
    read = read_referrals(DATA / "referrals.csv")
    assert [(f.severity, f.code, f.location) for f in read.findings] == [
        (Severity.INFO, "column-dropped", "referrals.csv row 1 column referralOfficerName"),
        (Severity.INFO, "column-dropped", "referrals.csv row 1 column placementOfficerName"),
        (Severity.INFO, "column-dropped", "referrals.csv row 1 column costOfficerName"),
    ]
    assert not read.has_errors


def test_officer_names_are_never_written() -> None:
    written = write_referrals(read_referrals(DATA / "referrals.csv").records)
    for name in ("Officer Alpha", "Officer Beta", "Officer Gamma", *PDS_OFFICER_COLUMNS):
        assert name not in written
    header = written.splitlines()[0].split(",")
    assert not set(header) & set(PDS_OFFICER_COLUMNS)


def test_written_file_is_the_input_without_officers_and_with_iso_dates() -> None:
    expected = []
    for row in _rows():
        for officer in PDS_OFFICER_COLUMNS:
            del row[officer]
        if row["referralDate"] == "21/07/2025":
            row.update(referralDate="2025-07-21", placementDate="2025-07-25", costDate="2025-07-28")
        expected.append(row)
    assert write_referrals(read_referrals(DATA / "referrals.csv").records).encode() == _csv(
        [{c: r[c] for c in PDS_COLUMNS} for r in expected]
    )


def test_a_full_postcode_is_reduced_to_its_district_with_a_finding() -> None:
    rows = _rows()
    rows[0]["placementLocation"] = "sw1a 2aa"  # public landmarks, not homes
    rows[2]["preferredLocation"] = "SW1A 1AA"
    read = read_referrals(_csv(rows))
    first = read.records[0].placement
    assert first is not None
    assert first.location == "SW1A"
    assert read.records[2].availability.preferred_location == "SW1A"
    reduced = [(f.code, f.location) for f in read.findings if f.code == "postcode-reduced"]
    assert reduced == [
        ("postcode-reduced", "referrals.csv row 2 column placementLocation"),
        ("postcode-reduced", "referrals.csv row 4 column preferredLocation"),
    ]
    assert "2AA" not in write_referrals(read.records).upper()


def test_a_full_postcode_inside_free_text_is_dropped_with_a_finding() -> None:
    # decision 0005: the referral is kept, the text is not, and the finding never repeats it
    rows = _rows()
    rows[1]["riskOther"] = "seen near SW1A 0AA at night"
    read = read_referrals(_csv(rows))
    assert [r.child for r in read.records] == ["00123", "00124", "00125"]
    assert read.records[1].risks.other is None
    (dropped,) = [f for f in read.findings if f.code == "personal-data-dropped"]
    assert dropped.severity is Severity.WARNING
    assert dropped.location == "referrals.csv row 3 column riskOther"
    assert dropped.message == (
        "the text looks like it holds a full postcode, which could identify a child; it was "
        "dropped (free text must not hold dates of birth, full postcodes or names)"
    )
    assert "0AA" not in str(read.findings) + write_referrals(read.records)


@pytest.mark.parametrize(
    ("column", "text", "what"),
    [
        ("riskOther", "Jane Smith born 03/04/2012", "a date and a name (two capitalised words)"),
        ("riskOther", "born 3rd April 2012", "a date"),
        ("riskToOthersOther", "threatened Tom O'Brien", "a name (two capitalised words)"),
        ("riskToOthersOther", "dob 2012-04-03", "a date"),
        ("preferredLocation", "near CR0 1AB please", "a full postcode"),
        ("preferredLocation", "born 03.04.12", "a date"),
    ],
)
def test_free_text_that_identifies_a_child_is_dropped(column: str, text: str, what: str) -> None:
    rows = _rows()
    rows[0][column] = text
    read = read_referrals(_csv(rows))
    (dropped,) = [f for f in read.findings if f.code == "personal-data-dropped"]
    assert dropped.message.startswith(f"the text looks like it holds {what}, which")
    assert dropped.location == f"referrals.csv row 2 column {column}"
    assert text not in write_referrals(read.records)


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("riskOther", "goes missing at weekends; known to police"),
        ("riskToOthersOther", "fire-setting in 2023, none since"),
        ("preferredLocation", "South Norwood"),  # place names are two capitalised words
    ],
)
def test_free_text_without_personal_data_is_kept(column: str, text: str) -> None:
    rows = _rows()
    rows[0][column] = text
    read = read_referrals(_csv(rows))
    assert not [f for f in read.findings if f.code == "personal-data-dropped"]
    assert text in write_referrals(read.records)


def test_cost_must_be_an_integer_of_pounds() -> None:
    rows = _rows()
    rows[0]["totalWeeklyCost"] = "4850.50"
    read = read_referrals(_csv(rows))
    assert read.error_messages() == (
        "total weekly cost must be an integer of pounds, e.g. 4500 for £4,500, got '4850.50' "
        "@ referrals.csv row 2 column totalWeeklyCost",
    )


def test_a_part_filled_actual_placement_names_the_missing_columns() -> None:
    rows = _rows()
    rows[2]["providerURN"] = ""
    rows[2]["placementType"] = ""
    read = read_referrals(_csv(rows))
    (message,) = read.error_messages()
    assert "missing providerURN, placementType" in message
    assert message.endswith("@ referrals.csv row 4 column providerURN")


def test_a_name_in_child_id_is_refused() -> None:
    rows = _rows()
    rows[0]["childId"] = "Jane Smith"
    read = read_referrals(_csv(rows))
    assert [f.location for f in read.findings if f.severity is Severity.ERROR] == [
        "referrals.csv row 2 column childId"
    ]


def test_local_extra_columns_are_warnings_and_never_written() -> None:
    rows = _rows()
    for row in rows:
        row["localCaseNotes"] = "free notes"
    read = read_referrals(_csv(rows))
    assert len(read.records) == 3
    extra = [f for f in read.findings if f.code == "unknown-column"]
    assert [(f.severity, f.location) for f in extra] == [
        (Severity.WARNING, "referrals.csv row 1 column localCaseNotes")
    ]
    assert "free notes" not in write_referrals(read.records)


def test_the_alternative_location_preferable_header_is_accepted() -> None:
    rows = [
        {("locationPreferable" if k == "preferabilityLocation" else k): v for k, v in r.items()}
        for r in _rows()
    ]
    read = read_referrals(_csv(rows))
    assert not read.has_errors
    first = read.records[0].placement
    assert first is not None
    assert first.location_preferable is True


def test_options_are_matched_ignoring_case_and_spacing() -> None:
    rows = _rows()
    rows[0]["riskSelfHarm"] = "risk  present"
    rows[0]["neededBy"] = "<5 days"
    read = read_referrals(_csv(rows))
    assert read.records[0].risks.self_harm is True
    assert read.records[0].availability.needed_by is NeededBy.WITHIN_5_DAYS


def test_none_must_stand_alone_in_communication_requirements() -> None:
    rows = _rows()
    rows[1]["specificCommunicationRequirements"] = "None;BSL"
    read = read_referrals(_csv(rows))
    assert [f.location for f in read.findings if f.severity is Severity.ERROR] == [
        "referrals.csv row 3 column specificCommunicationRequirements"
    ]


def test_published_schema_matches_the_declaration() -> None:
    published = SCHEMAS / "pds_referrals.table.json"
    assert published.read_text(encoding="utf-8") == dumps_referrals_schema()


def test_published_schema_describes_the_standard_columns() -> None:
    # checked against the example file rather than against what slcp writes: its header,
    # officer names left out, in the same order
    schema = json.loads((SCHEMAS / "pds_referrals.table.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in schema["fields"]}
    header = [c for c in _rows()[0] if not c.endswith("OfficerName")]
    assert list(fields) == header
    assert (fields["childId"]["type"], fields["childId"]["constraints"]) == (
        "string",
        {"required": True},
    )
    # whole pounds, never negative (decision 0711)
    assert fields["totalWeeklyCost"]["type"] == "integer"
    assert fields["totalWeeklyCost"]["constraints"] == {"required": False, "minimum": 0}
    assert (fields["referralDate"]["type"], fields["referralDate"]["constraints"]) == (
        "date",
        {"required": True},
    )
    assert fields["riskSelfHarm"]["constraints"]["enum"] == ["No known risk", "Risk Present"]


# -- round trip -------------------------------------------------------------------------------

_RISK_FLAGS = (
    "self_harm",
    "sexual_exploitation",
    "criminal_exploitation",
    "drug_alcohol",
    "eating_disorder",
    "missing",
    "to_others_physical",
    "to_others_sexual",
    "to_others_fire",
    "to_others_animals",
    "to_others_criminal",
)
_FREE = st.none() | st.sampled_from(["Croydon", "near school", "fire, twice", 'said "no"'])


@st.composite
def referrals(draw: st.DrawFn) -> Referral:
    comms = draw(
        st.just((CommunicationRequirement.NONE,))
        | st.lists(
            st.sampled_from(
                [r for r in CommunicationRequirement if r is not CommunicationRequirement.NONE]
            ),
            min_size=1,
            unique=True,
        ).map(tuple)
    )
    placed = draw(
        st.none()
        | st.builds(
            ActualPlacement,
            total_weekly_cost=st.integers(min_value=0, max_value=50_000).map(
                lambda pounds: Money(pounds * 100)
            ),
            location=st.sampled_from(["CR0", "SE15", "SW1A"]).map(PostcodeDistrict),
            location_preferable=st.booleans(),
            education_continuity=st.booleans(),
            provider_urn=st.sampled_from(["SC123456", "1234567"]),
            siblings_placed_together=st.integers(min_value=0, max_value=4),
            setting=st.sampled_from(PlacementSetting),
        )
    )
    return Referral(
        availability=Availability(
            child=ChildRef(draw(st.from_regex(r"[0-9]{3,8}", fullmatch=True))),
            needed_by=draw(st.none() | st.sampled_from(NeededBy)),
            sibling_count=draw(st.none() | st.integers(min_value=0, max_value=5)),
            preferred_location=draw(_FREE),
        ),
        requirements=Requirements(
            communication_needs=draw(st.none() | st.booleans()),
            communication_requirements=comms,
            home_adaptation=draw(st.booleans()),
            cultural_needs=draw(st.sampled_from(CulturalNeeds)),
            living_companions=draw(st.sampled_from(LivingCompanions)),
            pets=draw(st.sampled_from(PetsTolerance)),
            additional_support=draw(st.none() | st.sampled_from(AdditionalSupport)),
            deprivation_of_liberty=draw(st.none() | st.booleans()),
        ),
        recommendation=Recommendation(
            foster=draw(st.sampled_from(Suitability)),
            residential=draw(st.sampled_from(Suitability)),
            supported_accommodation=draw(st.sampled_from(Suitability)),
        ),
        risks=Risks(
            **{flag: draw(st.booleans()) for flag in _RISK_FLAGS},
            other=draw(_FREE),
            to_others_other=draw(_FREE),
        ),
        referred_on=draw(dates()),
        placement=placed,
        placement_recorded_on=draw(st.none() | dates()),
        cost_recorded_on=draw(st.none() | dates()),
    )


@settings(max_examples=40)
@given(st.lists(referrals(), max_size=4))
def test_referrals_round_trip_exactly(items: list[Referral]) -> None:
    text = write_referrals(items)
    read = read_referrals(text.encode())
    assert read.findings == ()
    assert list(read.records) == items
    assert write_referrals(read.records) == text


# -- mapping to and from slcp placements --------------------------------------------------------


def test_a_referral_becomes_an_open_placement_with_the_whole_cost_as_core_fee() -> None:
    referral = read_referrals(DATA / "referrals.csv").records[0]
    placement = placement_from_referral(
        referral,
        placement_id=PlacementId("PL-9"),
        borough=GssCode("E09000008"),
        provider=ProviderId("PRV-0001"),
        first_day=dt.date(2025, 7, 28),
        route=PurchaseRoute(kind=RouteKind.SPOT),
        source=SOURCE,
    )
    assert placement.service is ServiceKind.CHILDRENS_HOME
    assert placement.period.end is None
    assert placement.fee_on(dt.date(2025, 7, 28)).core == Money(485_000)
    assert placement.fee_on(dt.date(2025, 7, 28)).total == Money(485_000)
    assert placement.location == "CR0"
    assert placement.child == "00123"


def test_foster_maps_to_independent_fostering_unless_told_otherwise() -> None:
    referral = read_referrals(DATA / "referrals.csv").records[2]
    kwargs = {
        "placement_id": PlacementId("PL-9"),
        "borough": GssCode("E09000008"),
        "provider": None,
        "first_day": dt.date(2025, 6, 9),
        "route": PurchaseRoute(kind=RouteKind.SPOT),
        "source": SOURCE,
    }
    assert placement_from_referral(referral, **kwargs).service is (  # type: ignore[arg-type]
        ServiceKind.INDEPENDENT_FOSTERING
    )
    in_house = placement_from_referral(
        referral,
        service=ServiceKind.IN_HOUSE_FOSTERING,
        **kwargs,  # type: ignore[arg-type]
    )
    assert in_house.service is ServiceKind.IN_HOUSE_FOSTERING


def test_an_unplaced_referral_cannot_become_a_placement() -> None:
    referral = read_referrals(DATA / "referrals.csv").records[1]
    with pytest.raises(InvalidValueError, match="no actual placement"):
        placement_from_referral(
            referral,
            placement_id=PlacementId("PL-9"),
            borough=GssCode("E09000008"),
            provider=None,
            first_day=dt.date(2025, 8, 1),
            route=PurchaseRoute(kind=RouteKind.SPOT),
            source=SOURCE,
        )


@settings(max_examples=20)
@given(placements(workstream=Workstream.LAC))
def test_actual_placement_rounds_the_weekly_fee_to_whole_pounds_half_up(
    placement: Placement,
) -> None:
    placed = attrs.evolve(placement, location=PostcodeDistrict("CR0"), education_continuity=True)
    on = placed.period.start
    got = actual_placement_from(
        placed,
        on=on,
        provider_urn="SC1234567",
        location_preferable=True,
        siblings_placed_together=0,
    )
    pence = placed.fee_on(on).total.pence
    pounds, rest = divmod(pence, 100)
    assert got.total_weekly_cost == Money((pounds + (1 if rest >= 50 else 0)) * 100)


def test_actual_placement_worked_example() -> None:
    referral = read_referrals(DATA / "referrals.csv").records[0]
    placement = placement_from_referral(
        referral,
        placement_id=PlacementId("PL-9"),
        borough=GssCode("E09000008"),
        provider=None,
        first_day=dt.date(2025, 7, 28),
        route=PurchaseRoute(kind=RouteKind.SPOT),
        source=SOURCE,
    )
    # £4,850.50 a week from 1 August: 485050p is £4,850.50, half up to £4,851
    raised = placement.with_fees(
        placement.fees.with_entry(
            TimelineEntry(
                effective=dt.date(2025, 8, 1),
                value=FeeComponents(core=Money(485_000), other=Money(50)),
                source=SOURCE,
            )
        )
    )
    got = actual_placement_from(
        raised,
        on=dt.date(2025, 8, 1),
        provider_urn="SC123456",
        location_preferable=True,
        siblings_placed_together=0,
    )
    assert got.total_weekly_cost == Money(485_100)
    assert got.setting is PlacementSetting.RESIDENTIAL
    assert got.education_continuity is False


def test_send_school_placements_have_no_standard_placement_type() -> None:
    referral = read_referrals(DATA / "referrals.csv").records[0]
    placement = placement_from_referral(
        referral,
        placement_id=PlacementId("PL-9"),
        borough=GssCode("E09000008"),
        provider=None,
        first_day=dt.date(2025, 7, 28),
        route=PurchaseRoute(kind=RouteKind.SPOT),
        source=SOURCE,
        service=ServiceKind.POSITIVE_INTERVENTION,
    )
    with pytest.raises(InvalidValueError, match="no Placements Data Standard placement type"):
        actual_placement_from(
            placement,
            on=dt.date(2025, 7, 28),
            provider_urn="SC123456",
            location_preferable=True,
            siblings_placed_together=0,
        )
