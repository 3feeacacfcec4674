"""The SSDA903 reader: every problem a finding with file, row and column; usable rows used."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slcp.domain import ServiceKind
from slcp.errors import LoadError
from slcp.findings import Severity, count_by_code
from slcp.io.ssda903 import load_ssda903, place_codes, read_ssda903, service_kind_of
from slcp.periods import FinancialYear, YearMonth

DATA = Path(__file__).parent.parent / "data" / "ssda903"
Y2017 = FinancialYear(2017)
HEAD = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)


def episodes_csv(*rows: str, head: str = HEAD) -> bytes:
    return ("\n".join([head, *rows]) + "\n").encode()


def codes_at(findings: object) -> list[tuple[str, str]]:
    return [(f.code, f.location) for f in findings]  # type: ignore[attr-defined]


def test_messy_file_reports_each_problem_where_it_is() -> None:
    r = load_ssda903(DATA / "episodes_messy.csv", DATA / "header_messy.csv", collection_year=Y2017)
    e, h = "episodes_messy.csv", "header_messy.csv"
    # One expected finding per planted problem (see the files).
    expected = {
        ("missing-column", f"{h} row 1 column ETHNIC"),
        ("missing-column", f"{h} row 1 column UPN"),
        ("missing-column", f"{h} row 1 column MOTHER"),
        ("missing-column", f"{h} row 1 column MC_DOB"),
        ("unparseable-date", f"{h} row 3 column DOB"),  # 29/02/2009: 2009 is not a leap year
        ("duplicate-child", f"{h} row 4 column CHILD"),
        ("unknown-code", f"{h} row 5 column SEX"),
        ("unknown-column", f"{e} row 1 column 14"),  # EXTRA
        ("invalid-child-id", f"{e} row 5 column CHILD"),  # '12 34'
        ("unparseable-date", f"{e} row 6 column DECOM"),  # 31/02/2017
        ("unknown-code", f"{e} row 7 column PLACE"),  # K3 before 2024/25: row kept
        ("end-before-start", f"{e} row 8 column DEC"),
        ("overlapping-episodes", f"{e} row 9 column DEC"),
        ("non-contiguous-episodes", f"{e} row 11 column DEC"),
        ("ceased-without-end-date", f"{e} row 13 column DEC"),
        ("duplicate-row", f"{e} row 15"),  # row 14 is blank and skipped
        ("unknown-code", f"{e} row 16 column RNE"),  # Q: row kept
        ("unparseable-postcode", f"{e} row 17 column PL_POST"),
        ("ragged-row", f"{e} row 18"),
        ("missing-value", f"{e} row 18 column PLACE"),
        ("unknown-code", f"{e} row 19 column PLACE_PROVIDER"),
        ("child-not-in-header", f"{e} row 7 column CHILD"),
        ("child-not-in-header", f"{e} row 11 column CHILD"),
        ("child-not-in-header", f"{e} row 13 column CHILD"),
        ("child-not-in-header", f"{e} row 16 column CHILD"),
        ("child-not-in-header", f"{e} row 17 column CHILD"),
        ("child-not-in-header", f"{e} row 19 column CHILD"),
    }
    assert set(codes_at(r.findings)) == expected
    assert len(r.findings) == len(expected)
    # usable rows: 0123 x2, 1.0, 0201 (K3, unknown in 2017/18), 0203 x2, 0204 x2, 0205,
    # 0206 (RNE Q), 0207, 0209
    assert sorted(ep.child for ep in r.episodes) == [
        "0123", "0123", "0201", "0203", "0203", "0204", "0204", "0205", "0206", "0207",
        "0209", "1.0",
    ]  # fmt: skip
    # the children with a finding about them: every child but 0123 and 0204 (the 0123 copy
    # on row 15 is a duplicate-row finding about 0123: so 0123 too)
    assert sorted(r.flagged_children) == [
        "0123", "0201", "0203", "0204", "0205", "0206", "0207", "0209", "1.0",
    ]  # fmt: skip
    # the overlapped episode now ends when the next starts (1 August 2017)
    first_0203 = next(ep for ep in r.episodes if ep.child == "0203")
    assert first_0203.period.end == dt.date(2017, 8, 1)
    # ceased with no DEC: read as open, REC dropped
    ep_0205 = next(ep for ep in r.episodes if ep.child == "0205")
    assert (ep_0205.period.end, ep_0205.reason_ceased) == (None, None)
    # header: 0123 (March 2010), 1.0 (month unknown), 0203
    assert r.children is not None
    assert [(c.ref, c.month_of_birth) for c in r.children] == [
        ("0123", YearMonth(2010, 3)),
        ("1.0", None),
        ("0203", YearMonth(2010, 1)),
    ]


def test_dropped_rows_are_errors_and_used_rows_warnings() -> None:
    r = load_ssda903(DATA / "episodes_messy.csv", collection_year=Y2017)
    sev = {(f.code, f.location.split(" column ")[-1]): f.severity for f in r.findings}
    # a code outside the year's list keeps its row: a warning, in every column
    assert sev[("unknown-code", "PLACE")] is Severity.WARNING
    assert sev[("unknown-code", "RNE")] is Severity.WARNING
    assert sev[("unknown-code", "PLACE_PROVIDER")] is Severity.WARNING
    assert sev[("missing-value", "PLACE")] is Severity.ERROR
    assert sev[("overlapping-episodes", "DEC")] is Severity.WARNING


def test_dates_outside_1901_2199_are_findings() -> None:
    rows = (
        "0001,01/04/0017,S,C2,N1,U4,PR1,,,,,,",
        "0002,01/04/2017,S,C2,N1,U4,PR1,01/01/9999,X1,,,,",
    )
    r = read_ssda903(episodes_csv(*rows), collection_year=Y2017)
    assert codes_at(r.findings) == [
        ("unparseable-date", "episodes.csv row 2 column DECOM"),
        ("unparseable-date", "episodes.csv row 3 column DEC"),
    ]
    assert r.episodes == ()


def test_dates_need_ascii_digits() -> None:
    # Arabic-Indic digits are digits to Python's int(), but not a DD/MM/YYYY date
    row = "0001,\u0660\u0661/\u0660\u0664/\u0662\u0660\u0661\u0667,S,C2,N1,U4,PR1,,,,,,"
    r = read_ssda903(episodes_csv(row), collection_year=Y2017)
    assert codes_at(r.findings) == [("unparseable-date", "episodes.csv row 2 column DECOM")]


def test_child_ids_stay_strings() -> None:
    r = read_ssda903(
        episodes_csv(
            "0123,01/04/2017,S,C2,N1,U4,PR1,,,,,,",
            "1.0,01/04/2017,S,C2,N1,U4,PR1,,,,,,",
            "007,01/04/2017,S,C2,N1,U4,PR1,,,,,,",
        ),
        collection_year=Y2017,
    )
    # episodes come out per child, children in string order
    assert [e.child for e in r.episodes] == ["007", "0123", "1.0"]
    assert r.findings == ()


def test_privacy_no_dob_or_postcode_or_name_in_findings_or_records() -> None:
    header = b"CHILD,SEX,DOB\n0001,1,31/02/2008\n0002,1,17/06/2008\nJane Smith,2,01/01/2009\n"
    episodes = episodes_csv(
        "0002,01/04/2017,S,C2,N1,U4,PR1,,,,SW1A 2AA,ZZ99 ZZZZZ,",
        "Jane Smith,01/04/2017,S,C2,N1,U4,PR1,,,,,,",
    )
    r = read_ssda903(episodes, header, collection_year=Y2017)
    text = " ".join(str(f) for f in r.findings) + repr(r)
    for secret in ("31/02/2008", "17/06/2008", "2008-06-17", "SW1A 2AA", "ZZ99", "Jane"):
        assert secret not in text
    assert r.episodes[0].home_district == "SW1A"
    assert r.children is not None
    assert r.children[1].month_of_birth == YearMonth(2008, 6)


def test_a_file_without_header_row_does_not_echo_its_first_row() -> None:
    header = b"0001,1,17/06/2008,WBRI,,,\n0002,2,01/01/2009,WBRI,,,\n"
    episodes = episodes_csv("0001,01/04/2017,S,C2,N1,U4,PR1,,,,SW1A 2AA,,", head="")[1:]
    r = read_ssda903(episodes, header, collection_year=Y2017)
    text = " ".join(str(f) for f in r.findings)
    for secret in ("17/06/2008", "SW1A", "2AA"):
        assert secret not in text
    assert r.episodes == ()
    assert "missing-column" in {f.code for f in r.findings}


def test_values_are_echoed_only_in_the_shape_of_their_column() -> None:
    # a misaligned row puts a postcode into PLACE and a date of birth into SEX
    header = b"CHILD,SEX,DOB\n0001,17/06/2008,\n"
    episodes = episodes_csv("0001,01/04/2017,S,C2,N1,SW1A 2AA,PR1,,,,,,")
    r = read_ssda903(episodes, header, collection_year=Y2017)
    text = " ".join(str(f) for f in r.findings)
    assert "17/06/2008" not in text
    assert "2AA" not in text
    assert "PLACE (value not shown) is not a valid code" in text
    bad = read_ssda903(episodes_csv("0002,01/13/2017,S,C2,N1,ZZ,PR1,,,,,,"), collection_year=Y2017)
    assert "DECOM '01/13/2017'" in str(bad.findings[0])


def test_columns_in_another_order_are_read_by_name() -> None:
    head = "REC,DEC,PLACE,LS,RNE,DECOM,CHILD"
    rows = ("X1,01/06/2017,U4,C2,S,01/04/2017,0001", "E4A,01/07/2017,U5,C2,P,01/06/2017,0001")
    r = read_ssda903(episodes_csv(*rows, head=head), collection_year=Y2017)
    assert [(str(e.period), e.place) for e in r.episodes] == [
        ("[2017-04-01, 2017-06-01)", "U4"),
        ("[2017-06-01, 2017-07-01)", "U5"),
    ]
    # the optional columns that are absent are each reported once
    assert count_by_code(r.findings) == {"missing-column": 6}


def test_missing_required_column_uses_no_row() -> None:
    r = read_ssda903(
        episodes_csv("0001,S,C2,U4,,", head="CHILD,RNE,LS,PLACE,DEC,REC"),
        collection_year=Y2017,
    )
    assert r.episodes == ()
    errors = [f for f in r.findings if f.severity is Severity.ERROR]
    assert codes_at(errors) == [("missing-column", "episodes.csv row 1 column DECOM")]


@pytest.mark.parametrize("content", [b"", b"\n\n", b"   \r\n", b",,,\n"])
def test_blank_file_is_a_finding(content: bytes) -> None:
    r = read_ssda903(content, collection_year=Y2017)
    assert r.episodes == ()
    assert count_by_code(r.findings) == {"blank-file": 1}


def test_header_only_file_reads_nothing_without_findings() -> None:
    r = read_ssda903(episodes_csv(), collection_year=Y2017)
    assert (r.episodes, r.findings) == ((), ())


def test_wrong_encoding_is_reported_and_read() -> None:
    # "é" in Windows-1252 is the single byte 0xE9, not valid UTF-8; on data row 2 (file row 3)
    data = episodes_csv("0001,01/04/2017,S,C2,N1,U4,PR1,,,,,,").replace(b"\n", b"\n", 1)
    data += "0002,01/04/2017,S,C2,N1,U4,PR1,,,OTHER,,,caf\u00e9\n".encode("cp1252")
    r = read_ssda903(data, collection_year=Y2017)
    assert codes_at(r.findings)[0] == ("not-utf8", "episodes.csv row 3")
    assert [e.child for e in r.episodes] == ["0001", "0002"]


def test_utf8_bom_and_utf16_are_read() -> None:
    text = f"{HEAD}\n0001,01/04/2017,S,C2,N1,U4,PR1,,,,,,\n"
    for data in (b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        r = read_ssda903(data, collection_year=Y2017)
        assert [e.child for e in r.episodes] == ["0001"]
        assert r.findings == ()


def test_every_row_is_checked_against_the_collection_years_lists() -> None:
    # decision 0504: the collection year's lists, not the year the episode began
    rows = [
        "0001,01/04/2020,S,C2,N1,K3,PR4,,,,,,",  # an H5 placement begun in 2020, recoded K3
        "0002,01/04/2021,S,C2,N1,H5,PR4,,,,,,",  # H5 begun in 2021, not recoded
        "0003,01/04/2020,S,C2,N1,Z12,PR4,,,,,,",  # a Z1 placement recoded Z12
        "0004,01/04/2020,S,C2,N1,Z1,,,,,,,",  # Z1 not recoded
    ]
    r24 = read_ssda903(episodes_csv(*rows[:2]), collection_year=FinancialYear(2024))
    assert r24.findings == ()
    r23 = read_ssda903(episodes_csv(*rows[:2]), collection_year=FinancialYear(2023))
    assert [(f.severity.value, f.message, f.location) for f in r23.findings] == [
        ("warning", "PLACE 'K3' is not a valid code in 2023/24; kept as written and the row used",
         "episodes.csv row 2 column PLACE"),
    ]  # fmt: skip
    r25 = read_ssda903(episodes_csv(*rows), collection_year=FinancialYear(2025))
    assert [(f.code, f.message, f.location) for f in r25.findings] == [
        ("unknown-code", "PLACE 'H5' is not a valid code in 2025/26; kept as written and the "
         "row used", "episodes.csv row 3 column PLACE"),
        ("provider-not-allowed", "PLACE_PROVIDER 'PR4' is given for PLACE Z12, which has no "
         "provider in 2025/26; kept as written", "episodes.csv row 4 column PLACE_PROVIDER"),
        ("unknown-code", "PLACE 'Z1' is not a valid code in 2025/26; kept as written and the "
         "row used", "episodes.csv row 5 column PLACE"),
    ]  # fmt: skip
    # no row is lost: each keeps its dates and its code as written
    assert [(e.child, e.place) for e in r25.episodes] == [
        ("0001", "K3"), ("0002", "H5"), ("0003", "Z12"), ("0004", "Z1"),
    ]  # fmt: skip


def test_a_provider_for_a_placement_that_has_none_is_a_warning() -> None:
    rows = [
        "0001,01/04/2023,S,C2,N1,T1,PR1,,,,,,",  # temporary: no provider (rule 213)
        "0002,01/04/2023,S,C2,N1,Z1,pr4,,,,,,",  # Z1: no provider (rule 178)
        "0003,01/04/2023,S,C2,N1,T1,,,,,,,",  # blank: fine
        "0004,01/04/2023,S,C2,N1,U4,PR4,,,,,,",  # fostering: a provider is expected
    ]
    r = read_ssda903(episodes_csv(*rows), collection_year=FinancialYear(2023))
    assert [(f.severity.value, f.code, f.message, f.location) for f in r.findings] == [
        ("warning", "provider-not-allowed", "PLACE_PROVIDER 'PR1' is given for PLACE T1, "
         "which has no provider in 2023/24; kept as written",
         "episodes.csv row 2 column PLACE_PROVIDER"),
        ("warning", "provider-not-allowed", "PLACE_PROVIDER 'PR4' is given for PLACE Z1, "
         "which has no provider in 2023/24; kept as written",
         "episodes.csv row 3 column PLACE_PROVIDER"),
    ]  # fmt: skip
    assert len(r.episodes) == 4


def test_a_year_past_the_published_lists_is_read_with_the_latest_and_said_so() -> None:
    r = read_ssda903(
        episodes_csv("0001,01/04/2027,S,C2,N1,Z11,,,,,,,"), collection_year=FinancialYear(2027)
    )
    assert [(f.severity.value, f.code, f.message, f.location) for f in r.findings] == [
        ("warning", "code-lists-assumed", "the code lists of 2027/28 are not known to slcp; "
         "those of 2026/27, the latest, were used", "episodes.csv"),
    ]  # fmt: skip
    assert [e.place for e in r.episodes] == ["Z11"]
    assert r.flagged_children == frozenset()


def test_header_sex_codes_change_in_2024_25() -> None:
    header = b"CHILD,SEX,DOB\n0001,1,01/01/2010\n0002,M,01/01/2010\n0003,u,01/01/2010\n"
    messages = {
        year: [(f.message, f.location) for f in read_ssda903(
            episodes_csv(), header, collection_year=FinancialYear(year)).findings
            if f.code == "unknown-code"]
        for year in (2023, 2024)
    }  # fmt: skip
    assert messages[2023] == [
        ("SEX 'M' is not 1 or 2, the codes of 2023/24; ignored", "header.csv row 3 column SEX"),
        ("SEX 'u' is not 1 or 2, the codes of 2023/24; ignored", "header.csv row 4 column SEX"),
    ]
    assert messages[2024] == [
        ("SEX '1' is not F, M or U, the codes of 2024/25; ignored", "header.csv row 2 column SEX"),
    ]


def test_place_code_lists() -> None:
    assert "K3" not in place_codes(FinancialYear(2023))
    assert {"K3", "H5", "P2", "Z1"} <= place_codes(FinancialYear(2024))
    assert not {"H5", "P2", "Z1"} & place_codes(FinancialYear(2025))
    assert {"Z11", "Z12", "Z13", "Z14", "K3"} <= place_codes(FinancialYear(2025))


def test_zero_day_episode_then_another_the_same_day_is_contiguous() -> None:
    r = read_ssda903(
        episodes_csv(
            "0001,01/04/2017,P,C2,N1,U4,PR1,,,,,,",
            "0001,01/04/2017,S,C2,N1,T0,,01/04/2017,X1,,,,",
        ),
        collection_year=Y2017,
    )
    assert r.findings == ()
    assert [e.place for e in r.episodes] == ["T0", "U4"]


def test_two_episodes_starting_the_same_day_keep_the_first_row() -> None:
    r = read_ssda903(
        episodes_csv(
            "0001,01/04/2017,S,C2,N1,U4,PR1,,,,,,",
            "0001,01/04/2017,S,C2,N1,U5,PR1,,,,,,",
        ),
        collection_year=Y2017,
    )
    assert codes_at(r.findings) == [("duplicate-episode-start", "episodes.csv row 3 column DECOM")]
    assert [e.place for e in r.episodes] == ["U4"]


def test_end_date_without_reason_is_a_warning() -> None:
    r = read_ssda903(
        episodes_csv(
            "0001,01/04/2017,S,C2,N1,U4,PR1,01/05/2017,,,,,",
            "0001,01/05/2017,P,C2,N1,U5,PR1,,,,,,",
        ),
        collection_year=Y2017,
    )
    assert codes_at(r.findings) == [("end-date-without-reason", "episodes.csv row 2 column REC")]
    assert len(r.episodes) == 2


def test_episode_after_collection_year_is_noted() -> None:
    r = read_ssda903(episodes_csv("0001,01/04/2018,S,C2,N1,U4,PR1,,,,,,"), collection_year=Y2017)
    assert codes_at(r.findings) == [("after-collection-year", "episodes.csv row 2 column DECOM")]


def test_borough_is_set_on_every_episode() -> None:
    r = read_ssda903(
        episodes_csv("0001,01/04/2017,S,C2,N1,U4,PR1,,,,,,"),
        collection_year=Y2017,
        borough="E09000008",  # type: ignore[arg-type]
    )
    assert r.episodes[0].borough == "E09000008"


def test_unreadable_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as e:
        load_ssda903(tmp_path / "missing.csv", collection_year=Y2017)
    assert "missing.csv" in str(e.value)
    with pytest.raises(LoadError):
        load_ssda903(tmp_path, collection_year=Y2017)


@pytest.mark.parametrize(
    ("place", "provider", "kind"),
    [
        ("U4", "PR4", ServiceKind.INDEPENDENT_FOSTERING),
        ("U6", "PR5", ServiceKind.INDEPENDENT_FOSTERING),
        ("U5", "PR1", ServiceKind.IN_HOUSE_FOSTERING),
        ("U5", "PR2", ServiceKind.IN_HOUSE_FOSTERING),
        ("U5", "PR3", ServiceKind.OTHER),
        ("U1", "PR1", ServiceKind.KINSHIP_FOSTERING),
        ("U3", "PR4", ServiceKind.KINSHIP_FOSTERING),
        ("K2", "PR4", ServiceKind.CHILDRENS_HOME),
        ("R1", "PR5", ServiceKind.CHILDRENS_HOME),
        ("K2", "PR1", ServiceKind.OTHER),
        ("K3", "PR4", ServiceKind.SUPPORTED_ACCOMMODATION),
        ("H5", "PR1", ServiceKind.SUPPORTED_ACCOMMODATION),
        ("K1", "PR2", ServiceKind.SECURE_CHILDRENS_HOME),
        ("R3", "PR4", ServiceKind.PARENT_AND_CHILD),
        ("P1", "PR0", ServiceKind.OTHER),
        ("A4", "PR1", ServiceKind.OTHER),
        ("T1", None, ServiceKind.OTHER),
    ],
)
def test_service_kind_mapping(place: str, provider: str | None, kind: ServiceKind) -> None:
    assert service_kind_of(place, provider) is kind


_CODES = {
    "RNE": ["S", "L", "P", "T", "U", "B"],
    "LS": ["C1", "C2", "V3", "J1"],
    "PLACE": ["U1", "U4", "K2", "T0", "H5"],
    "PLACE_PROVIDER": ["PR1", "PR4", ""],
}


@st.composite
def episode_tables(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    """Valid, contiguous episodes for a few children, and a column order."""
    rows: list[dict[str, str]] = []
    for c in range(draw(st.integers(1, 4))):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=draw(st.integers(0, 600)))
        n = draw(st.integers(1, 4))
        for i in range(n):
            last = i == n - 1
            end = None if last else day + dt.timedelta(days=draw(st.integers(1, 100)))
            rows.append(
                {
                    "CHILD": f"0{c}",
                    "DECOM": f"{day:%d/%m/%Y}",
                    "RNE": "S" if i == 0 else draw(st.sampled_from(_CODES["RNE"][1:])),
                    "LS": draw(st.sampled_from(_CODES["LS"])),
                    "PLACE": (place := draw(st.sampled_from(_CODES["PLACE"]))),
                    # a temporary placement has no provider (validator rule 213)
                    "PLACE_PROVIDER": ""
                    if place.startswith("T")
                    else draw(st.sampled_from(_CODES["PLACE_PROVIDER"])),
                    "DEC": "" if end is None else f"{end:%d/%m/%Y}",
                    "REC": "" if end is None else "X1",
                    "PL_POST": draw(st.sampled_from(["", "CR0 1AA", "se15 2ab"])),
                }
            )
            if end is not None:
                day = end
    columns = draw(st.permutations(list(rows[0])))
    return rows, columns


@settings(max_examples=40)
@given(episode_tables())
def test_valid_rows_read_back_exactly_in_any_column_order(
    table: tuple[list[dict[str, str]], list[str]],
) -> None:
    rows, columns = table
    text = ",".join(columns) + "\n" + "\n".join(",".join(r[c] for c in columns) for r in rows)
    r = read_ssda903(text.encode(), collection_year=FinancialYear(2017))
    # only the absent optional columns are reported
    assert {f.code for f in r.findings} == {"missing-column"}
    assert len(r.episodes) == len(rows)
    by_key = {(str(e.child), f"{e.start:%d/%m/%Y}"): e for e in r.episodes}
    for row in rows:
        e = by_key[(row["CHILD"], row["DECOM"])]
        assert e.place == row["PLACE"]
        assert e.reason_new_episode == row["RNE"]
        assert e.place_provider == (row["PLACE_PROVIDER"] or None)
        assert (f"{e.period.end:%d/%m/%Y}" if e.period.end else "") == row["DEC"]
        assert e.placement_district == (row["PL_POST"].split(" ")[0].upper() or None)
