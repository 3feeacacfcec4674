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
    AvoidanceConvention,
    AvoidanceLine,
    CostAvoidance,
    FullYearLine,
    RoundAvoidance,
    compare_avoidance_conventions,
    cost_avoidance,
)
from slcp.pricing._benchmarking import (
    BaselineCost,
    BoroughPrice,
    OutOfBand,
    PriceComparison,
    RouteComparison,
    baseline_provider_costs,
    compare_provider_prices,
    compare_routes,
    find_out_of_band,
    median_pence,
    weekly_fees_on,
)
from slcp.pricing._budget import (
    Annualisation,
    BoroughBudget,
    BudgetPosition,
    FundedPlacements,
    ImpliedWeeklyCost,
    assess_budgets,
    funded_placements,
    implied_weekly_cost,
    project_budget,
)
from slcp.pricing._call_offs import CallOffActivity, CallOffLine, call_off_activity
from slcp.pricing._checks import check_pricing, fee_history_from_periods
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
from slcp.pricing._forecast import (
    ForecastAssumptions,
    ForecastYear,
    GrowthRate,
    SpendForecast,
    compound_growth_rate,
    forecast_programme_spend,
    forecast_spend,
)
from slcp.pricing._placement import PlacementYearCost, cost_in_year
from slcp.pricing._portfolio import PortfolioCost, PortfolioKey, cost_portfolio, spend_by_borough

__all__ = [
    "Annualisation",
    "AvoidanceConvention",
    "AvoidanceLine",
    "BaselineCost",
    "BoroughBudget",
    "BoroughPrice",
    "BudgetPosition",
    "CallOffActivity",
    "CallOffLine",
    "Charge",
    "CostAvoidance",
    "FeeSchedule",
    "FeeSegment",
    "ForecastAssumptions",
    "ForecastYear",
    "FullYearLine",
    "FundedPlacements",
    "GrowthRate",
    "ImpliedWeeklyCost",
    "OutOfBand",
    "PlacementCost",
    "PlacementYearCost",
    "PortfolioCost",
    "PortfolioKey",
    "PriceComparison",
    "RateDecision",
    "RateRule",
    "RoundAvoidance",
    "RouteComparison",
    "SpendForecast",
    "UpliftStep",
    "apply_uplift",
    "assess_budgets",
    "baseline_provider_costs",
    "call_off_activity",
    "charge_for_period",
    "check_pricing",
    "compare_avoidance_conventions",
    "compare_provider_prices",
    "compare_routes",
    "compound_growth_rate",
    "cost_avoidance",
    "cost_for_range",
    "cost_in_year",
    "cost_portfolio",
    "decide_rate",
    "fee_history_from_periods",
    "fee_on",
    "fee_schedule",
    "find_out_of_band",
    "forecast_programme_spend",
    "forecast_spend",
    "funded_placements",
    "implied_weekly_cost",
    "median_pence",
    "project_budget",
    "spend_by_borough",
    "uplift_date",
    "weekly_fees_on",
]
