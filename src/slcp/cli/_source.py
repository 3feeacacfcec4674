"""Where a command's programme comes from: a JSON document, a folder of CSV tables or an Excel
workbook (``--tables``), or the embedded sample.

Every command that reads a programme loads it through :func:`load_programme_source`, so they
all accept the same inputs and report a programme that cannot be loaded the same way: every
error, each naming file (or sheet), row and column, then exit status 2.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from slcp.domain import Programme
from slcp.errors import LoadError
from slcp.findings import Finding, Severity
from slcp.sample import south_london

if TYPE_CHECKING:
    from slcp.demand import RegisteredPlaces
    from slcp.io import TableRead
    from slcp.io.programme_tables import ProgrammeRead
    from slcp.market import MarketBook

# The readers are imported where a file is read: a command on the embedded sample imports
# none of them (decision 0012).

__all__ = [
    "EXIT_UNLOADABLE",
    "TABLES_HELP",
    "exit_unloadable",
    "load_market_tables",
    "load_programme_source",
    "read_table_or_exit",
    "read_tables_source",
]

T = TypeVar("T")

#: Exit status when the input cannot be loaded or the options are wrong.
EXIT_UNLOADABLE = 2

#: Help text of every ``--tables`` option.
TABLES_HELP = (
    "Read the programme from a folder of CSV tables or an .xlsx workbook with one sheet per "
    "table (see docs/io-csv.md) instead of a JSON FILE."
)


def exit_unloadable(source: str, messages: tuple[str, ...]) -> NoReturn:
    """Print every problem with ``source`` to stderr and exit with status 2."""
    click.echo(f"slcp: cannot load {source}:", err=True)
    for m in messages:
        click.echo(f"  {m}", err=True)
    sys.exit(EXIT_UNLOADABLE)


def read_tables_source(path: str) -> ProgrammeRead:
    """Read a folder of CSV tables, or an ``.xlsx`` workbook, with every finding.

    Raises:
        LoadError: the folder or workbook cannot be read at all.
    """
    from slcp.io.programme_tables import read_programme_tables, read_programme_workbook

    if Path(path).suffix.lower() == ".xlsx":
        return read_programme_workbook(path)
    return read_programme_tables(path)


def _warn(findings: tuple[Finding, ...]) -> None:
    for f in findings:
        if f.severity is not Severity.ERROR:
            click.echo(f"slcp: {f}", err=True)


def load_programme_source(
    file: str | None, tables: str | None, *, sample_by_default: bool = True
) -> Programme:
    """The programme a command works on, or exit 2 listing every error.

    Args:
        file: a JSON programme document, or ``None``.
        tables: a folder of CSV tables or an ``.xlsx`` workbook (``--tables``), or ``None``.
        sample_by_default: with neither, use the embedded South London sample (otherwise
            neither is a usage error).

    Warnings from reading tables are printed to stderr; they do not stop the command.
    """
    programme = _load(file, tables, sample_by_default=sample_by_default)
    # the programme lives as long as the command: take it (and whatever else loading left)
    # out of the cyclic collector's generations, so the full collections that the command's
    # own allocations trigger do not rescan its hundreds of thousands of records (about
    # 0.3 s of CPU on the sample's report)
    gc.freeze()
    return programme


def _load(file: str | None, tables: str | None, *, sample_by_default: bool) -> Programme:
    if file is not None and tables is not None:
        raise click.UsageError("give a JSON FILE or --tables, not both")
    if tables is not None:
        try:
            read = read_tables_source(tables)
        except LoadError as e:
            exit_unloadable(tables, e.messages)
        if read.has_errors or read.programme is None:
            exit_unloadable(tables, read.error_messages())
        _warn(read.findings)
        return read.programme
    if file is not None:
        from slcp.io import load_programme

        try:
            return load_programme(Path(file))
        except LoadError as e:
            exit_unloadable(file, e.messages)
    if not sample_by_default:
        raise click.UsageError("give a JSON FILE or --tables DIR")
    return south_london()


def load_market_tables(
    tables: str | None,
) -> tuple[MarketBook | None, tuple[RegisteredPlaces, ...] | None]:
    """The provider groups and vacancies (a market book) and the registered places of a
    ``--tables`` folder's optional market tables, or ``None`` for each that is absent (or
    for a workbook, or without ``--tables``); exit 2 listing every error."""
    if tables is None or not Path(tables).is_dir():
        return None, None
    from slcp.io.programme_tables import read_market_tables

    try:
        read = read_market_tables(tables)
    except LoadError as e:
        exit_unloadable(tables, e.messages)
    if read.has_errors:
        exit_unloadable(tables, read.error_messages())
    _warn(read.findings)
    return read.market, read.registered_places


def read_table_or_exit(
    path: str, read: Callable[[Path], TableRead[T]], what: str | None = None
) -> tuple[T, ...]:
    """The records of the file at ``path`` as ``read`` reads it; a file that cannot be read,
    has an error, or (when ``what`` is given) holds no ``what``, ends the command with
    status 2, every error named."""
    try:
        result = read(Path(path))
    except LoadError as e:
        click.echo(f"slcp: cannot read {path}: {'; '.join(e.messages)}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if errors or (what is not None and not result.records):
        click.echo(f"slcp: cannot read {path}:", err=True)
        for f in errors:
            click.echo(f"  {f.message} @ {f.location}", err=True)
        if not errors:
            click.echo(f"  it holds no {what}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    return result.records
