"""The market section's demand outlook as JSON, tables and a provenance assumption.

The outlook (:class:`slcp.demand.DemandOutlook`) is computed once by
:func:`~slcp.report.build_report` and read here: children now and projected with an interval
(in children to three decimals: the model counts thousandths of a child, so nothing is
rounded), the forecast cost (whole pence, rounded once per year; an assumption, labelled),
the sufficiency gap against registered places, and SEND placements projected from the
placement records (rounded half up to three decimals from exact fractions).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from slcp.demand import (
    ASSUMPTIONS_LABEL,
    CARE_STATES,
    UNITS_PER_CHILD,
    DemandOutlook,
    PlacementGroup,
    ProjectedCount,
)
from slcp.domain import GssCode
from slcp.money import round_decimal
from slcp.report._labels import label, pounds
from slcp.report._model import Assumption, Report
from slcp.report._tables import Cell, Kind, Table, _money, _table
from slcp.timeline import Source, SourceKind

__all__ = [
    "demand_outlook_assumption",
    "demand_outlook_tables",
    "demand_outlook_to_json",
]

JsonValue = str | int | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def children_text(units: int) -> str:
    """Thousandths of a child as children with three decimals, exactly.

    >>> children_text(1231758), children_text(0), children_text(-5)
    ('1231.758', '0.000', '-0.005')
    """
    sign = "-" if units < 0 else ""
    whole, part = divmod(abs(units), UNITS_PER_CHILD)
    return f"{sign}{whole}.{part:03d}"


def _three(value: Fraction) -> str:
    # an exact fraction of placements, rounded half up once to three decimals
    return f"{round_decimal(value, 3):f}"


def demand_outlook_assumption(outlook: DemandOutlook) -> Assumption | None:
    """The provenance entry for the outlook's forecast cost, or ``None`` without one."""
    cost = outlook.cost
    if cost is None:
        return None
    fees = "; ".join(
        f"{a.group.value} {a.weekly_fee} a week ({a.source})" for a in cost.assumptions
    )
    return Assumption(
        subject="demand outlook: forecast cost",
        source=Source(
            kind=SourceKind.ASSUMPTION,
            citation=f"{ASSUMPTIONS_LABEL}. Fees: {fees or 'none'}. Uplift "
            f"{outlook.expected_uplift} a year: {outlook.uplift_source} (decision 1111)",
        ),
        affects="the market section's forecast cost of looked-after children",
        amount=None,
    )


def _area(gss: GssCode | None, all_areas: bool) -> JsonValue:
    return "all" if all_areas else gss


def _count(c: ProjectedCount) -> dict[str, JsonValue]:
    return {
        "month": str(c.month),
        "gss_code": _area(c.area, c.all_areas),
        "group": None if c.group is None else c.group.value,
        "central": children_text(c.central_units),
        "low": children_text(c.low_units),
        "high": children_text(c.high_units),
    }


def demand_outlook_to_json(outlook: DemandOutlook) -> dict[str, JsonValue]:
    """The outlook as JSON-ready values (``docs/market.md``).

    Children are decimal strings with three places (exact: the model counts thousandths);
    ``gss_code`` is ``"all"`` for the partnership and ``null`` for episodes with no borough.
    """
    f = outlook.forecast
    looked_after: JsonValue = None
    if f is not None:
        groups = tuple(PlacementGroup)
        now: list[JsonValue] = []
        for area, row in f.start:
            for g in groups:
                n = sum(x for s, x in zip(CARE_STATES, row, strict=True) if s.group is g)
                now.append({"gss_code": area, "group": g.value, "children": n})
        bootstrap: JsonValue = None
        if f.bootstrap is not None:
            bootstrap = {
                "resamples": f.bootstrap.resamples,
                "seed": f.bootstrap.seed,
                "level_pct": f.bootstrap.level_pct,
            }
        looked_after = {
            "fitted_from": str(f.rates.first_month),
            "fitted_to": str(f.rates.last_month),
            "children_fitted": f.rates.children,
            "bootstrap": bootstrap,
            "now": now,
            "projected": [_count(c) for c in f.counts],
        }
    cost: JsonValue = None
    if outlook.cost is not None:
        c = outlook.cost
        cost = {
            "label": c.label,
            "expected_uplift": str(outlook.expected_uplift.value),
            "uplift_source": outlook.uplift_source,
            "assumptions": [
                {
                    "group": a.group.value,
                    "weekly_fee_pence": a.weekly_fee.pence,
                    "source": a.source,
                }
                for a in c.assumptions
            ],
            "unpriced": [g.value for g in c.unpriced],
            "years": [
                {
                    "financial_year": str(y.year),
                    "gss_code": _area(a.area, a.all_areas),
                    "total_pence": y.total.pence,
                    "exact_pence": f"{y.exact_pence.numerator}/{y.exact_pence.denominator}",
                    "by_group_pence": {g.value: m.pence for g, m in y.by_group},
                }
                for a in (c.total, *c.areas)
                for y in a.years
            ],
        }
    sufficiency: JsonValue = None
    if outlook.registered_places is not None:
        sufficiency = [
            {
                **_count(g.projected),
                "registered_places": g.registered_places,
                "gap": children_text(g.projected.central_units - 1000 * g.registered_places),
                "gap_low": children_text(g.projected.low_units - 1000 * g.registered_places),
                "gap_high": children_text(g.projected.high_units - 1000 * g.registered_places),
            }
            for g in outlook.sufficiency
        ]
    return {
        "census_day": outlook.census_day.isoformat(),
        "years": outlook.years,
        "looked_after": looked_after,
        "forecast_cost": cost,
        "registered_places": None
        if outlook.registered_places is None
        else sum(p.places for p in outlook.registered_places),
        "sufficiency": sufficiency,
        "send": [
            {
                "service": s.service.value,
                "fitted_from": str(s.first_month),
                "fitted_to": str(s.last_month),
                "started": s.started,
                "ended": s.ended,
                "placement_months": s.placement_months,
                "now": s.now,
                "projected": [{"month": str(m), "placements": _three(v)} for m, v in s.projected],
            }
            for s in outlook.send
        ],
    }


def _children(units: int) -> Decimal:
    return Decimal(children_text(units))


def demand_outlook_tables(report: Report) -> list[Table]:
    """``market_demand_projection``, ``market_demand_cost``, ``market_sufficiency`` (with
    a registered places table) and ``market_send_projection``: the outlook as tables."""
    outlook = report.market_demand
    if outlook is None:
        return []
    tables: list[Table] = []
    f = outlook.forecast
    census = outlook.census_day.isoformat()
    if f is not None:
        tables.append(
            _table(
                "market_demand_projection",
                f"Looked-after children projected from {census}, with the bootstrap interval "
                "(gss_code 'all': the partnership)",
                [
                    ("month", "text"),
                    ("gss_code", "text"),
                    ("group", "text"),
                    ("central", "decimal"),
                    ("low", "decimal"),
                    ("high", "decimal"),
                ],
                (
                    (
                        str(c.month),
                        "all" if c.all_areas else c.area,
                        None if c.group is None else c.group.value,
                        _children(c.central_units),
                        _children(c.low_units),
                        _children(c.high_units),
                    )
                    for c in f.counts
                ),
            )
        )
    if outlook.cost is not None:
        rows: list[Sequence[Cell]] = []
        for a in (outlook.cost.total, *outlook.cost.areas):
            for y in a.years:
                parts = dict(y.by_group)
                row: list[Cell] = [str(y.year), "all" if a.all_areas else a.area]
                row += [y.total.pence, pounds(y.total.pence)]
                for g in (PlacementGroup.FOSTERING, PlacementGroup.RESIDENTIAL):
                    m = parts.get(g)
                    row += [None, None] if m is None else [m.pence, pounds(m.pence)]
                rows.append(row)
        tables.append(
            _table(
                "market_demand_cost",
                f"Forecast cost of looked-after children (an assumption: {ASSUMPTIONS_LABEL})",
                [
                    ("financial_year", "text"),
                    ("gss_code", "text"),
                    *_money("total"),
                    *_money("fostering"),
                    *_money("residential"),
                ],
                rows,
            )
        )
    if outlook.registered_places is not None:
        columns: list[tuple[str, Kind]] = [
            ("month", "text"),
            ("gss_code", "text"),
            ("group", "text"),
            ("projected", "decimal"),
            ("low", "decimal"),
            ("high", "decimal"),
            ("registered_places", "int"),
            ("gap", "decimal"),
        ]
        tables.append(
            _table(
                "market_sufficiency",
                "Sufficiency: projected children minus registered places (positive: a shortfall)",
                columns,
                (
                    (
                        str(g.month),
                        "all" if g.all_areas else g.area,
                        g.group.value,
                        _children(g.projected.central_units),
                        _children(g.projected.low_units),
                        _children(g.projected.high_units),
                        g.registered_places,
                        _children(g.projected.central_units - 1000 * g.registered_places),
                    )
                    for g in outlook.sufficiency
                ),
            )
        )
    tables.append(
        _table(
            "market_send_projection",
            f"SEND placements by kind projected from the placement records from {census} "
            "(rounded half up to three decimals)",
            [
                ("service", "text"),
                ("service_label", "text"),
                ("month", "text"),
                ("now", "int"),
                ("placements", "decimal"),
            ],
            (
                (s.service.value, label(s.service), str(m), s.now, Decimal(_three(v)))
                for s in outlook.send
                for m, v in s.projected
            ),
        )
    )
    return tables
