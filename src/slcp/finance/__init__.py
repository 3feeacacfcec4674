"""Finance in the year: forecast outturn with commitments and demand, who pays (funding
streams), and invoice reconciliation.

Every figure is integer pence, computed exactly from :mod:`slcp.pricing`'s charges, rounded
once (half up) and allocated by largest remainder so that months, streams and lines add up.

May import: :mod:`slcp.pricing`, :mod:`slcp.domain` and the vocabulary modules
(:mod:`slcp.money`, :mod:`slcp.periods`, :mod:`slcp.timeline`, :mod:`slcp.findings`,
:mod:`slcp.errors`). Never :mod:`slcp.savings`, :mod:`slcp.outcomes`, :mod:`slcp.report`,
:mod:`slcp.io`, cattrs, json or click.
"""

from typing import TYPE_CHECKING

from slcp._lazy import lazy_exports

if TYPE_CHECKING:
    from slcp.finance._by_stream import avoidance_by_funding, spend_by_funding
    from slcp.finance._call_offs import split_call_offs_by_funding
    from slcp.finance._cells import (
        CellFunding,
        split_cells_by_funding,
        sum_by_funding,
        weighted_split,
    )
    from slcp.finance._forecast import (
        BudgetComparison,
        DemandAssumption,
        DemandEstimate,
        ForecastLine,
        ForecastMonth,
        OutturnForecast,
        forecast_outturn,
        lead_stream,
        previous_month_end,
        snapshot_placement,
    )
    from slcp.finance._funding import (
        FundingStream,
        funding_by_borough,
        split_by_funding,
        stream_weights,
    )
    from slcp.finance._invoices import (
        Discrepancy,
        DiscrepancyReason,
        Invoice,
        InvoiceCheck,
        InvoiceId,
        InvoiceLine,
        InvoiceStatus,
        PaymentTerms,
        Reconciliation,
        reconcile_invoices,
    )
    from slcp.finance._month_ends import MonthEndForecast, forecast_month_ends, month_ends
    from slcp.finance._pooled import (
        PoolContribution,
        PooledBudget,
        PoolPosition,
        assess_pooled_budget,
    )
    from slcp.finance._sample import SampleInvoices, sample_invoices
    from slcp.finance._sample_pools import sample_pooled_budgets


__all__ = [
    "BudgetComparison",
    "CellFunding",
    "DemandAssumption",
    "DemandEstimate",
    "Discrepancy",
    "DiscrepancyReason",
    "ForecastLine",
    "ForecastMonth",
    "FundingStream",
    "Invoice",
    "InvoiceCheck",
    "InvoiceId",
    "InvoiceLine",
    "InvoiceStatus",
    "MonthEndForecast",
    "OutturnForecast",
    "PaymentTerms",
    "PoolContribution",
    "PoolPosition",
    "PooledBudget",
    "Reconciliation",
    "SampleInvoices",
    "assess_pooled_budget",
    "avoidance_by_funding",
    "forecast_month_ends",
    "forecast_outturn",
    "funding_by_borough",
    "lead_stream",
    "month_ends",
    "previous_month_end",
    "reconcile_invoices",
    "sample_invoices",
    "sample_pooled_budgets",
    "snapshot_placement",
    "spend_by_funding",
    "split_by_funding",
    "split_call_offs_by_funding",
    "split_cells_by_funding",
    "stream_weights",
    "sum_by_funding",
    "weighted_split",
]

__getattr__, __dir__ = lazy_exports(__name__)
