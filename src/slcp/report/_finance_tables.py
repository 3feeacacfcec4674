"""The finance and funding sections as tidy tables (for notebooks, CSV and Excel).

Tables: ``forecast_month_ends`` (always with the finance section); ``forecast`` and
``forecast_months`` (with a full forecast); ``invoice_summary``, ``invoice_checks`` and
``invoice_discrepancies`` (with invoices); ``pool_positions`` (with pooled budgets: one row
per pool, ``funding`` ``all``, then one per partner); ``funding_spend``,
``funding_fee_increases``, ``funding_savings``, ``funding_budgets``, ``funding_borough``,
``funding_call_offs``, ``funding_market``, ``funding_send`` and ``funding_market_demand``
(with the funding section, each when it has
figures). Every figure is the model's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from slcp.money import Money
from slcp.report._finance import FundedFigure
from slcp.report._labels import label, pounds
from slcp.report._model import Report
from slcp.report._tables import Cell, Kind, Table, _money, _table

__all__ = ["finance_tables"]


def _m(amount: Money | None) -> tuple[int | None, Cell]:
    if amount is None:
        return None, None
    return amount.pence, pounds(amount.pence)


def _funding_table(name: str, title: str, figures: Sequence[FundedFigure]) -> Table:
    columns: list[tuple[str, Kind]] = [
        ("figure", "text"),
        ("financial_year", "text"),
        ("gss_code", "text"),
        ("workstream", "text"),
        ("lot", "text"),
        ("service", "text"),
        ("item", "text"),
        *_money("amount"),
        *_money("education"),
        *_money("health"),
        *_money("social_care"),
    ]
    return _table(
        name,
        title,
        columns,
        (
            (
                f.figure,
                None if f.financial_year is None else str(f.financial_year),
                f.borough,
                None if f.workstream is None else f.workstream.value,
                f.lot,
                None if f.service is None else f.service.value,
                f.item,
                *_m(f.split.amount),
                *_m(f.split.education),
                *_m(f.split.health),
                *_m(f.split.social_care),
            )
            for f in figures
        ),
    )


def _funding_tables(report: Report) -> list[Table]:
    f = report.funding
    if f is None:
        return []
    out = [_funding_table("funding_spend", "Spend by funding stream", f.spend)]
    if f.fee_increases:
        out.append(
            _funding_table(
                "funding_fee_increases",
                "Fee-increase cost avoidance by funding stream",
                f.fee_increases,
            )
        )
    if f.savings:
        out.append(_funding_table("funding_savings", "Savings by funding stream", f.savings))
    if f.budgets:
        out.append(_funding_table("funding_budgets", "Budgets by funding stream", f.budgets))
    if f.borough:
        out.append(
            _funding_table("funding_borough", "The borough drill-down by funding stream", f.borough)
        )
    if f.call_offs:
        out.append(
            _funding_table("funding_call_offs", "Call-off values by funding stream", f.call_offs)
        )
    if f.market:
        out.append(_funding_table("funding_market", "Market spend by funding stream", f.market))
    if f.send:
        out.append(
            _funding_table(
                "funding_send",
                "SEND return: weekly cost on census day per setting by funding stream",
                f.send,
            )
        )
    if f.market_demand:
        out.append(
            _funding_table(
                "funding_market_demand",
                "Forecast cost of looked-after children by funding stream (an assumption: "
                "each group shared as the report year's spend on its kinds of placement)",
                f.market_demand,
            )
        )
    return out


def _forecast_tables(report: Report) -> list[Table]:
    fin = report.finance
    if fin is None:
        return []
    fy = str(fin.financial_year)
    out = [
        _table(
            "forecast_month_ends",
            f"Forecast outturn {fy} made at each month end, against the year's spend",
            [
                ("financial_year", "text"),
                ("as_of", "date"),
                ("placements", "int"),
                *_money("forecast"),
                *_money("outturn"),
                *_money("error"),
            ],
            (
                (fy, m.as_of, m.placements, *_m(m.forecast), *_m(m.outturn), *_m(m.error))
                for m in fin.month_ends
            ),
        )
    ]
    f = fin.forecast
    if f is not None:
        out.append(
            _table(
                "forecast",
                f"Forecast outturn {fy} made on {f.as_of.isoformat()}",
                [
                    ("financial_year", "text"),
                    ("as_of", "date"),
                    ("gss_code", "text"),
                    ("workstream", "text"),
                    ("service", "text"),
                    ("service_label", "text"),
                    ("funding", "text"),
                    *_money("actual"),
                    *_money("committed"),
                    *_money("demand"),
                    *_money("forecast"),
                    *_money("budget"),
                    *_money("variance"),
                    *_money("previous_forecast"),
                    *_money("movement"),
                ],
                (
                    (
                        fy,
                        f.as_of,
                        line.borough,
                        line.workstream.value,
                        line.service.value,
                        label(line.service),
                        line.stream.value,
                        *_m(line.actual),
                        *_m(line.committed),
                        *_m(line.demand),
                        *_m(line.forecast),
                        *_m(line.budget),
                        *_m(line.variance),
                        *_m(line.previous_forecast),
                        *_m(line.movement),
                    )
                    for line in f.lines
                ),
            )
        )
        out.append(
            _table(
                "forecast_months",
                f"Forecast outturn {fy} made on {f.as_of.isoformat()}, by month",
                [
                    ("gss_code", "text"),
                    ("workstream", "text"),
                    ("service", "text"),
                    ("funding", "text"),
                    ("month", "text"),
                    *_money("actual"),
                    *_money("committed"),
                    *_money("demand"),
                    *_money("forecast"),
                ],
                (
                    (
                        line.borough,
                        line.workstream.value,
                        line.service.value,
                        line.stream.value,
                        str(m.month),
                        *_m(m.actual),
                        *_m(m.committed),
                        *_m(m.demand),
                        *_m(m.forecast),
                    )
                    for line in f.lines
                    for m in line.months
                ),
            )
        )
    return out


def _invoice_tables(report: Report) -> list[Table]:
    fin = report.finance
    if fin is None or fin.reconciliation is None:
        return []
    r = fin.reconciliation
    return [
        _table(
            "invoice_summary",
            f"Invoices ({r.input_name}) against the placements' charges",
            [
                ("kind", "text"),
                ("name", "text"),
                ("count", "int"),
                *_money("invoiced"),
                *_money("expected"),
                *_money("amount"),
            ],
            [
                (
                    "status",
                    s.status.value,
                    s.invoices,
                    *_m(s.invoiced),
                    *_m(s.expected),
                    *_m(s.invoiced - s.expected),
                )
                for s in r.by_status
            ]
            + [
                ("reason", x.reason.value, x.count, None, None, None, None, *_m(x.amount))
                for x in r.by_reason
            ],
        ),
        _table(
            "invoice_checks",
            "Each invoice against the expected charge",
            [
                ("invoice_id", "text"),
                ("provider_id", "text"),
                ("gss_code", "text"),
                ("placement_id", "text"),
                ("first_day", "date"),
                ("last_day", "date"),
                *_money("invoiced"),
                *_money("expected"),
                *_money("difference"),
                ("status", "text"),
                ("reason", "text"),
                ("days_to_pay", "int"),
                ("paid_late", "bool"),
            ],
            (
                (
                    c.invoice,
                    c.provider,
                    c.borough,
                    c.placement,
                    c.period.start,
                    c.period.last_day,
                    *_m(c.invoiced),
                    *_m(c.expected),
                    *_m(c.difference),
                    c.status.value,
                    None if c.reason is None else c.reason.value,
                    c.days_to_pay,
                    c.paid_late,
                )
                for c in r.result.checks
            ),
        ),
        _table(
            "invoice_discrepancies",
            "Every invoice discrepancy: amount is invoiced - expected (missing: minus the charge)",
            [
                ("reason", "text"),
                *_money("amount"),
                ("placement_id", "text"),
                ("invoice_id", "text"),
                ("first_day", "date"),
                ("last_day", "date"),
                ("detail", "text"),
            ],
            (
                (
                    d.reason.value,
                    *_m(d.amount),
                    d.placement,
                    d.invoice,
                    d.period.start,
                    d.period.last_day,
                    d.detail,
                )
                for d in r.result.discrepancies
            ),
        ),
    ]


def _pool_tables(report: Report) -> list[Table]:
    fin = report.finance
    if fin is None or not fin.pools:
        return []
    rows: list[tuple[Cell, ...]] = []
    for x in fin.pools:
        pool = x.pool
        where = (
            pool.id,
            pool.borough,
            pool.workstream.value,
            " ".join(s.value for s in pool.services),
            str(pool.financial_year),
            fin.pools_as_of,
        )
        rows.append(
            (
                *where,
                "all",
                *_m(pool.amount),
                *_m(x.forecast),
                *_m(x.variance),
                *_m(x.balance),
            )
        )
        for s in x.partners():
            share = x.variance_shares.get(s, Money(0))
            rows.append(
                (
                    *where,
                    s.value,
                    *_m(x.contribution(s)),
                    *_m(x.forecast_by_stream.get(s, Money(0))),
                    *_m(share),
                    *_m(-share),
                )
            )
    return [
        _table(
            "pool_positions",
            "Pooled budgets against the forecast: the pot, then each partner (its contribution, "
            "what the placements' shares would charge it, its share of the variance)",
            [
                ("pool_id", "text"),
                ("gss_code", "text"),
                ("workstream", "text"),
                ("services", "text"),
                ("financial_year", "text"),
                ("as_of", "date"),
                ("funding", "text"),
                *_money("contribution"),
                *_money("forecast"),
                *_money("variance"),
                *_money("balance"),
            ],
            rows,
        )
    ]


def finance_tables(report: Report) -> list[Table]:
    """The finance section's tables, then the funding section's (see the module docstring)."""
    return (
        _forecast_tables(report)
        + _invoice_tables(report)
        + _pool_tables(report)
        + _funding_tables(report)
    )
