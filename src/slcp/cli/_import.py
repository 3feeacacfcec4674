"""``slcp import``: build a programme JSON document from what councils hold — a folder of CSV
tables, an Excel workbook with one sheet per table, or Placements Data Standard files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from slcp.cli._source import exit_unloadable, read_tables_source
from slcp.errors import LoadError
from slcp.findings import Severity
from slcp.io import dump_programme
from slcp.io.pds_programme import DEFAULT_PDS_PROGRAMME_NAME, read_pds_programme
from slcp.io.programme_tables import ProgrammeRead

__all__ = ["import_programme"]


@click.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="File to write the programme to, as JSON.",
)
@click.option(
    "--pds",
    "pds",
    is_flag=True,
    help="SOURCES are Placements Data Standard referral files (CSV), one or more.",
)
@click.option(
    "--borough",
    "borough",
    default=None,
    help="With --pds: the placing borough, a GSS code or name (the standard does not record it).",
)
@click.option(
    "--name",
    "name",
    default=DEFAULT_PDS_PROGRAMME_NAME,
    show_default=True,
    help="With --pds: the programme's name.",
)
def import_programme(
    sources: tuple[str, ...], out: str, pds: bool, borough: str | None, name: str
) -> None:
    """Build a programme from SOURCES and write it to --out as JSON.

    SOURCES is a folder of CSV tables or an .xlsx workbook with one sheet per table
    (docs/io-csv.md), or with --pds one or more Placements Data Standard files. Every
    problem is reported at once, each naming file (or sheet), row and column.

    Exit status 0 when the programme was written (warnings are printed to stderr), 2 when
    SOURCES cannot be loaded or the options are wrong.
    """
    label = ", ".join(sources)
    try:
        if pds:
            if borough is None:
                raise click.UsageError("--pds needs --borough: the standard does not record it")
            read: ProgrammeRead = read_pds_programme(list(sources), borough=borough, name=name)
        else:
            if len(sources) != 1:
                raise click.UsageError(
                    "give one folder of CSV tables or one .xlsx workbook (or use --pds)"
                )
            if borough is not None:
                raise click.UsageError("--borough is only for --pds")
            read = read_tables_source(sources[0])
    except LoadError as e:
        exit_unloadable(label, e.messages)
    if read.has_errors or read.programme is None:
        exit_unloadable(label, read.error_messages())
    for f in read.findings:
        if f.severity is not Severity.ERROR:
            click.echo(f"slcp: {f}", err=True)
    programme = read.programme
    dump_programme(programme, Path(out))
    click.echo(
        f"wrote {out}: {len(programme.boroughs)} borough(s), {len(programme.providers)} "
        f"provider(s), {len(programme.placements)} placement(s), "
        f"{len(programme.agreements)} ICA(s)"
    )
    sys.exit(0)
