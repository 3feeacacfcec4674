"""``slcp stability``: the DfE placement stability measures from SSDA903 tables."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from slcp.cli._options import LA_EXPECTED, YEAR_HELP, parse_la, parse_year
from slcp.domain import GssCode
from slcp.errors import LoadError
from slcp.findings import Finding, Severity
from slcp.io.columnar_ssda903 import ColumnarSsda903Return, load_ssda903_columns
from slcp.outcomes.columnar_stability import (
    OPEN,
    ColumnarMeasure,
    ColumnarStabilityResult,
    measure_stability_columns,
)
from slcp.outcomes.stability import LongTermReason, UnavailableMeasure
from slcp.periods import FinancialYear
from slcp.report.stability import measure_to_json

__all__ = ["stability"]

EXIT_OK = 0
EXIT_UNTRUSTED = 1
EXIT_UNLOADABLE = 2

_NAIVE_LABEL = "naive count, not a DfE measure: 3+ episodes (not placements) in the year"
# census years whose measures slcp can compute: the two-year measure reaches back to 1 April
# Y-2 and financial years start between 1900 and 2200; dates in a 903 file run 1901-2199
_FIRST_CENSUS, _LAST_CENSUS = 1902, 2199


class _UsageError(Exception):
    """A bad option value, reported in one line with exit status 2."""


def parse_census_year(value: str) -> FinancialYear:
    """The financial year ending on the 31 March census named by ``value``.

    The forms every command accepts (:func:`slcp.cli._options.parse_year`): the census year
    (``2018``) or the financial year (``2017/18``, ``2017-18``), all meaning the year ending
    31 March 2018; the census year must be 1902-2199, since the two-year measure looks back
    to 1 April two years before and financial years start between 1900 and 2200.

    Raises:
        _UsageError: ``value`` is not one of those forms, or is out of range.
    """
    try:
        year = parse_year(value)
    except click.BadParameter as e:
        raise _UsageError(f"--year {value!r}: {e.message}") from None
    census = year.start_year + 1
    if not _FIRST_CENSUS <= census <= _LAST_CENSUS:
        raise _UsageError(
            f"--year {value!r} is out of range: the census year must be from {_FIRST_CENSUS} "
            f"to {_LAST_CENSUS} (the two-year measure looks back to 1 April two years before)"
        )
    return year


def _la(value: str | None) -> GssCode | None:
    code = None if value is None else parse_la(value)
    if value is not None and code is None:
        raise _UsageError(f"--la {value!r} is not {LA_EXPECTED}")
    return code


def _measure_line(label: str, measure: ColumnarMeasure | UnavailableMeasure) -> str:
    if isinstance(measure, UnavailableMeasure):
        return f"  {label}: unavailable ({measure.reason})"
    pct = measure.percent_text
    shown = "n/a (empty cohort)" if pct is None else f"{pct}%"
    return f"  {label}: {measure.numerator} of {measure.denominator} = {shown}"


def _measure_json(measure: ColumnarMeasure | UnavailableMeasure) -> dict[str, object]:
    # the shape of slcp.report.stability.measure_to_json
    if isinstance(measure, UnavailableMeasure):
        return dict(measure_to_json(measure))
    exact = measure.percent
    return {
        "available": True,
        "numerator": measure.numerator,
        "denominator": measure.denominator,
        "percent": measure.percent_text,
        "percent_exact": None if exact is None else str(exact),
    }


def _long_term_json(measure: ColumnarMeasure | UnavailableMeasure) -> dict[str, object]:
    out = _measure_json(measure)
    if isinstance(measure, ColumnarMeasure):
        # children of the cohort by the part of rule 5 that put them in the numerator (or not)
        counts = dict.fromkeys(LongTermReason, 0)
        for c in measure.long_term_reason[measure.long_term_reason >= 0].tolist():
            counts[tuple(LongTermReason)[c]] += 1
        out["reasons"] = {r.name.lower(): n for r, n in counts.items()}
    return out


def _touched(
    loaded: ColumnarSsda903Return, measure: ColumnarMeasure | UnavailableMeasure
) -> tuple[int, int, int, int] | None:
    """(cohort touched, cohort, numerator touched, numerator): children a finding is about."""
    if isinstance(measure, UnavailableMeasure):
        return None
    import numpy as np

    refs = measure.child_refs
    flagged = np.array([r in loaded.flagged_children for r in refs] + [False])
    cohort = measure.child[measure.excluded < 0]
    numerator = measure.child[measure.in_numerator]
    return (
        int(flagged[cohort].sum()),
        len(cohort),
        int(flagged[numerator].sum()),
        len(numerator),
    )


_HEADLINES = (("short term", "short_term"), ("two year", "two_year"), ("long term", "long_term"))


def _touched_lines(loaded: ColumnarSsda903Return, result: ColumnarStabilityResult) -> list[str]:
    if not loaded.flagged_children:
        return []
    lines = ["Children a finding is about, in each measure:"]
    for label, key in _HEADLINES:
        t = _touched(loaded, getattr(result, key))
        lines.append(
            f"  {label}: unavailable"
            if t is None
            else f"  {label}: {t[0]} of the {t[1]} in the cohort, {t[2]} of the {t[3]} in the "
            "numerator"
        )
    return lines


def _touched_json(
    loaded: ColumnarSsda903Return, result: ColumnarStabilityResult
) -> dict[str, object]:
    out: dict[str, object] = {}
    for _, key in _HEADLINES:
        t = _touched(loaded, getattr(result, key))
        out[key] = None if t is None else {"cohort": t[0], "numerator": t[2]}
    return out


def _text(
    loaded: ColumnarSsda903Return,
    result: ColumnarStabilityResult,
    year_ending: dt.date,
    la: GssCode | None,
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
        + f"; {sum(loaded.finding_counts.values())} finding(s)"
        + (":" if loaded.findings else ""),
    ]
    # counted in full: the reader lists at most Limits.max_findings_per_code of each code
    lines.extend(f"  {code}: {n}" for code, n in loaded.finding_counts.items())
    lines.extend(_touched_lines(loaded, result))
    return "\n".join(lines) + "\n"


def _missing_columns(findings: tuple[Finding, ...]) -> dict[str, list[str]]:
    """Required columns missing, by file (the reader's ``missing-column`` errors)."""
    out: dict[str, list[str]] = {}
    for f in findings:
        if f.code == "missing-column" and f.severity is Severity.ERROR:
            where, _, column = f.location.rpartition(" column ")
            out.setdefault(where.split(" row ")[0], []).append(column)
    return out


def _untrusted(
    loaded: ColumnarSsda903Return, year: FinancialYear, episodes_name: str
) -> str | None:
    """Why the measures cannot be trusted, or ``None`` when they can."""
    missing = _missing_columns(loaded.findings)
    if missing:
        # the Episodes table first: without it there is no measure at all
        names = sorted(missing, key=lambda n: n != episodes_name)
        lacks = " and ".join(f"{n} lacks {', '.join(missing[n])}" for n in names)
        return (
            f"required columns are missing ({lacks}), so no row of "
            f"{'that table' if len(names) == 1 else 'those tables'} can be used (are the "
            "Header and Episodes files swapped?); the measures cannot be trusted"
        )
    table = loaded.episodes
    if len(table) == 0:
        return (
            f"no episode could be read from {episodes_name} ({sum(loaded.finding_counts.values())} "
            "finding(s); list them with --findings); the measures cannot be trusted"
        )
    first = int(table.start.min())
    ends = table.end[table.end != OPEN]
    last = max(int(table.start.max()), int(ends.max()) if len(ends) else 0)
    census = year.end - dt.timedelta(days=1)
    if census.toordinal() < first or last < year.start.toordinal():
        return (
            f"the year ending {census:%d %B %Y} is outside the data, whose episodes run from "
            f"{dt.date.fromordinal(first):%d/%m/%Y} to {dt.date.fromordinal(last):%d/%m/%Y}; "
            "the measures cannot be trusted"
        )
    return None


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
@click.option(
    "--year",
    "year_text",
    required=True,
    metavar="YYYY/YY",
    help="The year whose 31 March is the census date, e.g. 2018. " + YEAR_HELP,
)
@click.option(
    "--la",
    "la_text",
    default=None,
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
    year_text: str,
    la_text: str | None,
    fmt: str,
    show_findings: bool,
) -> None:
    """Compute the DfE placement stability measures from SSDA903 tables.

    Short term: children looked after on 31 March with 3 or more placements in the year.
    Two year: the same over two years, for children in care since 1 April two years before.
    Long term: children under 16 in care 2.5 years or more, with the same carer 2 years or
    more, or placed for adoption after a placement of 2 years or more (needs --header).
    Problems in the files are reported as findings. The tables are read into columns, so a
    national return of a million episodes takes seconds. Exit status: 0 success; 1 the
    measures cannot be trusted (required columns missing, no episode read, or a year outside
    the data), with the reason; 2 a file cannot be read or an option is wrong.
    """
    try:
        year = parse_census_year(year_text)
        la = _la(la_text)
    except _UsageError as e:
        click.echo(f"slcp stability: {e}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    try:
        loaded = load_ssda903_columns(episodes, header, collection_year=year, borough=la)
    except LoadError as e:
        click.echo(f"slcp: cannot read the SSDA903 tables ({e.source}):", err=True)
        for m in e.messages:
            click.echo(f"  {m}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    if show_findings:
        for f in loaded.findings:
            click.echo(str(f), err=True)
    reason = _untrusted(loaded, year, Path(episodes).name)
    if reason is not None:
        click.echo(f"slcp stability: {reason}", err=True)
        sys.exit(EXIT_UNTRUSTED)
    result = measure_stability_columns(
        loaded.episodes,
        loaded.birth_months_by_child(),
        year=year,
        any_month_known=loaded.any_month_known,
    )
    if fmt == "json":
        out = {
            "year_ending": result.year_ending.isoformat(),
            "la": la,
            "short_term": _measure_json(result.short_term),
            "two_year": _measure_json(result.two_year),
            "long_term": _long_term_json(result.long_term),
            "naive_episodes": {"label": _NAIVE_LABEL, **_measure_json(result.naive_episodes)},
            "episodes": len(loaded.episodes),
            "children": None if loaded.children is None else len(loaded.children),
            "findings": loaded.finding_counts,
            "findings_by_severity": {
                s.value: loaded.severity_counts.get(s.value, 0) for s in Severity
            },
            "children_with_findings": _touched_json(loaded, result),
        }
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        click.echo(_text(loaded, result, result.year_ending, la), nl=False)
    sys.exit(EXIT_OK)
