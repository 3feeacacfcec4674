"""The report's pricing section: spend, annual fee increases and their cost avoidance, budgets.

JSON keys (stable, documented in ``docs/pricing/report.md``); money keys end in ``_pence`` and
hold integers; rates are strings (never floats):

* ``spend``: ``financial_year``, ``total_pence``, ``by_financial_year`` (every year from the
  first placement's to the report year), and for the report year ``by_borough``,
  ``by_workstream``, ``by_lot``, ``by_service`` and ``by_borough_workstream_lot``; each list's
  ``spend_pence`` add up exactly to ``total_pence`` (allocated from the rounded total).
* ``fee_increases``: ``horizon`` (the report year), ``rounds`` (one object per round up to the
  report year, with requested and agreed weighted averages as percentage strings, in-year and
  full-year cost avoidance, avoidance to date and the same ``by_borough``) and
  ``cumulative_by_workstream`` (avoidance since each workstream's first round).
* ``budget``: one object per budget of the report year, with funded placements, projected
  spend and over/underspend under 52-week and 365/7-week annualisation.
"""

from __future__ import annotations

from fractions import Fraction

from slcp.domain import Programme, Workstream
from slcp.money import Money, round_decimal
from slcp.periods import FinancialYear
from slcp.pricing import (
    Annualisation,
    CostAvoidance,
    PortfolioCost,
    assess_budgets,
    cost_avoidance,
    cost_portfolio,
)
from slcp.report._base import JsonValue, ReportOptions, Section

__all__ = ["build"]

_NO_LOT = "none"


def _decimal_text(value: Fraction, places: int) -> str:
    """An exact fraction as a decimal string rounded half up to ``places`` decimals.

    >>> _decimal_text(Fraction(1, 40) * 100, 4), _decimal_text(Fraction(2, 3), 2)
    ('2.5000', '0.67')
    >>> _decimal_text(Fraction(-1, 200), 2)
    '-0.01'
    """
    return f"{round_decimal(value, places):f}"


def _first_year(programme: Programme, year: FinancialYear) -> FinancialYear:
    starts = [p.period.start for p in programme.placements]
    first = FinancialYear.containing(min(starts)) if starts else year
    return min(first, year)


def _years(first: FinancialYear, last: FinancialYear) -> list[FinancialYear]:
    out = [first]
    while out[-1] < last:
        out.append(out[-1].next())
    return out


def _spend(
    programme: Programme, cost: PortfolioCost, year: FinancialYear
) -> tuple[dict[str, JsonValue], list[str]]:
    names: dict[str, str] = {b.gss_code: b.name for b in programme.boroughs}
    lot_names = {lot.id: lot.name for v in programme.vehicles for lot in getattr(v, "lots", ())}
    by_borough = cost.total_by(lambda k: k.borough, year=year)
    by_workstream = cost.total_by(lambda k: k.workstream.value, year=year)
    by_lot = cost.total_by(lambda k: k.lot or "", year=year)
    by_service = cost.total_by(lambda k: k.service.value, year=year)
    cells = cost.total_by(lambda k: (k.borough, k.workstream.value, k.lot or ""), year=year)
    total = cost.total(year)
    data: dict[str, JsonValue] = {
        "financial_year": str(year),
        "total_pence": total.pence,
        "by_financial_year": [
            {"financial_year": str(y), "spend_pence": cost.total(y).pence} for y in cost.years
        ],
        "by_borough": [
            {"gss_code": g, "name": names.get(g, g), "spend_pence": m.pence}
            for g, m in by_borough.items()
        ],
        "by_workstream": [
            {"workstream": w, "spend_pence": m.pence} for w, m in by_workstream.items()
        ],
        "by_lot": [
            {
                "lot": lot or None,
                "name": lot_names.get(lot, lot) if lot else "no lot (spot, in-house or block)",
                "spend_pence": m.pence,
            }
            for lot, m in by_lot.items()
        ],
        "by_service": [{"service": s, "spend_pence": m.pence} for s, m in by_service.items()],
        "by_borough_workstream_lot": [
            {"gss_code": g, "workstream": w, "lot": lot or None, "spend_pence": m.pence}
            for (g, w, lot), m in cells.items()
        ],
        "method": cost.method,
    }
    lines = [f"Spend {year}: {total}"]
    lines += [f"  {w.upper():<6}{m!s:>20}" for w, m in by_workstream.items()]
    lines.append("  by lot:")
    lines += [
        f"    {(lot_names.get(lot, lot) if lot else 'no lot'):<44}{m!s:>20}"
        for lot, m in by_lot.items()
    ]
    lines.append("  by service:")
    lines += [f"    {service:<44}{m!s:>20}" for service, m in by_service.items()]
    lines.append("  by year:")
    lines += [f"    {y!s:<10}{cost.total(y)!s:>20}" for y in cost.years]
    return data, lines


def _pct(value: Fraction) -> str:
    return _decimal_text(value * 100, 4)


def _fee_increases(
    programme: Programme, avoidance: CostAvoidance, year: FinancialYear
) -> tuple[dict[str, JsonValue], list[str]]:
    names: dict[str, str] = {b.gss_code: b.name for b in programme.boroughs}
    timing = {r.id: r.timing.value for r in programme.uplift_rounds}
    rounds: list[JsonValue] = []
    lines = [f"Annual fee increases (cost avoidance to {year}):"]
    for r in avoidance.rounds:
        mine = [line for line in avoidance.lines if line.round_id == r.round_id]
        full = [line for line in avoidance.full_year_lines if line.round_id == r.round_id]
        boroughs: dict[str, dict[str, int]] = {}
        for line in mine:
            row = boroughs.setdefault(line.borough, {"in": 0, "full": 0, "to_date": 0})
            row["to_date"] += line.amount.pence
            if line.financial_year == r.financial_year:
                row["in"] += line.amount.pence
        for fl in full:
            row = boroughs.setdefault(fl.borough, {"in": 0, "full": 0, "to_date": 0})
            row["full"] += fl.amount.pence
        rounds.append(
            {
                "id": r.round_id,
                "workstream": r.workstream.value,
                "financial_year": str(r.financial_year),
                "timing": timing.get(r.round_id),
                "placements": r.placements,
                "requested_weighted_average_pct": _pct(r.requested_average),
                "agreed_weighted_average_pct": _pct(r.agreed_average),
                "cost_avoidance_in_year_pence": r.in_year.pence,
                "cost_avoidance_full_year_pence": r.full_year.pence,
                "cost_avoidance_to_date_pence": r.total.pence,
                "by_borough": [
                    {
                        "gss_code": g,
                        "name": names.get(g, g),
                        "cost_avoidance_in_year_pence": v["in"],
                        "cost_avoidance_full_year_pence": v["full"],
                        "cost_avoidance_to_date_pence": v["to_date"],
                    }
                    for g, v in sorted(boroughs.items())
                ],
            }
        )
        lines.append(
            f"  {r.round_id:<18} {r.placements:>5} placements  requested "
            f"{_pct(r.requested_average)}% agreed {_pct(r.agreed_average)}%  in-year "
            f"{r.in_year}  full-year {r.full_year}"
        )
    cumulative: list[JsonValue] = []
    totals = avoidance.by_workstream(through=year)
    for w in Workstream:
        firsts = [r.financial_year for r in avoidance.rounds if r.workstream is w]
        if not firsts:
            continue
        amount = totals.get(w, Money(0))
        cumulative.append(
            {
                "workstream": w.value,
                "since": str(min(firsts)),
                "through": str(year),
                "cost_avoidance_pence": amount.pence,
            }
        )
        lines.append(f"  {w.value.upper()} cumulative since {min(firsts)}: {amount}")
    data: dict[str, JsonValue] = {
        "horizon": str(avoidance.horizon),
        "rounds": rounds,
        "cumulative_by_workstream": cumulative,
        "method": avoidance.method,
    }
    return data, lines


def _budget(programme: Programme, year: FinancialYear) -> tuple[list[JsonValue], list[str]]:
    names: dict[str, str] = {b.gss_code: b.name for b in programme.boroughs}
    rows: list[JsonValue] = []
    lines: list[str] = []
    for assessed in assess_budgets(programme, year):
        b = assessed.budget
        annualised: dict[str, JsonValue] = {}
        for a in Annualisation:
            position = assessed.positions.get(a)
            if position is None:
                continue
            at_end = assessed.positions_at_year_end[a]
            annualised[a.value] = {
                "weeks": _decimal_text(a.weeks, 4),
                "funded_placements": _decimal_text(position.funded.exact, 1),
                "funded_placements_nearest": position.funded.nearest,
                "projected_spend_pence": position.projected.pence,
                "variance_pence": position.variance.pence,
                "projected_spend_at_year_end_level_pence": at_end.projected.pence,
                "variance_at_year_end_level_pence": at_end.variance.pence,
            }
        rows.append(
            {
                "gss_code": b.borough,
                "name": names.get(b.borough, b.borough),
                "workstream": b.workstream.value,
                "service": b.service.value if b.service else None,
                "financial_year": str(b.financial_year),
                "budget_pence": b.amount.pence,
                "placements": assessed.placements,
                "average_placements": _decimal_text(assessed.average_placements, 2),
                "placements_at_year_end": assessed.running_at_year_end,
                "average_weekly_cost_pence": assessed.average_weekly_cost.pence,
                "costed_spend_pence": assessed.costed_spend.pence,
                "costed_variance_pence": assessed.costed_variance.pence,
                "annualisations": annualised,
            }
        )
        head = (
            f"  {names.get(b.borough, b.borough)} {b.workstream.value.upper()}: budget {b.amount}"
        )
        lines.append(
            f"{head}, {_decimal_text(assessed.average_placements, 1)} placements on average "
            f"at {assessed.average_weekly_cost} a week; costed {assessed.costed_spend}"
        )
        for a, position in assessed.positions.items():
            word = "over" if position.variance.pence > 0 else "under"
            at_end = assessed.positions_at_year_end[a]
            end_word = "over" if at_end.variance.pence > 0 else "under"
            lines.append(
                f"    {_decimal_text(a.weeks, 2)} weeks: funds "
                f"{_decimal_text(position.funded.exact, 1)} placements; projected "
                f"{position.projected}, {abs(position.variance)} {word}spent; at the "
                f"year-end level ({assessed.running_at_year_end}) {at_end.projected}, "
                f"{abs(at_end.variance)} {end_word}spent"
            )
    if lines:
        lines.insert(0, f"Budgets {year}:")
    return rows, lines


def build(programme: Programme, options: ReportOptions) -> Section | None:
    """The pricing section, or ``None`` when the programme has no placements, rounds or
    budgets."""
    if not (programme.placements or programme.uplift_rounds or programme.budgets):
        return None
    year = options.financial_year
    cost = cost_portfolio(programme, _years(_first_year(programme, year), year))
    spend, spend_lines = _spend(programme, cost, year)
    avoidance = cost_avoidance(programme, horizon=year)
    fees, fee_lines = _fee_increases(programme, avoidance, year)
    budget, budget_lines = _budget(programme, year)
    text = [f"Pricing — {year}", "", *spend_lines, "", *fee_lines]
    if budget_lines:
        text += ["", *budget_lines]
    return Section(data={"spend": spend, "fee_increases": fees, "budget": budget}, text=tuple(text))
