"""A hand-built programme with one of every record, and its JSON written out by hand.

The builders here (:func:`small_programme` and the records it holds) are also used by the
error, property, schema and CLI tests.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
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
    PriceBand,
    ProcurementRegime,
    Programme,
    Provider,
    ProviderConcern,
    ProviderId,
    PurchaseRoute,
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
from slcp.io import dump_programme, dumps_programme, load_programme, loads_programme
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear, YearMonth
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

CROYDON = GssCode("E09000008")
SUTTON = GssCode("E09000029")
MERTON = GssCode("E09000024")
KENT = GssCode("E10000016")

CPP_2019 = Source(
    kind=SourceKind.REPORT,
    citation="SLCP update to the Corporate Parenting Panel, 3 July 2019, §3.2.5",
    dated=dt.date(2019, 7, 3),
)
ICA_CLAUSE = Source(kind=SourceKind.AGREEMENT, citation="ICA PL-1, schedule 2")
OFSTED = Source(kind=SourceKind.INSPECTION, citation="Ofsted full inspection")

LAC_FW = VehicleId("LAC-FW-2020")
SEND_DPS = VehicleId("SEND-DPS-2016")
BLOCK = VehicleId("LAC-BLOCK-1")


def lac_framework() -> FrameworkAgreement:
    """The LAC framework: 4 + 2 + 2 years from 1 March 2020, three lots (seed 004 §6)."""
    return FrameworkAgreement(
        id=LAC_FW,
        name="South London LAC framework",
        workstream=Workstream.LAC,
        start=dt.date(2020, 3, 1),
        initial_term_years=4,
        extension_years=(2, 2),
        extensions_taken=1,
        lots=(
            Lot(
                id=LotId("LAC-FW-2020/1"),
                number=1,
                name="Residential LAC placements",
                service_kinds=(ServiceKind.CHILDRENS_HOME,),
                price_band=PriceBand(min_weekly=Money(300_000), max_weekly=Money(650_000)),
            ),
            Lot(
                id=LotId("LAC-FW-2020/2"),
                number=2,
                name="Independent fostering agencies",
                service_kinds=(ServiceKind.INDEPENDENT_FOSTERING,),
            ),
            Lot(
                id=LotId("LAC-FW-2020/3"),
                number=3,
                name="Positive interventions through innovation",
                service_kinds=(ServiceKind.POSITIVE_INTERVENTION,),
            ),
        ),
        reopenings=(dt.date(2021, 3, 1), dt.date(2022, 3, 1)),
    )


def send_dps() -> DynamicPurchasingSystem:
    """The SEND DPS, open from 1 June 2016 with no end yet."""
    return DynamicPurchasingSystem(
        id=SEND_DPS,
        name="SEND dynamic purchasing system",
        workstream=Workstream.SEND,
        period=DateRange(start=dt.date(2016, 6, 1)),
        lots=(
            Lot(
                id=LotId("SEND-DPS-2016/1"),
                number=1,
                name="Independent and non-maintained special schools",
                service_kinds=(
                    ServiceKind.SEND_DAY,
                    ServiceKind.SEND_RESIDENTIAL_38_WEEK,
                    ServiceKind.SEND_RESIDENTIAL_52_WEEK,
                ),
            ),
        ),
        regime=ProcurementRegime.PA_2023,
    )


def block_contract() -> BlockContract:
    """Four children's-home places for three years at £1,040,000 a year."""
    return BlockContract(
        id=BLOCK,
        name="Croydon residential block",
        workstream=Workstream.LAC,
        provider="PRV-1",
        period=DateRange(start=dt.date(2020, 4, 1), end=dt.date(2023, 4, 1)),
        places=4,
        annual_value=Money(104_000_000),
    )


def providers() -> tuple[Provider, ...]:
    """A children's home with an Ofsted history and framework admission; a school on the DPS."""
    home = Provider(
        id=ProviderId("PRV-1"),
        name="Oakfield Children's Homes Ltd",
        urn="SC123456",
        tier="A",
        ofsted=Timeline(
            entries=(
                TimelineEntry(
                    effective=dt.date(2018, 5, 14), value=OfstedRating.GOOD, source=OFSTED
                ),
                TimelineEntry(
                    effective=dt.date(2020, 1, 20),
                    value=OfstedRating.REQUIRES_IMPROVEMENT,
                    source=OFSTED,
                ),
            )
        ),
        admissions=(
            Admission(
                vehicle=LAC_FW,
                lot=LotId("LAC-FW-2020/1"),
                status=AdmissionStatus.APPLIED,
                effective=dt.date(2019, 12, 2),
            ),
            Admission(
                vehicle=LAC_FW,
                lot=LotId("LAC-FW-2020/1"),
                status=AdmissionStatus.ADMITTED,
                effective=dt.date(2020, 3, 1),
            ),
        ),
    )
    school = Provider(
        id=ProviderId("PRV-2"),
        name="Riverside School",
        urn="102345",
        gias_establishment_type=10,
        admissions=(
            Admission(
                vehicle=SEND_DPS,
                lot=None,
                status=AdmissionStatus.ADMITTED,
                effective=dt.date(2016, 7, 1),
            ),
        ),
    )
    return (home, school)


def residential_placement() -> Placement:
    """A children's home placement, ended, with a fee change on 1 September 2020."""
    return Placement(
        id=PlacementId("PL-1"),
        child=ChildRef("C0001"),
        borough=CROYDON,
        workstream=Workstream.LAC,
        provider=ProviderId("PRV-1"),
        service=ServiceKind.CHILDRENS_HOME,
        period=DateRange(start=dt.date(2020, 3, 2), end=dt.date(2021, 1, 15)),
        fees=Timeline(
            entries=(
                TimelineEntry(
                    effective=dt.date(2020, 3, 2),
                    value=FeeComponents(core=Money(400_000)),
                    source=ICA_CLAUSE,
                ),
                TimelineEntry(
                    effective=dt.date(2020, 9, 1),
                    value=FeeComponents(
                        core=Money(420_000),
                        additional_support=Money(50_000),
                        education=Money(0),
                        other=Money(1),
                    ),
                    source=ICA_CLAUSE,
                ),
            )
        ),
        route=PurchaseRoute(
            kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=LAC_FW, lot=LotId("LAC-FW-2020/1")
        ),
        location=None,
        distance_from_home_miles=Decimal("12.5"),
        ending=PlacementEnding(
            reason=EndingReason.PLANNED_MOVE, notice_given_on=dt.date(2020, 12, 1)
        ),
        ssda903_place="K2",
        ssda903_provider="PR4",
        education_continuity=True,
    )


def school_placement() -> Placement:
    """A 38-week residential school placement, still open, funded by education and health."""
    return Placement(
        id=PlacementId("PL-2"),
        child=ChildRef("C0002"),
        borough=SUTTON,
        workstream=Workstream.SEND,
        provider=ProviderId("PRV-2"),
        service=ServiceKind.SEND_RESIDENTIAL_38_WEEK,
        period=DateRange(start=dt.date(2019, 9, 2)),
        fees=Timeline(
            entries=(
                TimelineEntry(
                    effective=dt.date(2019, 9, 2),
                    value=FeeComponents(core=Money(385_050), education=Money(120_000)),
                    source=ICA_CLAUSE,
                ),
            )
        ),
        charging=ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38),
        route=PurchaseRoute(
            kind=RouteKind.DPS_CALL_OFF, vehicle=SEND_DPS, lot=LotId("SEND-DPS-2016/1")
        ),
        funding=FundingShares(education=Rate.of("0.6"), health=Rate.of("0.4")),
        location="SM1",
        education_continuity=False,
    )


def in_house_placement() -> Placement:
    """In-house fostering: no provider, no vehicle."""
    return Placement(
        id=PlacementId("PL-3"),
        child=ChildRef("C0003"),
        borough=MERTON,
        workstream=Workstream.LAC,
        provider=None,
        service=ServiceKind.IN_HOUSE_FOSTERING,
        period=DateRange(start=dt.date(2021, 2, 28), end=dt.date(2021, 3, 1)),
        fees=Timeline(
            entries=(
                TimelineEntry(
                    effective=dt.date(2021, 2, 28),
                    value=FeeComponents(core=Money(0)),
                    source=ICA_CLAUSE,
                ),
            )
        ),
        route=PurchaseRoute(kind=RouteKind.IN_HOUSE),
    )


def agreement() -> IndividualChildAgreement:
    """The ICA of PL-1 with two outcomes, one measured twice."""
    return IndividualChildAgreement(
        id=IcaId("ICA-1"),
        placement=PlacementId("PL-1"),
        agreed_on=dt.date(2020, 3, 2),
        agreed_fee=FeeComponents(core=Money(400_000)),
        outcomes=(
            Outcome(
                id=OutcomeId("O1"),
                domain=OutcomeDomain.EDUCATION,
                description="Attends school every day",
                measure="school attendance %",
                baseline=Decimal("72.5"),
                target=Decimal("90"),
                target_date=dt.date(2020, 12, 31),
                direction=Direction.HIGHER_IS_BETTER,
                measurements=(
                    Measurement(on=dt.date(2020, 6, 30), value=Decimal("80.0")),
                    Measurement(on=dt.date(2020, 9, 30), value=Decimal("85")),
                ),
            ),
            Outcome(
                id=OutcomeId("O2"),
                domain=OutcomeDomain.EMOTIONAL_WELLBEING,
                description="Fewer difficulties reported",
                measure="SDQ total difficulties score",
                baseline=Decimal("22"),
                target=Decimal("15"),
                target_date=dt.date(2021, 1, 14),
                direction=Direction.LOWER_IS_BETTER,
            ),
        ),
        reviews=ReviewSchedule(origin=dt.date(2020, 3, 2)),
        reviews_held=(dt.date(2020, 9, 1),),
    )


def uplift_round() -> FeeUpliftRound:
    """The LAC 2021/22 round: 2% default cap, 1.5% for tier A homes, one exception."""
    return FeeUpliftRound(
        id=UpliftId("LAC-2021/22"),
        workstream=Workstream.LAC,
        financial_year=FinancialYear(2021),
        timing=UpliftTiming.PLACEMENT_ANNIVERSARY,
        position=UpliftPosition(
            default_cap=Rate.of("0.02"),
            bands=(
                UpliftBand(
                    cap=Rate.of("0.015"), provider_tier="A", service=ServiceKind.CHILDRENS_HOME
                ),
            ),
            source=CPP_2019,
        ),
        requests=(
            UpliftRequest(
                provider=ProviderId("PRV-1"),
                requested=Rate.of("0.035"),
                agreed=Rate.of("0.025"),
                source=CPP_2019,
            ),
        ),
        source=CPP_2019,
    )


def small_programme() -> Programme:
    """One of every record: three South London boroughs and Kent, every kind of vehicle..."""
    kent = Borough(name="Kent", gss_code=KENT, dfe_code=DfeLaCode("886"))
    return Programme(
        name="South London Commissioning Programme",
        host=CROYDON,
        boroughs=(
            *(b for b in SOUTH_LONDON_BOROUGHS if b.gss_code in (CROYDON, SUTTON, MERTON)),
            kent,
        ),
        memberships=(
            Membership(
                borough=CROYDON,
                workstream=Workstream.SEND,
                period=DateRange(start=dt.date(2014, 4, 1)),
            ),
            Membership(
                borough=CROYDON,
                workstream=Workstream.LAC,
                period=DateRange(start=dt.date(2016, 12, 1)),
            ),
            Membership(
                borough=SUTTON,
                workstream=Workstream.SEND,
                period=DateRange(start=dt.date(2014, 4, 1)),
            ),
            Membership(
                borough=SUTTON,
                workstream=Workstream.LAC,
                period=DateRange(start=dt.date(2016, 12, 1), end=dt.date(2021, 4, 1)),
            ),
            Membership(
                borough=MERTON,
                workstream=Workstream.LAC,
                period=DateRange(start=dt.date(2016, 12, 1)),
            ),
        ),
        contributions=(
            Contribution(
                borough=CROYDON,
                workstream=Workstream.LAC,
                financial_year=FinancialYear(2019),
                amount=Money(3_000_000),
                source=CPP_2019,
            ),
        ),
        vehicles=(lac_framework(), send_dps(), block_contract()),
        providers=providers(),
        children=(
            Child(ref=ChildRef("C0001"), month_of_birth=YearMonth(2008, 3)),
            Child(
                ref=ChildRef("C0002"),
                month_of_birth=YearMonth(2010, 2),
                sen_primary=SenNeed.ASD,
                sen_secondary=SenNeed.SLCN,
                home_district="CR0",
            ),
            Child(ref=ChildRef("C0003")),
        ),
        placements=(residential_placement(), school_placement(), in_house_placement()),
        agreements=(agreement(),),
        uplift_rounds=(uplift_round(),),
        budgets=(
            Budget(
                borough=CROYDON,
                workstream=Workstream.LAC,
                financial_year=FinancialYear(2019),
                amount=Money(325_800_000),
                service=ServiceKind.CHILDRENS_HOME,
                source=CPP_2019,
            ),
        ),
        savings=(
            SavingRecord(
                id=SavingId("SAV-1"),
                source=SavingSource.FEE_INCREASE_AVOIDANCE,
                financial_year=FinancialYear(2021),
                workstream=Workstream.LAC,
                amount=Money(1_234_567),
                evidence=CPP_2019,
                borough=CROYDON,
            ),
        ),
        concerns=(
            ProviderConcern(
                id=ConcernId("CON-1"),
                provider=ProviderId("PRV-1"),
                raised_by=SUTTON,
                raised_on=dt.date(2020, 11, 2),
                category=ConcernCategory.SAFEGUARDING,
                summary="Missing-from-care episodes not reported within 24 hours",
                resolved_on=dt.date(2020, 12, 15),
            ),
        ),
        episodes=(
            CareEpisode(
                child=ChildRef("C0001"),
                borough=CROYDON,
                period=DateRange(start=dt.date(2020, 3, 2), end=dt.date(2021, 1, 15)),
                reason_new_episode="S",
                legal_status="C2",
                category_of_need="N1",
                place="K2",
                place_provider="PR4",
                reason_ceased="X1",
                home_district="CR0",
                placement_district="SM1",
                urn="SC123456",
            ),
        ),
    )


# -- round trips ---------------------------------------------------------------------------


def test_small_programme_round_trips_exactly_and_canonically() -> None:
    programme = small_programme()
    text = dumps_programme(programme)
    assert loads_programme(text) == programme
    assert dumps_programme(loads_programme(text)) == text


def test_file_round_trip_writes_utf8_with_unix_newlines(tmp_path: Path) -> None:
    path = tmp_path / "programme.json"
    dump_programme(small_programme(), path)
    raw = path.read_bytes()
    assert raw == dumps_programme(small_programme()).encode("utf-8")
    assert b"\r\n" not in raw
    assert "§3.2.5".encode() in raw  # non-ASCII written as itself, not as \u00a7
    assert load_programme(path) == small_programme()


def test_a_byte_order_mark_is_allowed_when_reading_a_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps_programme(small_programme()).encode("utf-8"))
    assert load_programme(path) == small_programme()


# -- the canonical text, written out by hand ------------------------------------------------


def _doc() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dumps_programme(small_programme()))
    return data


def test_text_layout_is_two_space_indent_with_a_final_newline() -> None:
    text = dumps_programme(small_programme())
    assert text.startswith('{\n  "schema_version": 1,\n  "name": "South London')
    assert text.endswith("\n}\n")
    assert not text.endswith("\n\n")


def test_keys_follow_the_model_order_with_schema_version_first() -> None:
    assert list(_doc()) == [
        "schema_version",
        "name",
        "host",
        "boroughs",
        "memberships",
        "contributions",
        "vehicles",
        "providers",
        "children",
        "placements",
        "agreements",
        "uplift_rounds",
        "budgets",
        "savings",
        "concerns",
        "episodes",
    ]


def test_arrays_keep_the_order_the_programme_holds() -> None:
    # Kent was put last although it sorts before Merton and Sutton
    assert [b["name"] for b in _doc()["boroughs"]] == ["Croydon", "Merton", "Sutton", "Kent"]


def test_a_placement_reads_as_written_by_hand() -> None:
    source = {"kind": "agreement", "citation": "ICA PL-1, schedule 2", "dated": None}
    assert _doc()["placements"][0] == {
        "id": "PL-1",
        "child": "C0001",
        "borough": "E09000008",
        "workstream": "lac",
        "provider": "PRV-1",
        "service": "childrens_home",
        "period": {"start": "2020-03-02", "end": "2021-01-15"},
        "fees": {
            "entries": [
                {
                    "effective": "2020-03-02",
                    "value": {
                        "core_pence": 400000,
                        "additional_support_pence": 0,
                        "education_pence": 0,
                        "other_pence": 0,
                    },
                    "source": source,
                },
                {
                    "effective": "2020-09-01",
                    "value": {
                        "core_pence": 420000,
                        "additional_support_pence": 50000,
                        "education_pence": 0,
                        "other_pence": 1,
                    },
                    "source": source,
                },
            ],
            "ends": None,
        },
        "charging": {"method": "daily_pro_rata", "weeks_per_year": None},
        "route": {"kind": "framework_call_off", "vehicle": "LAC-FW-2020", "lot": "LAC-FW-2020/1"},
        "funding": {"social_care": "1", "education": "0", "health": "0"},
        "location": None,
        "distance_from_home_miles": "12.5",
        "ending": {"reason": "planned_move", "notice_given_on": "2020-12-01"},
        "ssda903_place": "K2",
        "ssda903_provider": "PR4",
        "education_continuity": True,
    }


def test_each_vehicle_is_tagged_with_its_kind_first() -> None:
    vehicles = _doc()["vehicles"]
    assert [v["kind"] for v in vehicles] == ["framework", "dps", "block_contract"]
    assert all(next(iter(v)) == "kind" for v in vehicles)
    assert vehicles[2] == {
        "kind": "block_contract",
        "id": "LAC-BLOCK-1",
        "name": "Croydon residential block",
        "workstream": "lac",
        "provider": "PRV-1",
        "period": {"start": "2020-04-01", "end": "2023-04-01"},
        "places": 4,
        "annual_value_pence": 104000000,
    }
    assert vehicles[1]["period"] == {"start": "2016-06-01", "end": None}
    assert vehicles[0]["lots"][0]["price_band"] == {
        "min_weekly_pence": 300000,
        "max_weekly_pence": 650000,
    }


def test_scalar_conventions() -> None:
    doc = _doc()
    assert doc["contributions"][0]["financial_year"] == "2019/20"
    assert doc["contributions"][0]["amount_pence"] == 3000000  # £30,000
    assert doc["children"][0]["month_of_birth"] == "2008-03"
    assert doc["children"][1]["sen_primary"] == "ASD"
    assert doc["uplift_rounds"][0]["requests"][0]["requested"] == "0.035"
    assert doc["uplift_rounds"][0]["position"]["default_cap"] == "0.02"
    outcome = doc["agreements"][0]["outcomes"][0]
    assert (outcome["baseline"], outcome["target"]) == ("72.5", "90")
    # "80.0" keeps its trailing zero: the text written is the text read
    assert [m["value"] for m in outcome["measurements"]] == ["80.0", "85"]
    assert doc["providers"][0]["ofsted"]["entries"][1]["value"] == "requires_improvement"
    assert doc["savings"][0]["derived"] is False


def test_decimals_are_written_without_exponents() -> None:
    outcome = attrs.evolve(
        agreement().outcomes[0],
        baseline=Decimal("1E+1"),
        target=Decimal("9E+1"),
        measurements=(Measurement(on=dt.date(2020, 6, 30), value=Decimal("1E-7")),),
    )
    ica = attrs.evolve(agreement(), outcomes=(outcome,))
    programme = attrs.evolve(small_programme(), agreements=(ica,))
    written = json.loads(dumps_programme(programme))["agreements"][0]["outcomes"][0]
    assert (written["baseline"], written["target"]) == ("10", "90")
    assert written["measurements"][0]["value"] == "0.0000001"
    assert loads_programme(dumps_programme(programme)) == programme


# -- reading what people write by hand -------------------------------------------------------


def test_keys_with_defaults_may_be_left_out() -> None:
    text = """{
      "schema_version": 1,
      "name": "Two boroughs",
      "host": "E09000008",
      "boroughs": [{"name": "Croydon", "gss_code": "E09000008", "dfe_code": "306"}],
      "placements": [{
        "id": "PL-9",
        "child": "C9",
        "borough": "E09000008",
        "workstream": "lac",
        "provider": null,
        "service": "in_house_fostering",
        "period": {"start": "2020-04-01"},
        "fees": {"entries": [{
          "effective": "2020-04-01",
          "value": {"core_pence": 35000},
          "source": {"kind": "assumption", "citation": "carer allowance"}
        }]},
        "route": {"kind": "in_house"}
      }]
    }"""
    programme = loads_programme(text)
    (placement,) = programme.placements
    assert placement.period == DateRange(start=dt.date(2020, 4, 1), end=None)
    assert placement.fees.entries[0].value == FeeComponents(core=Money(35_000))
    assert placement.charging == ChargingBasis(method=ChargingMethod.DAILY_PRO_RATA)
    assert placement.funding == FundingShares(social_care=Rate.of("1"))
    assert programme.vehicles == ()
    # written back, every key is present
    written = json.loads(dumps_programme(programme))["placements"][0]
    assert written["period"] == {"start": "2020-04-01", "end": None}
    assert written["ending"] is None
