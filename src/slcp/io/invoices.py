"""Providers' invoices as CSV: ``invoices.csv``, one row per invoice line.

Columns: ``invoice_id``, ``provider_id``, ``borough_gss``, ``placement_id``, ``first_day`` and
``last_day`` (the period billed, both inclusive as an invoice writes them; held half-open),
``description``, ``amount_pence`` (integer pence ex-VAT; negative for a credit),
``received_on`` and ``paid_on`` (blank while unpaid). Rows with the same ``invoice_id`` are
the lines of one invoice and must agree on every other column but ``description`` and
``amount_pence``. Every problem is a finding naming the file, row and column; nothing raises
except a file that is not UTF-8 CSV text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from slcp.domain import GssCode, PlacementId, ProviderId
from slcp.finance import Invoice, InvoiceId, InvoiceLine
from slcp.io._csv_engine import (
    CellKind,
    Column,
    CsvSource,
    ParsedRow,
    TableRead,
    TableSpec,
    read_grouped,
    write_table,
)
from slcp.io.csv_tables import _GSS_PATTERN
from slcp.money import Money
from slcp.periods import DateRange

__all__ = ["INVOICES", "read_invoices", "write_invoices"]

#: The ``invoices.csv`` table.
INVOICES = TableSpec(
    name="invoices",
    file_name="invoices.csv",
    title="Invoices",
    description="One line of a provider's invoice for one placement and period.",
    columns=(
        Column(name="invoice_id", kind=CellKind.TEXT, description="Invoice number.", required=True),
        Column(
            name="provider_id",
            kind=CellKind.TEXT,
            description="The provider invoicing.",
            required=True,
        ),
        Column(
            name="borough_gss",
            kind=CellKind.TEXT,
            description="GSS code of the borough invoiced, e.g. E09000008.",
            required=True,
            pattern=_GSS_PATTERN,
            label="borough GSS code",
        ),
        Column(
            name="placement_id",
            kind=CellKind.TEXT,
            description="The placement billed.",
            required=True,
        ),
        Column(
            name="first_day",
            kind=CellKind.DATE,
            description="First day billed (inclusive), YYYY-MM-DD.",
            required=True,
        ),
        Column(
            name="last_day",
            kind=CellKind.DATE,
            description="Last day billed (inclusive), YYYY-MM-DD.",
            required=True,
        ),
        Column(name="description", kind=CellKind.TEXT, description="What the line bills."),
        Column(
            name="amount_pence",
            kind=CellKind.PENCE,
            description="The line's amount in pence, ex-VAT (negative for a credit).",
            required=True,
            label="amount",
        ),
        Column(
            name="received_on",
            kind=CellKind.DATE,
            description="The day the invoice was received, YYYY-MM-DD.",
            required=True,
        ),
        Column(
            name="paid_on",
            kind=CellKind.DATE,
            description="The day it was paid, YYYY-MM-DD; blank while unpaid.",
        ),
    ),
    field_columns={
        "period": "last_day",
        "end": "last_day",
        "paid_on": "paid_on",
        "lines": "amount_pence",
    },
)

_HEADER_COLUMNS = (
    "provider_id",
    "borough_gss",
    "placement_id",
    "first_day",
    "last_day",
    "received_on",
    "paid_on",
)


def _invoice(number: str, group: list[ParsedRow]) -> Invoice:
    first = group[0]
    last_day = first.get("last_day", dt.date)
    return Invoice(
        id=InvoiceId(number),
        provider=ProviderId(first.text("provider_id")),
        borough=GssCode(first.text("borough_gss")),
        placement=PlacementId(first.text("placement_id")),
        period=DateRange(
            start=first.get("first_day", dt.date), end=last_day + dt.timedelta(days=1)
        ),
        lines=tuple(
            InvoiceLine(
                description=r.optional("description", str) or "",
                amount=r.get("amount_pence", Money),
            )
            for r in group
        ),
        received_on=first.get("received_on", dt.date),
        paid_on=first.optional("paid_on", dt.date),
    )


def read_invoices(source: CsvSource) -> TableRead[Invoice]:
    """Read ``invoices.csv`` into invoices, with a finding for every problem.

    Args:
        source: a path or the file's bytes.

    Returns:
        The invoices whose rows all read cleanly, in order of first appearance, and every
        finding (a bad cell, a last day before the first, lines of one invoice that disagree,
        a payment before receipt).

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.

    >>> text = (
    ...     "invoice_id,provider_id,borough_gss,placement_id,first_day,last_day,description,"
    ...     "amount_pence,received_on,paid_on\\n"
    ...     "INV-1,P1,E09000008,PL1,2019-04-01,2019-04-30,fee,300000,2019-05-03,\\n"
    ...     "INV-1,P1,E09000008,PL1,2019-04-01,2019-04-30,1:1 support,-500,2019-05-03,\\n")
    >>> read = read_invoices(text.encode())
    >>> (inv,) = read.records
    >>> inv.total, str(inv.period), read.findings
    (Money(pence=299500), '[2019-04-01, 2019-05-01)', ())
    """
    return read_grouped(
        source,
        INVOICES,
        _invoice,
        key="invoice_id",
        same=_HEADER_COLUMNS,
        code="invoice-lines-disagree",
        disagree=lambda number, row: (
            f"the lines of invoice {number} must name the same "
            f"provider, borough, placement, period and dates as its first line (row {row})"
        ),
    )


def write_invoices(invoices: Iterable[Invoice]) -> str:
    """``invoices.csv`` text: one row per line, periods written with an inclusive last day.

    ``read_invoices(write_invoices(x).encode()).records == tuple(x)`` for invoices with
    distinct numbers.
    """
    return write_table(
        INVOICES,
        (
            {
                "invoice_id": inv.id,
                "provider_id": inv.provider,
                "borough_gss": inv.borough,
                "placement_id": inv.placement,
                "first_day": inv.period.start,
                "last_day": inv.period.last_day,
                "description": line.description,
                "amount_pence": line.amount,
                "received_on": inv.received_on,
                "paid_on": inv.paid_on,
            }
            for inv in invoices
            for line in inv.lines
        ),
    )
