"""Placements tables read straight into columns: the same placements and the same findings
as the record reader, clean or broken."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from slcp.domain import Programme
from slcp.errors import LoadError
from slcp.io.columnar_tables import PlacementTableColumns, read_placement_columns
from slcp.io.csv_tables import read_placements, write_placement_fees, write_placements
from slcp.pricing.columnar import OPEN_END, FeeColumns, PlacementColumns
from tests.strategies import costed_portfolios

DATA = Path(__file__).parent.parent / "data" / "csv"


def placement_rows(cols: PlacementColumns) -> list[tuple[object, ...]]:
    return [
        (
            cols.ids[i],
            cols.borough.values[cols.borough.codes[i]],
            cols.workstream.values[cols.workstream.codes[i]],
            cols.lot.values[cols.lot.codes[i]],
            cols.provider.values[cols.provider.codes[i]],
            cols.service.values[cols.service.codes[i]],
            int(cols.start_day[i]),
            int(cols.end_day[i]),
            int(cols.method[i]),
            int(cols.weeks_per_year[i]),
        )
        for i in range(len(cols))
    ]


def fee_rows(cols: PlacementColumns, fees: FeeColumns) -> list[tuple[object, ...]]:
    return sorted(
        (cols.ids[int(p)], int(d), int(w))
        for p, d, w in zip(fees.placement, fees.effective_day, fees.weekly_pence, strict=True)
    )


def assert_same_as_record_reader(
    read: PlacementTableColumns, placements: bytes, fees: bytes
) -> None:
    expected = read_placements(placements, fees)
    assert read.findings == expected.findings
    want = PlacementColumns.from_placements(expected.records)
    assert placement_rows(read.placements) == placement_rows(want)
    want_fees = FeeColumns.from_placements(expected.records)
    assert fee_rows(read.placements, read.fees) == fee_rows(want, want_fees)


def tables(prog: Programme) -> tuple[bytes, bytes]:
    return (
        write_placements(prog.placements).encode(),
        write_placement_fees(prog.placements).encode(),
    )


def test_the_example_tables_are_read_into_columns() -> None:
    placements = (DATA / "placements.csv").read_bytes()
    fees = (DATA / "placement_fees.csv").read_bytes()
    read = read_placement_columns(DATA / "placements.csv", DATA / "placement_fees.csv")
    assert read.read_by == "columns"
    assert_same_as_record_reader(read, placements, fees)
    # PL-1 runs 2020-04-01 to 2021-03-31 inclusive: 18353 to 18718 days after 1970-01-01
    # (exclusive end 2021-04-01); PL-2 is open; PL-3 is charged 38 weeks a year.
    rows = placement_rows(read.placements)
    assert [(r[0], r[6], r[7], r[8], r[9]) for r in rows] == [
        ("PL-1", 18353, 18718, 0, 0),
        ("PL-2", 18506, OPEN_END, 0, 0),
        ("PL-3", 18141, OPEN_END, 2, 38),
    ]
    # PL-1's first fee is £4,000 core + £500 1:1 support; PL-3's £1,500 + £600 education
    assert fee_rows(read.placements, read.fees)[0] == ("PL-1", 18353, 450_000)
    assert fee_rows(read.placements, read.fees)[-1] == ("PL-3", 18141, 210_000)


@given(costed_portfolios(max_rounds=0))
def test_clean_tables_are_read_into_the_record_readers_placements(prog: Programme) -> None:
    placements, fees = tables(prog)
    read = read_placement_columns(placements, fees)
    assert read.read_by == "columns"
    assert read.findings == ()
    assert_same_as_record_reader(read, placements, fees)


NASTY = st.sampled_from(
    [
        "",
        " ",
        " PL-000",
        "PL-000",
        "PL-001",
        "2019-02-29",
        "2020-02-29",
        "0000-01-01",
        "2019-1-01",
        "01/04/2019",
        "-1",
        "-0",
        "1.5",
        "1000000000000000",
        "38",
        "53",
        "0",
        "LAC",
        "lac",
        "send",
        "lac ",
        "childrens_home",
        "send_day",
        "framework_call_off",
        "spot",
        "weeks_per_year",
        "whole_weeks",
        "E09000008",
        "E0900000",
        "Jane Smith",
        'ab"c',
        "£",
        "\t",
        "100",
        "CR0",
        "true",
        "agreement",
    ]
)


def mutate(data: bytes, row: int, column: int, text: str) -> bytes:
    records = list(csv.reader(io.StringIO(data.decode(), newline="")))
    r = records[row % len(records)]
    r[column % len(r)] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    return out.getvalue().encode()


@given(
    st.none() | costed_portfolios(max_placements=4, max_rounds=0),  # None: tests/data/csv
    st.booleans(),
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=0, max_value=30),
    NASTY,
)
@example(None, False, 0, 1, "")  # a header cell blanked
@example(None, True, 1, 1, "2020-04-02")  # PL-1 has no fee on its first day
@example(None, False, 1, 13, "101")  # funding shares summing to 201%
def test_broken_tables_give_the_record_readers_findings(
    prog: Programme | None, in_fees: bool, row: int, column: int, text: str
) -> None:
    if prog is None:
        placements = (DATA / "placements.csv").read_bytes()
        fees = (DATA / "placement_fees.csv").read_bytes()
    else:
        placements, fees = tables(prog)
    if in_fees:
        fees = mutate(fees, row, column, text)
    else:
        placements = mutate(placements, row, column, text)
    read = read_placement_columns(placements, fees)
    assert_same_as_record_reader(read, placements, fees)


@pytest.mark.parametrize(
    ("placements", "fees"),
    [
        (b"placement_id\n\xa3\n", b"placement_id\n"),
        (b"placement_id\n", b"\xff\xfeplacement_id"),
        (b"placement_id\n\x00", b"placement_id\n"),
    ],
)
def test_unreadable_bytes_raise_the_record_readers_error(placements: bytes, fees: bytes) -> None:
    with pytest.raises(LoadError) as expected:
        read_placements(placements, fees)
    with pytest.raises(LoadError) as got:
        read_placement_columns(placements, fees)
    assert str(got.value) == str(expected.value)


def test_a_quote_inside_a_cell_is_read_by_the_record_reader() -> None:
    # Arrow would read '"abc"d' as 'abcd'; csv.reader(strict=True) refuses it
    placements = (DATA / "placements.csv").read_bytes().replace(b"C00042", b'"C00042"x')
    fees = (DATA / "placement_fees.csv").read_bytes()
    read = read_placement_columns(placements, fees)
    assert read.read_by == "records"
    assert read.findings[0].code == "malformed-csv"
    assert_same_as_record_reader(read, placements, fees)
