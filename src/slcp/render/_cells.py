"""How a table cell is written as text (CSV) — one rule for every text-writing renderer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from slcp.io.spreadsheet_safety import neutralise_formula
from slcp.report._tables import Cell

__all__ = ["cell_text"]


def cell_text(cell: Cell) -> str:
    """A cell as CSV text: empty for nothing, ``true``/``false``, ISO dates, exact decimals,
    and text passed through :func:`~slcp.io.spreadsheet_safety.neutralise_formula`.

    >>> cell_text(None), cell_text(True), cell_text(Decimal("1234.50")), cell_text(-5)
    ('', 'true', '1234.50', '-5')
    >>> cell_text("=1+1"), cell_text(dt.date(2020, 3, 31))
    ("'=1+1", '2020-03-31')
    """
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, int | Decimal):
        return str(cell)
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return neutralise_formula(cell)
