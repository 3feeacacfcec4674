"""Example tests for the core CSV tables: the readable specification of the file formats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from slcp.domain import (
    AdmissionStatus,
    ChargingMethod,
    EndingReason,
    OfstedRating,
    RouteKind,
    ServiceKind,
    UpliftTiming,
    Workstream,
)
from slcp.errors import LoadError
from slcp.findings import Severity
from slcp.io.csv_tables import (
    TABLE_NAMES,
    dumps_table_schema,
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
from slcp.periods import DateRange, FinancialYear

DATA = Path(__file__).parent.parent / "data" / "csv"
SCHEMAS = Path(__file__).parent.parent.parent / "docs" / "schemas"

FEES_HEADER = (
    "placement_id,effective_from,core_pence,additional_support_pence,education_pence,"
    "other_pence,source_kind,source_citation,source_dated\n"
)
PLACEMENTS_HEADER = (
    "placement_id,child_ref,borough_gss,workstream,provider_id,service,first_day,last_day,route\n"
)


def _placements(rows: str, fees: str) -> tuple[bytes, bytes]:
    return (PLACEMENTS_HEADER + rows).encode(), (FEES_HEADER + fees).encode()


def _messages(read: object) -> list[str]:
    return list(read.error_messages())  # type: ignore[attr-defined]


# -- the example files ------------------------------------------------------------------------


def test_example_boroughs_read_with_their_codes() -> None:
    read = read_boroughs(DATA / "boroughs.csv")
    assert read.findings == ()
    assert [(b.name, b.gss_code, b.dfe_code) for b in read.records] == [
        ("Croydon", "E09000008", "306"),
        ("Southwark", "E09000028", "210"),
    ]


def test_example_placements_read_with_fee_histories_and_half_open_periods() -> None:
    read = read_placements(DATA / "placements.csv", DATA / "placement_fees.csv")
    assert read.findings == ()
    pl1, pl2, pl3 = read.records
    # last_day 2021-03-31 is inclusive, so the half-open end is 1 April 2021
    assert pl1.period == DateRange(start=dt.date(2020, 4, 1), end=dt.date(2021, 4, 1))
    # 400000 + 50000 pence a week until the 1:1 support ended on 1 October 2020
    assert pl1.fee_on(dt.date(2020, 9, 30)).total == Money(450_000)
    assert pl1.fee_on(dt.date(2020, 10, 1)).total == Money(400_000)
    assert pl1.route.kind is RouteKind.FRAMEWORK_CALL_OFF
    assert pl1.route.lot == "LAC-FW-2020/1"
    assert pl1.distance_from_home_miles == Decimal("12.5")
    assert pl1.ending is not None
    assert pl1.ending.reason is EndingReason.PLANNED_MOVE
    assert pl1.ending.notice_given_on == dt.date(2021, 2, 1)
    assert pl1.education_continuity is True
    assert pl2.period.end is None
    assert pl2.location == "SE15"
    assert pl2.education_continuity is None
    assert pl3.charging.method is ChargingMethod.WEEKS_PER_YEAR
    assert pl3.charging.weeks_per_year == 38
    assert pl3.funding.education == Rate.of("0.5")
    assert pl3.fee_on(dt.date(2019, 9, 2)).education == Money(60_000)


def test_example_providers_carry_ratings_and_admissions() -> None:
    read = read_providers(
        DATA / "providers.csv", DATA / "provider_ratings.csv", DATA / "provider_admissions.csv"
    )
    assert read.findings == ()
    oak, beacon, hillside = read.records
    assert oak.rating_on(dt.date(2020, 1, 19)) is OfstedRating.GOOD
    assert oak.rating_on(dt.date(2020, 1, 20)) is OfstedRating.OUTSTANDING
    assert oak.status_on("LAC-FW-2020", "LAC-FW-2020/1", dt.date(2020, 3, 1)) is (
        AdmissionStatus.ADMITTED
    )
    assert beacon.ofsted is None
    assert hillside.gias_establishment_type == 10
    assert hillside.urn == "123456"


def test_example_contributions_are_pence() -> None:
    read = read_contributions(DATA / "contributions.csv")
    assert read.findings == ()
    # £30,000 per borough per year (seed 004 §3.2.5)
    assert [c.amount for c in read.records] == [Money(3_000_000), Money(3_000_000)]
    assert read.records[0].financial_year == FinancialYear(2019)
    assert read.records[0].source is not None
    assert read.records[0].source.dated == dt.date(2019, 7, 3)


def test_example_uplift_round_keeps_band_order_and_requests() -> None:
    read = read_uplift_rounds(
        DATA / "uplift_rounds.csv", DATA / "uplift_requests.csv", DATA / "uplift_bands.csv"
    )
    assert read.findings == ()
    (rnd,) = read.records
    assert rnd.timing is UpliftTiming.FINANCIAL_YEAR_START
    assert rnd.position.default_cap == Rate.of("0.015")
    assert [(b.cap, b.provider_tier, b.service) for b in rnd.position.bands] == [
        (Rate.of("0.02"), "A", None),
        (Rate.of("0.01"), None, ServiceKind.SEND_DAY),
    ]
    general, exception = rnd.requests
    assert (general.requested, general.agreed) == (Rate.of("0.035"), None)
    assert (exception.requested, exception.agreed) == (Rate.of("0.04"), Rate.of("0.0225"))


@pytest.mark.parametrize(
    ("files", "writers", "reader"),
    [
        (("boroughs.csv",), (write_boroughs,), read_boroughs),
        (("contributions.csv",), (write_contributions,), read_contributions),
        (
            ("placements.csv", "placement_fees.csv"),
            (write_placements, write_placement_fees),
            read_placements,
        ),
        (
            ("providers.csv", "provider_ratings.csv", "provider_admissions.csv"),
            (write_providers, write_provider_ratings, write_provider_admissions),
            read_providers,
        ),
        (
            ("uplift_rounds.csv", "uplift_requests.csv", "uplift_bands.csv"),
            (write_uplift_rounds, write_uplift_requests, write_uplift_bands),
            read_uplift_rounds,
        ),
    ],
)
def test_example_files_are_canonical(files: tuple[str, ...], writers: tuple, reader) -> None:  # type: ignore[no-untyped-def, type-arg]
    records = reader(*(DATA / f for f in files)).records
    for name, write in zip(files, writers, strict=True):
        assert write(records) == (DATA / name).read_text(encoding="utf-8")


# -- errors name file, row and column ----------------------------------------------------------


def test_a_float_in_a_pence_column_is_an_error_naming_row_and_column() -> None:
    placements, fees = _placements(
        "PL-1,C1,E09000008,lac,PRV-1,childrens_home,2020-04-01,,spot\n",
        "PL-1,2020-04-01,12.5,,,,agreement,ICA,\n",
    )
    read = read_placements(placements, fees)
    assert read.records == ()
    assert _messages(read) == [
        "weekly fee must be an integer of pence, e.g. 450000 for £4,500.00, got '12.5' "
        "@ placement_fees.csv row 2 column core_pence",
        "the placement's rows in placement_fees.csv have errors, so it was not loaded; "
        "got 'PL-1' @ placements.csv row 2 column placement_id",
    ]


def test_pounds_with_decimals_in_a_pence_column_are_refused_not_rounded() -> None:
    read = read_contributions(
        b"borough_gss,workstream,financial_year,amount_pence\nE09000008,lac,2019/20,30000.00\n"
    )
    assert read.records == ()
    assert [f.location for f in read.findings] == ["contributions.csv row 2 column amount_pence"]


def test_every_finding_is_reported_at_once() -> None:
    text = (
        b"borough_gss,workstream,financial_year,amount_pence\n"
        b"E09000008,lac,2019/20,3000000\n"
        b"E09000008,nope,2019/21,-5\n"
        b"E07000001,send,2019/20,100\n"
        b"E09000028,send,,1e3\n"
    )
    read = read_contributions(text)
    assert len(read.records) == 1
    assert [f.location for f in read.findings] == [
        "contributions.csv row 3 column workstream",
        "contributions.csv row 3 column financial_year",
        "contributions.csv row 3 column amount_pence",
        "contributions.csv row 4 column borough_gss",
        "contributions.csv row 5 column financial_year",
        "contributions.csv row 5 column amount_pence",
    ]


def test_a_header_in_another_order_reads_the_same_records() -> None:
    ordered = read_boroughs(b"gss_code,dfe_code,name\nE09000008,306,Croydon\n")
    shuffled = read_boroughs(b"name,gss_code,dfe_code\nCroydon,E09000008,306\n")
    assert shuffled.records == ordered.records
    assert shuffled.findings == ()


def test_missing_and_unknown_columns_are_reported_together() -> None:
    read = read_boroughs(b"gss_code,nam,extra\nE09000008,Croydon,x\n")
    assert read.records == ()
    assert [(f.code, f.location) for f in read.findings] == [
        ("unknown-column", "boroughs.csv row 1 column nam"),
        ("unknown-column", "boroughs.csv row 1 column extra"),
        ("missing-column", "boroughs.csv row 1 column dfe_code"),
        ("missing-column", "boroughs.csv row 1 column name"),
    ]


def test_an_unknown_column_is_an_error_but_the_rows_are_still_read() -> None:
    read = read_boroughs(b"gss_code,dfe_code,name,notes\nE09000008,306,Croydon,hello\n")
    assert len(read.records) == 1
    assert [f.code for f in read.findings] == ["unknown-column"]
    assert read.has_errors


def test_optional_columns_may_be_left_out_of_the_header() -> None:
    read = read_providers(b"provider_id,name\nPRV-1,Oak House Ltd\n")
    assert read.findings == ()
    assert read.records[0].urn is None


def test_repeated_keys_blank_rows_and_ragged_rows() -> None:
    text = (
        b"gss_code,dfe_code,name\n"
        b"E09000008,306,Croydon\n"
        b"\n"
        b",,\n"
        b"E09000008,306,Croydon again\n"
        b"E09000028,210,Southwark,extra\n"
    )
    read = read_boroughs(text)
    assert [b.name for b in read.records] == ["Croydon"]
    assert [(f.code, f.location) for f in read.findings] == [
        ("duplicate-key", "boroughs.csv row 5 column gss_code"),
        ("ragged-row", "boroughs.csv row 6"),
    ]


def test_a_required_blank_cell_is_named() -> None:
    read = read_boroughs(b"gss_code,dfe_code,name\nE09000008,,Croydon\n")
    assert _messages(read) == [
        "DfE code is required but the cell is blank @ boroughs.csv row 2 column dfe_code"
    ]


def test_a_domain_rule_is_reported_on_the_column_it_concerns() -> None:
    placements, fees = _placements(
        "PL-1,C1,E09000008,lac,PRV-1,childrens_home,2020-04-01,2020-03-01,spot\n"
        "PL-2,Jane Smith,E09000008,lac,PRV-1,send_day,2020-04-01,,spot\n"
        "PL-3,C3,E09000008,lac,PRV-1,childrens_home,2020-04-01,,spot\n",
        "PL-1,2020-04-01,100,,,,agreement,ICA,\n"
        "PL-2,2020-04-01,100,,,,agreement,ICA,\n"
        "PL-3,2020-04-02,100,,,,agreement,ICA,\n",
    )
    read = read_placements(placements, fees)
    assert read.records == ()
    assert [f.location for f in read.findings] == [
        "placements.csv row 2 column last_day",  # ends before it starts
        "placements.csv row 3 column child_ref",  # a name is not a pseudonymous reference
        "placements.csv row 4 column first_day",  # first fee is not on the first day
    ]
    assert read.findings[1].message.startswith("a child reference must be pseudonymous")


def test_fee_rows_must_belong_to_a_placement_and_every_placement_needs_one() -> None:
    placements, fees = _placements(
        "PL-1,C1,E09000008,lac,PRV-1,childrens_home,2020-04-01,,spot\n",
        "PL-9,2020-04-01,100,,,,agreement,ICA,\n",
    )
    read = read_placements(placements, fees)
    assert [(f.code, f.location) for f in read.findings] == [
        ("unknown-reference", "placement_fees.csv row 2 column placement_id"),
        ("invalid-record", "placements.csv row 2 column placement_id"),
    ]


def test_huge_numbers_are_refused_before_conversion() -> None:
    read = read_contributions(
        b"borough_gss,workstream,financial_year,amount_pence\nE09000008,lac,2019/20,"
        + b"9" * 5000
        + b"\n"
    )
    assert _messages(read) == [
        "contribution has more than 15 digits, too large to be real "
        "@ contributions.csv row 2 column amount_pence"
    ]


def test_funding_shares_blank_mean_all_social_care_and_must_sum_to_100() -> None:
    header = PLACEMENTS_HEADER.strip() + ",social_care_pct,education_pct,health_pct\n"
    row = "C1,E09000008,send,PRV-1,send_day,2020-04-01,,spot"
    text = header + f"PL-1,{row},,,\nPL-2,{row},50,40,\n"
    fees = FEES_HEADER + "PL-1,2020-04-01,1,,,,agreement,A,\nPL-2,2020-04-01,1,,,,agreement,A,\n"
    read = read_placements(text.encode(), fees.encode())
    assert read.records[0].funding.social_care == Rate.of("1")
    assert [f.location for f in read.findings] == ["placements.csv row 3 column social_care_pct"]


def test_a_zero_day_placement_round_trips_through_the_inclusive_last_day() -> None:
    # first_day 2020-04-01, last_day 2020-03-31: [2020-04-01, 2020-04-01), zero days
    placements, fees = _placements(
        "PL-1,C1,E09000008,lac,PRV-1,childrens_home,2020-04-01,2020-03-31,spot\n",
        "PL-1,2020-04-01,100,,,,agreement,ICA,\n",
    )
    (placement,) = read_placements(placements, fees).records
    assert placement.period.days == 0
    again = read_placements(write_placements([placement]).encode(), fees).records
    assert again == (placement,)


def test_records_or_raise_lists_every_error_in_one_load_error() -> None:
    read = read_boroughs(b"gss_code,dfe_code,name\nE09000008,30,Croydon\nE09,306,X\n")
    with pytest.raises(LoadError) as info:
        read.records_or_raise(source="boroughs.csv")
    assert [m.split(" @ ")[1] for m in info.value.messages] == [
        "boroughs.csv row 2 column dfe_code",
        "boroughs.csv row 3 column gss_code",
    ]


def test_clean_records_or_raise_returns_the_records() -> None:
    read = read_boroughs(DATA / "boroughs.csv")
    assert len(read.records_or_raise()) == 2


def test_a_source_needs_kind_and_citation_together() -> None:
    read = read_contributions(
        b"borough_gss,workstream,financial_year,amount_pence,source_kind\n"
        b"E09000008,lac,2019/20,1,report\n"
    )
    assert [f.location for f in read.findings] == ["contributions.csv row 2 column source_citation"]


# -- files that are not CSV text ----------------------------------------------------------------


def test_utf16_is_refused_with_advice() -> None:
    with pytest.raises(LoadError, match="UTF-16"):
        read_boroughs("gss_code,dfe_code,name\n".encode("utf-16"))


def test_latin1_is_refused_naming_the_byte_and_line() -> None:
    text = "borough_gss,workstream,financial_year,amount_pence,source_kind,source_citation\n"
    row = "E09000008,lac,2019/20,1,report,£30k agreed\n"
    with pytest.raises(LoadError) as info:
        read_contributions((text + row).encode("latin-1"))
    assert "byte 0xA3" in info.value.messages[0]
    assert info.value.messages[0].endswith("@ contributions.csv line 2")


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    read = read_boroughs(b"\xef\xbb\xbfgss_code,dfe_code,name\nE09000008,306,Croydon\n")
    assert read.findings == ()
    assert [(b.gss_code, b.dfe_code, b.name) for b in read.records] == [
        ("E09000008", "306", "Croydon")
    ]


def test_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read the file"):
        read_boroughs(tmp_path / "nowhere.csv")


def test_csv_text_passed_as_a_path_gets_advice() -> None:
    with pytest.raises(LoadError, match="pass CSV text as bytes"):
        read_boroughs("gss_code,dfe_code,name\nE09000008,306,Croydon\n")


def test_an_empty_file_has_no_header() -> None:
    read = read_boroughs(b"")
    assert [(f.code, f.location) for f in read.findings] == [("no-header", "boroughs.csv row 1")]


def test_messages_use_the_real_file_name(tmp_path: Path) -> None:
    path = tmp_path / "croydon_boroughs.csv"
    path.write_bytes(b"gss_code,dfe_code,name\nE09000008,3060,Croydon\n")
    assert read_boroughs(path).findings[0].location == "croydon_boroughs.csv row 2 column dfe_code"


# -- published schemas ------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_published_schema_matches_the_declaration(name: str) -> None:
    published = SCHEMAS / f"{name}.table.json"
    assert published.read_text(encoding="utf-8") == dumps_table_schema(name), (
        "regenerate with slcp.io.csv_tables.write_table_schemas('docs/schemas')"
    )


def test_every_published_table_schema_is_declared() -> None:
    # the core tables and the Placements Data Standard referrals (tests/io/test_pds.py)
    published = sorted(p.name.removesuffix(".table.json") for p in SCHEMAS.glob("*.table.json"))
    assert published == sorted([*TABLE_NAMES, "pds_referrals"])


def test_schema_states_units_keys_and_code_lists() -> None:
    import json

    schema = json.loads(dumps_table_schema("placements"))
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["workstream"]["constraints"]["enum"] == ["send", "lac"]
    assert fields["first_day"]["type"] == "date"
    assert schema["primaryKey"] == ["placement_id"]
    fees = json.loads(dumps_table_schema("placement_fees"))
    core = next(f for f in fees["fields"] if f["name"] == "core_pence")
    assert (core["type"], core["constraints"]) == ("integer", {"required": True, "minimum": 0})
    assert fees["foreignKeys"] == [
        {
            "fields": ["placement_id"],
            "reference": {"resource": "placements", "fields": ["placement_id"]},
        }
    ]


def test_severity_of_unknown_columns_in_core_tables_is_error() -> None:
    read = read_boroughs(b"gss_code,dfe_code,name,x\n")
    assert read.findings[0].severity is Severity.ERROR


def test_workstream_codes_are_the_enum_values() -> None:
    read = read_contributions(
        b"borough_gss,workstream,financial_year,amount_pence\nE09000008, LAC ,2019/20,1\n"
    )
    assert read.records[0].workstream is Workstream.LAC
