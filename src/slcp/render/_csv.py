"""The report as CSV: one tidy table per file (or all of them, one after another, on a
stream)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TextIO

from slcp.io.atomic import write_atomic
from slcp.render._cells import cell_text
from slcp.report import Report, Table, report_tables

__all__ = ["write_csv", "write_csv_table"]


def write_csv_table(table: Table, stream: TextIO) -> None:
    """One table as CSV on ``stream``: a header row of column names, then one row per
    observation (money in ``*_pence`` and ``*_pounds`` columns; text cells neutralised)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.rows:
        writer.writerow([cell_text(c) for c in row])


def write_csv(report: Report, out: Path | TextIO) -> list[str]:
    """Every table of ``report`` as CSV.

    Args:
        report: the report.
        out: a directory (created if missing), which gets one ``<table>.csv`` per table,
            UTF-8; or a text stream, which gets each table in turn, each preceded by a
            ``# <table>: <title>`` line and followed by a blank line.

    Returns:
        The tables' names, in the order written.
    """
    tables = report_tables(report)
    if isinstance(out, Path):
        out.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            text = io.StringIO(newline="")
            write_csv_table(table, text)
            write_atomic(out / f"{name}.csv", text.getvalue())
    else:
        for name, table in tables.items():
            out.write(f"# {name}: {table.title}\n")
            write_csv_table(table, out)
            out.write("\n")
    return list(tables)
