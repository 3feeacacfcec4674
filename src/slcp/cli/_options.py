"""Options shared by the commands: one year form, progress on a terminal."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from slcp.domain import SOUTH_LONDON_BOROUGHS, GssCode, Programme
from slcp.errors import SlcpError
from slcp.periods import FinancialYear

__all__ = ["YEAR_HELP", "parse_year", "progress_reporter", "warn_if_outside", "year_option"]

F = TypeVar("F", bound=Callable[..., Any])

#: What every ``--year`` help says about the forms accepted.
YEAR_HELP = (
    "Financial year, 1 April to 31 March: 2019/20 or 2019-20; a single year such as 2020 "
    "means the year ending 31 March 2020 (2019/20)."
)


def parse_year(text: str) -> FinancialYear:
    """A financial year from ``2019/20``, ``2019-20``, ``2019/2020`` or ``2020`` (the year
    ending 31 March 2020).

    >>> str(parse_year("2019/20")), str(parse_year("2019-20")), str(parse_year("2020"))
    ('2019/20', '2019/20', '2019/20')

    Raises:
        click.BadParameter: anything else, saying the forms accepted.
    """
    value = text.strip()
    if re.fullmatch(r"[0-9]{4}", value):
        ending = int(value)
        if 1901 <= ending <= 2200:
            return FinancialYear(ending - 1)
    try:
        return FinancialYear.parse(value)
    except SlcpError as e:
        raise click.BadParameter(
            f"{e}; give 2019/20, 2019-20, or 2020 for the year ending 31 March 2020"
        ) from None


def _callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    return None if value is None else parse_year(value)


def year_option(*, default: str | None = None, help_text: str = "") -> Callable[[F], F]:
    """The ``--year`` option every command shares (see :data:`YEAR_HELP`)."""
    return click.option(
        "--year",
        "year",
        default=default,
        required=default is None,
        show_default=default is not None,
        callback=_callback,
        metavar="YYYY/YY",
        help=(help_text + " " if help_text else "") + YEAR_HELP,
    )


def warn_if_outside(programme: Programme, year: FinancialYear) -> None:
    """Warn on stderr, by name, when ``year`` holds none of the programme's placements."""
    if not programme.placements:
        return
    first = FinancialYear.containing(min(p.period.start for p in programme.placements))
    ends = [p.period.end for p in programme.placements]
    last = (
        None
        if any(e is None for e in ends)
        else FinancialYear.containing(max(e for e in ends if e is not None))
    )
    if (
        year < first
        or (last is not None and year > last)
        or not programme.placements_in(year.range)
    ):
        span = f"{first} to {last}" if last is not None else f"from {first}, some still open"
        click.echo(
            f"slcp: warning: {year} is outside {programme.name}'s data (placements run {span}); "
            "its figures will be empty or partial",
            err=True,
        )


def progress_reporter() -> Callable[[str], None] | None:
    """A callback printing each step on stderr, or ``None`` when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def tell(step: str) -> None:
        click.echo(f"slcp: {step}…", err=True)

    return tell


#: What --la accepts, for its error message.
LA_EXPECTED = "a GSS code (e.g. E09000008) or the DfE code of a South London borough (e.g. 306)"


def parse_la(value: str) -> GssCode | None:
    """The GSS code ``--la`` names: a South London borough's GSS or DfE code (any case,
    spaces around ignored) or any English local authority's GSS code (E06, E08, E09, E10);
    ``None`` when it names none of these."""
    code = value.strip().upper()
    for b in SOUTH_LONDON_BOROUGHS:
        if code in (b.gss_code, b.dfe_code):
            return b.gss_code
    if re.fullmatch(r"E(06|08|09|10)[0-9]{6}", code):
        return GssCode(code)
    return None
