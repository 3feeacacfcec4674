"""Pricing: what placements cost over any period, annual fee increases and the cost they
avoided, budgets, forecasts and price benchmarking. Every calculation returns a small frozen
result record (exact value, rounded total, breakdown, method) whose breakdowns add up
exactly.

May import: :mod:`slcp.domain`, :mod:`slcp.sample` and the vocabulary modules
(:mod:`slcp.money`, :mod:`slcp.periods`, :mod:`slcp.timeline`, :mod:`slcp.findings`,
:mod:`slcp.errors`). Never :mod:`slcp.outcomes`, :mod:`slcp.savings`, :mod:`slcp.io`,
cattrs, json or click.
"""

from slcp.pricing._avoidance import (
    AvoidanceLine,
    CostAvoidance,
    FullYearLine,
    RoundAvoidance,
    cost_avoidance,
)
from slcp.pricing._costing import Charge, PlacementCost, charge_for_period, cost_for_range
from slcp.pricing._fees import (
    FeeSchedule,
    FeeSegment,
    RateDecision,
    RateRule,
    UpliftStep,
    apply_uplift,
    decide_rate,
    fee_on,
    fee_schedule,
    uplift_date,
)
from slcp.pricing._portfolio import PortfolioCost, PortfolioKey, cost_portfolio, spend_by_borough

__all__ = [
    "AvoidanceLine",
    "Charge",
    "CostAvoidance",
    "FeeSchedule",
    "FeeSegment",
    "FullYearLine",
    "PlacementCost",
    "PortfolioCost",
    "PortfolioKey",
    "RateDecision",
    "RateRule",
    "RoundAvoidance",
    "UpliftStep",
    "apply_uplift",
    "charge_for_period",
    "cost_avoidance",
    "cost_for_range",
    "cost_portfolio",
    "decide_rate",
    "fee_on",
    "fee_schedule",
    "spend_by_borough",
    "uplift_date",
]
