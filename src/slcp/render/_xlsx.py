"""The report as an Excel workbook (the ``excel`` extra: openpyxl).

A summary sheet (saying whether the workbook is published or internal), then one sheet per
table: bold frozen header row, an autofilter, column widths fitted to the content, pence as
whole numbers with thousands separators and pounds in ``£#,##0.00``. No cell is ever a
formula: every text cell passes through
:func:`~slcp.io.spreadsheet_safety.neutralise_formula` and is stored as a string.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from slcp.io.atomic import write_atomic
from slcp.io.spreadsheet_safety import neutralise_formula
from slcp.report import Report, report_tables
from slcp.report._labels import pounds
from slcp.report._tables import Cell, Kind

__all__ = ["write_xlsx"]

_FORMATS: dict[Kind, str] = {
    "pence": "#,##0",
    "pounds": '"£"#,##0.00',
    "int": "0",
    "pct": "#,##0.0",
    "decimal": "#,##0.0###",
    "date": "yyyy-mm-dd",
}
_MAX_WIDTH = 60


def _put(ws: Any, row: int, col: int, value: Cell, kind: Kind = "text") -> int:
    """Write one cell; returns its display width."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        cell = ws.cell(row=row, column=col)
        # control characters cannot be stored in a worksheet: show them escaped (\x1b)
        text = ILLEGAL_CHARACTERS_RE.sub(
            lambda m: m.group().encode("unicode_escape").decode("ascii"),
            neutralise_formula(value),
        )
        cell.value = text
        cell.data_type = "s"  # a string, whatever it looks like
        return len(text)
    cell = ws.cell(row=row, column=col, value=value)
    fmt = _FORMATS.get(kind)
    if fmt is not None and value is not None and not isinstance(value, bool):
        cell.number_format = fmt
    if value is None:
        return 0
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return len(f"{value:,}") + (1 if kind == "pounds" else 0)
    if isinstance(value, dt.date):
        return 10
    return len(str(value))


def _summary(wb: Any, report: Report) -> None:
    from openpyxl.styles import Font

    ws = wb.active
    ws.title = "summary"
    o, p = report.overview, report.provenance
    rows: list[tuple[str, Cell, Kind]] = []
    if report.disclosure is None:
        rows.append(
            (
                "INTERNAL",
                "not for publication: counts of children below the disclosure threshold are "
                "shown as they are (publish with slcp report --publish)",
                "text",
            )
        )
    else:
        rows.append(("Published", report.disclosure.rule, "text"))
    if p.synthetic:
        rows.append(("SYNTHETIC SAMPLE", "modelled figures, not any council's real data", "text"))
    rows += [
        ("Programme", o.programme, "text"),
        ("Financial year", str(o.financial_year), "text"),
        ("Input", p.input_name, "text"),
        ("Synthetic sample", "yes" if p.synthetic else "no", "text"),
        ("slcp version", p.slcp_version, "text"),
        ("Attribution", p.attribution.value, "text"),
        ("Spend (£)", pounds(o.total_spend.pence), "pounds"),
        ("Spend (pence)", o.total_spend.pence, "pence"),
    ]
    if report.savings is not None:
        s = report.savings
        rows += [
            ("Savings in the year (£)", pounds(s.total.pence), "pounds"),
            ("Savings to date (£)", pounds(s.to_date.pence), "pounds"),
        ]
    if report.fee_increases is not None:
        rows.append(
            (
                "Fee-increase avoidance to date (£)",
                pounds(report.fee_increases.total_to_date.pence),
                "pounds",
            )
        )
    for a in p.assumptions:
        rows.append((f"* Assumption: {a.subject}", a.source.citation, "text"))
    ws.cell(row=1, column=1, value="Item").font = Font(bold=True)
    ws.cell(row=1, column=2, value="Value").font = Font(bold=True)
    for i, (key, value, kind) in enumerate(rows, start=2):
        _put(ws, i, 1, key)
        _put(ws, i, 2, value, kind)
    start = len(rows) + 3
    ws.cell(row=start, column=1, value="Sheet").font = Font(bold=True)
    ws.cell(row=start, column=2, value="Holds").font = Font(bold=True)
    for i, (name, table) in enumerate(report_tables(report).items(), start=start + 1):
        _put(ws, i, 1, name)
        _put(ws, i, 2, table.title)
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 60
    ws.freeze_panes = "A2"


def write_xlsx(report: Report, out: Path | IO[bytes]) -> list[str]:
    """Write ``report`` as an ``.xlsx`` workbook to ``out`` (a path or a binary stream).

    Returns:
        The sheets' names: ``summary`` then one per table (as in
        :func:`~slcp.report.report_tables`).

    Raises:
        ModuleNotFoundError: openpyxl is not installed (``pip install 'slcp[excel]'``).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    _summary(wb, report)
    names = ["summary"]
    for name, table in report_tables(report).items():
        ws = wb.create_sheet(title=name[:31])
        names.append(ws.title)
        widths = [len(c.name) for c in table.columns]
        for j, column in enumerate(table.columns, start=1):
            ws.cell(row=1, column=j, value=column.name).font = Font(bold=True)
        for i, row in enumerate(table.rows, start=2):
            for j, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
                widths[j - 1] = max(widths[j - 1], _put(ws, i, j, value, column.kind))
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = min(w + 2, _MAX_WIDTH)
        ws.freeze_panes = "A2"
        last = get_column_letter(len(table.columns))
        ws.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 1)}"
    if isinstance(out, Path):
        buffer = io.BytesIO()
        wb.save(buffer)
        write_atomic(out, buffer.getvalue())
    else:
        wb.save(out)
    return names
