"""``slcp forecast``: the forecast outturn for a financial year as known on a day."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from slcp.domain import Programme
from slcp.errors import LoadError, SlcpError
from slcp.finance import DemandAssumption, OutturnForecast, forecast_outturn
from slcp.io import load_programme
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.report import JsonValue
from slcp.report._finance_json import forecast_line_json
from slcp.sample import south_london

__all__ = ["fail", "forecast", "forecast_json", "load_or_exit"]

EXIT_UNLOADABLE = 2

_COLUMNS = (
    "gss_code",
    "workstream",
    "service",
    "funding",
    "actual_pence",
    "committed_pence",
    "demand_pence",
    "forecast_pence",
    "budget_pence",
    "variance_pence",
    "previous_forecast_pence",
    "movement_pence",
)
_TOTALLED = _COLUMNS[4:]


def fail(message: str) -> NoReturn:
    """Print ``slcp: message`` to stderr and exit with status 2."""
    click.echo(f"slcp: {message}", err=True)
    sys.exit(EXIT_UNLOADABLE)


def load_or_exit(path: str | None) -> Programme:
    """The programme in ``path`` (default: the embedded sample); exit 2 when unloadable."""
    if path is None:
        return south_london()
    try:
        return load_programme(Path(path))
    except LoadError as e:
        click.echo(f"slcp: cannot load {path}:", err=True)
        for m in e.messages:
            click.echo(f"  {m}", err=True)
        sys.exit(EXIT_UNLOADABLE)


def _year(_ctx: click.Context, _param: click.Parameter, value: str) -> FinancialYear:
    try:
        return FinancialYear.parse(value)
    except SlcpError as e:
        raise click.BadParameter(str(e)) from None


def _date(_ctx: click.Context, _param: click.Parameter, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; give YYYY-MM-DD") from None


def _pence(m: Money | None) -> int | None:
    return None if m is None else m.pence


def _total(rows: list[dict[str, JsonValue]]) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for column in _TOTALLED:
        values = [v for r in rows if isinstance(v := r[column], int)]
        out[column] = sum(values) if values else None
    return out


def forecast_json(f: OutturnForecast) -> dict[str, object]:
    """The forecast as JSON-ready data: rows add up to ``total`` key by key (nulls skipped)."""
    rows = [forecast_line_json(line) for line in f.lines]
    months: dict[str, dict[str, int]] = {}
    for line in f.lines:
        for m in line.months:
            cell = months.setdefault(
                str(m.month),
                {"actual_pence": 0, "committed_pence": 0, "demand_pence": 0, "forecast_pence": 0},
            )
            cell["actual_pence"] += m.actual.pence
            cell["committed_pence"] += m.committed.pence
            cell["demand_pence"] += m.demand.pence
            cell["forecast_pence"] += m.forecast.pence
    assumption = f.demand_assumption
    return {
        "financial_year": f.financial_year.label,
        "as_of": f.as_of.isoformat(),
        "previous_as_of": None if f.previous_as_of is None else f.previous_as_of.isoformat(),
        "rows": rows,
        "total": _total(rows),
        "months": [{"month": k, **v} for k, v in months.items()],
        "demand_assumption": None
        if assumption is None
        else {
            "lookback_months": assumption.lookback_months,
            "estimates": [
                {
                    "gss_code": e.borough,
                    "workstream": e.workstream.value,
                    "service": e.service.value,
                    "window_first_day": e.window.start.isoformat(),
                    "window_last_day": e.window.last_day.isoformat(),
                    "starts": e.starts,
                    "starts_per_month": str(e.starts_per_month),
                    "average_weekly_fee_pence": e.average_weekly_fee.pence,
                }
                for e in f.demand
            ],
        },
        "method": f.method,
    }


def _csv(f: OutturnForecast) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for line in f.lines:
        writer.writerow({k: "" if v is None else v for k, v in forecast_line_json(line).items()})
    return buffer.getvalue()


def _text(f: OutturnForecast) -> str:
    def money(m: Money | None) -> str:
        return "-" if m is None else str(m)

    lines = [
        f"Forecast outturn {f.financial_year.label} as at {f.as_of.isoformat()}",
        f"  actual {f.actual}  committed {f.committed}  demand {f.demand_total}  "
        f"forecast {f.total}",
    ]
    if f.previous_as_of is not None and f.previous_total is not None:
        lines.append(
            f"  previous forecast ({f.previous_as_of.isoformat()}) {f.previous_total}; "
            f"movement {f.total - f.previous_total}"
        )
    if f.demand_assumption is not None:
        lines.append(
            f"  demand is an assumption: starts per month from the last "
            f"{f.demand_assumption.lookback_months} month(s) at their average starting fee"
        )
    lines.append(
        f"{'borough':<10} {'workstream':<5} {'service':<26} {'funding':<12} "
        f"{'actual':>16} {'committed':>16} {'demand':>14} {'forecast':>16} {'budget':>14} "
        f"{'variance':>16}"
    )
    for line in f.lines:
        lines.append(
            f"{line.borough:<10} {line.workstream.value:<5} {line.service.value:<26} "
            f"{line.stream.value:<12} {money(line.actual):>16} {money(line.committed):>16} "
            f"{money(line.demand):>14} {money(line.forecast):>16} {money(line.budget):>14} "
            f"{money(line.variance):>16}"
        )
    return "\n".join(lines)


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--year",
    "year",
    default="2019/20",
    show_default=True,
    callback=_year,
    help="Financial year to forecast, e.g. 2019/20.",
)
@click.option(
    "--as-of",
    "as_of",
    required=True,
    callback=_date,
    help="The day the forecast is made (YYYY-MM-DD): days before it are actual.",
)
@click.option(
    "--demand-months",
    "demand_months",
    type=int,
    default=None,
    help="Add expected new demand at the rate of starts in the last N months (an assumption).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def forecast(
    file: str | None, year: FinancialYear, as_of: dt.date, demand_months: int | None, fmt: str
) -> None:
    """Forecast outturn of FILE (default: the embedded sample) for a year as at a day.

    Per borough, workstream, service and funding stream: actual to date, commitments,
    optional demand, forecast, budget, variance and movement since the previous month end.
    Exit status 0 on success, 2 when FILE cannot be loaded or an option is wrong.
    """
    programme = load_or_exit(file)
    try:
        demand = None if demand_months is None else DemandAssumption(lookback_months=demand_months)
        result = forecast_outturn(programme, year, as_of, demand=demand)
    except SlcpError as e:
        fail(f"cannot forecast: {e}")
    if fmt == "json":
        click.echo(json.dumps(forecast_json(result), indent=2))
    elif fmt == "csv":
        click.echo(_csv(result), nl=False)
    else:
        click.echo(_text(result))
