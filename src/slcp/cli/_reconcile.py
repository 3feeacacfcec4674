"""``slcp reconcile``: providers' invoices checked against the placements' charges."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import click

from slcp.cli._forecast import fail, load_or_exit
from slcp.cli._source import read_table_or_exit
from slcp.errors import SlcpError
from slcp.finance import Discrepancy, InvoiceCheck, PaymentTerms, Reconciliation
from slcp.finance import reconcile_invoices as run_reconciliation
from slcp.io.invoices import read_invoices
from slcp.periods import DateRange

__all__ = ["reconcile", "reconciliation_json"]


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; give YYYY-MM-DD") from None


def _check_row(c: InvoiceCheck) -> dict[str, str | int | bool | None]:
    difference = c.difference
    return {
        "invoice_id": c.invoice,
        "provider_id": c.provider,
        "borough_gss": c.borough,
        "placement_id": c.placement,
        "first_day": c.period.start.isoformat(),
        "last_day": c.period.last_day.isoformat(),
        "invoiced_pence": c.invoiced.pence,
        "expected_pence": None if c.expected is None else c.expected.pence,
        "difference_pence": None if difference is None else difference.pence,
        "status": c.status.value,
        "reason": None if c.reason is None else c.reason.value,
        "days_to_pay": c.days_to_pay,
        "paid_late": c.paid_late,
    }


def _discrepancy_row(d: Discrepancy) -> dict[str, str | int | None]:
    return {
        "reason": d.reason.value,
        "amount_pence": d.amount.pence,
        "placement_id": d.placement,
        "invoice_id": d.invoice,
        "first_day": d.period.start.isoformat(),
        "last_day": d.period.last_day.isoformat(),
        "detail": d.detail,
    }


def reconciliation_json(r: Reconciliation) -> dict[str, object]:
    """The reconciliation as JSON-ready data."""
    checks = [_check_row(c) for c in r.checks]
    return {
        "window": {
            "first_day": r.window.start.isoformat(),
            "last_day": r.window.last_day.isoformat() if not r.window.is_empty else None,
        },
        "payment_terms": {"days": r.terms.days, "source": r.terms.source.citation},
        "invoices": checks,
        "discrepancies": [_discrepancy_row(d) for d in r.discrepancies],
        "by_reason": {k.value: v.pence for k, v in r.by_reason().items()},
        "total": {
            "invoices": len(checks),
            "invoiced_pence": sum(c.invoiced.pence for c in r.checks),
            "expected_pence": sum(c.expected.pence for c in r.checks if c.expected is not None),
        },
        "findings": [str(f) for f in r.findings],
    }


def _csv(rows: list[dict[str, str | int | bool | None]] | list[dict[str, str | int | None]]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def _text(r: Reconciliation) -> str:
    matched = sum(1 for c in r.checks if c.reason is None)
    lines = [
        f"Invoices for {r.window}: {len(r.checks)} checked, {matched} matching the charge, "
        f"{len(r.discrepancies)} discrepancies",
        f"  payment terms: {r.terms.days} days ({r.terms.source.citation})",
    ]
    for reason, amount in r.by_reason().items():
        count = sum(1 for d in r.discrepancies if d.reason is reason)
        lines.append(f"  {reason.value}: {count}, {amount}")
    lines.extend(str(f) for f in r.findings)
    return "\n".join(lines)


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--invoices",
    "invoices_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="invoices.csv: one row per invoice line.",
)
@click.option("--from", "first_day", callback=_date, help="First day checked for missing invoices.")
@click.option("--to", "last_day", callback=_date, help="Last day checked (inclusive).")
@click.option(
    "--as-of",
    "as_of",
    callback=_date,
    help="Count invoices still unpaid on this day against the payment terms too.",
)
@click.option(
    "--terms-days",
    "terms_days",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="Days from receipt by which an invoice should be paid (an assumption).",
)
@click.option(
    "--table",
    "table",
    type=click.Choice(["invoices", "discrepancies"]),
    default="invoices",
    show_default=True,
    help="For --format csv: one row per invoice, or one per discrepancy.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def reconcile(
    file: str | None,
    *,
    invoices_path: str,
    first_day: dt.date | None,
    last_day: dt.date | None,
    as_of: dt.date | None,
    terms_days: int,
    table: str,
    fmt: str,
) -> None:
    """Check invoices against the charges of FILE's placements (default: the sample).

    Exit status 0 when the check ran (discrepancies are its output), 2 when FILE or the
    invoices cannot be read or an option is wrong.
    """
    programme = load_or_exit(file)
    invoices = read_table_or_exit(invoices_path, read_invoices)
    window = None
    if first_day is not None or last_day is not None:
        if first_day is None or last_day is None:
            fail("give both --from and --to, or neither")
        if last_day < first_day:
            fail("--to must be on or after --from")
        window = DateRange(start=first_day, end=last_day + dt.timedelta(days=1))
    try:
        result = run_reconciliation(
            programme, invoices, window=window, terms=PaymentTerms(days=terms_days), as_of=as_of
        )
    except SlcpError as e:
        fail(f"cannot reconcile: {e}")
    if fmt == "json":
        click.echo(json.dumps(reconciliation_json(result), indent=2))
    elif fmt == "csv":
        if table == "invoices":
            click.echo(_csv([_check_row(c) for c in result.checks]), nl=False)
        else:
            click.echo(_csv([_discrepancy_row(d) for d in result.discrepancies]), nl=False)
    else:
        click.echo(_text(result))
