"""Pricing: what placements cost over any period, annual fee increases and what they avoid,
budgets, forecasts and price benchmarking. Every function returns an explainable result
record whose breakdowns add up exactly.

May import: :mod:`slcp.domain` and the vocabulary modules. Never :mod:`slcp.outcomes`,
:mod:`slcp.io`, cattrs or json.
"""

from slcp.pricing._interim import spend_by_borough

__all__ = ["spend_by_borough"]
