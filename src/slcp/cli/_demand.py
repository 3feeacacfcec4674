"""``slcp forecast-demand``: project looked-after children by placement group from SSDA903
tables, with transition rates, a bootstrap interval and a backtest."""

from __future__ import annotations

import json
import re
import sys
from typing import NoReturn

import click

from slcp.cli._options import YEAR_HELP, parse_year
from slcp.demand import (
    CARE_STATES,
    UNITS_PER_CHILD,
    Backtest,
    BootstrapSettings,
    CareState,
    DemandForecast,
    TransitionCount,
    backtest_demand,
    census_month,
    data_months,
    forecast_demand,
    month_end,
)
from slcp.domain import SOUTH_LONDON_BOROUGHS, CareEpisode, ChildRef, GssCode
from slcp.errors import InvalidValueError, LoadError
from slcp.findings import Severity, count_by_code
from slcp.io.columnar_ssda903 import load_ssda903_columns
from slcp.outcomes.stability import format_percent
from slcp.periods import FinancialYear, YearMonth

__all__ = ["forecast_demand_command"]

EXIT_OK = 0
EXIT_UNTRUSTED = 1
EXIT_UNLOADABLE = 2

_NAME = "slcp forecast-demand"
_MAX_YEARS = 5
# the census year read with no --year: code lists follow each episode's own year (decision
# 0504), so the latest year a 903 date can reach checks every episode against its own year
_READ_ALL_YEARS = FinancialYear(2198)


def _fail(message: str, status: int = EXIT_UNLOADABLE) -> NoReturn:
    click.echo(f"{_NAME}: {message}", err=True)
    sys.exit(status)


def _parse_years(text: str) -> int:
    value = text.strip()
    if not re.fullmatch(r"[0-9]{1,2}", value) or not 1 <= int(value) <= _MAX_YEARS:
        _fail(f"--years {text!r} must be a whole number of years from 1 to {_MAX_YEARS}")
    return int(value)


def _parse_census(text: str | None) -> FinancialYear | None:
    if text is None:
        return None
    try:
        return parse_year(text)
    except click.BadParameter as e:
        _fail(f"--year {text!r}: {e.message}")


def _la(value: str | None) -> GssCode | None:
    if value is None:
        return None
    code = value.strip().upper()
    for b in SOUTH_LONDON_BOROUGHS:
        if code in (b.gss_code, b.dfe_code):
            return b.gss_code
    if re.fullmatch(r"E(06|08|09|10)[0-9]{6}", code):
        return GssCode(code)
    _fail(
        f"--la {value!r} is not a GSS code (e.g. E09000008) or the DfE code of a South London "
        "borough (e.g. 306)"
    )


def _children(units: int) -> str:
    # thousandths of a child, written exactly with three decimals
    sign = "-" if units < 0 else ""
    whole, part = divmod(abs(units), UNITS_PER_CHILD)
    return f"{sign}{whole}.{part:03d}"


def _state_json(state: CareState | None) -> dict[str, str] | None:
    return None if state is None else {"age_band": state.band.value, "group": state.group.value}


def _state_text(state: CareState | None, missing: str) -> str:
    return missing if state is None else str(state)


def _rate_json(t: TransitionCount) -> dict[str, object]:
    return {
        "from": _state_json(t.source),
        "to": _state_json(t.target),
        "count": t.count,
        "denominator": t.exposure,
        "rate": f"{t.rate.numerator}/{t.rate.denominator}",
    }


def _area(area: GssCode | None, all_areas: bool) -> str:
    return "all areas" if all_areas else (area or "(no LA)")


def _default_census(episodes: tuple[CareEpisode, ...]) -> FinancialYear:
    """The year of the latest 31 March on or before the data's last date."""
    _, last = data_months(episodes)
    ending = last.year if last.month >= 3 else last.year - 1
    return FinancialYear(ending - 1)


def _forecast_json(
    forecast: DemandForecast, backtest: Backtest | str, *, la: GssCode | None
) -> dict[str, object]:
    rates = forecast.rates
    settings = forecast.bootstrap
    return {
        "census": month_end(census_month(forecast.year)).isoformat(),
        "years": len(forecast.census_months),
        "la": la,
        "fit": {
            "first_month": str(rates.first_month),
            "last_month": str(rates.last_month),
            "months": rates.months,
            "children": rates.children,
        },
        "transitions": [_rate_json(t) for t in rates.transitions()],
        "entries": [
            {
                "area": e.area,
                "to": _state_json(e.target),
                "count": e.count,
                "months": e.months,
                "per_month": f"{e.per_month.numerator}/{e.per_month.denominator}",
            }
            for e in rates.entry_counts()
        ],
        "start": [
            {"area": a, "state": _state_json(CARE_STATES[i]), "children": n}
            for a, row in forecast.start
            for i, n in enumerate(row)
            if n
        ],
        "bootstrap": None
        if settings is None
        else {
            "resamples": settings.resamples,
            "seed": settings.seed,
            "level_pct": settings.level_pct,
            "rank": settings.rank,
        },
        "projection": [
            {
                "area": c.area,
                "all_areas": c.all_areas,
                "group": None if c.group is None else c.group.value,
                "census": month_end(c.month).isoformat(),
                "central": _children(c.central_units),
                "low": _children(c.low_units),
                "high": _children(c.high_units),
            }
            for c in forecast.counts
        ],
        "backtest": _backtest_json(backtest),
    }


def _backtest_json(backtest: Backtest | str) -> dict[str, object]:
    if isinstance(backtest, str):
        return {"available": False, "reason": backtest}
    return {
        "available": True,
        "fitted_to": month_end(census_month(backtest.fitted_to)).isoformat(),
        "errors": [
            {
                "group": None if e.group is None else e.group.value,
                "census": month_end(e.month).isoformat(),
                "projected": _children(e.projected_units),
                "actual": e.actual,
                "error": _children(e.projected_units - e.actual * UNITS_PER_CHILD),
                "percent_error": None
                if e.percent_error is None
                else format_percent(e.percent_error),
            }
            for e in backtest.errors
        ],
    }


def _text(
    forecast: DemandForecast, backtest: Backtest | str, *, episodes: int, findings: int
) -> str:
    rates = forecast.rates
    census = month_end(census_month(forecast.year))
    lines = [
        f"Demand forecast from {census:%d %B %Y}, {len(forecast.census_months)} year(s) "
        f"({episodes} episode(s) read; {findings} finding(s))",
        f"Monthly transition rates, fitted over {rates.first_month} to {rates.last_month} "
        f"({rates.months} months, {rates.children} children): count / denominator",
    ]
    for t in rates.transitions():
        lines.append(
            f"  {_state_text(t.source, 'entry'):<22} -> {_state_text(t.target, 'left care'):<22}"
            f" {t.count:>6} / {t.exposure}"
        )
    settings = forecast.bootstrap
    if settings is not None:
        lines.append(
            f"Projected children on 31 March (central [{settings.level_pct}% interval: "
            f"{settings.rank}th smallest to {settings.rank}th largest of {settings.resamples} "
            f"bootstrap resamples over children, seed {settings.seed}])"
        )
    one_area = len(forecast.projection.areas) == 1
    for c in forecast.counts:
        if one_area and c.all_areas:
            continue  # the same figures as the one area's
        group = "all groups" if c.group is None else c.group.value
        lines.append(
            f"  {c.month.year}  {_area(c.area, c.all_areas):<10} {group:<12} "
            f"{_children(c.central_units):>10} [{_children(c.low_units)} to "
            f"{_children(c.high_units)}]"
        )
    if isinstance(backtest, str):
        lines.append(f"Backtest: not available ({backtest})")
    else:
        fitted = month_end(census_month(backtest.fitted_to))
        lines.append(
            f"Backtest: fitted to {fitted:%d %B %Y}, projected 24 months, against the data"
        )
        for e in backtest.errors:
            group = "all groups" if e.group is None else e.group.value
            pct = "n/a" if e.percent_error is None else f"{format_percent(e.percent_error)}%"
            lines.append(
                f"  {e.month.year}  {group:<12} projected {_children(e.projected_units):>10}"
                f"  actual {e.actual:>6}  error "
                f"{_children(e.projected_units - e.actual * UNITS_PER_CHILD):>10}  ({pct})"
            )
    return "\n".join(lines) + "\n"


@click.command("forecast-demand")
@click.option("--episodes", "episodes", required=True, help="The SSDA903 Episodes table (CSV).")
@click.option(
    "--header",
    "header",
    default=None,
    help="The SSDA903 Header table (CSV): months of birth for the age bands (without it every "
    "child's age band is 'unknown').",
)
@click.option(
    "--years",
    "years_text",
    required=True,
    metavar="N",
    help=f"Years to project, 1 to {_MAX_YEARS}.",
)
@click.option(
    "--year",
    "year_text",
    default=None,
    metavar="YYYY/YY",
    help="The year whose 31 March starts the projection (default: the latest 31 March in the "
    "data). " + YEAR_HELP,
)
@click.option(
    "--la",
    "la_text",
    default=None,
    help="The local authority the return belongs to: GSS code, or a South London DfE code.",
)
@click.option(
    "--resamples",
    "resamples",
    type=click.IntRange(1, 9999),
    default=199,
    show_default=True,
    help="Bootstrap resamples over children for the interval.",
)
@click.option(
    "--seed", "seed", type=int, default=1110, show_default=True, help="The bootstrap's seed."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def forecast_demand_command(
    *,
    episodes: str,
    header: str | None,
    years_text: str,
    year_text: str | None,
    la_text: str | None,
    resamples: int,
    seed: int,
    fmt: str,
) -> None:
    """Project looked-after children by placement group from SSDA903 tables.

    Fits monthly transition rates between fostering, residential and other placements by age
    band (and entries to and departures from care) over the three years to the census day,
    projects each local authority's children month by month with a bootstrap interval, and
    backtests the model (fitted to the years up to Y-2, projected to Y-1 and Y). Exit
    status: 0 success; 1 no usable episode could be read; 2 a file cannot be read, an option
    is wrong or the census day is outside the data.
    """
    years = _parse_years(years_text)
    census = _parse_census(year_text)
    la = _la(la_text)
    try:
        loaded = load_ssda903_columns(
            episodes, header, collection_year=census or _READ_ALL_YEARS, borough=la
        )
    except LoadError as e:
        _fail(f"cannot read the SSDA903 tables: {'; '.join(e.messages)}")
    eps = loaded.to_episodes()
    if not eps:
        errors = sum(1 for f in loaded.findings if f.severity is Severity.ERROR)
        _fail(
            f"no episode could be read from {episodes} ({errors} error(s) among "
            f"{len(loaded.findings)} finding(s)); nothing to forecast from",
            EXIT_UNTRUSTED,
        )
    children = loaded.to_children()
    born: dict[ChildRef, YearMonth] | None = None
    if children is not None:
        born = {c.ref: c.month_of_birth for c in children if c.month_of_birth is not None}
    year = census if census is not None else _default_census(eps)
    try:
        forecast = forecast_demand(
            eps,
            born,
            year=year,
            years=years,
            bootstrap=BootstrapSettings(resamples=resamples, seed=seed),
        )
    except InvalidValueError as e:
        _fail(f"--year {year}: {e.message}")
    try:
        backtest: Backtest | str = backtest_demand(eps, born, year=year)
    except InvalidValueError as e:
        backtest = e.message
    if fmt == "json":
        out = _forecast_json(forecast, backtest, la=la)
        out["episodes"] = len(eps)
        out["findings"] = count_by_code(loaded.findings)
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        click.echo(
            _text(forecast, backtest, episodes=len(eps), findings=len(loaded.findings)), nl=False
        )
    sys.exit(EXIT_OK)
