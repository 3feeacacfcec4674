"""``slcp sample``, ``slcp validate`` and ``slcp report``."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from slcp.cli._options import progress_reporter, warn_if_outside, year_option
from slcp.cli._sen2 import key_options, report_return
from slcp.cli._source import (
    TABLES_HELP,
    load_market_tables,
    load_programme_source,
    read_table_or_exit,
)
from slcp.domain import validate as validate_programme
from slcp.errors import LoadError, SlcpError
from slcp.findings import Severity, has_errors
from slcp.outcomes import OutcomesFramework
from slcp.periods import FinancialYear
from slcp.pricing import check_pricing
from slcp.report import Report, ReportOptions, build_report, publish
from slcp.sample import south_london
from slcp.savings import AttributionMethod

if TYPE_CHECKING:
    from slcp.finance import Invoice, PooledBudget

EXIT_OK = 0
EXIT_DATA_ERRORS = 1
EXIT_UNLOADABLE = 2

_FORMATS = ("text", "json", "csv", "xlsx", "html")
#: The formats rendered for sharing, published unless --internal is given (decision 0405).
_SHARED_FORMATS = frozenset({"xlsx", "html"})


def _exit_unloadable(path: str, error: LoadError) -> NoReturn:
    click.echo(f"slcp: cannot load {path}:", err=True)
    for m in error.messages:
        click.echo(f"  {m}", err=True)
    sys.exit(EXIT_UNLOADABLE)


def _load_framework_or_exit(path: str | None) -> OutcomesFramework | None:
    if path is None:
        return None
    from slcp.io import load_outcomes_framework

    try:
        return load_outcomes_framework(Path(path))
    except LoadError as e:
        _exit_unloadable(path, e)


@click.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="File to write the sample programme to, as JSON.",
)
def sample(out: str) -> None:
    """Write the embedded South London sample programme (synthetic) as JSON."""
    from slcp.io import dump_programme

    tell = progress_reporter()
    if tell is not None:
        tell("building the sample")
    dump_programme(south_london(), Path(out))
    click.echo(f"wrote {out}")


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--tables", "tables", type=click.Path(exists=True), default=None, help=TABLES_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help='text: one finding a line; json: {"findings": [...], "count", "errors"}.',
)
def validate(file: str | None, tables: str | None, fmt: str) -> None:
    """Check FILE (or the --tables folder or workbook) and print every finding:
    cross-references and pricing problems.

    Exit status 0 when there are no errors (warnings allowed), 1 when there are errors,
    2 when the input cannot be loaded.
    """
    tell = progress_reporter()
    if tell is not None:
        tell(f"loading {file or tables}")
    programme = load_programme_source(file, tables, sample_by_default=False)
    if tell is not None:
        tell("checking")
    findings = validate_programme(programme) + check_pricing(programme)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    if fmt == "json":
        out = {
            "file": file if file is not None else tables,
            "count": len(findings),
            "errors": errors,
            "findings": [
                {
                    "severity": f.severity.value,
                    "code": f.code,
                    "message": f.message,
                    "subject_id": f.subject_id,
                    "location": f.location,
                }
                for f in findings
            ],
        }
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for f in findings:
            click.echo(str(f))
        click.echo(f"{len(findings)} finding(s), {errors} error(s)")
    sys.exit(EXIT_DATA_ERRORS if has_errors(findings) else EXIT_OK)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_text(text: str, out: str) -> None:
    if out == "-":
        click.echo(text, nl=False)
    else:
        from slcp.io import write_atomic

        write_atomic(out, text)


def _finance_inputs(
    as_of: str | None, invoices_path: str | None, pools_path: str | None
) -> tuple[dt.date | None, tuple[Invoice, ...] | None, tuple[PooledBudget, ...] | None]:
    """The --forecast-as-of day, the --invoices and the --pools read; a bad one exits with
    status 2."""
    day = None
    if as_of is not None:
        try:
            day = dt.date.fromisoformat(as_of.strip())
        except ValueError:
            click.echo(f"slcp: --forecast-as-of {as_of!r} is not a date; give YYYY-MM-DD", err=True)
            sys.exit(EXIT_UNLOADABLE)
    invoices = pools = None
    if invoices_path is not None:
        from slcp.io.invoices import read_invoices

        invoices = read_table_or_exit(invoices_path, read_invoices)
    if pools_path is not None:
        from slcp.io.pools import read_pools

        pools = read_table_or_exit(pools_path, read_pools, "pooled budget")
    return day, invoices, pools


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@year_option(default="2019/20", help_text="The year to report on.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    default="text",
    show_default=True,
    help="text: a short summary (80 columns); json: the stable contract (docs/report.md); "
    "csv: one tidy table per file; xlsx: an Excel workbook; html: one self-contained page "
    "with charts.",
)
@click.option(
    "--out",
    "out",
    default="-",
    show_default=True,
    type=click.Path(allow_dash=True),
    help="Where to write: '-' for standard output; a directory for csv (one file per "
    "table); a file for xlsx and html.",
)
@click.option("--full", is_flag=True, default=False, help="Text: every breakdown and provider.")
@click.option(
    "--attribution",
    "attribution",
    type=click.Choice([m.value for m in AttributionMethod]),
    default=None,
    help="Savings attribution method (default: direct where a saving belongs to one "
    "borough, by placement-weeks otherwise).",
)
@click.option(
    "--kpis",
    "kpis",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Outcomes framework (a JSON file) to score providers on "
    "(default: slcp's default framework).",
)
@click.option("--tables", "tables", type=click.Path(exists=True), default=None, help=TABLES_HELP)
@click.option(
    "--borough",
    "borough",
    default=None,
    help="Add one borough's drill-down (its GSS code, e.g. E09000008, or its name): its "
    "spend, each saving it is credited with and its share, avoidance, contributions, "
    "returns, providers and stability.",
)
@click.option(
    "--sen2",
    "sen2_path",
    default=None,
    help="A SEN2 return (XML file or folder of module CSVs) for the SEND-return section, "
    "joined to the programme; with the embedded sample, the synthetic SEN2 sample is used.",
)
@key_options
@click.option(
    "--publish/--internal",
    "published",
    default=None,
    help="--publish: counts of children or placements per borough or small group below 5 "
    "shown as 'c', with secondary suppression (decision 0405); --internal: every count as "
    "it is, not for publication. Default: published for html and xlsx (rendered for "
    "sharing), internal for text, json and csv.",
)
@click.option(
    "--finance",
    is_flag=True,
    default=False,
    help="Add the finance sections: the forecast outturn made at each month end against the "
    "year's spend, and every money figure split by funding stream (education, social care, "
    "health). Implied by --forecast-as-of and --invoices.",
)
@click.option(
    "--forecast-as-of",
    "forecast_as_of",
    default=None,
    help="Add the full forecast outturn made on this day (YYYY-MM-DD): lines by borough, "
    "workstream, service and funding stream, by month, with budgets and the movement since "
    "the previous month end.",
)
@click.option(
    "--invoices",
    "invoices_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Add the reconciliation of these invoices (a CSV as for slcp reconcile) against "
    "the placements' charges.",
)
@click.option(
    "--pools",
    "pools_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Add these pooled budgets (pooled_budgets.csv: one row per stream's contribution, "
    "see docs/finance/report.md) to the finance section, each set against the forecast of "
    "what it pays for. With the embedded sample and no --pools, its two synthetic section 75 "
    "pools are used. Implies --finance.",
)
@click.option(
    "--places",
    "places_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Registered places near each borough (a CSV as registered_places.csv: la_gss, "
    "placement_group, places, provider, source; see docs/market.md) for the market "
    "section's sufficiency gap, in place of the --tables folder's registered_places.csv or, "
    "with the embedded sample, its synthetic places.",
)
def report(
    *,
    places_path: str | None,
    pools_path: str | None,
    published: bool | None,
    finance: bool,
    forecast_as_of: str | None,
    invoices_path: str | None,
    borough: str | None,
    file: str | None,
    tables: str | None,
    year: FinancialYear,
    fmt: str,
    out: str,
    full: bool,
    attribution: str | None,
    kpis: str | None,
    sen2_path: str | None,
    key_file: str | None,
    key_env: str | None,
) -> None:
    """Report on FILE (default: the embedded synthetic South London sample) for one
    financial year.

    Exit status 0 on success, 2 when FILE, the --kpis or the --places file cannot be loaded
    (every bad row named) or the report cannot be built (for example, KPI thresholds not in
    force in the year).
    """
    if fmt == "xlsx" and out == "-" and sys.stdout.isatty():
        raise click.UsageError("an Excel workbook is binary: give --out FILE.xlsx")
    tell = progress_reporter()
    if tell is not None:
        tell("loading " + (file or tables or "the embedded sample"))
    programme = load_programme_source(file, tables)
    market_book, places = load_market_tables(tables)
    if places_path is not None:
        from slcp.io.market_tables import read_registered_places_table

        places = read_table_or_exit(places_path, read_registered_places_table)
    framework = _load_framework_or_exit(kpis)
    warn_if_outside(programme, year)
    source = file if file is not None else tables
    send = None
    if sen2_path is not None or source is None:
        if tell is not None:
            tell("reading " + (sen2_path or "the synthetic SEN2 sample"))
        send = report_return(sen2_path, key_file, key_env)
    as_of_day, invoices, pools = _finance_inputs(forecast_as_of, invoices_path, pools_path)
    options = ReportOptions(
        finance=finance,
        forecast_as_of=as_of_day,
        invoices=invoices,
        invoices_name=None if invoices_path is None else Path(invoices_path).name,
        pools=pools,
        financial_year=year,
        attribution=attribution,
        outcomes_framework=framework,
        input_name=None if source is None else Path(source).name,
        input_sha256=None if file is None else _sha256(file),
        synthetic=source is None,
        borough=borough,
        send=send,
        market=market_book,
        registered_places=places,
    )
    # building the report allocates hundreds of thousands of short-lived acyclic objects and
    # frees them by reference counting; the cyclic collector would only rescan what the
    # report keeps (about 0.15 s of CPU on the sample), so it is paused while it is built
    collecting = gc.isenabled()
    gc.disable()
    try:
        model = build_report(programme, options, progress=tell)
    except SlcpError as e:
        click.echo(f"slcp: cannot report: {e}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    finally:
        # what the report keeps lives until the command ends: out of the collector's
        # generations too, so rendering's first collection does not rescan it (~0.05 s)
        gc.freeze()
        if collecting:
            gc.enable()
    if published if published is not None else fmt in _SHARED_FORMATS:
        model = publish(model)
    _render(model, fmt=fmt, out=out, full=full)


def _render(model: Report, *, fmt: str, out: str, full: bool) -> None:
    """Write ``model`` in ``fmt`` to ``out`` (``-`` for standard output); each renderer is
    imported only when its format is asked for."""
    if fmt == "json":
        from slcp.render import render_json

        _write_text(render_json(model), out)
    elif fmt == "html":
        from slcp.render import render_html

        _write_text(render_html(model), out)
    elif fmt == "csv":
        from slcp.render import write_csv

        if out == "-":
            buffer = io.StringIO()
            write_csv(model, buffer)
            click.echo(buffer.getvalue(), nl=False)
        else:
            write_csv(model, Path(out))
    elif fmt == "xlsx":
        try:
            import openpyxl  # noqa: F401
        except ModuleNotFoundError:
            click.echo("slcp: Excel output needs openpyxl: pip install 'slcp[excel]'", err=True)
            sys.exit(EXIT_UNLOADABLE)
        from slcp.render import write_xlsx

        if out == "-":
            data = io.BytesIO()
            write_xlsx(model, data)
            sys.stdout.buffer.write(data.getvalue())
        else:
            write_xlsx(model, Path(out))
    else:
        from slcp.render import render_text

        _write_text(render_text(model, full=full), out)
