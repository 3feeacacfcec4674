"""Nothing silently lost: unknown codes, the DfE's recodes and malformed rows, both readers.

A row whose code is outside the collection year's list keeps its dates and its place in
the measures (decision record 0504); a placement recoded as the DfE allows (H5 to K3 in
2024/25, Z1 to Z11-Z14 in 2025/26) reads with no finding and leaves the measures as they
were; every dropped row is a finding and reading never stops early.
"""

from __future__ import annotations

import csv
import io
import runpy
from pathlib import Path

import pytest

from slcp.findings import Severity
from slcp.io.columnar_ssda903 import read_ssda903_columns
from slcp.io.ssda903 import EPISODE_COLUMNS, read_ssda903
from slcp.outcomes.columnar_stability import ColumnarMeasure, measure_stability_columns
from slcp.outcomes.stability import measure_stability
from slcp.periods import FinancialYear

ROOT = Path(__file__).parent.parent.parent
Y2023, Y2024, Y2025 = FinancialYear(2023), FinancialYear(2024), FinancialYear(2025)


def figures(
    episodes: bytes, header: bytes | None, *, collection: FinancialYear, year: FinancialYear
) -> tuple[tuple[int, int], ...]:
    """(numerator, denominator) of short term, two year and long term, by both paths."""
    a = read_ssda903(episodes, header, collection_year=collection)
    b = read_ssda903_columns(episodes, header, collection_year=collection)
    assert b.findings == a.findings
    ref = measure_stability(a.episodes, a.children, year=year).partnership
    col = measure_stability_columns(
        b.episodes, b.birth_months_by_child(), year=year, any_month_known=b.any_month_known
    )
    out = []
    for x, y in ((ref.short_term, col.short_term), (ref.two_year, col.two_year),
                 (ref.long_term, col.long_term)):  # fmt: skip
        assert isinstance(y, ColumnarMeasure)
        assert y.child_counts() == x.children  # type: ignore[union-attr]
        out.append((y.numerator, y.denominator))
    return tuple(out)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    generate = runpy.run_path(str(ROOT / "benchmarks" / "generate_national_903.py"))["generate"]
    episodes, header = generate(tmp_path_factory.mktemp("national"), episodes=3000)
    return episodes.read_bytes(), header.read_bytes()


# the generated return's measures for the year ending 31 March 2024, as docs/ssda903.md
# prints them for the same 3,000 episodes: 30 of 485, 58 of 377, 145 of 185
CLEAN = ((30, 485), (58, 377), (145, 185))


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def written(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=EPISODE_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue().encode()


def test_the_clean_return_gives_the_documented_figures(national: tuple[bytes, bytes]) -> None:
    assert figures(*national, collection=Y2023, year=Y2023) == CLEAN


def test_unknown_place_codes_keep_the_clean_measures(national: tuple[bytes, bytes]) -> None:
    episodes, header = national
    rows = rows_of(episodes)
    # children with a temporary or an adoptive placement are left alone: there PLACE itself
    # decides the measure (rules 3 and 5); of the other 1,801 rows, every 12th gets a code
    # no year has: 151 of the 3,004 rows (5.0%), of 150 children
    special = {r["CHILD"] for r in rows if r["PLACE"][0] in "TA"}
    spoiled = [i for i, r in enumerate(rows) if r["CHILD"] not in special][::12]
    for i in spoiled:
        rows[i]["PLACE"] = "Q9"
    assert len(spoiled) == 151
    data = written(rows)
    # the same figures as the clean file: no row dropped, no period of care split
    assert figures(data, header, collection=Y2023, year=Y2023) == CLEAN
    r = read_ssda903(data, header, collection_year=Y2023)
    assert len(r.episodes) == 3004
    assert r.finding_counts == {"unknown-code": 151}
    assert r.severity_counts == {"error": 0, "warning": 151, "info": 0}
    # at most 100 listed, the rest counted in one summary finding
    assert [f.location for f in r.findings[:2]] == [
        f"episodes.csv row {spoiled[0] + 2} column PLACE",
        f"episodes.csv row {spoiled[1] + 2} column PLACE",
    ]
    assert r.findings[-1].message.startswith("51 more finding(s) of this kind were not listed")
    assert len(r.flagged_children) == 150


def test_a_2024_25_return_with_open_h5_placements_recoded_k3(
    national: tuple[bytes, bytes],
) -> None:
    episodes, header = national
    rows = rows_of(episodes)
    recoded = [r for r in rows if r["PLACE"] == "H5" and not r["DEC"]]
    for r in recoded:
        r["PLACE"] = "K3"  # the DfE's carried-over recode for an open H5 placement
    assert len(recoded) == 24
    data = written(rows)
    a = read_ssda903(data, header, collection_year=Y2024)
    # Header SEX is 1/2 in this generated return: 2024/25 wants M/F/U, so only SEX is flagged
    assert set(a.finding_counts) == {"unknown-code"}
    assert all(f.location.endswith("column SEX") for f in a.findings if f.subject_id != "summary")
    assert [e.place for e in a.episodes].count("K3") == 24
    assert figures(data, header, collection=Y2024, year=Y2023) == CLEAN


# A hand-built 2025/26 return (census 31 March 2026, the year from 1 April 2025):
# A: Z1 from 1 April 2022, two weeks in T1, back to the same Z1 placement (rule 3);
# B: U4, Z1, K2 all begun in 2025/26: three placements in the year;
# C: U4 from 1 April 2021, Z1 from 1 January 2025.
# Short term: A, B and C looked after on 31 March 2026; B has 3 placements: 1 of 3.
# Two year (care began by 1 April 2024): A (1 placement), C (2): 0 of 2.
# Long term (under 16, care began by 30 September 2023): A, C (B began in 2025); A's carer
# since 1 April 2022 (the temporary placement does not break it): 1 of 2.
Z_RETURN = (
    ",".join(EPISODE_COLUMNS)
    + """
A,01/04/2022,S,C2,N1,{z1},,01/06/2025,X1,,,CR0 1AA,
A,01/06/2025,P,C2,N1,T1,,15/06/2025,X1,OTHER,,SE15 2AB,
A,15/06/2025,P,C2,N1,{z2},,,,OTHER,,CR0 1AA,
B,01/04/2025,S,C2,N1,U4,PR1,01/07/2025,X1,,,CR0 1AA,
B,01/07/2025,P,C2,N1,{z3},,01/10/2025,X1,CARPL,,SE15 2AB,
B,01/10/2025,P,C2,N1,K2,PR4,,,CARPL,,BR1 3CD,
C,01/04/2021,S,C2,N1,U4,PR4,01/01/2025,X1,,,CR0 1AA,
C,01/01/2025,P,C2,N1,{z4},,,,CARPL,,SE15 2AB,
"""
)
Z_HEADER = (
    b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
    b"A,F,01/05/2012,WBRI,,,\nB,M,01/01/2015,WBRI,,,\nC,F,01/03/2011,WBRI,,,\n"
)
Z_FIGURES = ((1, 3), (0, 2), (1, 2))


def test_a_2025_26_return_with_z1_recoded_z11_to_z14() -> None:
    recoded = Z_RETURN.format(z1="Z13", z2="Z13", z3="Z11", z4="Z14").encode()
    assert read_ssda903(recoded, Z_HEADER, collection_year=Y2025).findings == ()
    assert figures(recoded, Z_HEADER, collection=Y2025, year=Y2025) == Z_FIGURES
    # only the open Z1 placement recoded: the closed episode keeps Z1, which 2025/26 rejects
    # (a warning, the row used) and the placement still resumes after T1 (Z1 and Z13 are one
    # placement type, rule 3)
    open_only = Z_RETURN.format(z1="Z1", z2="Z13", z3="Z11", z4="Z14").encode()
    r = read_ssda903(open_only, Z_HEADER, collection_year=Y2025)
    assert [(f.severity, f.code, f.location) for f in r.findings] == [
        (Severity.WARNING, "unknown-code", "episodes.csv row 2 column PLACE"),
    ]
    assert figures(open_only, Z_HEADER, collection=Y2025, year=Y2025) == Z_FIGURES
    # not recoded at all, read as a 2025/26 return: four warnings, the same measures
    original = Z_RETURN.format(z1="Z1", z2="Z1", z3="Z1", z4="Z1").encode()
    r = read_ssda903(original, Z_HEADER, collection_year=Y2025)
    assert r.finding_counts == {"unknown-code": 4}
    assert figures(original, Z_HEADER, collection=Y2025, year=Y2025) == Z_FIGURES
    # Z1 is valid in 2024/25 (read as that year's return, only the later dates are flagged)
    r = read_ssda903(original, Z_HEADER, collection_year=Y2024)
    assert r.finding_counts == {"after-collection-year": 5}


def test_a_temporary_placement_between_h5_and_its_k3_recode_resumes_it() -> None:
    # H5 from 1 April 2022, T0 for May 2024, back to the same district as K3 (an open H5
    # recoded): one placement in 2024/25, not two; a return to K2 would be a new one
    rows = (
        "0001,01/04/2022,S,C2,N1,H5,PR4,01/05/2024,X1,,,CR0 1AA,\n"
        "0001,01/05/2024,P,C2,N1,T0,,01/06/2024,X1,OTHER,,SE15 2AB,\n"
        "0001,01/06/2024,P,C2,N1,{place},PR4,,,OTHER,,CR0 1AA,\n"
    )
    head = ",".join(EPISODE_COLUMNS) + "\n"
    for place, placements in (("K3", 1), ("H5", 1), ("K2", 2)):
        data = (head + rows.format(place=place)).encode()
        a = read_ssda903(data, collection_year=Y2024)
        assert a.findings == ()
        ref = measure_stability(a.episodes, year=Y2024).partnership.short_term
        b = read_ssda903_columns(data, collection_year=Y2024)
        col = measure_stability_columns(b.episodes, year=Y2024).short_term
        assert [c.placements for c in ref.children] == [placements]  # type: ignore[union-attr]
        assert col.child_counts() == ref.children  # type: ignore[union-attr]


def test_malformed_rows_never_stop_the_reading() -> None:
    # 1,500 rows the csv module cannot read (a field over its limit, lowered here to 20
    # characters so the test stays small), then a good row: it is read, and the 1,500 are
    # each counted, 100 listed. The quoted CHILD sends the columnar reader through the csv
    # module too. Reading used to stop after 1,000 malformed rows, losing the good row.
    lines = [",".join(EPISODE_COLUMNS)] + [f"{'9' * 40},01/04/2017"] * 1500
    lines.append('"0001",01/04/2017,S,C2,N1,U4,PR1,,,,,,')
    data = ("\n".join(lines) + "\n").encode()
    old = csv.field_size_limit(20)
    try:
        read = (
            read_ssda903(data, collection_year=FinancialYear(2017)),
            read_ssda903_columns(data, collection_year=FinancialYear(2017)),
        )
    finally:
        csv.field_size_limit(old)
    for r in read:
        assert r.finding_counts == {"malformed-row": 1500}
        assert len(r.findings) == 101
        assert r.findings[-1].message == (
            "1,400 more finding(s) of this kind were not listed, the first at the location "
            "shown (Limits.max_findings_per_code)"
        )
        assert r.findings[-1].location == "episodes.csv row 102"
    assert [(e.child, e.place) for e in read[0].episodes] == [("0001", "U4")]
    assert read[1].to_episodes() == read[0].episodes


def test_reads_are_bounded_by_the_limits(tmp_path: Path) -> None:
    from slcp.errors import LoadError
    from slcp.io.columnar_ssda903 import load_ssda903_columns
    from slcp.io.limits import Limits
    from slcp.io.ssda903 import load_ssda903

    small = tmp_path / "episodes.csv"
    small.write_bytes(b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n0001,01/04/2017,S,C2,U4,,\n")  # 59 bytes
    for load in (load_ssda903, load_ssda903_columns):
        with pytest.raises(LoadError) as e:
            load("/dev/zero", collection_year=FinancialYear(2017))
        assert e.value.messages == (
            "not a regular file (a device, pipe or folder); slcp reads only files @ /dev/zero",
        )
        with pytest.raises(LoadError) as e:
            load(small, collection_year=FinancialYear(2017), limits=Limits(max_file_bytes=58))
        assert e.value.messages == (
            f"the file holds 59 bytes, more than the 58 slcp reads (Limits.max_file_bytes) "
            f"@ {small}",
        )
        loaded = load(small, collection_year=FinancialYear(2017), limits=Limits(max_file_bytes=59))
        assert loaded.finding_counts["missing-column"] == 6
