"""``slcp stability``: the DfE placement stability measures from SSDA903 tables."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys

import click

from slcp.cli._options import year_option
from slcp.domain import SOUTH_LONDON_BOROUGHS, GssCode
from slcp.errors import LoadError
from slcp.findings import Severity, count_by_code
from slcp.io.ssda903 import Ssda903Return, load_ssda903
from slcp.outcomes.stability import (
    StabilityMeasure,
    StabilityResult,
    UnavailableMeasure,
    measure_stability,
)
from slcp.periods import FinancialYear
from slcp.report.stability import measure_to_json, result_to_json

__all__ = ["stability"]

EXIT_OK = 0
EXIT_UNLOADABLE = 2

_NAIVE_LABEL = "naive count, not a DfE measure: 3+ episodes (not placements) in the year"


def _year(_ctx: click.Context, _param: click.Parameter, value: str) -> FinancialYear:
    text = value.strip()
    if not (re.fullmatch(r"[0-9]{4}", text) and 1901 <= int(text) <= 2200):
        raise click.BadParameter(
            f"{value!r} is not a year; give the year of the 31 March census, e.g. 2021"
        )
    return FinancialYear(int(text) - 1)


def _la(_ctx: click.Context, _param: click.Parameter, value: str | None) -> GssCode | None:
    if value is None:
        return None
    code = value.strip().upper()
    for b in SOUTH_LONDON_BOROUGHS:
        if code in (b.gss_code, b.dfe_code):
            return b.gss_code
    if re.fullmatch(r"E(06|08|09|10)[0-9]{6}", code):
        return GssCode(code)
    raise click.BadParameter(
        f"{value!r} is not a GSS code (e.g. E09000008) or the DfE code of a South London "
        "borough (e.g. 306)"
    )


def _measure_line(label: str, measure: StabilityMeasure | UnavailableMeasure) -> str:
    if isinstance(measure, UnavailableMeasure):
        return f"  {label}: unavailable ({measure.reason})"
    pct = measure.percent_text
    shown = "n/a (empty cohort)" if pct is None else f"{pct}%"
    return f"  {label}: {measure.numerator} of {measure.denominator} = {shown}"


def _text(
    loaded: Ssda903Return, result: StabilityResult, year_ending: dt.date, la: GssCode | None
) -> str:
    lines = [
        f"Placement stability, year ending {year_ending:%d %B %Y}"
        + (f" ({la})" if la is not None else ""),
        _measure_line("short term (3+ placements in the year)", result.short_term),
        _measure_line("two year (3+ placements in two years)", result.two_year),
        _measure_line("long term (same carer 2+ years, under 16)", result.long_term),
        _measure_line(_NAIVE_LABEL, result.naive_episodes),
        f"Read {len(loaded.episodes)} episode(s)"
        + ("" if loaded.children is None else f" and {len(loaded.children)} child(ren)")
        + f"; {len(loaded.findings)} finding(s)"
        + (":" if loaded.findings else ""),
    ]
    lines.extend(f"  {code}: {n}" for code, n in count_by_code(loaded.findings).items())
    return "\n".join(lines) + "\n"


@click.command()
@click.option(
    "--episodes",
    "episodes",
    required=True,
    help="The SSDA903 Episodes table (CSV).",
)
@click.option(
    "--header",
    "header",
    default=None,
    help="The SSDA903 Header table (CSV); needed for the long-term measure (months of birth).",
)
@year_option(help_text="The year whose 31 March is the census date, e.g. 2021.")
@click.option(
    "--la",
    "la",
    default=None,
    callback=_la,
    help="The local authority the return belongs to: GSS code, or a South London DfE code.",
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
    "--findings",
    "show_findings",
    is_flag=True,
    default=False,
    help="Also list every finding, one a line, on standard error.",
)
def stability(
    *,
    episodes: str,
    header: str | None,
    year: FinancialYear,
    la: GssCode | None,
    fmt: str,
    show_findings: bool,
) -> None:
    """Compute the DfE placement stability measures from SSDA903 tables.

    Short term: children looked after on 31 March with 3 or more placements in the year.
    Two year: the same over two years, for children in care since 1 April two years before.
    Long term: children under 16 in care 2.5 years or more, with the same carer 2 years or
    more (needs --header). Problems in the files are reported as findings, never fatal; exit
    status 2 when a file cannot be read at all.
    """
    try:
        loaded = load_ssda903(episodes, header, collection_year=year, borough=la)
    except LoadError as e:
        click.echo(f"slcp: cannot read the SSDA903 tables ({e.source}):", err=True)
        for m in e.messages:
            click.echo(f"  {m}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    summary = measure_stability(loaded.episodes, loaded.children, year=year)
    result = summary.partnership
    if show_findings:
        for f in loaded.findings:
            click.echo(str(f), err=True)
    if fmt == "json":
        out = {
            "year_ending": summary.year_ending.isoformat(),
            "la": la,
            **result_to_json(result),
            "naive_episodes": {"label": _NAIVE_LABEL, **measure_to_json(result.naive_episodes)},
            "episodes": len(loaded.episodes),
            "children": None if loaded.children is None else len(loaded.children),
            "findings": count_by_code(loaded.findings),
            "findings_by_severity": {
                s.value: sum(1 for f in loaded.findings if f.severity is s) for s in Severity
            },
        }
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        click.echo(_text(loaded, result, summary.year_ending, la), nl=False)
    sys.exit(EXIT_OK)
