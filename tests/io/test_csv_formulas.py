"""Text cells never open as spreadsheet formulas, and still round-trip exactly.

Every CSV writer goes through the engine's ``format_cell``, which neutralises text cells
(OWASP's rule: a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a ``'``);
every reader of slcp's own files restores them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs
from hypothesis import given
from hypothesis import strategies as st

from slcp.io._csv_engine import CellKind, Column, TableSpec, parse_table, write_table
from slcp.io.csv_tables import read_boroughs, write_boroughs
from slcp.io.pds import read_referrals, write_referrals
from slcp.io.spreadsheet_safety import FORMULA_TRIGGERS

DATA = Path(__file__).parent.parent / "data" / "pds"

NOTES = TableSpec(
    name="notes",
    file_name="notes.csv",
    title="Notes",
    description="One free-text note per row.",
    columns=(Column(name="note", kind=CellKind.TEXT, description="Free text.", required=True),),
)

# Text a reader keeps as it is: non-blank, no surrounding spaces (cells are trimmed), no NUL
# (never CSV text) and no lone surrogates (not UTF-8).
kept_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    min_size=1,
).filter(lambda t: t == t.strip())
formula_text = st.builds(
    lambda first, rest: (first + rest).rstrip() or first,
    st.sampled_from(sorted(FORMULA_TRIGGERS | {"'"})),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")),
).filter(lambda t: t == t.rstrip())


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@given(st.lists(st.one_of(kept_text, formula_text), min_size=1, max_size=8))
def test_text_cells_round_trip_exactly_and_never_open_as_formulas(notes: list[str]) -> None:
    written = write_table(NOTES, [{"note": n} for n in notes])
    # what a spreadsheet sees: no cell begins with a formula trigger
    for (cell,) in _cells(written)[1:]:
        assert cell[:1] not in FORMULA_TRIGGERS
    rows, findings = parse_table(written, NOTES, file_name="notes.csv")
    assert findings == []
    assert [r.text("note") for r in rows] == notes


def test_a_hyperlink_formula_is_written_quoted_and_read_back() -> None:
    written = write_table(NOTES, [{"note": '=HYPERLINK("http://x","click")'}, {"note": "@SUM(A1)"}])
    assert written == 'note\n"\'=HYPERLINK(""http://x"",""click"")"\n\'@SUM(A1)\n'
    rows, _ = parse_table(written, NOTES, file_name="notes.csv")
    assert [r.text("note") for r in rows] == ['=HYPERLINK("http://x","click")', "@SUM(A1)"]


def test_borough_names_are_neutralised_by_the_csv_tables_writer() -> None:
    (bexley,) = read_boroughs(b"gss_code,dfe_code,name\nE09000004,303,Bexley\n").records
    hostile = attrs.evolve(bexley, name="=cmd|' /C calc'!A0")
    written = write_boroughs([hostile])
    assert written.splitlines()[1] == "E09000004,303,'=cmd|' /C calc'!A0"
    assert read_boroughs(written.encode()).records == (hostile,)


def test_placements_data_standard_free_text_is_neutralised_and_restored() -> None:
    rows = list(csv.DictReader((DATA / "referrals.csv").open(encoding="utf-8", newline="")))
    rows[0]["riskOther"] = "+44 line: -calls at night"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    read = read_referrals(out.getvalue().encode())
    assert read.records[0].risks.other == "+44 line: -calls at night"
    written = write_referrals(read.records)
    cell = next(csv.DictReader(io.StringIO(written)))["riskOther"]
    assert cell == "'+44 line: -calls at night"
    assert read_referrals(written.encode()).records == read.records
