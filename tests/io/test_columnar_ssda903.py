"""The columnar SSDA903 reader against the record reader: same findings, same rows.

:func:`read_ssda903_columns` must give exactly what :func:`read_ssda903` gives — every finding
(severity, code, message, subject, location) in the same order, the same episodes (after
duplicates and overlaps are resolved) and the same children — on the shared messy extract, the
hand-built tables, generated returns with every kind of problem the reader reports, and random
bytes. Generated returns are written clean (pyarrow tokenises them) or with quotes, CRLF, blank
lines and ragged rows (the csv module does), so both tokenisers are held to the record reader.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slcp.io.columnar_ssda903 import (
    ColumnarSsda903Return,
    load_ssda903_columns,
    read_ssda903_columns,
)
from slcp.io.limits import DEFAULT_LIMITS, Limits
from slcp.io.ssda903 import EPISODE_COLUMNS, HEADER_COLUMNS, Ssda903Return, read_ssda903
from slcp.outcomes.columnar_stability import ColumnarMeasure, measure_stability_columns
from slcp.outcomes.stability import UnavailableMeasure, measure_stability
from slcp.periods import FinancialYear

DATA = Path(__file__).parent.parent / "data" / "ssda903"
SHARED = Path("/work/shared/data/ssda903")
YEAR = FinancialYear(2017)
# rows of the extract whose PLACE is T0-T4 or Z1 with a PLACE_PROVIDER given (counted with
# the csv module: 1,105 of the 5,050), each a provider-not-allowed warning
PROVIDER_NOT_ALLOWED = 1105
DIFF = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_same(a: Ssda903Return, b: ColumnarSsda903Return) -> None:
    assert list(b.findings) == list(a.findings)
    assert b.to_episodes() == a.episodes
    assert b.to_children() == a.children
    assert b.collection_year == a.collection_year
    assert b.flagged_children == a.flagged_children
    assert b.finding_counts == a.finding_counts
    assert b.severity_counts == a.severity_counts


def both(
    episodes: bytes,
    header: bytes | None = None,
    year: FinancialYear = YEAR,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Ssda903Return, ColumnarSsda903Return]:
    a = read_ssda903(episodes, header, collection_year=year, limits=limits)
    b = read_ssda903_columns(episodes, header, collection_year=year, limits=limits)
    return a, b


@pytest.mark.parametrize(
    ("episodes", "header"),
    [
        ("full_extract_episodes.csv", "full_extract_header.csv"),
        ("extract_episodes.csv", "extract_header.csv"),
        ("episodes_messy.csv", "header_messy.csv"),
        ("episodes_rules.csv", "header_rules.csv"),
        ("episodes_rules.csv", None),
    ],
)
def test_the_test_tables_read_the_same(episodes: str, header: str | None) -> None:
    a, b = both(
        (DATA / episodes).read_bytes(), None if header is None else (DATA / header).read_bytes()
    )
    assert_same(a, b)


def test_the_shared_extract_reads_the_same_with_its_findings() -> None:
    a, b = both((DATA / "full_extract_episodes.csv").read_bytes(),
                (DATA / "full_extract_header.csv").read_bytes())  # fmt: skip
    assert_same(a, b)
    # messy on purpose: every one of the 5,050 rows is used, with findings of four kinds,
    # counted in full though at most 100 of each are listed (Limits.max_findings_per_code)
    assert len(b.episodes) == 5050
    assert b.finding_counts == {
        "ceased-without-end-date": 1413,
        "non-contiguous-episodes": 8,
        "overlapping-episodes": 72,
        "provider-not-allowed": PROVIDER_NOT_ALLOWED,
    }
    assert [f.message for f in b.findings if f.subject_id == "summary"] == [
        "1,313 more finding(s) of this kind were not listed, the first at the location shown "
        "(Limits.max_findings_per_code)",
        f"{PROVIDER_NOT_ALLOWED - 100:,} more finding(s) of this kind were not listed, the "
        "first at the location shown (Limits.max_findings_per_code)",
    ]


@pytest.mark.skipif(not SHARED.exists(), reason="the shared extract is not on this machine")
def test_the_shared_directory_copy_loads_the_same() -> None:
    b = load_ssda903_columns(SHARED / "episodes.csv", SHARED / "header.csv", collection_year=YEAR)
    a, _ = both((SHARED / "episodes.csv").read_bytes(), (SHARED / "header.csv").read_bytes())
    assert b.findings == a.findings
    assert b.to_episodes() == a.episodes


def test_clean_files_take_the_pyarrow_path_and_messy_ones_the_csv_module() -> None:
    from slcp.io import columnar_ssda903 as c

    def fast(data: bytes) -> bool:
        t = c._fast_table(data, name="e.csv", columns=EPISODE_COLUMNS,
                          required=c._EPISODES_REQUIRED, found=c._Findings(), phase=2)  # fmt: skip
        return t is not None

    assert fast((DATA / "full_extract_episodes.csv").read_bytes())
    assert fast((DATA / "episodes_rules.csv").read_bytes().replace(b"\n", b"\r\n"))
    assert not fast((DATA / "episodes_messy.csv").read_bytes())  # a ragged row
    assert not fast(b'CHILD,DECOM\n"1",01/04/2017\n')  # quotes
    assert not fast(b"CHILD,DECOM\n\n1,01/04/2017\n")  # a blank line shifts row numbers


def test_child_ids_stay_strings() -> None:
    text = (
        b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n0123,01/04/2017,S,C2,U4,,\n1.0,01/04/2017,S,C2,U4,,\n"
    )
    _, b = both(text)
    assert b.episodes.child_refs == ("0123", "1.0")


# --- generated returns ----------------------------------------------------------------------

_CHILDREN = ["0001", "0002", "0003", "01", "1", "1.0", "A-7", "", " 0001 ", "Jane Smith", "x" * 65]
_DATES = [
    "01/04/2016", "31/03/2017", "1/4/2017", "01/04/2017", "15/06/2017", "31/03/2018",
    "01/04/2018", "02/04/2018", "29/02/2016", "29/02/2017", "01/01/1900", "", "2017-04-01",
    "31/12/2199", " 01/04/2017", "01/10/2024", "01/05/2025",
]  # fmt: skip
_RNE = ["S", "L", "P", "T", "B", "U", "s", "", "X", "SS"]
_LS = ["C2", "C1", "V3", "V4", "c2", "", "Z9"]
_PLACE = [
    "U4", "U5", "K2", "T1", "T3", "A3", "A4", "A6", "K3", "H5", "Z1", "Z11", "u4", "", "Q9",
    "P2", "Z12", "Z14", "k3", "z13",
]  # fmt: skip
# the DfE's carried-over recodes: what a placement before a temporary one may come back as
_RECODE = {"H5": ["K3", "H5"], "Z1": ["Z11", "Z12", "Z14", "Z1"], "K3": ["H5"], "Z11": ["Z1"]}
_PROVIDER = ["PR1", "PR4", "", "pr5", "PR9"]
_REC = ["X1", "E4A", "E11", "", "e3", "E99", "Q"]
_CIN = ["N1", "", "n4", "N9"]
_RPC = ["CARPL", "", "carpl", "NOPE"]
_POST = ["CR0 1AB", "SE15", "cr0", "", "NOT A POSTCODE", "SW1A 2AA", "CR0 1"]
_URN = ["SC123456", "", "12345678901234567", "AB-1"]
_DOB = ["01/04/2005", "15/03/2002", "", "31/02/2010", "1/1/2010", "01/01/1800"]
_SEX = ["1", "2", "", "M", "3", "F", "U", "m"]


@st.composite
def episode_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """Rows of an Episodes table: valid mostly, every kind of problem sometimes.

    Rows are drawn per child as consecutive episodes (so periods of care, overlaps and
    duplicates arise), then values are spoiled at random.
    """
    rows: list[dict[str, str]] = []
    for child in draw(st.lists(st.sampled_from(_CHILDREN[:7]), min_size=1, max_size=5)):
        n = draw(st.integers(1, 5))
        day = draw(st.integers(0, 800))
        for i in range(n):
            length = draw(st.sampled_from([0, 1, 30, 200, 400]))
            start = 736420 + day  # 2017-04-01 is 736420
            end = start + length
            last = i == n - 1
            open_end = last and draw(st.booleans())
            from datetime import date

            row = {
                "CHILD": child,
                "DECOM": f"{date.fromordinal(start):%d/%m/%Y}",
                "RNE": "S" if i == 0 else draw(st.sampled_from(["L", "P", "T", "B", "U"])),
                "LS": draw(st.sampled_from(["C2", "C2", "V3"])),
                "CIN": "N1",
                "PLACE": draw(st.sampled_from(["U4", "U5", "K2", "T1", "A4", "H5", "Z1", "Z11"])),
                "PLACE_PROVIDER": draw(st.sampled_from(["PR1", "PR1", ""])),
                "DEC": "" if open_end else f"{date.fromordinal(end):%d/%m/%Y}",
                "REC": "" if open_end else draw(st.sampled_from(["X1", "X1", "E4A"])),
                "REASON_PLACE_CHANGE": "",
                "HOME_POST": "CR0 1AB",
                "PL_POST": draw(st.sampled_from(["CR0 1AB", "SE15 2AA"])),
                "URN": "SC123456",
            }
            # back from a temporary placement to the one before it, perhaps recoded (rule 3)
            back = i >= 2 and rows[-1]["PLACE"] == "T1" and rows[-2]["PLACE"] in _RECODE
            if back and draw(st.booleans()):
                row["PLACE"] = draw(st.sampled_from(_RECODE[rows[-2]["PLACE"]]))
                row["PL_POST"] = rows[-2]["PL_POST"]
            rows.append(row)
            day += length + draw(st.sampled_from([0, 0, 0, 3, -10]))
    pools = {
        "CHILD": _CHILDREN, "DECOM": _DATES, "RNE": _RNE, "LS": _LS, "CIN": _CIN,
        "PLACE": _PLACE, "PLACE_PROVIDER": _PROVIDER, "DEC": _DATES, "REC": _REC,
        "REASON_PLACE_CHANGE": _RPC, "HOME_POST": _POST, "PL_POST": _POST, "URN": _URN,
    }  # fmt: skip
    for _ in range(draw(st.integers(0, 8))):
        row = rows[draw(st.integers(0, len(rows) - 1))]
        column = draw(st.sampled_from(EPISODE_COLUMNS))
        row[column] = draw(st.sampled_from(pools[column]))
    for _ in range(draw(st.integers(0, 2))):  # exact and near duplicates
        copy = dict(rows[draw(st.integers(0, len(rows) - 1))])
        if draw(st.booleans()):
            copy["PLACE"] = draw(st.sampled_from(["U4", "K2"]))
        rows.append(copy)
    rnd = draw(st.randoms(use_true_random=False))
    if draw(st.booleans()):
        rnd.shuffle(rows)
    return rows


@st.composite
def header_rows(draw: st.DrawFn, children: list[str]) -> list[dict[str, str]]:
    refs = draw(st.lists(st.sampled_from([*children, "9999", ""]), max_size=8))
    return [
        {"CHILD": r, "SEX": draw(st.sampled_from(_SEX)), "DOB": draw(st.sampled_from(_DOB)),
         "ETHNIC": "WBRI", "UPN": "", "MOTHER": "", "MC_DOB": ""}
        for r in refs
    ]  # fmt: skip


@st.composite
def layouts(draw: st.DrawFn, columns: tuple[str, ...]) -> dict[str, object]:
    """How a table is written: column order, dropped or extra columns, and CSV quirks."""
    order = list(columns)
    rnd = draw(st.randoms(use_true_random=False))
    if draw(st.booleans()):
        rnd.shuffle(order)
    drop = draw(st.sets(st.sampled_from(columns), max_size=2)) if draw(st.booleans()) else set()
    return {
        "order": [c for c in order if c not in drop],
        "extra": draw(st.sampled_from([None, "NOTES", "CHILD", "not a name"])),
        "newline": draw(st.sampled_from(["\n", "\n", "\r\n"])),
        "quote": draw(st.booleans()) and draw(st.booleans()),
        "blank_line": draw(st.booleans()) and draw(st.booleans()),
        "ragged": draw(st.booleans()) and draw(st.booleans()),
        "lower_header": draw(st.booleans()) and draw(st.booleans()),
        "bom": draw(st.booleans()) and draw(st.booleans()),
    }


def write(rows: list[dict[str, str]], layout: dict[str, object]) -> bytes:
    order = layout["order"]
    assert isinstance(order, list)
    extra = layout["extra"]
    nl = str(layout["newline"])
    head = [c.lower() if layout["lower_header"] else c for c in order]
    if extra is not None:
        head.append(str(extra))

    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if layout["quote"] else v

    lines = [",".join(head)]
    for i, r in enumerate(rows):
        cells = [cell(r[c]) for c in order]
        if extra is not None:
            cells.append("x")
        if layout["ragged"] and i == 0:
            cells.append("spare")
        lines.append(",".join(cells))
        if layout["blank_line"] and i == 0:
            lines.append(",,")
            lines.append("")
    text = nl.join(lines) + nl
    return (b"\xef\xbb\xbf" if layout["bom"] else b"") + text.encode()


@DIFF
@given(
    episode_rows(),
    layouts(EPISODE_COLUMNS),
    st.sampled_from([FinancialYear(y) for y in (2017, 2022, 2023, 2024, 2025, 2026, 2027)]),
    st.data(),
)
def test_generated_returns_read_the_same(
    rows: list[dict[str, str]], layout: dict[str, object], year: FinancialYear, data: st.DataObject
) -> None:
    header: bytes | None = None
    if data.draw(st.booleans()):
        children = sorted({r["CHILD"] for r in rows})
        h_rows = data.draw(header_rows(children))
        header = write(h_rows, data.draw(layouts(HEADER_COLUMNS)))
    # a low bound on the findings listed per code: the summaries must come out the same
    limits = Limits(max_findings_per_code=data.draw(st.sampled_from([1, 2, 100])))
    a, b = both(write(rows, layout), header, year, limits)
    assert_same(a, b)
    # and end to end: the columnar engine on the columns gives the record path's measures
    ref = measure_stability(a.episodes, a.children, year=year).partnership
    col = measure_stability_columns(
        b.episodes, b.birth_months_by_child(), year=year, any_month_known=b.any_month_known
    )
    for x, y in ((ref.short_term, col.short_term), (ref.two_year, col.two_year),
                 (ref.naive_episodes, col.naive_episodes)):  # fmt: skip
        assert y.child_counts() == x.children
    if isinstance(ref.long_term, UnavailableMeasure):
        assert col.long_term == ref.long_term
    else:
        assert isinstance(col.long_term, ColumnarMeasure)
        assert col.long_term.child_counts() == ref.long_term.children


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=600))
@example(b"\x00\x00\x00")
@example(b"\xff\xfe\x00")
@example(b'"')
@example(b'CHILD,DECOM\n"unterminated')
@example(b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n1,01/01/0001,S,C2,U4,31/12/9999,X1\n")
def test_random_bytes_give_the_same_findings(data: bytes) -> None:
    assert_same(*both(data, data))
    assert_same(*both(data, data, limits=Limits(max_findings_per_code=1)))


EPISODES = (DATA / "episodes_messy.csv").read_bytes() + (DATA / "episodes_rules.csv").read_bytes()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(EPISODES)), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_truncated_and_reencoded_files_give_the_same_findings(cut: int, encoding: str) -> None:
    text = (
        EPISODES[:cut].decode("utf-8", errors="ignore")
        + "0300,01/04/2017,S,C2,N1,U4,PR1,,,,,,caf\u00e9\n"
    )
    assert_same(*both(text.encode(encoding, errors="replace")))


def test_malformed_rows_past_the_reporting_limit_are_dropped_the_same_way() -> None:
    big = "9" * 200_000
    lines = [",".join(EPISODE_COLUMNS)]
    lines += [f"{big},01/04/2017"] * 25 + ["0001,01/04/2017,S,C2,N1,U4,PR1,,,,,,"]
    assert_same(*both(("\n".join(lines) + "\n").encode()))


@settings(max_examples=20, deadline=None)
@given(st.sets(st.sampled_from(EPISODE_COLUMNS)), st.randoms(use_true_random=False))
def test_missing_and_shuffled_columns_read_the_same(drop: set[str], rnd: random.Random) -> None:
    lines = (DATA / "full_extract_episodes.csv").read_text().splitlines()[:300]
    head = lines[0].split(",")
    keep = [i for i, c in enumerate(head) if c not in drop]
    rnd.shuffle(keep)
    out = "\n".join(",".join(line.split(",")[i] for i in keep) for line in lines) + "\n"
    assert_same(*both(out.encode()))


@pytest.mark.parametrize(
    "data",
    [
        # a row of blank fields (tabs and spaces) is skipped without a finding
        b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n0001,01/04/2017,S,C2,U4,,\n , , ,\t, , ,\n"
        b"0002,01/04/2017,S,C2,U4,,\n",
        # padding str.strip removes: spaces, a no-break space, an information separator
        b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n 0001 ,\xc2\xa001/04/2017,s ,C2,u4,,\n"
        b"\x1c0002,01/04/2017,S,C2,U4,,\n",
        # only a blank row; two byte-order marks (one decoded, one stripped from the name)
        b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n,,,,,,\n",
        b"\xef\xbb\xbf\xef\xbb\xbfCHILD,DECOM,RNE,LS,PLACE,DEC,REC\n1,01/04/2017,S,C2,U4,,",
    ],
)
def test_whitespace_and_byte_order_marks_on_the_pyarrow_path(data: bytes) -> None:
    from slcp.io import columnar_ssda903 as c

    table = c._fast_table(data, name="episodes.csv", columns=EPISODE_COLUMNS,
                          required=c._EPISODES_REQUIRED, found=c._Findings(), phase=2)  # fmt: skip
    assert table is not None
    assert_same(*both(data))


@pytest.mark.parametrize("limit", [1, 3, 100])
def test_the_shared_extract_lists_and_summarises_the_same_findings(limit: int) -> None:
    a, b = both((DATA / "full_extract_episodes.csv").read_bytes(),
                (DATA / "full_extract_header.csv").read_bytes(),
                limits=Limits(max_findings_per_code=limit))  # fmt: skip
    assert_same(a, b)
    # four codes, each listed up to the bound and then one summary finding when there are
    # more: at 100, 101 + 72 + 8 + 101 = 282
    counts = [1413, 72, 8, PROVIDER_NOT_ALLOWED]
    assert len(b.findings) == sum(min(n, limit) + (n > limit) for n in counts)
    assert sum(b.finding_counts.values()) == 1413 + 72 + 8 + PROVIDER_NOT_ALLOWED
