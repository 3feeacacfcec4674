"""``slcp sample``, ``slcp validate`` and ``slcp report``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from slcp.cli._source import TABLES_HELP, load_programme_source
from slcp.domain import Programme
from slcp.domain import validate as validate_programme
from slcp.errors import LoadError, SlcpError
from slcp.findings import Severity, has_errors
from slcp.io import dump_programme, load_outcomes_framework, load_programme
from slcp.outcomes import OutcomesFramework
from slcp.periods import FinancialYear
from slcp.pricing import check_pricing
from slcp.report import ReportOptions, build_report, render_text, report_data
from slcp.sample import south_london

EXIT_OK = 0
EXIT_DATA_ERRORS = 1
EXIT_UNLOADABLE = 2


def _exit_unloadable(path: str, error: LoadError) -> NoReturn:
    click.echo(f"slcp: cannot load {path}:", err=True)
    for m in error.messages:
        click.echo(f"  {m}", err=True)
    sys.exit(EXIT_UNLOADABLE)


def _load_or_exit(path: str | None) -> Programme:
    if path is None:
        return south_london()
    try:
        return load_programme(Path(path))
    except LoadError as e:
        _exit_unloadable(path, e)


def _load_framework_or_exit(path: str | None) -> OutcomesFramework | None:
    if path is None:
        return None
    try:
        return load_outcomes_framework(Path(path))
    except LoadError as e:
        _exit_unloadable(path, e)


def _year(_ctx: click.Context, _param: click.Parameter, value: str) -> FinancialYear:
    try:
        return FinancialYear.parse(value)
    except SlcpError as e:
        raise click.BadParameter(str(e)) from None


@click.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="File to write the sample programme to, as JSON.",
)
def sample(out: str) -> None:
    """Write the embedded South London sample programme as JSON."""
    dump_programme(south_london(), Path(out))
    click.echo(f"wrote {out}")


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--tables", "tables", type=click.Path(exists=True), default=None, help=TABLES_HELP)
def validate(file: str | None, tables: str | None) -> None:
    """Check FILE and print every finding: cross-references and pricing problems.

    Exit status 0 when there are no errors (warnings allowed), 1 when there are errors,
    2 when FILE cannot be loaded.
    """
    programme = load_programme_source(file, tables, sample_by_default=False)
    findings = validate_programme(programme) + check_pricing(programme)
    for f in findings:
        click.echo(str(f))
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    click.echo(f"{len(findings)} finding(s), {errors} error(s)")
    sys.exit(EXIT_DATA_ERRORS if has_errors(findings) else EXIT_OK)


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--year",
    "year",
    default="2019/20",
    show_default=True,
    callback=_year,
    help="Financial year to report on, e.g. 2019/20.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--attribution",
    "attribution",
    default=None,
    help="Savings attribution method (default: direct where a saving belongs to one "
    "borough, volume-proportional otherwise).",
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
def report(
    file: str | None,
    year: FinancialYear,
    fmt: str,
    attribution: str | None,
    kpis: str | None,
    *,
    tables: str | None = None,
) -> None:
    """Report on FILE (default: the embedded South London sample) for one financial year.

    Exit status 0 on success, 2 when FILE or the --kpis file cannot be loaded or the
    report cannot be built (for example, KPI thresholds not in force in the year).
    """
    programme = load_programme_source(file, tables)
    framework = _load_framework_or_exit(kpis)
    options = ReportOptions(
        financial_year=year, attribution=attribution, outcomes_framework=framework
    )
    try:
        sections = build_report(programme, options)
    except SlcpError as e:
        click.echo(f"slcp: cannot report: {e}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    if fmt == "json":
        click.echo(json.dumps(report_data(sections), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(sections), nl=False)
