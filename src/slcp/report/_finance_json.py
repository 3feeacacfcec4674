"""The finance and funding sections as JSON-ready data (the report's ``finance`` and
``funding`` keys, ``docs/report.md``). Money keys end in ``_pence`` and hold integers."""

from __future__ import annotations

from slcp.finance import ForecastLine, OutturnForecast, PoolPosition
from slcp.money import Money
from slcp.report._finance import (
    Finance,
    FundedFigure,
    Funding,
    FundingSplit,
    InvoiceReconciliation,
)

__all__ = ["finance_to_json", "funding_to_json", "split_to_json"]

JsonValue = str | int | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def _pence(m: Money | None) -> int | None:
    return None if m is None else m.pence


def split_to_json(split: FundingSplit) -> dict[str, JsonValue]:
    """``{"amount_pence", "education_pence", "health_pence", "social_care_pence"}``."""
    return {
        "amount_pence": split.amount.pence,
        "education_pence": split.education.pence,
        "health_pence": split.health.pence,
        "social_care_pence": split.social_care.pence,
    }


def _figure(f: FundedFigure) -> dict[str, JsonValue]:
    out: dict[str, JsonValue] = {"figure": f.figure}
    if f.financial_year is not None:
        out["financial_year"] = str(f.financial_year)
    if f.borough is not None:
        out["gss_code"] = f.borough
    if f.workstream is not None:
        out["workstream"] = f.workstream.value
    if f.figure.endswith("by_lot") or f.figure.endswith("workstream_lot"):
        out["lot"] = f.lot
    if f.service is not None:
        out["service"] = f.service.value
    if f.item is not None:
        out["item"] = f.item
    out["by_funding"] = split_to_json(f.split)
    return out


def funding_to_json(f: Funding) -> dict[str, JsonValue]:
    """``{"streams", "rule", "spend": [...], "fee_increases": [...], "savings": [...],
    "budget": [...], "borough": [...], "call_offs": [...], "market": [...], "send": [...],
    "market_demand": [...]}``: each entry names its figure, where it is, and ``by_funding``
    (``borough``, ``call_offs``, ``market``, ``send`` and ``market_demand`` are empty without
    those sections; ``market_demand`` rests on an assumption, as the forecast cost does)."""
    return {
        "streams": ["education", "health", "social_care"],
        "rule": f.rule,
        "spend": [_figure(x) for x in f.spend],
        "fee_increases": [_figure(x) for x in f.fee_increases],
        "savings": [_figure(x) for x in f.savings],
        "budget": [_figure(x) for x in f.budgets],
        "borough": [_figure(x) for x in f.borough],
        "call_offs": [_figure(x) for x in f.call_offs],
        "market": [_figure(x) for x in f.market],
        "send": [_figure(x) for x in f.send],
        "market_demand": [_figure(x) for x in f.market_demand],
    }


def forecast_line_json(line: ForecastLine) -> dict[str, JsonValue]:
    """One forecast line as JSON-ready values (the report's and ``slcp forecast``'s rows)."""
    return {
        "gss_code": line.borough,
        "workstream": line.workstream.value,
        "service": line.service.value,
        "funding": line.stream.value,
        "actual_pence": line.actual.pence,
        "committed_pence": line.committed.pence,
        "demand_pence": line.demand.pence,
        "forecast_pence": line.forecast.pence,
        "budget_pence": _pence(line.budget),
        "variance_pence": _pence(line.variance),
        "previous_forecast_pence": _pence(line.previous_forecast),
        "movement_pence": _pence(line.movement),
    }


def _forecast(f: OutturnForecast) -> dict[str, JsonValue]:
    return {
        "financial_year": str(f.financial_year),
        "as_of": f.as_of.isoformat(),
        "previous_as_of": None if f.previous_as_of is None else f.previous_as_of.isoformat(),
        "rows": [forecast_line_json(line) for line in f.lines],
        "total": {
            "actual_pence": f.actual.pence,
            "committed_pence": f.committed.pence,
            "demand_pence": f.demand_total.pence,
            "forecast_pence": f.total.pence,
            "previous_forecast_pence": _pence(f.previous_total),
        },
        "months": [{"month": str(k), "forecast_pence": v.pence} for k, v in f.by_month().items()],
        "budgets": [
            {
                "gss_code": b.budget.borough,
                "workstream": b.budget.workstream.value,
                "service": None if b.budget.service is None else b.budget.service.value,
                "funding": b.stream.value,
                "budget_pence": b.budget.amount.pence,
                "forecast_pence": b.forecast.pence,
                "variance_pence": b.variance.pence,
            }
            for b in f.budgets
        ],
        "method": f.method,
    }


def _reconciliation(r: InvoiceReconciliation) -> dict[str, JsonValue]:
    result = r.result
    return {
        "input": r.input_name,
        "window": {
            "first_day": result.window.start.isoformat(),
            "last_day": None if result.window.is_empty else result.window.last_day.isoformat(),
        },
        "payment_terms": {"days": result.terms.days, "source": result.terms.source.citation},
        "invoices": len(result.checks),
        "by_status": [
            {
                "status": s.status.value,
                "invoices": s.invoices,
                "invoiced_pence": s.invoiced.pence,
                "expected_pence": s.expected.pence,
            }
            for s in r.by_status
        ],
        "by_reason": [
            {"reason": x.reason.value, "count": x.count, "amount_pence": x.amount.pence}
            for x in r.by_reason
        ],
        "discrepancies": [
            {
                "reason": d.reason.value,
                "amount_pence": d.amount.pence,
                "placement_id": d.placement,
                "invoice_id": d.invoice,
                "first_day": d.period.start.isoformat(),
                "last_day": d.period.last_day.isoformat(),
                "detail": d.detail,
            }
            for d in result.discrepancies
        ],
    }


def finance_to_json(f: Finance) -> dict[str, JsonValue]:
    """``{"financial_year", "outturn_pence", "month_ends": [{"as_of", "placements",
    "forecast_pence", "outturn_pence", "error_pence"}], "forecast", "reconciliation",
    "method", "pools_as_of", "pools"}`` (``forecast`` and ``reconciliation`` ``null`` when not
    asked for; ``pools`` each pooled budget's position with its partners, possibly empty)."""
    return {
        "financial_year": str(f.financial_year),
        "outturn_pence": f.outturn.pence,
        "month_ends": [
            {
                "as_of": m.as_of.isoformat(),
                "placements": m.placements,
                "forecast_pence": m.forecast.pence,
                "outturn_pence": m.outturn.pence,
                "error_pence": m.error.pence,
            }
            for m in f.month_ends
        ],
        "forecast": None if f.forecast is None else _forecast(f.forecast),
        "reconciliation": None if f.reconciliation is None else _reconciliation(f.reconciliation),
        "method": f.method,
        "pools_as_of": None if f.pools_as_of is None else f.pools_as_of.isoformat(),
        "pools": [_pool(x) for x in f.pools],
    }


def _pool(x: PoolPosition) -> dict[str, JsonValue]:
    pool = x.pool
    return {
        "id": pool.id,
        "gss_code": pool.borough,
        "workstream": pool.workstream.value,
        "services": [s.value for s in pool.services],
        "financial_year": str(pool.financial_year),
        "amount_pence": pool.amount.pence,
        "forecast_pence": x.forecast.pence,
        "balance_pence": x.balance.pence,
        "variance_pence": x.variance.pence,
        "partners": [
            {
                "funding": s.value,
                "contribution_pence": x.contribution(s).pence,
                "forecast_pence": x.forecast_by_stream.get(s, Money(0)).pence,
                "variance_share_pence": x.variance_shares.get(s, Money(0)).pence,
            }
            for s in x.partners()
        ],
    }
