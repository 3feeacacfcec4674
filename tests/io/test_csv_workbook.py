"""The programme tables read from one Excel workbook with a sheet per table."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from slcp.cli import main
from slcp.domain import Programme
from slcp.errors import LoadError
from slcp.io import load_programme
from slcp.io.programme_tables import (
    PROGRAMME_FILES,
    load_programme_tables,
    load_programme_workbook,
    read_programme_workbook,
    write_programme_tables,
)
from tests.io.test_csv_programme import full_programmes

TABLES = Path(__file__).parent.parent / "data" / "csv"
_WHOLE = re.compile(r"^[0-9]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _typed(cell: str, column: str) -> object:
    """A cell as a person typing into Excel would leave it: numbers and dates typed."""
    if cell == "":
        return None
    if _DATE.match(cell):
        return dt.datetime.fromisoformat(cell)  # Excel holds dates as date-times
    if _WHOLE.match(cell) and column.endswith(("_pence", "_pct", "_years", "months", "places")):
        return float(cell)  # Excel holds every number as a float
    return cell


def _workbook(path: Path, folder: Path = TABLES) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name in PROGRAMME_FILES:
        sheet = book.create_sheet(name.removesuffix(".csv"))
        with (folder / name).open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        sheet.append(header)
        for row in rows[1:]:
            sheet.append([_typed(c, h) for c, h in zip(row, header, strict=True)])
    book.save(path)
    return path


def test_a_workbook_reads_as_the_same_programme_as_the_folder(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "programme.xlsx")
    read = read_programme_workbook(book)
    assert read.findings == ()
    assert read.programme == load_programme_tables(TABLES)


def test_findings_name_the_workbook_sheet_row_and_column(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    book["budgets"]["E2"] = 3258000.5  # amount_pence: half a penny
    book["children"]["A3"] = "Jane Smith"
    book.create_sheet("notes")
    book.save(path)
    read = read_programme_workbook(path)
    assert read.error_messages()[:2] == (
        "a child reference must be pseudonymous; got 'Jane Smith'; expected 1-64 letters, "
        "digits, '.', '-' or '_' with no spaces @ book.xlsx sheet children row 3 column child_ref",
        "budget must be an integer of pence, e.g. 450000 for £4,500.00, got '3258000.5' "
        "@ book.xlsx sheet budgets row 2 column amount_pence",
    )
    assert [(f.code, f.location) for f in read.findings if f.severity.value == "warning"] == [
        ("unknown-table", "book.xlsx sheet notes")
    ]
    with pytest.raises(LoadError) as caught:
        load_programme_workbook(path)
    assert caught.value.source == "book.xlsx"


def test_a_file_that_is_not_a_workbook_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("name,host_gss\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_programme_workbook(path)
    assert caught.value.messages[0].startswith("cannot open the file as an Excel workbook (")
    assert caught.value.messages[0].endswith(") @ fake.xlsx")


def test_slcp_import_and_report_take_a_workbook(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "programme.xlsx")
    out = tmp_path / "x.json"
    runner = CliRunner()
    imported = runner.invoke(main, ["import", str(book), "--out", str(out)])
    assert imported.exit_code == 0, imported.output
    assert load_programme(out) == load_programme_tables(TABLES)
    reported = runner.invoke(main, ["report", "--tables", str(book)])
    assert reported.exit_code == 0, reported.output


def test_without_openpyxl_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _workbook(tmp_path / "programme.xlsx")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    with pytest.raises(LoadError) as caught:
        read_programme_workbook(book)
    assert caught.value.messages == (
        "reading Excel workbooks needs openpyxl, which is in slcp's 'excel' extra: "
        "python -m pip install 'slcp[excel]' @ programme.xlsx",
    )


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(full_programmes())
def test_every_generated_programme_round_trips_through_a_workbook(programme: Programme) -> None:
    folder = Path(tempfile.mkdtemp(prefix="slcp-book-"))
    try:
        write_programme_tables(programme, folder / "tables")
        book = _workbook(folder / "programme.xlsx", folder / "tables")
        assert load_programme_workbook(book) == programme
    finally:
        shutil.rmtree(folder, ignore_errors=True)
