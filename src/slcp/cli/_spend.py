"""``slcp spend``: spend per year by borough (or workstream, service, provider), straight from
CSV tables, computed in columns (:mod:`slcp.pricing.columnar`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from slcp.domain import FeeUpliftRound
from slcp.errors import LoadError, SlcpError
from slcp.money import Money
from slcp.periods import FinancialYear

__all__ = ["spend"]

EXIT_OK = 0
EXIT_DATA_ERRORS = 1
EXIT_BAD_INPUT = 2

#: ``--by`` choices: the engine's dimension and the JSON key each row's group is under.
BY: dict[str, tuple[str, str]] = {
    "borough": ("borough", "gss_code"),
    "workstream": ("workstream", "workstream"),
    "service": ("service", "service"),
    "provider": ("provider", "provider_id"),
}
_EMPTY_REQUESTS = b"round_id,provider_id,requested_pct\n"


def _fail(message: str, status: int = EXIT_BAD_INPUT) -> NoReturn:
    click.echo(f"slcp spend: {message}", err=True)
    sys.exit(status)


def _year(option: str, text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text.strip())
    except SlcpError:
        _fail(f"{option} {text!r} is not a financial year; write it like 2019/20")


def _rounds_and_tiers(tables: Path) -> tuple[tuple[FeeUpliftRound, ...], dict[str, str | None]]:
    from slcp.io.csv_tables import read_providers, read_uplift_rounds

    rounds: tuple[FeeUpliftRound, ...] = ()
    tiers: dict[str, str | None] = {}
    if (tables / "uplift_rounds.csv").is_file():
        requests = tables / "uplift_requests.csv"
        bands = tables / "uplift_bands.csv"
        read = read_uplift_rounds(
            tables / "uplift_rounds.csv",
            requests if requests.is_file() else _EMPTY_REQUESTS,
            bands if bands.is_file() else None,
        )
        if read.has_errors:
            _report_errors(read.error_messages())
        rounds = read.records
    if (tables / "providers.csv").is_file():
        providers = read_providers(tables / "providers.csv")
        if providers.has_errors:
            _report_errors(providers.error_messages())
        tiers = {p.id: p.tier for p in providers.records}
    return rounds, tiers


def _report_errors(messages: tuple[str, ...]) -> NoReturn:
    click.echo(
        f"slcp spend: the tables have {len(messages)} error(s); nothing was costed:", err=True
    )
    for m in messages:
        click.echo(f"  {m}", err=True)
    sys.exit(EXIT_DATA_ERRORS)


@click.command()
@click.option("--tables", "tables", required=True, help="Directory of slcp CSV tables.")
@click.option("--from", "first", required=True, help="First financial year, e.g. 2019/20.")
@click.option("--to", "last", required=True, help="Last financial year, e.g. 2023/24.")
@click.option(
    "--by",
    "by",
    default="borough",
    show_default=True,
    help="Group rows by borough, workstream, service or provider.",
)
@click.option(
    "--format", "fmt", default="text", show_default=True, help="Output format: text or json."
)
def spend(*, tables: str, first: str, last: str, by: str, fmt: str) -> None:
    """Spend per financial year from placements.csv and placement_fees.csv in TABLES.

    Fees are the fee history with the uplift rounds in uplift_rounds.csv (with
    uplift_requests.csv and uplift_bands.csv) applied, tiers from providers.csv; each
    placement is charged on its basis. Each year's total is the exact sum rounded half up
    once; its rows are allocated from it by largest remainder, so they add up to it exactly.

    A row can differ by a few pence from the same borough's spend in slcp report, which
    allocates the total to borough x workstream x lot x provider x service cells first and
    adds the cells up: the totals and the exact figures are the same (decision 0010).

    Exit status 1 when the tables have errors, 2 when the options or files are unusable.
    """
    if by not in BY:
        _fail(f"--by {by!r} is not one of {', '.join(BY)}")
    if fmt not in ("text", "json"):
        _fail(f"--format {fmt!r} is not one of text, json")
    start, stop = _year("--from", first), _year("--to", last)
    if stop < start:
        _fail(f"--to {stop} is before --from {start}")
    directory = Path(tables)
    if not directory.is_dir():
        _fail(f"--tables {tables!r} is not a directory")
    for name in ("placements.csv", "placement_fees.csv"):
        if not (directory / name).is_file():
            _fail(f"{name} is missing from {tables}")
    from slcp.io.columnar_tables import read_placement_columns
    from slcp.pricing.columnar import cost_columns

    try:
        read = read_placement_columns(
            directory / "placements.csv", directory / "placement_fees.csv"
        )
        rounds, tiers = _rounds_and_tiers(directory)
    except LoadError as e:
        _fail(" ".join(e.messages))
    if read.has_errors:
        _report_errors(read.error_messages())
    years = [FinancialYear(y) for y in range(start.start_year, stop.start_year + 1)]
    cost = cost_columns(read.placements, read.fees, years, rounds=rounds, tiers=tiers)
    dimension, key = BY[by]
    results = [(fy, cost.total(fy), cost.spend_by(dimension, fy)) for fy in years]  # type: ignore[arg-type]
    if fmt == "json":
        out = {
            "years": [
                {
                    "financial_year": str(fy),
                    "total_pence": total.pence,
                    "rows": [{key: group, "spend_pence": m.pence} for group, m in rows.items()],
                }
                for fy, total, rows in results
            ]
        }
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        click.echo(_text(results, by=by, placements=len(read.placements)), nl=False)
    sys.exit(EXIT_OK)


def _pounds(pence: int) -> str:
    sign = "-" if pence < 0 else ""
    whole, rest = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{rest:02d}"


def _text(
    results: list[tuple[FinancialYear, Money, dict[str | None, Money]]], *, by: str, placements: int
) -> str:
    lines = [f"Spend by {by} ({placements} placements; fees with uplift rounds)"]
    for fy, total, rows in results:
        lines.append(f"{fy}  total {_pounds(total.pence)}")
        labels = {group: group or "in-house" for group in rows}
        width = max((len(label) for label in labels.values()), default=0)
        for group, m in rows.items():
            lines.append(f"  {labels[group]:<{width}}  {_pounds(m.pence):>18}")
    return "\n".join(lines) + "\n"
