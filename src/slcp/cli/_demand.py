"""``slcp forecast-demand``: project looked-after children by placement group from SSDA903
tables, with transition rates, a bootstrap interval and a backtest."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from typing import NoReturn

import click

from slcp.cli._options import LA_EXPECTED, YEAR_HELP, parse_la, parse_year
from slcp.demand import (
    CARE_STATES,
    UNITS_PER_CHILD,
    Backtest,
    BootstrapSettings,
    CareState,
    DemandCost,
    DemandForecast,
    PlacementGroup,
    PriceAssumption,
    RegisteredPlaces,
    SufficiencyGap,
    TransitionCount,
    YearCost,
    assess_sufficiency,
    backtest_demand,
    census_month,
    forecast_demand,
    last_covered_day,
    month_end,
    price_projection,
)
from slcp.domain import CareEpisode, ChildRef, GssCode
from slcp.errors import InvalidValueError, LoadError, SlcpError
from slcp.findings import Severity, count_by_code, escape_for_terminal
from slcp.io.columnar_ssda903 import load_ssda903_columns
from slcp.io.registered_places import load_registered_places
from slcp.money import Money, Rate
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
    # messages quote paths and values anyone may have written: never raw control characters
    click.echo(f"{_NAME}: {escape_for_terminal(message)}", err=True)
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


def _parse_fees(values: tuple[str, ...]) -> dict[PlacementGroup, Money]:
    groups = {g.value: g for g in PlacementGroup}
    out: dict[PlacementGroup, Money] = {}
    for text in values:
        name, _, pence = text.partition("=")
        group = groups.get(name.strip().lower())
        if group is None or not re.fullmatch(r"[0-9]{1,9}", pence.strip()):
            _fail(
                f"--weekly-fee {text!r} must be GROUP=PENCE with GROUP fostering, residential "
                "or other and PENCE a whole number of pence, e.g. residential=386796"
            )
        if group in out:
            _fail(f"--weekly-fee gives {group.value} twice")
        out[group] = Money(int(pence.strip()))
    return out


def _parse_uplift(text: str) -> Rate:
    try:
        rate = Rate.of(text.strip())
    except (SlcpError, ValueError):
        rate = None
    if rate is None or not -1 < rate.fraction <= 1:
        _fail(
            f"--uplift {text!r} must be a yearly rate as a decimal fraction above -1 and at "
            "most 1, e.g. 0.03 for 3%"
        )
    return rate


def _load_places(path: str | None) -> tuple[RegisteredPlaces, ...] | None:
    if path is None:
        return None
    try:
        read = load_registered_places(path)
    except LoadError as e:
        _fail(f"cannot read the registered places: {'; '.join(e.messages)}")
    errors = [f for f in read.findings if f.severity is Severity.ERROR]
    if errors:
        _fail(
            f"cannot use the registered places: {len(errors)} error(s), the first: "
            f"{errors[0].message} @ {errors[0].location}"
        )
    return read.places


def _la(value: str | None) -> GssCode | None:
    code = None if value is None else parse_la(value)
    if value is not None and code is None:
        _fail(f"--la {value!r} is not {LA_EXPECTED}")
    return code


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


def _census_and_end(
    episodes: tuple[CareEpisode, ...], census: FinancialYear | None
) -> tuple[FinancialYear, dt.date | None]:
    """The census year, and the last day the return is taken to cover.

    A return covers its collection year to 31 March even when its last event is earlier:
    without ``--year`` the year is the one containing the last day the episodes cover (the
    day before the latest DEC, or the latest DECOM). With ``--year`` the data is taken to
    reach that year's 31 March when it reaches into the year at all; otherwise the year is
    outside the data.
    """
    last = last_covered_day(episodes)
    year = FinancialYear.containing(last) if census is None else census
    if last >= year.start:
        return year, year.end - dt.timedelta(days=1)
    return year, None


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


def _years_json(years: tuple[YearCost, ...]) -> list[dict[str, object]]:
    return [
        {
            "year": str(y.year),
            "total_pence": y.total.pence,
            "by_group_pence": {g.value: m.pence for g, m in y.by_group},
        }
        for y in years
    ]


def _cost_json(cost: DemandCost) -> dict[str, object]:
    return {
        "label": cost.label,
        "assumptions": [
            {
                "group": a.group.value,
                "weekly_fee_pence": a.weekly_fee.pence,
                "expected_uplift": str(a.expected_uplift),
                "source": a.source,
            }
            for a in cost.assumptions
        ],
        "unpriced": [g.value for g in cost.unpriced],
        "total": _years_json(cost.total.years),
        "areas": [{"area": a.area, "years": _years_json(a.years)} for a in cost.areas],
    }


def _gap_units(g: SufficiencyGap) -> int:
    return g.projected.central_units - g.registered_places * UNITS_PER_CHILD


def _gap_json(g: SufficiencyGap) -> dict[str, object]:
    return {
        "area": g.area,
        "all_areas": g.all_areas,
        "group": g.group.value,
        "census": month_end(g.month).isoformat(),
        "projected": _children(g.projected.central_units),
        "registered_places": g.registered_places,
        "gap": _children(_gap_units(g)),
        "gap_low": _children(g.projected.low_units - g.registered_places * UNITS_PER_CHILD),
        "gap_high": _children(g.projected.high_units - g.registered_places * UNITS_PER_CHILD),
    }


def _extra_text(cost: DemandCost | None, gaps: tuple[SufficiencyGap, ...] | None) -> list[str]:
    lines: list[str] = []
    if cost is not None:
        lines.append(f"Forecast cost: {cost.label}")
        for a in cost.assumptions:
            lines.append(
                f"  assumed: {a.group.value} {a.weekly_fee} a week on the census day, "
                f"uplift {a.expected_uplift} a year"
            )
        if cost.unpriced:
            lines.append(f"  not priced: {', '.join(g.value for g in cost.unpriced)}")
        for y in cost.total.years:
            parts = ", ".join(f"{g.value} {m}" for g, m in y.by_group)
            lines.append(f"  {y.year}  {y.total}  ({parts})")
    if gaps is not None:
        lines.append(
            "Sufficiency: projected children minus registered places (positive: a shortfall)"
        )
        for g in gaps:
            lines.append(
                f"  {g.month.year}  {_area(g.area, g.all_areas):<10} {g.group.value:<12} "
                f"projected {_children(g.projected.central_units):>10}  places "
                f"{g.registered_places:>5}  gap {_children(_gap_units(g)):>10}"
            )
    return lines


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
    help="The year whose 31 March starts the projection (default: the collection year of the "
    "return, the one holding its last event); the return is taken to cover that 31 March. "
    + YEAR_HELP,
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
    "--weekly-fee",
    "fee_texts",
    multiple=True,
    metavar="GROUP=PENCE",
    help="Price the projection: the weekly fee of a placement group on the census day, in "
    "pence (fostering, residential or other); repeat for each group priced.",
)
@click.option(
    "--uplift",
    "uplift_text",
    default="0",
    show_default=True,
    metavar="RATE",
    help="The fee uplift assumed on each 1 April, as a fraction (0.03 for 3%).",
)
@click.option(
    "--places",
    "places_path",
    default=None,
    metavar="FILE",
    help="Registered places near each borough (CSV: LA, PLACEMENT_GROUP, PLACES, PROVIDER, "
    "SOURCE) for the sufficiency gap.",
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
    fee_texts: tuple[str, ...],
    uplift_text: str,
    places_path: str | None,
    fmt: str,
) -> None:
    """Project looked-after children by placement group from SSDA903 tables.

    Fits monthly transition rates between fostering, residential and other placements by age
    band (and entries to and departures from care) over the three years to the census day,
    projects each local authority's children month by month with a bootstrap interval, and
    backtests the model (fitted to the years up to Y-2, projected to Y-1 and Y). With
    --weekly-fee it prices the projection (an assumption, labelled as such); with --places it
    gives the sufficiency gap against registered places. Exit
    status: 0 success; 1 no usable episode could be read; 2 a file cannot be read, an option
    is wrong or the census day is outside the data.
    """
    years = _parse_years(years_text)
    census = _parse_census(year_text)
    la = _la(la_text)
    fees = _parse_fees(fee_texts)
    uplift = _parse_uplift(uplift_text)
    places = _load_places(places_path)
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
    year, data_end = _census_and_end(eps, census)
    try:
        forecast = forecast_demand(
            eps,
            born,
            year=year,
            years=years,
            bootstrap=BootstrapSettings(resamples=resamples, seed=seed),
            data_end=data_end,
        )
    except InvalidValueError as e:
        _fail(f"--year {year}: {e.message}")
    try:
        backtest: Backtest | str = backtest_demand(eps, born, year=year, data_end=data_end)
    except InvalidValueError as e:
        backtest = e.message
    cost: DemandCost | None = None
    if fees:
        cost = price_projection(
            forecast.projection,
            [
                PriceAssumption(
                    group=g, weekly_fee=fee, expected_uplift=uplift, source="given (--weekly-fee)"
                )
                for g, fee in fees.items()
            ],
        )
    gaps: tuple[SufficiencyGap, ...] | None = None
    if places is not None:
        gaps = tuple(
            g
            for m in forecast.census_months
            for g in assess_sufficiency(forecast.counts, places, month=m)
        )
    if fmt == "json":
        out = _forecast_json(forecast, backtest, la=la)
        out["cost"] = None if cost is None else _cost_json(cost)
        out["sufficiency"] = None if gaps is None else [_gap_json(g) for g in gaps]
        out["episodes"] = len(eps)
        out["findings"] = count_by_code(loaded.findings)
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        text = _text(forecast, backtest, episodes=len(eps), findings=len(loaded.findings))
        if gaps is not None and len(forecast.projection.areas) == 1:
            gaps = tuple(g for g in gaps if not g.all_areas)  # the one area's figures again
        extra = _extra_text(cost, gaps)
        click.echo(text + "".join(line + "\n" for line in extra), nl=False)
    sys.exit(EXIT_OK)
